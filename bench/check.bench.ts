/**
 * `rnnquiz check` of the default bank with 1,000 variants per item (and 30
 * versions planned with the fairness band), on worker threads over every
 * core. Goal (issue 15): ≤ 30 s on this machine's 2 cores. The machine is
 * shared, so CPU time of the whole process (all threads) is reported too:
 * CPU time ÷ cores is the wall time with every core free. Baseline, measured
 * in the same run on one thread: only drawing the same variants (generate and
 * solve with worked steps, what a build does per problem) — the ratio is what
 * the checking (rules re-verified, key graded, mistakes run, hand work
 * counted) costs on top of drawing.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseBank } from '../src/bank/load.js';
import { getFamily } from '../src/families/registry.js';
import { runCheck } from '../src/check/run.js';
import { variantRng } from '../src/check/variants.js';

const FILE = 'question-banks/rnn-midterm.yaml';
const VARIANTS = 1000;
const GOAL_SECONDS = 30;

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

export default async function main(): Promise<void> {
  const text = readFileSync(FILE, 'utf8');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await runCheck({ bank: { text, file: FILE }, variants: VARIANTS, seed: 'bench', versions: 30 });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(cpu0);
  const drawn = report.items.reduce((a, i) => a + i.variants, 0);

  const bank = parseBank(text, FILE);
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  for (const item of bank.items) {
    if (item.kind !== 'family') continue;
    const family = getFamily(item.family);
    for (let i = 0; i < VARIANTS; i++) family.generateSolved(variantRng('bench', item, i), item.options);
  }
  const baseWall = (performance.now() - t1) / 1000;
  const baseCpu = cpuSeconds(cpu1);

  console.log(`check: ${report.items.length} items, ${drawn} variants (${VARIANTS} per item), 30 versions planned, verdict ${report.ok ? 'pass' : 'FAIL'}`);
  console.log(
    `       ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (all threads) on ${report.threads} thread(s) of ${availableParallelism()} cores; goal ≤ ${GOAL_SECONDS} s: ${wall <= GOAL_SECONDS ? 'met' : 'NOT met'}`,
  );
  console.log(`       with every core free: ≈ ${(cpu / report.threads).toFixed(2)} s wall (CPU time ÷ threads)`);
  console.log(`baseline: drawing the family items' variants only, one thread: ${baseWall.toFixed(2)} s wall (${baseCpu.toFixed(2)} s CPU)`);
  console.log(`ratio check/baseline: ${(cpu / baseCpu).toFixed(2)}× CPU`);
}
