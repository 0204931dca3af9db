/**
 * Generated-and-solved problems per second for birnn-forward, rnn-classify,
 * bptt, param-count and rnn-architecture (default options, seeds 1..N), each
 * with its ratio to rnn-forward, the baseline measured in the same run.
 * Every problem is generated under all SPEC §4 rules and solved with worked steps.
 */
import { generateProblemSet } from '../src/problems.js';

const SEEDS = 1000;
const FAMILIES = ['birnn-forward', 'rnn-classify', 'bptt', 'param-count', 'rnn-architecture'];

function rate(family: string): number {
  const start = performance.now();
  for (let i = 1; i <= SEEDS; i++) generateProblemSet(family, String(i), 1);
  return SEEDS / ((performance.now() - start) / 1000);
}

export default async function run(): Promise<void> {
  rate('rnn-forward'); // warm-up: JIT and module loading
  const baseline = rate('rnn-forward');
  console.log(`rnn-forward (baseline): ${baseline.toFixed(0)} problems/s over ${SEEDS} seeds`);
  for (const family of FAMILIES) {
    const r = rate(family);
    console.log(`${family}: ${r.toFixed(0)} problems/s (${(r / baseline).toFixed(2)}× rnn-forward)`);
  }
}
