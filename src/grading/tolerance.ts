/**
 * How one typed number is compared with a reference value (SPEC §6), as named
 * pure functions:
 *
 * - exact reference, exact typed value: rational equality; a decimal that
 *   correctly rounds the fraction to the shown precision (1/3 as 0.333,
 *   −91/64 = −1.421875 as −1.4219) is accepted with a note;
 * - exact reference, value typed through sigmoid/tanh/exp: equal up to
 *   floating-point rounding (FLOAT_SLACK), since the field asks for the value itself;
 * - numeric reference: `|x − e| ≤ max(atol, rtol·|e|)`.
 */
import { type Num, Fraction, isExact, toNumber } from '../core/num.js';
import type { Component } from './parse.js';
import type { Tolerance } from './types.js';

/** Relative slack when an exact value was typed as a double expression (`2*sigmoid(0)` for 1). */
export const FLOAT_SLACK = 1e-9;
/** A rounded decimal for a fraction must show at least this many significant digits (0.333 for 1/3, not 0.3). */
export const MIN_ROUNDED_SIGNIFICANT_DIGITS = 3;

/** How a component matched: `exact`, `rounded` (a correctly rounded decimal, noted), `close` (within tolerance), or not at all. */
export type ComponentMatch = 'exact' | 'rounded' | 'close' | null;

/**
 * Room for the double rounding of `x − e` itself, so an answer exactly on the
 * boundary (0.99 for 1 with atol 0.01: |0.99 − 1| = 0.010000000000000009 in doubles) counts as inside, as `≤` promises.
 */
export const BOUNDARY_SLACK = 1e-12;

/**
 * SPEC §6 numeric rule: `|x − e| ≤ max(atol, rtol·|e|)`.
 * @example withinTolerance(0.98, 0.98169, { rtol: 0.01, atol: 0.01 }) // true
 */
export function withinTolerance(x: number, e: number, tol: Tolerance): boolean {
  return Math.abs(x - e) <= Math.max(tol.atol, tol.rtol * Math.abs(e)) + BOUNDARY_SLACK * Math.max(1, Math.abs(e));
}

/** True when p/q has no finite decimal expansion (q has a prime factor other than 2 and 5). */
export function isNonTerminating(f: Fraction): boolean {
  let d = f.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d !== 1n;
}

/** `f` rounded half away from zero to `decimals` places, exactly. */
export function roundExact(f: Fraction, decimals: number): Fraction {
  const scale = 10n ** BigInt(decimals);
  const twice = (2n * f.n * scale) / f.d; // floor(2·|f|·10^k)
  const rounded = (twice + 1n) / 2n; // floor(|f|·10^k + 1/2)
  return new Fraction(f.s * rounded, scale);
}

function significantDigits(f: Fraction, decimals: number): number {
  const digits = ((f.n * 10n ** BigInt(decimals)) / f.d).toString().replace(/^0+/, '');
  return digits.length;
}

/**
 * Whether `typed`, shown with `decimals` places, is `value` correctly rounded:
 * `value` needs more places than shown (a non-terminating 1/3, or −91/64 =
 * −1.421875 shown to 4 places) and at least MIN_ROUNDED_SIGNIFICANT_DIGITS digits are shown.
 * @example roundsCorrectly(q(1, 3), q(333, 1000), 3)          // true
 * @example roundsCorrectly(q(-91, 64), q(-14219, 10000), 4)   // true
 * @example roundsCorrectly(q(1, 3), q(3, 10), 1)              // false: too few digits
 */
export function roundsCorrectly(value: Fraction, typed: Fraction, decimals: number): boolean {
  if (decimals > 40) return false;
  const rounded = roundExact(value, decimals);
  if (rounded.equals(value)) return false; // shown exactly at this precision: only the exact value is right
  if (significantDigits(typed, decimals) < MIN_ROUNDED_SIGNIFICANT_DIGITS) return false;
  return rounded.equals(typed);
}

/**
 * Compares one typed component with one reference number.
 * @example matchComponent({ v: q(333, 1000), decimals: 3 }, q(1, 3), DEFAULT_TOLERANCE) // 'rounded'
 */
export function matchComponent(typed: Component, reference: Num, tol: Tolerance): ComponentMatch {
  const x = typed.v;
  if (isExact(reference)) {
    if (isExact(x)) {
      if (x.equals(reference)) return 'exact';
      return typed.decimals !== undefined && roundsCorrectly(reference, x, typed.decimals) ? 'rounded' : null;
    }
    const e = toNumber(reference);
    return Math.abs(x - e) <= FLOAT_SLACK * Math.max(1, Math.abs(e)) ? 'exact' : null;
  }
  return withinTolerance(toNumber(x), reference, tol) ? 'close' : null;
}
