/**
 * Every named mistake of every family against values worked out independently:
 * the plain references in ./reference (no imports from src/) run under the
 * mistake, and hand-worked values on the lecture's own problems. The grader
 * must name the mistake when a student types the reference's value, so a
 * mistaken rule in a family (or in the grader) fails here instead of agreeing
 * with itself.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/fixture.js';
import { listFamilies, getFamily, type AnyFamily } from '../../src/families/registry.js';
import { generateProblemSet, problemToJson, solvedProblem, type Problem } from '../../src/problems.js';
import { valueToJson } from '../../src/core/value.js';
import { gradeProblem } from '../../src/grading/index.js';
import { richOptions, samples } from '../grading/helpers.js';
import { CLASSWORK_GIVEN, GRU_HAND_GIVEN, LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

type RefValue = number | number[] | string;
type Reference = (given: Record<string, unknown>, mistake?: string) => Record<string, RefValue>;

/** A number, "p/q" or a nested list of them, as plain doubles (the manifest's JSON form). */
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flat(2) : [v]).map((c) => (typeof c === 'number' ? c : Number(String(c).split('/')[0]) / Number(String(c).split('/')[1] ?? 1)));
const asList = (v: RefValue): number[] => (typeof v === 'number' ? [v] : (v as number[]));
/** Largest componentwise gap between two reference values (labels: 0 when equal, ∞ otherwise). */
function gap(a: RefValue, b: RefValue): number {
  if (typeof a === 'string' || typeof b === 'string') return a === b ? 0 : Infinity;
  const xs = asList(a);
  const ys = asList(b);
  return xs.length !== ys.length ? Infinity : Math.max(...xs.map((x, i) => Math.abs(x - ys[i]!)));
}
/** The value as a student types it: String() of a double is exact for the dyadic fractions the families use. */
const typed = (v: RefValue): string => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : `[${v.join(', ')}]`);
const quantityOf = (name: string): { quantity: string; t?: number } => {
  const m = /^(.*?)(\d+)$/.exec(name);
  return m ? { quantity: m[1]!, t: Number(m[2]) } : { quantity: name };
};
/** Reference under a mistake, or null when the mistake's shapes cannot fit (swapped U, W with n ≠ d). */
function referenceOrNull(reference: Reference, given: Record<string, unknown>, mistake?: string): Record<string, RefValue> | null {
  try {
    return reference(given, mistake);
  } catch (e) {
    if (/cannot multiply/.test(String(e))) return null;
    throw e;
  }
}

/** Whether the problem asks for `name` (an identity RNN keys a_t but does not ask it when it equals h_t). */
const asked = (p: Problem, name: string): boolean => p.fields.some((f) => f.name === name);

/** Values that differ by less than this are one value to a student (the grader's default tolerance is ~0.01). */
const SAME = 1e-6;
const APART = 0.05;

/**
 * Fixed givens, written here rather than generated: generation itself rejects
 * problems whose mistakes do not show, so a broken mistake rule would shift the
 * generated samples to ones where it cannot be seen. These keep a non-zero bias,
 * tanh, and square U and W (n = d = 2, so swapping them type-checks).
 */
const SQUARE_RNN = {
  activation: 'tanh',
  U: [
    [1, -1],
    [0, 2],
  ],
  W: [
    [2, 0],
    [1, 1],
  ],
  V: [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  b: [1, -1],
  h0: [1, 0],
  xs: [
    [1, 0],
    [0, 1],
  ],
  labels: ['A', 'B', 'C'],
};
const FIXED: Record<string, object[]> = {
  'rnn-forward': [CLASSWORK_GIVEN, SQUARE_RNN],
  'rnn-classify': [SQUARE_RNN],
  'birnn-forward': [
    {
      activation: 'tanh',
      Uf: [
        [1, -1],
        [0, 2],
      ],
      Wf: [
        [2, 0],
        [1, 1],
      ],
      Ub: [
        [0, 1],
        [1, 0],
      ],
      Wb: [
        [1, 0],
        [-1, 2],
      ],
      Vf: [
        [1, 0],
        [0, 1],
      ],
      Vb: [
        [1, 1],
        [0, -1],
      ],
      bf: [1, -1],
      bb: [0, 2],
      hf0: [1, 0],
      hb3: [0, 1],
      xs: [
        [1, 0],
        [0, 1],
      ],
      labels: ['A', 'B'],
    },
  ],
  lstm: [LSTM_PRACTICE_GIVEN],
  gru: [
    {
      Wz: [
        [1, 0, 1, 0],
        [0, 1, 0, -1],
      ],
      Wr: [
        [0, 1, 1, 0],
        [1, 1, 0, 1],
      ],
      Wh: [
        [1, 0, 0, 1],
        [0, 1, 1, 0],
      ],
      bz: [1, 0],
      br: [0, -1],
      bh: [1, 1],
      h0: [1, -1],
      xs: [
        [2, 0],
        [0, 1],
      ],
    },
  ],
  bptt: [
    { activation: 'tanh', u: 2, w: -1, h0: 1, xs: [1, 0, 2] },
    { activation: 'identity', u: '1/2', w: 3, h0: 0, xs: [1, 1, -1] },
  ],
  'param-count': [{ cell: 'lstm', d: 3, n: 4, k: 2, bidirectional: true, bias: true }],
};
const fixed = (family: AnyFamily): Problem[] => (FIXED[family.id] ?? []).map((g, i) => solvedProblem(family, `fixed-${i}`, {}, family.parseGiven(g)));

/** Square problems (as many hidden units as inputs), where swapping U and W still type-checks; [] when the family has no such sizes. */
function squareSamples(family: AnyFamily): Problem[] {
  const options = { ...richOptions(family), hidden: 2, input: 2 };
  try {
    family.parseOptions(options);
  } catch {
    return [];
  }
  return ['1', '2', '3'].map((seed) => generateProblemSet(family.id, `square-${seed}`, 1, options).problems[0]!);
}

async function loadReference(family: AnyFamily): Promise<Reference> {
  const path = new URL(`./reference/${family.id}.ts`, import.meta.url);
  // A family without an independent reference fails here rather than passing vacuously.
  if (!existsSync(path)) throw new Error(`no independent reference for family ${family.id} in test/families/reference/`);
  return ((await import(path.href)) as { reference: Reference }).reference;
}

for (const family of listFamilies()) {
  describe(`named mistakes of ${family.id}`, async () => {
    const reference = await loadReference(family);
    const problems = fixture(() => [...fixed(family), ...samples(family), ...squareSamples(family)]);
    const given = (p: Problem): Record<string, unknown> => problemToJson(p).given as Record<string, unknown>;

    it.each(family.mistakes.map((m) => [m]))('%s: the family computes what the plain reference computes under it', (mistake) => {
      let compared = 0;
      for (const p of problems()) {
        const want = referenceOrNull(reference, given(p), mistake);
        const got = family.recompute(p.given, new Map(), mistake);
        expect(got === null, `${p.id} ${mistake}: the family and the reference disagree on whether the shapes fit`).toBe(want === null);
        if (!want || !got) continue;
        for (const [name, expected] of Object.entries(want)) {
          const value = valueToJson(got.get(name)!);
          if (typeof expected === 'string') expect(value, `${mistake} ${name}`).toBe(expected);
          else expect(gap(flat(value), expected), `${mistake} ${name}: ${JSON.stringify(value)} vs ${JSON.stringify(expected)}`).toBeLessThan(1e-9);
          compared++;
        }
      }
      expect(compared, `no problem let ${mistake} apply`).toBeGreaterThan(0);
    });

    it('names each mistake when the student types the reference value of it', () => {
      let named = 0;
      for (const p of problems()) {
        const g = given(p);
        const right = reference(g);
        const wrongs = family.mistakes.map((m) => ({ m, values: referenceOrNull(reference, g, m) }));
        for (const { m, values } of wrongs) {
          if (!values || !(family.mistakeApplies?.(p.given, m) ?? true)) continue;
          for (const [name, wrong] of Object.entries(values)) {
            const { quantity, t } = quantityOf(name);
            if (!(family.mistakeTargets[m] ?? []).includes(quantity) || (t !== undefined && t !== 1) || !asked(p, name)) continue;
            if (gap(wrong, right[name]!) < APART) continue;
            // Two mistakes giving one value: the first in the family's order is named; near misses are ambiguous, skipped.
            const others = wrongs.filter((o) => o.values && (family.mistakeApplies?.(p.given, o.m) ?? true)).map((o) => ({ m: o.m, d: gap(o.values![name]!, wrong) }));
            if (others.some((o) => o.d >= SAME && o.d < APART)) continue;
            const expected = others.find((o) => o.d < SAME)!.m;
            const r = gradeProblem(p, { [name]: typed(wrong) }).fields[name]!;
            expect({ problem: p.id, field: name, typed: typed(wrong), status: r.status, points: r.points, mistake: r.mistake }).toEqual({
              problem: p.id,
              field: name,
              typed: typed(wrong),
              status: 'incorrect',
              points: 0,
              mistake: expected,
            });
            named++;
          }
        }
      }
      if (family.mistakes.length > 0) expect(named).toBeGreaterThan(0);
    });

    it('names off-by-one when a later step is typed as the reference value of the step before', () => {
      for (const p of problems()) {
        const g = given(p);
        const right = reference(g);
        const wrongs = family.mistakes.map((m) => referenceOrNull(reference, g, m));
        for (const [name, value] of Object.entries(right)) {
          const { quantity, t } = quantityOf(name);
          const earlier = t !== undefined && t >= 2 ? right[`${quantity}${t - 1}`] : undefined;
          if (!asked(p, name) || earlier === undefined || typeof value === 'string' || gap(earlier, value) < APART) continue;
          // A rule mistake with the same value at this field is named first; skip those.
          if (wrongs.some((w) => w && gap(w[name]!, earlier) < APART)) continue;
          const r = gradeProblem(p, { [name]: typed(earlier) }).fields[name]!;
          expect({ field: name, status: r.status, points: r.points, mistake: r.mistake }).toEqual({ field: name, status: 'incorrect', points: 0, mistake: 'off-by-one' });
        }
      }
    });
  });
}

/**
 * The lecture's own problems, each mistake worked by hand from the givens
 * (test/fixtures/lecture.ts).
 *
 * Classwork (identity RNN, no bias, n = 2 ≠ d = 3): a1 = h1 = [4, 0], y1 = V h1 = [4, −4, 0];
 * a2 = h2 = U h1 + W x2 = [8, 4] + [−1, 1] = [7, 5], y2 = [7, −2, 15]. Skipping softmax
 * leaves o = y; the key of the other step is off by one. U and W cannot be swapped (W h needs d = n).
 *
 * LSTM practice (h0 = [4, 5], x = [1, 1], c0 = [1, 5]):
 *   no bias:   pi = Wi x + Ui h = [1, 1] + [−5, 4] = [−4, 5], po = [1, 1] + [−1, 0] = [0, 1], pc = [1, 2] + [0, 1] = [1, 3]
 *   swapped:   pf = Wf h + Uf x = [9, 5] + [0, 5] = [9, 10], pi = [4, 5] + [−1, 1] + [1, −2] = [4, 4],
 *              po = [5, 4] + [0, 0] + [0, 1] = [5, 5], pc = [3, 9] + [0, 0] + [−1, 0] = [2, 9]
 *   tanh for σ: f = tanh([2, 24]) = [0.9640, 1], i = tanh([−3, 3]) = [−0.9951, 0.9951], o = tanh([0, 2]) = [0, 0.9640]
 *   σ for tanh: c̃ = σ([0, 3]) = [0.5, 0.9526]
 *   no tanh:   c̃ = [0, 3], c = σ(2)·1 + σ(−3)·0, σ(24)·5 + σ(3)·3 = [0.8808, 7.8577], h = o ⊙ c = [0.5·0.8808, σ(2)·7.8577] = [0.4404, 6.9211]
 *
 * GRU hand problem (Wz = [1 0 1; 0 1 0], Wr = [0 1 1; 1 1 0], Wh = [1 0 0; 0 1 1], h0 = [1, −1], x = [2]):
 *   right: pz = [3, −1], pr = [1, 0], ph = [σ(1), 3/2], z = [0.9526, 0.2689], h̃ = [0.6236, 0.9051]
 *   [x, h] stacked: pz = Wz [2, 1, −1] = [1, 1], pr = Wr [2, 1, −1] = [0, 3]
 *   tanh for σ: z = tanh([3, −1]) = [0.9951, −0.7616], r = tanh([1, 0]) = [0.7616, 0]
 *   σ for tanh: h̃ = σ([0.7311, 1.5]) = [0.6750, 0.8176]
 *   PyTorch's order: h = z ⊙ h0 + (1 − z) ⊙ h̃ = [0.9526 + 0.0474·0.6236, −0.2689 + 0.7311·0.9051] = [0.9822, 0.3928]
 */
describe('the lecture problems: each mistake worked by hand', () => {
  const rnn = getFamily('rnn-forward');
  const lstm = getFamily('lstm');
  const gru = getFamily('gru');
  const problems = fixture((): Record<string, Problem> => ({
    classwork: solvedProblem(rnn, 'classwork', {}, rnn.parseGiven(CLASSWORK_GIVEN)),
    practice: solvedProblem(lstm, 'practice', {}, lstm.parseGiven(LSTM_PRACTICE_GIVEN)),
    gruHand: solvedProblem(gru, 'hand', {}, gru.parseGiven(GRU_HAND_GIVEN)),
  }));

  it.each([
    ['classwork', 'o1', '[4, -4, 0]', 'softmax-skipped'],
    ['classwork', 'o2', '[7, -2, 15]', 'softmax-skipped'],
    ['classwork', 'h2', '[4, 0]', 'off-by-one'],
    ['classwork', 'a2', '[4, 0]', 'off-by-one'],
    ['classwork', 'h1', '[7, 5]', 'off-by-one'],
    ['practice', 'pi1', '[-4, 5]', 'missing-bias'],
    ['practice', 'po1', '[0, 1]', 'missing-bias'],
    ['practice', 'pc1', '[1, 3]', 'missing-bias'],
    ['practice', 'pf1', '[9, 10]', 'swapped-UW'],
    ['practice', 'pi1', '[4, 4]', 'swapped-UW'],
    ['practice', 'po1', '[5, 5]', 'swapped-UW'],
    ['practice', 'pc1', '[2, 9]', 'swapped-UW'],
    ['practice', 'f1', '[0.9640, 1]', 'tanh-for-sigmoid'],
    ['practice', 'i1', '[-0.9951, 0.9951]', 'tanh-for-sigmoid'],
    ['practice', 'o1', '[0, 0.9640]', 'tanh-for-sigmoid'],
    ['practice', 'ctilde1', '[0.5, 0.9526]', 'sigmoid-for-tanh'],
    ['practice', 'ctilde1', '[0, 3]', 'missing-activation'],
    ['practice', 'h1', '[0.4404, 6.9211]', 'missing-activation'],
    ['gruHand', 'pz1', '[1, 1]', 'concat-order-swapped'],
    ['gruHand', 'pr1', '[0, 3]', 'concat-order-swapped'],
    ['gruHand', 'z1', '[0.9951, -0.7616]', 'tanh-for-sigmoid'],
    ['gruHand', 'r1', '[0.7616, 0]', 'tanh-for-sigmoid'],
    ['gruHand', 'htilde1', '[0.6750, 0.8176]', 'sigmoid-for-tanh'],
    ['gruHand', 'h1', '[0.9822, 0.3928]', 'gru-convention-swapped'],
  ] as const)('%s: %s typed as %s is %s', (problem, field, text, mistake) => {
    const r = gradeProblem(problems()[problem]!, { [field]: text }).fields[field]!;
    expect({ status: r.status, points: r.points, mistake: r.mistake }).toEqual({ status: 'incorrect', points: 0, mistake });
    expect(r.feedback).toMatch(mistake === 'off-by-one' ? /neighbouring time step/ : /It looks like/);
  });

  it('keys the right values the table departs from', () => {
    expect(['a1', 'h2', 'y1', 'y2'].map((n) => valueToJson(problems().classwork!.answers.get(n)!))).toEqual([
      [4, 0],
      [7, 5],
      [4, -4, 0],
      [7, -2, 15],
    ]);
    expect(['pf1', 'pi1', 'po1', 'pc1'].map((n) => valueToJson(problems().practice!.answers.get(n)!))).toEqual([
      [2, 24],
      [-3, 3],
      [0, 2],
      [0, 3],
    ]);
    expect(['pz1', 'pr1'].map((n) => valueToJson(problems().gruHand!.answers.get(n)!))).toEqual([
      [3, -1],
      [1, 0],
    ]);
  });

  it('cannot swap U and W in the classwork (W h needs as many inputs as hidden units)', () => {
    expect(rnn.recompute(problems().classwork!.given, new Map(), 'swapped-UW')).toBeNull();
  });
});
