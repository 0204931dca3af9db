/**
 * The dashboard's roster rows (server/dashboard/students.ts): each student's
 * version, attempts, score, token generation, revoked flag, extra minutes and
 * time left, by the same rule the exam page applies (src/rules/access.ts).
 * A memory store and a clock the test moves: every expected value is worked
 * from the times below.
 */
import { describe, expect, it } from 'vitest';
import { keyAsResponses } from '../../src/grading/index.js';
import type { Manifest } from '../../src/manifest.js';
import type { ExamRules } from '../../src/bank/rules.js';
import { createRosterSite, type RosterSite } from '../../server/roster.js';
import { submitExam } from '../../server/roster-exam.js';
import { isTimed, studentRows, studentTimeLeft, timeLeftText } from '../../server/dashboard/students.js';
import { memoryStore } from '../support/memory-store.js';
import { ROSTER_SECRET, rosterManifest } from '../support/roster-manifest.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/dashboard/students.js'));

const T0 = Date.parse('2026-03-12T09:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const iso = (minutes: number) => new Date(at(minutes)).toISOString();

function setup(rules: Partial<ExamRules>, students = 3): { site: RosterSite; clock: { t: number }; manifest: Manifest } {
  const clock = { t: T0 };
  const now = () => new Date(clock.t);
  const manifest = rosterManifest({ students, problems: 1, rules });
  return { site: createRosterSite(manifest, ROSTER_SECRET, memoryStore(now), now) as RosterSite, clock, manifest };
}

describe('timeLeftText', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [60, '1 min 0 s'],
    [725, '12 min 5 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h 0 min'],
    [3600 + 59, '1 h 0 min'],
    [2 * 3600 + 125, '2 h 2 min'],
  ])('%i s → %s', (seconds, text) => {
    expect(timeLeftText(seconds)).toBe(text);
  });
});

describe('time left per student', () => {
  it('with a time limit: nothing before the first open, then the limit counted from it, plus extra time, then "time up" after the grace', async () => {
    const { site, clock } = setup({ time_limit: 40 });
    expect(isTimed(site)).toBe(true);
    expect(await studentTimeLeft(site, 's01', 0)).toBe(''); // never opened: no personal deadline yet
    await site.store.recordOpen('s01');
    clock.t = at(10);
    expect(await studentTimeLeft(site, 's01', 0)).toBe('30 min 0 s');
    await site.store.updateStudent('s01', { extraSeconds: 15 * 60 });
    expect(await studentTimeLeft(site, 's01', 0)).toBe('45 min 0 s');
    clock.t = at(55) + 10_000; // the deadline plus the 10 s grace
    expect(await studentTimeLeft(site, 's01', 0)).toBe('time up');
    expect(await studentTimeLeft(site, 'nobody', 0)).toBe('');
  });

  it('with opening and closing times: "not open yet", then time to the close (hours), then "closed"', async () => {
    const { site, clock } = setup({ opens: iso(30), closes: iso(30 + 125) });
    expect(await studentTimeLeft(site, 's02', 0)).toBe('not open yet');
    clock.t = at(30);
    expect(await studentTimeLeft(site, 's02', 0)).toBe('2 h 5 min');
    clock.t = at(155) + 10_000;
    expect(await studentTimeLeft(site, 's02', 0)).toBe('closed');
  });

  it('an exam without an end is not timed', () => {
    expect(isTimed(setup({}).site)).toBe(false);
    expect(isTimed(setup({ closes: iso(60) }).site)).toBe(true);
  });
});

describe('studentRows', () => {
  it('one row per roster student, in roster order, with what the instructor controls and the counted score', async () => {
    const { site, clock, manifest } = setup({ time_limit: 40 });
    const s01 = manifest.students![0]!;
    const key = keyAsResponses(manifest.versions.find((v) => v.id === s01.version)!.problems);
    await site.store.recordOpen('s01');
    await submitExam(site, s01.token, key);
    await site.store.updateStudent('s02', { revoked: true, tokenGeneration: 2, extraSeconds: 90 });
    clock.t = at(5);
    const rows = await studentRows(site);
    const max = rows[0]!.max;
    expect(Number(max)).toBeGreaterThan(0);
    expect(rows.map((r) => [r.id, r.name, r.version, r.onlineAttempts, r.paperResults, r.score, r.revoked, r.generation, r.extraMinutes, r.timeLeft])).toEqual([
      ['s01', 'Student 1', 'V01', '1', '0', max, false, 0, 0, '35 min 0 s'],
      ['s02', 'Student 2', 'V02', '0', '0', '', true, 2, 2, ''],
      ['s03', 'Student 3', 'V01', '0', '0', '', false, 0, 0, ''],
    ]);
    expect(rows[0]!.firstOpened).not.toBe('');
    expect(rows[1]!.firstOpened).toBe('');
  });

  it('an exam without an end leaves the time-left column empty even for a student who opened it', async () => {
    const { site } = setup({}, 1);
    await site.store.recordOpen('s01');
    expect((await studentRows(site)).map((r) => r.timeLeft)).toEqual(['']);
  });
});
