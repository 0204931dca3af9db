/** `rnnquiz export moodle BANK.yaml --versions N --seed S --out quiz.xml`: the versions of a bank as a Moodle XML question file. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadBank } from '../bank/load.js';
import { UsageError } from '../core/errors.js';
import { bankViews } from '../export/from-bank.js';
import { moodleMarkMultiplier } from '../export/moodle.js';
import { WRITERS } from '../writers/index.js';
import { runCommand } from './io.js';

const MAX_VERSIONS = 500;

/** Usage errors exit 2 (SPEC §7). Set here because main.ts sets its exitOverride after the commands exist, and commander copies it only at creation. */
const usageExit = (err: { exitCode: number }): never => process.exit(err.exitCode === 0 ? 0 : 2);

export function registerExport(program: Command): void {
  const exporter = program.command('export').description('export exam versions to a learning-management system').exitOverride(usageExit);
  exporter
    .command('moodle')
    .description('write every version of every item as a Moodle Cloze question (Moodle XML), one category per item')
    .argument('<bank>', 'bank file (YAML), e.g. question-banks/rnn-midterm.yaml')
    .requiredOption('--versions <n>', 'how many versions of each item')
    .option('--seed <seed>', 'seed: the same seed gives the same versions as `rnnquiz build`', '1')
    .requiredOption('--out <file>', 'the Moodle XML file to write, e.g. quiz.xml')
    .exitOverride(usageExit)
    .action((bankFile: string, opts: { versions: string; seed: string; out: string }) =>
      runCommand(() => {
        const versions = Number(opts.versions);
        if (!Number.isInteger(versions) || versions < 1 || versions > MAX_VERSIONS) throw new UsageError(`--versions ${opts.versions}: expected a whole number from 1 to ${MAX_VERSIONS}`);
        const views = bankViews(loadBank(bankFile), opts.seed, versions);
        const xml = WRITERS['moodle-xml'].write(views.exam, views.versions, {});
        try {
          writeFileSync(opts.out, xml, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        const questions = views.versions.reduce((n, v) => n + v.questions.length, 0);
        process.stderr.write(`rnnquiz: wrote ${questions} Moodle questions (${versions} version${versions === 1 ? '' : 's'}) to ${opts.out}\n`);
        // Cloze weights are whole numbers and Moodle's mark is their sum: say how marks relate to the PDF's points.
        const m = moodleMarkMultiplier(views.versions);
        if (m !== 1)
          process.stderr.write(
            `rnnquiz: each question's Moodle mark is ${m} × its PDF points (a point shared by 2 or 3 boxes needs whole weights); ` +
              `set points_per: component in the bank (or give vector answers points their length divides) for marks equal to the points, or set the quiz's maximum grade to the paper's total\n`,
          );
      }),
    );
}
