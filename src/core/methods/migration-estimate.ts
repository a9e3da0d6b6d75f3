/**
 * The Dwyer migration model fed from transactions (METHODS.md §7.7): p_k estimated from history at
 * a period length, the values V_k of migration.ts, and each customer's current recency state and
 * value (the model gives values per state; customers get the value of the state they are in).
 *
 * Periods are counted back from asOf: period j holds the days (asOf − (j+1)L, asOf − jL], so the
 * latest period is complete. A customer bought in a period when their net spend in it is > 0
 * (returns netted, rounded to `decimals`). Being in state k at a period means k periods since the
 * period of the last purchase; p_k = (# in state k who bought that period) / (# in state k). A
 * customer beyond state K is lost; one who buys again re-enters at state 1 (counted only from then).
 */
import { naError, numError } from "../errors";
import { migrationValues } from "./migration";
import { roundTo } from "../numeric";
import type { Transactions } from "../types";

export const PERIOD_DAYS = { MONTH: 30, QUARTER: 91, YEAR: 365 } as const;
export type PeriodName = keyof typeof PERIOD_DAYS;

export interface MigrationEstimateOptions {
  asOf?: number;
  /** Period length: MONTH (30 days), QUARTER (91, default), YEAR (365) or a number of days. */
  period?: PeriodName | number;
  /** K recency states before "lost"; default 4. */
  states?: number;
  /** p_1…p_K as the user gives them (K = their number): used instead of the estimate, so a state nobody reached is no error. */
  purchaseProbs?: readonly number[];
  /** Margin per purchase period; default the mean net spend of a purchase period. */
  margin?: number;
  contactCost?: number;
  /** Rate per period; default 0.1 … stated per period as in migration.ts. */
  discountRate?: number;
  decimals?: number;
}

export interface MigrationEstimate {
  /** p_1…p_K. */
  probs: number[];
  /** Customers observed in each state (the denominators). */
  atRisk: number[];
  values: number[];
  margin: number;
  periodDays: number;
  asOf: number;
  /** Per customer in order of first appearance: state 1…K, or null when lost (> K) or never bought. */
  customers: { id: string; state: number | null; value: number }[];
}

export function estimateMigration(tx: Transactions, opts: MigrationEstimateOptions = {}): MigrationEstimate {
  const L = typeof opts.period === "number" ? opts.period : PERIOD_DAYS[opts.period ?? "QUARTER"];
  if (!(Number.isInteger(L) && L >= 1))
    throw numError(`period must be MONTH, QUARTER, YEAR or a whole number of days ≥ 1 (got ${String(opts.period)})`);
  const K = opts.purchaseProbs?.length ?? opts.states ?? 4;
  if (!(Number.isInteger(K) && K >= 1)) throw numError(`states must be a whole number ≥ 1 (got ${K})`);
  const decimals = opts.decimals ?? 2;
  const n = tx.customer.length;
  if (n === 0) throw naError("transactions are empty");
  let asOf = opts.asOf ?? -Infinity;
  if (opts.asOf === undefined) for (let i = 0; i < n; i++) asOf = Math.max(asOf, Math.floor(tx.day[i]));

  // Net spend per (customer, period back from asOf).
  const index = new Map<string, number>();
  const ids: string[] = [];
  const spend: Map<number, number>[] = [];
  let periods = 0;
  for (let i = 0; i < n; i++) {
    const day = Math.floor(tx.day[i]);
    if (day > asOf) continue;
    let c = index.get(tx.customer[i]);
    if (c === undefined) {
      index.set(tx.customer[i], (c = ids.length));
      ids.push(tx.customer[i]);
      spend.push(new Map());
    }
    const j = Math.floor((asOf - day) / L);
    periods = Math.max(periods, j + 1);
    spend[c].set(j, (spend[c].get(j) ?? 0) + tx.amount[i]);
  }
  if (ids.length === 0) throw naError("no transactions on or before the as-of date");

  const bought = new Array<number>(K + 1).fill(0);
  const atRisk = new Array<number>(K + 1).fill(0);
  const lastBuy: number[] = new Array(ids.length);
  let spendSum = 0;
  let spendCount = 0;
  for (let c = 0; c < ids.length; c++) {
    // Forward period numbers u = periods − 1 − j of the purchase periods, ascending.
    const buys: number[] = [];
    for (const [j, v] of spend[c]) {
      const net = roundTo(v, decimals);
      if (net > 0) {
        buys.push(periods - 1 - j);
        spendSum += net;
        spendCount++;
      }
    }
    buys.sort((a, b) => a - b);
    for (let b = 0; b < buys.length; b++) {
      const gap = (b + 1 < buys.length ? buys[b + 1] : periods) - buys[b];
      const bought_next = b + 1 < buys.length;
      for (let k = 1; k <= Math.min(bought_next ? gap : gap - 1, K); k++) atRisk[k]++;
      if (bought_next && gap <= K) bought[gap]++;
    }
    lastBuy[c] = buys.length > 0 ? buys[buys.length - 1] : -1;
  }

  const probs: number[] = opts.purchaseProbs ? [...opts.purchaseProbs] : [];
  for (let k = 1; k <= K && !opts.purchaseProbs; k++) {
    if (atRisk[k] === 0)
      throw naError(
        `no customer was ever in recency state ${k} (${k} periods of ${L} days without a purchase); use fewer states or a shorter period`,
      );
    probs.push(bought[k] / atRisk[k]);
  }
  if (spendCount === 0) throw naError("no purchases");
  const margin = opts.margin ?? spendSum / spendCount;
  const values = migrationValues({ purchaseProbs: probs, margin, contactCost: opts.contactCost, discountRate: opts.discountRate });
  const customers = ids.map((id, c) => {
    // Next period's state: periods since the purchase period.
    const state = lastBuy[c] < 0 ? null : periods - lastBuy[c];
    const inModel = state !== null && state <= K;
    return { id, state: inModel ? state : null, value: inModel ? values[state - 1] : 0 };
  });
  return { probs, atRisk: atRisk.slice(1), values, margin, periodDays: L, asOf, customers };
}
