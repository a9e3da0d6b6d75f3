/// <reference types="custom-functions-runtime" />
/**
 * Argument handling of the probabilistic-model functions (CRM.BTYDDATA … CRM.SBGDERL). They are
 * declared in btyd-fit.ts, btyd-predict.ts and btyd-discrete.ts; the models are in
 * src/core/btyd. Here: the model, unit and period options, parameter ranges (a plain row of numbers
 * or a fit spill with names), per-customer ranges aligned row by row, and the fit spill layout.
 */
import {
  DAYS_PER_MONTH,
  DAYS_PER_YEAR,
  daysPerUnit,
  fitGammaGamma,
  TRANSACTION_MODELS,
  transactionModel,
  type FitResult,
  type TimeUnit,
  type TransactionModelName,
} from "../core/btyd";
import { CrmError, isCrmError, naError, numError, valueError } from "../core/errors";
import type { Cell } from "../core/types";
import { cells, isBlank, matrix, numberFromText, numberOrBlank, optionalChoice, optionalDay, toExcelError } from "./coerce";

export type TransactionModel = TransactionModelName;
export type ModelKey = TransactionModel | "gammagamma" | "bgbb" | "sbg";
export type Params = Record<string, number>;

/** Parameter names, in the order a plain row of numbers gives them and the fit spills list them. */
const PARAMETER_NAMES: Record<ModelKey, readonly string[]> = {
  bgnbd: TRANSACTION_MODELS.bgnbd.paramNames,
  mbgnbd: TRANSACTION_MODELS.mbgnbd.paramNames,
  paretonbd: TRANSACTION_MODELS.paretonbd.paramNames,
  nbd: TRANSACTION_MODELS.nbd.paramNames,
  gammagamma: ["p", "q", "gamma"],
  bgbb: ["alpha", "beta", "gamma", "delta"],
  sbg: ["alpha", "beta"],
};

const MODEL_LABEL: Record<ModelKey, string> = {
  bgnbd: TRANSACTION_MODELS.bgnbd.title,
  mbgnbd: TRANSACTION_MODELS.mbgnbd.title,
  paretonbd: TRANSACTION_MODELS.paretonbd.title,
  nbd: TRANSACTION_MODELS.nbd.title,
  gammagamma: "Gamma-Gamma",
  bgbb: "BG/BB",
  sbg: "sBG",
};

/* ---------------------------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------------------------- */

const MODEL_CODES = { BGNBD: "bgnbd", MBGNBD: "mbgnbd", PNBD: "paretonbd", NBD: "nbd", GG: "gammagamma" } as const;

/** The `model` argument: BGNBD (default), MBGNBD, PNBD or NBD, plus GG when `withSpend`; "BG/NBD", "MBG/NBD" and "P/NBD" are read too. */
export function modelArg(value: unknown, withSpend: true): TransactionModel | "gammagamma";
export function modelArg(value: unknown, withSpend?: false): TransactionModel;
export function modelArg(value: unknown, withSpend = false): TransactionModel | "gammagamma" {
  const text = typeof value === "string" ? value.replace(/[\s/_-]/g, "") : value;
  const choices = withSpend ? (["BGNBD", "PNBD", "GG", "MBGNBD", "NBD"] as const) : (["BGNBD", "PNBD", "MBGNBD", "NBD"] as const);
  return MODEL_CODES[optionalChoice(text, "model", choices, "BGNBD")];
}

export interface UnitArg {
  unit: TimeUnit;
  /** As the fit spill's Unit row shows it: DAY, WEEK, MONTH or the number of days. */
  label: string | number;
  days: number;
}

/** The `unit` argument: DAY, WEEK (default), MONTH (365.25/12 days) or a positive number of days. */
export function unitArg(value: unknown): UnitArg {
  if (isBlank(value)) return { unit: "week", label: "WEEK", days: 7 };
  const n = typeof value === "number" ? value : typeof value === "string" ? numberFromText(value) : NaN;
  if (!Number.isNaN(n)) return { unit: n, label: n, days: daysPerUnit(n) };
  const name = optionalChoice(value, "unit", ["DAY", "WEEK", "MONTH"] as const, "WEEK");
  const unit = name === "DAY" ? "day" : name === "WEEK" ? "week" : "month";
  return { unit, label: name, days: daysPerUnit(unit) };
}

/** A year of 365.25 days, as DAYS_PER_MONTH = 365.25/12. */
const PERIOD_DAYS = { WEEK: 7, MONTH: DAYS_PER_MONTH, QUARTER: DAYS_PER_YEAR / 4, YEAR: DAYS_PER_YEAR } as const;

/** The `period` argument of CRM.BTYDCLV in days: WEEK, MONTH (default), QUARTER, YEAR or a number of days. */
export function periodDays(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" && !isBlank(value) ? numberFromText(value) : NaN;
  if (!Number.isNaN(n)) {
    if (!(n > 0 && Number.isFinite(n))) throw numError(`period must be WEEK, MONTH, QUARTER, YEAR or a positive number of days (got ${n})`);
    return n;
  }
  return PERIOD_DAYS[optionalChoice(value, "period", ["WEEK", "MONTH", "QUARTER", "YEAR"] as const, "MONTH")];
}

/** The required calibration end (a date; there is no default, never today). */
export function calibrationEndArg(value: unknown): number {
  const day = optionalDay(value, "calibration_end");
  if (day === undefined) throw valueError("calibration_end is required: the last day of the calibration period");
  return day;
}

/* ---------------------------------------------------------------------------------------------
 * Parameters
 * ------------------------------------------------------------------------------------------- */

const GREEK: Record<string, string> = { alpha: "α", beta: "β", gamma: "γ", delta: "δ" };

/** A cell's text as a parameter label (lower case), or null for numbers, number text and blanks. */
function labelOf(cell: Cell): string | null {
  if (typeof cell !== "string" || cell.trim() === "" || !Number.isNaN(numberFromText(cell))) return null;
  return cell.trim().toLowerCase();
}

function isName(label: string | null, name: string): boolean {
  return label !== null && (label === name || label === GREEK[name]);
}

/**
 * Name → value cell when the range labels its values: names in the first column with values in the
 * second (the fit spills), or names in the first row with values in the second, whichever holds
 * more of the names. Null for a plain row or column of numbers.
 */
function labelledValues(rows: Cell[][], names: readonly string[]): Map<string, Cell> | null {
  const width = rows[0]?.length ?? 0;
  const firstColumn = rows.map((row) => row[0]);
  const nameCount = (list: Cell[]) => list.filter((cell) => names.some((name) => isName(labelOf(cell), name))).length;
  const inColumn = width >= 2 ? nameCount(firstColumn) : 0;
  const inRow = rows.length >= 2 ? nameCount(rows[0]) : 0;
  let pairs: [Cell, Cell][];
  if (inColumn > 0 && inColumn >= inRow) pairs = rows.map((row) => [row[0], row[1]]);
  else if (inRow > 0) pairs = rows[0].map((cell, j) => [cell, rows[1][j]]);
  else if (width >= 2 && firstColumn.some((cell) => labelOf(cell) !== null)) pairs = rows.map((row) => [row[0], row[1]]);
  else return null;
  const values = new Map<string, Cell>();
  for (const [label, value] of pairs) {
    const text = labelOf(label);
    for (const name of names) if (isName(text, name) && !values.has(name)) values.set(name, value);
  }
  return values;
}

/**
 * A model's parameters from `range`: a row or column of numbers in PARAMETER_NAMES order, or names
 * with values (case-insensitive; α, β, γ, δ accepted), such as the spill of CRM.BTYDFIT. Missing
 * or non-positive → NUM naming the parameter; text where a number is needed → VALUE.
 */
export function readParams(range: unknown, argName: string, model: ModelKey): Params {
  const names = PARAMETER_NAMES[model];
  const label = MODEL_LABEL[model];
  const rows = matrix(range, argName);
  const labelled = labelledValues(rows, names);
  let valueOf: (name: string, i: number) => Cell;
  if (labelled) valueOf = (name) => labelled.get(name) ?? null;
  else {
    const shape = `${argName} must be ${names.length} numbers (${label}: ${names.join(", ")}) in one row or column, or names with values such as the spill of CRM.BTYDFIT`;
    if (rows.length > 1 && rows[0].length > 1) throw valueError(`${shape} (got ${rows.length} rows × ${rows[0].length} columns)`);
    const list = rows.flat();
    while (list.length > 0 && isBlank(list[list.length - 1])) list.pop();
    if (list.length > names.length) throw valueError(`${shape} (got ${list.length} values)`);
    valueOf = (_, i) => list[i];
  }
  const params: Params = {};
  names.forEach((name, i) => {
    const v = numberOrBlank(valueOf(name, i), `${argName} ${name}`);
    if (v === null) throw numError(`${argName}: ${label} parameter ${name} is missing (${label} needs ${names.join(", ")})`);
    if (!(v > 0)) throw numError(`${argName}: ${label} parameter ${name} must be positive (got ${v})`);
    params[name] = v;
  });
  return params;
}

/* ---------------------------------------------------------------------------------------------
 * Aligned per-customer ranges
 * ------------------------------------------------------------------------------------------- */

export interface AlignedInput {
  name: string;
  range: unknown;
  /** A blank cell is passed on as null instead of making the row an error. */
  blankAllowed?: boolean;
}

/** A row's numbers (in input order), its error, or null for a blank row. */
export type AlignedRow = (number | null)[] | CrmError | null;

export interface AlignedRows {
  n: number;
  /** The first range of more than one cell is a row: the results are laid out as a row too. */
  asRow: boolean;
  rows: AlignedRow[];
}

/**
 * Reads ranges that hold one value per customer (or per period). A single cell beside longer
 * ranges applies to every row; longer ranges must have the same length (VALUE). A row whose
 * per-row cells are all blank is blank; text where a number is needed, or a blank that is not
 * allowed, makes that row an error.
 */
export function readAligned(inputs: AlignedInput[]): AlignedRows {
  const views = inputs.map((input) => cells(input.range, input.name));
  const lead = views.findIndex((v) => v.length !== 1);
  const n = lead < 0 ? 1 : views[lead].length;
  if (n === 0) throw naError(`${inputs[lead].name} is empty`);
  views.forEach((v, k) => {
    if (v.length !== 1 && v.length !== n) {
      throw valueError(`${inputs[k].name} must have the same length as ${inputs[lead].name} (${v.length} vs ${n}), or be a single cell`);
    }
  });
  const leadRange = lead < 0 ? undefined : inputs[lead].range;
  const asRow = Array.isArray(leadRange) && leadRange.length === 1 && Array.isArray(leadRange[0]) && leadRange[0].length > 1;
  // Single cells beside longer ranges are read once; an error in one is the whole call's.
  const fixed = views.map((v, k) => {
    if (n === 1 || v.length !== 1) return undefined;
    const value = numberOrBlank(v.at(0), inputs[k].name);
    if (value === null && !inputs[k].blankAllowed) throw valueError(`${inputs[k].name} is required`);
    return value;
  });
  const rows: AlignedRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const values: (number | null)[] = new Array(inputs.length);
    let perRow = 0;
    let blanks = 0;
    let error: CrmError | undefined;
    let missing: string | undefined;
    for (let k = 0; k < inputs.length; k++) {
      if (fixed[k] !== undefined) {
        values[k] = fixed[k] as number | null;
        continue;
      }
      perRow++;
      const cell = views[k].at(i);
      if (isBlank(cell)) {
        blanks++;
        values[k] = null;
        if (!inputs[k].blankAllowed) missing ??= inputs[k].name;
        continue;
      }
      try {
        values[k] = numberOrBlank(cell, inputs[k].name);
      } catch (e) {
        error ??= e as CrmError;
      }
    }
    if (blanks === perRow) rows[i] = null;
    else rows[i] = error ?? (missing ? valueError(`${missing} is blank`) : values);
  }
  return { n, asRow, rows };
}

/** The error of row i of n, its message prefixed with the row when there are several. */
export function rowError(error: unknown, i: number, n: number): unknown {
  return n > 1 && isCrmError(error) ? new CrmError(error.code, `row ${i + 1}: ${error.message}`) : error;
}

/** Results laid out like the aligned input: a row, or a column. */
export function shaped(values: unknown[], asRow: boolean): any[][] {
  return asRow ? [values] : values.map((v) => [v]);
}

/**
 * One result per aligned row: blank rows give "", a row's error stays in its row, a non-finite
 * result is #N/A. Results are computed once per distinct row (customers share histories).
 */
export function mapAligned(a: AlignedRows, f: (values: (number | null)[]) => number): any[][] {
  const memo = new Map<string, number>();
  const out = a.rows.map((row, i) => {
    if (row === null) return "";
    try {
      if (!Array.isArray(row)) throw row;
      const key = row.join(",");
      let v = memo.get(key);
      if (v === undefined) {
        v = f(row);
        memo.set(key, v);
      }
      if (!Number.isFinite(v)) throw naError(`the result is not a finite number (${v})`);
      return v;
    } catch (error) {
      return toExcelError(rowError(error, i, a.n));
    }
  });
  return shaped(out, a.asRow);
}

/** The values of the non-blank rows, for a fit: any row error fails the call, naming the row. */
export function fitRows(a: AlignedRows, check: (values: (number | null)[]) => void): (number | null)[][] {
  const out: (number | null)[][] = [];
  a.rows.forEach((row, i) => {
    if (row === null) return;
    try {
      if (!Array.isArray(row)) throw row;
      check(row);
      out.push(row);
    } catch (error) {
      throw rowError(error, i, a.n);
    }
  });
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * Model evaluation
 * ------------------------------------------------------------------------------------------- */

/** A customer's (x, t_x, T) as the models define it: whole x ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0. */
export function checkHistory(x: number, tx: number, T: number): void {
  if (!(Number.isInteger(x) && x >= 0)) throw numError(`x must be a whole number ≥ 0 (got ${x})`);
  if (!(tx >= 0 && tx <= T)) throw numError(`need 0 ≤ t_x ≤ T (got t_x = ${tx}, T = ${T})`);
  if (x === 0 && tx !== 0) throw numError(`t_x must be 0 when x = 0 (got ${tx})`);
}

/** A BG/BB history: whole numbers with x ≤ t_x ≤ n, and t_x = 0 exactly when x = 0. */
export function checkBgBbHistory(x: number, tx: number, n: number): void {
  if (![x, tx, n].every((v) => Number.isInteger(v) && v >= 0)) {
    throw numError(`frequency x, recency t_x and opportunities n must be whole numbers ≥ 0 (got ${x}, ${tx}, ${n})`);
  }
  if (!(x <= tx && tx <= n)) throw numError(`need x ≤ t_x ≤ n (got x = ${x}, t_x = ${tx}, n = ${n})`);
  if ((x === 0) !== (tx === 0)) throw numError(`t_x is 0 exactly when x is 0 (got x = ${x}, t_x = ${tx})`);
}

/** A customer's mean repeat spend: a blank is 0 for x = 0 (CRM.BTYDDATA's mean_spend), needed otherwise. */
export function meanSpendOf(x: number, meanSpend: number | null): number {
  if (meanSpend !== null) return meanSpend;
  if (x > 0) throw valueError("mean_spend is blank (needed when x > 0)");
  return 0;
}

export function probAlive(model: TransactionModel, p: Params, x: number, tx: number, T: number): number {
  checkHistory(x, tx, T);
  return transactionModel(model, p).probAlive(x, tx, T);
}

export function expectedPurchases(model: TransactionModel, p: Params, t: number, x: number, tx: number, T: number): number {
  checkHistory(x, tx, T);
  return transactionModel(model, p).conditionalExpected(t, x, tx, T);
}

export function expectedNewPurchases(model: TransactionModel, p: Params, t: number): number {
  return transactionModel(model, p).expected(t);
}

export function probCount(model: TransactionModel, p: Params, t: number, n: number): number {
  return transactionModel(model, p).pmf(t, n);
}

/** Fits a transaction model or Gamma-Gamma (which uses x and the mean spend only). */
export function fitModel(
  model: TransactionModel | "gammagamma",
  data: { x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number>; meanSpend: ArrayLike<number> },
): FitResult {
  if (model === "gammagamma") return fitGammaGamma({ x: data.x, meanSpend: data.meanSpend });
  return TRANSACTION_MODELS[model].fit(data);
}

/* ---------------------------------------------------------------------------------------------
 * Fit spills
 * ------------------------------------------------------------------------------------------- */

const FIT_HEADER = ["Parameter", "Value", "StdError"];

const EXCLUSION_TEXT: Record<string, string> = {
  firstAfterCalibration: "first purchase after the calibration end",
  onlyReturns: "returns only, no purchase",
  noRepeatPurchase: "no repeat purchase",
  nonPositiveSpend: "mean spend ≤ 0",
};

export interface FitSpillOptions {
  headers: boolean;
  /** Customers left out before the fit, by reason (the fit adds its own). */
  excluded?: Record<string, number>;
  /** Transaction rows skipped as unusable, mentioned beside the Excluded count. */
  skippedRows?: number;
  /** The Unit row's value and note; models without a time unit have no Unit row. */
  unit?: [unknown, unknown];
}

/**
 * name · value · std error for each parameter, then LogLikelihood, Customers, Excluded (with the
 * reasons), Converged (with the optimiser's message) and Iterations, and Unit where there is one.
 * A missing standard error (flat or boundary optimum) is #N/A with the reason.
 */
export function fitSpill(fit: FitResult, model: ModelKey, options: FitSpillOptions): any[][] {
  const rows: any[][] = options.headers ? [FIT_HEADER.slice()] : [];
  for (const name of PARAMETER_NAMES[model]) {
    const se = fit.stdErrors[name];
    const seCell = Number.isFinite(se) ? se : toExcelError(naError(`no standard error for ${name}: ${fit.message}`));
    rows.push([name, fit.params[name], seCell]);
  }
  const excluded: Record<string, number> = { ...options.excluded, ...fit.excluded };
  const reasons = Object.entries(excluded)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${EXCLUSION_TEXT[reason] ?? reason}: ${count}`);
  if (options.skippedRows) reasons.push(`${options.skippedRows} transaction rows skipped (no customer, or no readable date or amount)`);
  const ll = Number.isFinite(fit.logLikelihood) ? fit.logLikelihood : toExcelError(naError("the log-likelihood is not finite"));
  rows.push(
    ["LogLikelihood", ll, ""],
    ["Customers", fit.customers, ""],
    ["Excluded", Object.values(excluded).reduce((sum, count) => sum + count, 0), reasons.join("; ")],
    ["Converged", fit.converged, fit.message],
    ["Iterations", fit.iterations, ""],
  );
  if (options.unit) rows.push(["Unit", ...options.unit]);
  return rows;
}
