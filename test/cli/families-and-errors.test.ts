/**
 * `rnnquiz families` (derived from the families' option schemas, the README
 * table in step with it), short usage errors, and the build's progress count.
 * Runs the compiled CLI (dist/).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rnnquiz } from './run.js';
import { progressView } from '../../src/cli/build.js';
import { familiesMarkdown, familyDocs } from '../../src/cli/families.js';
import { LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

describe('rnnquiz families', () => {
  const r = rnnquiz(['families', '--json']);
  const docs = JSON.parse(r.stdout) as {
    id: string;
    title: string;
    options: { name: string; type: string; min?: number; max?: number; choices?: string[]; default?: unknown; description: string }[];
  }[];
  const option = (family: string, name: string) => docs.find((d) => d.id === family)?.options.find((o) => o.name === name);

  it('lists every family', () => {
    expect(r.status).toBe(0);
    expect(docs.map((d) => d.id)).toEqual(['rnn-forward', 'birnn-forward', 'rnn-classify', 'lstm', 'gru', 'bptt', 'param-count', 'rnn-architecture', 'multiple-choice']);
  });

  it.each([
    // family, option, what the option takes (SPEC §4 sizes; the lecture's defaults: one LSTM step, identity classwork)
    ['lstm', 'steps', { type: 'integer', min: 1, max: 5, default: 1 }],
    ['lstm', 'bias', { type: 'boolean', default: true }],
    ['gru', 'bias', { type: 'boolean', default: false }],
    ['rnn-forward', 'hidden', { type: 'integer', min: 1, max: 4, default: 2 }],
    ['rnn-forward', 'activation', { type: 'choice', choices: ['identity', 'tanh'], default: 'identity' }],
    ['bptt', 'regime', { type: 'choice', choices: ['vanishing', 'exploding', 'mixed'], default: 'mixed' }],
    ['param-count', 'cell', { type: 'choice', choices: ['rnn', 'lstm', 'gru', 'any'], default: 'any' }],
  ])('%s.%s takes %j', (family, name, expected) => {
    expect(option(family, name)).toMatchObject(expected);
  });

  it('says when an option has no default', () => {
    expect(option('param-count', 'bidirectional')).not.toHaveProperty('default');
  });

  it('explains every option in words', () => {
    for (const d of docs) for (const o of d.options) expect(o.description, `${d.id}.${o.name}`).not.toBe('');
  });

  it('prints one line per option for people', () => {
    const text = rnnquiz(['families']).stdout;
    expect(text).toContain('lstm — LSTM forward pass\n  hidden: a whole number from 1 to 4 (default 2) — hidden size n (length of h)\n');
    expect(text).toContain('rnn-architecture — ');
    expect(text).toContain('  (no options)');
  });

  it('is what the README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- families:start -->\n([\s\S]*?)<!-- families:end -->/.exec(readme)?.[1];
    expect(block).toBe(`${familiesMarkdown(familyDocs())}\n`);
  });
});

describe('short usage errors', () => {
  it.each([
    [['generate'], 'error: required option \'--family <id>\' not specified\n(run "rnnquiz generate --help" for usage)\n'],
    [['build', 'x.yaml'], 'error: required option \'--versions <n>\' not specified\n(run "rnnquiz build --help" for usage)\n'],
    [['generate', '--family', 'lstm', '--bogus'], 'error: unknown option \'--bogus\'\n(run "rnnquiz generate --help" for usage)\n'],
    [['bogus'], 'error: unknown command \'bogus\'\n(run "rnnquiz --help" for the commands)\n'],
  ])('%j: one line and a pointer to --help, exit 2', (args, stderr) => {
    const r = rnnquiz(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stderr);
  });

  it('names a misspelt family and option with a did-you-mean', () => {
    expect(rnnquiz(['generate', '--family', 'lstmm']).stderr).toBe(
      'rnnquiz: option family: unknown family "lstmm"; did you mean "lstm"? (known: rnn-forward, birnn-forward, rnn-classify, lstm, gru, bptt, param-count, rnn-architecture, multiple-choice)\n',
    );
    expect(rnnquiz(['generate', '--family', 'lstm', '--set', 'stepz=2']).stderr).toBe(
      'rnnquiz: option stepz: unknown option "stepz" (did you mean "steps"?); lstm takes hidden, input, steps, bias, weights, inputs, notation\n',
    );
  });
});

describe('a hand-typed problem', () => {
  it('gets every error of its given at once from rnnquiz solve', () => {
    const { bc: _bc, ...rest } = LSTM_PRACTICE_GIVEN;
    const given = { ...rest, bcc: [-1, 0], bf: [0, 'x'], c0: [1, 5, 2] };
    const r = rnnquiz(['solve', '-'], JSON.stringify([{ family: 'lstm', given }]));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      [
        'rnnquiz: problems[0].given.bcc: no such field; did you mean "bc"? (allowed: Wf, Uf, bf, Wi, Ui, bi, Wo, Uo, bo, Wc, Uc, bc, h0, c0, xs)',
        'problems[0].given.bf[1]: expected a number (an integer, a decimal, or "p/q"), got "x"',
        'problems[0].given.c0: expected a vector of 2 numbers, got 3 numbers',
        '',
      ].join('\n'),
    );
  });
});

describe('the build progress bar', () => {
  it.each([
    // 6 versions are 7 jobs (the print file last); the bar counts the versions.
    [0, 7, { value: 0, total: 6, task: 'versions' }],
    [5, 7, { value: 5, total: 6, task: 'versions' }],
    [6, 7, { value: 6, total: 6, task: 'versions; writing print-all.pdf' }],
    [7, 7, { value: 6, total: 6, task: 'done' }],
    [1, 2, { value: 1, total: 1, task: 'versions; writing print-all.pdf' }],
  ])('after %i of %i jobs shows %j', (done, total, view) => {
    expect(progressView(done, total)).toEqual(view);
  });
});
