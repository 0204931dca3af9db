/**
 * Reads a student's typed answer in the shape its field asks for: a number, a
 * vector of a given length, or a label. Shape problems (a vector of the wrong
 * length, a number where a vector belongs, a label that is not offered) are
 * format errors the student can fix, never a zero.
 */
import type { FieldSpec } from '../families/contract.js';
import { type Component, MAX_ANSWER_LENGTH, parseNumbers } from './parse.js';

export type ReadAnswer =
  /** `notes` are added to a correct answer's feedback, `hint` to a wrong one's. */
  { ok: true; kind: 'numbers'; items: Component[]; notes: string[]; hint?: string } | { ok: true; kind: 'label'; label: string; notes: string[] } | { ok: false; message: string };

/** The shape part of a field: what the reader needs to know. */
export type AnswerShape = Pick<FieldSpec, 'shape' | 'choices'>;

/** True when the text holds nothing but whitespace (an over-long text is never blank: it is reported as too long, without scanning it). */
export function isBlank(text: string | undefined): boolean {
  return text === undefined || (text.length <= MAX_ANSWER_LENGTH && text.trim() === '');
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** A run of digits joined by commas with no space (`0,7311`, `0,7311,0,2689`): the only place a comma can be a decimal comma. */
const COMMA_CHAIN = /\d+(?:,\d+)+/g;
/** A whole answer that reads as digits in thousands groups: `30,256`, `-1,234,567` (the first group has no leading zero). */
const THOUSANDS = /^\s*[-+\u2212]?[1-9]\d{0,2}(?:,\d{3})+\s*$/;

/** How the commas of an answer are read, or why they cannot be. */
export type CommaReading = { commaDecimal: boolean; note?: string; hint?: string } | { message: string };

/**
 * Decides what the commas of a numeric answer mean, using the length the field
 * expects (`shape`). A comma followed by a space, or next to a bracket or
 * operator, always separates. A comma between two digits is a decimal comma
 * only when that is the one reading that fits:
 *
 * - a vector whose commas, read as separators, give the expected length keeps
 *   them as separators (`[1,2]` for a 2-vector);
 * - otherwise a digit-comma-digit number with ONE comma is a decimal
 *   (`[0,7311; 0,2689]`, `[0,7311, 0,2689]`, `0,7311 0,2689`, and `0,88` for a number);
 * - a chain with two or more commas (`[0,7311,0,2689]` for a 2-vector) can be
 *   split several ways: a format error asking for `;` or points. For one number
 *   in thousands groups (`1,234,567`) the message says to drop the separators.
 *
 * Thousands separators are never read as such (`30,256` could be 30.256): a
 * one-number answer in thousands groups read as a decimal carries a `hint`
 * that the grader shows when the answer is not right. It is shown whether or
 * not 30256 would be right, so it never gives the key away.
 * @example commaReading('[0,7311, 0,2689]', 2) // { commaDecimal: true, note: 'The commas between digits were read as decimal points.' }
 */
export function commaReading(text: string, shape: number | 'scalar'): CommaReading {
  const chains = text.match(COMMA_CHAIN);
  if (!chains) return { commaDecimal: false };
  if (shape !== 'scalar') {
    const asSeparators = parseNumbers(text);
    if (asSeparators.ok && asSeparators.value.items.length === shape) return { commaDecimal: false };
  }
  const long = chains.find((c) => c.split(',').length > 2);
  if (long !== undefined) {
    if (shape === 'scalar' && THOUSANDS.test(text)) return { message: `"${text.trim()}" looks like a number with thousands separators: write it without them (${text.replace(/[,\s]/g, '')})` };
    const want = shape === 'scalar' ? 'one number' : plural(shape, 'number');
    return {
      message: `the commas in "${long.slice(0, 30)}" could be decimal commas or separators, so it is not clear which ${want} you mean: write decimals with a point ([0.5, 1.25]) or separate the numbers with ";" ([0,5; 1,25])`,
    };
  }
  const hint = shape === 'scalar' && THOUSANDS.test(text) ? `Did you mean ${text.replace(/[,\s]/g, '')}? Write numbers without thousands separators.` : undefined;
  const note = chains.length === 1 ? 'The comma was read as a decimal point.' : 'The commas between digits were read as decimal points.';
  return { commaDecimal: true, note, ...(hint ? { hint } : {}) };
}

/** Lower case, dashes, underscores, brackets and runs of spaces folded to one space, quotes dropped. */
export function normalizeLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/["'`\u2018\u2019\u201c\u201d]/g, '')
    .replace(/[\s\-_\u2010-\u2015\u2212()]+/g, ' ')
    .trim();
}

function readLabel(text: string, field: AnswerShape): ReadAnswer {
  const choices = field.choices ?? [];
  const wanted = normalizeLabel(text);
  const byName = choices.find((c) => normalizeLabel(c) === wanted);
  if (byName !== undefined) return { ok: true, kind: 'label', label: byName, notes: [] };
  // An index from 0, as the lecture numbers its labels (index 0 = ADJ).
  if (/^\d{1,3}$/.test(wanted)) {
    const byIndex = choices[Number(wanted)];
    if (byIndex !== undefined) return { ok: true, kind: 'label', label: byIndex, notes: [] };
    return { ok: false, message: `there is no label with index ${wanted} (indices run from 0 to ${choices.length - 1})` };
  }
  if (choices.length === 0) return { ok: true, kind: 'label', label: text.trim(), notes: [] };
  return { ok: false, message: `"${text.trim().slice(0, 40)}" is not one of the labels (${choices.join(', ')}), nor an index from 0` };
}

/**
 * Reads one answer for a field. Blank text must be handled before (see isBlank).
 * @example readAnswer('[4 0]ᵀ', { shape: 2 })          // ok, two exact numbers
 * @example readAnswer('[4, 0, 1]', { shape: 2 })       // { ok: false, message: 'expected a vector of 2 numbers, got 3 numbers' }
 * @example readAnswer('noun', { shape: 'label', choices: ['ADJ', 'DET', 'NOUN'] }) // label NOUN
 */
export function readAnswer(text: string, field: AnswerShape): ReadAnswer {
  if (text.length > MAX_ANSWER_LENGTH) return { ok: false, message: `the answer is ${text.length} characters long; at most ${MAX_ANSWER_LENGTH} are read` };
  if (field.shape === 'label') return readLabel(text, field);
  const commas = commaReading(text, field.shape);
  if ('message' in commas) return { ok: false, message: commas.message };
  const parsed = parseNumbers(text, { commaDecimal: commas.commaDecimal });
  if (!parsed.ok) return parsed;
  const read = { ok: true as const, kind: 'numbers' as const, items: parsed.value.items, notes: commas.note ? [commas.note] : [], ...(commas.hint ? { hint: commas.hint } : {}) };
  const items = parsed.value.items;
  if (field.shape === 'scalar') {
    if (items.length !== 1) return { ok: false, message: `expected one number, got a vector of ${plural(items.length, 'number')}` };
    return read;
  }
  if (items.length !== field.shape) {
    const got = parsed.value.vector ? plural(items.length, 'number') : 'a single number';
    return { ok: false, message: `expected a vector of ${plural(field.shape, 'number')}, got ${got}` };
  }
  return read;
}
