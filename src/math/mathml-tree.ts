/**
 * temml's MathML string → a small typed tree the PDF layout walks. Pure (no
 * pdfkit), cached with the conversion.
 */
import { texToMathml, type TexOptions } from './tex.js';

/** One MathML element; `text` holds the character content of token elements (mi, mn, mo, mtext). */
export interface MathNode {
  tag: string;
  attrs: Readonly<Record<string, string>>;
  children: MathNode[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Parses one `<math>` element of temml's output: well-formed XML elements,
 * attributes and text, no comments or CDATA (a purpose-built scanner: a
 * general XML parser was most of the PDF layout time).
 * @example parseMathml('<math><mi>x</mi></math>').children[0].text // 'x'
 */
export function parseMathml(mathml: string): MathNode {
  const root: MathNode = { tag: '#document', attrs: {}, children: [], text: '' };
  const stack: MathNode[] = [root];
  let last = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(mathml); m !== null; m = TAG.exec(mathml)) {
    const parent = stack[stack.length - 1]!;
    if (m.index > last) parent.text += decode(mathml.slice(last, m.index));
    last = TAG.lastIndex;
    const [, closing, tag = '', rawAttrs = '', selfClosing] = m;
    if (closing) {
      if (parent.tag !== tag) throw new Error(`malformed MathML: </${tag}> closes <${parent.tag}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    if (rawAttrs) for (const a of rawAttrs.matchAll(ATTR)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
    const node: MathNode = { tag, attrs, children: [], text: '' };
    parent.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  const math = root.children.find((n) => n.tag === 'math');
  if (!math || stack.length !== 1) throw new Error(`not a complete <math> element: ${mathml.slice(0, 60)}`);
  return math;
}

/**
 * TeX → parsed MathML tree. The MathML string is cached by texToMathml; trees
 * are not (they are large, and the PDF layout built from them is cached instead).
 * @example texToMathTree('x^{2}').children[0].tag // 'msup'
 */
export function texToMathTree(tex: string, options: TexOptions = {}): MathNode {
  return parseMathml(texToMathml(tex, options));
}
