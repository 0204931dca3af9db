/** The seeded version assignment: even counts, neighbours apart, the same every time. */
import { describe, expect, it } from 'vitest';
import { assignVersions } from '../../src/roster/assign.js';
import type { RosterStudent } from '../../src/roster/parse.js';
import { areNeighbours, parseSeat } from '../../src/roster/seats.js';
import { versionIds } from '../../src/plan/plan.js';

const roster = (n: number, seat?: (i: number) => string): RosterStudent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, name: `Student ${i}`, line: i + 2, ...(seat ? { seat: seat(i) } : {}) }));

const counts = (m: Map<string, string>): number[] => {
  const c = new Map<string, number>();
  for (const v of m.values()) c.set(v, (c.get(v) ?? 0) + 1);
  return [...c.values()].sort((a, b) => b - a);
};

describe('assignVersions', () => {
  it('spreads versions evenly without seats: 30 students on 4 versions is 8, 8, 7, 7', () => {
    const m = assignVersions(roster(30), versionIds(4), 'fall');
    expect(m.size).toBe(30);
    expect(counts(m)).toEqual([8, 8, 7, 7]);
    expect(counts(assignVersions(roster(7), versionIds(10), 'fall'))).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = [...assignVersions(roster(40), versionIds(5), 'fall').entries()];
    expect([...assignVersions(roster(40), versionIds(5), 'fall').entries()]).toEqual(a);
    expect([...assignVersions(roster(40), versionIds(5), 'spring').entries()]).not.toEqual(a);
  });

  it.each([2, 3, 4, 6])('gives side-by-side and front/back neighbours different versions (%i versions, a 6 × 9 hall)', (k) => {
    const seatOf = (i: number) => `${String.fromCharCode(65 + Math.floor(i / 9))}${(i % 9) + 1}`;
    const students = roster(54, seatOf);
    const m = assignVersions(students, versionIds(k), 'hall');
    let pairs = 0;
    for (const a of students) {
      for (const b of students) {
        if (a.id < b.id && areNeighbours(parseSeat(a.seat!)!, parseSeat(b.seat!)!)) {
          pairs++;
          expect(m.get(a.id), `${a.seat} / ${b.seat}`).not.toBe(m.get(b.id));
        }
      }
    }
    expect(pairs).toBe(6 * 8 + 5 * 9); // every side-by-side and front/back pair was checked
    const c = counts(m);
    expect(c.length).toBe(k);
    expect((c[0] as number) - (c[c.length - 1] as number)).toBeLessThanOrEqual(Math.ceil(54 / k / 2)); // a full hall stays near even
  });

  it('with four or more versions, diagonal seats differ too', () => {
    const students = roster(16, (i) => `${String.fromCharCode(65 + Math.floor(i / 4))}${(i % 4) + 1}`);
    const m = assignVersions(students, versionIds(4), 'diag');
    expect(m.get('s0')).not.toBe(m.get('s5')); // A1 / B2
    expect(m.get('s1')).not.toBe(m.get('s4')); // A2 / B1
  });

  it('fills the versions used least for students without a seat', () => {
    const students = roster(10, (i) => (i < 3 ? `A${i + 1}` : ''));
    const m = assignVersions(
      students.map((s) => (s.seat === '' ? { id: s.id, name: s.name, line: s.line } : s)),
      versionIds(2),
      'x',
    );
    expect(counts(m)).toEqual([5, 5]);
  });
});
