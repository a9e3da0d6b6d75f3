/**
 * Writes a WorkbookSpec to an .xlsx file with ExcelJS's streaming writer, so a million-row data
 * sheet is written row by row instead of held as an in-memory model: first the user's data sheet
 * (values and styles copied unchanged, tier columns appended), then the spec's sheets.
 *
 * How spec features map to the file:
 * - fillByColumn → one conditional-format rule per label ($L2="Champions" → fill and text colour),
 *   which colours whole rows without a style per cell and keeps up with sorting and filtering;
 * - excelTable → an autofilter over the block (the streaming writer cannot write table parts);
 * - colorScale → a two-colour conditional-format scale;
 * - chart blocks → a note at the chart's place naming the table that holds its data: ExcelJS
 *   cannot write charts, the Excel add-in draws them.
 */
import ExcelJS from "exceljs";
import { createWriteStream, openSync } from "fs";
import { sheetName } from "../core/report";
import type { OutCell, SheetSpec, TableBlock, WorkbookSpec } from "../core/report-types";
import { CellGuard } from "./xlsx-cells";

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

const NOTES = {
  zh: (title: string, source: string) => `图表「${title}」由 Excel 加载项绘制;命令行只写出其数据(见「${source}」表)。`,
  en: (title: string, source: string) => `Chart "${title}" is drawn by the Excel add-in; the command line writes its data (table "${source}").`,
};

const BOLD: Partial<ExcelJS.Style> = { font: { bold: true } };
const HEADER: Partial<ExcelJS.Style> = { font: { bold: true }, border: { bottom: { style: "thin" } } };
const TITLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 12 } };
const NOTE: Partial<ExcelJS.Style> = { font: { italic: true, color: { argb: "FF616161" } } };

/**
 * Writes the workbook to `path`: the data sheet (left out when spec.dataOmitted: longer than a
 * sheet), then the spec's sheets. Returns warnings about cells cut to Excel's length.
 */
export async function writeWorkbook(path: string, spec: WorkbookSpec, data: DataSheet, lang: "zh" | "en"): Promise<string[]> {
  // Opened synchronously so a bad path fails here with its error code, not later in the stream.
  const stream = createWriteStream("", { fd: openSync(path, "w") });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    // Shared strings ("s" cells) are what Excel itself writes; labels repeat on every row.
    useSharedStrings: true,
    // Fast deflate: a quarter less time for a fifth more bytes.
    zip: { zlib: { level: 1 } },
  });
  const taken = new Set(spec.sheets.map((s) => s.name.toLowerCase()));
  const guard = new CellGuard();
  if (!spec.dataOmitted) writeDataSheet(wb.addWorksheet(sheetName(data.name, taken)), spec, data, guard);
  for (const sheet of spec.sheets) writeSheet(wb, sheet, lang, guard);
  await wb.commit();
  return guard.warnings();
}

function writeDataSheet(ws: ExcelJS.Worksheet, spec: WorkbookSpec, data: DataSheet, guard: CellGuard): void {
  const { header, rows, columnFormats } = spec.tierColumns;
  const first = data.columnCount + 1;
  const widths: Partial<ExcelJS.Column>[] = [];
  for (let c = 0; c < data.columnCount; c++) widths.push({ width: data.widths[c] ?? 12 });
  for (const name of header) widths.push({ width: Math.max(8, textWidth(name) + 2) });
  ws.columns = widths;
  const formats = (columnFormats ?? []).map((f) => (f ? { numFmt: f } : undefined));

  const writeTier = (row: ExcelJS.Row, r: number) => {
    if (r === data.headerRow) {
      header.forEach((name, j) => setCell(guard, row.getCell(first + j), name, BOLD));
      return;
    }
    const values = rows[r - data.headerRow - 1];
    if (!values) return;
    for (let j = 0; j < values.length; j++) if (values[j] !== null) setCell(guard, row.getCell(first + j), values[j], formats[j]);
  };
  // Source rows and tier rows interleave in ascending row order, as the streaming writer needs.
  let next = data.headerRow;
  const last = data.headerRow + rows.length;
  const flushTierRowsBefore = (r: number) => {
    for (; next < r && next <= last; next++) {
      const row = ws.getRow(next);
      writeTier(row, next);
      row.commit();
    }
  };
  for (const source of data.rows()) {
    flushTierRowsBefore(source.number);
    const row = ws.getRow(source.number);
    if (source.height) row.height = source.height;
    source.cells.forEach((cell, c) => {
      if (cell) setCell(guard, row.getCell(c + 1), cell.value, cell.style);
    });
    if (source.number === next) {
      writeTier(row, next);
      next++;
    }
    row.commit();
  }
  flushTierRowsBefore(last + 1);
  ws.commit();
}

function setCell(guard: CellGuard, cell: ExcelJS.Cell, value: ExcelJS.CellValue | OutCell, style: Partial<ExcelJS.Style> | undefined): void {
  cell.value = guard.value(value as ExcelJS.CellValue, cell);
  if (style) cell.style = style;
}

interface Span {
  top: number;
  bottom: number;
  write(row: ExcelJS.Row, r: number): void;
}

function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: SheetSpec, lang: "zh" | "en", guard: CellGuard): void {
  const ws = wb.addWorksheet(spec.name, {
    properties: spec.tabColor ? { tabColor: { argb: argb(spec.tabColor) } } : {},
    views: spec.freezeRows ? [{ state: "frozen", ySplit: spec.freezeRows }] : undefined,
  });
  ws.columns = columnWidths(spec);

  // Every block covers a range of rows; rows are written once, in ascending order.
  const spans: Span[] = [];
  const tables = new Map<string, TableBlock>();
  // Conditional-format priorities are unique across the sheet.
  const priority = { next: 1 };
  for (const block of spec.blocks) {
    if (block.kind === "table") {
      tables.set(block.key, block);
      spans.push(tableSpan(ws, block, priority, guard));
    }
  }
  for (const block of spec.blocks) {
    if (block.kind !== "chart") continue;
    const source = tables.get(block.source);
    const note = NOTES[lang](block.title, source?.title ?? block.source);
    spans.push({ top: block.anchor.row, bottom: block.anchor.row, write: (row) => setCell(guard, row.getCell(block.anchor.col + 1), note, NOTE) });
  }
  const top = Math.min(...spans.map((s) => s.top));
  const bottom = Math.max(...spans.map((s) => s.bottom));
  for (let r = top; r <= bottom; r++) {
    const row = ws.getRow(r + 1);
    for (const span of spans) if (r >= span.top && r <= span.bottom) span.write(row, r);
    row.commit();
  }
  ws.commit();
}

/** The rows of a table block (title, header, data) and its sheet-level formatting. */
function tableSpan(ws: ExcelJS.Worksheet, block: TableBlock, priority: { next: number }, guard: CellGuard): Span {
  const header = block.anchor.row;
  const left = block.anchor.col + 1;
  const width = block.header.length;
  const formats = (block.columnFormats ?? []).map((f) => (f ? { numFmt: f } : undefined));
  const firstData = header + 2; // 1-based sheet row of the first data row
  const lastData = header + 1 + block.rows.length;
  const address = (r: number, c: number) => `${columnLetter(c)}${r}`;

  if (block.rows.length > 0) {
    if (block.excelTable) ws.autoFilter = `${address(header + 1, left)}:${address(lastData, left + width - 1)}`;
    const range = `${address(firstData, left)}:${address(lastData, left + width - 1)}`;
    if (block.fillByColumn) {
      const key = `$${columnLetter(left + block.fillByColumn.col)}${firstData}`;
      ws.addConditionalFormatting({
        ref: range,
        rules: Object.entries(block.fillByColumn.fills).map(([label, f]) => ({
          type: "expression",
          priority: priority.next++,
          formulae: [`${key}="${label.replace(/"/g, '""')}"`],
          style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(f.fill) } }, font: { color: { argb: argb(f.font) } } },
        })),
      });
    }
    if (block.colorScale) {
      ws.addConditionalFormatting({
        ref: `${address(firstData, left + block.colorScale.fromCol)}:${address(lastData, left + width - 1)}`,
        rules: [
          {
            type: "colorScale",
            priority: priority.next++,
            cfvo: [{ type: "min" }, { type: "max" }],
            color: [{ argb: argb(block.colorScale.minColor) }, { argb: argb(block.colorScale.maxColor) }],
          },
        ],
      });
    }
  }

  return {
    top: block.title ? header - 1 : header,
    bottom: header + block.rows.length,
    write(row, r) {
      if (r === header - 1) setCell(guard, row.getCell(left), block.title ?? null, TITLE);
      else if (r === header) block.header.forEach((name, j) => setCell(guard, row.getCell(left + j), name, HEADER));
      else {
        const values = block.rows[r - header - 1];
        for (let j = 0; j < values.length; j++) {
          const v = values[j];
          if (v !== null && v !== "") setCell(guard, row.getCell(left + j), v, formats[j]);
        }
      }
    },
  };
}

/** A1 column letters of a 1-based column number. */
function columnLetter(column: number): string {
  let s = "";
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function textWidth(value: OutCell | string): number {
  if (value === null) return 0;
  const text = String(value);
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1; // CJK glyphs are double width
  return typeof value === "number" ? Math.min(w, 14) : w;
}

/** Widths from the header and the first rows' text, within sensible bounds. */
function columnWidths(spec: SheetSpec): Partial<ExcelJS.Column>[] {
  const widths: number[] = [];
  for (const block of spec.blocks) {
    if (block.kind !== "table") continue;
    const sample = block.rows.length > 200 ? block.rows.slice(0, 200) : block.rows;
    block.header.forEach((name, j) => {
      const col = block.anchor.col + j;
      let w = textWidth(name);
      for (const row of sample) w = Math.max(w, textWidth(row[j]));
      if (block.columnFormats?.[j] === "yyyy-mm-dd") w = Math.max(w, 10);
      widths[col] = Math.max(widths[col] ?? 0, w);
    });
  }
  return Array.from(widths, (w) => ({ width: w === undefined ? 10 : Math.min(48, Math.max(8, w + 2)) }));
}
