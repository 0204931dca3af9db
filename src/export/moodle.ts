/**
 * The Moodle XML writer: an exam's version views as a Moodle XML question
 * file. Every version of every problem becomes one Cloze question; the versions of one bank item share a
 * category `$course$/rnnquiz/<bank>/<item>`, written as a category
 * pseudo-question before them, so a Moodle quiz can draw one random question
 * per category. Texts go into CDATA, names into escaped element text; the
 * file is UTF-8.
 *
 * Marks: Moodle gives a Cloze question the sum of its box weights as its mark
 * (it ignores `<defaultgrade>` there) and a weight is a whole number, so one
 * multiplier m for the whole file (questionsMultiplier: 6 when a point is
 * shared over 2 and over 3 boxes, 1 when every share is whole) makes every
 * mark m × the question's PDF points: the quiz total is then m × the paper's,
 * and a quiz's maximum grade rescales it. `<defaultgrade>` states that same mark.
 */
import type { ExamView, QuestionView, VersionView } from '../view/question-view.js';
import { clozeQuestion, questionsMultiplier } from './question.js';
import { cdata, escapeXml } from './xml.js';

export interface MoodleExportOptions {
  /** Penalty per wrong try in interactive quizzes (Moodle's `<penalty>`), default 0.3333333. */
  penalty?: number;
}

/**
 * Moodle writes a `/` inside one category name as `//` (a single `/` separates levels).
 * @example categorySegment('a/b') // "a//b"
 */
export function categorySegment(name: string): string {
  return name.replaceAll('/', '//');
}

/** The category of a question: its source (bank item, or its family when it came from no bank). */
export function categoryPath(bank: string, question: QuestionView): string {
  return ['$course$', 'rnnquiz', bank || 'problems', question.source].map((s, i) => (i < 2 ? s : categorySegment(s))).join('/');
}

function categoryXml(path: string): string {
  return `  <question type="category">\n    <category><text>${escapeXml(path)}</text></category>\n  </question>`;
}

function questionXml(name: string, idnumber: string, question: QuestionView, options: Required<MoodleExportOptions>, multiplier: number): string {
  const q = clozeQuestion(question, multiplier);
  return [
    '  <question type="cloze">',
    `    <name><text>${escapeXml(name)}</text></name>`,
    `    <questiontext format="html"><text>${cdata(q.questionText)}</text></questiontext>`,
    `    <generalfeedback format="html"><text>${cdata(q.generalFeedback)}</text></generalfeedback>`,
    `    <defaultgrade>${q.mark}</defaultgrade>`,
    `    <penalty>${options.penalty}</penalty>`,
    '    <hidden>0</hidden>',
    `    <idnumber>${escapeXml(idnumber)}</idnumber>`,
    '  </question>',
  ].join('\n');
}

/**
 * The whole quiz file: categories in the order their items first appear, each followed by its questions in version order.
 * @example exportMoodleXml(exam, versions).startsWith('<?xml version="1.0" encoding="UTF-8"?>') // true
 */
export function exportMoodleXml(exam: Pick<ExamView, 'bank'>, versions: readonly VersionView[], options: MoodleExportOptions = {}): string {
  const settings: Required<MoodleExportOptions> = { penalty: options.penalty ?? 0.3333333 };
  const byCategory = new Map<string, { name: string; idnumber: string; question: QuestionView }[]>();
  for (const version of versions) {
    for (const question of version.questions) {
      const path = categoryPath(exam.bank, question);
      const key = question.source;
      const list = byCategory.get(path) ?? [];
      // The name says where the question sits on the paper version: item, version, problem number.
      list.push({ name: `${key} ${version.id} ${question.id}`, idnumber: `${exam.bank}/${key}/${version.id}/${question.id}`, question });
      byCategory.set(path, list);
    }
  }
  const multiplier = moodleMarkMultiplier(versions);
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  for (const [path, questions] of byCategory) {
    parts.push(categoryXml(path));
    for (const q of questions) parts.push(questionXml(q.name, q.idnumber, q.question, settings, multiplier));
  }
  parts.push('</quiz>', '');
  return parts.join('\n');
}

/**
 * Moodle's mark of every question of these versions divided by its PDF points (see the file comment).
 * @example moodleMarkMultiplier(versions) // 6 for the midterm bank, 1 when no point is shared unevenly
 */
export function moodleMarkMultiplier(versions: readonly VersionView[]): number {
  return questionsMultiplier(versions.flatMap((v) => v.questions));
}
