/**
 * The family engine's generic rules (src/families/engine.ts), through the
 * public `verify`, `distinguishable`, `splitFieldName`, `parseOptions` and a
 * family whose rules no draw can meet. Every verdict below is worked by hand.
 *
 * The classwork (U = [2 0; 1 2], W = [2 0 −1; 1 −1 1], h0 = [1, −1], x1 = e1)
 * gives a1 = U h0 + W x1 = [2, −1] + [2, 1] = [4, 0]; a variant of it changes one
 * thing per row of the table.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import Fraction from 'fraction.js';
import { distinguishable, defineFamily, MAX_GENERATION_TRIES, splitFieldName } from '../../src/families/engine.js';
import { getFamily } from '../../src/families/registry.js';
import { createRng } from '../../src/core/rng.js';
import { OptionError } from '../../src/core/errors.js';
import { q } from '../../src/core/num.js';
import { label, scalar, vector, valueToJson, type Value } from '../../src/core/value.js';
import { CLASSWORK_GIVEN, LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

const classwork = CLASSWORK_GIVEN as unknown as Record<string, unknown>;
const verifyRnn = (given: object, options: Record<string, unknown> = {}): string | null => {
  const rnn = getFamily('rnn-forward');
  return rnn.verify(rnn.parseGiven(given), rnn.parseOptions(options));
};

describe('verify: the first generation rule a given breaks', () => {
  it.each([
    ['the classwork itself', classwork, {}, null],
    // U h0 = [1, 1/2 − 2] = [1, −3/2]; a1 = [3, −1/2]: a half, where integers are asked for.
    ['h0 = [1/2, −1], integer weights', { ...classwork, h0: ['1/2', -1] }, {}, 'a1 has a non-friendly value -1/2'],
    ['h0 = [1/2, −1], halves allowed', { ...classwork, h0: ['1/2', -1] }, { weights: 'halves' }, null],
    // U h0 = [1/2, −7/4]; a1 = [5/2, −3/4]: quarters are not halves.
    ['h0 = [1/4, −1], halves', { ...classwork, h0: ['1/4', -1] }, { weights: 'halves' }, 'a1 has a non-friendly value -3/4'],
    // U h0 = [2/3, −5/3]; a1 = [8/3, −2/3]: thirds are not dyadic at all.
    ['h0 = [1/3, −1], halves', { ...classwork, h0: ['1/3', -1] }, { weights: 'halves' }, 'a1 has a non-friendly value 8/3'],
    // U h0 = [60, 28]; a1 = [62, 29].
    ['h0 = [30, −1]', { ...classwork, h0: [30, -1] }, {}, 'a1 has |62| > 50'],
    // U = 9 I, h0 = [3, 3]: a1 = [29, 28] (≤ 50), y1 = V a1 = [29, −1, 84]: y1 comes before a2.
    [
      'U = 9 I, h0 = [3, 3]',
      {
        ...classwork,
        U: [
          [9, 0],
          [0, 9],
        ],
        h0: [3, 3],
      },
      {},
      'y1 has |84| > 50',
    ],
    // U = I, h0 = 0, x2 = 0: a2 = h1 + 0 = a1, so off-by-one could not be told.
    [
      'a2 = a1',
      {
        ...classwork,
        U: [
          [1, 0],
          [0, 1],
        ],
        h0: [0, 0],
        xs: [
          [1, 0, 0],
          [0, 0, 0],
        ],
      },
      {},
      'a1 equals a2',
    ],
  ])('%s', (_, given, options, why) => {
    expect(verifyRnn(given, options)).toBe(why);
  });

  it('checks the partial products of the worked steps, not only the answers', () => {
    // One step: U h0 = [60, 28], W x1 = [−20, 1], a1 = [40, 29], y1 = [40, −11, 29]: every answer is within 50,
    // but the step U h^(0) shows 60.
    const given = {
      ...classwork,
      W: [
        [-20, 0, -1],
        [1, -1, 1],
      ],
      V: [
        [1, 0],
        [-1, 1],
        [0, 1],
      ],
      h0: [30, -1],
      xs: [[1, 0, 0]],
    };
    expect(verifyRnn(given, { steps: 1 })).toBe('\\mathbf{U} \\, \\mathbf{h}^{(0)} has |60| > 50');
  });

  it("runs the family's own rule: the LSTM practice's pf = [2, 24] leaves the gate range", () => {
    const lstm = getFamily('lstm');
    expect(lstm.verify(lstm.parseGiven(LSTM_PRACTICE_GIVEN), lstm.parseOptions({ steps: 1 }))).toBe('pf1 leaves [-4, 4]');
  });
});

describe('distinguishable: can a grader tell two answers apart', () => {
  const half = new Fraction(1, 2); // not the shared small Fraction q(1, 2) returns
  it.each([
    ['the same label', label('A'), label('A'), false],
    ['two labels', label('A'), label('B'), true],
    ['a label and a number', label('1'), scalar(q(1)), true],
    ['a scalar and a vector', scalar(q(1)), vector([q(1)]), true],
    ['vectors of 2 and 3', vector([q(1), q(2)]), vector([q(1), q(2), q(0)]), true],
    ['equal exact vectors', vector([q(1), q(2)]), vector([q(1), q(2)]), false],
    ['exact vectors one apart', vector([q(1), q(2)]), vector([q(1), q(3)]), true],
    ['a shared and a fresh 1/2', scalar(q(1, 2)), scalar(half), false],
    ['1/2 and 3/4, neither shared', scalar(half), scalar(new Fraction(3, 4)), true],
    ['1 and 1.019: within the 0.02 gap', scalar(1), scalar(1.019), false],
    ['1 and 1.021: beyond it', scalar(1), scalar(1.021), true],
    ['10 and 10.19: within 2 % of 10', scalar(10), scalar(10.19), false],
    ['10 and 10.21: beyond 2 %', scalar(10), scalar(10.21), true],
    ['-10 and -10.19: the gap is relative to |a|', scalar(-10), scalar(-10.19), false],
    ['exact 1 and numeric 1.01', scalar(q(1)), scalar(1.01), false],
  ] as [string, Value, Value, boolean][])('%s → %s', (_, a, b, apart) => {
    expect(distinguishable(a, b)).toBe(apart);
  });
});

describe('splitFieldName', () => {
  it.each([
    ['h12', { quantity: 'h', t: 12 }],
    ['pf1', { quantity: 'pf', t: 1 }],
    ['grad', { quantity: 'grad' }],
    ['hb3', { quantity: 'hb', t: 3 }],
    ['x1y', { quantity: 'x1y' }],
    ['7', { quantity: '', t: 7 }],
  ])('%s', (name, parts) => {
    expect(splitFieldName(name)).toEqual(parts);
    expect(splitFieldName(name)).toEqual(parts); // the cached answer is the same
  });
});

describe('parseOptions reads --set strings', () => {
  it('turns "true", "false" and integers into values and leaves other text alone', () => {
    const rnn = getFamily('rnn-forward');
    expect(rnn.parseOptions({ steps: '3', bias: 'true', activation: 'tanh' })).toMatchObject({ steps: 3, bias: true, activation: 'tanh' });
    expect(rnn.parseOptions({ bias: 'false' })).toMatchObject({ bias: false });
    expect(() => rnn.parseOptions({ steps: '2.5' })).toThrow(OptionError);
  });
});

describe('a family whose rules no draw meets', () => {
  it('gives up after MAX_GENERATION_TRIES draws, naming the rule broken most often with an example', () => {
    let draws = 0;
    const stubborn = defineFamily<{ k: number }, Record<string, never>>({
      id: 'stubborn',
      title: 'Never friendly',
      optionsSchema: z.object({}).strict(),
      mistakes: [],
      mistakeTargets: {},
      // Every k is odd: k/2 is never an integer, and 1 in 3 draws is also beyond 50.
      draw: (rng) => {
        draws++;
        return { k: rng.pick([1, 3, 201]) };
      },
      compute(g, ctx) {
        ctx.num('s', q(g.k, 2));
      },
      parseGiven: (raw) => raw as { k: number },
      givenToJson: (g) => ({ k: g.k }),
    });
    let error: unknown;
    try {
      stubborn.generate(createRng('stubborn'), {});
    } catch (e) {
      error = e;
    }
    expect(draws).toBe(MAX_GENERATION_TRIES);
    expect(error).toBeInstanceOf(OptionError);
    const message = (error as Error).message;
    // Both reasons have the shape "s has a non-friendly value #/#" (201/2 is both non-integer and > 50:
    // the denominator is reported first), so one reason counts all 20,000 draws.
    expect(message).toMatch(
      /^option \{\}: no stubborn problem meets the generation rules \(small exact values, no ties, steps and common mistakes that can be told apart\) after 20000 draws; most often \(20000 of 20000 draws\) a rule like: s has a non-friendly value (1|3|201)\/2\. Try smaller sizes, fewer steps or one-hot inputs$/,
    );
  });

  it('a generated problem keeps its solution: the answers are those of solving its given again', () => {
    const rnn = getFamily('rnn-forward');
    const { given, solution } = rnn.generateSolved(createRng('engine-7'), rnn.parseOptions({}));
    const again = rnn.solve(given);
    expect([...solution.answers].map(([k, v]) => [k, valueToJson(v)])).toEqual([...again.answers].map(([k, v]) => [k, valueToJson(v)]));
    expect(rnn.verify(given, rnn.parseOptions({}))).toBeNull();
  });
});
