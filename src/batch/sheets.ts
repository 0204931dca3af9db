/**
 * Answer sheets from CSV records, checked against the manifest. Two layouts,
 * told apart by the header:
 *
 * - wide: `student_id, version, p1.h1, p1.h2, …` — a row per student;
 * - long: `student_id, version, field, answer` — a row per answer; a student's
 *   rows must be together (an LMS export sorted by student), so a sheet is
 *   complete when the student ID changes and memory stays flat.
 *
 * Every row that cannot be graded (or an answer that cannot be placed) is
 * passed to `onError` with its line; the good rows still come out as sheets.
 */
import { UsageError } from '../core/errors.js';
import { responseKey } from '../grading/grade.js';
import type { Manifest } from '../manifest.js';
import { type CsvInput, type CsvRecord, readCsvRecords } from './csv-records.js';
import type { AnswerSheet, RowError, RowErrorKind, SheetLayout } from './types.js';

const STUDENT_HEADERS = new Set(['student_id', 'student', 'studentid', 'student id']);
const VERSION_HEADERS = new Set(['version', 'version_id']);

/** Every field key of the manifest (`p1.h1` …) in exam order, across versions. */
export function manifestFieldKeys(manifest: Manifest): string[] {
  const keys = new Set<string>();
  for (const v of manifest.versions) for (const p of v.problems) for (const f of p.fields) keys.add(responseKey(p, f.name));
  return [...keys];
}

/** The field keys of each version, for checking a row against its own version. */
function versionKeySets(manifest: Manifest): Map<string, Set<string>> {
  return new Map(manifest.versions.map((v) => [v.id, new Set(v.problems.flatMap((p) => p.fields.map((f) => responseKey(p, f.name))))]));
}

const normalizeHeader = (h: string): string => h.trim().toLowerCase().replace(/\s+/g, ' ');

interface Header {
  layout: SheetLayout;
  student: number;
  version: number;
  width: number;
  /** Long form: the field and answer columns. */
  field: number;
  answer: number;
  /** Wide form: column index → field key (unknown columns are left out). */
  fieldColumns: { index: number; key: string }[];
}

/**
 * Unknown header columns reported one by one; the rest are counted in one
 * more report, so a header of millions of junk columns gives a short list.
 */
export const MAX_UNKNOWN_COLUMNS_REPORTED = 20;

function readHeader(cells: string[], knownKeys: readonly string[], onError: (e: RowError) => void): Header {
  const names = cells.map(normalizeHeader);
  const student = names.findIndex((n) => STUDENT_HEADERS.has(n));
  const version = names.findIndex((n) => VERSION_HEADERS.has(n));
  if (student === -1 || version === -1) {
    throw new UsageError(
      `line 1: the header needs a student_id and a version column (found ${cells
        .slice(0, 6)
        .map((c) => JSON.stringify(c))
        .join(', ')}${cells.length > 6 ? ', …' : ''})`,
    );
  }
  const field = names.indexOf('field');
  const answer = names.indexOf('answer');
  const base = { student, version, width: cells.length, field, answer };
  if (field !== -1 && answer !== -1) return { ...base, layout: 'long', fieldColumns: [] };
  const exact = new Set(knownKeys);
  const byLower = new Map(knownKeys.map((k) => [k.toLowerCase(), k]));
  const fieldColumns: Header['fieldColumns'] = [];
  const seen = new Set<string>();
  let unknown = 0;
  cells.forEach((raw, index) => {
    if (index === student || index === version) return;
    const name = raw.trim();
    const key = exact.has(name) ? name : byLower.get(name.toLowerCase());
    if (!key) {
      if (++unknown <= MAX_UNKNOWN_COLUMNS_REPORTED) {
        onError({
          line: 1,
          kind: 'unknown-field',
          studentId: '',
          message: `column ${index + 1} "${name.slice(0, 64)}" is not an answer field of the manifest (fields look like ${knownKeys[0] ?? 'p1.h1'}); its answers are ignored`,
        });
      }
      return;
    }
    if (seen.has(key)) throw new UsageError(`line 1: the field ${key} has two columns`);
    seen.add(key);
    fieldColumns.push({ index, key });
  });
  const unreported = unknown - MAX_UNKNOWN_COLUMNS_REPORTED;
  if (unreported > 0) {
    onError({
      line: 1,
      kind: 'unknown-field',
      studentId: '',
      message: `and ${unreported} more column${unreported === 1 ? ' is' : 's are'} not answer fields of the manifest; their answers are ignored`,
    });
  }
  return { ...base, layout: 'wide', fieldColumns };
}

/**
 * Reads, checks and yields answer sheets in file order; reports every problem row to `onError`.
 * Throws UsageError when the file has no usable header.
 * @example for await (const s of readAnswerSheets('student_id,version,p1.h1\nana,V01,"[4, 0]"\n', manifest, console.error)) s.answers['p1.h1'] // '[4, 0]'
 */
export async function* readAnswerSheets(input: CsvInput, manifest: Manifest, onError: (e: RowError) => void, onLayout?: (layout: SheetLayout) => void): AsyncGenerator<AnswerSheet> {
  const records = readCsvRecords(input);
  const first = await nextRecord(records, onError);
  if (!first) throw new UsageError('the answer file is empty (expected a header line: student_id, version, …)');
  const header = readHeader(first.cells, manifestFieldKeys(manifest), onError);
  onLayout?.(header.layout);
  const checker = new RowChecker(manifest, onError);
  if (header.layout === 'wide') {
    for (let r = await nextRecord(records, onError); r; r = await nextRecord(records, onError)) {
      const sheet = checker.wideRow(header, r.line, r.cells);
      if (sheet) yield sheet;
    }
    return;
  }
  let current: AnswerSheet | undefined;
  for (let r = await nextRecord(records, onError); r; r = await nextRecord(records, onError)) {
    const studentId = r.cells[header.student]?.trim() ?? '';
    if (current && studentId !== current.studentId) {
      checker.finish(current);
      yield current;
      current = undefined;
    }
    current = checker.longRow(header, r.line, r.cells, current);
  }
  if (current) {
    checker.finish(current);
    yield current;
  }
}

/** The next well-formed record; malformed ones are reported and passed over. */
async function nextRecord(records: AsyncGenerator<CsvRecord>, onError: (e: RowError) => void): Promise<{ line: number; cells: string[] } | undefined> {
  for (;;) {
    const next = await records.next();
    if (next.done) return undefined;
    if ('cells' in next.value) return next.value;
    onError({ line: next.value.line, kind: 'malformed-csv', studentId: '', message: `the CSV reader could not read this record: ${next.value.malformed}` });
  }
}

/** Checks rows against the manifest and remembers which students were graded (and on which line). */
class RowChecker {
  private readonly keysByVersion: Map<string, Set<string>>;
  /** Long form: a field typed in another case (`P1.H1`) is the field. */
  private readonly keyByLower: Map<string, string>;
  private readonly gradedAt = new Map<string, number>();
  /** Long form: lines of the answers of the sheet being read, per field (for duplicate-field reports). */
  private readonly longLines = new Map<string, number>();

  constructor(
    manifest: Manifest,
    private readonly onError: (e: RowError) => void,
  ) {
    this.keysByVersion = versionKeySets(manifest);
    this.keyByLower = new Map(manifestFieldKeys(manifest).map((k) => [k.toLowerCase(), k]));
  }

  private report(line: number, kind: RowErrorKind, studentId: string, message: string): undefined {
    this.onError({ line, kind, studentId, message });
    return undefined;
  }

  /** Student ID and version checks shared by both layouts; returns the version's field keys or undefined (reported). */
  private checkIdentity(line: number, studentId: string, version: string): Set<string> | undefined {
    if (!studentId) return this.report(line, 'missing-student-id', '', 'no student ID: the row is skipped');
    const keys = this.keysByVersion.get(version);
    if (!keys) {
      const known = [...this.keysByVersion.keys()];
      const list = `${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`;
      return this.report(line, 'unknown-version', studentId, version ? `version "${version}" is not in the manifest (versions: ${list}): the row is skipped` : 'no version: the row is skipped');
    }
    const earlier = this.gradedAt.get(studentId);
    if (earlier !== undefined) return this.report(line, 'duplicate-student', studentId, `student "${studentId}" was already graded from line ${earlier}: this row is skipped`);
    return keys;
  }

  wideRow(header: Header, line: number, cells: string[]): AnswerSheet | undefined {
    const studentId = cells[header.student]?.trim() ?? '';
    if (cells.length !== header.width) {
      return this.report(line, 'wrong-width', studentId, `${cells.length} cells where the header has ${header.width}: the row is skipped (its cells cannot be matched to columns)`);
    }
    const version = cells[header.version]?.trim() ?? '';
    const keys = this.checkIdentity(line, studentId, version);
    if (!keys) return undefined;
    const answers: Record<string, string> = {};
    for (const { index, key } of header.fieldColumns) {
      const text = cells[index] as string;
      if (text === '') continue;
      if (keys.has(key)) answers[key] = text;
      else this.report(line, 'unknown-field', studentId, `version ${version} has no field ${key}: that answer is ignored`);
    }
    this.gradedAt.set(studentId, line);
    return { line, studentId, version, answers };
  }

  /** Adds one long-form row to the sheet being read (or starts one); returns the sheet being read. */
  longRow(header: Header, line: number, cells: string[], current: AnswerSheet | undefined): AnswerSheet | undefined {
    const studentId = cells[header.student]?.trim() ?? '';
    if (cells.length !== header.width) {
      this.report(line, 'wrong-width', studentId, `${cells.length} cells where the header has ${header.width}: the row is skipped`);
      return current;
    }
    const version = cells[header.version]?.trim() ?? '';
    let sheet = current;
    if (!sheet) {
      const keys = this.checkIdentity(line, studentId, version);
      if (!keys) return undefined;
      this.longLines.clear();
      sheet = { line, studentId, version, answers: {} };
    } else if (version !== sheet.version) {
      this.report(line, 'version-mismatch', studentId, `version "${version}" differs from version ${sheet.version} on line ${sheet.line} for the same student: the row is skipped`);
      return sheet;
    }
    const typed = cells[header.field]?.trim() ?? '';
    const field = this.keyByLower.get(typed.toLowerCase()) ?? typed;
    const text = cells[header.answer] ?? '';
    if (!(this.keysByVersion.get(sheet.version) as Set<string>).has(field)) {
      this.report(line, 'unknown-field', studentId, `version ${sheet.version} has no field "${field}": that answer is ignored`);
    } else if (this.longLines.has(field)) {
      this.report(line, 'duplicate-field', studentId, `field ${field} was already answered on line ${this.longLines.get(field)}: this answer is ignored`);
    } else {
      this.longLines.set(field, line);
      if (text !== '') sheet.answers[field] = text;
    }
    return sheet;
  }

  /** A long-form sheet is complete: later rows of the same student are duplicates. */
  finish(sheet: AnswerSheet): void {
    this.gradedAt.set(sheet.studentId, sheet.line);
  }
}
