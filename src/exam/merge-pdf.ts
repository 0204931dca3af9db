/**
 * The print file without rendering anything again: the exam PDFs that pdfkit
 * wrote for each version are joined object by object into one document
 * (object numbers shifted, each version's page objects hung under one page
 * tree), and every version is padded with blank pages to the same count so
 * duplex printing never splits or mixes versions. Every page is byte for
 * byte the page of the version's own exam PDF.
 *
 * It reads the PDFs pdfkit writes (a classic xref table, one object per
 * `N 0 obj … endobj`, streams with a direct /Length); not a general PDF reader.
 * Each version keeps its own font subsets; their subset tags are renamed per
 * version so that no two different subsets share a font name in the file.
 */
import { createHash } from 'node:crypto';

interface PdfObject {
  /** Dictionary (or other value) text, latin1. */
  head: string;
  stream?: Uint8Array;
}

interface ParsedPdf {
  objects: Map<number, PdfObject>;
  pages: number[];
}

export interface MergeMeta {
  title: string;
  author: string;
  date: Date;
}

export interface MergePart {
  pdf: Uint8Array;
  /** Blank pages are added after the part's own pages up to this many. */
  padTo: number;
  /** Leaves out the part's first pages (a version's cover, replaced by a student's own); 0 by default. */
  skip?: number;
}

const latin1 = (bytes: Uint8Array, start = 0, end = bytes.length): string => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

/** Objects by number and the page objects in order (pdfkit writes one flat page tree). */
function parsePdf(pdf: Uint8Array): ParsedPdf {
  const tail = latin1(pdf, Math.max(0, pdf.length - 1024));
  const xrefAt = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1] ?? NaN);
  const xref = /^xref\s+0 (\d+)\s+/.exec(latin1(pdf, xrefAt, Math.min(pdf.length, xrefAt + 64)));
  if (!Number.isInteger(xrefAt) || !xref) throw new Error('merge: not a PDF with a classic xref table');
  const count = Number(xref[1]);
  const table = latin1(pdf, xrefAt + xref[0].length, xrefAt + xref[0].length + 20 * count);
  const offsets: [number, number][] = [];
  for (let id = 1; id < count; id++) {
    const entry = table.slice(20 * id, 20 * id + 18);
    if (entry.endsWith(' n')) offsets.push([id, Number(entry.slice(0, 10))]);
  }
  offsets.sort((a, b) => a[1] - b[1]);
  const objects = new Map<number, PdfObject>();
  offsets.forEach(([id, at], i) => {
    const end = offsets[i + 1]?.[1] ?? xrefAt;
    const text = latin1(pdf, at, end);
    const open = /^\d+ \d+ obj\s*/.exec(text);
    if (!open) throw new Error(`merge: object ${id} is not at its xref offset`);
    const streamAt = text.indexOf('\nstream\n');
    if (streamAt < 0) {
      objects.set(id, { head: text.slice(open[0].length, text.lastIndexOf('endobj')).trimEnd() });
      return;
    }
    const head = text.slice(open[0].length, streamAt);
    const length = Number(/\/Length (\d+)/.exec(head)?.[1] ?? NaN);
    const dataAt = at + streamAt + '\nstream\n'.length; // latin1: one byte per character
    objects.set(id, { head, stream: pdf.subarray(dataAt, dataAt + length) });
  });
  const trailer = latin1(pdf, xrefAt + xref[0].length + 20 * count, pdf.length);
  const root = Number(/\/Root (\d+) 0 R/.exec(trailer)?.[1]);
  const pagesId = Number(/\/Pages (\d+) 0 R/.exec(objects.get(root)?.head ?? '')?.[1]);
  const kids = /\/Kids \[([^\]]*)\]/.exec(objects.get(pagesId)?.head ?? '')?.[1];
  if (kids === undefined) throw new Error('merge: cannot find the page tree');
  return { objects, pages: [...kids.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1])) };
}

/** Calls `f` on the parts of a PDF value outside literal strings `( … )` and rebuilds it. */
function mapOutsideStrings(text: string, f: (code: string) => string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('(', i);
    const end = open < 0 ? text.length : open;
    out += f(text.slice(i, end));
    if (open < 0) break;
    let depth = 0;
    let j = open;
    for (; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') j++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    out += text.slice(open, j + 1);
    i = j + 1;
  }
  return out;
}

const REF = /(\d+) 0 R/g;

/** Numbers of the objects a page needs (contents, resources, fonts, annotations), not its parent. */
function reachable(pdf: ParsedPdf): number[] {
  const seen = new Set<number>();
  const todo = [...pdf.pages];
  while (todo.length > 0) {
    const id = todo.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    const head = pdf.objects.get(id)?.head ?? '';
    mapOutsideStrings(head.replace(/\/Parent \d+ 0 R/g, ''), (code) => {
      for (const m of code.matchAll(REF)) todo.push(Number(m[1]));
      return code;
    });
  }
  return [...seen].sort((a, b) => a - b);
}

/** A subset tag unique to this part: the font's own letters (from pdfkit's font id) and the part's number in base 26. */
function partTag(tag: string, part: number): string {
  let code = '';
  for (let n = part, i = 0; i < 4; i++, n = Math.floor(n / 26)) code = String.fromCharCode(65 + (n % 26)) + code;
  return tag.slice(0, 2) + code;
}

/** A PDF text string (UTF-16BE with a byte-order mark, hex). */
const pdfString = (s: string): string =>
  `<FEFF${[...s]
    .map((c) => Buffer.from(c, 'utf16le').swap16().toString('hex'))
    .join('')
    .toUpperCase()}>`;

const pdfDate = (d: Date): string => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

/**
 * Joins exam PDFs into one print file, each padded with blank pages to `padTo` pages.
 * @example mergePdfs(results.map((r) => ({ pdf: r.exam, padTo: 10 })), { title: 'Midterm — all versions', author: 'CSE440', date })
 */
export function mergePdfs(parts: readonly MergePart[], meta: MergeMeta): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const write = (b: Buffer) => {
    chunks.push(b);
    size += b.length;
  };
  const writeObject = (id: number, head: string, stream?: Uint8Array) => {
    offsets[id] = size;
    write(Buffer.from(`${id} 0 obj\n${head}\n`, 'latin1'));
    if (stream) {
      write(Buffer.from('stream\n', 'latin1'));
      write(Buffer.from(stream.buffer, stream.byteOffset, stream.length));
      write(Buffer.from('\nendstream\n', 'latin1'));
    }
    write(Buffer.from('endobj\n', 'latin1'));
  };
  write(Buffer.from('%PDF-1.3\n%\xff\xff\xff\xff\n', 'latin1'));
  const PAGES = 1;
  const CATALOG = 2;
  const INFO = 3;
  let next = 4;
  const kids: number[] = [];
  parts.forEach((part, index) => {
    const whole = parsePdf(part.pdf);
    const pdf = { ...whole, pages: whole.pages.slice(part.skip ?? 0) };
    const ids = new Map<number, number>();
    for (const old of reachable(pdf)) ids.set(old, next++);
    const renumber = (code: string) =>
      code
        .replace(REF, (_, old: string) => `${ids.get(Number(old)) ?? 'null'} 0 R`)
        .replace(/\/(BaseFont|FontName) \/([A-Z]{6})\+/g, (_, key: string, tag: string) => `/${key} /${partTag(tag, index)}+`);
    for (const [old, id] of ids) {
      const obj = pdf.objects.get(old) as PdfObject;
      // A page's parent becomes the new page tree (set after renumbering, which would otherwise touch it).
      const head = mapOutsideStrings(obj.head.replace(/\/Parent \d+ 0 R/g, '/Parent @'), renumber).replace('/Parent @', `/Parent ${PAGES} 0 R`);
      writeObject(id, head, obj.stream);
    }
    for (const page of pdf.pages) kids.push(ids.get(page) as number);
    const mediaBox = /\/MediaBox \[[^\]]*\]/.exec(pdf.objects.get(whole.pages[0] as number)?.head ?? '')?.[0] ?? '/MediaBox [0 0 595.28 841.89]';
    for (let n = pdf.pages.length; n < part.padTo; n++) {
      const id = next++;
      writeObject(id, `<<\n/Type /Page\n/Parent ${PAGES} 0 R\n${mediaBox}\n/Resources <<\n>>\n>>`);
      kids.push(id);
    }
  });
  writeObject(PAGES, `<<\n/Type /Pages\n/Count ${kids.length}\n/Kids [${kids.map((k) => `${k} 0 R`).join(' ')}]\n>>`);
  writeObject(CATALOG, `<<\n/Type /Catalog\n/Pages ${PAGES} 0 R\n>>`);
  const date = pdfDate(meta.date);
  writeObject(INFO, `<<\n/Producer (rnnquiz)\n/Creator (rnnquiz)\n/Title ${pdfString(meta.title)}\n/Author ${pdfString(meta.author)}\n/CreationDate ${date}\n/ModDate ${date}\n>>`);
  const body = Buffer.concat(chunks);
  const id = createHash('md5').update(body).digest('hex');
  const xref = [`xref\n0 ${next}\n0000000000 65535 f \n`];
  for (let i = 1; i < next; i++) xref.push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  const trailer = `trailer\n<<\n/Size ${next}\n/Root ${CATALOG} 0 R\n/Info ${INFO} 0 R\n/ID [<${id}> <${id}>]\n>>\nstartxref\n${body.length}\n%%EOF\n`;
  return Buffer.concat([body, Buffer.from(xref.join('') + trailer, 'latin1')]);
}
