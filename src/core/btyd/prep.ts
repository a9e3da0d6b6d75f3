/**
 * Data preparation for the probability models: transactions → one (x, t_x, T) summary per
 * customer, and compression of those summaries to unique triples with counts.
 *
 * Definitions (Fader, Hardie & Lee 2005), all in the chosen time unit:
 * - x: number of REPEAT purchase days in the calibration period = distinct purchase days − 1. The
 *   first purchase is not counted, and several purchases on one day count once. Passing the total
 *   number of purchases instead is the most common mistake with these models: it inflates every
 *   rate and every prediction.
 * - t_x: time from the first to the last purchase day in the calibration period (0 when x = 0).
 * - T: time from the first purchase day to the calibration end.
 * - x*: purchase days in the holdout period (calibration end, holdout end] — all of them repeats.
 * - meanSpend: mean amount per repeat purchase day (first day excluded), for Gamma-Gamma; 0 when x = 0.
 *
 * A purchase day is a day with transaction rows of the customer whose net amount is not negative:
 * the literature counts $0 purchases as transactions (Gamma-Gamma then excludes non-positive
 * means), while a day that nets below zero is a return (METHODS.md §1.2), counted in `returnDays`
 * and left out. Returns on a purchase day are netted into that day's spend.
 */
import type { Transactions } from "../types";
import { formatDay } from "../ingest/dates";
import { naError, numError, valueError } from "../errors";

export type TimeUnit = "day" | "week" | "month" | number;

/** A month is exactly 365.25 / 12 = 30.4375 days: calendar months differ, so none is used. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Days in one time unit; a number is taken as the days per unit. */
export function daysPerUnit(unit: TimeUnit): number {
  if (unit === "day") return 1;
  if (unit === "week") return 7;
  if (unit === "month") return DAYS_PER_MONTH;
  if (typeof unit === "number" && unit > 0 && Number.isFinite(unit)) return unit;
  throw numError(`time unit must be "day", "week", "month" or a positive number of days (got ${String(unit)})`);
}

/** Per-customer summaries, possibly with counts (weights) when several customers share a triple. */
export interface CustomerTriples {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Customers per row; default 1 each. */
  weight?: ArrayLike<number>;
}

export interface BtydCustomers {
  id: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean repeat spend; 0 when x = 0. */
  meanSpend: Float64Array;
  /** Holdout purchase days, when a holdout was given. */
  xStar?: Float64Array;
}

export interface PrepareOptions {
  /** Last day of the calibration period (day number, inclusive). */
  calibrationEnd: number;
  /** Last day of the holdout period (day number, inclusive); optional. */
  holdoutEnd?: number;
  /** Default "week". */
  unit?: TimeUnit;
}

export interface PreparedCustomers extends BtydCustomers {
  /** Day number of each customer's first purchase. */
  firstDay: Float64Array;
  daysPerUnit: number;
  calibrationEnd: number;
  holdoutEnd?: number;
  /** (holdoutEnd − calibrationEnd) in time units. */
  holdoutLength?: number;
  /** Rows folded into an earlier row of the same customer and day (same-day purchases merged). */
  rowsMerged: number;
  /** Rows dated after the holdout end (or the calibration end without a holdout), ignored. */
  rowsAfterEnd: number;
  /** Customer-days whose net amount is negative: returns, not purchases. */
  returnDays: number;
  excluded: {
    /** Customers whose first purchase is after the calibration end. */
    firstAfterCalibration: number;
    /** Customers with returns but no purchase day up to the end of the data. */
    onlyReturns: number;
  };
}

/**
 * Summarises transactions per customer (order of first appearance). Throws NA when no customer has
 * a purchase on or before the calibration end, naming both dates.
 */
export function prepareTransactions(data: Pick<Transactions, "customer" | "day" | "amount">, options: PrepareOptions): PreparedCustomers {
  const n = data.customer.length;
  if (data.day.length !== n || data.amount.length !== n) {
    throw valueError(`customer, day and amount must have the same length (${n}, ${data.day.length}, ${data.amount.length})`);
  }
  const calEnd = options.calibrationEnd;
  if (!Number.isFinite(calEnd)) throw valueError(`calibration end must be a day number (got ${String(calEnd)})`);
  const holdEnd = options.holdoutEnd;
  if (holdEnd !== undefined && !(holdEnd > calEnd && Number.isFinite(holdEnd))) {
    throw numError(`holdout end ${formatDay(holdEnd)} must be after the calibration end ${formatDay(calEnd)}`);
  }
  const dpu = daysPerUnit(options.unit ?? "week");
  const end = holdEnd ?? calEnd;
  if (n === 0) throw naError("no transactions");

  // Customer index of each row, in order of first appearance.
  const index = new Map<string, number>();
  const ids: string[] = [];
  const rowCust = new Int32Array(n);
  let earliest = Infinity;
  for (let i = 0; i < n; i++) {
    const d = data.day[i];
    if (!Number.isFinite(d)) throw valueError(`transaction ${i + 1}: the date is not a day number`);
    if (!Number.isFinite(data.amount[i])) throw valueError(`transaction ${i + 1}: the amount is not a finite number`);
    earliest = Math.min(earliest, d);
    let c = index.get(data.customer[i]);
    if (c === undefined) {
      c = ids.length;
      index.set(data.customer[i], c);
      ids.push(data.customer[i]);
    }
    rowCust[i] = c;
  }
  // Bucket rows by customer (counting sort), then sort each bucket by day.
  const m = ids.length;
  const start = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) start[rowCust[i] + 1]++;
  for (let c = 0; c < m; c++) start[c + 1] += start[c];
  const fill = start.slice(0, m);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[fill[rowCust[i]]++] = i;

  const out = {
    id: [] as string[],
    x: [] as number[],
    tx: [] as number[],
    T: [] as number[],
    meanSpend: [] as number[],
    xStar: [] as number[],
    firstDay: [] as number[],
  };
  let firstAfter = 0;
  let rowsAfterEnd = 0;
  let returnDays = 0;
  let onlyReturns = 0;
  let keptRows = 0;
  let keptDays = 0;
  const days: number[] = [];
  const amounts: number[] = [];
  for (let c = 0; c < m; c++) {
    const bucket = Array.from(rows.subarray(start[c], start[c + 1])).sort((i, j) => data.day[i] - data.day[j] || i - j);
    days.length = 0;
    amounts.length = 0;
    for (const i of bucket) {
      const d = data.day[i];
      if (d > end) {
        rowsAfterEnd++;
        continue;
      }
      keptRows++;
      if (days.length > 0 && days[days.length - 1] === d) amounts[amounts.length - 1] += data.amount[i];
      else {
        days.push(d);
        amounts.push(data.amount[i]);
      }
    }
    if (days.length === 0) continue;
    keptDays += days.length;
    let purchaseDays = 0;
    for (let j = 0; j < days.length; j++) {
      // Compared in cents, so float noise in a netted day is not a return.
      if (Math.round(amounts[j] * 100) < 0) {
        returnDays++;
        continue;
      }
      days[purchaseDays] = days[j];
      amounts[purchaseDays] = amounts[j];
      purchaseDays++;
    }
    days.length = purchaseDays;
    amounts.length = purchaseDays;
    if (purchaseDays === 0) {
      onlyReturns++;
      continue;
    }
    const first = days[0];
    if (first > calEnd) {
      firstAfter++;
      continue;
    }
    let k = 0; // calibration purchase days
    let repeatSpend = 0;
    while (k < days.length && days[k] <= calEnd) {
      if (k > 0) repeatSpend += amounts[k];
      k++;
    }
    out.id.push(ids[c]);
    out.x.push(k - 1);
    out.tx.push((days[k - 1] - first) / dpu);
    out.T.push((calEnd - first) / dpu);
    out.meanSpend.push(k > 1 ? repeatSpend / (k - 1) : 0);
    out.xStar.push(days.length - k);
    out.firstDay.push(first);
  }
  if (out.id.length === 0) {
    throw naError(
      `no customer has a purchase on or before the calibration end ${formatDay(calEnd)}: the first purchase is on ${formatDay(earliest)}`,
    );
  }
  return {
    id: out.id,
    x: Float64Array.from(out.x),
    tx: Float64Array.from(out.tx),
    T: Float64Array.from(out.T),
    meanSpend: Float64Array.from(out.meanSpend),
    xStar: holdEnd === undefined ? undefined : Float64Array.from(out.xStar),
    firstDay: Float64Array.from(out.firstDay),
    daysPerUnit: dpu,
    calibrationEnd: calEnd,
    holdoutEnd: holdEnd,
    holdoutLength: holdEnd === undefined ? undefined : (holdEnd - calEnd) / dpu,
    rowsMerged: keptRows - keptDays,
    rowsAfterEnd,
    returnDays,
    excluded: { firstAfterCalibration: firstAfter, onlyReturns },
  };
}

/** Throws VALUE unless the triples are consistent: whole x ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0, weights ≥ 0. */
function validateTriples(data: CustomerTriples): void {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weight && data.weight.length !== n)) {
    throw valueError(
      `x, t_x, T${data.weight ? " and weight" : ""} must have the same length (${n}, ${data.tx.length}, ${data.T.length}${data.weight ? `, ${data.weight.length}` : ""})`,
    );
  }
  const w = data.weight;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    // One cheap test per customer; the message is built only for the first bad one.
    const ok =
      Number.isInteger(x) &&
      x >= 0 &&
      tx >= 0 &&
      tx <= T &&
      Number.isFinite(T) &&
      (x > 0 || tx === 0) &&
      (!w || (w[i] >= 0 && Number.isFinite(w[i])));
    if (!ok) throw valueError(`customer ${i + 1}: ${tripleProblem(x, tx, T, w ? w[i] : 1)}`);
  }
}

function tripleProblem(x: number, tx: number, T: number, w: number): string {
  if (!(Number.isInteger(x) && x >= 0)) return `x must be a whole number ≥ 0 (got ${x})`;
  if (!(Number.isFinite(tx) && Number.isFinite(T))) return "t_x and T must be finite numbers";
  if (!(tx >= 0 && tx <= T)) return `need 0 ≤ t_x ≤ T (got t_x = ${tx}, T = ${T})`;
  if (x === 0 && tx !== 0) return `t_x must be 0 when x = 0 (got ${tx})`;
  return `weight must be a finite number ≥ 0 (got ${w})`;
}

/** Checks and copies already-summarised arrays (ids default to "1", "2", …). */
export function summaryFromArrays(input: {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  meanSpend?: ArrayLike<number>;
  xStar?: ArrayLike<number>;
  id?: ArrayLike<string>;
}): BtydCustomers {
  validateTriples(input);
  const n = input.x.length;
  for (const [name, arr] of [
    ["meanSpend", input.meanSpend],
    ["xStar", input.xStar],
    ["id", input.id],
  ] as const) {
    if (arr && arr.length !== n) throw valueError(`${name} must have one value per customer (${arr.length} vs ${n})`);
  }
  if (input.meanSpend) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(input.meanSpend[i])) throw valueError(`customer ${i + 1}: mean spend must be a finite number`);
    }
  }
  if (input.xStar) {
    for (let i = 0; i < n; i++) {
      const v = input.xStar[i];
      if (!(Number.isInteger(v) && v >= 0)) throw valueError(`customer ${i + 1}: x* must be a whole number ≥ 0 (got ${v})`);
    }
  }
  return {
    id: input.id ? Array.from(input.id) : Array.from({ length: n }, (_, i) => String(i + 1)),
    x: Float64Array.from(input.x),
    tx: Float64Array.from(input.tx),
    T: Float64Array.from(input.T),
    meanSpend: input.meanSpend ? Float64Array.from(input.meanSpend) : new Float64Array(n),
    xStar: input.xStar ? Float64Array.from(input.xStar) : undefined,
  };
}

/** Unique (x, t_x, T) triples in ascending (x, t_x, T) order, with the customers per triple. */
export interface CompressedTriples {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** For each input row, the index of its triple. */
  index: Int32Array;
  /** Σ weight. */
  customers: number;
  /** Distinct x values ascending, and where each one's rows start (length = distinct x + 1). */
  xValues: Float64Array;
  groupStart: Int32Array;
  /**
   * Distinct values among all t_x and T, ascending, and each triple's index into them: the
   * likelihoods take ln(α + t) once per distinct time instead of once per triple (dates give few
   * distinct times: a million customers over a year have at most a few hundred).
   */
  times: Float64Array;
  txTime: Int32Array;
  TTime: Int32Array;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mixDouble(h: number, v: number): number {
  f64[0] = v + 0; // + 0 folds −0 into 0
  h = Math.imul(h ^ u32[0], 0x9e3779b1);
  h = Math.imul(h ^ u32[1], 0x85ebca77);
  return h ^ (h >>> 15);
}

/** Index of v in the ascending array a (v must be present). */
function indexOf(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Compresses customers to unique triples with an open-addressing hash table (linear in the number
 * of customers), then sorts the triples so the result — and every likelihood summed over it —
 * does not depend on the order of the customers. Rows with weight 0 are kept in `index` but add
 * nothing. Validates the triples first.
 */
export function compressTriples(data: CustomerTriples): CompressedTriples {
  validateTriples(data);
  const n = data.x.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slot = new Int32Array(size).fill(-1);
  const ux = new Float64Array(n);
  const utx = new Float64Array(n);
  const uT = new Float64Array(n);
  const uw = new Float64Array(n);
  const index = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i] + 0;
    const T = data.T[i] + 0;
    let h = mixDouble(mixDouble(mixDouble(0x811c9dc5, x), tx), T) & mask;
    let k = slot[h];
    while (k >= 0 && !(ux[k] === x && utx[k] === tx && uT[k] === T)) {
      h = (h + 1) & mask;
      k = slot[h];
    }
    if (k < 0) {
      k = u++;
      slot[h] = k;
      ux[k] = x;
      utx[k] = tx;
      uT[k] = T;
    }
    index[i] = k;
    uw[k] += data.weight ? data.weight[i] : 1;
  }
  const order = new Int32Array(u);
  for (let k = 0; k < u; k++) order[k] = k;
  order.sort((i, j) => ux[i] - ux[j] || utx[i] - utx[j] || uT[i] - uT[j]);
  const rank = new Int32Array(u);
  const out = { x: new Float64Array(u), tx: new Float64Array(u), T: new Float64Array(u), weight: new Float64Array(u) };
  for (let k = 0; k < u; k++) {
    const src = order[k];
    rank[src] = k;
    out.x[k] = ux[src];
    out.tx[k] = utx[src];
    out.T[k] = uT[src];
    out.weight[k] = uw[src];
  }
  for (let i = 0; i < n; i++) index[i] = rank[index[i]];
  const xValues: number[] = [];
  const groupStart: number[] = [];
  let customers = 0;
  for (let k = 0; k < u; k++) {
    if (k === 0 || out.x[k] !== out.x[k - 1]) {
      xValues.push(out.x[k]);
      groupStart.push(k);
    }
    customers += out.weight[k];
  }
  groupStart.push(u);
  const all = new Float64Array(2 * u);
  all.set(out.tx);
  all.set(out.T, u);
  all.sort();
  let m = 0;
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[m - 1]) all[m++] = all[k];
  const times = all.slice(0, m);
  const txTime = new Int32Array(u);
  const TTime = new Int32Array(u);
  for (let k = 0; k < u; k++) {
    txTime[k] = indexOf(times, out.tx[k]);
    TTime[k] = indexOf(times, out.T[k]);
  }
  return {
    ...out,
    index,
    customers,
    xValues: Float64Array.from(xValues),
    groupStart: Int32Array.from(groupStart),
    times,
    txTime,
    TTime,
  };
}

/** Repeat purchases per unit of observed time, Σx / ΣT: the starting purchase rate of the fits. */
export function meanRate(c: CompressedTriples): number {
  let xs = 0;
  let Ts = 0;
  for (let i = 0; i < c.x.length; i++) {
    xs += c.weight[i] * c.x[i];
    Ts += c.weight[i] * c.T[i];
  }
  return Ts > 0 ? xs / Ts : 0;
}

/** Throws NA when nobody made a repeat purchase: neither the purchase rate nor dropout is then identified. */
export function requireRepeatBuyers(model: string, c: CompressedTriples): void {
  if (c.customers <= 0) throw naError(`${model}: no customers to fit`);
  if (meanRate(c) > 0) return;
  throw naError(
    `${model}: all ${c.customers} customers are one-time buyers (x = 0) or have T = 0, so the purchase rate and the dropout process cannot be estimated`,
  );
}
