/**
 * The real server as a child process (`node dist/src/cli/main.js serve …` on
 * 127.0.0.1, port 0) for the fault and abuse suite: start it, read its
 * stderr (the error log), stop it. Built by `npx tsc -p tsconfig.json` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_ADMIN, TEST_SECRET } from './fixture.js';

export const MAIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  /** Everything the server wrote on stderr so far (start-up lines and the error log). */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Runs `rnnquiz serve` with extra flags; resolves once it prints its address, rejects if it exits first. */
export function startChildServer(options: { manifestPath: string; dbPath: string; cwd: string; args?: string[] }): Promise<ChildServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx tsc -p tsconfig.json first`);
  const proc = spawn(process.execPath, [MAIN, 'serve', '--manifest', options.manifestPath, '--db', options.dbPath, '--port', '0', '--no-rate-limit', '--quiet', ...(options.args ?? [])], {
    env: { ...process.env, RNNQUIZ_SECRET: TEST_SECRET, RNNQUIZ_ADMIN_TOKEN: TEST_ADMIN },
    cwd: options.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) {
        resolve({
          proc,
          url: m[1] as string,
          stderr: () => err,
          exited,
          stop: async () => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then((e) => reject(Object.assign(new Error(`server exited (${e.code}) before listening: ${err}`), { exit: e, stderr: err })));
  });
}

/** Runs `rnnquiz serve` expecting it to refuse to start: its exit code and stderr. */
export async function failedStart(options: { manifestPath: string; dbPath: string; cwd: string }): Promise<{ code: number | null; stderr: string }> {
  try {
    const s = await startChildServer(options);
    await s.stop();
    return { code: 0, stderr: s.stderr() };
  } catch (e) {
    const failure = e as { exit?: { code: number | null }; stderr?: string };
    if (!failure.exit) throw e;
    return { code: failure.exit.code, stderr: failure.stderr ?? '' };
  }
}
