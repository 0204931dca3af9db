/**
 * `rnnquiz start` (what `npm start` runs): builds the default bank
 * `question-banks/rnn-midterm.yaml` into `out/` when `out/manifest.json` is
 * missing, then serves it on 127.0.0.1:3000 with the database
 * `out/rnnquiz.db`, and prints the address of one student page.
 *
 * The build runs as `rnnquiz build …` in a child process: the same command an
 * instructor types, so `start` depends only on its documented surface.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { runCommand } from './io.js';
import { serveFromCli } from './serve.js';

export const DEFAULT_BANK = join('question-banks', 'rnn-midterm.yaml');
export const DEFAULT_OUT = 'out';
export const DEFAULT_VERSIONS = 4;
export const DEFAULT_SEED = '2026';

/** Runs this same CLI with `args`; resolves when it exits 0. */
function runSelf(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1] as string, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new UsageError(`rnnquiz ${args.join(' ')} failed (exit code ${code ?? 'signal'})`))));
  });
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('build the default exam into out/ if needed and serve the grading site on 127.0.0.1:3000')
    .option('--port <n>', 'port to listen on', '3000')
    .option('--no-rate-limit', 'turn the per-IP rate limit off')
    .option('--create-db', 'create out/rnnquiz.db even though an earlier start had one (it vanished: start an empty one)')
    .option('--quiet', 'no request log')
    .action((opts: { port: string; rateLimit: boolean; quiet?: boolean; createDb?: boolean }) =>
      runCommand(async () => {
        const manifest = join(DEFAULT_OUT, 'manifest.json');
        if (!existsSync(manifest)) {
          process.stderr.write(`rnnquiz: ${manifest} is missing; building ${DEFAULT_BANK} (${DEFAULT_VERSIONS} versions, seed ${DEFAULT_SEED})\n`);
          await runSelf(['build', DEFAULT_BANK, '--versions', String(DEFAULT_VERSIONS), '--seed', DEFAULT_SEED, '--out', DEFAULT_OUT]);
        }
        const running = await serveFromCli({
          manifest,
          port: opts.port,
          host: '127.0.0.1',
          db: join(DEFAULT_OUT, 'rnnquiz.db'),
          createDb: opts.createDb === true,
          rateLimit: opts.rateLimit,
          ...(opts.quiet ? { quiet: true } : {}),
        });
        const first = running.manifest.versions[0];
        if (first) process.stderr.write(`student page of version ${first.id}: ${running.url}/q/${first.token}\n`);
      }),
    );
}
