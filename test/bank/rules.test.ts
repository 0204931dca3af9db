/** Exam rules in a bank: defaults per kind, and every bad value named with its line and column. */
import { describe, expect, it } from 'vitest';
import { parseBank } from '../../src/bank/load.js';
import { BankError } from '../../src/bank/errors.js';

const bank = (rules: string) => `course: C\ntitle: T\ndate: 2026-03-12\n${rules}items:\n  - stem: Why?\n    choices: [a, b]\n    answer: a\n`;

function issuesOf(text: string): string[] {
  try {
    parseBank(text, 'r.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(BankError);
    return (e as BankError).issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
  }
  throw new Error('expected a BankError');
}

describe('exam rules in the bank', () => {
  it('default to an exam that shows nothing until release, and a practice set that shows everything', () => {
    expect(parseBank(bank(''), 'r.yaml').rules).toEqual({ kind: 'exam', feedback: { open: 'none', closed: 'none', released: 'full' } });
    expect(parseBank(bank('kind: practice\n'), 'r.yaml').rules).toEqual({ kind: 'practice', feedback: { open: 'full', closed: 'full', released: 'full' } });
  });

  it('read opens, closes, a time limit and feedback as a level or per phase', () => {
    const rules = parseBank(bank('opens: 2026-03-12T09:00:00+01:00\ncloses: "2026-03-12T11:00:00Z"\ntime_limit: 90\nfeedback: { open: score, closed: fields }\n'), 'r.yaml').rules;
    expect(rules).toEqual({ kind: 'exam', opens: '2026-03-12T09:00:00+01:00', closes: '2026-03-12T11:00:00Z', time_limit: 90, feedback: { open: 'score', closed: 'fields', released: 'full' } });
    expect(parseBank(bank('feedback: fields\n'), 'r.yaml').rules.feedback).toEqual({ open: 'fields', closed: 'none', released: 'full' });
  });

  it('name every bad rule with its line and column', () => {
    const issues = issuesOf(bank('kind: quiz\nopens: 2026-03-12T09:00:00\ntime_limit: 1.5\nfeedback: { open: lots, later: none }\n'));
    expect(issues).toContain('4:7 kind: expected kind: exam or practice');
    expect(issues.find((i) => i.startsWith('5:8 opens: expected opens: an ISO time with its zone'))).toBeDefined();
    expect(issues).toContain('6:13 time_limit: expected time_limit in whole minutes');
    expect(issues.some((i) => i.startsWith('7:'))).toBe(true);
  });

  it('refuse closes at or before opens, at the closes line', () => {
    expect(issuesOf(bank('opens: 2026-03-12T09:00:00Z\ncloses: 2026-03-12T10:00:00+01:00\n'))).toEqual(['5:9 closes: expected closes after opens (2026-03-12T09:00:00Z)']);
  });
});
