/**
 * Moodle Cloze (multianswer) subquestions: `{1:NUMERICAL:=0.98:0.01~%0%9.8:0.1#…}`,
 * `{1:SHORTANSWER:=5.5~=11&#47;2}` and `{1:MULTICHOICE_S:=ADJ~DET~NOUN}`, their
 * whole-number weights and the escaping of their options.
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
import { Fraction } from '../core/num.js';

/** One answer of a NUMERICAL or SHORTANSWER subquestion, as written and as Moodle stores it. */
export interface ClozeAnswer {
  /** A number in Moodle's stored form (NUMERICAL) or the exact text to match (SHORTANSWER). */
  text: string;
  /** Credit, 1 for `=`, 0 for `%0%`. */
  fraction: 0 | 1;
  /** NUMERICAL only: absolute error margin, in Moodle's stored form. */
  tolerance?: string;
  /** Shown when this answer matched (0 % catch answers say what Moodle made of the input). */
  feedback?: string;
}

/** The box types this exporter writes. */
export type BoxType = 'NUMERICAL' | 'SHORTANSWER';
/** Choice displays: a drop-down for plain-text options, a vertical radio list (typeset math) otherwise; both shuffled. */
export type ChoiceDisplay = 'MULTICHOICE_S' | 'MULTICHOICE_VS';

/**
 * `{w:TYPE:=right~%0%catch#feedback~…}`: the answers in order (Moodle credits
 * the first one that matches), options and feedback escaped for Cloze.
 * @example boxSubquestion(2, 'NUMERICAL', [{ text: '4', fraction: 1, tolerance: '0' }]) // "{2:NUMERICAL:=4:0}"
 * @example boxSubquestion(1, 'SHORTANSWER', [{ text: '11/2', fraction: 1 }]) // "{1:SHORTANSWER:=11&#47;2}"
 */
export function boxSubquestion(weight: number, type: BoxType, answers: readonly ClozeAnswer[]): string {
  if (!answers.some((a) => a.fraction === 1)) throw new Error(`a ${type} box needs a right answer`);
  const alternatives = answers.map((a) => {
    const mark = a.fraction === 1 ? '=' : '%0%';
    const body = type === 'NUMERICAL' ? `${a.text}:${a.tolerance ?? '0'}` : escapeClozeOption(a.text);
    return `${mark}${body}${a.feedback ? `#${escapeClozeOption(a.feedback)}` : ''}`;
  });
  return `{${weightText(weight)}:${type}:${alternatives.join('~')}}`;
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
 * `{w:MULTICHOICE_S:~wrong~=right~…}`: options Moodle shuffles per attempt,
 * as a drop-down (`MULTICHOICE_S`, plain text) or a radio list
 * (`MULTICHOICE_VS`, HTML: pass options already HTML-escaped); `=` marks the
 * right option. The options keep the order given.
 * @example multichoiceSubquestion(1, ['ADJ', 'DET'], 'ADJ') // "{1:MULTICHOICE_S:=ADJ~DET}"
 */
export function multichoiceSubquestion(weight: number, options: readonly string[], correct: string, display: ChoiceDisplay = 'MULTICHOICE_S'): string {
  if (!options.includes(correct)) throw new Error(`the right option ${JSON.stringify(correct)} is not among ${JSON.stringify(options)}`);
  if (options.length < 2) throw new Error('a Moodle multiple-choice subquestion needs at least 2 options');
  const alternatives = options.map((o) => `${o === correct ? '=' : ''}${escapeClozeOption(o)}`);
  return `{${weightText(weight)}:${display}:${alternatives.join('~')}}`;
}

function weightText(weight: number): string {
  if (!Number.isInteger(weight) || weight < 0) throw new Error(`a Cloze weight must be a whole number ≥ 0, got ${weight}`);
  return String(weight);
}

/**
 * The smallest whole number m that makes every share × m whole: Cloze weights
 * (`{N:…}`) take digits only, and Moodle's mark of a Cloze question is the sum
 * of its weights, so a question's mark is m × its points.
 * @example weightMultiplier([q(1, 2), q(1, 3), q(2)]) // 6
 */
export function weightMultiplier(shares: Iterable<Fraction>): number {
  let lcm = 1n;
  for (const f of shares) lcm = (lcm * f.d) / gcd(lcm, f.d);
  return Number(lcm);
}

/**
 * A share of points as a whole-number weight, scaled by the multiplier.
 * @example integerWeight(q(1, 3), 6) // 2
 */
export function integerWeight(share: Fraction, multiplier: number): number {
  const w = share.mul(multiplier);
  if (w.d !== 1n) throw new Error(`the weight ${share.toFraction()} × ${multiplier} is not a whole number`);
  return Number(w.n * w.s);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}
