/**
 * Problems and problem sets in the JSON of SPEC §5: reading (with validation
 * that names the field), writing, generating N problems from a seed, and
 * filling in the answers of hand-typed problems.
 */
import { createRng } from './core/rng.js';
import { GivenError, UsageError } from './core/errors.js';
import { type Value, type JsonValue, valueToJson, numFromJson, vector, scalar, label } from './core/value.js';
import type { Num } from './core/num.js';
import type { FamilyId, FieldSpec, Step } from './families/contract.js';
import { getFamily, type AnyFamily } from './families/registry.js';

export interface Problem {
  id: string;
  family: FamilyId;
  options: Record<string, unknown>;
  given: object;
  answers: Map<string, Value>;
  fields: FieldSpec[];
  steps: Step[];
}

export interface JsonStep {
  field?: string;
  lhs: string;
  symbolic?: string;
  template: string;
  args: JsonValue[];
  value: JsonValue;
}

export interface JsonProblem {
  id: string;
  family: string;
  options: Record<string, unknown>;
  given: Record<string, unknown>;
  answers?: Record<string, JsonValue>;
  steps?: JsonStep[];
  [extra: string]: unknown;
}

export interface JsonProblemSet {
  seed?: string;
  problems: JsonProblem[];
}

/** Generates one problem of a family; the problem's own stream is forked from the seed by its id. */
export function generateProblem(family: AnyFamily, seed: string, id: string, rawOptions: Record<string, unknown> = {}): Problem {
  return generateWithOptions(family, seed, id, family.parseOptions(rawOptions));
}

/** `generateProblem` with options already parsed (a set parses them once). */
function generateWithOptions(family: AnyFamily, seed: string, id: string, options: object): Problem {
  const { given, solution } = family.generateSolved(createRng(seed).fork(`${family.id}/${id}`), options);
  return { id, family: family.id, options: options as Record<string, unknown>, given, answers: solution.answers, fields: solution.fields, steps: solution.steps };
}

/**
 * `count` problems of one family from one seed: the same seed gives the same set on every machine.
 * @example generateProblemSet('lstm', '7', 3, {}).problems.length // 3
 */
export function generateProblemSet(familyId: string, seed: string, count: number, rawOptions: Record<string, unknown> = {}): { seed: string; problems: Problem[] } {
  const family = getFamily(familyId);
  const options = family.parseOptions(rawOptions);
  const problems: Problem[] = [];
  for (let i = 0; i < count; i++) problems.push(generateWithOptions(family, seed, `p${i + 1}`, options));
  return { seed, problems };
}

export function solvedProblem(family: AnyFamily, id: string, options: Record<string, unknown>, given: object): Problem {
  const sol = family.solve(given, true, options);
  return { id, family: family.id, options, given, answers: sol.answers, fields: sol.fields, steps: sol.steps };
}

export function stepToJson(s: Step): JsonStep {
  return {
    ...(s.field ? { field: s.field } : {}),
    lhs: s.lhs,
    ...(s.symbolic ? { symbolic: s.symbolic } : {}),
    template: s.template,
    args: s.args.map(valueToJson),
    value: valueToJson(s.value),
  };
}

export function answersToJson(answers: ReadonlyMap<string, Value>): Record<string, JsonValue> {
  return Object.fromEntries([...answers].map(([k, v]) => [k, valueToJson(v)]));
}

/** SPEC §5 JSON of a problem; `withSteps` adds the worked steps. */
export function problemToJson(p: Problem, withSteps = false): JsonProblem {
  return {
    id: p.id,
    family: p.family,
    options: p.options,
    given: getFamily(p.family).givenToJson(p.given),
    answers: answersToJson(p.answers),
    ...(withSteps ? { steps: p.steps.map(stepToJson) } : {}),
  };
}

/** Reads one stored answer in the shape its field demands; undefined when it does not fit. */
export function answerFromJson(raw: unknown, field: FieldSpec): Value | undefined {
  const exact = field.kind === 'exact';
  if (field.shape === 'label') return typeof raw === 'string' ? label(raw) : undefined;
  if (field.shape === 'scalar') {
    const x = numFromJson(raw, exact);
    return x === undefined ? undefined : scalar(x);
  }
  if (!Array.isArray(raw) || raw.length !== field.shape) return undefined;
  const xs = raw.map((r) => numFromJson(r, exact));
  return xs.every((x) => x !== undefined) ? vector(xs as Num[]) : undefined;
}

function asObject(raw: unknown, where: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where}: expected an object`);
  return raw as Record<string, unknown>;
}

/**
 * Reads a problem from SPEC §5 JSON. The given is validated by its family;
 * stored answers are kept as the key (they are what grading reads), checked
 * against the shapes the solver gives; absent answers are solved.
 */
export function problemFromJson(raw: unknown, where: string): Problem {
  const obj = asObject(raw, where);
  if (typeof obj.family !== 'string') throw new UsageError(`${where}.family: expected a family id`);
  const family = getFamily(obj.family);
  const id = typeof obj.id === 'string' && obj.id ? obj.id : where.replace(/^.*\[(\d+)\]$/, (_, i: string) => `p${Number(i) + 1}`);
  let given: object;
  try {
    given = family.parseGiven(obj.given);
  } catch (e) {
    // Every error of the given, one per line, each with where it is.
    if (e instanceof GivenError) throw new UsageError((e.all ?? [e]).map((one) => `${where}.${one.message}`).join('\n'));
    throw e;
  }
  const options = obj.options === undefined ? {} : asObject(obj.options, `${where}.options`);
  const solved = solvedProblem(family, id, options, given);
  if (obj.answers === undefined) return solved;
  const stored = asObject(obj.answers, `${where}.answers`);
  const answers = new Map<string, Value>();
  for (const field of solved.fields) {
    const value = answerFromJson(stored[field.name], field);
    if (!value) throw new UsageError(`${where}.answers.${field.name}: expected ${describeField(field)}, got ${JSON.stringify(stored[field.name]) ?? 'nothing'}`);
    answers.set(field.name, value);
  }
  return { ...solved, answers };
}

export function describeField(field: FieldSpec): string {
  const num = field.kind === 'exact' ? 'an exact number (integer or "p/q")' : 'a number';
  if (field.shape === 'label') return `a label (${field.choices?.join(', ') ?? 'a string'})`;
  if (field.shape === 'scalar') return num;
  return `a vector of ${field.shape} ${field.kind === 'exact' ? 'exact numbers' : 'numbers'}`;
}

/** Reads `{ seed?, problems: [...] }` or a bare list of problems. */
export function problemSetFromJson(raw: unknown): { seed?: string; problems: Problem[] } {
  const list = Array.isArray(raw) ? raw : asObject(raw, '(file)').problems;
  if (!Array.isArray(list)) throw new UsageError('(file): expected { "problems": [ … ] } or a list of problems');
  const seed = !Array.isArray(raw) && typeof (raw as JsonProblemSet).seed === 'string' ? (raw as JsonProblemSet).seed : undefined;
  const problems = list.map((p, i) => problemFromJson(p, `problems[${i}]`));
  const ids = new Set<string>();
  for (const p of problems) {
    if (ids.has(p.id)) throw new UsageError(`problems: the id ${p.id} is used twice`);
    ids.add(p.id);
  }
  return { ...(seed !== undefined ? { seed } : {}), problems };
}
