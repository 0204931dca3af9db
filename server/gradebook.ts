/**
 * The instructor's views over stored submissions: which attempt counts for
 * each student (the bank's `attempts.counts`: last or best), the gradebook
 * rows, and per-field statistics. Pure functions over the stored rows.
 */
import type { FieldStatus } from '../src/grading/types.js';
import type { StoredSubmission } from './store.js';
import { textCell } from '../src/batch/output.js';

export type CountRule = 'last' | 'best';

/** One student's record on one version: how many attempts and the one that counts. */
export interface GradebookEntry {
  versionId: string;
  student: string;
  attempts: number;
  counted: StoredSubmission;
  lastAt: string;
}

/**
 * Groups submissions by (token, student) and picks the counted attempt: the
 * latest, or the highest score (the earliest of equal scores, so a later
 * attempt cannot displace an equal one).
 * @example countedAttempts(rows, 'best')[0].counted.result.score
 */
export function countedAttempts(rows: readonly StoredSubmission[], rule: CountRule): GradebookEntry[] {
  const groups = new Map<string, StoredSubmission[]>();
  for (const r of rows) {
    const k = JSON.stringify([r.token, r.student]);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const entries: GradebookEntry[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.attempt - b.attempt);
    const last = g[g.length - 1] as StoredSubmission;
    const counted = rule === 'last' ? last : g.reduce((best, r) => (r.result.score > best.result.score ? r : best));
    entries.push({ versionId: last.versionId, student: last.student, attempts: g.length, counted, lastAt: last.at });
  }
  return entries.sort((a, b) => a.versionId.localeCompare(b.versionId) || a.student.localeCompare(b.student));
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
    return [textCell(e.versionId), textCell(e.student), String(e.attempts), String(e.counted.attempt), String(r.score), String(r.max), percent, e.lastAt, ...fieldKeys.map((k) => (r.fields[k] ? String(r.fields[k].points) : ''))];
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
}

/**
 * Per-field statistics over the counted attempts.
 * @example statistics(entries, rows.length).fields['p1.h1'].facility // 0.75
 */
export function statistics(entries: readonly GradebookEntry[], submissions: number): Statistics {
  const fields: Record<string, FieldStatistics & { sum: number }> = {};
  let percentSum = 0;
  for (const e of entries) {
    const r = e.counted.result;
    percentSum += r.max > 0 ? r.score / r.max : 0;
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
  };
}
