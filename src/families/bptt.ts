/**
 * `bptt`: backpropagation through time in a scalar RNN, and why gradients vanish.
 *   a_t = u h_{t-1} + w x_t,  h_t = g(a_t)                       (t = 1..T)
 *   d_t = ∂h_t/∂h_{t-1} = u · g'(a_t)                             (t = 2..T)
 *   grad = ∂h_T/∂h_1 = d_2 · d_3 ⋯ d_T                            (chain rule)
 * g' = 1 for identity, so every d_t = u and grad = u^{T-1} exactly, e.g. (1/2)^4 = 1/16:
 * with |u| < 1 the product shrinks geometrically (the lecture's vanishing gradient),
 * with |u| > 1 it grows. For tanh, g'(a) = 1 − tanh²(a) ≤ 1 shrinks it further (numeric).
 * Answers, in order: a1 h1, then a{t} h{t} d{t} for t = 2..T, then grad.
 */
import { z } from 'zod';
import { type Fraction, type Num, ONE, add, isExact, mul, q, toNumber } from '../core/num.js';
import { tanh } from '../core/activations.js';
import { type Value, scalar, valueToJson, vector } from '../core/value.js';
import { GivenError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Ctx } from './contract.js';
import { type Family, defineFamily, type FamilyDefinition } from './engine.js';
import { INPUT_RANGE, STATE_RANGE, WEIGHT_RANGE, drawEntry, drawVector, optionFields } from './draw.js';
import { readEnum, readObject, readScalar, readVector } from './givens.js';
import { type Activation, identityAskedOnce } from './recurrence.js';
import { EXACT_BOUND } from './engine.js';

/** A scalar with a subscript time index, `h_{t}`: the lecture's form for the scalar RNN, in the question and the key alike. */
const at = (symbol: string, t: number): string => `${symbol}_{${t}}`;

export interface BpttGiven {
  activation: Activation;
  u: Fraction;
  w: Fraction;
  h0: Fraction;
  xs: Fraction[];
}

export const bpttOptionsSchema = z
  .object({
    steps: optionFields.steps.min(2).default(4),
    activation: optionFields.activation.default('identity'),
    /** |u| < 1 (vanishing), |u| > 1 (exploding), or mostly vanishing with an occasional exploding one. */
    regime: z.enum(['vanishing', 'exploding', 'mixed']).default('mixed'),
    identity_once: optionFields.identity_once.default(true),
  })
  .strict();
export type BpttOptions = z.infer<typeof bpttOptionsSchema>;

/** Recurrent weights with |u| < 1; halves twice as often, since they give the cleanest powers. */
const VANISHING_U = [q(1, 2), q(-1, 2), q(1, 2), q(-1, 2), q(1, 4), q(-1, 4), q(3, 4), q(-3, 4)];
const EXPLODING_U = [q(3, 2), q(-3, 2), q(2), q(-2)];

/** |a_t| ≤ 3 under tanh: tanh'(3) ≈ 0.0099. */
const TANH_RANGE = 3;

function drawU(rng: Rng, regime: BpttOptions['regime']): Fraction {
  const exploding = regime === 'exploding' || (regime === 'mixed' && rng.int(0, 3) === 0);
  return rng.pick(exploding ? EXPLODING_U : VANISHING_U);
}

function drawBpttGiven(rng: Rng, o: BpttOptions): BpttGiven {
  return {
    activation: o.activation,
    u: drawU(rng, o.regime),
    w: drawEntry(rng, WEIGHT_RANGE),
    h0: drawEntry(rng, STATE_RANGE),
    xs: drawVector(rng, o.steps, INPUT_RANGE) as Fraction[],
  };
}

function parseBpttGiven(raw: unknown): BpttGiven {
  const obj = readObject(raw, ['activation', 'u', 'w', 'h0', 'xs']);
  const given: BpttGiven = {
    activation: readEnum(obj, 'activation', ['identity', 'tanh'] as const),
    u: readScalar(obj, 'u'),
    w: readScalar(obj, 'w'),
    h0: readScalar(obj, 'h0'),
    xs: readVector(obj, 'xs') as Fraction[],
  };
  if (given.xs.length < 2) throw new GivenError('xs', 'a list of at least 2 numbers (T ≥ 2, one input per step)', `${given.xs.length} number`);
  return given;
}

function bpttGivenToJson(g: BpttGiven): Record<string, unknown> {
  return {
    activation: g.activation,
    u: valueToJson(scalar(g.u)),
    w: valueToJson(scalar(g.w)),
    h0: valueToJson(scalar(g.h0)),
    xs: valueToJson(vector(g.xs)),
  };
}

/** Placeholder `{j}` for a factor in a product, in parentheses when negative: `(-2) \\cdot (-1)`. */
const factorTex = (j: number, v: Num): string => (toNumber(v) < 0 ? `({${j}})` : `{${j}}`);

/**
 * `∂h_T / ∂h_1` written in a line, as the question writes it: a stacked fraction
 * shrinks to an unreadable size in an answer box's label.
 */
const gradientTex = (T: number): string => `\\partial ${at('h', T)} / \\partial ${at('h', 1)}`;

/**
 * Whether a given's gradient vanishes (|∂h_T/∂h_1| < 1) or explodes: the
 * problem's title follows the regime actually drawn, not the one asked for.
 */
export function bpttRegime(answers: ReadonlyMap<string, { kind: string; v: unknown }>): 'vanishing' | 'exploding' {
  const grad = answers.get('grad');
  return grad?.kind === 'scalar' && Math.abs(toNumber(grad.v as Num)) > 1 ? 'exploding' : 'vanishing';
}

/**
 * SPEC §4 binds every exact intermediate, the terms of a_t = u·h_{t-1} + w·x_t
 * included (u·h_4 in a 5-step identity problem can reach 52): why a given breaks it, or null.
 */
function partialProductViolation(g: BpttGiven, answers: ReadonlyMap<string, Value>): string | null {
  let h: Num = g.h0;
  for (let t = 1; t <= g.xs.length; t++) {
    const terms: [string, Num][] = [
      [`u·h${t - 1}`, mul(g.u, h)],
      [`w·x${t}`, mul(g.w, g.xs[t - 1] as Fraction)],
    ];
    for (const [name, v] of terms) if (isExact(v) && Math.abs(toNumber(v)) > EXACT_BOUND) return `${name} has |${(v as Fraction).toFraction()}| > ${EXACT_BOUND}`;
    const next = answers.get(`h${t}`);
    if (next?.kind !== 'scalar') return null;
    h = next.v;
  }
  return null;
}

/**
 * The forward pass and the chain of local derivatives d_t, then their product.
 * Under `swapped-UW` w plays u's part (in a_t and in d_t); under
 * `missing-activation` g is treated as the identity (h_t = a_t and d_t = u).
 */
function bpttPass(g: BpttGiven, ctx: Ctx): void {
  const swapped = ctx.rule === 'swapped-UW';
  const recurrent: Num = swapped ? g.w : g.u;
  const input: Num = swapped ? g.u : g.w;
  const linear = g.activation === 'identity' || ctx.rule === 'missing-activation';
  const derivatives: Num[] = [];
  let h: Num = g.h0;
  g.xs.forEach((x, i) => {
    const t = i + 1;
    const aValue = add(mul(recurrent, h), mul(input, x));
    if (ctx.tracing) {
      const args = [g.u, h, g.w, x];
      const [u, hPrev, w, xT] = args.map((v, j) => factorTex(j, v));
      ctx.step({
        field: `a${t}`,
        lhs: at('a', t),
        symbolic: `u ${at('h', t - 1)} + w ${at('x', t)}`,
        template: `${u} \\cdot ${hPrev} + ${w} \\cdot ${xT}`,
        args: args.map(scalar),
        value: scalar(aValue),
      });
    }
    const a = ctx.num(`a${t}`, aValue);
    const hValue: Num = linear ? a : tanh(a);
    if (ctx.tracing) {
      const fn = g.activation === 'tanh' ? '\\tanh' : '';
      ctx.step({ field: `h${t}`, lhs: at('h', t), symbolic: fn ? `${fn}(${at('a', t)})` : at('a', t), template: fn ? `${fn}({0})` : '{0}', args: [scalar(a)], value: scalar(hValue) });
    }
    h = ctx.num(`h${t}`, hValue);
    if (t === 1) return;
    // d_t = u · g'(a_t): g' = 1 (identity, exact) or 1 − tanh²(a_t) (numeric).
    const dValue: Num = linear ? recurrent : mul(recurrent, 1 - tanh(a) ** 2);
    if (ctx.tracing) {
      const tanhForm = g.activation === 'tanh';
      ctx.step({
        field: `d${t}`,
        lhs: at('d', t),
        symbolic: tanhForm ? `u \\, (1 - \\tanh^2(${at('a', t)}))` : `u \\cdot 1`,
        template: tanhForm ? '{0} \\cdot (1 - \\tanh^2({1}))' : '{0} \\cdot 1',
        args: tanhForm ? [scalar(g.u), scalar(a)] : [scalar(g.u)],
        value: scalar(dValue),
      });
    }
    derivatives.push(ctx.num(`d${t}`, dValue));
  });
  const grad = derivatives.reduce<Num>((p, d) => mul(p, d), ONE);
  if (ctx.tracing) {
    const T = g.xs.length;
    ctx.step({
      field: 'grad',
      lhs: gradientTex(T),
      symbolic: Array.from({ length: T - 1 }, (_, i) => at('d', i + 2)).join(' \\cdot '),
      template: derivatives.map((d, i) => (i === 0 ? '{0}' : factorTex(i, d))).join(' \\cdot '),
      args: derivatives.map(scalar),
      value: scalar(grad),
    });
  }
  ctx.num('grad', grad);
}

const definition: FamilyDefinition<BpttGiven, BpttOptions> = {
  id: 'bptt',
  title: 'Backpropagation through time',
  presentation: { topicOf: (_g, answers) => `Backpropagation through time: the ${bpttRegime(answers)} gradient` },
  optionsSchema: bpttOptionsSchema,
  mistakes: ['swapped-UW', 'missing-activation'],
  mistakeTargets: { 'swapped-UW': ['a', 'd', 'grad'], 'missing-activation': ['h', 'd', 'grad'] },
  mistakeApplies: (g, m) => (m === 'missing-activation' ? g.activation === 'tanh' : true),
  // SPEC §4: powers of two up to 64 in the denominator, so (1/2)^4 = 1/16 or (3/4)^3 = 27/64 are allowed.
  friendly: () => ({ maxDenominator: 64, bound: 50 }),
  draw: drawBpttGiven,
  reject(g, answers) {
    if (g.w.n === 0n) return 'w is zero';
    const partial = partialProductViolation(g, answers);
    if (partial) return partial;
    if (g.u.n === 0n) return 'u is zero';
    // Keep tanh out of saturation, so every g'(a_t) = 1 − tanh²(a_t) ≥ 0.0099 shows at 4 decimals.
    if (g.activation === 'tanh') {
      for (let t = 1; t <= g.xs.length; t++) {
        const a = answers.get(`a${t}`);
        if (a?.kind === 'scalar' && Math.abs(toNumber(a.v)) > TANH_RANGE) return `a${t} saturates tanh`;
      }
    }
    return null;
  },
  compute: bpttPass,
  unasked: identityAskedOnce,
  // With the identity every d_t = u by nature: an off-by-one d is then simply right.
  repeatsAcrossSteps: (g) => (g.activation === 'identity' ? ['d'] : []),
  mistakeFeedback: {
    'missing-activation': "It looks like g'(a_t) was left out: ∂h_t/∂h_{t−1} = u·g'(a_t), and for tanh g'(a) = 1 − tanh²(a).",
  },
  parseGiven: parseBpttGiven,
  givenToJson: bpttGivenToJson,
};

export const bptt: Family<BpttGiven, BpttOptions> = defineFamily(definition);
