/**
 * Setup file of the mutation-testing config only (vitest.mutate.config.ts):
 * switches Stryker's mutant on before the test file loads its modules.
 *
 * Why: Stryker runs a mutant against the tests that cover it with "runtime"
 * activation, switching it on in a `beforeAll`, after the test file's imports
 * have already run every module's top-level code. A mutant in that code (a
 * table of mistake targets, helmet's options, an error message constant) was
 * then never active, and was reported as surviving however well it was
 * tested (found by applying one by hand: `EXACT_POWER`'s look-behind, killed
 * by grading-pool.test.ts, "survived" under Stryker). Switched on here, before
 * the imports, every mutant is live from the first line of the module, as
 * Stryker's own "static" activation does. Outside a mutant run this does nothing.
 */
import { inject } from 'vitest';

const provided = inject as unknown as (key: string) => unknown;
if (provided('mode') === 'mutant') {
  const namespace = String(provided('globalNamespace') ?? '__stryker__');
  const globals = globalThis as unknown as Record<string, { activeMutant?: unknown } | undefined>;
  const ns = (globals[namespace] ??= {});
  ns.activeMutant = provided('activeMutant');
}
