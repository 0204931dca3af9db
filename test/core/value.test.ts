/**
 * Values and their JSON form (SPEC §5): exact integers as JSON integers, other
 * exact values as "p/q", numeric values as doubles; and reading them back, where
 * a field stored exact takes integers and "p/q" strings only.
 */
import { describe, expect, it } from 'vitest';
import { type Num, q } from '../../src/core/num.js';
import { type Value, components, isExactValue, label, matrix, numFromJson, numToJson, scalar, valueToJson, vector } from '../../src/core/value.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/core/value.js'));

/** A Num shown so that exact 3 and numeric 3 differ. */
const show = (x: Num | undefined): string | number | undefined => (x === undefined || typeof x === 'number' ? x : `exact ${x.toFraction()}`);

describe('constructors and components', () => {
  it.each<[string, Value, { kind: string }, (string | number | undefined)[]]>([
    ['scalar', scalar(q(3)), { kind: 'scalar' }, ['exact 3']],
    ['vector', vector([q(1), 0.5]), { kind: 'vector' }, ['exact 1', 0.5]],
    [
      'matrix, rows first',
      matrix([
        [q(1), q(2)],
        [q(3), q(4)],
      ]),
      { kind: 'matrix' },
      ['exact 1', 'exact 2', 'exact 3', 'exact 4'],
    ],
    ['empty vector', vector([]), { kind: 'vector' }, []],
    ['label', label('LSTM'), { kind: 'label' }, []],
  ])('%s', (_, value, kind, want) => {
    expect(value).toMatchObject(kind);
    expect(components(value).map(show)).toEqual(want);
  });

  it('keeps what it was given', () => {
    const v = [q(1), q(2)];
    expect(vector(v).v).toBe(v);
    const rows = [[q(1)], [q(2)]];
    expect(matrix(rows)).toEqual({ kind: 'matrix', v: rows });
    expect(matrix(rows).v).toBe(rows);
    expect(label('gru')).toEqual({ kind: 'label', v: 'gru' });
    expect(scalar(0.25)).toEqual({ kind: 'scalar', v: 0.25 });
  });
});

describe('isExactValue', () => {
  it.each<[string, Value, boolean]>([
    ['exact scalar', scalar(q(1, 3)), true],
    ['numeric scalar', scalar(0.5), false],
    ['numeric integer scalar', scalar(2), false],
    ['exact vector', vector([q(1), q(-1, 2)]), true],
    ['vector with one numeric', vector([q(1), 0.5, q(2)]), false],
    ['vector numeric first', vector([0.5, q(1)]), false],
    ['empty vector', vector([]), true],
    ['exact matrix', matrix([[q(1)], [q(2)]]), true],
    ['matrix with one numeric', matrix([[q(1)], [2]]), false],
    ['label', label('x'), true],
  ])('%s → %s', (_, value, want) => {
    expect(isExactValue(value)).toBe(want);
  });
});

describe('numToJson and valueToJson', () => {
  it.each<[string, Num, number | string]>([
    ['numeric', 0.1, 0.1],
    ['numeric integer', 3, 3],
    ['exact integer', q(3), 3],
    ['exact negative integer', q(-3), -3],
    ['exact zero', q(0), 0],
    ['exact large integer', q(123456), 123456],
    ['exact half', q(1, 2), '1/2'],
    ['exact negative fraction', q(-7, 3), '-7/3'],
    ['exact reduced', q(4, 6), '2/3'],
  ])('%s', (_, x, want) => {
    expect(numToJson(x)).toBe(want);
  });

  it.each<[string, Value, unknown]>([
    ['scalar', scalar(q(-5, 2)), '-5/2'],
    ['vector', vector([q(2), q(1, 4), 0.75]), [2, '1/4', 0.75]],
    [
      'matrix',
      matrix([
        [q(1), q(-1, 2)],
        [0.5, q(0)],
      ]),
      [
        [1, '-1/2'],
        [0.5, 0],
      ],
    ],
    ['label', label('tanh'), 'tanh'],
  ])('%s', (_, value, want) => {
    expect(valueToJson(value)).toEqual(want);
  });
});

describe('numFromJson', () => {
  it.each<[unknown, boolean, string | number | undefined]>([
    // Stored exact: JSON integers and "p/q" (or integer) strings.
    [3, true, 'exact 3'],
    [-4, true, 'exact -4'],
    [2.5, true, undefined],
    ['3/4', true, 'exact 3/4'],
    ['-3/4', true, 'exact -3/4'],
    ['10/20', true, 'exact 1/2'],
    ['12', true, 'exact 12'],
    ['-0', true, 'exact 0'],
    [' 7 ', true, 'exact 7'],
    ['\t5/2\n', true, 'exact 5/2'],
    ['3/01', true, 'exact 3'],
    ['3/10', true, 'exact 3/10'],
    ['3/0', true, undefined],
    ['3/00', true, undefined],
    ['1.5', true, undefined],
    ['1e3', true, undefined],
    ['3/', true, undefined],
    ['/4', true, undefined],
    ['3/-4', true, undefined],
    ['--3', true, undefined],
    ['+3', true, undefined],
    ['3/4x', true, undefined],
    ['x3/4', true, undefined],
    ['3/4/5', true, undefined],
    ['', true, undefined],
    ['abc', true, undefined],
    // Stored numeric: finite JSON numbers only.
    [2.5, false, 2.5],
    [3, false, 3],
    ['3/4', false, undefined],
    ['3', false, undefined],
    [NaN, false, undefined],
    [Infinity, false, undefined],
    [-Infinity, true, undefined],
    // Anything else.
    [null, true, undefined],
    [undefined, false, undefined],
    [true, true, undefined],
    [[3], true, undefined],
    [{ n: 3 }, true, undefined],
  ])('%j (exact: %s) → %j', (raw, exact, want) => {
    expect(show(numFromJson(raw, exact))).toBe(want);
  });

  it('round-trips numToJson for exact values', () => {
    for (const x of [q(3), q(-1, 2), q(22, 7), q(0)]) {
      const back = numFromJson(numToJson(x), true);
      expect(show(back)).toBe(show(x));
    }
  });
});
