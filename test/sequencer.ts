/**
 * Test file order for `npm test`: the slow files start first, so the two
 * workers of a 2-core machine finish together instead of one running the
 * browser test alone at the end. Vitest orders by its cache of last run's
 * durations, which a clean clone (CI) does not have: there it would go by file
 * size. Measured on a clean clone (seconds): roster-browser 51,
 * classroom-load 31, abuse 30, store-faults 22, generate-solve 21,
 * dashboard 19, batch CLI 16, math-layout 13, dashboard-roster 13.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST_FIRST = [
  'test/server/roster-browser.test.ts',
  'test/server/classroom-load.test.ts',
  'test/server/abuse.test.ts',
  'test/server/store-faults.test.ts',
  'test/cli/generate-solve.test.ts',
  'test/server/dashboard.test.ts',
  'test/batch/cli.test.ts',
  'test/server/math-layout.test.ts',
  'test/server/dashboard-roster.test.ts',
  'test/families/contract.test.ts',
  'test/grading/mark-cli.test.ts',
  'test/check/check.test.ts',
  'test/export/cli.test.ts',
];

function rank(spec: TestSpecification): number {
  const i = SLOWEST_FIRST.findIndex((f) => spec.moduleId.endsWith(f));
  return i === -1 ? SLOWEST_FIRST.length : i;
}

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
