/**
 * The roster's gradebook: one row per roster student, in roster order, also
 * for those who never opened the exam (SPEC §7.1); online attempts and paper
 * results (imported from answer sheets, `source: 'paper'`) land under the same
 * student, and the bank's rule (last or best) picks the one that counts.
 */
import { gradeAnswerSheets } from '../src/batch/grade-sheets.js';
import { UsageError } from '../src/core/errors.js';
import { HttpError } from './errors.js';
import { countedAttempt } from './roster-exam.js';
import { studentSubject, type RosterSite } from './roster.js';

export const ROSTER_GRADEBOOK_COLUMNS = [
  'student',
  'name',
  'email',
  'section',
  'seat',
  'version',
  'online_attempts',
  'paper_results',
  'score',
  'max',
  'counted_source',
  'counted_at',
  'first_opened',
  'revoked',
] as const;

/**
 * @example const rows = await rosterGradebook(roster) // [['s1042', 'Ada Lovelace', …], …] (header first)
 */
export async function rosterGradebook(site: RosterSite): Promise<string[][]> {
  const rows: string[][] = [[...ROSTER_GRADEBOOK_COLUMNS]];
  for (const { student: s, version } of site.students.values()) {
    const [attempts, state] = await Promise.all([site.store.attemptsOf(studentSubject(s.id)), site.store.studentState(s.id)]);
    const counted = countedAttempt(attempts, site.attempts.counts);
    const max = version.problems.reduce((sum, p) => sum + Object.values(p.points).reduce((a, b) => a + b, 0), 0);
    rows.push([
      s.id,
      s.name,
      s.email ?? '',
      s.section ?? '',
      s.seat ?? '',
      s.version,
      String(attempts.filter((a) => a.source === 'online').length),
      String(attempts.filter((a) => a.source === 'paper').length),
      counted ? String(counted.result.score) : '',
      String(counted?.result.max ?? max),
      counted?.source ?? '',
      counted?.at ?? '',
      state.firstOpenedAt ?? '',
      state.revoked ? 'yes' : '',
    ]);
  }
  return rows;
}

export interface PaperImport {
  imported: number;
  /** Rows not imported, with their line: unreadable rows, unknown students, a version the student was not given. */
  errors: { line: number; message: string }[];
}

/**
 * Grades answer sheets (the CSV `rnnquiz grade` reads) against the manifest's
 * key and stores each as a paper result of its roster student.
 * @example await importPaper(roster, csvText) // { imported: 28, errors: [{ line: 7, message: 'no student "x9" in the roster' }] }
 */
export async function importPaper(site: RosterSite, csv: string): Promise<PaperImport> {
  let outcome;
  try {
    outcome = await gradeAnswerSheets(csv, site.manifest);
  } catch (e) {
    if (e instanceof UsageError) throw new HttpError(400, e.message);
    throw e;
  }
  const errors = outcome.errors.map((e) => ({ line: e.line, message: e.message }));
  let imported = 0;
  for (const sheet of outcome.sheets) {
    const entry = site.students.get(sheet.studentId);
    if (!entry) {
      errors.push({ line: sheet.line, message: `no student ${JSON.stringify(sheet.studentId.slice(0, 64))} in the roster` });
      continue;
    }
    if (entry.student.version !== sheet.version) {
      errors.push({ line: sheet.line, message: `student ${sheet.studentId} wrote version ${entry.student.version}, not ${sheet.version}` });
      continue;
    }
    // Paper results are not limited by the online attempts (limit null): the instructor is importing a fact.
    await site.store.submit(
      { subject: studentSubject(sheet.studentId), student: sheet.studentId, versionId: sheet.version, token: '', answers: {}, result: sheet.result, source: 'paper' },
      { limit: null },
    );
    imported++;
  }
  return { imported, errors: errors.sort((a, b) => a.line - b.line) };
}
