/**
 * Test fixtures for the server: a small manifest generated in memory (two
 * versions of two problems, tokens signed with a test secret), an app
 * listening on 127.0.0.1 port 0 over a temporary database, and fetch helpers.
 */
import { sharedSetup } from '../support/fixture.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { generateProblemSet, type Problem } from '../../src/problems.js';
import { manifestToJson, manifestFromJson, type ExamProblem, type Manifest, type ManifestVersion } from '../../src/manifest.js';
import { keyAsResponses } from '../../src/grading/index.js';
import { getFamily } from '../../src/families/registry.js';
import { DEFAULT_TOLERANCE } from '../../src/grading/types.js';
import { signVersionToken } from '../../src/version-token.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/logging.js';
import { createSite } from '../../server/site.js';
import { openStore, type SubmissionStore, type StoredSubmission } from '../../src/store/index.js';
import type { RateLimitOptions } from '../../server/security.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef';
export const TEST_ADMIN = 'admin-token-0123456789abcdef';

/** A generated problem on an exam: 1 point per answer field, the default tolerance for numeric ones. */
export function onePointEach(p: Problem, id = p.id): ExamProblem {
  return {
    ...p,
    id,
    points: Object.fromEntries(p.fields.map((f) => [f.name, 1])),
    tolerance: Object.fromEntries(p.fields.filter((f) => f.kind === 'numeric').map((f) => [f.name, DEFAULT_TOLERANCE])),
  };
}

function examProblems(seed: string): ExamProblem[] {
  const rnn = generateProblemSet('rnn-forward', seed, 1, { steps: 2, activation: 'identity', identity_once: false }).problems;
  const pc = generateProblemSet('param-count', seed, 1).problems.map((p) => ({ ...p, id: 'p2' }));
  return [...rnn, ...pc].map((p) => onePointEach(p));
}

/** Two versions, V01 and V02; the manifest round-trips through its JSON as a built one would. */
export function testManifest(options: { attempts?: Manifest['attempts']; versions?: number } = {}): Manifest {
  const n = options.versions ?? 2;
  const m: Manifest = {
    bank: 'server-test',
    seed: '42',
    title: 'RNN quiz (test)',
    policy: { carriedCredit: 1 },
    ...(options.attempts ? { attempts: options.attempts } : {}),
    versions: Array.from({ length: n }, (_, i) => {
      const id = `V${String(i + 1).padStart(2, '0')}`;
      return { id, seed: `42-${id}`, token: signVersionToken(TEST_SECRET, 'server-test', id), problems: examProblems(`42-${id}`) };
    }),
  };
  return manifestFromJson(JSON.parse(JSON.stringify(manifestToJson(m))));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rnnquiz-server-'));
}

/** Writes the manifest to DIR/manifest.json. */
export function writeManifest(dir: string, m: Manifest): string {
  const file = join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify(manifestToJson(m)));
  return file;
}

export interface TestServer {
  url: string;
  manifest: Manifest;
  store: SubmissionStore;
  dir: string;
  /** The error lines the server logged (JSON, one per line), oldest first. */
  errors: string[];
  close(): Promise<void>;
}

export async function startTestServer(options: { manifest?: Manifest; rateLimit?: RateLimitOptions | false } = {}): Promise<TestServer> {
  const dir = tempDir();
  const manifest = options.manifest ?? testManifest();
  const store = openStore(join(dir, 'sub', 'rnnquiz.db'));
  const site = createSite(manifest, TEST_SECRET, store);
  const errors: string[] = [];
  const app = createApp({ site, adminToken: TEST_ADMIN, log: createLogger({ quiet: true, writeError: (line) => errors.push(line) }), rateLimit: options.rateLimit ?? false });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    manifest,
    store,
    dir,
    errors,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          void store.close().then(() => {
            rmSync(dir, { recursive: true, force: true });
            resolve();
          });
        });
        server.closeAllConnections();
      }),
  };
}

/** Every stored submission, oldest first (tests only: a real caller streams). */
/**
 * A test server shared by a file's tests (started and closed by sharedSetup:
 * once per file, or around each test under mutation testing).
 * @example const server = useTestServer(); it('…', async () => fetch(`${server().url}/`));
 */
export function useTestServer(options: Parameters<typeof startTestServer>[0] = {}): () => TestServer {
  let server: TestServer | undefined;
  sharedSetup(
    async () => {
      server = await startTestServer(options);
    },
    () => server?.close(),
  );
  return () => {
    if (!server) throw new Error('the test server is read inside a test, after it has started');
    return server;
  };
}

export async function storedSubmissions(store: SubmissionStore): Promise<StoredSubmission[]> {
  const rows: StoredSubmission[] = [];
  for await (const r of store.submissions()) rows.push(r);
  return rows;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** The key as a student would type it, plus a few hand-made answers for problem p1 (rnn-forward, identity). */
export function answerSets(version: ManifestVersion): { key: Record<string, string>; carried: Record<string, string>; wrongA1: string } {
  const key = keyAsResponses(version.problems);
  const p1 = version.problems[0] as ExamProblem;
  const g = getFamily(p1.family).givenToJson(p1.given) as { U: number[][]; W: number[][]; xs: number[][]; b?: number[] };
  const h1 = JSON.parse(key['p1.h1'] as string) as number[];
  // A wrong h1 (first component + 1), then a2 = U h1' + W x2 (+ b) from it: right given the student's own h1.
  const h1Wrong = h1.map((x, i) => (i === 0 ? x + 1 : x));
  const mv = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, m, j) => s + m * (v[j] as number), 0));
  const ux = mv(g.U, h1Wrong);
  const wx = mv(g.W, g.xs[1] as number[]);
  const a2 = ux.map((x, i) => x + (wx[i] as number) + (g.b?.[i] ?? 0));
  const a1 = JSON.parse(key['p1.a1'] as string) as number[];
  return {
    key,
    carried: { 'p1.h1': `[${h1Wrong.join(', ')}]`, 'p1.a2': `[${a2.join(', ')}]` },
    wrongA1: `[${a1.map((x) => x + 7).join(', ')}]`,
  };
}

/** The compiled CLI that child-process tests run (built by `npm test`'s pretest, or `npx tsc -p .`). */
export const MAIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');

export interface ServeChild {
  proc: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the server printed on stderr so far. */
  stderr(): string;
}

function spawnServe(cwd: string, args: readonly string[]): { proc: ChildProcess; exited: ServeChild['exited']; stderr: () => string } {
  const proc = spawn(process.execPath, [MAIN, 'serve', ...args], {
    env: { ...process.env, RNNQUIZ_SECRET: TEST_SECRET, RNNQUIZ_ADMIN_TOKEN: TEST_ADMIN },
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return { proc, exited, stderr: () => err };
}

/** Starts `rnnquiz serve ARGS` (from `cwd`) and resolves once it printed its address; rejects with its stderr if it exits first. */
export function startServeChild(cwd: string, args: readonly string[]): Promise<ServeChild> {
  const { proc, exited, stderr } = spawnServe(cwd, args);
  return new Promise((resolve, reject) => {
    proc.stderr!.on('data', () => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr());
      if (m) resolve({ proc, url: m[1] as string, exited, stderr });
    });
    void exited.then(() => reject(new Error(`server exited before listening: ${stderr()}`)));
  });
}

/** Runs `rnnquiz serve ARGS` that is expected to stop on its own; resolves with its exit code and stderr (killed after `timeoutMs`). */
export async function runServeToExit(cwd: string, args: readonly string[], timeoutMs = 60_000): Promise<{ code: number | null; stderr: string }> {
  const { proc, exited, stderr } = spawnServe(cwd, args);
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const { code } = await exited;
  clearTimeout(timer);
  return { code, stderr: stderr() };
}
