/**
 * A small pool of worker threads for independent jobs (a build's versions,
 * `rnnquiz check`'s chunks of variants): one worker per core, each taking the
 * next job when it finishes one; results come back to the caller of `run`
 * whichever thread finished first. Falls back to running jobs in-process when
 * there is one core, few jobs, or no compiled worker file (under vitest the
 * sources are TypeScript). `serveJobs` is the worker side.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, parentPort } from 'node:worker_threads';
import { UsageError, isUserError } from '../core/errors.js';

export interface JobRunner<J, R> {
  run(job: J): Promise<R>;
  close(): Promise<void>;
  readonly threads: number;
}

export interface WorkerRequest<J> {
  id: number;
  job: J;
}

export type WorkerReply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; message: string; userError: boolean; stack?: string };

/**
 * The compiled worker next to a module (`new URL('./worker.js', import.meta.url)`), or
 * undefined when running from TypeScript sources or the file is missing.
 */
export function compiledWorker(url: URL, callerUrl: string): string | undefined {
  const path = fileURLToPath(url);
  return callerUrl.endsWith('.js') && existsSync(path) ? path : undefined;
}

function threadPool<J, R>(file: string, size: number): JobRunner<J, R> {
  type Task = { job: J; resolve: (r: R) => void; reject: (e: Error) => void; id: number };
  const queue: Task[] = [];
  const busy = new Map<Worker, Task>();
  const idle: Worker[] = [];
  let nextId = 0;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const task = queue.shift() as Task;
      busy.set(worker, task);
      worker.postMessage({ id: task.id, job: task.job } satisfies WorkerRequest<J>);
    }
  };
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(file);
    worker.on('message', (reply: WorkerReply<R>) => {
      const task = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      if (task) {
        if (reply.ok) task.resolve(reply.result);
        else task.reject(reply.userError ? new UsageError(reply.message) : Object.assign(new Error(reply.message), { stack: reply.stack }));
      }
      dispatch();
    });
    worker.on('error', (e) => {
      const task = busy.get(worker);
      busy.delete(worker);
      task?.reject(e);
    });
    idle.push(worker);
    return worker;
  });
  return {
    threads: size,
    run: (job) =>
      new Promise((resolve, reject) => {
        queue.push({ job, resolve, reject, id: nextId++ });
        dispatch();
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * A runner for `jobs` jobs: threads on `workerFile` when it pays, `inProcess` otherwise.
 * @example const pool = createPool({ workerFile, inProcess: runJob, jobs: 30 }); await pool.run(job); await pool.close()
 */
export function createPool<J, R>(o: { workerFile: string | undefined; inProcess: (job: J) => Promise<R>; jobs: number; maxThreads?: number; minJobs?: number }): JobRunner<J, R> {
  const size = Math.min(o.maxThreads ?? availableParallelism(), o.jobs);
  if (o.workerFile && size > 1 && o.jobs >= (o.minJobs ?? 4)) return threadPool<J, R>(o.workerFile, size);
  return { run: o.inProcess, close: async () => {}, threads: 1 };
}

/**
 * The worker side: runs each job sent by the pool and posts back its result
 * (with `transfer` naming buffers to move rather than copy) or its error.
 */
export function serveJobs<J, R>(run: (job: J) => Promise<R>, transfer: (result: R) => ArrayBuffer[] = () => []): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: WorkerRequest<J>) => {
    run(req.job).then(
      (result) => port.postMessage({ id: req.id, ok: true, result } satisfies WorkerReply<R>, transfer(result)),
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ id: req.id, ok: false, message: err.message, userError: isUserError(e), ...(err.stack ? { stack: err.stack } : {}) } satisfies WorkerReply<R>);
      },
    );
  });
}
