/**
 * The roster student's page and its confirmation page: the rules in words
 * before the questions (opening times, time left, attempts left and which one
 * counts, what feedback comes when), then the form.
 */
import type { ExamRules, FeedbackLevel } from '../src/bank/rules.js';
import type { Access } from '../src/rules/access.js';
import type { ShownResult } from '../src/rules/feedback.js';
import { hasChoiceFields, questionModels, renderWebTemplate } from '../src/writers/web-page.js';
import { versionViews } from './render.js';
import type { RosterSite, Seat } from './roster.js';
import type { FieldResult } from '../src/grading/types.js';
import type { AttemptSettings } from '../src/manifest.js';

/** `2026-03-12 09:40 UTC`: one zone for everyone, whatever the browser's. */
export function clockTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const FEEDBACK_WORDS: Record<FeedbackLevel, string> = {
  none: 'you see only that your answers were stored',
  score: 'you see your total score',
  fields: 'you see which answers are right',
  full: 'you see full feedback on every answer',
};

/**
 * The rules as sentences for the page.
 * @example describeRules(rules, { limit: 2, counts: 'best' }, access, 1)[0] // 'Open until 2026-03-12 11:00 UTC.'
 */
export function describeRules(rules: ExamRules, attempts: AttemptSettings, access: Access, used: number): string[] {
  const lines: string[] = [];
  if (rules.opens && rules.closes) lines.push(`Open from ${clockTime(rules.opens)} until ${clockTime(rules.closes)}.`);
  else if (rules.closes) lines.push(`Open until ${clockTime(rules.closes)}.`);
  else if (rules.opens) lines.push(`Opens at ${clockTime(rules.opens)}.`);
  if (rules.time_limit) lines.push(`Time limit: ${rules.time_limit} minutes from when you first open this page.`);
  if (access.phase === 'open' && access.deadline && access.secondsLeft !== undefined)
    lines.push(`Your time ends at ${clockTime(access.deadline)}: ${Math.floor(access.secondsLeft / 60)} min ${access.secondsLeft % 60} s left.`);
  const counts = attempts.counts === 'best' ? 'Your best attempt counts.' : 'Your last attempt counts.';
  lines.push(attempts.limit === null ? `Attempts: ${used} used, no limit. ${counts}` : `Attempts: ${used} of ${attempts.limit} used, ${access.attemptsLeft} left. ${counts}`);
  lines.push(
    `While the exam is open, after each submission ${FEEDBACK_WORDS[rules.feedback.open]}; after it closes, ${FEEDBACK_WORDS[rules.feedback.closed]}; once the instructor releases the answers, ${FEEDBACK_WORDS[rules.feedback.released]}.`,
  );
  lines.push('Save keeps your answers without using an attempt (the page also saves as you type). Submit grades them and uses an attempt.');
  return lines;
}

export interface ExamPageInput {
  site: RosterSite;
  seat: Seat;
  access: Access;
  used: number;
  answers: Record<string, string>;
  savedAt?: string;
  result?: ShownResult & { attempt?: number; attemptsLeft?: number | null };
  key?: Record<string, string>;
  formatErrors?: Record<string, string>;
  error?: string;
  notice?: string;
}

function confirmText(input: { site: RosterSite; access: Access }): string {
  const left = input.access.attemptsLeft;
  return `Submitting grades your answers and uses an attempt${left === null ? '' : ` (${left} left)`}. Submit now?`;
}

/** @example renderExamPage({ site, seat, access, used: 0, answers: {} }) // '<!doctype html>…' */
export function renderExamPage(p: ExamPageInput): string {
  const state = {
    answers: p.answers,
    ...(p.result?.fields ? { result: { fields: p.result.fields as Record<string, FieldResult> } } : {}),
    ...(p.key ? { key: p.key } : {}),
    ...(p.formatErrors ? { formatErrors: p.formatErrors } : {}),
  };
  const { version } = versionViews(p.site.manifest, p.seat.version);
  const problems = questionModels(version, state);
  return renderWebTemplate('exam.njk', {
    title: p.site.manifest.title ?? p.site.manifest.bank,
    course: p.site.manifest.course,
    versionId: p.seat.version.id,
    studentName: p.seat.student.name,
    studentId: p.seat.student.id,
    rules: [...(p.access.refusal ? [p.access.refusal] : []), ...describeRules(p.site.rules, p.site.attempts, p.access, p.used)],
    action: `/q/${encodeURIComponent(p.seat.token)}`,
    token: p.seat.token,
    problems,
    choiceMode: hasChoiceFields(version),
    result: p.result,
    released: p.key !== undefined,
    error: p.error,
    notice: p.notice,
    canSave: p.access.canSave,
    canSubmit: p.access.canSubmit,
    savedAt: p.savedAt ? clockTime(p.savedAt) : undefined,
    confirmText: confirmText(p),
  });
}

/** The confirmation page of a submission without script: the answers travel as hidden fields. */
export function renderConfirmPage(p: { site: RosterSite; seat: Seat; access: Access; answers: Record<string, string> }): string {
  const keys = versionViews(p.site.manifest, p.seat.version).version.questions.flatMap((q) => q.fields.map((f) => f.key));
  return renderWebTemplate('confirm.njk', {
    title: p.site.manifest.title ?? p.site.manifest.bank,
    course: p.site.manifest.course,
    versionId: p.seat.version.id,
    action: `/q/${encodeURIComponent(p.seat.token)}`,
    confirmText: confirmText(p),
    answered: keys.filter((k) => (p.answers[k] ?? '').trim() !== '').length,
    total: keys.length,
    answers: keys.map((k) => ({ key: k, value: p.answers[k] ?? '' })),
  });
}
