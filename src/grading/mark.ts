/**
 * Marking one answer field, as named steps in the manner of Numbas' marking
 * notes. Each step either settles the field (status, credit, message) or
 * passes it on:
 *
 *   markBlank → markUnreadable → markAgainstKey (`correct`)
 *     → markCarried (`carried`: right given the student's own earlier answers)
 *     → markMistake (`incorrect` + mistake id, SPEC §6 list)
 *     → markPartial (`incorrect`, per-component credit) → `incorrect`.
 *
 * Partial credit rule for vectors: each component earns 1 when it matches the
 * key, or `carriedCredit` when it matches the value recomputed from the
 * student's own earlier answers; the field earns points × (sum / length). An
 * answer recognised as a named mistake earns points × mistakeCredit (default 0)
 * instead, even if some components happen to agree with the key.
 *
 * Messages never contain the correct answer: the student page shows them
 * before answers are released.
 */
import type { Value } from '../core/value.js';
import { components } from '../core/value.js';
import { type FieldSpec, type MistakeId, MISTAKE_FEEDBACK } from '../families/contract.js';
import { type ReadAnswer, isBlank, readAnswer } from './answer.js';
import { type ComponentMatch, matchComponent } from './tolerance.js';
import type { FieldResult, Tolerance } from './types.js';

/** Everything a step needs about one field. */
export interface FieldCase {
  field: FieldSpec;
  key: Value;
  max: number;
  tolerance: Tolerance;
}

/** A readable answer. */
export type Readable = Extract<ReadAnswer, { ok: true }>;

/** Points rounded to 4 decimals so that 1/3 of a point prints as 0.3333, not 0.33333333333333331. */
export function roundPoints(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function result(c: FieldCase, status: FieldResult['status'], credit: number, feedback: string, mistake?: MistakeId): FieldResult {
  return { status, points: roundPoints(c.max * credit), max: c.max, feedback, ...(mistake ? { mistake } : {}) };
}

/**
 * Per-component matches of a readable answer against a reference value; null
 * when the reference does not have the answer's shape (a mistaken rule that
 * changes no such field, a missing recomputation).
 */
export function matchValue(answer: Readable, reference: Value | undefined, tolerance: Tolerance): ComponentMatch[] | null {
  if (!reference) return null;
  if (answer.kind === 'label') return reference.kind === 'label' ? [reference.v === answer.label ? 'exact' : null] : null;
  if (reference.kind !== 'scalar' && reference.kind !== 'vector') return null;
  const refs = components(reference);
  if (refs.length !== answer.items.length) return null;
  return answer.items.map((item, i) => matchComponent(item, refs[i]!, tolerance));
}

/** Every component matched. */
export function allMatch(matches: readonly ComponentMatch[] | null): matches is ComponentMatch[] {
  return matches !== null && matches.every((m) => m !== null);
}

/** Step 1: nothing typed. */
export function markBlank(c: FieldCase, text: string | undefined): FieldResult | null {
  return isBlank(text) ? result(c, 'blank', 0, 'No answer given.') : null;
}

/** Step 2: read the text in the field's shape; a format error names what could not be read and where. */
export function markUnreadable(c: FieldCase, text: string): { result: FieldResult } | { answer: Readable } {
  const read = typeof text === 'string' ? readAnswer(text, c.field) : ({ ok: false, message: 'the answer is not text' } as const);
  if (read.ok) return { answer: read };
  return { result: result(c, 'unreadable', 0, `Could not read this answer: ${read.message}.`) };
}

/** Step 3: the key, exactly or within tolerance. */
export function markAgainstKey(c: FieldCase, answer: Readable): FieldResult | null {
  const matches = matchValue(answer, c.key, c.tolerance);
  if (!allMatch(matches)) return null;
  const notes = [...answer.notes];
  if (matches.includes('rounded')) notes.push('Accepted as a correctly rounded decimal; the exact value is a fraction.');
  return result(c, 'correct', 1, ['Correct.', ...notes].join(' '));
}

/** Step 4: error carried forward — right given the student's own earlier answers. */
export function markCarried(c: FieldCase, answer: Readable, recomputed: Value | undefined, carriedCredit: number): FieldResult | null {
  if (!allMatch(matchValue(answer, recomputed, c.tolerance))) return null;
  const share = carriedCredit === 1 ? '' : ` (${roundPoints(carriedCredit * 100)}% of the points)`;
  return result(c, 'carried', carriedCredit, `Not the expected value, but right given your own earlier answers: error carried forward${share}.`);
}

/** A value some named mistake produces for this field. */
export interface MistakeCandidate {
  id: MistakeId;
  value: Value | undefined;
  /** Wording for this candidate when it says more than the mistake's own sentence. */
  feedback?: string;
}

/**
 * Step 5: the answer is what a named common mistake gives. `describe` words the
 * feedback (a family may phrase a mistake its own way, see mistakeFeedbackFor).
 */
export function markMistake(
  c: FieldCase,
  answer: Readable,
  candidates: Iterable<MistakeCandidate>,
  mistakeCredit: number,
  describe: (id: MistakeId) => string = (id) => MISTAKE_FEEDBACK[id],
): FieldResult | null {
  if (answer.kind === 'label') return null; // a label matches a wrong rule by chance too often to name one
  for (const m of candidates) {
    if (allMatch(matchValue(answer, m.value, c.tolerance))) return result(c, 'incorrect', mistakeCredit, `Not correct. ${m.feedback ?? describe(m.id)}`, m.id);
  }
  return null;
}

/** Step 6: per-component credit for a vector (see the rule at the top), or plain `incorrect`. */
export function markPartial(c: FieldCase, answer: Readable, recomputed: Value | undefined, carriedCredit: number): FieldResult {
  const n = answer.kind === 'numbers' ? answer.items.length : 1;
  if (n > 1) {
    const byKey = matchValue(answer, c.key, c.tolerance) ?? [];
    const byCarried = matchValue(answer, recomputed, c.tolerance) ?? [];
    const right: number[] = [];
    let credit = 0;
    for (let i = 0; i < n; i++) {
      const share = byKey[i] ? 1 : byCarried[i] ? carriedCredit : 0;
      if (share > 0) right.push(i + 1);
      credit += share;
    }
    if (credit > 0) {
      return result(c, 'incorrect', credit / n, `Partly right: component${right.length === 1 ? '' : 's'} ${right.join(', ')} of ${n} ${right.length === 1 ? 'is' : 'are'} right.`);
    }
  }
  return result(c, 'incorrect', 0, 'Not correct.');
}
