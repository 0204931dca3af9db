/**
 * The store's writer thread (see committer.ts). It owns the connection that
 * writes, so the fsync each commit waits for (`synchronous = FULL`,
 * milliseconds on this disk) blocks this thread and not the one answering
 * HTTP requests.
 *
 * Protocol: `{ seq, batch }` → `{ seq, outcomes }` after the commit returned;
 * `{ close: true }` → commits what is waiting, closes the database, answers
 * `{ closed: true }` (after every earlier reply: messages keep their order)
 * and lets the thread end.
 * Batches that arrive while a commit is syncing are merged into the next
 * transaction: one fsync for all of them (group commit).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type FileIdentity } from './database.js';
import { batchWriter, type Write } from './writes.js';

type Message = { seq: number; batch: Write[] } | { close: true };

if (!parentPort) throw new Error('writer.js runs as a worker thread of the SQLite store');
const port = parentPort;
const { path, opened } = workerData as { path: string; opened: FileIdentity };
const db = openDatabase(path);
const write = batchWriter(db, path, opened);

let waiting: { seq: number; batch: Write[] }[] = [];
let scheduled = false;

function commit(): void {
  scheduled = false;
  const messages = waiting;
  waiting = [];
  if (messages.length === 0) return;
  const outcomes = write(messages.flatMap((m) => m.batch));
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
