/**
 * Fast paths for the gated families' arithmetic, giving the same values as
 * linalg's matVec and vecSum. Generation runs a problem's forward pass about
 * seven times (untraced, traced, once per named mistake), and an LSTM step
 * multiplies eight matrices, so fraction.js arithmetic on BigInts dominated.
 * Two facts make it cheap without changing a single value:
 *  - givens never change, so an exact product of a given matrix with a given
 *    (or already computed exact) vector is cached by identity and computed once;
 *  - small dyadic rationals (integers, halves: every generated problem) add and
 *    multiply exactly in doubles, so exact sums and products are taken in
 *    doubles and turned back into fractions once per component.
 * Anything else (thirds typed by hand, huge values, shape errors) goes through
 * linalg, so hand-typed problems get exactly the core's results.
 */
import { type Mat, type Vec, matVec, vecSum } from '../core/linalg.js';
import { type Num, isExact, q, toNumber } from '../core/num.js';

/** Below this, sums of products of dyadic numbers are exact in doubles (far below 2^53). */
const EXACT_DOUBLE_LIMIT = 2 ** 20;

/** Doubles of an exact vector or matrix row, and the largest (power-of-two) denominator; 0 when not small dyadic. */
interface Numeric {
  xs: number[];
  dyadicDen: number;
}
const numericCache = new WeakMap<readonly Num[], Numeric>();

function numeric(v: readonly Num[]): Numeric {
  let cached = numericCache.get(v);
  if (cached) return cached;
  let den = 1;
  const xs = v.map((x) => {
    const value = toNumber(x);
    if (den === 0) return value;
    const d = isExact(x) ? Number(x.d) : 0;
    if (d === 0 || (d & (d - 1)) !== 0 || d > EXACT_DOUBLE_LIMIT || Math.abs(value) > EXACT_DOUBLE_LIMIT) den = 0;
    else if (d > den) den = d;
    return value;
  });
  cached = { xs, dyadicDen: den };
  numericCache.set(v, cached);
  return cached;
}

const allNumbers = (v: Vec): v is number[] => v.every((x) => typeof x === 'number');

/** A matrix as rows of doubles, made once per matrix (one cache lookup per product). */
const numericRowsCache = new WeakMap<Mat, number[][]>();
function numericRows(m: Mat): number[][] {
  let rows = numericRowsCache.get(m);
  if (!rows) numericRowsCache.set(m, (rows = m.map((row) => row.map(toNumber))));
  return rows;
}
const allExact = (v: Vec): boolean => v.every((x) => typeof x !== 'number');

/** Exact products already taken: matrix → vector → M v. */
const productCache = new WeakMap<Mat, WeakMap<Vec, Vec>>();

/**
 * `M v`. A vector with a numeric component gives a numeric result (SPEC §3),
 * taken in doubles; an exact one is cached per (M, v).
 * @example gatedMatVec([[q(1), q(1)], [q(0), q(1)]], [q(1), q(1)]) // [2, 1] exact
 */
export function gatedMatVec(m: Mat, v: Vec): Vec {
  if ((m[0]?.length ?? 0) !== v.length) return matVec(m, v);
  if (!allExact(v)) {
    const xs = allNumbers(v) ? v : v.map(toNumber);
    return numericRows(m).map((w) => {
      let s = 0;
      for (let j = 0; j < w.length; j++) s += (w[j] as number) * (xs[j] as number);
      return s;
    });
  }
  let byVector = productCache.get(m);
  if (!byVector) productCache.set(m, (byVector = new WeakMap()));
  let out = byVector.get(v);
  if (!out) {
    out = exactProduct(m, v);
    byVector.set(v, out);
  }
  return out;
}

function exactProduct(m: Mat, v: Vec): Vec {
  const x = numeric(v);
  const rows = m.map(numeric);
  const den = x.dyadicDen * Math.max(...rows.map((r) => r.dyadicDen));
  if (!x.dyadicDen || rows.some((r) => !r.dyadicDen) || den > EXACT_DOUBLE_LIMIT) return matVec(m, v);
  return rows.map((r) => {
    let s = 0;
    for (let j = 0; j < r.xs.length; j++) s += (r.xs[j] as number) * (x.xs[j] as number);
    return q(Math.round(s * den), den);
  });
}

/**
 * The sum of vectors of one length: exact when every term is (in doubles when
 * they are small dyadic), numeric as soon as one component is.
 * @example gatedSum([[q(2), q(1)], [q(0), q(23)]]) // [2, 24] exact
 */
export function gatedSum(vs: Vec[]): Vec {
  if (vs.length === 0 || vs.some((v) => v.length !== (vs[0] as Vec).length)) return vecSum(vs);
  const first = vs[0] as Vec;
  if (vs.every(allExact)) {
    const parts = vs.map(numeric);
    const den = Math.max(...parts.map((p) => p.dyadicDen));
    if (parts.some((p) => !p.dyadicDen)) return vecSum(vs);
    return first.map((_, i) => {
      let s = 0;
      for (const p of parts) s += p.xs[i] as number;
      return q(Math.round(s * den), den);
    });
  }
  const doubles = vs.map((v) => (allNumbers(v) ? v : numeric(v).xs));
  return first.map((_, i) => {
    let s = 0;
    for (const xs of doubles) s += xs[i] as number;
    return s;
  });
}
