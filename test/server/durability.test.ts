/**
 * Durability: the server runs as a child process (`node dist/src/cli/main.js
 * serve …`, built by `npm test`'s pretest), takes 1,200 concurrent
 * submissions, is killed with SIGKILL mid-way, restarted on the same
 * database, and must hold every submission it had answered 2xx. Then a
 * SIGTERM must stop it cleanly (exit 0) with in-flight requests answered.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Agent, request } from 'node:http';
import { MAIN, startServeChild, tempDir, testManifest, writeManifest, TEST_ADMIN, type ServeChild } from './fixture.js';

const TOTAL = 1200;

let dir: string;
let manifestPath: string;
let dbPath: string;
let tokens: string[];

/** Starts `rnnquiz serve` on a free port over the test database. */
function startChild(): Promise<ServeChild> {
  return startServeChild(dir, ['--manifest', manifestPath, '--db', dbPath, '--port', '0', '--no-rate-limit', '--quiet']);
}

/** One submission over node:http (a bounded socket pool); resolves with the status, or 0 when the connection failed. */
function submit(url: string, agent: Agent, i: number): Promise<number> {
  const token = tokens[i % tokens.length] as string;
  const body = JSON.stringify({ token, student: `s${i}`, answers: { 'p1.h1': `[${i}, 0]` } });
  return new Promise((resolve) => {
    const req = request(`${url}/api/submissions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function storedStudents(): Set<string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return new Set((db.prepare('SELECT student FROM submissions').all() as { student: string }[]).map((r) => r.student));
  } finally {
    db.close();
  }
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx tsc -p . first`);
  dir = tempDir();
  const manifest = testManifest();
  tokens = manifest.versions.map((v) => v.token);
  manifestPath = writeManifest(dir, manifest);
  dbPath = join(dir, 'data', 'nested', 'rnnquiz.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('durability under SIGKILL', () => {
  it(`keeps every submission answered 2xx out of ${TOTAL} concurrent ones`, async () => {
    const first = await startChild();
    expect(existsSync(dbPath)).toBe(true); // file and folders created on first start
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const statuses = new Array<number>(TOTAL).fill(-1);
    let answered = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: TOTAL }, (_, i) =>
        submit(first.url, agent, i).then((status) => {
          statuses[i] = status;
          if (status === 200) answered++;
          if (!killed && answered >= TOTAL / 3) {
            killed = true;
            first.proc.kill('SIGKILL');
          }
        }),
      ),
    );
    agent.destroy();
    expect((await first.exited).signal).toBe('SIGKILL');
    const ok = statuses.flatMap((s, i) => (s === 200 ? [`s${i}`] : []));
    expect(ok.length).toBeGreaterThanOrEqual(TOTAL / 3);
    expect(ok.length).toBeLessThan(TOTAL); // the kill really came mid-way
    console.log(`durability: ${ok.length} of ${TOTAL} answered 200 before SIGKILL`);
    expect(statuses.every((s) => s === 200 || s === 0)).toBe(true);

    const second = await startChild();
    try {
      const health = await fetch(`${second.url}/api/health`);
      expect(health.status).toBe(200);
      const stored = storedStudents();
      const missing = ok.filter((s) => !stored.has(s));
      expect(missing).toEqual([]);
      const gradebook = await (await fetch(`${second.url}/api/instructor/gradebook.csv`, { headers: { authorization: `Bearer ${TEST_ADMIN}` } })).text();
      expect(gradebook.trim().split('\n').length - 1).toBe(stored.size);
    } finally {
      second.proc.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    }
  });

  it('on SIGTERM answers the requests in flight, stores them, and exits 0', async () => {
    const child = await startChild();
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const before = storedStudents().size;
    const pending = Array.from({ length: 200 }, (_, i) => submit(child.url, agent, 10_000 + i));
    await new Promise((r) => setTimeout(r, 30));
    child.proc.kill('SIGTERM');
    const statuses = await Promise.all(pending);
    agent.destroy();
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const answered = statuses.filter((s) => s === 200).length;
    expect(statuses.every((s) => s === 200 || s === 0)).toBe(true);
    expect(storedStudents().size).toBe(before + answered);
    // A clean close checkpoints the WAL: nothing is left in it.
    expect(existsSync(`${dbPath}-wal`) ? (await import('node:fs')).statSync(`${dbPath}-wal`).size : 0).toBe(0);
  });
});
