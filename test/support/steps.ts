/**
 * Worked steps as plain rows, for tests that check the key a student reads:
 * `[field, lhs, symbolic, template, args, value]`, values in JSON (SPEC §5:
 * exact values as integers or "p/q", numeric ones as doubles) with every double
 * rounded to 12 places, so that values worked by hand (`1 / (1 + Math.exp(-2))`)
 * compare with `toEqual`. An absent field or symbolic form is `null`.
 *
 * @example
 *   expect(stepsOf('bptt', given)[0]).toEqual(['a1', 'a_{1}', 'u h_{0} + w x_{1}', '{0} \\cdot {1} + {2} \\cdot {3}', ['1/2', 2, 1, 1], 2]);
 */
import { valueToJson } from '../../src/core/value.js';
import type { Solution, Step } from '../../src/families/contract.js';
import { getFamily } from '../../src/families/registry.js';

/** Every number of a JSON value rounded to 12 decimal places (arrays recursively; strings untouched). */
export const round12 = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1e12) / 1e12 : Array.isArray(v) ? v.map(round12) : v);

/** Each step as `[field, lhs, symbolic, template, args, value]` (see above). */
export function stepRows(steps: readonly Step[]): unknown[][] {
  return steps.map((s) => [s.field ?? null, s.lhs, s.symbolic ?? null, s.template, round12(s.args.map(valueToJson)), round12(valueToJson(s.value))]);
}

/** Each step without its values, `[field, lhs, symbolic, template]`: the words of the key. */
export function stepWords(steps: readonly Step[]): (string | null)[][] {
  return steps.map((s) => [s.field ?? null, s.lhs, s.symbolic ?? null, s.template]);
}

/** The part of a family that solves a hand-typed given (a family module imported anew, say: see fresh.ts). */
export interface Solver<G> {
  parseGiven(raw: unknown): G;
  solve(given: G, withSteps?: boolean, options?: Readonly<Record<string, unknown>>): Solution;
}

/**
 * The worked steps of a hand-typed given as rows, printed with `options` (e.g. `{ notation: 'concatenated' }`).
 * `family` is a family id (looked up in the registry) or the family itself.
 */
export function stepsOf<G>(family: string | Solver<G>, given: object, options?: Readonly<Record<string, unknown>>): unknown[][] {
  const solver = (typeof family === 'string' ? getFamily(family) : family) as Solver<unknown>;
  return stepRows(solver.solve(solver.parseGiven(given), true, options).steps);
}
