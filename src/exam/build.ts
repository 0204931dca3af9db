/**
 * `rnnquiz build`: bank → N versions → `DIR/<version>-exam.pdf`,
 * `DIR/<version>-key.pdf`, `DIR/print-all.pdf` and `DIR/manifest.json`.
 * Everything is written to a temporary folder inside DIR first and moved into
 * place only when complete (the manifest last), so a failed build leaves DIR
 * as it was. A bad bank stops the build before anything is written.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseBank } from '../bank/load.js';
import { manifestToJson } from '../manifest.js';
import { manifestHeader, versionIds } from '../plan/plan.js';
import { createJobRunner } from './pool.js';
import { mergePdfs } from './merge-pdf.js';
import { fixedDate } from './pdf-doc.js';
import type { BankSource, VersionResult } from './render-version.js';
import { type WorkSpread, workSpread } from '../check/fairness.js';

export interface BuildOptions {
  bankPath: string;
  seed: string;
  versions: number;
  out: string;
  baseUrl: string;
  secret: string;
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
  /** Hand work per item across versions, before and after the fairness band's redraws. */
  work: WorkSpread[];
}

export const MAX_VERSIONS = 1000;
/** Files a build owns in DIR; stale ones from an earlier, larger build are removed. */
const OWNED = /^(V\d+-(exam|key|sheet)\.pdf|print-all\.pdf|manifest\.json)$/;

/** Pages per version in the print file: the longest exam, rounded up to even for duplex printing. */
export function printPages(examPages: readonly number[]): number {
  const most = Math.max(...examPages);
  return most + (most % 2);
}

function readBank(path: string): BankSource {
  try {
    return { text: readFileSync(path, 'utf8'), file: path };
  } catch (e) {
    throw new UsageError(`cannot read the bank ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Builds every version. @example await buildExam({ bankPath: 'question-banks/rnn-midterm.yaml', seed: '2026', versions: 30, out: 'out', baseUrl: 'http://127.0.0.1:3000', secret })
 */
export async function buildExam(o: BuildOptions): Promise<BuildSummary> {
  if (!Number.isInteger(o.versions) || o.versions < 1 || o.versions > MAX_VERSIONS) throw new UsageError(`--versions ${o.versions}: expected a whole number from 1 to ${MAX_VERSIONS}`);
  const source = readBank(o.bankPath);
  const bank = parseBank(source.text, source.file); // every bank error, before anything is written
  const ids = versionIds(o.versions);
  const runner = createJobRunner(ids.length, o.maxThreads);
  const total = ids.length + 1;
  let done = 0;
  const tick = () => o.onProgress?.(++done, total);
  let results: VersionResult[];
  try {
    results = await Promise.all(
      ids.map(async (versionId) => {
        const r = (await runner.run({ kind: 'version', bank: source, seed: o.seed, versionId, secret: o.secret, baseUrl: o.baseUrl })) as VersionResult;
        tick();
        return r;
      }),
    );
  } finally {
    await runner.close();
  }
  // The print file joins the exam PDFs the workers wrote (no second rendering), each padded to the same even page count.
  const pagesPerVersion = printPages(results.map((r) => r.examPages));
  const printAll = mergePdfs(
    results.map((r) => ({ pdf: r.exam, padTo: pagesPerVersion })),
    { title: `${bank.title} — all versions`, author: bank.course, date: fixedDate(bank.date) },
  );
  tick();
  const header = manifestToJson({ ...manifestHeader(bank, { seed: o.seed, versions: o.versions, baseUrl: o.baseUrl }), versions: [] });
  const manifest = { ...header, versions: results.map((r) => r.version) };

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
    writeFileSync(join(tmp, 'print-all.pdf'), printAll);
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    files.push('print-all.pdf', 'manifest.json');
    const keep = new Set(files);
    for (const f of readdirSync(o.out)) if (OWNED.test(f) && !keep.has(f)) rmSync(join(o.out, f));
    for (const f of files) renameSync(join(tmp, f), join(o.out, f)); // manifest.json is last
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const work = workSpread(results.map((r) => ({ work: r.version.work, workBefore: r.workBefore })));
  return { out: o.out, files, versions: ids.length, pagesPerVersion, threads: runner.threads, work };
}
