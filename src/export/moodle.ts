/**
 * The Moodle XML writer: an exam's version views as a Moodle XML question
 * file. Every version of every problem becomes one Cloze question; the versions of one bank item share a
 * category `$course$/rnnquiz/<bank>/<item>`, written as a category
 * pseudo-question before them, so a Moodle quiz can draw one random question
 * per category. Texts go into CDATA, names into escaped element text; the
 * file is UTF-8.
 */
import type { ExamView, QuestionView, VersionView } from '../view/question-view.js';
import { clozeQuestion } from './question.js';
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

function questionXml(name: string, idnumber: string, question: QuestionView, options: Required<MoodleExportOptions>): string {
  const q = clozeQuestion(question);
  return [
    '  <question type="cloze">',
    `    <name><text>${escapeXml(name)}</text></name>`,
    `    <questiontext format="html"><text>${cdata(q.questionText)}</text></questiontext>`,
    `    <generalfeedback format="html"><text>${cdata(q.generalFeedback)}</text></generalfeedback>`,
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
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  for (const [path, questions] of byCategory) {
    parts.push(categoryXml(path));
    for (const q of questions) parts.push(questionXml(q.name, q.idnumber, q.question, settings));
  }
  parts.push('</quiz>', '');
  return parts.join('\n');
}
