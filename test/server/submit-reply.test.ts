/** submitAnswers: the reply text is exactly JSON.stringify(reply), with and without a released key. */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createSite, submitAnswers } from '../../server/site.js';
import { answerSets, testManifest, TEST_SECRET } from './fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/site.js'),
  () => import('../../server/validate.js'),
);

describe('submitAnswers', () => {
  it('replies with the text of JSON.stringify(reply), with and without a released key', async () => {
    const manifest = testManifest({ attempts: { limit: 5, counts: 'best' } });
    const store = openStore('sqlite::memory:');
    const site = createSite(manifest, TEST_SECRET, store);
    const version = manifest.versions[0]!;
    const { carried } = answerSets(version);
    const first = await submitAnswers(site, { token: version.token, answers: carried, student: 'ana' });
    expect(first.replyJson).toBe(JSON.stringify(first.reply));
    expect(first.reply.attemptsLeft).toBe(4);
    expect(first.stored.subject).toBe(`anon:${version.token}:ana`);
    await store.setReleased([version.id], true);
    const second = await submitAnswers(site, { token: version.token, answers: {}, student: 'ana' });
    expect(second.reply.key?.['p1.h1']).toBeDefined();
    expect(second.replyJson).toBe(JSON.stringify(second.reply));
    expect(JSON.parse(second.replyJson)).toMatchObject({ score: 0, attempt: 2, attemptsLeft: 3 });
    await store.close();
  });
});
