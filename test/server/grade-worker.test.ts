/**
 * The grading thread's side of the protocol (server/grade-worker.ts), run in
 * process: `node:worker_threads` is replaced by a port the test holds, the
 * module is imported inside each test, and each job it receives must be
 * answered with its id — the grade as the request thread would compute it, or
 * an error message (an unknown version, a grader that throws) — never by
 * dropping the job, which would leave a student waiting.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manifestToJson } from '../../src/manifest.js';
import { gradeResponse } from '../../src/grading/index.js';
import type { GradeJob, GradeReply } from '../../server/grade-worker.js';
import { answerSets, testManifest } from './fixture.js';

const thread = vi.hoisted(() => ({ port: null as null | (EventEmitter & { postMessage: (m: unknown) => void }), data: undefined as unknown }));
vi.mock('node:worker_threads', () => ({
  get parentPort() {
    return thread.port;
  },
  get workerData() {
    return thread.data;
  },
}));

afterEach(() => {
  thread.port = null;
  vi.resetModules();
});

/** Imports the worker with a fresh port over `manifest`; returns a function sending a job and resolving with the reply. */
async function startWorker(manifestJson: unknown): Promise<(job: GradeJob) => GradeReply> {
  const replies: GradeReply[] = [];
  const port = Object.assign(new EventEmitter(), { postMessage: (m: unknown) => void replies.push(m as GradeReply) });
  thread.port = port;
  thread.data = manifestJson;
  await import('../../server/grade-worker.js');
  return (job) => {
    const before = replies.length;
    port.emit('message', job);
    expect(replies).toHaveLength(before + 1); // exactly one reply, sent at once
    return replies[before] as GradeReply;
  };
}

describe('the grading thread', () => {
  it('answers each job with its id and the grade the request thread would give', async () => {
    const manifest = testManifest();
    const send = await startWorker(manifestToJson(manifest));
    const [v1, v2] = manifest.versions;
    const { key, wrongA1 } = answerSets(v1!);
    const answers = { ...key, 'p1.a1': wrongA1 };
    expect(send({ id: 7, versionId: 'V01', answers })).toEqual({ id: 7, ok: true, result: gradeResponse(v1!.problems, { answers }, manifest.policy) });
    const theirs = answerSets(v2!).key;
    const reply = send({ id: 8, versionId: 'V02', answers: theirs });
    expect(reply).toEqual({ id: 8, ok: true, result: gradeResponse(v2!.problems, { answers: theirs }, manifest.policy) });
    expect(reply.ok && reply.result.score).toBe(reply.ok && reply.result.max);
  });

  it('answers a job for a version it does not hold with an error naming it, and keeps serving', async () => {
    const manifest = testManifest();
    const send = await startWorker(manifestToJson(manifest));
    const reply = send({ id: 3, versionId: 'V99', answers: {} });
    expect(reply.id).toBe(3);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.message).toMatch(/^Error: no version V99 in the grading thread's manifest\n\s+at /);
    expect(send({ id: 4, versionId: 'V01', answers: {} })).toMatchObject({ id: 4, ok: true });
  });

  it('answers a job whose answers make the grader throw with the error, not silence', async () => {
    const send = await startWorker(manifestToJson(testManifest()));
    const reply = send({ id: 5, versionId: 'V01', answers: null as unknown as Record<string, string> });
    expect(reply).toMatchObject({ id: 5, ok: false });
    expect(!reply.ok && reply.message.length).toBeGreaterThan(0);
  });

  it('does nothing when loaded outside a worker thread (no parent port)', async () => {
    thread.port = null;
    await expect(import('../../server/grade-worker.js')).resolves.toBeDefined();
  });

  it('refuses to start on a manifest that does not read', async () => {
    await expect(startWorker({ versions: 'nonsense' })).rejects.toThrow();
  });
});
