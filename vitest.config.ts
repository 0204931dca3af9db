import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ when stale: the CLI and server tests run the compiled code.
    globalSetup: ['test/global-setup.ts'],
    // Slow files first, so both workers of a 2-core machine stay busy to the end.
    sequence: { sequencer: SlowestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
