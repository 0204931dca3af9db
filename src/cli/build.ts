/** `rnnquiz build BANK.yaml --versions N --seed S --out DIR [--base-url URL]` (SPEC §7). */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { UsageError } from '../core/errors.js';
import { buildExam } from '../exam/build.js';
import { loadSecret } from '../secret.js';
import { formatWorkSpread } from '../check/fairness.js';
import { runCommand } from './io.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

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
    .description('exam PDFs, answer-key PDFs, print-all.pdf and manifest.json for N versions of a bank')
    .argument('<bank>', 'bank YAML file, e.g. question-banks/rnn-midterm.yaml')
    .requiredOption('--versions <n>', 'how many versions')
    .requiredOption('--seed <seed>', 'seed: the same bank and seed give the same files, byte for byte')
    .requiredOption('--out <dir>', 'output folder')
    .option('--base-url <url>', 'where the answer site runs; printed as <url>/q/<token>', DEFAULT_BASE_URL)
    .action((bankPath: string, opts: { versions: string; seed: string; out: string; baseUrl: string }) =>
      runCommand(async () => {
        const versions = Number(opts.versions);
        if (!/^\d+$/.test(opts.versions)) throw new UsageError(`--versions ${opts.versions}: expected a whole number`);
        if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(opts.baseUrl)) throw new UsageError(`--base-url ${opts.baseUrl}: expected an http(s) URL such as https://quiz.example.edu`);
        const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'building {bar} {value}/{total} {task}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
        bar?.start(versions, 0, { task: 'versions' });
        const started = performance.now();
        try {
          const summary = await buildExam({
            bankPath,
            seed: opts.seed,
            versions,
            out: opts.out,
            baseUrl: opts.baseUrl.replace(/\/+$/, ''),
            secret: loadSecret(),
            onProgress: (done, total) => {
              const view = progressView(done, total);
              bar?.update(view.value, { task: view.task });
            },
          });
          bar?.stop();
          const seconds = (performance.now() - started) / 1000;
          process.stderr.write(`built ${summary.versions} versions (${summary.pagesPerVersion} pages each in print-all.pdf) into ${summary.out} in ${seconds.toFixed(1)} s on ${summary.threads} thread${summary.threads === 1 ? '' : 's'}\n`);
          const spread = formatWorkSpread(summary.work);
          if (spread.length > 0) process.stderr.write(`hand work per item across versions (least–most; the fairness band redraws outliers):\n${spread.map((l) => `  ${l}\n`).join('')}`);
        } catch (e) {
          bar?.stop();
          throw e;
        }
      }),
    );
}
