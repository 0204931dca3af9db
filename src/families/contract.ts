/**
 * The contract every problem family fulfils (PrairieLearn's question
 * lifecycle, one module per family). A family describes how to *draw* a
 * candidate problem, how to *compute* its answers (one forward pass, written
 * once), and how to read a hand-typed `given`. The engine (engine.ts) turns that
 * into `generate`, `solve`, the field list, error-carried-forward recomputation
 * and the named-mistake variants, so none of that is written twice.
 */
import type { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { Value } from '../core/value.js';
import type { Num } from '../core/num.js';
import type { Vec } from '../core/linalg.js';

/**
 * A registered family's id (`lstm`, `rnn-forward`, …). The registry
 * (registry.ts) is the one list of families; an id is known when a family
 * with it is registered, so adding a family touches no list here.
 */
export type FamilyId = string;

/**
 * Named common mistakes (SPEC §6). Each is a rule a family's `compute` can be
 * run under; the grader compares a student's answer with the value the rule
 * gives. `off-by-one` is detected generically by the grader (the key of the
 * same quantity at t−1 or t+1), so no family implements it.
 */
export const MISTAKE_IDS = [
  'swapped-UW',
  'missing-bias',
  'missing-activation',
  'tanh-for-sigmoid',
  'sigmoid-for-tanh',
  'gru-convention-swapped',
  'softmax-skipped',
  'concat-order-swapped',
  'off-by-one',
] as const;
export type MistakeId = (typeof MISTAKE_IDS)[number];

/** Feedback sentence a student understands, per mistake. */
export const MISTAKE_FEEDBACK: Record<MistakeId, string> = {
  'swapped-UW': 'It looks like U and W were swapped: U multiplies the previous hidden state h_{t-1}, W multiplies the input x_t.',
  'missing-bias': 'It looks like the bias was left out: add b after the matrix products.',
  'missing-activation': 'It looks like the activation function was not applied: this value must go through the non-linearity.',
  'tanh-for-sigmoid': 'It looks like tanh was used where the gate needs the sigmoid σ (gates lie between 0 and 1).',
  'sigmoid-for-tanh': 'It looks like σ was used where tanh belongs (the candidate state and the output use tanh).',
  'gru-convention-swapped': 'It looks like z and 1−z were swapped: in this course h_t = (1−z)∗h_{t−1} + z∗h̃_t (PyTorch uses the other order).',
  'softmax-skipped': 'It looks like softmax was skipped: o = softmax(V h), not V h itself.',
  'concat-order-swapped': 'It looks like the concatenation was taken in the wrong order: [h_{t−1}, x_t] puts h_{t−1} first.',
  'off-by-one': 'This is the value of a neighbouring time step: check which t the question asks for.',
};

/** How an answer field is compared: exact rationals, numeric with tolerance, or a label/choice matched literally. */
export type FieldKind = 'exact' | 'numeric' | 'label';

export interface FieldSpec {
  /** Answer name as in SPEC §5, e.g. `h2`, `pf1`, `label`. */
  name: string;
  kind: FieldKind;
  /** `scalar`, a vector length, or `label`. */
  shape: 'scalar' | 'label' | number;
  /** Allowed labels (in index order) for label fields: a student may answer a name or its index from 0. */
  choices?: string[];
  /** Quantity without the time index (`h` for `h2`) and the index, for off-by-one detection. */
  quantity: string;
  t?: number;
}

/**
 * One worked step, as the lecture shows them: `lhs = symbolic = template(args) = value`,
 * e.g. lhs `f_{1}`, symbolic `\sigma(W_f x_{1} + U_f h_{0} + b_f)`, template `\sigma({0})`,
 * args `[[2, 24]]`, value `[0.8808, 1.0000]`. Renderers format `args` and `value`
 * (fractions, 4 decimals) and substitute `{i}` in the TeX template.
 */
export interface Step {
  /** The answer this step produces, when it produces one. */
  field?: string;
  lhs: string;
  symbolic?: string;
  template: string;
  args: Value[];
  value: Value;
}

/**
 * A Step with all six keys present (an absent `field` or `symbolic` is
 * undefined): every step then has one object shape, which keeps building and
 * checking the ~15–30 steps of a traced solve fast (conditional spreads made
 * mixed shapes and were the traced solve's hot spot).
 * @example makeStep('h1', 'h^{(1)}', 'a^{(1)}', '{0}', [vector(a)], vector(a))
 */
export function makeStep(field: string | undefined, lhs: string, symbolic: string | undefined, template: string, args: Value[], value: Value): Step {
  return { field, lhs, symbolic, template, args, value };
}

/**
 * What a family's `compute` talks to. In a plain solve it records answers
 * and steps. When the grader recomputes from a student's own answers, `answer`
 * returns the student's value instead of the computed one so later steps use
 * it (error carried forward); `rule` switches on one named mistake.
 */
export interface Ctx {
  readonly rule: MistakeId | null;
  /** Records answer `name` and returns the vector to continue with. */
  vec(name: string, value: Vec): Vec;
  num(name: string, value: Num): Num;
  /** Records a label answer; `choices` are the labels in index order. */
  label(name: string, value: string, choices: readonly string[]): string;
  step(step: Step): void;
  /** False when nobody will read the steps (grading), so families may skip building them. */
  readonly tracing: boolean;
  /**
   * The problem's options as stored (parsed, or raw from a hand-typed JSON: read
   * them with a fallback). Only print choices such as `notation` are read here,
   * so the steps use the question's own symbols; values never depend on them.
   */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * How a family's questions are presented, read once by the question view
 * (src/view/) and never by a writer: writers see only the view. Every key is
 * optional; the defaults suit a family that asks for computed numbers.
 */
export interface Presentation<G extends object = object> {
  /** Topic in the exam's points table and the key's headings (default: the family's title). */
  readonly topic?: string;
  /**
   * The topic of one problem when it depends on what was drawn (bptt: "the
   * vanishing gradient" or "the exploding gradient"); wins over `topic`.
   */
  topicOf?(given: G, answers: ReadonlyMap<string, Value>): string;
  /**
   * The question is answered by picking one of the choices of its single label
   * field: writers show the choices' control (a drop-down, "write the number of
   * your choice") instead of a named answer field.
   */
  readonly choiceOnly?: boolean;
  /**
   * The worked steps name a choice by its position in this version's order, so
   * a writer whose host reshuffles the choices (Moodle) shows the answer by name
   * instead of the steps.
   */
  readonly stepsNameChoicePositions?: boolean;
  /**
   * Extra variables for the family's statement template (the LSTM's
   * concatenated `[U | W]` matrices, say); Values print with the `tex` filter.
   */
  templateVars?(given: G): Record<string, unknown>;
}

export interface FamilySpec<G extends object, O extends object> {
  readonly id: FamilyId;
  readonly title: string;
  /**
   * How many distinct problems the family can draw at all, when that is few
   * enough to matter (a table of tasks times the orders of its choices);
   * absent when too many to count. `rnnquiz check` compares versions with it.
   */
  readonly drawableVariants?: number;
  /** Presentation metadata for the question view (statement template `templates/families/<id>.njk`). */
  readonly presentation?: Presentation<G>;
  /** Parses and defaults options; errors name the option. */
  readonly optionsSchema: z.ZodType<O>;
  /** The mistakes `compute` implements for this family. */
  readonly mistakes: readonly MistakeId[];
  /**
   * The answer quantities (answer-name prefixes) each mistake changes directly,
   * so generation can insist that a correct answer and the mistaken one differ.
   */
  readonly mistakeTargets: Partial<Record<MistakeId, readonly string[]>>;
  /** One random candidate; the engine checks the SPEC §4 rules and redraws. */
  draw(rng: Rng, options: O): G;
  /** Family-specific SPEC §4 rules: returns why a candidate is rejected, or null. */
  reject?(given: G, answers: ReadonlyMap<string, Value>, options: O): string | null;
  /** Whether a mistake can apply to this given (e.g. missing-bias needs a non-zero bias). */
  mistakeApplies?(given: G, mistake: MistakeId): boolean;
  /** The forward pass: every answer in order, through `ctx`. Throws ShapeError when a mistaken rule cannot apply. */
  compute(given: G, ctx: Ctx): void;
  /** Reads a hand-typed or stored given; throws GivenError naming the field and expected shape. */
  parseGiven(raw: unknown): G;
  givenToJson(given: G): Record<string, unknown>;
  /**
   * Quantities whose value may repeat from one time step to the next by nature
   * (identity bptt: every d_t = u), exempt from the off-by-one distinctness rule.
   */
  repeatsAcrossSteps?(given: G): readonly string[];
  /**
   * The TeX symbols a problem's question defines and its worked steps use,
   * written once (e.g. `W_C`, `b_C` in the concatenated LSTM, `W_c`, `b_c` in
   * the separate one), plus the print choices the question needs (`bias`,
   * `concatenated`). Templates read them as `sym`.
   */
  symbols?(given: G, options: Readonly<Record<string, unknown>>): Readonly<Record<string, string | boolean>>;
  /**
   * Answer quantities computed (and kept in the JSON answers) but not asked as
   * fields, e.g. `a` when the activation is the identity and `identity_once`
   * is on: a_t and h_t are then the same number, asked and scored once as h_t.
   */
  unasked?(given: G, options: Readonly<Record<string, unknown>>): readonly string[];
  /** Family-specific wording of a mistake's feedback (defaults to MISTAKE_FEEDBACK). */
  readonly mistakeFeedback?: Partial<Record<MistakeId, string>>;
  /**
   * Answer quantities that are an activation of another answer of the same
   * step (`f` is σ of `pf`). The grader names an answer equal to that
   * pre-activation (the key's or the student's own) `missing-activation`,
   * whatever the family's compute does under that rule: no generation rule is
   * needed, since σ(x) = x has no rational solution and tanh(x) = x only at 0.
   * @example { f: { pre: 'pf', fn: 'σ', what: 'the forget gate' } }
   */
  readonly activationOf?: Readonly<Record<string, ActivationOf>>;
}

/** One answer quantity that squashes another (see FamilySpec.activationOf). */
export interface ActivationOf {
  /** Quantity of the pre-activation answer, e.g. `pf`. */
  pre: string;
  /** The function as a student reads it: `σ` or `tanh`. */
  fn: 'σ' | 'tanh';
  /** What the answer is, in words: `the forget gate f`. */
  what: string;
}

/**
 * Feedback for an answer equal to its own pre-activation.
 * @example activationLeftOut({ pre: 'pf', fn: 'σ', what: 'the forget gate f' })
 * // 'It looks like σ was left out: this is the pre-activation; the forget gate f is σ of it (a number between 0 and 1).'
 */
export function activationLeftOut(a: ActivationOf): string {
  const range = a.fn === 'σ' ? 'a number between 0 and 1' : 'a number between −1 and 1';
  return `It looks like ${a.fn} was left out: this is the pre-activation; ${a.what} is ${a.fn} of it (${range}).`;
}

/**
 * The feedback sentence for a mistake in a family, its own wording first.
 * @example mistakeFeedbackFor(bptt, 'missing-activation')
 */
export function mistakeFeedbackFor(family: { readonly mistakeFeedback?: Partial<Record<MistakeId, string>> }, mistake: MistakeId): string {
  return family.mistakeFeedback?.[mistake] ?? MISTAKE_FEEDBACK[mistake];
}

export interface Solution {
  answers: Map<string, Value>;
  fields: FieldSpec[];
  steps: Step[];
}
