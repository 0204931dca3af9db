/**
 * Opening, saving and submitting a roster student's exam under the bank's
 * rules (src/rules/access.ts). Saving stores a draft and never uses an
 * attempt; a submission with an answer the parser cannot read is refused
 * (422, each field's format error) before grading, so it never uses one
 * either; what a reply tells about correctness passes through showResult at
 * the level the rules allow right now.
 */
import type { CountRule, ManifestVersion } from '../src/manifest.js';
import { isBlank, readAnswer, responseKey } from '../src/grading/index.js';
import { resolveChoiceLetter } from '../src/grading/choice-letter.js';
import { valueToText } from '../src/render/tex-values.js';
import type { Value } from '../src/core/value.js';
import { AttemptLimitError, type StoredSubmission } from '../src/store/index.js';
import { accessAt, type Access } from '../src/rules/access.js';
import { showResult, type ShownResult } from '../src/rules/feedback.js';
import { HttpError } from './errors.js';
import { seatOf, type RosterSite, type Seat } from './roster.js';
import { readAnswers } from './validate.js';

/** Every answer typed that cannot be read, with its format error (blank answers are not errors). */
export function formatErrors(version: ManifestVersion, answers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of version.problems) {
    for (const f of p.fields) {
      const key = responseKey(p, f.name);
      const text = answers[key];
      if (text === undefined || isBlank(text)) continue;
      // A choice-mode field's letter reads as its option, as the grader reads it.
      const read = readAnswer(resolveChoiceLetter(p.choices?.[f.name], text), f);
      if (!read.ok) out[key] = read.message;
    }
  }
  return out;
}

/**
 * The released key as the key PDF prints it (numbers rounded to 4 decimals,
 * fractions exact), not at the full precision a grader compares with.
 * @example printedKey(version)['p1.h1'] // "[0.7616, -0.9640]"
 */
export function printedKey(version: ManifestVersion): Record<string, string> {
  return Object.fromEntries(version.problems.flatMap((p) => p.fields.map((f) => [responseKey(p, f.name), valueToText(p.answers.get(f.name) as Value)])));
}

/** A refusal that still carries what the student typed (the page shows it back). */
export class ExamRefusal extends HttpError {
  override name = 'ExamRefusal';
  constructor(
    status: number,
    message: string,
    readonly formatErrors: Record<string, string> = {},
  ) {
    super(status, message);
  }
}

export interface ExamState {
  seat: Seat;
  access: Access;
  /** The latest draft, else the answers of the latest attempt, else none. */
  answers: Record<string, string>;
  savedAt?: string;
  attempts: StoredSubmission[];
  /** The counted attempt, as much of it as the rules show now. */
  counted?: ShownResult & { attempt: number };
  /** The key as the student would type it, once released (and the rules show everything). */
  key?: Record<string, string>;
}

async function accessOf(site: RosterSite, seat: Seat, used: number): Promise<Access> {
  const [state, released] = await Promise.all([site.store.studentState(seat.student.id), site.store.releasedVersions()]);
  return accessAt({
    rules: site.rules,
    limit: site.attempts.limit,
    used,
    firstOpenedAt: state.firstOpenedAt,
    extraSeconds: state.extraSeconds,
    released: released.has(seat.version.id),
    now: site.now(),
  });
}

/** The attempt that counts: the last, or the best score (the earliest of equals). */
export function countedAttempt(attempts: readonly StoredSubmission[], counts: CountRule): StoredSubmission | undefined {
  if (counts === 'last') return attempts[attempts.length - 1];
  return attempts.reduce<StoredSubmission | undefined>((best, a) => (best === undefined || a.result.score > best.result.score ? a : best), undefined);
}

/**
 * The page's view of a student's exam. Opening the page once the exam is open starts the student's time (the store keeps the first open).
 * @example const state = await openExam(roster, token)
 */
export async function openExam(site: RosterSite, token: string, record = true): Promise<ExamState> {
  const seat = await seatOf(site, token);
  const attempts = await site.store.attemptsOf(seat.subject);
  let access = await accessOf(site, seat, attempts.length);
  if (record && access.phase === 'open') {
    await site.store.recordOpen(seat.student.id);
    access = await accessOf(site, seat, attempts.length);
  }
  const draft = await site.store.draftOf(seat.subject);
  const last = attempts[attempts.length - 1];
  const counted = countedAttempt(attempts, site.attempts.counts);
  return {
    seat,
    access,
    answers: draft?.answers ?? last?.answers ?? {},
    ...(draft ? { savedAt: draft.at } : {}),
    attempts,
    ...(counted ? { counted: { ...showResult(counted.result, access.feedback), attempt: counted.attempt } } : {}),
    ...((await site.store.releasedVersions()).has(seat.version.id) && access.feedback === 'full' ? { key: printedKey(seat.version) } : {}),
  };
}

export interface SaveReply {
  saved: true;
  at: string;
  /** Answers saved that the parser cannot read yet (the student can fix them before submitting). */
  formatErrors: Record<string, string>;
}

/**
 * Stores the answers as the student's draft; never uses an attempt.
 * @example await saveExam(roster, token, { 'p1.h1': '[4, 0]' })
 */
export async function saveExam(site: RosterSite, token: string, raw: unknown): Promise<SaveReply> {
  const seat = await seatOf(site, token);
  const answers = readAnswers(raw, seat.version);
  const attempts = await site.store.attemptsOf(seat.subject);
  const access = await accessOf(site, seat, attempts.length);
  if (!access.canSave) throw new ExamRefusal(403, access.refusal ?? 'Saving is closed.');
  const draft = await site.store.saveDraft({ subject: seat.subject, versionId: seat.version.id, answers });
  return { saved: true, at: draft.at, formatErrors: formatErrors(seat.version, answers) };
}

export interface SubmitReply extends ShownResult {
  attempt: number;
  attemptsLeft: number | null;
  key?: Record<string, string>;
}

/**
 * Grades and stores an attempt, after the rules allow it and every answer
 * reads; the draft is kept too, so the page shows the answers after a reload.
 * @example const reply = await submitExam(roster, token, { 'p1.h1': '[4, 0]' })
 */
export async function submitExam(site: RosterSite, token: string, raw: unknown): Promise<SubmitReply> {
  const seat = await seatOf(site, token);
  const answers = readAnswers(raw, seat.version);
  const attempts = await site.store.attemptsOf(seat.subject);
  const access = await accessOf(site, seat, attempts.length);
  if (!access.canSubmit) throw new ExamRefusal(access.attemptsLeft === 0 ? 409 : 403, access.refusal ?? 'Submitting is closed.');
  const unreadable = formatErrors(seat.version, answers);
  await site.store.saveDraft({ subject: seat.subject, versionId: seat.version.id, answers });
  if (Object.keys(unreadable).length > 0) throw new ExamRefusal(422, 'Some answers cannot be read; fix them and submit again. No attempt was used.', unreadable);
  const result = await site.grade(seat.version, answers);
  let stored: StoredSubmission;
  try {
    stored = await site.store.submit({ subject: seat.subject, student: seat.student.id, versionId: seat.version.id, token, answers, result }, { limit: site.attempts.limit });
  } catch (e) {
    if (e instanceof AttemptLimitError) throw new ExamRefusal(409, 'You have used all your attempts.');
    throw e;
  }
  const released = (await site.store.releasedVersions()).has(seat.version.id);
  const attemptsLeft = site.attempts.limit === null ? null : Math.max(0, site.attempts.limit - stored.attempt);
  return {
    attempt: stored.attempt,
    attemptsLeft,
    ...showResult(result, access.feedback),
    ...(released && access.feedback === 'full' ? { key: printedKey(seat.version) } : {}),
  };
}
