/** `rnnquiz generate --family F [--seed S] [--count N] [--set key=value …] --json` (SPEC §7). */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { generateProblemSet, problemToJson } from '../problems.js';
import { parseSets, printJson, runCommand } from './io.js';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('print a seeded problem set as JSON: each problem with its family, options, given and answers')
    .requiredOption('--family <id>', 'problem family, e.g. rnn-forward, lstm, gru')
    .option('--seed <seed>', 'seed: the same seed gives the same problems', '1')
    .option('--count <n>', 'how many problems', '1')
    .option('--set <key=value>', 'family option, repeatable (hidden=2, steps=3, activation=tanh, …)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print JSON (the only output format)')
    .option('--steps', 'include the worked steps')
    .action((opts: { family: string; seed: string; count: string; set: string[]; steps?: boolean }) =>
      runCommand(() => {
        const count = Number(opts.count);
        if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new UsageError(`--count ${opts.count}: expected a whole number from 1 to 10000`);
        const set = generateProblemSet(opts.family, opts.seed, count, parseSets(opts.set));
        printJson({ seed: set.seed, problems: set.problems.map((p) => problemToJson(p, opts.steps === true)) });
      }),
    );
}
