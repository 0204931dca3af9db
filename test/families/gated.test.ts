/**
 * The draws the gated families (lstm, gru) share, as properties over seeds
 * (SPEC §4: weights in [-3, 3], halves in steps of 1/2, inputs one-hot or in
 * [-2, 2], initial states in [-2, 2], first-step pre-activations in [-4, 4], no
 * all-zero weight block), and the pre-activation rule on hand-made answers.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { isExact, q, toNumber, type Num } from '../../src/core/num.js';
import { vector, type Value } from '../../src/core/value.js';
import { drawBoundedRows, drawChangingInputs, drawInitialState, preactivationViolation } from '../../src/families/gated.js';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/gated.js'));

const seeds = (full: number): string[] => Array.from({ length: sweepSeeds(full) }, (_, i) => `gated${i}`);
const numbers = (v: readonly Num[]): number[] => v.map(toNumber);
const isOneHot = (v: readonly Num[]): boolean => numbers(v).every((x) => x === 0 || x === 1) && numbers(v).filter((x) => x === 1).length === 1;
const same = (a: readonly Num[], b: readonly Num[]): boolean => a.length === b.length && a.every((x, j) => toNumber(x) === toNumber(b[j]!));
/** Consecutive pairs [x_{t-1}, x_t]. */
const pairs = <T>(xs: readonly T[]): [T, T][] => xs.slice(1).map((x, t) => [xs[t]!, x]);
const dot = (row: readonly Num[], input: readonly number[]): number => row.reduce((s: number, w, j) => s + toNumber(w) * input[j]!, 0);

describe('drawChangingInputs', () => {
  it.each([2, 3])('one-hot, d = %i: every input one-hot, each unlike the one before', (d) => {
    for (const seed of seeds(500)) {
      const xs = drawChangingInputs(createRng(seed), 5, d, 'one-hot');
      expect(xs).toHaveLength(5);
      for (const x of xs) expect(x.length === d && isOneHot(x), `${seed}: ${numbers(x)}`).toBe(true);
      for (const [prev, x] of pairs(xs)) expect(same(prev, x), `${seed}: ${numbers(prev)} then ${numbers(x)}`).toBe(false);
    }
  });

  it('integers, d = 2: entries in [-2, 2], each input unlike the one before, though it may share an entry with it', () => {
    const all = seeds(500).map((seed) => drawChangingInputs(createRng(seed), 4, 2, 'integers'));
    for (const xs of all) {
      for (const x of xs) expect(numbers(x).every((v) => Number.isInteger(v) && Math.abs(v) <= 2)).toBe(true);
      for (const [prev, x] of pairs(xs)) expect(same(prev, x)).toBe(false);
    }
    // Integer inputs are not one-hot in general, and "unlike" means not equal: one equal entry is fine.
    expect(all.some((xs) => xs.some((x) => !isOneHot(x)))).toBe(true);
    expect(all.some((xs) => pairs(xs).some(([prev, x]) => toNumber(prev[0]!) === toNumber(x[0]!) || toNumber(prev[1]!) === toNumber(x[1]!)))).toBe(true);
  });

  it('d = 1, one-hot: [1] is the only input there is, at every step', () => {
    expect(drawChangingInputs(createRng('gated'), 3, 1, 'one-hot').map(numbers)).toEqual([[1], [1], [1]]);
  });

  it('gives the same inputs for the same seed', () => {
    expect(drawChangingInputs(createRng('same'), 4, 3, 'integers')).toEqual(drawChangingInputs(createRng('same'), 4, 3, 'integers'));
  });
});

describe('drawBoundedRows', () => {
  it('keeps every row within |row · input + b| ≤ 4 (the bound ±4 itself reached), entries and biases integers in [-3, 3]', () => {
    const input = [2, -1, 1, 2];
    const sums: number[] = [];
    for (const seed of seeds(1000)) {
      const { M, b } = drawBoundedRows(
        createRng(seed),
        3,
        input.map((x) => q(x)),
        'integers',
        true,
        [[0, 4]],
      );
      expect(M).toHaveLength(3);
      expect(b).toHaveLength(3);
      M.forEach((row, i) => {
        expect(row).toHaveLength(4);
        for (const w of [...row, b[i]!]) expect(isExact(w) && Number.isInteger(toNumber(w)) && Math.abs(toNumber(w)) <= 3).toBe(true);
        const s = dot(row, input) + toNumber(b[i]!);
        expect(Math.abs(s), `${seed}: row ${numbers(row)}, b ${toNumber(b[i]!)}`).toBeLessThanOrEqual(4);
        sums.push(s);
      });
    }
    expect(sums).toContain(4);
    expect(sums).toContain(-4);
  });

  it('halves: exact multiples of 1/2 in [-3, 3], some of them not integers', () => {
    // A zero in the input leaves its column free of the bound: all of [-3, 3] can show there.
    const all = seeds(1000).flatMap((seed) => {
      const { M, b } = drawBoundedRows(createRng(seed), 2, [q(1), q(0)], 'halves', true, [[0, 2]]);
      return [...M.flat(), ...b];
    });
    expect(all.every((w) => isExact(w) && Number.isInteger(2 * toNumber(w)) && Math.abs(toNumber(w)) <= 3)).toBe(true);
    expect(all.some((w) => !Number.isInteger(toNumber(w)))).toBe(true);
    expect(Math.max(...numbers(all))).toBe(3);
    expect(Math.min(...numbers(all))).toBe(-3);
  });

  it('leaves no block all zero, while single zero weights and a zero row within a block are allowed', () => {
    // n = 2, four one-column blocks: each column must have a non-zero weight in some row.
    const input = [1, -1, 2, 0].map((x) => q(x));
    const blocks: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ];
    const draws = seeds(2000).map((seed) => drawBoundedRows(createRng(seed), 2, input, 'integers', false, blocks).M.map(numbers));
    for (const M of draws) {
      for (const [from, to] of blocks)
        expect(
          M.some((row) => row.slice(from, to).some((w) => w !== 0)),
          `${JSON.stringify(M)}, columns ${from}..${to}`,
        ).toBe(true);
    }
    expect(draws.some((M) => M.some((row) => row.includes(0)))).toBe(true);
    // One block of all four columns, one row: the row is non-zero, yet may hold zeros.
    const wide = seeds(2000).map((seed) => numbers(drawBoundedRows(createRng(seed), 1, input, 'integers', false, [[0, 4]]).M[0]!));
    for (const row of wide) expect(row.some((w) => w !== 0)).toBe(true);
    expect(wide.some((row) => row.includes(0))).toBe(true);
  });

  it('leaves no block all zero when a block is part of the columns (W, then U, as an LSTM gate)', () => {
    // n = 1, blocks [0, 2) and [2, 4): a zero W part with a non-zero U part is still refused.
    const input = [1, 0, 2, -1].map((x) => q(x));
    for (const seed of seeds(2000)) {
      const row = numbers(
        drawBoundedRows(createRng(seed), 1, input, 'integers', false, [
          [0, 2],
          [2, 4],
        ]).M[0]!,
      );
      expect(row.slice(0, 2).some((w) => w !== 0) && row.slice(2, 4).some((w) => w !== 0), `${seed}: ${row}`).toBe(true);
    }
  });

  it('with bias, draws no all-zero bias vector', () => {
    for (const seed of seeds(2000)) {
      const { b } = drawBoundedRows(createRng(seed), 1, [q(1), q(1)], 'integers', true, [[0, 2]]);
      expect(toNumber(b[0]!), seed).not.toBe(0);
    }
  });

  it('without bias, gives zero biases', () => {
    expect(numbers(drawBoundedRows(createRng('gated'), 3, [q(1), q(0)], 'integers', false, [[0, 2]]).b)).toEqual([0, 0, 0]);
  });

  it('gives up on a row after a bounded number of draws, leaving the candidate to the engine’s rules', () => {
    // Only the all-zero row meets |Σ w_j 10^j| ≤ 4 (a non-zero sum is a multiple of 10 whose top term
    // outweighs the rest: 3·(10 + … + 10^(k−1)) < 10^k), and it is drawn once in 7^6 ≈ 117,649 tries.
    const input = [10, 100, 1000, 10000, 100000, 1000000];
    for (const seed of ['give-up-1', 'give-up-2', 'give-up-3']) {
      const row = drawBoundedRows(
        createRng(seed),
        1,
        input.map((x) => q(x)),
        'integers',
        false,
        [],
      ).M[0]!;
      expect(row).toHaveLength(6);
      expect(Math.abs(dot(row, input)), `${seed}: ${numbers(row)}`).toBeGreaterThan(4);
    }
  });

  it('gives the same rows for the same seed', () => {
    const draw = () => drawBoundedRows(createRng('same'), 2, [q(1), q(-2), q(1)], 'halves', true, [[0, 3]]);
    expect(draw()).toEqual(draw());
  });
});

describe('drawInitialState', () => {
  it('n = d = 1, x1 = [1]: h0 in [-2, 2] and never [1]', () => {
    const all = seeds(1000).map((seed) => numbers(drawInitialState(createRng(seed), 1, [q(1)])));
    for (const h0 of all) expect(h0.length === 1 && Number.isInteger(h0[0]) && Math.abs(h0[0]!) <= 2 && h0[0] !== 1, `${h0}`).toBe(true);
    expect(new Set(all.map((h0) => h0[0]))).toEqual(new Set([-2, -1, 0, 2]));
  });

  it('n = d = 2, x1 = [1, 0]: h0 is never x1, though it may share an entry with it', () => {
    const all = seeds(1000).map((seed) => numbers(drawInitialState(createRng(seed), 2, [q(1), q(0)])));
    for (const h0 of all) expect(h0[0] === 1 && h0[1] === 0, `${h0}`).toBe(false);
    expect(all.some((h0) => h0[0] === 1 || h0[1] === 0)).toBe(true);
  });

  it('n ≠ d: any h0 of length n (it cannot equal x1)', () => {
    for (const seed of seeds(200)) {
      const h0 = numbers(drawInitialState(createRng(seed), 2, [q(1)]));
      expect(h0.length === 2 && h0.every((v) => Number.isInteger(v) && Math.abs(v) <= 2)).toBe(true);
    }
  });
});

describe('preactivationViolation', () => {
  const answers = (entries: Record<string, Value>): Map<string, Value> => new Map(Object.entries(entries));
  const v = (...xs: Num[]): Value => vector(xs);

  it.each([
    ['inside, both ends included', ['pf1', 'pi1'], { pf1: v(q(4), q(-4)), pi1: v(q(0), q(0)) }, null],
    ['5 in pf1', ['pf1', 'pi1'], { pf1: v(q(5), q(0)), pi1: v(q(0), q(0)) }, 'pf1 leaves [-4, 4]'],
    ['−9/2 in pf1, one entry out of two', ['pf1'], { pf1: v(q(0), q(-9, 2)) }, 'pf1 leaves [-4, 4]'],
    ['a numeric 4.000001 in pi1', ['pf1', 'pi1'], { pf1: v(q(0), q(0)), pi1: v(0.5, 4.000001) }, 'pi1 leaves [-4, 4]'],
    ['both out: the first named', ['pi1', 'pf1'], { pf1: v(q(9)), pi1: v(q(-9)) }, 'pi1 leaves [-4, 4]'],
    ['a name with no answer is skipped', ['pz1', 'pr1'], { pr1: v(q(5)) }, 'pr1 leaves [-4, 4]'],
    ['no answers at all', ['pz1', 'pr1'], {}, null],
    ['an answer not named is not checked', ['pz1'], { pz1: v(q(1)), ph1: v(q(9)) }, null],
  ])('%s', (_, names, given, why) => {
    expect(preactivationViolation(answers(given), names)).toBe(why);
  });
});
