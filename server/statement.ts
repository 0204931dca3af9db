/**
 * A problem's statement for the web: the same family template as the PDF
 * (`templates/families/<family>.njk` through src/exam/templates.ts), whose
 * output is prose with `\( … \)` and `\[ … \]` TeX, turned into HTML here:
 * text escaped, math as MathML (inline / display), a blank line starting a
 * new paragraph. Cached per problem object: a statement never changes.
 */
import type { ExamProblem } from '../src/manifest.js';
import { createTemplateRenderer, type TemplateRenderer } from '../src/plan/templates.js';
import { splitAtQuads, texToMathml } from '../src/math/tex.js';

const cache = new WeakMap<ExamProblem, string>();
let renderer: TemplateRenderer | undefined;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `\(` … `\)` inline, `\[` … `\]` display; everything else is text. */
const MATH = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;

/**
 * A display equation as the web shows it: its `\\quad`-separated pieces (one
 * given each, `W_f = […]`) wrap onto new lines on a narrow screen; a piece
 * still wider than the card scrolls sideways inside the group, which is
 * focusable (`tabindex="0"`) and labelled so a keyboard user can scroll it too
 * (axe: scrollable-region-focusable). A `<span>`, since it sits in a `<p>`.
 * @example displayMathHtml('a = 1 \\quad b = 2') // '<span class="math-display" …><math display="block">…</math><math display="block">…</math></span>'
 */
export function displayMathHtml(tex: string): string {
  const pieces = splitAtQuads(tex).map((piece) => texToMathml(piece, { display: true }));
  return `<span class="math-display" role="group" tabindex="0" aria-label="Equation">${pieces.join('')}</span>`;
}

/**
 * Prose with TeX math → HTML paragraphs with MathML.
 * @example proseToHtml('Compute \\(h_{1}\\).') // '<p>Compute <math>…</math>.</p>'
 */
export function proseToHtml(prose: string): string {
  return prose
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => {
      let html = '';
      let last = 0;
      for (const m of para.matchAll(MATH)) {
        html += escapeHtml(para.slice(last, m.index));
        html += m[1] !== undefined ? texToMathml(m[1].trim()) : displayMathHtml((m[2] ?? '').trim());
        last = m.index + m[0].length;
      }
      return `<p>${html}${escapeHtml(para.slice(last))}</p>`;
    })
    .join('\n');
}

/**
 * @example statementHtml(problem) // '<p>Consider a simple RNN that predicts as <math display="block">…'
 */
export function statementHtml(problem: ExamProblem): string {
  const cached = cache.get(problem);
  if (cached !== undefined) return cached;
  renderer ??= createTemplateRenderer();
  const html = proseToHtml(renderer.statement(problem));
  cache.set(problem, html);
  return html;
}
