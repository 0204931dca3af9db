/**
 * gradeProblem / gradeResponse / readResponseSet (src/grading/grade.ts) step by
 * step, as tables worked by hand on the lecture's classwork RNN and on two small
 * problems of our own: what a right answer carries forward, which values a named
 * mistake is looked for in, the thousands hint, choice letters, answers that are
 * not text, and the checks on a response set. Every fixture is built inside its
 * test (see test/support/fixture.ts: mutation testing).
 *
 * Classwork key (test/fixtures/lecture.ts): a1 = h1 = [4, 0], y1 = [4, −4, 0],
 * o1 = softmax(y1) ≈ [0.9817, 0.0003, 0.0180], label1 = ADJ; a2 = h2 = [7, 5],
 * y2 = [7, −2, 15], label2 = NOUN. Only softmax-skipped applies to it (identity,
 * no bias, W is 2×3 so U and W cannot be swapped).
 */
import { describe, expect, it } from 'vitest';
import { problemFromJson, type Problem } from '../../src/problems.js';
import { solvedProblem } from '../../src/problems.js';
import { paramCount } from '../../src/families/param-count.js';
import { UsageError } from '../../src/core/errors.js';
import { gradeProblem, gradeResponse, readResponseSet, validateResponseKeys, type FieldResult, type GradableProblem } from '../../src/grading/index.js';
import { CLASSWORK_GIVEN, TANH_RNN_GIVEN } from '../fixtures/lecture.js';

const classwork = (id = 'p1'): Problem => problemFromJson({ id, family: 'rnn-forward', given: CLASSWORK_GIVEN }, 'classwork');

/**
 * A square tanh RNN with a bias (the one of rows.test.ts), so every recurrence mistake applies:
 * a1 = U h0 + W x1 + b = [1, 3] + [0, 2] + [1, −1] = [2, 4], h1 = tanh([2, 4]) ≈ [0.9640, 0.9993].
 */
const tanhRnn = (): Problem => problemFromJson({ id: 'p2', family: 'rnn-forward', given: TANH_RNN_GIVEN }, 'tanh');

/**
 * An identity RNN whose key is a fraction: a1 = h1 = U h0 = [1/3, 1] (x1 = 0),
 * y1 = V h1 = [3 · 1/3, 2 · 1] = [1, 2].
 */
const thirds = (): Problem =>
  problemFromJson(
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
          [3, 0],
          [0, 2],
        ],
        h0: [1, 1],
        xs: [[0, 0]],
        labels: ['A', 'B'],
      },
    },
    'thirds',
  );

const brief = (r: FieldResult | undefined) => (r ? { status: r.status, points: r.points, feedback: r.feedback, ...(r.mistake ? { mistake: r.mistake } : {}) } : r);

const PARTLY_2ND_OF_2 = 'Partly right: component 2 of 2 is right.';
const CARRIED = 'Not the expected value, but right given your own earlier answers: error carried forward.';

describe('what a readable answer carries forward', () => {
  it.each([
    // h1 = [0.333, 1] is right (0.333 rounds 1/3); the exact key [1/3, 1] goes forward, so y1 = V h1 = [1, 2]
    // and the student's [0.999, 2] (3 · 0.333, 2 · 1) is only half right, not carried.
    ['a rounded right answer (ordinary path)', { h1: '[0.333, 1]', y1: '[0.999, 2]' }, 'correct', { status: 'incorrect', points: 0.5, feedback: PARTLY_2ND_OF_2 }],
    // The key typed exactly as printed: the same.
    ['the key as printed (typed-key path)', { h1: '[1/3, 1]', y1: '[0.999, 2]' }, 'correct', { status: 'incorrect', points: 0.5, feedback: PARTLY_2ND_OF_2 }],
    // A wrong h1 = [1/3, 2] goes forward as typed: y1 = [1, 4] is then carried.
    ['a wrong answer', { h1: '[1/3, 2]', y1: '[1, 4]' }, 'incorrect', { status: 'carried', points: 1, feedback: CARRIED }],
  ] as const)('%s', (_, answers, h1, y1) => {
    const r = gradeProblem(thirds(), answers);
    expect(r.fields.h1!.status).toBe(h1);
    expect(brief(r.fields.y1)).toEqual(y1);
  });

  it('keeps a wrong answer to an exact field exact: a later value 0.001 off is not carried', () => {
    // Classwork: a1 = [4, 1] (key [4, 0]) carries h1 = a1 = [4, 1] exactly; [4.001, 1] then matches only its
    // second component (carried share 1 of 2). Read as doubles, 4.001 would be within the tolerance of 4.
    const r = gradeProblem(classwork(), { a1: '[4, 1]', h1: '[4.001, 1]' });
    expect(brief(r.fields.a1)).toEqual({ status: 'incorrect', points: 0.5, feedback: 'Partly right: component 1 of 2 is right.' });
    expect(brief(r.fields.h1)).toEqual({ status: 'incorrect', points: 0.5, feedback: PARTLY_2ND_OF_2 });
    expect(brief(gradeProblem(classwork(), { a1: '[4, 1]', h1: '[4, 1]' }).fields.h1)).toEqual({ status: 'carried', points: 1, feedback: CARRIED });
  });
});

describe('where a named mistake is looked for', () => {
  const OFF_BY_ONE = 'Not correct. This is the value of a neighbouring time step: check which t the question asks for.';
  const MISSING_BIAS = 'Not correct. It looks like the bias was left out: add b after the matrix products.';

  it.each([
    // Off-by-one in both directions: h2 typed as the key of h1, h1 as the key of h2.
    ['h2', { h2: '[4, 0]' }, { status: 'incorrect', points: 0, feedback: OFF_BY_ONE, mistake: 'off-by-one' }],
    ['h1', { h1: '[7, 5]' }, { status: 'incorrect', points: 0, feedback: OFF_BY_ONE, mistake: 'off-by-one' }],
    ['y1', { y1: '[7, -2, 15]' }, { status: 'incorrect', points: 0, feedback: OFF_BY_ONE, mistake: 'off-by-one' }],
    // softmax skipped: o1 = y1 of the key.
    ['o1', { o1: '4 -4 0' }, { status: 'incorrect', points: 0, feedback: 'Not correct. It looks like softmax was skipped: o = softmax(V h), not V h itself.', mistake: 'softmax-skipped' }],
  ] as const)('classwork %s with %j', (field, answers, expected) => {
    expect(brief(gradeProblem(classwork(), answers).fields[field])).toEqual(expected);
  });

  it("applies a mistake to the student's own answers only in the quantities it changes directly", () => {
    // The student's h1 = [0, 1] (wrong). Their a2 without the bias: U h1 + W x2 = [0, 1] + [1, 0] = [1, 1]:
    // missing-bias (it targets a), found only by the run on their own h1: the key's run gives
    // U tanh([1, 5]) + W x2 ≈ [1.76, 1.76]; carried (with the bias) and swapped U/W both give [2, 0].
    const a2 = gradeProblem(tanhRnn(), { h1: '[0, 1]', a2: '[1, 1]' });
    expect(brief(a2.fields.a2)).toEqual({ status: 'incorrect', points: 0, feedback: MISSING_BIAS, mistake: 'missing-bias' });
    // h2 = tanh([1, 1]) ≈ [0.762, 0.762] is the same slip one step further down, in h, which missing-bias does
    // not target: not named. Nor right: key h2 = tanh(U h1 + W x2 + b) ≈ tanh([2.964, 0.963]) ≈ [0.995, 0.746]
    // (0.762 − 0.746 = 0.016 > 0.01), carried tanh([2, 0]) ≈ [0.964, 0].
    const h2 = gradeProblem(tanhRnn(), { h1: '[0, 1]', h2: 'tanh([1, 1])' });
    expect(brief(h2.fields.h2)).toEqual({ status: 'incorrect', points: 0, feedback: 'Not correct.' });
  });

  it('grades without error when a mistaken rule cannot be worked out exactly on the key', () => {
    // A hand-typed tanh RNN (n = d = 3, so U and W can be swapped) whose h0 holds three fractions just above 1
    // over the coprime denominators 3^560, 5^380 and 7^315 (about 890 bits each). The key's a1 = U h0 + W x1
    // = h0 + [1, 1, 1] stays within the exact budget (4,096 bits per value); swapped, W h0 adds all three over
    // 3^560 · 5^380 · 7^315 (about 2,650 bits, the numerator as many): that rule gives nothing to compare.
    const over = (p: bigint) => `${p + 1n}/${p}`;
    const problem = problemFromJson(
      {
        id: 'p1',
        family: 'rnn-forward',
        given: {
          activation: 'tanh',
          U: [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          W: [
            [1, 1, 1],
            [1, 1, 1],
            [1, 1, 1],
          ],
          V: [
            [1, 0, 0],
            [0, 2, 0],
            [0, 0, 3],
          ],
          h0: [over(3n ** 560n), over(5n ** 380n), over(7n ** 315n)],
          xs: [[1, 0, 0]],
          labels: ['A', 'B', 'C'],
        },
      },
      'big',
    );
    // a1 = [2, 2, 2] is just below the key (2 + 1/3^560, …): exactly, it is wrong in every component.
    expect(brief(gradeProblem(problem, { a1: '[2, 2, 2]' }).fields.a1)).toEqual({ status: 'incorrect', points: 0, feedback: 'Not correct.' });
  });

  it('grades without error when the answers are too large to carry forward exactly', () => {
    // a1 = [2^1280 / 3^800, 2^1280 / 5^540] (powers of at most 64 are exact): each about 2,550 bits, within the
    // 4,096 read, but y1 = V h1 adds them over the denominator 3^800 · 5^540 (about 2,520 bits, the numerator
    // about 2,530): nothing can be recomputed, neither carried nor with a mistaken rule. o1 = [1, 0, 0] against the key [0.9817, 0.0003, 0.0180]: only the second
    // component is within 0.01 (|1 − 0.9817| = 0.018, |0 − 0.018| = 0.018), 1/3 of a point.
    const r = gradeProblem(classwork(), { a1: '[(2^64)^20/(3^40)^20, (2^64)^20/(5^27)^20]', o1: '[1, 0, 0]' });
    expect(brief(r.fields.a1)).toEqual({ status: 'incorrect', points: 0, feedback: 'Not correct.' });
    expect(brief(r.fields.o1)).toEqual({ status: 'incorrect', points: 0.3333, feedback: 'Partly right: component 2 of 3 is right.' });
  });
});

describe('the thousands hint goes with an answer that is not right, never with a carried one', () => {
  // Parameter count, rnn, d = 50, n = 128, k = 5, bias: recurrent = 22912, output = 645, total = 23557.
  // "1,000" reads as 1.000 = 1 (a decimal comma) and carries a hint; total = recurrent + output = 1 + 0 = 1.
  it.each([
    ['recurrent', { status: 'incorrect', points: 0, feedback: 'Not correct. Did you mean 1000? Write numbers without thousands separators.' }],
    ['output', { status: 'incorrect', points: 0, feedback: 'Not correct.' }],
    ['total', { status: 'carried', points: 1, feedback: CARRIED }],
  ] as const)('%s', (field, expected) => {
    const problem = solvedProblem(paramCount, 'p1', {}, paramCount.parseGiven({ cell: 'rnn', d: 50, n: 128, k: 5, bias: true, bidirectional: false }));
    const r = gradeProblem(problem, { recurrent: '1,000', output: '0', total: '1,000' });
    expect(brief(r.fields[field])).toEqual(expected);
  });
});

describe('answers that are not text, and choice letters', () => {
  const withChoices = (): GradableProblem => ({ ...classwork(), choices: { h2: [{ text: '[4, 0]' }, { text: '[7, 5]', key: true }, { text: '[7, 6]' }] } });
  const NOT_TEXT = 'Could not read this answer: the answer is not text.';

  it.each([
    // A bubbled letter is read as its option's text: b = [7, 5] is right, a = [4, 0] is h1's key.
    ['b', { status: 'correct', points: 1, feedback: 'Correct.' }],
    [' B ', { status: 'correct', points: 1, feedback: 'Correct.' }],
    ['a', { status: 'incorrect', points: 0, feedback: 'Not correct. This is the value of a neighbouring time step: check which t the question asks for.', mistake: 'off-by-one' }],
    // c = [7, 6]: first component right.
    ['c', { status: 'incorrect', points: 0.5, feedback: 'Partly right: component 1 of 2 is right.' }],
    ['7 5', { status: 'correct', points: 1, feedback: 'Correct.' }],
    // No option D: "d" is read as typed.
    ['d', { status: 'unreadable', points: 0, feedback: 'Could not read this answer: unknown name "d" at character 1 (known: sigmoid, σ, tanh, exp, sqrt, ln, e).' }],
    // Only text is read: a list, even one whose text would be the letter b, is not.
    [['b'], { status: 'unreadable', points: 0, feedback: NOT_TEXT }],
    [7, { status: 'unreadable', points: 0, feedback: NOT_TEXT }],
    // …but a value whose text is empty is blank.
    [[], { status: 'blank', points: 0, feedback: 'No answer given.' }],
    [undefined, { status: 'blank', points: 0, feedback: 'No answer given.' }],
  ] as const)('h2 = %j', (given, expected) => {
    expect(brief(gradeProblem(withChoices(), { h2: given }).fields.h2)).toEqual(expected);
  });

  it('reads no letters in a field without options', () => {
    // a1 has no options: "b" is then not a number.
    expect(gradeProblem(withChoices(), { a1: 'b' }).fields.a1!.status).toBe('unreadable');
  });
});

describe('response sets', () => {
  it('grades only the answers a response set holds as its own keys', () => {
    // A key on the prototype (as after prototype pollution) is not an answer.
    const answers = Object.create({ 'p1.a1': '[4, 0]' }) as Record<string, string>;
    answers['p1.h1'] = '[4, 0]';
    const r = gradeResponse([classwork()], { answers });
    expect([r.fields['p1.a1']!.status, r.fields['p1.h1']!.status, r.score]).toEqual(['blank', 'correct', 1]);
  });

  it('knows the fields of a problem list that grew since it was last checked', () => {
    const problems = [classwork('p1')];
    expect(validateResponseKeys(problems, { 'p1.h1': '1', 'p2.h1': '1' })).toEqual(['p2.h1']);
    problems.push(classwork('p2'));
    expect(validateResponseKeys(problems, { 'p1.h1': '1', 'p2.h1': '1' })).toEqual([]);
  });

  it('follows a problem whose id or fields changed since it was last graded', () => {
    const problem: Problem = classwork('p1');
    expect(gradeResponse([problem], { answers: { 'p1.h2': '7 5' } }).fields['p1.h2']!.status).toBe('correct');
    const renamed = Object.assign(problem, { id: 'p3' });
    const r = gradeResponse([renamed], { answers: { 'p3.h2': '7 5' } });
    expect([Object.keys(r.fields)[6], r.fields['p3.h2']!.status, r.score]).toEqual(['p3.h2', 'correct', 1]);
    // Only h2 asked now: its key is p3.h2, not the first of the ten keys before.
    const fewer = Object.assign(renamed, { fields: renamed.fields.filter((f) => f.name === 'h2') });
    const only = gradeResponse([fewer], { answers: { 'p3.h2': '7 5' } });
    expect(only).toEqual({ score: 1, max: 1, fields: { 'p3.h2': { status: 'correct', points: 1, max: 1, feedback: 'Correct.' } } });
  });

  it.each([
    // 10 unknown keys: all named, no ellipsis; 11: the first ten and an ellipsis.
    [10, 'unknown answer fields: p9.x0, p9.x1, p9.x2, p9.x3, p9.x4, p9.x5, p9.x6, p9.x7, p9.x8, p9.x9'],
    [11, 'unknown answer fields: p9.x0, p9.x1, p9.x2, p9.x3, p9.x4, p9.x5, p9.x6, p9.x7, p9.x8, p9.x9, …'],
  ])('grading %d unknown keys', (n, message) => {
    const answers = Object.fromEntries(Array.from({ length: n }, (_, i) => [`p9.x${i}`, '1']));
    expect(() => gradeResponse([classwork()], { answers })).toThrow(new UsageError(message));
  });

  const SHAPE = 'responses: expected { "answers": { "p1.h1": "…", … } }';
  it.each([
    ['null', () => null, SHAPE],
    ['a string', () => 'answers', SHAPE],
    ['a function with an answers property', () => Object.assign(() => undefined, { answers: { 'p1.a1': '4 0' } }), SHAPE],
    ['answers null', () => ({ answers: null }), SHAPE],
    ['answers a list', () => ({ answers: ['4 0'] }), SHAPE],
    ['NaN', () => ({ answers: { 'p1.a1': Number.NaN } }), 'responses.answers.p1.a1: expected text, got number'],
    ['Infinity', () => ({ answers: { 'p1.a1': Number.POSITIVE_INFINITY } }), 'responses.answers.p1.a1: expected text, got number'],
    ['true', () => ({ answers: { 'p1.a1': true } }), 'responses.answers.p1.a1: expected text, got boolean'],
    // The example field is the first field of the first problem: the classwork's is a1.
    ['an unknown key', () => ({ answers: { 'p9.x': '1' } }), 'responses: unknown answer field p9.x (fields look like p1.a1)'],
    [
      '11 unknown keys',
      () => ({ answers: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p9.x${i}`, '1'])) }),
      'responses: unknown answer fields p9.x0, p9.x1, p9.x2, p9.x3, p9.x4, p9.x5, p9.x6, p9.x7, p9.x8, p9.x9 (fields look like p1.a1)',
    ],
  ])('reading %s', (_, raw, message) => {
    expect(() => readResponseSet(raw(), [classwork()])).toThrow(new UsageError(message));
  });

  it('reads finite numbers as their text', () => {
    expect(readResponseSet({ answers: { 'p1.a1': 4, 'p1.h1': -0.5, 'p1.y1': '4 -4 0' } }, [classwork()])).toEqual({ answers: { 'p1.a1': '4', 'p1.h1': '-0.5', 'p1.y1': '4 -4 0' } });
  });

  it('gives an example field for a problem without fields', () => {
    expect(() => readResponseSet({ answers: { 'p9.x': '1' } }, [{ id: 'p4', fields: [] }])).toThrow(new UsageError('responses: unknown answer field p9.x (fields look like p4.h1)'));
  });
});
