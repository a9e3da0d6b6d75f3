/**
 * Finding and reading the sales data: the current region around the selection (or the Excel table
 * it lies in), a named table, a sheet's used range, or an address pinned by an earlier preview
 * (checked to show the same header still). The add-in's own tier columns at the right
 * edge of the data are recognised (position and header text as recorded) and left out, so a re-run
 * reads the user's columns only. Rows are read in chunks held to a byte and cell budget, one sync
 * per chunk, the chunk size adjusted to the bytes per row actually seen. Outside an Excel table,
 * title lines above the header (a report title, an "exported on" line) are left out of the source:
 * it starts at the header row that table-shape.ts finds.
 */
import { detectColumns, type Detection } from "../core/ingest/detect";
import { findHeaderRow } from "../core/ingest/table-shape";
import type { Cell } from "../core/types";
import { READ_BYTES, READ_CELLS, rowBytes } from "./budget";
import { parseOwnership, OWNERSHIP_KEY, type Ownership } from "./ownership";
import { isOfficeError, supportsExcelApi, WorkbookError, type Session, type WorkbookErrorCode } from "./session";
import type { SourceChoice } from "./types";
import { columnLetters } from "./writer";

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

/** Quotes a sheet name in an address as Excel does when it is not a plain word. */
function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** A1 address with the sheet, e.g. "Sales!A1:G2501" or "'Sales 2024'!B3". */
export function sheetAddress(sheet: string, row: number, column: number, rows: number, columns: number): string {
  const topLeft = `${columnLetters(column)}${row + 1}`;
  const bottomRight = `${columnLetters(column + columns - 1)}${row + rows}`;
  return `${quoteSheet(sheet)}!${topLeft}${rows === 1 && columns === 1 ? "" : `:${bottomRight}`}`;
}

/** The sheet name and the range of an address as sheetAddress writes it; anything else is a caller's defect. */
function splitAddress(address: string): { sheetName: string; range: string } {
  const bang = address.lastIndexOf("!");
  const sheet = address.slice(0, Math.max(0, bang));
  const range = address.slice(bang + 1);
  const quoted = /^'(.+)'$/s.exec(sheet);
  const sheetName = quoted ? quoted[1].replace(/''/g, "'") : sheet;
  if (sheetName === "" || !/^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$/i.test(range)) {
    throw new Error(`"${address}" is not a sheet address such as "Sales!A1:G2501".`);
  }
  return { sheetName, range };
}

async function syncFinding(session: Session, code: WorkbookErrorCode, message: string): Promise<void> {
  try {
    await session.sync();
  } catch (error) {
    if (isOfficeError(error, "ItemNotFound")) throw new WorkbookError(code, message);
    throw error;
  }
}

function sameRect(range: Excel.Range, rect: { row: number; column: number; rows: number; columns: number }): boolean {
  return (
    range.rowIndex === rect.row && range.columnIndex === rect.column && range.rowCount === rect.rows && range.columnCount === rect.columns
  );
}

/**
 * One sync (two when the selection or the address lies in an Excel table): the source's place and
 * the workbook's sheets, tables and ownership record.
 */
async function locate(session: Session, choice: SourceChoice, ownershipKey: string): Promise<Located> {
  const workbook = session.context.workbook;
  const sheets = workbook.worksheets.load("items/id,items/name");
  const tables = workbook.tables.load("items/name,items/worksheet/id");
  const owned = workbook.settings.getItemOrNullObject(ownershipKey).load("value");
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
  } else if (choice.kind === "address") {
    const { sheetName, range: a1 } = splitAddress(choice.address);
    sheet = workbook.worksheets.getItem(sheetName);
    range = sheet.getRange(a1);
    if (supportsExcelApi("1.9")) inTables = range.getTables(false).load("items/name");
  } else {
    sheet = choice.sheetName ? workbook.worksheets.getItem(choice.sheetName) : workbook.worksheets.getActiveWorksheet();
    range = sheet.getUsedRangeOrNullObject(true);
  }
  range.load("rowIndex,columnIndex,rowCount,columnCount");
  sheet.load("id,name");
  if (choice.kind === "table")
    await syncFinding(session, "TABLE_NOT_FOUND", `The table "${choice.tableName}" was not found in this workbook.`);
  else if (choice.kind === "address") {
    await syncFinding(
      session,
      "SOURCE_CHANGED",
      `The data read before at ${choice.address} are gone: that sheet was renamed or deleted. Read the data again.`,
    );
  } else
    await syncFinding(
      session,
      "SHEET_NOT_FOUND",
      `The sheet "${choice.kind === "used" ? (choice.sheetName ?? "") : ""}" was not found in this workbook.`,
    );

  const state: WorkbookState = {
    sheets: sheets.items.map((s) => ({ id: s.id, name: s.name })),
    tables: tables.items.map((t) => ({ name: t.name, sheetId: t.worksheet.id })),
    ownership: parseOwnership(owned.isNullObject ? null : owned.value),
  };
  if (range.isNullObject) throw new WorkbookError("NO_DATA", `The sheet "${sheet.name}" is empty.`);
  let tableName = table?.name;
  let rect = { row: range.rowIndex, column: range.columnIndex, rows: range.rowCount, columns: range.columnCount };
  if (choice.kind === "address") {
    // A pinned address is a table's only when it is the table's whole range: a part of a table, or
    // a table that has grown since the preview, is read as the range it is.
    if (inTables && inTables.items.length > 0) {
      const candidates = inTables.items.map((t) => ({
        name: t.name,
        range: workbook.tables.getItem(t.name).getRange().load("rowIndex,columnIndex,rowCount,columnCount"),
      }));
      await session.sync();
      tableName = candidates.find((c) => sameRect(c.range, rect))?.name;
    }
  } else if (inTables && inTables.items.length > 0) {
    // A selection inside an Excel table means that table, whatever lies around it.
    const around = workbook.tables.getItem(inTables.items[0].name).load("name");
    const tableRange = around.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    await session.sync();
    tableName = around.name;
    rect = { row: tableRange.rowIndex, column: tableRange.columnIndex, rows: tableRange.rowCount, columns: tableRange.columnCount };
  }
  return { source: { sheetId: sheet.id, sheetName: sheet.name, tableName, ...rect }, state };
}

/** The header a preview shows: the header row's texts, or the column letters when the data have none. */
export function shownHeader(
  source: SourceRect,
  head: Cell[][],
  detection: Detection = detectColumns(head, { hasHeader: source.tableName ? true : undefined }),
): string[] {
  return detection.hasHeader ? detection.header : head[0].map((_, j) => columnLetters(source.column + j));
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
      if (count === 1)
        throw new WorkbookError(
          "READ_TOO_LARGE",
          `Row ${row + 1} alone is more than Excel can return in one request. Select only the sales data.`,
        );
      count = Math.ceil(count / 2);
    }
  }
}

/** Locates the source and reads its first rows (two or three syncs); a pinned address must still show the header given with it. */
export async function readHead(session: Session, choice: SourceChoice, ownershipKey = OWNERSHIP_KEY): Promise<SourceHead> {
  const { source, state } = await locate(session, choice, ownershipKey);
  const workbook = session.context.workbook;
  const tier = state.ownership.tierColumns;
  const tierSheetExists = !!tier && state.sheets.some((s) => s.id === tier.sheetId);
  let tierHeader: Excel.Range | undefined;
  const headRows = Math.max(1, Math.min(source.rows, HEAD_ROWS, Math.floor(READ_CELLS / source.columns)));
  const head = await readChunk(session, source, source.row, headRows, () => {
    if (tier && tierSheetExists && tier.headers.length > 0) {
      tierHeader = workbook.worksheets
        .getItem(tier.sheetId)
        .getRangeByIndexes(tier.headerRow, tier.firstColumn, 1, tier.headers.length)
        .load("values");
    }
  });

  // Title lines above the header: the source starts at the header.
  const titles = source.tableName ? 0 : Math.max(0, findHeaderRow(head));
  const top = source.row + titles;
  const ownTierPresent = !!tier && !!tierHeader && tierHeader.values[0].every((v, j) => sameText(v, tier.headers[j]));
  const ownTierAtEdge =
    ownTierPresent &&
    !!tier &&
    tier.sheetId === source.sheetId &&
    tier.headerRow === top &&
    tier.firstColumn > source.column &&
    tier.firstColumn + tier.headers.length === source.column + source.columns;
  const columns = ownTierAtEdge && tier ? tier.firstColumn - source.column : source.columns;
  const rows: Cell[][] = head.slice(titles).map((row) => (columns < row.length ? row.slice(0, columns) : row));
  if (rows.every((row) => row.every((v) => v === "" || v === null))) {
    if (choice.kind === "address")
      throw new WorkbookError(
        "SOURCE_CHANGED",
        `The data read before at ${choice.address} are gone: the range is empty now. Read the data again.`,
      );
    throw new WorkbookError("NO_DATA", "No data found: select a cell inside the sales data, or pick a table or sheet.");
  }
  const located = { ...source, row: top, rows: source.rows - titles, columns };
  if (choice.kind === "address" && choice.header) {
    const now = shownHeader(located, rows);
    const expected = choice.header;
    if (now.length !== expected.length || now.some((h, j) => h !== expected[j])) {
      throw new WorkbookError(
        "SOURCE_CHANGED",
        `The data at ${choice.address} have changed since they were read: the header is now "${now.join(", ")}", not "${expected.join(", ")}". Read the data again.`,
      );
    }
  }
  return { source: located, head: rows, ownTierPresent, ownTierAtEdge, state };
}

/** The whole source of a run: its head, then the rest in budgeted chunks, reporting the rows read. */
export async function readSource(
  session: Session,
  choice: SourceChoice,
  onRows: (rowsRead: number, totalRows: number) => void,
  ownershipKey = OWNERSHIP_KEY,
): Promise<{ head: SourceHead; table: Cell[][] }> {
  const head = await readHead(session, choice, ownershipKey);
  const total = head.source.rows;
  onRows(head.head.length, total);
  const table = await readRest(session, head.source, head.head, (read) => onRows(read, total));
  session.throwIfAborted();
  return { head, table };
}

/** All rows of a rectangle (the add-in's own tier columns), in budgeted chunks; `alsoLoad` is queued with the first. */
export async function readRect(session: Session, rect: SourceRect, alsoLoad?: () => void): Promise<Cell[][]> {
  const first = await readChunk(
    session,
    rect,
    rect.row,
    Math.max(1, Math.min(rect.rows, HEAD_ROWS, Math.floor(READ_CELLS / rect.columns))),
    alsoLoad,
  );
  return readRest(session, rect, first, () => undefined);
}

/** Reads the rest of the source after `head`, one sync per chunk held to the byte and cell budget. */
async function readRest(session: Session, source: SourceRect, head: Cell[][], onRows: (rowsRead: number) => void): Promise<Cell[][]> {
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
