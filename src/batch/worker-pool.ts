/**
 * Grading on worker threads: each worker loads the manifest once, then grades
 * chunks of sheets; results come back in the order the chunk was sent. Only
 * from compiled code (dist/), where grade-worker.js sits next to this file.
 */
import { Worker } from 'node:worker_threads';
import type { GradeResult } from '../grading/types.js';
import { type Manifest, manifestToJson } from '../manifest.js';
import { type SheetGrader, inThreadGrader } from './grade-sheets.js';
import type { AnswerSheet } from './types.js';

type Results = (GradeResult | { error: string })[];

/** Heap limits per worker (MB). */
export const WORKER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

interface Slot {
  worker: Worker;
  busy: number;
  pending: Map<number, { resolve: (r: Results) => void; reject: (e: Error) => void }>;
}

/**
 * A SheetGrader over `count` graders: `count − 1` worker threads plus this
 * thread, which grades a chunk whenever it is the least busy (it has to read
 * and write anyway, and one isolate fewer saves ~80 MB). Each chunk goes to the least busy.
 * @example const grader = workerGrader(manifest, 2); await gradeAnswerSheets(input, manifest, { grader }); await grader.close?.();
 */
export function workerGrader(manifest: Manifest, count: number): SheetGrader {
  const json = manifestToJson(manifest);
  const local = inThreadGrader(manifest);
  let localBusy = 0;
  let nextId = 0;
  const slots: Slot[] = Array.from({ length: Math.max(1, count - 1) }, () => {
    // A worker holds the manifest and a few chunks; capping its heap keeps V8 from growing it freely (peak memory goal ≤ 300 MB).
    const worker = new Worker(new URL('./grade-worker.js', import.meta.url), { workerData: { manifest: json }, resourceLimits: WORKER_HEAP });
    const slot: Slot = { worker, busy: 0, pending: new Map() };
    slot.worker.on('message', (msg: { id: number; results: Results }) => {
      const p = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      slot.busy--;
      p?.resolve(msg.results);
    });
    const failAll = (e: Error): void => {
      for (const p of slot.pending.values()) p.reject(e);
      slot.pending.clear();
    };
    slot.worker.on('error', failAll);
    slot.worker.on('exit', (code) => failAll(new Error(`a grading worker stopped (exit code ${code})`)));
    return slot;
  });
  return {
    async gradeAll(sheets: readonly AnswerSheet[]): Promise<Results> {
      const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      if (count > 1 && localBusy < slot.busy) {
        localBusy++;
        try {
          return await local.gradeAll(sheets);
        } finally {
          localBusy--;
        }
      }
      const id = nextId++;
      slot.busy++;
      return new Promise<Results>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, sheets });
      });
    },
    async close(): Promise<void> {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
