/** Reads an .xlsx input with ExcelJS into the raw table the core ingests. */
import ExcelJS from "exceljs";
import type { Cell } from "../core/types";
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
  const names = wb.worksheets.map((w) => w.name);
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) {
    throw new UsageError(sheet === undefined ? `${path}: the workbook has no worksheets` : `--sheet '${sheet}': no such sheet in ${path} (sheets: ${names.join(", ")})`);
  }

  const lastRow = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  if (lastRow === 0) throw new UsageError(`${path}: sheet '${ws.name}' is empty`);
  const headerRow = findHeaderRow(ws, lastRow);
  const columnCount = ws.columnCount;
  const date1904 = wb.properties.date1904 === true;
  // ExcelJS turns date cells into Dates; back to serials of the workbook's own date system.
  const dateShift = date1904 ? -EPOCH_1904 : 0;
  const cellOf = (value: ExcelJS.CellValue): Cell => {
    if (value instanceof Date) return value.getTime() / 86400000 + UNIX_EPOCH_DAY + dateShift;
    return plainCell(value, cellOf);
  };
  const readRow = (r: number): Cell[] => {
    const row = ws.getRow(r);
    const out: Cell[] = new Array(columnCount);
    for (let c = 1; c <= columnCount; c++) out[c - 1] = cellOf(row.getCell(c).value);
    return out;
  };
  const header = readRow(headerRow).map((c) => (c === null || c === undefined ? "" : String(c).trim()));
  let end = lastRow;
  while (end > headerRow && !ws.getRow(end).hasValues) end--;
  const rows: Cell[][] = [];
  for (let r = headerRow + 1; r <= end; r++) rows.push(readRow(r));

  return {
    header,
    rows,
    date1904,
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

/**
 * The header row: among the first 20 rows, the first whose cells are all text and at least half as
 * many as the fullest row's (so a title line or a note above the table is passed over); the first
 * non-empty row when none qualifies.
 */
function findHeaderRow(ws: ExcelJS.Worksheet, lastRow: number): number {
  const scan = Math.min(lastRow, 20);
  const counts: number[] = [];
  const allText: boolean[] = [];
  for (let r = 1; r <= scan; r++) {
    let count = 0;
    let text = true;
    ws.findRow(r)?.eachCell({ includeEmpty: false }, (cell) => {
      count++;
      if (typeof cell.value !== "string" && !(cell.value && typeof cell.value === "object" && "richText" in cell.value)) text = false;
    });
    counts.push(count);
    allText.push(text);
  }
  const fullest = Math.max(...counts);
  for (let r = 1; r <= scan; r++) if (allText[r - 1] && counts[r - 1] >= Math.max(2, fullest / 2)) return r;
  const firstFilled = counts.findIndex((c) => c > 0);
  if (firstFilled >= 0) return firstFilled + 1;
  let r = scan + 1;
  while (r < lastRow && !ws.findRow(r)?.hasValues) r++;
  return r;
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
