/**
 * The exam of a roster student (SPEC §7.1), written against the storage
 * contract (src/store/contract.ts) only: the token names the student, the
 * manifest their version, the store their state. Every way in (the page, its
 * form, the JSON API) goes through `seatOf`, so a token of another build, a
 * forged one, a revoked one and one of an older generation all get the same
 * bare 404, and a student only ever reaches their own subject.
 */
import { type AttemptSettings, type Manifest, type ManifestStudent, type ManifestVersion, attemptSettingsOf } from '../src/manifest.js';
import type { SubmissionStore } from '../src/store/index.js';
import type { GradeResult } from '../src/grading/types.js';
import { gradeResponse } from '../src/grading/index.js';
import { readStudentToken, signStudentToken, verifyStudentToken } from '../src/version-token.js';
import { UsageError } from '../src/core/errors.js';
import { HttpError, NOT_FOUND_MESSAGE } from './errors.js';
import { DEFAULT_FEEDBACK, type ExamRules } from '../src/bank/rules.js';

export interface RosterSite {
  manifest: Manifest;
  store: SubmissionStore;
  rules: ExamRules;
  /** Attempts allowed (null: unlimited) and which one counts. */
  attempts: AttemptSettings;
  /** The server's clock; tests pass their own. */
  now: () => Date;
  /** Grades a submission the way the whole site does (cheap answers here, heavy ones on the grading thread: grading.ts). */
  grade(version: ManifestVersion, answers: Record<string, string>): GradeResult | Promise<GradeResult>;
  students: ReadonlyMap<string, { student: ManifestStudent; version: ManifestVersion }>;
  /** Signs a student's token of a given generation (re-issue). */
  tokenFor(student: string, generation: number): string;
  /** Checks a token's signature for its claimed generation (no store access); null when forged or of another build. */
  verify(token: string): { student: ManifestStudent; version: ManifestVersion; generation: number } | null;
}

/** A roster student's subject in the store: their id, whichever token or generation they came through. */
export function studentSubject(id: string): string {
  return `student:${id}`;
}

/** Rules of a manifest without any (built before rules existed): an open practice set. */
const LEGACY_RULES: ExamRules = { kind: 'practice', feedback: DEFAULT_FEEDBACK.practice };

/**
 * The roster part of a site, or undefined when the build has no roster. Checks
 * that every student's printed token was signed with `secret` (else every
 * student would get a 404 without a word why).
 * @example const roster = createRosterSite(manifest, secret, store)
 */
export function createRosterSite(
  manifest: Manifest,
  secret: string,
  store: SubmissionStore,
  now: () => Date = () => new Date(),
  grade: RosterSite['grade'] = (version, answers) => gradeResponse(version.problems, { answers }, manifest.policy),
): RosterSite | undefined {
  if (!manifest.students) return undefined;
  const buildId = manifest.buildId;
  if (!buildId) throw new UsageError('manifest: a roster build must have a buildId');
  const versions = new Map(manifest.versions.map((v) => [v.id, v]));
  const students = new Map<string, { student: ManifestStudent; version: ManifestVersion }>();
  for (const s of manifest.students) students.set(s.id, { student: s, version: versions.get(s.version) as ManifestVersion });
  const claims = (id: string, versionId: string, generation: number) => ({ bank: manifest.bank, buildId, versionId, student: id, generation });
  for (const [id, { student }] of students) {
    if (!verifyStudentToken(secret, student.token, claims(id, student.version, 0))) {
      throw new UsageError(`student ${id}: the token was not signed with this server's secret (set RNNQUIZ_SECRET or run from the folder whose .rnnquiz/secret built the exam)`);
    }
  }
  // Tokens checked once skip the HMAC next time; a forged one always pays it (and gets the same 404).
  const genuine = new Map<string, { student: ManifestStudent; version: ManifestVersion; generation: number }>();
  return {
    manifest,
    store,
    rules: manifest.rules ?? LEGACY_RULES,
    attempts: attemptSettingsOf(manifest),
    now,
    grade,
    students,
    tokenFor: (id, generation) => signStudentToken(secret, claims(id, (students.get(id) as { student: ManifestStudent }).student.version, generation)),
    verify(token) {
      const known = genuine.get(token);
      if (known) return known;
      const read = readStudentToken(token);
      const entry = read ? students.get(read.student) : undefined;
      if (!read || !entry || !verifyStudentToken(secret, token, claims(read.student, entry.student.version, read.generation))) return null;
      const found = { ...entry, generation: read.generation };
      if (genuine.size < 100_000) genuine.set(token, found);
      return found;
    },
  };
}

export interface Seat {
  student: ManifestStudent;
  version: ManifestVersion;
  subject: string;
  token: string;
}

/**
 * The student a token opens, or a bare 404: forged, of another build, revoked,
 * or of a generation the instructor has replaced.
 * @example const seat = await seatOf(roster, req.params.token)
 */
export async function seatOf(site: RosterSite, token: string): Promise<Seat> {
  const found = site.verify(token);
  if (!found) throw new HttpError(404, NOT_FOUND_MESSAGE);
  const state = await site.store.studentState(found.student.id);
  if (state.revoked || state.tokenGeneration !== found.generation) throw new HttpError(404, NOT_FOUND_MESSAGE);
  return { student: found.student, version: found.version, subject: studentSubject(found.student.id), token };
}

/**
 * Revokes a student's token (a lost exam): every token of theirs is a 404 until one is re-issued.
 * @example await revokeStudent(roster, 's1042')
 */
export async function revokeStudent(site: RosterSite, id: string): Promise<void> {
  if (!site.students.has(id)) throw new HttpError(404, `no student ${JSON.stringify(id.slice(0, 64))} in the roster`);
  await site.store.updateStudent(id, { revoked: true });
}

/**
 * A new token for a student: the next generation (older ones are dead), not revoked. Their answers and attempts stay theirs.
 * @example const { token } = await reissueStudent(roster, 's1042')
 */
export async function reissueStudent(site: RosterSite, id: string): Promise<{ token: string; generation: number }> {
  if (!site.students.has(id)) throw new HttpError(404, `no student ${JSON.stringify(id.slice(0, 64))} in the roster`);
  const before = await site.store.studentState(id);
  const generation = before.tokenGeneration + 1;
  await site.store.updateStudent(id, { tokenGeneration: generation, revoked: false });
  return { token: site.tokenFor(id, generation), generation };
}
