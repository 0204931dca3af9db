/**
 * Generated-and-solved problems per CPU-second for every family (issue 2
 * goals: ≥ 20,000/s for a 2-step identity rnn-forward, ≥ 5,000/s for a 3-step
 * lstm, on one core). Every problem is drawn under all SPEC §4 rules and
 * solved with its worked steps. Rates are per CPU-second of this process
 * (process.cpuUsage), so other work on a shared machine skews them less than
 * wall time would. The baseline, measured in the same run, is the draw alone
 * (the seeded RNG and the allocation of a candidate): the ratio says how much
 * the rules and the exact solve cost on top of it.
 */
import { createRng } from '../src/core/rng.js';
import { getFamily } from '../src/families/registry.js';
import { generateProblemSet } from '../src/problems.js';

const SEEDS = 3000;

interface Case {
  family: string;
  options: Record<string, unknown>;
  goal?: number;
}

const CASES: Case[] = [
  { family: 'rnn-forward', options: { steps: 2, activation: 'identity' }, goal: 20_000 },
  { family: 'rnn-forward', options: { steps: 3, activation: 'tanh', bias: true } },
  { family: 'birnn-forward', options: {} },
  { family: 'rnn-classify', options: {} },
  { family: 'lstm', options: { steps: 3 }, goal: 5_000 },
  { family: 'lstm', options: {} },
  { family: 'gru', options: { steps: 3 } },
  { family: 'bptt', options: {} },
  { family: 'param-count', options: {} },
  { family: 'rnn-architecture', options: {} },
];

function perCpuSecond(work: (i: number) => void): number {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < SEEDS; i++) work(i);
  const cpu = process.cpuUsage(cpu0);
  return SEEDS / ((cpu.user + cpu.system) / 1e6);
}

export default async function run(): Promise<void> {
  for (const c of CASES) {
    const family = getFamily(c.family);
    const options = family.parseOptions(c.options);
    const drawOnly = () => perCpuSecond((i) => family.draw(createRng(`bench-${i}`).fork(family.id), options));
    const full = () => perCpuSecond((i) => generateProblemSet(c.family, `bench-${i}`, 1, c.options));
    drawOnly();
    full(); // warm-up: JIT and caches
    const baseline = drawOnly();
    const rate = full();
    const goal = c.goal === undefined ? '' : `  goal ≥ ${c.goal}: ${rate >= c.goal ? 'met' : 'NOT met'}`;
    console.log(
      `${`${c.family} ${JSON.stringify(c.options)}`.padEnd(62)} ${rate.toFixed(0).padStart(7)} problems/CPU-s   draw only ${baseline.toFixed(0).padStart(7)}/s   ratio ${(baseline / rate).toFixed(1)}×${goal}`,
    );
  }
}
