/**
 * The roster page's data: every roster student with their version, state,
 * attempts and counted score (the roster gradebook's rows, server/roster-gradebook.ts),
 * plus what the instructor controls (token generation, revoked, extra time)
 * and the time left when the exam has a time limit (src/rules/access.ts, the
 * same rule the exam page applies).
 */
import { accessAt } from '../../src/rules/access.js';
import { ROSTER_GRADEBOOK_COLUMNS, rosterGradebook } from '../roster-gradebook.js';
import type { RosterSite } from '../roster.js';
import { shortTime } from './render.js';

export interface StudentRow {
  id: string;
  name: string;
  version: string;
  onlineAttempts: string;
  paperResults: string;
  score: string;
  max: string;
  firstOpened: string;
  revoked: boolean;
  generation: number;
  extraMinutes: number;
  /** '' without a deadline; else "12 min 5 s", "time up" or "closed". */
  timeLeft: string;
}

/** Most minutes one extension may add (a whole day): a typo of 6000 is refused, not granted. */
export const MAX_EXTRA_MINUTES = 24 * 60;

/**
 * Seconds left as the overview shows them.
 * @example timeLeftText(725) // '12 min 5 s'
 */
export function timeLeftText(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${seconds} s`;
}

/** Time left for one student now, as text ('' when the exam has no end for them yet). */
export async function studentTimeLeft(roster: RosterSite, id: string, used: number): Promise<string> {
  const state = await roster.store.studentState(id);
  const entry = roster.students.get(id);
  if (!entry) return '';
  const released = (await roster.store.releasedVersions()).has(entry.version.id);
  const access = accessAt({ rules: roster.rules, limit: roster.attempts.limit, used, firstOpenedAt: state.firstOpenedAt, extraSeconds: state.extraSeconds, released, now: roster.now() });
  if (access.phase === 'closed') return 'closed';
  if (access.phase === 'time-up') return 'time up';
  if (access.phase === 'not-open') return 'not open yet';
  return access.secondsLeft === undefined ? '' : timeLeftText(access.secondsLeft);
}

/** Whether the exam has an end a student could run out of (time limit or closing time). */
export function isTimed(roster: RosterSite): boolean {
  return roster.rules.time_limit !== undefined || roster.rules.closes !== undefined;
}

/**
 * @example (await studentRows(roster))[0] // { id: 's01', version: 'V01', revoked: false, generation: 0, timeLeft: '41 min 3 s', … }
 */
export async function studentRows(roster: RosterSite): Promise<StudentRow[]> {
  const [, ...rows] = await rosterGradebook(roster);
  const col = (name: (typeof ROSTER_GRADEBOOK_COLUMNS)[number]) => ROSTER_GRADEBOOK_COLUMNS.indexOf(name);
  const timed = isTimed(roster);
  const out: StudentRow[] = [];
  for (const r of rows) {
    const id = r[col('student')] ?? '';
    const state = await roster.store.studentState(id);
    const online = Number(r[col('online_attempts')] ?? 0);
    out.push({
      id,
      name: r[col('name')] ?? '',
      version: r[col('version')] ?? '',
      onlineAttempts: String(online),
      paperResults: r[col('paper_results')] ?? '0',
      score: r[col('score')] ?? '',
      max: r[col('max')] ?? '',
      firstOpened: shortTime(r[col('first_opened')] || undefined),
      revoked: state.revoked,
      generation: state.tokenGeneration,
      extraMinutes: Math.round(state.extraSeconds / 60),
      timeLeft: timed ? await studentTimeLeft(roster, id, online) : '',
    });
  }
  return out;
}
