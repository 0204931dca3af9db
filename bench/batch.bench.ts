/**
 * `npm run bench -- batch`: `rnnquiz grade` on 100,000 synthetic sheets of the
 * default bank (question-banks/rnn-midterm.yaml, 10 versions; a generated
 * manifest of every family if the bank cannot be built), run as the real CLI
 * in a child process with its default worker threads, its peak memory read
 * from /proc (VmHWM, all threads). Baseline in the same run: only parse the
 * same CSV and write it back out (csv-parse → csv-stringify), the I/O floor.
 * Goal: 100,000 sheets in ≤ 60 s on 2 cores, peak memory ≤ 300 MB.
 *
 * BATCH_BENCH_SHEETS overrides the count (e.g. 10000 for a quick look).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'csv-stringify';
import { readCsvRecords } from '../src/batch/csv-records.js';
import { manifestFieldKeys } from '../src/batch/sheets.js';
import { type SyntheticSheet, syntheticManifest, syntheticSheets, wideCsvLines } from '../src/batch/synthetic.js';
import { listFamilies } from '../src/families/registry.js';
import { type Manifest, manifestFromJson, manifestToJson } from '../src/manifest.js';

const SHEETS = Number(process.env.BATCH_BENCH_SHEETS ?? 100_000);
/** Distinct sheets generated; the file repeats them under new student IDs (grading never caches across sheets). */
const DISTINCT = 3_000;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const BANK = fileURLToPath(new URL('../../question-banks/rnn-midterm.yaml', import.meta.url));

interface BankModules {
  load: { loadBank(path: string): object };
  plan: {
    planVersion(bank: object, seed: string, id: string, secret: string): Manifest['versions'][number];
    manifestHeader(bank: object, s: { seed: string; versions: number; baseUrl: string }): Omit<Manifest, 'versions'>;
    versionIds(n: number): string[];
  };
}

/** The default bank built into a manifest by the build pipeline's own planner, or null when that is not available. */
async function bankManifest(): Promise<Manifest | null> {
  try {
    const here = (p: string): string => pathToFileURL(fileURLToPath(new URL(p, import.meta.url))).href;
    const mods: BankModules = { load: await import(here('../src/bank/load.js')), plan: await import(here('../src/plan/plan.js')) };
    const bank = mods.load.loadBank(BANK);
    const settings = { seed: 'bench', versions: 10, baseUrl: 'http://127.0.0.1:3000' };
    const versions = mods.plan.versionIds(10).map((id) => mods.plan.planVersion(bank, 'bench', id, 'bench-secret'));
    return manifestFromJson(JSON.parse(JSON.stringify(manifestToJson({ ...mods.plan.manifestHeader(bank, settings), versions }))));
  } catch (e) {
    console.log(`(default bank not buildable here: ${(e as Error).message.split('\n')[0]}; using a generated manifest of every family)`);
    return null;
  }
}

async function writeAnswers(path: string, manifest: Manifest): Promise<void> {
  const distinct = [...syntheticSheets(manifest, DISTINCT, 'bench')];
  function* all(): Generator<SyntheticSheet> {
    for (let i = 0; i < SHEETS; i++) {
      const s = distinct[i % DISTINCT] as SyntheticSheet;
      yield { ...s, studentId: `s${String(i + 1).padStart(7, '0')}` };
    }
  }
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of wideCsvLines(manifestFieldKeys(manifest), all())) {
    buffer += line;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** The floor: parse every record and write it back out, nothing else. */
async function parseAndWrite(input: string, output: string): Promise<number> {
  const out = createWriteStream(output);
  const csv = stringify();
  csv.pipe(out);
  let rows = 0;
  for await (const r of readCsvRecords(createReadStream(input))) {
    if (!('cells' in r)) continue;
    rows++;
    if (!csv.write(r.cells)) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'finish');
  return rows - 1;
}

/** Runs the CLI; peak resident memory of the whole process (all threads) polled from /proc. */
async function runGrade(args: string[]): Promise<{ code: number | null; peakKb: number; cpuS: number; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peakKb = 0;
  let cpuS = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
      // utime + stime of all threads, in clock ticks (USER_HZ = 100); the last poll misses at most 50 ms.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      cpuS = Math.max(cpuS, (Number(stat[11]) + Number(stat[12])) / 100);
    } catch {
      /* exited between polls */
    }
  }, 50);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(poll);
  return { code, peakKb, cpuS, stderr };
}

export default async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-batch-bench-'));
  try {
    const manifest =
      (await bankManifest()) ??
      syntheticManifest(
        listFamilies().map((f) => f.id),
        10,
        'bench',
      );
    const manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify(manifestToJson(manifest)));
    const answers = join(dir, 'answers.csv');
    let t = performance.now();
    await writeAnswers(answers, manifest);
    const fields = manifestFieldKeys(manifest).length;
    console.log(`${SHEETS} sheets × ${fields} fields (${manifest.versions[0]?.problems.length} problems, bank ${manifest.bank}), file written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    const rows = await parseAndWrite(answers, join(dir, 'copy.csv'));
    const floorS = (performance.now() - t) / 1000;
    const floorRss = process.memoryUsage().rss;
    console.log(`floor (parse + write only): ${rows} rows in ${floorS.toFixed(2)} s = ${Math.round(rows / floorS)} sheets/s (bench process rss ${Math.round(floorRss / 2 ** 20)} MB)`);

    const load = loadavg()[0] as number;
    t = performance.now();
    const run = await runGrade(['grade', answers, '--manifest', manifestPath, '--out', join(dir, 'grades.csv'), '--report', join(dir, 'report.html')]);
    const gradeS = (performance.now() - t) / 1000;
    const graded = readFileSync(join(dir, 'grades.csv'), 'utf8').split('\n').length - 2;
    console.log(
      `rnnquiz grade (default workers, report on): ${graded} sheets in ${gradeS.toFixed(2)} s = ${Math.round(graded / gradeS)} sheets/s, exit ${run.code}, CPU ${run.cpuS.toFixed(1)} s, peak memory ${Math.round(run.peakKb / 1024)} MB (load average before: ${load.toFixed(2)}, 2 cores)`,
    );
    if (run.code !== 0 || graded !== SHEETS) console.log(`!! expected exit 0 and ${SHEETS} rows: ${run.stderr.slice(0, 500)}`);
    console.log(`ratio grade / floor: ${(gradeS / floorS).toFixed(1)}× the time of parse + write`);
    console.log(`goal: ${SHEETS} sheets ≤ ${(60 * SHEETS) / 100_000} s → ${gradeS <= (60 * SHEETS) / 100_000 ? 'met' : 'NOT met'}; peak ≤ 300 MB → ${run.peakKb / 1024 <= 300 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
