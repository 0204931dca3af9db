/**
 * The store's writer thread (see store.ts). It owns the only connection that
 * writes submissions, so the fsync each commit waits for (`synchronous =
 * FULL`, milliseconds on this disk) blocks this thread and not the one
 * answering HTTP requests.
 *
 * Protocol: `{ seq, batch }` → `{ seq, outcomes }` after the commit returned
 * (or `{ seq, error }`); `{ close: true }` → commits what is waiting, closes
 * the database, answers `{ closed: true }` (after every earlier reply:
 * messages keep their order) and lets the thread end.
 * Batches that arrive while a commit is syncing are merged into the next
 * transaction: one fsync for all of them (group commit).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchWriter, openDatabase, type SubmissionWrite, type WriteOutcome } from './store-db.js';

type Message = { seq: number; batch: SubmissionWrite[] } | { close: true };

if (!parentPort) throw new Error('store-writer.js runs as a worker thread of the store');
const port = parentPort;
const db = openDatabase((workerData as { path: string }).path);
const write = batchWriter(db);

let waiting: { seq: number; batch: SubmissionWrite[] }[] = [];
let scheduled = false;

function commit(): void {
  scheduled = false;
  const messages = waiting;
  waiting = [];
  if (messages.length === 0) return;
  let outcomes: WriteOutcome[];
  try {
    outcomes = write(messages.flatMap((m) => m.batch));
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    for (const m of messages) port.postMessage({ seq: m.seq, error });
    return;
  }
  let from = 0;
  for (const m of messages) {
    port.postMessage({ seq: m.seq, outcomes: outcomes.slice(from, from + m.batch.length) });
    from += m.batch.length;
  }
}

port.on('message', (msg: Message) => {
  if ('close' in msg) {
    commit();
    db.close();
    port.postMessage({ closed: true });
    port.close();
    return;
  }
  waiting.push(msg);
  if (!scheduled) {
    scheduled = true;
    setImmediate(commit);
  }
});
