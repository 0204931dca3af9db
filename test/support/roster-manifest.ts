/** A roster manifest for server tests, planned from the real bank without any PDF. */
import { loadBank } from '../../src/bank/load.js';
import { examRules } from '../../src/bank/rules.js';
import type { ExamRules } from '../../src/bank/rules.js';
import type { Manifest } from '../../src/manifest.js';
import { manifestHeader, planVersion, versionIds } from '../../src/plan/plan.js';
import { signStudentToken } from '../../src/version-token.js';

export const ROSTER_SECRET = 'roster-test-secret-0123456789';

let cached: Manifest['versions'] | undefined;
let bankCache: ReturnType<typeof loadBank> | undefined;

/**
 * `students` roster students on 2 versions (all their problems, or the first `problems`) of question-banks/rnn-midterm.yaml (s01 on V01, s02 on V02, …).
 * @example const manifest = rosterManifest({ students: 3, rules: { kind: 'exam' } })
 */
export function rosterManifest(o: {
  students: number;
  rules?: Partial<ExamRules> & { kind?: 'exam' | 'practice' };
  buildId?: string;
  attempts?: { limit: number; counts: 'last' | 'best' };
  /** Keep only the first n problems of each version: a short paper where the test is about who answers, not what. */
  problems?: number;
}): Manifest {
  const bank = (bankCache ??= loadBank('question-banks/rnn-midterm.yaml'));
  const buildId = o.buildId ?? 'build-test-0001';
  cached ??= versionIds(2).map((id) => planVersion(bank, '2026', id, ROSTER_SECRET, 'unused'));
  const versions = cached.map((v) => ({ ...v, problems: v.problems.slice(0, o.problems ?? v.problems.length), token: planVersion(bank, '2026', v.id, ROSTER_SECRET, buildId).token }));
  const students = Array.from({ length: o.students }, (_, i) => {
    const id = `s${String(i + 1).padStart(2, '0')}`;
    const version = versions[i % 2]!.id;
    return { id, name: `Student ${i + 1}`, version, token: signStudentToken(ROSTER_SECRET, { bank: bank.name, buildId, versionId: version, student: id, generation: 0 }) };
  });
  const { kind = 'exam', ...rest } = o.rules ?? {};
  const rules = { ...examRules({ kind }), ...rest, feedback: { ...examRules({ kind }).feedback, ...(rest.feedback ?? {}) } };
  return { ...manifestHeader(bank, { seed: '2026', versions: 2, baseUrl: 'http://127.0.0.1:3000', buildId }), attempts: o.attempts ?? { limit: 2, counts: 'best' }, rules, versions, students };
}
