/**
 * The grading thread (server/grading.ts): holds the manifest it was started
 * with and grades the submissions the request thread sends it, one at a time,
 * so a long one never holds up health checks or other students.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { manifestFromJson } from '../src/manifest.js';
import { gradeResponse } from '../src/grading/index.js';
import type { GradeResult } from '../src/grading/types.js';

export interface GradeJob {
  id: number;
  versionId: string;
  answers: Record<string, string>;
}

export type GradeReply = { id: number; ok: true; result: GradeResult } | { id: number; ok: false; message: string };

const port = parentPort;
if (port) {
  const manifest = manifestFromJson(workerData as unknown);
  const versions = new Map(manifest.versions.map((v) => [v.id, v]));
  port.on('message', (job: GradeJob) => {
    try {
      const version = versions.get(job.versionId);
      if (!version) throw new Error(`no version ${job.versionId} in the grading thread's manifest`);
      port.postMessage({ id: job.id, ok: true, result: gradeResponse(version.problems, { answers: job.answers }, manifest.policy) } satisfies GradeReply);
    } catch (e) {
      port.postMessage({ id: job.id, ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies GradeReply);
    }
  });
}
