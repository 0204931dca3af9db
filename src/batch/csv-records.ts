/**
 * Streams CSV records with the line each one starts on. UTF-8 with or without
 * a byte-order mark; the separator (comma or semicolon) is read off the header
 * line. Parsed by csv-parse as a stream, so memory stays flat however many rows.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import { UsageError } from '../core/errors.js';

/**
 * The widest header read. A real answer file has two columns per answer field
 * at most (a wide sheet of a long exam: a few hundred); a header wider than
 * this is refused before csv-parse splits it, so a 5 MB line of commas costs
 * one scan, not seconds of parsing on the server's thread.
 */
export const MAX_CSV_COLUMNS = 10_000;

/** A record's cells, or why the reader could not read it; `line` is where it starts (1-based). */
export type CsvRecord = { line: number; cells: string[] } | { line: number; malformed: string };

export type CsvInput = NodeJS.ReadableStream | AsyncIterable<Buffer | string> | string | Buffer;

/**
 * The separator of a header line: `;` when it has more semicolons than commas
 * outside quotes (the export of a spreadsheet in a comma-decimal locale), else `,`.
 * @example detectDelimiter('student_id;version;p1.h1') // ';'
 */
export function detectDelimiter(headerLine: string): ',' | ';' {
  return headerShape(headerLine).delimiter;
}

/** A header line's separator (see detectDelimiter) and how many columns it splits into, from one scan outside quotes. */
function headerShape(headerLine: string): { delimiter: ',' | ';'; columns: number } {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? { delimiter: ';', columns: semicolons + 1 } : { delimiter: ',', columns: commas + 1 };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Reads chunks until the first line is complete; returns them and the rest of the stream. */
async function splitHead(source: AsyncIterator<Buffer | string>): Promise<{ head: Buffer[]; done: boolean }> {
  const head: Buffer[] = [];
  for (;;) {
    const next = await source.next();
    if (next.done) return { head, done: true };
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    head.push(chunk);
    if (chunk.includes(10)) return { head, done: false };
  }
}

function toIterable(input: CsvInput): AsyncIterable<Buffer | string> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) return Readable.from([input]);
  return input as AsyncIterable<Buffer | string>;
}

/**
 * Every record of a CSV stream in order, with its starting line. Blank lines
 * are skipped (their lines still count). Quotes inside unquoted cells are kept
 * as text; a record the reader cannot read comes back as `malformed`.
 * @example for await (const r of readCsvRecords('a,b\n1,"[7, 5]"\n')) console.log(r) // {line:1,cells:['a','b']}, {line:2,cells:['1','[7, 5]']}
 */
export async function* readCsvRecords(input: CsvInput): AsyncGenerator<CsvRecord> {
  const source = toIterable(input)[Symbol.asyncIterator]();
  const { head, done } = await splitHead(source);
  const firstText = Buffer.concat(head).toString('utf8');
  const headerLine = firstText.slice(0, firstText.indexOf('\n') === -1 ? undefined : firstText.indexOf('\n'));
  const { delimiter, columns } = headerShape(headerLine);
  if (columns > MAX_CSV_COLUMNS) throw new UsageError(`line 1: the header has ${columns.toLocaleString('en')} columns; an answer file has at most ${MAX_CSV_COLUMNS.toLocaleString('en')}`);
  const parser = parse({ bom: true, delimiter, raw: true, relax_column_count: true, relax_quotes: true, skip_records_with_error: true, trim: true });
  const skipped: CsvError[] = [];
  parser.on('skip', (err: CsvError) => skipped.push(err));
  async function* chunks(): AsyncGenerator<Buffer | string> {
    yield* head;
    if (done) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  let feedError: unknown;
  const feeding = pipeline(Readable.from(chunks()), parser).catch((e: unknown) => {
    feedError = e;
  });
  let line = 1;
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    while (skipped.length > 0)
      yield malformed(
        skipped.shift() as CsvError,
        () => line,
        (l) => (line = l),
      );
    const start = line;
    // `raw` may end with the record's line break; breaks inside quoted cells span more lines.
    line += 1 + countNewlines(item.raw.replace(/\r?\n$|\r$/, ''));
    if (item.record.length === 1 && item.record[0] === '') continue;
    yield { line: start, cells: item.record };
  }
  await feeding;
  while (skipped.length > 0)
    yield malformed(
      skipped.shift() as CsvError,
      () => line,
      (l) => (line = l),
    );
  if (feedError) throw feedError;
}

/** A skipped record: csv-parse knows the line it failed on; our counter resumes after it. */
function malformed(err: CsvError, getLine: () => number, setLine: (l: number) => void): CsvRecord {
  const failedAt = typeof (err as { lines?: unknown }).lines === 'number' ? (err as unknown as { lines: number }).lines : getLine();
  const start = getLine();
  setLine(Math.max(start, failedAt) + 1);
  return { line: start, malformed: err.message };
}
