/**
 * What a reply may say about a graded attempt, by feedback level
 * (src/bank/rules.ts): `none` says nothing about correctness, `score` the total
 * only, `fields` right or wrong and points per field (no messages, no named
 * mistakes), `full` the whole result. Every reply a student gets passes
 * through here, so a level can never be bypassed by another route.
 */
import type { FeedbackLevel } from '../bank/rules.js';
import type { FieldResult, GradeResult } from '../grading/types.js';

export interface ShownResult {
  score?: number;
  max?: number;
  fields?: Record<string, Partial<FieldResult>>;
}

/**
 * @example showResult(result, 'score') // { score: 61.5, max: 90 }
 */
export function showResult(result: GradeResult, level: FeedbackLevel): ShownResult {
  switch (level) {
    case 'none':
      return {};
    case 'score':
      return { score: result.score, max: result.max };
    case 'fields': {
      const fields: Record<string, Partial<FieldResult>> = {};
      for (const [k, f] of Object.entries(result.fields)) fields[k] = { status: f.status, points: f.points, max: f.max };
      return { score: result.score, max: result.max, fields };
    }
    case 'full':
      return result;
  }
}
