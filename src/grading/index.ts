/**
 * The grading engine's public surface (SPEC §6, §7), used by the web site, the
 * batch grader, `rnnquiz mark` and the Moodle export. Pure: no I/O.
 */
export * from './types.js';
export { parseNumbers, MAX_ANSWER_LENGTH, MAX_NESTING_DEPTH, type Component, type Parsed, type ParseResult } from './parse.js';
export { readAnswer, isBlank, normalizeLabel, type ReadAnswer } from './answer.js';
export { withinTolerance, matchComponent, roundsCorrectly, FLOAT_SLACK, MIN_ROUNDED_SIGNIFICANT_DIGITS, type ComponentMatch } from './tolerance.js';
export { gradeProblem, gradeResponse, validateResponseKeys, readResponseSet, responseKey, type GradableProblem } from './grade.js';
export { formatKey, formatValueText, keyAsResponses } from './key.js';
