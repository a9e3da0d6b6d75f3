/**
 * Renders a WorkbookSpec with ExcelJS: the user's data sheet (values and styles copied unchanged,
 * tier columns appended), then the spec's sheets. ExcelJS cannot write charts, so each chart block
 * becomes a note pointing at the table that holds its data; the add-in draws the charts.
 */
import ExcelJS from "exceljs";
import { sheetName } from "../core/report";
import type { ChartBlock, OutCell, SheetSpec, TableBlock, WorkbookSpec } from "../core/report-types";

/** The user's data as it is to appear on the first sheet. */
export interface DataSheet {
  name: string;
  /** Sheet row (1-based) of the header; data rows follow it. */
  headerRow: number;
  /** Number of columns of the source table; tier columns go right of it. */
  columnCount: number;
  /** Writes the source cells into `target` unchanged. */
  copyInto(target: ExcelJS.Worksheet): void;
}

const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

const NOTES = {
  zh: (title: string, source: string) => `图表「${title}」由 Excel 加载项绘制;命令行只写出其数据(见「${source}」表)。`,
  en: (title: string, source: string) => `Chart "${title}" is drawn by the Excel add-in; the command line writes its data (table "${source}").`,
};

export function renderWorkbook(spec: WorkbookSpec, data: DataSheet, lang: "zh" | "en"): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const taken = new Set(spec.sheets.map((s) => s.name.toLowerCase()));
  const dataSheet = wb.addWorksheet(sheetName(data.name, taken));
  data.copyInto(dataSheet);
  writeTierColumns(dataSheet, spec, data);
  for (const sheet of spec.sheets) renderSheet(wb, sheet, lang);
  return wb;
}

function writeTierColumns(ws: ExcelJS.Worksheet, spec: WorkbookSpec, data: DataSheet): void {
  const { header, rows, columnFormats } = spec.tierColumns;
  const first = data.columnCount + 1;
  header.forEach((name, j) => {
    const cell = ws.getCell(data.headerRow, first + j);
    cell.value = name;
    cell.font = { bold: true };
  });
  for (let i = 0; i < rows.length; i++) {
    const row = ws.getRow(data.headerRow + 1 + i);
    const values = rows[i];
    for (let j = 0; j < values.length; j++) {
      if (values[j] === null) continue;
      const cell = row.getCell(first + j);
      cell.value = values[j];
      const format = columnFormats?.[j];
      if (format) cell.numFmt = format;
    }
  }
}

function renderSheet(wb: ExcelJS.Workbook, spec: SheetSpec, lang: "zh" | "en"): void {
  const ws = wb.addWorksheet(spec.name, {
    properties: spec.tabColor ? { tabColor: { argb: argb(spec.tabColor) } } : {},
    views: spec.freezeRows ? [{ state: "frozen", ySplit: spec.freezeRows }] : undefined,
  });
  const tables = new Map<string, TableBlock>();
  for (const block of spec.blocks) {
    if (block.kind === "table") {
      tables.set(block.key, block);
      renderTable(ws, block);
    }
  }
  for (const block of spec.blocks) if (block.kind === "chart") renderChartNote(ws, block, tables.get(block.source), lang);
  sizeColumns(ws, spec);
}

function renderTable(ws: ExcelJS.Worksheet, block: TableBlock): void {
  const top = block.anchor.row + 1; // ExcelJS rows and columns are 1-based
  const left = block.anchor.col + 1;
  if (block.title) {
    const title = ws.getCell(top - 1, left);
    title.value = block.title;
    title.font = { bold: true, size: 12 };
  }
  const width = block.header.length;
  if (block.excelTable && block.rows.length > 0) {
    ws.addTable({
      name: block.excelTable,
      ref: ws.getCell(top, left).address,
      headerRow: true,
      style: { theme: "TableStyleLight1", showRowStripes: false },
      columns: block.header.map((name) => ({ name, filterButton: true })),
      rows: block.rows,
    });
  } else {
    const headerRow = ws.getRow(top);
    block.header.forEach((name, j) => {
      const cell = headerRow.getCell(left + j);
      cell.value = name;
      cell.font = { bold: true };
      cell.border = { bottom: { style: "thin" } };
    });
    for (let i = 0; i < block.rows.length; i++) {
      const row = ws.getRow(top + 1 + i);
      const values = block.rows[i];
      for (let j = 0; j < values.length; j++) if (values[j] !== null && values[j] !== "") row.getCell(left + j).value = values[j] as ExcelJS.CellValue;
    }
  }

  const formats = block.columnFormats;
  const fills = block.fillByColumn;
  if (formats?.some((f) => f) || fills) {
    // One shared style object per fill keeps a 100k-row sheet's memory flat.
    const styleOf = new Map<string, { fill: ExcelJS.Fill; font: Partial<ExcelJS.Font> }>();
    if (fills) {
      for (const [label, f] of Object.entries(fills.fills)) {
        styleOf.set(label, { fill: { type: "pattern", pattern: "solid", fgColor: { argb: argb(f.fill) } }, font: { color: { argb: argb(f.font) } } });
      }
    }
    for (let i = 0; i < block.rows.length; i++) {
      const row = ws.getRow(top + 1 + i);
      const style = fills ? styleOf.get(String(block.rows[i][fills.col])) : undefined;
      for (let j = 0; j < width; j++) {
        const format = formats?.[j];
        if (!format && !style) continue;
        const cell = row.getCell(left + j);
        if (format) cell.numFmt = format;
        if (style) {
          cell.fill = style.fill;
          cell.font = style.font;
        }
      }
    }
  }

  if (block.colorScale && block.rows.length > 0) {
    const from = ws.getCell(top + 1, left + block.colorScale.fromCol).address;
    const to = ws.getCell(top + block.rows.length, left + width - 1).address;
    ws.addConditionalFormatting({
      ref: `${from}:${to}`,
      rules: [
        {
          type: "colorScale",
          priority: 1,
          cfvo: [{ type: "min" }, { type: "max" }],
          color: [{ argb: argb(block.colorScale.minColor) }, { argb: argb(block.colorScale.maxColor) }],
        },
      ],
    });
  }
}

function renderChartNote(ws: ExcelJS.Worksheet, chart: ChartBlock, source: TableBlock | undefined, lang: "zh" | "en"): void {
  const cell = ws.getCell(chart.anchor.row + 1, chart.anchor.col + 1);
  cell.value = NOTES[lang](chart.title, source?.title ?? chart.source);
  cell.font = { italic: true, color: { argb: "FF616161" } };
}

/** Widths from the header and the first rows' text, within sensible bounds. */
function sizeColumns(ws: ExcelJS.Worksheet, spec: SheetSpec): void {
  const widths = new Map<number, number>();
  const measure = (value: OutCell | string) => {
    if (value === null) return 0;
    const text = String(value);
    let w = 0;
    for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1; // CJK glyphs are double width
    return typeof value === "number" ? Math.min(w, 14) : w;
  };
  for (const block of spec.blocks) {
    if (block.kind !== "table") continue;
    const sample = block.rows.length > 200 ? block.rows.slice(0, 200) : block.rows;
    block.header.forEach((name, j) => {
      const col = block.anchor.col + 1 + j;
      let w = measure(name);
      for (const row of sample) w = Math.max(w, measure(row[j]));
      if (block.columnFormats?.[j] === "yyyy-mm-dd") w = Math.max(w, 10);
      widths.set(col, Math.max(widths.get(col) ?? 0, w));
    });
  }
  for (const [col, w] of widths) ws.getColumn(col).width = Math.min(48, Math.max(8, w + 2));
}
