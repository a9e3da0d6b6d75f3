/**
 * The cell rules of ingest.ts, applied one column at a time. Both doors of the ingest (a table of
 * rows, and columns such as the command line's CSV reader gives) hand their columns to these same
 * parsers, so a cell means the same thing whichever way it arrives.
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
import type { Cell } from "./types";

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

function isTyped(column: IngestColumn): column is TypedColumn {
  return !Array.isArray(column);
}

/** Excel error values as Office.js and file readers give them. */
const EXCEL_ERRORS = new Set([
  "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!",
  "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
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
    if (cell.charCodeAt(0) === 35 && isExcelError(cell)) return "";
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

/**
 * The parsers return a new array, or with `reuse` the column's own array (a raw column's cells, or
 * a typed column's values) overwritten in place: the caller hands the column over.
 */

/** Key text (keyText) of each of the first n cells. */
export function parseKeys(column: IngestColumn, n: number, reuse: boolean): string[] {
  if (reuse && !isTyped(column)) {
    const cells = column as Cell[];
    for (let i = 0; i < n; i++) cells[i] = keyText(cells[i]);
    return cells as string[];
  }
  const out = new Array<string>(n);
  if (isTyped(column)) {
    const { values, raw } = column;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = keyText(v === v ? v : raw[i]);
    }
  } else for (let i = 0; i < n; i++) out[i] = keyText(column[i]);
  return out;
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
 * Day numbers of the first n cells: numbers are serials, text goes through dates.ts with the
 * column's day/month evidence gathered on the way.
 */
export function parseDays(column: IngestColumn, n: number, ctx: DateContext, reuse: boolean): DayColumn {
  const typed = isTyped(column) ? column : null;
  const days = reuse && typed ? typed.values : new Float64Array(n);
  const result: DayColumn = { days, pairs: null };
  const cells = typed ? typed.raw : (column as readonly Cell[]);
  for (let i = 0; i < n; i++) {
    if (typed) {
      const v = typed.values[i];
      if (v === v) {
        days[i] = v;
        continue;
      }
    }
    const cell = cells[i];
    if (typeof cell === "number") {
      days[i] = !ctx.date1904 && cell >= 61 && cell < 2958466 ? Math.floor(cell) : dayFromSerial(cell, ctx.date1904);
    } else if (typeof cell === "string") {
      const parts = addDateOrderEvidence(ctx.evidence, cell, ctx.firstRowNumber + i);
      if (parts < 0) days[i] = parseDayText(cell, ctx.options);
      else {
        // Kept as packed parts until the column's order is known (dayFromParts after the pass).
        (result.pairs ??= new Uint8Array(n))[i] = 1;
        days[i] = kindOfParts(parts) === PairKind.NEITHER ? DateError.CALENDAR : parts;
      }
    } else days[i] = typeof cell === "boolean" ? DateError.BOOLEAN : DateError.BLANK;
  }
  return result;
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
export const MoneyRank = { AMOUNT: 0, QUANTITY: 0, PRICE: 1, COST: 2 } as const;

/** Amount of a money cell (amounts.ts), or NaN; the currency of text is noted. */
function moneyOf(cell: Cell, info: AmountInfo, currencies: Currencies, row: number, rank: number): number {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : NaN;
  if (typeof cell !== "string") return NaN;
  const value = amountOf(cell, info);
  if (info.currency !== null) currencies.note(info.currency, row, rank);
  return value;
}

/** Amounts of the first n cells (NaN where a cell is not an amount). */
export function parseMoney(column: IngestColumn, n: number, currencies: Currencies, rank: number, reuse: boolean): Float64Array {
  const info: AmountInfo = { currency: null };
  if (isTyped(column)) {
    const { values, raw } = column;
    const out = reuse ? values : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v === v ? v : moneyOf(raw[i], info, currencies, i, rank);
    }
    return out;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = moneyOf(column[i], info, currencies, i, rank);
  return out;
}

export interface CostColumn {
  /** The amount of the cell; NaN where it is blank or unreadable. */
  values: Float64Array;
  /** 1 where the cell is not blank and not an amount (the row is rejected). */
  bad: Uint8Array | null;
}

/** A cost or profit column: blank is allowed (unknown), anything else must be an amount. */
export function parseCost(column: IngestColumn, n: number, currencies: Currencies, reuse: boolean): CostColumn {
  const typed = isTyped(column) ? column : null;
  const values = reuse && typed ? typed.values : new Float64Array(n);
  const result: CostColumn = { values, bad: null };
  const info: AmountInfo = { currency: null };
  const cells = typed ? typed.raw : (column as readonly Cell[]);
  for (let i = 0; i < n; i++) {
    if (typed) {
      const v = typed.values[i];
      if (v === v) {
        values[i] = v;
        continue;
      }
    }
    const cell = cells[i];
    if (isBlank(cell)) {
      values[i] = NaN;
      continue;
    }
    const value = moneyOf(cell, info, currencies, i, MoneyRank.COST);
    values[i] = value;
    if (value !== value) (result.bad ??= new Uint8Array(n))[i] = 1;
  }
  return result;
}
