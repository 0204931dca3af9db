/**
 * The classroom load of issue 11, shared by its test and its benchmark: the
 * real server (`rnnquiz serve`, a child process, SQLite, rate limit ON with
 * its defaults) and a roster of 300 students all behind one address
 * (127.0.0.1, like a lecture hall behind NAT). Each student saves 5 times, a
 * couple of seconds apart, then submits once; the students start spread over
 * `spreadMs`, so everything happens within a minute.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBank } from '../src/bank/load.js';
import { examRules } from '../src/bank/rules.js';
import { manifestToJson, type Manifest } from '../src/manifest.js';
import { manifestHeader, planVersion, versionIds } from '../src/plan/plan.js';
import { signStudentToken } from '../src/version-token.js';
import { keyAsResponses } from '../src/grading/index.js';
import { startChild } from './server.bench.js';

export const CLASSROOM_SECRET = 'classroom-secret-0123456789abcdef';
const BUILD_ID = 'classroom-build-01';

export interface ClassroomOptions {
  students: number;
  saves: number;
  /** Pause between one student's saves. */
  saveEveryMs: number;
  /** Students start at even offsets over this long. */
  spreadMs: number;
}

export const CLASSROOM: ClassroomOptions = { students: 300, saves: 5, saveEveryMs: 2000, spreadMs: 20_000 };

export interface ClassroomResult {
  dir: string;
  dbPath: string;
  manifest: Manifest;
  statuses: Map<number, number>;
  saveMs: number[];
  submitMs: number[];
  wallMs: number;
}

/** A roster manifest of `n` students on 4 versions of the default bank (an exam: feedback none, 2 attempts). */
export function classroomManifest(n: number): Manifest {
  const bank = loadBank('question-banks/rnn-midterm.yaml'); // run from the repository root, like every benchmark
  const versions = versionIds(4).map((id) => planVersion(bank, 'classroom', id, CLASSROOM_SECRET, BUILD_ID));
  const students = Array.from({ length: n }, (_, i) => {
    const id = `c${String(i + 1).padStart(4, '0')}`;
    const version = versions[i % versions.length]!.id;
    return { id, name: `Student ${i + 1}`, version, token: signStudentToken(CLASSROOM_SECRET, { bank: bank.name, buildId: BUILD_ID, versionId: version, student: id, generation: 0 }) };
  });
  return {
    ...manifestHeader(bank, { seed: 'classroom', versions: 4, baseUrl: 'http://127.0.0.1:3000', buildId: BUILD_ID }),
    attempts: { limit: 2, counts: 'last' },
    rules: examRules({ kind: 'exam' }),
    versions,
    students,
  };
}

function startServe(main: string, manifestPath: string, dbPath: string): Promise<{ proc: ChildProcess; url: string }> {
  return startChild([main, 'serve', '--manifest', manifestPath, '--db', dbPath, '--port', '0', '--quiet'], {
    RNNQUIZ_SECRET: CLASSROOM_SECRET,
    RNNQUIZ_ADMIN_TOKEN: 'classroom-admin-0123456789abcdef',
    RNNQUIZ_NO_RATE_LIMIT: '', // the limits stay on: that is the point
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** p-th percentile (nearest rank) of a list of timings. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/**
 * Runs the classroom against a fresh server; the server is stopped (SIGTERM, database closed) before this resolves.
 * @example const r = await runClassroom('dist/src/cli/main.js', CLASSROOM)
 */
export async function runClassroom(main: string, o: ClassroomOptions): Promise<ClassroomResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-classroom-'));
  const manifest = classroomManifest(o.students);
  const manifestPath = join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifestToJson(manifest)));
  const dbPath = join(dir, 'classroom.db');
  const { proc, url } = await startServe(main, manifestPath, dbPath);
  const statuses = new Map<number, number>();
  const saveMs: number[] = [];
  const submitMs: number[] = [];
  const keys = new Map(manifest.versions.map((v) => [v.id, keyAsResponses(v.problems)]));
  const post = async (path: string, body: unknown, into: number[]) => {
    const t = performance.now();
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    into.push(performance.now() - t);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  };
  const started = performance.now();
  let wallMs = 0;
  try {
    await Promise.all(
      (manifest.students ?? []).map(async (st, i) => {
        await sleep((i * o.spreadMs) / o.students);
        const key = keys.get(st.version) as Record<string, string>;
        const fields = Object.keys(key);
        for (let k = 1; k <= o.saves; k++) {
          // Each save holds a few more of the answers, as a student typing would.
          const answers = Object.fromEntries(fields.slice(0, Math.ceil((fields.length * k) / o.saves)).map((f) => [f, key[f] as string]));
          await post('/api/drafts', { token: st.token, answers }, saveMs);
          if (k < o.saves) await sleep(o.saveEveryMs);
        }
        await post('/api/submissions', { token: st.token, answers: key }, submitMs);
      }),
    );
    wallMs = performance.now() - started;
  } finally {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM'); // graceful: in-flight requests finish, the database closes
    await exited;
  }
  return { dir, dbPath, manifest, statuses, saveMs, submitMs, wallMs };
}
