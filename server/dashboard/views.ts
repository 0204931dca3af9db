/**
 * The data behind the instructor's pages, computed from the store with the
 * same functions as the JSON routes (gradebook.ts, instructor.ts): the
 * overview's counts, the sorted gradebook, the item analysis.
 */
import type { Activity } from '../../src/store/index.js';
import { StatsAccumulator } from '../../src/batch/stats.js';
import { reportSections } from '../../src/batch/report.js';
import { countedAttempts, gradebookRows } from '../gradebook.js';
import { releasedList } from '../routes/instructor.js';
import type { Site } from '../site.js';
import { shortTime } from './render.js';
import { isTimed, studentTimeLeft } from './students.js';

export interface VersionCounts {
  id: string;
  students: number;
  opened: number;
  saved: number;
  submitted: number;
  attempts: number;
  released: boolean;
}

/** Seconds the overview waits between refreshes (script) or before reloading (no script). */
export const LIVE_SECONDS = 3;

const latestOf = (a: Activity): string =>
  [a.lastSubmittedAt, a.lastSavedAt, a.firstOpenedAt]
    .filter((x): x is string => Boolean(x))
    .sort()
    .at(-1) ?? '';

/**
 * Per version: how many subjects did anything, opened, saved, submitted; and one row per subject, latest activity first.
 * @example (await overview(site)).versions[0] // { id: 'V01', students: 3, opened: 3, saved: 1, submitted: 2, attempts: 4, released: false }
 */
export async function overview(site: Site): Promise<{ versions: VersionCounts[]; totals: Omit<VersionCounts, 'id' | 'released'>; students: Record<string, unknown>[]; timed: boolean }> {
  const [activity, released] = [await site.store.activity(), new Set(await releasedList(site))];
  const byVersion = new Map<string, VersionCounts>(site.manifest.versions.map((v) => [v.id, { id: v.id, students: 0, opened: 0, saved: 0, submitted: 0, attempts: 0, released: released.has(v.id) }]));
  const totals = { students: 0, opened: 0, saved: 0, submitted: 0, attempts: 0 };
  // A roster student who only opened the page has no version on the activity row (opens are kept per student): the roster knows it.
  const versionOf = (a: Activity): string => a.versionId || site.roster?.students.get(a.student)?.version.id || '';
  for (const a of activity) {
    const v = byVersion.get(versionOf(a));
    for (const c of v ? [v, totals] : [totals]) {
      c.students++;
      if (a.firstOpenedAt) c.opened++;
      if (a.lastSavedAt) c.saved++;
      if (a.attempts > 0) c.submitted++;
      c.attempts += a.attempts;
    }
  }
  // Time left exists for roster students of an exam with a time limit or closing time (the exam page's own rule).
  const roster = site.roster && isTimed(site.roster) ? site.roster : undefined;
  const students = [];
  for (const a of [...activity].sort((x, y) => latestOf(y).localeCompare(latestOf(x)) || x.subject.localeCompare(y.subject))) {
    const timeLeft = roster && roster.students.has(a.student) ? await studentTimeLeft(roster, a.student, a.attempts) : '';
    students.push({
      student: a.student,
      versionId: versionOf(a),
      opened: shortTime(a.firstOpenedAt),
      saved: shortTime(a.lastSavedAt),
      attempts: a.attempts,
      submitted: shortTime(a.lastSubmittedAt),
      timeLeft,
    });
  }
  return { versions: [...byVersion.values()], totals, students, timed: roster !== undefined };
}

export interface GradebookColumn {
  label: string;
  numeric: boolean;
  href: string;
  sort?: 'ascending' | 'descending';
}

/** Columns holding text; every other gradebook column (scores, counts, field points) sorts as numbers. */
const TEXT_COLUMNS = new Set(['version', 'student', 'last_submitted']);

/**
 * The gradebook rows (gradebook.ts, as the CSV) sorted by one column; the
 * headings link to the other sort orders, so sorting works without script.
 * @example (await sortedGradebook(site, 'score', 'descending')).rows[0][4] // the top score
 */
export async function sortedGradebook(site: Site, sortBy: string, direction: 'ascending' | 'descending'): Promise<{ header: GradebookColumn[]; rows: string[][]; sortLabel: string }> {
  const [head = [], ...rows] = gradebookRows((await countedAttempts(site.store.submissions(), site.attempts.counts)).entries);
  const column = Math.max(0, head.indexOf(sortBy));
  const numeric = !TEXT_COLUMNS.has(head[column] ?? '');
  const sign = direction === 'ascending' ? 1 : -1;
  const value = (r: string[]) => r[column] ?? '';
  rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    // Empty cells (a field the version does not have) sort last either way.
    if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
    return sign * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
  });
  const header = head.map((label, i) => {
    const sorted = i === column;
    const next = sorted && direction === 'ascending' ? 'descending' : 'ascending';
    return { label, numeric: !TEXT_COLUMNS.has(label), href: `/instructor/gradebook?sort=${encodeURIComponent(label)}&order=${next}`, ...(sorted ? { sort: direction } : {}) };
  });
  const when = head.indexOf('last_submitted');
  // The page shows times to the second; the CSV keeps the stored ISO time.
  if (when >= 0) for (const r of rows) r[when] = shortTime(r[when]);
  return { header, rows, sortLabel: `${head[column] ?? ''} (${direction})` };
}

/**
 * The grading report's sections (histogram, difficulty, discrimination,
 * per-version means, mistakes) over the counted attempt of every student.
 */
export async function itemAnalysis(site: Site): Promise<{ report: string; sheets: number; submissions: number }> {
  const { entries, submissions } = await countedAttempts(site.store.submissions(), site.attempts.counts);
  const order = site.manifest.versions[0]?.problems.flatMap((p) => p.fields.map((f) => `${p.id}.${f.name}`)) ?? [];
  const acc = new StatsAccumulator(order);
  for (const e of entries) acc.add({ line: 0, studentId: e.student, version: e.versionId, result: e.counted.result });
  return { report: entries.length ? reportSections({ stats: acc.stats, errors: [], graded: entries.length }, site.manifest, { fileCard: false }) : '', sheets: entries.length, submissions };
}
