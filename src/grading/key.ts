/**
 * The key as text, for instructors only (answer-key views, `mark --key`, the
 * self-check that grading the key scores 100 %). Student-facing feedback never
 * calls this: results from gradeProblem carry no correct answers.
 */
import { type Value, components } from '../core/value.js';
import { formatNum } from '../core/num.js';
import type { Problem } from '../problems.js';

/**
 * One value as a student could type it, at full precision: `[4, 0]`, `-3/4`, `0.9816903…`, `NOUN`.
 * @example formatValueText(vector([q(4), q(1, 2)])) // "[4, 1/2]"
 */
export function formatValueText(value: Value): string {
  if (value.kind === 'label') return value.v;
  const parts = components(value).map(formatNum);
  return value.kind === 'scalar' ? (parts[0] as string) : `[${parts.join(', ')}]`;
}

/**
 * Every answer of a problem as text, by answer name. Instructor-only.
 * @example formatKey(problem).h1 // "[4, 0]"
 */
export function formatKey(problem: Pick<Problem, 'fields' | 'answers'>): Record<string, string> {
  return Object.fromEntries(problem.fields.map((f) => [f.name, formatValueText(problem.answers.get(f.name) as Value)]));
}

/** The key of several problems as a response set (`p1.h1` …): what a perfect student would submit. */
export function keyAsResponses(problems: readonly Pick<Problem, 'id' | 'fields' | 'answers'>[]): Record<string, string> {
  return Object.fromEntries(problems.flatMap((p) => Object.entries(formatKey(p)).map(([name, text]) => [`${p.id}.${name}`, text])));
}
