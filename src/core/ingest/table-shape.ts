/**
 * The shape of a table as exports give it: where its header is below title lines, and which rows
 * are totals rather than sales.
 *
 * Header: among the first 30 rows, the row that best reads as the header of the rows below it: at
 * least two cells, nearly all of them text (not numbers nor dates), names the detection knows
 * (detect.ts) scoring most, and rows below it that look like data (a number or a date, and about
 * as many cells). A report title, a blank line and an "exported on" line above it are passed over.
 *
 * Totals: a row whose customer cell, or a text cell among the first columns, is a totals word
 * (合计, 总计, 小计, Total, Grand Total, Sum, "Total:" …, compared whole after normalizeHeader, so
 * a customer "Total Wine" stays), or a row without a customer nor a date whose amount is the sum of
 * the amounts above it (since the previous totals row, or of all of them). A row that would be a sale
 * (it has a customer, a date and an amount) is a totals row only when both hold: its customer is a
 * totals word and its amount that sum.
 */
import { amountOf } from "./amounts";
import { parseDayText } from "./dates";
import { detectColumns, normalizeHeader, REQUIRED_ROLES } from "./detect";
import type { Cell, RejectedRow, Warning } from "../types";

/** Rows scanned for the header. */
const HEADER_SCAN = 30;
/** Rows below a header candidate looked at. */
const BELOW = 10;

function isBlankCell(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

/** A number, or text that reads as a number or a date. */
function isValueCell(cell: Cell): boolean {
  if (typeof cell === "number") return true;
  if (typeof cell !== "string") return false;
  return !Number.isNaN(amountOf(cell)) || parseDayText(cell) > 0;
}

function filled(row: readonly Cell[] | undefined): number {
  let n = 0;
  if (row) for (const cell of row) if (!isBlankCell(cell)) n++;
  return n;
}

/**
 * Index of the header row among the first rows of `rows`, or -1 when no row reads as a header
 * (the table has none, or it starts with data).
 */
export function findHeaderRow(rows: readonly (readonly Cell[] | undefined)[]): number {
  let best = -1;
  let bestScore = 0;
  const scan = Math.min(rows.length, HEADER_SCAN);
  for (let r = 0; r < scan; r++) {
    const row = rows[r];
    const count = filled(row);
    // The header is above the data: a text row below the first sale (a note, a "void" line) is
    // never taken for it, which would drop the sales above. Metadata lines of two cells
    // ("Exported", a date) are not sales: a sale has a customer, a date and an amount.
    if (count >= 3 && row?.some(isValueCell)) break;
    if (!row || count < 2) continue;
    // Every cell text: a row holding a number or a date is data (looksLikeHeader's rule).
    if (row.some((cell) => !isBlankCell(cell) && (typeof cell !== "string" || isValueCell(cell)))) continue;
    // Rows below: how many look like data of this header.
    let below = 0;
    let data = 0;
    for (let k = r + 1; k < rows.length && below < BELOW; k++) {
      const cells = filled(rows[k]);
      if (cells === 0) continue;
      below++;
      if (cells >= Math.min(2, count) && cells <= count + 2 && rows[k]?.some(isValueCell)) data++;
    }
    const dataShare = below === 0 ? 0 : data / below;
    const detected = detectColumns(rows.slice(r, r + 1 + BELOW), { hasHeader: true });
    let required = 0;
    let other = 0;
    for (const found of Object.values(detected.roles)) if (found?.source === "header") other++;
    for (const role of REQUIRED_ROLES) if (detected.roles[role]?.source === "header") required++;
    other -= required;
    if (dataShare < 0.5 && required < 2) continue;
    const score = 2 * required + 0.5 * other + 3 * dataShare + Math.min(count, 8) / 16;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** Totals words as normalizeHeader leaves them. */
const TOTALS_WORDS: ReadonlySet<string> = new Set([
  "合计",
  "总计",
  "小计",
  "总额",
  "共计",
  "总合计",
  "汇总",
  "合計",
  "總計",
  "小計",
  "總額",
  "共計",
  "彙總",
  "匯總",
  "total",
  "totals",
  "grandtotal",
  "subtotal",
  "subtotals",
  "sum",
  "sumtotal",
  "summe",
  "gesamt",
  "gesamtsumme",
  "totaal",
  "totalgeneral",
  "totale",
  "somme",
]);

/** Whether a cell is a totals word, whole ("Total:", "合 计", "ＴＯＴＡＬ"; not "Total Wine"). */
export function isTotalsWord(cell: Cell): cell is string {
  if (typeof cell !== "string" || cell.length > 24) return false;
  const first = cell.charCodeAt(0);
  // Most customer ids start with none of the words' first letters (nor a space): no normalising for them.
  const maybe =
    first === 84 || first === 116 || first === 83 || first === 115 || first === 71 || first === 103 || first <= 32 || first > 127;
  return maybe && TOTALS_WORDS.has(normalizeHeader(cell));
}

/** Cells looked at for a totals word besides the customer's: the first columns of the row. */
const FIRST_COLUMNS = 3;

export interface TotalsInput {
  /** The rows kept as sales so far, in sheet order: customer keys, amounts, sheet row numbers; `used` of them. */
  customers: readonly string[];
  amounts: ArrayLike<number>;
  rowNumbers: ArrayLike<number>;
  used: number;
  /** Data row indexes (0-based; sheet row firstRowNumber + i) of the rows that cannot be sales, ascending. */
  rejected: readonly number[];
  firstRowNumber: number;
  row(i: number): readonly Cell[] | undefined;
  /** Column indexes of the customer, date and amount (-1: no amount column). */
  customer: number;
  date: number;
  amount: number;
}

export interface TotalsFound {
  /** Indexes into the kept rows. */
  kept: number[];
  /** Data row indexes among `rejected`. */
  rejected: Set<number>;
}

function sameAmount(a: number, sum: number): boolean {
  return Math.abs(a - sum) <= 0.01 + 1e-9 * Math.abs(sum);
}

/** The totals word of a totals row (its customer cell, else one of its first cells), or null. */
function totalsWordOf(row: readonly Cell[], customer: number): string | null {
  if (isTotalsWord(row[customer])) return row[customer] as string;
  for (let c = 0; c < FIRST_COLUMNS; c++) if (isTotalsWord(row[c])) return row[c] as string;
  return null;
}

/** The totals rows among the kept and the rejected rows, walking them in sheet order. */
export function findTotals(t: TotalsInput): TotalsFound {
  const found: TotalsFound = { kept: [], rejected: new Set() };
  // Sums of the sales above: since the previous totals row, and all of them.
  let run = 0;
  let runRows = 0;
  let all = 0;
  let k = 0;
  let j = 0;
  while (k < t.used || j < t.rejected.length) {
    if (j >= t.rejected.length || (k < t.used && t.rowNumbers[k] < t.firstRowNumber + t.rejected[j])) {
      const amount = t.amounts[k];
      // A usable sale is a totals row only when it sums two or more rows above: a customer called
      // "Total" who spends what the one customer above spent stays a customer.
      if (runRows >= 2 && isTotalsWord(t.customers[k]) && (sameAmount(amount, run) || sameAmount(amount, all))) {
        found.kept.push(k);
        run = runRows = 0;
      } else {
        run += amount;
        all += amount;
        runRows++;
      }
      k++;
      continue;
    }
    const i = t.rejected[j++];
    const row = t.row(i);
    if (!row) continue;
    const word = totalsWordOf(row, t.customer) !== null;
    const amount = t.amount >= 0 ? amountOf(row[t.amount]) : NaN;
    const sum =
      !word &&
      runRows >= 2 &&
      isBlankCell(row[t.customer]) &&
      isBlankCell(row[t.date]) &&
      (sameAmount(amount, run) || sameAmount(amount, all));
    if (word || sum) {
      found.rejected.add(i);
      run = runRows = 0;
    }
  }
  return found;
}

/** The rejected row of a totals row. */
export function totalsRow(row: readonly Cell[], rowNumber: number, colCustomer: number): RejectedRow {
  const word = totalsWordOf(row, colCustomer);
  const what = word !== null ? `"${word.trim()}"` : "no customer nor date, and its amount is the sum of the rows above";
  return {
    row: rowNumber,
    reason: "TOTALS_ROW",
    message: `Row ${rowNumber}: a totals row (${what}), left out so that it is not counted as a sale.`,
    values: row.slice(),
  };
}

/** "2 totals rows left out (rows 14, 27)", the first few rows named. */
export function totalsWarning(rejected: readonly RejectedRow[]): Warning {
  const rows = rejected.filter((r) => r.reason === "TOTALS_ROW").map((r) => r.row);
  const shown = rows.slice(0, 5).join(", ") + (rows.length > 5 ? ", …" : "");
  const message = rows.length === 1 ? `1 totals row left out (row ${shown}).` : `${rows.length} totals rows left out (rows ${shown}).`;
  return { code: "TOTALS_ROWS", message, params: { count: rows.length, rows: shown } };
}
