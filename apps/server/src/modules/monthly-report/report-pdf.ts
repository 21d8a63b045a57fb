import fs from 'node:fs';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import { fontRuns } from '../../shared/pdf.ts';
import { formatFigure, formGroups } from './report-form.ts';
import type { FormSheet } from './report-xlsx.ts';

/**
 * The form on one landscape A4 page (more pages only for a province with many cities), drawn as a grid
 * with the same two-level header as the workbook. Text is laid out character by character because a
 * cell mixes font slices of Noto Sans SC (see shared/pdf.ts) and pdfkit cannot wrap runs of several
 * fonts inside a fixed box.
 */

const PAGE = { width: 841.89, height: 595.28, margin: 28 };
const columns = formGroups.flatMap((g) => g.columns);
const UNIT_WIDTH = 76;
const ROW_HEIGHT = 20;
const GROUP_HEIGHT = 20;
const COLUMN_HEADER_HEIGHT = 58;

type Doc = InstanceType<typeof PDFDocument>;

/**
 * The font slices as plain sfnt (TrueType/OpenType) bytes, unpacked from WOFF once per process. Given the
 * WOFF file, fontkit inflates its tables in pure JavaScript for every document, which was ~90 % of a
 * report's 1.5–2 s; node's zlib does it once here and every later document parses the unpacked bytes.
 */
const sfntCache = new Map<string, Buffer>();

export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? zlib.inflateSync(stored) : stored,
    };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  woff.copy(header, 0, 4, 8); // flavor: the sfnt version of the original font
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const chunks: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(header, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    chunks.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(chunks);
}

function sfntOf(file: string): Buffer {
  let font = sfntCache.get(file);
  if (!font) {
    font = woffToSfnt(fs.readFileSync(file));
    sfntCache.set(file, font);
  }
  return font;
}

function fontSetter(doc: Doc) {
  const registered = new Set<string>();
  return (file: string | null) => {
    if (!file) {
      doc.font('Helvetica');
      return;
    }
    if (!registered.has(file)) {
      doc.registerFont(file, sfntOf(file));
      registered.add(file);
    }
    doc.font(file);
  };
}

/*
 * Measuring is most of a page's cost (fontkit lays out every character), and the form repeats the same
 * headings in every document: runs per text and advance widths per font and character are kept for the
 * life of the process (a few thousand entries at most: the form's own characters and digits).
 */
const runsCache = new Map<string, ReturnType<typeof fontRuns>>();
const unitWidths = new Map<string, number>();

function runsOf(text: string) {
  let runs = runsCache.get(text);
  if (!runs) {
    runs = fontRuns(text);
    if (runsCache.size < 5000) runsCache.set(text, runs);
  }
  return runs;
}

/** Breaks text into lines no wider than `width`, each line a list of same-font runs with their widths. */
function layout(doc: Doc, useFont: (file: string | null) => void, text: string, size: number, width: number) {
  type Run = { file: string | null; text: string; width: number };
  const lines: { runs: Run[]; width: number }[] = [{ runs: [], width: 0 }];
  for (const run of runsOf(text)) {
    for (const ch of run.text) {
      const key = `${run.file ?? ''}\u0000${ch}`;
      let unit = unitWidths.get(key);
      if (unit === undefined) {
        useFont(run.file);
        unit = doc.fontSize(1).widthOfString(ch);
        unitWidths.set(key, unit);
      }
      const w = unit * size;
      let line = lines.at(-1)!;
      if (line.width + w > width && line.runs.length > 0) {
        line = { runs: [], width: 0 };
        lines.push(line);
      }
      const last = line.runs.at(-1);
      if (last && last.file === run.file) {
        last.text += ch;
        last.width += w;
      } else {
        line.runs.push({ file: run.file, text: ch, width: w });
      }
      line.width += w;
    }
  }
  return lines;
}

/** Draws text centred (or left-aligned) in a box, vertically centred. */
function drawInBox(
  doc: Doc,
  useFont: (file: string | null) => void,
  text: string,
  box: { x: number; y: number; w: number; h: number },
  size: number,
  align: 'center' | 'left' | 'right' = 'center',
) {
  const padding = 2;
  const lines = layout(doc, useFont, text, size, box.w - 2 * padding);
  const lineHeight = size * 1.25;
  let y = box.y + (box.h - lines.length * lineHeight) / 2 + (lineHeight - size) / 2;
  for (const line of lines) {
    let x =
      align === 'center'
        ? box.x + (box.w - line.width) / 2
        : align === 'right'
          ? box.x + box.w - padding - line.width
          : box.x + padding;
    for (const run of line.runs) {
      useFont(run.file);
      doc.fontSize(size).text(run.text, x, y, { lineBreak: false });
      x += run.width;
    }
    y += lineHeight;
  }
}

export async function formToPdf(sheet: FormSheet): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PAGE.margin,
    info: { Title: `${sheet.title} ${sheet.unitLine} ${sheet.periodLine}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const useFont = fontSetter(doc);
  const left = PAGE.margin;
  const tableWidth = PAGE.width - 2 * PAGE.margin;
  const columnWidth = (tableWidth - UNIT_WIDTH) / columns.length;
  doc.lineWidth(0.6).strokeColor('#000000').fillColor('#000000');

  const drawHeader = (top: number) => {
    drawInBox(doc, useFont, sheet.title, { x: left, y: top, w: tableWidth, h: 30 }, 17);
    drawInBox(doc, useFont, sheet.unitLine, { x: left, y: top + 34, w: tableWidth / 2, h: 16 }, 10, 'left');
    const periodWidth = 220;
    drawInBox(
      doc,
      useFont,
      sheet.periodLine,
      { x: left + tableWidth - periodWidth, y: top + 34, w: periodWidth, h: 16 },
      10,
      'right',
    );
    const y = top + 56;
    doc
      .save()
      .rect(left, y, tableWidth, GROUP_HEIGHT + COLUMN_HEADER_HEIGHT)
      .fill('#f0f0f0')
      .restore();
    doc.rect(left, y, UNIT_WIDTH, GROUP_HEIGHT + COLUMN_HEADER_HEIGHT).stroke();
    drawInBox(
      doc,
      useFont,
      sheet.unitHeading,
      { x: left, y, w: UNIT_WIDTH, h: GROUP_HEIGHT + COLUMN_HEADER_HEIGHT },
      9,
    );
    let x = left + UNIT_WIDTH;
    for (const group of formGroups) {
      const w = columnWidth * group.columns.length;
      doc.rect(x, y, w, GROUP_HEIGHT).stroke();
      drawInBox(doc, useFont, group.title, { x, y, w, h: GROUP_HEIGHT }, 9);
      for (const [i, c] of group.columns.entries()) {
        const box = { x: x + i * columnWidth, y: y + GROUP_HEIGHT, w: columnWidth, h: COLUMN_HEADER_HEIGHT };
        doc.rect(box.x, box.y, box.w, box.h).stroke();
        drawInBox(doc, useFont, c.title, box, 7.5);
      }
      x += w;
    }
    return y + GROUP_HEIGHT + COLUMN_HEADER_HEIGHT;
  };

  const bodyRows = [...sheet.rows, ...(sheet.total ? [sheet.total] : [])];
  let y = drawHeader(PAGE.margin);
  for (const row of bodyRows) {
    if (y + ROW_HEIGHT > PAGE.height - PAGE.margin - 40) {
      doc.addPage();
      y = drawHeader(PAGE.margin);
    }
    doc.rect(left, y, UNIT_WIDTH, ROW_HEIGHT).stroke();
    drawInBox(doc, useFont, row.name, { x: left, y, w: UNIT_WIDTH, h: ROW_HEIGHT }, 9);
    columns.forEach((c, i) => {
      const box = { x: left + UNIT_WIDTH + i * columnWidth, y, w: columnWidth, h: ROW_HEIGHT };
      doc.rect(box.x, box.y, box.w, box.h).stroke();
      drawInBox(doc, useFont, formatFigure(c.key, row.figures[c.key]), box, 9);
    });
    y += ROW_HEIGHT;
  }
  y += 8;
  for (const note of sheet.notes) {
    const lines = layout(doc, useFont, note, 8, tableWidth).length;
    const h = lines * 10 + 2;
    if (y + h > PAGE.height - PAGE.margin) {
      doc.addPage();
      y = PAGE.margin;
    }
    drawInBox(doc, useFont, note, { x: left, y, w: tableWidth, h }, 8, 'left');
    y += h;
  }
  doc.end();
  return done;
}
