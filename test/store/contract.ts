/**
 * The storage contract suite: what every driver of `SubmissionStore` must do,
 * whatever keeps the data. A driver's test file calls `storeContract` with a
 * factory; expected values here are worked out by hand from the contract's
 * words (attempt numbers, limits, which draft wins), never read back from the
 * driver under test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GradeResult } from '../../src/grading/types.js';
import { AttemptLimitError, StoreUnavailableError, type NewSubmission, type StoredSubmission, type SubmissionStore } from '../../src/store/index.js';

export interface StoreFixture {
  /** A new, empty store. */
  open(): SubmissionStore;
  /** Another store on the same database as the last `open()` (backends that outlive a store), or undefined. */
  openAgain?: () => SubmissionStore;
  /** Takes the database away under the running store (file-backed drivers: delete its file), or undefined. */
  destroy?: () => void;
  /** Removes whatever the fixture made. */
  cleanup(): void;
}

function result(score: number, max = 2): GradeResult {
  return { score, max, fields: { 'p1.h1': { status: score > 0 ? 'correct' : 'incorrect', points: score, max, feedback: `scored ${score}` } } };
}

/** A submission of `subject` (student and token derived from it), scoring `score`. */
export function submission(subject: string, score: number, extra: Partial<NewSubmission> = {}): NewSubmission {
  return { subject, student: subject.replace(/^.*:/, ''), token: `tok-${subject}`, versionId: 'V01', answers: { 'p1.h1': `[${score}, 0]` }, result: result(score), ...extra };
}

async function collect(it: AsyncIterable<StoredSubmission>): Promise<StoredSubmission[]> {
  const out: StoredSubmission[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const unlimited = { limit: null };

/**
 * Registers the contract tests for one driver configuration.
 * @example storeContract('sqlite, memory', () => ({ open: () => openStore('sqlite::memory:'), cleanup: () => {} }))
 */
export function storeContract(name: string, makeFixture: () => StoreFixture): void {
  describe(`store contract: ${name}`, () => {
    let fixture: StoreFixture;
    const opened: SubmissionStore[] = [];
    const open = (): SubmissionStore => {
      fixture = makeFixture();
      const s = fixture.open();
      opened.push(s);
      return s;
    };
    const openAgain = (): SubmissionStore | undefined => {
      const s = fixture.openAgain?.();
      if (s) opened.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      fixture.cleanup();
    });

    it('numbers attempts per subject and refuses beyond the limit, also for submissions made at the same time', async () => {
      const store = open();
      // 30 at once: ana ×3 (limit 2: the third refused), ben ×2, then 25 subjects once each.
      const subs = [
        submission('anon:t:ana', 1),
        submission('anon:t:ben', 2),
        submission('anon:t:ana', 0),
        submission('anon:t:ana', 2),
        submission('anon:t:ben', 1),
        ...Array.from({ length: 25 }, (_, i) => submission(`anon:t:s${i}`, 1)),
      ];
      const settled = await Promise.allSettled(subs.map((s) => store.submit(s, { limit: 2 })));
      const attempts = settled.map((r) => (r.status === 'fulfilled' ? r.value.attempt : r.reason instanceof AttemptLimitError ? `limit ${r.reason.limit}` : String(r.reason)));
      expect(attempts).toEqual([1, 1, 2, 'limit 2', 2, ...Array<number>(25).fill(1)]);
      expect(await store.count()).toBe(29);
      // The same typed id under another subject (another version link) has attempts of its own.
      expect((await store.submit(submission('anon:u:ana', 1), { limit: 2 })).attempt).toBe(1);

      const ana = await store.attemptsOf('anon:t:ana');
      expect(ana.map((r) => [r.attempt, r.result.score, r.answers['p1.h1'], r.student, r.token, r.source])).toEqual([
        [1, 1, '[1, 0]', 'ana', 'tok-anon:t:ana', 'online'],
        [2, 0, '[0, 0]', 'ana', 'tok-anon:t:ana', 'online'],
      ]);
      expect(ana.every((r) => ISO.test(r.at))).toBe(true);
      expect(await store.attemptsOf('nobody')).toEqual([]);
      // Without a limit the count goes on; a paper result keeps its source.
      expect((await store.submit(submission('anon:t:ana', 2, { source: 'paper', token: '' }), unlimited)).attempt).toBe(3);
      expect((await store.attemptsOf('anon:t:ana')).map((r) => r.source)).toEqual(['online', 'online', 'paper']);
    });

    it('returns the stored submission as it will be read back', async () => {
      const store = open();
      const sub = submission('student:42', 1.5, { versionId: 'V07', answers: { 'p1.h1': "'); DROP TABLE submissions; --", 'p2.x': 'ü ∑ "q"' } });
      const stored = await store.submit(sub, unlimited);
      expect(stored).toMatchObject({ subject: 'student:42', student: '42', versionId: 'V07', attempt: 1, source: 'online', answers: sub.answers, result: sub.result });
      const [read] = await collect(store.submissions());
      expect(read).toEqual(stored);
    });

    it('fails only the write the backend refuses, never the others committed with it', async () => {
      const store = open();
      // 40 valid submissions and one whose result text is not JSON, all in one turn (one group commit).
      const subs = Array.from({ length: 41 }, (_, i) => (i === 17 ? submission('anon:t:poison', 1, { resultJson: '{"score": 1, broken' }) : submission(`anon:t:v${i % 20}`, 1)));
      const settled = await Promise.allSettled(subs.map((s) => store.submit(s, unlimited)));
      const failed = settled.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
      expect(failed).toEqual([17]);
      const reason = (settled[17] as PromiseRejectedResult).reason as Error;
      expect(reason).not.toBeInstanceOf(AttemptLimitError);
      expect(reason).not.toBeInstanceOf(StoreUnavailableError);
      expect(await store.count()).toBe(40);
      // v0..v19 twice each: attempts 1 and 2; the refused write used up nothing.
      expect((await store.attemptsOf('anon:t:v3')).map((r) => r.attempt)).toEqual([1, 2]);
      expect((await store.submit(submission('anon:t:poison', 1), unlimited)).attempt).toBe(1);
      expect((await store.health()).writable).toBe(true);
    });

    it('keeps one draft per subject, replaced by each save, without using an attempt', async () => {
      const store = open();
      expect(await store.draftOf('student:1')).toBeUndefined();
      const first = await store.saveDraft({ subject: 'student:1', versionId: 'V01', answers: { 'p1.h1': '[1, 2]' } });
      expect(first.at).toMatch(ISO);
      await store.saveDraft({ subject: 'student:1', versionId: 'V02', answers: { 'p1.a1': '3' } });
      await store.saveDraft({ subject: 'student:2', versionId: 'V01', answers: {} });
      const draft = await store.draftOf('student:1');
      expect(draft).toMatchObject({ subject: 'student:1', versionId: 'V02', answers: { 'p1.a1': '3' } });
      expect(draft?.answers['p1.h1']).toBeUndefined();
      expect(await store.count()).toBe(0);
      expect((await store.submit(submission('student:1', 1), { limit: 1 })).attempt).toBe(1);
    });

    it('keeps student state: defaults, patches that keep the rest, and the first open', async () => {
      const store = open();
      expect(await store.studentState('s1')).toEqual({ student: 's1', tokenGeneration: 0, revoked: false, extraSeconds: 0 });
      expect(await store.updateStudent('s1', { revoked: true })).toEqual({ student: 's1', tokenGeneration: 0, revoked: true, extraSeconds: 0 });
      expect(await store.updateStudent('s1', { tokenGeneration: 1, revoked: false })).toEqual({ student: 's1', tokenGeneration: 1, revoked: false, extraSeconds: 0 });
      await store.updateStudent('s1', { extraSeconds: 600 });
      const [a, b] = await Promise.all([store.recordOpen('s1'), store.recordOpen('s1')]);
      expect(a.firstOpenedAt).toMatch(ISO);
      expect(b.firstOpenedAt).toBe(a.firstOpenedAt);
      await new Promise((r) => setTimeout(r, 5));
      const later = await store.recordOpen('s1');
      expect(later).toEqual({ student: 's1', tokenGeneration: 1, revoked: false, extraSeconds: 600, firstOpenedAt: a.firstOpenedAt });
      expect(await store.updateStudent('s1', { extraSeconds: 0 })).toEqual({ ...later, extraSeconds: 0 });
      expect(await store.studentState('s2')).toEqual({ student: 's2', tokenGeneration: 0, revoked: false, extraSeconds: 0 });
    });

    it('reports one activity row per subject that opened, saved or submitted', async () => {
      const store = open();
      const first = await store.submit(submission('anon:t:ana', 1), unlimited);
      const second = await store.submit(submission('anon:t:ana', 2), unlimited);
      const saved = await store.saveDraft({ subject: 'anon:t:bo', versionId: 'V02', answers: {} });
      const opened = await store.recordOpen('7');
      const cy = await store.recordOpen('8');
      const cySaved = await store.saveDraft({ subject: 'student:8', versionId: 'V03', answers: {} });
      const cySubmitted = await store.submit(submission('student:8', 1, { versionId: 'V03' }), unlimited);
      await store.updateStudent('9', { extraSeconds: 60 }); // never opened: no row
      const rows = [...(await store.activity())].sort((x, y) => x.subject.localeCompare(y.subject));
      expect(first.at <= second.at).toBe(true);
      expect(rows).toEqual([
        { subject: 'anon:t:ana', student: 'ana', versionId: 'V01', attempts: 2, lastSubmittedAt: second.at },
        { subject: 'anon:t:bo', student: '', versionId: 'V02', attempts: 0, lastSavedAt: saved.at },
        { subject: 'student:7', student: '7', versionId: '', attempts: 0, firstOpenedAt: opened.firstOpenedAt },
        { subject: 'student:8', student: '8', versionId: 'V03', attempts: 1, firstOpenedAt: cy.firstOpenedAt, lastSavedAt: cySaved.at, lastSubmittedAt: cySubmitted.at },
      ]);
    });

    it('keeps release state in the backend, so two stores on one database agree at once', async () => {
      const a = open();
      expect([...(await a.releasedVersions())]).toEqual([]);
      await a.setReleased(['V02', 'V01'], true);
      await a.setReleased(['V01'], false);
      expect([...(await a.releasedVersions())]).toEqual(['V02']);
      const b = openAgain();
      if (!b) return;
      expect([...(await b.releasedVersions())]).toEqual(['V02']);
      await a.setReleased(['V03'], true);
      expect([...(await b.releasedVersions())].sort()).toEqual(['V02', 'V03']);
      await b.setReleased(['V02', 'V03'], false);
      expect([...(await a.releasedVersions())]).toEqual([]);
      // Attempts are counted in the backend too: a subject's attempts go on across the two stores.
      expect((await a.submit(submission('anon:t:x', 1), { limit: 2 })).attempt).toBe(1);
      expect((await b.submit(submission('anon:t:x', 1), { limit: 2 })).attempt).toBe(2);
      await expect(a.submit(submission('anon:t:x', 1), { limit: 2 })).rejects.toBeInstanceOf(AttemptLimitError);
    });

    it('streams submissions oldest first, across many pages, with filters', async () => {
      const store = open();
      const N = 450;
      // Three waves of concurrent submissions, so the order is the order the store committed them in.
      for (let wave = 0; wave < 3; wave++) {
        await Promise.all(Array.from({ length: N / 3 }, (_, i) => store.submit(submission(`anon:t:s${i % 7}`, 1, { versionId: `V0${(i % 3) + 1}` }), unlimited)));
      }
      const all = await collect(store.submissions());
      expect(all).toHaveLength(N);
      expect(all.every((r, i) => i === 0 || r.id > (all[i - 1] as StoredSubmission).id)).toBe(true);
      // s0 submitted 22 times per wave (i = 0, 7, …, 147): 66 attempts numbered 1..66 in order.
      const s0 = await collect(store.submissions({ subject: 'anon:t:s0' }));
      expect(s0.map((r) => r.attempt)).toEqual(Array.from({ length: 66 }, (_, i) => i + 1));
      const v2 = await collect(store.submissions({ versionId: 'V02' }));
      expect(v2).toHaveLength(150);
      expect(v2.every((r) => r.versionId === 'V02')).toBe(true);
      // i ≡ 1 (mod 3) and i ≡ 0 (mod 7): i = 7, 28, 49, 70, 91, 112, 133 per wave → 7 × 3.
      expect(await collect(store.submissions({ subject: 'anon:t:s0', versionId: 'V02' }))).toHaveLength(21);
      expect(await collect(store.submissions({ versionId: 'V99' }))).toEqual([]);
      // Many rows never hold the event loop: other work gets turns while they stream.
      let turns = 0;
      let streaming = true;
      const tick = (): void => {
        turns++;
        if (streaming) setImmediate(tick);
      };
      setImmediate(tick);
      const before = turns;
      expect(await collect(store.submissions())).toHaveLength(N);
      streaming = false;
      expect(turns - before).toBeGreaterThan(0);
      // Stopping early is allowed (and leaves the store usable).
      let seen = 0;
      for await (const _ of store.submissions()) if (++seen === 3) break;
      expect(await store.count()).toBe(N);
    });

    it('says it cannot write, and refuses writes, once its database is gone', async () => {
      const store = open();
      expect(await store.health()).toEqual({ writable: true });
      const before = await store.submit(submission('anon:t:a', 1), unlimited);
      expect(before.attempt).toBe(1);
      if (!fixture.destroy) return;
      fixture.destroy();
      await expect(store.submit(submission('anon:t:a', 1), unlimited)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.saveDraft({ subject: 'anon:t:a', versionId: 'V01', answers: {} })).rejects.toBeInstanceOf(StoreUnavailableError);
      const health = await store.health();
      expect(health.writable).toBe(false);
      expect(health.detail).toMatch(/deleted|replaced/);
    });

    it('is not writable when its database is gone before the first health check', async () => {
      const store = open();
      if (!fixture.destroy) return;
      fixture.destroy();
      const health = await store.health();
      expect(health.writable).toBe(false);
      expect(typeof health.detail).toBe('string');
    });

    it('writes what is pending on close, then rejects every call', async () => {
      const store = open();
      const pending = Promise.all(Array.from({ length: 10 }, (_, i) => store.submit(submission(`anon:t:c${i}`, 1), unlimited)));
      await store.close();
      expect((await pending).map((r) => r.attempt)).toEqual(Array<number>(10).fill(1));
      await store.close(); // twice is harmless
      await expect(store.submit(submission('anon:t:late', 1), unlimited)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.count()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.saveDraft({ subject: 'x', versionId: 'V01', answers: {} })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(collect(store.submissions())).rejects.toBeInstanceOf(StoreUnavailableError);
      expect((await store.health()).writable).toBe(false);
      const again = openAgain();
      if (!again) return;
      expect(await again.count()).toBe(10);
    });
  });
}
