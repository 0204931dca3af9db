/**
 * param-count: known layer sizes checked by hand, the missing-bias mistake,
 * errors naming fields and options, determinism and realistic draws.
 */
import { describe, expect, it } from 'vitest';
import { paramCount } from '../../src/families/param-count.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { createRng } from '../../src/core/rng.js';
import { generateProblemSet, problemToJson } from '../../src/problems.js';
import { fieldOf } from './errors.js';
import { stepsOf } from '../support/steps.js';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/param-count.js'));

const json = (answers: ReadonlyMap<string, Value>) => Object.fromEntries([...answers].map(([k, v]) => [k, valueToJson(v)]));
const count = (given: object) => json(paramCount.solve(paramCount.parseGiven(given)).answers);

const lstm = { cell: 'lstm', d: 100, n: 128, k: 5, bias: true, bidirectional: false };

describe('param-count', () => {
  it('counts a unidirectional LSTM with biases: 4·(128·128 + 128·100 + 128) = 117248', () => {
    expect(count(lstm)).toEqual({ recurrent: 117248, output: 645, total: 117893 });
    // PyTorch's nn.LSTM(100, 128) has 117760 = 117248 + 4·128 (a second bias per gate), as the family's comment says.
  });

  it('counts other known configurations', () => {
    // GRU, bidirectional, no bias: 2·3·(2·2 + 2·3) = 60; output 4·2·2 = 16
    expect(count({ cell: 'gru', d: 3, n: 2, k: 4, bias: false, bidirectional: true })).toEqual({ recurrent: 60, output: 16, total: 76 });
    // simple RNN: 20·20 + 20·10 + 20 = 620; output 3·20 + 3 = 63
    expect(count({ cell: 'rnn', d: 10, n: 20, k: 3, bias: true, bidirectional: false })).toEqual({ recurrent: 620, output: 63, total: 683 });
    // bidirectional LSTM over GloVe-300 with bias: 2·4·(256² + 256·300 + 256) = 1140736; output 10·256·2 + 10 = 5130
    expect(count({ cell: 'lstm', d: 300, n: 256, k: 10, bias: true, bidirectional: true })).toEqual({ recurrent: 1140736, output: 5130, total: 1145866 });
  });

  it('shows the formula with the numbers substituted', () => {
    const steps = paramCount.solve(paramCount.parseGiven(lstm)).steps;
    expect(steps.map((s) => s.field)).toEqual(['recurrent', 'output', 'total']);
    expect(steps[0]!.args.map(valueToJson)).toEqual([1, 4, 128, 100]);
    expect(steps[0]!.template).toBe('{0} \\cdot {1} \\cdot ({2} \\cdot {2} + {2} \\cdot {3} + {2})');
  });

  it('recognises the missing-bias mistake on every count', () => {
    const g = paramCount.parseGiven(lstm);
    expect(json(paramCount.recompute(g, new Map(), 'missing-bias')!)).toEqual({ recurrent: 116736, output: 640, total: 117376 });
    expect(paramCount.mistakeApplies!(paramCount.parseGiven({ ...lstm, bias: false }), 'missing-bias')).toBe(false);
  });

  it('carries a wrong recurrent count forward into the total', () => {
    const g = paramCount.parseGiven(lstm);
    const output = paramCount.solve(g).answers.get('output')!;
    const wrong = paramCount.recompute(g, new Map([['recurrent', output]]));
    expect(valueToJson(wrong!.get('total')!)).toBe(645 + 645);
  });

  it('names the field of a bad given and the option of a bad option', () => {
    expect(fieldOf(() => paramCount.parseGiven({ ...lstm, cell: 'transformer' }))).toBe('cell');
    expect(fieldOf(() => paramCount.parseGiven({ ...lstm, n: 0 }))).toBe('n');
    expect(fieldOf(() => paramCount.parseGiven({ ...lstm, d: 2.5 }))).toBe('d');
    expect(fieldOf(() => paramCount.parseGiven({ ...lstm, bias: 'yes' }))).toBe('bias');
    expect(fieldOf(() => paramCount.parseGiven({ ...lstm, bidirectional: undefined }))).toBe('bidirectional');
    expect(fieldOf(() => paramCount.parseOptions({ cell: 'cnn' }))).toBe('cell');
    expect(fieldOf(() => paramCount.parseOptions({ sizes: 'huge' }))).toBe('sizes');
  });

  it('draws realistic sizes, all three cells, and honours fixed options', () => {
    const cells = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const g = paramCount.generate(createRng(`pc${i}`), paramCount.parseOptions({}));
      cells.add(g.cell);
      expect(g.d).toBeGreaterThanOrEqual(2);
      expect(g.d).toBeLessThanOrEqual(300);
      expect(g.n).toBeLessThanOrEqual(256);
      expect(g.k).toBeLessThanOrEqual(20);
      const fixed = paramCount.generate(createRng(`pc${i}`), paramCount.parseOptions({ cell: 'gru', bias: 'false', bidirectional: 'true', sizes: 'small' }));
      expect(fixed).toMatchObject({ cell: 'gru', bias: false, bidirectional: true });
      expect(fixed.n).toBeLessThanOrEqual(5);
    }
    expect([...cells].sort()).toEqual(['gru', 'lstm', 'rnn']);
  });

  it('generates byte-identical problems for the same seed', () => {
    const a = JSON.stringify(generateProblemSet('param-count', 'x', 5).problems.map((p) => problemToJson(p)));
    expect(JSON.stringify(generateProblemSet('param-count', 'x', 5).problems.map((p) => problemToJson(p)))).toBe(a);
  });
});

describe('param-count: the worked steps', () => {
  it('a bidirectional GRU with biases: directions · blocks · (n·n + n·d + n), k·n·directions + k, their sum', () => {
    // d = 3, n = 2, k = 4: per block 2·2 + 2·3 + 2 = 12, recurrent 2·3·12 = 72; output 4·2·2 + 4 = 20; total 92.
    expect(stepsOf('param-count', { cell: 'gru', d: 3, n: 2, k: 4, bias: true, bidirectional: true })).toEqual([
      [
        'recurrent',
        '\\text{recurrent}',
        '\\text{directions} \\cdot \\text{blocks} \\cdot (n \\cdot n + n \\cdot d + n)',
        '{0} \\cdot {1} \\cdot ({2} \\cdot {2} + {2} \\cdot {3} + {2})',
        [2, 3, 2, 3],
        72,
      ],
      ['output', '\\text{output}', 'k \\cdot n \\cdot \\text{directions} + k', '{0} \\cdot {1} \\cdot {2} + {0}', [4, 2, 2], 20],
      ['total', '\\text{total}', '\\text{recurrent} + \\text{output}', '{0} + {1}', [72, 20], 92],
    ]);
  });

  it('a unidirectional RNN without biases leaves the + n and + k out', () => {
    // d = 3, n = 2, k = 4: recurrent 1·1·(2·2 + 2·3) = 10; output 4·2·1 = 8; total 18.
    expect(stepsOf('param-count', { cell: 'rnn', d: 3, n: 2, k: 4, bias: false, bidirectional: false })).toEqual([
      ['recurrent', '\\text{recurrent}', '\\text{directions} \\cdot \\text{blocks} \\cdot (n \\cdot n + n \\cdot d)', '{0} \\cdot {1} \\cdot ({2} \\cdot {2} + {2} \\cdot {3})', [1, 1, 2, 3], 10],
      ['output', '\\text{output}', 'k \\cdot n \\cdot \\text{directions}', '{0} \\cdot {1} \\cdot {2}', [4, 2, 1], 8],
      ['total', '\\text{total}', '\\text{recurrent} + \\text{output}', '{0} + {1}', [10, 8], 18],
    ]);
  });
});

describe('param-count: draws over seeds', () => {
  it('draws realistic sizes by default and small ones on request, with bias and direction each drawn both ways when unset', () => {
    const drawn = Array.from({ length: sweepSeeds(300) }, (_, i) => ({
      realistic: paramCount.generate(createRng(`pcd${i}`), paramCount.parseOptions({})),
      small: paramCount.generate(createRng(`pcd${i}`), paramCount.parseOptions({ sizes: 'small' })),
    }));
    for (const { small } of drawn) {
      expect(small.d).toBeGreaterThanOrEqual(2);
      expect(small.d).toBeLessThanOrEqual(6);
      expect(small.n).toBeGreaterThanOrEqual(2);
      expect(small.n).toBeLessThanOrEqual(5);
      expect(small.k).toBeGreaterThanOrEqual(2);
      expect(small.k).toBeLessThanOrEqual(5);
    }
    // Realistic: sizes beyond mental arithmetic appear (an input or hidden size above the small ranges).
    expect(drawn.some(({ realistic: g }) => g.d > 6 || g.n > 5)).toBe(true);
    const seen = (key: 'bias' | 'bidirectional') => [...new Set(drawn.map(({ realistic }) => realistic[key]))].sort();
    expect(seen('bias')).toEqual([false, true]);
    expect(seen('bidirectional')).toEqual([false, true]);
  });
});
