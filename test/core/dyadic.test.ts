/**
 * The exact fast paths of core/dyadic.ts against sums and products worked out by
 * hand. An exact result is written as its fraction text ('7/8'), a numeric one
 * as a JS number, and null means "not small dyadic: use fraction.js". Limits:
 * |value| ≤ 4096 = 2^12 and a power-of-two denominator ≤ 1024 = 2^10, rows of at
 * most 256 components. Integers and halves in [-1024, 1024] come back as the
 * shared Fractions of num.ts (they carry their double).
 */
import { describe, expect, it } from 'vitest';
import { dyadicProduct, dyadicSum } from '../../src/core/dyadic.js';
import { type Num, q, scaled, sharedDouble } from '../../src/core/num.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/core/dyadic.js'));

/** An exact value as its fraction text, a numeric one as itself; null stays null. */
const shown = (xs: Num[] | null): (string | number)[] | null => xs && xs.map((x) => (typeof x === 'number' ? x : x.toFraction()));
const ones = (n: number): Num[] => Array.from({ length: n }, () => q(1));

describe('dyadicProduct', () => {
  it.each([
    [
      'integers',
      [
        [q(1), q(1)],
        [q(0), q(1)],
      ],
      [q(1), q(1)],
      ['2', '1'],
    ],
    ['quarters: 1/4 · 1/4', [[q(1, 4)]], [q(1, 4)], ['1/16']],
    ['halves: 1/2 · 1/2', [[q(1, 2)]], [q(1, 2)], ['1/4']],
    ['shared halves', [[scaled(1, 2), scaled(3, 2)]], [scaled(1, 2), scaled(-1, 2)], ['-1/2']],
    ['mixed: 1/2 · 1/4 + 3/8 · 2', [[q(1, 2), q(3, 8)]], [q(1, 4), q(2)], ['7/8']],
    ['negatives: -3/4 · 1/2 + 5 · -1', [[q(-3, 4), q(5)]], [q(1, 2), q(-1)], ['-43/8']],
    ['1/1024 · 1/1024', [[q(1, 1024)]], [q(1, 1024)], ['1/1048576']],
    ['4096 · 1 and -4096 · 1', [[q(4096)], [q(-4096)]], [q(1)], ['4096', '-4096']],
    [
      'two rows of one vector: 1/8 · 3 + 1/2 · 1/8',
      [
        [q(1, 8), q(1, 2)],
        [q(3), q(-1)],
      ],
      [q(3), q(1, 8)],
      ['7/16', '71/8'],
    ],
    ['a 256-component row', [ones(256)], ones(256), ['256']],
    ['no rows', [], [q(1)], []],
    ['empty rows', [[]], [], ['0']],
  ])('%s', (_, m, v, want) => {
    expect(shown(dyadicProduct(m, v))).toEqual(want);
  });

  it.each([
    ['a numeric vector component', [[q(1), q(1)]], [q(1), 0.5]],
    ['a numeric matrix entry', [[q(1), 2]], [q(1), q(1)]],
    ['a numeric entry in a later row', [[q(1)], [0.5]], [q(1)]],
    ['a third in the vector', [[q(1)]], [q(1, 3)]],
    ['a third in the matrix', [[q(1, 3)]], [q(1)]],
    ['a sixth (even, not a power of two)', [[q(1)]], [q(1, 6)]],
    ['a twelfth', [[q(1, 12)]], [q(1)]],
    ['a denominator of 2048', [[q(1, 2048)]], [q(1)]],
    ['4097 in the vector', [[q(1)]], [q(4097)]],
    ['-4097 in the matrix', [[q(-4097)]], [q(1)]],
    ['8193/2 = 4096.5 in the matrix', [[q(8193, 2)]], [q(1)]],
    ['a 257-component row', [ones(257)], ones(257)],
  ])('is null for %s', (_, m, v) => {
    expect(dyadicProduct(m, v)).toBeNull();
  });

  it.each([
    // product, its shared double (undefined: a fresh Fraction)
    ['7 · 100 = 700', [[q(7)]], [q(100)], 700],
    ['-1 · 1024 = -1024', [[q(-1)]], [q(1024)], -1024],
    ['3 · 1/2 = 3/2', [[q(3)]], [q(1, 2)], 1.5],
    ['1/4 + 1/4 = 1/2 from quarters', [[q(1, 4), q(1, 4)]], [q(1), q(1)], 0.5],
    ['1023 · 1/2 = 1023/2 from a quarter', [[q(1023, 4)]], [q(2)], 511.5],
    ['30 · 40 = 1200', [[q(30)]], [q(40)], undefined],
    ['1025 · 1/2 = 1025/2', [[q(1025)]], [q(1, 2)], undefined],
    ['1/4 · 3 = 3/4', [[q(1, 4)]], [q(3)], undefined],
  ])('gives the shared Fraction for small integers and halves: %s', (_, m, v, double) => {
    const [x] = dyadicProduct(m, v) ?? [];
    expect(x).toBeDefined();
    expect(sharedDouble(x as ReturnType<typeof q>)).toBe(double);
  });

  it('does not carry values over between calls (scratch space is reused)', () => {
    expect(shown(dyadicProduct([[q(1), q(2), q(3)]], [q(1), q(1), q(1)]))).toEqual(['6']);
    expect(shown(dyadicProduct([[q(5)]], [q(2)]))).toEqual(['10']);
    expect(dyadicProduct([[q(1)]], [0.5])).toBeNull();
    expect(shown(dyadicProduct([[q(1, 2)], [q(1, 4)]], [q(4)]))).toEqual(['2', '1']);
  });
});

describe('dyadicSum', () => {
  it.each([
    [
      'integers',
      [
        [q(2), q(1)],
        [q(0), q(23)],
      ],
      ['2', '24'],
    ],
    [
      'a numeric component stays numeric, the others exact',
      [
        [q(2), q(1)],
        [0.5, q(23)],
      ],
      [2.5, '24'],
    ],
    [
      'numeric in one vector only',
      [
        [q(1, 2), q(1, 4)],
        [q(1, 2), 0.25],
      ],
      ['1', 0.5],
    ],
    [
      'numeric in the first vector',
      [
        [0.25, q(1)],
        [q(1, 4), q(1)],
        [q(1, 2), q(1)],
      ],
      [1, '3'],
    ],
    ['all numeric', [[1.5], [2]], [3.5]],
    ['quarter then half', [[q(1, 4)], [q(1, 2)]], ['3/4']],
    ['eighth then half', [[q(1, 8)], [q(1, 2)]], ['5/8']],
    ['half then eighth', [[q(1, 2)], [q(1, 8)]], ['5/8']],
    ['eighth, half, integer', [[q(1, 8)], [q(1, 2)], [q(2)]], ['21/8']],
    [
      'negatives',
      [
        [q(-3, 4), q(-1)],
        [q(1, 16), q(-2)],
      ],
      ['-11/16', '-3'],
    ],
    ['one vector', [[q(3, 8), q(-5)]], ['3/8', '-5']],
    ['large integers', [[q(2000)], [q(48)], [q(-4096)]], ['-2048']],
    ['1/1024 and 4096', [[q(1, 1024)], [q(4096)]], ['4194305/1024']],
    ['shared halves', [[scaled(1, 2)], [scaled(-3, 2)], [scaled(5, 2)]], ['3/2']],
    ['empty vectors', [[], []], []],
  ])('%s', (_, vs, want) => {
    expect(shown(dyadicSum(vs))).toEqual(want);
  });

  it('adds numeric components left to right, as `add` does', () => {
    expect(dyadicSum([[0.1], [0.2], [q(1)]])).toEqual([0.1 + 0.2 + 1]);
    expect(dyadicSum([[q(1)], [0.2], [0.1]])).toEqual([1 + 0.2 + 0.1]);
  });

  it('keeps a lone numeric -0 as -0 and gives +0 once anything is added', () => {
    const [lone] = dyadicSum([[-0]]) ?? [];
    expect(Object.is(lone, -0)).toBe(true);
    const [first, last] =
      dyadicSum([
        [-0, q(0)],
        [q(0), -0],
      ]) ?? [];
    expect(Object.is(first, 0)).toBe(true);
    expect(Object.is(last, 0)).toBe(true);
  });

  it.each([
    [
      'a third',
      [
        [q(1), q(1)],
        [q(1), q(1, 3)],
      ],
    ],
    ['a third beside a numeric value', [[q(1, 3)], [0.5]]],
    ['a denominator of 2048', [[q(1, 2048)]]],
    ['-4097', [[q(1)], [q(-4097)]]],
    ['4097', [[q(4097)]]],
  ])('is null for %s', (_, vs) => {
    expect(dyadicSum(vs)).toBeNull();
  });

  it('gives the shared Fraction for small integers and halves', () => {
    const [three, half, big, quarter] = dyadicSum([
      [q(1), q(1, 4), q(600), q(1, 8)],
      [q(2), q(1, 4), q(600), q(1, 8)],
    ]) as ReturnType<typeof q>[];
    expect(sharedDouble(three as ReturnType<typeof q>)).toBe(3);
    expect(sharedDouble(half as ReturnType<typeof q>)).toBe(0.5);
    expect(sharedDouble(big as ReturnType<typeof q>)).toBeUndefined();
    expect(quarter?.toFraction()).toBe('1/4');
    expect(sharedDouble(quarter as ReturnType<typeof q>)).toBeUndefined();
  });
});
