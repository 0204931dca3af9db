/**
 * Every write the SQLite store makes, as plain data (so it can cross to the
 * writer thread), and the function that commits a batch of them in ONE
 * transaction: one fsync however many rows (the group commit).
 *
 * Isolation: each write runs in its own savepoint inside that transaction, so
 * a write SQLite refuses (a broken row) fails alone and the others commit.
 * Only what takes the whole transaction down (disk full, I/O error, the file
 * gone) fails every write of the batch, as "unavailable"; any other failure of
 * the whole batch is retried write by write. A batch is acknowledged only
 * after the commit returned AND the file at the path is still the one opened.
 */
import type Database from 'better-sqlite3';
import { describeSqliteError, fileChanged, isUnavailable, type FileIdentity } from './database.js';

/** One write, ready to commit: answers and results already serialised (once, by the thread that graded them). */
export type Write =
  | {
      kind: 'submit';
      subject: string;
      student: string;
      token: string;
      versionId: string;
      source: 'online' | 'paper';
      answersJson: string;
      resultJson: string;
      score: number;
      max: number;
      /** Attempts allowed for this subject; null: unlimited. */
      limit: number | null;
    }
  | { kind: 'draft'; subject: string; versionId: string; answersJson: string }
  | { kind: 'open'; student: string }
  | { kind: 'student'; student: string; tokenGeneration?: number; revoked?: boolean; extraSeconds?: number }
  | { kind: 'release'; versionIds: string[]; released: boolean }
  | { kind: 'heartbeat' };

/** A row of `student_state`, as SQLite returns it. */
export interface StudentRow {
  student: string;
  token_generation: number;
  revoked: number;
  extra_seconds: number;
  first_opened_at: string | null;
}

/** What became of one write. `unavailable`: nothing can be written now (HTTP 503); `error`: this write was refused. */
export type WriteOutcome = { status: 'ok'; at: string; id?: number; attempt?: number; student?: StudentRow } | { status: 'limit'; limit: number } | { status: 'unavailable' | 'error'; detail: string };

/**
 * A function committing a batch of writes at `path` (opened as `opened`;
 * null for `:memory:`, which has no file to check),
 * one outcome per write, in order. Never throws.
 * Attempts are counted and inserted inside the same transaction, and
 * better-sqlite3 is synchronous, so nothing interleaves between the count and
 * the insert, even with several processes on one file (IMMEDIATE takes the
 * write lock first).
 * @example batchWriter(db, path, fileIdentity(path)!)([{ kind: 'heartbeat' }]) // [{ status: 'ok', at: '…' }]
 */
export function batchWriter(db: Database.Database, path: string, opened: FileIdentity | null): (batch: readonly Write[]) => WriteOutcome[] {
  const lastAttempt = db.prepare<[string], { n: number | null }>('SELECT MAX(attempt) AS n FROM submissions WHERE subject = ?');
  const insert = db.prepare<[string, string, string, string, number, string, string, string, number, number, string]>(
    'INSERT INTO submissions (subject, student, token, version_id, attempt, source, answers, result, score, max, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const saveDraft = db.prepare<[string, string, string, string]>(
    'INSERT INTO drafts (subject, version_id, answers, at) VALUES (?, ?, ?, ?) ON CONFLICT(subject) DO UPDATE SET version_id = excluded.version_id, answers = excluded.answers, at = excluded.at',
  );
  const recordOpen = db.prepare<[string, string]>(
    'INSERT INTO student_state (student, first_opened_at) VALUES (?, ?) ON CONFLICT(student) DO UPDATE SET first_opened_at = COALESCE(student_state.first_opened_at, excluded.first_opened_at)',
  );
  const ensureStudent = db.prepare<[string]>('INSERT INTO student_state (student) VALUES (?) ON CONFLICT(student) DO NOTHING');
  const patchStudent = db.prepare<[number | null, number | null, number | null, string]>(
    'UPDATE student_state SET token_generation = COALESCE(?, token_generation), revoked = COALESCE(?, revoked), extra_seconds = COALESCE(?, extra_seconds) WHERE student = ?',
  );
  const studentRow = db.prepare<[string], StudentRow>('SELECT * FROM student_state WHERE student = ?');
  const release = db.prepare<[string, number, string]>(
    'INSERT INTO releases (version_id, released, at) VALUES (?, ?, ?) ON CONFLICT(version_id) DO UPDATE SET released = excluded.released, at = excluded.at',
  );
  const beat = db.prepare<[string]>('INSERT INTO heartbeat (id, beats, at) VALUES (1, 1, ?) ON CONFLICT(id) DO UPDATE SET beats = beats + 1, at = excluded.at');

  const apply = (w: Write, at: string): WriteOutcome => {
    switch (w.kind) {
      case 'submit': {
        const attempt = (lastAttempt.get(w.subject)?.n ?? 0) + 1;
        if (w.limit !== null && attempt > w.limit) return { status: 'limit', limit: w.limit };
        const info = insert.run(w.subject, w.student, w.token, w.versionId, attempt, w.source, w.answersJson, w.resultJson, w.score, w.max, at);
        return { status: 'ok', at, id: Number(info.lastInsertRowid), attempt };
      }
      case 'draft':
        saveDraft.run(w.subject, w.versionId, w.answersJson, at);
        return { status: 'ok', at };
      case 'open':
        recordOpen.run(w.student, at);
        return { status: 'ok', at, student: studentRow.get(w.student) as StudentRow };
      case 'student':
        ensureStudent.run(w.student);
        patchStudent.run(w.tokenGeneration ?? null, w.revoked === undefined ? null : Number(w.revoked), w.extraSeconds ?? null, w.student);
        return { status: 'ok', at, student: studentRow.get(w.student) as StudentRow };
      case 'release':
        for (const id of w.versionIds) release.run(id, w.released ? 1 : 0, at);
        return { status: 'ok', at };
      case 'heartbeat':
        beat.run(at);
        return { status: 'ok', at };
    }
  };
  // Called inside the batch's transaction, better-sqlite3 runs this one as a SAVEPOINT: a throw rolls back only this write.
  const applyInSavepoint = db.transaction(apply);
  const commitBatch = db.transaction((batch: readonly Write[]): WriteOutcome[] => {
    const at = new Date().toISOString();
    return batch.map((w) => {
      try {
        return applyInSavepoint(w, at);
      } catch (e) {
        // Disk full or I/O trouble, or SQLite rolled the whole transaction back: nothing in this batch can commit.
        if (isUnavailable(e) || !db.inTransaction) throw e;
        return { status: 'error', detail: describeSqliteError(e) };
      }
    });
  });
  const commit = (batch: readonly Write[]): WriteOutcome[] => {
    try {
      // IMMEDIATE: take the write lock up front, so a reader upgrading cannot deadlock a writer.
      return commitBatch.immediate(batch);
    } catch (e) {
      const detail = describeSqliteError(e);
      if (isUnavailable(e)) return batch.map(() => ({ status: 'unavailable', detail }));
      // Not a "cannot write" error, yet the whole batch failed: each write on its own, so only the guilty one fails.
      if (batch.length > 1) return batch.flatMap((w) => commit([w]));
      return [{ status: 'error', detail }];
    }
  };
  return (batch) => {
    const outcomes = commit(batch);
    // Rows committed into a file that was deleted or replaced are lost at the next start: never acknowledge them.
    const changed = opened ? fileChanged(path, opened) : undefined;
    if (changed) return batch.map(() => ({ status: 'unavailable', detail: changed }));
    return outcomes;
  };
}
