/**
 * The doubles fast path of exact arithmetic (src/core/dyadic.ts, num.ts) gives
 * exactly what fraction.js gives, keeps exactness per component, and falls back
 * to fraction.js for values it cannot hold exactly in doubles.
 */
import { describe, expect, it } from 'vitest';
import { sweepSeeds } from '../support/fixture.js';
import { type Num, Fraction, add, isExact, mul, q, scaled, toNumber, ZERO } from '../../src/core/num.js';
import { matVec, vecSum } from '../../src/core/linalg.js';
import { createRng } from '../../src/core/rng.js';
import { numToJson } from '../../src/core/value.js';

/** M v with fraction.js (or doubles) only, one multiply and add at a time. */
function slowProduct(m: Num[][], v: Num[]): Num[] {
  return m.map((row) => row.reduce<Num>((s, w, j) => add(s, mul(w, v[j] as Num)), ZERO));
}

function slowSum(vs: Num[][]): Num[] {
  return (vs[0] as Num[]).map((_, i) => vs.slice(1).reduce<Num>((s, v) => add(s, v[i] as Num), (vs[0] as Num[])[i] as Num));
}

/** Same exactness and the same value, component by component. */
function expectSame(got: Num[], want: Num[]): void {
  expect(got.map(isExact)).toEqual(want.map(isExact));
  got.forEach((x, i) => {
    const w = want[i] as Num;
    if (isExact(x) && isExact(w)) expect(x.equals(w)).toBe(true);
    else expect(Object.is(toNumber(x), toNumber(w))).toBe(true);
  });
}

describe('shared small Fractions', () => {
  it('are ordinary Fractions: equal to fresh ones, same SPEC §5 JSON and text, the same double', () => {
    for (const [k, den] of [
      [7, 1],
      [-3, 2],
      [0, 1],
      [1024, 1],
      [-1023, 2],
    ] as const) {
      const shared = scaled(k, den);
      const fresh = q(k, den);
      expect(shared).toEqual(fresh);
      expect(numToJson(shared)).toEqual(numToJson(fresh));
      expect(shared.toFraction()).toBe(fresh.toFraction());
      expect(toNumber(shared)).toBe(fresh.valueOf());
      expect(Object.keys(shared)).toEqual(Object.keys(fresh));
    }
  });

  it('toNumber of any Fraction is fraction.js valueOf', () => {
    for (const f of [q(1, 3), q(-22, 7), q('123456789012345678901234567890'), q(-5, 64), new Fraction(0)]) expect(toNumber(f)).toBe(f.valueOf());
  });
});

describe('M v and sums through doubles', () => {
  const rng = createRng('exact-fast-path');
  const entry = (): Num => {
    const kind = rng.int(0, 9);
    if (kind === 0) return rng.int(-300, 300) / 7; // numeric
    if (kind === 1) return q(rng.int(-9, 9), 3); // exact, not dyadic
    if (kind === 2) return q(rng.int(-2000, 2000), 64); // dyadic, not shared
    if (kind === 3) return rng.int(0, 1) ? q(rng.int(-(2 ** 20), 2 ** 20) * 1001) : q(rng.int(-(2 ** 30), 2 ** 30), 1024); // too large for the fast path
    return scaled(rng.int(-20, 20), rng.int(1, 2)); // the generated kind: integers and halves
  };
  const vec = (n: number): Num[] => Array.from({ length: n }, entry);

  it('give fraction.js values for 2,000 random mixes of exact, dyadic, large and numeric values', () => {
    for (let k = 0; k < sweepSeeds(2000); k++) {
      const n = rng.int(1, 4);
      const m = Array.from({ length: rng.int(1, 4) }, () => vec(n));
      const v = vec(n);
      expectSame(matVec(m, v), slowProduct(m, v));
      const vs = Array.from({ length: rng.int(1, 4) }, () => vec(n));
      expectSame(vecSum(vs), slowSum(vs));
    }
  });

  it('keeps a component exact only when it is exact in every summand', () => {
    const got = vecSum([
      [scaled(2, 1), scaled(1, 2)],
      [0.5, scaled(23, 1)],
      [scaled(-1, 1), scaled(1, 2)],
    ]);
    expect(got[0]).toBe(1.5);
    expect(isExact(got[1] as Num) && (got[1] as Fraction).equals(24)).toBe(true);
  });

  it("is exact where a product's numerator would overflow 53 bits in doubles", () => {
    // x = 2^20 − 1 + 1/1024: small denominator, but x·x has a 60-bit numerator over 2^20.
    const x = q(2 ** 30 - 2 ** 10 + 1, 1024);
    const [got] = matVec([[x, x]], [x, q(1, 2)]);
    const want = x.mul(x).add(x.mul(q(1, 2)));
    expect(isExact(got as Num) && (got as Fraction).equals(want)).toBe(true);
  });
});
