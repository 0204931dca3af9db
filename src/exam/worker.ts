/**
 * A build worker thread: runs jobs (render-version.ts) sent by the pool and
 * posts back the results, transferring the PDF bytes without copying.
 */
import { runJob } from './render-version.js';
import { serveJobs } from './thread-pool.js';

// Only buffers a PDF owns whole are moved (a small one may sit in Node's shared pool: that one is copied).
serveJobs(runJob, (result) => [...new Set([result.exam, result.key, ...result.covers].filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength).map((b) => b.buffer as ArrayBuffer))]);
