/**
 * Every string the task pane shows, in English (`en`, whose type is `Strings`), and the types the
 * strings are keyed by. The Chinese table (i18n-zh.ts) is typed as `Strings`, so a key missing from
 * either language fails the type check.
 */
import { warningText } from "../core/report/messages";
import type { ColumnRole, OutputLang, RejectReason, Scheme, Warning } from "../core/types";
import type { WorkbookErrorCode } from "../excel/session";
import type { ClvTimeUnit, HughesExample, OutputChoice, RunStage } from "../excel/types";
import { ANALYSES_EN } from "./i18n-analyses";
import { CLV_EN } from "./i18n-clv";

/** The pane speaks the outputs' languages. */
export type UiLang = OutputLang;

/** The pane's two jobs, switched by the tabs at the top. */
export type Job = "segments" | "clv" | "analyses";

/** Output sheets listed under the results, besides the segment sheets. */
export type SheetKind = "customers" | "summary" | "issues";

/** Roles offered in the mapping step, in display order. */
export const MAPPED_ROLES: readonly ColumnRole[] = ["customer", "date", "amount", "quantity", "price", "order", "cost", "profit"];

export const en = {
  locale: "en-US",
  appTitle: "CRM Segments",
  subtitles: {
    segments: "Turn a sheet of sales transactions into customer value classes.",
    clv: "Predict each customer's purchases and value from the sales transactions.",
    analyses: "Matrices, lifecycle, loyalty, profit cascade and migration CLV.",
  } as Record<Job, string>,
  language: "Language",
  jobsLabel: "Task",
  jobs: { segments: "Segments", clv: "CLV model", analyses: "Analyses" } as Record<Job, string>,
  an: ANALYSES_EN,
  clv: CLV_EN,
  langNames: { zh: "中文", en: "English" } as Record<UiLang, string>,
  stepNames: ["Data", "Columns", "Options"],
  stepsLabel: "Steps",

  dataHeading: "Choose the data",
  sourceLabel: "Where are the sales transactions?",
  sourceRegion: "Current region around the selection",
  sourceTable: "An Excel table",
  sourceUsed: "Used range of the active sheet",
  tableLabel: "Table",
  tablePlaceholder: "Choose a table",
  noTables: "This workbook has no Excel tables.",
  readData: "Read the data",
  sampleHint: "First time here? Insert a demo sales sheet and try it at once.",
  insertSample: "Insert sample data",
  sampleInserted: (sheet: string, rows: number) => `Added the sheet “${sheet}” with ${rows.toLocaleString("en-US")} sample rows.`,
  sourceSummary: (address: string, rows: number) => `${address} · ${rows.toLocaleString("en-US")} data rows`,
  headerDetected: "Header row detected:",
  noHeader: "No header row detected: columns are named by their letters.",
  loading: "Reading…",

  columnsHeading: "Map the columns",
  columnsIntro: "Check what each column holds. Customer, order date and amount (or quantity × unit price) are required.",
  roles: {
    customer: "Customer ID",
    date: "Order date",
    amount: "Amount",
    quantity: "Quantity",
    price: "Unit price",
    order: "Order ID",
    cost: "Cost",
    profit: "Gross profit",
  } as Record<ColumnRole, string>,
  notUsed: "(not used)",
  origin: {
    header: "detected from header",
    values: "detected from values",
    remembered: "remembered from last run",
    user: "chosen by you",
    none: "not found",
  },
  columnOption: (letter: string, header: string) => (header === letter ? letter : `${letter} · ${header || "(no header)"}`),
  previewHeading: "First rows",
  previewCaption: (shown: number, total: number) => `First ${shown} of ${total.toLocaleString("en-US")} data rows`,
  needCustomer: "Choose the customer ID column.",
  needDate: "Choose the order date column.",
  needAmount: "Choose the amount column, or both quantity and unit price.",
  listSeparator: ", ",
  colon: ": ",
  duplicateColumn: (column: string, roles: string) => `Column ${column} is used for more than one role (${roles}).`,

  optionsHeading: "Options",
  scheme: "Segment scheme",
  schemes: {
    W11: {
      name: "W11 · 11 named segments",
      desc: "Champions … Lost on a grid of recency × average of frequency and monetary scores. Recommended.",
    },
    W10: { name: "W10 · 10 segments", desc: "The same grid by recency × frequency only; spending is not used." },
    CN8: {
      name: "CN8 · 8 Chinese RFM classes",
      desc: "Important value … General win-back: recency, frequency and spending each compared with the customer average (or median).",
    },
  } as Record<Scheme, { name: string; desc: string }>,
  center: "CN8 centre",
  centerMean: "Mean",
  centerMedian: "Median (robust to a few big spenders)",
  method: "Scoring method",
  methodQuantile: "Quantiles (default; equal values get equal scores)",
  methodNtile: "Equal counts (NTILE) — not tie-safe",
  ntileHint: "Not tie-safe: customers with equal values may get different scores.",
  asOf: "As-of date",
  asOfHint: "Leave blank to use the latest date in the data (never today).",
  asOfPlaceholder: "e.g. 2024-06-30",
  asOfError: "Enter a date such as 2024-06-30 (year first, so day and month cannot be mixed up).",
  abcCuts: "ABC cuts (cumulative share of revenue)",
  abcA: "A up to",
  abcB: "B up to",
  abcError: "The cuts must satisfy 0 < A < B ≤ 1.",
  pyramidCuts: "Pyramid cuts (cumulative share of customers)",
  pyramidTier: (n: number) => `Tier ${n} up to`,
  pyramidError: "The cuts must satisfy 0 < tier 1 < tier 2 < tier 3 < 1.",
  outputs: "Write to the workbook",
  outputNames: {
    tierColumns: "Tier columns next to the data",
    customers: "Customers sheet",
    segmentSheets: "One sheet per segment",
    summary: "Summary sheet with charts",
    issues: "Issues sheet (rejected rows)",
  } as Record<keyof OutputChoice, string>,
  noOutputs: "Choose at least one output.",

  next: "Next",
  back: "Back",
  run: "Run",
  cancel: "Cancel",
  cancelling: "Cancelling…",
  newRun: "Segment again",
  changeOptions: "Change options",

  progressLabel: "Segmentation progress",
  stages: { read: "Reading the data", analyze: "Scoring customers", write: "Writing the results", done: "Done" } as Record<
    RunStage,
    string
  >,
  progressText: (stage: string, percent: number) => `${stage} · ${percent}%`,
  cancelled: "Cancelled. The workbook is as it was before the run.",
  cancelTooLate: "The results were already in the workbook when Cancel arrived; they are complete.",

  resultsHeading: "Results",
  resultsSummary: (customers: number, rows: number) =>
    `${customers.toLocaleString("en-US")} customers from ${rows.toLocaleString("en-US")} rows`,
  colSegment: "Segment",
  colCustomers: "Customers",
  colShareCustomers: "% cust.",
  colShareRevenue: "% revenue",
  openSheetAria: (sheet: string) => `Go to sheet ${sheet}`,
  total: "Total",
  sheetsHeading: "Sheets written",
  sheetKinds: { customers: "Customers", summary: "Summary", issues: "Issues" } as Record<SheetKind, string>,
  warningsHeading: "Check these",
  /** The core and src/excel write their warnings in English, with the numbers and columns concerned. */
  warningText: (warning: Warning) => warningText(warning, "en"),
  issuesHeading: "Rejected rows",
  issuesCount: (n: number) => (n === 1 ? "1 row could not be used." : `${n.toLocaleString("en-US")} rows could not be used.`),
  issuesNone: "All rows were usable.",
  issuesFirst: (n: number) => `First ${n}:`,
  colRow: "Row",
  colReason: "Reason",
  reasons: {
    BLANK_CUSTOMER: "Customer ID is blank",
    BAD_DATE: "Date is not a date",
    MISSING_DATE: "Date is blank",
    BAD_AMOUNT: "Amount is not a number",
    MISSING_AMOUNT: "Amount is blank",
    BAD_QUANTITY: "Quantity is not a number",
    BAD_PRICE: "Unit price is not a number",
    BAD_COST: "Cost is not a number",
    TOTALS_ROW: "Totals row, not a sale",
  } as Record<RejectReason, string>,
  openIssues: "Open the issues sheet",

  clvStepNames: ["Data", "Columns", "Assumptions"],
  assumptionsHeading: "Model assumptions",
  assumptionsIntro:
    "The BG/NBD model learns how often customers buy and when they stop from the purchases up to the calibration end; Gamma-Gamma learns how much they spend. Later purchases check the predictions.",
  calibrationEnd: "Calibration end date",
  calibrationEndHint:
    "Required. A date inside your data, not today: leave about the last quarter of the data's time span after it, so the model's predictions can be checked.",
  calibrationEndMissing: "Enter the calibration end date.",
  holdoutEnd: "Holdout end date (optional)",
  holdoutEndHint: "Usually the last date in the data. Blank: the check covers the calibration period only, and later rows are left out.",
  holdoutNotAfter: "The holdout end must be after the calibration end.",
  unit: "Time unit of the model",
  units: { day: "Days", week: "Weeks (default)", month: "Months" } as Record<ClvTimeUnit, string>,
  margin: "Margin",
  marginHint: "Enter your gross margin, e.g. 0.3. With 1 the CLV is revenue, not profit.",
  marginError: "Enter a share above 0 and at most 1, e.g. 0.3 or 30%.",
  rate: "Annual discount rate",
  rateHint: "e.g. 0.10 for 10% a year.",
  rateError: "Enter a rate from 0 up to (not including) 1, e.g. 0.10 or 10%.",
  horizon: "Horizon (months)",
  horizonHint: "How far ahead the CLV counts.",
  horizonError: "Enter a whole number of months from 1 to 600.",
  buildModel: "Build the model",
  clvProgressLabel: "CLV model progress",
  clvStages: { read: "Reading the data", analyze: "Fitting the models", write: "Writing the model sheet", done: "Done" } as Record<
    RunStage,
    string
  >,
  clvCancelled: "Cancelled. The workbook is as it was.",
  clvCancelTooLate: "The model sheet was already written when Cancel arrived; the results below are complete.",
  clvRunFailed: "The CLV model was not built.",

  clvResultsHeading: "Model results",
  /** The unit codes are English words. */
  clvSummary: (customers: number, rows: number, unit: ClvTimeUnit) =>
    `${customers.toLocaleString("en-US")} customers from ${rows.toLocaleString("en-US")} rows; time unit: ${unit}.`,
  bgnbdHeading: "BG/NBD · purchases and drop-out",
  ggHeading: "Gamma-Gamma · spend per purchase",
  colParameter: "Parameter",
  colEstimate: "Estimate",
  colStdError: "Std. error",
  logLikelihood: "Log-likelihood",
  converged: "Converged",
  yes: "Yes",
  no: "No",
  notConverged: (model: string) => `${model} did not converge`,
  notConvergedText: "Its parameters may be unreliable, and so may the CLV built on them. Check the data, or try another calibration end.",
  customersHeading: "Customers",
  inModel: "In the model",
  ggCustomers: "In the spend model (repeat buyers)",
  noRepeat: "Not in the spend model: no repeat purchase",
  nonPositive: "Not in the spend model: mean spend ≤ 0",
  rejectedRows: "Rows that could not be used",
  rowsAfterEnd: "Rows after the end date, left out",
  firstAfterCalibration: "Customers first buying after the calibration end, left out",
  returnDays: "Days netting below zero: returns, not purchases",
  onlyReturns: "Customers with returns only, left out",
  checkHeading: "Calibration vs holdout",
  checkIntro: (weeks: number, calibrationWeeks: number) =>
    `Cumulative repeat purchases by week ${weeks.toLocaleString("en-US")} of the data; the calibration period ends in week ${calibrationWeeks.toLocaleString("en-US")}.`,
  checkCalibrationOnly: "No holdout end date: this checks the fit within the calibration period only.",
  actual: "Actual",
  predicted: "Predicted",
  difference: "Predicted vs actual",
  modelSheetHeading: "Model sheet",
  modelSheetText:
    "Every customer's P(alive), expected purchases, spend and CLV are live formulas; edit the yellow cells to try other assumptions.",
  openModelSheet: (sheet: string) => `Open “${sheet}”`,
  changeAssumptions: "Change assumptions",
  newModel: "New model",

  hughesHeading: "Cohort lifetime-value table (Hughes)",
  hughesIntro:
    "A year-by-year table for one customer cohort — retention, orders, order size, costs, discounting — as plain Excel formulas you can edit. No sales data needed.",
  hughesExample: "Pre-filled with",
  hughesExamples: {
    weldon: "Weldon Scientific (20,000 customers)",
    special: "Special LTV calculator (200,000 customers, referrals)",
  } as Record<HughesExample, string>,
  insertHughes: "Insert the template",
  inserting: "Inserting…",
  hughesInserted: (sheet: string) => `Added the sheet “${sheet}”.`,
  hughesFailed: "Could not insert the template.",

  previewFailed: "Could not read the data.",
  runFailed: "Segmentation did not finish.",
  sampleFailed: "Could not insert the sample data.",
  activateFailed: "Could not open the sheet.",
  workbookErrors: {
    NO_DATA: "No data there. Select a cell inside your sales data, pick a table, or insert the sample data.",
    TABLE_NOT_FOUND: "That table is no longer in this workbook. Read the data again.",
    SHEET_NOT_FOUND: "That sheet is no longer in this workbook.",
    READ_TOO_LARGE: "The range is too large to read. Select only the sales data.",
    SOURCE_CHANGED:
      "The data have changed since they were read (columns moved, rows inserted above, or other data pasted in). Read the data again and check the columns.",
  } as Record<WorkbookErrorCode, string>,
};

export type Strings = typeof en;
