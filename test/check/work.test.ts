/**
 * Hand work (src/check/work.ts) against counts worked out by hand: the
 * lecture's classwork, one LSTM step (the lecture's practice setting), and a
 * table of single steps including fractions to reduce. The arithmetic is in
 * the comments; none of the expected numbers comes from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { getFamily, listFamilies } from '../../src/families/registry.js';
import { createRng } from '../../src/core/rng.js';
import { q } from '../../src/core/num.js';
import { matrix, scalar, vector } from '../../src/core/value.js';
import { makeStep } from '../../src/families/contract.js';
import { problemWork, stepWork, totalWork } from '../../src/check/work.js';
import { CLASSWORK_GIVEN, LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

describe('hand work of the lecture problems, counted by hand', () => {
  it('classwork RNN: 8 multiplications, 10 additions, 6 activations', () => {
    // U = [[2,0],[1,2]], W = [[2,0,-1],[1,-1,1]], V = [[1,0],[-1,1],[0,3]], h0 = [1,-1], x1 = e1, x2 = e3, identity g.
    // t = 1
    //   U h0:  row 1 2·1 + 0·(−1): 2·1 is by 1, 0·… vanishes → 0 mult, 1 live term → 0 add
    //          row 2 1·1 + 2·(−1): both by ±1 → 0 mult, 2 live terms → 1 add           (0 mult, 1 add)
    //   W x1:  x1 = [1,0,0]: each row is one weight times 1 → nothing                  (0, 0)
    //   a1 = [2,−1] + [2,1]: 2 components, both terms non-zero → 2 add                 (0, 2)
    //   h1 = a1 (identity): free.  y1 = V [4,0]: rows 1·4, −1·4 (by ±1), 0·4 + 3·0 → nothing
    //   o1 = softmax(y1), 3 logits: 3 exp (activations), 2 add for the sum, 3 divisions (mult)
    // t = 2
    //   U h1 = U [4,0]: row 1 2·4 → 1 mult; row 2 1·4 (by 1), 2·0 vanishes               (1, 0)
    //   W x2:  x2 = [0,0,1] → nothing.  a2 = [8,4] + [−1,1] → 2 add                     (0, 2)
    //   y2 = V [7,5]: row 1 1·7 → free; row 2 −1·7 + 1·5 → 1 add; row 3 0·7 + 3·5 → 1 mult (1, 1)
    //   o2 = softmax(y2): 3 exp, 2 add, 3 divisions
    // multiplications 1 + 1 + 3 + 3 = 8; additions 1 + 2 + 2 + 2 + 1 + 2 = 10; activations 3 + 3 = 6
    const rnn = getFamily('rnn-forward');
    const work = problemWork(rnn.solve(rnn.parseGiven(CLASSWORK_GIVEN)).steps);
    expect(work).toEqual({ multiplications: 8, additions: 10, activations: 6, fractions: 0, uncounted: 0 });
    expect(totalWork(work)).toBe(24);
  });

  it('one LSTM step (the lecture practice): 6 multiplications, 16 additions, 10 activations', () => {
    // x = [1,1], h0 = [4,5], c0 = [1,5].
    // forget: Wf x = [1·1+1·1, 0·1+1·1] → 1 add (row 1); Uf h = [0, 2·4+3·5] → 2 mult, 1 add;
    //         pf = [2,1] + [0,23] + [0,0] → only component 2 has two live terms → 1 add; σ(pf): 2 activations
    // input:  Wi x = [1, 1] (single ±1 terms), Ui h = [−1·5, 1·4] → free;
    //         pi = [1,1] + [−5,4] + [1,−2] → 2 + 2 = 4 add; σ: 2
    // output: Wo x = [1, 1] free; Uo h = [1·4 − 1·5, 0] → 1 add;
    //         po = [1,1] + [−1,0] + [0,1] → comp 1: 1 + (−1) = 1 add, comp 2: 1 + 1 = 1 add → 2 add; σ: 2
    // cand.:  Wc x = [2·1 − 1·1, 1·1 + 1·1]: every factor meets x = 1 → 0 mult, 2 add;
    //         Uc h = [0, −1·4 + 1·5] → 1 add; pc = [1,2] + [0,1] + [−1,0] → 1 + 1 = 2 add → pc = [0, 3]; tanh: 2
    // C1 = f ⊙ c0 + i ⊙ c̃: f ⊙ [1,5] → σ(2)·1 free, σ(24)·5 → 1 mult; i ⊙ [tanh 0, tanh 3] → i1·0 free, 1 mult;
    //      sum: component 1 has a zero term (i1·0) → 0 add, component 2 → 1 add
    // h1 = o ⊙ tanh(C1): tanh: 2 activations; 2 mult
    // multiplications 2 + 1 + 1 + 2 = 6
    // additions 1+1+1 + 4 + 1+2 + 2+1+2 + 1 = 16
    // activations 2 (f) + 2 (i) + 2 (o) + 2 (c̃) + 2 (tanh C) = 10
    const lstm = getFamily('lstm');
    const work = problemWork(lstm.solve(lstm.parseGiven(LSTM_PRACTICE_GIVEN)).steps);
    expect(work).toEqual({ multiplications: 6, additions: 16, activations: 10, fractions: 0, uncounted: 0 });
  });
});

describe('single steps', () => {
  const cases = [
    // [2 3]·[4 5] = 8 + 15: two products, one addition
    { name: 'a matrix row with two live products', step: makeStep(undefined, 'M v', undefined, '{0}{1}', [matrix([[q(2), q(3)]]), vector([q(4), q(5)])], vector([q(23)])), work: [2, 1, 0, 0] },
    // [1 −1 0]·[7 5 9] = 7 − 5: products by ±1 and 0 are free, one addition
    { name: 'products by 0 and ±1', step: makeStep(undefined, 'M v', undefined, '{0}{1}', [matrix([[q(1), q(-1), q(0)]]), vector([q(7), q(5), q(9)])], vector([q(2)])), work: [0, 1, 0, 0] },
    // (1/2)·4 = 4/2 → reduce to 2: one multiplication, one fraction
    { name: 'a product of fractions to reduce', step: makeStep(undefined, 'a', undefined, '{0} \\cdot {1}', [scalar(q(1, 2)), scalar(q(4))], scalar(q(2))), work: [1, 0, 0, 1] },
    // (1/2)·3 = 3/2 already in lowest terms: no fraction to reduce
    { name: 'a product already in lowest terms', step: makeStep(undefined, 'a', undefined, '{0} \\cdot {1}', [scalar(q(1, 2)), scalar(q(3))], scalar(q(3, 2))), work: [1, 0, 0, 0] },
    // 1/4 + 1/4 = 2/4 → 1/2: one addition, one fraction
    { name: 'a sum of fractions to reduce', step: makeStep(undefined, 's', undefined, '{0} + {1}', [vector([q(1, 4)]), vector([q(1, 4)])], vector([q(1, 2)])), work: [0, 1, 0, 1] },
    // u·(1 − tanh²(a)) with u = 1/2, a = 1: tanh (1 activation), squaring (1 mult), 1 − … (1 add), the product (1 mult)
    { name: 'a tanh derivative', step: makeStep(undefined, 'd', undefined, '{0} \\cdot (1 - \\tanh^2({1}))', [scalar(q(1, 2)), scalar(q(1))], scalar(0.21)), work: [2, 1, 1, 0] },
    // softmax of 4 logits: 4 exp, 3 additions for the sum, 4 divisions
    { name: 'softmax', step: makeStep(undefined, 'o', undefined, '\\operatorname{softmax}({0})', [vector([q(1), q(2), q(3), q(4)])], vector([0.1, 0.2, 0.3, 0.4])), work: [4, 3, 4, 0] },
  ];
  it.each(cases)('$name', ({ step, work }) => {
    const w = stepWork(step);
    expect([w.multiplications, w.additions, w.activations, w.fractions]).toEqual(work);
  });

  it('reads a product written with TeX spacing, and marks a step shape it has no rule for as uncounted (never as free)', () => {
    // [2 3]·[4 5] again, printed `{0}\,{1}`: 2 multiplications, 1 addition.
    expect(stepWork(makeStep(undefined, 'y', undefined, '{0}\\,{1}', [matrix([[q(2), q(3)]]), vector([q(4), q(5)])], vector([q(23)])))).toMatchObject({ multiplications: 2, additions: 1 });
    expect(stepWork(makeStep(undefined, 'x', undefined, '\\sqrt{{0}}', [vector([q(4)])], vector([q(2)])))).toEqual({ multiplications: 0, additions: 0, activations: 0, fractions: 0, uncounted: 1 });
  });

  it('counts every family’s worked steps (no step shape is left without a rule)', () => {
    for (const family of listFamilies()) {
      const options = family.parseOptions({});
      for (let i = 0; i < 20; i++) {
        const steps = family.generateSolved(createRng(`work-${family.id}-${i}`), options).solution.steps;
        expect(problemWork(steps).uncounted, family.id).toBe(0);
      }
    }
  });
});
