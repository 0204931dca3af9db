/**
 * MathML tree → boxes: rows with TeX spacing, stretchy fences, scripts,
 * fractions, accents, tables. Sizes in points; see boxes.ts for coordinates.
 */
import type { MathNode } from '../mathml-tree.js';
import { hbox, kern, shifted, type AtomClass, type Box, type Item } from './boxes.js';
import { delimiterBox } from './delimiters.js';
import { fontMetrics } from './fonts.js';
import { spaceBetween, resolveBinaries } from './spacing.js';
import { mathConstants, scriptStyle, textStyle, type MathStyle } from './style.js';
import { tableBox } from './table.js';
import { operatorAtom, textBox, tokenAtom, type Atom } from './glyph-runs.js';

/** TeX's \scriptspace: a little room after every script. */
const SCRIPT_SPACE = 0.05;

/** Children of an element as atoms, fences stretched to the row's content. */
export function layoutAtoms(nodes: readonly MathNode[], style: MathStyle): Atom[] {
  const atoms: Atom[] = [];
  for (const node of nodes) {
    const atom = layoutAtom(node, style);
    if (atom) atoms.push(atom);
  }
  stretchFences(atoms, style);
  resolveBinaries(atoms);
  return atoms;
}

/** MathML Core: stretchy operators in a row grow to the height and depth of its other members. */
function stretchFences(atoms: Atom[], style: MathStyle): void {
  if (!atoms.some((a) => a.stretch)) return;
  let height = 0;
  let depth = 0;
  for (const a of atoms) {
    if (a.stretch) continue;
    height = Math.max(height, a.box.height);
    depth = Math.max(depth, a.box.depth);
  }
  for (const a of atoms) if (a.stretch) a.box = delimiterBox(a.stretch, height, depth, style);
}

/**
 * Joins atoms into one box with TeX spacing between them.
 * `leadingSpace`: a line that starts with a relation keeps the relation's left
 * space, so broken lines align their `=` under the first line's.
 */
export function joinAtoms(atoms: readonly Atom[], style: MathStyle, leadingSpace = false): Box {
  const boxes: Box[] = [];
  const mu = style.size / 18;
  const inScript = style.scriptLevel > 0;
  let prev: AtomClass | undefined = leadingSpace ? 'ord' : undefined;
  let explicitSpace = false;
  for (const atom of atoms) {
    if (atom.space) {
      explicitSpace = true;
      boxes.push(atom.box);
      continue;
    }
    if (prev !== undefined && !explicitSpace) {
      const space = spaceBetween(prev, atom.leftCls ?? atom.cls, inScript) * mu;
      if (space > 0) boxes.push(kern(space));
    }
    boxes.push(atom.box);
    prev = atom.cls;
    explicitSpace = false;
  }
  return hbox(boxes);
}

/** Lays out a sequence of nodes as one row box. */
export function layoutRow(nodes: readonly MathNode[], style: MathStyle): Box {
  return joinAtoms(layoutAtoms(nodes, style), style);
}

function rowAtom(nodes: readonly MathNode[], style: MathStyle): Atom {
  const atoms = layoutAtoms(nodes, style);
  const solid = atoms.filter((a) => !a.space);
  // A row of one atom keeps its class (`{=}` is still a relation, `tanh` with its ⁡ still an operator name).
  if (atoms.length === 1 && atoms[0]) return atoms[0];
  const box = joinAtoms(atoms, style);
  if (solid.length === 1 && solid[0]) return { box, cls: solid[0].cls, isToken: solid[0].isToken };
  const first = solid[0];
  const last = solid[solid.length - 1];
  // A fenced group `(x)` or `[2, 1]`: opens like its left fence, closes like its right one.
  if (first?.cls === 'open' && last?.cls === 'close') return { box, cls: 'close', leftCls: 'open' };
  return { box, cls: 'ord' };
}

function layoutAtom(node: MathNode, style: MathStyle): Atom | null {
  switch (node.tag) {
    case 'mi':
    case 'mn':
    case 'mtext':
    case 'ms':
      return tokenAtom(node, style);
    case 'mo':
      return operatorAtom(node, style);
    case 'mspace':
      return { box: kern(lengthToPoints(node.attrs['width'], style)), cls: 'ord', space: true };
    case 'msub':
    case 'msup':
    case 'msubsup':
      return scriptsAtom(node, style);
    case 'munder':
    case 'mover':
    case 'munderover':
      return underOverAtom(node, style);
    case 'mfrac':
      return { box: fractionBox(node, style), cls: 'ord' };
    case 'mtable':
      return { box: tableBox(node, style, layoutRow), cls: 'ord' };
    case 'mstyle':
      return rowAtom(node.children, styleOf(node, style));
    case 'annotation':
    case 'annotation-xml':
      return null;
    case 'semantics':
      return node.children[0] ? layoutAtom(node.children[0], style) : null;
    default: {
      // mrow, mpadded, menclose, msqrt, …: their children as a row (\! is an empty mrow with a negative margin).
      const atom = rowAtom(node.children, style);
      const margin = /margin-left:\s*(-?[\d.]+)em/.exec(node.attrs['style'] ?? '');
      if (margin && node.children.length === 0) return { box: kern(Number(margin[1]) * style.size), cls: 'ord', space: true };
      return atom;
    }
  }
}

function styleOf(node: MathNode, style: MathStyle): MathStyle {
  let s = style;
  if (node.attrs['displaystyle'] === 'true') s = { ...s, display: true };
  if (node.attrs['displaystyle'] === 'false') s = textStyle(s);
  const level = node.attrs['scriptlevel'];
  if (level && /^\+?[12]$/.test(level)) s = scriptStyle(s);
  return s;
}

/** `0.1667em`, `1em`, `5pt`, `3px` → points at the style's size. */
function lengthToPoints(length: string | undefined, style: MathStyle): number {
  const m = /^(-?[\d.]+)\s*(em|ex|pt|px|mu)?$/.exec((length ?? '').trim());
  if (!m) return 0;
  const v = Number(m[1]);
  switch (m[2]) {
    case 'pt':
      return v;
    case 'px':
      return v * 0.75;
    case 'ex':
      return v * mathConstants().xHeight * style.size;
    case 'mu':
      return (v * style.size) / 18;
    default:
      return v * style.size;
  }
}

function nth(node: MathNode, i: number): MathNode {
  return node.children[i] ?? { tag: 'mrow', attrs: {}, children: [], text: '' };
}

const PRIMES = /^[\u2032\u2033\u2034]$/;

/** `g'`: temml writes the prime as a superscript, but the prime glyph is already drawn raised. */
function isPrime(node: MathNode): boolean {
  return node.tag === 'mo' && PRIMES.test(node.text.trim());
}

/**
 * A base and its prime, side by side at the base's size: set as a script the
 * already-raised prime glyph would float above the letter like an accent.
 */
function primeAtom(node: MathNode, style: MathStyle): Atom {
  const base = rowAtom([nth(node, 0)], style);
  const prime = layoutRow([nth(node, 1)], style);
  const dx = base.box.width + (base.box.italic ?? 0);
  const items: Item[] = [shifted(base.box, 0, 0), shifted(prime, dx, 0)];
  const box = { width: dx + prime.width, height: Math.max(base.box.height, prime.height), depth: Math.max(base.box.depth, prime.depth), items };
  return { box, cls: 'ord' };
}

/**
 * Sub- and superscripts, TeX's rules simplified (The TeXbook, appendix G,
 * 18a–18f): a character's scripts sit at fixed shifts, a box's follow its
 * height and depth; the superscript clears the italic lean of its base.
 */
function scriptsAtom(node: MathNode, style: MathStyle): Atom {
  if (node.tag === 'msup' && isPrime(nth(node, 1))) return primeAtom(node, style);
  const base = rowAtom([nth(node, 0)], style);
  const script = scriptStyle(style);
  const sub = node.tag === 'msup' ? undefined : layoutRow([nth(node, 1)], script);
  const sup = node.tag === 'msub' ? undefined : layoutRow([nth(node, node.tag === 'msup' ? 1 : 2)], script);
  const s = style.size;
  const { xHeight, rule } = mathConstants();
  const isChar = base.isToken === true;
  let u = isChar ? 0 : base.box.height - 0.39 * script.size;
  let v = isChar ? 0 : base.box.depth + 0.05 * script.size;
  if (sup) u = Math.max(u, (style.display ? 0.42 : 0.38) * s, sup.depth + 0.25 * xHeight * s);
  if (sub && !sup) v = Math.max(v, 0.2 * s, sub.height - 0.8 * xHeight * s);
  if (sub && sup) {
    v = Math.max(v, 0.27 * s);
    const gap = u - sup.depth - (sub.height - v);
    if (gap < 4 * rule * s) v += 4 * rule * s - gap;
  }
  const items: Item[] = [shifted(base.box, 0, 0)];
  const x = base.box.width;
  let width = x;
  let height = base.box.height;
  let depth = base.box.depth;
  if (sup) {
    const dx = x + (base.box.italic ?? 0);
    items.push(shifted(sup, dx, u));
    width = Math.max(width, dx + sup.width);
    height = Math.max(height, u + sup.height);
  }
  if (sub) {
    items.push(shifted(sub, x, -v));
    width = Math.max(width, x + sub.width);
    depth = Math.max(depth, v + sub.depth);
  }
  return { box: { width: width + SCRIPT_SPACE * s, height, depth, items }, cls: base.cls === 'op' ? 'op' : base.cls === 'rel' ? 'rel' : 'ord' };
}

/** A fraction: bar on the axis, numerator and denominator centred and kept clear of it. */
function fractionBox(node: MathNode, style: MathStyle): Box {
  const partStyle = style.display ? textStyle(style) : scriptStyle(style);
  const num = layoutRow([nth(node, 0)], partStyle);
  const den = layoutRow([nth(node, 1)], partStyle);
  const s = style.size;
  const { axis, rule } = mathConstants();
  const thickness = node.attrs['linethickness'] === '0' || node.attrs['linethickness'] === '0px' ? 0 : rule * s;
  const clearance = (style.display ? 3 : 1.5) * rule * s;
  const a = axis * s;
  const u = Math.max(a + thickness / 2 + clearance + num.depth, style.display ? 0.68 * s : 0.4 * s);
  const v = Math.max(den.height + clearance + thickness / 2 - a, style.display ? 0.69 * s : 0.35 * s);
  const pad = 0.12 * s; // TeX's \nulldelimiterspace either side
  const inner = Math.max(num.width, den.width);
  const items: Item[] = [shifted(num, pad + (inner - num.width) / 2, u), shifted(den, pad + (inner - den.width) / 2, -v)];
  if (thickness > 0) items.push({ kind: 'rule', x: pad, y: a - thickness / 2, width: inner, height: thickness });
  return { width: inner + 2 * pad, height: u + num.height, depth: v + den.depth, items };
}

/**
 * mover / munder / munderover: accents (`\tilde{C}`) sit just above their
 * base, nudged right over a slanted letter; limits (`\max_i` in display) are
 * centred under the operator. Outside display style, movable limits become
 * scripts as in TeX.
 */
function underOverAtom(node: MathNode, style: MathStyle): Atom {
  const base = rowAtom([nth(node, 0)], style);
  const movable = node.children[0]?.attrs['movablelimits'] !== 'false' && base.cls === 'op';
  if (movable && !style.display && node.tag !== 'mover') {
    const asScript: MathNode = { ...node, tag: node.tag === 'munder' ? 'msub' : 'msubsup' };
    return scriptsAtom(asScript, style);
  }
  const overNode = node.tag === 'munder' ? undefined : nth(node, node.tag === 'mover' ? 1 : 2);
  const underNode = node.tag === 'mover' ? undefined : nth(node, 1);
  const isAccent = node.tag === 'mover' && (node.attrs['accent'] === 'true' || overNode?.tag === 'mo');
  const s = style.size;
  const gap = 0.08 * s;
  let width = base.box.width;
  let height = base.box.height;
  let depth = base.box.depth;
  const boxes: { box: Box; y: number; skew: number }[] = [];
  if (overNode) {
    const over = isAccent ? accentBox(overNode, base.box, style) : layoutRow([overNode], scriptStyle(style));
    const y = base.box.height + gap + over.depth;
    boxes.push({ box: over, y, skew: isAccent ? (base.box.italic ?? 0) : 0 });
    height = y + over.height;
    width = Math.max(width, over.width);
  }
  if (underNode) {
    const under = layoutRow([underNode], scriptStyle(style));
    const y = -(base.box.depth + gap + under.height);
    boxes.push({ box: under, y, skew: 0 });
    depth = -y + under.depth;
    width = Math.max(width, under.width);
  }
  const items: Item[] = [shifted(base.box, (width - base.box.width) / 2, 0)];
  for (const b of boxes) items.push(shifted(b.box, (width - b.box.width) / 2 + b.skew, b.y));
  return { box: { width, height, depth, items, italic: base.box.italic }, cls: base.cls };
}

/** An accent glyph, or a rule as wide as its base for over-bars. */
function accentBox(node: MathNode, base: Box, style: MathStyle): Box {
  const char = node.text.trim();
  if ('\u203e\u00af_\u0305'.includes(char) && char !== '') {
    const t = mathConstants().rule * style.size;
    return { width: base.width, height: t, depth: 0, items: [{ kind: 'rule', x: 0, y: 0, width: base.width, height: t }] };
  }
  const accent = char === '~' ? '\u02dc' : char === '^' ? '\u02c6' : char;
  const glyph = textBox(accent, 'regular', style);
  // Accent glyphs float above the baseline (negative depth); move the ink down so it starts at y = 0.
  const ink = fontMetrics('regular').ink(accent);
  const lift = -ink.depth * style.size;
  return { width: glyph.width, height: ink.height * style.size - lift, depth: 0, items: [shifted(glyph, 0, -lift)] };
}
