/**
 * The submission store: one SQLite file (better-sqlite3, synchronous API).
 * Schema, pragmas (WAL, `synchronous = FULL`: a 2xx reply survives a power
 * cut) and attempt numbering live in store-db.ts.
 *
 * Group commit: `submit` queues a submission and the queue is written at the
 * end of the current event-loop turn in ONE transaction, so the fsync FULL
 * asks for (milliseconds here) is paid once per batch, not once per request.
 * Each promise settles only after that commit returned, so a reply still
 * means "on disk".
 *
 * Writer thread: by default the commits run on a worker thread
 * (store-writer.ts) so that the fsync blocks that thread, not the one
 * answering requests: while one batch syncs, the next is parsed and graded.
 * This thread keeps a connection of its own for reads (WAL lets readers run
 * beside the writer) and for the rare release toggles. Where the compiled
 * writer script is not at hand (the TypeScript sources under vitest) the
 * same batch writer runs in this thread.
 */
import { Worker } from 'node:worker_threads';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GradeResult } from '../src/grading/types.js';
import { type SubmissionWrite, type WriteOutcome, batchWriter, openDatabase } from './store-db.js';

export interface NewSubmission {
  token: string;
  versionId: string;
  /** Optional student id typed on the page or sent in the API body ('' when none). */
  student: string;
  answers: Record<string, string>;
  result: GradeResult;
  /** `JSON.stringify(result)` when the caller has it already (it replies with the same text). */
  resultJson?: string;
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
  /** Where commits run: on the writer thread, or in this thread. */
  readonly writer: 'thread' | 'inline';
  /** Stores a submission as the next attempt through the group commit; settles once the batch holding it is committed. Rejects with AttemptLimitError when `limit` attempts exist already. */
  submit(sub: NewSubmission, limit: number | null): Promise<StoredSubmission>;
  /** Every stored submission, oldest first. */
  all(): StoredSubmission[];
  count(): number;
  /** Throws when the database cannot answer (health check). */
  ping(): void;
  isReleased(versionId: string): boolean;
  setReleased(versionIds: readonly string[], released: boolean): void;
  releasedVersions(): string[];
  /** Commits what is queued, stops the writer, checkpoints the WAL and closes the file. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** 'thread' (needs the compiled store-writer.js), 'inline', or 'auto' (default): the thread when its script exists. */
  writer?: 'thread' | 'inline' | 'auto';
  /** The writer thread's script; default store-writer.js next to this module. */
  writerScript?: URL;
}

const DEFAULT_WRITER_SCRIPT = new URL('./store-writer.js', import.meta.url);

/** Commits a batch somewhere and calls back with one outcome per write, or an error for the whole batch. */
interface Committer {
  commit(batch: readonly SubmissionWrite[], done: (result: WriteOutcome[] | Error) => void): void;
  close(): Promise<void>;
}

function inlineCommitter(db: ReturnType<typeof openDatabase>): Committer {
  const write = batchWriter(db);
  return {
    commit(batch, done) {
      let outcomes: WriteOutcome[];
      try {
        outcomes = write(batch);
      } catch (e) {
        done(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      done(outcomes);
    },
    close: async () => {},
  };
}

function threadCommitter(path: string, script: URL): Committer {
  const worker = new Worker(script, { workerData: { path } });
  const waiting = new Map<number, (result: WriteOutcome[] | Error) => void>();
  let seq = 0;
  let stopped: Error | null = null;
  const failAll = (e: Error): void => {
    stopped ??= e;
    for (const done of waiting.values()) done(e);
    waiting.clear();
  };
  let closedByWriter: () => void = () => {};
  const writerClosed = new Promise<void>((resolveClosed) => (closedByWriter = resolveClosed));
  worker.on('message', (msg: { seq: number; outcomes?: WriteOutcome[]; error?: string } | { closed: true }) => {
    if ('closed' in msg) {
      closedByWriter();
      return;
    }
    const done = waiting.get(msg.seq);
    waiting.delete(msg.seq);
    done?.(msg.outcomes ?? new Error(`the store could not write: ${msg.error ?? 'unknown error'}`));
  });
  worker.on('error', (e) => failAll(e));
  const exited = new Promise<void>((resolveExit) =>
    worker.on('exit', (code) => {
      failAll(new Error(`the store's writer thread stopped (exit code ${code})`));
      resolveExit();
    }),
  );
  return {
    commit(batch, done) {
      if (stopped) {
        done(stopped);
        return;
      }
      const id = seq++;
      waiting.set(id, done);
      worker.postMessage({ seq: id, batch });
    },
    async close() {
      if (!stopped) worker.postMessage({ close: true });
      // `closed` comes after every outcome (messages keep their order); exit covers a writer that died.
      await Promise.race([writerClosed, exited]);
      await exited;
    },
  };
}

interface Pending {
  write: SubmissionWrite;
  sub: NewSubmission;
  resolve: (s: StoredSubmission) => void;
  reject: (e: unknown) => void;
}

/**
 * Opens (creating the file and its folder when missing) the store at `file`.
 * @example const store = openStore('out/rnnquiz.db'); store.count() // 0
 */
export function openStore(file: string, options: StoreOptions = {}): SubmissionStore {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path);
  const script = options.writerScript ?? DEFAULT_WRITER_SCRIPT;
  const wanted = options.writer ?? 'auto';
  const writer = wanted === 'inline' || (wanted === 'auto' && !existsSync(fileURLToPath(script))) ? 'inline' : 'thread';
  const committer = writer === 'thread' ? threadCommitter(path, script) : inlineCommitter(db);

  const selectAll = db.prepare<[], SubmissionRow>('SELECT id, token, version_id, student, attempt, answers, result, at FROM submissions ORDER BY id');
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM submissions');
  const pingStmt = db.prepare('SELECT 1');
  const upsertRelease = db.prepare(
    'INSERT INTO releases (version_id, released, at) VALUES (?, ?, ?) ON CONFLICT(version_id) DO UPDATE SET released = excluded.released, at = excluded.at',
  );
  const releasedList = db.prepare<[], { version_id: string }>('SELECT version_id FROM releases WHERE released = 1 ORDER BY version_id');
  // Every reply asks whether its version is released; only this store changes releases, so they are kept in memory too.
  const released = new Set(releasedList.all().map((r) => r.version_id));

  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  /** Hands every queued submission to the committer as one batch; an attempt-limit refusal fails only its own promise. */
  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    committer.commit(
      batch.map((p) => p.write),
      (result) => {
        if (result instanceof Error) {
          for (const p of batch) p.reject(result);
          return;
        }
        batch.forEach((p, i) => {
          const o = result[i];
          if (!o) p.reject(new Error('the store lost a submission'));
          else if ('limit' in o) p.reject(new AttemptLimitError(o.limit));
          else p.resolve({ ...p.sub, id: o.id, attempt: o.attempt, at: o.at });
        });
      },
    );
  };
  const releaseTx = db.transaction((ids: readonly string[], on: boolean) => {
    const at = new Date().toISOString();
    for (const id of ids) upsertRelease.run(id, on ? 1 : 0, at);
  });

  return {
    writer,
    submit: (sub, limit) =>
      new Promise<StoredSubmission>((resolvePromise, reject) => {
        if (closed) {
          reject(new Error('the store is closed'));
          return;
        }
        const write: SubmissionWrite = {
          token: sub.token,
          versionId: sub.versionId,
          student: sub.student,
          answersJson: JSON.stringify(sub.answers),
          resultJson: sub.resultJson ?? JSON.stringify(sub.result),
          score: sub.result.score,
          max: sub.result.max,
          limit,
        };
        queue.push({ write, sub, resolve: resolvePromise, reject });
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
    isReleased: (versionId) => released.has(versionId),
    setReleased: (ids, on) => {
      releaseTx(ids, on);
      for (const id of ids) {
        if (on) released.add(id);
        else released.delete(id);
      }
    },
    releasedVersions: () => releasedList.all().map((r) => r.version_id),
    close: async () => {
      if (closed) return;
      closed = true;
      flush();
      await committer.close();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
