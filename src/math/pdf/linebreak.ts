/**
 * Breaking a long chain of worked steps at relations, as a careful typesetter
 * does: `lhs = a = b = c` that is wider than the line continues on the next
 * line with `= c`, the `=` aligned under the first one (or indented 2 em when
 * the left side is too wide to align under).
 */
import type { Box } from './boxes.js';
import { joinAtoms } from './layout.js';
import type { MathStyle } from './style.js';
import type { Atom } from './glyph-runs.js';

export interface BrokenLine {
  box: Box;
  /** Indent from the left of the block, points. */
  indent: number;
}

/**
 * Splits a top-level row into lines no wider than `maxWidth` when it can
 * (a segment between two relations that is wider than the line stays whole).
 * @example breakAtRelations(atoms, style, 300).length // 2 for a chain 1.5 lines wide
 */
export function breakAtRelations(atoms: readonly Atom[], style: MathStyle, maxWidth: number): BrokenLine[] {
  const whole = joinAtoms(atoms, style);
  if (whole.width <= maxWidth) return [{ box: whole, indent: 0 }];
  const segments: Atom[][] = [[]];
  atoms.forEach((atom, i) => {
    if (atom.cls === 'rel' && i > 0 && atoms[i - 1]?.cls !== 'rel' && segments[segments.length - 1]!.some((a) => !a.space)) segments.push([]);
    segments[segments.length - 1]!.push(atom);
  });
  if (segments.length < 3) return [{ box: whole, indent: 0 }];
  const lhs = joinAtoms(segments[0]!, style);
  const indent = lhs.width <= maxWidth / 2 ? lhs.width : 2 * style.size;
  const lines: BrokenLine[] = [];
  let current: Atom[] = [...segments[0]!, ...segments[1]!];
  let first = true;
  for (const segment of segments.slice(2)) {
    const available = first ? maxWidth : maxWidth - indent;
    const trial = joinAtoms([...current, ...segment], style, !first);
    if (trial.width <= available) {
      current = [...current, ...segment];
      continue;
    }
    lines.push({ box: joinAtoms(current, style, !first), indent: first ? 0 : indent });
    first = false;
    current = [...segment];
  }
  lines.push({ box: joinAtoms(current, style, !first), indent: first ? 0 : indent });
  return lines;
}
