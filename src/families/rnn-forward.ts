/**
 * `rnn-forward`: the lecture's simple RNN, every step answered.
 *   a_t = U h_{t-1} + W x_t (+ b),  h_t = g(a_t)  (g = identity as in the classwork, or tanh)
 *   y_t = V h_t,  o_t = softmax(y_t),  label_t = argmax o_t
 * Answers: a{t} h{t} y{t} o{t} label{t} for t = 1..T.
 */
import { z } from 'zod';
import type { Mat, Vec } from '../core/linalg.js';
import { valueToJson, matrix, vector } from '../core/value.js';
import { defineFamily } from './engine.js';
import type { FamilySpec, MistakeId } from './contract.js';
import { DEFAULT_LABELS, STATE_RANGE, WEIGHT_RANGE, drawInputs, drawMatrix, drawVector, optionFields } from './draw.js';
import { readEnum, readMatrix, readObject, readSequence, readStringList, readVector } from './givens.js';
import { type Activation, SIMPLE_NAMES, identityAskedOnce, recurrenceMistakeApplies, at, times, rejectDegenerateOrTied, stepLogits, outputStep, productStep, recurrenceStep } from './recurrence.js';

export interface RnnGiven {
  activation: Activation;
  U: Mat;
  W: Mat;
  V: Mat;
  b?: Vec;
  h0: Vec;
  xs: Vec[];
  labels: string[];
}

export const rnnOptionsSchema = z
  .object({
    hidden: optionFields.hidden.default(2),
    input: optionFields.input.default(3),
    steps: optionFields.steps.default(2),
    classes: optionFields.classes.default(3),
    activation: optionFields.activation.default('identity'),
    bias: optionFields.bias.default(false),
    weights: optionFields.weights.default('integers'),
    inputs: optionFields.inputs.default('one-hot'),
    identity_once: optionFields.identity_once.default(true),
  })
  .strict();
export type RnnOptions = z.infer<typeof rnnOptionsSchema>;

/** Draws the weights of a simple RNN with a k-class output layer (shared with rnn-classify). */
export function drawRnnGiven(rng: Parameters<typeof drawMatrix>[0], o: Omit<RnnOptions, 'identity_once'>): RnnGiven {
  const n = o.hidden;
  const d = o.input;
  return {
    activation: o.activation,
    U: drawMatrix(rng, n, n, WEIGHT_RANGE, o.weights),
    W: drawMatrix(rng, n, d, WEIGHT_RANGE, o.weights),
    V: drawMatrix(rng, o.classes, n, WEIGHT_RANGE, o.weights),
    ...(o.bias ? { b: drawVector(rng, n, WEIGHT_RANGE, o.weights) } : {}),
    h0: drawVector(rng, n, STATE_RANGE),
    xs: drawInputs(rng, o.steps, d, o.inputs),
    labels: DEFAULT_LABELS.slice(0, o.classes),
  };
}

/** Reads a hand-typed simple-RNN given; shapes follow from U (n×n) and W (n×d). */
export function parseRnnGiven(raw: unknown): RnnGiven {
  const obj = readObject(raw, ['activation', 'U', 'W', 'V', 'b', 'h0', 'xs', 'labels']);
  const activation = readEnum(obj, 'activation', ['identity', 'tanh'] as const);
  const U = readMatrix(obj, 'U');
  const n = U.length;
  if ((U[0] as Vec).length !== n) readMatrix(obj, 'U', n, n);
  const W = readMatrix(obj, 'W', n);
  const V = readMatrix(obj, 'V', undefined, n);
  const given: RnnGiven = {
    activation,
    U,
    W,
    V,
    h0: readVector(obj, 'h0', n),
    xs: readSequence(obj, 'xs', (W[0] as Vec).length),
    labels: obj.labels === undefined ? V.map((_, i) => String(i)) : readStringList(obj, 'labels', V.length),
  };
  if (obj.b !== undefined) given.b = readVector(obj, 'b', n);
  return given;
}

export function rnnGivenToJson(g: RnnGiven): Record<string, unknown> {
  return {
    activation: g.activation,
    U: valueToJson(matrix(g.U)),
    W: valueToJson(matrix(g.W)),
    V: valueToJson(matrix(g.V)),
    ...(g.b ? { b: valueToJson(vector(g.b)) } : {}),
    h0: valueToJson(vector(g.h0)),
    xs: valueToJson(matrix(g.xs)),
    labels: g.labels,
  };
}

/** Which mistakes can show in a simple-RNN given (see recurrenceMistakeApplies). */
export function rnnMistakeApplies(g: RnnGiven, m: MistakeId): boolean {
  return recurrenceMistakeApplies({ U: g.U, W: g.W, biases: [g.b], activation: g.activation }, m);
}

/**
 * What rnn-forward and rnn-classify share besides the computation: the given,
 * its drawing, and the mistakes (with the quantities each changes directly).
 */
export const simpleRnnBasics = {
  mistakes: ['swapped-UW', 'missing-bias', 'missing-activation', 'sigmoid-for-tanh', 'softmax-skipped'],
  mistakeTargets: { 'swapped-UW': ['a'], 'missing-bias': ['a'], 'missing-activation': ['h'], 'sigmoid-for-tanh': ['h'], 'softmax-skipped': ['o'] },
  mistakeApplies: rnnMistakeApplies,
  unasked: identityAskedOnce,
  draw: drawRnnGiven,
  parseGiven: parseRnnGiven,
  givenToJson: rnnGivenToJson,
} as const satisfies Partial<FamilySpec<RnnGiven, RnnOptions>>;

export const rnnForward = defineFamily<RnnGiven, RnnOptions>({
  ...simpleRnnBasics,
  id: 'rnn-forward',
  title: 'Simple RNN forward pass',
  optionsSchema: rnnOptionsSchema,
  reject: (g, answers) => rejectDegenerateOrTied({ U: g.U, W: g.W }, { V: g.V }, answers, stepLogits(g.xs.length)),
  compute(g, ctx) {
    let h = g.h0;
    g.xs.forEach((x, i) => {
      const t = i + 1;
      h = recurrenceStep(ctx, g, SIMPLE_NAMES, t, t - 1, h, x);
      const y = productStep(ctx, g.V, h, at('y', t), times('\\mathbf{V}', at('h', t)), `y${t}`);
      outputStep(ctx, y, g.labels, String(t), at('y', t), at('o', t));
    });
  },
});
