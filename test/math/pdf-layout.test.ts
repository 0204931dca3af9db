import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { Box, TextItem } from '../../src/math/pdf/boxes.js';
import { layoutMath } from '../../src/math/pdf/index.js';
import { drawRichText, measureRichText, registerFonts } from '../../src/render/pdf-rich-text.js';

const bmatrix = (rows: number[][]) => `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;

/** Every text run of a box with its absolute position (y up from the baseline). */
function texts(box: Box, x = 0, y = 0, out: (TextItem & { ax: number; ay: number })[] = []) {
  for (const item of box.items) {
    if (item.kind === 'box') texts(item.box, x + item.x, y + item.y, out);
    else if (item.kind === 'text') out.push({ ...item, ax: x + item.x, ay: y + item.y });
  }
  return out;
}

describe('layoutMath', () => {
  it('makes a 3×3 matrix wider and taller than a 2×2 one', () => {
    const small = layoutMath(
      bmatrix([
        [1, 2],
        [3, 4],
      ]),
    );
    const big = layoutMath(
      bmatrix([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]),
    );
    expect(big.width).toBeGreaterThan(small.width);
    expect(big.height + big.depth).toBeGreaterThan(small.height + small.depth);
  });

  it('draws a matrix bracket as tall as its rows and aligns columns', () => {
    const line = layoutMath(
      bmatrix([
        [1, 10],
        [200, 3],
      ]),
      { fontSize: 10 },
    ).lines[0]!.box;
    const runs = texts(line);
    const cell = (t: string) => runs.find((r) => r.text === t)!;
    // columns are centred: the centres of 1 and 200 coincide, as do those of −10 and 3
    expect(cell('1').ax + cell('1').width / 2).toBeCloseTo(cell('200').ax + cell('200').width / 2, 5);
    expect(cell('3').ax + cell('3').width / 2).toBeCloseTo(cell('10').ax + cell('10').width / 2, 5);
    // rows share baselines, a 1.2 em strut apart
    expect(cell('1').ay).toBeCloseTo(cell('10').ay, 5);
    expect(cell('1').ay - cell('200').ay).toBeCloseTo(12, 0);
    // the bracket spans from above the first row's digits to below the last row's
    expect(line.height).toBeGreaterThan(cell('1').ay + 7);
    expect(line.depth).toBeGreaterThan(-cell('200').ay);
  });

  it('sets subscripts at 70 % below the baseline and identifiers in italic', () => {
    const runs = texts(layoutMath('h_{t-1}', { fontSize: 10 }).lines[0]!.box);
    const h = runs.find((r) => r.text === 'h')!;
    const t = runs.find((r) => r.text === 't')!;
    const one = runs.find((r) => r.text === '1')!;
    expect(h).toMatchObject({ size: 10, face: 'italic', ay: 0 });
    expect(t).toMatchObject({ size: 7, face: 'italic' });
    expect(one).toMatchObject({ size: 7, face: 'regular' });
    expect(t.ay).toBeLessThan(-1.5);
    expect(t.ax).toBeGreaterThanOrEqual(h.ax + h.width);
  });

  it('writes \\mathbf{U} as the letter U in bold and tanh upright', () => {
    const runs = texts(layoutMath(String.raw`\mathbf{U} \tanh(x)`).lines[0]!.box);
    expect(runs.find((r) => r.text === 'U')?.face).toBe('bold');
    expect(runs.find((r) => r.text === 'tanh')?.face).toBe('regular');
  });

  it('breaks a chain wider than the line at =, aligning the = signs', () => {
    const tex = String.raw`p = ${bmatrix([
      [2, 0, -1],
      [1, -1, 1],
    ])} ${bmatrix([[1], [0], [0]])} = ${bmatrix([[2], [1]])} + ${bmatrix([[0], [1]])} = \left[ 2,\ 2 \right]^{\top} = \left[ 2,\ 2 \right]^{\top}`;
    const whole = layoutMath(tex);
    expect(whole.lines).toHaveLength(1);
    const broken = layoutMath(tex, { maxWidth: 150 });
    expect(broken.lines.length).toBeGreaterThan(1);
    for (const line of broken.lines) expect(line.indent + line.box.width).toBeLessThanOrEqual(150);
    expect(broken.baselines[1]).toBeGreaterThan(broken.lines[0]!.box.depth + broken.lines[1]!.box.height);
    const firstEq = texts(broken.lines[0]!.box).find((r) => r.text === '=')!;
    const secondEq = texts(broken.lines[1]!.box).find((r) => r.text === '=')!;
    expect(broken.lines[1]!.indent + secondEq.ax).toBeCloseTo(firstEq.ax, 5);
  });
});

function writePdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'rq-math-')), 'test.pdf');
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  registerFonts(doc);
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('finish', () => resolve(path)).on('error', reject);
    doc.pipe(out);
    draw(doc);
    doc.end();
  });
}

describe('PDF text', () => {
  it('pdftotext reads every number of the input matrices in reading order', async () => {
    // The lecture's classwork matrices U, W, V, h0.
    const matrices = [
      [
        [2, 0],
        [1, 2],
      ],
      [
        [2, 0, -1],
        [1, -1, 1],
      ],
      [
        [1, 0],
        [-1, 1],
        [0, 3],
      ],
      [[1], [-1]],
    ];
    const names = ['U', 'W', 'V', 'h'];
    const path = await writePdf((doc) => {
      let y = 60;
      matrices.forEach((m, i) => {
        y += drawRichText(doc, String.raw`Let \[ \mathbf{${names[i]}} = ${bmatrix(m)} \]`, { x: 50, y, width: 495 }).height + 8;
      });
    });
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\u2212/g, '-');
    const numbers = (text.match(/-?\d+/g) ?? []).map(Number);
    expect(numbers).toEqual(matrices.flat(2));
    // names are real text too
    expect(text).toMatch(/U\s*=/);
    expect(text).toMatch(/V\s*=/);
  });
});

describe('rich text', () => {
  const source = String.raw`The hidden state \(h_{t-1}\) is multiplied by \(\mathbf{U}\) and the input \(x^{(2)}\) by \(\mathbf{W}\); then \[ h_{t} = \tanh(U h_{t-1} + W x_{t}) \] and finally the output follows.`;

  it('measures what it draws', async () => {
    let drawn = 0;
    let measured = 0;
    await writePdf((doc) => {
      measured = measureRichText(doc, source, { x: 50, y: 50, width: 300 }).height;
      drawn = drawRichText(doc, source, { x: 50, y: 50, width: 300 }).height;
    });
    expect(drawn).toBeCloseTo(measured, 6);
    expect(drawn).toBeGreaterThan(3 * 11);
  });

  it('takes more lines in a narrower column and keeps the prose searchable', async () => {
    let wide = 0;
    let narrow = 0;
    const path = await writePdf((doc) => {
      wide = measureRichText(doc, source, { x: 50, y: 50, width: 450 }).height;
      narrow = drawRichText(doc, source, { x: 50, y: 50, width: 160 }).height;
    });
    expect(narrow).toBeGreaterThan(wide);
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('hidden state');
    expect(text).toContain('tanh');
  });
});
