/**
 * Shared data shapes of the analytics core. Every door (formula, task pane, command line) goes
 * through these, which is what keeps their numbers identical.
 *
 * Dates are whole day numbers: days since 1899-12-30, which equals the Excel 1900-system serial for
 * every date from 1900-03-01 on (see dates.ts for the 1900 leap-year bug and the 1904 system).
 */

/** Label language: Chinese, English, or both ("中文 English") where the sources allow it. */
export type Lang = "zh" | "en" | "zh-en";

/** A language a whole output is written in: workbook texts, headers, messages, the pane. */
export type OutputLang = "zh" | "en";

/** A raw cell as Excel or a file gives it. */
export type Cell = string | number | boolean | null | undefined;

/** The roles a column of a sales table can play. */
export type ColumnRole = "customer" | "date" | "amount" | "order" | "quantity" | "price" | "cost" | "profit";

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
  | "BAD_COST"
  /** A totals or subtotals row (合计, Total), not a sale. */
  | "TOTALS_ROW";

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

/* ----------------------------------------------------------------------------------------------
 * The segmentation pipeline (analyze.ts): summary → RFM → W11 / W10 / CN8 → ABC → pyramid.
 * The CLI, the task pane and the custom functions all consume this one result.
 * -------------------------------------------------------------------------------------------- */

export type Scheme = "W11" | "W10" | "CN8";
export type ScoreMethod = "QUANTILE" | "NTILE" | "BREAKS";
/** CN8 centre: data-derived, or user thresholds [recencyDays, frequency, monetary]. */
export type Center = "MEAN" | "MEDIAN" | "SCOREMEAN" | [number, number, number];
export type AbcMode = "VALUE" | "COUNT";
export type ValueBasis = "REVENUE" | "PROFIT";

export interface AnalyzeOptions {
  /** Day number; default = latest valid date (never today). */
  asOf?: number;
  /** Optional window start (day number, inclusive). */
  from?: number;
  /** Money rounding before ties and thresholds (METHODS.md §1.3); default 2. */
  decimals: number;
  /** The scheme whose segment is the headline `segment` column. */
  scheme: Scheme;
  center: Center;
  method: ScoreMethod;
  bins: number;
  /** BREAKS method: k−1 ascending thresholds per metric. */
  breaks?: { r: number[]; f: number[]; m: number[] };
  /** W11 x-axis: FM (default) or F. */
  xAxis: "FM" | "F";
  abcMode: AbcMode;
  /** VALUE mode: cumulative value cuts (0.8, 0.95); COUNT mode: customer shares (0.2, 0.5). */
  abcCuts: [number, number];
  basis: ValueBasis;
  /** Cumulative customer-count shares of pyramid tiers 1–3. */
  pyramidCuts: [number, number, number];
}

/** Status codes used in place of a segment (labels.json set STATUS). */
export type StatusCode = "NO_PURCHASE" | "UNCLASSIFIED";

export interface CustomerResult extends CustomerSummary {
  /** 1..bins scores; null for NO_PURCHASE customers. */
  r: number | null;
  f: number | null;
  m: number | null;
  /** 100·R + 10·F + M. */
  rfmCode: number | null;
  /** (F + M) / 2, may be x.5. */
  fm: number | null;
  /** W11 / W10 segment codes (labels.json set W11) or a StatusCode. */
  w11: string;
  w10: string;
  /** CN8 code (labels.json set CN8) or a StatusCode. */
  cn8: string;
  /** Code of the headline scheme's segment (one of the three above). */
  segment: string;
  /** ABC class code A/B/C/D (labels.json set ABC). */
  abc: "A" | "B" | "C" | "D";
  /** Pyramid tier code T1..T4 (labels.json set PYRAMID); null for NO_PURCHASE customers. */
  pyramid: "T1" | "T2" | "T3" | "T4" | null;
}

export interface GroupStat {
  /** Label code (segment, ABC class or pyramid tier, or a StatusCode). */
  code: string;
  customers: number;
  /** Share of all customers in the result (0..1). */
  customerShare: number;
  /** Σ monetary (or profit on the PROFIT basis for ABC / pyramid). */
  value: number;
  /** Share of the total positive value (0..1; NaN when the total is ≤ 0). */
  valueShare: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: number;
}

export interface Warning {
  /** Stable code, e.g. NO_VARIATION_R, NET_NEGATIVE, NO_CONCENTRATION, FUTURE_ROWS. */
  code: string;
  /** English text; the UI may translate by code. */
  message: string;
  /** What a translation puts back in (rows, a column, a file), when the text names any. */
  params?: Record<string, string | number>;
}

export interface AnalysisResult {
  options: AnalyzeOptions;
  asOf: number;
  /** In order of first appearance in the input. */
  customers: CustomerResult[];
  /** For each transaction (same index as Transactions), the index of its customer in `customers`. */
  rowCustomer: Int32Array;
  /** Headline scheme's groups in label order, then status groups that occur. */
  segments: GroupStat[];
  abc: {
    /** A, B, C (D on the PROFIT basis), then NO_PURCHASE when some customer has no purchase. */
    classes: GroupStat[];
    /** Σ of positive values (METHODS.md §3.4 T). */
    total: number;
    /** CRM.PARETO at 0.2 on the basis values of active customers. */
    top20Share: number;
    /** Whale-curve indicators (§3.6). */
    peak: number;
    bottom30Loss: number;
  };
  pyramid: GroupStat[];
  /** Customer counts: heatmap[r-1][x-1] for R score r and FM bin (or F) x, active customers only. */
  heatmap: number[][];
  /** QUANTILE cut points per metric (k−1 values), for display. */
  cutPoints: { r: number[]; f: number[]; m: number[] };
  /** CN8 centres actually used (recency days, frequency, monetary); null where undefined. */
  centers: { r: number | null; f: number | null; m: number | null };
  futureRows: number;
  beforeWindowRows: number;
  warnings: Warning[];
}
