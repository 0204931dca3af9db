/**
 * Choice mode on paper: a bubble sheet gives a letter A–E for a choice field.
 * Grading turns it into the option's printed text first, so a distractor is
 * then graded like the typed answer it stands for (a named mistake, a carried
 * error) and the feedback names the mistake. Pure.
 */
import type { ChoiceOption } from '../manifest.js';

/**
 * A letter answer (A–E) of a choice field as the text of its option; any other answer unchanged.
 * @example resolveChoiceLetter([{ text: '7' }, { text: '5', key: true }], 'b') // '5'
 */
export function resolveChoiceLetter(options: readonly ChoiceOption[] | undefined, answer: string): string {
  if (!options) return answer;
  const m = /^\s*([A-Ea-e])\s*$/.exec(answer);
  if (!m) return answer;
  const option = options[(m[1] as string).toUpperCase().charCodeAt(0) - 65];
  return option ? option.text : answer;
}
