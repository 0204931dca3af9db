/**
 * Scalars that know whether they are exact.
 *
 * A `Num` is either a `Fraction` (exact, from fraction.js) or a JS `number`
 * (numeric, a double). Every operation keeps exactness when both operands are
 * exact and falls back to doubles as soon as one is numeric — SPEC §3: "a value
 * computed from a numeric one is numeric".
 *
 * @example
 *   add(q(1, 2), q(3))   // Fraction 7/2 (exact)
 *   add(q(1, 2), 0.25)   // 0.75 (numeric)
 */
import Fraction from 'fraction.js';

export { Fraction };
export type Num = Fraction | number;

/** An exact rational `n/d`. */
export function q(n: number | bigint | string, d?: number | bigint): Fraction {
  if (d === undefined) return new Fraction(n);
  if (typeof n === 'string') throw new TypeError('q(n, d) takes numbers');
  return new Fraction(n, d);
}

/**
 * Shared Fractions for the small integers and halves that generated problems
 * are made of. Fractions are immutable, so sharing is safe, and it spares the
 * BigInt work of building the same few values millions of times in generation.
 * Each shared Fraction also carries its double under a private, non-enumerable
 * symbol (invisible to JSON, equality checks and fraction.js), so `toNumber` on
 * it is one property load instead of BigInt arithmetic.
 */
const SMALL_LIMIT = 1024;
const DOUBLE = Symbol('double');
type SharedFraction = Fraction & { readonly [DOUBLE]?: number };

function share(f: Fraction): Fraction {
  Object.defineProperty(f, DOUBLE, { value: fractionToDouble(f) });
  return f;
}
const smallIntegers = Array.from({ length: 2 * SMALL_LIMIT + 1 }, (_, i) => share(new Fraction(i - SMALL_LIMIT)));
const smallHalves = Array.from({ length: 2 * SMALL_LIMIT + 1 }, (_, i) => share(new Fraction(i - SMALL_LIMIT, 2)));

/**
 * The exact value k/den for an integer k (den a positive integer), shared when small.
 * @example scaled(7, 2) // Fraction 7/2
 */
export function scaled(k: number, den: number): Fraction {
  if (Math.abs(k) <= SMALL_LIMIT) {
    if (den === 1) return smallIntegers[k + SMALL_LIMIT] as Fraction;
    if (den === 2) return (k % 2 === 0 ? smallIntegers[k / 2 + SMALL_LIMIT] : smallHalves[k + SMALL_LIMIT]) as Fraction;
  }
  return new Fraction(k, den);
}

/**
 * The double of a shared small Fraction (see `scaled`), undefined for any other.
 * @example sharedDouble(scaled(3, 2)) // 1.5
 */
export function sharedDouble(x: Fraction): number | undefined {
  return (x as SharedFraction)[DOUBLE];
}

/** fraction.js's valueOf (Number(s·n) / Number(d)) without the BigInt product: the same double. */
function fractionToDouble(x: Fraction): number {
  const v = quotientOfBigInts(x.n, x.d);
  return x.s < 0n ? -v : v;
}

/**
 * n / d for non-negative BigInts as a double, also when n or d alone is beyond a
 * double's range: Number(n) = Infinity would give Infinity / Infinity = NaN for a
 * moderate quotient such as 2^1280 / 3^800 ≈ 4185. Both are then shifted right by
 * the same number of bits so that the longer keeps 1,000 bits, far more than a
 * double's 53, which leaves the quotient as exact as a double can hold.
 * @example quotientOfBigInts(2n ** 1100n, 2n ** 1099n) // 2
 */
function quotientOfBigInts(n: bigint, d: bigint): number {
  const [a, b] = [Number(n), Number(d)];
  if (a !== Infinity && b !== Infinity) return a / b;
  const shift = BigInt(Math.max(n.toString(2).length, d.toString(2).length) - 1000);
  return Number(n >> shift) / Number(d >> shift);
}

export const ZERO = scaled(0, 1);
export const ONE = scaled(1, 1);

export function isExact(x: Num): x is Fraction {
  return typeof x !== 'number';
}

export function toNumber(x: Num): number {
  if (typeof x === 'number') return x;
  const shared = (x as SharedFraction)[DOUBLE];
  return shared === undefined ? fractionToDouble(x) : shared;
}

/**
 * The size budget of exact arithmetic: an exact value may hold at most this
 * many bits of numerator plus denominator. Every exact operation (+ − × ÷ and
 * powers) checks its result and throws ExactSizeError beyond it, so the cost of
 * any one operation is bounded (its operands are within the budget) and a
 * typed expression such as `(1/3)^64+(1/7)^64+…` cannot grow a sum without
 * bound. Generated values are a few bits; a 500-character decimal is ~3,300.
 */
export const MAX_EXACT_BITS = 4096;

/** An exact result beyond MAX_EXACT_BITS: grading reports the field as too large to grade exactly. */
export class ExactSizeError extends RangeError {
  override name = 'ExactSizeError';
  constructor() {
    super(`the value is too large to grade exactly (more than ${MAX_EXACT_BITS} bits of numerator and denominator)`);
  }
}

/** Parts below 2^64 never need the size check: two BigInt comparisons on the common path. */
const SMALL_PART = 1n << 64n;

/**
 * Bits of numerator plus denominator, rounded up to whole hex digits.
 * @example exactBits(q(1, 3)) // 8
 */
export function exactBits(x: Fraction): number {
  return x.n.toString(16).length * 4 + x.d.toString(16).length * 4;
}

/** `x` itself when it is within the budget; throws ExactSizeError otherwise. */
export function withinBudget(x: Fraction): Fraction {
  if (x.n < SMALL_PART && x.d < SMALL_PART) return x;
  if (exactBits(x) > MAX_EXACT_BITS) throw new ExactSizeError();
  return x;
}

export function add(a: Num, b: Num): Num {
  if (typeof a !== 'number' && typeof b !== 'number') return withinBudget(a.add(b));
  return toNumber(a) + toNumber(b);
}

export function sub(a: Num, b: Num): Num {
  if (typeof a !== 'number' && typeof b !== 'number') return withinBudget(a.sub(b));
  return toNumber(a) - toNumber(b);
}

export function mul(a: Num, b: Num): Num {
  if (typeof a !== 'number' && typeof b !== 'number') return withinBudget(a.mul(b));
  return toNumber(a) * toNumber(b);
}

export function div(a: Num, b: Num): Num {
  if (typeof a !== 'number' && typeof b !== 'number') return withinBudget(a.div(b));
  return toNumber(a) / toNumber(b);
}

export function neg(a: Num): Num {
  return typeof a === 'number' ? -a : a.neg();
}

/** True when an exact value is an integer. */
export function isInteger(x: Fraction): boolean {
  return x.d === 1n;
}

/** Denominator of an exact value as a JS number (safe for the small values we generate). */
export function denominator(x: Fraction): number {
  return Number(x.d);
}

/**
 * Text form: exact values as `7`, `-3/4`; numeric values at full precision.
 *
 * @example formatNum(q(-3, 4)) // "-3/4"
 */
export function formatNum(x: Num): string {
  return typeof x === 'number' ? String(x) : x.toFraction();
}
