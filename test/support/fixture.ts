/**
 * Fixtures built inside the tests that read them, never while vitest collects
 * the file.
 *
 * Why: StrykerJS (`npm run mutate`) records which tests reach each mutant. Code
 * run at collection time (a `describe` body, a module-level `const solution =
 * solve(…)`) reaches every mutant it touches "statically", and Stryker must
 * then rerun every test for each of those mutants; worse, a value computed
 * before the mutant is switched on cannot kill it. A `fixture` is built on its
 * first read inside a test. In an ordinary run it is then shared by the file's
 * later tests (the 1,000-seed contract is generated once); under mutation
 * testing (`RNNQUIZ_MUTATION=1`, set by vitest.mutate.config.ts) it is rebuilt
 * in every test, so each test's coverage includes the code it depends on.
 *
 * @example
 *   const solution = fixture(() => gru.solve(gru.parseGiven(GRU_HAND_GIVEN)));
 *   it('…', () => expect(solution().fields).toHaveLength(7));
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';

/** True under `npm run mutate`: fixtures are rebuilt per test and sweeps use fewer seeds. */
export const MUTATION_RUN = process.env.RNNQUIZ_MUTATION === '1';

export function fixture<T>(build: () => T): () => T {
  let built: { test: string | undefined; value: T } | undefined;
  return () => {
    const { currentTestName: test } = expect.getState();
    if (test === undefined) throw new Error('a fixture is read inside a test, not while the file is collected');
    if (!built || (MUTATION_RUN && built.test !== test)) built = { test, value: build() };
    return built.value;
  };
}

/**
 * The number of seeds a sweep runs: `full` in ordinary runs, a hundredth (at
 * least 5) under mutation testing, where each surviving mutant reruns every sweep
 * that reaches it (a change to the engine reaches them all). Fewer seeds
 * can only let more mutants survive, so the score is not flattered.
 */
export const sweepSeeds = (full: number): number => (MUTATION_RUN ? Math.max(5, Math.round(full / 100)) : full);

/**
 * Setup and teardown of a resource a file's tests share (a server on a
 * temporary database): once for the file in ordinary runs, around every test
 * under mutation testing, for the reason `fixture` gives (a server started in
 * `beforeAll` would make every route's setup "static" to Stryker).
 *
 * @example
 *   let s: TestServer;
 *   sharedSetup(async () => { s = await startTestServer(); }, () => s.close());
 */
export function sharedSetup(setup: () => Promise<void> | void, teardown: () => Promise<void> | void): void {
  if (MUTATION_RUN) {
    beforeEach(setup);
    afterEach(teardown);
  } else {
    beforeAll(setup);
    afterAll(teardown);
  }
}

/**
 * Under mutation testing only: every test of the file first loads the given
 * modules anew, so that their module-level code (symbol tables, mistake
 * targets, presentation metadata, route constants) runs inside the test.
 *
 * Why: Stryker calls a mutant of such code "static" (reached only while files
 * load) and must either run every test of the part against it, with a fresh
 * module graph, or leave it out (`--ignore-static`, which the score counts as
 * surviving). Loaded inside each test, the same code is reached by the file's
 * tests, so Stryker runs exactly those tests against it (the mutant is active
 * from the first load, so the tests' own imports are mutated too). In ordinary
 * runs this does nothing.
 *
 * @example
 *   coverModuleLoad(() => import('../../src/families/gru.js'));
 */
export function coverModuleLoad(...loads: Array<() => Promise<unknown>>): void {
  if (!MUTATION_RUN) return;
  beforeEach(async () => {
    // Only while Stryker records coverage (its dry run sets the current test's id before each test):
    // when it tests a mutant, a static one is active from the first load anyway, and loading again
    // in every test would only slow each run down.
    if (strykerCoverageTestId() === undefined) return;
    vi.resetModules();
    for (const load of loads) await load();
  });
}

/** The test Stryker is recording coverage for, if any (its vitest runner keeps it on this global). */
function strykerCoverageTestId(): string | undefined {
  return (globalThis as { __stryker__?: { currentTestId?: string } }).__stryker__?.currentTestId;
}
