/** What rnnquiz's own grader makes of one number typed into a one-number field: the yardstick the Moodle export is held to. */
import type { Num } from '../../src/core/num.js';
import { readAnswer } from '../../src/grading/answer.js';
import { matchComponent } from '../../src/grading/tolerance.js';
import { DEFAULT_TOLERANCE, type Tolerance } from '../../src/grading/types.js';

/** True when the grader credits `text` typed for the key `x` (exactly, as a correct rounding, or within `tol`). */
export function graderCredits(text: string, x: Num, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  const read = readAnswer(text, { shape: 'scalar' });
  return read.ok && read.kind === 'numbers' && read.items.length === 1 && matchComponent(read.items[0]!, x, tol) !== null;
}
