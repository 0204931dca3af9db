/**
 * The readers of a hand-typed given (src/families/givens.ts), as tables of raw
 * input → value or the exact message a teacher reads from `rnnquiz solve`, and
 * collectGivenErrors: every error of a given at once, wrong sizes left out once
 * the size itself could not be read.
 */
import { describe, expect, it } from 'vitest';
import Fraction from 'fraction.js';
import { GivenError } from '../../src/core/errors.js';
import { collectGivenErrors, readBoolean, readEnum, readExact, readMatrix, readObject, readPositiveInt, readScalar, readSequence, readStringList, readVector } from '../../src/families/givens.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/givens.js'));

/** The message of what `read` throws (outside a collection pass, a reader throws its first error). */
function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(GivenError);
    return (e as Error).message;
  }
  throw new Error('expected a GivenError');
}

/** Exact values as "p/q" text, so a table can say what it expects without fraction.js objects. */
const text = (v: unknown): unknown => (v instanceof Fraction ? v.toFraction() : Array.isArray(v) ? v.map(text) : v);

describe('readExact: one exact number', () => {
  it.each([
    [3, '3'],
    [-0.5, '-1/2'],
    ['-3/2', '-3/2'],
    [' 7 / 4 ', '7/4'],
    ['2.25', '9/4'],
    ['-12', '-12'],
    ['5/05', '1'],
  ])('reads %j as %s', (raw, want) => {
    expect(readExact(raw, 'U[0][1]').toFraction()).toBe(want);
  });

  it.each([
    ['1/0', '"1/0"'],
    ['1/00', '"1/00"'],
    ['x', '"x"'],
    ['3/', '"3/"'],
    ['.5', '".5"'],
    ['1e3', '"1e3"'],
    [Infinity, 'Infinity'],
    [NaN, 'NaN'],
    [null, 'null'],
    [undefined, 'nothing'],
    [[1, 2], 'a list of 2'],
    [{ n: 1 }, 'an object'],
    [true, 'true'],
    ['a very long string of forty-five characters...', '"a very long string of forty-five charact…"'],
    ['exactly forty characters, not one more!!', '"exactly forty characters, not one more!!"'],
  ])('refuses %j, naming it as %s', (raw, shown) => {
    expect(messageOf(() => readExact(raw, 'U[0][1]'))).toBe(`given.U[0][1]: expected a number (an integer, a decimal, or "p/q"), got ${shown}`);
  });
});

describe('readScalar, readVector, readMatrix, readSequence: shapes', () => {
  it('reads a scalar and says when it is missing', () => {
    expect(readScalar({ u: '1/2' }, 'u').toFraction()).toBe('1/2');
    expect(messageOf(() => readScalar({}, 'u'))).toBe('given.u: expected a number, got nothing (the field is missing)');
  });

  it('reads vectors of any or a pinned length', () => {
    expect(text(readVector({ h0: [1, '1/2'] }, 'h0'))).toEqual(['1', '1/2']);
    expect(text(readVector({ h0: [1, 2, 3] }, 'h0', 3))).toEqual(['1', '2', '3']);
  });

  it.each([
    [{}, undefined, 'given.h0: expected a list of numbers, got nothing (the field is missing)'],
    [{ h0: [] }, undefined, 'given.h0: expected a list of numbers, got 0 numbers'],
    [{ h0: [] }, 2, 'given.h0: expected a vector of 2 numbers, got 0 numbers'],
    [{ h0: 'zero' }, 2, 'given.h0: expected a vector of 2 numbers, got "zero"'],
    [{ h0: [1, 2, 3] }, 2, 'given.h0: expected a vector of 2 numbers, got 3 numbers'],
    [{ h0: [1, 'x'] }, 2, 'given.h0[1]: expected a number (an integer, a decimal, or "p/q"), got "x"'],
  ])('refuses %j (length %s)', (obj, length, message) => {
    expect(messageOf(() => readVector(obj, 'h0', length))).toBe(message);
  });

  it('reads matrices, with or without a pinned shape', () => {
    const m = [
      [1, 0, '-1/2'],
      [2, 1, 0],
    ];
    expect(text(readMatrix({ W: m }, 'W'))).toEqual([
      ['1', '0', '-1/2'],
      ['2', '1', '0'],
    ]);
    expect(text(readMatrix({ W: m }, 'W', 2, 3))).toHaveLength(2);
    expect(text(readSequence({ xs: [[1], [0]] }, 'xs', 1))).toEqual([['1'], ['0']]);
  });

  it.each([
    [{}, undefined, undefined, 'given.W: expected a matrix (a list of rows of equal length), got nothing (the field is missing)'],
    [{ W: [] }, 2, 3, 'given.W: expected a 2×3 matrix (2 rows of 3 numbers), got a list of 0'],
    [{ W: 7 }, 2, undefined, 'given.W: expected a matrix of 2 rows of equal length, got 7'],
    [{ W: [[1]] }, undefined, 3, 'given.W: expected a matrix whose rows have 3 numbers, got row 0 has 1 number'],
    [{ W: [[1, 2]] }, 2, 2, 'given.W: expected a 2×2 matrix (2 rows of 2 numbers), got 1 rows'],
    [{ W: [[1, 2], [3]] }, undefined, undefined, 'given.W: expected a matrix (a list of rows of equal length), got row 1 has 1 number, row 0 has 2'],
    [
      {
        W: [
          [1, 2],
          [3, 4, 5],
        ],
      },
      undefined,
      undefined,
      'given.W: expected a matrix (a list of rows of equal length), got row 1 has 3 numbers, row 0 has 2',
    ],
    [{ W: [[1, 2], 'row'] }, undefined, undefined, 'given.W[1]: expected a row of 2 numbers, got "row"'],
    [{ W: [[], []] }, undefined, undefined, 'given.W: expected a matrix (a list of rows of equal length), got row 0 has 0 numbers, row 0 has 0'],
    [{ W: [[1, 'y']] }, 1, 2, 'given.W[0][1]: expected a number (an integer, a decimal, or "p/q"), got "y"'],
  ])('refuses %j (rows %s, columns %s)', (obj, rows, cols, message) => {
    expect(messageOf(() => readMatrix(obj, 'W', rows, cols))).toBe(message);
  });
});

describe('readEnum, readBoolean, readPositiveInt, readStringList, readObject', () => {
  it('reads the allowed values', () => {
    expect(readEnum({ activation: 'tanh' }, 'activation', ['identity', 'tanh'])).toBe('tanh');
    expect(readBoolean({ bias: false }, 'bias')).toBe(false);
    expect(readBoolean({ bias: true }, 'bias')).toBe(true);
    expect(readPositiveInt({ d: 1 }, 'd')).toBe(1);
    expect(readPositiveInt({ d: 10_000 }, 'd')).toBe(10_000);
    expect(readPositiveInt({ d: 7 }, 'd', 7)).toBe(7);
    expect(readStringList({ labels: ['A', 'B'] }, 'labels', 2)).toEqual(['A', 'B']);
    expect(readStringList({ labels: ['A', 'B', 'C'] }, 'labels')).toEqual(['A', 'B', 'C']);
    expect(readObject({ h0: [1] }, ['h0', 'xs'])).toEqual({ h0: [1] });
  });

  it.each([
    [() => readEnum({}, 'activation', ['identity', 'tanh']), 'given.activation: expected one of "identity", "tanh", got nothing (the field is missing)'],
    [() => readEnum({ activation: 'relu' }, 'activation', ['identity', 'tanh']), 'given.activation: expected one of "identity", "tanh", got "relu"'],
    [() => readEnum({ activation: 1 }, 'activation', ['identity']), 'given.activation: expected one of "identity", got 1'],
    [() => readBoolean({}, 'bias'), 'given.bias: expected true or false, got nothing (the field is missing)'],
    [() => readBoolean({ bias: 'yes' }, 'bias'), 'given.bias: expected true or false, got "yes"'],
    [() => readBoolean({ bias: 1 }, 'bias'), 'given.bias: expected true or false, got 1'],
    [() => readPositiveInt({}, 'd'), 'given.d: expected a whole number from 1 to 10000, got nothing (the field is missing)'],
    [() => readPositiveInt({ d: 0 }, 'd'), 'given.d: expected a whole number from 1 to 10000, got 0'],
    [() => readPositiveInt({ d: 10_001 }, 'd'), 'given.d: expected a whole number from 1 to 10000, got 10001'],
    [() => readPositiveInt({ d: 8 }, 'd', 7), 'given.d: expected a whole number from 1 to 7, got 8'],
    [() => readPositiveInt({ d: 2.5 }, 'd'), 'given.d: expected a whole number from 1 to 10000, got 2.5'],
    [() => readPositiveInt({ d: '3' }, 'd'), 'given.d: expected a whole number from 1 to 10000, got "3"'],
    [() => readStringList({}, 'labels'), 'given.labels: expected a list of strings, got nothing (the field is missing)'],
    [() => readStringList({ labels: ['A', 2] }, 'labels'), 'given.labels: expected a list of strings, got a list of 2'],
    [() => readStringList({ labels: ['A', ' '] }, 'labels'), 'given.labels: expected a list of strings, got a list of 2'],
    [() => readStringList({ labels: ['A', 'B'] }, 'labels', 3), 'given.labels: expected a list of 3 strings, got a list of 2'],
    [() => readStringList({ labels: ['A', 'A'] }, 'labels', 2), 'given.labels: expected a list of 2 strings, all different, got a repeated string'],
    [() => readStringList({ labels: 'AB' }, 'labels'), 'given.labels: expected a list of strings, got "AB"'],
    [() => readObject([1], ['h0']), 'given.(given): expected an object, got a list of 1'],
    [() => readObject(null, ['h0']), 'given.(given): expected an object, got null'],
    [() => readObject('h0', ['h0']), 'given.(given): expected an object, got "h0"'],
    [() => readObject({ h0: [1], lables: [2] }, ['h0', 'labels']), 'given.lables: no such field; did you mean "labels"? (allowed: h0, labels)'],
  ])('%#: %s', (read, message) => {
    expect(messageOf(read)).toBe(message);
  });
});

describe('collectGivenErrors: every error at once', () => {
  /** A small parse in the shape of a family's: h0 fixes n, then W must be n×2 and labels 3 distinct strings. */
  const parse = (raw: unknown) =>
    collectGivenErrors(() => {
      const obj = readObject(raw, ['h0', 'W', 'labels', 'bias']);
      const h0 = readVector(obj, 'h0');
      const W = readMatrix(obj, 'W', h0.length, 2);
      const labels = readStringList(obj, 'labels', 3);
      const bias = readBoolean(obj, 'bias');
      return { h0, W, labels, bias };
    });

  it('returns the parse when nothing is wrong', () => {
    const r = parse({
      h0: [1, 2],
      W: [
        [1, 0],
        [0, '1/2'],
      ],
      labels: ['A', 'B', 'C'],
      bias: true,
    });
    expect(text(r.W)).toEqual([
      ['1', '0'],
      ['0', '1/2'],
    ]);
    expect(r.bias).toBe(true);
  });

  it('lists every wrong field, one per line, in the order they are read', () => {
    let error: GivenError | undefined;
    try {
      parse({ h0: [1, 'two'], W: [[1, 0]], labels: ['A'], bias: 'no', extra: 1 });
    } catch (e) {
      error = e as GivenError;
    }
    expect(error?.all?.map((e) => e.field)).toEqual(['extra', 'h0[1]', 'W', 'labels', 'bias']);
    expect(error?.message.split('\n')).toEqual([
      'given.extra: no such field (allowed: h0, W, labels, bias)',
      'given.h0[1]: expected a number (an integer, a decimal, or "p/q"), got "two"',
      'given.W: expected a 2×2 matrix (2 rows of 2 numbers), got 1 rows',
      'given.labels: expected a list of 3 strings, got a list of 1',
      'given.bias: expected true or false, got "no"',
    ]);
  });

  it('reports a wrong number inside a wrongly sized matrix or vector too', () => {
    const messages = () => {
      try {
        parse({ h0: [1, 2], W: [[1, 'x', 3]], labels: ['A', 'B', 'C'], bias: false });
      } catch (e) {
        return (e as Error).message.split('\n');
      }
      return [];
    };
    expect(messages()).toEqual(['given.W[0][1]: expected a number (an integer, a decimal, or "p/q"), got "x"', 'given.W: expected a 2×2 matrix (2 rows of 2 numbers), got 1 rows']);
  });

  it('leaves out wrong sizes once the field that fixes the size is unreadable', () => {
    // h0 missing: n is unknown (its stand-in has length 1), so W's rows of 3 against 2 columns and the
    // 2 labels against 3 are wrong sizes, and are left out: only the one real mistake is reported.
    expect(messageOf(() => parse({ W: [[1, 0, 0]], labels: ['A', 'B'], bias: true }))).toBe('given.h0: expected a list of numbers, got nothing (the field is missing)');
    // With h0 readable, the same W and labels are reported.
    expect(messageOf(() => parse({ h0: [1], W: [[1, 0, 0]], labels: ['A', 'B'], bias: true })).split('\n')).toEqual([
      'given.W: expected a 1×2 matrix (1 rows of 2 numbers), got row 0 has 3 numbers',
      'given.labels: expected a list of 3 strings, got a list of 2',
    ]);
  });

  it('a single error is thrown as it is; an error that is not a GivenError passes through', () => {
    expect(messageOf(() => parse({ h0: [1], W: [[1, 0]], labels: ['A', 'B', 'C'] }))).toBe('given.bias: expected true or false, got nothing (the field is missing)');
    expect(() =>
      collectGivenErrors(() => {
        throw new RangeError('a bug, not a given');
      }),
    ).toThrow(RangeError);
  });

  it('a check of the family that throws after the readers ends the pass with the errors so far', () => {
    let error: GivenError | undefined;
    try {
      collectGivenErrors(() => {
        readBoolean({}, 'bias');
        throw new GivenError('U', 'a square matrix', '2×3');
      });
    } catch (e) {
      error = e as GivenError;
    }
    expect(error?.message).toBe('given.bias: expected true or false, got nothing (the field is missing)\ngiven.U: expected a square matrix, got 2×3');
  });

  it('outside a pass, readers throw at the first error; a nested pass joins the outer one', () => {
    expect(() => readBoolean({}, 'bias')).toThrow(GivenError);
    let error: GivenError | undefined;
    try {
      collectGivenErrors(() => {
        readBoolean({}, 'a');
        collectGivenErrors(() => readBoolean({}, 'b'));
        return readBoolean({}, 'c');
      });
    } catch (e) {
      error = e as GivenError;
    }
    expect(error?.all?.map((e) => e.field)).toEqual(['a', 'b', 'c']);
  });
});
