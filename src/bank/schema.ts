/**
 * The bank format (YAML under `question-banks/`), as zod schemas. A bank
 * names the exam (course, title, date, instructions), the grading defaults
 * (points per answer field, tolerance, carried-error penalty, attempts) and
 * its items, each one of three kinds told apart by their keys:
 *
 * - a **family item** `{ family, count?, options?, notation?, points?, tolerance? }`:
 *   `count` problems drawn per version;
 * - a **fixed problem** `{ family, given, … }`: typed by hand (the lecture's
 *   classwork), solved by the same solver, the same in every version;
 * - a **conceptual item** `{ stem, choices, answer, shuffle? }`: multiple choice,
 *   choices shuffled per version.
 *
 * `points` is either a number (points for every answer field of the item) or a
 * map from an answer name (`h2`) or a quantity (`h`, every step) to points;
 * `tolerance` likewise is `{ rtol, atol }` or a map of those.
 */
import { z } from 'zod';
import { DEFAULT_FAIRNESS_BAND } from '../check/fairness.js';
import { checkRuleOrder, rulesShape } from './rules.js';

const text = (what: string) =>
  z
    .string({ error: `expected ${what} (text)` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty string` });

export const toleranceSchema = z
  .object({
    rtol: z.number({ error: 'expected rtol, a number ≥ 0 (relative tolerance, e.g. 0.01)' }).min(0, { error: 'expected rtol ≥ 0' }),
    atol: z.number({ error: 'expected atol, a number ≥ 0 (absolute tolerance, e.g. 0.01)' }).min(0, { error: 'expected atol ≥ 0' }),
  })
  .strict();

const pointValue = z.number({ error: 'expected points, a number ≥ 0' }).min(0, { error: 'expected points ≥ 0' }).max(1000, { error: 'expected points ≤ 1000' });

/** A number for every field, or a map from answer names / quantities to points. */
export const pointsSchema = z.union([pointValue, z.record(z.string(), pointValue)], {
  error: 'expected points: a number (for every answer field) or a map like { h: 2, label: 1 }',
});

export const itemToleranceSchema = z.union([toleranceSchema, z.record(z.string(), toleranceSchema)], {
  error: 'expected tolerance: { rtol, atol } or a map from answer names to { rtol, atol }',
});

const itemId = z.string({ error: 'expected an item id (text)' }).regex(/^[A-Za-z][\w-]{0,39}$/, { error: 'expected an item id: a letter, then letters, digits, - or _ (at most 40)' });

/** `choice`: every exact or numeric answer asked as multiple choice with distractors from the mistake model (src/plan/choice-options.ts). */
export const modeSchema = z.enum(['typed', 'choice'], { error: 'expected mode: typed (answers written in boxes) or choice (options A–E, for bubble sheets)' });

const shared = {
  id: itemId.optional(),
  points: pointsSchema.optional(),
  tolerance: itemToleranceSchema.optional(),
};

/** How LSTM/GRU equations are printed (the JSON always holds the separate W/U matrices). */
const notation = z.enum(['separate', 'concatenated'], { error: 'expected notation: separate or concatenated' }).optional();
const familyName = z.string({ error: 'expected a family id such as rnn-forward, lstm, gru' });

/**
 * Balanced versions (src/check/fairness.ts): `{ band: 0.25 }` keeps every
 * version's hand work within ±25 % of the item's median; `false` turns it off.
 */
export const fairnessSchema = z.union(
  [
    z.literal(false),
    z
      .object({
        band: z
          .number({ error: 'expected fairness.band, a fraction of the median such as 0.25' })
          .gt(0, { error: 'expected fairness.band > 0' })
          .max(1, { error: 'expected fairness.band ≤ 1 (±100 % of the median)' }),
      })
      .strict(),
  ],
  { error: "expected fairness: { band: 0.25 } (hand work within ±25 % of the item's median) or false" },
);

export const familyItemSchema = z
  .object({
    ...shared,
    family: familyName,
    count: z
      .number({ error: 'expected count, a whole number from 1 to 20' })
      .int({ error: 'expected count, a whole number' })
      .min(1, { error: 'expected count ≥ 1' })
      .max(20, { error: 'expected count ≤ 20' })
      .default(1),
    options: z.record(z.string(), z.unknown(), { error: 'expected options, a map such as { steps: 2, activation: tanh }' }).default({}),
    notation,
    fairness: fairnessSchema.optional(),
    mode: modeSchema.optional(),
  })
  .strict();

export const fixedItemSchema = z
  .object({
    ...shared,
    family: familyName,
    given: z.record(z.string(), z.unknown(), { error: "expected given, a map of the problem's values such as { U: [[2, 0], [1, 2]], h0: [1, -1], … }" }),
    options: z.record(z.string(), z.unknown(), { error: 'expected options, a map' }).default({}),
    notation,
    mode: modeSchema.optional(),
  })
  .strict();

export const choiceItemSchema = z
  .object({
    ...shared,
    stem: text('the question text (stem)'),
    choices: z.array(text('a choice'), { error: 'expected choices, a list of at least 2 strings' }).min(2, { error: 'expected at least 2 choices' }).max(8, { error: 'expected at most 8 choices' }),
    answer: text('the correct choice, spelled as in choices'),
    shuffle: z.boolean({ error: 'expected shuffle: true or false' }).default(true),
  })
  .strict();

export const bankSchema = z
  .object({
    course: text('the course name'),
    title: text('the exam title'),
    date: z.union([z.string(), z.date()], { error: 'expected the exam date, e.g. 2026-03-12' }).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
    instructions: text('the instructions').default('Write each answer in its box. Show your work.'),
    points: pointValue.default(1),
    points_per: z
      .enum(['field', 'component'], { error: 'expected points_per: field (a vector answer shares its points over its components) or component (every number of a vector earns the points)' })
      .default('field'),
    tolerance: toleranceSchema.default({ rtol: 0.01, atol: 0.01 }),
    carried_error_penalty: z
      .number({ error: "expected carried_error_penalty, a fraction from 0 to 1 of a field's points lost when it is right only given the student's own earlier answers" })
      .min(0, { error: 'expected carried_error_penalty ≥ 0' })
      .max(1, { error: 'expected carried_error_penalty ≤ 1' })
      .default(0),
    attempts: z
      .object({
        limit: z
          .number({ error: 'expected attempts.limit, a whole number ≥ 1' })
          .int({ error: 'expected a whole number' })
          .min(1, { error: 'expected attempts.limit ≥ 1' })
          .max(100, { error: 'expected attempts.limit ≤ 100' }),
        counts: z.enum(['last', 'best'], { error: 'expected attempts.counts: last or best' }),
      })
      .strict()
      .default({ limit: 1, counts: 'last' }),
    ...rulesShape,
    fairness: fairnessSchema.default({ band: DEFAULT_FAIRNESS_BAND }),
    mode: modeSchema.default('typed'),
    items: z.array(z.unknown(), { error: 'expected items, a list of family items, fixed problems and conceptual items' }).min(1, { error: 'expected at least one item' }),
  })
  .strict()
  .superRefine(checkRuleOrder);

export type Points = z.infer<typeof pointsSchema>;
export type ItemTolerance = z.infer<typeof itemToleranceSchema>;
