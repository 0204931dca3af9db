import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ when stale: the CLI and server tests run the compiled code.
    globalSetup: ['test/global-setup.ts'],
    // Two workers on 2 cores (vitest's default is cores − 1: one file at a time here). Many files
    // wait on a child process, a browser or the disk, so a second worker nearly halves the wall time.
    maxWorkers: 2,
    // Slow files first, so both workers stay busy to the end.
    sequence: { sequencer: SlowestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
