/**
 * Shapes of batch grading (issue 7): answer sheets read from CSV, the rows
 * that could not be graded (always reported, never dropped silently), and a
 * graded sheet. Used by the CLI (`rnnquiz grade`) and the instructor upload route.
 */
import type { GradeResult } from '../grading/types.js';

/** One student's answers as read from the file; `line` is where the sheet starts (1 = header). */
export interface AnswerSheet {
  line: number;
  studentId: string;
  version: string;
  /** Answers by field key `p{N}.{name}`; blank cells are left out (graded as blank). */
  answers: Record<string, string>;
}

/**
 * Why a row (or part of one) was not graded:
 * - `unknown-version`: the version is empty or not in the manifest (row skipped);
 * - `unknown-field`: a column or long-form field the version does not have (answer ignored, rest graded);
 * - `missing-student-id`: no student ID (row skipped);
 * - `duplicate-student`: the student was already graded from an earlier line (row skipped);
 * - `wrong-width`: a row with more or fewer cells than the header (row skipped: its cells cannot be matched to columns);
 * - `duplicate-field`: the same field answered twice for one student in the long form (later answer ignored);
 * - `version-mismatch`: long-form rows of one student that name different versions (row skipped);
 * - `malformed-csv`: a record the CSV reader could not read, e.g. an unclosed quote (skipped);
 * - `grading-failed`: the grader itself failed on a sheet (a bug, reported rather than stopping the batch).
 */
export type RowErrorKind =
  'unknown-version' | 'unknown-field' | 'missing-student-id' | 'duplicate-student' | 'wrong-width' | 'duplicate-field' | 'version-mismatch' | 'malformed-csv' | 'grading-failed';

export interface RowError {
  /** Line in the input file (1 = header line). */
  line: number;
  kind: RowErrorKind;
  /** Student ID as typed in the file (untrusted text: escape before display). */
  studentId: string;
  message: string;
}

export interface GradedSheet {
  line: number;
  studentId: string;
  version: string;
  result: GradeResult;
}

/** Input layout, told apart by the header (see csv-input.ts). */
export type SheetLayout = 'wide' | 'long';
