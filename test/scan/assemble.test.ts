/**
 * Pages → answer rows (pure): grouping by student and version, duplicates
 * (same marks read once; different marks flagged), missing pages, unreadable
 * ids, roster tokens, corrections, and the QR payload round trip.
 */
import { describe, expect, it } from 'vitest';
import { assembleScan } from '../../src/scan/assemble.js';
import type { ReadPage, ReadRow } from '../../src/scan/page.js';
import { parseSheetPayload, sheetPayload } from '../../src/scan/sheet-layout.js';
import { decideRow } from '../../src/scan/bubbles.js';

const box = { left: 0, top: 0, width: 1, height: 1 };
const marked = (field: string, answer: string): ReadRow => ({ field, box, decision: { status: 'marked', answer, fills: [] } });
const doubtful = (field: string): ReadRow => ({ field, box, decision: { status: 'doubtful', reason: 'two marks', fills: [] } });
const page = (source: string, version: string, n: number, rows: ReadRow[], id?: string, token?: string): ReadPage => ({
  source,
  payload: { version, page: n, ...(token ? { token } : {}) },
  registration: { transform: { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 }, upsideDown: false, scale: 1, residual: 0 },
  ...(id !== undefined ? { studentId: marked('student_id', id) } : {}),
  rows,
});

describe('assembleScan', () => {
  it('groups pages per student, reads a duplicate once, flags a differing one and a missing page', () => {
    const pages = [
      page('a#2', 'V01', 2, [marked('p2.h1', 'C')], '17'),
      page('a#1', 'V01', 1, [marked('p1.h1', 'B')], '17'),
      page('b#1', 'V01', 1, [marked('p1.h1', 'B')], '17'),
      page('c#1', 'V02', 1, [marked('p1.h1', 'A')], '18'),
      page('d#1', 'V02', 1, [marked('p1.h1', 'E')], '18'),
    ];
    const r = assembleScan(
      pages,
      () => 2,
      [],
      () => undefined,
    );
    expect(r.rows).toEqual([
      { student_id: '17', version: 'V01', field: 'p1.h1', answer: 'B' },
      { student_id: '17', version: 'V01', field: 'p2.h1', answer: 'C' },
      { student_id: '18', version: 'V02', field: 'p1.h1', answer: 'A' },
    ]);
    expect(r.notices.map((n) => n.kind)).toEqual(['duplicate', 'duplicate', 'missing']);
    expect(r.notices[0]!.message).toContain('with the same marks; read once');
    expect(r.notices[1]!.message).toContain('different marks');
    expect(r.notices[2]!.message).toBe('18 (V02): page 2 of 2 not scanned; those answers count as blank');
  });

  it('holds doubtful rows for review until a correction settles them, and names students by roster token', () => {
    const pages = [page('s#1', 'V01', 1, [doubtful('p1.h1'), marked('p1.h2', 'D')], undefined, 'tok-ana')];
    const before = assembleScan(
      pages,
      () => 1,
      [],
      (t) => (t === 'tok-ana' ? 'ana' : undefined),
    );
    expect(before.rows).toEqual([{ student_id: 'ana', version: 'V01', field: 'p1.h2', answer: 'D' }]);
    expect(before.pending.map((p) => p.row.field)).toEqual(['p1.h1']);
    const after = assembleScan(
      pages,
      () => 1,
      [{ source: 's#1', field: 'p1.h1', answer: 'A' }],
      (t) => (t === 'tok-ana' ? 'ana' : undefined),
    );
    expect(after.rows.map((r) => r.answer)).toEqual(['A', 'D']);
    expect(after.pending).toEqual([]);
    const stranger = assembleScan(
      pages,
      () => 1,
      [],
      () => undefined,
    );
    expect(stranger.rows).toEqual([]);
    expect(stranger.notices[0]!.kind).toBe('unassigned');
  });

  it('decides rows: one mark, blank, two marks, a faint mark, a mark beside an erasure', () => {
    const b = ['A', 'B', 'C'].map((answer) => ({ answer }));
    expect(decideRow(b, [0.02, 0.9, 0.03])).toMatchObject({ status: 'marked', answer: 'B' });
    expect(decideRow(b, [0.02, 0.05, 0.03])).toMatchObject({ status: 'blank' });
    expect(decideRow(b, [0.8, 0.9, 0.03])).toMatchObject({ status: 'doubtful', reason: '2 marks (A, B)' });
    expect(decideRow(b, [0.02, 0.25, 0.03])).toMatchObject({ status: 'doubtful', suggestion: 'B' });
    expect(decideRow(b, [0.2, 0.85, 0.03])).toMatchObject({ status: 'doubtful', suggestion: 'B' });
  });

  it('round-trips the QR payload and refuses other codes', () => {
    expect(parseSheetPayload(sheetPayload({ version: 'V07', page: 2, token: 'abc_-1' }))).toEqual({ version: 'V07', page: 2, token: 'abc_-1' });
    expect(sheetPayload({ version: 'V01', page: 1 })).toBe('RQS1|V01|1');
    expect(parseSheetPayload('https://quiz.example.edu/q/xyz')).toBeNull();
    expect(parseSheetPayload('RQS1|V01|0')).toBeNull();
  });
});
