/**
 * Every output is a writer, and every writer is listed here. A writer reads
 * only views (src/view/question-view.ts): the exam's own texts and one or all
 * of its versions. None names a family. Adding a format is one file with its
 * write function and one line in this table.
 *
 * | writer       | reads                  | gives                                  |
 * |--------------|------------------------|----------------------------------------|
 * | `exam-pdf`   | the exam, one version  | the student's exam (pdfkit document)   |
 * | `key-pdf`    | the exam, one version  | the worked answer key (pdfkit document)|
 * | `web-page`   | the exam, one version  | the student's page (HTML)              |
 * | `moodle-xml` | the exam, all versions | a Moodle XML quiz file (Cloze)         |
 * | `answer-sheet` | the exam, one version | bubble pages for scanning, and their layout |
 */
import { renderExam } from '../exam/exam-pdf.js';
import { renderAnswerSheet, type AnswerSheetOptions } from '../exam/answer-sheet.js';
import type { SheetLayout } from '../scan/sheet-layout.js';
import { renderKey } from '../exam/key-pdf.js';
import { exportMoodleXml, type MoodleExportOptions } from '../export/moodle.js';
import type { ExamView, VersionView } from '../view/question-view.js';
import { writeWebPage, type PageState } from './web-page.js';

/** A writer of one version at a time (a PDF, a page). */
export interface VersionWriter<Options, Output> {
  readonly scope: 'version';
  /** Media type of what it writes. */
  readonly media: string;
  readonly describe: string;
  write(exam: ExamView, version: VersionView, options: Options): Output;
}

/** A writer of the whole exam, every version in one output (a quiz file). */
export interface ExamWriter<Options, Output> {
  readonly scope: 'exam';
  readonly media: string;
  readonly describe: string;
  write(exam: ExamView, versions: readonly VersionView[], options: Options): Output;
}

/** A pdfkit document not yet ended, and its page count. */
export interface PdfOutput {
  doc: PDFKit.PDFDocument;
  pages: number;
}

/** The one table of writers. */
export const WRITERS = {
  'exam-pdf': {
    scope: 'version',
    media: 'application/pdf',
    describe: 'the exam a student gets: cover, questions, labelled answer boxes',
    write: (exam, version) => renderExam({ exam, version }),
  } satisfies VersionWriter<void, PdfOutput>,
  'key-pdf': {
    scope: 'version',
    media: 'application/pdf',
    describe: 'the answer key: worked solutions step by step, the answers with points and tolerances',
    write: (exam, version) => renderKey({ exam, version }),
  } satisfies VersionWriter<void, PdfOutput>,
  'web-page': {
    scope: 'version',
    media: 'text/html',
    describe: "a student's answer page (server-rendered, MathML), blank or with feedback",
    write: writeWebPage,
  } satisfies VersionWriter<PageState, string>,
  'moodle-xml': {
    scope: 'exam',
    media: 'application/xml',
    describe: 'every version of every question as a Moodle Cloze question, one category per bank item',
    write: (exam, versions, options: MoodleExportOptions = {}) => exportMoodleXml(exam, versions, options),
  } satisfies ExamWriter<MoodleExportOptions | undefined, string>,
  'answer-sheet': {
    scope: 'version',
    media: 'application/pdf',
    describe: 'the bubble answer sheet for scanning: corner marks, QR code, id grid, bubbles A–E, and the layout the manifest records',
    write: (exam, version, options: AnswerSheetOptions = {}) => renderAnswerSheet(exam, version, options),
  } satisfies VersionWriter<AnswerSheetOptions | undefined, PdfOutput & { layout: SheetLayout }>,
} as const;
