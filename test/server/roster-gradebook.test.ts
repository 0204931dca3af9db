/**
 * The roster gradebook and the paper import called in process, on a memory
 * store with a stepping clock: every column of a student who did everything
 * (roster details, online and paper counts, the counted attempt, first open,
 * revoked), and import errors from the reader and from the roster merged in
 * line order. roster-admin.test.ts checks the same over HTTP on SQLite.
 */
import { describe, expect, it } from 'vitest';
import { importPaper, rosterGradebook } from '../../server/roster-gradebook.js';
import { createRosterSite, revokeStudent, studentSubject, type RosterSite } from '../../server/roster.js';
import { HttpError } from '../../server/errors.js';
import { keyAsResponses } from '../../src/grading/index.js';
import type { Manifest } from '../../src/manifest.js';
import { memoryStore } from '../support/memory-store.js';
import { ROSTER_SECRET, rosterManifest } from '../support/roster-manifest.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/roster-gradebook.js'));

/** s01 has every roster detail; s02 and s03 only their names. Each store write is one second later. */
function rosterSite(): { site: RosterSite; manifest: Manifest } {
  const base = rosterManifest({ students: 3, attempts: { limit: 3, counts: 'best' } });
  const manifest: Manifest = { ...base, students: base.students!.map((s) => (s.id === 's01' ? { ...s, email: 'ada@uni.example', section: 'B', seat: '12' } : s)) };
  let second = 0;
  const clock = () => new Date(Date.UTC(2026, 0, 5, 9, 0, second++));
  return { site: createRosterSite(manifest, ROSTER_SECRET, memoryStore(clock))!, manifest };
}

const fullMarks = (manifest: Manifest, versionId: string) =>
  manifest.versions.find((v) => v.id === versionId)!.problems.reduce((sum, p) => sum + Object.values(p.points).reduce((a, b) => a + b, 0), 0);

async function submitScore(site: RosterSite, student: string, score: number, source: 'online' | 'paper'): Promise<void> {
  const versionId = site.students.get(student)!.version.id;
  await site.store.submit({ subject: studentSubject(student), student, versionId, token: '', answers: {}, result: { score, max: 20, fields: {} }, source }, { limit: null });
}

describe('rosterGradebook', () => {
  it('fills every column of a student who opened, submitted online and on paper, and was revoked', async () => {
    const { site, manifest } = rosterSite();
    await site.store.recordOpen('s01'); // 09:00:00
    await submitScore(site, 's01', 4, 'online'); // 09:00:01
    await submitScore(site, 's01', 9, 'online'); // 09:00:02, the best
    await submitScore(site, 's01', 7, 'paper'); // 09:00:03
    await revokeStudent(site, 's02');
    const rows = await rosterGradebook(site);
    expect(rows[0]).toEqual(['student', 'name', 'email', 'section', 'seat', 'version', 'online_attempts', 'paper_results', 'score', 'max', 'counted_source', 'counted_at', 'first_opened', 'revoked']);
    const v1 = site.students.get('s01')!.version.id;
    const v2 = site.students.get('s02')!.version.id;
    expect(rows.slice(1)).toEqual([
      ['s01', 'Student 1', 'ada@uni.example', 'B', '12', v1, '2', '1', '9', '20', 'online', '2026-01-05T09:00:02.000Z', '2026-01-05T09:00:00.000Z', ''],
      ['s02', 'Student 2', '', '', '', v2, '0', '0', '', String(fullMarks(manifest, v2)), '', '', '', 'yes'],
      ['s03', 'Student 3', '', '', '', v1, '0', '0', '', String(fullMarks(manifest, v1)), '', '', '', ''],
    ]);
  });
});

describe('importPaper', () => {
  it('stores each sheet of a roster student as a paper result, and lists the other rows by line, reader and roster errors merged', async () => {
    const { site, manifest } = rosterSite();
    const version = site.students.get('s02')!.version;
    const key = keyAsResponses(version.problems);
    const fields = Object.keys(key);
    const row = (id: string, versionId: string) => [id, versionId, ...fields.map((f) => `"${key[f]}"`)].join(',');
    const csv = [['student_id', 'version', ...fields].join(','), row('x99', version.id), row('s02', 'V99'), row('s02', version.id), row('s01', version.id)].join('\n');
    const other = site.students.get('s01')!.version.id;
    expect(other).not.toBe(version.id);
    const result = await importPaper(site, csv);
    expect(result.imported).toBe(1);
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 5]);
    expect(result.errors[0]!.message).toBe('no student "x99" in the roster');
    expect(result.errors[1]!.message).toContain('V99');
    expect(result.errors[2]!.message).toBe(`student s01 wrote version ${other}, not ${version.id}`);
    const stored = await site.store.attemptsOf(studentSubject('s02'));
    expect(stored.map((s) => [s.source, s.student, s.versionId, s.result.score])).toEqual([['paper', 's02', version.id, fullMarks(manifest, version.id)]]);
    expect(await site.store.attemptsOf(studentSubject('x99'))).toEqual([]);
  });

  it('quotes an unknown student id to 64 characters', async () => {
    const { site } = rosterSite();
    const version = site.students.get('s02')!.version;
    const fields = Object.keys(keyAsResponses(version.problems));
    const id = 'z'.repeat(70);
    const result = await importPaper(site, [['student_id', 'version', ...fields].join(','), [id, version.id, ...fields.map(() => '1')].join(',')].join('\n'));
    expect(result.errors).toEqual([{ line: 2, message: `no student "${'z'.repeat(64)}" in the roster` }]);
  });

  it('answers a file it cannot read at all with a 400 naming the problem', async () => {
    const { site } = rosterSite();
    const refusal = await importPaper(site, 'name,score\nada,3').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HttpError);
    expect((refusal as HttpError).status).toBe(400);
    expect((refusal as HttpError).message).toMatch(/student_id/);
  });
});
