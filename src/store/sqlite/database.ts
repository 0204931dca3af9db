/**
 * The SQLite file itself: schema, pragmas, migration of a first-release
 * database, the file's identity, and which SQLite errors mean "cannot write
 * now". Shared by the two places that may write (the store in this thread,
 * and the writer thread), so one schema and one set of pragmas hold whichever
 * thread commits.
 *
 * Durability: WAL journal with `synchronous = FULL`. In WAL mode FULL syncs the
 * WAL on every commit, so a submission the server answered 2xx survives a
 * process kill *and* an OS crash or power cut; NORMAL would survive only the
 * former (the last commits may sit in the page cache).
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** `PRAGMA user_version` of the current schema; 0 is a fresh file or a first-release one (no `subject` column). */
export const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  student TEXT NOT NULL DEFAULT '',
  token TEXT NOT NULL DEFAULT '',
  version_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'paper')),
  answers TEXT NOT NULL CHECK (json_valid(answers)),
  result TEXT NOT NULL CHECK (json_valid(result)),
  score REAL NOT NULL,
  max REAL NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (subject, attempt)
);
CREATE INDEX IF NOT EXISTS submissions_version ON submissions (version_id, id);
CREATE TABLE IF NOT EXISTS drafts (
  subject TEXT PRIMARY KEY,
  version_id TEXT NOT NULL,
  answers TEXT NOT NULL CHECK (json_valid(answers)),
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS student_state (
  student TEXT PRIMARY KEY,
  token_generation INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0,
  extra_seconds REAL NOT NULL DEFAULT 0,
  first_opened_at TEXT
);
CREATE TABLE IF NOT EXISTS releases (
  version_id TEXT PRIMARY KEY,
  released INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS heartbeat (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  beats INTEGER NOT NULL,
  at TEXT NOT NULL
);
`;

/**
 * A first-release database (`submissions` keyed by token and student, no
 * subject): rebuilt in the new shape, each row's subject being
 * `anon:<token>:<student>`, which is how the server names anonymous subjects,
 * so attempts keep counting on from where they were.
 */
const MIGRATE_FROM_FIRST_RELEASE = `
ALTER TABLE submissions RENAME TO submissions_v1;
DROP INDEX IF EXISTS submissions_version;
${SCHEMA}
INSERT INTO submissions (id, subject, student, token, version_id, attempt, source, answers, result, score, max, at)
  SELECT id, 'anon:' || token || ':' || student, student, token, version_id, attempt, 'online', answers, result, score, max, at FROM submissions_v1;
DROP TABLE submissions_v1;
`;

/** Device and inode of a file: the same path with another identity is another file (deleted and recreated, or replaced). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The identity of the file at `path` now, or undefined when there is none. */
export function fileIdentity(path: string): FileIdentity | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? { dev: s.dev, ino: s.ino } : undefined;
}

/**
 * Why the database file is not the one opened, or undefined when it still is
 * (no path in the text: it may reach a public health reply).
 * Writes into a deleted file succeed on Linux and are lost at the next start,
 * so a commit is only acknowledged after this check passed.
 * @example fileChanged('/tmp/x.db', fileIdentity('/tmp/x.db')) // undefined
 */
export function fileChanged(path: string, opened: FileIdentity): string | undefined {
  let now: FileIdentity | undefined;
  try {
    now = fileIdentity(path);
  } catch (e) {
    return `the database file cannot be checked (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  if (!now) return 'the database file was deleted after it was opened';
  if (now.dev !== opened.dev || now.ino !== opened.ino) return 'the database file was replaced by another file after it was opened';
  return undefined;
}

/**
 * SQLite result codes that mean "nothing can be written now" (disk full, I/O
 * error, read-only or vanished file, locked by another process past the busy
 * timeout, not a database any more), as opposed to a problem with one row.
 */
const UNAVAILABLE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|NOMEM|PROTOCOL)/;

/** True when a SQLite error says the database cannot write now rather than that one row is bad. */
export function isUnavailable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.test(code);
}

/** A short text for an error, for replies and health (`SQLITE_FULL: database or disk is full`). */
export function describeSqliteError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

/**
 * Opens the database file with the store's pragmas, creating or migrating
 * the schema. The caller has checked that the file may be created.
 * Throws SQLite's own errors (`SQLITE_NOTADB` for a file that is not a
 * database, …); the store turns them into StoreOpenError.
 * @example const db = openDatabase('/tmp/x/rnnquiz.db'); db.close()
 */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

function migrate(db: Database.Database): void {
  const read = (): number => db.pragma('user_version', { simple: true }) as number;
  if (read() === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Read again under the write lock: another process opening the same new file may have migrated it meanwhile.
    const version = read();
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) throw new Error(`the database has schema version ${version}, newer than this rnnquiz knows (${SCHEMA_VERSION}): run the rnnquiz that wrote it`);
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('submissions')").all();
    const firstRelease = columns.length > 0 && !columns.some((c) => c.name === 'subject');
    db.exec(firstRelease ? MIGRATE_FROM_FIRST_RELEASE : SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
