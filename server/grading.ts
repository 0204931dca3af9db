/**
 * Where a submission is graded. Everyday answers (short, no powers) are graded
 * on the request thread: their exact arithmetic is provably small (see
 * isLightAnswer), so grading them costs microseconds. Any other submission is
 * graded on a grading thread, so a request built to be slow —
 * `(1/3)^64+(1/7)^64+…` in every field — keeps only its own sender (and other
 * heavy submissions) waiting: the request thread stays free for health checks
 * and other students. Exact arithmetic also has a size budget
 * (MAX_EXACT_BITS, core/num.ts), which bounds the work of every field.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Manifest, type ManifestVersion, manifestToJson } from '../src/manifest.js';
import { gradeResponse } from '../src/grading/index.js';
import type { GradeResult } from '../src/grading/types.js';
import { HttpError } from './errors.js';
import type { GradeJob, GradeReply } from './grade-worker.js';

/** Longest answer graded on the request thread (a vector of five full-precision doubles is ~110). */
export const LIGHT_ANSWER_CHARS = 160;
/** Most arithmetic signs (+ − × ÷, signs of numbers and exponents included) in an answer graded on the request thread. */
export const LIGHT_MAX_OPERATORS = 12;
/** Longest run of digits in an answer graded on the request thread (`0.000006128982466927776` has 22). */
export const LIGHT_MAX_DIGITS = 40;

/** Submissions waiting for the grading thread beyond this are refused with 503 (try again). */
export const HEAVY_QUEUE_LIMIT = 32;
/** Grading threads for heavy submissions. */
export const GRADING_THREADS = 1;

/** A power other than `e^…` (a double) or the transpose mark `^T`. */
const EXACT_POWER = /(?<![eE]\s*)\^(?!\s*[tT](?![a-zA-Z]))/;
const OPERATORS = /[-+*/\u2212\u00d7\u00f7\u00b7\u22c5]/g;
const LONG_NUMBER = new RegExp(`\\d{${LIGHT_MAX_DIGITS + 1}}`);

/**
 * True when an answer is provably cheap to grade: no exact power, at most
 * LIGHT_MAX_OPERATORS operations on numbers of at most LIGHT_MAX_DIGITS digits
 * (a decimal is two such runs, ≤ 266 bits; a double as JavaScript prints it has at most 23 digits in a row). Every exact value it can make then
 * has well under 2,000 bits, so each operation costs microseconds and a field
 * a fraction of a millisecond: a 77-field submission of such answers grades in
 * a few milliseconds on the request thread. Everything else goes to the grading thread.
 * @example isLightAnswer('[0.09003057317038046, 0.24472847105479764, 0.6652409557748219]^T') // true
 * @example isLightAnswer('1/(1+e^-2)') // true
 * @example isLightAnswer('(1/3)^64')   // false
 */
export function isLightAnswer(text: string): boolean {
  if (text.length > LIGHT_ANSWER_CHARS || EXACT_POWER.test(text) || LONG_NUMBER.test(text)) return false;
  return (text.match(OPERATORS)?.length ?? 0) <= LIGHT_MAX_OPERATORS;
}

export interface Grading {
  /** Grades on the request thread when every answer is light, on the grading thread otherwise. */
  grade(version: ManifestVersion, answers: Record<string, string>): GradeResult | Promise<GradeResult>;
  close(): Promise<void>;
}

/** What the pool uses of a grading thread: a node Worker running grade-worker.js (tests pass a fake). */
export interface GradingThread {
  on(event: 'message', listener: (reply: GradeReply) => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  on(event: 'exit', listener: () => void): unknown;
  postMessage(job: GradeJob): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<unknown>;
}

export interface GradingOptions {
  threads?: number;
  queueLimit?: number;
  /**
   * Starts a grading thread that holds the manifest (its JSON). Default: a
   * Worker running the compiled grade-worker.js, when it exists. Given, the
   * pool is used even where that file is absent (tests of the pool itself).
   */
  startThread?: (manifestJson: Record<string, unknown>) => GradingThread;
}

/** The compiled worker next to this file; absent under vitest (TypeScript sources), where heavy grading stays in-process. */
function workerFile(): string | undefined {
  const path = fileURLToPath(new URL('./grade-worker.js', import.meta.url));
  return import.meta.url.endsWith('.js') && existsSync(path) ? path : undefined;
}

/** Starts a Worker on the compiled worker file; undefined where there is none (vitest). */
function workerStarter(): ((manifestJson: Record<string, unknown>) => GradingThread) | undefined {
  const file = workerFile();
  return file ? (workerData) => new Worker(file, { workerData }) : undefined;
}

type Task = GradeJob & { resolve: (r: GradeResult) => void; reject: (e: Error) => void };

/** The reply to a heavy submission the shutdown cut short, queued or in flight: retry in a moment. */
const shuttingDown = (): HttpError => new HttpError(503, 'the server is shutting down: try again in a moment');

/**
 * @example const grading = createGrading(manifest); const result = await grading.grade(version, answers); await grading.close()
 */
export function createGrading(manifest: Manifest, options: GradingOptions = {}): Grading {
  const startThread = options.startThread ?? workerStarter();
  const threads = Math.max(1, options.threads ?? GRADING_THREADS);
  const queueLimit = options.queueLimit ?? HEAVY_QUEUE_LIMIT;
  const inline = (version: ManifestVersion, answers: Record<string, string>): GradeResult => gradeResponse(version.problems, { answers }, manifest.policy);
  if (!startThread) return { grade: inline, close: async () => {} };

  let manifestJson: Record<string, unknown> | undefined;
  const idle: GradingThread[] = [];
  const busy = new Map<GradingThread, Task>();
  const queue: Task[] = [];
  let started = 0;
  let closed = false;
  let nextId = 0;

  const settle = (worker: GradingThread, reply: GradeReply): void => {
    const task = busy.get(worker);
    busy.delete(worker);
    idle.push(worker);
    worker.unref();
    if (task) {
      if (reply.ok) task.resolve(reply.result);
      else task.reject(new Error(`grading thread: ${reply.message}`));
    }
    dispatch();
  };
  // Threads start on the first heavy submission, so a site nobody attacks never pays for them.
  const spawn = (): void => {
    started++;
    manifestJson ??= manifestToJson(manifest);
    const worker = startThread(manifestJson);
    worker.on('message', (reply: GradeReply) => settle(worker, reply));
    worker.on('error', (e) => {
      busy.get(worker)?.reject(e);
      busy.delete(worker);
    });
    worker.on('exit', () => {
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      // Stopped by close(): the client is told to retry (503), like the ones still queued; otherwise the thread died.
      busy.get(worker)?.reject(closed ? shuttingDown() : new Error('the grading thread stopped'));
      busy.delete(worker);
      started--;
      if (!closed && queue.length > 0) dispatch();
    });
    worker.unref();
    idle.push(worker);
  };
  function dispatch(): void {
    while (queue.length > 0) {
      if (idle.length === 0 && started < threads) spawn();
      const worker = idle.pop();
      if (!worker) return;
      const task = queue.shift() as Task;
      busy.set(worker, task);
      worker.ref(); // a job in flight keeps the process alive until it is answered
      worker.postMessage({ id: task.id, versionId: task.versionId, answers: task.answers } satisfies GradeJob);
    }
  }
  return {
    grade(version, answers) {
      if (Object.values(answers).every(isLightAnswer)) return inline(version, answers);
      if (closed) throw shuttingDown();
      if (queue.length >= queueLimit) throw new HttpError(503, 'too many long answers are being graded: try again in a minute');
      return new Promise<GradeResult>((resolve, reject) => {
        queue.push({ id: nextId++, versionId: version.id, answers, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const t of queue.splice(0)) t.reject(shuttingDown());
      await Promise.all([...idle, ...busy.keys()].map((w) => w.terminate()));
    },
  };
}
