/** Grading the key itself, typed at full precision, scores 100 % for every family and 1,000 seeds. */
import { describe, expect, it } from 'vitest';
import { generateProblemSet } from '../../src/problems.js';
import { gradeResponse, keyAsResponses } from '../../src/grading/index.js';
import { sweepSeeds } from '../support/fixture.js';
import { families, richOptions } from './helpers.js';

/** 1,000 seeds (10 under mutation testing, where every surviving grading mutant reruns this file). */
const SEEDS = sweepSeeds(1_000);

describe.each(families())('the key of %s', (_id, family) => {
  it(`scores 100 % for ${SEEDS} seeds (half with tanh and biases where offered)`, () => {
    let graded = 0;
    for (let s = 1; s <= SEEDS; s++) {
      const problems = generateProblemSet(family.id, `key-${s}`, 1, s % 2 === 0 ? richOptions(family) : {}).problems;
      const result = gradeResponse(problems, { answers: keyAsResponses(problems) });
      if (result.score !== result.max) {
        const wrong = Object.entries(result.fields).filter(([, r]) => r.status !== 'correct');
        expect({ seed: s, wrong }).toEqual({ seed: s, wrong: [] });
      }
      graded += Object.keys(result.fields).length;
    }
    expect(graded).toBeGreaterThanOrEqual(SEEDS);
  });
});
