/**
 * Which version each student of a roster writes: seeded (the same roster,
 * bank and seed give the same assignment) and balanced (version counts differ
 * by at most one when no seats are given).
 *
 * With seats, version = (rowStep · row + col + shift) mod k, then mapped
 * through a seeded permutation of the version codes: side-by-side seats differ
 * by 1 and seats one behind the other by rowStep (mod k), so neighbours
 * (seats.ts) always get different versions when k ≥ 2. rowStep is 2 when
 * k ≥ 4, which also separates diagonal seats (their difference is 1 or 3).
 * Students without a seat then fill the versions used least, so the counts
 * stay as even as the seating allows.
 */
import { createRng } from '../core/rng.js';
import type { RosterStudent } from './parse.js';
import { parseSeat } from './seats.js';

/**
 * @example assignVersions(students, ['V01', 'V02'], '2026').get('s1') // 'V02'
 */
export function assignVersions(students: readonly RosterStudent[], versions: readonly string[], seed: string): Map<string, string> {
  const k = versions.length;
  const rng = createRng(`${seed}/roster`);
  const labels = rng.fork('labels').shuffle(versions);
  const counts = new Array<number>(k).fill(0);
  const out = new Map<string, string>();
  const give = (id: string, index: number) => {
    counts[index] = (counts[index] as number) + 1;
    out.set(id, labels[index] as string);
  };
  const rowStep = k >= 4 ? 2 : 1;
  const shift = rng.fork('shift').int(0, Math.max(0, k - 1));
  const unseated: RosterStudent[] = [];
  for (const s of students) {
    const seat = s.seat === undefined ? null : parseSeat(s.seat);
    if (seat) give(s.id, (rowStep * seat.row + seat.col + shift) % k);
    else unseated.push(s);
  }
  // Round robin over a seeded order of the versions, always to one used least so far.
  const order = rng.fork('order').shuffle(Array.from({ length: k }, (_, i) => i));
  let next = 0;
  for (const s of rng.fork('students').shuffle(unseated)) {
    const least = Math.min(...counts);
    while (counts[order[next % k] as number] !== least) next++;
    give(s.id, order[next % k] as number);
    next++;
  }
  return out;
}
