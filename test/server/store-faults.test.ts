/**
 * Store faults against the real server (`rnnquiz serve` as a child process on
 * 127.0.0.1, the compiled dist/): the database folder deleted while running,
 * a full disk (a 1 MB tmpfs, mounted as root), stores that cannot be opened,
 * a database that vanished between two starts, and two servers on one file.
 * Whatever happens, no submission is answered 2xx unless it is kept.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/manifest.js';
import { MAIN, runServeToExit, startServeChild, tempDir, testManifest, writeManifest, TEST_ADMIN, type ServeChild } from './fixture.js';

let dir: string;
let manifest: Manifest;
let manifestPath: string;
const mounts: string[] = [];
/** Several server processes per test, each a few seconds to start on a busy machine. */
const SLOW = { timeout: 180_000 };
const children: ServeChild[] = [];

/** Mounts a tmpfs of `size` at `at` (root only); false where the machine does not allow it. */
function mountTmpfs(at: string, options: string): boolean {
  mkdirSync(at, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at], { stdio: 'ignore' });
  } catch {
    return false;
  }
  mounts.push(at);
  return true;
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx tsc -p . first`);
  dir = tempDir();
  manifest = testManifest();
  manifestPath = writeManifest(dir, manifest);
});
afterAll(async () => {
  for (const c of children) {
    c.proc.kill('SIGKILL');
    await c.exited;
  }
  for (const m of mounts) execFileSync('umount', ['-l', m], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

async function serve(db: string, extra: string[] = []): Promise<ServeChild> {
  const child = await startServeChild(dir, ['--manifest', manifestPath, '--db', db, '--port', '0', '--no-rate-limit', '--quiet', ...extra]);
  children.push(child);
  return child;
}

async function stop(child: ServeChild): Promise<void> {
  child.proc.kill('SIGTERM');
  expect(await child.exited).toEqual({ code: 0, signal: null });
}

/** Posts one submission for `student` on version V01; resolves with the HTTP status and the JSON body. */
async function submit(url: string, student: string): Promise<{ status: number; body: { error?: string; attempt?: number } }> {
  const r = await fetch(`${url}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: manifest.versions[0]!.token, student, answers: { 'p1.h1': '[1, 0]' } }),
  });
  return { status: r.status, body: (await r.json()) as { error?: string; attempt?: number } };
}

async function health(url: string): Promise<{ status: number; body: { status: string; detail?: string } }> {
  const r = await fetch(`${url}/api/health`);
  return { status: r.status, body: (await r.json()) as { status: string; detail?: string } };
}

function storedStudents(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare('SELECT student FROM submissions ORDER BY id').all() as { student: string }[]).map((r) => r.student);
  } finally {
    conn.close();
  }
}

/** Health is cached for up to a second: wait until it says `status` (bounded). */
async function healthBecomes(url: string, status: number): Promise<{ status: number; body: { status: string; detail?: string } }> {
  for (let i = 0; i < 40; i++) {
    const h = await health(url);
    if (h.status === status) return h;
    await new Promise((r) => setTimeout(r, 100));
  }
  return health(url);
}

function expectCleanExit2(run: { code: number | null; stderr: string }, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^rnnquiz: /m);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('the database folder deleted while the server runs', SLOW, () => {
  it('answers 503 to health and to every submission, and the next start refuses to create an empty database', async () => {
    const folder = join(dir, 'deleted');
    const db = join(folder, 'rnnquiz.db');
    const child = await serve(db);
    const before = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(child.url, `before${i}`)));
    expect(before.map((r) => r.status)).toEqual(Array<number>(10).fill(200));
    expect((await health(child.url)).status).toBe(200);

    rmSync(folder, { recursive: true, force: true });
    const after = await Promise.all(Array.from({ length: 30 }, (_, i) => submit(child.url, `after${i}`)));
    expect(after.map((r) => r.status)).toEqual(Array<number>(30).fill(503));
    expect(after[0]!.body.error).toMatch(/cannot store answers right now, so nothing was saved/);
    const h = await health(child.url);
    expect(h).toEqual({ status: 503, body: { status: 'unavailable', detail: expect.stringMatching(/database file was deleted/) as unknown as string } });
    // The student's HTML form says it too, with a 503, never a 2xx.
    const form = await fetch(`${child.url}/q/${manifest.versions[0]!.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'student=z&p1.h1=%5B1%2C0%5D',
    });
    expect(form.status).toBe(503);
    expect(await form.text()).toMatch(/nothing was saved/);
    await stop(child);

    const restart = await runServeToExit(dir, ['--manifest', manifestPath, '--db', db, '--port', '0', '--quiet']);
    expectCleanExit2(restart, /the database .*rnnquiz\.db does not exist: an earlier start of this exam had it .* --create-db/);
    expect(existsSync(db)).toBe(false);

    const fresh = await serve(db, ['--create-db']);
    expect((await health(fresh.url)).status).toBe(200);
    expect((await submit(fresh.url, 'new')).status).toBe(200);
    await stop(fresh);
    expect(storedStudents(db)).toEqual(['new']);
  });
});

describe('a database file deleted between two starts', SLOW, () => {
  it('is an error at the next start (exit 2), not a new empty file', async () => {
    const db = join(dir, 'between', 'rnnquiz.db');
    const child = await serve(db);
    expect((await submit(child.url, 'a')).status).toBe(200);
    await stop(child);
    rmSync(db);
    const restart = await runServeToExit(dir, ['--manifest', manifestPath, '--db', `sqlite:${db}`, '--port', '0', '--quiet']);
    expectCleanExit2(restart, /does not exist: an earlier start of this exam had it/);
    expect(existsSync(db)).toBe(false);
  });
});

const canMount = (() => {
  const parent = tempDir();
  const probe = join(parent, 'probe');
  const ok = mountTmpfs(probe, 'size=64k');
  if (ok) {
    execFileSync('umount', [probe]);
    mounts.splice(mounts.indexOf(probe), 1);
  }
  rmSync(parent, { recursive: true, force: true });
  if (!ok) console.warn('store-faults: cannot mount a tmpfs here (not root?): the full-disk and read-only tests are skipped');
  return ok;
})();

describe.skipIf(!canMount)('a full disk (1 MB tmpfs)', SLOW, () => {
  it('answers 503 while full, never a 2xx it cannot keep, and recovers once there is room', async () => {
    const disk = join(dir, 'small');
    expect(mountTmpfs(disk, 'size=1m')).toBe(true);
    const db = join(disk, 'rnnquiz.db');
    const child = await serve(db);
    const ok = (await Promise.all(Array.from({ length: 5 }, (_, i) => submit(child.url, `early${i}`)))).map((r) => r.status);
    expect(ok).toEqual(Array<number>(5).fill(200));

    // Fill the disk: one big write, then small ones into whatever is left.
    const filler = join(disk, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(4096, 1);
    for (let i = 0; i < 1024; i++) {
      try {
        writeSync(fd, chunk);
      } catch {
        break;
      }
    }
    closeSync(fd);

    const full = await Promise.all(Array.from({ length: 30 }, (_, i) => submit(child.url, `full${i}`)));
    const statuses = full.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(25);
    expect((await healthBecomes(child.url, 503)).body).toMatchObject({ status: 'unavailable', detail: expect.stringMatching(/SQLITE_FULL|full/) as unknown as string });

    rmSync(filler);
    expect((await healthBecomes(child.url, 200)).body.status).toBe('ok');
    expect((await submit(child.url, 'later')).status).toBe(200);
    await stop(child);

    const acknowledged = ['early0', 'early1', 'early2', 'early3', 'early4', ...full.flatMap((r, i) => (r.status === 200 ? [`full${i}`] : [])), 'later'];
    expect(storedStudents(db)).toEqual(acknowledged);
  });
});

describe('a store that cannot be opened', SLOW, () => {
  const cases: [string, () => string, RegExp][] = [
    [
      'a folder',
      () => {
        const d = join(dir, 'a-folder.db');
        mkdirSync(d, { recursive: true });
        return d;
      },
      /is a folder, not a file/,
    ],
    [
      'a file that is not a database',
      () => {
        const f = join(dir, 'garbage.db');
        writeFileSync(f, 'not a database '.repeat(200));
        return f;
      },
      /garbage\.db is not an rnnquiz database/,
    ],
    [
      'a folder that cannot be made (a file is in the way)',
      () => {
        writeFileSync(join(dir, 'plain-file'), 'x');
        return join(dir, 'plain-file', 'rnnquiz.db');
      },
      /cannot (create the folder|reach the database).*ENOTDIR/,
    ],
    ['an unknown kind of store', () => 'postgress://127.0.0.1/quiz', /unknown store "postgress:".*supported are sqlite:/],
  ];
  it.each(cases)('exits 2 with a message for %s', async (_name, where, message) => {
    expectCleanExit2(await runServeToExit(dir, ['--manifest', manifestPath, '--db', where(), '--port', '0', '--quiet']), message);
  });

  it.skipIf(!canMount)('exits 2 with a message for a read-only folder', async () => {
    const ro = join(dir, 'read-only');
    expect(mountTmpfs(ro, 'ro,size=64k')).toBe(true);
    expectCleanExit2(await runServeToExit(dir, ['--manifest', manifestPath, '--db', join(ro, 'rnnquiz.db'), '--port', '0', '--quiet']), /cannot (open|write) the database .*read-only|writable/);
  });
});

describe('one poisoned row among many valid ones', SLOW, () => {
  it('fails only its own request: every valid submission of the same group commits is answered 200 and kept', async () => {
    const db = join(dir, 'poison', 'rnnquiz.db');
    const child = await serve(db);
    // A trigger (added beside the running server) makes SQLite refuse every row of student "poison".
    const conn = new Database(db);
    conn.exec("CREATE TRIGGER poison BEFORE INSERT ON submissions WHEN NEW.student = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");
    conn.close();
    const students = Array.from({ length: 200 }, (_, i) => (i % 40 === 13 ? 'poison' : `valid${i}`));
    const replies = await Promise.all(students.map((s) => submit(child.url, s)));
    const byStudent = replies.map((r, i) => [students[i], r.status]);
    expect(byStudent.filter(([s]) => s === 'poison').every(([, status]) => status === 500)).toBe(true);
    expect(byStudent.filter(([s]) => s !== 'poison').every(([, status]) => status === 200)).toBe(true);
    expect((await health(child.url)).status).toBe(200);
    await stop(child);
    expect(storedStudents(db)).toHaveLength(195);
  });
});

describe('two servers on one database', SLOW, () => {
  it('agree on released answers within one request', async () => {
    const db = join(dir, 'shared', 'rnnquiz.db');
    const a = await serve(db);
    const b = await serve(db);
    const v1 = manifest.versions[0]!;
    const keyOn = async (url: string): Promise<boolean> => {
      const r = await fetch(`${url}/api/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: v1.token, answers: {} }) });
      return ((await r.json()) as { key?: unknown }).key !== undefined;
    };
    const admin = (url: string, path: string, body: string) =>
      fetch(`${url}/api/instructor/${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN}`, 'content-type': 'application/json' }, body });
    expect(await keyOn(b.url)).toBe(false);
    expect((await admin(a.url, 'release', '{"versions": ["V01"]}')).status).toBe(200);
    expect(await keyOn(b.url)).toBe(true);
    expect((await admin(a.url, 'hide', '{"versions": ["V01"]}')).status).toBe(200);
    expect(await keyOn(b.url)).toBe(false);
    // Attempts are numbered in the database too: one student's attempts go on across both servers.
    expect((await submit(a.url, 'both')).body.attempt).toBe(1);
    expect((await submit(b.url, 'both')).body.attempt).toBe(2);
    await stop(a);
    await stop(b);
  });
});
