/**
 * TeX's inter-atom spacing (The TeXbook, ch. 18), in mu (18 mu = 1 em):
 * thin 3, medium 4 (around binary operators), thick 5 (around relations).
 * Medium and thick spaces vanish in scripts, so `h_{t-1}` stays tight.
 */
import type { AtomClass } from './boxes.js';
import type { Atom } from './glyph-runs.js';

const T = 3; // thin
const M = 4; // medium, text and display only
const K = 5; // thick, text and display only

/** [space, only outside scripts] */
type Rule = readonly [number, boolean];
const NONE: Rule = [0, false];

function rule(left: AtomClass, right: AtomClass): Rule {
  if (right === 'punct' || left === 'open' || right === 'close') return left === 'punct' ? [T, true] : NONE;
  switch (left) {
    case 'ord':
      return right === 'op' ? [T, false] : right === 'bin' ? [M, true] : right === 'rel' ? [K, true] : NONE;
    case 'op':
      return right === 'ord' || right === 'op' ? [T, false] : right === 'rel' ? [K, true] : NONE;
    case 'bin':
      return [M, true];
    case 'rel':
      return right === 'rel' ? NONE : [K, true];
    case 'close':
      return right === 'op' ? [T, false] : right === 'bin' ? [M, true] : right === 'rel' ? [K, true] : NONE;
    case 'punct':
      return [T, true];
    default:
      return NONE;
  }
}

/** Space in mu between two neighbouring classes. @example spaceBetween('ord', 'rel', false) // 5 */
export function spaceBetween(left: AtomClass, right: AtomClass, inScript: boolean): number {
  const [mu, textOnly] = rule(left, right);
  return textOnly && inScript ? 0 : mu;
}

/**
 * TeX's binary-operator rule: a `bin` with nothing to combine on its left
 * (start of row, after an operator, relation, opening fence or punctuation) or
 * before a relation, closing fence or punctuation is an ordinary symbol
 * (`= −3` is a negative number, not a subtraction). Mutates the classes.
 */
export function resolveBinaries(atoms: Atom[]): void {
  let prev: AtomClass | undefined;
  let prevIndex = -1;
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i]!;
    if (atom.space) continue;
    if (atom.cls === 'bin' && (prev === undefined || prev === 'bin' || prev === 'op' || prev === 'rel' || prev === 'open' || prev === 'punct')) {
      atom.cls = 'ord';
    }
    const left = atom.leftCls ?? atom.cls;
    if ((left === 'rel' || left === 'close' || left === 'punct') && prev === 'bin') {
      const before = atoms[prevIndex];
      if (before) before.cls = 'ord';
    }
    prev = atom.cls;
    prevIndex = i;
  }
}
