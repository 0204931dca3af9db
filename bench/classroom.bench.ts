/**
 * `npm run bench -- classroom`: 300 roster students behind one address save 5
 * times and submit once through the real server with its rate limit on
 * (bench/classroom.ts). Prints the p50/p99 of save and submit, the replies by
 * status, and the wall time (goal: every reply 2xx, all within a minute).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASSROOM, percentile, runClassroom } from './classroom.js';

const MAIN = join(fileURLToPath(import.meta.url), '..', '..', 'src', 'cli', 'main.js');

export default async function classroomBench(): Promise<void> {
  const r = await runClassroom(MAIN, CLASSROOM);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`${CLASSROOM.students} students × (${CLASSROOM.saves} saves + 1 submit) from 127.0.0.1, rate limit on: ${(r.wallMs / 1000).toFixed(1)} s wall, load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`replies by status: ${[...r.statuses].map(([s, n]) => `${s} × ${n}`).join(', ')}`);
  console.log(`save:   p50 ${ms(percentile(r.saveMs, 50))}, p99 ${ms(percentile(r.saveMs, 99))} (${r.saveMs.length} requests)`);
  console.log(`submit: p50 ${ms(percentile(r.submitMs, 50))}, p99 ${ms(percentile(r.submitMs, 99))} (${r.submitMs.length} requests)`);
}
