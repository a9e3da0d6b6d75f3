/**
 * Shared data shapes of the analytics core. Every door (formula, task pane, command line) goes
 * through these, which is what keeps their numbers identical.
 *
 * Dates are whole day numbers: days since 1899-12-30, which equals the Excel 1900-system serial for
 * every date from 1900-03-01 on (see dates.ts for the 1900 leap-year bug and the 1904 system).
 */

export type Lang = "zh" | "en" | "zh-en";

/** A raw cell as Excel or a file gives it. */
export type Cell = string | number | boolean | null | undefined;

/** The roles a column of a sales table can play. */
export type ColumnRole =
  | "customer"
  | "date"
  | "amount"
  | "order"
  | "quantity"
  | "price"
  | "cost"
  | "profit";

/** 0-based column index per role; absent roles are undefined. */
export type ColumnMapping = Partial<Record<ColumnRole, number>>;

/**
 * Clean transactions in columnar form (one entry per usable input row), so a million rows stay
 * compact and fast to scan.
 */
export interface Transactions {
  /** Trimmed customer id as text. */
  customer: string[];
  /** Day number (days since 1899-12-30). */
  day: Float64Array;
  /** Net amount of the line; negative for returns. */
  amount: Float64Array;
  /** Order id as text, or undefined when there is no order column (each row is then one order). */
  order?: string[];
  /** Cost of the line, when a cost column (or profit column) was mapped; NaN where blank. */
  cost?: Float64Array;
  /** 1-based row number in the source sheet (header is row 1), for messages and alignment. */
  sourceRow: Int32Array;
}

/** Why an input row could not be used. */
export type RejectReason =
  | "BLANK_CUSTOMER"
  | "BAD_DATE"
  | "MISSING_DATE"
  | "BAD_AMOUNT"
  | "MISSING_AMOUNT"
  | "BAD_QUANTITY"
  | "BAD_PRICE"
  | "BAD_COST";

export interface RejectedRow {
  /** 1-based row number in the source sheet (header is row 1). */
  row: number;
  reason: RejectReason;
  /** Human-readable explanation naming the column and the value. */
  message: string;
  /** The raw cells of the row, unchanged. */
  values: Cell[];
}

/** Per-customer quantities of METHODS.md §1.2. */
export interface CustomerSummary {
  id: string;
  /** Day number of the first / last purchase; null when the customer has no purchase (N = 0). */
  first: number | null;
  last: number | null;
  /** Distinct orders of any sign in the window. */
  orders: number;
  /** N: orders with positive net value after rounding. */
  purchases: number;
  /** Net of returns, rounded to `decimals`. */
  monetary: number;
  /** Σ(amount − cost) when cost is known, else NaN. */
  grossProfit: number;
  /** asOf − last; null when N = 0. */
  recencyDays: number | null;
  /** asOf − first; null when N = 0. */
  tenureDays: number | null;
  /** false for NO_PURCHASE customers (only returns, or nothing in the window). */
  active: boolean;
}

export interface SummaryResult {
  /** Customers in order of first appearance in the input. */
  customers: CustomerSummary[];
  asOf: number;
  /** Rows dated after asOf (ignored, reported). */
  futureRows: number;
  /** Rows dated before the optional window start (ignored, reported). */
  beforeWindowRows: number;
}
