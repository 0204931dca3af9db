/** A `rnnquiz check` worker thread: runs chunks of variants and version plans sent by the pool (run.ts). */
import { serveJobs } from '../exam/thread-pool.js';
import { runCheckJob } from './run.js';

serveJobs(runCheckJob);
