/**
 * Reads a student's typed answer in the shape its field asks for: a number, a
 * vector of a given length, or a label. Shape problems (a vector of the wrong
 * length, a number where a vector belongs, a label that is not offered) are
 * format errors the student can fix, never a zero.
 */
import type { FieldSpec } from '../families/contract.js';
import { type Component, MAX_ANSWER_LENGTH, parseNumbers } from './parse.js';

export type ReadAnswer =
  | { ok: true; kind: 'numbers'; items: Component[]; notes: string[] }
  | { ok: true; kind: 'label'; label: string; notes: string[] }
  | { ok: false; message: string };

/** The shape part of a field: what the reader needs to know. */
export type AnswerShape = Pick<FieldSpec, 'shape' | 'choices'>;

/** True when the text holds nothing but whitespace (an over-long text is never blank: it is reported as too long, without scanning it). */
export function isBlank(text: string | undefined): boolean {
  return text === undefined || (text.length <= MAX_ANSWER_LENGTH && text.trim() === '');
}

/**
 * `0,88` reads as 0.88 only where a comma cannot be a separator: a one-number
 * field holding a single digit-comma-digit number, or a list separated by
 * semicolons whose every comma sits between digits (`(0,5; 1,25)`).
 */
export function commaIsDecimal(text: string, shape: AnswerShape['shape']): boolean {
  if (!text.includes(',')) return false;
  if (shape === 'scalar') return /^\s*[-+\u2212]?\d*,\d+\s*$/.test(text);
  return text.includes(';') && !/,(?!\d)|(?<!\d),/.test(text);
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

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Reads one answer for a field. Blank text must be handled before (see isBlank).
 * @example readAnswer('[4 0]ᵀ', { shape: 2 })          // ok, two exact numbers
 * @example readAnswer('[4, 0, 1]', { shape: 2 })       // { ok: false, message: 'expected a vector of 2 numbers, got 3 numbers' }
 * @example readAnswer('noun', { shape: 'label', choices: ['ADJ', 'DET', 'NOUN'] }) // label NOUN
 */
export function readAnswer(text: string, field: AnswerShape): ReadAnswer {
  if (text.length > MAX_ANSWER_LENGTH) return { ok: false, message: `the answer is ${text.length} characters long; at most ${MAX_ANSWER_LENGTH} are read` };
  if (field.shape === 'label') return readLabel(text, field);
  const comma = commaIsDecimal(text, field.shape);
  const parsed = parseNumbers(text, { commaDecimal: comma });
  if (!parsed.ok) return parsed;
  const notes = comma ? ['The comma was read as a decimal point.'] : [];
  const items = parsed.value.items;
  if (field.shape === 'scalar') {
    if (items.length !== 1) return { ok: false, message: `expected one number, got a vector of ${plural(items.length, 'number')}` };
    return { ok: true, kind: 'numbers', items, notes };
  }
  if (items.length !== field.shape) {
    const got = parsed.value.vector ? plural(items.length, 'number') : 'a single number';
    return { ok: false, message: `expected a vector of ${plural(field.shape, 'number')}, got ${got}` };
  }
  return { ok: true, kind: 'numbers', items, notes };
}
