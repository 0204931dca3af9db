/**
 * The one source of randomness: seedrandom's named `alea` algorithm, so the
 * same seed gives the same draws on every machine and Node version.
 */
import seedrandom from 'seedrandom';

export interface Rng {
  /** A double in [0, 1). */
  next(): number;
  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream named by `label`: adding draws to one stream never shifts another. */
  fork(label: string): Rng;
}

/** @example createRng('2026').int(-3, 3) // the same integer on every machine */
export function createRng(seed: string): Rng {
  // Seeded on the first draw: a stream that is only forked (a problem set's root) never pays for seeding.
  let seeded: (() => number) | undefined;
  const prng = (): number => (seeded ??= seedrandom.alea(seed))();
  const rng: Rng = {
    next: () => prng(),
    int: (lo, hi) => lo + Math.floor(prng() * (hi - lo + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(prng() * items.length)] as (typeof items)[number];
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(prng() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    fork: (label) => createRng(`${seed}/${label}`),
  };
  return rng;
}
