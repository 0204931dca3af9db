/**
 * Paper sheets imported from the dashboard into a build without a roster
 * (server/dashboard/paper.ts), on a memory store: each sheet is its writer's
 * paper attempt on that version, never limited by the online attempt limit,
 * and rows not graded come back by line.
 */
import { describe, expect, it } from 'vitest';
import { importPaperSheets, paperSubject } from '../../server/dashboard/paper.js';
import { createSite } from '../../server/site.js';
import { memoryStore } from '../support/memory-store.js';
import { coverModuleLoad } from '../support/fixture.js';
import { TEST_SECRET, answerSets, storedSubmissions, testManifest } from './fixture.js';

coverModuleLoad(() => import('../../server/dashboard/paper.js'));

describe('importPaperSheets', () => {
  it('stores each sheet as its writer’s paper attempt on that version, a later import as the next attempt, beyond the online attempt limit', async () => {
    const site = createSite(testManifest({ attempts: { limit: 1, counts: 'last' } }), TEST_SECRET, memoryStore());
    const [v1, v2] = site.manifest.versions;
    const total = (v: typeof v1) => answerSets(v!).key['p2.total'];
    const header = 'student_id,version,p2.total';
    expect(await importPaperSheets(site, `${header}\nana,V01,${total(v1)}\nbo,V02,${total(v2)}\n`)).toEqual({ imported: 2, errors: [] });
    // A second import of ana's sheet (one file takes each student once) is her next paper attempt.
    expect(await importPaperSheets(site, `${header}\nana,V01,0\n`)).toEqual({ imported: 1, errors: [] });
    const stored = await storedSubmissions(site.store);
    expect(stored.map((s) => [s.subject, s.student, s.versionId, s.attempt, s.source, s.token])).toEqual([
      ['paper:V01:ana', 'ana', 'V01', 1, 'paper', ''],
      ['paper:V02:bo', 'bo', 'V02', 1, 'paper', ''],
      ['paper:V01:ana', 'ana', 'V01', 2, 'paper', ''],
    ]);
    expect(stored.map((s) => s.result.fields['p2.total']?.status)).toEqual(['correct', 'correct', 'incorrect']);
  });

  it('names the subject by version and written id, so the same id on two versions is two records', () => {
    expect(paperSubject('V01', 'ana')).toBe('paper:V01:ana');
    expect(paperSubject('V02', 'ana')).not.toBe(paperSubject('V01', 'ana'));
  });

  it('lists the rows it could not grade by line and stores the others', async () => {
    const site = createSite(testManifest(), TEST_SECRET, memoryStore());
    const csv = 'student_id,version,p2.total\ncy,V09,1\nana,V01,3\ndee,V07,2\n';
    const result = await importPaperSheets(site, csv);
    expect(result.imported).toBe(1);
    expect(result.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(result.errors[0]!.message).toBe('version "V09" is not in the manifest (versions: V01, V02): the row is skipped');
  });
});
