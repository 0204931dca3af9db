import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/sequencer.js';

/**
 * Test files that get a module graph of their own: the writer thread's test
 * replaces `node:worker_threads` for its file, and the rest start browsers or
 * server processes, so sharing modules would save them nothing.
 */
const ISOLATED = [
  'test/server/grade-worker.test.ts',
  'test/server/abuse.test.ts',
  'test/server/browser.test.ts',
  'test/server/choice-browser.test.ts',
  'test/server/classroom-load.test.ts',
  'test/server/dashboard.test.ts',
  'test/server/dashboard-roster.test.ts',
  'test/server/durability.test.ts',
  'test/server/math-layout.test.ts',
  'test/server/roster-browser.test.ts',
  'test/server/store-faults.test.ts',
];

export default defineConfig({
  test: {
    // Rebuilds dist/ when stale: the CLI and server tests run the compiled code.
    globalSetup: ['test/global-setup.ts'],
    // Two workers on 2 cores (vitest's default is cores − 1: one file at a time here). Many files
    // wait on a child process, a browser or the disk, so a second worker nearly halves the wall time.
    maxWorkers: 2,
    // Slow files first, so both workers stay busy to the end.
    sequence: { sequencer: SlowestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      // Every other file shares its worker's modules with the files before it (`isolate: false`):
      // none keeps module state of its own (a family it registers is unregistered, a module it
      // mocks unmocked, each server on its own database), and loading the core, the families, the
      // grader and the app once per worker instead of once per file saves most of their time
      // (one worker: 1,891 tests of the pure folders 85 s → 36 s; 391 in-process server tests 50 s → 11 s).
      { extends: true, test: { name: 'shared-modules', include: ['test/**/*.test.ts'], exclude: [...ISOLATED, 'node_modules/**'], isolate: false } },
    ],
  },
});
