/**
 * The print file is joined from the versions' own PDFs: pages in order, each
 * part padded with blank pages, fonts of each part renamed apart, and poppler
 * reads the result without a complaint.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePdfs } from '../../src/exam/merge-pdf.js';
import { createPdf, pdfBytes, textAt, FONTS } from '../../src/exam/pdf-doc.js';
import { drawRichText } from '../../src/render/pdf-rich-text.js';

async function pdfWithPages(label: string, pages: number): Promise<Buffer> {
  const doc = createPdf({ title: label, author: 'test', date: '2026-03-12' });
  for (let i = 1; i <= pages; i++) {
    doc.addPage({ size: 'A4', margin: 0 });
    textAt(doc, `${label} page ${i}`, 56, 72, FONTS.bold, 12);
    drawRichText(doc, `where \\(h_{${i}} = ${i * 7}\\)`, { x: 56, y: 100, width: 400 });
  }
  return pdfBytes(doc);
}

describe('mergePdfs', () => {
  it('joins parts in order, pads each to the page count, and keeps every page readable', async () => {
    const a = await pdfWithPages('Alpha', 1);
    const b = await pdfWithPages('Beta', 3);
    const merged = mergePdfs(
      [
        { pdf: a, padTo: 4 },
        { pdf: b, padTo: 4 },
      ],
      { title: 'Exam — all versions', author: 'CSE440', date: new Date(Date.UTC(2026, 2, 12, 12)) },
    );
    const file = join(mkdtempSync(join(tmpdir(), 'rnnquiz-merge-')), 'all.pdf');
    writeFileSync(file, merged);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info.stderr).toBe('');
    expect(info.stdout).toMatch(/Pages:\s+8\b/);
    expect(info.stdout).toContain('Title:           Exam — all versions');
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text.stderr).toBe('');
    const pages = text.stdout.split('\f').map((p) => p.replace(/\s+/g, ' ').trim());
    expect(pages.slice(0, 8)).toEqual(['Alpha page 1 where h1 = 7', '', '', '', 'Beta page 1 where h1 = 7', 'Beta page 2 where h2 = 14', 'Beta page 3 where h3 = 21', '']);
    // Two different subsets never share a font name.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[0]);
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(fonts).size).toBe(fonts.length);
  });

  it('gives the same bytes for the same parts', async () => {
    const a = await pdfWithPages('Alpha', 2);
    const meta = { title: 'T', author: 'A', date: new Date(Date.UTC(2026, 0, 1)) };
    expect(mergePdfs([{ pdf: a, padTo: 2 }], meta).equals(mergePdfs([{ pdf: a, padTo: 2 }], meta))).toBe(true);
  });
});
