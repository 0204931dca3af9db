/**
 * Exact arithmetic fast paths for the values generation produces.
 *
 * Generated problems hold small dyadic rationals only (integers, halves), and
 * sums of products of those are exact in doubles far below 2^53. So an exact
 * product or sum of such values is taken in doubles and turned back into a
 * fraction once per component: the same value fraction.js gives, without its
 * BigInt work on every multiply and add (generation runs a forward pass several
 * times per problem: untraced, traced, once per named mistake). Anything else —
 * thirds typed by hand, large values — returns null and the caller uses
 * fraction.js throughout.
 *
 * Givens never change, so a matrix's doubles and an exact product of a given
 * matrix with a given (or already computed) vector are cached by identity.
 */
import { type Num, isExact, scaled, toNumber } from './num.js';

/** Below this, sums of products of dyadic numbers are exact in doubles (far below 2^53). */
const EXACT_DOUBLE_LIMIT = 2 ** 20;

/** Doubles of an exact vector (or matrix row) and its largest power-of-two denominator; 0 when not small dyadic. */
interface Dyadic {
  xs: number[];
  den: number;
}

const dyadicCache = new WeakMap<readonly Num[], Dyadic>();

function dyadic(v: readonly Num[]): Dyadic {
  let cached = dyadicCache.get(v);
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
  cached = { xs, den };
  dyadicCache.set(v, cached);
  return cached;
}

/** Exact products already taken: matrix → vector → M v. */
const productCache = new WeakMap<readonly Num[][], WeakMap<readonly Num[], Num[]>>();

/**
 * `M v` for exact small dyadic M and v (shapes already checked), else null.
 * @example dyadicProduct([[q(1), q(1)], [q(0), q(1)]], [q(1), q(1)]) // [2, 1]
 */
export function dyadicProduct(m: readonly Num[][], v: readonly Num[]): Num[] | null {
  let byVector = productCache.get(m);
  const hit = byVector?.get(v);
  if (hit) return hit;
  const x = dyadic(v);
  if (!x.den) return null;
  const rows = m.map(dyadic);
  let den = x.den;
  for (const r of rows) {
    if (!r.den) return null;
    den = Math.max(den, x.den * r.den);
  }
  if (den > EXACT_DOUBLE_LIMIT) return null;
  const out = rows.map((r) => {
    let s = 0;
    for (let j = 0; j < r.xs.length; j++) s += (r.xs[j] as number) * (x.xs[j] as number);
    return scaled(Math.round(s * den), den);
  });
  if (!byVector) productCache.set(m, (byVector = new WeakMap()));
  byVector.set(v, out);
  return out;
}

/**
 * The sum of exact small dyadic vectors of one length, else null.
 * @example dyadicSum([[q(2), q(1)], [q(0), q(23)]]) // [2, 24]
 */
export function dyadicSum(vs: readonly (readonly Num[])[]): Num[] | null {
  if (!vs.every((v) => v.every(isExact))) return null;
  const parts = vs.map(dyadic);
  let den = 1;
  for (const p of parts) {
    if (!p.den) return null;
    den = Math.max(den, p.den);
  }
  return (vs[0] as readonly Num[]).map((_, i) => {
    let s = 0;
    for (const p of parts) s += p.xs[i] as number;
    return scaled(Math.round(s * den), den);
  });
}
