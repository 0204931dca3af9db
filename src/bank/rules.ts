/**
 * Exam rules a bank may set (SPEC §7.1), checked by zod like every other bank
 * field (errors carry line and column):
 *
 * ```yaml
 * kind: exam                         # or practice
 * opens: 2026-03-12T09:00:00+01:00   # ISO 8601 with a zone (Z or ±hh:mm)
 * closes: 2026-03-12T11:00:00+01:00
 * time_limit: 90                     # minutes per student, from their first open
 * feedback: none                     # while open; or { open, closed, released }
 * ```
 *
 * Feedback levels, from least to most: `none` (only "saved"), `score` (total
 * only), `fields` (right or wrong per answer field), `full` (per component,
 * carried errors, named mistakes). Defaults: an exam shows `none` until the
 * answers are released and `full` after; a practice set shows `full` always.
 */
import { z } from 'zod';

export const FEEDBACK_LEVELS = ['none', 'score', 'fields', 'full'] as const;
export type FeedbackLevel = (typeof FEEDBACK_LEVELS)[number];
export type ExamKind = 'exam' | 'practice';

/** What students see: while the exam is open, after it closed, and after the instructor released the answers. */
export interface FeedbackRules {
  open: FeedbackLevel;
  closed: FeedbackLevel;
  released: FeedbackLevel;
}

/** The rules as the manifest records them (`manifest.rules`); attempts stay in `manifest.attempts`. */
export interface ExamRules {
  kind: ExamKind;
  /** ISO 8601 with zone, as written in the bank. */
  opens?: string;
  closes?: string;
  /** Minutes per student, counted from their first open of the page. */
  time_limit?: number;
  feedback: FeedbackRules;
}

export const DEFAULT_FEEDBACK: Record<ExamKind, FeedbackRules> = {
  exam: { open: 'none', closed: 'none', released: 'full' },
  practice: { open: 'full', closed: 'full', released: 'full' },
};

const level = z.enum(FEEDBACK_LEVELS, { error: 'expected a feedback level: none, score, fields or full' });

/** An ISO 8601 date-time with an explicit zone: a bare local time would mean different instants on different servers. */
const instant = (what: string) =>
  z.union([z.string(), z.date()], { error: `expected ${what}: an ISO time with its zone, e.g. 2026-03-12T09:00:00+01:00` }).transform((v, ctx) => {
    if (v instanceof Date) return v.toISOString();
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v.trim()) || Number.isNaN(Date.parse(v))) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}: an ISO time with its zone, e.g. 2026-03-12T09:00:00+01:00 (got ${JSON.stringify(v)})` });
      return z.NEVER;
    }
    return v.trim();
  });

/** The bank keys (merged into bankSchema). */
export const rulesShape = {
  kind: z.enum(['exam', 'practice'], { error: 'expected kind: exam or practice' }).default('exam'),
  opens: instant('opens').optional(),
  closes: instant('closes').optional(),
  time_limit: z
    .number({ error: 'expected time_limit, minutes per student (a whole number from 1 to 1440)' })
    .int({ error: 'expected time_limit in whole minutes' })
    .min(1, { error: 'expected time_limit ≥ 1 minute' })
    .max(1440, { error: 'expected time_limit ≤ 1440 minutes (a day)' })
    .optional(),
  feedback: z
    .union([level, z.object({ open: level.optional(), closed: level.optional(), released: level.optional() }).strict()], {
      error: 'expected feedback: a level (none, score, fields, full) for while the exam is open, or { open, closed, released }',
    })
    .optional(),
};

/** Checks that need two keys at once; reported at the later key. */
export function checkRuleOrder(v: { opens?: string | undefined; closes?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.opens && v.closes && Date.parse(v.closes) <= Date.parse(v.opens)) {
    ctx.addIssue({ code: 'custom', path: ['closes'], message: `expected closes after opens (${v.opens})` });
  }
}

/**
 * The rules with defaults filled in. @example examRules({ kind: 'exam', feedback: 'score' }).feedback // { open: 'score', closed: 'none', released: 'full' }
 */
export function examRules(h: {
  kind: ExamKind;
  opens?: string | undefined;
  closes?: string | undefined;
  time_limit?: number | undefined;
  feedback?: FeedbackLevel | Partial<FeedbackRules> | undefined;
}): ExamRules {
  const base = DEFAULT_FEEDBACK[h.kind];
  const given = typeof h.feedback === 'string' ? { open: h.feedback } : (h.feedback ?? {});
  const feedback: FeedbackRules = { open: given.open ?? base.open, closed: given.closed ?? base.closed, released: given.released ?? base.released };
  return { kind: h.kind, ...(h.opens ? { opens: h.opens } : {}), ...(h.closes ? { closes: h.closes } : {}), ...(h.time_limit ? { time_limit: h.time_limit } : {}), feedback };
}
