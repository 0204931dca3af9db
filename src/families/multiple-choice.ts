/**
 * `multiple-choice`: a conceptual question from the lecture (history, the
 * drawbacks of simple RNNs, gates, vanishing gradients, architectures).
 * Given `{ stem, choices, answer }` with the choices in the version's shuffled
 * order; the single answer is `choice`, the correct choice string (a student
 * may answer it by name or by its index from 0, like any label field).
 *
 * The given holds the correct choice so a hand-typed or stored item can be
 * solved; like every given it lives in the (secret) manifest.
 */
import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import { label as labelValue, scalar } from '../core/value.js';
import { q } from '../core/num.js';
import { defineFamily } from './engine.js';
import { readObject, readStringList } from './givens.js';
import { GivenError } from '../core/errors.js';

export interface ChoiceGiven {
  stem: string;
  choices: string[];
  answer: string;
}

/** Built-in lecture questions, drawn by `rnnquiz generate --family multiple-choice`. */
export const LECTURE_QUESTIONS: readonly ChoiceGiven[] = [
  {
    stem: 'Who introduced LSTMs in 1995, building on research on the vanishing gradient problem?',
    choices: ['Hochreiter and Schmidhuber', 'Rumelhart', 'Cho et al.', 'Graves et al.'],
    answer: 'Hochreiter and Schmidhuber',
  },
  {
    stem: 'Which is a drawback of a simple (unidirectional) RNN named in the lecture?',
    choices: ['It can only see the past, not the future', 'Its parameters change at every time step', 'It cannot process sequences of different lengths', 'It needs one weight matrix per word'],
    answer: 'It can only see the past, not the future',
  },
  {
    stem: 'Why do gradients for early time steps become vanishingly small in BPTT?',
    choices: [
      'Per-step derivatives below 1 are multiplied together many times',
      'The learning rate decreases over time',
      'Softmax saturates at the output',
      'The weights are different at each time step',
    ],
    answer: 'Per-step derivatives below 1 are multiplied together many times',
  },
];

export const choiceOptionsSchema = z.object({}).strict();
export type ChoiceOptions = z.infer<typeof choiceOptionsSchema>;

/**
 * The item with its choices in a fresh order drawn from `rng` (one order per version).
 * @example shuffledChoices(createRng('V01'), item).choices // the same strings, reordered
 */
export function shuffledChoices(rng: Rng, item: ChoiceGiven): ChoiceGiven {
  return { stem: item.stem, choices: rng.shuffle(item.choices), answer: item.answer };
}

export function parseChoiceGiven(raw: unknown): ChoiceGiven {
  const obj = readObject(raw, ['stem', 'choices', 'answer']);
  if (typeof obj.stem !== 'string' || obj.stem.trim() === '') throw new GivenError('stem', 'the question text', obj.stem === undefined ? 'nothing (the field is missing)' : typeof obj.stem);
  const choices = readStringList(obj, 'choices');
  if (choices.length < 2) throw new GivenError('choices', 'at least 2 choices', `${choices.length}`);
  if (typeof obj.answer !== 'string' || !choices.includes(obj.answer)) throw new GivenError('answer', 'one of the choices, spelled exactly', JSON.stringify(obj.answer));
  return { stem: obj.stem, choices, answer: obj.answer };
}

export const multipleChoice = defineFamily<ChoiceGiven, ChoiceOptions>({
  id: 'multiple-choice',
  title: 'Conceptual multiple choice',
  optionsSchema: choiceOptionsSchema,
  mistakes: [],
  mistakeTargets: {},
  friendly: () => null,
  draw: (rng) => shuffledChoices(rng, rng.pick(LECTURE_QUESTIONS)),
  compute(g, ctx) {
    if (ctx.tracing) {
      ctx.step({ field: 'choice', lhs: '\\text{choice}', template: '\\text{index } {0}', args: [scalar(q(g.choices.indexOf(g.answer)))], value: labelValue(g.answer) });
    }
    ctx.label('choice', g.answer, g.choices);
  },
  parseGiven: parseChoiceGiven,
  givenToJson: (g) => ({ stem: g.stem, choices: [...g.choices], answer: g.answer }),
  // Its step names the index in this version's shuffled order.
  presentation: { topic: 'Concepts', choiceOnly: true, stepsNameChoicePositions: true },
});
