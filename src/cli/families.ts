/**
 * `rnnquiz families [--json | --markdown]`: every family with its options, the
 * values each takes and its default. Derived from the families' own option
 * schemas (options-doc.ts), so it cannot drift; the README's table is the
 * `--markdown` output, kept in step by a test.
 */
import type { Command } from 'commander';
import { listFamilies } from '../families/registry.js';
import { type OptionDoc, describeOptions, formatOptionLine, optionDefault, optionRange } from '../families/options-doc.js';
import { printJson, runCommand } from './io.js';

export interface FamilyDoc {
  id: string;
  title: string;
  options: OptionDoc[];
}

/** Every registered family and its options. @example familyDocs()[0].id // 'rnn-forward' */
export function familyDocs(): FamilyDoc[] {
  return listFamilies().map((f) => ({ id: f.id, title: f.title, options: describeOptions(f.optionsSchema, f.id) }));
}

/** The terminal listing: a family per paragraph, an option per line. */
export function familiesText(docs: readonly FamilyDoc[]): string {
  return docs.map((d) => [`${d.id} — ${d.title}`, ...(d.options.length === 0 ? ['  (no options)'] : d.options.map((o) => `  ${formatOptionLine(o)}`))].join('\n')).join('\n\n');
}

/** The README table: one row per family and option. */
export function familiesMarkdown(docs: readonly FamilyDoc[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = docs.flatMap((d) =>
    d.options.length === 0
      ? [`| \`${d.id}\` | — | | | no options |`]
      : d.options.map((o) => `| \`${d.id}\` | \`${o.name}\` | ${cell(optionRange(o))} | ${cell(optionDefault(o).replace(/^\((default )?|\)$/g, ''))} | ${cell(o.description)} |`),
  );
  return ['| family | option | values | default | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function registerFamilies(program: Command): void {
  program
    .command('families')
    .description('list the problem families with their options, the values each takes and its default')
    .option('--json', 'print JSON: [{ id, title, options: [{ name, type, min, max, choices, default, description }] }]')
    .option('--markdown', 'print the table the README shows')
    .action((opts: { json?: boolean; markdown?: boolean }) =>
      runCommand(() => {
        const docs = familyDocs();
        if (opts.json) printJson(docs);
        else process.stdout.write(`${opts.markdown ? familiesMarkdown(docs) : familiesText(docs)}\n`);
      }),
    );
}
