/**
 * Renders WorkbookSpec blocks with the Excel API. Writes are batched: each request is filled up to
 * a byte budget and sent with one sync, with calculation (and, from ExcelApi 1.9, screen updating)
 * suspended. Nothing is done per row or per cell: values go as 2-D arrays, number formats as one
 * broadcast per column, row fills as one format per run of equal labels or, when runs are many,
 * one conditional-format rule per label.
 */
import { serialFromDay } from "../core/ingest/dates";
import type { ChartBlock, OutCell, TableBlock } from "../core/report/report-types";
import { cellBytes, rowBytes, toExcel, WRITE_BYTES } from "./budget";
import { supportsExcelApi, type Session } from "./session";

/** Rough size of one queued request besides its values (object path, method name). */
const OP_BYTES = 200;
/** A chunk smaller than this is not worth starting in a nearly full request. */
const MIN_CHUNK_BYTES = 64_000;
/** Up to this many runs of equal labels get static fills; beyond, one conditional format per label. */
const STATIC_FILL_RUNS = 16;
/** Rows looked at when fitting column widths. */
const AUTOFIT_ROWS = 200;

export const TIER_HEADER_FILL = { fill: "#4B2E83", font: "#FFFFFF" };

type ExcelValue = string | number | boolean;

export function isDateFormat(format: string | null | undefined): boolean {
  return !!format && /y/i.test(format) && /d/i.test(format);
}

/** Column letters, for conditional-format formulas. */
export function columnLetters(column: number): string {
  let n = column + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export class WriteBatch {
  private pending = 0;
  private open = false;
  private rowsDone = 0;

  constructor(
    private readonly session: Session,
    private readonly totalRows: number,
    private readonly onProgress: (done: number) => void,
  ) {}

  get room(): number {
    return WRITE_BYTES - this.pending;
  }

  /** Makes room for a request of `bytes`, sending the current one first when it would not fit. */
  async reserve(bytes: number): Promise<void> {
    if (this.open && this.pending + bytes + OP_BYTES > WRITE_BYTES) await this.flush();
    if (!this.open) {
      this.session.throwIfAborted();
      const application = this.session.context.workbook.application;
      application.suspendApiCalculationUntilNextSync();
      if (supportsExcelApi("1.9")) application.suspendScreenUpdatingUntilNextSync();
      this.open = true;
    }
    this.pending += bytes + OP_BYTES;
  }

  async flush(): Promise<void> {
    if (!this.open) return;
    await this.session.sync();
    this.open = false;
    this.pending = 0;
    this.onProgress(Math.min(1, this.rowsDone / Math.max(1, this.totalRows)));
  }

  advance(rows: number): void {
    this.rowsDone += rows;
  }
}

export interface RenderOptions {
  date1904: boolean;
  /** Use Excel's own Pareto chart type where ExcelApi 1.9 is supported (else the column + line combo). */
  nativePareto: boolean;
}

/** Output cells of one row as Range.values entries; day numbers in date columns become serials. */
function excelRow(row: readonly OutCell[], dateColumns: readonly boolean[], date1904: boolean): ExcelValue[] {
  const out: ExcelValue[] = new Array(row.length);
  for (let j = 0; j < row.length; j++) {
    const v = row[j];
    if (dateColumns[j] && typeof v === "number" && Number.isFinite(v)) {
      try {
        out[j] = serialFromDay(v, date1904);
      } catch {
        out[j] = "";
      }
    } else out[j] = toExcel(v);
  }
  return out;
}

/**
 * Writes `rows` below sheet cell (row, column), in chunks that fill the current request up to the
 * budget; one Range.values assignment per chunk.
 */
export async function writeRows(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  row: number,
  column: number,
  rows: readonly (readonly OutCell[])[],
  width: number,
  dateColumns: readonly boolean[],
  date1904: boolean,
): Promise<void> {
  let i = 0;
  while (i < rows.length) {
    if (batch.room < MIN_CHUNK_BYTES) await batch.flush();
    const room = batch.room - OP_BYTES;
    const chunk: ExcelValue[][] = [];
    let bytes = 2;
    while (i + chunk.length < rows.length) {
      const source = rows[i + chunk.length];
      const values = excelRow(source.length === width ? source : padRow(source, width), dateColumns, date1904);
      const size = rowBytes(values) + 1;
      if (chunk.length > 0 && bytes + size > room) break;
      chunk.push(values);
      bytes += size;
    }
    await batch.reserve(bytes);
    const range = sheet.getRangeByIndexes(row + i, column, chunk.length, width);
    range.values = chunk;
    range.untrack();
    batch.advance(chunk.length);
    i += chunk.length;
  }
}

function padRow(row: readonly OutCell[], width: number): OutCell[] {
  const out = row.slice(0, width);
  while (out.length < width) out.push(null);
  return out;
}

/** Runs of equal values in one column: [first row, row count, value]. */
function runsOf(rows: readonly (readonly OutCell[])[], col: number): { from: number; count: number; value: OutCell }[] {
  const runs: { from: number; count: number; value: OutCell }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i][col] ?? null;
    const last = runs[runs.length - 1];
    if (last && last.value === value) last.count++;
    else runs.push({ from: i, count: 1, value });
  }
  return runs;
}

/** Text as an Excel formula string literal. */
function formulaText(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A table block: title, header, data, number formats, row fills, colour scale, Excel table. */
export async function writeTableBlock(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  block: TableBlock,
  options: RenderOptions,
  takenTableNames: Set<string>,
  /** Told of each Excel table added, with the name it wanted (a re-run renames it when it commits). */
  onTable?: (table: Excel.Table, wanted: string, name: string) => void,
): Promise<void> {
  const { row, col } = block.anchor;
  const width = block.header.length;
  const n = block.rows.length;
  if (block.title !== undefined && row > 0) {
    await batch.reserve(cellBytes(block.title));
    const title = sheet.getCell(row - 1, col);
    title.values = [[toExcel(block.title)]];
    title.format.font.bold = true;
  }
  await batch.reserve(rowBytes(block.header));
  const header = sheet.getRangeByIndexes(row, col, 1, width);
  header.values = [block.header.map((h) => toExcel(h))];
  header.format.font.bold = true;

  // Formats first: they are cheap broadcasts, and text formats must precede the values they keep.
  const formats = block.columnFormats ?? [];
  const dateColumns = block.header.map((_, j) => isDateFormat(formats[j]));
  if (n > 0) {
    for (let j = 0; j < width;) {
      const format = formats[j] ?? null;
      let k = j + 1;
      while (k < width && (formats[k] ?? null) === format) k++;
      if (format !== null) {
        await batch.reserve(format.length);
        sheet.getRangeByIndexes(row + 1, col + j, n, k - j).numberFormat = [[format]];
      }
      j = k;
    }
  }
  await writeRows(batch, sheet, row + 1, col, block.rows, width, dateColumns, options.date1904);

  if (n > 0 && block.fillByColumn) await fillRows(batch, sheet, block);
  if (n > 0 && block.colorScale) {
    const from = block.colorScale.fromCol;
    await batch.reserve(300);
    const scale = sheet.getRangeByIndexes(row + 1, col + from, n, width - from).conditionalFormats.add("ColorScale");
    scale.colorScale.criteria = {
      minimum: { type: "LowestValue", color: block.colorScale.minColor },
      maximum: { type: "HighestValue", color: block.colorScale.maxColor },
    };
  }
  if (block.excelTable && n > 0) {
    const tableName = uniqueName(block.excelTable, takenTableNames, "_");
    await batch.reserve(tableName.length + 100);
    const table = sheet.tables.add(sheet.getRangeByIndexes(row, col, n + 1, width), true);
    table.name = tableName;
    onTable?.(table, block.excelTable, tableName);
  }
  await batch.reserve(0);
  sheet.getRangeByIndexes(row, col, 1 + Math.min(n, AUTOFIT_ROWS), width).format.autofitColumns();
}

/** Fills whole data rows by the label in `fillByColumn.col`. */
async function fillRows(batch: WriteBatch, sheet: Excel.Worksheet, block: TableBlock): Promise<void> {
  const spec = block.fillByColumn;
  if (!spec) return;
  const { row, col } = block.anchor;
  const width = block.header.length;
  const runs = runsOf(block.rows, spec.col);
  if (runs.length <= STATIC_FILL_RUNS) {
    for (const run of runs) {
      const fill = typeof run.value === "string" ? spec.fills[run.value] : undefined;
      if (!fill) continue;
      await batch.reserve(100);
      const range = sheet.getRangeByIndexes(row + 1 + run.from, col, run.count, width);
      range.format.fill.color = fill.fill;
      range.format.font.color = fill.font;
    }
    return;
  }
  // Many short runs (customers in order of first purchase): a rule per label, relative to row 1 of the data.
  const present = new Set(runs.map((r) => r.value));
  const data = sheet.getRangeByIndexes(row + 1, col, block.rows.length, width);
  const key = `$${columnLetters(col + spec.col)}${row + 2}`;
  for (const [label, fill] of Object.entries(spec.fills)) {
    if (!present.has(label)) continue;
    await batch.reserve(label.length * 3 + 200);
    const rule = data.conditionalFormats.add("Custom");
    rule.custom.rule.formula = `=${key}=${formulaText(label)}`;
    rule.custom.format.fill.color = fill.fill;
    rule.custom.format.font.color = fill.font;
  }
}

/** `wanted`, or `wanted` + separator + 2, 3, … when taken (case-insensitive); the result is marked taken. */
export function uniqueName(wanted: string, taken: Set<string>, separator: string): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = separator === " " ? `${wanted} (${n})` : `${wanted}${separator}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * A chart over a table block written on the same sheet. "columns": clustered columns, one series per
 * value column, all on one value axis; "bars": the same as horizontal bars, the first category on
 * top. "pareto": columns of value with the cumulative share as a line on a secondary axis
 * (0–100 %); Excel's own Pareto type only when asked for and ExcelApi 1.9 is there, because that
 * type has had client bugs (office-js#3924, #2971).
 */
export async function writeChart(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  chart: ChartBlock,
  source: TableBlock,
  options: RenderOptions,
): Promise<void> {
  const n = Math.min(source.rows.length, chart.rows ?? source.rows.length);
  if (n === 0) return;
  const dataRow = source.anchor.row + 1;
  const column = (j: number) => sheet.getRangeByIndexes(dataRow, source.anchor.col + j, n, 1);
  const categories = column(chart.categoryCol);
  const [first, ...rest] = chart.valueCols;
  await batch.reserve(600 + chart.title.length * 3);
  const native = chart.type === "pareto" && options.nativePareto && supportsExcelApi("1.9");
  const made = sheet.charts.add(native ? "Pareto" : chart.type === "bars" ? "BarClustered" : "ColumnClustered", column(first), "Columns");
  made.title.text = chart.title;
  const firstSeries = made.series.getItemAt(0);
  firstSeries.name = source.header[first];
  firstSeries.setXAxisValues(categories);
  if (!native) {
    for (const j of rest) {
      const series = made.series.add(source.header[j]);
      series.setValues(column(j));
      series.setXAxisValues(categories);
      if (chart.type === "pareto") {
        series.chartType = "Line";
        series.axisGroup = "Secondary";
      }
    }
    if (chart.type === "pareto" && rest.length > 0) {
      const share = made.axes.getItem("Value", "Secondary");
      share.minimum = 0;
      share.maximum = 1;
      share.numberFormat = "0%";
    }
    if (chart.valueFormat) made.axes.getItem("Value", "Primary").numberFormat = chart.valueFormat;
    if (chart.type === "bars") {
      // Categories top-down; the value axis then crosses at the last one, the bottom.
      const tiers = made.axes.getItem("Category", "Primary");
      tiers.reversePlotOrder = true;
      tiers.position = "Maximum";
    }
  }
  made.legend.position = "Bottom";
  const end = { row: chart.anchor.row + chart.size.rows - 1, col: chart.anchor.col + chart.size.cols - 1 };
  made.setPosition(`${columnLetters(chart.anchor.col)}${chart.anchor.row + 1}`, `${columnLetters(end.col)}${end.row + 1}`);
}
