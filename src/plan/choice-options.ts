/**
 * Choice mode (`mode: choice` in a bank): every exact or numeric answer field
 * of a problem becomes a multiple-choice question with options A–E. The
 * distractors are real mistakes, taken from the mistake model in this order:
 *
 * 1. the family's named mistakes, each run through the whole forward pass
 *    (`recompute` with the rule switched on);
 * 2. errors carried forward: one named mistake made at an earlier field, the
 *    later field then computed correctly from that wrong value;
 * 3. off-by-one: the key of the same quantity at t−1 or t+1;
 * 4. only when these run out, nearby values (the key with every component
 *    moved by a step).
 *
 * Options print as the key prints them (4 decimals, fractions exact) and are
 * pairwise further apart than twice the field's tolerance, so no distractor is
 * ever graded as right. The key's position is balanced: it rotates with the
 * field's index from an offset drawn from the version's seed. Labels and
 * choice fields are left as they are. Pure.
 */
import type { Rng } from '../core/rng.js';
import { type Num, q, toNumber, isExact, add } from '../core/num.js';
import { type Value, components, scalar, vector } from '../core/value.js';
import { MISTAKE_IDS, type FieldSpec, type MistakeId } from '../families/contract.js';
import { getFamily } from '../families/registry.js';
import { DEFAULT_TOLERANCE, type Tolerance } from '../grading/types.js';
import type { ChoiceOption, ExamProblem } from '../manifest.js';
import { valueToText } from '../render/tex-values.js';

/** Options per choice field: the key and four distractors (bubbles A–E). */
export const CHOICE_COUNT = 5;
export const CHOICE_LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
/** Two options must differ by more than this many tolerances in some component. */
export const OPTION_GAP_TOLERANCES = 2;

interface Candidate {
  value: Value;
  mistake: ChoiceOption['mistake'];
  from?: string;
}

/** Whether two values of one shape are far enough apart that the grader can never confuse them. */
export function optionsApart(a: Value, b: Value, tol: Tolerance): boolean {
  const xs = components(a);
  const ys = components(b);
  if (xs.length !== ys.length) return true;
  return xs.some((x, i) => {
    const y = ys[i] as Num;
    const gap = Math.abs(toNumber(x) - toNumber(y));
    const allowed = Math.max(tol.atol, tol.rtol * Math.max(Math.abs(toNumber(x)), Math.abs(toNumber(y))));
    // Exact fields have no tolerance (allowed 0): any difference is one the grader sees.
    return gap > allowed * OPTION_GAP_TOLERANCES;
  });
}

function stepBy(x: Num, k: number): Num {
  if (isExact(x)) return add(x, q(k));
  const v = toNumber(x);
  return v + k * Math.max(0.1, Math.abs(v) * 0.2);
}

/** The key moved by `k` steps in every component: a value nobody computes, used only when the mistakes run out. */
function nearby(key: Value, k: number): Value | null {
  const step = (x: Num): Num => stepBy(x, k);
  if (key.kind === 'scalar') return scalar(step(key.v));
  // Alternate the direction across components, so a nearby vector is not the key shifted as a whole.
  if (key.kind === 'vector') return vector(key.v.map((x, i) => (i % 2 === 0 ? step(x) : stepBy(x, -k))));
  return null;
}

function candidatesFor(problem: ExamProblem, field: FieldSpec, mistakeRuns: Map<MistakeId, Map<string, Value> | null>): Candidate[] {
  const out: Candidate[] = [];
  for (const [rule, run] of mistakeRuns) {
    const v = run?.get(field.name);
    if (v) out.push({ value: v, mistake: rule });
  }
  const family = getFamily(problem.family);
  const index = problem.fields.indexOf(field);
  for (const earlier of problem.fields.slice(0, Math.max(0, index)).reverse()) {
    for (const [rule, run] of mistakeRuns) {
      const wrong = run?.get(earlier.name);
      if (!wrong) continue;
      const carried = family.recompute(problem.given, new Map([[earlier.name, wrong]]))?.get(field.name);
      if (carried) out.push({ value: carried, mistake: 'carried-forward', from: `${earlier.name}:${rule}` });
    }
  }
  if (field.t !== undefined) {
    for (const t of [field.t - 1, field.t + 1]) {
      const neighbour = problem.fields.find((f) => f.quantity === field.quantity && f.t === t);
      const v = neighbour && problem.answers.get(neighbour.name);
      if (v) out.push({ value: v, mistake: 'off-by-one', from: neighbour.name });
    }
  }
  for (const k of [1, -1, 2, -2, 3, -3, 4, -4, 5, -5]) {
    const v = nearby(problem.answers.get(field.name) as Value, k);
    if (v) out.push({ value: v, mistake: 'nearby' });
  }
  return out;
}

/**
 * The options of every exact or numeric field of a problem, by answer name.
 * `rng` is the problem's own stream in its version, so positions are balanced by the seed.
 * @example choiceOptions(problem, createRng('2026/V01').fork('choice/p1')).h1[0] // { text: '[4, 0]', key: true } or a distractor
 */
export function choiceOptions(problem: ExamProblem, rng: Rng): Record<string, ChoiceOption[]> {
  const family = getFamily(problem.family);
  const mistakeRuns = new Map<MistakeId, Map<string, Value> | null>();
  for (const rule of MISTAKE_IDS) if (rule !== 'off-by-one' && family.mistakes.includes(rule)) mistakeRuns.set(rule, family.recompute(problem.given, new Map(), rule));
  const offset = rng.int(0, CHOICE_COUNT - 1);
  const out: Record<string, ChoiceOption[]> = {};
  let numbered = 0;
  for (const field of problem.fields) {
    if (field.kind === 'label') continue;
    const key = problem.answers.get(field.name) as Value;
    const tol = problem.tolerance[field.name] ?? (field.kind === 'numeric' ? DEFAULT_TOLERANCE : { rtol: 0, atol: 0 });
    const chosen: Candidate[] = [{ value: key, mistake: undefined }];
    const texts = new Set([valueToText(key)]);
    for (const c of candidatesFor(problem, field, mistakeRuns)) {
      if (chosen.length === CHOICE_COUNT) break;
      const text = valueToText(c.value);
      if (texts.has(text) || !chosen.every((o) => optionsApart(o.value, c.value, tol))) continue;
      chosen.push(c);
      texts.add(text);
    }
    const distractors = rng.shuffle(chosen.slice(1));
    const keyAt = (offset + numbered++) % chosen.length;
    distractors.splice(keyAt, 0, chosen[0] as Candidate);
    out[field.name] = distractors.map((c) => ({ text: valueToText(c.value), ...(c.mistake ? { mistake: c.mistake } : { key: true }), ...(c.from ? { from: c.from } : {}) }));
  }
  return out;
}
