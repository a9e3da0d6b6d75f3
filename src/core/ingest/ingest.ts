/**
 * A sales sheet (a 2-D array of cells, header first by default) into clean columnar transactions,
 * with every unusable row reported, never dropped.
 *
 * Rules:
 * - Columns come from detectColumns; `mapping` overrides roles one by one (a role set to undefined
 *   is dropped), and a detected role that lands on an overridden column is dropped.
 * - Customer id: text after trimming; a number becomes its shortest text (1001 and "1001" are the
 *   same customer, no ".0"); TRUE/FALSE become "TRUE"/"FALSE" as Excel's TRIM gives them.
 * - Date: dates.ts, with the day/month order of text such as 05/03/2024 decided once for the whole
 *   column from its values (resolveDateOrder), unless `dateOrder` says it.
 * - Amount: the amount column (amounts.ts); without one, quantity × unit price (both then needed).
 *   Negative amounts (returns) are kept.
 * - Cost: the cost column is the line cost; with only a profit column, cost = amount − profit. A
 *   blank cost or profit gives NaN (unknown); an unreadable one rejects the row.
 * - Order id: trimmed text like the customer id; blank stays "" (summary.ts counts such a row as
 *   its own order).
 * - A row whose every cell is blank is skipped and counted; any other row lacking a customer, a
 *   readable date or a readable amount goes to `rejected` with its sheet row number, a reason code,
 *   a message naming the column and the value (all of the row's problems), and its raw cells.
 * - A totals row (合计, Total, or the sum of the amounts above without a customer: table-shape.ts)
 *   goes to `rejected` as TOTALS_ROW, never into the transactions, and a warning lists its rows.
 *
 * Two doors, one ingest: ingest() takes a table of rows, ingestColumns() a table held as columns
 * (the command line's CSV reader parses only the columns it needs, numbers and ISO dates already
 * typed). ingest() parses its rows in one pass, ingestColumns() its columns one by one, both
 * through the same cell rules (ingest-cells.ts) into the same typed arrays; from there both run the
 * same code: one pass keeps the usable rows, moving them up in place. Rows dated by day/month text get their day
 * after that, once the column's order is known (and leave the output if they do not fit it); the
 * messages of rejected rows are written last, from their raw cells. Numbers and ISO text allocate
 * nothing per cell.
 */
import { columnName, detectColumns, detectColumnsIn, REQUIRED_ROLES, type Detection, type TableRows } from "./detect";
import { parseColumnTable, parseRowTable, type IngestColumn } from "./ingest-cells";
import type { Cell, ColumnMapping, ColumnRole } from "../types";
import { IngestError, ingestSource, ROLE_NAMES, type IngestOptions, type IngestResult, type Source } from "./ingest-source";

export type { IngestColumn, TypedColumn } from "./ingest-cells";
export { IngestError } from "./ingest-source";
export type { IngestCounts, IngestOptions, IngestResult } from "./ingest-source";

/** Detected roles with the caller's overrides; column indexes are checked against the width later. */
function finalMapping(detected: ColumnMapping, override: ColumnMapping | undefined, header: string[]): ColumnMapping {
  if (!override) return { ...detected };
  const mapping: ColumnMapping = {};
  const overridden = new Set<number>();
  for (const [role, column] of Object.entries(override) as [ColumnRole, number | undefined][]) {
    if (column === undefined) continue;
    if (!Number.isInteger(column) || column < 0) {
      throw new IngestError(
        "BAD_MAPPING",
        `The mapping puts ${ROLE_NAMES[role]} in column index ${column}, which is not a column index (0, 1, 2, …).`,
        [],
        header,
      );
    }
    if (overridden.has(column)) {
      throw new IngestError(
        "BAD_MAPPING",
        `The mapping puts two roles in column index ${column}; each column can play one role.`,
        [],
        header,
      );
    }
    overridden.add(column);
    mapping[role] = column;
  }
  for (const [role, column] of Object.entries(detected) as [ColumnRole, number][]) {
    if (!(role in override) && !overridden.has(column)) mapping[role] = column;
  }
  return mapping;
}

function requireRoles(mapping: ColumnMapping, header: string[], detection: Detection): void {
  const missing = REQUIRED_ROLES.filter((role) => mapping[role] === undefined);
  const amountFromParts = mapping.quantity !== undefined && mapping.price !== undefined;
  const reallyMissing = missing.filter((role) => !(role === "amount" && amountFromParts));
  if (reallyMissing.length === 0) {
    const ambiguous = detection.ambiguous;
    if (ambiguous && mapping[ambiguous.role] === ambiguous.columns[0]) {
      const names = ambiguous.columns.map((c) => columnName(header, c)).join(" or ");
      throw new IngestError(
        "AMBIGUOUS_COLUMNS",
        `Cannot tell which column is the ${ROLE_NAMES[ambiguous.role]}: ${names} (both look like ids). Map the ${ROLE_NAMES[ambiguous.role]} column.`,
        [ambiguous.role],
        header,
        { columns: ambiguous.columns, mapping, detection },
      );
    }
    return;
  }
  const named = header.filter((h) => h !== "");
  const seen =
    header.length === 0
      ? "The table is empty."
      : detection.hasHeader
        ? named.length > 0
          ? `Headers seen: ${named.map((h) => `"${h}"`).join(", ")}.`
          : "The header row is blank."
        : `No header row was found (the first row holds data), and the values did not reveal these columns.`;
  const what = reallyMissing.map((role) => (role === "amount" ? "amount (or quantity and unit price)" : ROLE_NAMES[role]));
  throw new IngestError(
    "MISSING_COLUMNS",
    `No column found for ${what.join(", ")}. ${seen} Name the columns (e.g. Customer ID / 客户编号, Order Date / 下单日期, Amount / 金额) or map them.`,
    reallyMissing,
    header,
  );
}

/** Reads a sales table into transactions; throws IngestError when a required column is missing. */
export function ingest(table: readonly (readonly Cell[] | undefined)[], options: IngestOptions = {}): IngestResult {
  const date1904 = options.date1904 === true;
  const detection = options.detection ?? detectColumns(table, { hasHeader: options.hasHeader, date1904, given: options.mapping });
  const start = detection.hasHeader ? 1 : 0;
  const header = detection.header.slice();
  const mapping = finalMapping(detection.mapping, options.mapping, header);
  requireRoles(mapping, header, detection);

  let width = header.length;
  for (let r = start; r < table.length; r++) {
    const row = table[r];
    if (row && row.length > width) width = row.length;
  }
  const rowCount = Math.max(0, table.length - start);
  const source: Source = {
    rowCount,
    width,
    row: (i) => table[start + i],
    parse: (columns, ctx, currencies) => parseRowTable(table, start, rowCount, columns, ctx, currencies),
  };
  return ingestSource(source, detection, header, mapping, options, (options.firstRowNumber ?? 1) + start);
}

/**
 * A sales table held as columns: what a file reader gives when it parses only the columns the
 * ingest needs. The rows themselves are rebuilt on demand by `row`, which the ingest calls only for
 * the detection sample (header names and up to 500 rows), for rows it cannot use (to tell a blank
 * row from a rejected one, and for the rejected row's cells) and for any column `columns` lacks.
 */
export interface ColumnarTable {
  /** The header row's cells, or undefined when the table has no header (row 0 is then data). */
  header?: readonly Cell[];
  /** Data rows (below the header). */
  rowCount: number;
  /** Cells in the widest row, header included (a table's width, as ingest() measures it). */
  width: number;
  /**
   * By column index: data cells (index i = data row i) or numbers parsed in advance (TypedColumn).
   * Only the columns the mapping reads are needed; a missing one is rebuilt from `row`.
   */
  columns: readonly (IngestColumn | undefined)[];
  /** The raw cells of data row i (0-based, below the header); undefined for a missing row. */
  row(i: number): readonly Cell[] | undefined;
  /**
   * The columns' arrays are handed over: the ingest may overwrite them and return them as its
   * output (transactions.customer may be `columns[c]` itself), which spares a copy of each.
   */
  reuse?: boolean;
}

/**
 * ingest() for a table held as columns; the result is the one ingest() gives for the same table
 * held as rows (with `hasHeader` set by whether `header` is given). Options as for ingest();
 * firstRowNumber is the sheet row of the header (or of the first data row when there is none).
 */
export function ingestColumns(table: ColumnarTable, options: Omit<IngestOptions, "hasHeader"> = {}): IngestResult {
  const date1904 = options.date1904 === true;
  const head = table.header;
  const rows: TableRows = head
    ? { length: table.rowCount + 1, at: (k) => (k === 0 ? head : table.row(k - 1)) }
    : { length: table.rowCount, at: (k) => table.row(k) };
  const detection = options.detection ?? detectColumnsIn(rows, { hasHeader: head !== undefined, date1904, given: options.mapping });
  const header = detection.header.slice();
  const mapping = finalMapping(detection.mapping, options.mapping, header);
  requireRoles(mapping, header, detection);
  const rebuilt = new Map<number, Cell[]>();
  const column = (c: number): IngestColumn => {
    const given = table.columns[c];
    if (given) return given;
    let cells = rebuilt.get(c);
    if (!cells) {
      cells = new Array<Cell>(table.rowCount);
      for (let i = 0; i < table.rowCount; i++) cells[i] = table.row(i)?.[c];
      rebuilt.set(c, cells);
    }
    return cells;
  };
  const reuse = (c: number) => table.reuse === true || rebuilt.has(c);
  const source: Source = {
    rowCount: table.rowCount,
    width: Math.max(header.length, table.width),
    row: (i) => table.row(i),
    parse: (columns, ctx, currencies) => parseColumnTable(column, reuse, table.rowCount, columns, ctx, currencies),
  };
  return ingestSource(
    source,
    detection,
    header,
    mapping,
    { ...options, hasHeader: head !== undefined },
    (options.firstRowNumber ?? 1) + (head ? 1 : 0),
  );
}
