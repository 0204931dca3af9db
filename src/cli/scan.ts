/**
 * `rnnquiz scan SCANS… --manifest M --out answers.csv [--review review.html]
 * [--corrections corrections.csv]`: reads scanned answer sheets (multi-page
 * PDFs from a copier, or PNG/JPEG files) and writes the long answer CSV that
 * `rnnquiz grade` reads. A thin adapter: the analysis is in src/scan.
 *
 * Exit status: 0 every page read and every mark clear; 1 some pages unreadable
 * or not placed (no student), or marks waiting for review (the CSV holds
 * everything else); 2 a usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../core/errors.js';
import { manifestFromJson, type Manifest } from '../manifest.js';
import { type Correction, assembleScan } from '../scan/assemble.js';
import { cropDataUrl, readQr, scanImages } from '../scan/io.js';
import { type ReadPage, readPage } from '../scan/page.js';
import { type ReviewItem, renderReview } from '../scan/review.js';
import type { SheetLayout } from '../scan/sheet-layout.js';
import { readJson, runCommand } from './io.js';

interface ScanOptions {
  manifest: string;
  out: string;
  review?: string;
  corrections?: string;
}

/** Corrections written from the review page: `source,field,answer`. */
export function readCorrections(path: string): Correction[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the corrections ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return records.map((r, i) => {
    if (r.source === undefined || r.field === undefined) throw new UsageError(`${path} line ${i + 2}: expected the columns source, field, answer (as the review page writes them)`);
    return { source: r.source, field: r.field, answer: r.answer ?? '' };
  });
}

/** A roster token → student id (the manifest's roster; none for anonymous builds). */
function rosterLookup(manifest: Manifest): (token: string) => string | undefined {
  const students = manifest.students ?? [];
  const byToken = new Map(students.map((s) => [s.token, s.id]));
  return (token) => byToken.get(token);
}

export async function scanCommand(files: string[], o: ScanOptions): Promise<number> {
  const manifest = manifestFromJson(readJson(o.manifest));
  const layouts = new Map<string, SheetLayout>();
  for (const v of manifest.versions) if (v.sheet) layouts.set(v.id, v.sheet);
  const anyLayout = layouts.values().next().value;
  if (!anyLayout) throw new UsageError(`${o.manifest}: no version has an answer sheet (build the bank with mode: choice to print bubble sheets)`);
  const corrections = o.corrections ? readCorrections(o.corrections) : [];
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'scanning {value} pages | {speed} pages/s', stream: process.stderr }) : undefined;
  bar?.start(0, 0, { speed: '0.0' });
  const started = performance.now();
  const pages: ReadPage[] = [];
  const crops = new Map<string, string>();
  const unreadable: string[] = [];
  let count = 0;
  for await (const { source, img } of scanImages(files)) {
    try {
      const page = await readPage(img, source, anyLayout, (v) => layouts.get(v), readQr);
      pages.push(page);
      for (const row of [...page.rows, ...(page.studentId ? [page.studentId] : [])]) {
        if (row.decision.status === 'doubtful') crops.set(`${source}\u0000${row.field}`, await cropDataUrl(img, row.box, page.registration.upsideDown));
      }
    } catch (e) {
      unreadable.push(`${source}: ${(e as Error).message}`);
    }
    count++;
    bar?.setTotal(count);
    bar?.update(count, { speed: (count / ((performance.now() - started) / 1000)).toFixed(1) });
  }
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  const scan = assembleScan(pages, (v) => layouts.get(v)?.pages.length ?? 0, corrections, rosterLookup(manifest));
  writeFileSync(o.out, stringify(scan.rows, { header: true, columns: ['student_id', 'version', 'field', 'answer'] }));
  const notices = [...unreadable.map((message) => ({ kind: 'unreadable' as const, message })), ...scan.notices];
  if (o.review) {
    const items: ReviewItem[] = scan.pending.map((p) => ({ ...p, crop: crops.get(`${p.source}\u0000${p.row.field}`) ?? '' }));
    writeFileSync(o.review, renderReview(items, notices));
  }
  process.stderr.write(
    `read ${pages.length} of ${count} pages (${(count / Math.max(seconds, 1e-9)).toFixed(1)} pages/s): ${scan.sheets} sheets, ${scan.rows.length} answers, ${scan.pending.length} doubtful\n`,
  );
  for (const n of notices) process.stderr.write(`  ${n.message}\n`);
  // Anything a person must still settle (a page not read, not placed, or a doubtful mark) is exit 1.
  return unreadable.length > 0 || scan.pending.length > 0 || scan.notices.some((n) => n.kind === 'unassigned') ? 1 : 0;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('read scanned answer sheets (PDF, PNG, JPEG) into the answer CSV that "rnnquiz grade" reads')
    .argument('<scans...>', 'scanned PDFs or images, pages in any order')
    .requiredOption('--manifest <file>', "the build's manifest.json (answer-sheet layouts)")
    .requiredOption('--out <file>', 'answer CSV to write (student_id, version, field, answer)')
    .option('--review <file>', 'HTML page of the doubtful marks with their crops')
    .option('--corrections <file>', 'decisions from the review: source,field,answer')
    .action((files: string[], o: ScanOptions) =>
      runCommand(async () => {
        process.exitCode = await scanCommand(files, o);
      }),
    );
}
