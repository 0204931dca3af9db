/**
 * What a web page needs to draw temml's MathML well: an OpenType MATH font
 * (DejaVu Math TeX Gyre, from the same `dejavu-fonts-ttf` package as the PDF
 * fonts, so brackets stretch to their matrix) and temml's own stylesheet.
 * Adapter code (reads files); the server serves `mathFontPath()` at the URL it
 * passes to `mathCss`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Absolute path of the math font file. */
export function mathFontPath(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuMathTeXGyre.ttf');
}

let temmlCss: string | undefined;

/**
 * CSS for pages with MathML: the math font loaded from `fontUrl`, then temml's stylesheet.
 * @example `<style>${mathCss('/static/DejaVuMathTeXGyre.ttf')}</style>`
 */
export function mathCss(fontUrl: string): string {
  temmlCss ??= readFileSync(require.resolve('temml/dist/Temml-Local.css'), 'utf8').replace(/font-family: "Cambria Math"/, `font-family: "DejaVu Math TeX Gyre", "Cambria Math"`);
  return `@font-face { font-family: "DejaVu Math TeX Gyre"; src: url(${JSON.stringify(fontUrl)}) format("truetype"); }\n${temmlCss}`;
}
