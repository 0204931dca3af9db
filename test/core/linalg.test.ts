/**
 * Vectors and matrices over Num, against products and sums worked out by hand:
 * exact stays exact (dyadic fast path and thirds, which take fraction.js), one
 * numeric component makes the result numeric, and shape mismatches throw a
 * ShapeError naming both shapes.
 */
import { describe, expect, it } from 'vitest';
import { ShapeError, columns, concat, hadamard, matVec, oneMinus, shape, vecAdd, vecSum, zeros, type Mat, type Vec } from '../../src/core/linalg.js';
import { type Num, q } from '../../src/core/num.js';

/** Components shown so that exact 3 ("3") and numeric 3 (3) differ. */
const show = (v: readonly Num[]): (string | number)[] => v.map((x) => (typeof x === 'number' ? x : x.toFraction()));
/** `V('1 -1/2 0.5')`: exact 1 and −1/2, numeric 0.5 (a token with a point is a double). */
const V = (s: string): Vec =>
  s.trim() === ''
    ? []
    : s
        .trim()
        .split(/\s+/)
        .map((t) => (t.includes('.') ? Number(t) : q(t)));
/** `M('2 0; 1 2')`: rows split by `;`. */
const M = (s: string): Mat => s.split(';').map(V);

describe('shape', () => {
  it.each<[Mat, [number, number]]>([
    [M('1 2 3; 4 5 6'), [2, 3]],
    [M('1'), [1, 1]],
    [[[]], [1, 0]],
    [[], [0, 0]],
  ])('case %#', (m, want) => {
    expect(shape(m)).toEqual(want);
  });
});

describe('matVec', () => {
  it.each<[string, Mat, Vec, (string | number)[]]>([
    // 2·1 + 0·(−1) = 2; 1·1 + 2·(−1) = −1
    ['exact integers', M('2 0; 1 2'), V('1 -1'), ['2', '-1']],
    // ½·3 + 2·(−½) = 1/2; (−¼)·3 + 1·(−½) = −5/4
    ['exact halves and quarters', M('1/2 2; -1/4 1'), V('3 -1/2'), ['1/2', '-5/4']],
    // ⅓·3 + 1·½ = 3/2; 2·3 − ⅓·½ = 35/6 (not dyadic: fraction.js throughout)
    ['exact thirds', M('1/3 1; 2 -1/3'), V('3 1/2'), ['3/2', '35/6']],
    // a large integer: 5000·1 + 1·1 = 5001
    ['exact beyond the fast path', M('5000 1'), V('1 1'), ['5001']],
    // 2·0.5 + 3·2 = 7; 1·0.5 + ½·2 = 1.5
    ['numeric vector', M('2 3.0; 1 1/2'), V('0.5 2.0'), [7, 1.5]],
    // 0.5·2 + 1·3 = 4
    ['numeric matrix entry', M('0.5 1'), V('2 3'), [4]],
    // 2·1 + 4·0.5 = 4; 2·0.5 + 4·1 = 5
    ['one numeric vector component', M('2 4'), V('1 0.5'), [4]],
    ['one numeric component first', M('2 4'), V('0.5 1'), [5]],
    ['no rows', [], [], []],
    // No component at all is numeric, so the empty sums are exact zeros.
    ['no columns', [[], []], [], ['0', '0']],
    ['three rows', M('1; -2; 3'), V('2'), ['2', '-4', '6']],
  ])('%s', (_, m, v, want) => {
    expect(show(matVec(m, v))).toEqual(want);
  });

  it.each<[Mat, Vec, string]>([
    [M('1 2'), V('1'), 'cannot multiply a 1×2 matrix by a vector of length 1'],
    [M('1; 2'), V('1 2'), 'cannot multiply a 2×1 matrix by a vector of length 2'],
    [M('1.0 2.0 3.0'), V('1.0 2.0'), 'cannot multiply a 1×3 matrix by a vector of length 2'],
    [[], V('1'), 'cannot multiply a 0×0 matrix by a vector of length 1'],
  ])('throws (case %#)', (m, v, message) => {
    expect(() => matVec(m, v)).toThrow(ShapeError);
    expect(() => matVec(m, v)).toThrow(message);
  });
});

describe('element-wise', () => {
  it.each<[string, (a: Vec, b: Vec) => Vec, Vec, Vec, (string | number)[]]>([
    ['vecAdd exact', vecAdd, [q(1), q(1, 3)], [q(2), q(1, 6)], ['3', '1/2']],
    ['vecAdd mixed', vecAdd, [q(1), q(1, 2)], [q(2), 0.25], ['3', 0.75]],
    ['hadamard exact', hadamard, [q(2), q(-1, 3)], [q(3), q(3, 2)], ['6', '-1/2']],
    ['hadamard mixed', hadamard, [q(2), q(1, 2)], [0.5, q(4)], [1, '2']],
    ['vecAdd empty', vecAdd, [], [], []],
  ])('%s', (_, f, a, b, want) => {
    expect(show(f(a, b))).toEqual(want);
  });

  it.each<[(a: Vec, b: Vec) => Vec, Vec, Vec, string]>([
    [vecAdd, [q(1), q(2)], [q(1), q(2), q(3)], 'cannot add vectors of lengths 2 and 3'],
    [vecAdd, [q(1)], [], 'cannot add vectors of lengths 1 and 0'],
    [hadamard, [q(1)], [q(1), q(2)], 'cannot multiply element-wise vectors of lengths 1 and 2'],
  ])('throws on lengths that differ (case %#)', (f, a, b, message) => {
    expect(() => f(a, b)).toThrow(ShapeError);
    expect(() => f(a, b)).toThrow(message);
  });

  it('oneMinus: 1 − 0 = 1, 1 − ¼ = ¾, 1 − 0.25 = 0.75, 1 − 3 = −2', () => {
    expect(show(oneMinus([q(0), q(1, 4), 0.25, q(3)]))).toEqual(['1', '3/4', 0.75, '-2']);
    expect(oneMinus([])).toEqual([]);
  });
});

describe('vecSum', () => {
  it.each<[string, Vec[], (string | number)[]]>([
    ['one vector', M('2 -1/2'), ['2', '-1/2']],
    ['two exact', M('2 1; 0 23'), ['2', '24']],
    ['three halves', M('1/2; 1/2; 1/2'), ['3/2']],
    ['three thirds (not dyadic)', M('1/3; 1/3; 1/3'), ['1']],
    ['thirds and sixths', M('1/3 1; 1/6 2'), ['1/2', '3']],
    ['a numeric component', M('2 1; 0.5 23'), [2.5, '24']],
    ['numeric last', M('1 1; 1 1; 1 0.25'), ['3', 2.25]],
  ])('%s', (_, vs, want) => {
    expect(show(vecSum(vs))).toEqual(want);
  });

  it.each<[Vec[], string]>([
    [[], 'cannot sum no vectors'],
    [[[q(1), q(2)], [q(1)]], 'cannot add vectors of lengths 2 and 1'],
    [[[q(1)], [q(1), q(2)]], 'cannot add vectors of lengths 1 and 2'],
    [[[q(1)], [q(1)], [q(1), q(2)]], 'cannot add vectors of lengths 1 and 2'],
  ])('throws (case %#)', (vs, message) => {
    expect(() => vecSum(vs)).toThrow(ShapeError);
    expect(() => vecSum(vs)).toThrow(message);
  });
});

describe('building and splitting', () => {
  it('concat puts a first', () => {
    expect(show(concat([q(1), q(2)], [q(3)]))).toEqual(['1', '2', '3']);
    expect(show(concat([], [q(3)]))).toEqual(['3']);
  });

  it.each<[number, number, string]>([
    [0, 2, '1 2; 5 6'],
    [1, 3, '2 3; 6 7'],
    [2, 4, '3 4; 7 8'],
  ])('columns %d..%d', (from, to, want) => {
    const m = M('1 2 3 4; 5 6 7 8');
    expect(columns(m, from, to).map(show)).toEqual(M(want).map(show));
    expect(columns(m, 2, 2)).toEqual([[], []]);
  });

  it('zeros(n) is n exact zeros', () => {
    expect(show(zeros(3))).toEqual(['0', '0', '0']);
    expect(zeros(0)).toEqual([]);
  });

  it('ShapeError is an Error named ShapeError', () => {
    const e = new ShapeError('bad');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ShapeError');
    expect(e.message).toBe('bad');
  });
});
