/**
 * Writes the visual test page: every construct of MATH_SAMPLES to
 * `out/math-sample.pdf` (pdfkit, our layout) and `out/math-sample.html`
 * (MathML drawn by the browser), to look at side by side.
 *
 * Run: `npx tsc -p . && node dist/src/math/visual-sample.js [outDir]`
 */
import { copyFileSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import { drawRichText, PROSE_FONTS, registerFonts } from '../render/pdf-rich-text.js';
import { MATH_SAMPLES } from './samples.js';
import { texToMathml } from './tex.js';
import { mathCss, mathFontPath } from './web-css.js';

const delimit = (tex: string, display: boolean) => (display ? `\\[ ${tex} \\]` : `\\( ${tex} \\)`);

const PROSE = String.raw`Inline math on the text baseline: the hidden state \(h_{t-1}\) enters with \(U\), the input \(x^{(2)}\) with \(W\), and the gate \(f_{t} = \sigma(p_{f,t})\) lies in \((0, 1)\); a small fraction \(\frac{3}{4}\) and a vector \(\left[ 2,\ 1 \right]^{\top}\) wrap like words. The output is \(\operatorname{softmax}(\mathbf{V}\mathbf{h}^{(t)})\).`;

/** Writes the PDF; resolves when the file is complete. */
export function writeSamplePdf(path: string): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  registerFonts(doc);
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('finish', resolve).on('error', reject);
    doc.pipe(out);
  });
  const x = 56;
  const width = doc.page.width - 2 * x;
  let y = 56;
  doc.font(PROSE_FONTS.bold).fontSize(14).text('Math typesetting sample (PDF)', x, y);
  y += 28;
  for (const sample of MATH_SAMPLES) {
    doc.font(PROSE_FONTS.italic).fontSize(9).fillColor('#555').text(sample.name, x, y);
    doc.fillColor('black');
    y += 12;
    y += drawRichText(doc, delimit(sample.tex, sample.display), { x, y, width, fontSize: 11 }).height + 10;
  }
  y += drawRichText(doc, PROSE, { x, y, width, fontSize: 11 }).height + 10;
  // The long worked step again in a narrow column, to show the break at `=`.
  const narrow = 300;
  const step = MATH_SAMPLES.find((s) => s.name.startsWith('a long'));
  doc.font(PROSE_FONTS.italic).fontSize(9).fillColor('#555').text(`the long step in a ${narrow}pt column`, x, y);
  doc.fillColor('black');
  y += 12;
  const used = drawRichText(doc, delimit(step?.tex ?? '', true), { x, y, width: narrow, fontSize: 11 }).height;
  doc.rect(x, y, narrow, used).lineWidth(0.3).strokeColor('#aaa').stroke();
  doc.end();
  return done;
}

/** The same samples as MathML in an HTML page (expects DejaVuMathTeXGyre.ttf next to it). */
export function sampleHtml(): string {
  const rows = MATH_SAMPLES.map((s) => `<p class="name">${s.name}</p>\n${s.display ? texToMathml(s.tex, { display: true }) : `<p>${texToMathml(s.tex)}</p>`}`).join('\n');
  const prose = PROSE.replace(/\\\((.*?)\\\)/g, (_, tex: string) => texToMathml(tex));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Math typesetting sample</title>
<style>
${mathCss('DejaVuMathTeXGyre.ttf')}
body { font-family: 'DejaVu Serif', serif; font-size: 15px; max-width: 46em; margin: 2em auto; }
math { font-size: 1.05em; }
.name { font-style: italic; font-size: 0.8em; color: #555; margin: 1.2em 0 0.2em; }
</style></head><body>
<h1 style="font-size:1.3em">Math typesetting sample (HTML, MathML)</h1>
${rows}
<p>${prose}</p>
</body></html>
`;
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? 'out';
  mkdirSync(dir, { recursive: true });
  await writeSamplePdf(join(dir, 'math-sample.pdf'));
  writeFileSync(join(dir, 'math-sample.html'), sampleHtml());
  copyFileSync(mathFontPath(), join(dir, 'DejaVuMathTeXGyre.ttf'));
  console.log(`wrote ${join(dir, 'math-sample.pdf')} and ${join(dir, 'math-sample.html')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
