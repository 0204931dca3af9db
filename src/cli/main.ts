#!/usr/bin/env node
/**
 * The `rnnquiz` command line (SPEC §7). Each command lives in its own module
 * and registers itself here.
 */
import { Command } from 'commander';

/**
 * Each command's module, loaded only when needed: a command imports its own
 * stack (the server, pdfkit, MuPDF, sharp), ~1 s of start-up for `serve`
 * alone, which `rnnquiz generate` should not pay. All are loaded for the
 * overall help and for an unknown command (its did-you-mean needs every name).
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  generate: async () => (await import('./generate.js')).registerGenerate,
  solve: async () => (await import('./solve.js')).registerSolve,
  mark: async () => (await import('./mark.js')).registerMark,
  start: async () => (await import('./start.js')).registerStart,
  export: async () => (await import('./export.js')).registerExport,
  serve: async () => (await import('./serve.js')).registerServe,
  grade: async () => (await import('./grade.js')).registerGrade,
  build: async () => (await import('./build.js')).registerBuild,
  check: async () => (await import('./check.js')).registerCheck,
  scan: async () => (await import('./scan.js')).registerScan,
  families: async () => (await import('./families.js')).registerFamilies,
};

const program = new Command();
program.name('rnnquiz').description('Generate and grade randomized RNN, LSTM and GRU exams').showHelpAfterError('(run "rnnquiz --help" for the commands)');
// Before the commands are added: commander copies this setting into each subcommand as it is created.
// A usage error (missing option, unknown command) exits 2 like every other user error; --help exits 0.
program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 2);
});

const asked = process.argv[2];
const needed = asked !== undefined && Object.hasOwn(COMMANDS, asked) ? [asked] : Object.keys(COMMANDS);
for (const register of await Promise.all(needed.map(async (name) => (COMMANDS[name] as () => Promise<(program: Command) => void>)()))) register(program);

// A usage error is one line and a pointer to the command's own help, not the whole help text.
for (const command of program.commands) command.showHelpAfterError(`(run "rnnquiz ${command.name()} --help" for usage)`);

await program.parseAsync(process.argv);
