/**
 * Moodle Cloze (multianswer) subquestions: `{1:NUMERICAL:=4:0}` and
 * `{1:MULTICHOICE_S:=ADJ~DET~NOUN}`, the numbers they carry and the escaping
 * of their options.
 *
 * What Moodle's parser does (qtype_multianswer `questiontype.php`, the
 * `ANSWER_REGEX` family; ported in cloze-parse.ts):
 *
 * - a subquestion starts only at `{` + digits + `:` + a type name + `:`, so TeX
 *   braces such as `h^{(1)}` in the surrounding text are never read as one
 *   (the rare `{1:NM:` or `{#1}` in typed text is defused by `neutralizeCloze`);
 * - an option ends at the first `~`, `#` or `}` not preceded by `\`, `&` or `&amp;`;
 * - afterwards only `\}` and `\#` are unescaped, then `html_entity_decode`
 *   runs. A backslash before `~`, `/`, `"` or `\` would therefore stay in the
 *   option as typed, so those characters are written as HTML entities
 *   (`&#126;` …), which the decode turns back into the character.
 */
import { type Num, Fraction, isExact, toNumber } from '../core/num.js';
import type { Tolerance } from '../grading/types.js';

/** A NUMERICAL answer as Moodle reads it: `value` ± `tolerance` (absolute). */
export interface NumericalAnswer {
  /** The decimal written after `=`, e.g. `"0.9816903985748545"`. */
  value: string;
  /** Absolute error margin written after the second `:`, e.g. `"0.01"`. */
  tolerance: string;
}

/**
 * Significant digits a student must type for a non-terminating fraction; the
 * same floor the grader uses (grading/tolerance.ts MIN_ROUNDED_SIGNIFICANT_DIGITS).
 */
const ROUNDED_DIGITS = 3;

/** Exact decimal of a fraction whose denominator has no prime factor but 2 and 5; undefined otherwise. */
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

/** A double as the shortest decimal that reads back as the same double (full precision). */
function fullPrecision(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot export the non-finite value ${x} to Moodle`);
  return String(x);
}

/**
 * The Moodle form of one answer component.
 *
 * - numeric value `e`: `e` at full double precision, tolerance `max(atol, rtol·|e|)`,
 *   the grader's own rule (SPEC §6) turned into Moodle's absolute margin;
 * - exact value with a finite decimal (integers, halves, 1/64 = 0.015625):
 *   that decimal with tolerance 0, so only the value itself passes (Moodle
 *   adds a float epsilon, nothing more), as the grader demands;
 * - exact value without one (1/3, hand-typed problems only): the double, with
 *   half a unit of the third significant digit as margin (1/3 → ± 0.0005).
 *   Every correct rounding to ≥ 3 significant digits (0.333, 0.3333 …) is
 *   inside, as the grader accepts; another fraction r/s is inside only when
 *   |p/q − r/s| ≥ 1/(q·s) is below that margin, so for 1/3 no fraction with a
 *   denominator below 666 is.
 *
 * @example numericalAnswer(q(7), DEFAULT_TOLERANCE) // { value: "7", tolerance: "0" }
 * @example numericalAnswer(0.98169, { rtol: 0.01, atol: 0.01 }) // { value: "0.98169", tolerance: "0.01" }
 * @example numericalAnswer(q(1, 3), DEFAULT_TOLERANCE) // { value: "0.3333333333333333", tolerance: "0.0005" }
 */
export function numericalAnswer(x: Num, tol: Tolerance): NumericalAnswer {
  if (!isExact(x)) return { value: fullPrecision(x), tolerance: fullPrecision(Math.max(tol.atol, tol.rtol * Math.abs(x))) };
  const exact = terminatingDecimal(x);
  if (exact !== undefined) return { value: exact, tolerance: '0' };
  const e = toNumber(x);
  const exponent = Math.floor(Math.log10(Math.abs(e)));
  // 0.5 · 10^(exponent − 2) written as a decimal literal, so no float noise such as 0.00050000001.
  const margin = `5e${exponent - ROUNDED_DIGITS}`;
  return { value: fullPrecision(e), tolerance: String(Number(margin)) };
}

/**
 * `{w:NUMERICAL:=value:tolerance}`.
 * @example numericalSubquestion(1, { value: '4', tolerance: '0' }) // "{1:NUMERICAL:=4:0}"
 */
export function numericalSubquestion(weight: number, answer: NumericalAnswer): string {
  return `{${weightText(weight)}:NUMERICAL:=${answer.value}:${answer.tolerance}}`;
}

/** Characters written as entities or backslash escapes inside an option (see the file comment). */
const OPTION_ESCAPES: Record<string, string> = {
  '}': '\\}',
  '#': '\\#',
  '~': '&#126;',
  '/': '&#47;',
  '"': '&quot;',
  '\\': '&#92;',
  '{': '&#123;',
  // `&#38;` rather than `&amp;`: an option may not end in `&amp;` before `~`, `#` or `}`.
  '&': '&#38;',
  '<': '&lt;',
  '>': '&gt;',
};

/**
 * One option text made safe for a MULTICHOICE subquestion; Moodle's import gives back `text`.
 * @example escapeClozeOption('many-to-many (encoder-decoder)') // unchanged
 * @example escapeClozeOption('a}b#c~d') // "a\\}b\\#c&#126;d"
 */
export function escapeClozeOption(text: string): string {
  return text.replace(/[}#~/"\\{&<>]/g, (c) => OPTION_ESCAPES[c] ?? c);
}

/**
 * `{w:MULTICHOICE_S:~wrong~=right~…}`: a drop-down whose options Moodle shuffles
 * per attempt; `=` marks the right option. The options keep the order given.
 * @example multichoiceSubquestion(1, ['ADJ', 'DET'], 'ADJ') // "{1:MULTICHOICE_S:=ADJ~DET}"
 */
export function multichoiceSubquestion(weight: number, options: readonly string[], correct: string): string {
  if (!options.includes(correct)) throw new Error(`the right option ${JSON.stringify(correct)} is not among ${JSON.stringify(options)}`);
  if (options.length < 2) throw new Error('a Moodle multiple-choice subquestion needs at least 2 options');
  const alternatives = options.map((o) => `${o === correct ? '=' : ''}${escapeClozeOption(o)}`);
  return `{${weightText(weight)}:MULTICHOICE_S:${alternatives.join('~')}}`;
}

function weightText(weight: number): string {
  if (!Number.isInteger(weight) || weight < 0) throw new Error(`a Cloze weight must be a whole number ≥ 0, got ${weight}`);
  return String(weight);
}

/**
 * Whole-number weights proportional to `shares` (Moodle's `{N:…}` takes digits
 * only): every share is scaled by the least common multiple of the
 * denominators, then the common divisor is taken out.
 * @example integerWeights([1 / 2, 1 / 2, 2]) // [1, 1, 4]
 */
export function integerWeights(shares: readonly (Fraction | number)[]): number[] {
  const fractions = shares.map((s) => (typeof s === 'number' ? new Fraction(s) : s));
  const lcm = fractions.reduce((acc, f) => (acc * f.d) / gcd(acc, f.d), 1n);
  const scaled = fractions.map((f) => (f.n * lcm) / f.d);
  const common = scaled.reduce((acc, w) => gcd(acc, w), 0n) || 1n;
  return scaled.map((w) => Number(w / common));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}
