/**
 * A build with a roster: one exam per student (their name, id and own link on
 * the cover, the version's pages after it), print-all.pdf in roster or section
 * order, tokens bound to the build, a bad roster writing nothing, and a
 * paper-only build printing no link.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExam } from '../../src/exam/build.js';
import { manifestFromJson, type Manifest } from '../../src/manifest.js';
import { verifyStudentToken } from '../../src/version-token.js';

const BANK = 'question-banks/rnn-midterm.yaml';
const SECRET = 'test-secret-0123456789abcdef';
const ROSTER = '\uFEFFid;name;section\nb1;Zed Beta;B\na1;Amy Alpha;A\nb2;Yan Beta;B\na2;Al Alpha;A\na3;Ann Alpha;A\n';

const text = (file: string, first = 1, last = first): string => execFileSync('pdftotext', ['-f', String(first), '-l', String(last), '-layout', file, '-'], { encoding: 'utf8' });
const pages = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
/** The link annotations of a PDF (pdfkit writes them uncompressed). */
const links = (file: string): string[] => [...readFileSync(file, 'latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1] as string);

describe('rnnquiz build --roster', () => {
  let out: string;
  let manifest: Manifest;
  let anonymousTokens: string[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-roster-'));
    writeFileSync(join(dir, 'roster.csv'), ROSTER);
    out = join(dir, 'out');
    await buildExam({ bankPath: BANK, seed: '2026', versions: 2, out, baseUrl: 'https://quiz.example.edu', secret: SECRET, maxThreads: 1, rosterPath: join(dir, 'roster.csv'), groupBy: 'section' });
    manifest = manifestFromJson(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    const anon = join(dir, 'anon');
    await buildExam({ bankPath: BANK, seed: '2026', versions: 2, out: anon, baseUrl: 'https://quiz.example.edu', secret: SECRET, maxThreads: 1 });
    const other = manifestFromJson(JSON.parse(readFileSync(join(anon, 'manifest.json'), 'utf8')));
    anonymousTokens = other.versions.map((v) => v.token);
    expect(other.versions.map((v) => v.problems)).toEqual(manifest.versions.map((v) => v.problems)); // same bank and seed: same problems
    expect(other.buildId).not.toBe(manifest.buildId);
  }, 180_000);

  it('lists every student with a version and their own token, signed for this build', () => {
    expect(manifest.students?.map((s) => s.id)).toEqual(['b1', 'a1', 'b2', 'a2', 'a3']);
    expect(manifest.buildId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    for (const s of manifest.students ?? []) {
      expect(['V01', 'V02']).toContain(s.version);
      expect(verifyStudentToken(SECRET, s.token, { bank: 'rnn-midterm', buildId: manifest.buildId as string, versionId: s.version, student: s.id, generation: 0 })).toBe(true);
    }
    const perVersion = ['V01', 'V02'].map((v) => manifest.students?.filter((s) => s.version === v).length);
    expect(perVersion.sort()).toEqual([2, 3]);
  });

  it('gives two builds of the same bank and seed different links', () => {
    expect(anonymousTokens).not.toEqual(manifest.versions.map((v) => v.token));
  });

  it('writes one exam per student: their name and id and own link on the cover, the version after it', () => {
    expect(readdirSync(join(out, 'students')).sort()).toEqual(['a1-exam.pdf', 'a2-exam.pdf', 'a3-exam.pdf', 'b1-exam.pdf', 'b2-exam.pdf']);
    const a1 = manifest.students?.find((s) => s.id === 'a1');
    const file = join(out, 'students', 'a1-exam.pdf');
    const versionFile = join(out, `${a1?.version}-exam.pdf`);
    expect(pages(file)).toBe(pages(versionFile));
    const cover = text(file);
    expect(cover).toContain('Amy Alpha');
    expect(cover).toMatch(/Student ID\s[\s\S]*a1/);
    expect(cover).toContain(`Version ${a1?.version}`);
    expect(links(file)).toEqual([`https://quiz.example.edu/q/${a1?.token}`]);
    expect(text(file, 2, pages(file))).toBe(text(versionFile, 2, pages(versionFile)));
  });

  it('prints print-all.pdf grouped by section, roster order inside, each student padded to the same pages', () => {
    const all = join(out, 'print-all.pdf');
    const each = pages(all) / 5;
    expect(Number.isInteger(each) && each % 2 === 0).toBe(true);
    const names = [0, 1, 2, 3, 4].map((i) => /(Amy|Al|Ann|Zed|Yan) (Alpha|Beta)/.exec(text(all, i * each + 1))?.[0]);
    expect(names).toEqual(['Amy Alpha', 'Al Alpha', 'Ann Alpha', 'Zed Beta', 'Yan Beta']);
  });
});

describe('rnnquiz build with a bad roster or on paper only', () => {
  it('writes nothing when the roster has a duplicate id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-roster-bad-'));
    writeFileSync(join(dir, 'roster.csv'), 'id,name\ns1,Ada\ns1,Bob\n');
    const build = buildExam({ bankPath: BANK, seed: '1', versions: 1, out: join(dir, 'out'), baseUrl: 'https://q.example.edu', secret: SECRET, rosterPath: join(dir, 'roster.csv') });
    await expect(build).rejects.toThrow(/roster\.csv:3: duplicate id "s1" \(first on line 2\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it("--no-online: no QR link on the students' covers", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-roster-paper-'));
    writeFileSync(join(dir, 'roster.csv'), 'id,name\ns1,Ada Lovelace\n');
    await buildExam({
      bankPath: BANK,
      seed: '1',
      versions: 1,
      out: join(dir, 'out'),
      baseUrl: 'https://q.example.edu',
      secret: SECRET,
      maxThreads: 1,
      rosterPath: join(dir, 'roster.csv'),
      online: false,
    });
    const file = join(dir, 'out', 'students', 's1-exam.pdf');
    expect(links(file)).toEqual([]);
    expect(text(file)).not.toContain('q.example.edu');
    expect(text(file)).toContain('Ada Lovelace');
    expect(links(join(dir, 'out', 'V01-exam.pdf'))).toEqual([]);
  }, 60_000);
});
