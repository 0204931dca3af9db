/**
 * gru (the lecture's convention, SPEC §2): the worked steps of the key in both
 * print notations, with and without biases, the symbols the question prints,
 * the separate print's U/W split of the stored matrices, which named mistakes
 * apply, and the family's own generation rules (its draw and its reject).
 *
 * GRU_HAND_GIVEN by hand: h0 = [1, −1], x1 = [2], [h0, x1] = [1, −1, 2];
 *   Wz [h0, x1] = [1 + 2, −1] = [3, −1],   Wr [h0, x1] = [−1 + 2, 1 − 1] = [1, 0];
 *   r * h0 = [σ(1), −1/2],  W [r * h0, x1] = [σ(1), −1/2 + 2] = [σ(1), 3/2];
 *   h1 = (1 − z) * h0 + z * tanh(ph).
 * With biases bz = [1, 0], br = [0, −1], bh = [0, 1], split as the separate print does
 * (U_• the first n = 2 columns, meeting h; W_• the last d = 1, meeting x):
 *   W_z x = [1, 0]·2 = [2, 0],  U_z h0 = [1, −1],  pz = [2 + 1 + 1, 0 − 1 + 0] = [4, −1];
 *   W_r x = [2, 0],  U_r h0 = [[0, 1], [1, 1]] [1, −1] = [−1, 0],  pr = [1, −1];
 *   r * h0 = [σ(1), −σ(−1)],  W_h x = [0, 1]·2 = [0, 2],  U_h (r * h0) = [σ(1), −σ(−1)],
 *   ph = [σ(1), 2 − σ(−1) + 1].
 */
import { describe, expect, it } from 'vitest';
import { valueToJson, vector, type Value } from '../../src/core/value.js';
import { q } from '../../src/core/num.js';
import { createRng } from '../../src/core/rng.js';
import { gru } from '../../src/families/gru.js';
import type { MistakeId } from '../../src/families/contract.js';
import { GRU_HAND_GIVEN } from '../fixtures/lecture.js';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';
import { round12, stepRows, stepWords } from '../support/steps.js';

coverModuleLoad(() => import('../../src/families/gru.js'));

const σ = (a: number) => 1 / (1 + Math.exp(-a));
const r = (xs: number[]) => round12(xs) as number[];
const hand = GRU_HAND_GIVEN;
const BIASES = { bz: [1, 0], br: [0, -1], bh: [0, 1] };

/** The last three rows, `(1 − z) * h0`, `z * h̃` and h1, for gates z and candidate h̃ worked by hand. */
function mixRows(z: number[], htilde: number[]): unknown[][] {
  const keep = z.map((v) => 1 - v);
  const kept = [keep[0]! * 1, keep[1]! * -1];
  const added = [z[0]! * htilde[0]!, z[1]! * htilde[1]!];
  return [
    [null, '(1 - z_{1}) * h_{0}', null, '{0} * {1}', [r(keep), [1, -1]], r(kept)],
    [null, 'z_{1} * \\tilde{h}_{1}', null, '{0} * {1}', [r(z), r(htilde)], r(added)],
    ['h1', 'h_{1}', '(1 - z_{1}) * h_{0} + z_{1} * \\tilde{h}_{1}', '{0} + {1}', [r(kept), r(added)], r([kept[0]! + added[0]!, kept[1]! + added[1]!])],
  ];
}

describe('gru: the worked steps', () => {
  it('concatenated, no biases (the lecture’s form): [h, x] once, each W [·], the gate, r * h, [r * h, x], the mix', () => {
    const steps = gru.solve(gru.parseGiven(hand), true, {}).steps;
    const z = [σ(3), σ(-1)];
    const rh = [σ(1), -0.5];
    const htilde = [Math.tanh(σ(1)), Math.tanh(1.5)];
    expect(stepRows(steps)).toEqual([
      [null, '[h_{0}, x_{1}]', null, '[{0}, {1}]', [[1, -1], [2]], [1, -1, 2]],
      ['pz1', 'W_z [h_{0}, x_{1}]', null, '{0}{1}', [hand.Wz, [1, -1, 2]], [3, -1]],
      ['z1', 'z_{1}', '\\sigma(W_z [h_{0}, x_{1}])', '\\sigma({0})', [[3, -1]], r(z)],
      ['pr1', 'W_r [h_{0}, x_{1}]', null, '{0}{1}', [hand.Wr, [1, -1, 2]], [1, 0]],
      ['r1', 'r_{1}', '\\sigma(W_r [h_{0}, x_{1}])', '\\sigma({0})', [[1, 0]], r([σ(1), 0.5])],
      [null, 'r_{1} * h_{0}', null, '{0} * {1}', [r([σ(1), 0.5]), [1, -1]], r(rh)],
      [null, '[r_{1} * h_{0}, x_{1}]', null, '[{0}, {1}]', [r(rh), [2]], r([...rh, 2])],
      ['ph1', 'W [r_{1} * h_{0}, x_{1}]', null, '{0}{1}', [hand.Wh, r([...rh, 2])], r([σ(1), 1.5])],
      ['htilde1', '\\tilde{h}_{1}', '\\tanh(W [r_{1} * h_{0}, x_{1}])', '\\tanh({0})', [r([σ(1), 1.5])], r(htilde)],
      ...mixRows(z, htilde),
    ]);
  });

  it('separate, with biases: W x, U h (U (r * h) for the candidate), their sum with b, then the gate', () => {
    const steps = gru.solve(gru.parseGiven({ ...hand, ...BIASES }), true, { notation: 'separate' }).steps;
    const z = [σ(4), σ(-1)];
    const rh = [σ(1), -σ(-1)];
    const ph = [σ(1), 3 - σ(-1)];
    const htilde = ph.map(Math.tanh);
    expect(stepRows(steps)).toEqual([
      [null, 'W_z x_{1}', null, '{0}{1}', [[[1], [0]], [2]], [2, 0]],
      [
        null,
        'U_z h_{0}',
        null,
        '{0}{1}',
        [
          [
            [1, 0],
            [0, 1],
          ],
          [1, -1],
        ],
        [1, -1],
      ],
      [
        'pz1',
        'W_z x_{1} + U_z h_{0} + b_z',
        'W_z x_{1} + U_z h_{0} + b_z',
        '{0} + {1} + {2}',
        [
          [2, 0],
          [1, -1],
          [1, 0],
        ],
        [4, -1],
      ],
      ['z1', 'z_{1}', '\\sigma(W_z x_{1} + U_z h_{0} + b_z)', '\\sigma({0})', [[4, -1]], r(z)],
      [null, 'W_r x_{1}', null, '{0}{1}', [[[1], [0]], [2]], [2, 0]],
      [
        null,
        'U_r h_{0}',
        null,
        '{0}{1}',
        [
          [
            [0, 1],
            [1, 1],
          ],
          [1, -1],
        ],
        [-1, 0],
      ],
      [
        'pr1',
        'W_r x_{1} + U_r h_{0} + b_r',
        'W_r x_{1} + U_r h_{0} + b_r',
        '{0} + {1} + {2}',
        [
          [2, 0],
          [-1, 0],
          [0, -1],
        ],
        [1, -1],
      ],
      ['r1', 'r_{1}', '\\sigma(W_r x_{1} + U_r h_{0} + b_r)', '\\sigma({0})', [[1, -1]], r([σ(1), σ(-1)])],
      [null, 'r_{1} * h_{0}', null, '{0} * {1}', [r([σ(1), σ(-1)]), [1, -1]], r(rh)],
      [null, 'W_h x_{1}', null, '{0}{1}', [[[0], [1]], [2]], [0, 2]],
      [
        null,
        'U_h (r_{1} * h_{0})',
        null,
        '{0}{1}',
        [
          [
            [1, 0],
            [0, 1],
          ],
          r(rh),
        ],
        r(rh),
      ],
      ['ph1', 'W_h x_{1} + U_h (r_{1} * h_{0}) + b_h', 'W_h x_{1} + U_h (r_{1} * h_{0}) + b_h', '{0} + {1} + {2}', [[0, 2], r(rh), [0, 1]], r(ph)],
      ['htilde1', '\\tilde{h}_{1}', '\\tanh(W_h x_{1} + U_h (r_{1} * h_{0}) + b_h)', '\\tanh({0})', [r(ph)], r(htilde)],
      ...mixRows(z, htilde),
    ]);
  });

  it('concatenated, with biases: the product, then + b as the pre-activation, and the gate over both', () => {
    const steps = gru.solve(gru.parseGiven({ ...hand, ...BIASES }), true, { notation: 'concatenated' }).steps;
    expect(stepWords(steps)).toEqual([
      [null, '[h_{0}, x_{1}]', null, '[{0}, {1}]'],
      [null, 'W_z [h_{0}, x_{1}]', null, '{0}{1}'],
      ['pz1', 'W_z [h_{0}, x_{1}] + b_z', 'W_z [h_{0}, x_{1}] + b_z', '{0} + {1}'],
      ['z1', 'z_{1}', '\\sigma(W_z [h_{0}, x_{1}] + b_z)', '\\sigma({0})'],
      [null, 'W_r [h_{0}, x_{1}]', null, '{0}{1}'],
      ['pr1', 'W_r [h_{0}, x_{1}] + b_r', 'W_r [h_{0}, x_{1}] + b_r', '{0} + {1}'],
      ['r1', 'r_{1}', '\\sigma(W_r [h_{0}, x_{1}] + b_r)', '\\sigma({0})'],
      [null, 'r_{1} * h_{0}', null, '{0} * {1}'],
      [null, '[r_{1} * h_{0}, x_{1}]', null, '[{0}, {1}]'],
      [null, 'W [r_{1} * h_{0}, x_{1}]', null, '{0}{1}'],
      ['ph1', 'W [r_{1} * h_{0}, x_{1}] + b_h', 'W [r_{1} * h_{0}, x_{1}] + b_h', '{0} + {1}'],
      ['htilde1', '\\tilde{h}_{1}', '\\tanh(W [r_{1} * h_{0}, x_{1}] + b_h)', '\\tanh({0})'],
      [null, '(1 - z_{1}) * h_{0}', null, '{0} * {1}'],
      [null, 'z_{1} * \\tilde{h}_{1}', null, '{0} * {1}'],
      ['h1', 'h_{1}', '(1 - z_{1}) * h_{0} + z_{1} * \\tilde{h}_{1}', '{0} + {1}'],
    ]);
    // pz1 = [3, −1] + bz = [4, −1]; pr1 = [1, 0] + br = [1, −1], so r * h0 = [σ(1), −σ(−1)] and
    // ph1 = W [r * h0, x1] + bh = [σ(1), −σ(−1) + 2] + [0, 1] = [σ(1), 3 − σ(−1)].
    expect(stepRows([steps[2]!])).toEqual([
      [
        'pz1',
        'W_z [h_{0}, x_{1}] + b_z',
        'W_z [h_{0}, x_{1}] + b_z',
        '{0} + {1}',
        [
          [3, -1],
          [1, 0],
        ],
        [4, -1],
      ],
    ]);
    expect(round12(valueToJson(steps[10]!.value))).toEqual(r([σ(1), 3 - σ(-1)]));
  });

  it('separate, no biases: the sums are W x + U h alone', () => {
    const words = stepWords(gru.solve(gru.parseGiven(hand), true, { notation: 'separate' }).steps);
    expect(words.filter((w) => w[0] === 'pz1' || w[0] === 'ph1' || w[0] === 'htilde1')).toEqual([
      ['pz1', 'W_z x_{1} + U_z h_{0}', 'W_z x_{1} + U_z h_{0}', '{0} + {1}'],
      ['ph1', 'W_h x_{1} + U_h (r_{1} * h_{0})', 'W_h x_{1} + U_h (r_{1} * h_{0})', '{0} + {1}'],
      ['htilde1', '\\tilde{h}_{1}', '\\tanh(W_h x_{1} + U_h (r_{1} * h_{0}))', '\\tanh({0})'],
    ]);
  });
});

describe('gru: what the question prints', () => {
  it.each([
    ['concatenated (the default): W for the candidate, as the slide', {}, true, 'W'],
    ['separate: W_h for the candidate', { notation: 'separate' }, false, 'W_h'],
  ])('%s', (_, options, concatenated, wh) => {
    expect(gru.symbols!(gru.parseGiven(hand), options)).toEqual({
      concatenated,
      Wz: 'W_z',
      Uz: 'U_z',
      bz: 'b_z',
      Wr: 'W_r',
      Ur: 'U_r',
      br: 'b_r',
      Wh: wh,
      Uh: 'U_h',
      bh: 'b_h',
    });
  });

  it('splits each stored matrix for the separate print: U_• the first n columns, W_• the last d', () => {
    // n = 2, d = 2: each stored matrix is 2×4.
    const given = gru.parseGiven({
      Wz: [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ],
      Wr: [
        [-1, -2, -3, -4],
        [-5, -6, -7, -8],
      ],
      Wh: [
        [0, 1, 0, 2],
        [3, 0, 4, 0],
      ],
      h0: [1, 0],
      xs: [[0, 1]],
    });
    const vars = gru.presentation!.templateVars!(given) as { split: Record<string, Value> };
    expect(Object.fromEntries(Object.entries(vars.split).map(([name, m]) => [name, valueToJson(m)]))).toEqual({
      Uz: [
        [1, 2],
        [5, 6],
      ],
      Wz: [
        [3, 4],
        [7, 8],
      ],
      Ur: [
        [-1, -2],
        [-5, -6],
      ],
      Wr: [
        [-3, -4],
        [-7, -8],
      ],
      Uh: [
        [0, 1],
        [3, 0],
      ],
      Wh: [
        [0, 2],
        [4, 0],
      ],
    });
  });
});

describe('gru: which named mistakes apply', () => {
  const applies = (given: object): Record<string, boolean> => {
    const g = gru.parseGiven(given);
    return Object.fromEntries(gru.mistakes.map((m: MistakeId) => [m, gru.mistakeApplies!(g, m)]));
  };
  const others = { 'gru-convention-swapped': true, 'concat-order-swapped': true, 'tanh-for-sigmoid': true, 'sigmoid-for-tanh': true };

  it.each([
    ['no biases', false, {}],
    ['bz = [1, 0] alone', true, { bz: [1, 0] }],
    ['bz = [0, 0] alone: nothing to leave out', false, { bz: [0, 0] }],
    ['all three zero', false, { bz: [0, 0], br: [0, 0], bh: [0, 0] }],
    ['a zero bz and bh = [0, 1]', true, { bz: [0, 0], bh: [0, 1] }],
  ])('%s: missing-bias applies: %s', (_, missingBias, biases) => {
    expect(applies({ ...hand, ...biases })).toEqual({ ...others, 'missing-bias': missingBias });
  });
});

describe('gru: its own generation rules', () => {
  const gates = (patch: Record<string, number[]> = {}): Map<string, Value> =>
    new Map(Object.entries({ pz1: [4, -4], pr1: [0, 1], ph1: [9, -9], ...patch }).map(([name, v]) => [name, vector(v.map((x) => q(x)))]));
  const zero = [
    [0, 0, 0],
    [0, 0, 0],
  ];

  it.each([
    // ph1 is not bound: r * h is numeric (SPEC §4 names pz1 and pr1 only).
    ['non-zero matrices, pz1 and pr1 in [-4, 4] (ends included), ph1 = [9, -9]', {}, {}, null],
    ['Wz all zero', { Wz: zero }, {}, 'Wz is all zero'],
    ['Wr all zero', { Wr: zero }, {}, 'Wr is all zero'],
    ['Wh all zero', { Wh: zero }, {}, 'Wh is all zero'],
    ['pz1 = [5, 0]', {}, { pz1: [5, 0] }, 'pz1 leaves [-4, 4]'],
    ['pr1 = [0, -4.5]', {}, { pr1: [0, -4.5] }, 'pr1 leaves [-4, 4]'],
    ['a zero matrix is named before a pre-activation', { Wh: zero }, { pz1: [5, 0] }, 'Wh is all zero'],
  ])('%s', (_, patch, answers, why) => {
    expect(gru.reject!(gru.parseGiven({ ...hand, ...patch }), gates(answers), gru.parseOptions({}))).toBe(why);
  });

  it.each([
    [1, 1, 6000],
    [2, 1, 1000],
  ])('draws no all-zero matrix, from the draw alone (hidden %i, input %i, %i seeds)', (hidden, input, full) => {
    // With n = d = 1 a matrix has two weights: an unguarded draw gives an all-zero one in about 1 draw of 14.
    const options = gru.parseOptions({ hidden, input });
    for (let seed = 0; seed < sweepSeeds(full); seed++) {
      const g = gru.draw(createRng(`gru-draw${seed}`), options);
      for (const [name, m] of Object.entries({ Wz: g.Wz, Wr: g.Wr, Wh: g.Wh })) {
        expect(
          m.flat().some((w) => Number(w) !== 0),
          `seed ${seed}: ${name}`,
        ).toBe(true);
        expect(m[0]!.length).toBe(hidden + input);
      }
    }
  });
});
