/**
 * Exact-or-numeric scalars (core/num.ts) against values worked out by hand: an
 * exact result is written as its fraction text ('7/2'), a numeric one as a JS
 * number, so every row checks both the value and whether it stayed exact.
 * Bit counts: a part's hex digits × 4, e.g. 255/256 = 'ff'/'100' = 8 + 12 bits.
 */
import { describe, expect, it } from 'vitest';
import {
  ExactSizeError,
  Fraction,
  MAX_EXACT_BITS,
  ONE,
  ZERO,
  add,
  denominator,
  div,
  exactBits,
  formatNum,
  isExact,
  isInteger,
  mul,
  neg,
  q,
  scaled,
  sharedDouble,
  sub,
  toNumber,
  withinBudget,
  type Num,
} from '../../src/core/num.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/core/num.js'));

/** An exact value as its fraction text, a numeric one as itself. */
const shown = (x: Num): string | number => (typeof x === 'number' ? x : x.toFraction());

describe('q and scaled build exact values', () => {
  it.each([
    ['q(3)', () => q(3), '3'],
    ['q(1, 2)', () => q(1, 2), '1/2'],
    ['q(-6, 4)', () => q(-6, 4), '-3/2'],
    ['q(3n, 4n)', () => q(3n, 4n), '3/4'],
    ["q('0.25')", () => q('0.25'), '1/4'],
    ["q('-5/3')", () => q('-5/3'), '-5/3'],
  ])('%s = %s', (_, make, want) => {
    expect(shown(make())).toBe(want);
  });

  it('refuses a string numerator with a denominator', () => {
    expect(() => q('1', 2)).toThrow(TypeError);
    expect(() => q('1', 2)).toThrow('q(n, d) takes numbers');
  });

  it.each([
    // k, den, value, shared double (undefined: a fresh Fraction)
    [0, 1, '0', 0],
    [7, 1, '7', 7],
    [-1024, 1, '-1024', -1024],
    [1024, 1, '1024', 1024],
    [1025, 1, '1025', undefined],
    [-1025, 1, '-1025', undefined],
    [-2000, 1, '-2000', undefined],
    [7, 2, '7/2', 3.5],
    [-3, 2, '-3/2', -1.5],
    [6, 2, '3', 3],
    [-1024, 2, '-512', -512],
    [1024, 2, '512', 512],
    [-1023, 2, '-1023/2', -511.5],
    [1023, 2, '1023/2', 511.5],
    [1025, 2, '1025/2', undefined],
    [-1026, 2, '-513', undefined],
    [3, 4, '3/4', undefined],
    [2, 4, '1/2', undefined],
  ])('scaled(%d, %d) = %s, shared double %s', (k, den, want, double) => {
    const x = scaled(k, den);
    expect(x).toBeInstanceOf(Fraction);
    expect(shown(x)).toBe(want);
    expect(sharedDouble(x)).toBe(double);
  });

  it('shares one Fraction per small integer or half: k/2 for an even k is the integer k/2', () => {
    expect(scaled(5, 1)).toBe(scaled(5, 1));
    expect(scaled(-9, 2)).toBe(scaled(-9, 2));
    expect(scaled(8, 2)).toBe(scaled(4, 1));
    expect(scaled(-8, 2)).toBe(scaled(-4, 1));
    expect(scaled(3, 4)).not.toBe(scaled(3, 4));
    expect(ZERO).toBe(scaled(0, 1));
    expect(ONE).toBe(scaled(1, 1));
    expect(shown(ZERO)).toBe('0');
    expect(shown(ONE)).toBe('1');
  });

  it('hides the shared double from keys, deep equality and fraction.js equality', () => {
    const x = scaled(3, 2);
    expect(Object.keys(x)).toEqual(Object.keys(new Fraction(3, 2)));
    expect(Object.getOwnPropertySymbols(x).every((k) => !Object.getOwnPropertyDescriptor(x, k)?.enumerable)).toBe(true);
    expect(x).toStrictEqual(new Fraction(3, 2));
    expect(x.equals(new Fraction(3, 2))).toBe(true);
  });

  it('has no shared double for a Fraction built directly', () => {
    expect(sharedDouble(q(1))).toBeUndefined();
    expect(sharedDouble(new Fraction(1, 2))).toBeUndefined();
  });
});

describe('isExact and toNumber', () => {
  it.each([
    [q(1, 3), true, 1 / 3],
    [q(-1, 3), true, -1 / 3],
    [q(-7, 4), true, -1.75],
    [q(0), true, 0],
    [scaled(-5, 2), true, -2.5],
    [scaled(1000, 1), true, 1000],
    [q(2n ** 60n + 1n, 3n), true, Number(2n ** 60n + 1n) / 3],
    [0.1, false, 0.1],
    [-4, false, -4],
  ])('%s: exact %s, double %d', (x, exact, double) => {
    expect(isExact(x)).toBe(exact);
    expect(toNumber(x)).toBe(double);
  });

  it.each([
    // Each part alone overflows a double (Number(2n ** 1280n) is Infinity), the quotient does not.
    ['2^1280 / 3^800', () => q(2n ** 1280n, 3n ** 800n), 4182.063994514452],
    ['(1 - 2^1100) / 2^1099', () => q(1n - 2n ** 1100n, 2n ** 1099n), -2],
    // Only the numerator overflows (3^630 ≈ 2^998.5 is a double): the quotient ≈ 2^31.5.
    ['(2^1030 + 1) / 3^630', () => q(2n ** 1030n + 1n, 3n ** 630n), 2981982294.5635576],
    ['2^1100 (beyond a double)', () => q(2n ** 1100n), Infinity],
    ['1 / 2^1100 (below the smallest double)', () => q(1n, 2n ** 1100n), 0],
  ])('converts %s to the nearest double, not NaN', (_, build, double) => {
    expect(toNumber(build())).toBeCloseTo(double, 9);
  });

  it('keeps a numeric NaN and -0 as they are', () => {
    expect(toNumber(NaN)).toBeNaN();
    expect(Object.is(toNumber(-0), -0)).toBe(true);
  });
});

describe('exact size budget', () => {
  it.each([
    [q(1, 3), 8],
    [q(0), 8],
    [q(-15, 16), 4 + 8],
    [q(255, 256), 8 + 12],
    [q(2n ** 64n, 1n), 68 + 4],
  ])('exactBits(%s) = %d', (x, bits) => {
    expect(exactBits(x)).toBe(bits);
  });

  it('names the budget in its error', () => {
    const e = new ExactSizeError();
    expect(MAX_EXACT_BITS).toBe(4096);
    expect(e).toBeInstanceOf(RangeError);
    expect(e.name).toBe('ExactSizeError');
    expect(e.message).toBe('the value is too large to grade exactly (more than 4096 bits of numerator and denominator)');
  });

  // 2^4091 is 8 then 1022 zeros in hex: 1023 digits = 4092 bits, + 4 for the denominator 1 = 4096.
  it.each([
    ['2^4091 (4,096 bits)', q(2n ** 4091n, 1n), false],
    ['-2^4091 (4,096 bits)', q(-(2n ** 4091n), 1n), false],
    ['1/2^4091 (4,096 bits)', q(1n, 2n ** 4091n), false],
    ['2^4092 (4,100 bits)', q(2n ** 4092n, 1n), true],
    ['1/2^4092 (4,100 bits)', q(1n, 2n ** 4092n), true],
    ['2^64 / (2^64 + 1), small enough', q(2n ** 64n, 2n ** 64n + 1n), false],
    ['3/4', q(3, 4), false],
  ])('withinBudget(%s) throws: %s', (_, x, throws) => {
    if (throws) expect(() => withinBudget(x)).toThrow(ExactSizeError);
    else expect(withinBudget(x)).toBe(x);
  });
});

describe('arithmetic keeps exactness only between exact operands', () => {
  it.each([
    ['add', add, q(1, 2), q(3), '7/2'],
    ['add', add, q(1, 2), 0.25, 0.75],
    ['add', add, 0.25, q(1, 2), 0.75],
    ['add', add, 1.5, 2, 3.5],
    ['add', add, scaled(1, 2), scaled(-1, 2), '0'],
    ['sub', sub, q(1, 2), q(1, 3), '1/6'],
    ['sub', sub, q(1, 2), 0.25, 0.25],
    ['sub', sub, 0.25, q(1, 2), -0.25],
    ['sub', sub, 5, 7, -2],
    ['mul', mul, q(2, 3), q(-3, 4), '-1/2'],
    ['mul', mul, q(1, 2), 3, 1.5],
    ['mul', mul, 3, q(1, 2), 1.5],
    ['mul', mul, 1.5, -2, -3],
    ['div', div, q(1, 2), q(3, 4), '2/3'],
    ['div', div, q(1, 2), 4, 0.125],
    ['div', div, 1, q(4), 0.25],
    ['div', div, 1, 0, Infinity],
    ['div', div, 7, 2, 3.5],
  ])('%s(%s, %s) = %s', (_, op, a, b, want) => {
    expect(shown(op(a, b))).toBe(want);
  });

  it.each([
    ['add', () => add(q(2n ** 4092n - 1n, 1n), q(1)), () => add(q(2n ** 4091n - 1n), q(1))],
    ['sub', () => sub(q(2n ** 4092n + 1n, 1n), q(1)), () => sub(q(2n ** 4091n + 1n), q(1))],
    ['mul', () => mul(q(2n ** 4000n), q(2n ** 92n)), () => mul(q(2n ** 4000n), q(2n ** 91n))],
    ['div', () => div(q(2n ** 4000n), q(1n, 2n ** 92n)), () => div(q(2n ** 4000n), q(1n, 2n ** 91n))],
  ])('%s: 2^4092 throws, 2^4091 does not', (_, over, under) => {
    expect(over).toThrow(ExactSizeError);
    expect(shown(under() as Fraction)).toBe((2n ** 4091n).toString());
  });

  it('never checks the budget of numeric results', () => {
    expect(mul(1e300, 1e300)).toBe(Infinity);
    expect(add(q(2n ** 5000n), 1)).toBe(Infinity);
  });

  it.each([
    [q(3, 4), '-3/4'],
    [q(-5), '5'],
    [q(0), '0'],
    [2.5, -2.5],
    [-0.5, 0.5],
  ])('neg(%s) = %s', (x, want) => {
    expect(shown(neg(x))).toBe(want);
  });
});

describe('integer test, denominator and text form', () => {
  it.each([
    [q(7), true, 1],
    [q(-4, 2), true, 1],
    [q(0), true, 1],
    [q(7, 2), false, 2],
    [q(-1, 3), false, 3],
    [q(1, 1024), false, 1024],
  ])('%s: integer %s, denominator %d', (x, integer, den) => {
    expect(isInteger(x)).toBe(integer);
    expect(denominator(x)).toBe(den);
  });

  it.each([
    [q(7), '7'],
    [q(-3, 4), '-3/4'],
    [scaled(5, 2), '5/2'],
    [0.1, '0.1'],
    [-2, '-2'],
    [1 / 3, '0.3333333333333333'],
  ])('formatNum(%s) = %s', (x, want) => {
    expect(formatNum(x)).toBe(want);
  });
});
