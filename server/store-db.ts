/**
 * The SQLite side of the submission store, shared by the two places that may
 * write submissions: the store itself (in-thread writes, used when the
 * writer thread's compiled script is not at hand, e.g. under vitest) and the
 * writer thread (store-writer.ts). One schema, one set of pragmas, one way of
 * numbering attempts, whichever thread commits.
 *
 * Durability: WAL journal with `synchronous = FULL`. In WAL mode FULL syncs the
 * WAL on every commit, so a submission the server answered 2xx survives a
 * process kill *and* an OS crash or power cut; NORMAL would survive only the
 * former (the last commits may sit in the page cache).
 */
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL,
  version_id TEXT NOT NULL,
  student TEXT NOT NULL DEFAULT '',
  attempt INTEGER NOT NULL,
  answers TEXT NOT NULL,
  result TEXT NOT NULL,
  score REAL NOT NULL,
  max REAL NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (token, student, attempt)
);
CREATE INDEX IF NOT EXISTS submissions_version ON submissions (version_id, student);
CREATE TABLE IF NOT EXISTS releases (
  version_id TEXT PRIMARY KEY,
  released INTEGER NOT NULL,
  at TEXT NOT NULL
);
`;

/** One submission ready to write: answers and result already serialised (by the thread that graded it, once). */
export interface SubmissionWrite {
  token: string;
  versionId: string;
  student: string;
  answersJson: string;
  resultJson: string;
  score: number;
  max: number;
  /** Attempts allowed for this token and student; null: unlimited. */
  limit: number | null;
}

/** What became of one write: stored as attempt N, or refused because `limit` attempts exist already. */
export type WriteOutcome = { id: number; attempt: number; at: string } | { limit: number };

/**
 * Opens the database file (which must be creatable: the caller makes its
 * folder) with the store's pragmas and schema.
 * @example const db = openDatabase('/tmp/x/rnnquiz.db'); db.close()
 */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/**
 * A function that writes a batch of submissions in ONE transaction (one
 * fsync however many rows: the group commit), numbering each as the next
 * attempt of its (token, student). The count and the insert happen inside the
 * same transaction, and better-sqlite3 is synchronous, so nothing interleaves.
 * An attempt-limit refusal fails only its own row.
 * @example const write = batchWriter(db); write([{ token, versionId: 'V01', student: '', answersJson: '{}', resultJson: '{…}', score: 0, max: 3, limit: null }])[0] // { id: 1, attempt: 1, at: '…' }
 */
export function batchWriter(db: Database.Database): (batch: readonly SubmissionWrite[]) => WriteOutcome[] {
  const lastAttempt = db.prepare<[string, string], { n: number | null }>('SELECT MAX(attempt) AS n FROM submissions WHERE token = ? AND student = ?');
  const insert = db.prepare<[string, string, string, number, string, string, number, number, string]>(
    'INSERT INTO submissions (token, version_id, student, attempt, answers, result, score, max, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const tx = db.transaction((batch: readonly SubmissionWrite[]): WriteOutcome[] => {
    const at = new Date().toISOString();
    return batch.map((w) => {
      const attempt = (lastAttempt.get(w.token, w.student)?.n ?? 0) + 1;
      if (w.limit !== null && attempt > w.limit) return { limit: w.limit };
      const info = insert.run(w.token, w.versionId, w.student, attempt, w.answersJson, w.resultJson, w.score, w.max, at);
      return { id: Number(info.lastInsertRowid), attempt, at };
    });
  });
  // IMMEDIATE: take the write lock up front, so a reader upgrading cannot deadlock a writer.
  return (batch) => tx.immediate(batch);
}
