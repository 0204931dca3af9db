/**
 * A stored submission for tests of code that reads the store (gradebook,
 * statistics): an online attempt on token `t`, every named field marked
 * `status` (default correct) with the row's score as its points.
 * @example storedSubmission({ id: 1, student: 'ana', score: 3, max: 4 })
 */
import type { StoredSubmission } from '../../src/store/index.js';

export function storedSubmission(o: {
  id: number;
  student: string;
  score: number;
  max: number;
  versionId?: string;
  attempt?: number;
  subject?: string;
  fields?: readonly string[];
  status?: 'correct' | 'incorrect';
  at?: string;
}): StoredSubmission {
  return {
    id: o.id,
    subject: o.subject ?? `anon:t:${o.student}`,
    student: o.student,
    token: 't',
    versionId: o.versionId ?? 'V01',
    attempt: o.attempt ?? 1,
    source: 'online',
    answers: {},
    result: { score: o.score, max: o.max, fields: Object.fromEntries((o.fields ?? ['p1.h1']).map((f) => [f, { status: o.status ?? 'correct', points: o.score, max: o.max, feedback: '' }])) },
    at: o.at ?? '2026-01-01T10:00:00.000Z',
  };
}
