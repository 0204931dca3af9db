/**
 * `rnnquiz grade ANSWERS.csv --manifest DIR/manifest.json --out GRADES.csv
 * [--report REPORT.html] [--feedback FEEDBACK.jsonl] [--errors ERRORS.csv] [--jobs N]`:
 * batch grading of answer sheets (issue 7). A thin adapter: files in and out,
 * a progress bar on a terminal; the work is in src/batch.
 *
 * Exit status: 0 every row graded; 1 some rows or answers skipped (listed in the
 * errors file and summarized on stderr); 2 a usage error (nothing graded).
 *
 * Memory: the whole run (read, grade, write, report) happens on a worker
 * thread whose heap is capped (GRADE_HEAP), with the grading workers capped
 * in turn (worker-pool.ts). The main thread only starts it, relays standard
 * input and draws the progress bar. Uncapped, V8 lets a heap grow to about
 * four times its live data before collecting (≈ 50 MB live → 200+ MB here);
 * capped, the same run peaks near 200 MB at a few percent more CPU.
 */
import { createReadStream, createWriteStream, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { SingleBar } from 'cli-progress';
import { UsageError, isUserError } from '../core/errors.js';
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

/**
 * Heap limits of the thread that runs `grade` (MB). Live data stays near 50 MB
 * (the manifest, the grading caches, a few chunks in flight); the cap leaves
 * room for a large manifest. RNNQUIZ_GRADE_HEAP_MB raises it.
 */
export const GRADE_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };
export const GRADE_HEAP_ENV = 'RNNQUIZ_GRADE_HEAP_MB';

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

/** Progress for the bar: bytes of the input read, sheets graded, problems found. */
type Progress = { bytes: number; sheets: number; problems: number };

/** The run itself (on the capped thread); returns the exit code. */
async function grade(answersPath: string, opts: GradeOptions, progress: (p: Progress) => void): Promise<number> {
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
        if (++sheets % 200 === 0) progress({ bytes: (input as { bytesRead?: number }).bytesRead ?? 0, sheets, problems });
      },
    });
    progress({ bytes, sheets: outcome.graded, problems });
    await closeStream(grades);
    if (feedback) await closeStream(feedback);
    const errorsPath = opts.errors ?? (outcome.errors.length > 0 ? defaultErrorsPath(opts.out) : undefined);
    if (errorsPath) writeFileSync(errorsPath, errorsToCsv(outcome.errors));
    if (opts.report) writeFileSync(opts.report, renderReport(outcome, manifest, { source: answersPath === '-' ? 'standard input' : answersPath }));
    process.stderr.write(errorSummary(outcome.graded, outcome.errors));
    if (errorsPath && outcome.errors.length > 0) process.stderr.write(`rows not graded are listed in ${errorsPath}\n`);
    return exitCodeOf(outcome);
  } finally {
    await grader?.close?.();
  }
}

type FromGradeThread = { progress: Progress } | { done: number } | { usageError: string } | { error: string };

/** On the capped thread: run, report progress and the outcome to the main thread. */
async function gradeThreadMain(port: NonNullable<typeof parentPort>, task: { answers: string; opts: GradeOptions }): Promise<void> {
  const send = (msg: FromGradeThread): void => port.postMessage(msg);
  try {
    send({ done: await grade(task.answers, task.opts, (progress) => send({ progress })) });
  } catch (e) {
    if (isUserError(e) || (e instanceof Error && e.name === 'UsageError')) send({ usageError: (e as Error).message });
    else send({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

function heapLimits(env: NodeJS.ProcessEnv): typeof GRADE_HEAP {
  const raw = env[GRADE_HEAP_ENV];
  if (raw === undefined || raw === '') return GRADE_HEAP;
  if (!/^\d+$/.test(raw) || Number(raw) < 64) throw new UsageError(`${GRADE_HEAP_ENV}=${raw}: expected a heap size in MB, at least 64`);
  return { ...GRADE_HEAP, maxOldGenerationSizeMb: Number(raw) };
}

/** On the main thread: start the capped thread, feed it standard input if asked, draw the bar, set the exit code. */
async function gradeOnCappedThread(answersPath: string, opts: GradeOptions): Promise<void> {
  const limits = heapLimits(process.env);
  const bytes = answersPath === '-' ? 0 : inputSize(answersPath);
  const bar =
    process.stderr.isTTY && bytes > 0 ? new SingleBar({ format: 'grading [{bar}] {percentage}% | {sheets} sheets | {problems} problems', hideCursor: true, stream: process.stderr }) : undefined;
  const worker = new Worker(new URL(import.meta.url), { workerData: { rnnquizGrade: { answers: answersPath, opts } }, resourceLimits: limits, stdin: answersPath === '-' });
  if (answersPath === '-' && worker.stdin) process.stdin.pipe(worker.stdin);
  bar?.start(bytes, 0, { sheets: 0, problems: 0 });
  let outcome: FromGradeThread | undefined;
  worker.on('message', (msg: FromGradeThread) => {
    if ('progress' in msg) bar?.update(msg.progress.bytes, { sheets: msg.progress.sheets, problems: msg.progress.problems });
    else outcome = msg;
  });
  let failure: unknown;
  worker.on('error', (e) => (failure = e));
  const [code] = (await once(worker, 'exit')) as [number];
  bar?.stop();
  if (outcome && 'done' in outcome) process.exitCode = outcome.done;
  else if (outcome && 'usageError' in outcome) throw new UsageError(outcome.usageError);
  else if (outcome && 'error' in outcome) throw new Error(outcome.error);
  else if ((failure as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    throw new UsageError(`grading ran out of its ${limits.maxOldGenerationSizeMb} MB heap; set ${GRADE_HEAP_ENV} to a larger size in MB and run again`);
  } else throw failure instanceof Error ? failure : new Error(`grading stopped without a result (exit code ${code})`);
}

export function registerGrade(program: Command): void {
  program
    .command('grade')
    .description('grade a CSV of answer sheets (wide: student_id, version, p1.h1, …; or long: student_id, version, field, answer). Exit 0: all graded, 1: some rows skipped, 2: usage error')
    .argument('<answers>', 'CSV file (comma or semicolon separated, UTF-8), or - for standard input')
    .requiredOption('--manifest <file>', 'DIR/manifest.json of the build')
    .requiredOption('--out <file>', 'GRADES.csv to write: student, version, score, max, percent, points per field')
    .option('--report <file>', 'REPORT.html: score histogram, item difficulty and discrimination, common mistakes')
    .option('--feedback <file>', "FEEDBACK.jsonl: each student's result with feedback per field, one JSON object per line")
    .option('--errors <file>', 'ERRORS.csv: every row not graded, with its line (default GRADES.errors.csv when there are any)')
    .option('--jobs <n>', 'worker threads grading in parallel (default: the cores for files over 512 KB, else 0 = main thread)')
    // main.ts's exitOverride is set after the commands are created, so subcommands do not inherit it:
    // a missing option must still exit 2 (usage), not commander's 1 (which here means "rows skipped").
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action((answers: string, opts: GradeOptions) => runCommand(() => gradeOnCappedThread(answers, opts)));
}

// This module is also the capped thread's script (see gradeOnCappedThread).
const task = isMainThread ? undefined : (workerData as { rnnquizGrade?: { answers: string; opts: GradeOptions } } | null)?.rnnquizGrade;
if (task && parentPort) void gradeThreadMain(parentPort, task);
