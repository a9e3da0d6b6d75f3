/**
 * Reads an .xlsx input with ExcelJS into the raw table the core ingests: the sheet asked for, or
 * else the one that holds the transactions (a cover or summary sheet first is passed over, and
 * said so), from its header row (below any title lines: table-shape.ts).
 */
import ExcelJS from "exceljs";
import { detectColumns, REQUIRED_ROLES } from "../core/ingest/detect";
import { findHeaderRow } from "../core/ingest/table-shape";
import type { Cell, Warning } from "../core/types";
import { UsageError } from "./args";
import type { DataSheet, SourceCell } from "./render-xlsx";

export interface SourceTable {
  /** Header cells as text ("" for blank). */
  header: string[];
  /** Data rows below the header, raw; row i is source row i + 2 (header is row 1). */
  rows: Cell[][];
  /** How to put the data, unchanged, on the output workbook's first sheet. */
  data: DataSheet;
  /** The workbook uses the 1904 date system (numbers in the rows are serials of that system). */
  date1904: boolean;
  /** What the reader chose that the user should know (the sheet read when it is not the first). */
  notes: Warning[];
}

/** Day number of 1970-01-01: ExcelJS turns date cells into JS Dates at UTC midnight. */
const UNIX_EPOCH_DAY = 25569;
/** Day number of 1904-01-01, serial 0 of the 1904 date system. */
const EPOCH_1904 = 1462;

export async function readXlsxSource(path: string, bytes: Buffer, sheet: string | undefined): Promise<SourceTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UsageError(`cannot read ${path} as an .xlsx workbook: ${(error as Error).message}`);
  }
  try {
    return sourceOf(path, wb, sheet);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // ExcelJS loads some damaged packages without a complaint and leaves parts missing.
    throw new UsageError(`cannot read ${path} as an .xlsx workbook: it is damaged (${(error as Error).message})`);
  }
}

function sourceOf(path: string, wb: ExcelJS.Workbook, sheet: string | undefined): SourceTable {
  const names = wb.worksheets.map((w) => w.name);
  const date1904 = wb.properties.date1904 === true;
  // ExcelJS turns date cells into Dates; back to serials of the workbook's own date system.
  const dateShift = date1904 ? -EPOCH_1904 : 0;
  const cellOf = (value: ExcelJS.CellValue): Cell => {
    if (value instanceof Date) return value.getTime() / 86400000 + UNIX_EPOCH_DAY + dateShift;
    return plainCell(value, cellOf);
  };
  const notes: Warning[] = [];
  let ws: ExcelJS.Worksheet | undefined;
  if (sheet !== undefined) ws = wb.getWorksheet(sheet);
  else {
    ws = wb.worksheets[0];
    const best = ws && transactionsSheet(wb.worksheets, cellOf);
    if (best && best !== ws) {
      notes.push({
        code: "SHEET_CHOSEN",
        message: `read sheet '${best.name}' (the first sheet '${ws.name}' holds no transactions); use --sheet to choose`,
        params: { sheet: best.name, first: ws.name },
      });
      ws = best;
    }
  }
  if (!ws) {
    throw new UsageError(
      sheet === undefined
        ? `${path}: the workbook has no worksheets`
        : `--sheet '${sheet}': no such sheet in ${path} (sheets: ${names.join(", ")})`,
    );
  }
  const lastRow = lastRowOf(ws);
  if (lastRow === 0) throw new UsageError(`${path}: sheet '${ws.name}' is empty`);
  const columnCount = ws.columnCount;
  const readRow = rowReader(ws, cellOf);
  const headerRow = headerRowOf(ws, lastRow, readRow);
  const header = readRow(headerRow).map((c) => (c === null || c === undefined ? "" : String(c).trim()));
  let end = lastRow;
  while (end > headerRow && !ws.getRow(end).hasValues) end--;
  const rows: Cell[][] = [];
  for (let r = headerRow + 1; r <= end; r++) rows.push(readRow(r));

  return {
    header,
    rows,
    date1904,
    notes,
    data: {
      name: ws.name,
      headerRow,
      columnCount,
      widths: Array.from({ length: columnCount }, (_, c) => ws.getColumn(c + 1).width),
      *rows() {
        for (let r = 1; r <= lastRow; r++) {
          const row = ws.findRow(r);
          if (!row || !row.hasValues) continue;
          const cells: (SourceCell | undefined)[] = [];
          row.eachCell({ includeEmpty: false }, (cell, c) => {
            const style = cell.style && Object.keys(cell.style).length > 0 ? cell.style : undefined;
            cells[c - 1] = { value: cell.value, style };
          });
          yield { number: r, cells, height: row.height };
        }
      },
    },
  };
}

function lastRowOf(ws: ExcelJS.Worksheet): number {
  return ws.actualRowCount === 0 ? 0 : ws.rowCount;
}

function rowReader(ws: ExcelJS.Worksheet, cellOf: (value: ExcelJS.CellValue) => Cell): (r: number) => Cell[] {
  const columnCount = ws.columnCount;
  return (r) => {
    const row = ws.getRow(r);
    const out: Cell[] = new Array(columnCount);
    for (let c = 1; c <= columnCount; c++) out[c - 1] = cellOf(row.getCell(c).value);
    return out;
  };
}

/** Rows read to find the header and judge a sheet: the scan of findHeaderRow and a sample below it. */
const HEAD_ROWS = 80;

/** The header row (1-based): the one findHeaderRow picks among the first rows, else the first non-empty row. */
function headerRowOf(ws: ExcelJS.Worksheet, lastRow: number, readRow: (r: number) => Cell[]): number {
  const head: Cell[][] = [];
  for (let r = 1; r <= Math.min(lastRow, HEAD_ROWS); r++) head.push(readRow(r));
  const found = findHeaderRow(head);
  if (found >= 0) return found + 1;
  let r = 1;
  while (r < lastRow && !ws.findRow(r)?.hasValues) r++;
  return r;
}

/**
 * The sheet that holds the transactions: the first one unless another gives more of the customer,
 * the date and the amount (from header names or values); among those, the one with the most of
 * them, then the most rows below its header. A cover sheet of text, or a pivot without dates, loses.
 */
function transactionsSheet(sheets: ExcelJS.Worksheet[], cellOf: (value: ExcelJS.CellValue) => Cell): ExcelJS.Worksheet {
  const judge = (ws: ExcelJS.Worksheet): { roles: number; rows: number } => {
    const lastRow = lastRowOf(ws);
    if (lastRow === 0) return { roles: 0, rows: 0 };
    const readRow = rowReader(ws, cellOf);
    const headerRow = headerRowOf(ws, lastRow, readRow);
    const table: Cell[][] = [];
    for (let r = headerRow; r <= Math.min(lastRow, headerRow + HEAD_ROWS); r++) table.push(readRow(r));
    const found = detectColumns(table, { hasHeader: true }).mapping;
    const fromParts = found.quantity !== undefined && found.price !== undefined;
    return {
      roles: REQUIRED_ROLES.filter((role) => found[role] !== undefined || (role === "amount" && fromParts)).length,
      rows: lastRow - headerRow,
    };
  };
  const first = judge(sheets[0]);
  let best = sheets[0];
  let score = { roles: first.roles, rows: -1 };
  if (first.roles === REQUIRED_ROLES.length) return best;
  for (const ws of sheets.slice(1)) {
    const s = judge(ws);
    if (s.roles > score.roles || (s.roles === score.roles && best !== sheets[0] && s.rows > score.rows)) {
      best = ws;
      score = s;
    }
  }
  return best;
}

/** An ExcelJS cell value (other than a Date) as the raw cell the core reads. */
function plainCell(value: Exclude<ExcelJS.CellValue, Date>, cellOf: (v: ExcelJS.CellValue) => Cell): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if ("result" in value) return cellOf(value.result as ExcelJS.CellValue);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("error" in value) return String(value.error);
  if ("formula" in value || "sharedFormula" in value) return null; // a formula never calculated
  return null;
}
