/**
 * Shapes the grading engine produces and consumes (SPEC §6, §7). The web site,
 * the batch grader, `rnnquiz mark` and the Moodle export all use these.
 */
import type { MistakeId } from '../families/contract.js';

/** SPEC §6 defaults: a numeric answer passes when |x − e| ≤ max(atol, rtol·|e|). */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export const DEFAULT_RTOL = 0.01;
export const DEFAULT_ATOL = 0.01;
export const DEFAULT_TOLERANCE: Tolerance = { rtol: DEFAULT_RTOL, atol: DEFAULT_ATOL };

export type FieldStatus = 'correct' | 'carried' | 'incorrect' | 'unreadable' | 'blank';

export interface FieldResult {
  status: FieldStatus;
  points: number;
  max: number;
  feedback: string;
  mistake?: MistakeId;
}

/** SPEC §7 result: `{ score, max, fields: { "p1.h2": FieldResult } }`. */
export interface GradeResult {
  score: number;
  max: number;
  fields: Record<string, FieldResult>;
}

/** A response set: `{ answers: { "p1.h2": "[7, 5]" } }` (SPEC §7). */
export interface ResponseSet {
  answers: Record<string, string>;
}

/** How a bank wants grading done. */
export interface GradingPolicy {
  /** Fraction of a field's points kept when it is right only given the student's own earlier answers (default 1 = full credit). */
  carriedCredit: number;
  /** Fraction of a field's points kept for an answer that matches a named common mistake (default DEFAULT_MISTAKE_CREDIT = 0). */
  mistakeCredit?: number;
  /** Exam-wide tolerance for numeric comparisons a field has no own tolerance for (default DEFAULT_TOLERANCE). */
  tolerance?: Tolerance;
}

export const DEFAULT_POLICY: GradingPolicy = { carriedCredit: 1 };
export const DEFAULT_MISTAKE_CREDIT = 0;
/** Points of an answer field when the problem does not say (a plain problem set rather than a manifest). */
export const DEFAULT_POINTS = 1;
