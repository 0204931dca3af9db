/** `rnnquiz build BANK.yaml --versions N [--seed S] --out DIR [--base-url URL] [--roster CSV]` (SPEC §7, §7.1). */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { UsageError } from '../core/errors.js';
import { buildExam } from '../exam/build.js';
import { loadSecret } from '../secret.js';
import { formatWorkSpread } from '../check/fairness.js';
import { runCommand } from './io.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

/**
 * True when the URL's host is this machine only (127.0.0.0/8, ::1, localhost, 0.0.0.0): a link students cannot open.
 * @example isLoopbackUrl('http://127.0.0.1:3000') // true
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '0.0.0.0';
}

interface BuildCliOptions {
  versions: string;
  seed?: string;
  out: string;
  baseUrl: string;
  roster?: string;
  groupBy?: string;
  online: boolean;
  buildId?: string;
}

/**
 * What the progress bar shows after `done` of the build's `total` jobs (one per
 * version, then the print file): the bar counts versions only, so building 6
 * reads 1/6 … 6/6 and then names the print file, never 5/7.
 * @example progressView(5, 7) // { value: 5, total: 6, task: 'versions' }
 * @example progressView(6, 7) // { value: 6, total: 6, task: 'versions; writing print-all.pdf' }
 */
export function progressView(done: number, total: number): { value: number; total: number; task: string } {
  const versions = total - 1;
  if (done >= total) return { value: versions, total: versions, task: 'done' };
  return { value: done, total: versions, task: done === versions ? 'versions; writing print-all.pdf' : 'versions' };
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('exam PDFs, answer-key PDFs, print-all.pdf and manifest.json for N versions of a bank (with --roster: one exam per student)')
    .argument('<bank>', 'bank YAML file, e.g. question-banks/rnn-midterm.yaml')
    .requiredOption('--versions <n>', 'how many versions')
    .option('--seed <seed>', 'seed: the same bank and seed give the same problems; drawn at random (and recorded in the manifest) when left out. Keep it private: bank + seed are the key')
    .requiredOption('--out <dir>', 'output folder')
    .option('--base-url <url>', 'where the answer site runs; printed as <url>/q/<token>', DEFAULT_BASE_URL)
    .option('--roster <csv>', 'class roster (columns id, name; optional email, section, seat): one exam per student, bound by their own token')
    .option('--group-by <column>', 'with --roster: print-all.pdf grouped by this column (section)')
    .option('--no-online', 'paper only: no QR code or link on the exams')
    .option('--build-id <id>', 'reuse a build id to reproduce a build byte for byte (normally drawn at random, so no two builds share links)')
    .action((bankPath: string, opts: BuildCliOptions) =>
      runCommand(async () => {
        const versions = Number(opts.versions);
        if (!/^\d+$/.test(opts.versions)) throw new UsageError(`--versions ${opts.versions}: expected a whole number`);
        if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(opts.baseUrl)) throw new UsageError(`--base-url ${opts.baseUrl}: expected an http(s) URL such as https://quiz.example.edu`);
        if (opts.groupBy !== undefined && opts.groupBy !== 'section') throw new UsageError(`--group-by ${opts.groupBy}: expected section`);
        if (opts.groupBy !== undefined && opts.roster === undefined) throw new UsageError('--group-by needs --roster');
        if (opts.buildId !== undefined && !/^[A-Za-z0-9_-]{8,64}$/.test(opts.buildId)) throw new UsageError(`--build-id ${opts.buildId}: expected 8 to 64 letters, digits, - or _`);
        const seed = opts.seed ?? randomBytes(9).toString('base64url');
        if (opts.seed === undefined) process.stderr.write(`no --seed given: drew seed ${seed} (recorded in the manifest; keep it private)\n`);
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ stream: process.stderr, format: 'building {bar} {value}/{total} {task}', hideCursor: true }, cliProgress.Presets.shades_classic)
          : undefined;
        bar?.start(versions, 0, { task: 'versions' });
        const started = performance.now();
        try {
          const summary = await buildExam({
            bankPath,
            seed,
            versions,
            out: opts.out,
            baseUrl: opts.baseUrl.replace(/\/+$/, ''),
            secret: loadSecret(),
            online: opts.online,
            ...(opts.roster !== undefined ? { rosterPath: opts.roster } : {}),
            ...(opts.groupBy === 'section' ? { groupBy: 'section' as const } : {}),
            ...(opts.buildId !== undefined ? { buildId: opts.buildId } : {}),
            onProgress: (done, total) => {
              const view = progressView(done, total);
              bar?.update(view.value, { task: view.task });
            },
          });
          bar?.stop();
          const seconds = (performance.now() - started) / 1000;
          const who = summary.students > 0 ? ` for ${summary.students} students` : '';
          process.stderr.write(
            `built ${summary.versions} versions${who} (${summary.pagesPerVersion} pages each in print-all.pdf) into ${summary.out} in ${seconds.toFixed(1)} s on ${summary.threads} thread${summary.threads === 1 ? '' : 's'}\n`,
          );
          const spread = formatWorkSpread(summary.work);
          if (spread.length > 0) process.stderr.write(`hand work per item across versions (least–most; the fairness band redraws outliers):\n${spread.map((l) => `  ${l}\n`).join('')}`);
          if (opts.online && isLoopbackUrl(opts.baseUrl)) {
            process.stderr.write(
              `warning: the printed link ${opts.baseUrl} points at this machine only; students cannot open it. Rebuild with --base-url set to the site's public address (or --no-online for paper only)\n`,
            );
          }
        } catch (e) {
          bar?.stop();
          throw e;
        }
      }),
    );
}
