/**
 * The submission store: one SQLite file (better-sqlite3, synchronous API).
 *
 * Durability: WAL journal with `synchronous = FULL`. In WAL mode FULL syncs the
 * WAL on every commit, so a submission the server answered 2xx survives a
 * process kill *and* an OS crash or power cut; NORMAL would survive only the
 * former (the last commits may sit in the page cache). A student told "your
 * answers are saved" must be able to rely on it, and measured cost is small
 * (see bench/server.bench.ts), so FULL it is.
 *
 * Group commit: `submit` queues a submission and the queue is written at the
 * end of the current event-loop turn in ONE transaction, so the fsync FULL
 * asks for (≈5 ms here) is paid once per batch, not once per request. Each
 * promise settles only after that commit returned, so a reply still means
 * "on disk". Attempts are numbered per (token, student) inside the same
 * transaction as the insert; better-sqlite3 is synchronous, so nothing can
 * interleave between the count and the insert.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GradeResult } from '../src/grading/types.js';

export interface NewSubmission {
  token: string;
  versionId: string;
  /** Optional student id typed on the page or sent in the API body ('' when none). */
  student: string;
  answers: Record<string, string>;
  result: GradeResult;
}

export interface StoredSubmission extends NewSubmission {
  id: number;
  attempt: number;
  /** ISO 8601 time the submission was stored. */
  at: string;
}

/** Why a submission was refused by the store (mapped to HTTP 409 by the routes). */
export class AttemptLimitError extends Error {
  override name = 'AttemptLimitError';
  constructor(readonly limit: number) {
    super(`attempt limit reached: ${limit} of ${limit} attempts used`);
  }
}

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

interface SubmissionRow {
  id: number;
  token: string;
  version_id: string;
  student: string;
  attempt: number;
  answers: string;
  result: string;
  at: string;
}

function fromRow(r: SubmissionRow): StoredSubmission {
  return {
    id: r.id,
    token: r.token,
    versionId: r.version_id,
    student: r.student,
    attempt: r.attempt,
    answers: JSON.parse(r.answers) as Record<string, string>,
    result: JSON.parse(r.result) as GradeResult,
    at: r.at,
  };
}

export interface SubmissionStore {
  /** Stores a submission as the next attempt now (its own transaction); throws AttemptLimitError when `limit` attempts exist already. */
  add(sub: NewSubmission, limit: number | null): StoredSubmission;
  /** The same through the group commit: settles once the batch holding it is committed. */
  submit(sub: NewSubmission, limit: number | null): Promise<StoredSubmission>;
  /** Every stored submission, oldest first. */
  all(): StoredSubmission[];
  count(): number;
  /** Throws when the database cannot answer (health check). */
  ping(): void;
  isReleased(versionId: string): boolean;
  setReleased(versionIds: readonly string[], released: boolean): void;
  releasedVersions(): string[];
  /** Checkpoints the WAL and closes the file. */
  close(): void;
}

/**
 * Opens (creating the file and its folder when missing) the store at `file`.
 * @example const store = openStore('out/rnnquiz.db'); store.count() // 0
 */
export function openStore(file: string): SubmissionStore {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const lastAttempt = db.prepare<[string, string], { n: number | null }>('SELECT MAX(attempt) AS n FROM submissions WHERE token = ? AND student = ?');
  const insert = db.prepare(
    'INSERT INTO submissions (token, version_id, student, attempt, answers, result, score, max, at) VALUES (@token, @versionId, @student, @attempt, @answers, @result, @score, @max, @at)',
  );
  const selectAll = db.prepare<[], SubmissionRow>('SELECT id, token, version_id, student, attempt, answers, result, at FROM submissions ORDER BY id');
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM submissions');
  const pingStmt = db.prepare('SELECT 1');
  const releaseOf = db.prepare<[string], { released: number }>('SELECT released FROM releases WHERE version_id = ?');
  const upsertRelease = db.prepare(
    'INSERT INTO releases (version_id, released, at) VALUES (?, ?, ?) ON CONFLICT(version_id) DO UPDATE SET released = excluded.released, at = excluded.at',
  );
  const releasedList = db.prepare<[], { version_id: string }>('SELECT version_id FROM releases WHERE released = 1 ORDER BY version_id');

  const addOne = (sub: NewSubmission, limit: number | null): StoredSubmission => {
    const attempt = (lastAttempt.get(sub.token, sub.student)?.n ?? 0) + 1;
    if (limit !== null && attempt > limit) throw new AttemptLimitError(limit);
    const at = new Date().toISOString();
    const info = insert.run({
      token: sub.token,
      versionId: sub.versionId,
      student: sub.student,
      attempt,
      answers: JSON.stringify(sub.answers),
      result: JSON.stringify(sub.result),
      score: sub.result.score,
      max: sub.result.max,
      at,
    });
    return { ...sub, id: Number(info.lastInsertRowid), attempt, at };
  };
  const addTx = db.transaction(addOne);

  interface Pending {
    sub: NewSubmission;
    limit: number | null;
    resolve: (s: StoredSubmission) => void;
    reject: (e: unknown) => void;
  }
  let queue: Pending[] = [];
  let scheduled = false;
  /** Writes every queued submission in one transaction; an attempt-limit refusal fails only its own promise. */
  const batchTx = db.transaction((batch: readonly Pending[]) =>
    batch.map((p) => {
      try {
        return { stored: addOne(p.sub, p.limit) };
      } catch (e) {
        if (e instanceof AttemptLimitError) return { error: e };
        throw e;
      }
    }),
  );
  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let outcomes: ({ stored: StoredSubmission } | { error: AttemptLimitError })[];
    try {
      outcomes = batchTx.immediate(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i] as { stored: StoredSubmission } | { error: AttemptLimitError };
      if ('stored' in o) p.resolve(o.stored);
      else p.reject(o.error);
    });
  };
  const releaseTx = db.transaction((ids: readonly string[], released: boolean) => {
    const at = new Date().toISOString();
    for (const id of ids) upsertRelease.run(id, released ? 1 : 0, at);
  });

  return {
    add: (sub, limit) => addTx.immediate(sub, limit),
    submit: (sub, limit) =>
      new Promise<StoredSubmission>((resolve, reject) => {
        if (!db.open) {
          reject(new Error('the store is closed'));
          return;
        }
        queue.push({ sub, limit, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
    all: () => selectAll.all().map(fromRow),
    count: () => countAll.get()?.n ?? 0,
    ping: () => {
      pingStmt.get();
    },
    isReleased: (versionId) => releaseOf.get(versionId)?.released === 1,
    setReleased: (ids, released) => releaseTx(ids, released),
    releasedVersions: () => releasedList.all().map((r) => r.version_id),
    close: () => {
      if (!db.open) return;
      flush();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
