/**
 * gru (the lecture's / Colah's convention): golden values computed by hand,
 * worked steps, options and given errors, the named mistakes, and generation.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, fixture, sweepSeeds } from '../support/fixture.js';
import { gru } from '../../src/families/gru.js';
import { createRng } from '../../src/core/rng.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { GivenError, OptionError } from '../../src/core/errors.js';
import type { MistakeId } from '../../src/families/contract.js';
import { reference } from './reference/gru.js';
import { GRU_HAND_GIVEN } from '../fixtures/lecture.js';

coverModuleLoad(() => import('../../src/families/gru.js'));

const σ = (a: number) => 1 / (1 + Math.exp(-a));

/**
 * n = 2, d = 1, [h0, x1] = [1, -1, 2]:
 *   pz = Wz·[h0, x1] = [1 + 2, -1] = [3, -1],   pr = Wr·[h0, x1] = [-1 + 2, 1 - 1] = [1, 0]
 *   r*h0 = [σ(1), -1/2],  ph = Wh·[r*h0, x1] = [σ(1), -1/2 + 2] = [σ(1), 3/2]
 *   h1 = (1 - z)*h0 + z*tanh(ph)
 */
const hand = GRU_HAND_GIVEN;

const given = fixture(() => gru.parseGiven(hand));
const solution = fixture(() => gru.solve(given()));
const answer = (name: string, answers: ReadonlyMap<string, Value> = solution().answers) => valueToJson(answers.get(name)!);
const close = (got: unknown, want: number[], digits = 12) => {
  expect((got as number[]).length).toBe(want.length);
  want.forEach((w, j) => expect((got as number[])[j]).toBeCloseTo(w, digits));
};

describe('gru: a hand-computed step in the lecture convention', () => {
  it('gives exact gate pre-activations on [h_{t-1}, x_t] (h first)', () => {
    expect(answer('pz1')).toEqual([3, -1]);
    expect(answer('pr1')).toEqual([1, 0]);
    expect(solution().fields.find((f) => f.name === 'pz1')!.kind).toBe('exact');
  });

  it('applies r to h_{t-1} before the product, then mixes with (1 - z) on the old state', () => {
    close(answer('z1'), [0.9525741268224334, 0.2689414213699951]);
    close(answer('r1'), [0.7310585786300049, 0.5]);
    close(answer('ph1'), [0.7310585786300049, 1.5]);
    close(answer('htilde1'), [0.6237125498258757, 0.9051482536448664]);
    close(answer('h1'), [0.6415583107161436, -0.48762672074418567]);
    expect(solution().fields.find((f) => f.name === 'ph1')!.kind).toBe('numeric');
  });

  it('lists answers gate by gate', () => {
    expect(solution().fields.map((f) => f.name)).toEqual(['pz1', 'z1', 'pr1', 'r1', 'ph1', 'htilde1', 'h1']);
  });

  it('shows the concatenation, the product, the gate, r*h, and the final combination', () => {
    const lhs = solution().steps.map((s) => s.lhs);
    expect(lhs.slice(0, 3)).toEqual(['[h_{0}, x_{1}]', 'W_z [h_{0}, x_{1}]', 'z_{1}']);
    expect(valueToJson(solution().steps[0]!.value)).toEqual([1, -1, 2]);
    expect(solution().steps[1]!.field).toBe('pz1');
    expect(solution().steps[2]!.symbolic).toBe('\\sigma(W_z [h_{0}, x_{1}])');
    expect(lhs).toContain('r_{1} * h_{0}');
    expect(lhs).toContain('[r_{1} * h_{0}, x_{1}]');
    const last = solution().steps.at(-1)!;
    expect(last.field).toBe('h1');
    expect(last.symbolic).toBe('(1 - z_{1}) * h_{0} + z_{1} * \\tilde{h}_{1}');
  });

  it('runs a second step from h1 and agrees with the plain reference', () => {
    const two = { ...hand, xs: [[2], [-1]] };
    const answers = gru.solve(gru.parseGiven(two), false).answers;
    const want = reference(two);
    expect([...answers.keys()].sort()).toEqual(Object.keys(want).sort());
    for (const [name, value] of Object.entries(want)) close(answer(name, answers), value as number[]);
    // pz2 = Wz·[h1, x2], by hand from h1
    const h1 = [0.6415583107161436, -0.48762672074418567];
    close(answer('pz2', answers), [h1[0]! - 1, h1[1]!]);
  });
});

describe('gru: given JSON', () => {
  it('round-trips; biases stay absent unless given', () => {
    expect(gru.givenToJson(given())).toEqual(hand);
    const biased = { ...hand, bz: [1, 0] };
    expect(gru.givenToJson(gru.parseGiven(biased))).toEqual(biased);
  });

  it.each([
    [
      'Wz',
      {
        Wz: [
          [1, 0],
          [0, 1],
        ],
      },
      '2×3',
    ],
    ['Wh', { Wh: [[1, 0, 0]] }, '2×3'],
    ['bz', { bz: [1] }, 'vector of 2'],
    ['h0', { h0: 'zero' }, 'list of numbers'],
    ['U', { U: [[1]] }, 'no such field'],
  ])('names the field %s and the shape it needs', (field, patch, shape) => {
    let error: unknown;
    try {
      gru.parseGiven({ ...hand, ...patch });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GivenError);
    expect((error as GivenError).field).toBe(field);
    expect((error as GivenError).message).toContain(shape);
  });
});

describe('gru: options', () => {
  it('defaults to no bias, as the lecture', () => {
    expect(gru.parseOptions({})).toEqual({ hidden: 2, input: 2, steps: 1, bias: false, weights: 'integers', inputs: 'one-hot', notation: 'concatenated' });
  });

  it.each([
    [{ hidden: 9 }, 'hidden'],
    [{ weights: 'thirds' }, 'weights'],
    [{ inputs: 'words' }, 'inputs'],
  ])('rejects %j naming the option', (raw, option) => {
    expect(() => gru.parseOptions(raw)).toThrow(OptionError);
    expect(() => gru.parseOptions(raw)).toThrow(option);
  });
});

describe('gru: named mistakes', () => {
  const wrong = (rule: MistakeId, g = given()) => gru.recompute(g, new Map(), rule)!;
  const z = [σ(3), σ(-1)];
  const htilde = [0.6237125498258757, 0.9051482536448664];

  it('gru-convention-swapped is PyTorch’s order: h = z*h_prev + (1 - z)*h̃', () => {
    close(answer('h1', wrong('gru-convention-swapped')), [0.9821542391097321, 0.39277497438905207]);
    close(answer('h1', wrong('gru-convention-swapped')), [z[0]! * 1 + (1 - z[0]!) * htilde[0]!, z[1]! * -1 + (1 - z[1]!) * htilde[1]!]);
  });

  it('concat-order-swapped multiplies W by [x, h]: the first d columns meet x', () => {
    // Wz·[x, h] = Wz·[2, 1, -1]: row 0 gives 1·2 + 0·1 + 1·(-1) = 1, row 1 gives 0·2 + 1·1 + 0·(-1) = 1
    const w = wrong('concat-order-swapped');
    expect(answer('pz1', w)).toEqual([1, 1]);
    expect(answer('pr1', w)).toEqual([0, 3]);
  });

  it('tanh-for-sigmoid and sigmoid-for-tanh swap the squashing functions', () => {
    close(answer('z1', wrong('tanh-for-sigmoid')), [Math.tanh(3), Math.tanh(-1)]);
    close(answer('htilde1', wrong('sigmoid-for-tanh')), [σ(σ(1)), σ(1.5)]);
  });

  it('missing-bias drops bz, br, bh, and applies only when a bias is non-zero', () => {
    const biased = gru.parseGiven({ ...hand, bz: [1, 0], br: [0, 0], bh: [0, 1] });
    expect(answer('pz1', gru.solve(biased, false).answers)).toEqual([4, -1]);
    expect(answer('pz1', wrong('missing-bias', biased))).toEqual([3, -1]);
    expect(gru.mistakeApplies!(biased, 'missing-bias')).toBe(true);
    expect(gru.mistakeApplies!(given(), 'missing-bias')).toBe(false);
  });
});

describe('gru: generation', () => {
  it.each([1, 2, 3])('keeps pz1, pr1 in [-4, 4] with steps = 3, hidden = %i', (hidden) => {
    const options = gru.parseOptions({ steps: 3, hidden });
    for (let seed = 1; seed <= sweepSeeds(150); seed++) {
      const g = gru.generate(createRng(String(seed)), options);
      expect(g.Wz[0]!.length).toBe(hidden + 2);
      expect(g.bz).toBeUndefined();
      const answers = gru.solve(g, false).answers;
      for (const name of ['pz1', 'pr1']) {
        for (const v of answer(name, answers) as number[]) {
          expect(Number.isInteger(v)).toBe(true);
          expect(Math.abs(v)).toBeLessThanOrEqual(4);
        }
      }
    }
  });

  it('draws non-zero biases when asked', () => {
    const g = gru.generate(createRng('b'), gru.parseOptions({ bias: true }));
    for (const b of [g.bz, g.br, g.bh]) expect(b!.some((v) => Number(v) !== 0)).toBe(true);
  });
});
