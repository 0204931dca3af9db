/**
 * `rnnquiz build` of 100 versions of the default bank (exam, key, print file,
 * manifest; worker threads on every core), against a baseline measured in the
 * same run: plain pdfkit writing the same number of pages of plain text
 * (standard font, ~45 lines a page, one document per exam, key and print file,
 * on one thread). Goals (issue 5): ≤ 3× the baseline, ≥ 10 versions/s on 2 cores.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { buildExam } from '../src/exam/build.js';

const VERSIONS = 100;
const LINES_PER_PAGE = 45;

/** Pages of a pdfkit file: its `/Type /Page` objects. */
const pagesOf = (bytes: Buffer): number => bytes.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

async function plainPdf(pages: number): Promise<number> {
  const doc = new PDFDocument({ autoFirstPage: false, size: 'A4', margin: 56 });
  let size = 0;
  doc.on('data', (c: Buffer) => (size += c.length));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (let p = 0; p < pages; p++) {
    doc.addPage();
    doc.font('Helvetica').fontSize(10);
    for (let l = 0; l < LINES_PER_PAGE; l++) doc.text(`Question ${p + 1}.${l + 1}: h = [7, 5], o = [0.9817, 0.0003, 0.0180], label = NOUN`, 56, 60 + l * 16, { lineBreak: false });
  }
  doc.end();
  await done;
  return size;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

export default async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'rnnquiz-bench-build-'));
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await buildExam({ bankPath: 'question-banks/rnn-midterm.yaml', seed: 'bench', versions: VERSIONS, out, baseUrl: 'http://127.0.0.1:3000', secret: 'bench-secret-0123456789' });
    const buildWall = (performance.now() - t0) / 1000;
    const buildCpu = cpuSeconds(cpu0);
    const docs = readdirSync(out)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => pagesOf(readFileSync(join(out, f))));
    const pages = docs.reduce((a, b) => a + b, 0);

    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    for (const n of docs) await plainPdf(n);
    const baseWall = (performance.now() - t1) / 1000;
    const baseCpu = cpuSeconds(cpu1);

    console.log(
      `build: ${VERSIONS} versions, ${docs.length} PDFs, ${pages} pages in ${buildWall.toFixed(2)} s wall (${buildCpu.toFixed(2)} s CPU) on ${summary.threads} thread(s) of ${availableParallelism()} cores`,
    );
    console.log(`       ${(VERSIONS / buildWall).toFixed(1)} versions/s (goal ≥ 10), ${((buildWall * 1000) / VERSIONS).toFixed(0)} ms per version`);
    // Wall time depends on what else the machine runs; CPU time does not. This is the rate with every core free.
    console.log(
      `       ${((VERSIONS / buildCpu) * summary.threads).toFixed(1)} versions/s from CPU time on ${summary.threads} free core(s) (${((buildCpu * 1000) / VERSIONS).toFixed(0)} CPU-ms per version)`,
    );
    console.log(`baseline: plain pdfkit, the same ${pages} pages of plain text, one thread: ${baseWall.toFixed(2)} s wall (${baseCpu.toFixed(2)} s CPU)`);
    console.log(`ratio build/baseline: ${(buildWall / baseWall).toFixed(2)}× wall, ${(buildCpu / baseCpu).toFixed(2)}× CPU (goal ≤ 3×)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
