/**
 * `rnnquiz check`, the per-variant part: draws variants of one bank item the
 * way a build draws them and records, in mergeable tallies (a chunk of
 * variants per worker thread), everything the summary (summary.ts) judges:
 * failures (generation, SPEC §4 rules re-verified by the family's own
 * `verify`, the key graded through the grader), a fingerprint per variant
 * for distinctness, the spread of every answer, how each named mistake's
 * answers compare with the key, and the hand work. Pure: no I/O.
 */
import { createRng } from '../core/rng.js';
import { OptionError } from '../core/errors.js';
import { type Num, isExact, toNumber } from '../core/num.js';
import { type Value, components } from '../core/value.js';
import type { Bank, BankItem } from '../bank/load.js';
import type { FieldSpec, MistakeId } from '../families/contract.js';
import { getFamily, type AnyFamily } from '../families/registry.js';
import { multipleChoice, shuffledChoices } from '../families/multiple-choice.js';
import { formatKey, gradeProblem, withinTolerance, DEFAULT_TOLERANCE, type Tolerance } from '../grading/index.js';
import type { ExamProblem } from '../manifest.js';
import { scored } from '../plan/plan.js';
import { solvedProblem, type Problem } from '../problems.js';
import { type HandWork, NO_WORK, addWork, problemWork, totalWork } from './work.js';

export type FailureKind = 'generation' | 'rule' | 'key';

/** How many variants of one answer field put the key at each choice index, and how often it is the strictly longest choice. */
export interface LabelTally {
  n: number;
  choices: string[];
  atIndex: number[];
  longest: number;
}

/** Magnitude bins of |x|: 0, (0, 1), [1, 10), [10, 50], > 50. */
export const MAGNITUDE_BINS = ['0', '<1', '1–10', '10–50', '>50'] as const;

/** Signs and magnitudes of the components of one quantity's answers (h for h1, h2 …). */
export interface NumberTally {
  n: number;
  negative: number;
  zero: number;
  positive: number;
  magnitude: number[];
}

/** One named mistake against the key: in how many variants it applies, how often all it changes reads as the key (hidden), and per field. */
export interface MistakeTally {
  variants: number;
  hidden: number;
  fields: number;
  equal: number;
  close: number;
  example?: string;
}

export interface ItemPartial {
  variants: number;
  failures: Record<FailureKind, number>;
  examples: { kind: FailureKind; variant: number; message: string }[];
  /** SPEC §4 rules a hand-typed problem breaks (allowed: the rules bind generated problems). */
  notes: string[];
  fingerprints: string[];
  labels: Record<string, LabelTally>;
  numbers: Record<string, NumberTally>;
  mistakes: Record<string, MistakeTally>;
  work: number[];
  parts: HandWork;
  /** True when the chunk stopped early after repeated generation failures. */
  stopped: boolean;
}

/** A chunk stops after this many variants that cannot be generated (each costs the family's full try budget). */
export const MAX_GENERATION_FAILURES = 3;
const EXAMPLES_PER_KIND = 5;

export function emptyPartial(): ItemPartial {
  return { variants: 0, failures: { generation: 0, rule: 0, key: 0 }, examples: [], notes: [], fingerprints: [], labels: {}, numbers: {}, mistakes: {}, work: [], parts: NO_WORK, stopped: false };
}

/** How many variants an item has to check: a fixed problem is the same in every version. */
export function variantCount(item: BankItem, requested: number): number {
  return item.kind === 'fixed' ? 1 : requested;
}

/** The rng of variant `i` of an item: its own stream, independent of every other variant and item. */
export const variantRng = (seed: string, item: BankItem, i: number) => createRng(`${seed}/check/${item.id}/${i}`);

/** Variant i of an item, drawn like a build draws it (family items unbalanced: the raw generator is what is checked). */
function drawVariant(item: BankItem, seed: string, i: number): { problem: Problem; family: AnyFamily } {
  switch (item.kind) {
    case 'fixed': {
      const family = getFamily(item.family);
      return { family, problem: solvedProblem(family, 'p1', item.options, item.given) };
    }
    case 'choice': {
      const family: AnyFamily = multipleChoice;
      const given = item.shuffle ? shuffledChoices(variantRng(seed, item, i), item.choice) : item.choice;
      return { family, problem: solvedProblem(family, 'p1', {}, given) };
    }
    case 'family': {
      const family = getFamily(item.family);
      const { given, solution } = family.generateSolved(variantRng(seed, item, i), item.options);
      return { family, problem: { id: 'p1', family: family.id, options: item.options, given, ...solution } };
    }
  }
}

/** A short, stable fingerprint of a given (FNV-1a over its JSON), for counting distinct variants. */
function fingerprint(json: unknown): string {
  const text = JSON.stringify(json);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

/**
 * Whether the grader would take `other` for the key of a field: `equal`
 * (the same value), `close` (within the field's tolerance), or null.
 */
export function readsAsKey(field: FieldSpec, key: Value, other: Value, tol: Tolerance): 'equal' | 'close' | null {
  if (key.kind === 'label' || other.kind === 'label') return key.kind === other.kind && key.v === other.v ? 'equal' : null;
  const ks = components(key);
  const os = components(other);
  if (ks.length !== os.length) return null;
  let verdict: 'equal' | 'close' = 'equal';
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i] as Num;
    const o = os[i] as Num;
    if (isExact(k) && isExact(o)) {
      if (!k.equals(o)) return null;
      continue;
    }
    const e = toNumber(k);
    const x = toNumber(o);
    if (Math.abs(x - e) <= 1e-9 * Math.max(1, Math.abs(e))) continue;
    if (field.kind === 'numeric' && withinTolerance(x, e, tol)) verdict = 'close';
    else return null;
  }
  return verdict;
}

function magnitudeBin(x: number): number {
  const a = Math.abs(x);
  return a === 0 ? 0 : a < 1 ? 1 : a < 10 ? 2 : a <= 50 ? 3 : 4;
}

function tallyAnswers(p: ItemPartial, problem: ExamProblem): void {
  for (const field of problem.fields) {
    const key = problem.answers.get(field.name) as Value;
    if (key.kind === 'label') {
      const choices = field.choices ?? [];
      const t = (p.labels[field.name] ??= { n: 0, choices: [...choices], atIndex: choices.map(() => 0), longest: 0 });
      t.n++;
      const index = choices.indexOf(key.v);
      if (index >= 0) t.atIndex[index] = (t.atIndex[index] ?? 0) + 1;
      if (choices.every((c, i) => i === index || c.length < key.v.length)) t.longest++;
      continue;
    }
    const t = (p.numbers[field.quantity] ??= { n: 0, negative: 0, zero: 0, positive: 0, magnitude: MAGNITUDE_BINS.map(() => 0) });
    for (const c of components(key)) {
      const x = toNumber(c);
      t.n++;
      if (x < 0) t.negative++;
      else if (x > 0) t.positive++;
      else t.zero++;
      const bin = magnitudeBin(x);
      t.magnitude[bin] = (t.magnitude[bin] ?? 0) + 1;
    }
  }
}

const toleranceOf = (problem: ExamProblem, field: FieldSpec): Tolerance => problem.tolerance[field.name] ?? DEFAULT_TOLERANCE;

/** The mistaken answers a named mistake gives, by field: the family's rule, or for off-by-one the neighbouring steps' keys. */
function mistakenAnswers(family: AnyFamily, problem: ExamProblem, mistake: MistakeId): { fields: FieldSpec[]; answers: (f: FieldSpec) => Value[] } | null {
  if (mistake === 'off-by-one') {
    const repeating = family.repeatsAcrossSteps?.(problem.given) ?? [];
    const neighbours = (f: FieldSpec): Value[] =>
      f.t === undefined ? [] : [f.t - 1, f.t + 1].flatMap((t) => (problem.answers.has(`${f.quantity}${t}`) ? [problem.answers.get(`${f.quantity}${t}`) as Value] : []));
    const fields = problem.fields.filter((f) => f.kind !== 'label' && !repeating.includes(f.quantity) && neighbours(f).length > 0);
    return { fields, answers: neighbours };
  }
  if (family.mistakeApplies && !family.mistakeApplies(problem.given, mistake)) return null;
  const run = family.recompute(problem.given, new Map(), mistake);
  if (!run) return null;
  const targets = family.mistakeTargets[mistake] ?? [];
  const fields = problem.fields.filter((f) => targets.includes(f.quantity) && run.has(f.name));
  return { fields, answers: (f) => [run.get(f.name) as Value] };
}

function tallyMistakes(p: ItemPartial, family: AnyFamily, problem: ExamProblem, variant: number): void {
  const ids: MistakeId[] = [...family.mistakes, ...(problem.fields.some((f) => f.t !== undefined) ? (['off-by-one'] as const) : [])];
  for (const id of ids) {
    const wrong = mistakenAnswers(family, problem, id);
    if (!wrong || wrong.fields.length === 0) continue;
    const t = (p.mistakes[id] ??= { variants: 0, hidden: 0, fields: 0, equal: 0, close: 0 });
    t.variants++;
    let accepted = 0;
    for (const f of wrong.fields) {
      const key = problem.answers.get(f.name) as Value;
      const verdicts = wrong.answers(f).map((w) => readsAsKey(f, key, w, toleranceOf(problem, f)));
      t.fields++;
      if (verdicts.includes('equal')) t.equal++;
      else if (verdicts.includes('close')) t.close++;
      if (verdicts.some((v) => v !== null)) accepted++;
    }
    if (accepted === wrong.fields.length) {
      t.hidden++;
      t.example ??= `variant ${variant}: ${wrong.fields.map((f) => f.name).join(', ')}`;
    }
  }
}

function fail(p: ItemPartial, kind: FailureKind, variant: number, message: string): void {
  p.failures[kind]++;
  if (p.examples.filter((e) => e.kind === kind).length < EXAMPLES_PER_KIND) p.examples.push({ kind, variant, message });
}

/**
 * Checks variants `from` … `to − 1` of one item.
 * @example analyzeVariants(bank, bank.items[4], 'check', 0, 250).failures // { generation: 0, rule: 0, key: 0 }
 */
export function analyzeVariants(bank: Bank, item: BankItem, seed: string, from: number, to: number): ItemPartial {
  const p = emptyPartial();
  for (let i = from; i < to; i++) {
    let drawn: { problem: Problem; family: AnyFamily };
    try {
      drawn = drawVariant(item, seed, i);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      p.variants++;
      fail(p, 'generation', i, e.message);
      if (p.failures.generation >= MAX_GENERATION_FAILURES) {
        p.stopped = true;
        break;
      }
      continue;
    }
    p.variants++;
    const { family } = drawn;
    const problem = scored(bank, item, drawn.problem);
    const broken = family.verify(problem.given, problem.options);
    if (broken && item.kind === 'fixed') {
      if (!p.notes.includes(broken)) p.notes.push(broken);
    } else if (broken) fail(p, 'rule', i, broken);
    const graded = gradeProblem(problem, formatKey(problem));
    if (graded.score !== graded.max) {
      const wrong = Object.entries(graded.fields).filter(([, f]) => f.points < f.max);
      fail(p, 'key', i, `the key scores ${graded.score} of ${graded.max}: ${wrong.map(([name, f]) => `${name} ${f.status}`).join(', ')}`);
    }
    p.fingerprints.push(fingerprint(family.givenToJson(problem.given)));
    tallyAnswers(p, problem);
    tallyMistakes(p, family, problem, i);
    const work = problemWork(problem.steps);
    p.work.push(totalWork(work));
    p.parts = addWork(p.parts, work);
  }
  return p;
}

/** Joins the tallies of two chunks of the same item. */
export function mergePartials(a: ItemPartial, b: ItemPartial): ItemPartial {
  const out: ItemPartial = {
    variants: a.variants + b.variants,
    failures: { generation: a.failures.generation + b.failures.generation, rule: a.failures.rule + b.failures.rule, key: a.failures.key + b.failures.key },
    examples: [...a.examples, ...b.examples],
    notes: [...new Set([...a.notes, ...b.notes])],
    fingerprints: [...a.fingerprints, ...b.fingerprints],
    labels: { ...a.labels },
    numbers: { ...a.numbers },
    mistakes: { ...a.mistakes },
    work: [...a.work, ...b.work],
    parts: addWork(a.parts, b.parts),
    stopped: a.stopped || b.stopped,
  };
  for (const [k, t] of Object.entries(b.labels)) {
    const s = out.labels[k];
    out.labels[k] = s ? { n: s.n + t.n, choices: s.choices, atIndex: s.atIndex.map((x, i) => x + (t.atIndex[i] ?? 0)), longest: s.longest + t.longest } : t;
  }
  for (const [k, t] of Object.entries(b.numbers)) {
    const s = out.numbers[k];
    out.numbers[k] = s
      ? { n: s.n + t.n, negative: s.negative + t.negative, zero: s.zero + t.zero, positive: s.positive + t.positive, magnitude: s.magnitude.map((x, i) => x + (t.magnitude[i] ?? 0)) }
      : t;
  }
  for (const [k, t] of Object.entries(b.mistakes)) {
    const s = out.mistakes[k];
    out.mistakes[k] = s
      ? {
          variants: s.variants + t.variants,
          hidden: s.hidden + t.hidden,
          fields: s.fields + t.fields,
          equal: s.equal + t.equal,
          close: s.close + t.close,
          ...((s.example ?? t.example) ? { example: (s.example ?? t.example) as string } : {}),
        }
      : t;
  }
  return out;
}
