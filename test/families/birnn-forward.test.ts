/**
 * birnn-forward: a hand-computed bidirectional pass (forward from hf0, backward
 * from hb{T+1}, y = Vf hf + Vb hb), answer order, the `hb{T+1}` key, errors
 * naming the option or field, determinism, and each implemented mistake.
 */
import { describe, expect, it } from 'vitest';
import { birnnForward } from '../../src/families/birnn-forward.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { generateProblemSet, problemToJson } from '../../src/problems.js';
import { reference } from './reference/birnn-forward.js';
import { fieldOf } from './errors.js';
import { round12, stepsOf } from '../support/steps.js';
import { createRng } from '../../src/core/rng.js';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';
import { GivenError } from '../../src/core/errors.js';

coverModuleLoad(() => import('../../src/families/birnn-forward.js'));

/** Worked by hand:
 *  hf1 = Uf hf0 + Wf x1 = [0, -1] + [1, 0] = [1, -1];  hf2 = Uf hf1 + Wf x2 = [0, -1] + [0, 2] = [0, 1]
 *  hb2 = Ub hb3 + Wb x2 = [0, 2] + [0, 1] = [0, 3];    hb1 = Ub hb2 + Wb x1 = [3, 0] + [2, 0] = [5, 0]
 *  y1 = Vf hf1 + Vb hb1 = [1, -1, 0] + [5, 0, 0] = [6, -1, 0] → ADJ
 *  y2 = Vf hf2 + Vb hb2 = [0, 1, 1] + [0, -3, 0] = [0, -2, 1] → NOUN */
const handWorked = {
  activation: 'identity',
  Uf: [
    [1, 1],
    [0, 1],
  ],
  Wf: [
    [1, 0],
    [0, 2],
  ],
  Ub: [
    [0, 1],
    [1, 0],
  ],
  Wb: [
    [2, 0],
    [0, 1],
  ],
  Vf: [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  Vb: [
    [1, 0],
    [0, -1],
    [0, 0],
  ],
  hf0: [1, -1],
  hb3: [2, 0],
  xs: [
    [1, 0],
    [0, 1],
  ],
  labels: ['ADJ', 'DET', 'NOUN'],
};

const solveJson = (raw: object) => {
  const sol = birnnForward.solve(birnnForward.parseGiven(raw));
  return { sol, answer: (name: string) => valueToJson(sol.answers.get(name) as Value) };
};

describe('birnn-forward', () => {
  it('computes both directions and their sum exactly (hand-worked)', () => {
    const { answer } = solveJson(handWorked);
    expect(answer('hf1')).toEqual([1, -1]);
    expect(answer('hf2')).toEqual([0, 1]);
    expect(answer('hb2')).toEqual([0, 3]);
    expect(answer('hb1')).toEqual([5, 0]);
    expect(answer('y1')).toEqual([6, -1, 0]);
    expect(answer('y2')).toEqual([0, -2, 1]);
    expect(answer('label1')).toBe('ADJ');
    expect(answer('label2')).toBe('NOUN');
    const z = Math.exp(6) + Math.exp(-1) + 1;
    expect((answer('o1') as number[])[0]).toBeCloseTo(Math.exp(6) / z, 12);
  });

  it('records all hf forward, then hb backward, then y o label per step', () => {
    const { sol } = solveJson(handWorked);
    expect([...sol.answers.keys()]).toEqual(['hf1', 'hf2', 'hb2', 'hb1', 'y1', 'o1', 'label1', 'y2', 'o2', 'label2']);
  });

  it('shows Vf hf and Vb hb and their sum in the worked steps', () => {
    const { sol } = solveJson(handWorked);
    const i = sol.steps.findIndex((s) => s.field === 'y1');
    expect(sol.steps[i - 2]!.lhs).toBe('\\mathbf{V}_f \\, \\mathbf{h}_f^{(1)}');
    expect(valueToJson(sol.steps[i - 2]!.value)).toEqual([1, -1, 0]);
    expect(sol.steps[i - 1]!.lhs).toBe('\\mathbf{V}_b \\, \\mathbf{h}_b^{(1)}');
    expect(valueToJson(sol.steps[i - 1]!.value)).toEqual([5, 0, 0]);
    expect(sol.steps[i]!.args.map(valueToJson)).toEqual([
      [1, -1, 0],
      [5, 0, 0],
    ]);
    // the backward step reads hb_{t+1}, not the lecture slide's h^{(t+1)}
    expect(sol.steps.some((s) => s.lhs === '\\mathbf{U}_b \\, \\mathbf{h}_b^{(3)}')).toBe(true);
  });

  it('applies tanh in both directions and the bias of each', () => {
    const raw = { ...handWorked, activation: 'tanh', bf: [1, 0], bb: [0, -1] };
    const { answer } = solveJson(raw);
    const want = reference(raw);
    expect(answer('hf1')).toEqual([Math.tanh(2), Math.tanh(-1)]);
    for (const name of ['hf2', 'hb2', 'hb1', 'y1', 'o2']) {
      (answer(name) as number[]).forEach((x, i) => expect(x).toBeCloseTo((want[name] as number[])[i]!, 12));
    }
  });

  it('keeps the backward start under hb{T+1} in JSON', () => {
    const g = birnnForward.parseGiven(handWorked);
    expect(birnnForward.givenToJson(g)).toMatchObject({ hb3: [2, 0] });
    const three = {
      ...handWorked,
      xs: [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      hb4: [2, 0],
    };
    delete (three as Record<string, unknown>).hb3;
    expect(Object.keys(birnnForward.givenToJson(birnnForward.parseGiven(three)))).toContain('hb4');
  });

  it('names the field of a bad given', () => {
    const { hb3: _, ...noStart } = handWorked;
    expect(fieldOf(() => birnnForward.parseGiven(noStart))).toBe('hb3');
    expect(fieldOf(() => birnnForward.parseGiven({ ...noStart, hb2: [1, 1] }))).toBe('hb2');
    expect(
      fieldOf(() =>
        birnnForward.parseGiven({
          ...handWorked,
          Ub: [
            [1, 2, 3],
            [4, 5, 6],
          ],
        }),
      ),
    ).toBe('Ub');
    expect(
      fieldOf(() =>
        birnnForward.parseGiven({
          ...handWorked,
          Vb: [
            [1, 0],
            [0, 1],
          ],
        }),
      ),
    ).toBe('Vb');
    expect(fieldOf(() => birnnForward.parseGiven({ ...handWorked, bb: [1] }))).toBe('bb');
    expect(fieldOf(() => birnnForward.parseGiven({ ...handWorked, activation: 'relu' }))).toBe('activation');
  });

  it('names the option of a bad option', () => {
    expect(fieldOf(() => birnnForward.parseOptions({ steps: 9 }))).toBe('steps');
    expect(fieldOf(() => birnnForward.parseOptions({ activation: 'relu' }))).toBe('activation');
    expect(fieldOf(() => birnnForward.parseOptions({ direction: 'both' }))).toBe('direction');
  });

  it('generates byte-identical problems for the same seed, with no zero rows in Vf/Vb', () => {
    const a = generateProblemSet('birnn-forward', '42', 3, { activation: 'tanh', bias: 'true' }).problems.map((p) => problemToJson(p));
    const b = generateProblemSet('birnn-forward', '42', 3, { activation: 'tanh', bias: 'true' }).problems.map((p) => problemToJson(p));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (const p of a) for (const row of [...(p.given.Vf as number[][]), ...(p.given.Vb as number[][])]) expect(row.some((x) => x !== 0)).toBe(true);
  });

  it('changes the target of each implemented mistake', () => {
    const raw = { ...handWorked, activation: 'tanh', bf: [1, 0], bb: [0, -1] };
    const g = birnnForward.parseGiven(raw);
    const right = birnnForward.solve(g).answers;
    const targets: Record<string, string> = { 'swapped-UW': 'hf1', 'missing-bias': 'hf1', 'missing-activation': 'hb2', 'sigmoid-for-tanh': 'hb1', 'softmax-skipped': 'o1' };
    expect(Object.keys(targets).sort()).toEqual([...birnnForward.mistakes].sort());
    for (const [mistake, field] of Object.entries(targets)) {
      const wrong = birnnForward.recompute(g, new Map(), mistake as never)!;
      expect(valueToJson(wrong.get(field)!), mistake).not.toEqual(valueToJson(right.get(field)!));
    }
    // missing-bias: hf1 = tanh(Uf hf0 + Wf x1) without bf
    expect(valueToJson(birnnForward.recompute(g, new Map(), 'missing-bias')!.get('hf1')!)).toEqual([Math.tanh(1), Math.tanh(-1)]);
  });
});

const softmax = (ys: number[]): number[] => {
  const z = ys.reduce((s, y) => s + Math.exp(y), 0);
  return round12(ys.map((y) => Math.exp(y) / z)) as number[];
};

describe('birnn-forward: the worked steps', () => {
  it('shows each direction as U h, W x, their sum and h, then Vf hf, Vb hb, y, softmax and arg max per step (hand-worked above)', () => {
    const { Uf, Wf, Ub, Wb, Vf, Vb } = handWorked;
    const uf = (t: number) => `\\mathbf{U}_f \\, \\mathbf{h}_f^{(${t})}`;
    const wf = (t: number) => `\\mathbf{W}_f \\, \\mathbf{x}^{(${t})}`;
    const ub = (t: number) => `\\mathbf{U}_b \\, \\mathbf{h}_b^{(${t})}`;
    const wb = (t: number) => `\\mathbf{W}_b \\, \\mathbf{x}^{(${t})}`;
    const vf = (t: number) => `\\mathbf{V}_f \\, \\mathbf{h}_f^{(${t})}`;
    const vb = (t: number) => `\\mathbf{V}_b \\, \\mathbf{h}_b^{(${t})}`;
    expect(stepsOf('birnn-forward', handWorked)).toEqual([
      // forward, t = 1 then 2, from hf0 = [1, -1]
      [null, uf(0), null, '{0}{1}', [Uf, [1, -1]], [0, -1]],
      [null, wf(1), null, '{0}{1}', [Wf, [1, 0]], [1, 0]],
      [
        null,
        '\\mathbf{a}_f^{(1)}',
        `${uf(0)} + ${wf(1)}`,
        '{0} + {1}',
        [
          [0, -1],
          [1, 0],
        ],
        [1, -1],
      ],
      ['hf1', '\\mathbf{h}_f^{(1)}', '\\mathbf{a}_f^{(1)}', '{0}', [[1, -1]], [1, -1]],
      [null, uf(1), null, '{0}{1}', [Uf, [1, -1]], [0, -1]],
      [null, wf(2), null, '{0}{1}', [Wf, [0, 1]], [0, 2]],
      [
        null,
        '\\mathbf{a}_f^{(2)}',
        `${uf(1)} + ${wf(2)}`,
        '{0} + {1}',
        [
          [0, -1],
          [0, 2],
        ],
        [0, 1],
      ],
      ['hf2', '\\mathbf{h}_f^{(2)}', '\\mathbf{a}_f^{(2)}', '{0}', [[0, 1]], [0, 1]],
      // backward, t = 2 then 1, from hb3 = [2, 0]
      [null, ub(3), null, '{0}{1}', [Ub, [2, 0]], [0, 2]],
      [null, wb(2), null, '{0}{1}', [Wb, [0, 1]], [0, 1]],
      [
        null,
        '\\mathbf{a}_b^{(2)}',
        `${ub(3)} + ${wb(2)}`,
        '{0} + {1}',
        [
          [0, 2],
          [0, 1],
        ],
        [0, 3],
      ],
      ['hb2', '\\mathbf{h}_b^{(2)}', '\\mathbf{a}_b^{(2)}', '{0}', [[0, 3]], [0, 3]],
      [null, ub(2), null, '{0}{1}', [Ub, [0, 3]], [3, 0]],
      [null, wb(1), null, '{0}{1}', [Wb, [1, 0]], [2, 0]],
      [
        null,
        '\\mathbf{a}_b^{(1)}',
        `${ub(2)} + ${wb(1)}`,
        '{0} + {1}',
        [
          [3, 0],
          [2, 0],
        ],
        [5, 0],
      ],
      ['hb1', '\\mathbf{h}_b^{(1)}', '\\mathbf{a}_b^{(1)}', '{0}', [[5, 0]], [5, 0]],
      // outputs, t = 1: y1 = [1, -1, 0] + [5, 0, 0] = [6, -1, 0] → index 0, ADJ
      [null, vf(1), vf(1), '{0}{1}', [Vf, [1, -1]], [1, -1, 0]],
      [null, vb(1), vb(1), '{0}{1}', [Vb, [5, 0]], [5, 0, 0]],
      [
        'y1',
        '\\mathbf{y}^{(1)}',
        `${vf(1)} + ${vb(1)}`,
        '{0} + {1}',
        [
          [1, -1, 0],
          [5, 0, 0],
        ],
        [6, -1, 0],
      ],
      ['o1', '\\mathbf{o}^{(1)}', '\\operatorname{softmax}(\\mathbf{y}^{(1)})', '\\operatorname{softmax}({0})', [[6, -1, 0]], softmax([6, -1, 0])],
      ['label1', '\\text{label}^{(1)}', '\\arg\\max_i \\mathbf{o}^{(1)}_i', '\\text{index } {0}', [0], 'ADJ'],
      // t = 2: y2 = [0, 1, 1] + [0, -3, 0] = [0, -2, 1] → index 2, NOUN
      [null, vf(2), vf(2), '{0}{1}', [Vf, [0, 1]], [0, 1, 1]],
      [null, vb(2), vb(2), '{0}{1}', [Vb, [0, 3]], [0, -3, 0]],
      [
        'y2',
        '\\mathbf{y}^{(2)}',
        `${vf(2)} + ${vb(2)}`,
        '{0} + {1}',
        [
          [0, 1, 1],
          [0, -3, 0],
        ],
        [0, -2, 1],
      ],
      ['o2', '\\mathbf{o}^{(2)}', '\\operatorname{softmax}(\\mathbf{y}^{(2)})', '\\operatorname{softmax}({0})', [[0, -2, 1]], softmax([0, -2, 1])],
      ['label2', '\\text{label}^{(2)}', '\\arg\\max_i \\mathbf{o}^{(2)}_i', '\\text{index } {0}', [2], 'NOUN'],
    ]);
  });
});

describe('birnn-forward: reading a given', () => {
  it('refuses a given that is not an object, null included', () => {
    for (const raw of [null, 'xs', 3, [handWorked]]) {
      expect(() => birnnForward.parseGiven(raw), JSON.stringify(raw)).toThrow(GivenError);
      expect(fieldOf(() => birnnForward.parseGiven(raw))).toBe('(given)');
    }
  });

  it('refuses a non-square Uf, naming Uf and the n×n shape', () => {
    const raw = {
      ...handWorked,
      Uf: [
        [1, 1, 0],
        [0, 1, 0],
      ],
    };
    expect(fieldOf(() => birnnForward.parseGiven(raw))).toBe('Uf');
    expect(() => birnnForward.parseGiven(raw)).toThrow(/^given\.Uf: expected a 2×2 matrix/);
  });

  it('names the classes 0, 1, 2 … when no labels are given', () => {
    const { labels: _, ...unlabelled } = handWorked;
    const g = birnnForward.parseGiven(unlabelled);
    expect(g.labels).toEqual(['0', '1', '2']);
    // y1 = [6, -1, 0] wins at index 0; y2 = [0, -2, 1] at index 2.
    const answers = birnnForward.solve(g).answers;
    expect([valueToJson(answers.get('label1')!), valueToJson(answers.get('label2')!)]).toEqual(['0', '2']);
  });
});

describe('birnn-forward: rules and mistakes', () => {
  const verify = (raw: object) => birnnForward.verify(birnnForward.parseGiven(raw), birnnForward.parseOptions({}));
  const zero = [
    [0, 0],
    [0, 0],
  ];
  const fullVb = {
    ...handWorked,
    Vb: [
      [1, 0],
      [0, -1],
      [0, 1],
    ],
  };

  it.each([
    ['Uf', { Uf: zero }, 'Uf is all zero'],
    ['Wf', { Wf: zero }, 'Wf is all zero'],
    ['Ub', { Ub: zero }, 'Ub is all zero'],
    ['Wb', { Wb: zero }, 'Wb is all zero'],
    [
      'a zero row in Vf',
      {
        Vf: [
          [1, 0],
          [0, 0],
          [1, 1],
        ],
      },
      'Vf has an all-zero row',
    ],
    // The hand-worked Vb's last row is [0, 0].
    ['a zero row in Vb', { Vb: handWorked.Vb }, 'Vb has an all-zero row'],
    // y2 = [0, 1, 1] + Vb [0, 3] = [0, 1, 1] + [0, -3, 3] = [0, -2, 4]: a clear winner.
    ['the hand-worked pass with Vb = [1 0; 0 -1; 0 1]', {}, null],
  ])('%s → %s', (_, change, why) => {
    expect(verify({ ...fullVb, ...change })).toBe(why);
  });

  it('lets missing-bias apply when either direction has a non-zero bias', () => {
    const applies = (change: object) => birnnForward.mistakeApplies!(birnnForward.parseGiven({ ...handWorked, activation: 'tanh', ...change }), 'missing-bias');
    expect(applies({})).toBe(false);
    expect(applies({ bf: [1, 0] })).toBe(true);
    expect(applies({ bb: [0, -1] })).toBe(true);
    expect(applies({ bf: [0, 0], bb: [0, 0] })).toBe(false);
  });

  it('draws both biases when asked for them and neither otherwise', () => {
    for (let i = 0; i < sweepSeeds(100); i++) {
      const withBias = birnnForward.generate(createRng(`bb${i}`), birnnForward.parseOptions({ bias: true }));
      expect(withBias.bf, `seed bb${i}`).toHaveLength(withBias.hf0.length);
      expect(withBias.bb, `seed bb${i}`).toHaveLength(withBias.hf0.length);
      const without = birnnForward.generate(createRng(`bb${i}`), birnnForward.parseOptions({ bias: false }));
      expect(Object.keys(without)).not.toContain('bf');
      expect(Object.keys(without)).not.toContain('bb');
    }
  });
});
