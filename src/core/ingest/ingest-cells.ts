/**
 * The cell rules of ingest.ts and the two passes that apply them: parseRowTable reads a table of
 * rows in one pass (every row once), parseColumnTable reads a table held as columns one column at a
 * time. Both call the same rule for each cell (keyText, dayInto, moneyOf, costInto) and fill the same
 * arrays (Parsed), which ingest.ts then turns into transactions, so a cell means the same thing
 * whichever way it arrives.
 *
 * A column is raw cells, or numbers parsed in advance (TypedColumn): a reader that already knows
 * that most cells are plain numbers or ISO dates stores them as doubles and keeps the raw cell only
 * where it did not parse, and the parsers judge those by the raw-cell rules.
 */
import { amountOf, type AmountInfo } from "./amounts";
import {
  addDateOrderEvidence,
  DateError,
  dayFromSerial,
  kindOfParts,
  PairKind,
  parseDayText,
  type DateOptions,
  type DateOrderEvidence,
} from "./dates";
import type { Cell } from "../types";

/**
 * A column of numbers parsed in advance. `values[i]` is what the role's rule gives the cell (the
 * day number for a date column, the amount for a money column, never ±Infinity), or NaN where the
 * reader left the cell to the ingest: `raw[i]` is then the cell itself (absent = blank).
 */
export interface TypedColumn {
  values: Float64Array;
  raw: readonly Cell[];
}

/** A column handed to the ingest: raw cells (row i at index i), or typed. */
export type IngestColumn = readonly Cell[] | TypedColumn;

/** Reads the cells of a raw or typed column (one class, so the loops over it stay monomorphic). */
class ColumnCells {
  /** A typed column's values, else null. */
  readonly values: Float64Array | null;
  /** The raw cells (of a typed column: meaningful where values[i] is NaN). */
  readonly cells: readonly Cell[];

  constructor(column: IngestColumn) {
    const typed = Array.isArray(column) ? null : (column as TypedColumn);
    this.values = typed ? typed.values : null;
    this.cells = typed ? typed.raw : (column as readonly Cell[]);
  }
}

/** Excel error values as Office.js and file readers give them. */
const EXCEL_ERRORS = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
  "#PYTHON!",
]);

export function isExcelError(cell: Cell): boolean {
  return typeof cell === "string" && cell.charCodeAt(0) === 35 && EXCEL_ERRORS.has(cell.trim().toUpperCase());
}

export function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || cell === "" || (typeof cell === "string" && cell.trim() === "");
}

export function isBlankRow(row: readonly Cell[]): boolean {
  for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) return false;
  return true;
}

/** Key text of a customer or order cell; "" when blank or an Excel error. */
export function keyText(cell: Cell): string {
  if (typeof cell === "string") {
    // Most ids start and end with a printable ASCII character other than #: nothing to trim.
    const first = cell.charCodeAt(0);
    const last = cell.charCodeAt(cell.length - 1);
    if (first > 35 && first < 127 && last > 32 && last < 127) return cell;
    if (first === 35 && isExcelError(cell)) return "";
    return cell.trim();
  }
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return "";
}

/** A cell as shown in a message: text in quotes, numbers as they are. */
export function showCell(cell: Cell): string {
  if (typeof cell === "string") return JSON.stringify(cell.length > 60 ? `${cell.slice(0, 57)}...` : cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell);
}

/** What a pass over a date column needs and leaves behind. */
export interface DateContext {
  date1904: boolean;
  /** Options for parseDayText (the order matters only to day/month text, which is kept apart). */
  options: DateOptions;
  /** Day/month evidence of the column, added to in row order. */
  evidence: DateOrderEvidence;
  /** Sheet row number of cell 0, for the evidence's examples. */
  firstRowNumber: number;
}

export interface DayColumn {
  /** Day number, a negative DateError code, or (where `pairs` says) packed day/month parts. */
  days: Float64Array;
  /** 1 where the cell is day/month text, dated by dayFromParts once the column's order is known. */
  pairs: Uint8Array | null;
}

/**
 * Day number of date cell i into `out`: numbers are serials, text goes through dates.ts with the
 * column's day/month evidence gathered on the way (cells must come in row order).
 */
function dayInto(out: DayColumn, i: number, cell: Cell, ctx: DateContext): void {
  if (typeof cell === "number") {
    out.days[i] = !ctx.date1904 && cell >= 61 && cell < 2958466 ? Math.floor(cell) : dayFromSerial(cell, ctx.date1904);
  } else if (typeof cell === "string") {
    const parts = addDateOrderEvidence(ctx.evidence, cell, ctx.firstRowNumber + i);
    if (parts < 0) out.days[i] = parseDayText(cell, ctx.options);
    else {
      // Kept as packed parts until the column's order is known (dayFromParts after the pass).
      (out.pairs ??= new Uint8Array(out.days.length))[i] = 1;
      out.days[i] = kindOfParts(parts) === PairKind.NEITHER ? DateError.CALENDAR : parts;
    }
  } else out.days[i] = typeof cell === "boolean" ? DateError.BOOLEAN : DateError.BLANK;
}

/**
 * The currencies seen in money cells, in the order a row-by-row reading meets them (row by row;
 * within a row amount or quantity, then price, then cost), whatever order the columns are read in.
 */
export class Currencies {
  private readonly first = new Map<string, number>();

  note(currency: string, row: number, rank: number): void {
    const key = row * 3 + rank;
    const seen = this.first.get(currency);
    if (seen === undefined || key < seen) this.first.set(currency, key);
  }

  get size(): number {
    return this.first.size;
  }

  list(): string[] {
    return [...this.first].sort((a, b) => a[1] - b[1]).map(([currency]) => currency);
  }
}

/** Rank of a money column within a row, for Currencies. */
const MoneyRank = { AMOUNT: 0, QUANTITY: 0, PRICE: 1, COST: 2 } as const;

/** Amount of money cell i (amounts.ts), or NaN; the currency of text is noted. */
function moneyOf(cell: Cell, info: AmountInfo, currencies: Currencies, i: number, rank: number): number {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : NaN;
  if (typeof cell !== "string") return NaN;
  const value = amountOf(cell, info);
  if (info.currency !== null) currencies.note(info.currency, i, rank);
  return value;
}

export interface CostColumn {
  /** The amount of the cell; NaN where it is blank or unreadable. */
  values: Float64Array;
  /** 1 where the cell is not blank and not an amount (the row is rejected). */
  bad: Uint8Array | null;
}

/** Cost (or profit) cell i into `out`: blank is allowed (unknown), anything else must be an amount. */
function costInto(out: CostColumn, i: number, cell: Cell, info: AmountInfo, currencies: Currencies): void {
  if (isBlank(cell)) {
    out.values[i] = NaN;
    return;
  }
  const value = moneyOf(cell, info, currencies, i, MoneyRank.COST);
  out.values[i] = value;
  if (value !== value) (out.bad ??= new Uint8Array(out.values.length))[i] = 1;
}

/** The column of each role the ingest reads; −1 when absent (cost: the cost column, else the profit column). */
export interface ReadColumns {
  customer: number;
  date: number;
  /** Without an amount column, the amount is quantity × price. */
  amount: number;
  quantity: number;
  price: number;
  cost: number;
  order: number;
}

/** Every column the ingest reads, parsed, per data row; the arrays become the output. */
export interface Parsed {
  /** keyText of the customer cell ("" = none). */
  customers: string[];
  dates: DayColumn;
  /** NaN where the amount (or quantity or price) is not an amount. */
  amounts: Float64Array;
  cost: CostColumn | null;
  /** keyText of the order cell, when there is an order column. */
  orders: string[] | undefined;
}

/** The row door: one pass over the rows below `start`, every row read once. */
export function parseRowTable(
  table: readonly (readonly Cell[] | undefined)[],
  start: number,
  n: number,
  col: ReadColumns,
  ctx: DateContext,
  currencies: Currencies,
): Parsed {
  const customers = new Array<string>(n);
  const dates: DayColumn = { days: new Float64Array(n), pairs: null };
  const amounts = new Float64Array(n);
  const cost: CostColumn | null = col.cost >= 0 ? { values: new Float64Array(n), bad: null } : null;
  const orders = col.order >= 0 ? new Array<string>(n) : undefined;
  const info: AmountInfo = { currency: null };
  for (let i = 0; i < n; i++) {
    const row = table[start + i];
    if (!row) {
      // A missing row: every cell blank.
      customers[i] = "";
      dates.days[i] = DateError.BLANK;
      amounts[i] = NaN;
      if (cost) cost.values[i] = NaN;
      if (orders) orders[i] = "";
      continue;
    }
    customers[i] = keyText(row[col.customer]);
    dayInto(dates, i, row[col.date], ctx);
    amounts[i] =
      col.amount >= 0
        ? moneyOf(row[col.amount], info, currencies, i, MoneyRank.AMOUNT)
        : moneyOf(row[col.quantity], info, currencies, i, MoneyRank.QUANTITY) *
          moneyOf(row[col.price], info, currencies, i, MoneyRank.PRICE);
    if (cost) costInto(cost, i, row[col.cost], info, currencies);
    if (orders) orders[i] = keyText(row[col.order]);
  }
  return { customers, dates, amounts, cost, orders };
}

/**
 * The column door: each column in turn. With `reuse(c)` the column's own array (a raw column's
 * cells, or a typed column's values) is overwritten in place and returned: the caller handed it over.
 */
export function parseColumnTable(
  column: (c: number) => IngestColumn,
  reuse: (c: number) => boolean,
  n: number,
  col: ReadColumns,
  ctx: DateContext,
  currencies: Currencies,
): Parsed {
  const customers = parseKeys(column(col.customer), n, reuse(col.customer));
  const dates = parseDays(column(col.date), n, ctx, reuse(col.date));
  let amounts: Float64Array;
  if (col.amount >= 0) amounts = parseMoney(column(col.amount), n, currencies, MoneyRank.AMOUNT, reuse(col.amount));
  else {
    amounts = parseMoney(column(col.quantity), n, currencies, MoneyRank.QUANTITY, reuse(col.quantity));
    const prices = parseMoney(column(col.price), n, currencies, MoneyRank.PRICE, false);
    for (let i = 0; i < n; i++) amounts[i] *= prices[i];
  }
  const cost = col.cost >= 0 ? parseCost(column(col.cost), n, currencies, reuse(col.cost)) : null;
  const orders = col.order >= 0 ? parseKeys(column(col.order), n, reuse(col.order)) : undefined;
  return { customers, dates, amounts, cost, orders };
}

function parseKeys(column: IngestColumn, n: number, reuse: boolean): string[] {
  if (reuse && Array.isArray(column)) {
    const cells = column as Cell[];
    for (let i = 0; i < n; i++) cells[i] = keyText(cells[i]);
    return cells as string[];
  }
  const out = new Array<string>(n);
  const { values, cells } = new ColumnCells(column);
  for (let i = 0; i < n; i++) {
    if (values !== null) {
      const v = values[i];
      if (v === v) {
        out[i] = keyText(v);
        continue;
      }
    }
    out[i] = keyText(cells[i]);
  }
  return out;
}

function parseDays(column: IngestColumn, n: number, ctx: DateContext, reuse: boolean): DayColumn {
  const { values, cells } = new ColumnCells(column);
  const out: DayColumn = { days: reuse && values !== null ? values : new Float64Array(n), pairs: null };
  const days = out.days;
  for (let i = 0; i < n; i++) {
    if (values !== null) {
      const v = values[i];
      if (v === v) {
        days[i] = v;
        continue;
      }
    }
    dayInto(out, i, cells[i], ctx);
  }
  return out;
}

function parseMoney(column: IngestColumn, n: number, currencies: Currencies, rank: number, reuse: boolean): Float64Array {
  const { values, cells } = new ColumnCells(column);
  const out = reuse && values !== null ? values : new Float64Array(n);
  const info: AmountInfo = { currency: null };
  for (let i = 0; i < n; i++) {
    if (values !== null) {
      const v = values[i];
      if (v === v) {
        out[i] = v;
        continue;
      }
    }
    out[i] = moneyOf(cells[i], info, currencies, i, rank);
  }
  return out;
}

function parseCost(column: IngestColumn, n: number, currencies: Currencies, reuse: boolean): CostColumn {
  const { values, cells } = new ColumnCells(column);
  const out: CostColumn = { values: reuse && values !== null ? values : new Float64Array(n), bad: null };
  const info: AmountInfo = { currency: null };
  for (let i = 0; i < n; i++) {
    if (values !== null) {
      const v = values[i];
      if (v === v) {
        out.values[i] = v;
        continue;
      }
    }
    costInto(out, i, cells[i], info, currencies);
  }
  return out;
}
