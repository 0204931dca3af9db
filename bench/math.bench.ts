/**
 * Math typesetting speed (issue 4 goal: the math of one exam version and its
 * key in ≤ 20 ms on one core). Per version: 4 statement lines (8 bmatrix
 * givens and the gate equations) and a key of 20 worked steps of a 3-step
 * lstm (`stepToTex`, numbers differ per version as in real exams); a second
 * pass uses the lstm's full key (≈ 63 steps) as a heavy case.
 * Caches are cleared before each measured pass, so only the repetition inside
 * the 100 versions is reused. Times are CPU time of this process.
 *
 * Figures: TeX→MathML; + parse and PDF layout (measuring); + drawing into a
 * pdfkit document (real text); baseline: the same number of characters as plain
 * pdfkit text (doc.text with wrapping) in the same run.
 */
import PDFDocument from 'pdfkit';
import { createRng } from '../src/core/rng.js';
import { getFamily } from '../src/families/registry.js';
import { clearLayoutCache, layoutMath } from '../src/math/pdf/index.js';
import { clearTexCache, texToMathml } from '../src/math/tex.js';
import { drawRichText, registerFonts, PROSE_FONTS } from '../src/render/pdf-rich-text.js';
import { stepToTex } from '../src/render/tex-values.js';

const VERSIONS = 100;
const GOAL_MS = 20;

interface Version {
  statement: string[];
  key: string[];
}

function bmatrix(rng: () => number, rows: number, cols: number): string {
  const cell = () => String(Math.floor(rng() * 7) - 3);
  return `\\begin{bmatrix} ${Array.from({ length: rows }, () => Array.from({ length: cols }, cell).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

function makeVersions(steps: number): Version[] {
  const lstm = getFamily('lstm');
  return Array.from({ length: VERSIONS }, (_, i) => {
    const rng = createRng(`bench-math-${i}`);
    const r = () => rng.next();
    const statement = [
      `\\mathbf{W}_f = ${bmatrix(r, 2, 3)} \\quad \\mathbf{U}_f = ${bmatrix(r, 2, 2)} \\quad \\mathbf{b}_f = ${bmatrix(r, 2, 1)}`,
      `\\mathbf{W}_i = ${bmatrix(r, 2, 3)} \\quad \\mathbf{U}_i = ${bmatrix(r, 2, 2)}`,
      `\\mathbf{h}_{0} = ${bmatrix(r, 2, 1)} \\quad \\mathbf{x}_{1} = ${bmatrix(r, 3, 1)} \\quad \\mathbf{x}_{2} = ${bmatrix(r, 3, 1)}`,
      `f_{t} = \\sigma(W_f x_{t} + U_f h_{t-1} + b_f), \\quad C_{t} = f_{t} \\odot C_{t-1} + i_{t} \\odot \\tilde{C}_{t}`,
    ];
    const given = lstm.generate(createRng(`bench-lstm-${i}`), lstm.parseOptions({ steps: 3 }));
    const key = lstm
      .solve(given, true)
      .steps.slice(0, steps)
      .map((s) => stepToTex(s));
    return { statement, key };
  });
}

function clearCaches(): void {
  clearTexCache();
  clearLayoutCache();
}

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const eachTex = (versions: Version[], f: (tex: string) => void) => {
  for (const v of versions) for (const tex of [...v.statement, ...v.key]) f(tex);
};

function drawAll(versions: Version[], math: boolean): void {
  const doc = new PDFDocument({ size: 'A4', margin: 50, autoFirstPage: true });
  registerFonts(doc);
  doc.on('data', () => undefined);
  let y = 50;
  const next = (h: number) => {
    y += h + 4;
    if (y > 760) {
      doc.addPage();
      y = 50;
    }
  };
  for (const v of versions) {
    for (const tex of [...v.statement, ...v.key]) {
      if (math) next(drawRichText(doc, `\\[ ${tex} \\]`, { x: 50, y, width: 495 }).height);
      else {
        doc.font(PROSE_FONTS.regular).fontSize(11);
        const h = doc.heightOfString(tex, { width: 495 });
        doc.text(tex, 50, y, { width: 495 });
        next(h);
      }
    }
  }
  doc.end();
}

function measure(label: string, versions: Version[]): void {
  const formulas = versions.reduce((n, v) => n + v.statement.length + v.key.length, 0) / VERSIONS;
  const chars = versions.reduce((n, v) => n + [...v.statement, ...v.key].join('').length, 0) / VERSIONS;
  clearCaches();
  const convert = cpuMs(() => eachTex(versions, (t) => texToMathml(t, { display: true })));
  clearCaches();
  const layout = cpuMs(() => eachTex(versions, (t) => layoutMath(t, { display: true, maxWidth: 495 })));
  clearCaches();
  const draw = cpuMs(() => drawAll(versions, true));
  const plain = cpuMs(() => drawAll(versions, false));
  const per = (ms: number) => ms / VERSIONS;
  const rate = (ms: number) => (VERSIONS / (ms / 1000)).toFixed(0);
  console.log(`-- ${label}: ${VERSIONS} versions, ${formulas.toFixed(1)} formulas and ${chars.toFixed(0)} TeX characters per version (statement + key)`);
  console.log(`TeX→MathML (temml):            ${per(convert).toFixed(2)} ms/version  (${rate(convert)} versions/CPU-s)`);
  console.log(`TeX→MathML→PDF layout:         ${per(layout).toFixed(2)} ms/version  (${rate(layout)} versions/CPU-s)`);
  console.log(`layout + draw in pdfkit:       ${per(draw).toFixed(2)} ms/version  (${rate(draw)} versions/CPU-s)`);
  console.log(`baseline, plain pdfkit text:   ${per(plain).toFixed(2)} ms/version  (${rate(plain)} versions/CPU-s)`);
  console.log(`math / plain text: ${(draw / plain).toFixed(2)}×; goal ≤ ${GOAL_MS} ms per version and key: ${per(draw) <= GOAL_MS ? 'met' : 'NOT met'}`);
}

export default async function run(): Promise<void> {
  const typical = makeVersions(20);
  const heavy = makeVersions(Infinity);
  // warm-up: JIT, fonts, modules
  eachTex(heavy.slice(0, 10), (t) => layoutMath(t, { display: true, maxWidth: 495 }));
  drawAll(heavy.slice(0, 5), true);
  drawAll(heavy.slice(0, 5), false);
  measure('typical (4 statement lines + 20 steps)', typical);
  measure('heavy (full 3-step lstm key)', heavy);
}
