/** The answer reader: every notation SPEC §6 lists, exactness, and format errors with positions. */
import { describe, expect, it } from 'vitest';
import { parseNumbers } from '../../src/grading/parse.js';
import { readAnswer } from '../../src/grading/answer.js';
import { formatNum } from '../../src/core/num.js';
import { roundsCorrectly, withinTolerance, matchComponent, roundExact } from '../../src/grading/tolerance.js';
import { q } from '../../src/core/num.js';
import { DEFAULT_TOLERANCE } from '../../src/grading/types.js';
import { showParsed as show } from './helpers.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../src/grading/parse.js'),
  () => import('../../src/grading/answer-lexer.js'),
);

describe('parseNumbers', () => {
  it.each([
    ['4', 'exact:4'],
    ['0.88', 'exact:22/25'],
    ['.88', 'exact:22/25'],
    ['8.8e-1', 'exact:22/25'],
    ['8.8E-1', 'exact:22/25'],
    ['3/2', 'exact:3/2'],
    ['-7/4', 'exact:-7/4'],
    ['−7/4', 'exact:-7/4'],
    ['2 * (1/2 + 1/3)', 'exact:5/3'],
    ['(1/2)^4', 'exact:1/16'],
    ['2^-3', 'exact:1/8'],
    ['-2^2', 'exact:-4'],
    ['2**3', 'exact:8'],
    ['3 × 4 ÷ 6', 'exact:2'],
    ['sigmoid(2)', 'num:0.880797'],
    ['σ(2)', 'num:0.880797'],
    ['1/(1+e^-2)', 'num:0.880797'],
    ['1/(1+exp(-2))', 'num:0.880797'],
    ['exp(-1)', 'num:0.367879'],
    ['tanh(1)', 'num:0.761594'],
    ['e', 'num:2.71828'],
    ['2^0.5', 'num:1.41421'],
    ['[4, 0]', '[exact:4 exact:0]'],
    ['4 0', '[exact:4 exact:0]'],
    ['4,0', '[exact:4 exact:0]'],
    ['(4; 0)', '[exact:4 exact:0]'],
    ['[4 0]^T', '[exact:4 exact:0]'],
    ['[4 0]ᵀ', '[exact:4 exact:0]'],
    ["[4 0]'", '[exact:4 exact:0]'],
    ['[[4], [0]]', '[exact:4 exact:0]'],
    ['[4 -1]', '[exact:4 exact:-1]'],
    ['[4 - 1]', '[exact:3]'],
    ['[4-1]', '[exact:3]'],
    ['[sigmoid(2) sigmoid(24)]ᵀ', '[num:0.880797 num:1.00000]'],
    ['sigmoid([2, 24]) * [1, 5]', '[num:0.880797 num:5.00000]'],
    ['2 * [1, 1/2]', '[exact:2 exact:1]'],
  ])('%s → %s', (input, expected) => {
    expect(show(parseNumbers(input))).toBe(expected);
  });

  it('keeps the decimals a number was shown with', () => {
    const r = parseNumbers('-0.3333');
    expect(r.ok && r.value.items[0]!.decimals).toBe(4);
    const s = parseNumbers('3/2');
    expect(s.ok && s.value.items[0]!.decimals).toBeUndefined();
  });

  it.each([
    ['', 'expected a number at character 1, found the end of the answer'],
    ['4 +* 2', 'expected a number at character 4, found "*"'],
    ['[4 0', 'expected "]" (to close the "[" from character 1) at character 5, found the end of the answer'],
    ['4)', '")" at character 2 closes a bracket that was never opened'],
    ['2e', 'expected a separator or the end of the answer at character 2, found "e"'],
    ['foo(1)', 'unknown name "foo" at character 1 (known: sigmoid, σ, tanh, exp, sqrt, ln, e)'],
    ['__proto__', 'unknown name "__proto__" at character 1 (known: sigmoid, σ, tanh, exp, sqrt, ln, e)'],
    ['4 # 2', 'cannot read the character "#" at character 3'],
    ['1/0', 'division by zero at character 2'],
    ['1/(1-1)', 'division by zero at character 2'],
    ['1e999', 'the number "1e999" is too large or too small at character 1'],
    ['exp(1000)', 'the value is too large to be a number'],
    ['(-1)^0.5', 'the value is not a real number'],
    ['[1, [2, 3]]', 'a list at character 1 mixes numbers and vectors; write one vector such as [4, 0]'],
    ['[1, 2] + [1, 2, 3]', '"+" at character 8 joins vectors of lengths 2 and 3'],
    ['sigmoid 2', 'expected "(" after sigmoid at character 9, found "2"'],
    ['('.repeat(40) + '1' + ')'.repeat(40), 'the answer is nested more than 32 levels deep at character 33'],
    ['-'.repeat(40) + '1', 'the answer is nested more than 32 levels deep at character 33'],
    ['1'.repeat(501), 'the answer is 501 characters long; at most 500 are read'],
  ])('%j is a format error: %s', (input, message) => {
    expect(parseNumbers(input)).toEqual({ ok: false, message });
  });

  it('reads a comma decimal only where a comma cannot separate components', () => {
    expect(readAnswer('0,88', { shape: 'scalar' })).toMatchObject({ ok: true, notes: ['The comma was read as a decimal point.'] });
    const scalar = readAnswer('0,88', { shape: 'scalar' });
    expect(scalar.ok && scalar.kind === 'numbers' && formatNum(scalar.items[0]!.v)).toBe('22/25');
    const vec = readAnswer('0,88', { shape: 2 });
    expect(vec.ok && vec.kind === 'numbers' && vec.items.map((c) => formatNum(c.v))).toEqual(['0', '88']);
    const semi = readAnswer('(0,5; 1,25)', { shape: 2 });
    expect(semi.ok && semi.kind === 'numbers' && semi.items.map((c) => formatNum(c.v))).toEqual(['1/2', '5/4']);
  });

  it('reads labels by name in any case or by index from 0, and says which labels exist otherwise', () => {
    const field = { shape: 'label' as const, choices: ['ADJ', 'DET', 'NOUN'] };
    expect(readAnswer('noun', field)).toEqual({ ok: true, kind: 'label', label: 'NOUN', notes: [] });
    expect(readAnswer(' 0 ', field)).toEqual({ ok: true, kind: 'label', label: 'ADJ', notes: [] });
    expect(readAnswer('3', field)).toEqual({ ok: false, message: 'there is no label with index 3 (indices run from 0 to 2)' });
    expect(readAnswer('VERB', field)).toEqual({ ok: false, message: '"VERB" is not one of the labels (ADJ, DET, NOUN), nor an index from 0' });
    const arch = { shape: 'label' as const, choices: ['one-to-one', 'many-to-many (encoder-decoder)'] };
    expect(readAnswer('Many to Many encoder–decoder', arch)).toMatchObject({ ok: true, label: 'many-to-many (encoder-decoder)' });
  });

  it('reports shape errors as format errors', () => {
    expect(readAnswer('[1, 2, 3]', { shape: 2 })).toEqual({ ok: false, message: 'expected a vector of 2 numbers, got 3 numbers' });
    expect(readAnswer('7', { shape: 2 })).toEqual({ ok: false, message: 'expected a vector of 2 numbers, got a single number' });
    expect(readAnswer('7 5', { shape: 'scalar' })).toEqual({ ok: false, message: 'expected one number, got a vector of 2 numbers' });
  });
});

describe('tolerances', () => {
  it.each([
    [0.98, 0.98169, true],
    [0.97, 0.98169, false],
    [0.0, 0.0003, true],
    [101, 100, true],
    [102, 100, false],
    [-0.99, -1, true],
  ])('withinTolerance(%d, %d) = %s with the defaults rtol = atol = 0.01', (x, e, ok) => {
    expect(withinTolerance(x, e, DEFAULT_TOLERANCE)).toBe(ok);
  });

  it('honours an overridden tolerance', () => {
    expect(withinTolerance(0.97, 0.98169, { rtol: 0, atol: 0.05 })).toBe(true);
    expect(withinTolerance(0.98, 0.98169, { rtol: 0, atol: 0.001 })).toBe(false);
  });

  it.each([
    [q(1, 3), '0.333', 3, true],
    [q(1, 3), '0.3333', 4, true],
    [q(1, 3), '0.33', 2, false],
    [q(2, 3), '0.667', 3, true],
    [q(2, 3), '0.666', 3, false],
    [q(-2, 3), '-0.667', 3, true],
    [q(1, 8), '0.13', 2, false],
    [q(100, 3), '33.33', 2, true],
    // A terminating fraction shown to fewer places than it has (SPEC §6: rounds correctly to the shown precision).
    [q(-91, 64), '-1.4219', 4, true],
    [q(-91, 64), '-1.4218', 4, false],
    [q(-91, 64), '-1.42', 2, true],
    [q(1, 2), '0.50', 2, false], // equal, not rounded: matched as exact elsewhere
  ])('roundsCorrectly(%s, %s)', (value, typed, decimals, ok) => {
    expect(roundsCorrectly(value, q(typed as unknown as number), decimals)).toBe(ok);
  });

  it('rounds half away from zero exactly', () => {
    expect(roundExact(q(5, 8), 2).toFraction()).toBe('63/100');
    expect(roundExact(q(-5, 8), 2).toFraction()).toBe('-63/100');
  });

  it('matches an exact value typed through a function only up to float rounding', () => {
    expect(matchComponent({ v: 2 * 0.5 }, q(1), DEFAULT_TOLERANCE)).toBe('exact');
    expect(matchComponent({ v: 1.001 }, q(1), DEFAULT_TOLERANCE)).toBeNull();
    expect(matchComponent({ v: q(333, 1000), decimals: 3 }, q(1, 3), DEFAULT_TOLERANCE)).toBe('rounded');
    expect(matchComponent({ v: q(333, 1000) }, q(1, 3), DEFAULT_TOLERANCE)).toBeNull();
  });
});
