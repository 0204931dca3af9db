/**
 * What the gated families (`lstm`, `gru`) share: their options, the draw that
 * keeps first-step pre-activations inside [-4, 4] (SPEC §4) without a costly
 * reject-and-redraw of the whole problem, the σ/tanh application under the
 * named mistakes, and the worked-step records (product, sum, activation,
 * element-wise product) written with the lecture's subscript notation
 * `W_f x_{t} + U_f h_{t-1} + b_f`.
 */
import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import { type Mat, type Vec, concat, hadamard, vecSum } from '../core/linalg.js';

import { sigmoidVec, tanhVec } from '../core/activations.js';
import { type Num, ZERO, scaled, toNumber } from '../core/num.js';
import { type Value, vector } from '../core/value.js';
import { type Ctx, makeStep } from './contract.js';
import { INPUT_RANGE, STATE_RANGE, WEIGHT_RANGE, drawOneHot, drawVector, optionFields } from './draw.js';
import { readVector, type RawObject } from './givens.js';

/** SPEC §4: first-step gate pre-activations lie in [-PREACTIVATION_LIMIT, PREACTIVATION_LIMIT], so no gate saturates. */
export const PREACTIVATION_LIMIT = 4;
/** Redraws of one weight row (or one matrix) before the draw gives up and leaves the candidate to the engine's rules. */
const DRAW_TRIES = 200;

/**
 * How a gated family prints its weights: `separate` (`W_f x_t + U_f h_{t-1}`, the
 * lecture's LSTM practice) or `concatenated` (`W_f·[h_{t-1}, x_t]`, the lecture's
 * LSTM and GRU slides). The question, the answer boxes and the key's steps all
 * follow it; the values never do.
 */
export type Notation = 'separate' | 'concatenated';

/**
 * The notation a problem prints in: its option when set, else the family's
 * default (the lecture's form). Options may be raw (a hand-typed problem).
 * @example notationOf({ notation: 'concatenated' }, 'separate') // 'concatenated'
 */
export function notationOf(options: Readonly<Record<string, unknown>>, fallback: Notation): Notation {
  return options.notation === 'separate' || options.notation === 'concatenated' ? options.notation : fallback;
}

/**
 * The element-wise product as the lecture writes it (`f_t * C_{t-1}`), in the
 * question and in every worked step alike.
 */
export const ELEMENTWISE_TEX = '*';

/** `M` with `R`'s columns appended: `[U | W]`, the matrix that multiplies `[h, x]`. */
export function joinColumns(left: Mat, right: Mat): Mat {
  return left.map((row, i) => [...row, ...(right[i] as Vec)]);
}

/**
 * Options of both gated families. `notation` only changes print (`W_f x + U_f h`
 * or `W_f·[h, x]`); the JSON always carries the family's own matrices.
 * Steps default to 1, as in the lecture's LSTM practice: one gated step is
 * already ten answers by hand.
 */
export function gatedOptionsSchema(biasDefault: boolean, notationDefault: Notation) {
  return z
    .object({
      hidden: optionFields.hidden.default(2),
      input: optionFields.input.default(2),
      steps: optionFields.steps.default(1),
      bias: optionFields.bias.default(biasDefault),
      weights: optionFields.weights.default('integers'),
      inputs: optionFields.inputs.default('one-hot'),
      notation: optionFields.notation.default(notationDefault),
    })
    .strict();
}
export type GatedOptions = z.infer<ReturnType<typeof gatedOptionsSchema>>;

/**
 * T inputs where each differs from the one before (when d > 1 allows it): a
 * repeated input makes neighbouring steps' gates nearly equal, which the
 * off-by-one rule rejects, and a repeated word teaches nothing new.
 * @example drawChangingInputs(rng, 3, 2, 'one-hot') // e.g. [[1,0],[0,1],[1,0]]
 */
export function drawChangingInputs(rng: Rng, steps: number, d: number, mode: GatedOptions['inputs']): Vec[] {
  const xs: Vec[] = [];
  for (let t = 0; t < steps; t++) {
    let x: Vec = [];
    for (let k = 0; k < DRAW_TRIES; k++) {
      x = mode === 'one-hot' ? drawOneHot(rng, d) : drawVector(rng, d, INPUT_RANGE);
      const prev = xs[t - 1];
      if (d === 1 || !prev || x.some((v, j) => toNumber(v) !== toNumber(prev[j] as Num))) break;
    }
    xs.push(x);
  }
  return xs;
}

/** A gate's rows drawn against the first step's input: `M` (rows × input length) and its bias. */
export interface BoundedRows {
  M: Mat;
  b: Vec;
}

/**
 * Draws an n-row weight matrix and bias for a gate whose first-step input is
 * `input`, each row redrawn until `|row · input + b| ≤ 4` (SPEC §4). This is
 * what keeps the rejection rate of whole problems low: with 4 gates × n rows,
 * drawing blindly and rejecting would discard almost every candidate.
 * `blocks` are column ranges (the W and U parts of an LSTM gate, or the whole
 * GRU matrix) that must not come out all zero; with `bias`, the bias is
 * non-zero too, so the missing-bias mistake shows in every pre-activation.
 * Plain doubles are exact here: the entries are integers and halves.
 * @example drawBoundedRows(rng, 2, [q(1), q(0), q(2), q(-1)], 'integers', true, [[0, 2], [2, 4]])
 */
export function drawBoundedRows(rng: Rng, n: number, input: Vec, mode: GatedOptions['weights'], bias: boolean, blocks: readonly [number, number][]): BoundedRows {
  const xs = input.map(toNumber);
  // Candidate rows are drawn as doubles (integers or halves, exact) and only the kept ones become fractions.
  const scale = mode === 'halves' ? 2 : 1;
  const entry = (): number => rng.int(-scale * WEIGHT_RANGE, scale * WEIGHT_RANGE) / scale;
  let rows: number[][] = [];
  let biases: number[] = [];
  for (let attempt = 0; attempt < DRAW_TRIES; attempt++) {
    rows = [];
    biases = [];
    for (let r = 0; r < n; r++) {
      let row: number[] = [];
      let b = 0;
      for (let k = 0; k < DRAW_TRIES; k++) {
        row = xs.map(entry);
        b = bias ? entry() : 0;
        let s = b;
        for (let j = 0; j < xs.length; j++) s += (row[j] as number) * (xs[j] as number);
        if (Math.abs(s) <= PREACTIVATION_LIMIT) break;
      }
      rows.push(row);
      biases.push(b);
    }
    const zeroBlock = blocks.some(([from, to]) => rows.every((row) => row.slice(from, to).every((w) => w === 0)));
    if (!zeroBlock && !(bias && biases.every((b) => b === 0))) break;
  }
  const exact = (w: number): Num => scaled(w * scale, scale);
  return { M: rows.map((row) => row.map(exact)), b: biases.map(exact) };
}

/**
 * h0, unlike the input x_1 when n = d: with h0 = x_1 the U/W swap gives the
 * right pre-activations, and the problem would be redrawn.
 */
export function drawInitialState(rng: Rng, n: number, x1: Vec): Vec {
  let h0: Vec = [];
  for (let k = 0; k < DRAW_TRIES; k++) {
    h0 = drawVector(rng, n, STATE_RANGE);
    if (h0.length !== x1.length || h0.some((v, j) => toNumber(v) !== toNumber(x1[j] as Num))) break;
  }
  return h0;
}

/** Why a first-step pre-activation leaves [-4, 4], or null. */
export function preactivationViolation(answers: ReadonlyMap<string, Value>, names: readonly string[]): string | null {
  for (const name of names) {
    const v = answers.get(name);
    if (v?.kind === 'vector' && v.v.some((x) => Math.abs(toNumber(x)) > PREACTIVATION_LIMIT)) return `${name} leaves [-${PREACTIVATION_LIMIT}, ${PREACTIVATION_LIMIT}]`;
  }
  return null;
}

export type Squash = 'sigmoid' | 'tanh';
export const SQUASH_TEX: Record<Squash, string> = { sigmoid: '\\sigma', tanh: '\\tanh' };

/**
 * Applies σ or tanh as the rule in force says: `tanh-for-sigmoid` puts tanh
 * where a gate's σ belongs, `sigmoid-for-tanh` puts σ where tanh belongs, and
 * `missing-activation` (offered by LSTM only) skips the tanh's.
 */
export function squash(ctx: Ctx, kind: Squash, v: Vec): Vec {
  if (kind === 'sigmoid') return ctx.rule === 'tanh-for-sigmoid' ? tanhVec(v) : sigmoidVec(v);
  if (ctx.rule === 'missing-activation') return v;
  return ctx.rule === 'sigmoid-for-tanh' ? sigmoidVec(v) : tanhVec(v);
}

/** `h_{0}`, `\tilde{C}_{2}`: the lecture's subscript time index. */
export const sub = (symbol: string, t: number): string => `${symbol}_{${t}}`;

/** One term of a recorded sum: its TeX and its value. */
export interface Term {
  tex: string;
  v: Vec;
}

/** Records one worked step (one object shape for all, see makeStep). */
function record(ctx: Ctx, field: string | undefined, lhs: string, symbolic: string | undefined, template: string, args: Value[], value: Vec): void {
  ctx.step(makeStep(field, lhs, symbolic, template, args, vector(value)));
}

/** Records `lhs = [a, b]`, the lecture's concatenation, and returns it. */
export function concatStep(ctx: Ctx, lhs: string, a: Vec, b: Vec): Vec {
  const value = concat(a, b);
  if (ctx.tracing) record(ctx, undefined, lhs, undefined, '[{0}, {1}]', [vector(a), vector(b)], value);
  return value;
}

/** Records `lhs = t1 + t2 + …` (the sum of the products, then the bias) and returns the sum. */
export function sumStep(ctx: Ctx, lhs: string, terms: readonly Term[], field?: string): Vec {
  const total = vecSum(terms.map((term) => term.v));
  if (ctx.tracing) {
    const symbolic = terms.map((term) => term.tex).join(' + ');
    record(
      ctx,
      field,
      lhs,
      symbolic,
      terms.map((_, i) => `{${i}}`).join(' + '),
      terms.map((term) => vector(term.v)),
      total,
    );
  }
  return total;
}

/** Records `lhs = fn(argTex)` for σ or tanh as written (the value follows the rule in force) and returns the value. */
export function squashStep(ctx: Ctx, kind: Squash, lhs: string, argTex: string, pre: Vec, field?: string): Vec {
  const value = squash(ctx, kind, pre);
  if (ctx.tracing) {
    const fn = SQUASH_TEX[kind];
    record(ctx, field, lhs, `${fn}(${argTex})`, `${fn}({0})`, [vector(pre)], value);
  }
  return value;
}

/** Records the element-wise product `a * b` (the lecture's `*`), as `lhs = a * b` when it has a name, and returns it. */
export function hadamardStep(ctx: Ctx, a: Term, b: Term, field?: string, lhs?: string): Vec {
  const value = hadamard(a.v, b.v);
  if (ctx.tracing) {
    const product = `${a.tex} ${ELEMENTWISE_TEX} ${b.tex}`;
    record(ctx, field, lhs ?? product, lhs ? product : undefined, `{0} ${ELEMENTWISE_TEX} {1}`, [vector(a.v), vector(b.v)], value);
  }
  return value;
}

/** A bias that may be left out of a hand-typed given: absent means a zero vector of length n. */
export function readBiasOrZero(obj: RawObject, field: string, n: number): Vec {
  return obj[field] === undefined ? Array.from({ length: n }, () => ZERO) : readVector(obj, field, n);
}
