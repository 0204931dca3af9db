/**
 * bptt: the vanishing gradient in a scalar RNN. With the identity every local
 * derivative is u and ∂h_5/∂h_1 = (1/2)^4 = 1/16 exactly; with tanh each is
 * shrunk by 1 − tanh²(a_t). Errors, determinism and mistakes.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';
import { bptt } from '../../src/families/bptt.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { createRng } from '../../src/core/rng.js';
import { generateProblemSet, problemToJson } from '../../src/problems.js';
import { fieldOf } from './errors.js';

coverModuleLoad(() => import('../../src/families/bptt.js'));

/** a1 = ½·2 + 1·1 = 2, then a_t = a_{t-1}/2 (x = 0): 1, 1/2, 1/4, 1/8; d_t = ½; grad = (½)^4. */
const halving = { activation: 'identity', u: '1/2', w: 1, h0: 2, xs: [1, 0, 0, 0, 0] };

const json = (answers: ReadonlyMap<string, Value>) => Object.fromEntries([...answers].map(([k, v]) => [k, valueToJson(v)]));

describe('bptt', () => {
  it('gives exact powers with the identity: grad = (1/2)^4 = "1/16"', () => {
    const answers = json(bptt.solve(bptt.parseGiven(halving)).answers);
    expect(answers).toEqual({
      a1: 2,
      h1: 2,
      a2: 1,
      h2: 1,
      d2: '1/2',
      a3: '1/2',
      h3: '1/2',
      d3: '1/2',
      a4: '1/4',
      h4: '1/4',
      d4: '1/2',
      a5: '1/8',
      h5: '1/8',
      d5: '1/2',
      grad: '1/16',
    });
  });

  it('multiplies u·(1 − tanh²(a_t)) with tanh', () => {
    const g = bptt.parseGiven({ activation: 'tanh', u: '1/2', w: 1, h0: 0, xs: [1, 1, -1] });
    const a = json(bptt.solve(g).answers);
    expect(a.a1).toBe(1); // exact: ½·0 + 1·1
    const a2 = 0.5 * Math.tanh(1) + 1;
    const a3 = 0.5 * Math.tanh(a2) - 1;
    const d2 = 0.5 * (1 - Math.tanh(a2) ** 2);
    const d3 = 0.5 * (1 - Math.tanh(a3) ** 2);
    expect(a.h1).toBeCloseTo(Math.tanh(1), 14);
    expect(a.d2).toBeCloseTo(d2, 14);
    expect(a.d3).toBeCloseTo(d3, 14);
    expect(a.grad).toBeCloseTo(d2 * d3, 14);
    expect(Math.abs(a.grad as number)).toBeLessThan(0.5 ** 2); // tanh' ≤ 1 shrinks it below u^{T-1}
  });

  it('shows each local derivative and their product in the worked steps', () => {
    const steps = bptt.solve(bptt.parseGiven(halving)).steps;
    const d3 = steps.find((s) => s.field === 'd3')!;
    expect(d3.lhs).toBe('d_{3}');
    expect(steps.find((s) => s.field === 'grad')!.lhs).toBe('\\partial h_{5} / \\partial h_{1}');
    expect(valueToJson(d3.value)).toBe('1/2');
    const grad = steps.find((s) => s.field === 'grad')!;
    expect(grad.args.map(valueToJson)).toEqual(['1/2', '1/2', '1/2', '1/2']);
    expect(grad.template).toBe('{0} \\cdot {1} \\cdot {2} \\cdot {3}');
  });

  it('generates identity problems whose d_t all equal u and grad = u^(T-1), within 64ths', () => {
    const options = bptt.parseOptions({});
    expect(options).toEqual({ steps: 4, activation: 'identity', regime: 'mixed', identity_once: true });
    for (let i = 0; i < 40; i++) {
      const { given, solution } = bptt.generateSolved(createRng(`bptt-${i}`), options);
      const u = given.u.valueOf();
      // With the identity a_t = h_t: asked once (identity_once), still in the answers.
      expect(solution.fields.map((f) => f.name)).toEqual(['h1', 'h2', 'd2', 'h3', 'd3', 'h4', 'd4', 'grad']);
      expect(solution.answers.get('a3')).toEqual(solution.answers.get('h3'));
      for (const t of [2, 3, 4]) expect(valueToJson(solution.answers.get(`d${t}`)!)).toBe(valueToJson({ kind: 'scalar', v: given.u }));
      expect(solution.answers.get('grad')!.v.valueOf()).toBeCloseTo(u ** 3, 15);
      expect(Number((solution.answers.get('grad')!.v as { d: bigint }).d)).toBeLessThanOrEqual(64);
    }
  });

  it('asks a_t and h_t apart when identity_once is off', () => {
    const { solution } = bptt.generateSolved(createRng('bptt-0'), bptt.parseOptions({ identity_once: false }));
    expect(solution.fields.map((f) => f.name)).toEqual(['a1', 'h1', 'a2', 'h2', 'd2', 'a3', 'h3', 'd3', 'a4', 'h4', 'd4', 'grad']);
  });

  it('titles each problem by the regime drawn: u = 3/2 over 4 steps explodes, u = 1/2 vanishes', () => {
    const title = (u: string) => {
      const given = bptt.parseGiven({ ...halving, u, xs: [1, 0, 0, 0] });
      return bptt.presentation?.topicOf?.(given, bptt.solve(given, false).answers);
    };
    expect(title('3/2')).toBe('Backpropagation through time: the exploding gradient');
    expect(title('1/2')).toBe('Backpropagation through time: the vanishing gradient');
    expect(title('-2')).toBe('Backpropagation through time: the exploding gradient');
  });

  it('keeps every term u·h_{t-1} and w·x_t of a 5-step problem within |50| (SPEC §4)', () => {
    // u = 2, w = 3, h0 = 2, x = 1 then 0: h1 = 2·2 + 3·1 = 7, h2 = 14, h3 = 28, so u·h3 = 56 > 50 (h4 = 56 itself too).
    const given = bptt.parseGiven({ activation: 'identity', u: 2, w: 3, h0: 2, xs: [1, 0, 0, 0, 0] });
    expect(bptt.reject?.(given, bptt.solve(given, false).answers, bptt.parseOptions({ steps: 5 }))).toBe('u·h3 has |56| > 50');
    for (let i = 0; i < sweepSeeds(200); i++) {
      const g = bptt.generate(createRng(`bound${i}`), bptt.parseOptions({ steps: 5, regime: 'exploding' }));
      let h = g.h0.valueOf();
      g.xs.forEach((x) => {
        expect(Math.abs(g.u.valueOf() * h)).toBeLessThanOrEqual(50);
        expect(Math.abs(g.w.valueOf() * x.valueOf())).toBeLessThanOrEqual(50);
        h = g.u.valueOf() * h + g.w.valueOf() * x.valueOf();
      });
    }
  });

  it('draws |u| < 1 in the vanishing regime and |u| > 1 in the exploding one', () => {
    for (const [regime, small] of [
      ['vanishing', true],
      ['exploding', false],
    ] as const) {
      for (let i = 0; i < 20; i++) {
        const g = bptt.generate(createRng(`r${i}`), bptt.parseOptions({ regime, steps: 5 }));
        expect(Math.abs(g.u.valueOf()) < 1, `${regime} u = ${g.u.toFraction()}`).toBe(small);
      }
    }
  });

  it('keeps tanh out of saturation (|a_t| ≤ 3) in generated problems', () => {
    for (let i = 0; i < 30; i++) {
      const { solution } = bptt.generateSolved(createRng(`t${i}`), bptt.parseOptions({ activation: 'tanh', steps: 5 }));
      for (let t = 1; t <= 5; t++) expect(Math.abs(Number(solution.answers.get(`a${t}`)!.v.valueOf()))).toBeLessThanOrEqual(3);
    }
  });

  it('puts negative factors in parentheses in the worked steps', () => {
    const steps = bptt.solve(bptt.parseGiven({ activation: 'identity', u: '-1/2', w: -2, h0: 1, xs: [-1, 1] })).steps;
    expect(steps.find((s) => s.field === 'a1')!.template).toBe('({0}) \\cdot {1} + ({2}) \\cdot ({3})');
  });

  it('generates byte-identical problems for the same seed', () => {
    const a = JSON.stringify(generateProblemSet('bptt', '2026', 4, { activation: 'tanh' }).problems.map((p) => problemToJson(p, true)));
    expect(JSON.stringify(generateProblemSet('bptt', '2026', 4, { activation: 'tanh' }).problems.map((p) => problemToJson(p, true)))).toBe(a);
  });

  it('names the field of a bad given and the option of a bad option', () => {
    expect(fieldOf(() => bptt.parseGiven({ ...halving, xs: [1] }))).toBe('xs');
    expect(fieldOf(() => bptt.parseGiven({ ...halving, xs: [[1], [0]] }))).toBe('xs[0]');
    expect(fieldOf(() => bptt.parseGiven({ ...halving, u: [1, 2] }))).toBe('u');
    expect(fieldOf(() => bptt.parseGiven({ ...halving, w: undefined }))).toBe('w');
    expect(fieldOf(() => bptt.parseGiven({ ...halving, U: 1 }))).toBe('U');
    expect(fieldOf(() => bptt.parseOptions({ steps: 1 }))).toBe('steps');
    expect(fieldOf(() => bptt.parseOptions({ regime: 'wild' }))).toBe('regime');
  });

  it('changes the target of each implemented mistake', () => {
    const g = bptt.parseGiven({ activation: 'tanh', u: '1/2', w: 2, h0: 1, xs: [1, -1, 1] });
    const right = json(bptt.solve(g).answers);
    // missing-activation: g' forgotten, so d_t = u and grad = (1/2)^2 exactly; h = a
    const noAct = json(bptt.recompute(g, new Map(), 'missing-activation')!);
    expect(noAct.d2).toBe('1/2');
    expect(noAct.grad).toBe('1/4');
    expect(noAct.h1).toBe('5/2');
    expect(right.grad).not.toBe('1/4');
    // swapped-UW: w multiplies the state, so a1 = 2·1 + ½·1 and d_t = w g'(a_t)
    const swapped = json(bptt.recompute(g, new Map(), 'swapped-UW')!);
    expect(swapped.a1).toBe('5/2');
    expect(right.a1).toBe('5/2'); // ½·1 + 2·1: the same here by symmetry (h0 = x1) …
    expect(swapped.grad).not.toBeCloseTo(right.grad as number, 2); // … but the gradient tells them apart
    expect([...bptt.mistakes].sort()).toEqual(['missing-activation', 'swapped-UW']);
  });
});
