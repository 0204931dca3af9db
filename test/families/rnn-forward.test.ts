/**
 * rnn-forward's worked steps, as the lecture writes them (classwork, worked by
 * hand: U h0 = [2·1 + 0·(−1), 1·1 + 2·(−1)] = [2, −1], W x1 = column 1 of W = [2, 1],
 * a1 = [4, 0]; U h1 = [8, 4], W x2 = column 3 = [−1, 1], a2 = [7, 5];
 * y = V h: [4, −4, 0] and [7, −7 + 5, 15] = [7, −2, 15]), the tanh-and-bias form
 * of its first step, and which named mistakes apply to which given.
 */
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../src/families/registry.js';
import { CLASSWORK_GIVEN } from '../fixtures/lecture.js';
import { round12, stepsOf as stepsOfFamily } from '../support/steps.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/rnn-forward.js'));

const softmax = (ys: number[]): number[] => {
  const z = ys.reduce((s, y) => s + Math.exp(y), 0);
  return ys.map((y) => Math.exp(y) / z);
};

const stepsOf = (given: object): unknown[][] => stepsOfFamily('rnn-forward', given);
const r12 = (xs: number[]) => round12(xs) as number[];

const U = [
  [2, 0],
  [1, 2],
];
const W = [
  [2, 0, -1],
  [1, -1, 1],
];
const V = [
  [1, 0],
  [-1, 1],
  [0, 3],
];

describe('rnn-forward: the worked steps', () => {
  it('shows the classwork as the lecture does: U h, W x, their sum, h = a, y = V h, softmax, arg max', () => {
    expect(stepsOf(CLASSWORK_GIVEN)).toEqual([
      [null, '\\mathbf{U} \\, \\mathbf{h}^{(0)}', null, '{0}{1}', [U, [1, -1]], [2, -1]],
      [null, '\\mathbf{W} \\, \\mathbf{x}^{(1)}', null, '{0}{1}', [W, [1, 0, 0]], [2, 1]],
      [
        'a1',
        '\\mathbf{a}^{(1)}',
        '\\mathbf{U} \\, \\mathbf{h}^{(0)} + \\mathbf{W} \\, \\mathbf{x}^{(1)}',
        '{0} + {1}',
        [
          [2, -1],
          [2, 1],
        ],
        [4, 0],
      ],
      ['h1', '\\mathbf{h}^{(1)}', '\\mathbf{a}^{(1)}', '{0}', [[4, 0]], [4, 0]],
      ['y1', '\\mathbf{y}^{(1)}', '\\mathbf{V} \\, \\mathbf{h}^{(1)}', '{0}{1}', [V, [4, 0]], [4, -4, 0]],
      ['o1', '\\mathbf{o}^{(1)}', '\\operatorname{softmax}(\\mathbf{y}^{(1)})', '\\operatorname{softmax}({0})', [[4, -4, 0]], r12(softmax([4, -4, 0]))],
      ['label1', '\\text{label}^{(1)}', '\\arg\\max_i \\mathbf{o}^{(1)}_i', '\\text{index } {0}', [0], 'ADJ'],
      [null, '\\mathbf{U} \\, \\mathbf{h}^{(1)}', null, '{0}{1}', [U, [4, 0]], [8, 4]],
      [null, '\\mathbf{W} \\, \\mathbf{x}^{(2)}', null, '{0}{1}', [W, [0, 0, 1]], [-1, 1]],
      [
        'a2',
        '\\mathbf{a}^{(2)}',
        '\\mathbf{U} \\, \\mathbf{h}^{(1)} + \\mathbf{W} \\, \\mathbf{x}^{(2)}',
        '{0} + {1}',
        [
          [8, 4],
          [-1, 1],
        ],
        [7, 5],
      ],
      ['h2', '\\mathbf{h}^{(2)}', '\\mathbf{a}^{(2)}', '{0}', [[7, 5]], [7, 5]],
      ['y2', '\\mathbf{y}^{(2)}', '\\mathbf{V} \\, \\mathbf{h}^{(2)}', '{0}{1}', [V, [7, 5]], [7, -2, 15]],
      ['o2', '\\mathbf{o}^{(2)}', '\\operatorname{softmax}(\\mathbf{y}^{(2)})', '\\operatorname{softmax}({0})', [[7, -2, 15]], r12(softmax([7, -2, 15]))],
      ['label2', '\\text{label}^{(2)}', '\\arg\\max_i \\mathbf{o}^{(2)}_i', '\\text{index } {0}', [2], 'NOUN'],
    ]);
  });

  it('adds the bias to the sum and writes tanh around a (a1 = [2, −1] + [2, 1] + [1, −1] = [5, −1])', () => {
    const h1 = [Math.tanh(5), Math.tanh(-1)];
    const y1 = [h1[0]!, -h1[0]! + h1[1]!, 3 * h1[1]!];
    expect(stepsOf({ ...CLASSWORK_GIVEN, activation: 'tanh', b: [1, -1], xs: [[1, 0, 0]] }).slice(2, 6)).toEqual([
      [
        'a1',
        '\\mathbf{a}^{(1)}',
        '\\mathbf{U} \\, \\mathbf{h}^{(0)} + \\mathbf{W} \\, \\mathbf{x}^{(1)} + \\mathbf{b}',
        '{0} + {1} + {2}',
        [
          [2, -1],
          [2, 1],
          [1, -1],
        ],
        [5, -1],
      ],
      ['h1', '\\mathbf{h}^{(1)}', '\\tanh(\\mathbf{a}^{(1)})', '\\tanh({0})', [[5, -1]], r12(h1)],
      ['y1', '\\mathbf{y}^{(1)}', '\\mathbf{V} \\, \\mathbf{h}^{(1)}', '{0}{1}', [V, r12(h1)], r12(y1)],
      ['o1', '\\mathbf{o}^{(1)}', '\\operatorname{softmax}(\\mathbf{y}^{(1)})', '\\operatorname{softmax}({0})', [r12(y1)], r12(softmax(y1))],
    ]);
  });
});

describe('rnn-forward: which named mistakes apply', () => {
  const applies = (given: object): Record<string, boolean> => {
    const rnn = getFamily('rnn-forward');
    const g = rnn.parseGiven(given);
    return Object.fromEntries(rnn.mistakes.map((m) => [m, rnn.mistakeApplies?.(g, m) ?? true]));
  };

  it.each([
    // Identity, no bias, W is 2×3 against U 2×2: only softmax can be skipped.
    ['the classwork', CLASSWORK_GIVEN, { 'swapped-UW': false, 'missing-bias': false, 'missing-activation': false, 'sigmoid-for-tanh': false, 'softmax-skipped': true }],
    // tanh, a non-zero bias, square W: every mistake can be made.
    [
      'tanh, b = [0, 1], W 2×2',
      {
        ...CLASSWORK_GIVEN,
        activation: 'tanh',
        b: [0, 1],
        W: [
          [1, 0],
          [0, 1],
        ],
        xs: [[1, 0]],
      },
      { 'swapped-UW': true, 'missing-bias': true, 'missing-activation': true, 'sigmoid-for-tanh': true, 'softmax-skipped': true },
    ],
    // A zero bias cannot be left out visibly.
    [
      'tanh, b = [0, 0]',
      { ...CLASSWORK_GIVEN, activation: 'tanh', b: [0, 0] },
      { 'swapped-UW': false, 'missing-bias': false, 'missing-activation': true, 'sigmoid-for-tanh': true, 'softmax-skipped': true },
    ],
  ])('%s', (_, given, want) => {
    expect(applies(given)).toEqual(want);
  });
});
