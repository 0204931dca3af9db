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
}

/** `file:line:col: path: message`, the form editors jump to. */
export function formatIssue(i: BankIssue): string {
  return `${i.file}:${i.line}:${i.col}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export class BankError extends UsageError {
  constructor(readonly issues: readonly BankIssue[]) {
    const file = issues[0]?.file ?? 'bank';
    super(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the bank; nothing was written\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
}
