/**
 * lstm: the worked steps of the key in both print notations, the symbols the
 * question prints, the concatenated `[U | W]` matrices, which named mistakes
 * apply, and the family's own generation rules (its draw and its reject).
 *
 * The lecture's practice (LSTM_PRACTICE_GIVEN), worked by hand with h0 = [4, 5],
 * x1 = [1, 1], c0 = [1, 5]:
 *   Wf x = [1+1, 0+1] = [2, 1],  Uf h = [0, 2·4+3·5] = [0, 23],  + bf [0, 0]  → pf = [2, 24]
 *   Wi x = [1, 1],               Ui h = [−5, 4],                 + bi [1, −2] → pi = [−3, 3]
 *   Wo x = [1, 1],               Uo h = [4−5, 0] = [−1, 0],      + bo [0, 1]  → po = [0, 2]
 *   Wc x = [2−1, 1+1] = [1, 2],  Uc h = [0, −4+5] = [0, 1],      + bc [−1, 0] → pc = [0, 3]
 *   f*C0 = [σ(2)·1, σ(24)·5],  i*C̃ = [σ(−3)·0, σ(3)·tanh 3],  C1 = their sum,  h1 = o * tanh(C1).
 * Concatenated, each block's matrix is [U | W] against [h0, x1] = [4, 5, 1, 1]:
 *   [Uf | Wf] = [[0, 0, 1, 1], [2, 3, 0, 1]] → [0+0+1+1, 8+15+0+1] = [2, 24] (the same pf).
 *
 * The symbols and step names are cached per notation and step in src/families/lstm.ts,
 * so each test that checks them imports the family anew (test/support/fresh.ts).
 */
import { describe, expect, it } from 'vitest';
import { valueToJson, vector, type Value } from '../../src/core/value.js';
import { q } from '../../src/core/num.js';
import { createRng } from '../../src/core/rng.js';
import type { MistakeId } from '../../src/families/contract.js';
import { LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';
import { fresh } from '../support/fresh.js';
import { sweepSeeds } from '../support/fixture.js';
import { round12, stepRows, stepWords } from '../support/steps.js';

const loadLstm = async () => (await fresh(() => import('../../src/families/lstm.js'))).lstm;
const σ = (a: number) => 1 / (1 + Math.exp(-a));
const r = (xs: number[]) => round12(xs) as number[];
const practice = LSTM_PRACTICE_GIVEN;

/** A 1×1 LSTM without biases over two steps, h0 = [1], c0 = [2], x = [1], [0]. */
const TINY = {
  Wf: [[1]],
  Uf: [[1]],
  Wi: [[1]],
  Ui: [[-1]],
  Wo: [[2]],
  Uo: [[-1]],
  Wc: [[-1]],
  Uc: [[2]],
  h0: [1],
  c0: [2],
  xs: [[1], [0]],
};

/** The cell and state rows of the practice's step 1, the same in either notation. */
function practiceCellRows(): unknown[][] {
  const f = [σ(2), σ(24)];
  const i = [σ(-3), σ(3)];
  const o = [0.5, σ(2)];
  const ctilde = [0, Math.tanh(3)];
  const kept = [f[0]! * 1, f[1]! * 5];
  const added = [i[0]! * 0, i[1]! * ctilde[1]!];
  const c = [kept[0]! + added[0]!, kept[1]! + added[1]!];
  const tanhC = c.map(Math.tanh);
  return [
    [null, 'f_{1} * C_{0}', null, '{0} * {1}', [r(f), [1, 5]], r(kept)],
    [null, 'i_{1} * \\tilde{C}_{1}', null, '{0} * {1}', [r(i), r(ctilde)], r(added)],
    ['c1', 'C_{1}', 'f_{1} * C_{0} + i_{1} * \\tilde{C}_{1}', '{0} + {1}', [r(kept), r(added)], r(c)],
    [null, '\\tanh(C_{1})', '\\tanh(C_{1})', '\\tanh({0})', [r(c)], r(tanhC)],
    ['h1', 'h_{1}', 'o_{1} * \\tanh(C_{1})', '{0} * {1}', [r(o), r(tanhC)], r([o[0]! * tanhC[0]!, o[1]! * tanhC[1]!])],
  ];
}

describe('lstm: the worked steps of the practice', () => {
  it('separate notation: W x, U h, their sum with the bias, the gate; then the cell and the state', async () => {
    const lstm = await loadLstm();
    const steps = lstm.solve(lstm.parseGiven(practice), true, { notation: 'separate' }).steps;
    expect(stepRows(steps)).toEqual([
      [null, 'W_f x_{1}', null, '{0}{1}', [practice.Wf, [1, 1]], [2, 1]],
      [null, 'U_f h_{0}', null, '{0}{1}', [practice.Uf, [4, 5]], [0, 23]],
      [
        'pf1',
        'W_f x_{1} + U_f h_{0} + b_f',
        'W_f x_{1} + U_f h_{0} + b_f',
        '{0} + {1} + {2}',
        [
          [2, 1],
          [0, 23],
          [0, 0],
        ],
        [2, 24],
      ],
      ['f1', 'f_{1}', '\\sigma(W_f x_{1} + U_f h_{0} + b_f)', '\\sigma({0})', [[2, 24]], r([σ(2), σ(24)])],
      [null, 'W_i x_{1}', null, '{0}{1}', [practice.Wi, [1, 1]], [1, 1]],
      [null, 'U_i h_{0}', null, '{0}{1}', [practice.Ui, [4, 5]], [-5, 4]],
      [
        'pi1',
        'W_i x_{1} + U_i h_{0} + b_i',
        'W_i x_{1} + U_i h_{0} + b_i',
        '{0} + {1} + {2}',
        [
          [1, 1],
          [-5, 4],
          [1, -2],
        ],
        [-3, 3],
      ],
      ['i1', 'i_{1}', '\\sigma(W_i x_{1} + U_i h_{0} + b_i)', '\\sigma({0})', [[-3, 3]], r([σ(-3), σ(3)])],
      [null, 'W_o x_{1}', null, '{0}{1}', [practice.Wo, [1, 1]], [1, 1]],
      [null, 'U_o h_{0}', null, '{0}{1}', [practice.Uo, [4, 5]], [-1, 0]],
      [
        'po1',
        'W_o x_{1} + U_o h_{0} + b_o',
        'W_o x_{1} + U_o h_{0} + b_o',
        '{0} + {1} + {2}',
        [
          [1, 1],
          [-1, 0],
          [0, 1],
        ],
        [0, 2],
      ],
      ['o1', 'o_{1}', '\\sigma(W_o x_{1} + U_o h_{0} + b_o)', '\\sigma({0})', [[0, 2]], r([0.5, σ(2)])],
      [null, 'W_c x_{1}', null, '{0}{1}', [practice.Wc, [1, 1]], [1, 2]],
      [null, 'U_c h_{0}', null, '{0}{1}', [practice.Uc, [4, 5]], [0, 1]],
      [
        'pc1',
        'W_c x_{1} + U_c h_{0} + b_c',
        'W_c x_{1} + U_c h_{0} + b_c',
        '{0} + {1} + {2}',
        [
          [1, 2],
          [0, 1],
          [-1, 0],
        ],
        [0, 3],
      ],
      ['ctilde1', '\\tilde{C}_{1}', '\\tanh(W_c x_{1} + U_c h_{0} + b_c)', '\\tanh({0})', [[0, 3]], r([0, Math.tanh(3)])],
      ...practiceCellRows(),
    ]);
  });

  it('concatenated notation: [h, x] once, then W [h, x] and + b per block, with the slide’s W_C, b_C for the candidate', async () => {
    const lstm = await loadLstm();
    const steps = lstm.solve(lstm.parseGiven(practice), true, { notation: 'concatenated' }).steps;
    const hx = [4, 5, 1, 1];
    expect(stepRows(steps)).toEqual([
      [
        null,
        '[h_{0}, x_{1}]',
        null,
        '[{0}, {1}]',
        [
          [4, 5],
          [1, 1],
        ],
        hx,
      ],
      [
        null,
        'W_f [h_{0}, x_{1}]',
        null,
        '{0}{1}',
        [
          [
            [0, 0, 1, 1],
            [2, 3, 0, 1],
          ],
          hx,
        ],
        [2, 24],
      ],
      [
        'pf1',
        'W_f [h_{0}, x_{1}] + b_f',
        'W_f [h_{0}, x_{1}] + b_f',
        '{0} + {1}',
        [
          [2, 24],
          [0, 0],
        ],
        [2, 24],
      ],
      ['f1', 'f_{1}', '\\sigma(W_f [h_{0}, x_{1}] + b_f)', '\\sigma({0})', [[2, 24]], r([σ(2), σ(24)])],
      // [Ui | Wi] [4, 5, 1, 1] = [−5 + 1, 4 + 1] = [−4, 5]
      [
        null,
        'W_i [h_{0}, x_{1}]',
        null,
        '{0}{1}',
        [
          [
            [0, -1, 1, 0],
            [1, 0, 0, 1],
          ],
          hx,
        ],
        [-4, 5],
      ],
      [
        'pi1',
        'W_i [h_{0}, x_{1}] + b_i',
        'W_i [h_{0}, x_{1}] + b_i',
        '{0} + {1}',
        [
          [-4, 5],
          [1, -2],
        ],
        [-3, 3],
      ],
      ['i1', 'i_{1}', '\\sigma(W_i [h_{0}, x_{1}] + b_i)', '\\sigma({0})', [[-3, 3]], r([σ(-3), σ(3)])],
      // [Uo | Wo] [4, 5, 1, 1] = [4 − 5 + 1, 1] = [0, 1]
      [
        null,
        'W_o [h_{0}, x_{1}]',
        null,
        '{0}{1}',
        [
          [
            [1, -1, 0, 1],
            [0, 0, 1, 0],
          ],
          hx,
        ],
        [0, 1],
      ],
      [
        'po1',
        'W_o [h_{0}, x_{1}] + b_o',
        'W_o [h_{0}, x_{1}] + b_o',
        '{0} + {1}',
        [
          [0, 1],
          [0, 1],
        ],
        [0, 2],
      ],
      ['o1', 'o_{1}', '\\sigma(W_o [h_{0}, x_{1}] + b_o)', '\\sigma({0})', [[0, 2]], r([0.5, σ(2)])],
      // [Uc | Wc] [4, 5, 1, 1] = [2 − 1, −4 + 5 + 1 + 1] = [1, 3]
      [
        null,
        'W_C [h_{0}, x_{1}]',
        null,
        '{0}{1}',
        [
          [
            [0, 0, 2, -1],
            [-1, 1, 1, 1],
          ],
          hx,
        ],
        [1, 3],
      ],
      [
        'pc1',
        'W_C [h_{0}, x_{1}] + b_C',
        'W_C [h_{0}, x_{1}] + b_C',
        '{0} + {1}',
        [
          [1, 3],
          [-1, 0],
        ],
        [0, 3],
      ],
      ['ctilde1', '\\tilde{C}_{1}', '\\tanh(W_C [h_{0}, x_{1}] + b_C)', '\\tanh({0})', [[0, 3]], r([0, Math.tanh(3)])],
      ...practiceCellRows(),
    ]);
  });
});

describe('lstm: the worked steps without biases, over two steps', () => {
  // TINY by hand: pf1 = 1·1 + 1·1 = 2, pi1 = 1 − 1 = 0, po1 = 2 − 1 = 1, pc1 = −1 + 2 = 1;
  // C1 = σ(2)·2 + σ(0)·tanh 1, h1 = σ(1)·tanh(C1). At t = 2, x2 = 0: pf2 = h1, pi2 = −h1, po2 = −h1, pc2 = 2 h1.
  const c1 = 2 * σ(2) + 0.5 * Math.tanh(1);
  const h1 = σ(1) * Math.tanh(c1);

  it('separate: the sums leave the (zero) bias out, and step 2 reads h_{1}, x_{2} and C_{1}', async () => {
    const lstm = await loadLstm();
    const steps = lstm.solve(lstm.parseGiven(TINY), true, {}).steps;
    expect(stepRows(steps.slice(0, 4))).toEqual([
      [null, 'W_f x_{1}', null, '{0}{1}', [[[1]], [1]], [1]],
      [null, 'U_f h_{0}', null, '{0}{1}', [[[1]], [1]], [1]],
      ['pf1', 'W_f x_{1} + U_f h_{0}', 'W_f x_{1} + U_f h_{0}', '{0} + {1}', [[1], [1]], [2]],
      ['f1', 'f_{1}', '\\sigma(W_f x_{1} + U_f h_{0})', '\\sigma({0})', [[2]], r([σ(2)])],
    ]);
    expect(stepWords(steps.slice(21))).toEqual([
      [null, 'W_f x_{2}', null, '{0}{1}'],
      [null, 'U_f h_{1}', null, '{0}{1}'],
      ['pf2', 'W_f x_{2} + U_f h_{1}', 'W_f x_{2} + U_f h_{1}', '{0} + {1}'],
      ['f2', 'f_{2}', '\\sigma(W_f x_{2} + U_f h_{1})', '\\sigma({0})'],
      [null, 'W_i x_{2}', null, '{0}{1}'],
      [null, 'U_i h_{1}', null, '{0}{1}'],
      ['pi2', 'W_i x_{2} + U_i h_{1}', 'W_i x_{2} + U_i h_{1}', '{0} + {1}'],
      ['i2', 'i_{2}', '\\sigma(W_i x_{2} + U_i h_{1})', '\\sigma({0})'],
      [null, 'W_o x_{2}', null, '{0}{1}'],
      [null, 'U_o h_{1}', null, '{0}{1}'],
      ['po2', 'W_o x_{2} + U_o h_{1}', 'W_o x_{2} + U_o h_{1}', '{0} + {1}'],
      ['o2', 'o_{2}', '\\sigma(W_o x_{2} + U_o h_{1})', '\\sigma({0})'],
      [null, 'W_c x_{2}', null, '{0}{1}'],
      [null, 'U_c h_{1}', null, '{0}{1}'],
      ['pc2', 'W_c x_{2} + U_c h_{1}', 'W_c x_{2} + U_c h_{1}', '{0} + {1}'],
      ['ctilde2', '\\tilde{C}_{2}', '\\tanh(W_c x_{2} + U_c h_{1})', '\\tanh({0})'],
      [null, 'f_{2} * C_{1}', null, '{0} * {1}'],
      [null, 'i_{2} * \\tilde{C}_{2}', null, '{0} * {1}'],
      ['c2', 'C_{2}', 'f_{2} * C_{1} + i_{2} * \\tilde{C}_{2}', '{0} + {1}'],
      [null, '\\tanh(C_{2})', '\\tanh(C_{2})', '\\tanh({0})'],
      ['h2', 'h_{2}', 'o_{2} * \\tanh(C_{2})', '{0} * {1}'],
    ]);
    // The sum of step 2's candidate block: W_c x2 + U_c h1 = [0] + [2 h1].
    expect(stepRows([steps[35]!])).toEqual([['pc2', 'W_c x_{2} + U_c h_{1}', 'W_c x_{2} + U_c h_{1}', '{0} + {1}', [[0], r([2 * h1])], r([2 * h1])]]);
  });

  it('concatenated: the product itself is the pre-activation, [h_{1}, x_{2}] at step 2', async () => {
    const lstm = await loadLstm();
    const steps = lstm.solve(lstm.parseGiven(TINY), true, { notation: 'concatenated' }).steps;
    expect(stepRows(steps.slice(0, 3))).toEqual([
      [null, '[h_{0}, x_{1}]', null, '[{0}, {1}]', [[1], [1]], [1, 1]],
      ['pf1', 'W_f [h_{0}, x_{1}]', null, '{0}{1}', [[[1, 1]], [1, 1]], [2]],
      ['f1', 'f_{1}', '\\sigma(W_f [h_{0}, x_{1}])', '\\sigma({0})', [[2]], r([σ(2)])],
    ]);
    const second = steps.slice(steps.findIndex((s) => s.lhs === '[h_{1}, x_{2}]'));
    expect(stepWords(second.slice(0, 9))).toEqual([
      [null, '[h_{1}, x_{2}]', null, '[{0}, {1}]'],
      ['pf2', 'W_f [h_{1}, x_{2}]', null, '{0}{1}'],
      ['f2', 'f_{2}', '\\sigma(W_f [h_{1}, x_{2}])', '\\sigma({0})'],
      ['pi2', 'W_i [h_{1}, x_{2}]', null, '{0}{1}'],
      ['i2', 'i_{2}', '\\sigma(W_i [h_{1}, x_{2}])', '\\sigma({0})'],
      ['po2', 'W_o [h_{1}, x_{2}]', null, '{0}{1}'],
      ['o2', 'o_{2}', '\\sigma(W_o [h_{1}, x_{2}])', '\\sigma({0})'],
      ['pc2', 'W_C [h_{1}, x_{2}]', null, '{0}{1}'],
      ['ctilde2', '\\tilde{C}_{2}', '\\tanh(W_C [h_{1}, x_{2}])', '\\tanh({0})'],
    ]);
    expect(round12(valueToJson(second[0]!.value))).toEqual(r([h1, 0]));
  });

  it('prints the zero biases when the options ask for them (bias: true)', async () => {
    const lstm = await loadLstm();
    const steps = lstm.solve(lstm.parseGiven(TINY), true, { bias: true }).steps;
    expect(stepRows(steps.slice(2, 4))).toEqual([
      ['pf1', 'W_f x_{1} + U_f h_{0} + b_f', 'W_f x_{1} + U_f h_{0} + b_f', '{0} + {1} + {2}', [[1], [1], [0]], [2]],
      ['f1', 'f_{1}', '\\sigma(W_f x_{1} + U_f h_{0} + b_f)', '\\sigma({0})', [[2]], r([σ(2)])],
    ]);
  });
});

describe('lstm: the symbols the question prints', () => {
  it.each([
    ['the practice (a non-zero bias), separate', practice, { notation: 'separate' }, true, false, 'c'],
    ['the practice, concatenated: the slide’s W_C, U_C, b_C', practice, { notation: 'concatenated' }, true, true, 'C'],
    ['zero biases, no options: no bias printed', TINY, {}, false, false, 'c'],
    ['zero biases, bias: false', TINY, { bias: false }, false, false, 'c'],
    ['zero biases, bias: true: printed as asked', TINY, { bias: true }, true, false, 'c'],
    ['zero biases, concatenated', TINY, { notation: 'concatenated' }, false, true, 'C'],
  ])('%s', async (_, given, options, bias, concatenated, c) => {
    const lstm = await loadLstm();
    expect(lstm.symbols!(lstm.parseGiven(given), options)).toEqual({
      bias,
      concatenated,
      Wf: 'W_f',
      Uf: 'U_f',
      bf: 'b_f',
      Wi: 'W_i',
      Ui: 'U_i',
      bi: 'b_i',
      Wo: 'W_o',
      Uo: 'U_o',
      bo: 'b_o',
      Wc: `W_${c}`,
      Uc: `U_${c}`,
      bc: `b_${c}`,
    });
  });

  it('lstmSymbols names the candidate block by the notation’s slide', async () => {
    const { lstmSymbols } = await fresh(() => import('../../src/families/lstm.js'));
    expect(lstmSymbols('concatenated', false)).toEqual({
      notation: 'concatenated',
      bias: false,
      W: { f: 'W_f', i: 'W_i', o: 'W_o', c: 'W_C' },
      U: { f: 'U_f', i: 'U_i', o: 'U_o', c: 'U_C' },
      b: { f: 'b_f', i: 'b_i', o: 'b_o', c: 'b_C' },
    });
    expect(lstmSymbols('separate', true).b).toEqual({ f: 'b_f', i: 'b_i', o: 'b_o', c: 'b_c' });
  });

  it('gives the statement each block’s [U | W], the matrix that multiplies [h, x]', async () => {
    const lstm = await loadLstm();
    const vars = lstm.presentation!.templateVars!(lstm.parseGiven(practice)) as { concat: Record<string, Value> };
    expect(Object.fromEntries(Object.entries(vars.concat).map(([gate, m]) => [gate, valueToJson(m)]))).toEqual({
      f: [
        [0, 0, 1, 1],
        [2, 3, 0, 1],
      ],
      i: [
        [0, -1, 1, 0],
        [1, 0, 0, 1],
      ],
      o: [
        [1, -1, 0, 1],
        [0, 0, 1, 0],
      ],
      c: [
        [0, 0, 2, -1],
        [-1, 1, 1, 1],
      ],
    });
  });
});

describe('lstm: which named mistakes apply', () => {
  const applies = async (given: object): Promise<Record<string, boolean>> => {
    const lstm = await loadLstm();
    const g = lstm.parseGiven(given);
    return Object.fromEntries(lstm.mistakes.map((m: MistakeId) => [m, lstm.mistakeApplies!(g, m)]));
  };

  it.each<[string, object, Record<string, boolean>]>([
    // n = d = 2 and a non-zero bias: every mistake can be made.
    ['the practice', practice, { 'tanh-for-sigmoid': true, 'sigmoid-for-tanh': true, 'missing-bias': true, 'swapped-UW': true, 'missing-activation': true }],
    // Zero biases: leaving them out changes nothing; the others still apply.
    [
      'the practice with zero biases',
      { ...practice, bi: [0, 0], bo: [0, 0], bc: [0, 0] },
      { 'tanh-for-sigmoid': true, 'sigmoid-for-tanh': true, 'missing-bias': false, 'swapped-UW': true, 'missing-activation': true },
    ],
    // One non-zero entry in one bias is enough.
    [
      'only bc non-zero',
      { ...practice, bi: [0, 0], bo: [0, 0], bc: [0, 1] },
      { 'tanh-for-sigmoid': true, 'sigmoid-for-tanh': true, 'missing-bias': true, 'swapped-UW': true, 'missing-activation': true },
    ],
    // n = d = 1, no bias.
    ['the 1×1 LSTM', TINY, { 'tanh-for-sigmoid': true, 'sigmoid-for-tanh': true, 'missing-bias': false, 'swapped-UW': true, 'missing-activation': true }],
  ])('%s', async (_, given, want) => {
    expect(await applies(given)).toEqual(want);
  });
});

describe('lstm: its own generation rules', () => {
  /** pf1, pi1, po1, pc1 as given, each overridable. */
  const preactivations = (patch: Record<string, number[]> = {}): Map<string, Value> =>
    new Map(Object.entries({ pf1: [4, -4], pi1: [0, 1], po1: [-2, 3], pc1: [1, 1], ...patch }).map(([name, v]) => [name, vector(v.map((x) => q(x)))]));
  const zero = [
    [0, 0],
    [0, 0],
  ];

  it.each([
    ['every block non-zero, pre-activations in [-4, 4] (both ends included)', {}, {}, null],
    ['Wf all zero', { Wf: zero }, {}, 'Wf is all zero'],
    ['Uf all zero', { Uf: zero }, {}, 'Uf is all zero'],
    ['Wo all zero', { Wo: zero }, {}, 'Wo is all zero'],
    ['Uc all zero', { Uc: zero }, {}, 'Uc is all zero'],
    ['pf1 = [5, 0]', {}, { pf1: [5, 0] }, 'pf1 leaves [-4, 4]'],
    ['pi1 = [0, -5]', {}, { pi1: [0, -5] }, 'pi1 leaves [-4, 4]'],
    ['po1 = [4.5, 0]', {}, { po1: [4.5, 0] }, 'po1 leaves [-4, 4]'],
    ['pc1 = [-7, 9]', {}, { pc1: [-7, 9] }, 'pc1 leaves [-4, 4]'],
    ['a zero matrix is named before a pre-activation', { Ui: zero }, { pf1: [5, 0] }, 'Ui is all zero'],
  ])('%s', async (_, patch, answers, why) => {
    const lstm = await loadLstm();
    expect(lstm.reject!(lstm.parseGiven({ ...practice, ...patch }), preactivations(answers), lstm.parseOptions({}))).toBe(why);
  });

  it('draws every gate with neither its W nor its U all zero, from the draw alone', async () => {
    const lstm = await loadLstm();
    // n = d = 1: one weight per block, so a block the draw did not guard would often be 0.
    const options = lstm.parseOptions({ hidden: 1, input: 1, bias: false });
    for (let seed = 0; seed < sweepSeeds(800); seed++) {
      const g = lstm.draw(createRng(`lstm-draw${seed}`), options);
      for (const gate of ['f', 'i', 'o', 'c'] as const) {
        expect(Number(g.gates[gate].W[0]![0]), `seed ${seed} W${gate}`).not.toBe(0);
        expect(Number(g.gates[gate].U[0]![0]), `seed ${seed} U${gate}`).not.toBe(0);
      }
    }
  });
});
