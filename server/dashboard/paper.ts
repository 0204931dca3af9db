/**
 * Paper results from the dashboard: answer sheets graded against the key (the
 * same grading as `POST /api/instructor/batch`) and stored as `source: 'paper'`
 * submissions, so the gradebook and item analysis count them beside the online ones.
 */
import { gradeSheetsCsv, MAX_REPLY_ERRORS } from '../routes/instructor.js';
import type { Site } from '../site.js';

export interface PaperImport {
  imported: number;
  /** Rows not graded, with their line in the file. */
  errors: { line: number; message: string }[];
}

/**
 * The subject of a paper sheet in a build without a roster: the version and
 * the id written on the sheet (a second import of the same sheet is the
 * student's next paper attempt, counted as the bank says).
 */
export function paperSubject(versionId: string, studentId: string): string {
  return `paper:${versionId}:${studentId}`;
}

/**
 * @example await importPaperSheets(site, 'student_id,version,p2.total\nana,V01,42\n') // { imported: 1, errors: [] }
 */
export async function importPaperSheets(site: Site, csvText: string): Promise<PaperImport> {
  const outcome = await gradeSheetsCsv(site, csvText, { keepErrors: MAX_REPLY_ERRORS });
  const errors = outcome.errors.map((e) => ({ line: e.line, message: e.message }));
  let imported = 0;
  for (const sheet of outcome.sheets) {
    // Paper results are facts the instructor records: the online attempt limit does not apply (null).
    await site.store.submit(
      { subject: paperSubject(sheet.version, sheet.studentId), student: sheet.studentId, versionId: sheet.version, token: '', answers: {}, result: sheet.result, source: 'paper' },
      { limit: null },
    );
    imported++;
  }
  return { imported, errors: errors.sort((a, b) => a.line - b.line) };
}
