/**
 * The shared simple-RNN rules (src/families/recurrence.ts) as tables: which
 * mistakes a problem can show, when a logit vector has no clear winner (an
 * exact margin of 1, a decimal one of 0.1), which weights are degenerate, and
 * the names the lecture writes. Every expected value is worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { q } from '../../src/core/num.js';
import { label, scalar, vector } from '../../src/core/value.js';
import type { Mat } from '../../src/core/linalg.js';
import {
  EXACT_MARGIN,
  NUMERIC_MARGIN,
  at,
  bold,
  degenerateWeights,
  identityAskedOnce,
  marginViolation,
  recurrenceMistakeApplies,
  rejectDegenerateOrTied,
  stepLogits,
} from '../../src/families/recurrence.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/recurrence.js'));

const m = (rows: number[][]): Mat => rows.map((r) => r.map((x) => q(x)));
const v = (xs: number[]) => xs.map((x) => q(x));

describe('recurrenceMistakeApplies', () => {
  const square = {
    U: m([
      [1, 0],
      [0, 1],
    ]),
    W: m([
      [1, 2],
      [3, 4],
    ]),
  }; // d = n = 2
  const wide = {
    U: m([
      [1, 0],
      [0, 1],
    ]),
    W: m([
      [1, 2, 3],
      [4, 5, 6],
    ]),
  }; // d = 3, n = 2
  it.each([
    ['swapped-UW when d = n', { ...square, biases: [], activation: 'identity' }, 'swapped-UW', true],
    ['swapped-UW when d ≠ n (the swap would not type-check)', { ...wide, biases: [], activation: 'identity' }, 'swapped-UW', false],
    ['missing-bias without a bias', { ...square, biases: [undefined], activation: 'tanh' }, 'missing-bias', false],
    ['missing-bias with an all-zero bias', { ...square, biases: [v([0, 0])], activation: 'tanh' }, 'missing-bias', false],
    ['missing-bias when one direction has a non-zero bias', { ...square, biases: [v([0, 0]), v([0, 1])], activation: 'tanh' }, 'missing-bias', true],
    ['missing-bias with a non-zero bias', { ...square, biases: [v([2, 0])], activation: 'identity' }, 'missing-bias', true],
    ['missing-activation under tanh', { ...square, biases: [], activation: 'tanh' }, 'missing-activation', true],
    ['missing-activation under the identity', { ...square, biases: [], activation: 'identity' }, 'missing-activation', false],
    ['sigmoid-for-tanh under tanh', { ...square, biases: [], activation: 'tanh' }, 'sigmoid-for-tanh', true],
    ['sigmoid-for-tanh under the identity', { ...square, biases: [], activation: 'identity' }, 'sigmoid-for-tanh', false],
    ['any other mistake', { ...wide, biases: [], activation: 'identity' }, 'off-by-one', true],
  ] as const)('%s → %s', (_name, p, mistake, applies) => {
    expect(recurrenceMistakeApplies(p, mistake)).toBe(applies);
  });
});

describe('marginViolation', () => {
  it('uses a margin of 1 for exact logits and 0.1 for decimals', () => {
    expect([EXACT_MARGIN, NUMERIC_MARGIN]).toEqual([1, 0.1]);
  });
  it.each([
    ['exact, margin 1 (enough)', vector(v([3, 2, -1])), null],
    ['exact, margin 1/2', vector([q(5, 2), q(2), q(0)]), 'y2 has no clear winner'],
    ['exact, a tie', vector(v([4, 4, 1])), 'y2 has no clear winner'],
    ['decimal, margin 0.1 (enough: 0.4 − 0.3 is 0.10000000000000003 in doubles)', vector([0.4, 0.3, 0]), null],
    ['decimal, margin 0.05', vector([0.3, 0.25, 0]), 'y2 has no clear winner'],
    ['one decimal among exact values makes it decimal: margin 0.5 is enough', vector([q(3), 2.5]), null],
    ['order does not matter', vector(v([-1, 2, 3])), null],
    ['a single logit always wins', vector(v([0])), null],
    ['a scalar is not checked', scalar(q(0)), null],
    ['a label is not checked', label('cat'), null],
    ['no answer is not checked', undefined, null],
  ])('%s', (_name, y, expected) => {
    expect(marginViolation('y2', y)).toBe(expected);
  });
});

describe('degenerateWeights and rejectDegenerateOrTied', () => {
  const U = m([
    [1, 0],
    [0, 2],
  ]);
  const W = m([
    [0, 1],
    [1, 0],
  ]);
  const V = m([
    [1, 1],
    [0, 1],
  ]);
  it.each([
    ['nothing degenerate', { U, W }, { V }, null],
    [
      'an all-zero weight matrix, named',
      {
        U,
        W: m([
          [0, 0],
          [0, 0],
        ]),
      },
      { V },
      'W is all zero',
    ],
    ['the first all-zero matrix in order', { U: m([[0, 0]]), W: m([[0]]) }, { V }, 'U is all zero'],
    [
      'a zero entry is not a zero matrix',
      {
        U: m([
          [0, 0],
          [0, 3],
        ]),
        W,
      },
      { V },
      null,
    ],
    [
      'an all-zero output row',
      { U, W },
      {
        V: m([
          [1, 1],
          [0, 0],
        ]),
      },
      'V has an all-zero row',
    ],
    ['weights are checked before outputs', { U: m([[0]]), W }, { V: m([[0, 0]]) }, 'U is all zero'],
  ])('%s', (_name, weights, outputs, expected) => {
    expect(degenerateWeights(weights, outputs)).toBe(expected);
  });

  it('checks the weights first, then each named logit vector in order, and ignores unnamed ones', () => {
    const answers = new Map([
      ['y1', vector(v([3, 1]))],
      ['y2', vector(v([2, 2]))],
      ['y3', vector(v([1, 1]))],
    ]);
    expect(rejectDegenerateOrTied({ U, W }, { V }, answers, ['y1', 'y2', 'y3'])).toBe('y2 has no clear winner');
    expect(rejectDegenerateOrTied({ U, W }, { V }, answers, ['y1'])).toBeNull();
    expect(rejectDegenerateOrTied({ U: m([[0]]) }, { V }, answers, ['y1'])).toBe('U is all zero');
    expect(rejectDegenerateOrTied({ U, W }, { V }, answers, ['y4'])).toBeNull();
  });
});

describe('names as the lecture writes them', () => {
  it.each([
    ['U', '\\mathbf{U}'],
    ['V_f', '\\mathbf{V}_f'],
    ['h_b', '\\mathbf{h}_b'],
    ['2x', '2x'],
    ['', ''],
  ])('bold(%j) = %j', (symbol, tex) => {
    expect(bold(symbol)).toBe(tex);
  });

  it('writes the time index as a superscript in parentheses', () => {
    expect(at('h_f', 2)).toBe('\\mathbf{h}_f^{(2)}');
    expect(at('x', 10)).toBe('\\mathbf{x}^{(10)}');
  });

  it('names the per-step logits y1 … yT', () => {
    expect(stepLogits(3)).toEqual(['y1', 'y2', 'y3']);
    expect(stepLogits(0)).toEqual([]);
  });

  it.each([
    ['identity', { identity_once: true }, ['a']],
    ['identity', { identity_once: false }, []],
    ['identity', {}, []],
    ['identity', { identity_once: 'yes' }, []],
    ['tanh', { identity_once: true }, []],
  ] as const)('with %s and %j, asks once: %j', (activation, options, once) => {
    expect(identityAskedOnce({ activation }, options)).toEqual(once);
  });
});
