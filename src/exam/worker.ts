/**
 * A build worker thread: runs jobs (render-version.ts) sent by the pool and
 * posts back the results, transferring the PDF bytes without copying.
 */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../core/errors.js';
import { runJob, type BuildJob } from './render-version.js';

export interface WorkerRequest {
  id: number;
  job: BuildJob;
}

export type WorkerReply = { id: number; ok: true; result: Awaited<ReturnType<typeof runJob>> } | { id: number; ok: false; message: string; userError: boolean; stack?: string };

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    runJob(req.job).then(
      (result) => {
        // Only buffers a PDF owns whole are moved (a small one may sit in Node's shared pool: that one is copied).
        const owned = [result.exam, result.key, ...result.covers].filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength);
        const transfer = [...new Set(owned.map((b) => b.buffer))];
        port.postMessage({ id: req.id, ok: true, result } satisfies WorkerReply, transfer as ArrayBuffer[]);
      },
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ id: req.id, ok: false, message: err.message, userError: isUserError(e), ...(err.stack ? { stack: err.stack } : {}) } satisfies WorkerReply);
      },
    );
  });
}
