/**
 * `npm run bench -- server`: autocannon against `POST /api/submissions` of
 * the real server (a child process: `rnnquiz serve`, SQLite storage with
 * synchronous=FULL, rate limit off, request log off) and, in the same run,
 * against a bare express JSON echo route in a child process of its own. Prints
 * both req/s, their ratio and the p99 latencies (goal: ratio ≥ 0.5, p99 ≤ 20 ms
 * at 50 connections). Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import express from 'express';
import { generateProblemSet } from '../src/problems.js';
import { manifestToJson, type Manifest } from '../src/manifest.js';
import { keyAsResponses } from '../src/grading/index.js';
import { DEFAULT_TOLERANCE } from '../src/grading/types.js';
import { signVersionToken } from '../src/tokens.js';

const CONNECTIONS = 50;
const DURATION_S = 8;
const SECRET = 'bench-secret-0123456789abcdef';
const here = fileURLToPath(import.meta.url);
const MAIN = join(here, '..', '..', 'src', 'cli', 'main.js');

/** A one-version manifest: an LSTM step and an RNN forward pass, as a student would answer them. */
function benchManifest(): Manifest {
  const problems = [...generateProblemSet('rnn-forward', 'bench', 1, { steps: 3 }).problems, ...generateProblemSet('lstm', 'bench', 1).problems.map((p) => ({ ...p, id: 'p2' }))].map((p) => ({
    ...p,
    points: Object.fromEntries(p.fields.map((f) => [f.name, 1])),
    tolerance: Object.fromEntries(p.fields.filter((f) => f.kind === 'numeric').map((f) => [f.name, DEFAULT_TOLERANCE])),
  }));
  return { bank: 'bench', seed: 'bench', policy: { carriedCredit: 1 }, versions: [{ id: 'V01', seed: 'bench', token: signVersionToken(SECRET, 'bench', 'V01'), problems }] };
}

/** Spawns a child and resolves with its URL once it prints `… at http://127.0.0.1:PORT/`. */
function startChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ proc: ChildProcess; url: string }> {
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

async function load(url: string, body: string): Promise<{ rps: number; p99: number; p50: number; errors: number; non2xx: number }> {
  const r = await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: DURATION_S, headers: { 'content-type': 'application/json' }, body });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors, non2xx: r.non2xx };
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
  const body = JSON.stringify({ token: version.token, answers: keyAsResponses(version.problems), student: 'bench' });
  const children: ChildProcess[] = [];
  try {
    const echo = await startChild([here, '--echo-server']);
    children.push(echo.proc);
    const site = await startChild([MAIN, 'serve', '--manifest', manifestPath, '--db', join(dir, 'bench.db'), '--port', '0', '--no-rate-limit', '--quiet'], {
      RNNQUIZ_SECRET: SECRET,
      RNNQUIZ_ADMIN_TOKEN: 'bench-admin-0123456789abcdef',
    });
    children.push(site.proc);
    // Warm both (JIT, template and MathML caches), then measure one after the other.
    await autocannon({ url: `${echo.url}/echo`, method: 'POST', connections: 10, amount: 500, headers: { 'content-type': 'application/json' }, body });
    await autocannon({ url: `${site.url}/api/submissions`, method: 'POST', connections: 10, amount: 500, headers: { 'content-type': 'application/json' }, body });
    const base = await load(`${echo.url}/echo`, body);
    const real = await load(`${site.url}/api/submissions`, body);
    const fields = Object.keys(JSON.parse(body).answers).length;
    console.log(`body: ${body.length} bytes, ${fields} answer fields; ${CONNECTIONS} connections, ${DURATION_S} s each`);
    console.log(`bare express JSON echo : ${base.rps.toFixed(0)} req/s, p50 ${base.p50} ms, p99 ${base.p99} ms (errors ${base.errors}, non-2xx ${base.non2xx})`);
    console.log(`POST /api/submissions  : ${real.rps.toFixed(0)} req/s, p50 ${real.p50} ms, p99 ${real.p99} ms (errors ${real.errors}, non-2xx ${real.non2xx}) — graded and stored (WAL, synchronous=FULL)`);
    console.log(`ratio submissions/echo : ${(real.rps / base.rps).toFixed(2)} (goal ≥ 0.5); p99 ${real.p99} ms (goal ≤ 20 ms)`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === here && process.argv.includes('--echo-server')) runEchoServer();
