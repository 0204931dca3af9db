/** Reading a bank that must be refused: its issues, or its whole printed message. */
import { expect } from 'vitest';
import { parseBank } from '../../src/bank/load.js';
import { BankError, type BankIssue } from '../../src/bank/errors.js';

/** The BankError a bad bank throws (fails the test when the bank is accepted). */
export function bankErrorOf(text: string, file: string): BankError {
  try {
    parseBank(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(BankError);
    return e as BankError;
  }
  throw new Error('the bank was accepted');
}

export const issuesOf = (text: string, file = 'bad.yaml'): BankIssue[] => [...bankErrorOf(text, file).issues];
