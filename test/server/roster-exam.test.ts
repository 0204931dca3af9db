/**
 * A roster student's exam against the storage contract (an in-memory store, a
 * clock the test moves): nobody reaches another student's answers or
 * attempts; another build's, a revoked or a replaced token is a bare 404;
 * `feedback: none` keeps correctness out of every reply until release; time
 * limits, closing and unreadable answers behave.
 */
import { describe, expect, it } from 'vitest';
import { keyAsResponses } from '../../src/grading/index.js';
import type { Manifest } from '../../src/manifest.js';
import { createRosterSite, reissueStudent, revokeStudent, seatOf, type RosterSite } from '../../server/roster.js';
import { countedAttempt, openExam, printedKey, saveExam, submitExam } from '../../server/roster-exam.js';
import type { StoredSubmission } from '../../src/store/index.js';
import { DEADLINE_GRACE_SECONDS } from '../../src/rules/access.js';
import { memoryStore } from '../support/memory-store.js';
import { ROSTER_SECRET, rosterManifest } from '../support/roster-manifest.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/roster-exam.js'),
  () => import('../../server/roster.js'),
);

const T0 = Date.parse('2026-03-12T09:00:00Z');

function setup(manifest: Manifest): { site: RosterSite; clock: { t: number }; token: (i: number) => string } {
  const clock = { t: T0 };
  const now = () => new Date(clock.t);
  const site = createRosterSite(manifest, ROSTER_SECRET, memoryStore(now), now) as RosterSite;
  return { site, clock, token: (i) => manifest.students![i]!.token };
}

interface Outcome {
  status: number;
  message: string;
  formatErrors?: Record<string, string> | undefined;
}
const refusal = async (p: Promise<unknown>): Promise<Outcome> =>
  p.then(
    () => ({ status: 200, message: '' }),
    (e: { status?: number; message: string; formatErrors?: Record<string, string> }) => ({ status: e.status ?? 500, message: e.message, formatErrors: e.formatErrors }),
  );
const keyOf = (manifest: Manifest, i: number) => keyAsResponses(manifest.versions.find((v) => v.id === manifest.students![i]!.version)!.problems);

describe('one exam per roster student', () => {
  it('keeps every student to their own answers and attempts, whatever they send', async () => {
    const manifest = rosterManifest({ students: 3 });
    const { site, token } = setup(manifest);
    await saveExam(site, token(1), { 'p1.h1': '[1, 2]' });
    // Student 0 uses up every attempt and saves; a `student` member in the body is not even read.
    await submitExam(site, token(0), keyOf(manifest, 0));
    await submitExam(site, token(0), { 'p1.h1': '[9, 9]' });
    expect((await refusal(submitExam(site, token(0), {}))).status).toBe(409);
    expect((await refusal(saveExam(site, token(0), { student: 's02' }))).status).toBe(400); // `student` is no answer field
    expect((await refusal(saveExam(site, token(0), { 'p1.h1': '[1, 2]' }))).status).toBe(403); // no attempts left: closed for them
    const other = await openExam(site, token(1));
    expect(other.attempts).toEqual([]);
    expect(other.access.attemptsLeft).toBe(2);
    expect(other.answers).toEqual({ 'p1.h1': '[1, 2]' });
    expect((await openExam(site, token(0))).attempts.map((a) => [a.subject, a.student])).toEqual([
      ['student:s01', 's01'],
      ['student:s01', 's01'],
    ]);
    // A token names exactly one student: another's id with this token's tag is forged.
    const [, gen, tag] = token(0).split('.');
    const forged = `${Buffer.from('s02').toString('base64url')}.${gen}.${tag}`;
    expect((await refusal(openExam(site, forged))).status).toBe(404);
  });

  it('answers a token of another build of the same bank, a version token and a forged one with the same 404', async () => {
    const a = setup(rosterManifest({ students: 2, buildId: 'build-aaaa' }));
    const b = rosterManifest({ students: 2, buildId: 'build-bbbb' });
    for (const t of [b.students![0]!.token, b.versions[0]!.token, rosterManifest({ students: 2, buildId: 'build-aaaa' }).versions[0]!.token, 'czAx.0.AAAAAAAAAAAAAAAA', '']) {
      expect(await refusal(openExam(a.site, t))).toEqual({ status: 404, message: 'not found', formatErrors: undefined });
      expect((await refusal(submitExam(a.site, t, {}))).status).toBe(404);
    }
  });

  it("revokes and re-issues: a revoked or replaced token is the same 404, the new one keeps the student's attempts", async () => {
    const manifest = rosterManifest({ students: 2 });
    const { site, token } = setup(manifest);
    await submitExam(site, token(0), {});
    await revokeStudent(site, 's01');
    expect(await refusal(openExam(site, token(0)))).toEqual({ status: 404, message: 'not found', formatErrors: undefined });
    const { token: fresh, generation } = await reissueStudent(site, 's01');
    expect(generation).toBe(1);
    expect(fresh).not.toBe(token(0));
    expect((await refusal(seatOf(site, token(0)))).status).toBe(404);
    const state = await openExam(site, fresh);
    expect(state.attempts).toHaveLength(1);
    expect(state.access.attemptsLeft).toBe(1);
    await expect(openExam(site, token(1))).resolves.toBeDefined(); // others unaffected
  });

  it('with feedback none, says nothing about correctness before release, and everything after', async () => {
    const manifest = rosterManifest({ students: 2, rules: { kind: 'exam', closes: '2026-03-12T10:00:00Z' } });
    const { site, clock, token } = setup(manifest);
    const right = await submitExam(site, token(0), keyOf(manifest, 0));
    const wrong = await submitExam(site, token(1), { 'p1.h1': '[123, 456]' });
    for (const reply of [right, wrong]) expect(Object.keys(reply).sort()).toEqual(['attempt', 'attemptsLeft']);
    const open = await openExam(site, token(0));
    expect(Object.keys(open.counted ?? {})).toEqual(['attempt']);
    expect(open.key).toBeUndefined();
    clock.t = Date.parse('2026-03-12T11:00:00Z'); // closed, not released
    const closed = await openExam(site, token(0));
    expect(closed.access.phase).toBe('closed');
    expect(Object.keys(closed.counted ?? {})).toEqual(['attempt']);
    await site.store.setReleased([manifest.students![0]!.version], true);
    const released = await openExam(site, token(0));
    expect(released.counted?.score).toBe(released.counted?.max);
    // The key as the key PDF prints it: the same fields, numbers to at most 4 decimals (never 0.7615941559557649).
    expect(Object.keys(released.key ?? {})).toEqual(Object.keys(keyOf(manifest, 0)));
    const values = Object.values(released.key ?? {});
    expect(values.some((v) => /\d\.\d{4}\b/.test(v))).toBe(true); // the bank has non-integer answers
    expect(Object.values(keyOf(manifest, 0)).some((v) => /\d\.\d{5,}/.test(v))).toBe(true); // which the grader's key holds at full precision
    for (const v of values) expect(v, v).not.toMatch(/\d\.\d{5,}/);
  });

  it('shows the total only with feedback score, and right or wrong per field without messages with fields', async () => {
    const score = setup(rosterManifest({ students: 1, rules: { kind: 'exam', feedback: { open: 'score', closed: 'score', released: 'full' } } }));
    expect(Object.keys(await submitExam(score.site, score.token(0), { 'p1.h1': '[1, 1]' })).sort()).toEqual(['attempt', 'attemptsLeft', 'max', 'score']);
    const fields = setup(rosterManifest({ students: 1, rules: { kind: 'exam', feedback: { open: 'fields', closed: 'fields', released: 'full' } } }));
    const reply = await submitExam(fields.site, fields.token(0), { 'p1.h1': '[1, 1]' });
    expect(Object.keys(reply.fields?.['p1.h1'] ?? {}).sort()).toEqual(['max', 'points', 'status']);
    expect(reply.fields?.['p1.h1']?.status).toBe('incorrect');
  });

  it('counts the time limit from the first open, refuses saves and submissions over time, and closes at closes', async () => {
    const manifest = rosterManifest({ students: 2, rules: { kind: 'exam', opens: '2026-03-12T09:00:00Z', closes: '2026-03-12T12:00:00Z', time_limit: 30 } });
    const { site, clock, token } = setup(manifest);
    clock.t = T0 - 60_000;
    const early = await openExam(site, token(0));
    expect(early.access.phase).toBe('not-open');
    expect((await refusal(saveExam(site, token(0), {}))).status).toBe(403);
    clock.t = T0 + 10 * 60_000; // opened at 09:10: the 30 minutes run to 09:40
    const first = await openExam(site, token(0));
    expect(first.access).toMatchObject({ phase: 'open', deadline: '2026-03-12T09:40:00.000Z', secondsLeft: 1800 });
    clock.t = T0 + 40 * 60_000 + DEADLINE_GRACE_SECONDS * 1000 - 1; // within the grace
    await expect(saveExam(site, token(0), { 'p1.h1': '[1, 1]' })).resolves.toMatchObject({ saved: true });
    clock.t += 2;
    expect(await refusal(submitExam(site, token(0), { 'p1.h1': '[1, 1]' }))).toMatchObject({ status: 403, message: 'Your time is up.' });
    expect((await openExam(site, token(0))).access.phase).toBe('time-up');
    // Another student opening later has their own 30 minutes.
    expect((await openExam(site, token(1))).access.secondsLeft).toBe(1800);
    await site.store.updateStudent('s01', { extraSeconds: 600 }); // extra time given by the instructor
    expect((await openExam(site, token(0))).access.phase).toBe('open');
    clock.t = Date.parse('2026-03-12T12:30:00Z');
    expect(await refusal(submitExam(site, token(1), {}))).toMatchObject({ status: 403, message: 'The exam is closed.' });
  });

  it('refuses a submission with an unreadable answer with its format error, keeps the answers and uses no attempt', async () => {
    const manifest = rosterManifest({ students: 1 });
    const { site, token } = setup(manifest);
    const answers = { 'p1.h1': '[4, 0, 1]', 'p1.h2': '[1, 2]' };
    const r = await refusal(submitExam(site, token(0), answers));
    expect(r.status).toBe(422);
    expect(r.formatErrors).toEqual({ 'p1.h1': 'expected a vector of 2 numbers, got 3 numbers' });
    const state = await openExam(site, token(0));
    expect(state.attempts).toHaveLength(0);
    expect(state.answers).toEqual(answers);
    expect((await saveExam(site, token(0), answers)).formatErrors).toEqual({ 'p1.h1': 'expected a vector of 2 numbers, got 3 numbers' });
  });
});

describe('the server clock', () => {
  it('is the real one unless both the test flag and the clock file are set', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { serverClock } = await import('../../server/serve.js');
    const file = join(mkdtempSync(join(tmpdir(), 'rnnquiz-clock-')), 'now');
    writeFileSync(file, '2030-01-02T03:04:05Z\n');
    const real = (env: NodeJS.ProcessEnv) => Math.abs(serverClock(env)().getTime() - Date.now()) < 60_000;
    expect(real({ RNNQUIZ_TEST_CLOCK_FILE: file })).toBe(true); // the file alone does nothing
    expect(real({ RNNQUIZ_TEST_CLOCK: '1' })).toBe(true);
    expect(real({ RNNQUIZ_TEST_CLOCK: 'yes', RNNQUIZ_TEST_CLOCK_FILE: file })).toBe(true);
    const test = serverClock({ RNNQUIZ_TEST_CLOCK: '1', RNNQUIZ_TEST_CLOCK_FILE: file });
    expect(test().toISOString()).toBe('2030-01-02T03:04:05.000Z');
    writeFileSync(file, '2030-01-02T05:00:00Z');
    expect(test().toISOString()).toBe('2030-01-02T05:00:00.000Z'); // read at every call
  });
});

describe('the reply to a submission', () => {
  it('numbers the attempt and says how many are left (never fewer than none), or null when attempts are unlimited', async () => {
    const limited = rosterManifest({ students: 1, problems: 1, attempts: { limit: 3, counts: 'best' }, rules: { kind: 'practice' } });
    const { site, token } = setup(limited);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await submitExam(site, token(0), {}));
    expect(replies.map((r) => [r.attempt, r.attemptsLeft])).toEqual([
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    const { attempts: _bank, ...unlimited } = limited;
    const free = setup(unlimited);
    expect(await submitExam(free.site, free.token(0), {})).toMatchObject({ attempt: 1, attemptsLeft: null });
    expect(await submitExam(free.site, free.token(0), {})).toMatchObject({ attempt: 2, attemptsLeft: null });
  });

  it('carries the printed key once the version is released, and only where the feedback is full', async () => {
    const manifest = rosterManifest({ students: 1, problems: 1, attempts: { limit: 5, counts: 'last' }, rules: { kind: 'practice' } });
    const full = setup(manifest);
    const version = full.site.students.get('s01')!.version;
    expect((await submitExam(full.site, full.token(0), {})).key).toBeUndefined();
    await full.site.store.setReleased([version.id], true);
    const reply = await submitExam(full.site, full.token(0), {});
    expect(reply.key).toEqual(printedKey(version));
    const scoreOnly = setup(rosterManifest({ students: 1, problems: 1, rules: { kind: 'practice', feedback: { open: 'score', closed: 'score', released: 'score' } } }));
    await scoreOnly.site.store.setReleased([version.id], true);
    expect(Object.keys(await submitExam(scoreOnly.site, scoreOnly.token(0), {})).sort()).toEqual(['attempt', 'attemptsLeft', 'max', 'score']);
  });
});

describe('attempts that race and the attempt that counts', () => {
  it('two submissions sent at once with one attempt left: one is stored, the other is told all attempts are used (409)', async () => {
    const manifest = rosterManifest({ students: 1, problems: 1, attempts: { limit: 1, counts: 'last' } });
    const { site, token } = setup(manifest);
    // Both pass the rules check before either is stored; the store's own limit settles it.
    const outcomes = await Promise.all([refusal(submitExam(site, token(0), keyOf(manifest, 0))), refusal(submitExam(site, token(0), keyOf(manifest, 0)))]);
    expect(outcomes.map((o) => o.status).sort()).toEqual([200, 409]);
    expect(outcomes.find((o) => o.status === 409)!.message).toBe('You have used all your attempts.');
    expect((await openExam(site, token(0))).attempts).toHaveLength(1);
  });

  it.each([
    ['last', [3, 5, 1], 3],
    ['best', [3, 5, 1], 2],
    ['best', [5, 2, 5], 1], // the earliest of equal scores
    ['last', [], undefined],
    ['best', [], undefined],
  ] as const)('counts the %s attempt of scores %j: attempt %s', (counts, scores, expected) => {
    const attempts = scores.map((score, i) => ({ attempt: i + 1, result: { score, max: 5, fields: {} } }) as unknown as StoredSubmission);
    expect(countedAttempt(attempts, counts)?.attempt).toBe(expected);
  });
});
