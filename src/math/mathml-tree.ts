/**
 * temml's MathML string → a small typed tree the PDF layout walks. Pure (no
 * pdfkit), parsed with fast-xml-parser and cached with the conversion.
 */
import { XMLParser } from 'fast-xml-parser';
import { LruCache } from './lru.js';
import { texToMathml, type TexOptions } from './tex.js';

/** One MathML element; `text` holds the character content of token elements (mi, mn, mo, mtext). */
export interface MathNode {
  tag: string;
  attrs: Readonly<Record<string, string>>;
  children: MathNode[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
});

type OrderedXml = Record<string, unknown>;

function toNode(raw: OrderedXml): MathNode | null {
  const attrsRaw = (raw[':@'] ?? {}) as Record<string, unknown>;
  const tag = Object.keys(raw).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text') return null;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = String(v);
  const body = (raw[tag] ?? []) as OrderedXml[];
  const children: MathNode[] = [];
  let text = '';
  for (const item of body) {
    if ('#text' in item) text += String(item['#text']);
    else {
      const child = toNode(item);
      if (child) children.push(child);
    }
  }
  return { tag, attrs, children, text };
}

/**
 * Parses one `<math>` element.
 * @example parseMathml('<math><mi>x</mi></math>').children[0].text // 'x'
 */
export function parseMathml(mathml: string): MathNode {
  const doc = parser.parse(mathml) as OrderedXml[];
  const root = doc.map(toNode).find((n): n is MathNode => n !== null && n.tag === 'math');
  if (!root) throw new Error(`not a <math> element: ${mathml.slice(0, 60)}`);
  return root;
}

const treeCache = new LruCache<string, MathNode>(4000);

/**
 * TeX → parsed MathML tree (cached; the tree is shared, never mutate it).
 * @example texToMathTree('x^{2}').children[0].tag // 'msup'
 */
export function texToMathTree(tex: string, options: TexOptions = {}): MathNode {
  const key = (options.display ? 'D' : 'I') + tex;
  return treeCache.getOrCreate(key, () => parseMathml(texToMathml(tex, options)));
}

/** Empties the tree cache (benchmarks measure cold conversions with it). */
export function clearMathTreeCache(): void {
  treeCache.clear();
}
