/**
 * Turns a FamilySpec into the family's public functions: `generate` (draw,
 * check every SPEC §4 rule, redraw deterministically), `solve` (answers, field
 * list and worked steps), and `recompute` (the same pass run on a student's own
 * earlier answers, or under a named mistake) for the grader.
 */
import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import { type Value, vector, scalar, label as labelValue, components, isExactValue } from '../core/value.js';
import { type Fraction, type Num, ExactSizeError, isExact, denominator, sharedDouble, toNumber } from '../core/num.js';
import type { Vec } from '../core/linalg.js';
import { ShapeError } from '../core/linalg.js';
import { OptionError } from '../core/errors.js';
import type { Ctx, FamilySpec, FieldSpec, MistakeId, Solution, Step } from './contract.js';
import { optionProblem } from './options-doc.js';
import { collectGivenErrors } from './givens.js';

/** How many candidates `generate` draws before it gives up with an error naming the rule that failed most. */
export const MAX_GENERATION_TRIES = 20_000;
/** SPEC §4: every exact intermediate value has |v| ≤ 50. */
export const EXACT_BOUND = 50;
/** A mistaken numeric answer must differ from the key by more than this (twice the default tolerance) to count as distinct. */
export const DISTINCT_NUMERIC_GAP = 0.02;

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

const fieldNames = new Map<string, { quantity: string; t?: number }>();

/** Splits `h12` into `h` and 12; `grad` into `grad` and no index. Cached: the same few names recur. */
export function splitFieldName(name: string): { quantity: string; t?: number } {
  let parts = fieldNames.get(name);
  if (!parts) {
    const m = /^(.*?)(\d+)$/.exec(name);
    parts = m ? { quantity: m[1] as string, t: Number(m[2]) } : { quantity: name };
    if (fieldNames.size < 10_000) fieldNames.set(name, parts);
  }
  return parts;
}

/** Thrown (not an Error: no stack to capture) to end a pass once the step of interest is done. */
const STOP = Symbol('stop');

/** The field list of a solved pass: kind and shape from each answer's value (keys in a fixed order: name kind shape quantity t choices). */
function fieldsOf(answers: ReadonlyMap<string, Value>, choices: ReadonlyMap<string, readonly string[]>): FieldSpec[] {
  const fields: FieldSpec[] = [];
  for (const [name, value] of answers) {
    const shape = value.kind === 'vector' ? value.v.length : value.kind === 'label' ? 'label' : 'scalar';
    const kind = value.kind === 'label' ? 'label' : isExactValue(value) ? 'exact' : 'numeric';
    const { quantity, t } = splitFieldName(name);
    const field: FieldSpec = t === undefined ? { name, kind, shape, quantity } : { name, kind, shape, quantity, t };
    const c = choices.get(name);
    if (c) field.choices = [...c];
    fields.push(field);
  }
  return fields;
}

class RecordingCtx implements Ctx {
  readonly answers = new Map<string, Value>();
  readonly choices = new Map<string, readonly string[]>();
  readonly steps: Step[] = [];
  constructor(
    readonly rule: MistakeId | null,
    readonly tracing: boolean,
    private readonly overrides?: ReadonlyMap<string, Value>,
    /** Stop the pass once a field of a later time step comes (generation compares step 1 only). */
    private readonly lastStep = Infinity,
    readonly options: Readonly<Record<string, unknown>> = NO_OPTIONS,
  ) {}

  private record(name: string, value: Value, choices?: readonly string[]): void {
    if (this.lastStep !== Infinity && (splitFieldName(name).t ?? 0) > this.lastStep) throw STOP;
    this.answers.set(name, value);
    if (choices) this.choices.set(name, choices);
  }

  vec(name: string, value: Vec): Vec {
    this.record(name, vector(value));
    const o = this.overrides?.get(name);
    return o?.kind === 'vector' && o.v.length === value.length ? o.v : value;
  }

  num(name: string, value: Num): Num {
    this.record(name, scalar(value));
    const o = this.overrides?.get(name);
    return o?.kind === 'scalar' ? o.v : value;
  }

  label(name: string, value: string, choices: readonly string[]): string {
    this.record(name, labelValue(value), choices);
    const o = this.overrides?.get(name);
    return o?.kind === 'label' ? o.v : value;
  }

  step(step: Step): void {
    if (this.tracing) this.steps.push(step);
  }
}

/** Options that every numeric family shares. */
export type WeightsMode = 'integers' | 'halves';

/** The exact-value rule a family's generated problems obey (null: exempt, as parameter counts are). */
export interface FriendlyRule {
  /** Largest allowed denominator; it must divide into powers of two only when `powersOfTwo`. */
  maxDenominator: number;
  bound: number;
}

export interface Family<G extends object = object, O extends object = object> extends FamilySpec<G, O> {
  /** Parses raw options (strings from `--set` allowed); unknown or out-of-range options throw OptionError naming the option. */
  parseOptions(raw?: Record<string, unknown>): O;
  /**
   * Draws a problem obeying every SPEC §4 rule.
   * @example rnnForward.generate(createRng('7'), rnnForward.parseOptions({ steps: 2 }))
   */
  generate(rng: Rng, options: O): G;
  /** `generate` plus the solution it already computed while checking the rules (saves a second solve). */
  generateSolved(rng: Rng, options: O): { given: G; solution: Solution };
  /**
   * Answers, fields and worked steps; `options` (parsed or as stored) choose how the steps are
   * written (notation) and which answers are asked as fields (`identity_once`).
   * @example rnnForward.solve(given).answers.get('h1')
   */
  solve(given: G, withSteps?: boolean, options?: Readonly<Record<string, unknown>>): Solution;
  /**
   * The forward pass with the student's values substituted for earlier answers
   * (`overrides`) and optionally one mistaken rule. Returns, for every field, the
   * value computed from what came before it; null when the rule cannot apply
   * (shapes do not allow it).
   */
  recompute(given: G, overrides: ReadonlyMap<string, Value>, rule?: MistakeId, lastStep?: number): Map<string, Value> | null;
  friendly(options: O): FriendlyRule | null;
  /**
   * Every SPEC §4 rule applied to a given (the checks `generate` redraws on):
   * why it would be rejected, or null. `rnnquiz check` re-verifies drawn variants with it.
   * @example lstm.verify(given, options) // null, or e.g. "pf1 leaves [-4, 4]"
   */
  verify(given: G, options: O): string | null;
}

export interface FamilyDefinition<G extends object, O extends object> extends FamilySpec<G, O> {
  /** Defaults to integers (or halves with `weights: halves`) bounded by 50. */
  friendly?(options: O): FriendlyRule | null;
}

function defaultFriendly(options: object): FriendlyRule {
  const weights = (options as { weights?: WeightsMode }).weights;
  return { maxDenominator: weights === 'halves' ? 2 : 1, bound: EXACT_BOUND };
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** Whether one exact value obeys the friendly rule (a shared small Fraction's denominator is read off its double). */
function isFriendly(c: Fraction, rule: FriendlyRule): boolean {
  const value = toNumber(c);
  const d = sharedDouble(c) === undefined ? denominator(c) : Number.isInteger(value) ? 1 : 2;
  return d <= rule.maxDenominator && isPowerOfTwo(d) && Math.abs(value) <= rule.bound;
}

/** Why an exact value breaks the friendly rule, or null. */
function friendlyViolation(value: Value, rule: FriendlyRule, where: string): string | null {
  if (value.kind === 'label') return null;
  const cs = value.kind === 'scalar' ? [value.v] : value.kind === 'vector' ? value.v : value.v.flat();
  for (const c of cs) {
    if (!isExact(c) || isFriendly(c, rule)) continue;
    const d = denominator(c);
    if (d > rule.maxDenominator || !isPowerOfTwo(d)) return `${where} has a non-friendly value ${c.toFraction()}`;
    return `${where} has |${c.toFraction()}| > ${rule.bound}`;
  }
  return null;
}

/** The first non-matrix argument of a step that breaks the friendly rule, or null. */
function friendlyArgsViolation(step: Step, rule: FriendlyRule): string | null {
  for (const arg of step.args) {
    if (arg.kind === 'matrix') continue;
    const v = friendlyViolation(arg, rule, step.lhs);
    if (v) return v;
  }
  return null;
}

const NO_OVERRIDES: ReadonlyMap<string, Value> = new Map();

/** Whether two answer values are far enough apart for a grader to tell them apart. */
export function distinguishable(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return true;
  if (a.kind === 'label' || b.kind === 'label') return a.v !== b.v;
  const xs = components(a);
  const ys = components(b);
  if (xs.length !== ys.length) return true;
  return xs.some((x, i) => {
    const y = ys[i] as Num;
    if (isExact(x) && isExact(y)) {
      // Shared small Fractions carry exact doubles: compare those, spare the BigInt work.
      const dx = sharedDouble(x);
      const dy = sharedDouble(y);
      return dx !== undefined && dy !== undefined ? dx !== dy : !x.equals(y);
    }
    const a = toNumber(x);
    const gap = Math.abs(a - toNumber(y));
    return gap > Math.max(DISTINCT_NUMERIC_GAP, 0.02 * Math.abs(a));
  });
}

/** Turns `--set` strings into numbers and booleans before the schema sees them. */
function coerceOptionStrings(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') out[k] = v;
    else if (v === 'true' || v === 'false') out[k] = v === 'true';
    else if (/^-?\d+$/.test(v)) out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

/** Builds the family's public functions from its definition. */
export function defineFamily<G extends object, O extends object>(def: FamilyDefinition<G, O>): Family<G, O> {
  const friendly = (options: O): FriendlyRule | null => (def.friendly ? def.friendly(options) : defaultFriendly(options));

  const solve = (given: G, withSteps = true, options: Readonly<Record<string, unknown>> = NO_OPTIONS): Solution => {
    const ctx = new RecordingCtx(null, withSteps, undefined, Infinity, options);
    def.compute(given, ctx);
    const unasked = def.unasked?.(given, options) ?? [];
    const fields = fieldsOf(ctx.answers, ctx.choices).filter((f) => !unasked.includes(f.quantity));
    return { answers: ctx.answers, fields, steps: ctx.steps };
  };

  const recompute = (given: G, overrides: ReadonlyMap<string, Value>, rule?: MistakeId, lastStep = Infinity): Map<string, Value> | null => {
    const ctx = new RecordingCtx(rule ?? null, false, overrides, lastStep);
    try {
      def.compute(given, ctx);
    } catch (e) {
      // A student's value that cannot go on (wrong shape, too large to stay exact): nothing to carry.
      if (e instanceof ShapeError || e instanceof ExactSizeError) return null;
      if (e !== STOP) throw e;
    }
    return ctx.answers;
  };

  /**
   * Every generic SPEC §4 rule; returns the first broken one. All the rules on
   * answers run on an untraced solve first (most candidates fail one of them);
   * the traced solve, whose steps hold the partial products such as U h, runs
   * once, for a candidate that passed all of them, and is the solution returned.
   */
  const check = (given: G, options: O): { why: string } | { solution: Solution } => {
    const ctx = new RecordingCtx(null, false, undefined, Infinity, options as Record<string, unknown>);
    def.compute(given, ctx);
    const answers = ctx.answers;
    const rule = friendly(options);
    if (rule) {
      for (const [name, value] of answers) {
        const v = friendlyViolation(value, rule, name);
        if (v) return { why: v };
      }
    }
    const own = def.reject?.(given, answers, options) ?? null;
    if (own) return { why: own };
    // Off-by-one must be detectable: a quantity differs between neighbouring steps.
    const repeating = def.repeatsAcrossSteps?.(given) ?? [];
    for (const [name, value] of answers) {
      const { quantity, t } = splitFieldName(name);
      if (t === undefined || value.kind === 'label' || repeating.includes(quantity)) continue;
      const nextName = `${quantity}${t + 1}`;
      const next = answers.get(nextName);
      if (next && !distinguishable(value, next)) return { why: `${name} equals ${nextName}` };
    }
    // A correct answer must differ from each common mistake's answer where the mistake acts: at step 1,
    // and in answers without a time index (bptt's grad). Those come after the last step, so a mistake
    // that targets one runs the whole pass; the others stop after step 1.
    for (const mistake of def.mistakes) {
      const targets = def.mistakeTargets[mistake];
      if (!targets || (def.mistakeApplies && !def.mistakeApplies(given, mistake))) continue;
      const targetsFinal = targets.some((q) => answers.has(q));
      const wrong = recompute(given, NO_OVERRIDES, mistake, targetsFinal ? Infinity : 1);
      if (!wrong) continue;
      for (const [name, w] of wrong) {
        const { quantity, t } = splitFieldName(name);
        if ((t !== undefined && t !== 1) || !targets.includes(quantity)) continue;
        const right = answers.get(name);
        if (right && !distinguishable(right, w)) return { why: `mistake ${mistake} gives the right ${name}` };
      }
    }
    const traced = solve(given, true, options as Record<string, unknown>);
    if (rule) {
      for (const step of traced.steps) {
        // Matrix arguments are givens, drawn in range; the vectors are the intermediates the rule binds.
        const v = (step.value.kind === 'matrix' ? null : friendlyViolation(step.value, rule, step.lhs)) ?? friendlyArgsViolation(step, rule);
        if (v) return { why: v };
      }
    }
    return { solution: traced };
  };

  const generateSolved = (rng: Rng, options: O): { given: G; solution: Solution } => {
    // Reasons grouped by their shape ("y3 has |-57| > 50" and "y2 has |61| > 50" are one), with an example each.
    const reasons = new Map<string, { count: number; example: string }>();
    for (let i = 0; i < MAX_GENERATION_TRIES; i++) {
      const given = def.draw(rng, options);
      const verdict = check(given, options);
      if ('solution' in verdict) return { given, solution: verdict.solution };
      const key = verdict.why.replace(/-?\d+(\/\d+)?/g, '#');
      const seen = reasons.get(key);
      if (seen) seen.count++;
      else reasons.set(key, { count: 1, example: verdict.why });
    }
    const worst = [...reasons.values()].sort((a, b) => b.count - a.count)[0];
    const because = worst ? `most often (${worst.count} of ${MAX_GENERATION_TRIES} draws) a rule like: ${worst.example}` : 'no reason recorded';
    throw new OptionError(
      JSON.stringify(options),
      `no ${def.id} problem meets the generation rules (small exact values, no ties, steps and common mistakes that can be told apart) after ${MAX_GENERATION_TRIES} draws; ${because}. Try smaller sizes, fewer steps or one-hot inputs`,
    );
  };

  const generate = (rng: Rng, options: O): G => generateSolved(rng, options).given;

  const parseOptions = (raw: Record<string, unknown> = {}): O => {
    const coerced = coerceOptionStrings(raw);
    const parsed = def.optionsSchema.safeParse(coerced);
    if (parsed.success) return parsed.data;
    const { option, message } = optionProblem(def.id, def.optionsSchema, parsed.error.issues[0] as z.core.$ZodIssue, coerced);
    throw new OptionError(option, message);
  };

  const verify = (given: G, options: O): string | null => {
    const verdict = check(given, options);
    return 'why' in verdict ? verdict.why : null;
  };

  // Every error of a hand-typed given at once, not only the first (see collectGivenErrors).
  const parseGiven = (raw: unknown): G => collectGivenErrors(() => def.parseGiven(raw));

  return { ...def, parseGiven, parseOptions, generate, generateSolved, solve, recompute, friendly, verify };
}
