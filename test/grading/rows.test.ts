/**
 * Family-specific rows on the lecture's own problems (the classwork RNN and
 * the LSTM practice), response sets, policies, and exam points/tolerances.
 */
import { describe, expect, it } from 'vitest';
import { problemFromJson, type Problem } from '../../src/problems.js';
import { UsageError } from '../../src/core/errors.js';
import type { ExamProblem } from '../../src/manifest.js';
import { gradeProblem, gradeResponse, readResponseSet, validateResponseKeys, formatKey, type FieldResult } from '../../src/grading/index.js';
import { CLASSWORK_GIVEN, TANH_RNN_GIVEN } from '../fixtures/lecture.js';

const classwork = problemFromJson(
  {
    id: 'p1',
    family: 'rnn-forward',
    given: CLASSWORK_GIVEN,
  },
  'classwork',
);

/** A square tanh RNN with a bias, so that swapped U/W, missing bias and missing activation can all happen. */
const tanhRnn = problemFromJson({ id: 'p2', family: 'rnn-forward', given: TANH_RNN_GIVEN }, 'tanh');

const status = (r: FieldResult) => ({ status: r.status, points: r.points, ...(r.mistake ? { mistake: r.mistake } : {}) });

describe('the lecture classwork (rnn-forward, identity)', () => {
  it.each([
    ['a1', '[4, 0]', { status: 'correct', points: 1 }],
    ['a1', '4 0', { status: 'correct', points: 1 }],
    ['a1', '[4 0]ᵀ', { status: 'correct', points: 1 }],
    ['a1', '(8/2; 0/5)', { status: 'correct', points: 1 }],
    ['a1', '[4.0, 0.0]', { status: 'correct', points: 1 }],
    ['a1', '[4, 1]', { status: 'incorrect', points: 0.5 }],
    ['a1', '[4, 0, 0]', { status: 'unreadable', points: 0 }],
    ['a1', '', { status: 'blank', points: 0 }],
    ['h2', '7 5', { status: 'correct', points: 1 }],
    ['h2', '[4 0]', { status: 'incorrect', points: 0, mistake: 'off-by-one' }],
    ['y1', '[4, -4, 0]', { status: 'correct', points: 1 }],
    ['o1', '[0.98, 0.00, 0.02]', { status: 'correct', points: 1 }],
    ['o1', '[exp(4), exp(-4), 1] / (exp(4) + exp(-4) + 1)', { status: 'correct', points: 1 }],
    ['o1', '[0.982, 0.000, 0.018]', { status: 'correct', points: 1 }],
    ['o1', '[4, -4, 0]', { status: 'incorrect', points: 0, mistake: 'softmax-skipped' }],
    ['o1', '[0.5, 0.0, 0.02]', { status: 'incorrect', points: 0.6667 }],
    ['label1', 'ADJ', { status: 'correct', points: 1 }],
    ['label1', 'adj', { status: 'correct', points: 1 }],
    ['label1', '0', { status: 'correct', points: 1 }],
    ['label1', 'NOUN', { status: 'incorrect', points: 0 }],
    ['label1', 'VERB', { status: 'unreadable', points: 0 }],
    ['label2', '2', { status: 'correct', points: 1 }],
  ])('%s = %j → %j', (field, typed, expected) => {
    expect(status(gradeProblem(classwork, { [field]: typed }).fields[field]!)).toEqual(expected);
  });

  it('carries a wrong h1 forward through a2, h2, y2 and the labels', () => {
    const r = gradeProblem(classwork, { a1: '[4, 1]', h1: '[4, 1]', y1: '[4, -3, 3]', label1: 'ADJ', a2: '[7, 7]', h2: '[7, 7]', y2: '[7, 0, 21]', label2: 'NOUN' });
    expect(Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.status]))).toEqual({
      a1: 'incorrect',
      h1: 'carried',
      y1: 'carried',
      o1: 'blank',
      label1: 'correct',
      a2: 'carried',
      h2: 'carried',
      y2: 'carried',
      o2: 'blank',
      label2: 'correct',
    });
    expect(r.fields.a2!.feedback).toBe('Not the expected value, but right given your own earlier answers: error carried forward.');
    // a1 keeps half its point (its first component is right); h1 = a1 with the identity, so it is carried too.
    expect(r.score).toBe(0.5 + 7);
  });

  it("applies a bank's carried-credit penalty and mistake credit", () => {
    const r = gradeProblem(classwork, { h1: '[4, 1]', y1: '[4, -3, 3]', o1: '[4, -4, 0]' }, { carriedCredit: 0.5, mistakeCredit: 0.25 });
    expect(status(r.fields.y1!)).toEqual({ status: 'carried', points: 0.5 });
    expect(r.fields.y1!.feedback).toContain('(50% of the points)');
    // o1 = y1 of the key: softmax skipped, not carried (the carried o1 is softmax of the student's y1).
    expect(status(r.fields.o1!)).toEqual({ status: 'incorrect', points: 0.25, mistake: 'softmax-skipped' });
  });
});

describe('named mistakes on a tanh RNN with a bias', () => {
  // Key: a1 = U h0 + W x1 + b = [1, 3] + [0, 2] + [1, -1] = [2, 4]; h1 = tanh(a1).
  it.each([
    ['a1', '[2, 4]', { status: 'correct', points: 1 }],
    ['a1', '[2, 5]', { status: 'incorrect', points: 0.5 }],
    ['a1', '[9, 9]', { status: 'incorrect', points: 0 }],
    ['a1', '[1, 3] + [0, 2]', { status: 'incorrect', points: 0, mistake: 'missing-bias' }],
    // W h0 + U x1 + b = [2, 2] + [1, 1] + [1, -1]
    ['a1', '[4, 2]', { status: 'incorrect', points: 0, mistake: 'swapped-UW' }],
    ['h1', 'tanh([2, 4])', { status: 'correct', points: 1 }],
    ['h1', '[0.96, 1.00]', { status: 'correct', points: 1 }],
    ['h1', '[2, 4]', { status: 'incorrect', points: 0, mistake: 'missing-activation' }],
    ['h1', 'sigmoid([2, 4])', { status: 'incorrect', points: 0, mistake: 'sigmoid-for-tanh' }],
  ])('%s = %j → %j', (field, typed, expected) => {
    expect(status(gradeProblem(tanhRnn, { [field]: typed }).fields[field]!)).toEqual(expected);
  });

  it("detects a mistake applied to the student's own earlier answer", () => {
    // The student's a1 = [1, 1] is wrong; h1 = [1, 1] is a1 without tanh: missing activation on their own value.
    const r = gradeProblem(tanhRnn, { a1: '[1, 1]', h1: '[1, 1]' });
    expect(status(r.fields.h1!)).toEqual({ status: 'incorrect', points: 0, mistake: 'missing-activation' });
    const right = gradeProblem(tanhRnn, { a1: '[1, 1]', h1: 'tanh([1, 1])' });
    expect(status(right.fields.h1!)).toEqual({ status: 'carried', points: 1 });
  });
});

describe('the lecture LSTM practice', () => {
  const practice = problemFromJson(
    {
      id: 'p1',
      family: 'lstm',
      given: {
        Wf: [
          [1, 1],
          [0, 1],
        ],
        Uf: [
          [0, 0],
          [2, 3],
        ],
        bf: [0, 0],
        Wi: [
          [1, 0],
          [0, 1],
        ],
        Ui: [
          [0, 0],
          [0, 0],
        ],
        bi: [0, 0],
        Wo: [
          [0, 1],
          [1, 0],
        ],
        Uo: [
          [0, 0],
          [0, 0],
        ],
        bo: [0, 0],
        Wc: [
          [1, 0],
          [0, 1],
        ],
        Uc: [
          [0, 0],
          [0, 0],
        ],
        bc: [0, 0],
        h0: [4, 5],
        c0: [1, 5],
        xs: [[1, 1]],
      },
    },
    'practice',
  );

  it.each([
    ['pf1', '[2 24]ᵀ', 'correct'],
    ['f1', 'sigmoid([2 24])', 'correct'],
    ['f1', '[sigmoid(2), sigmoid(24)]', 'correct'],
    ['f1', '[1/(1+e^-2), 1]', 'correct'],
    ['f1', '[0.88, 1.00]', 'correct'],
    ['f1', '[0.8808, 1]', 'correct'],
    // The slide's slip: sigmoid(6) where sigmoid(24) is meant; 0.9975 is still within tolerance of 1.
    ['f1', '[sigmoid(2), sigmoid(6)]', 'correct'],
    ['f1', '[0.5, 1]', 'incorrect'],
  ])('%s = %j → %s', (field, typed, expected) => {
    expect(gradeProblem(practice, { [field]: typed }).fields[field]!.status).toBe(expected);
  });

  it('names tanh used for a gate', () => {
    expect(status(gradeProblem(practice, { f1: 'tanh([2, 24])' }).fields.f1!)).toEqual({ status: 'incorrect', points: 0, mistake: 'tanh-for-sigmoid' });
  });
});

describe('exact fields and rounded decimals', () => {
  const thirds = problemFromJson(
    {
      id: 'p1',
      family: 'rnn-forward',
      given: {
        activation: 'identity',
        U: [
          ['1/3', 0],
          [0, 1],
        ],
        W: [
          [1, 0],
          [0, 1],
        ],
        V: [
          [1, 0],
          [0, 1],
        ],
        h0: [1, 1],
        xs: [[0, 0]],
        labels: ['A', 'B'],
      },
    },
    'thirds',
  );
  it.each([
    ['[1/3, 1]', 'correct', 'Correct.'],
    ['[0.333, 1]', 'correct', 'Correct. Accepted as a correctly rounded decimal; the exact value is a fraction.'],
    ['[0.3333, 1]', 'correct', 'Correct. Accepted as a correctly rounded decimal; the exact value is a fraction.'],
    ['[0.334, 1]', 'incorrect', 'Partly right: component 2 of 2 is right.'],
    ['[0.3, 1]', 'incorrect', 'Partly right: component 2 of 2 is right.'],
  ])('a1 = %j → %s', (typed, expected, feedback) => {
    const r = gradeProblem(thirds, { a1: typed }).fields.a1!;
    expect([r.status, r.feedback]).toEqual([expected, feedback]);
  });
});

describe('exam problems: points and tolerance per answer', () => {
  const exam: ExamProblem = { ...classwork, points: Object.fromEntries(classwork.fields.map((f) => [f.name, 2])), tolerance: { o1: { rtol: 0, atol: 0.0001 }, o2: { rtol: 0.01, atol: 0.01 } } };
  it("scores with the field's points and tolerance", () => {
    const r = gradeProblem(exam, { a1: '[4, 1]', o1: '[0.98, 0.00, 0.02]', o2: '0 0 1' });
    expect(status(r.fields.a1!)).toEqual({ status: 'incorrect', points: 1 });
    expect(r.fields.a1!.max).toBe(2);
    expect(status(r.fields.o1!)).toEqual({ status: 'incorrect', points: 0 });
    expect(status(r.fields.o2!)).toEqual({ status: 'correct', points: 2 });
    expect(r.max).toBe(20);
  });

  it('uses an exam-wide tolerance from the policy where a field has none', () => {
    expect(gradeProblem(classwork, { o1: '[0.9, 0, 0.1]' }, { carriedCredit: 1, tolerance: { rtol: 0, atol: 0.1 } }).fields.o1!.status).toBe('correct');
    expect(gradeProblem(classwork, { o1: '[0.9, 0, 0.1]' }).fields.o1!.status).toBe('incorrect');
  });
});

describe('response sets', () => {
  const second: Problem = { ...tanhRnn, id: 'p2' };
  const problems = [classwork, second];

  it('grades p{N}.{name} keys and totals the score', () => {
    const r = gradeResponse(problems, { answers: { 'p1.h2': '[7, 5]', 'p2.a1': '[2 4]', 'p2.h1': '' } });
    expect(r.fields['p1.h2']).toEqual({ status: 'correct', points: 1, max: 1, feedback: 'Correct.' });
    expect(r.fields['p2.a1']!.status).toBe('correct');
    expect(r.fields['p2.h1']!.status).toBe('blank');
    expect(r.score).toBe(2);
    expect(r.max).toBe(20);
    expect(Object.keys(r.fields)).toHaveLength(20);
  });

  it('lists unknown keys, and refuses to grade them', () => {
    const answers = JSON.parse('{"p1.h2": "7 5", "p3.h1": "1", "p1.zz": "2", "__proto__": "x", "constructor": "y"}') as Record<string, string>;
    expect(validateResponseKeys(problems, answers)).toEqual(['p3.h1', 'p1.zz', '__proto__', 'constructor']);
    expect(() => gradeResponse(problems, { answers })).toThrow(UsageError);
    expect(() => gradeResponse(problems, { answers })).toThrow('unknown answer fields: p3.h1, p1.zz, __proto__, constructor');
  });

  it('reads a response set from JSON, naming what is wrong', () => {
    expect(readResponseSet({ answers: { 'p1.a1': '4 0', 'p1.h1': 4, 'p1.y1': null } }, problems)).toEqual({ answers: { 'p1.a1': '4 0', 'p1.h1': '4' } });
    expect(() => readResponseSet([], problems)).toThrow('responses: expected { "answers": { "p1.h1": "…", … } }');
    expect(() => readResponseSet({ answers: { 'p1.a1': [4, 0] } }, problems)).toThrow('responses.answers.p1.a1: expected text, got a list');
    expect(() => readResponseSet(JSON.parse('{"answers": {"__proto__": "1"}}'), problems)).toThrow('unknown answer field __proto__');
  });

  it('formats the key for instructors only, never into feedback', () => {
    expect(formatKey(classwork)).toMatchObject({ a1: '[4, 0]', h2: '[7, 5]', label1: 'ADJ', label2: 'NOUN' });
    const r = gradeProblem(classwork, { h2: '[7, 6]', y2: '[0, 0, 0]' });
    expect(JSON.stringify(r)).not.toContain('[7, 5]');
    expect(JSON.stringify(r)).not.toContain('15');
  });
});
