/**
 * Paper exams end to end: a choice-mode exam is built, its answer sheets are
 * filled the way people mark (solid, 60 % filled, tick, cross, light pencil,
 * an erasure beside a new mark, two marks, blank), rasterized at 150–300 dpi,
 * degraded (rotation within ±3°, scale within ±3 %, shifts, noise, blur, JPEG
 * at quality 50, one page upside down, pages shuffled, one duplicated), then
 * scanned. Checked: every solid or 60 % mark is read right, no answer is read
 * wrong, every other mark is either read right or sent to review; with the
 * reviewer's corrections the answers — and so the grades — equal what the
 * marks say, and a marked distractor's mistake is named.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import PDFDocument from 'pdfkit';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExam } from '../../src/exam/build.js';
import { manifestFromJson, type Manifest } from '../../src/manifest.js';
import { renderPdfPages } from '../../src/scan/io.js';
import { drawMark, type MarkKind } from '../../src/scan/synthetic.js';
import { scanCommand } from '../../src/cli/scan.js';
import { gradeResponse } from '../../src/grading/grade.js';
import { createRng } from '../../src/core/rng.js';
import type { GrayImage } from '../../src/scan/register.js';

const BANK = 'test/scan/choice-bank.yaml';
/** The mark on an answered row, in turn; a row's mark kind decides what the scanner may do with it. */
const KINDS: (MarkKind | 'erased-beside' | 'two' | 'blank')[] = ['solid', 'sixty', 'tick', 'solid', 'cross', 'light', 'solid', 'erased-beside', 'two', 'blank', 'sixty'];
const MUST_READ = new Set(['solid', 'sixty', 'blank']);

interface Student {
  id: string;
  version: string;
  dpi: number;
  /** Intended answer per field ('' blank), and the kind of mark used. */
  rows: Map<string, { answer: string; kind: (typeof KINDS)[number] }>;
}

interface Run {
  dir: string;
  manifest: Manifest;
  students: Student[];
  /** File name → the student and page it shows. */
  files: Map<string, { student: Student; page: number }>;
  /** The scan files in the order fed to the scanner (shuffled, one twice). */
  order: string[];
}

function noisy(img: GrayImage, rng: () => number): void {
  for (let i = 0; i < img.data.length; i++) img.data[i] = Math.max(0, Math.min(255, (img.data[i] as number) + Math.round((rng() + rng() + rng() - 1.5) * 16)));
}

/**
 * Builds the exam (with a roster: each student's own sheet, their token in the QR code; without: the
 * version's sheet with the id grid), fills and degrades the sheets, and writes the scan files.
 */
async function prepare(roster: boolean): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-scan-'));
  const ids = roster ? ['20260001', '20260002', '20260003'] : ['20260004'];
  const rosterPath = join(dir, 'roster.csv');
  writeFileSync(rosterPath, ['id,name', ...ids.map((id, i) => `${id},Student ${i + 1}`)].join('\n'));
  const out = join(dir, 'out');
  await buildExam({ bankPath: BANK, seed: '7', versions: 2, out, baseUrl: 'http://127.0.0.1:3000', secret: 'scan-test-secret', maxThreads: 1, ...(roster ? { rosterPath } : {}) });
  const manifest = manifestFromJson(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
  const dpis = [150, 200, 300];
  const students: Student[] = ids.map((id, i) => ({ id, version: manifest.students?.find((s) => s.id === id)?.version ?? 'V02', dpi: dpis[(i + (roster ? 0 : 2)) % 3]!, rows: new Map() }));
  const files = new Map<string, { student: Student; page: number }>();
  const rng = createRng(`scan-test/${roster}`);
  let turn = 0;
  let fileNo = 0;
  const written: string[] = [];
  for (const s of students) {
    const layout = manifest.versions.find((v) => v.id === s.version)!.sheet!;
    const pdf = readFileSync(roster ? join(out, 'students', `${s.id}-sheet.pdf`) : join(out, `${s.version}-sheet.pdf`));
    let pageIndex = 0;
    for await (const { img } of renderPdfPages(pdf, 'sheet', s.dpi)) {
      const page = layout.pages[pageIndex++]!;
      const px = s.dpi / 72;
      const at = (b: { x: number; y: number }) => ({ x: b.x * px, y: b.y * px });
      const r = layout.radius * px;
      page.idGrid?.forEach((column, c) => drawMark(img, at(column[Number(s.id[c])]!), r, 'solid'));
      for (const row of page.rows) {
        const kind = KINDS[turn++ % KINDS.length]!;
        const pick = rng.int(0, row.bubbles.length - 1);
        const other = (pick + 1 + rng.int(0, row.bubbles.length - 2)) % row.bubbles.length;
        const intended = row.bubbles[pick]!;
        if (kind === 'blank') s.rows.set(row.field, { answer: '', kind });
        else if (kind === 'two') {
          drawMark(img, at(intended), r, 'solid');
          drawMark(img, at(row.bubbles[other]!), r, 'solid');
          s.rows.set(row.field, { answer: '', kind }); // two marks: the reviewer counts no answer
        } else if (kind === 'erased-beside') {
          drawMark(img, at(row.bubbles[other]!), r, 'erased');
          drawMark(img, at(intended), r, 'solid');
          s.rows.set(row.field, { answer: intended.answer, kind });
        } else {
          drawMark(img, at(intended), r, kind);
          s.rows.set(row.field, { answer: intended.answer, kind });
        }
      }
      noisy(img, () => rng.next());
      const angle = (rng.next() * 2 - 1) * 3;
      const scale = 1 + (rng.next() * 2 - 1) * 0.03;
      const upsideDown = fileNo === 1;
      let pipeline = sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 1 } })
        .resize(Math.round(img.width * scale))
        .rotate(angle + (upsideDown ? 180 : 0), { background: '#ffffff' })
        .extend({ top: rng.int(0, 20), left: rng.int(0, 20), background: '#ffffff' })
        .blur(0.7);
      const jpeg = fileNo % 2 === 0;
      pipeline = jpeg ? pipeline.jpeg({ quality: 50 }) : pipeline.png();
      const name = join(dir, `scan-${s.id}-p${page.page}.${jpeg ? 'jpg' : 'png'}`);
      writeFileSync(name, await pipeline.toBuffer());
      files.set(name, { student: s, page: page.page });
      written.push(name);
      fileNo++;
    }
  }
  // Shuffled, and one page fed twice.
  const order = rng.shuffle(written);
  order.push(order[order.length - 1]!);
  return { dir, manifest, students, files, order };
}

const expected = (s: Student): Record<string, string> => Object.fromEntries([...s.rows].filter(([, r]) => r.answer !== '').map(([f, r]) => [f, r.answer]));

function readAnswers(file: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const r of parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]) {
    const key = `${r.student_id}/${r.version}`;
    out.set(key, { ...out.get(key), [r.field!]: r.answer! });
  }
  return out;
}

describe.each([
  { roster: true, what: 'a roster exam (token in the QR code)' },
  { roster: false, what: 'an anonymous exam (student-id grid)' },
])('rnnquiz scan, end to end: $what', ({ roster }) => {
  let run: Run;
  beforeAll(async () => {
    run = await prepare(roster);
  }, 120_000);

  it('reads clear marks right, sends the rest to review, never reads a wrong answer; corrections complete the grades', async () => {
    const { dir, manifest, students, files, order } = run;
    const out = join(dir, 'answers.csv');
    const review = join(dir, 'review.html');
    const code = await scanCommand(order, { manifest: join(dir, 'out', 'manifest.json'), out, review });
    const firstPass = readAnswers(out);
    for (const s of students) {
      const got = firstPass.get(`${s.id}/${s.version}`) ?? {};
      for (const [field, row] of s.rows) {
        if (got[field] !== undefined)
          expect(`${s.id} ${field} ${row.kind}: ${got[field]}`).toBe(`${s.id} ${field} ${row.kind}: ${row.answer}`); // never wrong
        else if (MUST_READ.has(row.kind) && row.answer !== '') expect.fail(`${s.id} ${field}: a ${row.kind} mark was not read`);
      }
    }
    const html = readFileSync(review, 'utf8');
    const csv =
      /<textarea>([\s\S]*)<\/textarea>/
        .exec(html)?.[1]
        ?.replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&') ?? '';
    const pending = parse(csv, { columns: true }) as { source: string; field: string }[];
    expect(code).toBe(pending.length > 0 ? 1 : 0);
    expect(html).toContain('data:image/png;base64,');
    expect(html).toMatch(/upside down/);
    expect(html).toMatch(/again, as/); // the duplicated page
    // Every pending row is one a person should look at, and the reviewer answers what the marks say.
    const corrections = pending.map((p) => {
      const { student } = files.get(p.source)!;
      const row = student.rows.get(p.field)!;
      expect(MUST_READ.has(row.kind), `${p.field} (${row.kind}) should not need review`).toBe(false);
      return `${p.source},${p.field},${row.answer}`;
    });
    expect(pending.length).toBeGreaterThan(0);
    const correctionsFile = join(dir, 'corrections.csv');
    writeFileSync(correctionsFile, ['source,field,answer', ...corrections].join('\n'));
    const code2 = await scanCommand(order, { manifest: join(dir, 'out', 'manifest.json'), out, corrections: correctionsFile });
    expect(code2).toBe(0);
    const final = readAnswers(out);
    let mistakesNamed = 0;
    for (const s of students) {
      const got = final.get(`${s.id}/${s.version}`) ?? {};
      expect(got).toEqual(expected(s));
      const problems = manifest.versions.find((v) => v.id === s.version)!.problems;
      const graded = gradeResponse(problems, { answers: got }, manifest.policy);
      const wanted = gradeResponse(problems, { answers: expected(s) }, manifest.policy);
      expect(graded.score).toBe(wanted.score);
      mistakesNamed += Object.values(graded.fields).filter((f) => f.mistake).length;
    }
    expect(mistakesNamed).toBeGreaterThan(0);
  }, 120_000);

  it.runIf(roster)(
    "reads the same answers from the pages packed into one PDF, as a copier's scan-to-PDF makes it",
    async () => {
      const { dir, order } = run;
      const doc = new PDFDocument({ autoFirstPage: false });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const ended = new Promise((resolve) => doc.on('end', resolve));
      for (const file of order) {
        doc.addPage({ size: 'A4', margin: 0 });
        doc.image(readFileSync(file), 0, 0, { width: 595.28 });
      }
      doc.end();
      await ended;
      const pdf = join(dir, 'scans.pdf');
      writeFileSync(pdf, Buffer.concat(chunks));
      const fromFiles = join(dir, 'from-files.csv');
      const fromPdf = join(dir, 'from-pdf.csv');
      await scanCommand(order, { manifest: join(dir, 'out', 'manifest.json'), out: fromFiles });
      await scanCommand([pdf], { manifest: join(dir, 'out', 'manifest.json'), out: fromPdf });
      const answers = (f: string) => [...readAnswers(f)].sort();
      expect(answers(fromPdf)).toEqual(answers(fromFiles));
      expect(answers(fromPdf).length).toBe(run.students.length);
    },
    60_000,
  );
});
