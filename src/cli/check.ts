/**
 * `rnnquiz check BANK.yaml [--variants 1000] [--report check.html] [--json]`:
 * proves a bank before the exam (src/check). Prints one line per item and
 * every problem found (or the whole report as JSON), optionally writes the
 * HTML report. Exit status: 0 every item passes, 1 some item fails, 2 a usage
 * error (a bank that cannot be read).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { type CheckReport, runCheck } from '../check/run.js';
import { renderCheckReport } from '../check/report.js';
import { printJson, runCommand } from './io.js';

export const DEFAULT_VARIANTS = 1000;
export const MAX_VARIANTS = 100_000;

function wholeNumber(raw: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`${option} ${raw}: expected a whole number from ${min} to ${max}`);
  return Number(raw);
}

/** The report as lines for a terminal: a verdict per item, then its problems and warnings. */
export function checkSummaryLines(report: CheckReport): string[] {
  const width = Math.max(...report.items.map((i) => i.id.length));
  const lines: string[] = [];
  for (const i of report.items) {
    const w = i.work;
    const band = w.band ? `, ${Math.round(100 * w.band.inBandShare)} % in band ${w.band.low}–${w.band.high}` : '';
    lines.push(`${i.ok ? 'ok  ' : 'FAIL'}  ${i.id.padEnd(width)}  ${i.variants} variant${i.variants === 1 ? '' : 's'}, ${i.distinct.count} distinct, hand work ${w.median} [${w.min}–${w.max}]${band}`);
    for (const p of i.problems) lines.push(`        problem: ${p}`);
    for (const warning of i.warnings) lines.push(`        note: ${warning}`);
  }
  const failing = report.items.filter((i) => !i.ok).length;
  lines.push(
    `${failing === 0 ? 'every item passes' : `${failing} of ${report.items.length} items fail`} (${report.variants} variants per item, ${report.seconds} s on ${report.threads} thread${report.threads === 1 ? '' : 's'}, ${report.cpuSeconds} s CPU)`,
  );
  return lines;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('draw many variants of every item of a bank and report failures, distinctness, answer spread, mistake separation and hand work')
    .argument('<bank>', 'bank YAML file, e.g. question-banks/rnn-midterm.yaml')
    .option('--variants <n>', 'variants drawn per item', String(DEFAULT_VARIANTS))
    .option('--seed <seed>', 'seed of the variants and of the planned versions', '2026')
    .option('--versions <n>', 'versions planned as the build plans them (fairness band on), to show hand work per version', '30')
    .option('--report <file>', 'write the HTML report here')
    .option('--json', 'print the whole report as JSON')
    .action((bankPath: string, opts: { variants: string; seed: string; versions: string; report?: string; json?: boolean }) =>
      runCommand(async () => {
        const variants = wholeNumber(opts.variants, '--variants', 1, MAX_VARIANTS);
        const versions = wholeNumber(opts.versions, '--versions', 0, 1000);
        let text: string;
        try {
          text = readFileSync(bankPath, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot read the bank ${bankPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        const report = await runCheck({ bank: { text, file: bankPath }, variants, seed: opts.seed, versions });
        if (opts.report) {
          try {
            writeFileSync(opts.report, renderCheckReport(report));
          } catch (e) {
            throw new UsageError(`cannot write the report ${opts.report}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          }
        }
        if (opts.json) printJson(report);
        else process.stdout.write(`${checkSummaryLines(report).join('\n')}\n`);
        if (!report.ok) process.exitCode = 1;
      }),
    );
}
