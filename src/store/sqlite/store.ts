/**
 * The SQLite driver of the storage contract (`../contract.ts`): one file
 * (better-sqlite3, synchronous API) or `:memory:`. Schema and pragmas (WAL,
 * `synchronous = FULL`: a 2xx reply survives a power cut) live in
 * database.ts, the writes and their per-write isolation in writes.ts.
 *
 * Group commit: every write (submission, draft, student state, release,
 * health heartbeat) is queued and the queue is written at the end of the
 * current event-loop turn in ONE transaction, so the fsync FULL asks for
 * (milliseconds here) is paid once per batch, not once per request. Each
 * promise settles only after that commit returned and the file was checked
 * to be the one opened, so a reply still means "on disk".
 *
 * Writer thread (a driver option, `writer`): by default the commits run on a
 * worker thread (committer.ts). This thread keeps a connection of its own for
 * the reads (reads.ts; WAL lets readers run beside the writer), which ask
 * the file on every call, so several processes on one file agree at once.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { AttemptLimitError, StoreOpenError, StoreUnavailableError, type StoreHealth, type SubmissionStore } from '../contract.js';
import { describeSqliteError, fileIdentity, isUnavailable, openDatabase, type FileIdentity } from './database.js';
import { inlineCommitter, threadCommitter, type Committer } from './committer.js';
import { prepareReads, studentFromRow, STREAM_PAGE_ROWS } from './reads.js';
import { batchWriter, type Write, type WriteOutcome } from './writes.js';

export interface SqliteOptions {
  /** Create the file (and its folder) when it does not exist; default true. False: a missing file is a StoreOpenError. */
  create?: boolean;
  /** Appended to the error for a missing file when `create` is false (why it should have been there). */
  whyRequired?: string;
  /** 'thread' (needs the compiled writer.js), 'inline', or 'auto' (default): the thread when its script exists. `:memory:` is always inline. */
  writer?: 'thread' | 'inline' | 'auto';
  /** The writer thread's script; default writer.js next to this module. */
  writerScript?: URL;
}

/** The SQLite store, with what only this driver has: where its commits run. */
export interface SqliteStore extends SubmissionStore {
  readonly writerMode: 'thread' | 'inline';
}

/** How long a health answer is reused: health stays cheap under load, and is never more than this stale. */
export const HEALTH_CACHE_MS = 1000;

const DEFAULT_WRITER_SCRIPT = new URL('./writer.js', import.meta.url);
const MEMORY = ':memory:';

/**
 * Checks the place, opens the file and proves it writable with a first
 * heartbeat; every failure is a StoreOpenError saying what and where.
 */
function openChecked(path: string, options: SqliteOptions): { db: Database.Database; opened: FileIdentity | null } {
  if (path === MEMORY) return { db: openDatabase(MEMORY), opened: null };
  let existing;
  try {
    existing = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    throw new StoreOpenError(`cannot reach the database ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (existing?.isDirectory()) throw new StoreOpenError(`the database ${path} is a folder, not a file: give the path of a database file`);
  if (existing && !existing.isFile()) throw new StoreOpenError(`the database ${path} is not a regular file`);
  if (!existing) {
    if (options.create === false) throw new StoreOpenError(`the database ${path} does not exist${options.whyRequired ? `: ${options.whyRequired}` : ''}`);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      throw new StoreOpenError(`cannot create the folder ${dirname(path)} for the database: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  let db: Database.Database;
  try {
    db = openDatabase(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new StoreOpenError(`${path} is not an rnnquiz database (SQLite: ${(e as Error).message}): give another file, or move this one away`);
    throw new StoreOpenError(`cannot open the database ${path} for writing (${describeSqliteError(e)}): check the file and its folder are writable`);
  }
  const opened = fileIdentity(path);
  const probe = opened ? batchWriter(db, path, opened)([{ kind: 'heartbeat' }])[0] : undefined;
  if (!opened || probe?.status !== 'ok') {
    db.close();
    throw new StoreOpenError(`cannot write the database ${path}${probe && 'detail' in probe ? ` (${probe.detail})` : ''}: check the disk and that the file and its folder are writable`);
  }
  return { db, opened };
}

interface Pending {
  write: Write;
  settle: (outcome: WriteOutcome) => void;
}

/**
 * Opens (by default creating the file and its folder when missing) the
 * SQLite store at `file`, or an in-memory one for `:memory:`.
 * @example const store = openSqliteStore('out/rnnquiz.db'); await store.count() // 0
 */
export function openSqliteStore(file: string, options: SqliteOptions = {}): SqliteStore {
  const path = file === MEMORY ? MEMORY : resolve(file);
  const { db, opened } = openChecked(path, options);
  const script = options.writerScript ?? DEFAULT_WRITER_SCRIPT;
  const wanted = options.writer ?? 'auto';
  const writerMode = opened === null || wanted === 'inline' || (wanted === 'auto' && !existsSync(fileURLToPath(script))) ? 'inline' : 'thread';
  let committer: Committer;
  try {
    committer = writerMode === 'thread' && opened ? threadCommitter(path, opened, script) : inlineCommitter(db, path, opened);
  } catch (e) {
    db.close();
    throw new StoreOpenError(`cannot start the database writer for ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }

  const reads = prepareReads(db);

  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  let health: { at: number; value: StoreHealth } | undefined;
  let healthCheck: Promise<StoreHealth> | undefined;

  /** Hands every queued write to the committer as one batch; each outcome settles its own promise. */
  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    committer.commit(
      batch.map((p) => p.write),
      (outcomes) => {
        batch.forEach((p, i) => p.settle(outcomes[i] ?? { status: 'error', detail: 'the store lost a write' }));
      },
    );
  };

  const closedError = (): StoreUnavailableError => new StoreUnavailableError('the store is closed');

  /** Queues a write for the next group commit; resolves with its outcome once durable, rejects with the contract's errors. */
  const enqueue = (write: Write): Promise<Extract<WriteOutcome, { status: 'ok' }>> =>
    new Promise((resolvePromise, reject) => {
      if (closed) {
        reject(closedError());
        return;
      }
      queue.push({
        write,
        settle: (o) => {
          if (o.status === 'ok') return resolvePromise(o);
          if (o.status === 'limit') return reject(new AttemptLimitError(o.limit));
          if (o.status === 'unavailable') {
            health = { at: Date.now(), value: { writable: false, detail: o.detail } };
            return reject(new StoreUnavailableError(`the store cannot write now: ${o.detail}`));
          }
          reject(new Error(`the store refused this write: ${o.detail}`));
        },
      });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  /** Runs a read on this thread's connection; a closed store or a database that cannot answer rejects with StoreUnavailableError. */
  const read = <T>(fn: () => T): Promise<T> => {
    if (closed) return Promise.reject(closedError());
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(isUnavailable(e) ? new StoreUnavailableError(`the store cannot read now: ${describeSqliteError(e)}`) : e);
    }
  };

  const checkHealth = async (): Promise<StoreHealth> => {
    try {
      await enqueue({ kind: 'heartbeat' });
      return { writable: true };
    } catch (e) {
      return { writable: false, detail: e instanceof Error ? e.message : String(e) };
    }
  };

  return {
    driver: 'sqlite',
    writerMode,
    async submit(sub, rules) {
      const write: Write = {
        kind: 'submit',
        subject: sub.subject,
        student: sub.student,
        token: sub.token,
        versionId: sub.versionId,
        source: sub.source ?? 'online',
        answersJson: JSON.stringify(sub.answers),
        resultJson: sub.resultJson ?? JSON.stringify(sub.result),
        score: sub.result.score,
        max: sub.result.max,
        limit: rules.limit,
      };
      const o = await enqueue(write);
      const { resultJson: _json, source: _source, ...rest } = sub;
      return { ...rest, source: write.source, id: o.id as number, attempt: o.attempt as number, at: o.at };
    },
    attemptsOf: (subject) => read(() => reads.attemptsOf(subject)),
    async *submissions(filter = {}) {
      let after = 0;
      for (;;) {
        const page = await read(() => reads.page(filter, after));
        yield* page;
        const last = page.at(-1);
        if (!last || page.length < STREAM_PAGE_ROWS) return;
        after = last.id;
        await new Promise((r) => setImmediate(r));
      }
    },
    count: () => read(reads.count),

    async saveDraft(draft) {
      const o = await enqueue({ kind: 'draft', subject: draft.subject, versionId: draft.versionId, answersJson: JSON.stringify(draft.answers) });
      return { subject: draft.subject, versionId: draft.versionId, answers: draft.answers, at: o.at };
    },
    draftOf: (subject) => read(() => reads.draftOf(subject)),

    async recordOpen(student) {
      const known = await read(() => reads.studentRow(student));
      // Opened before: nothing to write (a page view must not cost an fsync each time).
      if (known?.first_opened_at) return studentFromRow(student, known);
      return studentFromRow(student, (await enqueue({ kind: 'open', student })).student);
    },
    studentState: (student) => read(() => studentFromRow(student, reads.studentRow(student))),
    async updateStudent(student, patch) {
      const o = await enqueue({
        kind: 'student',
        student,
        ...(patch.tokenGeneration !== undefined ? { tokenGeneration: patch.tokenGeneration } : {}),
        ...(patch.revoked !== undefined ? { revoked: patch.revoked } : {}),
        ...(patch.extraSeconds !== undefined ? { extraSeconds: patch.extraSeconds } : {}),
      });
      return studentFromRow(student, o.student);
    },

    activity: () => read(reads.activity),

    releasedVersions: () => read(reads.releasedVersions),
    async setReleased(versionIds, released) {
      await enqueue({ kind: 'release', versionIds: [...versionIds], released });
    },

    health() {
      if (closed) return Promise.resolve({ writable: false, detail: 'the store is closed' });
      if (health && Date.now() - health.at < HEALTH_CACHE_MS) return Promise.resolve(health.value);
      healthCheck ??= checkHealth().then((value) => {
        health = { at: Date.now(), value };
        healthCheck = undefined;
        return value;
      });
      return healthCheck;
    },
    async close() {
      if (closed) return;
      closed = true;
      flush();
      await committer.close();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A file that is gone or full cannot be checkpointed; closing still releases it.
      }
      db.close();
    },
  };
}
