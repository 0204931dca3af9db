/** `rnnquiz export moodle` as a user runs it (built CLI in dist/, see test/cli/run.ts). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { rnnquiz } from '../cli/run.js';
import { loadBank } from '../../src/bank/load.js';
import { bankVersions } from '../../src/export/from-bank.js';

const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-moodle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rnnquiz export moodle', () => {
  it('writes a Moodle XML file whose statements come from the family templates', () => {
    const out = join(dir, 'quiz.xml');
    const r = rnnquiz(['export', 'moodle', 'test/export/fixtures/mixed.yaml', '--versions', '2', '--seed', '9', '--out', out]);
    expect(r.stderr).toBe(
      `rnnquiz: wrote 16 Moodle questions (2 versions) to ${out}\n` +
        "rnnquiz: each question's Moodle mark is 6 × its PDF points (a point shared by 2 or 3 boxes needs whole weights); " +
        "set points_per: component in the bank (or give vector answers points their length divides) for marks equal to the points, or set the quiz's maximum grade to the paper's total\n",
    );
    expect(r.status).toBe(0);
    const xml = readFileSync(out, 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'question' }).parse(xml) as { quiz: { question: { '@_type': string }[] } };
    expect(doc.quiz.question.filter((q) => q['@_type'] === 'cloze')).toHaveLength(16);
    expect(doc.quiz.question.filter((q) => q['@_type'] === 'category')).toHaveLength(7);
    expect(xml).toContain('Consider a simple RNN that predicts as');
    // Same bank and seed, same file.
    const again = join(dir, 'again.xml');
    rnnquiz(['export', 'moodle', 'test/export/fixtures/mixed.yaml', '--versions', '2', '--seed', '9', '--out', again]);
    expect(readFileSync(again, 'utf8')).toBe(xml);
  });

  it('exports the course bank question-banks/rnn-midterm.yaml: one question per version and item, one category per item', () => {
    const out = join(dir, 'midterm.xml');
    const r = rnnquiz(['export', 'moodle', 'question-banks/rnn-midterm.yaml', '--versions', '2', '--seed', '2026', '--out', out]);
    expect(r.status).toBe(0);
    const manifest = bankVersions(loadBank('question-banks/rnn-midterm.yaml'), '2026', 2);
    const items = [...new Set(manifest.versions[0]!.problems.map((p) => p.item))];
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'question' }).parse(readFileSync(out, 'utf8')) as {
      quiz: { question: { '@_type': string; category?: { text: string } }[] };
    };
    expect(doc.quiz.question.filter((q) => q['@_type'] === 'cloze')).toHaveLength(2 * manifest.versions[0]!.problems.length);
    expect(doc.quiz.question.filter((q) => q['@_type'] === 'category').map((q) => q.category?.text)).toEqual(items.map((i) => `$course$/rnnquiz/rnn-midterm/${i}`));
  });

  it.each([
    [['--versions', '0', '--out', 'x.xml'], 'test/export/fixtures/mixed.yaml', /--versions 0: expected a whole number from 1 to 500/],
    [['--versions', '2', '--out', 'x.xml'], 'missing.yaml', /cannot read the bank missing\.yaml: ENOENT/],
    [['--versions', '2'], 'test/export/fixtures/mixed.yaml', /required option '--out <file>'/],
    [['--versions', '2', '--out', '/nonexistent-dir/x.xml'], 'test/export/fixtures/mixed.yaml', /cannot write \/nonexistent-dir\/x\.xml/],
  ])('refuses %j for %s with exit 2 and a plain message', (args, bank, message) => {
    const r = rnnquiz(['export', 'moodle', bank, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
