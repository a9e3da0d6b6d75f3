/**
 * What the task pane asks of the workbook layer. src/excel implements it with the Excel API; the
 * pane never calls Excel.* itself.
 */
import type { LoyaltyChoice } from "../core/methods/loyalty-builder";
import type { Measure } from "../core/methods/measures";
import type { CtsDriver } from "../core/methods/profit";
import type { Threshold } from "../core/methods/quadrant";
import type {
  BgNbdParams,
  CalibrationAdvice,
  CalibrationWarning,
  FitResult,
  GammaGammaParams,
  TotalInterval,
  TransactionModelName,
} from "../core/btyd";
import type { AnalyzeOptions, Cell, ColumnMapping, ColumnRole, GroupStat, OutputLang, RejectedRow, Warning } from "../core/types";

/**
 * Where the sales data are: the current region around the selection, an Excel table, the used
 * range, or a pinned address.
 */
export type SourceChoice =
  | { kind: "region" }
  | { kind: "table"; tableName: string }
  | { kind: "used"; sheetName?: string }
  | {
      kind: "address";
      /**
       * `SourcePreview.address` of an earlier preview ("Sales!A1:G2501", "'Sales 2024'!B3:H900"): the
       * run reads exactly this range wherever the selection has moved since. When it is exactly an
       * Excel table's range, it is that table (tier columns become table columns).
       */
      address: string;
      /**
       * `SourcePreview.header` of that preview. When given, a run or preview fails with the
       * WorkbookError SOURCE_CHANGED if the range no longer shows this header (columns moved,
       * rows inserted above, other data pasted in): the mapping chosen for it would read the wrong
       * columns. Pass it whenever the mapping came from that preview.
       */
      header?: string[];
    };

export interface DetectedRole {
  role: ColumnRole;
  /** 0-based column within the source. */
  column: number;
  source: "header" | "values";
}

export interface SourcePreview {
  sheetName: string;
  /** A1 address of the whole source including the header, e.g. "Sales!A1:F2501". */
  address: string;
  /** Present when the source is (or lies inside) an Excel table. */
  tableName?: string;
  header: string[];
  /** First rows below the header, raw, for the mapping preview. */
  rows: Cell[][];
  /** Data rows below the header. */
  totalRows: number;
  detected: DetectedRole[];
  /** Detected mapping (role → 0-based column). */
  mapping: ColumnMapping;
  /** Names of the Excel tables in the workbook, for the source picker. */
  tables: string[];
}

export interface OutputChoice {
  tierColumns: boolean;
  customers: boolean;
  segmentSheets: boolean;
  summary: boolean;
  /** The issues sheet is written whenever rows were rejected and this is true. */
  issues: boolean;
}

export interface RunRequest {
  source: SourceChoice;
  mapping: ColumnMapping;
  analyze: Partial<AnalyzeOptions>;
  lang: OutputLang;
  outputs: OutputChoice;
  date1904?: boolean;
}

export type RunStage = "read" | "analyze" | "write" | "done";

export interface Progress {
  stage: RunStage;
  /**
   * 0..1 over the whole run, strictly increasing from one report to the next (reported per read
   * chunk, after analysis, per write request); exactly 1 only with stage "done", the last report.
   */
  fraction: number;
}

export interface SegmentSummaryRow extends GroupStat {
  label: string;
  color: string;
  /** Name of the sheet holding this segment's customers, when written. */
  sheetName?: string;
}

export interface RunReport {
  segments: SegmentSummaryRow[];
  /** Output sheets written, by role key (e.g. "customers", "summary", "issues", "segment:LOYAL"). */
  sheets: { key: string; name: string }[];
  rejected: { count: number; first: RejectedRow[]; sheetName?: string };
  warnings: Warning[];
  customers: number;
  rows: number;
  /** Excel round trips used (context.sync calls), for diagnostics. */
  syncs: number;
}

/** Remembered in the document's settings between sessions. */
export interface SavedSettings {
  mapping?: ColumnMapping;
  /**
   * The source header (`SourcePreview.header`) `mapping` was made for. A mapping holds column
   * positions only: apply it to a new preview only when that preview's header is the same, else
   * fall back to detection. Absent in settings saved before this field existed.
   */
  header?: string[];
  analyze?: Partial<AnalyzeOptions>;
  outputs?: OutputChoice;
  lang?: OutputLang;
  /** The CLV model's assumptions as last run (dates are not kept: they belong to one data set). */
  clv?: { unit: ClvTimeUnit; margin: number; annualDiscountRate: number; horizonMonths: number };
}

export type ClvTimeUnit = "day" | "week" | "month";

/** The editable assumptions of the CLV model sheet. */
export interface ClvAssumptions {
  /**
   * Share of revenue kept as profit. Default 1: no margin is invented, so the CLV column is a value
   * in revenue until the user types the business's margin into the highlighted cell.
   */
  margin: number;
  /** Default 0.10 (METHODS.md's default discount rate). */
  annualDiscountRate: number;
  /** Whole months, default 12. */
  horizonMonths: number;
}

export interface ClvModelRequest {
  source: SourceChoice;
  /** Customer, date and amount columns (0-based within the source); roles not given are detected. */
  mapping: ColumnMapping;
  /** Last day of the calibration period, inclusive, as a day number (core dates: Excel's 1900 serial). */
  calibrationEnd: number;
  /** Last day of the holdout period, inclusive; without it the check covers the calibration period only. */
  holdoutEnd?: number;
  /** Time unit of the fitted model; default "week". */
  unit?: ClvTimeUnit;
  assumptions?: Partial<ClvAssumptions>;
  lang: OutputLang;
  date1904?: boolean;
  /** Coverage of the prediction intervals written beside the customer formulas, in (0, 1); none without it. */
  intervalLevel?: number;
}

/** Why a model is not a candidate of the comparison (core compare.ts), as a code the pane words. */
export type ClvModelProblem = "noDropout" | "boundary" | "notConverged" | "noStdErrors";

/** One transaction model of the comparison (core compare.ts). */
export interface ClvModelScore {
  model: TransactionModelName;
  title: string;
  parameters: number;
  logLikelihood: number;
  aic: number;
  bic: number;
  /** Mean absolute error of holdout purchases per customer, with a holdout. */
  holdoutMae?: number;
  problem?: ClvModelProblem;
  /** The core's own words for the problem (English), e.g. the optimiser's message. */
  problemText?: string;
}

export interface ClvComparisonReport {
  scores: ClvModelScore[];
  recommended: TransactionModelName;
  /**
   * What decided: the smallest holdout error, a holdout error tied within 1 % with others' and then
   * the lowest BIC, BIC without a holdout, or the fallback when nothing fitted cleanly.
   */
  basis: "holdout" | "holdoutTie" | "bic" | "fallback";
  /** The core's reason (English), kept for the record. */
  reason: string;
}

export interface ClvModelReport {
  /** The model sheet written (the add-in's own, replaced on the next run). */
  sheetName: string;
  bgnbd: FitResult<BgNbdParams>;
  /** Its `excluded` counts customers without a repeat purchase and with mean spend ≤ 0. */
  gammaGamma: FitResult<GammaGammaParams>;
  /** Customers in the model (first purchase on or before the calibration end). */
  customers: number;
  excluded: {
    /** Source rows ingest could not use (no customer, date or amount). */
    rejectedRows: number;
    /** Rows dated after the holdout end (or the calibration end without a holdout). */
    rowsAfterEnd: number;
    /** Customers whose first purchase is after the calibration end. */
    firstAfterCalibration: number;
    /** Customers with returns but no purchase. */
    onlyReturns: number;
    /** Customer-days netting below zero: returns, not purchases. */
    returnDays: number;
  };
  /** Cumulative repeat transactions at the last week of the check, actual and predicted. */
  tracking: { weeks: number; calibrationWeeks: number; actual: number; predicted: number };
  /** All transaction models compared on the same customers; the sheet stays BG/NBD. */
  comparison?: ClvComparisonReport;
  /** The data's date span and the suggested calibration end (core advice.ts). */
  advice?: CalibrationAdvice;
  calibrationWarnings: CalibrationWarning[];
  /** Total expected purchases over the horizon (BG/NBD), with its interval, when intervals were asked for. */
  totalExpected?: TotalInterval;
  /** Intervals were asked for, but the BG/NBD fit has no standard errors to draw from. */
  intervalsUnavailable?: boolean;
  assumptions: ClvAssumptions;
  /** Data rows read. */
  rows: number;
  warnings: Warning[];
  /** Excel round trips used (context.sync calls), for diagnostics. */
  syncs: number;
}

/** Which published example the Hughes template is pre-filled with (METHODS.md §7.6 test vectors 1 and 2). */
export type HughesExample = "weldon" | "special";

/** A pane analysis beyond segments (src/excel/analysis.ts); the same numbers as the CLI command. */
export type AnalysisRequest = {
  source: SourceChoice;
  mapping: ColumnMapping;
  lang: OutputLang;
  date1904?: boolean;
} & (
  | { kind: "matrix"; matrix: { x: Measure; y: Measure; scheme: "VALUE" | "PROFIT" | "SHAPIRO"; xCut?: Threshold; yCut?: Threshold } }
  | { kind: "lifecycle"; lifecycle: { asOf?: number; compareTo: number } }
  | { kind: "loyalty"; loyalty: LoyaltyChoice }
  | { kind: "cascade"; cascade: CascadeChoice }
  | { kind: "migration"; migration: MigrationOptions }
);

/** Profitability cascade (§11): discount and cost-to-serve columns (0-based, as the mapping) or a driver that allocates a total. */
export interface CascadeChoice {
  scheme: "PROFIT" | "SHAPIRO";
  discount?: number;
  costToServe?: { kind: "column"; column: number } | { kind: "driver"; driver: CtsDriver; total: number };
}

/** The migration and event CLV analysis (METHODS §7.7, §7.8; src/excel/analysis-migration.ts). */
export interface MigrationOptions {
  /** Period length of the recency states (core PERIOD_DAYS). */
  period: "MONTH" | "QUARTER" | "YEAR";
  /** K recency states before "lost"; default 4 (the length of `probs` when typed). */
  states?: number;
  /** p_1…p_K as typed; estimated from the data without them. */
  probs?: number[];
  /** Margin per purchase period; without it the data's mean net spend of a purchase period × marginPct. */
  margin?: number;
  /** Share of spend kept as margin; default 1. */
  marginPct?: number;
  /** Contact cost per period; default 0. */
  contactCost?: number;
  /** Discount rate per period; default 0.1. */
  discountRate?: number;
  /** Whole periods; infinite without. */
  horizon?: number;
  asOf?: number;
}

export interface AnalysisReport {
  kind: AnalysisRequest["kind"];
  classes: { code: string; label: string; count: number; color: string; sheetName?: string }[];
  sheets: { key: string; name: string }[];
  summarySheet?: string;
  customers: number;
  classified: number;
  rows: number;
  rejected: number;
  warnings: Warning[];
  syncs: number;
  /** The loyalty builder's AHP consistency, as written on its weights sheet. */
  ahp?: { lambdaMax: number; ci: number; cr: number; consistent: boolean };
  /** The migration analysis: p_k and V_k as run (the sheet recalculates them from then on). */
  migration?: { probs: number[]; values: number[]; margin: number; periodDays: number; asOf: number };
}

export interface WorkbookApi {
  previewSource(choice: SourceChoice): Promise<SourcePreview>;
  /**
   * Cancelling through `signal` before the last request (the commit) has been sent rejects it with
   * an AbortError and leaves the workbook as it was, the previous run's outputs included; a cancel
   * after that is too late and the run resolves, complete.
   */
  runSegmentation(request: RunRequest, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<RunReport>;
  activateSheet(name: string): Promise<void>;
  /** Adds a demo sales sheet (never overwriting a user sheet) and selects its data. */
  insertSampleData(lang: OutputLang): Promise<{ sheetName: string; rows: number }>;
  /**
   * Fits BG/NBD and Gamma-Gamma to the source and writes the live CLV model sheet (replacing the
   * previous one, never a user's sheet). Cancelling through `signal` leaves the workbook as it was,
   * until the last request, which swaps the new model in: a cancel from then on is too late and the
   * run resolves.
   */
  buildClvModel(request: ClvModelRequest, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<ClvModelReport>;
  /** Adds the Hughes cohort lifetime-value template (live Excel formulas) on a new sheet; default example "weldon". */
  insertHughesTemplate(lang: OutputLang, example?: HughesExample): Promise<{ sheetName: string }>;
  runAnalysis(request: AnalysisRequest, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<AnalysisReport>;
  loadSettings(): Promise<SavedSettings | null>;
  saveSettings(settings: SavedSettings): Promise<void>;
}
