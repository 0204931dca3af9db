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
}

export type BuildResult = VersionResult;

let cached: { text: string; file: string; bank: Bank } | undefined;
let views: ViewBuilder | undefined;

function bankOf(source: BankSource): Bank {
  if (!cached || cached.text !== source.text || cached.file !== source.file) cached = { ...source, bank: parseBank(source.text, source.file) };
  return cached.bank;
}

function viewsFor(bank: Bank, version: ManifestVersion, baseUrl: string): { exam: ExamView; version: VersionView } {
  views ??= createViewBuilder();
  const exam = views.exam(bankExamInfo(bank));
  return { exam, version: views.version(version, versionUrl(baseUrl, version.token)) };
}

/**
 * Runs one job. @example await runJob({ kind: 'version', bank, seed: '2026', versionId: 'V01', secret, baseUrl })
 */
export async function runJob(job: BuildJob): Promise<BuildResult> {
  const bank = bankOf(job.bank);
  const version = planVersion(bank, job.seed, job.versionId, job.secret);
  const view = viewsFor(bank, version, job.baseUrl);
  const exam = WRITERS['exam-pdf'].write(view.exam, view.version);
  const examBytes = await pdfBytes(exam.doc);
  const keyBytes = await pdfBytes(WRITERS['key-pdf'].write(view.exam, view.version).doc);
  // Typed exams are answered in boxes; only choice mode has bubbles to scan.
  const choiceMode = view.version.questions.some((q) => q.fields.some((f) => f.options));
  const sheet = choiceMode ? WRITERS['answer-sheet'].write(view.exam, view.version, {}) : undefined;
  const sheetBytes = sheet ? await pdfBytes(sheet.doc) : undefined;
  return {
    kind: 'version',
    version: { id: version.id, seed: version.seed, token: version.token, problems: version.problems.map(examProblemToJson), work: version.work, ...(sheet ? { sheet: sheet.layout } : {}) },
    exam: examBytes,
    key: keyBytes,
    ...(sheetBytes ? { sheet: sheetBytes } : {}),
    examPages: exam.pages,
    workBefore: version.workBefore,
  };
}
