/** `rnnquiz start` (what `npm start` runs): until the build and the server land, writes a sample problem set to out/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateProblemSet, problemToJson } from '../problems.js';
import { runCommand } from './io.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('build the default exam into out/ and serve the grading site')
    .action(() =>
      runCommand(() => {
        mkdirSync('out', { recursive: true });
        const set = generateProblemSet('rnn-forward', '2026', 3);
        writeFileSync('out/sample-problems.json', `${JSON.stringify({ seed: set.seed, problems: set.problems.map((p) => problemToJson(p, true)) }, null, 2)}\n`);
        process.stdout.write('wrote out/sample-problems.json\n');
      }),
    );
}
