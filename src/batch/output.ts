/**
 * What batch grading writes: GRADES.csv (a row per graded student: student,
 * version, score, max, percent, then points per field in exam order), the
 * errors file (a row per skipped row or answer, with its line), and per-student
 * feedback as JSON lines. Rows are built here once; the CLI streams them
 * through csv-stringify, the server stringifies them whole.
 */
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { GradedSheet, RowError } from './types.js';

export const GRADE_FIXED_COLUMNS = ['student_id', 'version', 'score', 'max', 'percent'] as const;
export const ERROR_COLUMNS = ['line', 'kind', 'student_id', 'message'] as const;

/** Percent with two decimals, as a number (`87.5`). */
export function percentOf(score: number, max: number): number {
  return max > 0 ? Math.round((10000 * score) / max) / 100 : 0;
}

/** Header of GRADES.csv for these field keys. */
export function gradeHeader(fieldKeys: readonly string[]): string[] {
  return [...GRADE_FIXED_COLUMNS, ...fieldKeys];
}

/**
 * One GRADES.csv row; a field the student's version does not have is left empty.
 * @example gradeRow(sheet, ['p1.h1']) // ['ana', 'V01', '2', '3', '66.67', '1']
 */
export function gradeRow(sheet: GradedSheet, fieldKeys: readonly string[]): string[] {
  const { score, max, fields } = sheet.result;
  return [textCell(sheet.studentId), textCell(sheet.version), String(score), String(max), String(percentOf(score, max)), ...fieldKeys.map((k) => (fields[k] ? String(fields[k].points) : ''))];
}

export function errorRow(e: RowError): string[] {
  return [String(e.line), e.kind, textCell(e.studentId), e.message];
}

/** A student's feedback line: result plus who and where (JSON Lines). */
export function feedbackLine(sheet: GradedSheet): string {
  return `${JSON.stringify({ student_id: sheet.studentId, version: sheet.version, line: sheet.line, ...sheet.result })}\n`;
}

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/**
 * Text a spreadsheet opening the CSV would turn into something else: a number
 * (`0012` loses its zeros, `1e5` becomes 100000, `1,5`, `50%`, `$3`, `(12)`),
 * a date or time (`12/03`, `2026-01-05`, `10:30`, `MAR1`, `1-Mar`), a boolean,
 * or a formula.
 */
const REINTERPRETED = new RegExp(
  [
    '^[\\s\\d.,+\\-/:eE%$()]*\\d[\\s\\d.,+\\-/:eE%$()]*$', // digits with number, date and time punctuation
    `^${MONTH}[\\s./-]?\\d{1,4}$`,
    `^\\d{1,4}[\\s./-]?${MONTH}([\\s./-]?\\d{1,4})?$`,
    '^(true|false)$',
    '^[=+\\-@\\t\\r]',
  ].join('|'),
  'i',
);

/**
 * An identifier (student id, version) as a cell that stays text in a
 * spreadsheet: when a spreadsheet would reinterpret it (`0012`, `1e5`, `12/03`,
 * `TRUE`, `=1+1`), it gets a leading apostrophe, the usual mark for "this is
 * text"; any other id is written as it is. A program reading the CSV drops one
 * leading apostrophe from the id columns (an id itself never starts with one
 * in what we write unprotected: ids that do are protected too).
 * @example textCell('0012')  // "'0012"
 * @example textCell('ana01') // 'ana01'
 */
export function textCell(cell: string): string {
  return REINTERPRETED.test(cell) || cell.startsWith("'") ? `'${cell}` : cell;
}

/**
 * Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) get a
 * leading apostrophe — student IDs are untrusted text (CSV injection). Numbers stay numbers.
 */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell;
}

/**
 * GRADES.csv as one string (for the server's upload route; the CLI streams).
 * @example gradesToCsv([sheet], ['p1.h1']).split('\n')[0] // 'student_id,version,score,max,percent,p1.h1'
 */
export function gradesToCsv(sheets: readonly GradedSheet[], fieldKeys: readonly string[]): string {
  return stringifySync([gradeHeader(fieldKeys), ...sheets.map((s) => gradeRow(s, fieldKeys).map(spreadsheetSafe))]);
}

/** The errors file as one string. */
export function errorsToCsv(errors: readonly RowError[]): string {
  return stringifySync([[...ERROR_COLUMNS], ...errors.map((e) => errorRow(e).map(spreadsheetSafe))]);
}

/**
 * The summary for a terminal: how many were graded, how many rows skipped,
 * counts by kind and the first lines of each.
 */
export function errorSummary(graded: number, errors: readonly RowError[]): string {
  const lines = [`graded ${graded} sheet${graded === 1 ? '' : 's'}${errors.length ? `; ${errors.length} problem${errors.length === 1 ? '' : 's'} in the file:` : ''}`];
  const byKind = new Map<string, RowError[]>();
  for (const e of errors) {
    const list = byKind.get(e.kind);
    if (list) list.push(e);
    else byKind.set(e.kind, [e]);
  }
  for (const [kind, list] of byKind) {
    const shown = list
      .slice(0, 5)
      .map((e) => e.line)
      .join(', ');
    lines.push(`  ${kind}: ${list.length} (line${list.length === 1 ? '' : 's'} ${shown}${list.length > 5 ? ', …' : ''})`);
    // Student text reaches a terminal: control characters (escape sequences) are shown as '?'.
    lines.push(`    e.g. line ${list[0]?.line}: ${list[0]?.message.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}`);
  }
  return `${lines.join('\n')}\n`;
}
