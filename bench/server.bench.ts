/**
 * `npm run bench -- server`: autocannon against `POST /api/submissions` of
 * the real server (a child process: `rnnquiz serve`, SQLite storage with
 * synchronous=FULL, rate limit off, request log off) and, in the same run,
 * against a bare express JSON echo route in a child process of its own. Prints
 * both req/s, their ratio and the p99 latencies (goal: ratio ≥ 0.5, p99 ≤ 20 ms
 * at 50 connections). Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import express from 'express';
import { generateProblemSet } from '../src/problems.js';
import { manifestToJson, type Manifest } from '../src/manifest.js';
import { syntheticSheets } from '../src/batch/synthetic.js';
import { DEFAULT_TOLERANCE } from '../src/grading/types.js';
import { signVersionToken } from '../src/version-token.js';

const CONNECTIONS = 50;
const DURATION_S = 8;
/** Distinct bodies sent in turn (each connection cycles through them). */
const BODIES = 200;
const SECRET = 'bench-secret-0123456789abcdef';
const here = fileURLToPath(import.meta.url);
const MAIN = join(here, '..', '..', 'src', 'cli', 'main.js');

/** A one-version manifest: an RNN forward pass and an LSTM step. */
function benchManifest(): Manifest {
  const problems = [...generateProblemSet('rnn-forward', 'bench', 1, { steps: 3 }).problems, ...generateProblemSet('lstm', 'bench', 1).problems.map((p) => ({ ...p, id: 'p2' }))].map((p) => ({
    ...p,
    points: Object.fromEntries(p.fields.map((f) => [f.name, 1])),
    tolerance: Object.fromEntries(p.fields.filter((f) => f.kind === 'numeric').map((f) => [f.name, DEFAULT_TOLERANCE])),
  }));
  return { bank: 'bench', seed: 'bench', policy: { carriedCredit: 1 }, versions: [{ id: 'V01', seed: 'bench', token: signVersionToken(SECRET, 'bench', 'V01'), problems }] };
}

/** Spawns a child and resolves with its URL once it prints `… at http://127.0.0.1:PORT/`. */
export function startChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) resolve({ proc, url: m[1] as string });
    });
    proc.on('exit', (code) => reject(new Error(`child exited (${code}): ${err}`)));
  });
}

type Request = { method: 'POST'; path: string; headers: Record<string, string>; body: string };

/** CPU time (user + system, ms) the process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function load(url: string, requests: Request[], pid: number): Promise<{ rps: number; p99: number; p50: number; errors: number; non2xx: number; cpuUsPerReq: number }> {
  const cpu0 = cpuMs(pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests });
  const cpuUsPerReq = ((cpuMs(pid) - cpu0) * 1000) / Math.max(1, r.requests.total);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors, non2xx: r.non2xx, cpuUsPerReq };
}

/** The baseline: express 5 with a 64 KB JSON parser echoing the body, nothing else. */
function runEchoServer(): void {
  const app = express();
  app.post('/echo', express.json({ limit: '64kb' }), (req, res) => {
    res.json(req.body);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.stderr.write(`echo at http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/\n`);
  });
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-bench-'));
  const manifest = benchManifest();
  const manifestPath = join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifestToJson(manifest)));
  const version = manifest.versions[0]!;
  // Realistic sheets: right, rounded, blank, garbled, wrong, carried-forward and named-mistake
  // answers in the proportions of the batch grader's synthetic students, one student id each.
  const sheets = [...syntheticSheets(manifest, BODIES, 'bench')];
  const bodies = sheets.map((s) => JSON.stringify({ token: version.token, answers: s.answers, student: s.studentId }));
  const requests = (path: string): Request[] => bodies.map((body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body }));
  const children: ChildProcess[] = [];
  try {
    const echo = await startChild([here, '--echo-server']);
    children.push(echo.proc);
    const site = await startChild([MAIN, 'serve', '--manifest', manifestPath, '--db', join(dir, 'bench.db'), '--port', '0', '--no-rate-limit', '--quiet'], {
      RNNQUIZ_SECRET: SECRET,
      RNNQUIZ_ADMIN_TOKEN: 'bench-admin-0123456789abcdef',
    });
    children.push(site.proc);
    // Warm both (JIT, caches), then measure one after the other.
    await autocannon({ url: echo.url, connections: 10, amount: 1000, requests: requests('/echo') });
    await autocannon({ url: site.url, connections: 10, amount: 1000, requests: requests('/api/submissions') });
    const load0 = loadavg()[0] as number;
    const base = await load(echo.url, requests('/echo'), echo.proc.pid as number);
    const real = await load(site.url, requests('/api/submissions'), site.proc.pid as number);
    const fields = version.problems.flatMap((p) => p.fields).length;
    const styles = new Map<string, number>();
    for (const s of sheets) for (const st of Object.values(s.styles)) styles.set(st, (styles.get(st) ?? 0) + 1);
    const mix = [...styles].map(([k, n]) => `${k} ${Math.round((100 * n) / (BODIES * fields))}%`).join(', ');
    console.log(`${BODIES} distinct bodies (${Math.round(bodies.reduce((a, b) => a + b.length, 0) / BODIES)} bytes on average), ${fields} answer fields: ${mix}`);
    console.log(`${CONNECTIONS} connections, ${DURATION_S} s each; load average before: ${load0.toFixed(2)} (2 cores, autocannon on the same machine)`);
    const line = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      `${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${r.cpuUsPerReq.toFixed(0)} µs/req (errors ${r.errors}, non-2xx ${r.non2xx})`;
    console.log(line('bare express JSON echo ', base));
    console.log(`${line('POST /api/submissions  ', real)} — graded and stored (WAL, synchronous=FULL)`);
    console.log(`ratio submissions/echo : ${(real.rps / base.rps).toFixed(2)} (goal ≥ 0.5); p99 ${real.p99} ms (goal ≤ 20 ms; echo's own p99 ${base.p99} ms)`);
    // The 20 ms goal was set on a machine where the bare echo's p99 was 11–12 ms; where the echo alone
    // is slower than the goal, the p99 ratio is the figure that compares across machines.
    console.log(`p99 submissions/echo   : ${(real.p99 / Math.max(1, base.p99)).toFixed(2)} (first measured 1.5–1.6: 17–19 ms against 11–12 ms)`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === here && process.argv.includes('--echo-server')) runEchoServer();
