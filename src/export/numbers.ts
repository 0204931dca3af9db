/**
 * Numbers as Moodle stores and reads them, and the answer lists that make a
 * Cloze box credit what rnnquiz's grader credits (grading/tolerance.ts).
 *
 * What Moodle does with them (qtype_numerical, Moodle 4.x/5.x):
 * - an answer or tolerance is stored as a PHP float turned back into text,
 *   i.e. at 14 significant digits (`precision = 14`); `moodleNumber` writes
 *   that form, so the value in the XML is the value Moodle keeps, and the box
 *   width Moodle derives from its length is known;
 * - a response is read as its leading number only: spaces are dropped, on an
 *   English site every comma is dropped (`0,9817` is 9817), and whatever
 *   follows the number is an ignored "unit" (`11/2` is 11, `4/2` is 4); a
 *   Unicode minus makes the response unreadable (no credit, no feedback).
 *
 * Hence exact values go into SHORTANSWER boxes (the accepted strings listed
 * one by one, see `exactForms`), where `4/2` is simply not one of them, and
 * values with a tolerance into NUMERICAL boxes with 0 % "catch" answers at
 * the value a decimal comma turns them into (`commaCatches`).
 */
import { type Fraction, toNumber } from '../core/num.js';
import { roundExact, roundsCorrectly } from '../grading/tolerance.js';

/** PHP's `precision` ini default: significant digits of a float printed as text. */
export const PHP_PRECISION = 14;

/**
 * A double as PHP 8 prints it with `precision = 14` (`(string) $float`), the
 * form Moodle stores a NUMERICAL answer in: 14 significant digits, trailing
 * zeros dropped, `1.0E-7` style below 1e-4 and from 1e15 on.
 * @example moodleNumber(0.9816903928255046) // "0.9816903928255"
 * @example moodleNumber(4.138549218855146e-8) // "4.1385492188551E-8"
 * @example moodleNumber(1e-7) // "1.0E-7"
 */
export function moodleNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot export the non-finite value ${x} to Moodle`);
  if (x === 0) return '0';
  const { digits, exponent } = roundHalfEven(Math.abs(x));
  const point = exponent + 1; // digits before the decimal point
  const sign = x < 0 ? '-' : '';
  if (point < -3 || point > PHP_PRECISION) {
    const m = digits.length === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (digits.length <= point) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Exact decimal of a fraction whose denominator has no prime factor but 2 and 5; undefined otherwise.
 * @example terminatingDecimal(q(-7, 8)) // "-0.875"
 */
export function terminatingDecimal(f: Fraction): string | undefined {
  let places = 0;
  let scale = 1n;
  while ((f.n * scale) % f.d !== 0n) {
    if (++places > 60) return undefined;
    scale *= 10n;
  }
  const digits = ((f.n * scale) / f.d).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return (f.s < 0n && f.n !== 0n ? '-' : '') + body;
}

/**
 * |x| to PHP_PRECISION significant digits as PHP's dtoa does: correctly
 * rounded, an exact tie to even (38408766588386.5 → 38408766588386, where
 * `toExponential` would round up). 30 digits show a tie exactly: a double
 * differs from a 15-digit decimal by at least 1e-17 relative if at all.
 */
function roundHalfEven(size: number): { digits: string; exponent: number } {
  const [mantissa = '', exp = '0'] = size.toExponential(29).split('e');
  const all = mantissa.replace('.', '');
  const head = BigInt(all.slice(0, PHP_PRECISION));
  const rest = all.slice(PHP_PRECISION);
  const up = (rest[0] ?? '0') > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || head % 2n === 1n));
  let text = (up ? head + 1n : head).toString();
  let exponent = Number(exp);
  if (text.length > PHP_PRECISION) {
    text = text.slice(0, PHP_PRECISION); // 99…9 rounded up to 100…0
    exponent++;
  }
  return { digits: text.replace(/0+$/, '') || '0', exponent };
}

/** Zeros a student may add to an exact decimal (`5.5`, `5.50` … `5.50000`, `4.0000`); more are not listed. */
export const EXTRA_ZEROS = 4;
/** Longest correctly rounded decimal listed for a fraction without a finite decimal (1/3 → 0.333 … 0.3333333333). */
export const MAX_LISTED_SIGNIFICANT_DIGITS = 10;
/** The minus signs listed for a negative exact value: ASCII and U+2212, the one the PDF prints. */
const MINUS_SIGNS = ['-', '\u2212'] as const;

/** `x` (exact) written with exactly `decimals` places, without its sign. */
function fixed(x: Fraction, decimals: number): string {
  const digits = ((x.n * 10n ** BigInt(decimals)) / x.d).toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Decimal places of a terminating fraction (5.5 → 1, 4 → 0). */
function places(x: Fraction): number {
  const text = terminatingDecimal(x) ?? '';
  const at = text.indexOf('.');
  return at < 0 ? 0 : text.length - at - 1;
}

/**
 * Every text a student may type into a box for the exact value `x` that
 * rnnquiz's grader credits and Moodle can list: the exact decimal with up
 * to EXTRA_ZEROS extra zeros, the fraction in lowest terms as the key prints
 * it (`11/2`), each correctly rounded decimal the grader accepts
 * (roundsCorrectly: ≥ 3 significant digits, shown to fewer places than the
 * exact value needs; `2.38` for 19/8, never `2.380`), the same with a
 * decimal comma, `.5` for `0.5`, and for a negative value each with `-` and
 * with `−`. Anything else (`22/4`, `5.5000`, `4/2`) is not credited by Moodle.
 * @example exactForms(q(11, 2)) // ["5.5", "5.50", "5.500", "11/2", "5,5", "5,50", "5,500"]
 */
export function exactForms(x: Fraction): string[] {
  const size = x.abs();
  const decimals: string[] = [];
  const exact = terminatingDecimal(size);
  if (exact !== undefined) {
    const p = places(size);
    for (let extra = 0; extra <= EXTRA_ZEROS; extra++) decimals.push(fixed(size, p + extra));
  }
  // Places up to the exact decimal's, or up to MAX_LISTED_SIGNIFICANT_DIGITS for an endless one (0.0333…: 11 places).
  const limit = exact !== undefined ? places(size) - 1 : MAX_LISTED_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(toNumber(size)));
  for (let d = 1; d <= limit; d++) {
    const rounded = roundExact(size, d);
    // The grader's own rule decides (a correctly rounded decimal with enough significant digits).
    if (roundsCorrectly(size, rounded, d)) decimals.push(fixed(rounded, d));
  }
  const withLeadingDot = x.n === 0n ? decimals : decimals.flatMap((s) => (s.startsWith('0.') ? [s, s.slice(1)] : [s]));
  const fraction = size.d === 1n ? [] : [`${size.n}/${size.d}`];
  // A decimal comma only after a digit: rnnquiz reads `0,5` as 0.5 but `,5` as a separator.
  const commas = decimals.filter((s) => s.includes('.')).map((s) => s.replace('.', ','));
  const unsigned = [...withLeadingDot, ...fraction, ...commas];
  return x.s < 0n && x.n !== 0n ? MINUS_SIGNS.flatMap((m) => unsigned.map((s) => m + s)) : unsigned;
}

/** How many decimals typed with a comma are caught: `0,9` … `0,981690` (Moodle reads 9 … 981690). */
export const COMMA_CATCH_DECIMALS = 6;

/** A 0 % answer at what Moodle makes of a likely misreading, with the feedback the student sees. */
export interface CatchAnswer {
  value: number;
  tolerance: number;
  feedback: string;
}

export const COMMA_FEEDBACK = 'If you typed a decimal comma: Moodle drops it (0,25 is read as 25). Type decimals with a point.';

/**
 * The 0 % answers for a value `e` ± `tol` typed with a decimal comma: with k
 * decimals Moodle reads e·10^k, so each k in 1…COMMA_CATCH_DECIMALS gets the
 * interval (e ± tol)·10^k, unless it meets the right interval (then a
 * misreading is indistinguishable from a right answer, and the right answer,
 * listed first, wins).
 * @example commaCatches(0.98169, 0.01).map((c) => c.value) // [9.8169, 98.169, 981.69, …]
 */
export function commaCatches(e: number, tol: number): CatchAnswer[] {
  const catches: CatchAnswer[] = [];
  for (let k = 1; k <= COMMA_CATCH_DECIMALS; k++) {
    const value = e * 10 ** k;
    const tolerance = tol * 10 ** k;
    if (Math.abs(value - e) <= tolerance + tol) continue;
    catches.push({ value, tolerance, feedback: COMMA_FEEDBACK });
  }
  return catches;
}

/** The longest number PHP prints back unchanged (`-9.9999999999999E+299`): the widest a NUMERICAL filler can be. */
export const MAX_NUMERIC_FILLER = 21;

/**
 * A wrong NUMERICAL answer exactly `width` characters long that Moodle stores
 * unchanged, in the manner of R/exams' `numwidth`: Moodle sizes a Cloze box to
 * its longest stored answer, so one such answer in every box of a question
 * gives every box the same width. Nines up to 14 digits, then PHP-stable
 * forms with 14 significant digits (`-9999999999999.9`, `9.99999999999E+99`).
 * (A SHORTANSWER box stores text as typed: nines of any length do there.)
 * @example widthFiller(5) // "99999"
 */
export function widthFiller(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > MAX_NUMERIC_FILLER) throw new Error(`no width filler of ${width} characters`);
  if (width <= PHP_PRECISION) return '9'.repeat(width);
  if (width === 15) return `-${'9'.repeat(14)}`;
  if (width === 16) return `-${'9'.repeat(13)}.9`;
  if (width <= 19) return `9.${'9'.repeat(width - 6)}E+99`;
  return width === 20 ? `-9.${'9'.repeat(13)}E+99` : `-9.${'9'.repeat(13)}E+299`;
}
