/**
 * `npm run bench`: runs every `bench/*.bench.ts` (compiled to dist/bench) in turn,
 * or only those whose name contains an argument: `npm run bench -- grading`.
 * Each benchmark prints its figures and its ratio against a baseline measured
 * in the same run. Benchmarks are never timed unit tests.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  // Only benchmarks whose source still exists (dist/ may hold stale output of removed ones).
  .filter((f) => existsSync(join(here, '..', '..', 'bench', f.replace(/\.js$/, '.ts'))))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: () => Promise<void> | void };
  if (typeof mod.default !== 'function') continue;
  console.log(`\n== ${file.replace('.bench.js', '')} ==`);
  await mod.default();
}
