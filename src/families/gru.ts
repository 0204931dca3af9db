/**
 * `gru`: one GRU layer run over T inputs, printed in the lecture's concatenated form
 * (or, with `notation: separate`, as `W_z x_t + U_z h_{t-1}`, see gruSymbols)
 *   z = σ(Wz·[h_{t-1}, x_t] + bz),  r = σ(Wr·[h_{t-1}, x_t] + br),
 *   h̃ = tanh(Wh·[r*h_{t-1}, x_t] + bh),  h_t = (1−z)*h_{t-1} + z*h̃
 * with each W an n×(n+d) matrix whose first n columns meet h_{t-1} and whose
 * last d columns meet x_t (SPEC §2: h first). Biases are optional and default
 * to absent, as in the lecture.
 *
 * ┌─ CONVENTION: the lecture's (Colah's), NOT PyTorch's ─────────────────────┐
 * │ 1. The update mixes as h_t = (1−z)*h_{t-1} + z*h̃ : z weighs the NEW      │
 * │    candidate. PyTorch (torch.nn.GRU) writes h_t = (1−z)*n + z*h_{t-1}:   │
 * │    z and 1−z swapped. A student following PyTorch gets the named mistake │
 * │    `gru-convention-swapped`.                                              │
 * │ 2. The reset gate multiplies the previous state BEFORE the product:      │
 * │    Wh·[r*h_{t-1}, x_t]. PyTorch applies it AFTER the recurrent product,  │
 * │    n = tanh(W_in x + b_in + r*(W_hn h + b_hn)); with its extra bias b_hn │
 * │    the two differ, so never check these answers against torch.           │
 * └───────────────────────────────────────────────────────────────────────────┘
 *
 * Answers per step t: pz{t} z{t} pr{t} r{t} ph{t} htilde{t} h{t}, where pz, pr
 * are exact at t = 1 and ph is numeric (r is).
 */
import type { Mat, Vec } from '../core/linalg.js';
import type { Rng } from '../core/rng.js';
import { columns, concat, oneMinus } from '../core/linalg.js';
import { matrix, vector, valueToJson } from '../core/value.js';
import { defineFamily } from './engine.js';
import { STATE_RANGE, drawVector, isZeroVector } from './draw.js';
import { readMatrix, readObject, readSequence, readVector, type RawObject } from './givens.js';
import { degenerateWeights, productStep } from './recurrence.js';
import type { Ctx } from './contract.js';
import {
  ELEMENTWISE_TEX,
  type Notation,
  notationOf,
  type GatedOptions,
  concatStep,
  drawChangingInputs,
  drawBoundedRows,
  gatedOptionsSchema,
  hadamardStep,
  preactivationViolation,
  squashStep,
  sub,
  sumStep,
  type Term,
} from './gated.js';

export interface GruGiven {
  /** n×(n+d), acting on [h_{t-1}, x_t]. */
  Wz: Mat;
  Wr: Mat;
  /** n×(n+d), acting on [r*h_{t-1}, x_t]. */
  Wh: Mat;
  bz?: Vec;
  br?: Vec;
  bh?: Vec;
  h0: Vec;
  xs: Vec[];
}

const BIASES = ['bz', 'br', 'bh'] as const;

/** The lecture writes the GRU concatenated, `W_z·[h_{t-1}, x_t]`: the default print. */
export const GRU_NOTATION: Notation = 'concatenated';

export const gruOptionsSchema = gatedOptionsSchema(false, GRU_NOTATION);

/**
 * The symbols of one print notation, written once for the question (`sym` in
 * gru.njk), the boxes and the key. Concatenated, as the lecture's slide:
 * `W_z, W_r` and `W` for the candidate (`b_h` its bias). Separate: each
 * `W_•` (n×d) meets x_t and each `U_•` (n×n) meets h_{t-1}, or `r_t * h_{t-1}`
 * for the candidate; they are the columns of the JSON's concatenated matrices
 * (SPEC §5 keeps those), `U_• = W_•[:, :n]` and `W_• = W_•[:, n:]`.
 */
export interface GruSymbols {
  notation: Notation;
  W: Record<GruBlock, string>;
  U: Record<GruBlock, string>;
  b: Record<GruBlock, string>;
}

export type GruBlock = 'z' | 'r' | 'h';

/** @example gruSymbols('concatenated').W.h // "W" */
export function gruSymbols(notation: Notation): GruSymbols {
  const concatenated = notation === 'concatenated';
  return {
    notation,
    W: { z: 'W_z', r: 'W_r', h: concatenated ? 'W' : 'W_h' },
    U: { z: 'U_z', r: 'U_r', h: 'U_h' },
    b: { z: 'b_z', r: 'b_r', h: 'b_h' },
  };
}
const SYMBOLS: Record<Notation, GruSymbols> = { separate: gruSymbols('separate'), concatenated: gruSymbols('concatenated') };

/**
 * Draws h0 and the inputs first, then Wz and Wr row by row so that the
 * first-step pre-activations pz1, pr1 lie in [-4, 4]. Wh meets r*h0, which
 * is numeric and not bound by that rule, so its rows are drawn against a zero
 * input (every row passes) and only asked to be non-zero.
 */
function drawGru(rng: Rng, o: GatedOptions): GruGiven {
  const n = o.hidden;
  const d = o.input;
  const h0 = drawVector(rng, n, STATE_RANGE);
  const xs = drawChangingInputs(rng, o.steps, d, o.inputs);
  const first = concat(h0, xs[0] as Vec);
  const blocks: [number, number][] = [[0, n + d]];
  const z = drawBoundedRows(rng, n, first, o.weights, o.bias, blocks);
  const r = drawBoundedRows(rng, n, first, o.weights, o.bias, blocks);
  const h = drawBoundedRows(
    rng,
    n,
    first.map(() => 0),
    o.weights,
    o.bias,
    blocks,
  );
  return { Wz: z.M, Wr: r.M, Wh: h.M, ...(o.bias ? { bz: z.b, br: r.b, bh: h.b } : {}), h0, xs };
}

/** Reads a hand-typed GRU given: n from h0 and d from the inputs, so a wrong-shaped W is named with the shape it needs (n×(n+d)). */
function parseGru(raw: unknown): GruGiven {
  const obj: RawObject = readObject(raw, ['Wz', 'Wr', 'Wh', ...BIASES, 'h0', 'xs']);
  const h0 = readVector(obj, 'h0');
  const n = h0.length;
  const xs = readSequence(obj, 'xs');
  const width = n + (xs[0] as Vec).length;
  const given: GruGiven = { Wz: readMatrix(obj, 'Wz', n, width), Wr: readMatrix(obj, 'Wr', n, width), Wh: readMatrix(obj, 'Wh', n, width), h0, xs };
  for (const b of BIASES) if (obj[b] !== undefined) given[b] = readVector(obj, b, n);
  return given;
}

function gruToJson(g: GruGiven): Record<string, unknown> {
  const out: Record<string, unknown> = { Wz: valueToJson(matrix(g.Wz)), Wr: valueToJson(matrix(g.Wr)), Wh: valueToJson(matrix(g.Wh)) };
  for (const b of BIASES) {
    const v = g[b];
    if (v) out[b] = valueToJson(vector(v));
  }
  return { ...out, h0: valueToJson(vector(g.h0)), xs: valueToJson(matrix(g.xs)) };
}

/**
 * `[state, x_t]` as the lecture concatenates it. Under `concat-order-swapped`
 * the student stacks `[x_t, state]` instead and multiplies the same W by it:
 * the shapes always fit (n + d either way), so the first d columns end up
 * meeting x — which is exactly the slip.
 */
function stacked(ctx: Ctx, state: Term, x: Vec, t: number): Term {
  const tex = `[${state.tex}, ${sub('x', t)}]`;
  return { tex, v: ctx.rule === 'concat-order-swapped' ? concatStep(ctx, tex, x, state.v) : concatStep(ctx, tex, state.v, x) };
}

/** Whether the pass multiplies W by the stacked `[state, x_t]` (the concatenated print, or the concatenation slip). */
const stacksInput = (symbols: GruSymbols, ctx: Ctx): boolean => symbols.notation === 'concatenated' || ctx.rule === 'concat-order-swapped';

/**
 * One block's pre-activation as printed, recorded as answer `field`, with the
 * TeX of its argument (for the σ or tanh step). Concatenated: `W·[state, x_t]`
 * as one product, then `+ b`. Separate: `W x_t`, `U state`, their sum (`+ b`).
 */
function blockPreactivation(
  ctx: Ctx,
  W: Mat,
  block: GruBlock,
  symbols: GruSymbols,
  state: Term,
  x: Vec,
  t: number,
  bias: Vec | undefined,
  field: string,
  stackedInput?: Term,
): { pre: Vec; tex: string } {
  const useBias = bias !== undefined && ctx.rule !== 'missing-bias';
  const bTex = symbols.b[block];
  const biasTex = bias !== undefined ? ` + ${bTex}` : '';
  if (stacksInput(symbols, ctx)) {
    const input = stackedInput ?? stacked(ctx, state, x, t);
    const productTex = `${symbols.W[block]} ${input.tex}`;
    const product = productStep(ctx, W, input.v, productTex, undefined, useBias ? undefined : field);
    const pre = useBias
      ? sumStep(
          ctx,
          `${productTex} + ${bTex}`,
          [
            { tex: productTex, v: product },
            { tex: bTex, v: bias },
          ],
          field,
        )
      : product;
    return { pre: ctx.vec(field, pre), tex: `${productTex}${biasTex}` };
  }
  const n = state.v.length;
  const wxTex = `${symbols.W[block]} ${sub('x', t)}`;
  // A product state (r_t * h_{t-1}) is bracketed after U, as in U_h (r_t * h_{t-1}).
  const uhTex = `${symbols.U[block]} ${state.tex.includes(ELEMENTWISE_TEX) ? `(${state.tex})` : state.tex}`;
  const wx = productStep(ctx, columns(W, n, W[0]?.length ?? n), x, wxTex);
  const uh = productStep(ctx, columns(W, 0, n), state.v, uhTex);
  const terms: Term[] = [
    { tex: wxTex, v: wx },
    { tex: uhTex, v: uh },
  ];
  if (useBias) terms.push({ tex: bTex, v: bias });
  const sumTex = `${wxTex} + ${uhTex}`;
  return { pre: ctx.vec(field, sumStep(ctx, useBias ? `${sumTex} + ${bTex}` : sumTex, terms, field)), tex: `${sumTex}${biasTex}` };
}

export const gru = defineFamily<GruGiven, GatedOptions>({
  id: 'gru',
  title: 'GRU forward pass',
  optionsSchema: gruOptionsSchema,
  mistakes: ['gru-convention-swapped', 'concat-order-swapped', 'tanh-for-sigmoid', 'sigmoid-for-tanh', 'missing-bias'],
  mistakeTargets: {
    'gru-convention-swapped': ['h'],
    'concat-order-swapped': ['pz', 'pr', 'ph'],
    'tanh-for-sigmoid': ['z', 'r'],
    'sigmoid-for-tanh': ['htilde'],
    'missing-bias': ['pz', 'pr', 'ph'],
  },
  mistakeApplies: (g, m) => (m === 'missing-bias' ? BIASES.some((b) => g[b] !== undefined && !isZeroVector(g[b] as Vec)) : true),
  // A gate typed as its pre-activation (σ or tanh left out) is a missing activation.
  activationOf: {
    z: { pre: 'pz', fn: 'σ', what: 'the update gate z' },
    r: { pre: 'pr', fn: 'σ', what: 'the reset gate r' },
    htilde: { pre: 'ph', fn: 'tanh', what: 'the candidate h̃' },
  },
  draw: drawGru,
  reject(g, answers) {
    return degenerateWeights({ Wz: g.Wz, Wr: g.Wr, Wh: g.Wh }, {}) ?? preactivationViolation(answers, ['pz1', 'pr1']);
  },
  compute(g, ctx) {
    const symbols = SYMBOLS[notationOf(ctx.options, GRU_NOTATION)];
    let h = g.h0;
    g.xs.forEach((x, index) => {
      const t = index + 1;
      const hPrev: Term = { tex: sub('h', t - 1), v: h };
      // z and r share one stacked [h_{t-1}, x_t], written once.
      const hx = stacksInput(symbols, ctx) ? stacked(ctx, hPrev, x, t) : undefined;
      const gate = (W: Mat, name: 'z' | 'r', bias: Vec | undefined): Vec => {
        const { pre, tex } = blockPreactivation(ctx, W, name, symbols, hPrev, x, t, bias, `p${name}${t}`, hx);
        return ctx.vec(`${name}${t}`, squashStep(ctx, 'sigmoid', sub(name, t), tex, pre, `${name}${t}`));
      };
      const z = gate(g.Wz, 'z', g.bz);
      const r = gate(g.Wr, 'r', g.br);
      // The reset gate acts on h_{t-1} before the product (lecture), not after it (PyTorch).
      const reset = hadamardStep(ctx, { tex: sub('r', t), v: r }, hPrev);
      const resetTerm: Term = { tex: `${sub('r', t)} ${ELEMENTWISE_TEX} ${hPrev.tex}`, v: reset };
      const ph = blockPreactivation(ctx, g.Wh, 'h', symbols, resetTerm, x, t, g.bh, `ph${t}`);
      const candidateTex = sub('\\tilde{h}', t);
      const candidate = ctx.vec(`htilde${t}`, squashStep(ctx, 'tanh', candidateTex, ph.tex, ph.pre, `htilde${t}`));
      // h_t = (1 − z) * h_{t-1} + z * h̃ (lecture); the swapped convention (PyTorch's order) is a named mistake.
      const swapped = ctx.rule === 'gru-convention-swapped';
      const zTex = sub('z', t);
      const keepTex = `(1 - ${zTex})`;
      const kept = hadamardStep(ctx, swapped ? { tex: zTex, v: z } : { tex: keepTex, v: oneMinus(z) }, hPrev);
      const added = hadamardStep(ctx, swapped ? { tex: keepTex, v: oneMinus(z) } : { tex: zTex, v: z }, { tex: candidateTex, v: candidate });
      const terms = [
        { tex: `${swapped ? zTex : keepTex} ${ELEMENTWISE_TEX} ${hPrev.tex}`, v: kept },
        { tex: `${swapped ? keepTex : zTex} ${ELEMENTWISE_TEX} ${candidateTex}`, v: added },
      ];
      h = ctx.vec(`h${t}`, sumStep(ctx, sub('h', t), terms, `h${t}`));
    });
  },
  symbols(_g, options) {
    const s = SYMBOLS[notationOf(options, GRU_NOTATION)];
    const out: Record<string, string | boolean> = { concatenated: s.notation === 'concatenated' };
    for (const block of ['z', 'r', 'h'] as const) {
      out[`W${block}`] = s.W[block];
      out[`U${block}`] = s.U[block];
      out[`b${block}`] = s.b[block];
    }
    return out;
  },
  parseGiven: parseGru,
  givenToJson: gruToJson,
  presentation: {
    // The separate print (`notation: separate`) splits each stored W_• into U_• (the first n columns,
    // which meet h_{t-1}) and W_• (the last d, which meet x_t).
    templateVars: (g) => ({
      split: Object.fromEntries(
        (['z', 'r', 'h'] as const).flatMap((block) => {
          const M = block === 'z' ? g.Wz : block === 'r' ? g.Wr : g.Wh;
          const n = g.h0.length;
          return [
            [`U${block}`, matrix(columns(M, 0, n))],
            [`W${block}`, matrix(columns(M, n, M[0]?.length ?? n))],
          ];
        }),
      ),
    }),
  },
});
