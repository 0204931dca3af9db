/**
 * Where the SQLite store's commits run: on a writer thread (writer.ts), so
 * the fsync blocks that thread and not the one answering requests (while one
 * batch syncs, the next is parsed and graded), or in this thread where the
 * compiled writer script is not at hand (the TypeScript sources under
 * vitest). Both commit with the same batchWriter.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { FileIdentity } from './database.js';
import { batchWriter, type Write, type WriteOutcome } from './writes.js';

/** Commits a batch somewhere and calls back with one outcome per write. */
export interface Committer {
  commit(batch: readonly Write[], done: (outcomes: WriteOutcome[]) => void): void;
  close(): Promise<void>;
}

/** Every write of a batch failed the same way (the writer thread is gone). */
function allUnavailable(batch: readonly Write[], detail: string): WriteOutcome[] {
  return batch.map(() => ({ status: 'unavailable', detail }));
}

export function inlineCommitter(db: Database.Database, path: string, opened: FileIdentity | null): Committer {
  const write = batchWriter(db, path, opened);
  return {
    commit: (batch, done) => done(write(batch)),
    close: async () => {},
  };
}

export function threadCommitter(path: string, opened: FileIdentity, script: URL): Committer {
  const worker = new Worker(script, { workerData: { path, opened } });
  const waiting = new Map<number, { batch: readonly Write[]; done: (outcomes: WriteOutcome[]) => void }>();
  let seq = 0;
  let stopped: string | null = null;
  const failAll = (detail: string): void => {
    stopped ??= detail;
    for (const { batch, done } of waiting.values()) done(allUnavailable(batch, detail));
    waiting.clear();
  };
  let closedByWriter: () => void = () => {};
  const writerClosed = new Promise<void>((resolveClosed) => (closedByWriter = resolveClosed));
  worker.on('message', (msg: { seq: number; outcomes: WriteOutcome[] } | { closed: true }) => {
    if ('closed' in msg) {
      closedByWriter();
      return;
    }
    const entry = waiting.get(msg.seq);
    waiting.delete(msg.seq);
    entry?.done(msg.outcomes);
  });
  worker.on('error', (e) => failAll(`the store's writer thread failed: ${e.message}`));
  const exited = new Promise<void>((resolveExit) =>
    worker.on('exit', (code) => {
      failAll(`the store's writer thread stopped (exit code ${code})`);
      resolveExit();
    }),
  );
  return {
    commit(batch, done) {
      if (stopped) {
        done(allUnavailable(batch, stopped));
        return;
      }
      const id = seq++;
      waiting.set(id, { batch, done });
      worker.postMessage({ seq: id, batch });
    },
    async close() {
      if (!stopped) worker.postMessage({ close: true });
      // `closed` comes after every outcome (messages keep their order); exit covers a writer that died.
      await Promise.race([writerClosed, exited]);
      await exited;
    },
  };
}
