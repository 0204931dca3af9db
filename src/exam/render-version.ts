/**
 * The unit of work of a build, run in a worker thread or in-process: draw and
 * solve one version and render its exam and key (the print file is joined
 * from the exam PDFs afterwards, merge-pdf.ts). Jobs carry only plain data (the bank's text, the seed, the
 * secret), so a worker rebuilds everything it needs and the output does not
 * depend on which thread did the work.
 */
import { parseBank, type Bank } from '../bank/load.js';
import { examProblemToJson, type JsonExamProblem, type ManifestVersion } from '../manifest.js';
import type { SheetLayout } from '../scan/sheet-layout.js';
import { pdfBytes } from './pdf-doc.js';
import { renderCover } from './exam-pdf.js';
import { planVersion, versionUrl } from '../plan/plan.js';
import { bankExamInfo, createViewBuilder, type ViewBuilder } from '../view/build.js';
import type { ExamView, VersionView } from '../view/question-view.js';
import { WRITERS } from '../writers/index.js';

export interface BankSource {
  text: string;
  file: string;
}

export interface VersionJob {
  kind: 'version';
  bank: BankSource;
  seed: string;
  versionId: string;
  secret: string;
  baseUrl: string;
  /** The build's random id, signed into the version token. */
  buildId?: string;
  /** False for a paper-only exam: no QR code or link anywhere. */
  online: boolean;
  /** Roster students writing this version: each gets a cover of their own. */
  students: CoverStudent[];
}

/** What a student's cover prints: name and id, and the link with their own token. */
export interface CoverStudent {
  id: string;
  name: string;
  token: string;
}

export type BuildJob = VersionJob;

export interface JsonVersion {
  id: string;
  seed: string;
  token: string;
  problems: JsonExamProblem[];
  /** Hand work per item (see ManifestVersion.work). */
  work: Record<string, number>;
  /** Where the answer sheet's marks and bubbles sit (src/scan/sheet-layout.ts); choice-mode exams only. */
  sheet?: SheetLayout;
}

export interface VersionResult {
  kind: 'version';
  version: JsonVersion;
  exam: Uint8Array;
  key: Uint8Array;
  /** The answer sheet (bubbles for scanning), printed when the exam has choice-mode fields. */
  sheet?: Uint8Array;
  examPages: number;
  /** Hand work per item of the first draws, before the fairness band redrew any (printed by the build). */
  workBefore: Record<string, number>;
  /** One single-page cover per job student, in job order. */
  covers: Uint8Array[];
  /** Choice mode with a roster: each job student's answer sheet, in job order. */
  studentSheets: Uint8Array[];
}

export type BuildResult = VersionResult;

let cached: { text: string; file: string; bank: Bank } | undefined;
let views: ViewBuilder | undefined;

function bankOf(source: BankSource): Bank {
  if (!cached || cached.text !== source.text || cached.file !== source.file) cached = { ...source, bank: parseBank(source.text, source.file) };
  return cached.bank;
}

/** The views to write; without a base URL (a paper-only exam) the version's url is empty and nothing online is printed. */
function viewsFor(bank: Bank, version: ManifestVersion, baseUrl: string | undefined): { exam: ExamView; version: VersionView } {
  views ??= createViewBuilder();
  const exam = views.exam(bankExamInfo(bank));
  return { exam, version: views.version(version, baseUrl === undefined ? '' : versionUrl(baseUrl, version.token)) };
}

/**
 * Runs one job. @example await runJob({ kind: 'version', bank, seed: '2026', versionId: 'V01', secret, baseUrl })
 */
export async function runJob(job: BuildJob): Promise<BuildResult> {
  const bank = bankOf(job.bank);
  const version = planVersion(bank, job.seed, job.versionId, job.secret, job.buildId);
  const view = viewsFor(bank, version, job.online ? job.baseUrl : undefined);
  const exam = WRITERS['exam-pdf'].write(view.exam, view.version);
  const examBytes = await pdfBytes(exam.doc);
  const keyBytes = await pdfBytes(WRITERS['key-pdf'].write(view.exam, view.version).doc);
  const covers: Uint8Array[] = [];
  for (const s of job.students) {
    const own = { exam: view.exam, version: { ...view.version, url: job.online ? versionUrl(job.baseUrl, s.token) : '' }, student: { id: s.id, name: s.name } };
    covers.push(await pdfBytes(renderCover(own, exam.pages)));
  }
  // Typed exams are answered in boxes; only choice mode has bubbles to scan. With a roster every
  // student gets a sheet carrying their token (no id grid); without one, the version's sheet has the grid.
  const choiceMode = view.version.questions.some((q) => q.fields.some((f) => f.options));
  const anonymous = job.students.length === 0;
  const sheet = choiceMode && anonymous ? WRITERS['answer-sheet'].write(view.exam, view.version, {}) : undefined;
  const sheetBytes = sheet ? await pdfBytes(sheet.doc) : undefined;
  const studentSheets: Uint8Array[] = [];
  let layout = sheet?.layout;
  if (choiceMode && !anonymous) {
    for (const s of job.students) {
      const own = WRITERS['answer-sheet'].write(view.exam, view.version, { token: s.token, student: { id: s.id, name: s.name } });
      layout = own.layout;
      studentSheets.push(await pdfBytes(own.doc));
    }
  }
  return {
    kind: 'version',
    version: { id: version.id, seed: version.seed, token: version.token, problems: version.problems.map(examProblemToJson), work: version.work, ...(layout ? { sheet: layout } : {}) },
    exam: examBytes,
    key: keyBytes,
    ...(sheetBytes ? { sheet: sheetBytes } : {}),
    examPages: exam.pages,
    workBefore: version.workBefore,
    covers,
    studentSheets,
  };
}
