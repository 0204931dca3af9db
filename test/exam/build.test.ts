/**
 * The build end to end (in-process): same bank, seed and build id → the same bytes;
 * versions differ; every number the key prints matches the manifest; the exam
 * carries the version code on every page and a box per answer field; the
 * print file pads every version to the same even page count.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExam } from '../../src/exam/build.js';
import { planVersion, versionIds } from '../../src/plan/plan.js';
import { loadBank } from '../../src/bank/load.js';
import { problemToJson } from '../../src/problems.js';

const BANK = 'question-banks/rnn-midterm.yaml';
const SECRET = 'test-secret-0123456789abcdef';

type Json = number | string | Json[];
interface ManifestJson {
  bank: string;
  seed: string;
  meta: Record<string, unknown>;
  versions: {
    id: string;
    token: string;
    problems: {
      id: string;
      family: string;
      given: Record<string, unknown>;
      answers: Record<string, Json>;
      tolerance: Record<string, unknown>;
      points: Record<string, number>;
      steps: { args: Json[]; value: Json }[];
    }[];
  }[];
}

const pdftotext = (file: string, layout = true): string => execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
const pageCount = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

/** How the key prints a stored answer: exact as integer or p/q, numeric to 4 decimals, vectors in brackets. */
/** How pdftotext reads a label's inline math once typeset: `\\(C_{t-1}\\)` → `Ct−1` (scripts inline, a real minus). */
const typeset = (label: string): string => label.replace(/\\\((.*?)\\\)/g, (_, tex: string) => tex.replace(/[_^{}]/g, '').replace(/-/g, '−'));

function printed(value: Json, numeric: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => printed(v, numeric)).join(', ')}]`;
  if (typeof value === 'string') return typeset(value);
  const s = numeric ? value.toFixed(4) : String(value);
  return s === '-0.0000' ? '0.0000' : s;
}

/** Every numeric number of a JSON value (floats; integers may be exact). */
function numbers(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => numbers(v, out));
  else if (typeof value === 'number') out.add(printed(value, true));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbers(v, out));
}

describe('rnnquiz build', () => {
  let dirA: string;
  let dirB: string;
  let manifest: ManifestJson;

  beforeAll(async () => {
    dirA = mkdtempSync(join(tmpdir(), 'rnnquiz-build-a-'));
    dirB = mkdtempSync(join(tmpdir(), 'rnnquiz-build-b-'));
    // The same build id too: without one, every build draws its own (and its links differ; test/roster/build.test.ts).
    const options = { bankPath: BANK, seed: '2026', versions: 2, baseUrl: 'http://127.0.0.1:3000', secret: SECRET, maxThreads: 1, buildId: 'fixed-build-id' };
    await buildExam({ ...options, out: dirA });
    await buildExam({ ...options, out: dirB });
    manifest = JSON.parse(readFileSync(join(dirA, 'manifest.json'), 'utf8')) as ManifestJson;
  }, 120_000);

  it('writes exams, keys, the print file and the manifest, and nothing else', () => {
    expect(readdirSync(dirA).sort()).toEqual(['V01-exam.pdf', 'V01-key.pdf', 'V02-exam.pdf', 'V02-key.pdf', 'manifest.json', 'print-all.pdf']);
    expect(manifest).toMatchObject({ bank: 'rnn-midterm', seed: '2026', meta: { baseUrl: 'http://127.0.0.1:3000', date: '2026-03-12' } });
    expect(manifest.versions.map((v) => v.id)).toEqual(['V01', 'V02']);
  });

  it('gives byte-identical files for the same bank, seed and build id', () => {
    for (const f of readdirSync(dirA)) expect(readFileSync(join(dirB, f)).equals(readFileSync(join(dirA, f))), f).toBe(true);
  });

  it('prints every answer of the key exactly as the manifest stores it, with its tolerance and points', () => {
    const text = pdftotext(join(dirA, 'V01-key.pdf'));
    const rows = new Map<string, string>();
    let last: { address: string; value: string; rest: string } | undefined;
    for (const line of text.split('\n')) {
      const m = /^\s*(p\d+\.\w+)\s{2,}(.+?)\s{2,}(exact|label|±max\([\d.]+, [\d.]+%\))\s+([\d.]+)\s*$/.exec(line);
      const wrapped = /^\s{12,}(\S.*?)\s*$/.exec(line);
      if (m) last = { address: m[1] as string, value: m[2] as string, rest: `${m[3]} | ${m[4]}` };
      else if (last && wrapped)
        last.value += ` ${wrapped[1]}`; // a long label wraps in its column
      else last = undefined;
      if (last) rows.set(last.address, `${last.value} | ${last.rest}`);
    }
    const version = manifest.versions[0]!;
    let fields = 0;
    for (const p of version.problems) {
      // The asked fields (those with points): a_t is in the answers but not asked when it equals h_t.
      for (const name of Object.keys(p.points)) {
        const value = p.answers[name];
        if (value === undefined) throw new Error(`${p.id}.${name} has points but no answer in the manifest`);
        const numeric = name in p.tolerance;
        const grading = numeric ? '±max(0.01, 1%)' : typeof value === 'string' && !/^-?\d+(\/\d+)?$/.test(value) ? 'label' : 'exact';
        expect(rows.get(`${p.id}.${name}`), `${p.id}.${name}`).toBe(`${printed(value, numeric)} | ${grading} | ${p.points[name]}`);
        fields++;
      }
    }
    expect(rows.size).toBe(fields);
  });

  it('shows the lecture classwork with its exact answers h1 = [4, 0], h2 = [7, 5] and labels ADJ, NOUN', () => {
    const text = pdftotext(join(dirA, 'V01-key.pdf'));
    expect(text).toMatch(/p1\.h1\s+\[4, 0\]\s+exact/);
    expect(text).toMatch(/p1\.h2\s+\[7, 5\]\s+exact/);
    expect(text).toMatch(/p1\.label1\s+ADJ/);
    expect(text).toMatch(/p1\.label2\s+NOUN/);
  });

  it('prints no 4-decimal number in the key that is not a value of the manifest', () => {
    const known = new Set<string>();
    numbers(manifest.versions[0], known);
    const printedDecimals = pdftotext(join(dirA, 'V01-key.pdf'), false).match(/−?-?\d+\.\d{4}\b/g) ?? [];
    expect(printedDecimals.length).toBeGreaterThan(20);
    for (const d of printedDecimals) expect(known, d).toContain(d.replace('−', '-'));
  });

  it('puts the version code on every page of the exam and a box for every answer field', () => {
    const file = join(dirA, 'V02-exam.pdf');
    const pages = pdftotext(file)
      .split('\f')
      .filter((p) => p.trim() !== '');
    expect(pages.length).toBe(pageCount(file));
    pages.forEach((page, i) => expect(page, `page ${i + 1}`).toContain(`Version V02 · Page ${i + 1} of ${pages.length}`));
    const all = pages.join('\n');
    for (const p of manifest.versions[1]!.problems) for (const name of Object.keys(p.points)) expect(all).toContain(`${p.id}.${name}`);
    expect(pdftotext(file, false).replace(/\s+/g, '')).toContain(`/q/${manifest.versions[1]!.token}`); // the link wraps in short lines
  });

  it('pads every version to the same even page count in print-all.pdf', () => {
    const most = Math.max(pageCount(join(dirA, 'V01-exam.pdf')), pageCount(join(dirA, 'V02-exam.pdf')));
    const perVersion = most + (most % 2);
    expect(pageCount(join(dirA, 'print-all.pdf'))).toBe(2 * perVersion);
    const pages = pdftotext(join(dirA, 'print-all.pdf')).split('\f');
    expect(pages[perVersion]).toContain('Version V02 · Page 1 of');
  });
});

describe('30 versions', () => {
  const bank = loadBank(BANK);
  const versions = versionIds(30).map((id) => planVersion(bank, '2026', id, SECRET));

  it('all differ from each other, while the classwork stays the same', () => {
    const generated = versions.map((v) => JSON.stringify(v.problems.filter((p) => p.item !== 'classwork').map((p) => problemToJson(p).given)));
    expect(new Set(generated).size).toBe(30);
    const classwork = versions.map((v) => JSON.stringify(problemToJson(v.problems[0]!).given));
    expect(new Set(classwork).size).toBe(1);
    expect(new Set(versions.map((v) => v.token)).size).toBe(30);
  });

  it('shuffle the conceptual choices per version but keep the right answer', () => {
    const history = versions.map((v) => v.problems.find((p) => p.item === 'history')!);
    expect(new Set(history.map((p) => JSON.stringify((p.given as { choices: string[] }).choices))).size).toBeGreaterThan(5);
    for (const p of history) expect(p.answers.get('choice')).toEqual({ kind: 'label', v: 'RNNs, introduced by David Rumelhart (1986)' });
  });

  it('number problems p1, p2, … in exam order with points from the bank', () => {
    const v = versions[0]!;
    expect(v.problems.map((p) => p.id)).toEqual(v.problems.map((_, i) => `p${i + 1}`));
    // points_per: component: h1 = [4, 0] earns the bank's 1 point per number; a label is one answer.
    expect(v.problems[0]!.points).toMatchObject({ label1: 2, h1: 2, y1: 3 });
    expect(v.problems.find((p) => p.item === 'parameters')!.points).toEqual({ recurrent: 2, output: 2, total: 2 });
  });
});
