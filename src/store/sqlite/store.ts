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
 * the reads (WAL lets readers run beside the writer); it reads release state
 * and attempts from the file on every call, so several processes on one file
 * agree at once.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { GradeResult } from '../../grading/types.js';
import {
  AttemptLimitError,
  StoreOpenError,
  StoreUnavailableError,
  type Activity,
  type Draft,
  type StoreHealth,
  type StoredSubmission,
  type StudentState,
  type SubmissionFilter,
  type SubmissionSource,
  type SubmissionStore,
} from '../contract.js';
import { describeSqliteError, fileIdentity, isUnavailable, openDatabase, type FileIdentity } from './database.js';
import { inlineCommitter, threadCommitter, type Committer } from './committer.js';
import { batchWriter, type StudentRow, type Write, type WriteOutcome } from './writes.js';

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
/** Rows read per page when streaming submissions; the event loop gets a turn between pages. */
export const STREAM_PAGE_ROWS = 200;

const DEFAULT_WRITER_SCRIPT = new URL('./writer.js', import.meta.url);
const MEMORY = ':memory:';

interface SubmissionRow {
  id: number;
  subject: string;
  student: string;
  token: string;
  version_id: string;
  attempt: number;
  source: SubmissionSource;
  answers: string;
  result: string;
  at: string;
}

const SUBMISSION_COLUMNS = 'id, subject, student, token, version_id, attempt, source, answers, result, at';

function submissionFromRow(r: SubmissionRow): StoredSubmission {
  return {
    id: r.id,
    subject: r.subject,
    student: r.student,
    token: r.token,
    versionId: r.version_id,
    attempt: r.attempt,
    source: r.source,
    answers: JSON.parse(r.answers) as Record<string, string>,
    result: JSON.parse(r.result) as GradeResult,
    at: r.at,
  };
}

function studentFromRow(student: string, r: StudentRow | undefined): StudentState {
  if (!r) return { student, tokenGeneration: 0, revoked: false, extraSeconds: 0 };
  return {
    student,
    tokenGeneration: r.token_generation,
    revoked: r.revoked !== 0,
    extraSeconds: r.extra_seconds,
    ...(r.first_opened_at ? { firstOpenedAt: r.first_opened_at } : {}),
  };
}

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
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new StoreOpenError(`${path} is not an rnnquiz database (SQLite: ${(e as Error).message}): give another file, or move this one away`);
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

  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM submissions');
  const attemptsOfStmt = db.prepare<[string], SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE subject = ? ORDER BY attempt`);
  const draftStmt = db.prepare<[string], { version_id: string; answers: string; at: string }>('SELECT version_id, answers, at FROM drafts WHERE subject = ?');
  const studentStmt = db.prepare<[string], StudentRow>('SELECT * FROM student_state WHERE student = ?');
  const releasedStmt = db.prepare<[], { version_id: string }>('SELECT version_id FROM releases WHERE released = 1 ORDER BY version_id');
  // One row per subject that submitted, saved, or (a roster student, subject `student:<id>` as the contract names it) opened.
  const activityStmt = db.prepare<[], { subject: string; student: string | null; version_id: string | null; attempts: number | null; last_submitted: string | null; draft_version: string | null; last_saved: string | null; opened_by: string | null; first_opened: string | null }>(`
    WITH s AS (SELECT subject, COUNT(*) AS attempts, MAX(id) AS last_id FROM submissions GROUP BY subject),
    o AS (SELECT 'student:' || student AS subject, student, first_opened_at FROM student_state WHERE first_opened_at IS NOT NULL),
    subjects AS (SELECT subject FROM s UNION SELECT subject FROM drafts UNION SELECT subject FROM o)
    SELECT subjects.subject, last.student, last.version_id, s.attempts, last.at AS last_submitted,
           d.version_id AS draft_version, d.at AS last_saved, o.student AS opened_by, o.first_opened_at AS first_opened
    FROM subjects
    LEFT JOIN s ON s.subject = subjects.subject
    LEFT JOIN submissions last ON last.id = s.last_id
    LEFT JOIN drafts d ON d.subject = subjects.subject
    LEFT JOIN o ON o.subject = subjects.subject
    ORDER BY subjects.subject`);
  const pageStatements = new Map<string, Database.Statement<Record<string, unknown>, SubmissionRow>>();
  const pageStatement = (filter: SubmissionFilter): Database.Statement<Record<string, unknown>, SubmissionRow> => {
    const where = ['id > @after', ...(filter.versionId !== undefined ? ['version_id = @versionId'] : []), ...(filter.subject !== undefined ? ['subject = @subject'] : [])];
    const sql = `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${STREAM_PAGE_ROWS}`;
    let stmt = pageStatements.get(sql);
    if (!stmt) pageStatements.set(sql, (stmt = db.prepare<Record<string, unknown>, SubmissionRow>(sql)));
    return stmt;
  };

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
    attemptsOf: (subject) => read(() => attemptsOfStmt.all(subject).map(submissionFromRow)),
    async *submissions(filter = {}) {
      let after = 0;
      for (;;) {
        // Each page is read whole before anything is yielded: the connection is never held across an await.
        const page = await read(() => {
          const rows: StoredSubmission[] = [];
          for (const row of pageStatement(filter).iterate({ after, ...filter })) rows.push(submissionFromRow(row));
          return rows;
        });
        yield* page;
        const last = page.at(-1);
        if (!last || page.length < STREAM_PAGE_ROWS) return;
        after = last.id;
        await new Promise((r) => setImmediate(r));
      }
    },
    count: () => read(() => countAll.get()?.n ?? 0),

    async saveDraft(draft) {
      const o = await enqueue({ kind: 'draft', subject: draft.subject, versionId: draft.versionId, answersJson: JSON.stringify(draft.answers) });
      return { subject: draft.subject, versionId: draft.versionId, answers: draft.answers, at: o.at };
    },
    draftOf: (subject) =>
      read((): Draft | undefined => {
        const r = draftStmt.get(subject);
        return r ? { subject, versionId: r.version_id, answers: JSON.parse(r.answers) as Record<string, string>, at: r.at } : undefined;
      }),

    async recordOpen(student) {
      const known = await read(() => studentStmt.get(student));
      // Opened before: nothing to write (a page view must not cost an fsync each time).
      if (known?.first_opened_at) return studentFromRow(student, known);
      return studentFromRow(student, (await enqueue({ kind: 'open', student })).student);
    },
    studentState: (student) => read(() => studentFromRow(student, studentStmt.get(student))),
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

    activity: () =>
      read(() =>
        activityStmt.all().map((r): Activity => {
          const a: Activity = { subject: r.subject, student: r.student ?? r.opened_by ?? '', versionId: r.version_id ?? r.draft_version ?? '', attempts: r.attempts ?? 0 };
          if (r.first_opened) a.firstOpenedAt = r.first_opened;
          if (r.last_saved) a.lastSavedAt = r.last_saved;
          if (r.last_submitted) a.lastSubmittedAt = r.last_submitted;
          return a;
        }),
      ),

    releasedVersions: () => read(() => new Set(releasedStmt.all().map((r) => r.version_id))),
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
