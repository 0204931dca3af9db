/**
 * Bank messages a user can act on: YAML slips in plain words at the line to
 * edit (with the line and a caret), items named by their id, a did-you-mean for
 * misspelt keys, the valid options for an unknown one, every error of a
 * hand-typed problem at once, and never a reference to a SPEC the user lacks.
 * Lines and columns below are counted by hand from the texts.
 */
import { describe, expect, it } from 'vitest';
import type { BankIssue } from '../../src/bank/errors.js';
import { bankErrorOf, issuesOf as issuesOfBank } from './helpers.js';

const HEAD = 'course: C\ntitle: T\ndate: 2026-03-12\n';

const issuesOf = (text: string): BankIssue[] => issuesOfBank(text, 'b.yaml');
const messageOf = (text: string): string => bankErrorOf(text, 'b.yaml').message;

describe('YAML syntax errors in plain words, at the line to edit', () => {
  it.each([
    [
      'a line indented deeper than its key',
      `${HEAD}items:\n  - family: lstm\n     options: { steps: 2 }\n`,
      6,
      6,
      'this line is indented deeper than the key above it (line 5), which already has its value: line it up with that key (check the spaces at the start of the line)',
    ],
    [
      'a key that lost its "- "',
      `${HEAD}items:\n  - family: lstm\n    options: { steps: 2 }\n   count: 2\n`,
      7,
      4,
      'this line is indented like a list item but does not start with "- ": line it up with the keys of the item above, or start a new item with "- "',
    ],
    [
      'keys of one map not lined up',
      `${HEAD}items:\n  - family: lstm\n    options:\n      steps: 2\n     hidden: 3\n`,
      8,
      6,
      'this line is not lined up with the keys around it: keys of one map start in the same column (check the spaces at the start of the line)',
    ],
    ['a tab', `${HEAD}items:\n\t- family: lstm\n`, 5, 1, 'a tab is used to indent this line: YAML indents with spaces only'],
    ['": " in a value', 'course: C\ntitle: Midterm: RNNs\nitems: []\n', 2, 8, 'this value contains ": ", which YAML reads as a new key: put the value in quotes, e.g. "Midterm: RNNs"'],
    ['a key twice', 'course: C\ncourse: D\nitems: []\n', 2, 1, 'the key "course" appears twice in the same map: keep one'],
    [
      'an unclosed list',
      `${HEAD}items:\n  - family: lstm\n    given:\n      Wf: [[1, 1], [0, 1]\n      Uf: [[0, 0], [2, 3]]\n`,
      7,
      11,
      'the list or map opened here with "[" is not closed: add the missing "]" before line 8',
    ],
    ['an unclosed quote', 'course: "C\nitems: []\n', 1, 9, 'a quoted text starts on this line and is never closed: add the closing quote'],
  ])('%s', (_what, text, line, col, message) => {
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line, col, path: '', message: `YAML syntax: ${message}` });
  });

  it('prints file:line:col, the message, the line and a caret under the column', () => {
    expect(messageOf(`${HEAD}items:\n  - family: lstm\n     options: { steps: 2 }\n`)).toBe(
      [
        'b.yaml: 1 problem in the bank; nothing was written',
        '  b.yaml:6:6: YAML syntax: this line is indented deeper than the key above it (line 5), which already has its value: line it up with that key (check the spaces at the start of the line)',
        '     6 |      options: { steps: 2 }',
        '       |      ^',
      ].join('\n'),
    );
  });
});

describe('items by their id, did-you-mean and valid options', () => {
  const BANK = `${HEAD}carried_error_penality: 0.2
items:
  - id: lstm-step
    family: lstm
    options: { stepz: 2, hidden: 9 }
  - family: gru
    options: { colour: red }
    notaton: separate
  - family: rnn-architecture
    options: { steps: 2 }
`;
  const issues = issuesOf(BANK);

  it.each([
    ['carried_error_penality', 4, 1, undefined, 'unknown key "carried_error_penality": did you mean "carried_error_penalty"?'],
    ['items[0].options.stepz', 8, 16, 'item "lstm-step"', 'unknown option "stepz" (did you mean "steps"?); lstm takes hidden, input, steps, bias, weights, inputs, notation'],
    ['items[0].options.hidden', 8, 34, 'item "lstm-step"', 'expected a whole number from 1 to 4 for lstm, got 9'],
    ['items[1].options.colour', 10, 16, 'item 2 (gru)', 'unknown option "colour"; gru takes hidden, input, steps, bias, weights, inputs, notation'],
    ['items[1].notaton', 11, 5, 'item 2 (gru)', 'unknown key "notaton": did you mean "notation"?'],
    ['items[2].options.steps', 13, 16, 'item 3 (rnn-architecture)', 'unknown option "steps"; rnn-architecture takes no options'],
  ])('%s at %i:%i', (path, line, col, item, message) => {
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues, null, 1)).toBeDefined();
    expect({ line: issue?.line, col: issue?.col, item: issue?.item, message: issue?.message }).toEqual({ line, col, item, message });
  });

  it('names the item by its id in the printed message, with the key inside it', () => {
    const text = messageOf(BANK);
    expect(text).toContain('  b.yaml:8:34: item "lstm-step", options.hidden: expected a whole number from 1 to 4 for lstm, got 9');
    expect(text).not.toMatch(/items\[\d\]/);
  });

  it('names a repeated id with the line of the item that has it first', () => {
    const dup = issuesOf(`${HEAD}items:\n  - id: a\n    family: lstm\n  - id: a\n    family: gru\n`);
    expect(dup).toEqual([expect.objectContaining({ path: 'items[1].id', line: 7, col: 9, item: 'item "a"', message: 'the id "a" is already used by the item on line 5: give each item its own id' })]);
  });
});

describe('a hand-typed problem', () => {
  it('reports every error of its given at once, each at its own field', () => {
    const issues = issuesOf(`${HEAD}items:
  - id: classwork
    family: rnn-forward
    given:
      activaton: identity
      U: [[2, 0], [1, two]]
      W: [[2, 0, -1], [1, -1]]
      V: [[1, 0], [-1, 1], [0, 3]]
      h0: [1, -1]
      xs: [[1, 0, 0], [0, 0, 1]]
`);
    expect(issues.map((i) => [i.path, i.line, i.col, i.message])).toEqual([
      ['items[0].given.activaton', 8, 7, 'no such field; did you mean "activation"? (allowed: activation, U, W, V, b, h0, xs, labels)'],
      // The misspelt key leaves activation missing: both are said, the first with its fix.
      ['items[0].given.activation', 8, 7, 'expected one of "identity", "tanh", got nothing (the field is missing)'],
      ['items[0].given.U[1][1]', 9, 23, 'expected a number (an integer, a decimal, or "p/q"), got "two"'],
      ['items[0].given.W', 10, 10, 'expected a matrix of 2 rows of equal length, got row 1 has 2 numbers, row 0 has 3'],
    ]);
  });
});

describe('no message cites the SPEC', () => {
  it('says the rules in plain words', () => {
    // (The generation-rule message is checked through the CLI: test/cli/generate-solve.test.ts.)
    const text = messageOf(`${HEAD}items:\n  - family: rnn-forward\n    given: 3\n`);
    expect(text).not.toMatch(/SPEC|§/);
    expect(text).toContain("expected given, a map of the problem's values such as");
  });
});
