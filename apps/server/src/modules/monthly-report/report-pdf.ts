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

function fontSetter(doc: Doc) {
  const registered = new Set<string>();
  return (file: string | null) => {
    if (!file) {
      doc.font('Helvetica');
      return;
    }
    if (!registered.has(file)) {
      doc.registerFont(file, file);
      registered.add(file);
    }
    doc.font(file);
  };
}

/** Breaks text into lines no wider than `width`, each line a list of same-font runs with their widths. */
function layout(doc: Doc, useFont: (file: string | null) => void, text: string, size: number, width: number) {
  type Run = { file: string | null; text: string; width: number };
  const lines: { runs: Run[]; width: number }[] = [{ runs: [], width: 0 }];
  for (const run of fontRuns(text)) {
    useFont(run.file);
    doc.fontSize(size);
    for (const ch of run.text) {
      const w = doc.widthOfString(ch);
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
