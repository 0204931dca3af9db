/**
 * A module imported anew, with empty module-level caches.
 *
 * Why: some code builds its strings once and caches them (the LSTM's symbols
 * and step names, per notation and step). Under StrykerJS's per-test coverage
 * only the test that first fills such a cache "covers" the code that builds it;
 * a later test that checks those strings reads the cache, is not counted, and
 * is never run against the mutants it would kill. Importing the module anew
 * inside the test makes the test build, and so cover, what it checks.
 *
 * @example
 *   const { lstm } = await fresh(() => import('../../src/families/lstm.js'));
 */
import { vi } from 'vitest';

export async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}
