/**
 * Fault and abuse suite (issue 12, findings 1, 7 and 8): each finding
 * reproduced against the real server, a child process on 127.0.0.1
 * (`npx tsc -p tsconfig.json` first), with the fixed behaviour asserted.
 * Findings 2, 3, 11 and 12 (client mistakes, release bodies, uploads, ids and
 * caching) need no child process: they are in client-mistakes.test.ts, in
 * process, where mutation testing sees them.
 * Timings are measured here, on a shared machine: the bounds are the ones the
 * issue asks for (health within 100 ms), not benchmarks.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblemSet } from '../../src/problems.js';
import { manifestToJson, manifestFromJson, type ExamProblem, type Manifest } from '../../src/manifest.js';
import { keyAsResponses, responseKey } from '../../src/grading/index.js';
import { signVersionToken } from '../../src/version-token.js';
import { MAX_CONNECTIONS_PER_ADDRESS } from '../../server/connections.js';
import { TEST_SECRET, onePointEach, runServeToExit, startServeChild, tempDir, testManifest, writeManifest, type ServeChild } from './fixture.js';

type ChildServer = ServeChild;

/** `rnnquiz serve` on a free port over a database in `dir`, with extra flags. */
function startChildServer(options: { manifestPath: string; dbPath: string; cwd: string; args?: string[] }): Promise<ServeChild> {
  return startServeChild(options.cwd, ['--manifest', options.manifestPath, '--db', options.dbPath, '--port', '0', '--no-rate-limit', '--quiet', ...(options.args ?? [])]);
}

/** SIGTERM, then the exit. */
async function stop(server: ServeChild): Promise<void> {
  if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGTERM');
  await server.exited;
}

/** Fields of the attacker's submission in the issue. */
const WORST_FIELDS = 77;
const HEALTH_BUDGET_MS = 100;

/** Starts `rnnquiz serve` over `manifest` (in a fresh folder) before a block's tests and stops it after; call the result for the running child. */
function serverForBlock(manifest: () => Manifest, args: string[] = []): () => ChildServer {
  let dir = '';
  let server: ChildServer | undefined;
  beforeAll(async () => {
    dir = tempDir();
    server = await startChildServer({ manifestPath: writeManifest(dir, manifest()), dbPath: join(dir, 'abuse.db'), cwd: dir, args });
  });
  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });
  return () => server as ChildServer;
}

/** One version whose 77 number fields (three RNN forward passes of 5 steps, a GRU and an LSTM step) take a long expression each. */
function wideManifest(): Manifest {
  const sets: [string, Record<string, unknown>][] = [
    ['rnn-forward', { steps: 5, identity_once: false }],
    ['rnn-forward', { steps: 5, identity_once: false }],
    ['rnn-forward', { steps: 5, identity_once: false }],
    ['gru', {}],
    ['lstm', {}],
  ];
  const problems: ExamProblem[] = sets.map(([family, options], i) => onePointEach(generateProblemSet(family, `wide-${i}`, 1, options).problems[0]!, `p${i + 1}`));
  const m: Manifest = {
    bank: 'server-test',
    seed: 'wide',
    policy: { carriedCredit: 1 },
    versions: [{ id: 'V01', seed: 'wide', token: signVersionToken(TEST_SECRET, 'server-test', 'V01'), problems }],
  };
  return manifestFromJson(JSON.parse(JSON.stringify(manifestToJson(m))));
}

/** The expression: `(1/2)^64+(1/3)^64+(1/5)^64+…` over the primes, up to `length` characters. */
function sumOfPrimePowers(length: number): string {
  let s = '';
  for (let n = 2; ; n++) {
    let prime = true;
    for (let k = 2; k * k <= n; k++) if (n % k === 0) prime = false;
    if (!prime) continue;
    const term = `(1/${n})^64`;
    if (s.length + term.length + 1 > length) return s;
    s += (s ? '+' : '') + term;
  }
}

/** The slowest expression within the size budget: a 4,096-bit value multiplied by 1 over and over (each product a gcd of 2,048-bit numbers). */
function budgetSizedProduct(length: number): string {
  const base = '(4294967291/4294967279)^64';
  return base + '*1'.repeat(Math.floor((length - base.length) / 2));
}

/** A request over a fresh connection from 127.0.0.1 (no client-side pooling or queueing): status, body and milliseconds to the full reply. */
function timedRequest(url: string, body?: string): Promise<{ status: number; text: string; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - start }));
    });
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}
const timedGet = (url: string) => timedRequest(url);

/** Polls health every 20 ms until `done` settles; every latency. */
async function pollHealthWhile(url: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  while (!finished && latencies.length < 2_000) {
    const r = await timedGet(`${url}/api/health`);
    expect(r.status).toBe(200);
    latencies.push(r.ms);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

/** No stack trace and no "unhandled error" line in the server's error log. */
function expectNoStackLogged(server: ChildServer): void {
  expect(server.stderr()).not.toMatch(/unhandled error|\n\s+at [\w.<>]+ \(|\\n\s+at /);
}

describe('1. exact arithmetic is bounded; one request never freezes the others', () => {
  const manifest = wideManifest();
  const version = manifest.versions[0]!;
  const numberFields = version.problems.flatMap((p) => p.fields.filter((f) => f.shape !== 'label').map((f) => responseKey(p, f.name)));
  const submit = (answers: Record<string, string>) => timedRequest(`${server().url}/api/submissions`, JSON.stringify({ token: version.token, answers }));

  const server = serverForBlock(() => manifest);

  it('reports a sum that outgrows the budget as "too large to grade exactly", per field, in a 200', async () => {
    expect(numberFields.length).toBe(WORST_FIELDS);
    const expression = sumOfPrimePowers(491);
    expect(expression.length).toBeGreaterThan(480);
    const r = await submit({ [numberFields[0]!]: expression, [numberFields[1]!]: '(1/3)^64+(1/7)^64' });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { fields: Record<string, { status: string; feedback: string; points: number }> };
    expect(body.fields[numberFields[0]!]).toMatchObject({ status: 'unreadable', points: 0 });
    expect(body.fields[numberFields[0]!]!.feedback).toMatch(/too large to grade exactly/);
    // Two terms stay well inside the budget: read, then marked as a wrong value of the wrong shape (a vector field).
    expect(body.fields[numberFields[1]!]!.feedback).not.toMatch(/too large/);
  });

  for (const [name, expression] of [
    ["the issue's (1/p)^64 sums", sumOfPrimePowers(491)],
    ['the slowest expression within the budget', budgetSizedProduct(491)],
  ] as const) {
    it(`grades ${WORST_FIELDS} fields of ${name} off the request thread: health and other students answer within ${HEALTH_BUDGET_MS} ms`, async () => {
      const answers = Object.fromEntries(numberFields.map((k) => [k, expression]));
      const heavy = submit(answers);
      await new Promise((resolve) => setTimeout(resolve, 30)); // the heavy request is being graded
      const latencies = await pollHealthWhile(server().url, heavy);
      const reply = await heavy;
      expect(reply.status).toBe(200);
      const body = JSON.parse(reply.text) as { fields: Record<string, { status: string }> };
      expect(numberFields.every((k) => body.fields[k]!.status === 'unreadable')).toBe(true);
      // Another student submits while a second heavy request is being graded: answered first.
      const again = submit(answers);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const student = await submit(keyAsResponses(version.problems));
      const second = await again;
      expect(student.status).toBe(200);
      expect((JSON.parse(student.text) as { score: number }).score).toBe(Object.keys(keyAsResponses(version.problems)).length);
      const heavyMs = reply.ms;
      console.log(
        `abuse 1 (${name}): heavy request ${heavyMs.toFixed(0)} ms; health ${latencies.length} polls meanwhile, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p90 ${percentile(latencies, 0.9).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; another student's submission ${student.ms.toFixed(0)} ms (second heavy one ${second.ms.toFixed(0)} ms)`,
      );
      expect(latencies.length).toBeGreaterThan(0);
      // The machine is shared: the median must meet the 100 ms, and no poll may have waited for the grading itself.
      expect(percentile(latencies, 0.5)).toBeLessThan(HEALTH_BUDGET_MS);
      if (heavyMs > 2_000) expect(Math.max(...latencies)).toBeLessThan(heavyMs / 4);
      expect(student.ms).toBeLessThan(second.ms);
    }, 240_000);
  }
});

describe('7. thousands of slow connections leave health answering', () => {
  const SLOW = 2_000;
  const HEADERS_TIMEOUT_MS = 8_000;

  const server = serverForBlock(() => testManifest(), ['--headers-timeout', String(HEADERS_TIMEOUT_MS)]);

  it(`caps ${SLOW} slow-header connections from one address, cuts them at the headers timeout, and health answers meanwhile`, { timeout: 60_000 }, async () => {
    const port = Number(new URL(server().url).port);
    const sockets: Socket[] = [];
    let closed = 0;
    try {
      // The attacker comes from 127.0.0.2 (still loopback), health from 127.0.0.1.
      for (let i = 0; i < SLOW; i++) {
        const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
        s.on('error', () => {});
        s.on('close', () => closed++);
        s.on('connect', () => s.write('POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '));
        sockets.push(s);
        if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const trickle = setInterval(() => {
        for (const s of sockets) if (!s.destroyed && s.writable) s.write('a');
      }, 500);
      try {
        // The server accepts the backlog at its own pace on a busy machine: wait until it has seen them all.
        const settle = performance.now() + 4_000;
        while (SLOW - closed > MAX_CONNECTIONS_PER_ADDRESS && performance.now() < settle) await new Promise((resolve) => setTimeout(resolve, 100));
        const open = SLOW - closed;
        expect(open).toBeLessThanOrEqual(MAX_CONNECTIONS_PER_ADDRESS);
        expect(open).toBeGreaterThan(MAX_CONNECTIONS_PER_ADDRESS / 2); // the cap, not some accident, closed the rest
        const latencies: number[] = [];
        for (let i = 0; i < 10; i++) {
          const r = await timedGet(`${server().url}/api/health`);
          expect(r.status).toBe(200);
          latencies.push(r.ms);
        }
        console.log(
          `abuse 7: ${open} of ${SLOW} slow connections held (cap ${MAX_CONNECTIONS_PER_ADDRESS} per address); health p50 ${percentile(latencies, 0.5).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
        );
        expect(percentile(latencies, 0.5)).toBeLessThan(HEALTH_BUDGET_MS);
        // Headers that never finish are cut once the headers timeout passes, trickle or not.
        const deadline = performance.now() + HEADERS_TIMEOUT_MS + 5_000;
        while (closed < SLOW && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(closed).toBe(SLOW);
      } finally {
        clearInterval(trickle);
      }
    } finally {
      for (const s of sockets) s.destroy();
    }
    expect((await timedGet(`${server().url}/api/health`)).status).toBe(200);
    expectNoStackLogged(server());
  });
});

describe('8. the manifest is checked whole at start', () => {
  let dir: string;
  const good = manifestToJson(testManifest()) as Record<string, unknown> & { versions: { token: string; problems: Record<string, unknown>[] }[] };
  const numericField = Object.keys(good.versions[0]!.problems[0]!.tolerance as Record<string, unknown>)[0]!;

  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['carriedCredit as text', (m: Record<string, unknown>) => ({ ...m, policy: { carriedCredit: 'x' } }), /manifest\.policy\.carriedCredit: expected carriedCredit/],
    ['carriedCredit above 1', (m: Record<string, unknown>) => ({ ...m, policy: { carriedCredit: 1.5 } }), /manifest\.policy\.carriedCredit: expected carriedCredit .*≤ 1/],
    ['attempts.limit as text', (m: Record<string, unknown>) => ({ ...m, attempts: { limit: '2', counts: 'last' } }), /manifest\.attempts\.limit: expected attempts\.limit, a whole number ≥ 1 or null/],
    ['attempts.limit 0', (m: Record<string, unknown>) => ({ ...m, attempts: { limit: 0, counts: 'last' } }), /manifest\.attempts\.limit: expected attempts\.limit ≥ 1/],
    ['attempts.counts first', (m: Record<string, unknown>) => ({ ...m, attempts: { limit: 2, counts: 'first' } }), /manifest\.attempts\.counts: expected attempts\.counts: last or best/],
    [
      'a negative tolerance',
      (m: typeof good) => ({ ...m, versions: [{ ...m.versions[0], problems: [{ ...m.versions[0]!.problems[0], tolerance: { [numericField]: { rtol: -1, atol: 0 } } }] }] }),
      new RegExp(`manifest\\.versions\\[0\\]\\.problems\\[0\\]\\.tolerance\\.${numericField}\\.rtol: expected rtol ≥ 0`),
    ],
    [
      'points as text',
      (m: typeof good) => ({ ...m, versions: [{ ...m.versions[0], problems: [{ ...m.versions[0]!.problems[0], points: { [numericField]: 'two' } }] }] }),
      new RegExp(`manifest\\.versions\\[0\\]\\.problems\\[0\\]\\.points\\.${numericField}: expected points`),
    ],
    ['no versions', (m: Record<string, unknown>) => ({ ...m, versions: [] }), /manifest\.versions: expected at least one version/],
  ])('refuses %s: exit 2 naming the field', async (_name, change, message) => {
    const path = join(dir, 'bad-manifest.json');
    writeFileSync(path, JSON.stringify((change as (m: typeof good) => unknown)(good)));
    const { code, stderr } = await runServeToExit(dir, ['--manifest', path, '--db', join(dir, 'bad.db'), '--port', '0', '--quiet']);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('starts with attempts.limit null (unlimited)', async () => {
    const path = join(dir, 'unlimited.json');
    writeFileSync(path, JSON.stringify({ ...good, attempts: { limit: null, counts: 'best' } }));
    const server = await startChildServer({ manifestPath: path, dbPath: join(dir, 'ok.db'), cwd: dir });
    try {
      const r = await fetch(`${server.url}/api/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: good.versions[0]!.token, answers: {} }),
      });
      expect(((await r.json()) as { attemptsLeft: unknown }).attemptsLeft).toBeNull();
    } finally {
      await stop(server);
    }
    expect(JSON.parse(readFileSync(path, 'utf8')).attempts.limit).toBeNull();
  });
});
