/**
 * `lstm`: one LSTM layer run over T inputs, in the lecture's separate notation
 *   f = σ(Wf x + Uf h + bf),  i = σ(Wi x + Ui h + bi),  o = σ(Wo x + Uo h + bo),
 *   c̃ = tanh(Wc x + Uc h + bc),  c = f*c_prev + i*c̃,  h = o*tanh(c)
 * (`*` element-wise). The concatenated print `W·[h, x] + b` is the same
 * computation with `W = [U | W]`; the `notation` option only changes print
 * (question, boxes and worked steps alike; see lstmSymbols).
 * Answers per step t, in the lecture's order (gates, candidate, cell, h):
 *   pf{t} f{t} pi{t} i{t} po{t} o{t} pc{t} ctilde{t} c{t} h{t}
 * where p•{t} are the pre-activations (exact at t = 1, numeric after, since h
 * is numeric from the first σ on).
 * Biases are always part of the given: with `bias: false` they are zero
 * vectors, written as zeros in the JSON (the lecture's practice writes
 * `b_f = [0 0]ᵀ`); a hand-typed given may leave a bias out, meaning zero.
 */
import type { Mat, Vec } from '../core/linalg.js';
import type { Rng } from '../core/rng.js';
import { columns, concat } from '../core/linalg.js';
import { matrix, vector, valueToJson } from '../core/value.js';
import { defineFamily } from './engine.js';
import { STATE_RANGE, drawVector, isZeroVector } from './draw.js';
import { readMatrix, readObject, readSequence, readVector } from './givens.js';
import { degenerateWeights, productStep } from './recurrence.js';
import type { Ctx } from './contract.js';
import {
  ELEMENTWISE_TEX,
  type Notation,
  concatStep,
  joinColumns,
  notationOf,
  type GatedOptions,
  drawChangingInputs,
  drawInitialState,
  type Squash,
  drawBoundedRows,
  gatedOptionsSchema,
  hadamardStep,
  preactivationViolation,
  readBiasOrZero,
  squashStep,
  sub,
  sumStep,
} from './gated.js';

/** The four blocks, in the lecture's order: forget, input, output gates, then the candidate. */
export const LSTM_GATES = ['f', 'i', 'o', 'c'] as const;
export type LstmGate = (typeof LSTM_GATES)[number];

export interface GateWeights {
  /** n×d, meets the input x_t. */
  W: Mat;
  /** n×n, meets the previous state h_{t-1}. */
  U: Mat;
  /** length n (zeros when the problem has no bias). */
  b: Vec;
}

export interface LstmGiven {
  gates: Record<LstmGate, GateWeights>;
  h0: Vec;
  c0: Vec;
  xs: Vec[];
}

/** Answer name of each block's activation and its squashing function. */
const GATE_OUTPUT: Record<LstmGate, { field: string; tex: string; squash: Squash }> = {
  f: { field: 'f', tex: 'f', squash: 'sigmoid' },
  i: { field: 'i', tex: 'i', squash: 'sigmoid' },
  o: { field: 'o', tex: 'o', squash: 'sigmoid' },
  c: { field: 'ctilde', tex: '\\tilde{C}', squash: 'tanh' },
};

/** The lecture's LSTM practice writes `W_f x_t + U_f h_{t-1} + b_f`: the default print. */
export const LSTM_NOTATION: Notation = 'separate';

export const lstmOptionsSchema = gatedOptionsSchema(true, LSTM_NOTATION);

/**
 * Draws h0, c0 and the inputs first, then each gate's rows so that its
 * first-step pre-activation lies in [-4, 4]: the rows act on `[x_1, h_0]`
 * (W columns first, then U columns).
 */
function drawLstm(rng: Rng, o: GatedOptions): LstmGiven {
  const n = o.hidden;
  const d = o.input;
  const xs = drawChangingInputs(rng, o.steps, d, o.inputs);
  const h0 = drawInitialState(rng, n, xs[0] as Vec);
  const c0 = drawVector(rng, n, STATE_RANGE);
  const first = concat(xs[0] as Vec, h0);
  const gate = (): GateWeights => {
    const { M, b } = drawBoundedRows(rng, n, first, o.weights, o.bias, [
      [0, d],
      [d, d + n],
    ]);
    return { W: columns(M, 0, d), U: columns(M, d, d + n), b };
  };
  return { gates: { f: gate(), i: gate(), o: gate(), c: gate() }, h0, c0, xs };
}

/** Reads a hand-typed LSTM given: n from h0, d from the inputs; every matrix is checked against them. */
function parseLstm(raw: unknown): LstmGiven {
  const names = LSTM_GATES.flatMap((g) => [`W${g}`, `U${g}`, `b${g}`]);
  const obj = readObject(raw, [...names, 'h0', 'c0', 'xs']);
  const h0 = readVector(obj, 'h0');
  const n = h0.length;
  const xs = readSequence(obj, 'xs');
  const d = (xs[0] as Vec).length;
  const gate = (g: LstmGate): GateWeights => ({ W: readMatrix(obj, `W${g}`, n, d), U: readMatrix(obj, `U${g}`, n, n), b: readBiasOrZero(obj, `b${g}`, n) });
  return { gates: { f: gate('f'), i: gate('i'), o: gate('o'), c: gate('c') }, h0, c0: readVector(obj, 'c0', n), xs };
}

function lstmToJson(g: LstmGiven): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of LSTM_GATES) {
    const w = g.gates[name];
    out[`W${name}`] = valueToJson(matrix(w.W));
    out[`U${name}`] = valueToJson(matrix(w.U));
    out[`b${name}`] = valueToJson(vector(w.b));
  }
  return { ...out, h0: valueToJson(vector(g.h0)), c0: valueToJson(vector(g.c0)), xs: valueToJson(matrix(g.xs)) };
}

/**
 * The symbols of one print notation, written once: the question (`sym` in
 * lstm.njk), the answer boxes and the key's steps all read them. The lecture
 * writes the candidate's block `W_C, b_C` on its concatenated slide and
 * `W_c, U_c, b_c` in its separate practice; each notation keeps its own slide's
 * letters throughout.
 */
export interface LstmSymbols {
  notation: Notation;
  /** Bias terms are printed (the option asks for them, or a typed bias is non-zero). */
  bias: boolean;
  W: Record<LstmGate, string>;
  U: Record<LstmGate, string>;
  b: Record<LstmGate, string>;
}

const symbolsCache = new Map<string, LstmSymbols>();

/** @example lstmSymbols('concatenated', true).b.c // "b_C" */
export function lstmSymbols(notation: Notation, bias: boolean): LstmSymbols {
  const key = `${notation}/${bias}`;
  let symbols = symbolsCache.get(key);
  if (!symbols) {
    const letter = (gate: LstmGate): string => (gate === 'c' && notation === 'concatenated' ? 'C' : gate);
    const per = (prefix: string) => Object.fromEntries(LSTM_GATES.map((g) => [g, `${prefix}_${letter(g)}`])) as Record<LstmGate, string>;
    symbols = { notation, bias, W: per('W'), U: per('U'), b: per('b') };
    symbolsCache.set(key, symbols);
  }
  return symbols;
}

/** Whether the print shows biases: asked for, or a given bias is non-zero (a typed problem). */
function showsBias(g: LstmGiven, options: Readonly<Record<string, unknown>>): boolean {
  return options.bias === true || LSTM_GATES.some((gate) => !isZeroVector(g.gates[gate].b));
}

function symbolsOf(g: LstmGiven, options: Readonly<Record<string, unknown>>): LstmSymbols {
  return lstmSymbols(notationOf(options, LSTM_NOTATION), showsBias(g, options));
}

/** TeX and answer names of one block at step t. */
interface BlockNames {
  /** Separate: `W_f x_{t}`, `U_f h_{t-1}`; concatenated: the one product `W_f [h_{t-1}, x_{t}]` (in `wx`). */
  wx: string;
  uh: string;
  b: string;
  /** The pre-activation as printed (`W_f x_{t} + U_f h_{t-1} + b_f`), and the same without the bias (the missing-bias rule). */
  sum: string;
  sumWithoutBias: string;
  /** Answer names of the pre-activation and the activation, e.g. `pf1`, `f1`, and the activation's TeX. */
  preField: string;
  field: string;
  tex: string;
}

/** Everything step t writes, as strings: built once per t and notation, not on every solve (a solve asks for them ~60 times per step). */
interface StepNames {
  blocks: Record<LstmGate, BlockNames>;
  /** `[h_{t-1}, x_{t}]` (concatenated print). */
  stacked: string;
  f: string;
  i: string;
  o: string;
  h: string;
  ctilde: string;
  cPrev: string;
  c: string;
  tanhC: string;
  kept: string;
  added: string;
  cField: string;
  hField: string;
}

const stepNamesCache = new Map<string, StepNames>();

function namesAt(t: number, symbols: LstmSymbols): StepNames {
  const key = `${symbols.notation}/${symbols.bias}/${t}`;
  let names = stepNamesCache.get(key);
  if (names) return names;
  const stackedTex = `[${sub('h', t - 1)}, ${sub('x', t)}]`;
  const block = (gate: LstmGate): BlockNames => {
    const concatenated = symbols.notation === 'concatenated';
    const wx = concatenated ? `${symbols.W[gate]} ${stackedTex}` : `${symbols.W[gate]} ${sub('x', t)}`;
    const uh = `${symbols.U[gate]} ${sub('h', t - 1)}`;
    const b = symbols.b[gate];
    const sumWithoutBias = concatenated ? wx : `${wx} + ${uh}`;
    const out = GATE_OUTPUT[gate];
    return { wx, uh, b, sum: symbols.bias ? `${sumWithoutBias} + ${b}` : sumWithoutBias, sumWithoutBias, preField: `p${gate}${t}`, field: `${out.field}${t}`, tex: sub(out.tex, t) };
  };
  const [f, i, ctilde, cPrev, c] = [sub('f', t), sub('i', t), sub('\\tilde{C}', t), sub('C', t - 1), sub('C', t)];
  names = {
    blocks: { f: block('f'), i: block('i'), o: block('o'), c: block('c') },
    stacked: stackedTex,
    f,
    i,
    o: sub('o', t),
    h: sub('h', t),
    ctilde,
    cPrev,
    c,
    tanhC: `\\tanh(${c})`,
    kept: `${f} ${ELEMENTWISE_TEX} ${cPrev}`,
    added: `${i} ${ELEMENTWISE_TEX} ${ctilde}`,
    cField: `c${t}`,
    hField: `h${t}`,
  };
  stepNamesCache.set(key, names);
  return names;
}

/**
 * One block's pre-activation `W x_t + U h_{t-1} + b`, recorded as the lecture
 * works it: each product, then their sum. `swapped-UW` lets W meet h and U meet
 * x (a ShapeError unless n = d); `missing-bias` drops b. The bias term is
 * recorded only when the print shows biases (a zero bias adds nothing).
 */
function preactivation(ctx: Ctx, w: GateWeights, names: BlockNames, showBias: boolean, x: Vec, hPrev: Vec): Vec {
  const swapped = ctx.rule === 'swapped-UW';
  const withBias = showBias && ctx.rule !== 'missing-bias';
  const wx = productStep(ctx, w.W, swapped ? hPrev : x, names.wx);
  const uh = productStep(ctx, w.U, swapped ? x : hPrev, names.uh);
  const terms = [
    { tex: names.wx, v: wx },
    { tex: names.uh, v: uh },
  ];
  if (withBias) terms.push({ tex: names.b, v: w.b });
  // An unprinted bias is zero (see showsBias): leaving it out changes no value.
  return ctx.vec(names.preField, sumStep(ctx, withBias ? names.sum : names.sumWithoutBias, terms, names.preField));
}

/**
 * The concatenated print of the same pre-activation: `W_f [h_{t-1}, x_t]` as one
 * n×(n+d) product (the exam's own matrix `[U | W]`), then `+ b_f`.
 */
function stackedPreactivation(ctx: Ctx, joined: Mat, w: GateWeights, names: BlockNames, showBias: boolean, hx: Vec): Vec {
  const withBias = showBias && ctx.rule !== 'missing-bias';
  const product = productStep(ctx, joined, hx, names.wx, undefined, withBias ? undefined : names.preField);
  const value = withBias
    ? sumStep(
        ctx,
        names.sum,
        [
          { tex: names.wx, v: product },
          { tex: names.b, v: w.b },
        ],
        names.preField,
      )
    : product;
  return ctx.vec(names.preField, value);
}

export const lstm = defineFamily<LstmGiven, GatedOptions>({
  id: 'lstm',
  title: 'LSTM forward pass',
  optionsSchema: lstmOptionsSchema,
  mistakes: ['tanh-for-sigmoid', 'sigmoid-for-tanh', 'missing-bias', 'swapped-UW', 'missing-activation'],
  mistakeTargets: {
    'tanh-for-sigmoid': ['f', 'i', 'o'],
    'sigmoid-for-tanh': ['ctilde', 'h'],
    'missing-bias': ['pf', 'pi', 'po', 'pc'],
    'swapped-UW': ['pf', 'pi', 'po', 'pc'],
    'missing-activation': ['ctilde', 'h'],
  },
  mistakeApplies(g, m) {
    // Swapping U (n×n) and W (n×d) only type-checks when d = n.
    if (m === 'swapped-UW') return g.h0.length === (g.xs[0] as Vec).length;
    return m === 'missing-bias' ? LSTM_GATES.some((gate) => !isZeroVector(g.gates[gate].b)) : true;
  },
  // A gate typed as its pre-activation (σ left out, f = [2, 24] in the lecture's practice) is a missing activation too.
  activationOf: {
    f: { pre: 'pf', fn: 'σ', what: 'the forget gate f' },
    i: { pre: 'pi', fn: 'σ', what: 'the input gate i' },
    o: { pre: 'po', fn: 'σ', what: 'the output gate o' },
    ctilde: { pre: 'pc', fn: 'tanh', what: 'the candidate C̃' },
  },
  draw: drawLstm,
  reject(g, answers) {
    const weights: Record<string, Mat> = {};
    for (const gate of LSTM_GATES) {
      weights[`W${gate}`] = g.gates[gate].W;
      weights[`U${gate}`] = g.gates[gate].U;
    }
    return degenerateWeights(weights, {}) ?? preactivationViolation(answers, ['pf1', 'pi1', 'po1', 'pc1']);
  },
  compute(g, ctx) {
    const symbols = symbolsOf(g, ctx.options);
    // The concatenated print multiplies [U | W] by [h, x]; a swapped U/W (grading only) keeps the separate products.
    const concatenated = symbols.notation === 'concatenated' && ctx.rule !== 'swapped-UW';
    const joined = concatenated ? (Object.fromEntries(LSTM_GATES.map((gate) => [gate, joinColumns(g.gates[gate].U, g.gates[gate].W)])) as Record<LstmGate, Mat>) : undefined;
    let h = g.h0;
    let c = g.c0;
    g.xs.forEach((x, index) => {
      const n = namesAt(index + 1, symbols);
      const hx = joined ? concatStep(ctx, n.stacked, h, x) : undefined;
      const act = {} as Record<LstmGate, Vec>;
      for (const gate of LSTM_GATES) {
        const names = n.blocks[gate];
        const pre = joined && hx ? stackedPreactivation(ctx, joined[gate], g.gates[gate], names, symbols.bias, hx) : preactivation(ctx, g.gates[gate], names, symbols.bias, x, h);
        // The activation is written with the whole sum, bias included, whatever the rule in force.
        act[gate] = ctx.vec(names.field, squashStep(ctx, GATE_OUTPUT[gate].squash, names.tex, names.sum, pre, names.field));
      }
      // C_t = f_t * C_{t-1} + i_t * C̃_t
      const kept = hadamardStep(ctx, { tex: n.f, v: act.f }, { tex: n.cPrev, v: c });
      const added = hadamardStep(ctx, { tex: n.i, v: act.i }, { tex: n.ctilde, v: act.c });
      c = ctx.vec(
        n.cField,
        sumStep(
          ctx,
          n.c,
          [
            { tex: n.kept, v: kept },
            { tex: n.added, v: added },
          ],
          n.cField,
        ),
      );
      // h_t = o_t * tanh(C_t)
      const squashed = squashStep(ctx, 'tanh', n.tanhC, n.c, c);
      h = ctx.vec(n.hField, hadamardStep(ctx, { tex: n.o, v: act.o }, { tex: n.tanhC, v: squashed }, n.hField, n.h));
    });
  },
  symbols(g, options) {
    const s = symbolsOf(g, options);
    const out: Record<string, string | boolean> = { bias: s.bias, concatenated: s.notation === 'concatenated' };
    for (const gate of LSTM_GATES) {
      out[`W${gate}`] = s.W[gate];
      out[`U${gate}`] = s.U[gate];
      out[`b${gate}`] = s.b[gate];
    }
    return out;
  },
  parseGiven: parseLstm,
  givenToJson: lstmToJson,
  presentation: {
    // The concatenated print (`notation: concatenated`) shows each block's `[U | W]`, which multiplies `[h, x]`, h first.
    templateVars: (g) => ({ concat: Object.fromEntries(LSTM_GATES.map((gate) => [gate, matrix(g.gates[gate].U.map((row, i) => [...row, ...(g.gates[gate].W[i] ?? [])]))])) }),
  },
});
