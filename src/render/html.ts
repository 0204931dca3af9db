/**
 * Text into HTML: the one escaper, and prose with TeX math (the statement of
 * a question view, `\( … \)` inline and `\[ … \]` display) into paragraphs.
 * The web page draws the math as MathML; Moodle keeps it as TeX for its
 * MathJax filter, escaped, so a bmatrix's `&` never reads as an entity.
 */
import { splitAtQuads, texToMathml } from '../math/tex.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML (and XML) element content and for quoted attributes,
 * single or double: the five characters nunjucks' autoescape escapes, written
 * the same way, so escaped text reads the same whichever did it.
 * @example escapeHtml(`<b a="1">'x' & y</b>`) // "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** `\(` … `\)` inline, `\[` … `\]` display; everything else is text. */
const MATH = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;

/** How math comes out: MathML drawn by the browser, or the TeX as written (escaped) for MathJax. */
export type HtmlMath = 'mathml' | 'tex';

/**
 * A display equation as the web shows it: its `\\quad`-separated pieces (one
 * given each, `W_f = […]`) wrap onto new lines on a narrow screen; a piece
 * still wider than the card scrolls sideways inside the group, which is
 * focusable (`tabindex="0"`) and labelled so a keyboard user can scroll it too
 * (axe: scrollable-region-focusable). A `<span>`, since it sits in a `<p>`;
 * site.css lays it out.
 * @example displayMathHtml('a = 1 \\quad b = 2') // '<span class="math-display" …><math display="block">…</math><math display="block">…</math></span>'
 */
export function displayMathHtml(tex: string): string {
  const pieces = splitAtQuads(tex).map((piece) => texToMathml(piece, { display: true }));
  return `<span class="math-display" role="group" tabindex="0" aria-label="Equation">${pieces.join('')}</span>`;
}

/**
 * Prose with TeX math → HTML paragraphs: a blank line starts a paragraph, a
 * single line break stays (a space, as in TeX), text is escaped.
 * @example proseToHtml('Compute \\(h_{1}\\).', 'mathml') // '<p>Compute <math>…</math>.</p>'
 * @example proseToHtml('a < b\n\n\\(x\\)', 'tex') // "<p>a &lt; b</p>\n<p>\\(x\\)</p>"
 */
export function proseToHtml(prose: string, math: HtmlMath): string {
  return prose
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => {
      let html = '';
      let last = 0;
      for (const m of para.matchAll(MATH)) {
        html += escapeHtml(para.slice(last, m.index));
        if (math === 'tex') html += escapeHtml(m[0]);
        else html += m[1] !== undefined ? texToMathml(m[1].trim()) : displayMathHtml((m[2] ?? '').trim());
        last = m.index + m[0].length;
      }
      return `<p>${html}${escapeHtml(para.slice(last))}</p>`;
    })
    .join('\n');
}
