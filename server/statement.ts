/**
 * A problem's statement for the web: the same family template as the PDF
 * (`templates/families/<family>.njk` through src/exam/templates.ts), whose
 * output is prose with `\( … \)` and `\[ … \]` TeX, turned into HTML here:
 * text escaped, math as MathML (inline / display), a blank line starting a
 * new paragraph. Cached per problem object: a statement never changes.
 */
import type { ExamProblem } from '../src/manifest.js';
import { createTemplateRenderer, type TemplateRenderer } from '../src/plan/templates.js';
import { texToMathml } from '../src/math/tex.js';

const cache = new WeakMap<ExamProblem, string>();
let renderer: TemplateRenderer | undefined;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `\(` … `\)` inline, `\[` … `\]` display; everything else is text. */
const MATH = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;

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
        html += m[1] !== undefined ? texToMathml(m[1].trim()) : texToMathml((m[2] ?? '').trim(), { display: true });
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
