/**
 * Generated-and-solved 3-step `lstm` and `gru` problems per second (issue 2
 * goal: ≥ 5,000 lstm per second on one core), seeds 1..N, each generated under
 * every SPEC §4 rule and solved with worked steps. Rates are per CPU-second of
 * this process (process.cpuUsage), so other work on a shared machine skews
 * them less than wall time would; the baseline is rnn-forward (3 steps, tanh)
 * measured in the same run.
 */
import { generateProblemSet } from '../src/problems.js';

const SEEDS = 2000;
const GOAL = 5000;

function rate(family: string, options: Record<string, unknown>): { cpu: number; wall: number } {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 1; i <= SEEDS; i++) generateProblemSet(family, String(i), 1, options);
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { cpu: SEEDS / ((cpu.user + cpu.system) / 1e6), wall: SEEDS / wall };
}

export default async function run(): Promise<void> {
  const cases: [string, Record<string, unknown>][] = [
    ['lstm', { steps: 3 }],
    ['lstm', { steps: 3, hidden: 3, input: 3 }],
    ['lstm', {}],
    ['gru', { steps: 3 }],
    ['gru', { steps: 3, bias: true }],
  ];
  rate('rnn-forward', { steps: 3, activation: 'tanh' }); // warm-up: JIT and module loading
  rate('lstm', { steps: 3 });
  const baseline = rate('rnn-forward', { steps: 3, activation: 'tanh' });
  console.log(`rnn-forward steps=3 tanh (baseline): ${baseline.cpu.toFixed(0)} problems/CPU-s (${baseline.wall.toFixed(0)}/s wall) over ${SEEDS} seeds`);
  for (const [family, options] of cases) {
    const r = rate(family, options);
    const goal = family === 'lstm' && options.steps === 3 && options.hidden === undefined ? `, goal ${GOAL}: ${r.cpu >= GOAL ? 'met' : 'NOT met'}` : '';
    console.log(`${family} ${JSON.stringify(options)}: ${r.cpu.toFixed(0)} problems/CPU-s (${r.wall.toFixed(0)}/s wall, ${(r.cpu / baseline.cpu).toFixed(2)}× rnn-forward)${goal}`);
  }
}
