/**
 * `rnnquiz grade ANSWERS.csv --manifest DIR/manifest.json --out GRADES.csv
 * [--report REPORT.html] [--feedback FEEDBACK.jsonl] [--errors ERRORS.csv] [--jobs N]`:
 * batch grading of answer sheets (issue 7). A thin adapter: files in and out,
 * a progress bar on a terminal; the work is in src/batch.
 *
 * Exit status: 0 every row graded; 1 some rows or answers skipped (listed in the
 * errors file and summarized on stderr); 2 a usage error (nothing graded).
 */
import { createReadStream, createWriteStream, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { SingleBar } from 'cli-progress';
import { UsageError } from '../core/errors.js';
import { manifestFromJson } from '../manifest.js';
import { type SheetGrader, exitCodeOf, gradeAnswerSheets } from '../batch/grade-sheets.js';
import { errorsToCsv, errorSummary, feedbackLine, gradeHeader, gradeRow, spreadsheetSafe } from '../batch/output.js';
import { renderReport } from '../batch/report.js';
import { manifestFieldKeys } from '../batch/sheets.js';
import { workerGrader } from '../batch/worker-pool.js';
import { readJson, runCommand } from './io.js';

interface GradeOptions {
  manifest: string;
  out: string;
  report?: string;
  feedback?: string;
  errors?: string;
  jobs?: string;
}

/** Files larger than this are graded on worker threads unless --jobs says otherwise. */
const WORKERS_FROM_BYTES = 512 * 1024;

/** `GRADES.csv` → `GRADES.errors.csv`. */
export function defaultErrorsPath(out: string): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, '.errors.csv') : `${out}.errors.csv`;
}

function jobCount(raw: string | undefined, inputBytes: number): number {
  if (raw === undefined) return inputBytes >= WORKERS_FROM_BYTES ? Math.min(4, availableParallelism()) : 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 64) throw new UsageError(`--jobs ${raw}: expected a whole number of worker threads from 0 to 64 (0 grades in the main thread)`);
  return Number(raw);
}

function inputSize(path: string): number {
  if (path === '-') return 0;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${path} is not a file`);
    return st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A write stream that has opened (so a bad path is a usage error before any grading). */
async function openOutput(path: string, what: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (e) {
    throw new UsageError(`cannot write the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return stream;
}

async function closeStream(stream: NodeJS.WritableStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

async function grade(answersPath: string, opts: GradeOptions): Promise<void> {
  const manifest = manifestFromJson(readJson(opts.manifest));
  const bytes = inputSize(answersPath);
  const jobs = jobCount(opts.jobs, bytes);
  const fieldKeys = manifestFieldKeys(manifest);
  const input = answersPath === '-' ? process.stdin : createReadStream(answersPath);
  const gradesFile = await openOutput(opts.out, 'grades file');
  const grades = stringify();
  grades.pipe(gradesFile);
  grades.write(gradeHeader(fieldKeys));
  const feedback = opts.feedback ? await openOutput(opts.feedback, 'feedback file') : undefined;
  const bar = process.stderr.isTTY && bytes > 0 ? new SingleBar({ format: 'grading [{bar}] {percentage}% | {sheets} sheets | {problems} problems', hideCursor: true, stream: process.stderr }) : undefined;
  bar?.start(bytes, 0, { sheets: 0, problems: 0 });
  let problems = 0;
  let sheets = 0;
  const grader: SheetGrader | undefined = jobs > 0 ? workerGrader(manifest, jobs) : undefined;
  try {
    const outcome = await gradeAnswerSheets(input, manifest, {
      ...(grader ? { grader } : {}),
      onError: () => problems++,
      onSheet: async (sheet) => {
        if (!grades.write(gradeRow(sheet, fieldKeys).map(spreadsheetSafe))) await once(grades, 'drain');
        if (feedback && !feedback.write(feedbackLine(sheet))) await once(feedback, 'drain');
        if (bar && ++sheets % 200 === 0) bar.update((input as { bytesRead?: number }).bytesRead ?? 0, { sheets, problems });
      },
    });
    bar?.update(bytes, { sheets: outcome.graded, problems });
    bar?.stop();
    await closeStream(grades);
    if (feedback) await closeStream(feedback);
    const errorsPath = opts.errors ?? (outcome.errors.length > 0 ? defaultErrorsPath(opts.out) : undefined);
    if (errorsPath) writeFileSync(errorsPath, errorsToCsv(outcome.errors));
    if (opts.report) writeFileSync(opts.report, renderReport(outcome, manifest, { source: answersPath === '-' ? 'standard input' : answersPath }));
    process.stderr.write(errorSummary(outcome.graded, outcome.errors));
    if (errorsPath && outcome.errors.length > 0) process.stderr.write(`rows not graded are listed in ${errorsPath}\n`);
    process.exitCode = exitCodeOf(outcome);
  } finally {
    bar?.stop();
    await grader?.close?.();
  }
}

export function registerGrade(program: Command): void {
  program
    .command('grade')
    .description('grade a CSV of answer sheets (wide: student_id, version, p1.h1, …; or long: student_id, version, field, answer). Exit 0: all graded, 1: some rows skipped, 2: usage error')
    .argument('<answers>', 'CSV file (comma or semicolon separated, UTF-8), or - for standard input')
    .requiredOption('--manifest <file>', 'DIR/manifest.json of the build')
    .requiredOption('--out <file>', 'GRADES.csv to write: student, version, score, max, percent, points per field')
    .option('--report <file>', 'REPORT.html: score histogram, item difficulty and discrimination, common mistakes')
    .option('--feedback <file>', 'FEEDBACK.jsonl: each student\'s result with feedback per field, one JSON object per line')
    .option('--errors <file>', 'ERRORS.csv: every row not graded, with its line (default GRADES.errors.csv when there are any)')
    .option('--jobs <n>', 'worker threads grading in parallel (default: the cores for files over 512 KB, else 0 = main thread)')
    // main.ts's exitOverride is set after the commands are created, so subcommands do not inherit it:
    // a missing option must still exit 2 (usage), not commander's 1 (which here means "rows skipped").
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action((answers: string, opts: GradeOptions) => runCommand(() => grade(answers, opts)));
}
