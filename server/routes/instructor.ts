/**
 * Instructor routes under `/api/instructor/`, all behind
 * `Authorization: Bearer $RNNQUIZ_ADMIN_TOKEN`:
 *
 * | route                         | what                                                        |
 * |-------------------------------|-------------------------------------------------------------|
 * | `GET  gradebook.csv`          | one row per student and version: the counted attempt        |
 * | `GET  stats`                  | per-field statistics (JSON) over the counted attempts       |
 * | `GET  release`                | which versions have their answers released                  |
 * | `POST release` / `POST hide`  | `{ "versions": ["V01"] }` or `{ "all": true }` — persisted |
 * | `POST batch`                  | a CSV of answer sheets (text/csv) → JSON, or CSV with `Accept: text/csv` |
 */
import express, { type Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../../src/core/errors.js';
import { gradeAnswerSheets, type BatchOptions, type BatchOutcome } from '../../src/batch/grade-sheets.js';
import { gradesToCsv, spreadsheetSafe } from '../../src/batch/output.js';
import { difficulty } from '../../src/batch/stats.js';
import { countedAttempts, gradebookRows, statistics } from '../gradebook.js';
import { HttpError } from '../errors.js';
import { BODY_LIMIT, CSV_UPLOAD_LIMIT, requireBearer } from '../security.js';
import type { Site } from '../site.js';

/** What a release or hide request must send, quoted in every 400 about its body. */
const VERSION_LIST_SHAPE = 'a JSON body (Content-Type: application/json) { "versions": ["V01", …] } or { "all": true }';

/**
 * The version ids a release or hide request names, each checked against the
 * manifest. The body must say which versions explicitly: `{ "versions": […] }`
 * or `{ "all": true }`. A missing body, another content type (express.json
 * leaves it unread), `{}` or `[]` is a 400, never "all versions": a request
 * whose body was lost must not release every key.
 * @example readVersionList({ versions: ['V01'] }, site) // ['V01']
 * @example readVersionList({ all: true }, site)         // every version id
 */
export function readVersionList(body: unknown, site: Site): string[] {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, `body: expected ${VERSION_LIST_SHAPE}`);
  const keys = Object.keys(body);
  for (const key of keys) if (key !== 'versions' && key !== 'all') throw new HttpError(400, `${key.slice(0, 64)}: unknown field (expected ${VERSION_LIST_SHAPE})`);
  if (keys.length !== 1) throw new HttpError(400, `body: expected exactly one of versions or all: ${VERSION_LIST_SHAPE}`);
  const all = site.manifest.versions.map((v) => v.id);
  if (keys[0] === 'all') {
    if ((body as { all?: unknown }).all !== true) throw new HttpError(400, 'all: expected true (or send { "versions": [...] } to name versions)');
    return all;
  }
  const list = (body as { versions?: unknown }).versions;
  if (!Array.isArray(list) || list.length === 0 || !list.every((x): x is string => typeof x === 'string')) throw new HttpError(400, 'versions: expected a non-empty list of version ids');
  const known = new Set(all);
  const unknown = list.find((id) => !known.has(id));
  if (unknown !== undefined) throw new HttpError(400, `versions: no version ${JSON.stringify(unknown.slice(0, 40))} in the manifest`);
  return [...new Set(list)];
}

/** Problems listed in a batch upload's reply; the rest are counted in `moreErrors`. */
export const MAX_REPLY_ERRORS = 100;

/** The released version ids, sorted. */
export async function releasedList(site: Site): Promise<string[]> {
  return [...(await site.store.releasedVersions())].sort();
}

/** Releases or hides the answers of these versions; returns the released list after the change (the JSON route and the dashboard both call this). */
export async function setReleasedVersions(site: Site, ids: readonly string[], released: boolean): Promise<string[]> {
  await site.store.setReleased(ids, released);
  return releasedList(site);
}

/** The gradebook as CSV text (spreadsheet-safe cells): the counted attempt per student and version. */
export async function gradebookCsv(site: Site): Promise<string> {
  const rows = gradebookRows((await countedAttempts(site.store.submissions(), site.attempts.counts)).entries);
  return stringify(rows.map((r) => r.map(spreadsheetSafe)));
}

/** Grades a CSV of answer sheets against the manifest; a malformed file is a 400 naming what is wrong. */
export async function gradeSheetsCsv(site: Site, csvText: string, options: BatchOptions = {}): Promise<BatchOutcome> {
  try {
    return await gradeAnswerSheets(csvText, site.manifest, options);
  } catch (e) {
    if (e instanceof UsageError) throw new HttpError(400, e.message);
    throw e;
  }
}

export function instructorRoutes(site: Site, adminToken: string): Router {
  const router = express.Router();
  router.use('/api/instructor', requireBearer(adminToken));
  const json = express.json({ limit: BODY_LIMIT, strict: true, type: 'application/json' });
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: CSV_UPLOAD_LIMIT });

  router.get('/api/instructor/gradebook.csv', async (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .attachment('gradebook.csv')
      .send(await gradebookCsv(site));
  });

  router.get('/api/instructor/stats', async (_req, res) => {
    const { entries, submissions } = await countedAttempts(site.store.submissions(), site.attempts.counts);
    res.json({ counts: site.attempts.counts, ...statistics(entries, submissions) });
  });

  router.get('/api/instructor/release', async (_req, res) => {
    res.json({ released: await releasedList(site), versions: site.manifest.versions.map((v) => v.id) });
  });

  for (const [path, released] of [
    ['/api/instructor/release', true],
    ['/api/instructor/hide', false],
  ] as const) {
    router.post(path, json, async (req, res) => {
      const ids = readVersionList(req.body, site);
      res.json({ released: await setReleasedVersions(site, ids, released) });
    });
  }

  router.post('/api/instructor/batch', csv, async (req, res) => {
    if (typeof req.body !== 'string') throw new HttpError(415, 'expected Content-Type: text/csv');
    const outcome = await gradeSheetsCsv(site, req.body, { keepErrors: MAX_REPLY_ERRORS });
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8').attachment('grades.csv').send(gradesToCsv(outcome.sheets, outcome.fieldKeys));
      return;
    }
    res.json({
      graded: outcome.graded,
      layout: outcome.layout,
      errors: outcome.errors,
      // The reply lists the first MAX_REPLY_ERRORS problems: a file of junk must not get a reply of gigabytes.
      ...(outcome.errorCount > outcome.errors.length ? { moreErrors: outcome.errorCount - outcome.errors.length } : {}),
      grades: outcome.sheets.map((s) => ({ line: s.line, studentId: s.studentId, version: s.version, score: s.result.score, max: s.result.max })),
      fields: outcome.stats.fields.map((f) => ({
        key: f.key,
        n: f.n,
        difficulty: difficulty(f),
        correct: f.correct,
        carried: f.carried,
        incorrect: f.incorrect,
        blank: f.blank,
        unreadable: f.unreadable,
        mistakes: f.mistakes,
      })),
    });
  });
  return router;
}
