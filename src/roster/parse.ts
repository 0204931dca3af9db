/**
 * Reading a class roster (SPEC §7.1): a CSV with a header naming at least
 * `id` and `name`, optionally `email`, `section` and `seat` (any order, any
 * case; other columns, such as an LMS export carries, are ignored). A BOM is
 * skipped; the delimiter is a comma or a semicolon (spreadsheets in many
 * locales write `;`), told from the header line. Every problem (an empty or
 * duplicate id, a missing name, an unreadable seat, a broken quote) is
 * collected with its line and reported at once, before anything is written.
 */
import { parse } from 'csv-parse/sync';
import { UsageError } from '../core/errors.js';
import { parseSeat, type Seat } from './seats.js';

export interface RosterStudent {
  id: string;
  name: string;
  email?: string;
  section?: string;
  /** The seat as written in the roster (`B12`, `12`). */
  seat?: string;
  /** 1-based line of the student's row in the file, for messages. */
  line: number;
}

/**
 * Ids become file names (`students/<id>-exam.pdf`) and part of a URL, so they
 * keep to letters, digits and `. _ - @ +` (what student numbers and e-mail
 * style ids use), at most 64 characters, not starting with a dot.
 */
export const STUDENT_ID = /^(?!\.)[\w.@+-]{1,64}$/;
const COLUMNS = ['id', 'name', 'email', 'section', 'seat'] as const;
type Column = (typeof COLUMNS)[number];

/** A roster that cannot be used: every problem with its line; nothing was written. */
export class RosterError extends UsageError {
  constructor(
    file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the roster; nothing was written\n${problems.map((p) => `  ${file}:${p}`).join('\n')}`);
  }
}

/** `;` when the header line has more semicolons than commas, else `,`. */
function delimiterOf(text: string): ',' | ';' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parses a roster's text. @example parseRoster('id,name\ns1,Ada Lovelace\n', 'roster.csv')[0] // { id: 's1', name: 'Ada Lovelace', line: 2 }
 */
export function parseRoster(text: string, file: string): RosterStudent[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof rows;
  } catch (e) {
    const lines = (e as { lines?: number }).lines;
    throw new RosterError(file, [`${lines ?? 1}: ${(e as Error).message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')}`]);
  }
  const header = rows.shift();
  if (!header) throw new RosterError(file, ['1: the roster is empty; expected a header with id and name']);
  const at = new Map<Column, number>();
  header.record.forEach((name, i) => {
    const col = name.trim().toLowerCase() as Column;
    if ((COLUMNS as readonly string[]).includes(col) && !at.has(col)) at.set(col, i);
  });
  const missing = (['id', 'name'] as const).filter((c) => !at.has(c));
  if (missing.length > 0) throw new RosterError(file, [`${header.info.lines}: the header has no ${missing.join(' or ')} column (found: ${header.record.join(', ') || 'nothing'})`]);
  const problems: string[] = [];
  const seenId = new Map<string, number>();
  const seenSeat = new Map<string, number>();
  const students: RosterStudent[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    const cell = (c: Column) => {
      const i = at.get(c);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const id = cell('id');
    const name = cell('name');
    if (record.every((v) => v.trim() === '')) continue;
    if (id === '') problems.push(`${line}: empty id`);
    else if (!STUDENT_ID.test(id)) problems.push(`${line}: id ${JSON.stringify(id)}: expected letters, digits and . _ - @ + (at most 64, not starting with a dot)`);
    else if (seenId.has(id)) problems.push(`${line}: duplicate id ${JSON.stringify(id)} (first on line ${seenId.get(id)})`);
    else seenId.set(id, line);
    if (name === '') problems.push(`${line}: empty name for id ${JSON.stringify(id)}`);
    const seat = cell('seat');
    let parsedSeat: Seat | undefined;
    if (seat !== '') {
      parsedSeat = parseSeat(seat) ?? undefined;
      if (!parsedSeat) problems.push(`${line}: seat ${JSON.stringify(seat)}: expected a number (12) or a row letter and a number (B12)`);
      else {
        const key = `${parsedSeat.row}/${parsedSeat.col}`;
        if (seenSeat.has(key)) problems.push(`${line}: seat ${seat} is taken already (line ${seenSeat.get(key)})`);
        else seenSeat.set(key, line);
      }
    }
    const email = cell('email');
    const section = cell('section');
    students.push({ id, name, ...(email ? { email } : {}), ...(section ? { section } : {}), ...(seat ? { seat } : {}), line });
  }
  if (students.length === 0 && problems.length === 0) problems.push(`${header.info.lines}: no students below the header`);
  if (problems.length > 0) throw new RosterError(file, problems);
  return students;
}
