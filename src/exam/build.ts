/**
 * `rnnquiz build`: bank → N versions → `DIR/<version>-exam.pdf`,
 * `DIR/<version>-key.pdf`, `DIR/print-all.pdf` and `DIR/manifest.json`.
 * Everything is written to a temporary folder inside DIR first and moved into
 * place only when complete (the manifest last), so a failed build leaves DIR
 * as it was. A bad bank stops the build before anything is written.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseBank } from '../bank/load.js';
import { manifestToJson } from '../manifest.js';
import { manifestHeader, versionIds } from '../plan/plan.js';
import { createJobRunner } from './pool.js';
import { mergePdfs } from './merge-pdf.js';
import { fixedDate } from './pdf-doc.js';
import type { BankSource, CoverStudent, VersionResult } from './render-version.js';
import { parseRoster, type RosterStudent } from '../roster/parse.js';
import { assignVersions } from '../roster/assign.js';
import { signStudentToken } from '../version-token.js';
import type { ManifestStudent } from '../manifest.js';
import { type WorkSpread, workSpread } from '../check/fairness.js';

export interface BuildOptions {
  bankPath: string;
  seed: string;
  versions: number;
  out: string;
  baseUrl: string;
  secret: string;
  /** A class roster (CSV): one exam per student, bound to them by their own token. */
  rosterPath?: string;
  /** print-all.pdf in roster order (default) or grouped by section (roster order within each). */
  groupBy?: 'section';
  /** False for a paper-only exam: no QR code or link printed. Default true. */
  online?: boolean;
  /**
   * The build's id, signed into every token. Drawn at random when absent (the
   * normal case: no two builds share links); given only to reproduce a build
   * byte for byte.
   */
  buildId?: string;
  /** Called as versions finish (and once more for the print file). */
  onProgress?: (done: number, total: number) => void;
  maxThreads?: number;
}

export interface BuildSummary {
  out: string;
  files: string[];
  versions: number;
  pagesPerVersion: number;
  threads: number;
  buildId: string;
  /** Roster students (0 without a roster). */
  students: number;
  /** Hand work per item across versions, before and after the fairness band's redraws. */
  work: WorkSpread[];
}

export const MAX_VERSIONS = 1000;
/** Files a build owns in DIR; stale ones from an earlier, larger build are removed. */
const OWNED = /^(V\d+-(exam|key|sheet)\.pdf|print-all\.pdf|manifest\.json|students)$/;
/** The folder of the students' own exam PDFs, `students/<id>-exam.pdf` (and `<id>-sheet.pdf`, their answer sheet, in choice mode). */
export const STUDENTS_DIR = 'students';

/** A fresh build id: 96 random bits, base64url. */
export function newBuildId(): string {
  return randomBytes(12).toString('base64url');
}

/** Pages per version in the print file: the longest exam, rounded up to even for duplex printing. */
export function printPages(examPages: readonly number[]): number {
  const most = Math.max(...examPages);
  return most + (most % 2);
}

function readText(what: string, path: string): BankSource {
  try {
    return { text: readFileSync(path, 'utf8'), file: path };
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The roster's students with their versions and generation-0 tokens, in roster order. */
function rosterStudents(roster: readonly RosterStudent[], versions: readonly string[], o: { seed: string; secret: string; bank: string; buildId: string }): ManifestStudent[] {
  const assigned = assignVersions(roster, versions, o.seed);
  return roster.map((r) => {
    const version = assigned.get(r.id) as string;
    const token = signStudentToken(o.secret, { bank: o.bank, buildId: o.buildId, versionId: version, student: r.id, generation: 0 });
    const { line: _line, ...fields } = r;
    return { ...fields, version, token };
  });
}

/**
 * The order of print-all.pdf: roster order, or by section (sorted as people read
 * them: `2` before `10`; students without a section last) with roster order inside.
 */
function printOrder(students: readonly ManifestStudent[], groupBy?: 'section'): ManifestStudent[] {
  if (groupBy !== 'section') return [...students];
  const rank = (s: ManifestStudent) => s.section ?? '\uFFFF';
  return [...students].sort((a, b) => rank(a).localeCompare(rank(b), 'en', { numeric: true })); // stable: roster order inside
}

/**
 * Builds every version. @example await buildExam({ bankPath: 'question-banks/rnn-midterm.yaml', seed: '2026', versions: 30, out: 'out', baseUrl: 'http://127.0.0.1:3000', secret })
 */
export async function buildExam(o: BuildOptions): Promise<BuildSummary> {
  if (!Number.isInteger(o.versions) || o.versions < 1 || o.versions > MAX_VERSIONS) throw new UsageError(`--versions ${o.versions}: expected a whole number from 1 to ${MAX_VERSIONS}`);
  const source = readText('bank', o.bankPath);
  const bank = parseBank(source.text, source.file); // every bank error, before anything is written
  const roster = o.rosterPath === undefined ? undefined : readText('roster', o.rosterPath);
  const rosterRows = roster ? parseRoster(roster.text, roster.file) : undefined; // every roster error, likewise
  const ids = versionIds(o.versions);
  const buildId = o.buildId ?? newBuildId();
  const online = o.online ?? true;
  const students = rosterRows ? rosterStudents(rosterRows, ids, { seed: o.seed, secret: o.secret, bank: bank.name, buildId }) : undefined;
  const coverJobs = (versionId: string): CoverStudent[] => (students ?? []).filter((s) => s.version === versionId).map((s) => ({ id: s.id, name: s.name, token: s.token }));
  const runner = createJobRunner(ids.length, o.maxThreads);
  const total = ids.length + 1;
  let done = 0;
  const tick = () => o.onProgress?.(++done, total);
  let results: VersionResult[];
  try {
    results = await Promise.all(
      ids.map(async (versionId) => {
        const r = (await runner.run({
          kind: 'version',
          bank: source,
          seed: o.seed,
          versionId,
          secret: o.secret,
          baseUrl: o.baseUrl,
          buildId,
          online,
          students: coverJobs(versionId),
        })) as VersionResult;
        tick();
        return r;
      }),
    );
  } finally {
    await runner.close();
  }
  // The print file joins the exam PDFs the workers wrote (no second rendering), each padded to the same even page count.
  const pagesPerVersion = printPages(results.map((r) => r.examPages));
  const pdfMeta = { author: bank.course, date: fixedDate(bank.date) };
  // A student's exam: their own cover, then pages 2… of their version's exam, byte for byte.
  const studentParts = new Map<string, { cover: Uint8Array; exam: Uint8Array }>();
  results.forEach((r, i) => coverJobs(ids[i] as string).forEach((s, j) => studentParts.set(s.id, { cover: r.covers[j] as Uint8Array, exam: r.exam })));
  const ownExam = (id: string, padTo: number) => {
    const p = studentParts.get(id) as { cover: Uint8Array; exam: Uint8Array };
    return [
      { pdf: p.cover, padTo: 0 },
      { pdf: p.exam, skip: 1, padTo: padTo - 1 },
    ];
  };
  const printAll = students
    ? mergePdfs(
        printOrder(students, o.groupBy).flatMap((s) => ownExam(s.id, pagesPerVersion)),
        { title: `${bank.title} — all students`, ...pdfMeta },
      )
    : mergePdfs(
        results.map((r) => ({ pdf: r.exam, padTo: pagesPerVersion })),
        { title: `${bank.title} — all versions`, ...pdfMeta },
      );
  tick();
  const header = manifestToJson({ ...manifestHeader(bank, { seed: o.seed, versions: o.versions, baseUrl: o.baseUrl, buildId }), versions: [] });
  const manifest = { ...header, meta: { ...(header.meta as object), online }, versions: results.map((r) => r.version), ...(students ? { students } : {}) };

  mkdirSync(o.out, { recursive: true });
  const tmp = join(o.out, `.rnnquiz-build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const files: string[] = [];
  try {
    for (const r of results) {
      writeFileSync(join(tmp, `${r.version.id}-exam.pdf`), r.exam);
      writeFileSync(join(tmp, `${r.version.id}-key.pdf`), r.key);
      files.push(`${r.version.id}-exam.pdf`, `${r.version.id}-key.pdf`);
      if (r.sheet) {
        writeFileSync(join(tmp, `${r.version.id}-sheet.pdf`), r.sheet);
        files.push(`${r.version.id}-sheet.pdf`);
      }
    }
    if (students) {
      mkdirSync(join(tmp, STUDENTS_DIR));
      for (const st of students) writeFileSync(join(tmp, STUDENTS_DIR, `${st.id}-exam.pdf`), mergePdfs(ownExam(st.id, 0), { title: `${bank.title} — ${st.name} (${st.id})`, ...pdfMeta }));
      // Choice mode: each student's own answer sheet, their roster token in its QR codes.
      results.forEach((r, i) =>
        coverJobs(ids[i] as string).forEach((st, j) => {
          const sheet = r.studentSheets[j];
          if (sheet) writeFileSync(join(tmp, STUDENTS_DIR, `${st.id}-sheet.pdf`), sheet);
        }),
      );
      files.push(STUDENTS_DIR);
    }
    writeFileSync(join(tmp, 'print-all.pdf'), printAll);
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    files.push('print-all.pdf', 'manifest.json');
    const keep = new Set(files);
    for (const f of readdirSync(o.out)) if (OWNED.test(f) && (!keep.has(f) || f === STUDENTS_DIR)) rmSync(join(o.out, f), { recursive: true });
    for (const f of files) renameSync(join(tmp, f), join(o.out, f)); // manifest.json is last
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const work = workSpread(results.map((r) => ({ work: r.version.work, workBefore: r.workBefore })));
  return { out: o.out, files, versions: ids.length, pagesPerVersion, threads: runner.threads, buildId, students: students?.length ?? 0, work };
}
