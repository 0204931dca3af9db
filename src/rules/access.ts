/**
 * What a roster student may do at a given moment, from the exam rules
 * (src/bank/rules.ts), their own state (first open, extra time), their
 * attempts and the release state. Pure: the caller passes `now`, so the server
 * runs on its clock and tests on theirs.
 *
 * A student's deadline is the earlier of the exam's close and their first open
 * plus the time limit; extra time granted by the instructor moves both. Until
 * the exam closes for everyone, a student whose own time ran out still sees
 * only the feedback of an open exam (a classmate may still be writing).
 */
import type { ExamRules, FeedbackLevel } from '../bank/rules.js';

/**
 * Seconds a post may arrive after the deadline and still count: the page was
 * sent in time but the network was slow. Small, so "over time" stays over time.
 */
export const DEADLINE_GRACE_SECONDS = 10;

export type Phase = 'not-open' | 'open' | 'time-up' | 'closed';

export interface AccessInput {
  rules: ExamRules;
  /** Attempts allowed (null: unlimited). */
  limit: number | null;
  /** Attempts used so far. */
  used: number;
  firstOpenedAt?: string | undefined;
  extraSeconds: number;
  released: boolean;
  now: Date;
}

export interface Access {
  phase: Phase;
  /** ISO time when this student's writing time ends (undefined: no end). */
  deadline?: string;
  /** Whole seconds left until the deadline (undefined: no end), never negative. */
  secondsLeft?: number;
  attemptsLeft: number | null;
  canSave: boolean;
  canSubmit: boolean;
  /** Why saving or submitting is refused, for the page. */
  refusal?: string;
  /** How much a reply may tell about correctness right now. */
  feedback: FeedbackLevel;
}

const plus = (iso: string, seconds: number): number => Date.parse(iso) + seconds * 1000;

/**
 * @example accessAt({ rules, limit: 2, used: 0, extraSeconds: 0, released: false, now: new Date() }).canSubmit
 */
export function accessAt(a: AccessInput): Access {
  const now = a.now.getTime();
  const closes = a.rules.closes === undefined ? undefined : plus(a.rules.closes, a.extraSeconds);
  const personal = a.rules.time_limit === undefined || a.firstOpenedAt === undefined ? undefined : plus(a.firstOpenedAt, a.rules.time_limit * 60 + a.extraSeconds);
  const ends = [closes, personal].filter((x): x is number => x !== undefined);
  const deadline = ends.length > 0 ? Math.min(...ends) : undefined;
  const attemptsLeft = a.limit === null ? null : Math.max(0, a.limit - a.used);
  const phase: Phase =
    a.rules.opens !== undefined && now < Date.parse(a.rules.opens)
      ? 'not-open'
      : closes !== undefined && now >= closes + DEADLINE_GRACE_SECONDS * 1000
        ? 'closed'
        : deadline !== undefined && now >= deadline + DEADLINE_GRACE_SECONDS * 1000
          ? 'time-up'
          : 'open';
  const feedback = a.released ? a.rules.feedback.released : phase === 'closed' ? a.rules.feedback.closed : a.rules.feedback.open;
  const refusal = phase === 'not-open' ? `The exam opens at ${a.rules.opens}.` : phase === 'closed' ? 'The exam is closed.' : phase === 'time-up' ? 'Your time is up.' : undefined;
  const noAttempts = attemptsLeft === 0;
  return {
    phase,
    ...(deadline !== undefined ? { deadline: new Date(deadline).toISOString(), secondsLeft: Math.max(0, Math.floor((deadline - now) / 1000)) } : {}),
    attemptsLeft,
    canSave: phase === 'open' && !noAttempts,
    canSubmit: phase === 'open' && !noAttempts,
    ...(refusal ? { refusal } : noAttempts ? { refusal: 'You have used all your attempts.' } : {}),
    feedback,
  };
}
