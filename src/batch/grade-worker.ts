/**
 * A worker thread that grades chunks of answer sheets (see worker-pool.ts).
 * It reads the manifest once from `workerData` and answers each
 * `{ id, sheets }` message with `{ id, results }` in the same order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { manifestFromJson } from '../manifest.js';
import { gradeSheet } from './grade-sheets.js';
import type { AnswerSheet } from './types.js';

const manifest = manifestFromJson((workerData as { manifest: unknown }).manifest);
const versions = new Map(manifest.versions.map((v) => [v.id, v]));

parentPort?.on('message', (msg: { id: number; sheets: AnswerSheet[] }) => {
  parentPort?.postMessage({ id: msg.id, results: msg.sheets.map((s) => gradeSheet(versions, s, manifest)) });
});
