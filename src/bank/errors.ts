/**
 * A bank that cannot be used: every problem found, each with file, line,
 * column, the path inside the bank and what was expected. The CLI prints them
 * all at once (a UsageError: exit 2, no stack trace).
 */
import { UsageError } from '../core/errors.js';
import type { Position } from './positions.js';

export interface BankIssue extends Position {
  file: string;
  /** Path inside the bank, e.g. `items[2].options.steps` ('' for the whole file). */
  path: string;
  message: string;
  /** The item the issue is in, as its author knows it: `item "lstm-step"`, or `item 3 (lstm)` when it has no id. */
  item?: string;
  /** The line with a caret under the column (YAML syntax errors). */
  excerpt?: string;
}

/**
 * `file:line:col: where: message`, the form editors jump to; inside an item,
 * `where` names the item by its id and the key within it.
 * @example formatIssue({ file: 'b.yaml', line: 9, col: 23, path: 'items[2].options.steps', item: 'item "lstm-step"', message: 'expected …' })
 * // 'b.yaml:9:23: item "lstm-step", options.steps: expected …'
 */
export function formatIssue(i: BankIssue): string {
  const inside = i.item ? i.path.replace(/^items\[\d+\]\.?/, '') : i.path;
  const where = i.item ? `${i.item}${inside ? `, ${inside}` : ''}` : inside;
  const head = `${i.file}:${i.line}:${i.col}: ${where ? `${where}: ` : ''}${i.message}`;
  return i.excerpt ? `${head}\n${i.excerpt}` : head;
}

export class BankError extends UsageError {
  constructor(readonly issues: readonly BankIssue[]) {
    const file = issues[0]?.file ?? 'bank';
    super(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the bank; nothing was written\n${issues.map((i) => formatIssue(i).replace(/^/gm, '  ')).join('\n')}`);
  }
}
