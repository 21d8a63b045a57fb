import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * Small PDF documents with Chinese text, built offline. The CJK font is Noto Sans SC (SIL OFL) from the
 * npm package @fontsource/noto-sans-sc, so nothing depends on the machine's system fonts. That package
 * ships the font as ~100 WOFF slices, each covering a `unicode-range` listed in its 400.css; we read
 * those ranges once and give every character the slice that holds it. Only the glyphs used are embedded
 * (pdfkit subsets), so a one-page record is tens of kilobytes.
 *
 * WOFF (not WOFF2): fontkit copies glyph data as stored when subsetting, and WOFF2's transformed glyf
 * table comes out empty.
 */

type Slice = { file: string; ranges: [number, number][] };

let slices: Slice[] | undefined;

function loadSlices(): Slice[] {
  if (slices) return slices;
  const require = createRequire(import.meta.url);
  const cssPath = require.resolve('@fontsource/noto-sans-sc/400.css');
  const css = fs.readFileSync(cssPath, 'utf8');
  const found: Slice[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((part): [number, number] => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
      const start = parseInt(from!, 16);
      return [start, to ? parseInt(to, 16) : start];
    });
    found.push({ file: path.join(path.dirname(cssPath), 'files', file), ranges });
  }
  slices = found;
  return found;
}

function sliceFor(codePoint: number): Slice | undefined {
  return loadSlices().find((s) => s.ranges.some(([a, b]) => codePoint >= a && codePoint <= b));
}

/** Splits text into runs that one font slice can draw; characters no slice covers fall back to Helvetica. */
export function fontRuns(text: string): { file: string | null; text: string }[] {
  const runs: { file: string | null; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // ASCII is in the Latin slice too; keeping it in the CJK font keeps the baseline even.
    const file = sliceFor(cp)?.file ?? null;
    const last = runs.at(-1);
    if (last && last.file === file) last.text += ch;
    else runs.push({ file, text: ch });
  }
  return runs;
}

export type PdfLine =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'mono'; text: string }
  | { kind: 'gap' };

/** Renders lines top to bottom on A4, adding pages as needed. */
export async function renderPdf(lines: PdfLine[], meta: { title: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: meta.title } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const registered = new Set<string>();
  const write = (text: string, size: number) => {
    const runs = fontRuns(text);
    runs.forEach((run, i) => {
      if (run.file) {
        if (!registered.has(run.file)) {
          doc.registerFont(run.file, run.file);
          registered.add(run.file);
        }
        doc.font(run.file);
      } else {
        doc.font('Helvetica');
      }
      doc.fontSize(size).text(run.text, { continued: i < runs.length - 1 });
    });
  };
  for (const line of lines) {
    switch (line.kind) {
      case 'title':
        write(line.text, 18);
        doc.moveDown(0.5);
        break;
      case 'heading':
        doc.moveDown(0.3);
        write(line.text, 13);
        break;
      case 'text':
        write(line.text, 10);
        break;
      case 'mono':
        doc.font('Courier').fontSize(8).text(line.text);
        break;
      case 'gap':
        doc.moveDown(0.6);
        break;
    }
  }
  doc.end();
  return done;
}
