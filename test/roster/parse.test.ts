/** Reading rosters: BOM, comma or semicolon, optional columns, and every bad row named by its line. */
import { describe, expect, it } from 'vitest';
import { parseRoster, RosterError } from '../../src/roster/parse.js';
import { areNeighbours, parseSeat } from '../../src/roster/seats.js';

const errorOf = (text: string): string => {
  try {
    parseRoster(text, 'r.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(RosterError);
    return (e as Error).message;
  }
  throw new Error('expected a RosterError');
};

describe('parseRoster', () => {
  it('reads a semicolon file with a BOM, columns in any order and case, extra columns ignored', () => {
    const text = '\uFEFFName;ID;Section;Program;seat\r\nLovelace, Ada;s1;A;CS;B12\r\nTuring, Alan;s2;;CS;\r\n';
    expect(parseRoster(text, 'r.csv')).toEqual([
      { id: 's1', name: 'Lovelace, Ada', section: 'A', seat: 'B12', line: 2 },
      { id: 's2', name: 'Turing, Alan', line: 3 },
    ]);
  });

  it('reads a comma file with quoted names and an e-mail column, skipping blank lines', () => {
    const text = 'id,name,email\n"42","Hopper, Grace",gh@uni.edu\n\n43,Alan Kay,\n';
    expect(parseRoster(text, 'r.csv')).toEqual([
      { id: '42', name: 'Hopper, Grace', email: 'gh@uni.edu', line: 2 },
      { id: '43', name: 'Alan Kay', line: 4 },
    ]);
  });

  it('names the line of every empty or duplicate id, empty name and unreadable or taken seat', () => {
    const message = errorOf('id,name,seat\ns1,Ada,A1\n,Bob,A2\ns1,Cy,A3\ns4,,A4\ns5,Eve,front\ns6,Fay,a1\n');
    expect(message).toContain('r.csv:3: empty id');
    expect(message).toContain('r.csv:4: duplicate id "s1" (first on line 2)');
    expect(message).toContain('r.csv:5: empty name for id "s4"');
    expect(message).toContain('r.csv:6: seat "front"');
    expect(message).toContain('r.csv:7: seat a1 is taken already (line 2)');
    expect(message).toMatch(/^r\.csv: 5 problems in the roster; nothing was written/);
  });

  it('refuses a header without id or name, an empty file, ids that cannot be file names, and a broken quote', () => {
    expect(errorOf('student,name\n1,Ada\n')).toContain('r.csv:1: the header has no id column');
    expect(errorOf('')).toContain('the roster is empty');
    expect(errorOf('id,name\n')).toContain('no students below the header');
    expect(errorOf('id,name\n../x,Ada\n')).toContain('r.csv:2: id "../x"');
    expect(errorOf('id,name\ns1,"Ada\n')).toMatch(/r\.csv:\d+:/);
  });
});

describe('seats', () => {
  it('read a row letter and a number, or a number alone', () => {
    expect(parseSeat('B12')).toEqual({ row: 2, col: 12 });
    expect(parseSeat('aa-3')).toEqual({ row: 27, col: 3 });
    expect(parseSeat('7')).toEqual({ row: 0, col: 7 });
    expect(parseSeat('B')).toBeNull();
  });

  it('are neighbours side by side or one behind the other, not diagonally or two apart', () => {
    const n = (a: string, b: string) => areNeighbours(parseSeat(a)!, parseSeat(b)!);
    expect([n('B12', 'B13'), n('B12', 'C12'), n('B12', 'A12'), n('B12', 'C13'), n('B12', 'B14'), n('3', '4')]).toEqual([true, true, true, false, false, true]);
  });
});
