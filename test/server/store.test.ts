/**
 * The submission store in both of its write modes: on the writer thread (the
 * compiled dist/server/store-writer.js, as `rnnquiz serve` runs it) and in
 * this thread (the TypeScript sources). Same attempts, same refusals, same
 * rows; and the reply text of submitAnswers is JSON.stringify(reply).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GradeResult } from '../../src/grading/types.js';
import { AttemptLimitError, openStore, type NewSubmission, type StoreOptions } from '../../server/store.js';
import { createSite, submitAnswers } from '../../server/site.js';
import { answerSets, tempDir, testManifest, TEST_SECRET } from './fixture.js';

const WRITER = join(process.cwd(), 'dist', 'server', 'store-writer.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function result(score: number): GradeResult {
  return { score, max: 2, fields: { 'p1.h1': { status: score > 0 ? 'correct' : 'incorrect', points: score, max: 2, feedback: 'x' } } };
}
const sub = (student: string, score: number): NewSubmission => ({ token: 'tok', versionId: 'V01', student, answers: { 'p1.h1': `[${score}, 0]` }, result: result(score) });

const modes: [string, StoreOptions][] = [
  ['inline', { writer: 'inline' }],
  ['writer thread', { writer: 'thread', writerScript: pathToFileURL(WRITER) }],
];

describe.each(modes)('store, %s', (mode, options) => {
  it('numbers attempts per student, refuses beyond the limit, and keeps every accepted row across a reopen', async () => {
    if (mode === 'writer thread' && !existsSync(WRITER)) throw new Error(`${WRITER} is missing: run npx tsc -p . first`);
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'a', 'b.db');
    const store = openStore(file, options);
    expect(store.writer).toBe(mode === 'inline' ? 'inline' : 'thread');
    // 30 submissions in one turn (one group commit): ana ×3, ben ×2, then 25 students once each.
    const subs = [sub('ana', 1), sub('ben', 2), sub('ana', 0), sub('ana', 2), sub('ben', 1), ...Array.from({ length: 25 }, (_, i) => sub(`s${i}`, 1))];
    const settled = await Promise.allSettled(subs.map((s) => store.submit(s, 2)));
    const attempts = settled.map((r) => (r.status === 'fulfilled' ? r.value.attempt : r.reason instanceof AttemptLimitError ? `limit ${r.reason.limit}` : 'error'));
    expect(attempts.slice(0, 5)).toEqual([1, 1, 2, 'limit 2', 2]);
    expect(attempts.slice(5).every((a) => a === 1)).toBe(true);
    expect(store.count()).toBe(29);
    await store.close();
    await store.close(); // twice is harmless
    await expect(store.submit(sub('late', 1), null)).rejects.toThrow('closed');

    const again = openStore(file, options);
    const rows = again.all();
    expect(rows).toHaveLength(29);
    expect(rows.filter((r) => r.student === 'ana').map((r) => [r.attempt, r.result.score, r.answers['p1.h1']])).toEqual([
      [1, 1, '[1, 0]'],
      [2, 0, '[0, 0]'],
    ]);
    expect((await again.submit(sub('ana', 2), null)).attempt).toBe(3); // unlimited: the count goes on
    await again.close();
  });

  it('keeps releases in step with the database', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'r.db');
    const store = openStore(file, options);
    store.setReleased(['V02', 'V01'], true);
    store.setReleased(['V01'], false);
    expect([store.isReleased('V01'), store.isReleased('V02')]).toEqual([false, true]);
    await store.close();
    const again = openStore(file, options);
    expect(again.releasedVersions()).toEqual(['V02']);
    expect(again.isReleased('V02')).toBe(true);
    await again.close();
  });
});

describe('submitAnswers', () => {
  it('replies with the text of JSON.stringify(reply), with and without a released key', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const manifest = testManifest({ attempts: { limit: 5, counts: 'best' } });
    const store = openStore(join(dir, 's.db'), { writer: 'inline' });
    const site = createSite(manifest, TEST_SECRET, store);
    const version = manifest.versions[0]!;
    const { carried } = answerSets(version);
    const first = await submitAnswers(site, { token: version.token, answers: carried, student: 'ana' });
    expect(first.replyJson).toBe(JSON.stringify(first.reply));
    expect(first.reply.attemptsLeft).toBe(4);
    store.setReleased([version.id], true);
    const second = await submitAnswers(site, { token: version.token, answers: {}, student: 'ana' });
    expect(second.reply.key?.['p1.h1']).toBeDefined();
    expect(second.replyJson).toBe(JSON.stringify(second.reply));
    expect(JSON.parse(second.replyJson)).toMatchObject({ score: 0, attempt: 2, attemptsLeft: 3 });
    await store.close();
  });
});
