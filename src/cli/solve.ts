/** `rnnquiz solve FILE|-`: fills in the answers (and with --steps the worked steps) of hand-typed problems. */
import type { Command } from 'commander';
import { problemSetFromJson, problemToJson } from '../problems.js';
import { printJson, readJson, runCommand } from './io.js';

export function registerSolve(program: Command): void {
  program
    .command('solve')
    .description('solve hand-typed problems (the JSON that generate prints, without answers)')
    .argument('<file>', 'JSON file, or - for standard input')
    .option('--steps', 'include the worked steps')
    .action((file: string, opts: { steps?: boolean }) =>
      runCommand(() => {
        const raw = readJson(file);
        const stripped = stripAnswers(raw);
        const set = problemSetFromJson(stripped);
        printJson({ ...(set.seed !== undefined ? { seed: set.seed } : {}), problems: set.problems.map((p) => problemToJson(p, opts.steps === true)) });
      }),
    );
}

/** `solve` always recomputes: answers present in the file are ignored, not trusted. */
function stripAnswers(raw: unknown): unknown {
  const strip = (p: unknown): unknown => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return p;
    const { answers: _answers, steps: _steps, ...rest } = p as Record<string, unknown>;
    return rest;
  };
  if (Array.isArray(raw)) return raw.map(strip);
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as { problems?: unknown }).problems)) {
    return { ...(raw as object), problems: (raw as { problems: unknown[] }).problems.map(strip) };
  }
  return raw;
}
