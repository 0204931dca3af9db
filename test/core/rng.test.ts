/**
 * The seeded stream: the same seed gives the same draws (the first ones pinned to
 * seedrandom's alea, computed here independently of createRng), and every draw
 * keeps its promise — next in [0, 1), int an integer in [lo, hi] reaching both
 * ends, pick an element, shuffle a permutation — over many draws. Forks are
 * independent of their parent's draws and of each other.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';

const N = 2000;
const draws = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('next', () => {
  it('is alea for the seed: 0.5517…, 0.6370…, 0.6611… for "2026"', () => {
    const rng = createRng('2026');
    expect(draws(3, () => rng.next())).toEqual([0.5517789574805647, 0.6370094574522227, 0.6611711906734854]);
    const alea = seedrandom.alea('other seed');
    const other = createRng('other seed');
    for (let i = 0; i < 50; i++) expect(other.next()).toBe(alea());
  });

  it('stays in [0, 1) and spreads over it', () => {
    const rng = createRng('spread');
    const xs = draws(N, () => rng.next());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.min(...xs)).toBeLessThan(0.01);
    expect(Math.max(...xs)).toBeGreaterThan(0.99);
  });

  it('differs between seeds and repeats for one seed', () => {
    expect(
      draws(
        5,
        (
          (r) => () =>
            r.next()
        )(createRng('a')),
      ),
    ).toEqual(
      draws(
        5,
        (
          (r) => () =>
            r.next()
        )(createRng('a')),
      ),
    );
    expect(createRng('a').next()).not.toBe(createRng('b').next());
  });
});

describe('int', () => {
  it('is lo + ⌊u·(hi − lo + 1)⌋: 0 then 1 on [-3, 3] for "2026" (u = 0.5517…, 0.6370…; ⌊3.86⌋ = 3, ⌊4.46⌋ = 4)', () => {
    const rng = createRng('2026');
    expect([rng.int(-3, 3), rng.int(-3, 3)]).toEqual([0, 1]);
  });

  it.each([
    [-3, 3],
    [0, 1],
    [5, 9],
    [-10, -8],
  ])('on [%d, %d] gives integers in range, every one of them', (lo, hi) => {
    const rng = createRng(`int ${lo} ${hi}`);
    const xs = draws(N, () => rng.int(lo, hi));
    expect(xs.every((x) => Number.isInteger(x) && x >= lo && x <= hi)).toBe(true);
    const all = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
    expect([...new Set(xs)].sort((a, b) => a - b)).toEqual(all);
  });

  it('on [7, 7] is always 7', () => {
    const rng = createRng('one');
    expect(new Set(draws(100, () => rng.int(7, 7)))).toEqual(new Set([7]));
  });
});

describe('pick', () => {
  it('picks each element of the list, and only those', () => {
    const rng = createRng('pick');
    const items = ['a', 'b', 'c', 'd'] as const;
    const picked = draws(N, () => rng.pick(items));
    expect([...new Set(picked)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('throws on an empty list', () => {
    expect(() => createRng('x').pick([])).toThrow('cannot pick from an empty list');
  });
});

describe('shuffle', () => {
  it('returns a permutation in a new array and leaves the input alone', () => {
    const rng = createRng('shuffle');
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    for (let k = 0; k < 50; k++) {
      const out = rng.shuffle(items);
      expect(out).not.toBe(items);
      expect([...out].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reaches all 6 orders of 3 items, the identity included', () => {
    const rng = createRng('orders');
    const seen = new Set(draws(600, () => rng.shuffle(['a', 'b', 'c']).join('')));
    expect([...seen].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  });

  it.each([[[]], [['only']]])('copies %j without drawing', (items: string[]) => {
    const rng = createRng('short');
    const out = rng.shuffle(items);
    expect(out).toEqual(items);
    expect(out).not.toBe(items);
    expect(rng.next()).toBe(createRng('short').next());
  });

  it('draws n − 1 times for n items (Fisher–Yates), so the next draw is the n-th', () => {
    const rng = createRng('count');
    rng.shuffle([1, 2, 3, 4]);
    const ref = createRng('count');
    draws(3, () => ref.next());
    expect(rng.next()).toBe(ref.next());
  });
});

describe('fork', () => {
  it('is the same stream for the same seed and label, whatever the parent drew before', () => {
    const parent = createRng('root');
    draws(10, () => parent.next());
    const a = parent.fork('p1');
    const b = createRng('root').fork('p1');
    expect(draws(20, () => a.next())).toEqual(draws(20, () => b.next()));
  });

  it('does not shift the parent: drawing from a fork leaves the parent’s draws as they were', () => {
    const parent = createRng('root');
    const fork = parent.fork('p1');
    draws(10, () => fork.next());
    expect(draws(5, () => parent.next())).toEqual(
      draws(
        5,
        (
          (r) => () =>
            r.next()
        )(createRng('root')),
      ),
    );
  });

  it('differs between labels, from the parent, and between parents', () => {
    const first = (r: { next(): number }) => draws(3, () => r.next());
    const root = createRng('root');
    expect(first(root.fork('a'))).not.toEqual(first(root.fork('b')));
    expect(first(root.fork('a'))).not.toEqual(first(createRng('root')));
    expect(first(root.fork('a'))).not.toEqual(first(createRng('other').fork('a')));
    expect(first(root.fork('a').fork('b'))).not.toEqual(first(root.fork('a')));
  });
});
