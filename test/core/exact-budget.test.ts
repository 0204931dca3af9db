/**
 * The size budget of exact arithmetic (core/num.ts), what the parser makes of
 * it, which answers the server grades on the request thread (server/grading.ts)
 * and which ids stay text in a CSV (batch/output.ts). Expected values are
 * worked out by hand: 2^4000 has 4,001 bits, 1001 hex digits = 4,004 bits.
 */
import { describe, expect, it } from 'vitest';
import { ExactSizeError, MAX_EXACT_BITS, add, exactBits, formatNum, mul, q, sub, div } from '../../src/core/num.js';
import { vecSum, matVec } from '../../src/core/linalg.js';
import { parseNumbers } from '../../src/grading/parse.js';
import { isLightAnswer } from '../../server/grading.js';
import { textCell } from '../../src/batch/output.js';

const big = q(2n ** 2000n, 3n ** 1200n); // 2001 bits over 1902 bits: 501 + 476 hex digits = 3,908 bits

describe('exact size budget', () => {
  it('measures bits of numerator plus denominator in whole hex digits', () => {
    expect(exactBits(q(1, 3))).toBe(8);
    expect(exactBits(q(255, 256))).toBe(8 + 12);
    expect(exactBits(big)).toBe(3908);
    expect(MAX_EXACT_BITS).toBe(4096);
  });

  it.each([
    ['a sum', () => add(big, q(1, 7 ** 80))],
    ['a difference', () => sub(big, q(1, 11 ** 70))],
    ['a product', () => mul(big, q(5n ** 100n))],
    ['a quotient', () => div(big, q(1n, 5n ** 100n))],
    ['a vector sum', () => vecSum([[big], [q(1, 7 ** 80)]])],
    ['a matrix product', () => matVec([[big, q(1)]], [q(5n ** 100n), q(0)])],
  ])('refuses %s past the budget with ExactSizeError', (_name, op) => {
    expect(op).toThrow(ExactSizeError);
    expect(op).toThrow(/too large to grade exactly/);
  });

  it('keeps results within the budget exact, reduced ones included', () => {
    expect(formatNum(add(big, q(1)))).toBe(formatNum(q(2n ** 2000n + 3n ** 1200n, 3n ** 1200n)));
    expect(formatNum(mul(big, q(3n ** 1200n, 2n ** 2000n)))).toBe('1'); // 3,908 bits times its inverse: 1
    expect(add(q(1, 3), 0.5)).toBeCloseTo(0.8333333333, 9); // numeric values have no budget
  });

  it('turns a typed answer past the budget into a format error, never a throw', () => {
    const sum = '(1/2)^64+(1/3)^64+(1/5)^64+(1/7)^64+(1/11)^64+(1/13)^64+(1/17)^64+(1/19)^64+(1/23)^64+(1/29)^64+(1/31)^64+(1/37)^64+(1/41)^64+(1/43)^64+(1/47)^64+(1/53)^64';
    const r = parseNumbers(sum);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^the value is too large to grade exactly \(more than 4096 bits/);
    // Two terms: 2^64·3^64 is 17 + 26 hex digits: well inside.
    const two = parseNumbers('(1/2)^64+(1/3)^64');
    expect(two.ok).toBe(true);
    expect(two.ok && (two.value.items[0]!.v as ReturnType<typeof q>).d).toBe(6n ** 64n);
  });
});

describe('answers graded on the request thread', () => {
  it.each([
    ['[0.09003057317038046, 0.24472847105479764, 0.6652409557748219]^T', true],
    ['[0.000006128982466927776, 0.9820078648958167, 0.01798610143932864]', true],
    ['1/(1+e^-2)', true],
    ['sigmoid(2) tanh(1)', true],
    ['[4 0]ᵀ', true],
    ['(1/3)^64', false],
    ['2^10', false],
    ['1'.repeat(41), false],
    [Array(14).fill('1').join('+'), false],
    ['1'.repeat(161), false],
  ])('%s → %s', (text, light) => {
    expect(isLightAnswer(text)).toBe(light);
  });
});

describe('ids that stay text in a CSV', () => {
  it.each([
    ['0012', "'0012"],
    ['1e5', "'1e5"],
    ['=1+1', "'=1+1"],
    ['12/03', "'12/03"],
    ['2026-01-05', "'2026-01-05"],
    ['10:30', "'10:30"],
    ['MAR1', "'MAR1"],
    ['1-Mar', "'1-Mar"],
    ['TRUE', "'TRUE"],
    ["'quoted", "''quoted"],
    ['ana01', 'ana01'],
    ['V01', 'V01'],
    ['decker1', 'decker1'],
    ['ana.b@uni', 'ana.b@uni'],
  ])('%s → %s', (id, cell) => {
    expect(textCell(id)).toBe(cell);
  });
});
