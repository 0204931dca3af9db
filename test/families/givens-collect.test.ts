/**
 * Reading a hand-typed given while collecting every error at once
 * (collectGivenErrors in src/families/givens.ts): each failing reader records
 * its error and hands back a stand-in of the expected shape, so the parse
 * reaches the next field; a wrong size never hides a wrong number; once a
 * size-fixing field is lost, later wrong-size errors are left out (they would
 * only repeat it). Each row says what the teacher reads and what the parse
 * went on with.
 */
import { describe, expect, it } from 'vitest';
import { GivenError } from '../../src/core/errors.js';
import { collectGivenErrors, readBoolean, readEnum, readMatrix, readPositiveInt, readStringList, readVector } from '../../src/families/givens.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/givens.js'));

/** Runs `parse` collecting; returns the messages (one per error, in order) and what `parse` saw from the readers. */
function collect<T>(parse: () => T): { messages: string[]; seen: T | undefined } {
  let seen: T | undefined;
  try {
    collectGivenErrors(() => {
      seen = parse();
      return seen;
    });
    return { messages: [], seen };
  } catch (e) {
    if (!(e instanceof GivenError)) throw e;
    return { messages: (e.all ?? [e]).map((x) => x.message), seen };
  }
}

/** Numbers of a stand-in (or a read vector/matrix) as plain numbers. */
const plain = (x: unknown): unknown => (Array.isArray(x) ? x.map(plain) : Number((x as { valueOf(): number }).valueOf()));

describe('vectors while collecting', () => {
  it('a missing vector of known length stands in as that many zeros, and a later size check still counts', () => {
    const r = collect(() => [readVector({}, 'h0', 3), readVector({ b: [1, 2] }, 'b', 3)]);
    expect(r.messages).toEqual(['given.h0: expected a vector of 3 numbers, got nothing (the field is missing)', 'given.b: expected a vector of 3 numbers, got 2 numbers']);
    expect(plain(r.seen)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('a vector that fixes a size and cannot be read drops the later wrong-size errors, but not wrong numbers', () => {
    const r = collect(() => [readVector({ h0: 'x' }, 'h0'), readVector({ b: [1, 'y'] }, 'b', 3)]);
    expect(r.messages).toEqual(['given.h0: expected a list of numbers, got "x"', 'given.b[1]: expected a number (an integer, a decimal, or "p/q"), got "y"']);
    expect(plain(r.seen)).toEqual([[0], [0, 0, 0]]);
  });

  it('an empty list is "0 numbers"; a wrong size lists its wrong numbers first', () => {
    expect(collect(() => readVector({ v: [] }, 'v', 2)).messages).toEqual(['given.v: expected a vector of 2 numbers, got 0 numbers']);
    expect(collect(() => readVector({ v: [1, 'x', null] }, 'v', 2)).messages).toEqual([
      'given.v[1]: expected a number (an integer, a decimal, or "p/q"), got "x"',
      'given.v[2]: expected a number (an integer, a decimal, or "p/q"), got null',
      'given.v: expected a vector of 2 numbers, got 3 numbers',
    ]);
  });
});

describe('matrices while collecting', () => {
  it('a missing matrix of known shape stands in as rows × cols zeros; a later shape check still counts', () => {
    const r = collect(() => [readMatrix({}, 'U', 2, 3), readMatrix({ W: [[1]] }, 'W', 2, 1)]);
    expect(r.messages).toEqual(['given.U: expected a 2×3 matrix (2 rows of 3 numbers), got nothing (the field is missing)', 'given.W: expected a 2×1 matrix (2 rows of 1 numbers), got 1 rows']);
    expect(plain(r.seen)).toEqual([
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      [[0], [0]],
    ]);
  });

  it.each([
    ['rows unknown', [undefined, 2]],
    ['columns unknown', [2, undefined]],
    ['both unknown', [undefined, undefined]],
  ] as const)('a missing matrix with its %s loses the size: later wrong sizes are left out', (_name, [rows, cols]) => {
    const r = collect(() => [readMatrix({}, 'U', rows, cols), readVector({ b: [1] }, 'b', 2)]);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatch(/^given\.U: expected a .*, got nothing \(the field is missing\)$/);
  });

  it('wrong row count: the wrong numbers inside are named too, and the stand-in keeps the rows asked and the width typed', () => {
    const r = collect(() => readMatrix({ U: [[1, 'a', 3]] }, 'U', 2));
    expect(r.messages).toEqual(['given.U[0][1]: expected a number (an integer, a decimal, or "p/q"), got "a"', 'given.U: expected a matrix of 2 rows of equal length, got 1 rows']);
    expect(plain(r.seen)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('a row of the wrong width names its wrong numbers, then the width', () => {
    const r = collect(() =>
      readMatrix(
        {
          U: [
            [1, 2],
            [3, 'z', 5],
          ],
        },
        'U',
      ),
    );
    expect(r.messages).toEqual([
      'given.U[1][1]: expected a number (an integer, a decimal, or "p/q"), got "z"',
      'given.U: expected a matrix (a list of rows of equal length), got row 1 has 3 numbers, row 0 has 2',
    ]);
    expect(plain(r.seen)).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });

  it('after a size is lost, a wrong row count and a wrong row width are left out', () => {
    const r = collect(() => [readVector({}, 'h0'), readMatrix({ U: [[1]] }, 'U', 2), readMatrix({ W: [[1, 2], [3]] }, 'W', undefined, 2)]);
    expect(r.messages).toEqual(['given.h0: expected a list of numbers, got nothing (the field is missing)']);
  });
});

describe('other readers while collecting: the stand-in lets the parse go on', () => {
  it.each([
    ['a boolean', () => readBoolean({ f: 'yes' }, 'f'), 'given.f: expected true or false, got "yes"', false],
    ['an enum (the first value)', () => readEnum({ a: 'relu' }, 'a', ['identity', 'tanh']), 'given.a: expected one of "identity", "tanh", got "relu"', 'identity'],
    ['a whole number (1)', () => readPositiveInt({ T: 0 }, 'T', 6), 'given.T: expected a whole number from 1 to 6, got 0', 1],
    ['a string list of known length', () => readStringList({ labels: 'cat' }, 'labels', 3), 'given.labels: expected a list of 3 strings, got "cat"', ['label0', 'label1', 'label2']],
    ['a string list of unknown length (two)', () => readStringList({}, 'labels'), 'given.labels: expected a list of strings, got nothing (the field is missing)', ['label0', 'label1']],
    ['a repeated label', () => readStringList({ labels: ['a', 'a'] }, 'labels'), 'given.labels: expected a list of strings, all different, got a repeated string', ['label0', 'label1']],
  ] as [string, () => unknown, string, unknown][])('%s', (_name, read, message, standIn) => {
    const r = collect(read);
    expect(r.messages).toEqual([message]);
    expect(r.seen).toEqual(standIn);
  });

  it.each([
    [0, 'given.T: expected a whole number from 1 to 6, got 0'],
    [7, 'given.T: expected a whole number from 1 to 6, got 7'],
    [2.5, 'given.T: expected a whole number from 1 to 6, got 2.5'],
    ['3', 'given.T: expected a whole number from 1 to 6, got "3"'],
  ])('readPositiveInt refuses %j', (T, message) => {
    expect(() => readPositiveInt({ T }, 'T', 6)).toThrow(message);
  });

  it('a string list of the wrong length is a size error: left out once a size is lost', () => {
    expect(collect(() => [readVector({}, 'h0'), readStringList({ labels: ['a'] }, 'labels', 2)]).messages).toHaveLength(1);
    expect(collect(() => [readVector({}, 'h0'), readStringList({ labels: ['a', ''] }, 'labels', 2)]).messages).toEqual([
      'given.h0: expected a list of numbers, got nothing (the field is missing)',
      'given.labels: expected a list of 2 strings, got a list of 2',
    ]);
  });
});

describe('collectGivenErrors itself', () => {
  it("adds a family's own check that throws after the readers' errors, once", () => {
    const own = new GivenError('(given)', 'U and W of the same height');
    const r = collect(() => {
      readBoolean({}, 'f');
      throw own;
    });
    expect(r.messages).toEqual(['given.f: expected true or false, got nothing (the field is missing)', 'given.(given): expected U and W of the same height']);
  });

  it('a crash caused by a stand-in after an error is not reported (the error is); a crash with no error before is thrown', () => {
    const after = collect(() => {
      readBoolean({}, 'f');
      throw new TypeError('cannot read properties of a stand-in');
    });
    expect(after.messages).toEqual(['given.f: expected true or false, got nothing (the field is missing)']);
    expect(() => collectGivenErrors(() => (null as unknown as { x: number }).x)).toThrow(TypeError);
  });

  it('no error: the parse result is returned; collecting inside collecting reports to the outer pass', () => {
    expect(collectGivenErrors(() => 42)).toBe(42);
    const r = collect(() => collectGivenErrors(() => readBoolean({}, 'inner')) || readBoolean({}, 'outer'));
    expect(r.messages).toEqual(['given.inner: expected true or false, got nothing (the field is missing)', 'given.outer: expected true or false, got nothing (the field is missing)']);
  });
});
