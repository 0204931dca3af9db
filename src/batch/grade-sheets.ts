/**
 * Batch grading (issue 7): answer sheets in, graded sheets, skipped rows and
 * item statistics out. No file system here: the CLI and the server's upload
 * route hand in a stream (or a string) and decide where results go.
 */
import { gradeResponse } from '../grading/grade.js';
import type { GradeResult } from '../grading/types.js';
import type { Manifest, ManifestVersion } from '../manifest.js';
import type { CsvInput } from './csv-records.js';
import { manifestFieldKeys, readAnswerSheets } from './sheets.js';
import { type BatchStats, StatsAccumulator } from './stats.js';
import type { AnswerSheet, GradedSheet, RowError, SheetLayout } from './types.js';

/** Grades sheets in order; `gradeAll` may run them elsewhere (worker threads) but returns results in the order given. */
export interface SheetGrader {
  gradeAll(sheets: readonly AnswerSheet[]): Promise<(GradeResult | { error: string })[]>;
  close?(): Promise<void>;
}

export interface BatchOptions {
  /** Each graded sheet, in file order. When given, sheets are not kept in the outcome, so memory stays flat. */
  onSheet?: (sheet: GradedSheet) => void | Promise<void>;
  /** Each problem row as it is found (they are also collected in the outcome). */
  onError?: (error: RowError) => void;
  /** Grades elsewhere (see worker-pool.ts); default: in this thread. */
  grader?: SheetGrader;
  /** Sheets handed to the grader at once (default 256). */
  chunkSize?: number;
  /** Chunks being graded at once (default 4; matters for a worker pool). */
  inFlight?: number;
  /** Errors kept in the outcome (default: all); the rest are only counted (`onError` still sees every one). */
  keepErrors?: number;
}

export interface BatchOutcome {
  layout: SheetLayout;
  graded: number;
  /** Every row or answer that was not graded, in file order of discovery (the first `keepErrors`). */
  errors: RowError[];
  /** How many errors there were in all, kept or not. */
  errorCount: number;
  /** Field keys in exam order: the per-field columns of GRADES.csv. */
  fieldKeys: string[];
  stats: BatchStats;
  /** The graded sheets, unless `onSheet` took them. */
  sheets: GradedSheet[];
}

/**
 * Exit status of `rnnquiz grade`: 0 when every row was graded, 1 when anything was skipped.
 * (2, a usage error, never reaches an outcome.)
 */
export const exitCodeOf = (outcome: Pick<BatchOutcome, 'errorCount'>): 0 | 1 => (outcome.errorCount === 0 ? 0 : 1);

/** Grades in this thread, one sheet after another. */
export function inThreadGrader(manifest: Manifest): SheetGrader {
  const versions = new Map<string, ManifestVersion>(manifest.versions.map((v) => [v.id, v]));
  return {
    gradeAll: async (sheets) => sheets.map((s) => gradeSheet(versions, s, manifest)),
  };
}

/** One sheet; a failure of the grader itself is returned, not thrown, so one bad sheet cannot stop a batch. */
export function gradeSheet(versions: ReadonlyMap<string, ManifestVersion>, sheet: AnswerSheet, manifest: Pick<Manifest, 'policy'>): GradeResult | { error: string } {
  const version = versions.get(sheet.version);
  if (!version) return { error: `version ${sheet.version} is not in the manifest` };
  try {
    return gradeResponse(version.problems, { answers: sheet.answers }, manifest.policy);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Reads, checks and grades every answer sheet of a CSV (wide or long layout,
 * comma or semicolon, with or without BOM). Bad rows are reported in
 * `errors` with their line; every good row is graded.
 * @example
 * const out = await gradeAnswerSheets('student_id,version,p1.h1\nana,V01,"[4, 0]"\n', manifest);
 * out.sheets[0].result.score // 1
 */
export async function gradeAnswerSheets(input: CsvInput, manifest: Manifest, options: BatchOptions = {}): Promise<BatchOutcome> {
  const fieldKeys = manifestFieldKeys(manifest);
  const errors: RowError[] = [];
  const keep = options.keepErrors ?? Infinity;
  let errorCount = 0;
  const report = (e: RowError): void => {
    if (++errorCount <= keep) errors.push(e);
    options.onError?.(e);
  };
  const stats = new StatsAccumulator(fieldKeys);
  const sheets: GradedSheet[] = [];
  const grader = options.grader ?? inThreadGrader(manifest);
  const chunkSize = options.chunkSize ?? 256;
  let layout: SheetLayout = 'wide';
  let graded = 0;

  const emit = async (chunk: readonly AnswerSheet[], results: readonly (GradeResult | { error: string })[]): Promise<void> => {
    for (let i = 0; i < chunk.length; i++) {
      const sheet = chunk[i] as AnswerSheet;
      const result = results[i];
      if (!result || 'error' in result) {
        report({ line: sheet.line, kind: 'grading-failed', studentId: sheet.studentId, message: `the grader failed on this sheet: ${result?.error ?? 'no result'}` });
        continue;
      }
      const done: GradedSheet = { line: sheet.line, studentId: sheet.studentId, version: sheet.version, result };
      graded++;
      stats.add(done);
      if (options.onSheet) await options.onSheet(done);
      else sheets.push(done);
    }
  };

  // Chunks are graded concurrently (up to `window` at once) but emitted strictly in file order.
  const window = options.inFlight ?? 4;
  const pending: Promise<void>[] = [];
  let tail: Promise<void> = Promise.resolve();
  const dispatch = async (chunk: AnswerSheet[]): Promise<void> => {
    const results = grader.gradeAll(chunk);
    results.catch(() => undefined); // awaited below, in order; this only keeps Node from calling it unhandled meanwhile
    tail = tail.then(async () => emit(chunk, await results));
    tail.catch(() => undefined);
    pending.push(tail);
    if (pending.length >= window) await pending.shift();
  };
  let chunk: AnswerSheet[] = [];
  for await (const sheet of readAnswerSheets(input, manifest, report, (l) => (layout = l))) {
    chunk.push(sheet);
    if (chunk.length >= chunkSize) {
      await dispatch(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await dispatch(chunk);
  await tail;
  return { layout, graded, errors, errorCount, fieldKeys, stats: stats.stats, sheets };
}
