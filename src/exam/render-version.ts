/**
 * The unit of work of a build, run in a worker thread or in-process: draw and
 * solve one version and render its exam and key (the print file is joined
 * from the exam PDFs afterwards, merge-pdf.ts). Jobs carry only plain data (the bank's text, the seed, the
 * secret), so a worker rebuilds everything it needs and the output does not
 * depend on which thread did the work.
 */
import { parseBank, type Bank } from '../bank/load.js';
import { examProblemToJson, type JsonExamProblem, type ManifestVersion } from '../manifest.js';
import { renderCover, renderExam, type VersionDocument } from './exam-pdf.js';
import { renderKey } from './key-pdf.js';
import { pdfBytes } from './pdf-doc.js';
import { planVersion, versionUrl } from '../plan/plan.js';
import { createTemplateRenderer, type TemplateRenderer } from '../plan/templates.js';

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
}

export interface VersionResult {
  kind: 'version';
  version: JsonVersion;
  exam: Uint8Array;
  key: Uint8Array;
  examPages: number;
  /** One single-page cover per job student, in job order. */
  covers: Uint8Array[];
}

export type BuildResult = VersionResult;

let cached: { text: string; file: string; bank: Bank } | undefined;
let templates: TemplateRenderer | undefined;

function bankOf(source: BankSource): Bank {
  if (!cached || cached.text !== source.text || cached.file !== source.file) cached = { ...source, bank: parseBank(source.text, source.file) };
  return cached.bank;
}

function documentFor(bank: Bank, version: ManifestVersion, job: VersionJob): VersionDocument {
  templates ??= createTemplateRenderer();
  return { info: bank, version, templates, ...(job.online ? { url: versionUrl(job.baseUrl, version.token) } : {}) };
}

/**
 * Runs one job. @example await runJob({ kind: 'version', bank, seed: '2026', versionId: 'V01', secret, baseUrl })
 */
export async function runJob(job: BuildJob): Promise<BuildResult> {
  const bank = bankOf(job.bank);
  const version = planVersion(bank, job.seed, job.versionId, job.secret, job.buildId);
  const d = documentFor(bank, version, job);
  const exam = renderExam(d);
  const examBytes = await pdfBytes(exam.doc);
  const keyBytes = await pdfBytes(renderKey(d).doc);
  const covers: Uint8Array[] = [];
  for (const s of job.students) {
    const own: VersionDocument = { ...d, student: { id: s.id, name: s.name }, ...(job.online ? { url: versionUrl(job.baseUrl, s.token) } : {}) };
    covers.push(await pdfBytes(renderCover(own, exam.pages)));
  }
  return {
    kind: 'version',
    version: { id: version.id, seed: version.seed, token: version.token, problems: version.problems.map(examProblemToJson) },
    exam: examBytes,
    key: keyBytes,
    examPages: exam.pages,
    covers,
  };
}
