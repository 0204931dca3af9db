/**
 * Where a value sits in a YAML file: maps a path such as `items[2].options.steps`
 * to its line and column through `yaml`'s node ranges and LineCounter, so
 * every bank error can say `file:line:col`. A path that does not exist (a
 * missing key) points at its nearest existing parent.
 */
import { type Document, LineCounter, isMap, isSeq, isScalar, type Node } from 'yaml';

export type PathKey = string | number;

export interface Position {
  line: number;
  col: number;
}

/** `items[2].options.steps` from `['items', 2, 'options', 'steps']`. */
export function formatPath(path: readonly PathKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
}

/** Turns `W[0][1]` (a GivenError field) into `['W', 0, 1]`. */
export function parseFieldPath(field: string): PathKey[] {
  const out: PathKey[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

function child(node: Node, key: PathKey): { value: Node | null; keyNode: Node | null } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
    if (!pair) return undefined;
    return { value: (pair.value as Node | null) ?? null, keyNode: (pair.key as Node | null) ?? null };
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key] as Node | undefined;
    return item ? { value: item, keyNode: null } : undefined;
  }
  return undefined;
}

/**
 * Line and column (1-based) of the value at `path`, or of its key when
 * `atKey` (for an unknown key), or of the nearest parent that exists.
 * @example positionOf(doc, counter, ['items', 0, 'count']) // { line: 12, col: 12 }
 */
export function positionOf(doc: Document, counter: LineCounter, path: readonly PathKey[], atKey = false): Position {
  let node: Node | null = doc.contents as Node | null;
  let best: Node | null = node;
  for (let i = 0; i < path.length && node; i++) {
    const next = child(node, path[i] as PathKey);
    if (!next) break;
    const last = i === path.length - 1;
    best = (last && atKey && next.keyNode) || next.value || next.keyNode || best;
    node = next.value;
  }
  const offset = best?.range?.[0] ?? 0;
  return counter.linePos(offset);
}

export { LineCounter };
