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
 * Nothing is cached: the shared small Fractions carry their doubles (num.ts),
 * so reading a vector's doubles costs a property load per component, less than
 * a cache lookup would, and fresh vectors leave no cache entries for the GC.
 */
import { type Fraction, type Num, scaled, sharedDouble, toNumber } from './num.js';

/**
 * Operands taken in doubles: |value| ≤ 2^12 with a power-of-two denominator ≤ 2^10.
 * A product then has a denominator ≤ 2^20 and |value| ≤ 2^24, so every partial
 * sum of a row of up to 2^8 products is a multiple of 2^-20 below 2^32: exact in
 * a double's 53 bits.
 */
const VALUE_LIMIT = 2 ** 12;
const DENOMINATOR_LIMIT = 2 ** 10;

/**
 * The denominator of an exact value when it is a small dyadic rational (see
 * the limits above), else 0. `value` is its double.
 */
function dyadicDenominator(x: Fraction, value: number): number {
  // Shared Fractions are integers and halves in [-1024, 1024].
  if (sharedDouble(x) !== undefined) return Number.isInteger(value) ? 1 : 2;
  const d = Number(x.d);
  return (d & (d - 1)) !== 0 || d > DENOMINATOR_LIMIT || Math.abs(value) > VALUE_LIMIT ? 0 : d;
}

/**
 * The exact value of a double `s` known to be a multiple of 1/den (den a power of
 * two, s·den an integer below 2^53), as a shared Fraction whenever it is a small integer or half.
 */
function exactFromDouble(s: number, den: number): Fraction {
  if (Number.isInteger(s)) return scaled(s, 1);
  if (Number.isInteger(2 * s)) return scaled(2 * s, 2);
  return scaled(Math.round(s * den), den);
}

/** Doubles of an exact small dyadic vector into `out` and its largest denominator; 0 when it is not one. */
function readDyadic(v: readonly Num[], out: number[]): number {
  let den = 1;
  for (let j = 0; j < v.length; j++) {
    const x = v[j] as Num;
    if (typeof x === 'number') return 0;
    const value = toNumber(x);
    const d = dyadicDenominator(x, value);
    if (d === 0) return 0;
    if (d > den) den = d;
    out[j] = value;
  }
  return den;
}

/** Scratch doubles for one vector and one matrix row (generation is single-threaded per isolate). */
const vectorDoubles: number[] = [];
const rowDoubles: number[] = [];

/**
 * `M v` for exact small dyadic M and v (shapes already checked), else null.
 * @example dyadicProduct([[q(1), q(1)], [q(0), q(1)]], [q(1), q(1)]) // [2, 1]
 */
export function dyadicProduct(m: readonly Num[][], v: readonly Num[]): Num[] | null {
  const vDen = readDyadic(v, vectorDoubles);
  if (!vDen) return null;
  const out: Num[] = new Array<Num>(m.length);
  for (let i = 0; i < m.length; i++) {
    const row = m[i] as readonly Num[];
    const rDen = readDyadic(row, rowDoubles);
    if (!rDen || row.length > 256) return null;
    let s = 0;
    for (let j = 0; j < row.length; j++) s += (rowDoubles[j] as number) * (vectorDoubles[j] as number);
    out[i] = exactFromDouble(s, vDen * rDen);
  }
  return out;
}

/**
 * The sum of vectors of one length whose components are small dyadic exact
 * values or numeric doubles, else null. A component is exact when it is exact
 * in every vector, and numeric otherwise — with the same double fraction.js
 * and `add` give when summing left to right, since the exact partial sums are
 * exact in doubles.
 * @example dyadicSum([[q(2), q(1)], [q(0), q(23)]]) // [2, 24] (exact)
 * @example dyadicSum([[q(2), q(1)], [0.5, q(23)]])  // [2.5, 24] (numeric, exact)
 */
export function dyadicSum(vs: readonly (readonly Num[])[]): Num[] | null {
  const n = (vs[0] as readonly Num[]).length;
  const sums = new Array<number>(n);
  let numeric: boolean[] | undefined;
  let den = 1;
  for (let k = 0; k < vs.length; k++) {
    const v = vs[k] as readonly Num[];
    for (let i = 0; i < n; i++) {
      const x = v[i] as Num;
      let value: number;
      if (typeof x === 'number') {
        value = x;
        (numeric ??= new Array<boolean>(n).fill(false))[i] = true;
      } else {
        value = toNumber(x);
        const d = dyadicDenominator(x, value);
        if (d === 0) return null;
        if (d > den) den = d;
      }
      // Start from the first vector's own value (a numeric -0 stays -0, as with `add`).
      sums[i] = k === 0 ? value : (sums[i] as number) + value;
    }
  }
  const out: Num[] = new Array<Num>(n);
  for (let i = 0; i < n; i++) out[i] = numeric?.[i] ? (sums[i] as number) : exactFromDouble(sums[i] as number, den);
  return out;
}
