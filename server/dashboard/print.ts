/**
 * One roster student's exam printed again (a lost or spoiled paper): the
 * version's exam PDF with the student's own cover, whose QR code and link
 * carry the student's current token (a re-issued one after a re-issue), laid
 * out by the same PDF writer as the build (src/exam/exam-pdf.ts).
 */
import { renderExam } from '../../src/exam/exam-pdf.js';
import { pdfBytes } from '../../src/exam/pdf-doc.js';
import { versionUrl } from '../../src/plan/plan.js';
import { HttpError } from '../errors.js';
import { versionViews } from '../render.js';
import type { RosterSite } from '../roster.js';

/**
 * @example const pdf = await studentExamPdf(roster, 's01', 'https://exam.example.org') // Buffer, '%PDF-…'
 */
export async function studentExamPdf(roster: RosterSite, id: string, baseUrl: string): Promise<Buffer> {
  const entry = roster.students.get(id);
  if (!entry) throw new HttpError(404, `no student ${JSON.stringify(id.slice(0, 64))} in the roster`);
  const state = await roster.store.studentState(id);
  // A revoked student has no live link to print: re-issue first (the printed QR code would answer "not found").
  if (state.revoked) throw new HttpError(409, `${id}: the link is revoked; re-issue a link first, then print`);
  const token = state.tokenGeneration === 0 ? entry.student.token : roster.tokenFor(id, state.tokenGeneration);
  const { exam, version } = versionViews(roster.manifest, entry.version);
  const { doc } = renderExam({ exam, version: { ...version, url: versionUrl(baseUrl, token) }, student: { id, name: entry.student.name } });
  return pdfBytes(doc);
}
