/**
 * The storage contract: what the server needs from a place that keeps
 * submissions, drafts, per-student state and release state. Backend-neutral
 * (no SQL, no threads, no file names here): every driver (SQLite now,
 * PostgreSQL later) implements `SubmissionStore` and passes the one contract
 * suite in `test/store/contract.ts`. Everything is async, so a networked
 * backend fits the same shape. `openStore(url)` in `./open.ts` picks the
 * driver from a URL.
 *
 * Who a submission belongs to is a **subject**: an opaque string chosen by
 * the server. With a roster it is the student's id (`student:<id>`); in an
 * anonymous build it is the version token plus whatever id was typed
 * (`anon:<token>:<typed>`). Attempts are numbered and limited per subject.
 */
import type { GradeResult } from '../grading/types.js';

/** Where a stored result came from: the web page/API, or a graded paper sheet (`rnnquiz grade`, scanner). */
export type SubmissionSource = 'online' | 'paper';

export interface NewSubmission {
  /** Whose attempt this is (see the module note). Attempts are counted per subject. */
  subject: string;
  /** The roster id of the student, or the id typed on an anonymous page ('' when none). */
  student: string;
  versionId: string;
  /** The token the submission came through ('' for paper results). */
  token: string;
  answers: Record<string, string>;
  result: GradeResult;
  /** `JSON.stringify(result)` when the caller has it already (it replies with the same text). */
  resultJson?: string;
  /** Default 'online'. */
  source?: SubmissionSource;
}

export interface StoredSubmission extends Omit<NewSubmission, 'resultJson' | 'source'> {
  id: number;
  /** 1, 2, … per subject. */
  attempt: number;
  source: SubmissionSource;
  /** ISO 8601 time the submission was stored. */
  at: string;
}

/** A saved, ungraded set of answers: one per subject, replaced by each save; never uses an attempt. */
export interface Draft {
  subject: string;
  versionId: string;
  answers: Record<string, string>;
  /** ISO 8601 time of the save. */
  at: string;
}

/**
 * What the instructor controls per roster student, and when the student first
 * opened the exam (the time limit counts from there).
 */
export interface StudentState {
  student: string;
  /** Bumped by re-issuing the student's token; tokens of older generations are dead (404). */
  tokenGeneration: number;
  /** A revoked student has no live token until one is re-issued. */
  revoked: boolean;
  /** Extra time granted on top of the bank's time limit, in seconds. */
  extraSeconds: number;
  /** ISO 8601 time of the first open of the exam page, if any. */
  firstOpenedAt?: string;
}

/** A patch to a student's state; absent members keep their value. */
export type StudentStatePatch = Partial<Pick<StudentState, 'tokenGeneration' | 'revoked' | 'extraSeconds'>>;

/** How the store should treat a new attempt: refuse it when the subject has `limit` already (null: unlimited). */
export interface AttemptRules {
  limit: number | null;
}

/** What a subject has done so far, for the instructor's overview (one row per subject that did anything). */
export interface Activity {
  subject: string;
  student: string;
  versionId: string;
  firstOpenedAt?: string;
  lastSavedAt?: string;
  attempts: number;
  lastSubmittedAt?: string;
}

/** The store's own view of whether it can keep what it acknowledges. */
export interface StoreHealth {
  /** True only when a write would succeed now (checked by really writing, not assumed). */
  writable: boolean;
  /** A short human-readable reason when not writable (disk full, database file replaced or deleted, …). */
  detail?: string;
}

/** Filters for streaming submissions; all optional and combined with AND. */
export interface SubmissionFilter {
  versionId?: string;
  subject?: string;
}

export interface SubmissionStore {
  /** Which driver this is, for health and logs (`sqlite`, `postgres`, `memory` …). */
  readonly driver: string;

  /**
   * Stores a submission as the subject's next attempt. Settles only once it is
   * durable (a 2xx may then be sent). Rejects with `AttemptLimitError` when the
   * subject has `rules.limit` attempts already, with `StoreUnavailableError`
   * when nothing can be written now. A failure of one submission never fails
   * another submitted at the same time.
   */
  submit(sub: NewSubmission, rules: AttemptRules): Promise<StoredSubmission>;
  /** The subject's attempts, oldest first. */
  attemptsOf(subject: string): Promise<StoredSubmission[]>;
  /** Every stored submission matching the filter, oldest first, streamed (never all loaded at once). */
  submissions(filter?: SubmissionFilter): AsyncIterable<StoredSubmission>;
  count(): Promise<number>;

  /** Replaces the subject's draft; durable when it settles. */
  saveDraft(draft: Omit<Draft, 'at'>): Promise<Draft>;
  draftOf(subject: string): Promise<Draft | undefined>;

  /** Records the first time a roster student opened the exam (later calls keep the first) and returns their state. */
  recordOpen(student: string): Promise<StudentState>;
  /** A roster student's state (defaults: generation 0, not revoked, no extra time, never opened). */
  studentState(student: string): Promise<StudentState>;
  updateStudent(student: string, patch: StudentStatePatch): Promise<StudentState>;

  /** One row per subject that opened, saved or submitted anything. */
  activity(): Promise<Activity[]>;

  /** The versions whose answers are released, read from the backend on every call: every server on one database agrees at once. */
  releasedVersions(): Promise<ReadonlySet<string>>;
  setReleased(versionIds: readonly string[], released: boolean): Promise<void>;

  /** Whether the store can write now (see StoreHealth); never throws. */
  health(): Promise<StoreHealth>;
  /** Writes what is pending, then closes; later calls reject. */
  close(): Promise<void>;
}

/** A submission refused because the subject used all its attempts (HTTP 409). */
export class AttemptLimitError extends Error {
  override name = 'AttemptLimitError';
  constructor(readonly limit: number) {
    super(`attempt limit reached: ${limit} of ${limit} attempts used`);
  }
}

/** The store cannot write now (disk full, database gone, closed): HTTP 503, never a 2xx. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** The store could not be opened (bad URL, unwritable place, not a database, a database that vanished): exit 2 with this message. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}
