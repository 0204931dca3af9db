/**
 * The smallest grading steps, each as a table worked by hand: the tolerance
 * rule and its slack (src/grading/tolerance.ts), which fractions have a finite
 * decimal, when a rounded decimal counts, a bubbled letter read as its option
 * (choice-letter.ts), and the key-as-printed verdict cache (typed-key.ts).
 * Every fixture is made inside its test (see README: mutation testing).
 */
import { describe, expect, it } from 'vitest';
import { type Fraction, q } from '../../src/core/num.js';
import { label, scalar, vector } from '../../src/core/value.js';
import type { FieldSpec } from '../../src/families/contract.js';
import { resolveChoiceLetter } from '../../src/grading/choice-letter.js';
import { isNonTerminating, matchComponent, roundsCorrectly, withinTolerance } from '../../src/grading/tolerance.js';
import { markTypedKey } from '../../src/grading/typed-key.js';
import { markPartial, markUnreadable } from '../../src/grading/mark.js';
import { formatValueText } from '../../src/grading/key.js';
import { gradeResponse, readResponseSet } from '../../src/grading/grade.js';
import { UsageError } from '../../src/core/errors.js';
import { generateProblemSet } from '../../src/problems.js';
import { DEFAULT_POLICY, DEFAULT_TOLERANCE } from '../../src/grading/types.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/grading/types.js'));

describe('the defaults a bank that sets none gets (SPEC §6)', () => {
  it('are rtol = atol = 0.01, and full credit for an answer right given the student’s own earlier ones', () => {
    expect(DEFAULT_TOLERANCE).toEqual({ rtol: 0.01, atol: 0.01 });
    expect(DEFAULT_POLICY).toEqual({ carriedCredit: 1 });
  });
});

describe('withinTolerance: |x − e| ≤ max(atol, rtol·|e|), plus 1e-12·max(1, |e|) for the rounding of x − e', () => {
  it.each([
    // x, e, rtol, atol, inside
    [0.99, 1, 0, 0.01, true], // on the boundary: |0.99 − 1| is 0.010000000000000009 in doubles
    [0.989, 1, 0, 0.01, false],
    [101, 100, 0.01, 0.01, true], // rtol·|e| = 1 beats atol
    [101.01, 100, 0.01, 0.01, false],
    [-0.991, -1, 0.01, 0.005, true], // rtol·|e| = 0.01 beats atol 0.005
    [-0.985, -1, 0.01, 0.005, false],
    [1_000_000.0000005, 1_000_000, 0, 0, true], // 5e-7 off, within the slack 1e-12 × 1e6 = 1e-6
    [1_000_000.000002, 1_000_000, 0, 0, false], // 2e-6 off: outside it
  ])('%d against %d (rtol %d, atol %d): %s', (x, e, rtol, atol, inside) => {
    expect(withinTolerance(x, e, { rtol, atol })).toBe(inside);
  });
});

describe('isNonTerminating: the denominator has a prime factor other than 2 and 5', () => {
  it.each([
    [q(1, 3), true],
    [q(1, 6), true],
    [q(1, 12), true],
    [q(1, 15), true], // 3 · 5
    [q(1, 8), false],
    [q(1, 25), false],
    [q(3, 40), false], // 2³ · 5
    [q(1, 250), false],
    [q(7), false],
    [q(-1, 20), false],
  ] as [Fraction, boolean][])('%s: %s', (f, expected) => {
    expect(isNonTerminating(f)).toBe(expected);
  });
});

describe('roundsCorrectly: a decimal that rounds the exact value, with at least 3 significant digits', () => {
  it.each([
    // value, typed, decimals shown, counts
    [q(1, 3), q(333, 1000), 3, true],
    [q(2, 3), q(667, 1000), 3, true], // rounds up
    [q(2, 3), q(666, 1000), 3, false], // truncated
    [q(1, 3), q(33, 100), 2, false], // 2 digits are too few
    [q(157, 150), q(105, 100), 2, true], // 1.04666… as 1.05: three digits, the 0 inside counts
    [q(-91, 64), q(-14219, 10000), 4, true], // −1.421875 to 4 places
    [q(1, 8), q(125, 1000), 3, false], // 0.125 is exact at 3 places: only the exact value is right
    [q(1, 8), q(13, 100), 2, false], // 0.13 has 2 digits
    [q(1, 3), q(1, 3).sub(q(1n, 3n * 10n ** 40n)), 40, true], // 0.333…3 (40 places) is still read
  ] as [Fraction, Fraction, number, boolean][])('%s typed as %s with %d decimals: %s', (value, typed, decimals, counts) => {
    expect(roundsCorrectly(value, typed, decimals)).toBe(counts);
  });

  it('refuses more than 40 decimals before doing any arithmetic', () => {
    const threes = q(BigInt('3'.repeat(41)), 10n ** 41n); // 0.333…3, 41 places: the correct rounding of 1/3
    expect(roundsCorrectly(q(1, 3), threes, 41)).toBe(false);
  });
});

describe('matchComponent', () => {
  const tol = { rtol: 0.01, atol: 0.01 };
  it.each([
    ['an exact value typed exactly', { v: q(11, 2) }, q(11, 2), 'exact'],
    ['a correctly rounded decimal', { v: q(333, 1000), decimals: 3 }, q(1, 3), 'rounded'],
    ['the same decimal without its precision', { v: q(333, 1000) }, q(1, 3), null],
    ['a double within 1e-9·|e| of an exact 1,000,000', { v: 1_000_000.0001 }, q(1_000_000), 'exact'],
    ['a double 0.01 away from an exact 1,000,000', { v: 1_000_000.01 }, q(1_000_000), null],
    ['a double for an exact 1/2 within 1e-9', { v: 0.5 + 4e-10 }, q(1, 2), 'exact'],
    ['a numeric reference within tolerance', { v: q(98, 100) }, 0.98169, 'close'],
    ['a numeric reference outside it', { v: q(97, 100) }, 0.98169, null],
  ] as const)('%s', (_, typed, reference, expected) => {
    expect(matchComponent(typed, reference, tol)).toBe(expected);
  });
});

describe('resolveChoiceLetter: a bubbled A–E read as the text of its option', () => {
  const options = () => [{ text: '7' }, { text: '5', key: true as const }, { text: '[4, 0]' }];
  it.each([
    ['a', '7'],
    ['b', '5'],
    ['B', '5'],
    [' c ', '[4, 0]'],
    ['  b', '5'],
    ['b  ', '5'],
    ['d', 'd'], // no option D: left as typed
    ['xb', 'xb'],
    ['bx', 'bx'],
    ['b!', 'b!'],
    ['5', '5'],
    ['', ''],
  ])('%j → %j', (answer, text) => {
    expect(resolveChoiceLetter(options(), answer)).toBe(text);
  });

  it('leaves every answer alone for a field without options', () => {
    expect(resolveChoiceLetter(undefined, 'b')).toBe('b');
  });
});

describe('markTypedKey: the verdict of the key typed as printed, worked out once per problem and field', () => {
  const field = (): FieldSpec => ({ name: 'h1', kind: 'exact', shape: 2, quantity: 'h', t: 1 });
  const base = () => ({ field: field(), key: vector([q(4), q(0)]), max: 1, tolerance: { rtol: 0.01, atol: 0.01 } });

  it('answers the printed key with full points, and anything else with null (the ordinary path)', () => {
    const problem = {};
    const hit = markTypedKey(problem, base(), '[4, 0]');
    expect(hit?.result).toMatchObject({ status: 'correct', points: 1, max: 1 });
    expect(markTypedKey(problem, base(), '[4,0]')).toBeNull();
    expect(markTypedKey(problem, base(), '[4, 1]')).toBeNull();
  });

  it('follows the points and tolerance of the case at hand on the same problem object', () => {
    const problem = {};
    expect(markTypedKey(problem, base(), '[4, 0]')?.result).toMatchObject({ points: 1, max: 1 });
    expect(markTypedKey(problem, { ...base(), max: 3 }, '[4, 0]')?.result).toMatchObject({ points: 3, max: 3 });
    expect(markTypedKey(problem, { ...base(), max: 3, tolerance: { rtol: 0, atol: 0.5 } }, '[4, 0]')?.result).toMatchObject({ points: 3, max: 3 });
    expect(markTypedKey(problem, { ...base(), max: 2, tolerance: { rtol: 0.5, atol: 0.5 } }, '[4, 0]')?.result).toMatchObject({ points: 2, max: 2 });
  });

  it('keeps one verdict per field: another field of the same problem gets its own', () => {
    const problem = {};
    expect(markTypedKey(problem, base(), '[4, 0]')).not.toBeNull();
    const other = { ...base(), field: { ...field(), name: 'h2', t: 2 }, key: vector([q(7), q(5)]) };
    expect(markTypedKey(problem, other, '[7, 5]')?.result.status).toBe('correct');
    expect(markTypedKey(problem, other, '[4, 0]')).toBeNull();
    expect(markTypedKey(problem, base(), '[4, 0]')?.result.status).toBe('correct');
  });
});

describe("markPartial: credit per component of a vector, from the key or (at the carried rate) from the student's own earlier answers", () => {
  const c = () => ({ field: { name: 'y1', kind: 'exact' as const, shape: 3, quantity: 'y', t: 1 }, key: vector([q(4), q(0), q(3)]), max: 3, tolerance: { rtol: 0.01, atol: 0.01 } });
  const read = (text: string) => {
    const r = markUnreadable(c(), text);
    if (!('answer' in r)) throw new Error(`unreadable: ${text}`);
    return r.answer;
  };
  it.each([
    // typed, recomputed from the student's earlier answers, carried credit, points, feedback
    ['[4, 9, 3]', undefined, 0.75, 2, 'Partly right: components 1, 3 of 3 are right.'],
    ['[9, 0, 9]', undefined, 0.75, 1, 'Partly right: component 2 of 3 is right.'],
    ['[9, 9, 9]', undefined, 0.75, 0, 'Not correct.'],
    ['[9, 9, 3]', vector([q(9), q(1), q(1)]), 0.75, 1.75, 'Partly right: components 1, 3 of 3 are right.'], // 0.75 + 0 + 1 of 3, × 3 points
    ['[9, 9, 9]', vector([q(1), q(1), q(1)]), 0.75, 0, 'Not correct.'],
  ] as const)('%s (carried from %o): %d points, "%s"', (typed, recomputed, carried, points, feedback) => {
    const r = markPartial(c(), read(typed), recomputed, carried);
    expect(r.status).toBe('incorrect');
    expect(r.points).toBeCloseTo(points, 10);
    expect(r.feedback).toBe(feedback);
  });

  it('gives a scalar no partial credit', () => {
    const scalar = { ...c(), field: { name: 'a', kind: 'exact' as const, shape: 'scalar' as const, quantity: 'a' }, key: { kind: 'scalar' as const, v: q(2) }, max: 1 };
    const answer = markUnreadable(scalar, '3');
    if (!('answer' in answer)) throw new Error('unreadable');
    expect(markPartial(scalar, answer.answer, { kind: 'scalar', v: q(3) }, 0.75)).toMatchObject({ status: 'incorrect', points: 0, feedback: 'Not correct.' });
  });
});

describe('formatValueText: a key value as a student could type it', () => {
  it.each([
    ['a scalar', () => scalar(q(-3, 4)), '-3/4'],
    ['an integer scalar', () => scalar(q(7)), '7'],
    ['a vector', () => vector([q(4), q(1, 2)]), '[4, 1/2]'],
    ['a label', () => label('NOUN'), 'NOUN'],
  ] as const)('%s', (_, value, text) => {
    expect(formatValueText(value())).toBe(text);
  });
});

describe('unknown answer fields are named, singular or plural, ten at most', () => {
  const problems = () => generateProblemSet('rnn-forward', 'unknown-fields', 1, { steps: 2 }).problems;
  it.each([
    [['p9.x'], 'unknown answer field: p9.x'],
    [['p9.x', 'p9.y'], 'unknown answer fields: p9.x, p9.y'],
    [Array.from({ length: 12 }, (_, i) => `p9.x${i}`), `unknown answer fields: ${Array.from({ length: 10 }, (_, i) => `p9.x${i}`).join(', ')}, …`],
  ])('grading %j', (keys, message) => {
    const answers = Object.fromEntries(keys.map((k) => [k, '1']));
    expect(() => gradeResponse(problems(), { answers })).toThrow(new UsageError(message));
  });

  it.each([
    [['p9.x'], 'responses: unknown answer field p9.x (fields look like p1.h1)'],
    [['p9.x', 'p9.y'], 'responses: unknown answer fields p9.x, p9.y (fields look like p1.h1)'],
  ])('reading %j', (keys, message) => {
    const raw = { answers: Object.fromEntries(keys.map((k) => [k, '1'])) };
    expect(() => readResponseSet(raw, problems())).toThrow(new UsageError(message));
    expect(() => readResponseSet(raw, [])).toThrow(new UsageError(message)); // no problems: the example is p1.h1 all the same
  });
});
