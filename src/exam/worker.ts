/**
 * A build worker thread: runs jobs (render-version.ts) sent by the pool and
 * posts back the results, transferring the PDF bytes without copying.
 */
import { runJob } from './render-version.js';
import { serveJobs } from './thread-pool.js';

serveJobs(runJob, (result) => [result.exam.buffer, result.key.buffer] as ArrayBuffer[]);
