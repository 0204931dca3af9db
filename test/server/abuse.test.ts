/**
 * Fault and abuse suite (issue 12, findings 1, 2, 3, 7, 8, 11, 12): each
 * finding reproduced against the real server, a child process on 127.0.0.1
 * (`npx tsc -p tsconfig.json` first), with the fixed behaviour asserted.
 * Timings are measured here, on a shared machine: the bounds are the ones the
 * issue asks for (health within 100 ms), not benchmarks.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { generateProblemSet } from '../../src/problems.js';
import { manifestToJson, manifestFromJson, type ExamProblem, type Manifest } from '../../src/manifest.js';
import { keyAsResponses, responseKey } from '../../src/grading/index.js';
import { signVersionToken } from '../../src/version-token.js';
import { MAX_CONNECTIONS_PER_ADDRESS } from '../../server/connections.js';
import { MAX_REPLY_ERRORS } from '../../server/routes/instructor.js';
import { TEST_ADMIN, TEST_SECRET, onePointEach, runServeToExit, startServeChild, tempDir, testManifest, writeManifest, type ServeChild } from './fixture.js';

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
const auth = { authorization: `Bearer ${TEST_ADMIN}` };

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

describe('2, 3, 11, 12. client mistakes, release bodies, upload errors, ids and caching', () => {
  const manifest = testManifest();
  const v1 = manifest.versions[0]!;
  const raw = (method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array) =>
    fetch(`${server().url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]) } : {}) });

  const server = serverForBlock(() => manifest);

  it.each([
    ['gzip that is not gzip', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'this is not gzip', 400, 'request body does not match its Content-Encoding'],
    ['deflate that is not deflate', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'deflate' }, 'nope', 400, 'request body does not match its Content-Encoding'],
    ['an unknown encoding', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'x-rot13' }, '{}', 415, 'unsupported body encoding'],
    ['malformed JSON', '/api/submissions', { 'content-type': 'application/json' }, '{"token": ', 400, 'request body is not valid JSON'],
    ['malformed JSON, gzipped', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync('{"token": '), 400, 'request body is not valid JSON'],
    ['an unknown charset', '/api/submissions', { 'content-type': 'application/json; charset=ebcdic' }, '{}', 415, 'unsupported charset'],
    ['a body that is not JSON', '/api/submissions', { 'content-type': 'text/plain' }, 'hello', 415, 'expected Content-Type: application/json'],
    [
      'a CSV upload that is not gzip',
      '/api/instructor/batch',
      { ...auth, 'content-type': 'text/csv', 'content-encoding': 'gzip' },
      'student_id,version\n',
      400,
      'request body does not match its Content-Encoding',
    ],
  ])('answers %s with a JSON 4xx error and logs no stack', async (_name, path, headers, body, status, message) => {
    const r = await raw('POST', path, headers as Record<string, string>, body as string);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ error: message });
    expectNoStackLogged(server());
  });

  it.each([
    ['GET', '/q/%'],
    ['GET', '/q/%ff'],
    ['GET', '/q/%E0%A4%A'],
    ['POST', '/q/%ff'],
  ])('answers %s %s, a broken escape, with an HTML 400 page and logs no stack', async (method, path) => {
    const r = await raw(method, path, method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, method === 'POST' ? 'p1.h1=1' : undefined);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await r.text();
    expect(html).toContain('the address holds a malformed % escape');
    expect(html).not.toMatch(/URIError|decode/);
    expectNoStackLogged(server());
  });

  it('answers a form post that is not gzip with an HTML 400 page', async () => {
    const r = await raw('POST', `/q/${v1.token}`, { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, 'p1.h1=1');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expectNoStackLogged(server());
  });

  it('refuses a release or hide without an explicit, valid body, and releases nothing', async () => {
    const post = (path: string, headers: Record<string, string>, body?: string) => raw('POST', `/api/instructor/${path}`, { ...auth, ...headers }, body);
    const expected = 'a JSON body (Content-Type: application/json) { "versions": ["V01", …] } or { "all": true }';
    for (const [headers, body] of [
      [{ 'content-type': 'text/plain' }, '{"all": true}'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'versions=V01'],
      [{ 'content-type': 'application/json' }, '[]'],
      [{ 'content-type': 'application/json' }, '["V01"]'],
      [{}, undefined],
      [{ 'content-type': 'application/json' }, ''],
    ] as const) {
      const r = await post('release', headers, body);
      expect(r.status).toBe(400);
      const error = ((await r.json()) as { error: string }).error;
      expect(error).toMatch(/^body: expected /);
      expect(error).toContain(expected);
    }
    const empty = await post('release', { 'content-type': 'application/json' }, '{}');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/^body: expected exactly one of versions or all/);
    expect(await (await raw('GET', '/api/instructor/release', auth)).json()).toEqual({ released: [], versions: ['V01', 'V02'] });
    expect(await (await post('release', { 'content-type': 'application/json' }, '{"all": true}')).json()).toEqual({ released: ['V01', 'V02'] });
    // A hide whose body was lost hides nothing either.
    expect((await post('hide', { 'content-type': 'text/plain' }, '{"all": true}')).status).toBe(400);
    expect(await (await post('hide', { 'content-type': 'application/json' }, '{"versions": ["V02"]}')).json()).toEqual({ released: ['V01'] });
    expect(await (await post('hide', { 'content-type': 'application/json' }, '{"all": true}')).json()).toEqual({ released: [] });
  });

  it('refuses a CSV upload of 2.4 million columns before parsing it, and lists a wide junk header short and counted', async () => {
    const columns = 2_400_000;
    const csv = `student_id,version,${'x,'.repeat(columns - 3)}x\nana,V01\n`;
    expect(csv.length).toBeLessThan(5 * 1024 * 1024);
    const started = performance.now();
    const r = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, csv);
    const text = await r.text();
    console.log(`abuse 11: ${columns} columns answered in ${(performance.now() - started).toFixed(0)} ms, ${text.length} bytes`);
    expect(r.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: 'line 1: the header has 2,400,000 columns; an answer file has at most 10,000' });
    // Under the cap, unknown columns are reported 20 by name and the rest counted.
    const wide = 9_000;
    const junk = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, `student_id,version,${'x,'.repeat(wide - 3)}x\nana,V01\n`);
    expect(junk.status).toBe(200);
    const body = (await junk.json()) as { errors: { line: number; kind: string; message: string }[] };
    expect(body.errors.length).toBeLessThanOrEqual(MAX_REPLY_ERRORS);
    expect(body.errors.filter((e) => e.kind === 'unknown-field')).toHaveLength(21);
    expect(body.errors.find((e) => /more columns/.test(e.message))?.message).toBe(`and ${wide - 2 - 20} more columns are not answer fields of the manifest; their answers are ignored`);
  });

  it('caps the list of row errors in an upload reply and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `s${i},V99`).join('\n');
    const r = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, `student_id,version,p1.h1\n${rows}\n`);
    const body = (await r.json()) as { errors: unknown[]; moreErrors?: number };
    expect(body.errors).toHaveLength(MAX_REPLY_ERRORS);
    expect(body.moreErrors).toBe(250 - MAX_REPLY_ERRORS);
  });

  it('keeps number-like ids as text in the gradebook and upload CSVs', async () => {
    for (const student of ['0012', '1e5', 'ana01']) {
      const r = await raw('POST', '/api/submissions', { 'content-type': 'application/json' }, JSON.stringify({ token: v1.token, answers: {}, student }));
      expect(r.status).toBe(200);
    }
    const rows = parse(await (await raw('GET', '/api/instructor/gradebook.csv', auth)).text()) as string[][];
    const students = rows.slice(1).map((row) => row[1]);
    expect(students).toEqual(expect.arrayContaining(["'0012", "'1e5", 'ana01']));
    const score = rows.find((row) => row[1] === 'ana01')!;
    expect(score[4]).toBe('0'); // numbers stay numbers
    const upload = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv', accept: 'text/csv' }, 'student_id,version,p1.h1\n0012,V01,1\n=1+1,V01,1\n');
    const graded = parse(await upload.text()) as string[][];
    expect(graded.slice(1).map((row) => row[0])).toEqual(["'0012", "'=1+1"]);
  });

  it('sends Cache-Control: no-store wherever grades or a key are shown', async () => {
    await raw('POST', '/api/instructor/release', { ...auth, 'content-type': 'application/json' }, '{"versions": ["V01"]}');
    const replies = [
      await raw('GET', `/q/${v1.token}`, {}),
      await raw('POST', `/q/${v1.token}`, { 'content-type': 'application/x-www-form-urlencoded' }, 'p1.h1=1'),
      await raw('POST', '/api/submissions', { 'content-type': 'application/json' }, JSON.stringify({ token: v1.token, answers: {} })),
      await raw('GET', '/api/instructor/gradebook.csv', auth),
      await raw('GET', '/api/instructor/stats', auth),
      await raw('GET', '/api/instructor/release', auth),
      await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, 'student_id,version,p1.h1\nana,V01,1\n'),
    ];
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    expect(await replies[0]!.text()).toContain('class="key"');
    // The stylesheet may still be cached.
    expect((await raw('GET', '/static/site.css', {})).headers.get('cache-control')).toMatch(/max-age=3600/);
  });

  it.each(['bearer', 'BEARER', 'Bearer', 'bEaReR'])('accepts the auth scheme written %s (RFC 7235: case-insensitive)', async (scheme) => {
    expect((await raw('GET', '/api/instructor/stats', { authorization: `${scheme} ${TEST_ADMIN}` })).status).toBe(200);
    expect((await raw('GET', '/api/instructor/stats', { authorization: `${scheme} ${TEST_ADMIN.toUpperCase()}` })).status).toBe(401);
  });
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
