/**
 * rnn-classify: the lecture's classwork read as a many-to-one classifier (only
 * the last state, h2 = [7, 5], is classified: y = [7, -2, 15] → NOUN), answer
 * names, errors, determinism and mistakes.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, fixture } from '../support/fixture.js';
import { rnnClassify } from '../../src/families/rnn-classify.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { generateProblemSet, problemToJson } from '../../src/problems.js';
import { fieldOf } from './errors.js';
import { CLASSWORK_GIVEN } from '../fixtures/lecture.js';
import { round12, stepsOf } from '../support/steps.js';

coverModuleLoad(() => import('../../src/families/rnn-classify.js'));

const classwork = CLASSWORK_GIVEN;

describe('rnn-classify', () => {
  const solution = fixture(() => rnnClassify.solve(rnnClassify.parseGiven(classwork)));
  const answer = (name: string) => valueToJson(solution().answers.get(name) as Value);

  it('runs the classwork recurrence and classifies only the last state', () => {
    expect([...solution().answers.keys()]).toEqual(['a1', 'h1', 'a2', 'h2', 'y', 'o', 'label']);
    expect(answer('h1')).toEqual([4, 0]);
    expect(answer('h2')).toEqual([7, 5]);
    expect(answer('y')).toEqual([7, -2, 15]);
    expect(answer('label')).toBe('NOUN');
    const o = answer('o') as number[];
    const z = Math.exp(7) + Math.exp(-2) + Math.exp(15);
    expect(o[2]).toBeCloseTo(Math.exp(15) / z, 12);
  });

  it('shows y = V h^{(T)} as a product step', () => {
    const y = solution().steps.find((s) => s.field === 'y')!;
    expect(y.symbolic).toBe('\\mathbf{V} \\, \\mathbf{h}^{(2)}');
    expect(valueToJson(y.args[1]!)).toEqual([7, 5]);
  });

  it('defaults to three steps and names bad options', () => {
    expect(rnnClassify.parseOptions({}).steps).toBe(3);
    expect(fieldOf(() => rnnClassify.parseOptions({ steps: 0 }))).toBe('steps');
    expect(fieldOf(() => rnnClassify.parseOptions({ classes: 9 }))).toBe('classes');
    expect(fieldOf(() => rnnClassify.parseOptions({ many: 'one' }))).toBe('many');
  });

  it('names the field of a bad given', () => {
    expect(fieldOf(() => rnnClassify.parseGiven({ ...classwork, W: [[1, 2, 3]] }))).toBe('W');
    expect(fieldOf(() => rnnClassify.parseGiven({ ...classwork, h0: [1, 2, 3] }))).toBe('h0');
    expect(fieldOf(() => rnnClassify.parseGiven({ ...classwork, xs: [[1, 0]] }))).toBe('xs');
  });

  it('generates byte-identical problems for the same seed', () => {
    const a = JSON.stringify(generateProblemSet('rnn-classify', '7', 3).problems.map((p) => problemToJson(p)));
    expect(JSON.stringify(generateProblemSet('rnn-classify', '7', 3).problems.map((p) => problemToJson(p)))).toBe(a);
    const p = JSON.parse(a)[0];
    expect(Object.keys(p.answers)).toEqual(['a1', 'h1', 'a2', 'h2', 'a3', 'h3', 'y', 'o', 'label']);
  });

  it('changes the target of each implemented mistake', () => {
    const g = rnnClassify.parseGiven({
      ...classwork,
      activation: 'tanh',
      b: [1, -1],
      W: [
        [2, 0],
        [1, -1],
      ],
      xs: [
        [1, 0],
        [0, 1],
      ],
    });
    const right = rnnClassify.solve(g).answers;
    const targets: Record<string, string> = { 'swapped-UW': 'a1', 'missing-bias': 'a1', 'missing-activation': 'h1', 'sigmoid-for-tanh': 'h1', 'softmax-skipped': 'o' };
    expect(Object.keys(targets).sort()).toEqual([...rnnClassify.mistakes].sort());
    for (const [mistake, field] of Object.entries(targets)) {
      const wrong = rnnClassify.recompute(g, new Map(), mistake as never)!;
      expect(valueToJson(wrong.get(field)!), mistake).not.toEqual(valueToJson(right.get(field)!));
    }
    // softmax skipped: o is y itself
    expect(valueToJson(rnnClassify.recompute(g, new Map(), 'softmax-skipped')!.get('o')!)).toEqual(valueToJson(right.get('y')!));
  });
});

describe('rnn-classify: the worked steps after the recurrence', () => {
  it('shows y = V h^{(T)}, o = softmax(y) and the arg max without a time index', () => {
    // The classwork: h2 = [7, 5]; y = V h2 = [7, -7 + 5, 15] = [7, -2, 15] → index 2, NOUN.
    const z = Math.exp(7) + Math.exp(-2) + Math.exp(15);
    const steps = stepsOf('rnn-classify', classwork);
    // two recurrence steps of four rows each (U h, W x, a, h), then the output
    expect(steps).toHaveLength(11);
    expect(steps.slice(8)).toEqual([
      ['y', '\\mathbf{y}', '\\mathbf{V} \\, \\mathbf{h}^{(2)}', '{0}{1}', [classwork.V, [7, 5]], [7, -2, 15]],
      ['o', '\\mathbf{o}', '\\operatorname{softmax}(\\mathbf{y})', '\\operatorname{softmax}({0})', [[7, -2, 15]], round12([Math.exp(7) / z, Math.exp(-2) / z, Math.exp(15) / z])],
      ['label', '\\text{label}', '\\arg\\max_i \\mathbf{o}_i', '\\text{index } {0}', [2], 'NOUN'],
    ]);
  });
});

describe('rnn-classify: generation rules', () => {
  const verify = (change: object) => rnnClassify.verify(rnnClassify.parseGiven({ ...classwork, ...change }), rnnClassify.parseOptions({}));

  it.each([
    [
      'U all zero',
      {
        U: [
          [0, 0],
          [0, 0],
        ],
      },
      'U is all zero',
    ],
    [
      'W all zero',
      {
        W: [
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
      'W is all zero',
    ],
    // y = [7, 0, 15]
    [
      'a zero row in V',
      {
        V: [
          [1, 0],
          [0, 0],
          [0, 3],
        ],
      },
      'V has an all-zero row',
    ],
    // y = V [7, 5] = [7, 7, 5]: the first two tie.
    [
      'a tie in y',
      {
        V: [
          [1, 0],
          [1, 0],
          [0, 1],
        ],
      },
      'y has no clear winner',
    ],
    ['the classwork', {}, null],
  ])('%s → %s', (_, change, why) => {
    expect(verify(change)).toBe(why);
  });
});
