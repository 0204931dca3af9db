#!/usr/bin/env node
/**
 * The `rnnquiz` command line (SPEC §7). Each command lives in its own module
 * and registers itself here.
 */
import { Command } from 'commander';
import { registerGenerate } from './generate.js';
import { registerSolve } from './solve.js';
import { registerMark } from './mark.js';
import { registerStart } from './start.js';
import { registerExport } from './export.js';
import { registerServe } from './serve.js';
import { registerGrade } from './grade.js';
import { registerBuild } from './build.js';
import { registerFamilies } from './families.js';
import { registerCheck } from './check.js';
import { registerScan } from './scan.js';

const program = new Command();
program.name('rnnquiz').description('Generate and grade randomized RNN, LSTM and GRU exams').showHelpAfterError('(run "rnnquiz --help" for the commands)');
// Before the commands are added: commander copies this setting into each subcommand as it is created.
// A usage error (missing option, unknown command) exits 2 like every other user error; --help exits 0.
program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 2);
});

registerGenerate(program);
registerSolve(program);
registerMark(program);
registerStart(program);
registerExport(program);
registerServe(program);
registerGrade(program);
registerBuild(program);
registerCheck(program);
registerScan(program);
registerFamilies(program);

// A usage error is one line and a pointer to the command's own help, not the whole help text.
for (const command of program.commands) command.showHelpAfterError(`(run "rnnquiz ${command.name()} --help" for usage)`);

await program.parseAsync(process.argv);
