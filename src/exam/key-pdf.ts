/**
 * The answer key of a version: every question with its worked solution
 * step by step as the lecture writes them (`W_f x = [2, 1]ᵀ`, then the sum,
 * then `f = σ([2, 24]ᵀ) = [0.8808, 1.0000]ᵀ`), exact values as fractions and
 * numeric values to 4 decimals, and a table of the answers with the points and
 * the tolerance each field is graded with; page 1 is the version's answer grid.
 */
import type { FieldKind, QuestionView, Step } from '../view/question-view.js';
import { layoutRichText } from '../render/pdf-rich-text.js';
import { WORKED_FORMAT, stepToTex, valueToText } from '../render/tex-values.js';
import type { Tolerance } from '../grading/types.js';
import { CONTENT_WIDTH, FONTS, Flow, PAGE, formatPoints, stampPages, textAt } from './pdf-doc.js';
import { STATEMENT_SIZE, examDocument, questionHeading, type VersionDocument } from './exam-pdf.js';
import { drawAnswerGrid, keyLetter } from './answer-grid.js';

const STEP_SIZE = 10;
const TAG_WIDTH = 90;
const ROW = 13;

/** How a field is graded, in words: `exact`, `label`, or `±max(0.01, 1%)`. */
export function toleranceText(field: { kind: FieldKind }, tolerance: Tolerance | undefined): string {
  if (field.kind === 'exact') return 'exact';
  if (field.kind === 'label') return 'label';
  const t = tolerance ?? { rtol: 0.01, atol: 0.01 };
  return `±max(${t.atol}, ${+(t.rtol * 100).toFixed(4)}%)`;
}

/**
 * A step that picks a label (argmax, a multiple-choice answer) reads as prose:
 * the label may itself hold inline math (a choice such as "keep \\(C_{t-1}\\)").
 */
function labelStepText(step: Step): string {
  const label = step.value.kind === 'label' ? step.value.v : '';
  if (step.template.includes('\\text{index }')) {
    const index = step.args[0] ? valueToText(step.args[0]) : '';
    const lhs = [step.lhs, ...(step.symbolic ? [step.symbolic] : [])].join(' = ');
    return `\\(${lhs} = \\text{index } ${index}\\): ${label}`;
  }
  // A reason written as \text{…} reads better as prose than as one unbreakable math box.
  const reason = step.symbolic ? (/^\\text\{([^{}]*)\}$/.exec(step.symbolic)?.[1] ?? `\\(${step.symbolic}\\)`) : '';
  return `\\(${step.lhs}\\) = ${label}${reason ? `: ${reason}` : ''}`;
}

function drawSteps(flow: Flow, q: QuestionView): void {
  const doc = flow.doc;
  // Only asked fields are tagged (a_t is worked but not asked when it equals h_t).
  const asked = new Set(q.fields.map((f) => f.name));
  for (const step of q.steps) {
    const tex = step.value.kind === 'label' ? labelStepText(step) : `\\[ ${stepToTex(step, WORKED_FORMAT)} \\]`;
    const block = layoutRichText(tex, { width: CONTENT_WIDTH - TAG_WIDTH, fontSize: STEP_SIZE });
    const height = block.height;
    flow.ensure(height + 4);
    if (step.field && asked.has(step.field)) {
      doc.fillColor('#555555');
      textAt(doc, `${q.id}.${step.field}`, PAGE.left, flow.y + Math.max(0, height / 2 - 5), FONTS.mono, 8);
      doc.fillColor('#000000');
    }
    flow.y += block.draw(doc, PAGE.left + TAG_WIDTH, flow.y) + 4;
  }
}

/** The answers table: address, value as a student would write it, how it is graded, points. */
function drawAnswerTable(flow: Flow, q: QuestionView): void {
  const doc = flow.doc;
  const cols = { address: PAGE.left, value: PAGE.left + 96, grading: PAGE.right - 150, points: PAGE.right - 40 };
  flow.ensure(ROW * 2);
  textAt(doc, 'Answer', cols.address, flow.y, FONTS.bold, 9);
  textAt(doc, 'Value', cols.value, flow.y, FONTS.bold, 9);
  textAt(doc, 'Graded', cols.grading, flow.y, FONTS.bold, 9);
  textAt(doc, 'Points', cols.points, flow.y, FONTS.bold, 9, { width: 40, align: 'right' });
  flow.y += ROW;
  const valueWidth = cols.grading - cols.value - 10;
  for (const field of q.fields) {
    const value = field.answer;
    // Choice mode: the right option's letter first, as a TA reads it off the answer sheet.
    const letter = keyLetter(field);
    const text = `${letter !== undefined ? `(${letter}) ` : ''}${valueToText(value)}`;
    // A choice may hold inline math ("keep \\(C_{t-1}\\)"): laid out as rich text, not shown as raw TeX.
    const rich = value.kind === 'label' && text.includes('\\(') ? layoutRichText(text, { width: valueWidth, fontSize: 8.5 }) : undefined;
    // Long labels (a multiple-choice answer) wrap inside their column.
    const height = Math.max(ROW, (rich ? rich.height : doc.font(FONTS.mono).fontSize(8.5).heightOfString(text, { width: valueWidth })) + 3);
    flow.ensure(height);
    textAt(doc, field.key, cols.address, flow.y, FONTS.mono, 8.5);
    if (rich) rich.draw(doc, cols.value, flow.y);
    else
      doc
        .font(FONTS.mono)
        .fontSize(8.5)
        .text(text, cols.value, flow.y, { width: valueWidth, height: height + 2 });
    textAt(doc, toleranceText(field, field.tolerance), cols.grading, flow.y, FONTS.regular, 8.5);
    textAt(doc, formatPoints(field.points), cols.points, flow.y, FONTS.regular, 8.5, { width: 40, align: 'right' });
    flow.y += height;
  }
}

function drawKeyQuestion(flow: Flow, q: QuestionView): void {
  const doc = flow.doc;
  // Questions stated in words (concepts, architectures, parameter counts) are restated; the
  // worked steps of the others already show every given matrix and vector in their products.
  const block = q.restateInKey ? layoutRichText(q.statement, { width: CONTENT_WIDTH, fontSize: STATEMENT_SIZE - 1 }) : undefined;
  flow.ensure(26 + (block?.height ?? 0) + 30);
  const right = `${q.topic} · ${formatPoints(q.points)} points`;
  questionHeading(flow, q.number, right);
  flow.continued = () => questionHeading(flow, q.number, right, true);
  if (block) flow.y += block.draw(doc, PAGE.left, flow.y) + 10;
  flow.ensure(40);
  textAt(doc, 'Worked solution', PAGE.left, flow.y, FONTS.bold, 10);
  flow.y += 14;
  drawSteps(flow, q);
  flow.y += 6;
  drawAnswerTable(flow, q);
  flow.continued = undefined;
  flow.y += 18;
}

/**
 * The key of one version (unended document) and its page count.
 * @example const { doc } = renderKey(versionDocument); await pdfBytes(doc)
 */
export function renderKey(d: VersionDocument): { doc: PDFKit.PDFDocument; pages: number } {
  const doc = examDocument(d.exam, `${d.version.id} answer key`);
  const flow = new Flow(doc);
  flow.newPage();
  textAt(doc, `Answer key · Version ${d.version.id}`, PAGE.left, flow.y, FONTS.bold, 18);
  flow.y += 26;
  const subtitle = `${d.exam.course} · ${d.exam.title} · ${d.exam.date}. Confidential: for graders only.`;
  doc.font(FONTS.regular).fontSize(10).text(subtitle, PAGE.left, flow.y, { width: CONTENT_WIDTH });
  flow.y += doc.heightOfString(subtitle, { width: CONTENT_WIDTH }) + 12;
  // Page 1: every answer of the version on one page; the worked solutions follow.
  drawAnswerGrid(flow, d.version);
  flow.newPage();
  for (const q of d.version.questions) drawKeyQuestion(flow, q);
  const pages = doc.bufferedPageRange().count;
  stampPages(doc, `${d.exam.course} · ${d.exam.title}`, `ANSWER KEY · ${d.version.id}`, (page, n) => `Answer key · Version ${d.version.id} · Page ${page} of ${n}`);
  return { doc, pages };
}
