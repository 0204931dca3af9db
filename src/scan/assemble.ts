/**
 * Read pages → answer sheets: corrections from the review applied, pages
 * grouped by student (the QR code's roster token, or the id grid on anonymous
 * sheets) and version, duplicates and missing pages reported, and the answers
 * written as the long CSV rows `rnnquiz grade` reads
 * (`student_id, version, field, answer`, a student's rows together). Pure.
 */
import type { ReadPage, ReadRow } from './page.js';

/** A reviewer's decision: the page (its source) and field, and the answer (empty for blank). */
export interface Correction {
  source: string;
  field: string;
  answer: string;
}

export interface ScanNotice {
  kind: 'duplicate' | 'missing' | 'unassigned' | 'upside-down' | 'unreadable' | 'doubtful';
  source?: string;
  message: string;
}

/** A row still needing a person: what the review page shows. */
export interface PendingRow {
  source: string;
  studentId: string;
  version: string;
  row: ReadRow;
}

export interface AssembledScan {
  rows: { student_id: string; version: string; field: string; answer: string }[];
  notices: ScanNotice[];
  pending: PendingRow[];
  sheets: number;
}

const correctionKey = (source: string, field: string): string => `${source}\u0000${field}`;

/** The row's answer after corrections: a string ('' blank), or null while it waits for review. */
function settled(row: ReadRow, source: string, corrections: ReadonlyMap<string, string>): string | null {
  const fixed = corrections.get(correctionKey(source, row.field));
  if (fixed !== undefined) return fixed.trim();
  if (row.decision.status === 'marked') return row.decision.answer;
  if (row.decision.status === 'blank') return '';
  return null;
}

/**
 * @example assembleScan(pages, (v) => 2, new Map(), (token) => 'ana').rows[0] // { student_id: 'ana', version: 'V01', field: 'p1.h1', answer: 'B' }
 */
export function assembleScan(
  pages: readonly ReadPage[],
  pagesOf: (version: string) => number,
  correctionList: readonly Correction[],
  studentOfToken: (token: string) => string | undefined,
): AssembledScan {
  const corrections = new Map(correctionList.map((c) => [correctionKey(c.source, c.field), c.answer]));
  const notices: ScanNotice[] = [];
  const pending: PendingRow[] = [];
  const byStudent = new Map<string, { student: string; version: string; pages: Map<number, ReadPage> }>();
  for (const page of pages) {
    if (page.registration.upsideDown) notices.push({ kind: 'upside-down', source: page.source, message: `${page.source}: scanned upside down, read turned` });
    let student: string | null;
    if (page.payload.token !== undefined) {
      student = studentOfToken(page.payload.token) ?? null;
      if (student === null) {
        notices.push({ kind: 'unassigned', source: page.source, message: `${page.source}: the QR code's student token is not in the manifest's roster; page left out` });
        continue;
      }
    } else {
      student = page.studentId ? settled(page.studentId, page.source, corrections) : null;
      if (student === null || student === '') {
        if (page.studentId && student === null) pending.push({ source: page.source, studentId: '?', version: page.payload.version, row: page.studentId });
        notices.push({
          kind: 'unassigned',
          source: page.source,
          message: `${page.source}: the student id could not be read${student === null ? ' (sent to review)' : ' (the grid is blank)'}; page left out until corrected`,
        });
        continue;
      }
    }
    const key = `${student}\u0000${page.payload.version}`;
    let entry = byStudent.get(key);
    if (!entry) byStudent.set(key, (entry = { student, version: page.payload.version, pages: new Map() }));
    const earlier = entry.pages.get(page.payload.page);
    if (earlier) {
      const same = JSON.stringify(earlier.rows.map((r) => r.decision)) === JSON.stringify(page.rows.map((r) => r.decision));
      notices.push({
        kind: 'duplicate',
        source: page.source,
        message: `${page.source}: page ${page.payload.page} of ${student} (${page.payload.version}) again, as ${earlier.source}${same ? ' with the same marks; read once' : ' but with different marks; the first one read is kept, check by hand'}`,
      });
      continue;
    }
    entry.pages.set(page.payload.page, page);
  }
  const rows: AssembledScan['rows'] = [];
  for (const { student, version, pages: got } of byStudent.values()) {
    const expected = pagesOf(version);
    const missing = Array.from({ length: expected }, (_, i) => i + 1).filter((n) => !got.has(n));
    if (missing.length > 0)
      notices.push({ kind: 'missing', message: `${student} (${version}): page${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${expected} not scanned; those answers count as blank` });
    for (const n of [...got.keys()].sort((a, b) => a - b)) {
      const page = got.get(n) as ReadPage;
      for (const row of page.rows) {
        const answer = settled(row, page.source, corrections);
        if (answer === null) {
          pending.push({ source: page.source, studentId: student, version, row });
          continue;
        }
        if (answer !== '') rows.push({ student_id: student, version, field: row.field, answer });
      }
    }
  }
  if (pending.length > 0)
    notices.push({ kind: 'doubtful', message: `${pending.length} doubtful mark${pending.length > 1 ? 's' : ''} left out of the answers until reviewed (--review, then --corrections)` });
  return { rows, notices, pending, sheets: byStudent.size };
}
