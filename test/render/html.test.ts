/**
 * The one HTML escaper and the prose → HTML step shared by the web page and
 * the Moodle export. Expected strings are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import nunjucks from 'nunjucks';
import { escapeHtml, proseToHtml } from '../../src/render/html.js';

describe('escapeHtml', () => {
  it.each([
    ['plain text', 'h_t = 3', 'h_t = 3'],
    ['a tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an ampersand first, so entities are not escaped twice', 'a &amp; b', 'a &amp;amp; b'],
    ['a bmatrix column separator', '\\begin{bmatrix} 1 & 2 \\end{bmatrix}', '\\begin{bmatrix} 1 &amp; 2 \\end{bmatrix}'],
    ['a double-quoted attribute break-out', '" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ['a single-quoted attribute break-out', "' onfocus='x", '&#39; onfocus=&#39;x'],
    ['non-ASCII text stays as it is', 'σ(2) ≈ 0.8808 — é', 'σ(2) ≈ 0.8808 — é'],
  ])('%s', (_, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('writes what nunjucks autoescape writes, so a page reads the same whichever escaped a text', () => {
    const hostile = `<a href="x" title='y'>&amp;</a>`;
    expect(escapeHtml(hostile)).toBe(new nunjucks.Environment(null, { autoescape: true }).renderString('{{ s }}', { s: hostile }));
  });
});

describe('proseToHtml', () => {
  it('keeps TeX for MathJax (tex), escaped, in paragraphs split at blank lines', () => {
    expect(proseToHtml('Compute \\(a < b\\) with\n\\[ \\begin{bmatrix} 1 & 2 \\end{bmatrix} \\]\n\n  Then   stop & go. ', 'tex')).toBe(
      '<p>Compute \\(a &lt; b\\) with\n\\[ \\begin{bmatrix} 1 &amp; 2 \\end{bmatrix} \\]</p>\n<p>Then   stop &amp; go.</p>',
    );
  });

  it('draws math as MathML (mathml): inline and display, the text around it escaped', () => {
    const html = proseToHtml('If x < 1, \\(h_{1}\\) and \\[ y \\]', 'mathml');
    expect(html.startsWith('<p>If x &lt; 1, <math')).toBe(true);
    expect(html).not.toContain('\\(');
    expect(html).toMatch(/<math[^>]*display="block"/);
    expect((html.match(/<math/g) ?? []).length).toBe(2);
  });

  it('drops empty paragraphs', () => {
    expect(proseToHtml('\n\n a \n\n\n\n b \n\n', 'tex')).toBe('<p>a</p>\n<p>b</p>');
  });
});
