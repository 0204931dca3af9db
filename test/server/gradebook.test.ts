/** countedAttempts over a stream: which attempt counts (last or best), per subject, worked by hand. */
import { describe, expect, it } from 'vitest';
import { countedAttempts, statistics } from '../../server/gradebook.js';
import type { StoredSubmission } from '../../src/store/index.js';

let id = 0;
function row(subject: string, attempt: number, score: number, versionId = 'V01'): StoredSubmission {
  id++;
  return {
    id,
    subject,
    student: subject.split(':').at(-1) as string,
    token: 't',
    versionId,
    attempt,
    source: 'online',
    answers: {},
    result: { score, max: 4, fields: { 'p1.h1': { status: score === 4 ? 'correct' : 'incorrect', points: score, max: 4, feedback: '' } } },
    at: `2026-01-01T10:00:0${id % 10}.000Z`,
  };
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

  it('feeds statistics: the mean percent of the counted attempts', async () => {
    const { entries, submissions } = await countedAttempts(stream(rows), 'best');
    // (4/4 + 3/4) / 2 = 87.5 %; facility of p1.h1 the same.
    expect(statistics(entries, submissions)).toMatchObject({ students: 2, submissions: 5, meanPercent: 87.5, fields: { 'p1.h1': { n: 2, facility: 0.875 } } });
  });
});
