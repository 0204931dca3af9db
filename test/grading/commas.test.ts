/**
 * Commas in numeric answers: decimal commas read when only one reading fits
 * the field's length, a clear message when not, and a hint for a number
 * written with thousands separators. Expected values are the numbers as typed.
 */
import { describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/grading/answer.js';
import { gradeProblem } from '../../src/grading/index.js';
import { formatNum } from '../../src/core/num.js';
import { solvedProblem } from '../../src/problems.js';
import { paramCount } from '../../src/families/param-count.js';

const AMBIGUOUS_2 =
  'the commas in "0,7311,0,2689" could be decimal commas or separators, so it is not clear which 2 numbers you mean: write decimals with a point ([0.5, 1.25]) or separate the numbers with ";" ([0,5; 1,25])';

describe('reading commas by the length the field expects', () => {
  it.each([
    // text, shape, values (exact, as fractions) and the note
    ['[0,7311; 0,2689]', 2, ['7311/10000', '2689/10000'], 'The commas between digits were read as decimal points.'],
    ['[0,7311, 0,2689]', 2, ['7311/10000', '2689/10000'], 'The commas between digits were read as decimal points.'],
    ['0,7311 0,2689', 2, ['7311/10000', '2689/10000'], 'The commas between digits were read as decimal points.'],
    ['(0,5; 1,25)', 2, ['1/2', '5/4'], 'The commas between digits were read as decimal points.'],
    ['[1,5, 2]', 2, ['3/2', '2'], 'The comma was read as a decimal point.'],
    ['[1,5, 2]', 3, ['1', '5', '2'], undefined],
    ['[1,2]', 2, ['1', '2'], undefined],
    ['0,88', 2, ['0', '88'], undefined],
    ['[0,7311,0,2689]', 4, ['0', '7311', '0', '2689'], undefined],
    ['0,88', 'scalar', ['22/25'], 'The comma was read as a decimal point.'],
    ['−0,5', 'scalar', ['-1/2'], 'The comma was read as a decimal point.'],
    ['sigmoid(0,5) - 0,5', 'scalar', undefined, 'The commas between digits were read as decimal points.'],
    ['[0.7311, 0.2689]', 2, ['7311/10000', '2689/10000'], undefined],
  ] as const)('%j as a %s reads as %j', (text, shape, values, note) => {
    const r = readAnswer(text, { shape });
    expect(r.ok).toBe(true);
    if (!r.ok || r.kind !== 'numbers') return;
    if (values) expect(r.items.map((c) => formatNum(c.v))).toEqual(values);
    expect(r.notes).toEqual(note ? [note] : []);
  });

  it.each([
    ['[0,7311,0,2689]', 2, AMBIGUOUS_2],
    ['0,7311,0,2689', 2, AMBIGUOUS_2],
    [
      '[1,5,2]',
      2,
      'the commas in "1,5,2" could be decimal commas or separators, so it is not clear which 2 numbers you mean: write decimals with a point ([0.5, 1.25]) or separate the numbers with ";" ([0,5; 1,25])',
    ],
    ['1,234,567', 'scalar', '"1,234,567" looks like a number with thousands separators: write it without them (1234567)'],
    [
      '0,5,1',
      'scalar',
      'the commas in "0,5,1" could be decimal commas or separators, so it is not clear which one number you mean: write decimals with a point ([0.5, 1.25]) or separate the numbers with ";" ([0,5; 1,25])',
    ],
    ['[0,5; 1,25; 2]', 2, 'expected a vector of 2 numbers, got 3 numbers'],
  ] as const)('%j as a %s is a format error', (text, shape, message) => {
    expect(readAnswer(text, { shape })).toEqual({ ok: false, message });
  });
});

describe('a number with a thousands separator', () => {
  // Hand count: rnn, d = 50, n = 128, bias, one direction, k = 5:
  // recurrent = 128·128 + 128·50 + 128 = 22912; output = 5·128 + 5 = 645; total = 23557.
  const problem = solvedProblem(paramCount, 'p1', {}, paramCount.parseGiven({ cell: 'rnn', d: 50, n: 128, k: 5, bias: true, bidirectional: false }));
  const HINT = (n: string) => `Did you mean ${n}? Write numbers without thousands separators.`;

  it.each([
    ['22,912', 'incorrect', `Not correct. ${HINT('22912')}`],
    // The hint comes whatever the digits, so it never tells whether 12345 is right.
    ['12,345', 'incorrect', `Not correct. ${HINT('12345')}`],
    ['22912', 'correct', 'Correct.'],
    ['0,912', 'incorrect', 'Not correct.'],
    ['22 912', 'unreadable', 'Could not read this answer: expected one number, got a vector of 2 numbers.'],
    ['22,912,000', 'unreadable', 'Could not read this answer: "22,912,000" looks like a number with thousands separators: write it without them (22912000).'],
  ])('recurrent = %j → %s', (text, status, feedback) => {
    expect(problem.answers.get('recurrent')?.v.toString()).toBe('22912');
    const r = gradeProblem(problem, { recurrent: text }).fields.recurrent!;
    expect({ status: r.status, feedback: r.feedback }).toEqual({ status, feedback });
  });
});
