import type { Transactions } from "../types";
import type { PreparedCustomers } from "./prep";

/** Cumulative repeat transactions by week (Fader, Hardie & Lee 2005, Figure 2). */
export interface WeeklyTracking {
  /** Day number of week 1's first day: the earliest first purchase. */
  start: number;
  /** Last day of each week; the last week ends with the data (holdout end, else calibration end). */
  weekEnd: number[];
  /** Cumulative repeat purchase days to the end of each week. */
  actual: number[];
  /** Σ_i E[X(t_i)], t_i the time from customer i's first purchase to the end of the week. */
  predicted: number[];
  /** Weeks that end within the calibration period. */
  calibrationWeeks: number;
}

/**
 * Repeat purchase days counted where the transactions live (a database): per calendar day, the
 * prepared customers' days with rows up to the end of the data other than their first purchase day.
 */
export interface RepeatDayCounts {
  day: ArrayLike<number>;
  count: ArrayLike<number>;
}

/** The transactions behind the prepared customers, or their repeat days already counted per day. */
export type TrackingDays = Pick<Transactions, "customer" | "day"> | RepeatDayCounts;

/**
 * Actual against predicted repeat transactions of the prepared customers, week by week. Actual
 * counts purchase days after each customer's first (same-day rows merged, as in the fit); E[X]
 * depends only on the day difference, so `expected` is called once per distinct difference.
 */
export function weeklyTracking(tx: TrackingDays, prepared: PreparedCustomers, expected: (t: number) => number): WeeklyTracking {
  const n = prepared.id.length;
  const index = new Map<string, number>();
  const firstCount = new Map<number, number>();
  let start = Infinity;
  for (let i = 0; i < n; i++) {
    index.set(prepared.id[i], i);
    const first = prepared.firstDay[i];
    firstCount.set(first, (firstCount.get(first) ?? 0) + 1);
    start = Math.min(start, first);
  }
  const end = prepared.holdoutEnd ?? prepared.calibrationEnd;
  const weeks = Math.ceil((end - start + 1) / 7);
  const perWeek = new Float64Array(weeks);
  if ("count" in tx) {
    for (let j = 0; j < tx.day.length; j++) perWeek[Math.floor((tx.day[j] - start) / 7)] += tx.count[j];
  } else countRepeatDays(tx, index, prepared, start, end, perWeek);
  const cache = new Map<number, number>();
  const out: WeeklyTracking = {
    start,
    weekEnd: [],
    actual: [],
    predicted: [],
    calibrationWeeks: Math.ceil((prepared.calibrationEnd - start + 1) / 7),
  };
  let actual = 0;
  for (let k = 1; k <= weeks; k++) {
    const cutoff = Math.min(start + 7 * k, end + 1);
    let predicted = 0;
    for (const [first, count] of firstCount) {
      const days = cutoff - first;
      if (days <= 0) continue;
      let e = cache.get(days);
      if (e === undefined) cache.set(days, (e = expected(days / prepared.daysPerUnit)));
      predicted += count * e;
    }
    out.weekEnd.push(cutoff - 1);
    actual += perWeek[k - 1];
    out.actual.push(actual);
    out.predicted.push(predicted);
  }
  return out;
}

/** Counts each prepared customer's days with rows after the first purchase day, up to `end`, per week from `start`. */
function countRepeatDays(
  tx: Pick<Transactions, "customer" | "day">,
  index: Map<string, number>,
  prepared: PreparedCustomers,
  start: number,
  end: number,
  perWeek: Float64Array,
): void {
  // Key customer × day as one number: day − start < 2²² (days up to 9999-12-31).
  const seen = new Set<number>();
  for (let j = 0; j < tx.customer.length; j++) {
    const i = index.get(tx.customer[j]);
    const day = tx.day[j];
    if (i === undefined || day > end || day === prepared.firstDay[i]) continue;
    const key = i * 4194304 + (day - start);
    if (seen.has(key)) continue;
    seen.add(key);
    perWeek[Math.floor((day - start) / 7)]++;
  }
}
