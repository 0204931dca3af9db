/**
 * The dashboard overview's counts (server/dashboard/views.ts overview): per
 * version and in total, who opened, saved and submitted, how many attempts,
 * which versions are released; one row per student, latest activity first,
 * with the time left of a timed roster exam. A memory store and a clock the
 * test moves; the expected counts are worked from the story in each test.
 */
import { describe, expect, it } from 'vitest';
import { keyAsResponses } from '../../src/grading/index.js';
import type { ExamRules } from '../../src/bank/rules.js';
import { createSite } from '../../server/site.js';
import { openExam, saveExam, submitExam } from '../../server/roster-exam.js';
import type { RosterSite } from '../../server/roster.js';
import { overview } from '../../server/dashboard/views.js';
import { memoryStore } from '../support/memory-store.js';
import { ROSTER_SECRET, rosterManifest } from '../support/roster-manifest.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/dashboard/views.js'),
  () => import('../../server/roster-exam.js'),
);

const T0 = Date.parse('2026-03-12T09:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;

function classroom(rules: Partial<ExamRules>) {
  const clock = { t: T0 };
  const now = () => new Date(clock.t);
  const manifest = rosterManifest({ students: 4, problems: 1, rules }); // s01 V01, s02 V02, s03 V01, s04 V02
  const site = createSite(manifest, ROSTER_SECRET, memoryStore(now), { now });
  const token = (i: number) => manifest.students![i]!.token;
  const key = (i: number) => keyAsResponses(manifest.versions.find((v) => v.id === manifest.students![i]!.version)!.problems);
  return { site, roster: site.roster as RosterSite, clock, token, key };
}

describe('overview', () => {
  it('counts per version and in total, lists students latest first, with the time left of a timed exam', async () => {
    const { site, roster, clock, token, key } = classroom({ time_limit: 40 });
    await openExam(roster, token(0)); // s01 (V01) only opens, at 0 min
    clock.t = at(1);
    await openExam(roster, token(1)); // s02 (V02) opens and saves, at 1 min
    await saveExam(roster, token(1), { 'p1.h1': '[1, 2]' });
    clock.t = at(2);
    await openExam(roster, token(2)); // s03 (V01) submits twice, at 2 min (a submission saves a draft too)
    await submitExam(roster, token(2), key(2));
    await submitExam(roster, token(2), key(2));
    await site.store.setReleased(['V02'], true);
    clock.t = at(5);

    const o = await overview(site);
    expect(o.versions).toEqual([
      { id: 'V01', students: 2, opened: 2, saved: 1, submitted: 1, attempts: 2, released: false },
      { id: 'V02', students: 1, opened: 1, saved: 1, submitted: 0, attempts: 0, released: true },
    ]);
    expect(o.totals).toEqual({ students: 3, opened: 3, saved: 2, submitted: 1, attempts: 2 });
    expect(o.timed).toBe(true);
    // Opened at 2, 1 and 0 min with 40 min each; now is 5 min.
    expect(o.students.map((s) => [s.student, s.versionId, s.attempts, s.timeLeft])).toEqual([
      ['s03', 'V01', 2, '37 min 0 s'],
      ['s02', 'V02', 0, '36 min 0 s'],
      ['s01', 'V01', 0, '35 min 0 s'],
    ]);
    expect(o.students.map((s) => [s.opened, s.saved !== '', s.submitted !== ''])).toEqual([
      ['2026-03-12 09:02:00', true, true],
      ['2026-03-12 09:01:00', true, false],
      ['2026-03-12 09:00:00', false, false],
    ]);
  });

  it('an exam without an end shows no time left; equal times are listed by subject', async () => {
    const { site, roster, token } = classroom({});
    await openExam(roster, token(3));
    await openExam(roster, token(0));
    const o = await overview(site);
    expect(o.timed).toBe(false);
    expect(o.students.map((s) => [s.student, s.timeLeft])).toEqual([
      ['s01', ''],
      ['s04', ''],
    ]);
    expect(o.versions.map((v) => [v.id, v.students, v.opened, v.saved, v.submitted])).toEqual([
      ['V01', 1, 1, 0, 0],
      ['V02', 1, 1, 0, 0],
    ]);
  });
});
