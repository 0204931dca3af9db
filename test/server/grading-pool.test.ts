/**
 * The grading pool of server/grading.ts, in process: a fake thread (an
 * EventEmitter that grades as grade-worker.ts does, fails, or stops when the
 * test says so) stands in for the Worker, so the queue logic that the compiled
 * server runs (lazy start, the thread cap, the queue limit, a stopped thread,
 * shutdown) is visible to mutation testing. Light answers never reach it.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createGrading, GRADING_THREADS, HEAVY_QUEUE_LIMIT, isLightAnswer, LIGHT_ANSWER_CHARS, LIGHT_MAX_DIGITS, LIGHT_MAX_OPERATORS, type GradingThread } from '../../server/grading.js';
import type { GradeJob, GradeReply } from '../../server/grade-worker.js';
import { HttpError } from '../../server/errors.js';
import { gradeResponse } from '../../src/grading/index.js';
import type { GradeResult } from '../../src/grading/types.js';
import { manifestToJson, type Manifest, type ManifestVersion } from '../../src/manifest.js';
import { answerSets, testManifest } from './fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/grading.js'));

const SHUTTING_DOWN = 'the server is shutting down: try again in a moment';
const QUEUE_FULL = 'too many long answers are being graded: try again in a minute';

/** A grading thread the test drives: it records what the pool does to it, and answers only when told (or at once, `auto`). */
class FakeThread extends EventEmitter implements GradingThread {
  /** What the pool did to this thread, in order: `ref`, `unref`, `post <id>`, `terminate`. */
  readonly calls: string[] = [];
  readonly jobs: GradeJob[] = [];
  private answered = 0;

  constructor(
    private readonly manifest: Manifest,
    readonly data: Record<string, unknown>,
    private readonly auto: boolean,
  ) {
    super();
  }
  postMessage(job: GradeJob): void {
    this.calls.push(`post ${job.id}`);
    this.jobs.push(job);
    if (this.auto) setImmediate(() => this.reply());
  }
  ref(): void {
    this.calls.push('ref');
  }
  unref(): void {
    this.calls.push('unref');
  }
  /** A Worker's terminate: it stops, then says so with 'exit'. */
  terminate(): Promise<number> {
    this.calls.push('terminate');
    return new Promise((resolve) => setImmediate(() => resolve(this.stop())));
  }
  /** Grades the oldest job not yet answered, as grade-worker.ts does. */
  reply(): void {
    const job = this.next();
    const version = this.manifest.versions.find((v) => v.id === job.versionId) as ManifestVersion;
    this.emit('message', { id: job.id, ok: true, result: gradeResponse(version.problems, { answers: job.answers }, this.manifest.policy) } satisfies GradeReply);
  }
  /** grade-worker.ts's reply when grading threw. */
  fail(message: string): void {
    this.emit('message', { id: this.next().id, ok: false, message } satisfies GradeReply);
  }
  /** An uncaught exception in the thread: node emits 'error', then 'exit'. */
  crash(e: Error): void {
    this.emit('error', e);
    this.stop();
  }
  stop(): number {
    this.emit('exit', 1);
    return 1;
  }
  private next(): GradeJob {
    const job = this.jobs[this.answered++];
    if (!job) throw new Error('no job to answer');
    return job;
  }
}

function pool(options: { threads?: number; queueLimit?: number; auto?: boolean } = {}) {
  const manifest = testManifest();
  const threads: FakeThread[] = [];
  const grading = createGrading(manifest, {
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.queueLimit !== undefined ? { queueLimit: options.queueLimit } : {}),
    startThread: (json) => {
      const t = new FakeThread(manifest, json, options.auto === true);
      threads.push(t);
      return t;
    },
  });
  const v1 = manifest.versions[0] as ManifestVersion;
  const v2 = manifest.versions[1] as ManifestVersion;
  /** The key of a version with one field written as a power (graded on a thread): `n` picks the field's value. */
  const heavy = (version: ManifestVersion, n = 64) => ({ ...answerSets(version).key, 'p2.recurrent': `(1/3)^${n}` });
  const inline = (version: ManifestVersion, answers: Record<string, string>): GradeResult => gradeResponse(version.problems, { answers }, manifest.policy);
  return { manifest, grading, threads, v1, v2, heavy, inline };
}

const thread = (threads: FakeThread[], i: number): FakeThread => threads[i] as FakeThread;
/** Lets pending replies, exits and promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createGrading with a pool of threads', () => {
  it('grades light answers inline and synchronously, starting no thread', () => {
    const { grading, threads, v1, inline } = pool();
    const key = answerSets(v1).key;
    const result = grading.grade(v1, key);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual(inline(v1, key));
    expect((result as GradeResult).score).toBe((result as GradeResult).max);
    expect(threads).toHaveLength(0);
  });

  it('grades heavy answers inline where no worker file exists and no thread starter is given (vitest)', async () => {
    const manifest = testManifest();
    const v = manifest.versions[0] as ManifestVersion;
    const answers = { ...answerSets(v).key, 'p2.recurrent': '(1/3)^64' };
    const result = createGrading(manifest).grade(v, answers);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual(gradeResponse(v.problems, { answers }, manifest.policy));
    await createGrading(manifest).close();
  });

  it('sends a heavy submission to a thread started on first use with the manifest JSON', async () => {
    const { manifest, grading, threads, v1, heavy, inline } = pool();
    const answers = heavy(v1);
    const pending = grading.grade(v1, answers);
    expect(pending).toBeInstanceOf(Promise);
    expect(threads).toHaveLength(1);
    const t = thread(threads, 0);
    expect(t.data).toEqual(manifestToJson(manifest));
    expect(t.jobs).toEqual([{ id: 0, versionId: 'V01', answers }]);
    // Idle threads do not keep the process alive; a job in flight does, until it is answered.
    expect(t.calls).toEqual(['unref', 'ref', 'post 0']);
    t.reply();
    const result = await pending;
    expect(result).toEqual(inline(v1, answers));
    expect(result.score).toBe(result.max - 1); // (1/3)^64 is not the parameter count
    expect(t.calls).toEqual(['unref', 'ref', 'post 0', 'unref']);
  });

  it('starts at most `threads` threads, queues the rest and gives each to the first thread free', async () => {
    const { manifest, grading, threads, v1, v2, heavy, inline } = pool({ threads: 2 });
    const jobs = [heavy(v1, 2), heavy(v2, 3), heavy(v1, 4), heavy(v2, 5)];
    const versions = [v1, v2, v1, v2];
    const pending = jobs.map((answers, i) => grading.grade(versions[i] as ManifestVersion, answers) as Promise<GradeResult>);
    expect(threads).toHaveLength(2);
    const [t0, t1] = [thread(threads, 0), thread(threads, 1)];
    expect(t1.data).toBe(t0.data); // the manifest's JSON is made once
    expect(t0.jobs.map((j) => j.id)).toEqual([0]);
    expect(t1.jobs).toEqual([{ id: 1, versionId: 'V02', answers: jobs[1] }]);
    t1.reply();
    expect(await pending[1]).toEqual(inline(v2, jobs[1] as Record<string, string>));
    expect(t1.jobs.map((j) => j.id)).toEqual([1, 2]);
    t0.reply();
    expect(await pending[0]).toEqual(inline(v1, jobs[0] as Record<string, string>));
    expect(t0.jobs.map((j) => j.id)).toEqual([0, 3]);
    t0.reply();
    t1.reply();
    expect(await Promise.all(pending)).toEqual(jobs.map((answers, i) => inline(versions[i] as ManifestVersion, answers)));
    expect(threads).toHaveLength(2);
    expect(manifest.versions).toHaveLength(2);
  });

  it('answers a run of jobs in order with the results inline grading gives', async () => {
    const { grading, threads, v1, v2, heavy, inline } = pool({ auto: true });
    const versions = [v1, v2, v2, v1, v2];
    const jobs = versions.map((v, i) => ({ ...heavy(v, i + 1), 'p1.label1': i % 2 === 0 ? 'NOUN' : 'VERB' }));
    const results = await Promise.all(jobs.map((answers, i) => grading.grade(versions[i] as ManifestVersion, answers)));
    expect(results).toEqual(jobs.map((answers, i) => inline(versions[i] as ManifestVersion, answers)));
    expect(new Set(results.map((r) => r.score)).size).toBe(2); // the answers differ, and so do the scores
    expect(threads).toHaveLength(GRADING_THREADS);
    expect(thread(threads, 0).jobs.map((j) => [j.id, j.versionId])).toEqual(versions.map((v, i) => [i, v.id]));
  });

  it.each([
    ['the default', undefined, 1],
    ['0, read as 1', 0, 1],
    ['3', 3, 3],
  ])('starts %s thread(s) at most', (_name, threads, most) => {
    const p = pool(threads === undefined ? {} : { threads });
    for (let i = 0; i < 5; i++) void (p.grading.grade(p.v1, p.heavy(p.v1, i)) as Promise<GradeResult>).catch(() => {});
    expect(p.threads).toHaveLength(most);
    expect(p.threads.map((t) => t.jobs.length)).toEqual(Array.from({ length: most }, () => 1));
  });

  it('refuses a heavy submission with 503 once `queueLimit` wait beyond the ones in flight', async () => {
    const { grading, threads, v1, heavy } = pool({ queueLimit: 2 });
    const accepted = [0, 1, 2].map((i) => grading.grade(v1, heavy(v1, i)) as Promise<GradeResult>);
    expect(() => grading.grade(v1, heavy(v1, 9))).toThrow(new HttpError(503, QUEUE_FULL));
    expect(() => grading.grade(v1, heavy(v1, 9))).toThrow(expect.objectContaining({ status: 503 }) as Error);
    thread(threads, 0).reply();
    await accepted[0];
    // One left the queue for the thread: one more fits.
    const fourth = grading.grade(v1, heavy(v1, 3)) as Promise<GradeResult>;
    expect(() => grading.grade(v1, heavy(v1, 9))).toThrow(QUEUE_FULL);
    for (let i = 0; i < 3; i++) thread(threads, 0).reply();
    expect((await Promise.all([...accepted, fourth])).map((r) => r.score)).toHaveLength(4);
  });

  it(`queues ${HEAVY_QUEUE_LIMIT} submissions by default`, async () => {
    const { grading, threads, v1, heavy } = pool();
    const accepted = Array.from({ length: 1 + HEAVY_QUEUE_LIMIT }, (_, i) => grading.grade(v1, heavy(v1, i)) as Promise<GradeResult>);
    expect(() => grading.grade(v1, heavy(v1, 99))).toThrow(QUEUE_FULL);
    for (let i = 0; i < accepted.length; i++) thread(threads, 0).reply();
    expect(await Promise.all(accepted)).toHaveLength(33);
  });

  it('rejects a job the thread could not grade with its message, and keeps the thread', async () => {
    const { grading, threads, v1, heavy, inline } = pool();
    const bad = grading.grade(v1, heavy(v1));
    const good = grading.grade(v1, heavy(v1, 5)) as Promise<GradeResult>;
    thread(threads, 0).fail('no version V01 in the grading thread');
    await expect(bad).rejects.toThrow(new Error('grading thread: no version V01 in the grading thread'));
    thread(threads, 0).reply();
    expect(await good).toEqual(inline(v1, heavy(v1, 5)));
    expect(threads).toHaveLength(1);
  });

  it('rejects the job in flight when its thread stops, and starts a new thread for the next', async () => {
    const { grading, threads, v1, heavy, inline } = pool();
    const lost = grading.grade(v1, heavy(v1));
    const next = grading.grade(v1, heavy(v1, 7)) as Promise<GradeResult>;
    expect(threads).toHaveLength(1);
    thread(threads, 0).stop();
    await expect(lost).rejects.toThrow(new Error('the grading thread stopped'));
    expect(threads).toHaveLength(2);
    expect(thread(threads, 1).jobs.map((j) => j.id)).toEqual([1]);
    thread(threads, 1).reply();
    expect(await next).toEqual(inline(v1, heavy(v1, 7)));
  });

  it('forgets an idle thread that stopped: no new one until a heavy submission comes', async () => {
    const { grading, threads, v1, heavy, inline } = pool();
    const first = grading.grade(v1, heavy(v1));
    thread(threads, 0).reply();
    await first;
    thread(threads, 0).stop();
    await settle();
    expect(threads).toHaveLength(1);
    const second = grading.grade(v1, heavy(v1, 3)) as Promise<GradeResult>;
    expect(threads).toHaveLength(2);
    expect(thread(threads, 0).jobs).toHaveLength(1);
    thread(threads, 1).reply();
    expect(await second).toEqual(inline(v1, heavy(v1, 3)));
  });

  it("rejects the job in flight with the thread's error, and grades the next on a new thread", async () => {
    const { grading, threads, v1, heavy, inline } = pool();
    const lost = grading.grade(v1, heavy(v1));
    const next = grading.grade(v1, heavy(v1, 4)) as Promise<GradeResult>;
    const error = new Error('out of memory');
    thread(threads, 0).crash(error);
    await expect(lost).rejects.toBe(error);
    expect(threads).toHaveLength(2);
    thread(threads, 1).reply();
    expect(await next).toEqual(inline(v1, heavy(v1, 4)));
  });

  it('on close: refuses the jobs in flight and the waiting ones with 503, stops every thread, and refuses heavy submissions after', async () => {
    const { grading, threads, v1, heavy, inline } = pool({ threads: 2 });
    const done = grading.grade(v1, heavy(v1, 1));
    thread(threads, 0).reply();
    await done;
    const inFlight = [grading.grade(v1, heavy(v1, 2)), grading.grade(v1, heavy(v1, 3))];
    const waiting = [grading.grade(v1, heavy(v1, 4)), grading.grade(v1, heavy(v1, 5))];
    const outcomes = Promise.allSettled([...inFlight, ...waiting]);
    expect(threads).toHaveLength(2);
    await expect(grading.close()).resolves.toBeUndefined();
    expect((await outcomes).map((o) => (o.status === 'rejected' ? [(o.reason as Error).message, (o.reason as { status?: number }).status] : o.status))).toEqual([
      // In flight or waiting, every job cut by the shutdown is told to retry.
      [SHUTTING_DOWN, 503],
      [SHUTTING_DOWN, 503],
      [SHUTTING_DOWN, 503],
      [SHUTTING_DOWN, 503],
    ]);
    expect(threads.map((t) => t.calls.filter((c) => c === 'terminate'))).toEqual([['terminate'], ['terminate']]);
    expect(threads).toHaveLength(2); // no thread started for the queue after close
    expect(() => grading.grade(v1, heavy(v1))).toThrow(new HttpError(503, SHUTTING_DOWN));
    expect(() => grading.grade(v1, heavy(v1))).toThrow(expect.objectContaining({ status: 503 }) as Error);
    const key = answerSets(v1).key;
    expect(grading.grade(v1, key)).toEqual(inline(v1, key)); // light answers need no thread
  });

  it('on close: stops an idle thread', async () => {
    const { grading, threads, v1, heavy } = pool();
    const done = grading.grade(v1, heavy(v1));
    thread(threads, 0).reply();
    await done;
    await grading.close();
    expect(thread(threads, 0).calls).toEqual(['unref', 'ref', 'post 0', 'unref', 'terminate']);
  });
});

describe('isLightAnswer at its limits', () => {
  const sum = (terms: number) => Array.from({ length: terms }, () => '1').join('+');
  it.each([
    ['LIGHT_ANSWER_CHARS characters', '1'.repeat(20) + ' '.repeat(LIGHT_ANSWER_CHARS - 20), true],
    ['one character more', '1'.repeat(20) + ' '.repeat(LIGHT_ANSWER_CHARS - 19), false],
    ['LIGHT_MAX_OPERATORS signs', sum(LIGHT_MAX_OPERATORS + 1), true],
    ['one sign more', sum(LIGHT_MAX_OPERATORS + 2), false],
    ['LIGHT_MAX_DIGITS digits in a row', '9'.repeat(LIGHT_MAX_DIGITS), true],
    ['one digit more', '9'.repeat(LIGHT_MAX_DIGITS + 1), false],
    ['two long runs apart', `${'9'.repeat(LIGHT_MAX_DIGITS)}.${'9'.repeat(LIGHT_MAX_DIGITS)}`, true],
    ['a power of e', 'e^-2', true],
    ['a power of E, spaced', '1/(1+E ^ -2)', true],
    ['a transpose', '[1, 2]^T', true],
    ['a transpose, lower case, spaced', '[1, 2] ^ t', true],
    ['a power', '2^3', false],
    ['a power named T…', '2^Tx', false],
    ['a power of a bracket', '[1, 2]^2', false],
    ['an empty answer', '', true],
  ])('%s → %s', (_name, text, light) => {
    expect(isLightAnswer(text)).toBe(light);
  });
  it.each([
    ['\u2212', 'minus'],
    ['\u00d7', 'times'],
    ['\u00f7', 'division'],
    ['\u00b7', 'middle dot'],
    ['\u22c5', 'dot operator'],
    ['-', 'hyphen'],
    ['*', 'asterisk'],
    ['/', 'slash'],
  ])('counts %s (%s) as an operator', (sign) => {
    const text = (n: number) => Array.from({ length: n + 1 }, () => '2').join(sign);
    expect(isLightAnswer(text(LIGHT_MAX_OPERATORS))).toBe(true);
    expect(isLightAnswer(text(LIGHT_MAX_OPERATORS + 1))).toBe(false);
  });
  it('has the limits the module documents', () => {
    expect([LIGHT_ANSWER_CHARS, LIGHT_MAX_OPERATORS, LIGHT_MAX_DIGITS, HEAVY_QUEUE_LIMIT, GRADING_THREADS]).toEqual([160, 12, 40, 32, 1]);
  });
});
