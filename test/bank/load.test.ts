/**
 * Bank validation: every problem at once, each with its line and column and
 * what was expected; the default bank loads and exercises every family.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBank, loadBank } from '../../src/bank/load.js';
import { issuesOf } from './helpers.js';
import { listFamilies } from '../../src/families/registry.js';

const BAD = `course: CSE440
title: Midterm
date: 2026-03-12
points: -1
carried_error_penalty: 2
attempts: { limit: 0, counts: worst }
colour: blue
items:
  - family: rnn-forward
    count: 0
    options: { steps: 9 }
  - family: lstmm
  - family: rnn-forward
    given:
      activation: identity
      U: [[2, 0], [1, 2]]
      W: [[2, 0, -1], [1, -1]]
      V: [[1, 0], [-1, 1], [0, 3]]
      h0: [1, -1]
      xs: [[1, 0, 0]]
  - stem: Who?
    choices: [a, b]
    answer: c
  - family: rnn-forward
    points: { h: 2, zz: 1 }
`;

describe('bank validation', () => {
  const issues = issuesOf(BAD);
  const at = (path: string) => issues.find((i) => i.path === path);

  it.each([
    ['points', 4, 9, /≥ 0/],
    ['carried_error_penalty', 5, 24, /≤ 1/],
    ['attempts.limit', 6, 20, /≥ 1/],
    ['attempts.counts', 6, 31, /last or best/],
    ['colour', 7, 1, /unknown key "colour"/],
    ['items[0].count', 10, 12, /count ≥ 1/],
    ['items[0].options.steps', 11, 23, /5/],
    ['items[1].family', 12, 13, /unknown family "lstmm": did you mean "lstm"\? \(families: rnn-forward/],
    ['items[2].given.W', 17, 10, /matrix of 2 rows/],
    ['items[3].answer', 23, 13, /one of the choices/],
    ['items[4].points.zz', 25, 21, /no answer "zz".*h/],
  ])('reports %s at line %i, column %i', (path, line, col, message) => {
    const issue = at(path);
    expect(issue, `no issue at ${path}: ${JSON.stringify(issues)}`).toBeDefined();
    expect([issue?.line, issue?.col]).toEqual([line, col]);
    expect(issue?.message).toMatch(message);
  });

  it('reports every problem at once, in file order, with file:line:col in the message', () => {
    expect(issues).toHaveLength(11);
    expect(issues.map((i) => i.line)).toEqual([...issues.map((i) => i.line)].sort((a, b) => a - b));
    try {
      parseBank(BAD, 'bad.yaml');
    } catch (e) {
      expect((e as Error).message).toContain('bad.yaml:12:13: item 2 (lstmm), family: unknown family');
      expect((e as Error).message).toMatch(/11 problems in the bank; nothing was written/);
    }
  });

  it('reports YAML syntax errors with their position', () => {
    const issues = issuesOf('course: x\nitems: [1, 2\ntitle: y\n');
    // The list opened on line 2 is never closed.
    expect(issues[0]).toMatchObject({ line: 2, col: 8, message: 'YAML syntax: the list or map opened here with "[" is not closed: add the missing "]" before line 3' });
  });

  it('points at the parent map for a missing key', () => {
    const issues = issuesOf('course: CSE440\ndate: 2026-03-12\nitems:\n  - stem: Why?\n    answer: a\n');
    expect(issues.find((i) => i.path === 'title')).toMatchObject({ line: 1, col: 1 });
    expect(issues.find((i) => i.path === 'items[0].choices')).toMatchObject({ line: 4, col: 5, message: expect.stringMatching(/choices/) });
  });
});

describe('the default bank', () => {
  const bank = loadBank('question-banks/rnn-midterm.yaml');

  it('exercises every family, the classwork as a fixed problem, and conceptual items', () => {
    const used = new Set(bank.items.map((i) => (i.kind === 'choice' ? 'multiple-choice' : i.family)));
    for (const f of listFamilies()) expect(used, f.id).toContain(f.id);
    const classwork = bank.items.find((i) => i.id === 'classwork');
    expect(classwork?.kind).toBe('fixed');
    expect(bank.items.filter((i) => i.kind === 'choice').length).toBeGreaterThanOrEqual(4);
  });

  it('reads the header with its defaults', () => {
    expect(bank).toMatchObject({
      name: 'rnn-midterm',
      course: expect.stringContaining('CSE440'),
      points: 1,
      tolerance: { rtol: 0.01, atol: 0.01 },
      carriedErrorPenalty: 0.25,
      attempts: { limit: 2, counts: 'best' },
    });
    expect(readFileSync('question-banks/rnn-midterm.yaml', 'utf8')).toContain('classwork');
  });
});
