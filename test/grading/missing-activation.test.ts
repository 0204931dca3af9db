/**
 * A gate typed as its own pre-activation (σ or tanh left out) is named
 * `missing-activation`, in LSTM and GRU alike. Expected pre-activations are
 * worked out by hand from the lecture's LSTM practice (test/fixtures/lecture.ts):
 *   h0 = [4, 5], x1 = [1, 1]
 *   pf = Wf x + Uf h + bf = [1+1, 0+1] + [0, 2·4+3·5] + 0 = [2, 24]   (the slide's value)
 *   pi = [1, 1] + [−5, 4] + [1, −2] = [−3, 3]
 *   po = [1, 1] + [4−5, 0] + [0, 1] = [0, 2]
 *   pc = [2−1, 1+1] + [0, −4+5] + [−1, 0] = [0, 3]
 * and from the GRU hand problem of test/families/gru.test.ts: pz = [3, −1], pr = [1, 0],
 * ph = [σ(1), 3/2] = [0.7311, 1.5].
 */
import { describe, expect, it } from 'vitest';
import { gradeProblem } from '../../src/grading/index.js';
import { solvedProblem } from '../../src/problems.js';
import { lstm } from '../../src/families/lstm.js';
import { gru } from '../../src/families/gru.js';
import { valueToJson } from '../../src/core/value.js';
import { GRU_HAND_GIVEN, LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

const practice = solvedProblem(lstm, 'p1', {}, lstm.parseGiven(LSTM_PRACTICE_GIVEN));
const gruHand = solvedProblem(gru, 'p1', {}, gru.parseGiven(GRU_HAND_GIVEN));

const SIGMA_F = 'It looks like σ was left out: this is the pre-activation; the forget gate f is σ of it (a number between 0 and 1).';

describe('a gate typed as its pre-activation', () => {
  it.each([
    // field, other answers typed, the answer, status, points, mistake, feedback (exact or a pattern)
    ['f1', {}, '[2, 24]', 'incorrect', 0, 'missing-activation', `Not correct. ${SIGMA_F}`],
    ['f1', {}, '2 24', 'incorrect', 0, 'missing-activation', `Not correct. ${SIGMA_F}`],
    ['i1', {}, '[-3, 3]', 'incorrect', 0, 'missing-activation', /σ was left out.*the input gate i/],
    ['o1', {}, '[0; 2]', 'incorrect', 0, 'missing-activation', /σ was left out.*the output gate o/],
    ['ctilde1', {}, '[0, 3]', 'incorrect', 0, 'missing-activation', /tanh was left out.*between −1 and 1/],
    // The student's own (wrong) pre-activation typed again as the gate.
    ['f1', { pf1: '[2, 25]' }, '[2, 25]', 'incorrect', 0, 'missing-activation', /σ was left out/],
    // σ(2) = 0.8808, σ(24) = 1 − 3.8e−11: right; [2, 1] has only its second component right.
    ['f1', {}, '[0.8808, 1]', 'correct', 1, undefined, /^Correct\./],
    ['f1', {}, '[2, 1]', 'incorrect', 0.5, undefined, 'Partly right: component 2 of 2 is right.'],
  ] as const)('LSTM practice %s with %j: %s → %s', (field, others, text, status, points, mistake, feedback) => {
    const r = gradeProblem(practice, { ...others, [field]: text }).fields[field]!;
    expect({ status: r.status, points: r.points, mistake: r.mistake }).toEqual({ status, points, mistake });
    if (typeof feedback === 'string') expect(r.feedback).toBe(feedback);
    else expect(r.feedback).toMatch(feedback);
  });

  it.each([
    ['z1', '[3, -1]', /σ was left out.*the update gate z/],
    ['r1', '[1, 0]', /σ was left out.*the reset gate r/],
    ['htilde1', '[0.7311, 1.5]', /tanh was left out.*the candidate h̃/],
  ])('GRU %s typed as %s is a missing activation', (field, text, feedback) => {
    const r = gradeProblem(gruHand, { [field]: text }).fields[field]!;
    expect(r).toMatchObject({ status: 'incorrect', points: 0, mistake: 'missing-activation' });
    expect(r.feedback).toMatch(feedback);
  });

  it('keys the pre-activations the tables above assume', () => {
    expect(['pf1', 'pi1', 'po1', 'pc1'].map((n) => valueToJson(practice.answers.get(n)!))).toEqual([
      [2, 24],
      [-3, 3],
      [0, 2],
      [0, 3],
    ]);
  });
});
