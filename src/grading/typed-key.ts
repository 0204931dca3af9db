/**
 * The commonest answer of all: the key typed exactly as the key prints it
 * (`[3, 5]`, `-2`, `NOUN`; see formatValueText). Reading it and comparing it
 * with the key always gives the same verdict, so that verdict is worked out
 * once per problem field, by the ordinary steps (readAnswer, markAgainstKey),
 * and reused whenever a student types that very text. Any other text, however
 * close, goes through the ordinary steps. Pure: no I/O.
 */
import { formatValueText } from './key.js';
import { type FieldCase, type Readable, markAgainstKey, markUnreadable } from './mark.js';
import type { FieldResult } from './types.js';

interface Verdict {
  text: string;
  /**
   * The points the verdict was worked out for: reused only for the same. The
   * tolerance does not matter: the key as printed reads back as the key itself
   * (doubles in full, rationals as fractions), so it matches at any tolerance.
   */
  max: number;
  /** Null when the key's own text does not read as right (it always does, but nothing is assumed). */
  marked: { result: FieldResult; answer: Readable } | null;
}

/** Per problem object (a manifest's problems live as long as the manifest), per field name. */
const verdicts = new WeakMap<object, Map<string, Verdict>>();

function workOut(c: FieldCase): Verdict {
  const text = formatValueText(c.key);
  const read = markUnreadable(c, text);
  const result = 'answer' in read ? markAgainstKey(c, read.answer) : null;
  return { text, max: c.max, marked: result && 'answer' in read ? { result, answer: read.answer } : null };
}

/**
 * The verdict for `text` when it is the key exactly as printed, else null.
 * The result is a fresh copy, so a caller may change it.
 * @example markTypedKey(problem, c, '[3, 5]')?.result.status // 'correct' when the key of c is [3, 5]
 */
export function markTypedKey(problem: object, c: FieldCase, text: string): { result: FieldResult; answer: Readable } | null {
  let byField = verdicts.get(problem);
  if (!byField) verdicts.set(problem, (byField = new Map()));
  let v = byField.get(c.field.name);
  if (!v || v.max !== c.max) {
    v = workOut(c);
    byField.set(c.field.name, v);
  }
  if (text !== v.text || !v.marked) return null;
  return { result: { ...v.marked.result }, answer: v.marked.answer };
}
