/**
 * Finding and reading the sales data: the current region around the selection (or the Excel table
 * it lies in), a named table, or a sheet's used range. The add-in's own tier columns at the right
 * edge of the data are recognised (position and header text as recorded) and left out, so a re-run
 * reads the user's columns only. Rows are read in chunks held to a byte and cell budget, one sync
 * per chunk, the chunk size adjusted to the bytes per row actually seen.
 */
import type { Cell } from "../core/types";
import { READ_BYTES, READ_CELLS, rowBytes } from "./budget";
import { parseOwnership, OWNERSHIP_KEY, type Ownership } from "./ownership";
import { isOfficeError, supportsExcelApi, WorkbookError, type Session } from "./session";
import type { SourceChoice } from "./types";

/** Rows read first: the header plus enough rows for column detection (detect.ts samples 500). */
const HEAD_ROWS = 501;

export interface SourceRect {
  sheetId: string;
  sheetName: string;
  tableName?: string;
  /** 0-based sheet row and column of the top-left cell (the header when there is one). */
  row: number;
  column: number;
  /** Rows and columns, header included, the add-in's tier columns excluded. */
  rows: number;
  columns: number;
}

export interface WorkbookState {
  sheets: { id: string; name: string }[];
  tables: { name: string; sheetId: string }[];
  ownership: Ownership;
}

export interface SourceHead {
  source: SourceRect;
  /** The first rows of the source, header included, trimmed to `source.columns`. */
  head: Cell[][];
  /** The recorded tier columns still carry the add-in's headers (wherever they are). */
  ownTierPresent: boolean;
  /** ...and they sit at the source's right edge (so they were left out of `source`). */
  ownTierAtEdge: boolean;
  state: WorkbookState;
}

interface Located {
  source: SourceRect;
  state: WorkbookState;
}

async function syncFinding(session: Session, what: string, code: "TABLE_NOT_FOUND" | "SHEET_NOT_FOUND"): Promise<void> {
  try {
    await session.sync();
  } catch (error) {
    if (isOfficeError(error, "ItemNotFound")) throw new WorkbookError(code, `${what} was not found in this workbook.`);
    throw error;
  }
}

/** One sync (two when the selection lies in an Excel table): the source's place and the workbook's sheets, tables and ownership record. */
async function locate(session: Session, choice: SourceChoice): Promise<Located> {
  const workbook = session.context.workbook;
  const sheets = workbook.worksheets.load("items/id,items/name");
  const tables = workbook.tables.load("items/name,items/worksheet/id");
  const owned = workbook.settings.getItemOrNullObject(OWNERSHIP_KEY).load("value");
  let range: Excel.Range;
  let sheet: Excel.Worksheet;
  let inTables: Excel.TableScopedCollection | undefined;
  let table: Excel.Table | undefined;
  if (choice.kind === "region") {
    const selection = workbook.getSelectedRange();
    if (supportsExcelApi("1.9")) inTables = selection.getTables(false).load("items/name");
    range = selection.getSurroundingRegion();
    // The selection is always on the active sheet.
    sheet = workbook.worksheets.getActiveWorksheet();
  } else if (choice.kind === "table") {
    table = workbook.tables.getItem(choice.tableName).load("name");
    range = table.getRange();
    sheet = table.worksheet;
  } else {
    sheet = choice.sheetName ? workbook.worksheets.getItem(choice.sheetName) : workbook.worksheets.getActiveWorksheet();
    range = sheet.getUsedRangeOrNullObject(true);
  }
  range.load("rowIndex,columnIndex,rowCount,columnCount");
  sheet.load("id,name");
  const what = choice.kind === "table" ? `The table "${choice.tableName}"` : `The sheet "${choice.kind === "used" ? (choice.sheetName ?? "") : ""}"`;
  await syncFinding(session, what, choice.kind === "table" ? "TABLE_NOT_FOUND" : "SHEET_NOT_FOUND");

  const state: WorkbookState = {
    sheets: sheets.items.map((s) => ({ id: s.id, name: s.name })),
    tables: tables.items.map((t) => ({ name: t.name, sheetId: t.worksheet.id })),
    ownership: parseOwnership(owned.isNullObject ? null : owned.value),
  };
  if (range.isNullObject) throw new WorkbookError("NO_DATA", `The sheet "${sheet.name}" is empty.`);
  let tableName = table?.name;
  let rect = { row: range.rowIndex, column: range.columnIndex, rows: range.rowCount, columns: range.columnCount };
  // A selection inside an Excel table means that table, whatever lies around it.
  if (inTables && inTables.items.length > 0) {
    const around = workbook.tables.getItem(inTables.items[0].name).load("name");
    const tableRange = around.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    await session.sync();
    tableName = around.name;
    rect = { row: tableRange.rowIndex, column: tableRange.columnIndex, rows: tableRange.rowCount, columns: tableRange.columnCount };
  }
  return { source: { sheetId: sheet.id, sheetName: sheet.name, tableName, ...rect }, state };
}

function sameText(a: Cell, b: string): boolean {
  return typeof a === "string" && a === b;
}

function isPayloadTooLarge(error: unknown): boolean {
  return isOfficeError(error, "ResponsePayloadSizeLimitExceeded") || isOfficeError(error, "RequestPayloadSizeLimitExceeded");
}

/**
 * Loads `count` rows of the source from sheet row `row` in one sync (with whatever `alsoLoad` queues),
 * halving the count while the host still finds the response too large; returns the rows read.
 */
async function readChunk(session: Session, source: SourceRect, row: number, count: number, alsoLoad?: () => void): Promise<Cell[][]> {
  const sheet = session.context.workbook.worksheets.getItem(source.sheetId);
  for (;;) {
    const range = sheet.getRangeByIndexes(row, source.column, count, source.columns).load("values");
    alsoLoad?.();
    try {
      await session.sync();
      const values: Cell[][] = range.values;
      range.untrack();
      return values;
    } catch (error) {
      if (!isPayloadTooLarge(error)) throw error;
      if (count === 1) throw new WorkbookError("READ_TOO_LARGE", `Row ${row + 1} alone is more than Excel can return in one request. Select only the sales data.`);
      count = Math.ceil(count / 2);
    }
  }
}

/** Locates the source and reads its first rows (two or three syncs). */
export async function readHead(session: Session, choice: SourceChoice): Promise<SourceHead> {
  const { source, state } = await locate(session, choice);
  const workbook = session.context.workbook;
  const tier = state.ownership.tierColumns;
  const tierSheetExists = !!tier && state.sheets.some((s) => s.id === tier.sheetId);
  let tierHeader: Excel.Range | undefined;
  const headRows = Math.max(1, Math.min(source.rows, HEAD_ROWS, Math.floor(READ_CELLS / source.columns)));
  const head = await readChunk(session, source, source.row, headRows, () => {
    if (tier && tierSheetExists && tier.headers.length > 0) {
      tierHeader = workbook.worksheets.getItem(tier.sheetId).getRangeByIndexes(tier.headerRow, tier.firstColumn, 1, tier.headers.length).load("values");
    }
  });

  const ownTierPresent = !!tier && !!tierHeader && tierHeader.values[0].every((v, j) => sameText(v, tier.headers[j]));
  const ownTierAtEdge =
    ownTierPresent &&
    !!tier &&
    tier.sheetId === source.sheetId &&
    tier.headerRow === source.row &&
    tier.firstColumn > source.column &&
    tier.firstColumn + tier.headers.length === source.column + source.columns;
  const columns = ownTierAtEdge && tier ? tier.firstColumn - source.column : source.columns;
  const rows: Cell[][] = head.map((row) => (columns < row.length ? row.slice(0, columns) : row));
  if (rows.every((row) => row.every((v) => v === "" || v === null))) {
    throw new WorkbookError("NO_DATA", "No data found: select a cell inside the sales data, or pick a table or sheet.");
  }
  return { source: { ...source, columns }, head: rows, ownTierPresent, ownTierAtEdge, state };
}

/** Reads the rest of the source after `head`, one sync per chunk held to the byte and cell budget. */
export async function readRest(session: Session, source: SourceRect, head: Cell[][], onRows: (rowsRead: number) => void): Promise<Cell[][]> {
  const out: Cell[][] = head.slice();
  let bytesPerRow = 16;
  if (head.length > 0) bytesPerRow = Math.max(bytesPerRow, head.reduce((n, row) => n + rowBytes(row), 0) / head.length);
  const end = source.row + source.rows;
  let next = source.row + head.length;
  while (next < end) {
    session.throwIfAborted();
    const count = Math.max(1, Math.min(end - next, Math.floor(READ_CELLS / source.columns), Math.floor(READ_BYTES / (bytesPerRow * 1.25))));
    const values = await readChunk(session, source, next, count);
    let bytes = 0;
    for (let i = 0; i < values.length; i++) {
      out.push(values[i]);
      bytes += rowBytes(values[i]);
    }
    bytesPerRow = Math.max(bytesPerRow, bytes / values.length);
    next += values.length;
    onRows(out.length);
  }
  return out;
}
