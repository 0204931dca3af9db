/**
 * Runs build jobs (render-version.ts) on worker threads, one per core, over
 * the compiled code in dist/, or in-process when there is one core, few jobs,
 * or no compiled worker (see thread-pool.ts).
 */
import { availableParallelism } from 'node:os';
import { runJob, type BuildJob, type BuildResult } from './render-version.js';
import { type JobRunner as PoolRunner, compiledWorker, createPool } from './thread-pool.js';

export type JobRunner = PoolRunner<BuildJob, BuildResult>;

/**
 * A runner for `jobs` jobs: threads when it pays, in-process otherwise.
 * @example const pool = createJobRunner(30); const r = await pool.run(job); await pool.close()
 */
export function createJobRunner(jobs: number, maxThreads = availableParallelism()): JobRunner {
  return createPool<BuildJob, BuildResult>({ workerFile: compiledWorker(new URL('./worker.js', import.meta.url), import.meta.url), inProcess: runJob, jobs, maxThreads });
}
