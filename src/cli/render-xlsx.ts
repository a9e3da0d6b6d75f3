/**
 * Writes a WorkbookSpec to an .xlsx file with the direct package writer (./xlsx): first the user's
 * data sheet (values and styles copied unchanged, tier columns appended), then the spec's sheets.
 * Rows go straight to sheet XML, so a million-row data sheet takes seconds and little memory.
 *
 * How spec features map to the file:
 * - fillByColumn → one conditional-format rule per label ($L2="Champions" → fill and text colour),
 *   which colours whole rows without a style per cell and keeps up with sorting and filtering;
 * - excelTable → an Excel table (ListObject) of that name, with a style and header filters; a
 *   name is made valid and unique (a sheet continued on "Customers (2)" has its own table);
 * - colorScale → a two-colour conditional-format scale;
 * - chart blocks → native charts (DrawingML) whose series refer to the source table's cells.
 */
import { sheetName } from "../core/report/report";
import type { ChartBlock, OutCell, SheetSpec, TableBlock, WorkbookSpec } from "../core/report/report-types";
import type { ChartPart, ChartPlace, ChartSeries } from "./xlsx/charts";
import { XlsxWriter, type ConditionalFormat, type Style } from "./xlsx/package";
import { tableColumns, tableName, type TablePart } from "./xlsx/tables";
import { columnLetter, sheetRange } from "./xlsx/xml";
import { CellGuard } from "./xlsx-cells";
import type ExcelJS from "exceljs";
import type { OutputLang } from "../core/types";

export interface SourceCell {
  value: ExcelJS.CellValue;
  style?: Partial<ExcelJS.Style>;
}

export interface SourceRow {
  /** 1-based sheet row. */
  number: number;
  /** cells[c] is column c + 1; holes for empty cells. */
  cells: (SourceCell | undefined)[];
  height?: number;
}

/** The user's data as it is to appear, unchanged, on the first sheet. */
export interface DataSheet {
  name: string;
  /** Sheet row (1-based) of the header; data rows follow it. */
  headerRow: number;
  /** Number of columns of the source table; tier columns go right of it. */
  columnCount: number;
  /** Source column widths (index 0 = column A), when known. */
  widths: (number | undefined)[];
  /** The non-empty source rows in ascending order. */
  rows(): Iterable<SourceRow>;
}

const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

const BOLD: Style = { font: { bold: true } };
const HEADER: Style = { font: { bold: true }, border: { bottom: { style: "thin" } } };
const TITLE: Style = { font: { bold: true, size: 12 } };

/** Series colours in order (Office's first accents): blue, orange, grey. */
const SERIES_COLORS = ["4472C4", "ED7D31", "A5A5A5", "FFC000"];

/**
 * Writes the workbook to `path`: the data sheet (left out when spec.dataOmitted: longer than a
 * sheet), then the spec's sheets. Returns warnings about cells cut to Excel's length.
 */
export async function writeWorkbook(path: string, spec: WorkbookSpec, data: DataSheet, _lang: OutputLang): Promise<string[]> {
  const guard = new CellGuard();
  const book = new XlsxWriter(path, (sheet, row) => guard.cut(sheet, row));
  try {
    const taken = new Set(spec.sheets.map((s) => s.name.toLowerCase()));
    if (!spec.dataOmitted) writeDataSheet(book, sheetName(data.name, taken), spec, data);
    const tableNames = new Set<string>();
    for (const sheet of spec.sheets) writeSheet(book, sheet, tableNames);
    book.finish();
  } catch (error) {
    book.abandon();
    throw error;
  }
  return guard.warnings();
}

function writeDataSheet(book: XlsxWriter, name: string, spec: WorkbookSpec, data: DataSheet): void {
  const { header, rows, columnFormats } = spec.tierColumns;
  const first = data.columnCount + 1;
  const widths: number[] = [];
  for (let c = 0; c < data.columnCount; c++) widths.push(data.widths[c] ?? 12);
  for (const h of header) widths.push(Math.max(8, textWidth(h) + 2));
  const ws = book.addSheet(name, { widths, inlineStrings: true });
  const formats = (columnFormats ?? []).map((f) => (f ? { numFmt: f } : undefined));

  const writeTier = (r: number) => {
    if (r === data.headerRow) {
      header.forEach((h, j) => ws.cell(first + j, h, BOLD));
      return;
    }
    const values = rows[r - data.headerRow - 1];
    if (!values) return;
    for (let j = 0; j < values.length; j++) ws.cell(first + j, values[j], formats[j], true);
  };
  // Source rows and tier rows interleave in ascending row order, as the sheet is streamed.
  let next = data.headerRow;
  const last = data.headerRow + rows.length;
  const flushTierRowsBefore = (r: number) => {
    for (; next < r && next <= last; next++) {
      ws.startRow(next);
      writeTier(next);
    }
  };
  for (const source of data.rows()) {
    flushTierRowsBefore(source.number);
    ws.startRow(source.number, source.height);
    const cells = source.cells;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (cell) ws.cell(c + 1, cell.value, cell.style);
    }
    if (source.number === next) {
      writeTier(next);
      next++;
    }
  }
  flushTierRowsBefore(last + 1);
  ws.close();
}

type CellWrite = [col: number, value: OutCell, style: Style | undefined];

interface Span {
  top: number;
  bottom: number;
  /** Cells of 0-based sheet row r, ascending columns. */
  cells(r: number, out: CellWrite[]): void;
}

function writeSheet(book: XlsxWriter, spec: SheetSpec, tableNames: Set<string>): void {
  const ws = book.addSheet(spec.name, {
    tabColor: spec.tabColor ? argb(spec.tabColor) : undefined,
    freezeRows: spec.freezeRows,
    widths: columnWidths(spec),
    fitToWidth: spec.blocks.some((b) => b.kind === "chart"),
  });
  const spans: Span[] = [];
  const conditionalFormats: ConditionalFormat[] = [];
  const tables: TablePart[] = [];
  const byKey = new Map<string, TableBlock>();
  for (const block of spec.blocks) {
    if (block.kind !== "table") continue;
    byKey.set(block.key, block);
    const span = tableSpan(block, conditionalFormats);
    spans.push(span);
    if (block.excelTable) {
      tables.push({
        name: tableName(block.excelTable, tableNames),
        top: block.anchor.row + 1,
        left: block.anchor.col + 1,
        columns: span.header,
        rows: block.rows.length,
      });
    }
  }
  const charts: (ChartPart & ChartPlace)[] = [];
  for (const block of spec.blocks) {
    if (block.kind !== "chart") continue;
    const source = byKey.get(block.source);
    if (source && Math.min(source.rows.length, block.rows ?? Infinity) > 0)
      charts.push({ ...chartPart(spec.name, block, source), anchor: block.anchor, size: block.size });
  }

  // Rows are written once, in ascending order; side-by-side blocks merge by column.
  const top = Math.min(...spans.map((s) => s.top));
  const bottom = Math.max(...spans.map((s) => s.bottom));
  const cells: CellWrite[] = [];
  for (let r = top; r <= bottom; r++) {
    cells.length = 0;
    for (const span of spans) if (r >= span.top && r <= span.bottom) span.cells(r, cells);
    if (cells.length === 0) continue;
    if (spans.length > 1) cells.sort((a, b) => a[0] - b[0]);
    ws.startRow(r + 1);
    for (const [col, value, style] of cells) ws.cell(col, value, style);
  }
  ws.close({ conditionalFormats, tables, charts });
}

/** The rows of a table block (title, header, data) and its conditional formats. */
function tableSpan(block: TableBlock, conditionalFormats: ConditionalFormat[]): Span & { header: string[] } {
  const header = block.anchor.row;
  const left = block.anchor.col + 1;
  const width = block.header.length;
  const formats = (block.columnFormats ?? []).map((f) => (f ? { numFmt: f } : undefined));
  const firstData = header + 2; // 1-based sheet row of the first data row
  const lastData = header + 1 + block.rows.length;
  // A table's header cells are its column names: text, unique.
  const names = block.excelTable ? tableColumns(block.header) : block.header;

  if (block.rows.length > 0) {
    const range = `${columnLetter(left)}${firstData}:${columnLetter(left + width - 1)}${lastData}`;
    if (block.fillByColumn) {
      const key = `$${columnLetter(left + block.fillByColumn.col)}${firstData}`;
      for (const [label, f] of Object.entries(block.fillByColumn.fills)) {
        conditionalFormats.push({
          ref: range,
          type: "expression",
          formula: `${key}="${label.replace(/"/g, '""')}"`,
          style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(f.fill) } }, font: { color: { argb: argb(f.font) } } },
        });
      }
    }
    if (block.colorScale) {
      conditionalFormats.push({
        ref: `${columnLetter(left + block.colorScale.fromCol)}${firstData}:${columnLetter(left + width - 1)}${lastData}`,
        type: "colorScale",
        minColor: argb(block.colorScale.minColor),
        maxColor: argb(block.colorScale.maxColor),
      });
    }
  }

  return {
    header: names,
    top: block.title ? header - 1 : header,
    bottom: header + block.rows.length,
    cells(r, out) {
      if (r === header - 1) out.push([left, block.title ?? null, TITLE]);
      else if (r === header) names.forEach((name, j) => out.push([left + j, name, HEADER]));
      else {
        const values = block.rows[r - header - 1];
        for (let j = 0; j < values.length; j++) {
          const v = values[j];
          if (v !== null && v !== "") out.push([left + j, v, formats[j]]);
        }
      }
    },
  };
}

/**
 * The chart of a spec block over its source table's cells. "columns" / "bars": one series per value
 * column on one value axis; "pareto": columns of value and the cumulative share as a line on a
 * 0–100 % secondary axis (as the add-in's writeChart draws them).
 */
function chartPart(sheet: string, chart: ChartBlock, source: TableBlock): ChartPart {
  const headerRow = source.anchor.row + 1;
  const rows = source.rows.slice(0, chart.rows ?? source.rows.length);
  const first = headerRow + 1;
  const last = headerRow + rows.length;
  const col = (j: number) => source.anchor.col + 1 + j;
  const pareto = chart.type === "pareto";
  const series: ChartSeries[] = chart.valueCols.map((j, k) => ({
    name: source.header[j],
    nameRef: sheetRange(sheet, headerRow, col(j), headerRow, col(j)),
    valuesRef: sheetRange(sheet, first, col(j), last, col(j)),
    values: rows.map((row) => (typeof row[j] === "number" ? (row[j] as number) : null)),
    kind: pareto && k > 0 ? "line" : "column",
    secondary: pareto && k > 0,
    color: SERIES_COLORS[k % SERIES_COLORS.length],
  }));
  return {
    title: chart.title,
    categoriesRef: sheetRange(sheet, first, col(chart.categoryCol), last, col(chart.categoryCol)),
    categories: rows.map((row) => {
      const v = row[chart.categoryCol];
      return typeof v === "number" || typeof v === "string" ? v : null;
    }),
    series,
    numFmt: chart.valueFormat,
    horizontal: chart.type === "bars",
    secondaryAxis: pareto ? { min: 0, max: 1, numFmt: "0%" } : undefined,
  };
}

function textWidth(value: OutCell | string): number {
  if (value === null) return 0;
  const text = String(value);
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1; // CJK glyphs are double width
  return typeof value === "number" ? Math.min(w, 14) : w;
}

/** Widths from the header and the first rows' text, within sensible bounds. */
function columnWidths(spec: SheetSpec): number[] {
  const widths: number[] = [];
  for (const block of spec.blocks) {
    if (block.kind !== "table") continue;
    const sample = block.rows.length > 200 ? block.rows.slice(0, 200) : block.rows;
    block.header.forEach((name, j) => {
      const col = block.anchor.col + j;
      let w = textWidth(name);
      for (const row of sample) w = Math.max(w, textWidth(row[j]));
      if (block.columnFormats?.[j] === "yyyy-mm-dd") w = Math.max(w, 10);
      // Room for a table's filter button.
      if (block.excelTable) w += 2;
      widths[col] = Math.max(widths[col] ?? 0, w);
    });
  }
  return Array.from(widths, (w) => (w === undefined ? 10 : Math.min(48, Math.max(8, w + 2))));
}
