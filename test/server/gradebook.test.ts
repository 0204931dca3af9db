/** countedAttempts over a stream: which attempt counts (last or best), per subject, worked by hand. */
import { describe, expect, it } from 'vitest';
import { type GradebookEntry, countedAttempts, gradebookRows, statistics } from '../../server/gradebook.js';
import type { FieldResult } from '../../src/grading/types.js';
import { sortedGradebook } from '../../server/dashboard/views.js';
import type { Site } from '../../server/site.js';
import type { StoredSubmission } from '../../src/store/index.js';
import { storedSubmission } from '../support/stored-submission.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/gradebook.js'),
  () => import('../../server/dashboard/views.js'),
  () => import('../../server/roster-gradebook.js'),
);

let id = 0;
function row(subject: string, attempt: number, score: number, versionId = 'V01'): StoredSubmission {
  id++;
  const student = subject.split(':').at(-1) as string;
  return storedSubmission({ id, subject, student, attempt, score, max: 4, versionId, status: score === 4 ? 'correct' : 'incorrect', at: `2026-01-01T10:00:0${id % 10}.000Z` });
}

async function* stream(rows: StoredSubmission[]): AsyncIterable<StoredSubmission> {
  for (const r of rows) yield r;
}

// ana: 2, 4, 4, 1 (best: attempt 2, the earlier of the two 4s; last: attempt 4 with 1); bo: 3 once, on V02.
const rows = [row('anon:t:ana', 1, 2), row('anon:t:bo', 1, 3, 'V02'), row('anon:t:ana', 2, 4), row('anon:t:ana', 3, 4), row('anon:t:ana', 4, 1)];

describe('countedAttempts', () => {
  it.each([
    [
      'best',
      [
        ['V01', 'ana', 4, 2, 4],
        ['V02', 'bo', 1, 1, 3],
      ],
    ],
    [
      'last',
      [
        ['V01', 'ana', 4, 4, 1],
        ['V02', 'bo', 1, 1, 3],
      ],
    ],
  ] as const)('counts the %s attempt of each subject', async (rule, expected) => {
    const { entries, submissions } = await countedAttempts(stream(rows), rule);
    expect(submissions).toBe(5);
    expect(entries.map((e) => [e.versionId, e.student, e.attempts, e.counted.attempt, e.counted.result.score])).toEqual(expected);
    expect(entries[0]!.lastAt).toBe(rows[4]!.at);
  });

  it.each([
    // Read out of attempt order (a store need not stream by attempt): cy's attempts 3 (score 4), 4 (score 4), 2 (score 4), 1 (score 2): an earlier but lower attempt comes last.
    // Best: the earliest of the three 4s, attempt 2. Last: attempt 4, found by number, not by the order read.
    ['best', 2],
    ['last', 4],
  ] as const)('%s, whatever order the attempts are read in: counts attempt %i; the latest is attempt 4', async (rule, counted) => {
    const cy = [row('anon:t:cy', 3, 4, 'V09'), row('anon:t:cy', 4, 4, 'V09'), row('anon:t:cy', 2, 4, 'V09'), row('anon:t:cy', 1, 2, 'V09')];
    const dee = row('anon:t:dee', 1, 0, 'V00');
    const abe = row('anon:t:abe', 1, 1, 'V09');
    const { entries } = await countedAttempts(stream([...cy, dee, abe]), rule);
    // Sorted by version, then student.
    expect(entries.map((e) => [e.versionId, e.student])).toEqual([
      ['V00', 'dee'],
      ['V09', 'abe'],
      ['V09', 'cy'],
    ]);
    const entry = entries[2]!;
    expect([entry.attempts, entry.counted.attempt, entry.lastAt]).toEqual([4, counted, cy[1]!.at]);
  });

  it('feeds statistics: the mean percent of the counted attempts', async () => {
    const { entries, submissions } = await countedAttempts(stream(rows), 'best');
    // (4/4 + 3/4) / 2 = 87.5 %; facility of p1.h1 the same.
    expect(statistics(entries, submissions)).toMatchObject({ students: 2, submissions: 5, meanPercent: 87.5, fields: { 'p1.h1': { n: 2, facility: 0.875 } } });
  });
});

describe('sortedGradebook (the dashboard table)', () => {
  /** One counted row per student: scores 9, 10 and 2 out of 12; carl's version has no field p2.x. */
  function sortSite(): Site {
    const sub = (student: string, score: number, versionId: string, fields: string[], second: number): StoredSubmission =>
      storedSubmission({ id: second, student, score, max: 12, versionId, fields, at: `2026-01-01T10:00:0${second}.123Z` });
    const subs = [sub('bo', 9, 'V01', ['p1.h1', 'p2.x'], 1), sub('Ana', 10, 'V01', ['p1.h1', 'p2.x'], 2), sub('carl', 2, 'V02', ['p1.h1'], 3)];
    return { store: { submissions: () => stream(subs) }, attempts: { counts: 'best' } } as unknown as Site;
  }
  const column = async (sortBy: string, direction: 'ascending' | 'descending', at: number) => (await sortedGradebook(sortSite(), sortBy, direction)).rows.map((r) => r[at]);

  it('sorts scores as numbers (10 after 9), both ways', async () => {
    expect(await column('score', 'ascending', 4)).toEqual(['2', '9', '10']);
    expect(await column('score', 'descending', 4)).toEqual(['10', '9', '2']);
  });

  it('sorts students as text, by locale (Ana between nothing and bo, whatever the case)', async () => {
    expect(await column('student', 'ascending', 1)).toEqual(['Ana', 'bo', 'carl']);
    expect(await column('student', 'descending', 1)).toEqual(['carl', 'bo', 'Ana']);
  });

  it('puts empty cells (a field the version does not have) last in either direction', async () => {
    expect(await column('p2.x', 'ascending', 9)).toEqual(['9', '10', '']);
    expect(await column('p2.x', 'descending', 9)).toEqual(['10', '9', '']);
  });

  it('keeps every empty cell after every filled one in either direction, even when the empty ones come first', async () => {
    // Rows come sorted by version, then student: V01 (a, c) lacks p2.x, so its empty cells come before V02's filled ones.
    const subs = [
      storedSubmission({ id: 1, student: 'a', score: 1, max: 12, versionId: 'V01', fields: ['p1.h1'] }),
      storedSubmission({ id: 2, student: 'b', score: 5, max: 12, versionId: 'V02', fields: ['p1.h1', 'p2.x'] }),
      storedSubmission({ id: 3, student: 'c', score: 2, max: 12, versionId: 'V01', fields: ['p1.h1'] }),
      storedSubmission({ id: 4, student: 'd', score: 3, max: 12, versionId: 'V02', fields: ['p1.h1', 'p2.x'] }),
      storedSubmission({ id: 5, student: 'e', score: 7, max: 12, versionId: 'V02', fields: ['p1.h1', 'p2.x'] }),
    ];
    const site = { store: { submissions: () => stream(subs) }, attempts: { counts: 'best' } } as unknown as Site;
    const order = async (direction: 'ascending' | 'descending') => (await sortedGradebook(site, 'p2.x', direction)).rows.map((r) => `${r[1]}:${r[9]}`);
    expect(await order('ascending')).toEqual(['d:3', 'b:5', 'e:7', 'a:', 'c:']);
    expect(await order('descending')).toEqual(['e:7', 'b:5', 'd:3', 'a:', 'c:']);
  });

  it('sorts an unknown column as the first one (version) and says which', async () => {
    const table = await sortedGradebook(sortSite(), 'nonsense', 'descending');
    expect(table.rows.map((r) => r[0])).toEqual(['V02', 'V01', 'V01']);
    expect(table.sortLabel).toBe('version (descending)');
  });

  it('links each heading to its next order, marks the sorted one, and shows times to the second', async () => {
    const table = await sortedGradebook(sortSite(), 'score', 'ascending');
    const score = table.header.find((h) => h.label === 'score')!;
    expect(score).toEqual({ label: 'score', numeric: true, href: '/instructor/gradebook?sort=score&order=descending', sort: 'ascending' });
    expect(table.header.find((h) => h.label === 'student')).toEqual({ label: 'student', numeric: false, href: '/instructor/gradebook?sort=student&order=ascending' });
    expect(table.header.find((h) => h.label === 'p2.x')!.href).toBe('/instructor/gradebook?sort=p2.x&order=ascending');
    expect(table.rows[0]![7]).toBe('2026-01-01 10:00:03');
    expect(table.sortLabel).toBe('score (ascending)');
  });
});

/** A counted attempt with the given fields (status, points of max, mistake); score and max are their sums. */
function entry(versionId: string, student: string, fields: Record<string, [FieldResult['status'], number, number, FieldResult['mistake']?]>): GradebookEntry {
  const results = Object.fromEntries(Object.entries(fields).map(([k, [status, points, max, mistake]]) => [k, { status, points, max, feedback: '', ...(mistake ? { mistake } : {}) }]));
  const score = Object.values(fields).reduce((sum, f) => sum + f[1], 0);
  const max = Object.values(fields).reduce((sum, f) => sum + f[2], 0);
  const counted = { ...storedSubmission({ id: 1, student, score, max, versionId }), result: { score, max, fields: results } };
  return { versionId, student, attempts: 1, counted, lastAt: counted.at };
}

describe('statistics over several fields, questions and versions (worked by hand)', () => {
  // ana 3/6, bo 2/6 on V01; cy 1/3 and dee 0/0 (a field worth nothing) on V02.
  const entries = () => [
    entry('V01', 'ana', { 'p1.h1': ['correct', 2, 2], 'p1.y1': ['incorrect', 0, 2, 'missing-activation'], 'p2.total': ['carried', 1, 2] }),
    entry('V01', 'bo', { 'p1.h1': ['incorrect', 0, 2, 'swapped-UW'], 'p1.y1': ['correct', 2, 2], 'p2.total': ['blank', 0, 2] }),
    entry('V02', 'cy', { 'p1.h1': ['incorrect', 0, 1, 'swapped-UW'], 'p1.y1': ['unreadable', 0, 1], 'p2.total': ['correct', 1, 1] }),
    entry('V02', 'dee', { 'p1.h1': ['correct', 0, 0] }),
  ];

  it('the mean percent counts an attempt worth nothing as 0 %: (1/2 + 1/3 + 1/3 + 0) / 4 = 29.17 %', () => {
    expect(statistics(entries(), 9)).toMatchObject({ students: 4, submissions: 9, meanPercent: 29.17 });
  });

  it('each field: how many answered it, its facility (a field worth nothing as 0), statuses and mistakes counted', () => {
    const zero = { correct: 0, carried: 0, incorrect: 0, unreadable: 0, blank: 0 };
    expect(statistics(entries(), 9).fields).toEqual({
      // (1 + 0 + 0 + 0) / 4
      'p1.h1': { n: 4, facility: 0.25, status: { ...zero, correct: 2, incorrect: 2 }, mistakes: { 'swapped-UW': 2 } },
      // (0 + 1 + 0) / 3
      'p1.y1': { n: 3, facility: 0.3333, status: { ...zero, correct: 1, incorrect: 1, unreadable: 1 }, mistakes: { 'missing-activation': 1 } },
      // (1/2 + 0 + 1) / 3
      'p2.total': { n: 3, facility: 0.5, status: { ...zero, correct: 1, carried: 1, blank: 1 }, mistakes: {} },
    });
  });

  it('each question’s credit per version sums its fields first: p1 is 2/4 for ana and bo, 0/2 for cy, 0 for dee', () => {
    const means = statistics(entries(), 9).versions.map((c) => [c.question, c.versions.map((v) => [v.id, v.n, v.mean])]);
    expect(means).toEqual([
      [
        'p1',
        [
          ['V01', 2, 0.5],
          ['V02', 2, 0],
        ],
      ],
      [
        'p2',
        [
          ['V01', 2, 0.25],
          ['V02', 1, 1],
        ],
      ],
    ]);
  });

  it('has no mean percent and no fields without students', () => {
    expect(statistics([], 0)).toEqual({ students: 0, submissions: 0, meanPercent: null, fields: {}, versions: [] });
  });
});

describe('gradebookRows', () => {
  it('lists each field once in the order first met, leaves a field a version lacks empty, and the percent of an attempt worth nothing empty', () => {
    const rows = gradebookRows([
      entry('V01', 'ana', { 'p1.h1': ['correct', 2, 2], 'p2.total': ['carried', 1, 2] }),
      entry('V02', 'bo', { 'p1.h1': ['incorrect', 0, 1], 'p3.z': ['correct', 1, 1] }),
      entry('V02', 'cy', { 'p1.h1': ['correct', 0, 0] }),
    ]);
    expect(rows).toEqual([
      ['version', 'student', 'attempts', 'counted_attempt', 'score', 'max', 'percent', 'last_submitted', 'p1.h1', 'p2.total', 'p3.z'],
      ['V01', 'ana', '1', '1', '3', '4', '75.0', '2026-01-01T10:00:00.000Z', '2', '1', ''],
      ['V02', 'bo', '1', '1', '1', '2', '50.0', '2026-01-01T10:00:00.000Z', '0', '', '1'],
      ['V02', 'cy', '1', '1', '0', '0', '', '2026-01-01T10:00:00.000Z', '0', '', ''],
    ]);
  });
});
