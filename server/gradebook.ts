/**
 * The instructor's views over stored submissions: which attempt counts for
 * each student (the bank's `attempts.counts`: last or best), the gradebook
 * rows, and per-field statistics. The submissions are streamed from the store
 * and folded into one entry per subject as they come, so memory grows with
 * the students, not the attempts, and the store gives the event loop a turn
 * between its pages.
 */
import type { FieldStatus } from '../src/grading/types.js';
import type { StoredSubmission } from '../src/store/index.js';
import { textCell } from '../src/batch/output.js';
import { questionOf } from '../src/batch/stats.js';
import { type VersionComparison, type VersionCredits, addVersionCredit, versionComparisons } from '../src/batch/versions.js';
import type { CountRule } from '../src/manifest.js';

/** Re-exported: the gradebook's callers name the rule from here. */
export type { CountRule };

/** One student's record on one version: how many attempts and the one that counts. */
export interface GradebookEntry {
  versionId: string;
  student: string;
  attempts: number;
  counted: StoredSubmission;
  lastAt: string;
}

/**
 * Folds the submissions into one entry per subject (whose attempt it is) and
 * picks the counted attempt: the latest, or the highest score (the earliest
 * of equal scores, so a later attempt cannot displace an equal one). Also
 * returns how many submissions were read.
 * @example (await countedAttempts(store.submissions(), 'best')).entries[0].counted.result.score
 */
export async function countedAttempts(rows: AsyncIterable<StoredSubmission> | Iterable<StoredSubmission>, rule: CountRule): Promise<{ entries: GradebookEntry[]; submissions: number }> {
  const bySubject = new Map<string, { last: StoredSubmission; counted: StoredSubmission; attempts: number }>();
  let submissions = 0;
  for await (const r of rows) {
    submissions++;
    const seen = bySubject.get(r.subject);
    if (!seen) {
      bySubject.set(r.subject, { last: r, counted: r, attempts: 1 });
      continue;
    }
    seen.attempts++;
    if (r.attempt > seen.last.attempt) seen.last = r;
    const better = r.result.score > seen.counted.result.score || (r.result.score === seen.counted.result.score && r.attempt < seen.counted.attempt);
    if (rule === 'best' ? better : r.attempt > seen.counted.attempt) seen.counted = r;
  }
  const entries = [...bySubject.values()].map(({ last, counted, attempts }) => ({ versionId: last.versionId, student: last.student, attempts, counted, lastAt: last.at }));
  return { entries: entries.sort((a, b) => a.versionId.localeCompare(b.versionId) || a.student.localeCompare(b.student)), submissions };
}

/** Gradebook rows: a header, then one row per student and version, with the points of every field of the counted attempt. */
export function gradebookRows(entries: readonly GradebookEntry[]): string[][] {
  const fieldKeys: string[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    for (const k of Object.keys(e.counted.result.fields)) {
      if (!seen.has(k)) {
        seen.add(k);
        fieldKeys.push(k);
      }
    }
  }
  const header = ['version', 'student', 'attempts', 'counted_attempt', 'score', 'max', 'percent', 'last_submitted', ...fieldKeys];
  const rows = entries.map((e) => {
    const r = e.counted.result;
    const percent = r.max > 0 ? ((100 * r.score) / r.max).toFixed(1) : '';
    return [
      textCell(e.versionId),
      textCell(e.student),
      String(e.attempts),
      String(e.counted.attempt),
      String(r.score),
      String(r.max),
      percent,
      e.lastAt,
      ...fieldKeys.map((k) => (r.fields[k] ? String(r.fields[k].points) : '')),
    ];
  });
  return [header, ...rows];
}

export interface FieldStatistics {
  /** Counted submissions that contain this field. */
  n: number;
  /** Mean of points / max over them (0..1): the item's facility. */
  facility: number;
  status: Record<FieldStatus, number>;
  /** Named mistakes recognised, by id. */
  mistakes: Record<string, number>;
}

export interface Statistics {
  students: number;
  submissions: number;
  meanPercent: number | null;
  fields: Record<string, FieldStatistics>;
  /** Each question's mean credit per version, flagged when one version differs significantly (Kruskal–Wallis). */
  versions: VersionComparison[];
}

/**
 * Per-field statistics over the counted attempts.
 * @example statistics(entries, submissions).fields['p1.h1'].facility // 0.75
 */
export function statistics(entries: readonly GradebookEntry[], submissions: number): Statistics {
  const fields: Record<string, FieldStatistics & { sum: number }> = {};
  let percentSum = 0;
  const credits: VersionCredits = {};
  for (const e of entries) {
    const r = e.counted.result;
    percentSum += r.max > 0 ? r.score / r.max : 0;
    const questions = new Map<string, { points: number; max: number }>();
    for (const [k, f] of Object.entries(r.fields)) {
      const q = questions.get(questionOf(k)) ?? { points: 0, max: 0 };
      questions.set(questionOf(k), { points: q.points + f.points, max: q.max + f.max });
    }
    for (const [question, q] of questions) addVersionCredit(credits, question, e.versionId, q.max > 0 ? q.points / q.max : 0);
    for (const [k, f] of Object.entries(r.fields)) {
      const s = (fields[k] ??= { n: 0, facility: 0, sum: 0, status: { correct: 0, carried: 0, incorrect: 0, unreadable: 0, blank: 0 }, mistakes: {} });
      s.n += 1;
      s.sum += f.max > 0 ? f.points / f.max : 0;
      s.status[f.status] += 1;
      if (f.mistake) s.mistakes[f.mistake] = (s.mistakes[f.mistake] ?? 0) + 1;
    }
  }
  const out: Record<string, FieldStatistics> = {};
  for (const [k, { sum, ...s }] of Object.entries(fields)) out[k] = { ...s, facility: Math.round((sum / s.n) * 1e4) / 1e4 };
  return {
    students: entries.length,
    submissions,
    meanPercent: entries.length ? Math.round((1e4 * percentSum) / entries.length) / 100 : null,
    fields: out,
    versions: versionComparisons(credits),
  };
}
