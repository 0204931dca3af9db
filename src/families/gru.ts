/**
 * `gru`: one GRU layer run over T inputs, in the lecture's concatenated form
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
import { concat, oneMinus } from '../core/linalg.js';
import { matrix, vector, valueToJson } from '../core/value.js';
import { defineFamily } from './engine.js';
import { STATE_RANGE, drawVector, isZeroVector } from './draw.js';
import { readMatrix, readObject, readSequence, readVector, type RawObject } from './givens.js';
import { degenerateWeights, productStep } from './recurrence.js';
import type { Ctx } from './contract.js';
import { type GatedOptions, concatStep, drawChangingInputs, drawBoundedRows, gatedOptionsSchema, hadamardStep, preactivationViolation, squashStep, sub, sumStep, type Term } from './gated.js';

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

export const gruOptionsSchema = gatedOptionsSchema(false);

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
  const h = drawBoundedRows(rng, n, first.map(() => 0), o.weights, o.bias, blocks);
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

/** `W·[…] (+ b)`: the product, then (with a bias) the sum; recorded as answer `field`. */
function gatePreactivation(ctx: Ctx, W: Mat, wTex: string, input: Term, bias: Vec | undefined, bTex: string, field: string): Vec {
  const productTex = `${wTex} ${input.tex}`;
  const useBias = bias !== undefined && ctx.rule !== 'missing-bias';
  const product = productStep(ctx, W, input.v, productTex, undefined, useBias ? undefined : field);
  const pre = useBias ? sumStep(ctx, `${productTex} + ${bTex}`, [{ tex: productTex, v: product }, { tex: bTex, v: bias }], field) : product;
  return ctx.vec(field, pre);
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
    let h = g.h0;
    g.xs.forEach((x, index) => {
      const t = index + 1;
      const hPrev: Term = { tex: sub('h', t - 1), v: h };
      const hx = stacked(ctx, hPrev, x, t);
      const gate = (W: Mat, name: 'z' | 'r', bias: Vec | undefined): Vec => {
        const pre = gatePreactivation(ctx, W, `W_${name}`, hx, bias, `b_${name}`, `p${name}${t}`);
        return ctx.vec(`${name}${t}`, squashStep(ctx, 'sigmoid', sub(name, t), `W_${name} ${hx.tex}${bias ? ` + b_${name}` : ''}`, pre, `${name}${t}`));
      };
      const z = gate(g.Wz, 'z', g.bz);
      const r = gate(g.Wr, 'r', g.br);
      // The reset gate acts on h_{t-1} before the product (lecture), not after it (PyTorch).
      const reset = hadamardStep(ctx, { tex: sub('r', t), v: r }, hPrev);
      const rhx = stacked(ctx, { tex: `${sub('r', t)} \\odot ${hPrev.tex}`, v: reset }, x, t);
      const ph = gatePreactivation(ctx, g.Wh, 'W_h', rhx, g.bh, 'b_h', `ph${t}`);
      const candidateTex = sub('\\tilde{h}', t);
      const candidate = ctx.vec(`htilde${t}`, squashStep(ctx, 'tanh', candidateTex, `W_h ${rhx.tex}${g.bh ? ' + b_h' : ''}`, ph, `htilde${t}`));
      // h_t = (1 − z) * h_{t-1} + z * h̃ (lecture); the swapped convention (PyTorch's order) is a named mistake.
      const swapped = ctx.rule === 'gru-convention-swapped';
      const zTex = sub('z', t);
      const keepTex = `(1 - ${zTex})`;
      const kept = hadamardStep(ctx, swapped ? { tex: zTex, v: z } : { tex: keepTex, v: oneMinus(z) }, hPrev);
      const added = hadamardStep(ctx, swapped ? { tex: keepTex, v: oneMinus(z) } : { tex: zTex, v: z }, { tex: candidateTex, v: candidate });
      const terms = [
        { tex: `${swapped ? zTex : keepTex} \\odot ${hPrev.tex}`, v: kept },
        { tex: `${swapped ? keepTex : zTex} \\odot ${candidateTex}`, v: added },
      ];
      h = ctx.vec(`h${t}`, sumStep(ctx, sub('h', t), terms, `h${t}`));
    });
  },
  parseGiven: parseGru,
  givenToJson: gruToJson,
});
