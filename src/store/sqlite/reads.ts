/**
 * The SQLite store's reads, on the connection of the thread that answers
 * requests (WAL lets them run beside the writer thread's commits). Every
 * read asks the file, so several processes on one database agree at once.
 */
import type Database from 'better-sqlite3';
import type { GradeResult } from '../../grading/types.js';
import type { Activity, Draft, StoredSubmission, StudentState, SubmissionFilter, SubmissionSource } from '../contract.js';
import type { StudentRow } from './writes.js';

/** Rows read per page when streaming submissions; the caller gives the event loop a turn between pages. */
export const STREAM_PAGE_ROWS = 200;

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

interface ActivityRow {
  subject: string;
  student: string | null;
  version_id: string | null;
  attempts: number | null;
  last_submitted: string | null;
  draft_version: string | null;
  last_saved: string | null;
  opened_by: string | null;
  first_opened: string | null;
}

const SUBMISSION_COLUMNS = 'id, subject, student, token, version_id, attempt, source, answers, result, at';

/**
 * One row per subject that submitted, saved, or opened. Opening is recorded
 * per roster student, whose subject the contract names `student:<id>`: that
 * is the subject an open is reported under.
 */
const ACTIVITY_SQL = `
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
  ORDER BY subjects.subject`;

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

/** A student's state from its row, or the contract's defaults when there is none. */
export function studentFromRow(student: string, r: StudentRow | undefined): StudentState {
  if (!r) return { student, tokenGeneration: 0, revoked: false, extraSeconds: 0 };
  return {
    student,
    tokenGeneration: r.token_generation,
    revoked: r.revoked !== 0,
    extraSeconds: r.extra_seconds,
    ...(r.first_opened_at ? { firstOpenedAt: r.first_opened_at } : {}),
  };
}

function activityFromRow(r: ActivityRow): Activity {
  // A subject that only saved or opened has no submission to take the student and version from.
  const a: Activity = { subject: r.subject, student: r.student ?? r.opened_by ?? '', versionId: r.version_id ?? r.draft_version ?? '', attempts: r.attempts ?? 0 };
  if (r.first_opened) a.firstOpenedAt = r.first_opened;
  if (r.last_saved) a.lastSavedAt = r.last_saved;
  if (r.last_submitted) a.lastSubmittedAt = r.last_submitted;
  return a;
}

/**
 * Prepares every read once; each function runs synchronously (better-sqlite3).
 * @example prepareReads(db).page({ versionId: 'V01' }, 0) // the first STREAM_PAGE_ROWS submissions of V01
 */
export function prepareReads(db: Database.Database) {
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM submissions');
  const attemptsOf = db.prepare<[string], SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE subject = ? ORDER BY attempt`);
  const draftOf = db.prepare<[string], { version_id: string; answers: string; at: string }>('SELECT version_id, answers, at FROM drafts WHERE subject = ?');
  const studentRow = db.prepare<[string], StudentRow>('SELECT * FROM student_state WHERE student = ?');
  const released = db.prepare<[], { version_id: string }>('SELECT version_id FROM releases WHERE released = 1 ORDER BY version_id');
  const activity = db.prepare<[], ActivityRow>(ACTIVITY_SQL);
  const pages = new Map<string, Database.Statement<Record<string, unknown>, SubmissionRow>>();
  const pageStatement = (filter: SubmissionFilter): Database.Statement<Record<string, unknown>, SubmissionRow> => {
    const where = ['id > @after', ...(filter.versionId !== undefined ? ['version_id = @versionId'] : []), ...(filter.subject !== undefined ? ['subject = @subject'] : [])];
    const sql = `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${STREAM_PAGE_ROWS}`;
    let stmt = pages.get(sql);
    if (!stmt) pages.set(sql, (stmt = db.prepare<Record<string, unknown>, SubmissionRow>(sql)));
    return stmt;
  };
  return {
    count: (): number => countAll.get()?.n ?? 0,
    attemptsOf: (subject: string): StoredSubmission[] => attemptsOf.all(subject).map(submissionFromRow),
    draftOf: (subject: string): Draft | undefined => {
      const r = draftOf.get(subject);
      return r ? { subject, versionId: r.version_id, answers: JSON.parse(r.answers) as Record<string, string>, at: r.at } : undefined;
    },
    studentRow: (student: string): StudentRow | undefined => studentRow.get(student),
    releasedVersions: (): Set<string> => new Set(released.all().map((r) => r.version_id)),
    activity: (): Activity[] => activity.all().map(activityFromRow),
    /**
     * The next page of submissions after id `after`, oldest first. Iterated
     * row by row and returned whole, so the connection is never held busy
     * across an await of the caller.
     */
    page: (filter: SubmissionFilter, after: number): StoredSubmission[] => {
      const rows: StoredSubmission[] = [];
      for (const row of pageStatement(filter).iterate({ after, ...filter })) rows.push(submissionFromRow(row));
      return rows;
    },
  };
}
