/**
 * Runs build jobs on worker threads (one per core) over the compiled code in
 * dist/, or in-process when there is one core, few jobs, or no compiled worker
 * (under vitest the sources are TypeScript). Results come back in job order
 * whichever thread finished first.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import { runJob, type BuildJob, type BuildResult } from './render-version.js';
import type { WorkerReply } from './worker.js';

export interface JobRunner {
  run(job: BuildJob): Promise<BuildResult>;
  close(): Promise<void>;
  readonly threads: number;
}

const workerFile = (): string | undefined => {
  const url = new URL('./worker.js', import.meta.url);
  const path = fileURLToPath(url);
  return import.meta.url.endsWith('.js') && existsSync(path) ? path : undefined;
};

function inProcess(): JobRunner {
  return { run: runJob, close: async () => {}, threads: 1 };
}

/** A thread pool of `size` workers; each takes the next job when it finishes one. */
function threadPool(file: string, size: number): JobRunner {
  const queue: { job: BuildJob; resolve: (r: BuildResult) => void; reject: (e: Error) => void; id: number }[] = [];
  const busy = new Map<Worker, (typeof queue)[number]>();
  const idle: Worker[] = [];
  let nextId = 0;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const task = queue.shift() as (typeof queue)[number];
      busy.set(worker, task);
      worker.postMessage({ id: task.id, job: task.job });
    }
  };
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(file);
    worker.on('message', (reply: WorkerReply) => {
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
 * A runner for `jobs` jobs: threads when it pays, in-process otherwise.
 * @example const pool = createJobRunner(30); const r = await pool.run(job); await pool.close()
 */
export function createJobRunner(jobs: number, maxThreads = availableParallelism()): JobRunner {
  const file = workerFile();
  const size = Math.min(maxThreads, jobs);
  return file && size > 1 && jobs >= 4 ? threadPool(file, size) : inProcess();
}
