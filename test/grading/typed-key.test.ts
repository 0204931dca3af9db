/**
 * The key typed exactly as printed is graded from a verdict worked out once
 * per field (src/grading/typed-key.ts): it must be the verdict the ordinary
 * steps give, for every family, and must follow the points and tolerance of
 * the case at hand.
 */
import { describe, expect, it } from 'vitest';
import { gradeProblem, formatKey, DEFAULT_POLICY } from '../../src/grading/index.js';
import { generateProblemSet } from '../../src/problems.js';
import { families } from './helpers.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/grading/typed-key.js'));

describe('the key typed as printed', () => {
  it.each(families().map(([id]) => [id] as const))('%s: same result as the key typed with an extra leading space (the ordinary path)', (id) => {
    const problem = generateProblemSet(id, 'typed-key', 1).problems[0]!;
    const key = formatKey(problem);
    const spaced = Object.fromEntries(Object.entries(key).map(([k, v]) => [k, ` ${v}`]));
    // Twice: the second grading uses the cached verdicts.
    const first = gradeProblem(problem, key);
    const second = gradeProblem(problem, key);
    expect(second).toEqual(gradeProblem(problem, spaced));
    expect(first).toEqual(second);
    expect(second.score).toBe(second.max);
    // A caller changing a result does not change the next one.
    const name = problem.fields[0]!.name;
    second.fields[name]!.points = -1;
    expect(gradeProblem(problem, key).fields[name]!.points).toBe(1);
  });

  it.each(families().map(([id]) => [id] as const))('%s: the key as printed is right at zero tolerance too, so its verdict never depends on the tolerance', (id) => {
    const EXACT = { ...DEFAULT_POLICY, tolerance: { atol: 0, rtol: 0 } };
    const problem = generateProblemSet(id, 'zero-tolerance', 1).problems[0]!;
    const key = formatKey(problem);
    const exact = gradeProblem(problem, key, EXACT);
    expect(exact.score).toBe(exact.max);
    // The same text one digit off is not the key: at zero tolerance it is wrong.
    const name = problem.fields.find((f) => /\d$/.test(key[f.name] ?? '') && !/e-?\d+$/.test(key[f.name] ?? ''))?.name;
    if (name === undefined) return;
    const off = { ...key, [name]: (key[name] as string).replace(/\d$/, (d) => String((Number(d) + 1) % 10)) };
    expect(gradeProblem(problem, off, EXACT).fields[name]!.status).not.toBe('correct');
  });

  it('follows the points of the problem at hand', () => {
    const problem = generateProblemSet('rnn-forward', 'typed-key', 1, { steps: 2 }).problems[0]!;
    const key = formatKey(problem);
    expect(gradeProblem(problem, key).max).toBe(problem.fields.length);
    const weighted = { ...problem, points: Object.fromEntries(problem.fields.map((f) => [f.name, 3])) };
    const r = gradeProblem(weighted, key);
    expect([r.score, r.max]).toEqual([3 * problem.fields.length, 3 * problem.fields.length]);
  });
});
