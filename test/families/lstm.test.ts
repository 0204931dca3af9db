/**
 * lstm: the lecture's practice as golden values (hand-computed), worked steps,
 * options and given errors, the named mistakes, and generation.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, fixture, sweepSeeds } from '../support/fixture.js';
import { lstm } from '../../src/families/lstm.js';
import { createRng } from '../../src/core/rng.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { GivenError, OptionError } from '../../src/core/errors.js';
import type { MistakeId } from '../../src/families/contract.js';
import { reference } from './reference/lstm.js';
import { LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

coverModuleLoad(() => import('../../src/families/lstm.js'));

const σ = (a: number) => 1 / (1 + Math.exp(-a));

/**
 * The lecture's LSTM practice: Wf, Uf, h_{t-1} = [4, 5], x = [1, 1], bf = 0 and
 * c_prev = [1, 5] as in the slides; the other blocks filled in for this test:
 *   Wi x = [1, 1], Ui h = [-5, 4], bi = [1, -2]  → pi = [-3, 3]
 *   Wo x = [1, 1], Uo h = [-1, 0], bo = [0, 1]   → po = [0, 2]
 *   Wc x = [1, 2], Uc h = [0, 1],  bc = [-1, 0]  → pc = [0, 3]
 */
const practice = LSTM_PRACTICE_GIVEN;

const given = fixture(() => lstm.parseGiven(practice));
const solution = fixture(() => lstm.solve(given()));
const answer = (name: string, answers: ReadonlyMap<string, Value> = solution().answers) => valueToJson(answers.get(name)!);
const close = (got: unknown, want: number[], digits = 12) => {
  expect((got as number[]).length).toBe(want.length);
  want.forEach((w, j) => expect((got as number[])[j]).toBeCloseTo(w, digits));
};

describe('lstm: the lecture practice (golden, computed by hand)', () => {
  it('gives the exact pre-activations: pf = Wf x + Uf h + bf = [2, 1] + [0, 23] + [0, 0] = [2, 24]', () => {
    expect(answer('pf1')).toEqual([2, 24]);
    expect(answer('pi1')).toEqual([-3, 3]);
    expect(answer('po1')).toEqual([0, 2]);
    expect(answer('pc1')).toEqual([0, 3]);
    expect(solution().fields.find((f) => f.name === 'pf1')!.kind).toBe('exact');
  });

  it('gives f = [σ(2), σ(24)] (the slide writes σ(6) by a slip) and the other gates', () => {
    close(answer('f1'), [0.8807970779778823, 0.9999999999622486]);
    close(answer('i1'), [0.04742587317756678, 0.9525741268224334]);
    close(answer('o1'), [0.5, 0.8807970779778823]);
    close(answer('ctilde1'), [0, 0.9950547536867305]);
    expect(solution().fields.find((f) => f.name === 'f1')!.kind).toBe('numeric');
  });

  it('updates the cell and the state: c = f*c_prev + i*c̃, h = o*tanh(c)', () => {
    // c = [σ(2)·1 + σ(-3)·0, σ(24)·5 + σ(3)·tanh(3)]
    close(answer('c1'), [0.8807970779778823, 5.947863412944892]);
    close(answer('h1'), [0.3534092045709027, 0.8807850648975704]);
  });

  it('lists the answers in the lecture order: gates, candidate, cell, h', () => {
    expect(solution().fields.map((f) => f.name)).toEqual(['pf1', 'f1', 'pi1', 'i1', 'po1', 'o1', 'pc1', 'ctilde1', 'c1', 'h1']);
  });

  it('shows the steps as the slides do: Wf x, Uf h, their sum, σ, then f*c_prev', () => {
    const [wx, uh, sum, f] = solution().steps;
    expect([wx!.lhs, uh!.lhs, sum!.lhs]).toEqual(['W_f x_{1}', 'U_f h_{0}', 'W_f x_{1} + U_f h_{0} + b_f']);
    expect(valueToJson(wx!.value)).toEqual([2, 1]);
    expect(valueToJson(uh!.value)).toEqual([0, 23]);
    expect(sum!.field).toBe('pf1');
    expect(valueToJson(sum!.value)).toEqual([2, 24]);
    expect(f!.lhs).toBe('f_{1}');
    expect(f!.symbolic).toBe('\\sigma(W_f x_{1} + U_f h_{0} + b_f)');
    const kept = solution().steps.find((s) => s.lhs === 'f_{1} * C_{0}')!;
    close(valueToJson(kept.value), [σ(2) * 1, σ(24) * 5]);
    const h = solution().steps.find((s) => s.field === 'h1')!;
    expect(h.lhs).toBe('h_{1}');
    expect(h.symbolic).toBe('o_{1} * \\tanh(C_{1})');
  });

  it('agrees with the plain reference implementation', () => {
    const want = reference(practice);
    for (const [name, value] of Object.entries(want)) close(answer(name), value as number[]);
  });
});

describe('lstm: given JSON', () => {
  it('round-trips, and writes an omitted bias as zeros', () => {
    expect(lstm.givenToJson(given())).toEqual(practice);
    const { bf: _bf, ...noBias } = practice;
    expect(lstm.givenToJson(lstm.parseGiven(noBias)).bf).toEqual([0, 0]);
  });

  it.each([
    [
      'Wf',
      {
        Wf: [
          [1, 1, 1],
          [0, 1, 0],
        ],
      },
      '2×2',
    ],
    ['Uc', { Uc: [[1, 1]] }, '2×2'],
    ['bi', { bi: [1, 2, 3] }, 'vector of 2'],
    ['c0', { c0: undefined }, 'vector of 2'],
    ['Wx', { Wx: [[1]] }, 'no such field'],
  ])('names the field %s and the shape it needs', (field, patch, shape) => {
    const raw = { ...practice, ...patch };
    let error: unknown;
    try {
      lstm.parseGiven(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GivenError);
    expect((error as GivenError).field).toBe(field);
    expect((error as GivenError).message).toContain(shape);
  });
});

describe('lstm: options', () => {
  it('defaults to a 2×2 single step with biases', () => {
    expect(lstm.parseOptions({})).toEqual({ hidden: 2, input: 2, steps: 1, bias: true, weights: 'integers', inputs: 'one-hot', notation: 'separate' });
  });

  it.each([
    [{ hidden: 9 }, 'hidden'],
    [{ input: 0 }, 'input'],
    [{ steps: 6 }, 'steps'],
    [{ notation: 'stacked' }, 'notation'],
    [{ colour: 'red' }, 'colour'],
  ])('rejects %j naming the option', (raw, option) => {
    expect(() => lstm.parseOptions(raw)).toThrow(OptionError);
    expect(() => lstm.parseOptions(raw)).toThrow(option);
  });

  it('reads --set strings', () => {
    expect(lstm.parseOptions({ hidden: '3', bias: 'false' })).toMatchObject({ hidden: 3, bias: false });
  });
});

describe('lstm: named mistakes on the practice', () => {
  const wrong = (rule: MistakeId) => lstm.recompute(given(), new Map(), rule)!;

  it('tanh-for-sigmoid puts tanh in the gates', () => {
    close(answer('f1', wrong('tanh-for-sigmoid')), [Math.tanh(2), Math.tanh(24)]);
    expect(answer('pf1', wrong('tanh-for-sigmoid'))).toEqual([2, 24]);
  });

  it('sigmoid-for-tanh puts σ in the candidate and in h', () => {
    const w = wrong('sigmoid-for-tanh');
    close(answer('ctilde1', w), [0.5, 0.9525741268224334]);
    close(answer('h1', w), [0.3559377147609212, 0.87840846169562]);
    close(answer('f1', w), [σ(2), σ(24)]);
  });

  it('missing-bias drops the biases from the pre-activations', () => {
    const w = wrong('missing-bias');
    expect(answer('pi1', w)).toEqual([-4, 5]);
    expect(answer('po1', w)).toEqual([0, 1]);
    expect(answer('pc1', w)).toEqual([1, 3]);
  });

  it('swapped-UW lets W meet h and U meet x, and cannot apply when n ≠ d', () => {
    // Wf h + Uf x = [9, 5] + [0, 5]
    expect(answer('pf1', wrong('swapped-UW'))).toEqual([9, 10]);
    const narrow = lstm.parseGiven({ ...practice, Wf: [[1], [0]], Wi: [[1], [0]], Wo: [[1], [0]], Wc: [[1], [0]], xs: [[1]] });
    expect(lstm.recompute(narrow, new Map(), 'swapped-UW')).toBeNull();
    expect(lstm.mistakeApplies!(narrow, 'swapped-UW')).toBe(false);
  });

  it('missing-activation skips the tanh of the candidate and of the cell', () => {
    const w = wrong('missing-activation');
    expect(answer('ctilde1', w)).toEqual([0, 3]);
    const c = answer('c1', w) as number[];
    close(answer('h1', w), [0.5 * c[0]!, σ(2) * c[1]!]);
  });

  it('carries a student’s own earlier answer forward', () => {
    const again = lstm.recompute(given(), new Map([['f1', { kind: 'vector', v: [0.5, 0.5] }]]));
    close(answer('c1', again!), [0.5 * 1 + σ(-3) * 0, 0.5 * 5 + σ(3) * Math.tanh(3)]);
  });
});

describe('lstm: generation', () => {
  it.each([1, 2, 3])('keeps the rules with steps = 3, hidden = %i (first-step pre-activations in [-4, 4], no zero matrix)', (hidden) => {
    const options = lstm.parseOptions({ steps: 3, hidden });
    for (let seed = 1; seed <= sweepSeeds(150); seed++) {
      const g = lstm.generate(createRng(String(seed)), options);
      const answers = lstm.solve(g, false).answers;
      for (const name of ['pf1', 'pi1', 'po1', 'pc1']) {
        for (const v of answer(name, answers) as number[]) {
          expect(Number.isInteger(v)).toBe(true);
          expect(Math.abs(v)).toBeLessThanOrEqual(4);
        }
      }
      for (const gate of ['f', 'i', 'o', 'c'] as const) {
        expect(g.gates[gate].W.flat().some((w) => Number(w) !== 0)).toBe(true);
        expect(g.gates[gate].U.flat().some((w) => Number(w) !== 0)).toBe(true);
      }
    }
  });

  it('writes zero biases with bias: false and halves with weights: halves', () => {
    const g = lstm.generate(createRng('b'), lstm.parseOptions({ bias: false, weights: 'halves' }));
    const json = lstm.givenToJson(g);
    expect(json.bf).toEqual([0, 0]);
    const all = ['Wf', 'Uf', 'Wi', 'Ui', 'Wo', 'Uo', 'Wc', 'Uc'].flatMap((k) => (json[k] as unknown[][]).flat());
    expect(all.every((w) => (typeof w === 'string' ? /^-?\d+\/2$/.test(w) : Number.isInteger(w)))).toBe(true);
  });
});
