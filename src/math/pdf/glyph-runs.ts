/**
 * Token elements (mi, mn, mo, mtext) → text boxes, and the operator
 * dictionary that gives each operator its TeX spacing class.
 *
 * Faces follow the lecture's LaTeX: single Latin letters and lowercase Greek
 * are math italic; numbers, function names (`tanh`, `softmax`), capital Greek
 * and operators are upright; `\mathbf` is bold upright. temml writes `\mathbf{U}`
 * as the Unicode letter 𝐔 (U+1D414); we map such letters back to plain `U` in
 * the bold face so the PDF text reads (and copies, and searches) as `U`.
 */
import type { MathNode } from '../mathml-tree.js';
import type { AtomClass, Box, TextItem } from './boxes.js';
import { fontMetrics, type FontFace } from './fonts.js';
import type { MathStyle } from './style.js';

/** A laid-out piece of a row with its spacing class. */
export interface Atom {
  box: Box;
  /** Class towards the right neighbour (and the atom's own, for one-piece atoms). */
  cls: AtomClass;
  /** Class towards the left neighbour when it differs: a fenced group `(x)` opens like `(` and closes like `)`. */
  leftCls?: AtomClass;
  /** Explicit space (mspace, `\ `): transparent to spacing classes, and it replaces the automatic space. */
  space?: boolean;
  /** A stretchy delimiter to size once the row's height is known. */
  stretch?: string;
  /** Came from a single token element (TeX places scripts of characters differently from boxes). */
  isToken?: boolean;
}

const RELATIONS = new Set('=<>≤≥≈≠≡∼≃≅∝→←↦⇒⇔∈∉⊂⊆:≔'.split(''));
const BINARIES = new Set('+−-±∓×÷⋅·∗*⊙∘⊕⊗∧∨∩∪'.split(''));
/** U+2061 FUNCTION APPLICATION: temml's invisible operator after tanh etc. Zero width. */
const INVISIBLE = new Set(['\u2061', '\u2062', '\u2063', '\u2064']);

const ITALIC_LETTER = /^[A-Za-z\u03b1-\u03c9\u03d1\u03d5\u03d6\u03f5]$/u;

/** Math alphanumeric blocks (U+1D400…) → ASCII letter and face. */
const ALPHANUMERIC_BLOCKS: ReadonlyArray<readonly [number, FontFace]> = [
  [0x1d400, 'bold'],
  [0x1d434, 'italic'],
  [0x1d468, 'boldItalic'],
];

interface MappedText {
  text: string;
  face: FontFace | undefined;
}

/** Maps math alphanumeric characters back to ASCII, remembering the face they asked for. */
function mapAlphanumerics(text: string): MappedText {
  let face: FontFace | undefined;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x210e) {
      out += 'h'; // the italic h lives in Letterlike Symbols (ℎ)
      face = 'italic';
      continue;
    }
    if (cp >= 0x1d7ce && cp <= 0x1d7d7) {
      out += String.fromCharCode(48 + cp - 0x1d7ce);
      face = 'bold';
      continue;
    }
    const block = ALPHANUMERIC_BLOCKS.find(([start]) => cp >= start && cp < start + 52);
    if (block) {
      const i = cp - block[0];
      out += String.fromCharCode(i < 26 ? 65 + i : 97 + i - 26);
      face = block[1];
    } else out += ch;
  }
  return { text: out, face };
}

const VARIANT_FACES: Readonly<Record<string, FontFace>> = {
  normal: 'regular',
  bold: 'bold',
  italic: 'italic',
  'bold-italic': 'boldItalic',
};

/** A text box of `text` in `face` at the style's size; height and depth from the ink. */
export function textBox(text: string, face: FontFace, style: MathStyle): Box {
  const metrics = fontMetrics(face);
  const width = metrics.width(text) * style.size;
  if (text.trim() === '') return { width, height: 0, depth: 0, items: [] };
  const ink = metrics.ink(text);
  const item: TextItem = { kind: 'text', x: 0, y: 0, text, face, size: style.size, width };
  const italic = face === 'italic' || face === 'boldItalic' ? 0.08 * style.size : 0;
  return { width, height: Math.max(0, ink.height * style.size), depth: Math.max(0, ink.depth * style.size), items: [item], italic };
}

function faceFor(node: MathNode, mapped: MappedText): FontFace {
  const variant = node.attrs['mathvariant'];
  if (variant && VARIANT_FACES[variant]) return VARIANT_FACES[variant];
  if (mapped.face) return mapped.face;
  if (node.tag === 'mi' && ITALIC_LETTER.test(mapped.text)) return 'italic';
  return 'regular';
}

/** mi / mn / mtext → atom. Multi-letter identifiers (tanh, softmax, max) are operator names. */
export function tokenAtom(node: MathNode, style: MathStyle): Atom {
  const mapped = mapAlphanumerics(node.text);
  const box = textBox(mapped.text, faceFor(node, mapped), style);
  if (node.tag === 'mtext' && mapped.text.trim() === '') return { box, cls: 'ord', space: true };
  const isName = node.tag === 'mi' && [...mapped.text].length > 1 && !mapped.face;
  return { box, cls: isName ? 'op' : 'ord', isToken: true };
}

/** mo → atom with its spacing class; fences and `stretchy="true"` operators are marked to stretch. */
export function operatorAtom(node: MathNode, style: MathStyle): Atom | null {
  const text = node.text.trim() === '' ? node.text : node.text.trim();
  if (INVISIBLE.has(text)) return null;
  const op = text === '-' ? '\u2212' : text === '*' ? '\u2217' : text;
  const box = textBox(op, faceFor(node, { text: op, face: undefined }), style);
  const stretch = node.attrs['stretchy'] === 'true' ? op : undefined;
  return { box, cls: operatorClass(node, op), stretch, isToken: true };
}

function operatorClass(node: MathNode, op: string): AtomClass {
  const form = node.attrs['form'];
  if (node.attrs['separator'] === 'true' || op === ',' || op === ';') return 'punct';
  if (node.attrs['fence'] === 'true' || '([{⟨⌊⌈)]}⟩⌋⌉'.includes(op)) {
    if (form === 'postfix' || ')]}⟩⌋⌉'.includes(op)) return 'close';
    return 'open';
  }
  if (form === 'prefix' && BINARIES.has(op)) return 'ord'; // unary minus
  if (RELATIONS.has(op)) return 'rel';
  if (BINARIES.has(op)) return 'bin';
  return 'ord';
}
