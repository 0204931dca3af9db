/**
 * How an answer field is named and explained to a student, the same on the
 * exam PDF, the web page and the Moodle export.
 */
import type { FieldSpec, Step } from '../families/contract.js';
import { texText } from './tex-values.js';

/**
 * The TeX name of a field: the left-hand side of the worked step that produces
 * it (`h^{(1)}`, `f_{1}`), so the answer box and the key use the same symbol;
 * `\text{name}` when no step names it.
 * @example fieldTex(problem.steps, 'h1') // "h^{(1)}"
 */
export function fieldTex(steps: readonly Step[], name: string): string {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]?.field === name) return (steps[i] as Step).lhs;
  return `\\text{${texText(name)}}`;
}

/**
 * What to write in the box: short on paper (`2 exact numbers`), with an example
 * on the web (`a vector of 2 exact numbers, e.g. [1, 2]`). `choiceOnly`: the
 * field is the question's one pick among listed choices (the family says so).
 * @example fieldHint({ kind: 'numeric', shape: 3, … }, { examples: false }) // "3 numbers, 4 decimals"
 */
export function fieldHint(field: FieldSpec, options: { examples: boolean; choiceOnly?: boolean }): string {
  if (field.shape === 'label') {
    if (options.choiceOnly) return options.examples ? 'the number of your choice (from 0) or its text' : 'number or name of the choice';
    const c = field.choices ?? [];
    if (!options.examples || c.length < 2) return 'label name or index';
    return `${c.slice(0, -1).join(', ')} or ${c[c.length - 1]} (or its index from 0)`;
  }
  const exact = field.kind === 'exact';
  if (field.shape === 'scalar') {
    if (!options.examples) return exact ? 'exact number' : 'number, 4 decimals';
    return exact ? 'an exact number, e.g. 3 or -1/2' : 'a number, e.g. 0.8808 or sigmoid(2)';
  }
  if (!options.examples) return `${field.shape} ${exact ? 'exact numbers' : 'numbers, 4 decimals'}`;
  const example = `[${Array.from({ length: field.shape }, (_, i) => i + 1).join(', ')}]`;
  return `a vector of ${field.shape} ${exact ? 'exact numbers' : 'numbers'}, e.g. ${example}`;
}

/**
 * What to do with a choice-mode field (options A–E): mark one letter.
 * @example choiceHint(5) // { paper: 'one letter A–E', web: 'Choose one of the options A–E.' }
 */
export function choiceHint(count: number): { paper: string; web: string } {
  const last = String.fromCharCode(64 + Math.max(1, count));
  return { paper: `one letter A–${last}`, web: `Choose one of the options A–${last}.` };
}
