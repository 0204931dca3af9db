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
import { bptt as bpttFamily, bpttRegime } from '../../src/families/bptt.js';
import { createRng } from '../../src/core/rng.js';
import { q } from '../../src/core/num.js';
import { label, scalar } from '../../src/core/value.js';
import { round12, stepsOf as stepsOfFamily } from '../support/steps.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/bptt.js'));

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
    // u·h0 = 2·30 = 60 while a1 = 60 + (−20)·1 = 40 and a2 = 2·40 + (−20)·2 = 40 stay in bounds: the product's own name.
    ['u·h0 = 60', { activation: 'identity', u: 2, w: -20, h0: 30, xs: [1, 2] }, 'u·h0 has |60| > 50'],
    // a1 = ½·(−16) = −8, a2 = −4, a3 = −2 + 17·3 = 49: only w·x3 = 51, at the last step, breaks the bound.
    ['w·x3 = 51 at the last step', { activation: 'identity', u: '1/2', w: 17, h0: -16, xs: [0, 0, 3] }, 'w·x3 has |51| > 50'],
    // w·x1 = 25·2 = 50, the bound itself, is allowed: a1 = ½·(−2) + 50 = 49, a2 = 49/2.
    ['w·x1 = 50 exactly', { activation: 'identity', u: '1/2', w: 25, h0: -2, xs: [2, 0] }, null],
    // tanh: a1 = ½·2 + 2·1 = 3, the edge of the range, is allowed (a2 = ½·tanh 3 ≈ 0.497) ...
    ['tanh with a1 = 3 exactly', { activation: 'tanh', u: '1/2', w: 2, h0: 2, xs: [1, 0] }, null],
    // ... and a2 = ½·tanh 3 + 2·3/2 ≈ 3.497 > 3, at the last step, saturates.
    ['tanh with a2 ≈ 3.5 at the last step', { activation: 'tanh', u: '1/2', w: 2, h0: 2, xs: [1, '3/2'] }, 'a2 saturates tanh'],
    // The identity has no saturation: a2 = 4 is fine.
    ['identity with a2 = 4', { activation: 'identity', u: '1/2', w: 4, h0: 0, xs: [1, 1] }, null],
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
    expect(() => bptt().parseGiven({ activation: 'identity', u: 2, w: 1, h0: 1, xs: [1] })).toThrow('given.xs: expected a list of at least 2 numbers (T ≥ 2, one input per step), got 1 number');
  });

  it('writes a given back as it was typed: fractions as "p/q", whole numbers as numbers', () => {
    const typed = { activation: 'tanh', u: '-3/4', w: 2, h0: '1/2', xs: [1, -2, 0] };
    expect(bptt().givenToJson(bptt().parseGiven(typed))).toEqual(typed);
  });

  it('names the regime vanishing when the gradient is missing or not a number', () => {
    expect(bpttRegime(new Map())).toBe('vanishing');
    expect(bpttRegime(new Map([['grad', label('big')]]))).toBe('vanishing');
    expect(bpttRegime(new Map([['grad', scalar(q(-3, 2))]]))).toBe('exploding');
    expect(bpttRegime(new Map([['grad', scalar(1.0001)]]))).toBe('exploding');
  });

  it('the mixed regime draws an exploding u about one time in four', () => {
    // rng.int(0, 3) === 0: one draw in four explodes; over 80 seeds the count lands well inside [8, 32].
    const exploding = Array.from({ length: 80 }, (_, i) => bpttFamily.generate(createRng(`mixed-${i}`), bpttFamily.parseOptions({ regime: 'mixed', steps: 3 }))).filter(
      (g) => Math.abs(g.u.valueOf()) > 1,
    ).length;
    expect(exploding).toBeGreaterThanOrEqual(8);
    expect(exploding).toBeLessThanOrEqual(32);
  });
});
