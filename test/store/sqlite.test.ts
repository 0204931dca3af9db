/**
 * The SQLite driver: the contract suite against a file with the writer thread
 * (the compiled dist/src/store/sqlite/writer.js, as `rnnquiz serve` runs it),
 * a file with the writer in this thread, and `sqlite::memory:`; then what only
 * this driver has: URLs, open errors, and the first release's database.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, storeLocation, StoreOpenError, type OpenStoreOptions } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import { storeContract, submission } from './contract.js';

const WRITER = join(process.cwd(), 'dist', 'src', 'store', 'sqlite', 'writer.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rnnquiz-store-'));
  dirs.push(d);
  return d;
}

function fileFixture(sqlite: OpenStoreOptions['sqlite']) {
  return () => {
    const dir = tempDir();
    const file = join(dir, 'nested', 'rnnquiz.db');
    return {
      open: () => openStore(`sqlite:${file}`, { sqlite }),
      openAgain: () => openStore(file, { sqlite, create: false }),
      destroy: () => rmSync(join(dir, 'nested'), { recursive: true, force: true }),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  };
}

storeContract('sqlite file, writer thread', () => {
  if (!existsSync(WRITER)) throw new Error(`${WRITER} is missing: run npx tsc -p . first`);
  return fileFixture({ writer: 'thread', writerScript: pathToFileURL(WRITER) })();
});
storeContract('sqlite file, inline writer', fileFixture({ writer: 'inline' }));
storeContract('sqlite::memory:', () => ({ open: () => openStore('sqlite::memory:'), cleanup: () => {} }));

describe('sqlite driver', () => {
  it('runs its commits where it was asked to', async () => {
    const dir = tempDir();
    const thread = openSqliteStore(join(dir, 't.db'), { writer: 'thread', writerScript: pathToFileURL(WRITER) });
    const inline = openSqliteStore(join(dir, 'i.db'), { writer: 'inline' });
    const memory = openSqliteStore(':memory:', { writer: 'thread', writerScript: pathToFileURL(WRITER) });
    expect([thread.writerMode, inline.writerMode, memory.writerMode, thread.driver]).toEqual(['thread', 'inline', 'inline', 'sqlite']);
    for (const s of [thread, inline, memory]) await s.close();
  });

  it('reads the same file from a plain path, sqlite:PATH and sqlite:///ABS', async () => {
    const dir = tempDir();
    const file = join(dir, 'same.db');
    expect(storeLocation(file)).toBe(`sqlite:${file}`);
    expect(storeLocation(`sqlite:${file}`)).toBe(`sqlite:${file}`);
    expect(storeLocation(`sqlite://${file}`)).toBe(`sqlite:${file}`);
    expect(storeLocation('sqlite::memory:')).toBeNull();
    const a = openStore(file, { sqlite: { writer: 'inline' } });
    await a.submit(submission('anon:t:a', 1), { limit: null });
    await a.close();
    const b = openStore(`sqlite://${file}`, { create: false });
    expect(await b.count()).toBe(1);
    await b.close();
  });

  it.each<[string, () => string, RegExp]>([
    ['an unknown scheme', () => 'postgress://db.example/quiz', /unknown store "postgress:".*supported are sqlite:/],
    ['sqlite: without a file', () => 'sqlite:', /sqlite: needs a file/],
    ['an empty url', () => ' ', /no store given/],
    ['a folder', () => tempDir(), /is a folder, not a file/],
    [
      'a file that is not a database',
      () => {
        const f = join(tempDir(), 'garbage.db');
        writeFileSync(f, 'this is not SQLite, just text that happens to be long enough to look like a header '.repeat(20));
        return f;
      },
      /garbage\.db is not an rnnquiz database/,
    ],
    [
      'a folder that cannot be created (a file is in the way)',
      () => {
        const d = tempDir();
        writeFileSync(join(d, 'plain'), 'x');
        return join(d, 'plain', 'sub', 'x.db');
      },
      /cannot (create the folder|reach the database).*ENOTDIR/,
    ],
    [
      'a database of a newer rnnquiz',
      () => {
        const f = join(tempDir(), 'newer.db');
        const db = new Database(f);
        db.pragma('user_version = 99');
        db.close();
        return f;
      },
      /schema version 99, newer than this rnnquiz/,
    ],
  ])('refuses %s with a StoreOpenError saying why', (_name, url, message) => {
    const where = url();
    let thrown: unknown;
    try {
      openStore(where)
        .close()
        .catch(() => {});
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StoreOpenError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('does not create a missing database when told not to, and says why it should exist', () => {
    const file = join(tempDir(), 'gone', 'x.db');
    expect(() => openStore(file, { create: false, whyRequired: 'it was here yesterday' })).toThrow(new StoreOpenError(`the database ${file} does not exist: it was here yesterday`));
    expect(existsSync(join(file, '..'))).toBe(false);
  });

  it("opens the first release's database: every row kept, attempts counted on per token and typed id", async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'v1.db');
    // The first release's schema and two of its rows, as it wrote them.
    const old = new Database(file);
    old.exec(`CREATE TABLE submissions (id INTEGER PRIMARY KEY, token TEXT NOT NULL, version_id TEXT NOT NULL, student TEXT NOT NULL DEFAULT '', attempt INTEGER NOT NULL,
      answers TEXT NOT NULL, result TEXT NOT NULL, score REAL NOT NULL, max REAL NOT NULL, at TEXT NOT NULL, UNIQUE (token, student, attempt));
      CREATE INDEX submissions_version ON submissions (version_id, student);
      CREATE TABLE releases (version_id TEXT PRIMARY KEY, released INTEGER NOT NULL, at TEXT NOT NULL);
      INSERT INTO releases VALUES ('V02', 1, '2026-01-01T00:00:00.000Z');`);
    const insert = old.prepare('INSERT INTO submissions (token, version_id, student, attempt, answers, result, score, max, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('tokA', 'V01', 'ana', 1, '{"p1.h1":"[1, 0]"}', '{"score":1,"max":2,"fields":{}}', 1, 2, '2026-01-01T10:00:00.000Z');
    insert.run('tokA', 'V01', 'ana', 2, '{"p1.h1":"[2, 0]"}', '{"score":2,"max":2,"fields":{}}', 2, 2, '2026-01-01T10:05:00.000Z');
    old.close();

    const store = openStore(file, { create: false, sqlite: { writer: 'inline' } });
    const ana = await store.attemptsOf('anon:tokA:ana');
    expect(ana.map((r) => [r.attempt, r.result.score, r.token, r.student, r.source, r.at])).toEqual([
      [1, 1, 'tokA', 'ana', 'online', '2026-01-01T10:00:00.000Z'],
      [2, 2, 'tokA', 'ana', 'online', '2026-01-01T10:05:00.000Z'],
    ]);
    expect((await store.submit(submission('anon:tokA:ana', 1, { token: 'tokA' }), { limit: 3 })).attempt).toBe(3);
    expect([...(await store.releasedVersions())]).toEqual(['V02']);
    await store.close();
  });
});
