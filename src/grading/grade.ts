/**
 * Grading a problem and a response set (SPEC §6, §7). Pure: no I/O.
 *
 * Per problem, every field first goes through blank / unreadable / key (the
 * key typed exactly as printed has its verdict worked out once: typed-key.ts). Only
 * when some readable field is wrong does the grader recompute: once with the
 * student's readable answers substituted for the key (error carried forward),
 * and, lazily, once per applicable named mistake (with the student's answers
 * and, cached per problem, without them). Off-by-one is checked generically:
 * the student's `q{t}` equals the key of `q{t−1}` or `q{t+1}`.
 */
import { resolveChoiceLetter } from './choice-letter.js';
import type { ChoiceOption } from '../manifest.js';
import { type Value, scalar, vector, label as labelValue } from '../core/value.js';
import { toNumber } from '../core/num.js';
import { UsageError } from '../core/errors.js';
import { type FieldSpec, type MistakeId, activationLeftOut, mistakeFeedbackFor } from '../families/contract.js';
import { getFamily, type AnyFamily } from '../families/registry.js';
import type { Problem } from '../problems.js';
import { type FieldCase, type MistakeCandidate, type Readable, markAgainstKey, markBlank, markCarried, markMistake, markPartial, markUnreadable, roundPoints } from './mark.js';
import { markTypedKey } from './typed-key.js';
import { DEFAULT_MISTAKE_CREDIT, DEFAULT_POINTS, DEFAULT_POLICY, DEFAULT_TOLERANCE, type FieldResult, type GradeResult, type GradingPolicy, type ResponseSet, type Tolerance } from './types.js';

/** A plain problem (points 1, default tolerance) or an exam problem from the manifest (points and tolerance per answer name). */
export type GradableProblem = Problem & { points?: Record<string, number>; tolerance?: Record<string, Tolerance>; choices?: Record<string, readonly ChoiceOption[]> };

/** The student's answer as a value the family's recompute can continue from (numeric fields become doubles). */
function overrideValue(field: FieldSpec, key: Value, answer: Readable, correct: boolean): Value {
  if (correct) return key; // a right answer carries the exact key forward, not its rounding
  if (answer.kind === 'label') return labelValue(answer.label);
  const vs = answer.items.map((c) => (field.kind === 'numeric' ? toNumber(c.v) : c.v));
  return field.shape === 'scalar' ? scalar(vs[0]!) : vector(vs);
}

const emptyOverrides: ReadonlyMap<string, Value> = new Map();
/** Mistaken-rule runs on the key alone depend only on the given: cached per given object. */
const keyMistakeRuns = new WeakMap<object, Map<MistakeId, Map<string, Value> | null>>();

function keyMistakeRun(family: AnyFamily, given: object, id: MistakeId): Map<string, Value> | null {
  let runs = keyMistakeRuns.get(given);
  if (!runs) keyMistakeRuns.set(given, (runs = new Map()));
  if (!runs.has(id)) runs.set(id, family.recompute(given, emptyOverrides, id));
  return runs.get(id) ?? null;
}

/**
 * The values named mistakes give for a field, produced lazily so marking stops
 * at the first match: the mistaken rule run on the key (cached per problem),
 * then the rule run on the student's own answers — once per problem and
 * mistake, only for the quantities the mistake changes directly
 * (`mistakeTargets`; further down the chain the student's own mistaken answers
 * make the field `carried` instead) and only after the first wrong answer
 * (before it the two runs agree) — then off-by-one (the key of the neighbouring step).
 * First of all comes the activation left out (`activationOf`): the answer is the
 * step's own pre-activation, the key's or the one the student typed.
 */
class MistakeRuns {
  private ids: MistakeId[] | undefined;
  private readonly withStudent = new Map<MistakeId, Map<string, Value> | null>();
  constructor(
    private readonly family: AnyFamily,
    private readonly given: object,
    private readonly overrides: ReadonlyMap<string, Value>,
    /** Index (in compute order) of the first readable answer that is not right. */
    private readonly firstWrong: number,
  ) {}

  private applicable(): MistakeId[] {
    return (this.ids ??= this.family.mistakes.filter((id) => this.family.mistakeApplies?.(this.given, id) ?? true));
  }

  private studentRun(id: MistakeId): Map<string, Value> | null {
    if (!this.withStudent.has(id)) this.withStudent.set(id, this.family.recompute(this.given, this.overrides, id));
    return this.withStudent.get(id) ?? null;
  }

  *candidates(field: FieldSpec, index: number, keys: ReadonlyMap<string, Value>): Generator<MistakeCandidate> {
    const activation = field.t === undefined ? undefined : this.family.activationOf?.[field.quantity];
    if (activation) {
      const pre = `${activation.pre}${field.t}`;
      const feedback = activationLeftOut(activation);
      yield { id: 'missing-activation', value: keys.get(pre), feedback };
      const own = this.overrides.get(pre);
      if (own) yield { id: 'missing-activation', value: own, feedback };
    }
    for (const id of this.applicable()) yield { id, value: keyMistakeRun(this.family, this.given, id)?.get(field.name) };
    if (index > this.firstWrong) {
      for (const id of this.applicable()) {
        const targets = this.family.mistakeTargets[id];
        if (!targets || targets.includes(field.quantity)) yield { id, value: this.studentRun(id)?.get(field.name) };
      }
    }
    if (field.t !== undefined) {
      for (const t of [field.t - 1, field.t + 1]) yield { id: 'off-by-one', value: keys.get(`${field.quantity}${t}`) };
    }
  }
}

/**
 * Grades one problem's answers, keyed by answer name (`h2`, not `p1.h2`).
 * Unknown names are ignored here; gradeResponse rejects them.
 * @example gradeProblem(problem, { h1: '[4, 0]', h2: '7 5' }).fields.h1.status // 'correct'
 */
export function gradeProblem(problem: GradableProblem, answers: Readonly<Record<string, unknown>>, policy: GradingPolicy = DEFAULT_POLICY): GradeResult {
  const fields: Record<string, FieldResult> = {};
  const pending: { c: FieldCase; answer: Readable; index: number }[] = [];
  const readable = new Map<string, { c: FieldCase; answer: Readable; correct: boolean }>();
  let max = 0;
  for (const [index, field] of problem.fields.entries()) {
    const c: FieldCase = {
      field,
      key: problem.answers.get(field.name) as Value,
      max: problem.points?.[field.name] ?? DEFAULT_POINTS,
      tolerance: problem.tolerance?.[field.name] ?? policy.tolerance ?? DEFAULT_TOLERANCE,
    };
    max += c.max;
    const given = Object.hasOwn(answers, field.name) ? answers[field.name] : undefined;
    const text = typeof given === 'string' ? resolveChoiceLetter(problem.choices?.[field.name], given) : given;
    const blank = markBlank(c, typeof text === 'string' || text === undefined ? text : String(text));
    if (blank) {
      fields[field.name] = blank;
      continue;
    }
    const typed = typeof text === 'string' ? markTypedKey(problem, c, text) : null;
    if (typed) {
      fields[field.name] = typed.result;
      readable.set(field.name, { c, answer: typed.answer, correct: true });
      continue;
    }
    const read = markUnreadable(c, text as string);
    if ('result' in read) {
      fields[field.name] = read.result;
      continue;
    }
    const right = markAgainstKey(c, read.answer);
    readable.set(field.name, { c, answer: read.answer, correct: right !== null });
    if (right) fields[field.name] = right;
    else pending.push({ c, answer: read.answer, index });
  }
  if (pending.length > 0) {
    const family = getFamily(problem.family);
    const overrides = new Map<string, Value>();
    for (const [name, r] of readable) overrides.set(name, overrideValue(r.c.field, r.c.key, r.answer, r.correct));
    const carried = family.recompute(problem.given, overrides) ?? emptyOverrides;
    const mistakes = new MistakeRuns(family, problem.given, overrides, (pending[0] as { index: number }).index);
    const mistakeCredit = policy.mistakeCredit ?? DEFAULT_MISTAKE_CREDIT;
    for (const { c, answer, index } of pending) {
      const recomputed = carried.get(c.field.name);
      const settled =
        markCarried(c, answer, recomputed, policy.carriedCredit) ??
        markMistake(c, answer, mistakes.candidates(c.field, index, problem.answers), mistakeCredit, (id) => mistakeFeedbackFor(family, id)) ??
        markPartial(c, answer, recomputed, policy.carriedCredit);
      // A reading hint (`30,256` read as 30.256) goes with any answer that is not right.
      const hint = answer.kind === 'numbers' ? answer.hint : undefined;
      fields[c.field.name] = hint && settled.status === 'incorrect' ? { ...settled, feedback: `${settled.feedback} ${hint}` } : settled;
    }
  }
  // Report fields in the problem's order, whatever order they were settled in.
  const ordered: Record<string, FieldResult> = {};
  let score = 0;
  for (const field of problem.fields) {
    const r = fields[field.name] as FieldResult;
    ordered[field.name] = r;
    score += r.points;
  }
  return { score: roundPoints(score), max: roundPoints(max), fields: ordered };
}

/** `p1.h2` for answer `h2` of problem `p1` (SPEC §7). */
export function responseKey(problem: Pick<Problem, 'id'>, field: string): string {
  return `${problem.id}.${field}`;
}

/**
 * Every `p1.h2` of a list of problems, built once per list: a version's problem
 * list is graded thousands of times and never changes (a list that grew is rebuilt).
 */
const knownKeys = new WeakMap<readonly object[], { length: number; keys: ReadonlySet<string> }>();
function knownResponseKeys(problems: readonly Pick<Problem, 'id' | 'fields'>[]): ReadonlySet<string> {
  const cached = knownKeys.get(problems);
  if (cached && cached.length === problems.length) return cached.keys;
  const keys = new Set(problems.flatMap((p) => p.fields.map((f) => responseKey(p, f.name))));
  knownKeys.set(problems, { length: problems.length, keys });
  return keys;
}

/**
 * The keys of a response that name no answer field of these problems, for a
 * clear 400 / exit 2 upstream.
 * @example validateResponseKeys(problems, { 'p1.h1': '4 0', 'p9.zz': '1' }) // ['p9.zz']
 */
export function validateResponseKeys(problems: readonly Pick<Problem, 'id' | 'fields'>[], answers: Readonly<Record<string, unknown>>): string[] {
  const known = knownResponseKeys(problems);
  return Object.keys(answers).filter((k) => !known.has(k));
}

/** A problem's response keys (`p1.h1` …) in field order, built once per problem object. */
const responseKeys = new WeakMap<object, { id: string; keys: string[] }>();
function prefixedKeys(problem: Pick<Problem, 'id' | 'fields'>): string[] {
  const cached = responseKeys.get(problem);
  if (cached && cached.id === problem.id && cached.keys.length === problem.fields.length) return cached.keys;
  const keys = problem.fields.map((f) => responseKey(problem, f.name));
  responseKeys.set(problem, { id: problem.id, keys });
  return keys;
}

/**
 * Grades a response set against a version's problems. Unknown answer keys are
 * a caller's error: a UsageError naming them (call validateResponseKeys first
 * to answer an HTTP request with 400).
 * @example gradeResponse(problems, { answers: { 'p1.h1': '[4, 0]' } }).fields['p1.h1'].status // 'correct'
 */
export function gradeResponse(problems: readonly GradableProblem[], response: ResponseSet, policy: GradingPolicy = DEFAULT_POLICY): GradeResult {
  const unknown = validateResponseKeys(problems, response.answers);
  if (unknown.length > 0) throw new UsageError(`unknown answer field${unknown.length === 1 ? '' : 's'}: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}`);
  const fields: Record<string, FieldResult> = {};
  let score = 0;
  let max = 0;
  for (const problem of problems) {
    const keys = prefixedKeys(problem);
    const own: Record<string, unknown> = {};
    problem.fields.forEach((f, i) => {
      const k = keys[i] as string;
      if (Object.hasOwn(response.answers, k)) own[f.name] = response.answers[k];
    });
    const graded = gradeProblem(problem, own, policy);
    problem.fields.forEach((f, i) => {
      fields[keys[i] as string] = graded.fields[f.name] as FieldResult;
    });
    score += graded.score;
    max += graded.max;
  }
  return { score: roundPoints(score), max: roundPoints(max), fields };
}

/**
 * Reads a response set from parsed JSON (`{ "answers": { "p1.h2": "[7, 5]" } }`),
 * checking its shape and keys; numbers are accepted as their text. Throws
 * UsageError naming what is wrong.
 */
export function readResponseSet(raw: unknown, problems: readonly Pick<Problem, 'id' | 'fields'>[]): ResponseSet {
  const answers = typeof raw === 'object' && raw !== null ? (raw as { answers?: unknown }).answers : undefined;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) throw new UsageError('responses: expected { "answers": { "p1.h1": "…", … } }');
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(answers)) {
    if (typeof v === 'number' && Number.isFinite(v)) entries.push([k, String(v)]);
    else if (typeof v === 'string') entries.push([k, v]);
    else if (v !== null) throw new UsageError(`responses.answers.${k}: expected text, got ${Array.isArray(v) ? 'a list' : typeof v}`);
  }
  // fromEntries defines own properties: a key "__proto__" stays a (reported) key, never a prototype.
  const out: Record<string, string> = Object.fromEntries(entries);
  const unknown = validateResponseKeys(problems, out);
  if (unknown.length > 0)
    throw new UsageError(
      `responses: unknown answer field${unknown.length === 1 ? '' : 's'} ${unknown.slice(0, 10).join(', ')} (fields look like ${problems[0] ? responseKey(problems[0], problems[0].fields[0]?.name ?? 'h1') : 'p1.h1'})`,
    );
  return { answers: out };
}
