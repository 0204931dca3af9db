#!/usr/bin/env node
/**
 * `npm run mutate [part …]`: StrykerJS over the pure core and the server, one
 * part at a time, then one mutation score over all of them.
 *
 * Why parts: on 2 cores a single Stryker run over everything would judge each
 * mutant of src/core by every test that happens to pass through it (the server
 * tests included), which costs hours and gives credit to tests not aimed at the
 * code. Here each part is judged by its own tests only (MUTATE_TESTS narrows
 * vitest.mutate.config.ts), which is both faster and stricter. Each part keeps
 * Stryker's incremental file in reports/mutation/, so a second run retests only
 * the mutants whose code or covering tests changed.
 *
 *   npm run mutate                  every part, then the table
 *   npm run mutate -- grading       one part (the table still shows every part run so far)
 *   npm run mutate -- --report      the table only, from the saved results
 *   npm run mutate -- --timeout-ms 3000 grading
 *                                   Stryker's per-mutant time allowance on top of the normal
 *                                   test time (default 10 s): smaller is much faster when many
 *                                   mutants loop forever (the answer lexer), never kinder
 *   npm run mutate -- --ignore-static families
 *                                   skip mutants reached only while files load (reported as
 *                                   "ignored" and NOT in the score's favour: see below)
 *
 * The score is Stryker's: (killed + timed out) / (killed + timed out + survived + no coverage).
 * Mutants left out with --ignore-static are listed separately, and a second
 * figure counts them as survivors, so skipping them never raises the headline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The LSTM, the GRU and the engine they share: about 40 % of the families' mutants. */
const GATED = ['src/families/lstm.ts', 'src/families/gru.ts', 'src/families/gated.ts', 'src/families/engine.ts'];

/** The folders the issue names, each with the tests aimed at it. */
const PARTS = [
  { name: 'core', mutate: ['src/core/**/*.ts', 'src/version-token.ts'], tests: ['test/core/**/*.test.ts', 'test/exam/version-token.test.ts'] },
  // The families in two parts (the gated cells and their engine, then the rest), each judged by every family test.
  { name: 'families', mutate: ['src/families/**/*.ts', ...GATED.map((f) => `!${f}`)], tests: ['test/families/**/*.test.ts'] },
  { name: 'families-gated', mutate: GATED, tests: ['test/families/**/*.test.ts'] },
  { name: 'grading', mutate: ['src/grading/**/*.ts'], tests: ['test/grading/**/*.test.ts'] },
  // The server in two parts, so that each finishes in one sitting (Stryker saves its results only at the end of a run).
  { name: 'server', mutate: ['server/*.ts'], tests: ['test/server/**/*.test.ts', 'test/store/**/*.test.ts'] },
  { name: 'server-pages', mutate: ['server/routes/**/*.ts', 'server/dashboard/**/*.ts'], tests: ['test/server/**/*.test.ts', 'test/store/**/*.test.ts'] },
];

/** The goal of issue 18. */
const GOAL = 80;

const resultFile = (part) => `reports/mutation/${part.name}.incremental.json`;

function runPart(part, ignoreStatic, timeoutMS) {
  console.log(`\n=== mutating ${part.name}: ${part.mutate.join(', ')} (tests: ${part.tests.join(', ')})`);
  const args = [
    'stryker',
    'run',
    '--mutate',
    part.mutate.join(','),
    // No leading dot: express's sendFile refuses any path with a dot-folder in it, so the
    // static-file routes would answer 404 inside a sandbox under .stryker-tmp*/.
    '--tempDirName',
    `stryker-tmp-${part.name}`,
    '--incrementalFile',
    resultFile(part),
    '--reporters',
    'progress-append-only,clear-text',
  ];
  if (ignoreStatic) args.push('--ignoreStatic');
  if (timeoutMS !== undefined) args.push('--timeoutMS', String(timeoutMS));
  // The tests' temporary folders go under one scratch folder, removed afterwards (vitest's global
  // setup does this for npm test, but the mutation config has none): a mutant that breaks a test's
  // cleanup, or a run stopped halfway, leaves nothing in /tmp.
  const scratch = mkdtempSync(join(tmpdir(), 'rnnquiz-mutate-'));
  try {
    const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, MUTATE_TESTS: part.tests.join(','), TMPDIR: scratch } });
    if (run.status !== 0) throw new Error(`stryker failed on ${part.name} (exit ${run.status})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function tally(part) {
  const report = JSON.parse(readFileSync(resultFile(part), 'utf8'));
  const counts = { detected: 0, undetected: 0, ignored: 0, files: 0 };
  for (const file of Object.values(report.files)) {
    counts.files++;
    for (const m of file.mutants) {
      if (DETECTED.has(m.status)) counts.detected++;
      else if (UNDETECTED.has(m.status)) counts.undetected++;
      else if (m.status === 'Ignored') counts.ignored++;
    }
  }
  return counts;
}

const percent = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(2)} %`);

function printTable() {
  const rows = [];
  const total = { detected: 0, undetected: 0, ignored: 0 };
  for (const part of PARTS) {
    if (!existsSync(resultFile(part))) {
      rows.push([part.name, 'not run yet', '', '', '', '']);
      continue;
    }
    const c = tally(part);
    for (const k of Object.keys(total)) total[k] += c[k];
    rows.push([part.name, String(c.detected), String(c.undetected), String(c.ignored), percent(c.detected, c.detected + c.undetected), percent(c.detected, c.detected + c.undetected + c.ignored)]);
  }
  rows.push([
    'all',
    String(total.detected),
    String(total.undetected),
    String(total.ignored),
    percent(total.detected, total.detected + total.undetected),
    percent(total.detected, total.detected + total.undetected + total.ignored),
  ]);
  const head = ['part', 'detected', 'undetected', 'ignored', 'score', 'score if ignored survive'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
  const all = PARTS.every((p) => existsSync(resultFile(p)));
  const score = (100 * total.detected) / Math.max(1, total.detected + total.undetected);
  console.log(`\nmutation score${all ? '' : ' (parts not run yet are left out)'}: ${score.toFixed(2)} % (goal ${GOAL} %)`);
  return all && score >= GOAL && total.ignored === 0;
}

const args = process.argv.slice(2);
const reportOnly = args.includes('--report');
const ignoreStatic = args.includes('--ignore-static');
const timeoutAt = args.indexOf('--timeout-ms');
const timeoutMS = timeoutAt < 0 ? undefined : Number(args[timeoutAt + 1]);
if (timeoutMS !== undefined && !(Number.isInteger(timeoutMS) && timeoutMS > 0)) {
  console.error(`--timeout-ms needs a whole number of milliseconds, got ${args[timeoutAt + 1] ?? 'nothing'}`);
  process.exit(2);
}
const named = args.filter((a, i) => !a.startsWith('--') && !(timeoutAt >= 0 && i === timeoutAt + 1));
const unknown = named.filter((n) => !PARTS.some((p) => p.name === n));
if (unknown.length > 0) {
  console.error(`unknown part ${unknown.join(', ')}: the parts are ${PARTS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
if (!reportOnly) for (const part of PARTS.filter((p) => named.length === 0 || named.includes(p.name))) runPart(part, ignoreStatic, timeoutMS);
process.exit(printTable() ? 0 : 1);
