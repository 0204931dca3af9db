/**
 * Independent reference for rnn-architecture (no imports from src/): decides
 * from the wording of the task alone, by the shape of its input and output,
 * so that it is a second opinion on the family's table rather than a copy.
 */
import { type Json } from './plain.js';

/** First matching rule wins; aligned tagging is tested before whole-sequence classification. */
const RULES: Array<[RegExp, string]> = [
  [/translat|summar|chatbot|reply/i, 'many-to-many (encoder-decoder)'],
  [/caption|melody|compose|pen strokes/i, 'one-to-many'],
  [/every (word|frame|position)|tagging|named-entity/i, 'many-to-many (aligned)'],
  [/sentiment|spam|whole video|language identification|topic/i, 'many-to-one'],
  [/single photo|house|patient record/i, 'one-to-one'],
];

export function reference(given: Json): Record<string, number | number[] | string> {
  const task = String(given.task);
  const rule = RULES.find(([re]) => re.test(task));
  if (!rule) throw new Error(`reference has no rule for task ${JSON.stringify(task)}`);
  if (!(given.choices as string[]).includes(rule[1])) throw new Error(`choices lack ${rule[1]}`);
  return { architecture: rule[1] };
}
