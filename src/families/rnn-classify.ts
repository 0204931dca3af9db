/**
 * `rnn-classify`: many-to-one text classification with the lecture's simple RNN.
 * The recurrence runs over the whole sequence (answers a{t} h{t} for every t);
 * only the last hidden state, which represents the entire sentence, is classified:
 *   y = V h_T,  o = softmax(y),  label = argmax o   (answers `y o label`, no index)
 */
import { defineFamily } from './engine.js';
import { optionFields } from './draw.js';
import { SIMPLE_NAMES, at, bold, times, rejectDegenerateOrTied, outputStep, productStep, recurrenceStep } from './recurrence.js';
import { type RnnGiven, rnnOptionsSchema, simpleRnnBasics } from './rnn-forward.js';
import type { z } from 'zod';

/** rnn-forward's options; a sentence is a little longer by default (3 words). */
export const rnnClassifyOptionsSchema = rnnOptionsSchema.extend({ steps: optionFields.steps.default(3) });
export type RnnClassifyOptions = z.infer<typeof rnnClassifyOptionsSchema>;

export const rnnClassify = defineFamily<RnnGiven, RnnClassifyOptions>({
  ...simpleRnnBasics,
  id: 'rnn-classify',
  title: 'RNN sequence classification (many-to-one)',
  optionsSchema: rnnClassifyOptionsSchema,
  reject: (g, answers) => rejectDegenerateOrTied({ U: g.U, W: g.W }, { V: g.V }, answers, ['y']),
  compute(g, ctx) {
    let h = g.h0;
    g.xs.forEach((x, i) => {
      h = recurrenceStep(ctx, g, SIMPLE_NAMES, i + 1, i, h, x);
    });
    const T = g.xs.length;
    const y = productStep(ctx, g.V, h, bold('y'), times(bold('V'), at('h', T)), 'y');
    outputStep(ctx, y, g.labels, '', bold('y'), bold('o'));
  },
});
