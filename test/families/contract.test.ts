/**
 * The shared contract every family must keep, over ≥ 1,000 seeds each
 * (SPEC §4, §5): determinism, the integer-friendly rules checked here
 * independently of the engine, exact linear values, agreement with a plain
 * reference implementation in test/families/reference/, and distinct problems.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { getFamily, listFamilies } from '../../src/families/registry.js';
import { valueToJson } from '../../src/core/value.js';
import { generateProblemSet, problemToJson, type JsonProblem } from '../../src/problems.js';
import { ARCHITECTURES, ARCHITECTURE_TASKS } from '../../src/families/architecture-tasks.js';
import { LECTURE_QUESTIONS } from '../../src/families/multiple-choice.js';
import { coverModuleLoad, fixture, sweepSeeds } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../src/families/architecture-tasks.js'),
  () => import('../../src/families/multiple-choice.js'),
);

const SEEDS = sweepSeeds(1000);

/**
 * Families drawn from a finite table have at most this many distinct problems;
 * for them, distinctness is measured against what chance allows for SEEDS
 * draws, N·(1 − (1 − 1/N)^SEEDS), instead of 99 % of SEEDS.
 */
const FINITE_SPACE: Record<string, number> = {
  'rnn-architecture': ARCHITECTURE_TASKS.length * factorial(ARCHITECTURES.length),
  'multiple-choice': LECTURE_QUESTIONS.reduce((n, q) => n + factorial(q.choices.length), 0),
};

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function expectedDistinct(family: string): number {
  const space = FINITE_SPACE[family];
  if (space === undefined) return 0.99 * SEEDS;
  return 0.9 * space * (1 - (1 - 1 / space) ** SEEDS);
}

type Reference = (given: Record<string, unknown>) => Record<string, number | number[] | string>;

/** Parses an exact JSON value, checking it is never a float. */
function exactNumber(x: unknown): { n: number; d: number } | null {
  if (typeof x === 'number') return Number.isInteger(x) ? { n: x, d: 1 } : null;
  const m = /^(-?\d+)\/(\d+)$/.exec(String(x));
  return m ? { n: Number(m[1]), d: Number(m[2]) } : null;
}

const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flat(2) : [v]);
const isPowerOfTwo = (d: number) => d > 0 && (d & (d - 1)) === 0;

/** Answers that must be exact for a given problem (SPEC §3: everything linear on exact inputs). */
function expectedExact(p: JsonProblem): string[] {
  const g = p.given;
  const names = Object.keys(p.answers ?? {});
  const identity = g.activation === 'identity';
  switch (p.family) {
    case 'rnn-forward':
    case 'rnn-classify':
      return names.filter((n) => n === 'a1' || (identity && /^(a|h)\d+$|^y\d*$/.test(n)));
    case 'birnn-forward':
      return identity ? names.filter((n) => /^(hf|hb|y)\d+$/.test(n)) : [];
    case 'lstm':
      return ['pf1', 'pi1', 'po1', 'pc1'];
    case 'gru':
      return ['pz1', 'pr1'];
    case 'bptt':
      return identity ? names : names.filter((n) => n === 'a1');
    case 'param-count':
      return names;
    case 'rnn-architecture':
    case 'multiple-choice':
      return []; // labels only: nothing numeric to keep exact
    default:
      // A new family must say which of its answers are exact, or this contract would pass it vacuously.
      throw new Error(`the exactness contract does not know family ${p.family}: add its exact answers to expectedExact`);
  }
}

/** SPEC §4 bounds, per family: denominators and magnitude of exact answers. */
function boundFor(family: string, weights: unknown): { maxDen: number; bound: number } | null {
  if (family === 'param-count') return null;
  if (family === 'bptt') return { maxDen: 64, bound: 50 };
  return { maxDen: weights === 'halves' ? 2 : 1, bound: 50 };
}

/**
 * The exact numbers a worked step shows or implies, read from its JSON (not
 * from the engine): its value and its vector/scalar arguments (a matrix is a
 * given, drawn in range), and every product `{i} \\cdot {j}` its template
 * multiplies out, such as u·h_{t-1} and w·x_t in a_t = u·h_{t-1} + w·x_t.
 */
function exactIntermediates(step: { template: string; args: unknown[]; value: unknown }): number[] {
  const out: number[] = [];
  const numbers = (v: unknown): number[] =>
    flat(v).flatMap((c) => {
      const e = exactNumber(c);
      return e ? [e.n / e.d] : [];
    });
  const isMatrix = (v: unknown): boolean => Array.isArray(v) && v.some(Array.isArray);
  out.push(...numbers(step.value).filter(() => !isMatrix(step.value)));
  for (const arg of step.args) if (!isMatrix(arg)) out.push(...numbers(arg));
  for (const m of step.template.matchAll(/\(?\{(\d+)\}\)? \\cdot \(?\{(\d+)\}\)?/g)) {
    const [a, b] = [exactNumber(step.args[Number(m[1])]), exactNumber(step.args[Number(m[2])])];
    if (a && b) out.push((a.n / a.d) * (b.n / b.d));
  }
  return out;
}

function closeTo(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/** Other option sets each family must also generate under the same rules (fewer seeds each). */
const VARIANTS: Record<string, Record<string, unknown>[]> = {
  'rnn-forward': [{ activation: 'tanh', bias: true, steps: 3 }, { weights: 'halves' }, { hidden: 3, input: 4, inputs: 'integers', classes: 4 }],
  'birnn-forward': [
    { activation: 'tanh', bias: true },
    { steps: 3, hidden: 1 },
  ],
  'rnn-classify': [
    { activation: 'tanh', steps: 4 },
    { bias: true, classes: 2 },
  ],
  lstm: [{ steps: 3 }, { bias: false, hidden: 3, input: 3, inputs: 'integers' }, { weights: 'halves' }, { notation: 'concatenated', steps: 2 }],
  gru: [{ steps: 3 }, { bias: true, hidden: 3 }, { weights: 'halves' }, { notation: 'separate', bias: true, steps: 2 }],
  bptt: [{ activation: 'tanh', steps: 5 }, { regime: 'vanishing' }, { regime: 'exploding', steps: 3 }, { regime: 'exploding', steps: 5, identity_once: false }],
  'param-count': [{ cell: 'lstm' }, { sizes: 'small' }],
};
const VARIANT_SEEDS = sweepSeeds(200);

/** Splits `h12` into `h` and 12 (written here, not imported, so the check stays independent of the engine). */
const quantityOf = (name: string): { quantity: string; t?: number } => {
  const m = /^(.*?)(\d+)$/.exec(name);
  return m ? { quantity: m[1]!, t: Number(m[2]) } : { quantity: name };
};

/**
 * SPEC §4: a correct answer differs from each common mistake's answer where the
 * mistake acts — every applicable mistake changes each of its targets at the first step.
 */
function expectMistakesVisible(familyId: string, options: Record<string, unknown>, seeds: number): void {
  const family = getFamily(familyId);
  for (let i = 0; i < seeds; i++) {
    const p = generateProblemSet(familyId, `mistake-${i}`, 1, options).problems[0]!;
    for (const mistake of family.mistakes) {
      const targets = family.mistakeTargets[mistake];
      if (!targets || !(family.mistakeApplies?.(p.given, mistake) ?? true)) continue;
      const wrong = family.recompute(p.given, new Map(), mistake);
      if (!wrong) continue; // the shapes do not allow this mistake
      for (const [name, right] of p.answers) {
        const { quantity, t } = quantityOf(name);
        if (!targets.includes(quantity) || (t !== undefined && t !== 1)) continue;
        expect(JSON.stringify(valueToJson(wrong.get(name)!)), `${familyId} ${JSON.stringify(options)} ${mistake} ${name}`).not.toBe(JSON.stringify(valueToJson(right)));
      }
    }
  }
}

for (const [familyId, variants] of Object.entries(VARIANTS)) {
  describe(`contract: ${familyId} option variants`, async () => {
    const refPath = new URL(`./reference/${familyId}.ts`, import.meta.url);
    const { reference } = (await import(refPath.href)) as { reference: Reference };
    it.each(variants.map((v) => [JSON.stringify(v), v] as const))('%s: every applicable mistake changes its first-step targets', (_, options) => {
      expectMistakesVisible(familyId, options, sweepSeeds(40));
    });

    it.each(variants.map((v) => [JSON.stringify(v), v] as const))('%s: generates, keeps the bounds and agrees with the reference', (_, options) => {
      for (let i = 0; i < VARIANT_SEEDS; i++) {
        const p = problemToJson(generateProblemSet(familyId, `variant-${i}`, 1, options).problems[0]!, true);
        const rule = boundFor(familyId, p.options.weights);
        if (rule) for (const step of p.steps ?? []) for (const c of exactIntermediates(step)) expect(Math.abs(c), `${familyId} ${step.lhs}`).toBeLessThanOrEqual(rule.bound);
        const want = reference(p.given);
        for (const [name, value] of Object.entries(p.answers!)) {
          const expected = want[name];
          if (typeof expected === 'string') {
            expect(value).toBe(expected);
            continue;
          }
          const gs = flat(value);
          const es = flat(expected) as number[];
          gs.forEach((c, j) => {
            const e = exactNumber(c);
            const got = e ? e.n / e.d : Number(c);
            expect(closeTo(got, es[j]!), `${familyId} ${name}[${j}] with ${JSON.stringify(options)}`).toBe(true);
            if (e && rule) expect(isPowerOfTwo(e.d) && e.d <= rule.maxDen && Math.abs(got) <= rule.bound).toBe(true);
          });
        }
      }
    });
  });
}

for (const family of listFamilies()) {
  describe(`contract: ${family.id}`, async () => {
    const refPath = new URL(`./reference/${family.id}.ts`, import.meta.url);
    it('has an independent reference implementation', () => {
      expect(existsSync(refPath)).toBe(true);
    });
    if (!existsSync(refPath)) return;
    const { reference } = (await import(refPath.href)) as { reference: Reference };
    const problems = fixture(() => Array.from({ length: SEEDS }, (_, i) => problemToJson(generateProblemSet(family.id, `seed-${i}`, 1).problems[0]!, true)));

    it(`gives byte-identical problems for the same seed`, () => {
      for (let i = 0; i < SEEDS; i += 10) {
        const again = problemToJson(generateProblemSet(family.id, `seed-${i}`, 1).problems[0]!, true);
        expect(JSON.stringify(again)).toBe(JSON.stringify(problems()[i]));
      }
    });

    it(`gives distinct problems over ${SEEDS} seeds (≥ 99 %, or what a finite table allows)`, () => {
      const distinct = new Set(problems().map((p) => JSON.stringify(p.given)));
      expect(distinct.size).toBeGreaterThanOrEqual(expectedDistinct(family.id));
    });

    it('keeps linear values exact (integers or "p/q", never floats)', () => {
      for (const p of problems()) {
        for (const name of expectedExact(p)) {
          for (const c of flat(p.answers![name])) expect(exactNumber(c), `${p.family} ${name} = ${JSON.stringify(c)}`).not.toBeNull();
        }
      }
    });

    it('obeys the integer-friendly bounds on every exact answer', () => {
      for (const p of problems()) {
        const rule = boundFor(p.family, p.options.weights);
        if (!rule) continue;
        for (const [name, value] of Object.entries(p.answers!)) {
          for (const c of flat(value)) {
            const e = exactNumber(c);
            if (!e) continue;
            expect(isPowerOfTwo(e.d) && e.d <= rule.maxDen, `${name} = ${String(c)}`).toBe(true);
            expect(Math.abs(e.n / e.d), `${name} = ${String(c)}`).toBeLessThanOrEqual(rule.bound);
          }
        }
      }
    });

    it('obeys the bound on every exact intermediate of the worked steps, partial products such as U h and u·h_{t-1} included', () => {
      for (const p of problems()) {
        const rule = boundFor(p.family, p.options.weights);
        if (!rule) continue;
        for (const step of p.steps ?? []) {
          const where = `${p.family} step ${step.lhs} of ${JSON.stringify(p.given)}`;
          for (const c of exactIntermediates(step)) expect(Math.abs(c), where).toBeLessThanOrEqual(rule.bound);
        }
      }
    });

    it('makes every applicable mistake visible at the first step (200 seeds)', () => {
      expectMistakesVisible(family.id, {}, sweepSeeds(200));
    });

    it('has a clear winning logit wherever a label is predicted', () => {
      for (const p of problems()) {
        for (const [name, y] of Object.entries(p.answers!)) {
          if (!/^y\d*$/.test(name) || !Array.isArray(y)) continue;
          const xs = y.map((c) => (exactNumber(c) ? exactNumber(c)!.n / exactNumber(c)!.d : Number(c))).sort((a, b) => b - a);
          const exact = y.every((c) => exactNumber(c) !== null);
          expect(xs[0]! - xs[1]!, `${name} of ${JSON.stringify(p.given)}`).toBeGreaterThanOrEqual(exact ? 1 : 0.1);
        }
      }
    });

    it('keeps first-step gate pre-activations in [-4, 4]', () => {
      const gates: Record<string, string[]> = { lstm: ['pf1', 'pi1', 'po1', 'pc1'], gru: ['pz1', 'pr1'] };
      for (const p of problems()) {
        for (const name of gates[p.family] ?? []) {
          for (const c of flat(p.answers![name])) {
            const e = exactNumber(c)!;
            expect(Math.abs(e.n / e.d)).toBeLessThanOrEqual(4);
          }
        }
      }
    });

    it('agrees with the plain reference implementation on every answer', () => {
      for (const p of problems()) {
        const want = reference(p.given);
        expect(Object.keys(p.answers!).sort()).toEqual(Object.keys(want).sort());
        for (const [name, expected] of Object.entries(want)) {
          const got = p.answers![name];
          if (typeof expected === 'string') {
            expect(got, `${p.family} ${name}`).toBe(expected);
            continue;
          }
          const gs = flat(got).map((c) => (exactNumber(c) ? exactNumber(c)!.n / exactNumber(c)!.d : Number(c)));
          const es = flat(expected) as number[];
          expect(gs.length, `${p.family} ${name}`).toBe(es.length);
          gs.forEach((g, i) => expect(closeTo(g, es[i]!), `${p.family} ${name}[${i}]: ${g} vs ${es[i]}`).toBe(true));
        }
      }
    });
  });
}
