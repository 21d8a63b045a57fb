import { strToU8, zipSync } from 'fflate';
import { formGroups, type Figures } from './report-form.ts';

/**
 * The form as an Office Open XML workbook, written by hand: one sheet, a title, the unit and period line,
 * the two-level header with merged group cells, one row per unit and an optional total. A library such as
 * exceljs would pull in dozens of packages for what is ~150 lines of XML; fflate (already installed with
 * pdfkit) zips it. Strings go through the shared string table, as Excel itself writes them.
 */

export type FormSheet = {
  title: string;
  /** e.g. `市交通运输局：济南市` */
  unitLine: string;
  /** e.g. `2026年10月1日至10月31日` */
  periodLine: string;
  /** The first column's heading (地区 / 市). */
  unitHeading: string;
  rows: { name: string; figures: Figures }[];
  total: { name: string; figures: Figures } | null;
  /** Lines printed under the table: as-of time, version, missing sources, the 处置率 definition. */
  notes: string[];
};

const columns = formGroups.flatMap((g) => g.columns);
const COLUMN_COUNT = 1 + columns.length;

function colName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 cannot carry these control characters at all, escaped or not.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

/** Style ids of styles.xml below. */
const Style = { plain: 0, title: 1, header: 2, cell: 3, percent: 4, note: 5, bold: 6 } as const;

export function formToXlsx(sheet: FormSheet): Buffer {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (text: string) => {
    let i = stringIndex.get(text);
    if (i === undefined) {
      i = strings.length;
      strings.push(text);
      stringIndex.set(text, i);
    }
    return i;
  };

  type Cell = { text: string; style: number } | { number: number; style: number } | { style: number };
  const rows: Cell[][] = [];
  const merges: string[] = [];
  const pad = (cells: Cell[], style: number) => {
    while (cells.length < COLUMN_COUNT) cells.push({ style });
    return cells;
  };
  const last = colName(COLUMN_COUNT - 1);

  rows.push(pad([{ text: sheet.title, style: Style.title }], Style.title));
  merges.push(`A1:${last}1`);
  rows.push(pad([{ text: `${sheet.unitLine}    ${sheet.periodLine}`, style: Style.plain }], Style.plain));
  merges.push(`A2:${last}2`);

  // Header row 3: the groups (merged across their columns); row 4: the columns. The unit heading spans both.
  const groupRow: Cell[] = [{ text: sheet.unitHeading, style: Style.header }];
  const columnRow: Cell[] = [{ style: Style.header }];
  merges.push('A3:A4');
  let col = 1;
  for (const group of formGroups) {
    groupRow.push({ text: group.title, style: Style.header });
    for (let i = 1; i < group.columns.length; i++) groupRow.push({ style: Style.header });
    merges.push(`${colName(col)}3:${colName(col + group.columns.length - 1)}3`);
    for (const c of group.columns) columnRow.push({ text: c.title, style: Style.header });
    col += group.columns.length;
  }
  rows.push(groupRow, columnRow);

  const dataRow = (name: string, figures: Figures, bold: boolean): Cell[] => [
    { text: name, style: bold ? Style.bold : Style.cell },
    ...columns.map((c): Cell => {
      const value = figures[c.key];
      if (value === null) return { text: '—', style: Style.cell };
      return { number: value, style: c.key === 'workOrderDisposalRate' ? Style.percent : Style.cell };
    }),
  ];
  for (const r of sheet.rows) rows.push(dataRow(r.name, r.figures, false));
  if (sheet.total) rows.push(dataRow(sheet.total.name, sheet.total.figures, true));
  for (const note of sheet.notes) {
    rows.push(pad([{ text: note, style: Style.note }], Style.note));
    merges.push(`A${rows.length}:${last}${rows.length}`);
  }

  const sheetRows = rows
    .map((cells, r) => {
      const height = r === 0 ? ' ht="30" customHeight="1"' : r === 3 ? ' ht="60" customHeight="1"' : '';
      const xml = cells
        .map((cell, c) => {
          const ref = `${colName(c)}${r + 1}`;
          if ('text' in cell) return `<c r="${ref}" s="${cell.style}" t="s"><v>${shared(cell.text)}</v></c>`;
          if ('number' in cell) return `<c r="${ref}" s="${cell.style}"><v>${cell.number}</v></c>`;
          return `<c r="${ref}" s="${cell.style}"/>`;
        })
        .join('');
      return `<row r="${r + 1}"${height}>${xml}</row>`;
    })
    .join('');
  const colsXml = `<cols><col min="1" max="1" width="16" customWidth="1"/><col min="2" max="${COLUMN_COUNT}" width="12" customWidth="1"/></cols>`;

  const sheetXml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="18"/>${colsXml}<sheetData>${sheetRows}</sheetData>` +
    `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` +
    `<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>` +
    `</worksheet>`;

  const sharedXml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('') +
    `</sst>`;

  const font = (size: number, bold = false) =>
    `<font>${bold ? '<b/>' : ''}<sz val="${size}"/><name val="宋体"/><charset val="134"/></font>`;
  const centre = '<alignment horizontal="center" vertical="center" wrapText="1"/>';
  const stylesXml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>` +
    `<fonts count="4">${font(11)}${font(16, true)}${font(10, true)}${font(9)}</fonts>` +
    `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
    `<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>` +
    `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
    `<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>` +
    `<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="7">` +
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">${centre}</xf>` +
    `<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">${centre}</xf>` +
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">${centre}</xf>` +
    `<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1">${centre}</xf>` +
    `<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1"/></xf>` +
    `<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">${centre}</xf>` +
    `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `</styleSheet>`;

  const files: Record<string, string> = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `</Types>`,
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
      `</Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `<sheets><sheet name="月报表" sheetId="1" r:id="rId1"/></sheets>` +
      `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'月报表'!$3:$4</definedName></definedNames>` +
      `</workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
      `</Relationships>`,
    'xl/worksheets/sheet1.xml': sheetXml,
    'xl/styles.xml': stylesXml,
    'xl/sharedStrings.xml': sharedXml,
  };
  const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), {
    level: 6,
  });
  return Buffer.from(zipped);
}
