/**
 * The classroom load through the real server (a child `rnnquiz serve`, rate
 * limit on, every request from 127.0.0.1): 300 students each save 5 times and
 * submit once within a minute; every reply is 2xx and every submission and
 * last draft is stored. Timings are the benchmark's (bench/classroom.bench.ts).
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLASSROOM, runClassroom, type ClassroomResult } from '../../bench/classroom.js';
import { openStore } from '../../src/store/index.js';
import { keyAsResponses } from '../../src/grading/index.js';
import { MAIN } from './fixture.js';

describe('300 students behind one address', () => {
  let r: ClassroomResult | undefined;
  afterAll(() => {
    if (r) rmSync(r.dir, { recursive: true, force: true });
  });

  it('all save 5 times and submit once within a minute: every reply 2xx, everything stored', async () => {
    r = await runClassroom(MAIN, CLASSROOM);
    expect([...r.statuses]).toEqual([[200, 300 * 6]]);
    expect(r.wallMs).toBeLessThan(60_000);
    const store = openStore(r.dbPath, { create: false });
    try {
      expect(await store.count()).toBe(300);
      for (const st of r.manifest.students ?? []) {
        const subject = `student:${st.id}`;
        const attempts = await store.attemptsOf(subject);
        const key = keyAsResponses(r.manifest.versions.find((v) => v.id === st.version)!.problems);
        expect(attempts.map((a) => [a.student, a.attempt, a.result.score === a.result.max])).toEqual([[st.id, 1, true]]);
        expect((await store.draftOf(subject))?.answers).toEqual(key);
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});
