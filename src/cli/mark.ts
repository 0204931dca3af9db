/**
 * `rnnquiz mark (--manifest DIR/manifest.json --version V | --problems P.json) --responses R.json`
 * (SPEC §7): grades one response set against a version of a build or a
 * `generate`/`solve` output and prints the result JSON. With `--key`, prints
 * the key as a response set instead (instructors only; grading it scores 100 %).
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { findVersion, manifestFromJson } from '../manifest.js';
import { problemSetFromJson } from '../problems.js';
import { DEFAULT_POLICY, type GradingPolicy } from '../grading/types.js';
import { type GradableProblem, gradeResponse, readResponseSet } from '../grading/grade.js';
import { keyAsResponses } from '../grading/key.js';
import { printJson, readJson, runCommand } from './io.js';

interface MarkOptions {
  manifest?: string;
  version?: string;
  problems?: string;
  responses?: string;
  key?: boolean;
}

/** The problems and policy to grade against, from exactly one of --manifest/--version or --problems. */
function loadKey(opts: MarkOptions): { problems: GradableProblem[]; policy: GradingPolicy } {
  if ((opts.manifest === undefined) === (opts.problems === undefined)) throw new UsageError('give either --manifest DIR/manifest.json --version V, or --problems P.json');
  if (opts.manifest !== undefined) {
    if (opts.version === undefined) throw new UsageError('--manifest needs --version V (a version id such as V01)');
    const manifest = manifestFromJson(readJson(opts.manifest));
    return { problems: findVersion(manifest, opts.version).problems, policy: manifest.policy };
  }
  if (opts.version !== undefined) throw new UsageError('--version goes with --manifest, not with --problems');
  return { problems: problemSetFromJson(readJson(opts.problems as string)).problems, policy: DEFAULT_POLICY };
}

export function registerMark(program: Command): void {
  program
    .command('mark')
    .description('grade one response set ({ "answers": { "p1.h2": "[7, 5]" } }) and print the result JSON')
    .option('--manifest <file>', 'DIR/manifest.json of a build')
    .option('--version <id>', 'version id in the manifest, e.g. V01')
    .option('--problems <file>', 'a problem set from generate --json or solve')
    .option('--responses <file>', 'the response set, or - for standard input')
    .option('--key', 'print the key as a response set instead of grading (instructors only)')
    .action((opts: MarkOptions) =>
      runCommand(() => {
        const { problems, policy } = loadKey(opts);
        if (opts.key) {
          printJson({ answers: keyAsResponses(problems) });
          return;
        }
        if (opts.responses === undefined) throw new UsageError('--responses R.json is required (or --key to print the key)');
        const response = readResponseSet(readJson(opts.responses), problems);
        printJson(gradeResponse(problems, response, policy));
      }),
    );
}
