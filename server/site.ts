/**
 * What every route shares: the manifest indexed by token, the store, and the
 * one submission path that both the JSON API and the HTML form call, so the
 * two can never grade or store differently.
 */
import { type AttemptSettings, type Manifest, type ManifestVersion, attemptSettingsOf } from '../src/manifest.js';
import type { GradeResult } from '../src/grading/types.js';
import { keyAsResponses } from '../src/grading/index.js';
import { verifyVersionToken } from '../src/version-token.js';
import { UsageError } from '../src/core/errors.js';
import { HttpError, NOT_FOUND_MESSAGE } from './errors.js';
import type { StoredSubmission, SubmissionStore } from '../src/store/index.js';
import { readAnswers } from './validate.js';
import { createGrading, type Grading, type GradingOptions } from './grading.js';
import { createRosterSite, type RosterSite } from './roster.js';
import { readStudentToken } from '../src/version-token.js';

export interface Site {
  manifest: Manifest;
  store: SubmissionStore;
  /** Resolves a student token to its version; throws a bare 404 when forged or unknown. */
  versionOf(token: string): ManifestVersion;
  /** Attempts allowed per student and version (null: unlimited) and which attempt counts. */
  attempts: AttemptSettings;
  /** Grades a submission: on the request thread when cheap, on a grading thread otherwise (grading.ts). */
  grading: Grading;
  /** Present when the build had a roster: then only students' own tokens open the exam (version tokens are a 404). */
  roster?: RosterSite;
  /**
   * The key a request is rate-limited by: its token when it is genuine (a
   * signature check, no store access), else null (limited per address).
   */
  limitKeyOf(token: string): string | null;
}

/** How a site reads the time (tests inject a clock) and where heavy answers are graded. */
export interface SiteOptions {
  now?: () => Date;
  grading?: GradingOptions;
}

/**
 * Indexes the manifest by token after checking that its tokens were signed
 * with `secret` (a server started with another secret would otherwise 404
 * every student without saying why).
 * @example const site = createSite(manifest, secret, openStore('sqlite:out/rnnquiz.db'))
 */
export function createSite(manifest: Manifest, secret: string, store: SubmissionStore, options: SiteOptions = {}): Site {
  const now = options.now ?? (() => new Date());
  const gradingOptions = options.grading ?? {};
  const byToken = new Map<string, ManifestVersion>();
  for (const v of manifest.versions) {
    const verified = verifyVersionToken(secret, v.token, manifest.buildId);
    if (!verified || verified.versionId !== v.id) {
      throw new UsageError(`version ${v.id}: its token was not signed with this server's secret (set RNNQUIZ_SECRET or run from the folder whose .rnnquiz/secret built the exam)`);
    }
    byToken.set(v.token, v);
  }
  const genuine = new Map<string, ManifestVersion>();
  const grading = createGrading(manifest, gradingOptions);
  const roster = createRosterSite(manifest, secret, store, now, (version, answers) => grading.grade(version, answers));
  return {
    manifest,
    store,
    grading,
    ...(roster ? { roster } : {}),
    limitKeyOf(token) {
      if (roster) return readStudentToken(token) && roster.verify(token) ? `s:${token}` : null;
      try {
        this.versionOf(token);
        return `v:${token}`;
      } catch {
        return null;
      }
    },
    attempts: attemptSettingsOf(manifest),
    versionOf(token) {
      // A token seen genuine before skips the HMAC: only verified tokens of this manifest enter
      // `genuine`, so a forged one always pays the (constant-time) check and gets the same bare 404.
      const known = genuine.get(token);
      if (known) return known;
      if (roster) throw new HttpError(404, NOT_FOUND_MESSAGE); // a roster build opens by students' own tokens only
      const verified = verifyVersionToken(secret, token, manifest.buildId);
      const version = verified ? byToken.get(token) : undefined;
      if (!version) throw new HttpError(404, NOT_FOUND_MESSAGE);
      genuine.set(token, version);
      return version;
    },
  };
}

/** The reply to an accepted submission: the SPEC §7 result plus the attempt, and the key once released. */
export interface SubmissionReply extends GradeResult {
  attempt: number;
  attemptsLeft: number | null;
  /** Present only after the instructor released this version's answers. */
  key?: Record<string, string>;
}

/** The key of a version as a student would type it, `{ "p1.h1": "[4, 0]" }`: only for released versions (asked of the store every time, so every server on one database agrees). */
export async function releasedKey(site: Site, version: ManifestVersion): Promise<Record<string, string> | undefined> {
  return (await site.store.releasedVersions()).has(version.id) ? keyAsResponses(version.problems) : undefined;
}

/**
 * Whose attempt a submission is (the store counts attempts per subject): for
 * an anonymous version link, the token plus the id typed on the page. Roster
 * builds name the student instead (`student:<id>`, studentSubject in roster.ts).
 * @example subjectOf(token, 'ana') // 'anon:<token>:ana'
 */
export function subjectOf(token: string, student: string): string {
  return `anon:${token}:${student}`;
}

/**
 * Validates, grades and stores one submission, then builds the reply. The
 * store write commits (and syncs) before this returns, so a 2xx reply means
 * the submission is on disk. The result is serialised once: the same text is
 * stored and, as `replyJson`, sent back (`JSON.stringify(reply)` exactly).
 * @example (await submitAnswers(site, { token, answers: { 'p1.h1': '[4, 0]' }, student: '' })).reply.score
 */
export async function submitAnswers(
  site: Site,
  input: { token: string; answers: unknown; student: string },
): Promise<{ reply: SubmissionReply; replyJson: string; stored: StoredSubmission; version: ManifestVersion }> {
  const version = site.versionOf(input.token);
  const answers = readAnswers(input.answers, version);
  const result = await site.grading.grade(version, answers);
  const resultJson = JSON.stringify(result);
  const stored = await site.store.submit(
    { subject: subjectOf(input.token, input.student), token: input.token, versionId: version.id, student: input.student, answers, result, resultJson },
    { limit: site.attempts.limit },
  );
  const key = await releasedKey(site, version);
  const attemptsLeft = site.attempts.limit === null ? null : site.attempts.limit - stored.attempt;
  const reply: SubmissionReply = { score: result.score, max: result.max, fields: result.fields, attempt: stored.attempt, attemptsLeft, ...(key ? { key } : {}) };
  // The reply is the result's own members followed by attempt, attemptsLeft and key, in that
  // order: the result's text without its closing brace, then those members. Same text as
  // JSON.stringify(reply), without walking the ~2 KB of per-field feedback again.
  const replyJson = `${resultJson.slice(0, -1)},"attempt":${stored.attempt},"attemptsLeft":${attemptsLeft}${key ? `,"key":${JSON.stringify(key)}` : ''}}`;
  return { reply, replyJson, stored, version };
}
