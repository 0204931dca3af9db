/**
 * Choice mode on paper: the exam PDF prints every choice field's options A–E
 * (typeset, as the answer sheet captions them), never which one is the key nor
 * the mistake an option stands for; the key PDF marks the right letter. The
 * options' values read back from their printed text exactly as printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBank } from '../../src/bank/load.js';
import { planVersion, versionIds } from '../../src/plan/plan.js';
import { bankExamInfo, createViewBuilder, optionValue } from '../../src/view/build.js';
import { WRITERS } from '../../src/writers/index.js';
import { pdfBytes } from '../../src/exam/pdf-doc.js';
import { valueToText } from '../../src/render/tex-values.js';
import { MISTAKE_IDS } from '../../src/families/contract.js';
import type { VersionView } from '../../src/view/question-view.js';
import { fixture } from '../support/fixture.js';

const FILE = 'test/scan/choice-bank.yaml';

/** Version V01 of the choice-mode scan bank as views (built inside the tests that read it). */
const views = fixture(() => {
  const bank = parseBank(readFileSync(FILE, 'utf8'), FILE);
  const builder = createViewBuilder();
  return { exam: builder.exam(bankExamInfo(bank)), version: builder.version(planVersion(bank, '2026', 'V01', 'choice-pdf-secret'), 'http://127.0.0.1/q/t') };
});

/** The PDF's text with no whitespace, typeset minus signs as '-' and no transpose marks: `A[5,-1]B[3,1]…`. */
async function flatText(doc: PDFKit.PDFDocument): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-choice-pdf-'));
  try {
    const file = join(dir, 'out.pdf');
    writeFileSync(file, await pdfBytes(doc));
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/−/g, '-').replace(/⊤/g, '').replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const flat = (s: string): string => s.replace(/\s+/g, '');

/** Every choice-mode field of a version with the next field's address (the end of its stretch of text). */
function choiceFields(version: VersionView) {
  const all = version.questions.flatMap((q) => q.fields);
  return all.flatMap((f, i) => (f.options ? [{ field: f, options: f.options, next: all[i + 1]?.key }] : []));
}

describe('choice mode in the exam and key PDFs', () => {
  it('prints each choice field five options with their letters, under its address, and tells a student to write one letter', async () => {
    const { exam, version } = views();
    const text = await flatText(WRITERS['exam-pdf'].write(exam, version).doc);
    const fields = choiceFields(version);
    expect(fields.length).toBeGreaterThanOrEqual(10); // rnn-forward's h, y, o and the GRU's seven
    for (const { field, options, next } of fields) {
      const start = text.indexOf(field.key);
      expect(start, field.key).toBeGreaterThanOrEqual(0);
      const stretch = text.slice(start, next === undefined ? undefined : text.indexOf(next, start));
      expect(options.map((o) => o.letter)).toEqual(['A', 'B', 'C', 'D', 'E']);
      for (const o of options) expect(stretch, `${field.key} ${o.letter}`).toContain(`${o.letter}${flat(o.text)}`);
      expect(stretch).toContain(flat('one letter A–E'));
    }
  });

  it('never says on the exam which option is the key, nor what mistake a distractor stands for', async () => {
    const { exam, version } = views();
    const text = (await flatText(WRITERS['exam-pdf'].write(exam, version).doc)).toLowerCase();
    const named = choiceFields(version).flatMap(({ options }) => options.flatMap((o) => [o.mistake, o.from?.split(':')[1]]));
    expect(named.filter((m) => m !== undefined && m !== 'nearby').length).toBeGreaterThan(0); // there are named mistakes to hide
    for (const m of [...MISTAKE_IDS, 'carried-forward', 'nearby', 'carried forward', 'distractor']) expect(text).not.toContain(flat(m));
    // The key's marks, `(D)` in the key PDF, never appear on the exam.
    expect(text).not.toMatch(/\([a-e]\)/);
  });

  it('marks the right letter in the key PDF, in the answer grid and in each question’s answer table', async () => {
    const { exam, version } = views();
    const text = await flatText(WRITERS['key-pdf'].write(exam, version).doc);
    for (const { field, options } of choiceFields(version)) {
      const key = options.find((o) => o.key);
      expect(key?.text, field.key).toBe(valueToText(field.answer));
      const marked = `${field.key}(${key!.letter})${flat(key!.text)}`;
      // Once in the grid on page 1, once in the question's table of answers.
      expect(text.split(marked).length - 1, field.key).toBe(2);
    }
  });

  it('reads every option back to the value it prints (exact stays exact, 4 decimals stay 4 decimals)', () => {
    const bank = parseBank(readFileSync(FILE, 'utf8'), FILE);
    const builder = createViewBuilder();
    let seen = 0;
    for (const id of versionIds(4)) {
      for (const q of builder.version(planVersion(bank, '7', id, 'choice-pdf-secret')).questions)
        for (const f of q.fields)
          for (const o of f.options ?? []) {
            expect(valueToText(o.value), `${f.key} ${o.text}`).toBe(o.text);
            expect(o.value.kind).toBe(typeof f.shape === 'number' ? 'vector' : 'scalar');
            seen++;
          }
    }
    expect(seen).toBeGreaterThan(100);
    expect(optionValue('-3/4', 'scalar')).toEqual({ kind: 'scalar', v: expect.objectContaining({ s: -1n, n: 3n, d: 4n }) as unknown });
    expect(optionValue('0.8808', 'scalar')).toEqual({ kind: 'scalar', v: 0.8808 });
    expect(optionValue('[4, 0]', 2).kind).toBe('vector');
    expect(optionValue('not a number', 'scalar')).toEqual({ kind: 'label', v: 'not a number' });
  });
});
