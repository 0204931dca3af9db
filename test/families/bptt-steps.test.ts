/**
 * bptt's worked steps and rules, worked by hand.
 *
 * Identity, u = 1/2, w = 1, h0 = 2, x = [1, 0, 0]: a1 = ½·2 + 1·1 = 2 = h1;
 * a2 = ½·2 + 0 = 1, d2 = u·1 = ½; a3 = ½·1 = ½, d3 = ½; ∂h3/∂h1 = d2·d3 = ¼.
 * tanh, u = 2, w = −1, h0 = 1, x = [1, 0]: a1 = 2 − 1 = 1, h1 = tanh 1;
 * a2 = 2·tanh 1, d2 = 2·(1 − tanh²(a2)); ∂h2/∂h1 = d2.
 */
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../src/families/registry.js';
import { round12, stepsOf as stepsOfFamily } from '../support/steps.js';

const bptt = () => getFamily('bptt');
const stepsOf = (given: object): unknown[][] => stepsOfFamily('bptt', given);
const r = (x: number) => round12(x) as number;

describe('bptt: the worked steps', () => {
  it('identity: a, h = a, d = u·1, and the gradient as the product of the d', () => {
    expect(stepsOf({ activation: 'identity', u: '1/2', w: 1, h0: 2, xs: [1, 0, 0] })).toEqual([
      ['a1', 'a_{1}', 'u h_{0} + w x_{1}', '{0} \\cdot {1} + {2} \\cdot {3}', ['1/2', 2, 1, 1], 2],
      ['h1', 'h_{1}', 'a_{1}', '{0}', [2], 2],
      ['a2', 'a_{2}', 'u h_{1} + w x_{2}', '{0} \\cdot {1} + {2} \\cdot {3}', ['1/2', 2, 1, 0], 1],
      ['h2', 'h_{2}', 'a_{2}', '{0}', [1], 1],
      ['d2', 'd_{2}', 'u \\cdot 1', '{0} \\cdot 1', ['1/2'], '1/2'],
      ['a3', 'a_{3}', 'u h_{2} + w x_{3}', '{0} \\cdot {1} + {2} \\cdot {3}', ['1/2', 1, 1, 0], '1/2'],
      ['h3', 'h_{3}', 'a_{3}', '{0}', ['1/2'], '1/2'],
      ['d3', 'd_{3}', 'u \\cdot 1', '{0} \\cdot 1', ['1/2'], '1/2'],
      ['grad', '\\partial h_{3} / \\partial h_{1}', 'd_{2} \\cdot d_{3}', '{0} \\cdot {1}', ['1/2', '1/2'], '1/4'],
    ]);
  });

  it('tanh: a negative weight in parentheses, h = tanh(a), d = u (1 − tanh²(a))', () => {
    const h1 = Math.tanh(1);
    const a2 = 2 * h1;
    const d2 = 2 * (1 - Math.tanh(a2) ** 2);
    expect(stepsOf({ activation: 'tanh', u: 2, w: -1, h0: 1, xs: [1, 0] })).toEqual([
      ['a1', 'a_{1}', 'u h_{0} + w x_{1}', '{0} \\cdot {1} + ({2}) \\cdot {3}', [2, 1, -1, 1], 1],
      ['h1', 'h_{1}', '\\tanh(a_{1})', '\\tanh({0})', [1], r(h1)],
      ['a2', 'a_{2}', 'u h_{1} + w x_{2}', '{0} \\cdot {1} + ({2}) \\cdot {3}', [2, r(h1), -1, 0], r(a2)],
      ['h2', 'h_{2}', '\\tanh(a_{2})', '\\tanh({0})', [r(a2)], r(Math.tanh(a2))],
      ['d2', 'd_{2}', 'u \\, (1 - \\tanh^2(a_{2}))', '{0} \\cdot (1 - \\tanh^2({1}))', [2, r(a2)], r(d2)],
      ['grad', '\\partial h_{2} / \\partial h_{1}', 'd_{2}', '{0}', [r(d2)], r(d2)],
    ]);
  });
});

describe('bptt: rules and topic', () => {
  it.each([
    ['w = 0', { activation: 'identity', u: '1/2', w: 0, h0: 2, xs: [1, 0, 0] }, 'w is zero'],
    ['u = 0', { activation: 'identity', u: 0, w: 1, h0: 2, xs: [1, 0, 0] }, 'u is zero'],
    // a1 = 2·1 + 3·1 = 5 > 3: tanh is flat there.
    ['tanh with a1 = 5', { activation: 'tanh', u: 2, w: 3, h0: 1, xs: [1, 0] }, 'a1 saturates tanh'],
    // a1 = 2·1 + 30·2 = 62.
    ['a1 = 62', { activation: 'identity', u: 2, w: 30, h0: 1, xs: [2, 0] }, 'a1 has |62| > 50'],
    ['the halving example', { activation: 'identity', u: '1/2', w: 1, h0: 2, xs: [1, 0, 0] }, null],
  ])('%s → %s', (_, given, why) => {
    expect(bptt().verify(bptt().parseGiven(given), bptt().parseOptions({}))).toBe(why);
  });

  it('names the regime from the gradient: |u^(T−1)| > 1 explodes, otherwise it vanishes', () => {
    const topic = (given: object) => bptt().presentation?.topicOf?.(given, bptt().solve(bptt().parseGiven(given)).answers);
    expect(topic({ activation: 'identity', u: 2, w: 1, h0: 1, xs: [1, 0] })).toBe('Backpropagation through time: the exploding gradient');
    expect(topic({ activation: 'identity', u: '1/2', w: 1, h0: 1, xs: [1, 0] })).toBe('Backpropagation through time: the vanishing gradient');
    // |grad| = 1 exactly (u = −1) is not exploding.
    expect(topic({ activation: 'identity', u: -1, w: 1, h0: 1, xs: [1, 0] })).toBe('Backpropagation through time: the vanishing gradient');
  });

  it('leaves the activation out only when there is one', () => {
    const applies = (activation: string) => Object.fromEntries(bptt().mistakes.map((m) => [m, bptt().mistakeApplies?.(bptt().parseGiven({ activation, u: 2, w: 1, h0: 1, xs: [1, 0] }), m) ?? true]));
    expect(applies('identity')).toEqual({ 'swapped-UW': true, 'missing-activation': false });
    expect(applies('tanh')).toEqual({ 'swapped-UW': true, 'missing-activation': true });
  });

  it('needs two steps at least', () => {
    expect(() => bptt().parseGiven({ activation: 'identity', u: 2, w: 1, h0: 1, xs: [1] })).toThrow('given.xs: expected a list of at least 2 numbers (T ≥ 2, one input per step)');
  });
});
