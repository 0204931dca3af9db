/**
 * The random draws of src/families/draw.ts (SPEC §4: weights in [-3, 3],
 * inputs one-hot or in [-2, 2], halves mode in steps of 1/2), as properties
 * over seeds, and the zero tests that the degenerate-weight rule uses, on
 * hand-made vectors and matrices.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { q, toNumber, isExact, type Num } from '../../src/core/num.js';
import { drawEntry, drawInputs, drawMatrix, drawOneHot, drawVector, hasZeroRow, isZeroMatrix, isZeroVector } from '../../src/families/draw.js';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/draw.js'));

const seeds = () => Array.from({ length: sweepSeeds(100) }, (_, i) => `draw${i}`);
const numbers = (v: readonly Num[]): number[] => v.map(toNumber);
const isOneHot = (v: readonly Num[]): boolean => numbers(v).filter((x) => x === 1).length === 1 && numbers(v).every((x) => x === 0 || x === 1);

describe('drawEntry, drawVector, drawMatrix', () => {
  it('draws exact integers in [-range, range] by default, reaching both ends', () => {
    const all = seeds().flatMap((s) => numbers(drawVector(createRng(s), 30, 3)));
    expect(all.every((x) => Number.isInteger(x) && x >= -3 && x <= 3)).toBe(true);
    expect(Math.min(...all)).toBe(-3);
    expect(Math.max(...all)).toBe(3);
    const one = drawEntry(createRng('draw0'), 2);
    expect(isExact(one) && Number.isInteger(toNumber(one)) && Math.abs(toNumber(one)) <= 2).toBe(true);
  });

  it('draws multiples of 1/2 in [-range, range] in halves mode, halves and both ends included', () => {
    const all = seeds().flatMap((s) => numbers(drawVector(createRng(s), 30, 3, 'halves')));
    expect(all.every((x) => Number.isInteger(2 * x) && x >= -3 && x <= 3)).toBe(true);
    expect(all.some((x) => !Number.isInteger(x))).toBe(true);
    expect(Math.min(...all)).toBe(-3);
    expect(Math.max(...all)).toBe(3);
    const entries = seeds().map((s) => toNumber(drawEntry(createRng(s), 1, 'halves')));
    expect(entries.every((x) => [-1, -0.5, 0, 0.5, 1].includes(x))).toBe(true);
  });

  it('draws a rows × cols matrix, the same for the same seed', () => {
    for (const s of seeds()) {
      const m = drawMatrix(createRng(s), 2, 3, 3);
      expect(m.map((row) => row.length)).toEqual([3, 3]);
      expect(m.flat().every((x) => Number.isInteger(toNumber(x)) && Math.abs(toNumber(x)) <= 3)).toBe(true);
      expect(drawMatrix(createRng(s), 2, 3, 3).map(numbers)).toEqual(m.map(numbers));
    }
  });
});

describe('drawOneHot and drawInputs', () => {
  it('puts exactly one 1 among d − 1 zeros, at every position over the seeds', () => {
    for (const d of [1, 3, 5]) {
      const hot = new Set<number>();
      for (const s of seeds()) {
        const v = drawOneHot(createRng(`${s}-${d}`), d);
        expect(v, `d = ${d}, seed ${s}`).toHaveLength(d);
        expect(isOneHot(v), `d = ${d}, seed ${s}: ${numbers(v).join(' ')}`).toBe(true);
        hot.add(numbers(v).indexOf(1));
      }
      if (d < 5) expect([...hot].sort(), `d = ${d}`).toEqual(Array.from({ length: d }, (_, i) => i));
    }
  });

  it('draws T one-hot words, or T small integer vectors in [-2, 2]', () => {
    const oneHot = seeds().flatMap((s) => drawInputs(createRng(s), 3, 4, 'one-hot'));
    expect(oneHot).toHaveLength(3 * seeds().length);
    expect(oneHot.every(isOneHot)).toBe(true);
    const ints = seeds().flatMap((s) => drawInputs(createRng(s), 3, 4, 'integers'));
    expect(ints).toHaveLength(3 * seeds().length);
    expect(ints.every((x) => x.length === 4 && numbers(x).every((v) => Number.isInteger(v) && Math.abs(v) <= 2))).toBe(true);
    expect(ints.some((x) => !isOneHot(x))).toBe(true);
    expect(Math.min(...ints.flatMap(numbers))).toBe(-2);
  });
});

describe('isZeroVector, isZeroMatrix, hasZeroRow', () => {
  it.each([
    ['exact zeros', [q(0), q(0)], true],
    ['an exact 1/2', [q(0), q(1, 2)], false],
    ['double zeros', [0, -0], true],
    ['a double 0.25', [0, 0.25], false],
    ['a mix of exact and double zeros', [q(0), 0], true],
    ['empty', [], true],
  ])('isZeroVector: %s → %s', (_, v, zero) => {
    expect(isZeroVector(v)).toBe(zero);
  });

  it.each([
    [
      'all zero',
      [
        [q(0), 0],
        [0, q(0)],
      ],
      true,
      true,
    ],
    [
      'one zero row',
      [
        [q(0), q(0)],
        [q(1), q(0)],
      ],
      false,
      true,
    ],
    [
      'no zero row',
      [
        [q(0), q(-2)],
        [q(1), q(0)],
      ],
      false,
      false,
    ],
  ])('%s: isZeroMatrix %s, hasZeroRow %s', (_, m, zeroMatrix, zeroRow) => {
    expect(isZeroMatrix(m)).toBe(zeroMatrix);
    expect(hasZeroRow(m)).toBe(zeroRow);
  });
});
