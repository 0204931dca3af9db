/**
 * The corners of reading a typed answer that parse.test.ts leaves out: every
 * whitespace and look-alike character the lexer accepts, exponents (signs,
 * limits, how many digits), the decimals a number keeps, the other names of
 * the functions, the exact-power budget on both sides of its bound, nesting
 * that is entered and left many times, and error messages that quote long
 * input. Expected values are worked by hand (comments say how).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseNumbers, MAX_NESTING_DEPTH } from '../../src/grading/parse.js';
import { tokenize, type Token } from '../../src/grading/answer-lexer.js';
import { isExact, formatNum } from '../../src/core/num.js';
import { commaReading } from '../../src/grading/answer.js';
import { showParsed } from './helpers.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../src/grading/parse.js'),
  () => import('../../src/grading/answer-lexer.js'),
);

const NAMES = '(known: sigmoid, σ, tanh, exp, sqrt, ln, e)';

describe('characters the lexer accepts', () => {
  it.each([
    // Whitespace of every kind separates components, as a space does.
    ['4\t0', '[exact:4 exact:0]'],
    ['4\n0', '[exact:4 exact:0]'],
    ['4\r0', '[exact:4 exact:0]'],
    ['4\u00a00', '[exact:4 exact:0]'],
    // Dashes typed for minus: 5 − 2 = 3.
    ['5\u20132', 'exact:3'],
    ['5\u20142', 'exact:3'],
    // Multiplication dots and the asterisk operator: 3 · 4 = 12.
    ['3\u00b74', 'exact:12'],
    ['3\u22c54', 'exact:12'],
    ['3\u22174', 'exact:12'],
    // A full-width comma separates like a comma.
    ['4\uff0c0', '[exact:4 exact:0]'],
  ])('%j → %s', (input, expected) => {
    expect(showParsed(parseNumbers(input))).toBe(expected);
  });

  it.each([
    // The first and last letters of each case are letters: an unknown name, not an unreadable character.
    ['z(1)', `unknown name "z" at character 1 ${NAMES}`],
    ['A(1)', `unknown name "A" at character 1 ${NAMES}`],
    ['Z(1)', `unknown name "Z" at character 1 ${NAMES}`],
    // A name is quoted up to 20 characters, wherever it is reported.
    ['abcdefghijklmnopqrstuvwxyz(1)', `unknown name "abcdefghijklmnopqrst" at character 1 ${NAMES}`],
    ['(1)abcdefghijklmnopqrstuvwxyz', 'expected a separator or the end of the answer at character 4, found "abcdefghijklmnopqrst"'],
    ['1e' + '9'.repeat(30), 'the number "1e999999999999999999" is too large or too small at character 1'],
    // Only the number itself is quoted, not the rest of the answer.
    ['1e999 + 2', 'the number "1e999" is too large or too small at character 1'],
  ])('%j is a format error: %s', (input, message) => {
    expect(parseNumbers(input)).toEqual({ ok: false, message });
  });

  it('ends every token list with an end token at the length of the answer, after a bad character too', () => {
    const brief = (ts: Token[]) => ts.map(({ type, text, pos, spaceBefore }) => [type, text, pos, spaceBefore]);
    expect(brief(tokenize('4 -1'))).toEqual([
      ['num', '4', 0, false],
      ['op', '-', 2, true],
      ['num', '1', 3, false],
      ['end', '', 4, false],
    ]);
    expect(brief(tokenize(' 4 '))).toEqual([
      ['num', '4', 1, true],
      ['end', '', 3, true],
    ]);
    expect(brief(tokenize('4 # 5'))).toEqual([
      ['num', '4', 0, false],
      ['bad', '#', 2, true],
      ['end', '', 5, false],
    ]);
  });
});

describe('exponents and decimals', () => {
  it.each([
    ['1e5', 'exact:100000'],
    // 2.5e3: mantissa 25, scale 1 − 3 = −2, so 25 · 10² = 2500.
    ['2.5e3', 'exact:2500'],
    ['1e+2', 'exact:100'],
    ['1e\u22122', 'exact:1/100'],
    // Four exponent digits are read (1e0001 = 10), five are refused whatever their value.
    ['1e0001', 'exact:10'],
    ['1e00001', 'error: the number "1e00001" is too large or too small at character 1'],
    ['1e351', 'error: the number "1e351" is too large or too small at character 1'],
    // "e" followed by anything but a digit or a sign and a digit is the constant e, so 2e*3 is "2" then "e".
    ['2e*3', 'error: expected a separator or the end of the answer at character 2, found "e"'],
    // A trailing point is a decimal point with no decimals.
    ['4.', 'exact:4'],
  ])('%j → %s', (input, expected) => {
    expect(showParsed(parseNumbers(input))).toBe(expected);
  });

  it('reads the largest exponent allowed exactly', () => {
    const r = parseNumbers('1e350');
    expect(r.ok && r.value.items[0] && isExact(r.value.items[0].v) && formatNum(r.value.items[0].v)).toBe('1' + '0'.repeat(350));
  });

  it.each([
    // Typed as a decimal: the decimals shown, at least 0 (1e2 shows none; 5e-3 is 0.005, three).
    ['0.25', 2],
    ['4.', 0],
    ['1e2', 0],
    ['5e-3', 3],
    ['2.5e3', 0],
    // Integers and fractions carry no decimals, so they are never taken for rounded values.
    ['12', undefined],
    ['3/2', undefined],
  ])('%s keeps decimals %s', (input, decimals) => {
    const r = parseNumbers(input);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.items[0]?.decimals).toBe(decimals);
  });
});

describe('names, signs, nesting and powers', () => {
  it.each([
    ['sigma(0)', 'num:0.500000'],
    ['sig(0)', 'num:0.500000'],
    ['logistic(0)', 'num:0.500000'],
    ['SQRT(4)', 'num:2.00000'],
    ['ln(1)', 'num:0.00000'],
    ['ln(e)', 'num:1.00000'],
    // A bracket after a name is its argument; the result is a vector, as the argument is.
    ['sqrt[9]', '[num:3.00000]'],
    // A name after ^ is an exponent unless it is exactly t or T (the transpose).
    ['2^sqrt(4)', 'num:4.00000'],
    ['2^tanh(0)', 'num:1.00000'],
    ['[4 0]^t', '[exact:4 exact:0]'],
    ['+3', 'exact:3'],
    ['+-3', 'exact:-3'],
    // One bracketed vector inside a list of one is the vector itself.
    ['[[1, 2]]', '[exact:1 exact:2]'],
    // Roots are computed as doubles even when exact: 4^(1/2) = 2.0.
    ['4^(1/2)', 'num:2.00000'],
    ['0^2', 'exact:0'],
    ['0^0', 'exact:1'],
  ])('%j → %s', (input, expected) => {
    expect(showParsed(parseNumbers(input))).toBe(expected);
  });

  it.each([
    ['4]', '"]" at character 2 closes a bracket that was never opened'],
    ['2, t', `unknown name "t" at character 4 ${NAMES}`],
    ['[1, 2]^[1, 2, 3]', '"^" at character 7 joins vectors of lengths 2 and 3'],
    ['0^-1', 'division by zero (0 to a negative power) at character 2'],
    // A zero that is a double divides by zero too (e − e = 0.0).
    ['1/(e-e)', 'division by zero at character 2'],
  ])('%j is a format error: %s', (input, message) => {
    expect(parseNumbers(input)).toEqual({ ok: false, message });
  });

  it(`leaves each level it enters: ${MAX_NESTING_DEPTH + 8} signed powers of bracketed numbers in one list`, () => {
    // Each "-2^(1)" enters a sign, a power and a bracket and leaves all three: −(2¹) = −2.
    const n = MAX_NESTING_DEPTH + 8;
    const r = parseNumbers(Array.from({ length: n }, () => '-2^(1)').join(', '));
    expect(showParsed(r)).toBe(`[${Array.from({ length: n }, () => 'exact:-2').join(' ')}]`);
  });

  it('keeps a power exact up to 4,096 bits of operands (hex digits × 4) and turns to a double beyond', () => {
    // 2^59 has 15 hex digits (60 bits) over 1 (4 bits): 64 × 64 = 4096 bits, at the bound, so exact.
    const atBound = parseNumbers('(2^59)^64');
    expect(atBound.ok && atBound.value.items[0] && isExact(atBound.value.items[0].v) && atBound.value.items[0].v.n).toBe(2n ** 3776n);
    // 2^100 has 26 hex digits: 108 × 64 bits is over, so a double, and 2^6400 overflows it.
    expect(parseNumbers('(2^100)^64')).toEqual({ ok: false, message: 'the value is too large to be a number' });
    // Exact arithmetic beyond the budget is refused with advice.
    expect(parseNumbers('(2^59)^64 * (2^59)^64')).toEqual({
      ok: false,
      message: 'the value is too large to grade exactly (more than 4096 bits of numerator and denominator): write it as a decimal or a shorter expression',
    });
  });

  it('answers a value that is not text with a message instead of throwing', () => {
    expect(parseNumbers(42 as unknown as string)).toEqual({ ok: false, message: 'the answer is not text' });
    expect(parseNumbers(undefined as unknown as string)).toEqual({ ok: false, message: 'the answer is not text' });
  });

  describe('a fault the reader did not foresee', () => {
    afterEach(() => {
      vi.doUnmock('../../src/grading/answer-lexer.js');
      vi.resetModules();
    });

    it.each([
      [new RangeError('Maximum BigInt size exceeded'), 'the answer is too large to compute'],
      [new TypeError('x is undefined'), 'the answer could not be read'],
    ])('is a message, never an exception: %s → %s', async (fault, message) => {
      vi.resetModules();
      vi.doMock('../../src/grading/answer-lexer.js', () => ({
        tokenize: () => {
          throw fault;
        },
      }));
      const { parseNumbers: parseWithFaultyLexer } = await import('../../src/grading/parse.js');
      expect(parseWithFaultyLexer('1')).toEqual({ ok: false, message });
    });
  });
});

describe('commas', () => {
  const THOUSANDS_HINT = (n: string) => `Did you mean ${n}? Write numbers without thousands separators.`;

  it.each([
    // A one-number field: "1,000" may be a thousands separator, so a hint goes with it, signs included.
    ['1,000', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.', hint: THOUSANDS_HINT('1000') }],
    ['-1,000', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.', hint: THOUSANDS_HINT('-1000') }],
    // Only when the whole answer is such a number: not with anything before or after it.
    ['1,000 5', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.' }],
    ['[1,000', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.' }],
    // A vector field never gets the thousands hint: 12,345 cannot be three numbers, so it is a decimal.
    ['12,345', 3, { commaDecimal: true, note: 'The comma was read as a decimal point.' }],
    ['4,5', 2, { commaDecimal: false }],
  ] as const)('%j for shape %s → %j', (text, shape, reading) => {
    expect(commaReading(text, shape)).toEqual(reading);
  });

  it('quotes the whole ambiguous chain of commas', () => {
    expect(commaReading('12,345,678', 2)).toEqual({
      message:
        'the commas in "12,345,678" could be decimal commas or separators, so it is not clear which 2 numbers you mean: write decimals with a point ([0.5, 1.25]) or separate the numbers with ";" ([0,5; 1,25])',
    });
  });
});
