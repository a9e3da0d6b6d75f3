/**
 * Customer lifecycle stages (METHODS.md §8.3, `CRM.LIFECYCLE`): 陈明亮's 考察期 / 形成期 / 稳定期 /
 * 退化期 assigned by a deterministic rule on purchases, recency, tenure and the net spend of the last
 * two windows. N, recency and tenure come from summary.ts (§1.2 order and purchase semantics).
 */
import { naError, numError, requireFinite, valueError } from "../errors";
import { labelText } from "../report/labels";
import { median, roundTo, validateDecimals } from "../numeric";
import { summarizeColumns } from "../segment/summary";
import type { Lang, Transactions } from "../types";

export type LifecycleStage = "EXPLORATION" | "FORMATION" | "STABILITY" | "DECLINE";

export interface LifecycleOptions {
  /** Day number; default = latest row date (never today). */
  asOf?: number;
  /** W: trend window in days; default 180. */
  windowDays?: number;
  /** H: hiatus in days, or AUTO; default 180. */
  hiatusDays?: number | "AUTO";
  /** E: minimum tenure before a multi-order customer leaves exploration; default 90. */
  exploreDays?: number;
  /** Growth that means formation; default +0.20. */
  gUp?: number;
  /** Contraction that means decline; default −0.30. */
  gDown?: number;
  /** Money rounding (§1.3); default 2. */
  decimals?: number;
}

export interface LifecycleCustomer {
  id: string;
  stage: LifecycleStage | "NO_PURCHASE";
  /** 流失: declined with R > 2H. */
  lapsed: boolean;
  /** N: purchases (orders with positive net value). */
  purchases: number;
  /** R = asOf − last purchase; null when N = 0. */
  recencyDays: number | null;
  /** T = asOf − first purchase; null when N = 0. */
  tenureDays: number | null;
  /** Net spend in (asOf − W, asOf], returns included, rounded. */
  s1: number;
  /** Net spend in (asOf − 2W, asOf − W], rounded. */
  s0: number;
  /** (S1 − S0)/S0 when the trend rule was reached (N ≥ 2, T ≥ 2W, S0 > 0), else null. */
  growth: number | null;
}

export interface LifecycleResult {
  /** In order of first appearance in the transactions. */
  customers: LifecycleCustomer[];
  asOf: number;
  /** H actually used. */
  hiatusDays: number;
  /**
   * AUTO only: the median over customers with ≥ 2 purchases of their mean inter-purchase interval
   * (last − first)/(N − 1); null when H was given, or when no customer has 2 purchases (H is then
   * the default 180).
   */
  medianInterval: number | null;
  /** Customer index of every transaction (as summary.ts). */
  rowCustomer: Int32Array;
  /** Rows dated after asOf, ignored. */
  futureRows: number;
}

const DEFAULT_HIATUS = 180;
/** g is rounded to this many decimals before comparing with g_up / g_down, so 1.2 / 1.0 − 1 counts as 0.2. */
const GROWTH_DECIMALS = 10;

export function lifecycle(tx: Transactions, opts: LifecycleOptions = {}): LifecycleResult {
  const W = positiveDays(opts.windowDays ?? 180, "windowDays");
  const E = requireFinite(opts.exploreDays ?? 90, "exploreDays");
  if (E < 0) throw numError(`exploreDays must be ≥ 0 (got ${E})`);
  const gUp = requireFinite(opts.gUp ?? 0.2, "gUp");
  const gDown = requireFinite(opts.gDown ?? -0.3, "gDown");
  if (gDown >= gUp) throw numError(`gDown (${gDown}) must be below gUp (${gUp})`);
  const decimals = validateDecimals(opts.decimals ?? 2);
  const hiatusOption = opts.hiatusDays ?? DEFAULT_HIATUS;
  if (typeof hiatusOption !== "number" && hiatusOption !== "AUTO") {
    throw valueError(`hiatusDays must be a number of days or AUTO (got "${String(hiatusOption)}")`);
  }
  if (opts.asOf !== undefined) requireFinite(opts.asOf, "asOf");

  const s = summarizeColumns(tx, { asOf: opts.asOf, decimals });
  const nc = s.ids.length;
  if (nc === 0) throw naError("transactions are empty");
  const asOf = s.asOf;

  // S1 and S0 per customer, from the rows (returns are netted on their own date).
  const s1 = new Float64Array(nc);
  const s0 = new Float64Array(nc);
  for (let i = 0; i < tx.day.length; i++) {
    const d = Math.floor(tx.day[i]);
    if (d > asOf || d <= asOf - 2 * W) continue;
    if (d > asOf - W) s1[s.rowCustomer[i]] += tx.amount[i];
    else s0[s.rowCustomer[i]] += tx.amount[i];
  }

  let H: number;
  let medianInterval: number | null = null;
  if (hiatusOption === "AUTO") {
    const intervals: number[] = [];
    for (let c = 0; c < nc; c++) {
      if (s.purchases[c] >= 2) intervals.push((s.last[c] - s.first[c]) / (s.purchases[c] - 1));
    }
    if (intervals.length > 0) {
      medianInterval = median(intervals);
      H = Math.min(730, Math.max(90, 3 * medianInterval));
    } else {
      H = DEFAULT_HIATUS;
    }
  } else {
    H = positiveDays(hiatusOption, "hiatusDays");
  }

  // One object literal of one shape per customer (no spreads): this runs for every customer, twice
  // when stages are compared between two dates.
  const customers: LifecycleCustomer[] = new Array(nc);
  for (let c = 0; c < nc; c++) {
    const N = s.purchases[c];
    const S1 = roundTo(s1[c], decimals);
    const S0 = roundTo(s0[c], decimals);
    const customer: LifecycleCustomer = {
      id: s.ids[c],
      stage: "NO_PURCHASE",
      lapsed: false,
      purchases: N,
      recencyDays: null,
      tenureDays: null,
      s1: S1,
      s0: S0,
      growth: null,
    };
    customers[c] = customer;
    if (N === 0) continue;
    const R = asOf - s.last[c];
    const T = asOf - s.first[c];
    customer.recencyDays = R;
    customer.tenureDays = T;
    if (R > H) {
      customer.stage = "DECLINE";
      customer.lapsed = R > 2 * H;
    } else if (N === 1 || T < E) customer.stage = "EXPLORATION";
    else if (T < 2 * W || S0 <= 0) customer.stage = "FORMATION";
    else {
      const g = roundTo((S1 - S0) / S0, GROWTH_DECIMALS);
      customer.stage = g >= gUp ? "FORMATION" : g <= gDown ? "DECLINE" : "STABILITY";
      customer.growth = g;
    }
  }

  return { customers, asOf, hiatusDays: H, medianInterval, rowCustomer: s.rowCustomer, futureRows: s.futureRows };
}

/** Stage text in `lang` (NO_PURCHASE from the STATUS set). */
export function lifecycleLabel(stage: LifecycleStage | "NO_PURCHASE", lang: Lang = "zh"): string {
  return stage === "NO_PURCHASE" ? labelText("STATUS", stage, lang) : labelText("LIFECYCLE", stage, lang);
}

/** Text of the LAPSED flag (流失 / Lapsed). */
export function lapsedLabel(lang: Lang = "zh"): string {
  return labelText("LIFECYCLE", "LAPSED", lang);
}

function positiveDays(value: number, name: string): number {
  requireFinite(value, name);
  if (value <= 0) throw numError(`${name} must be > 0 days (got ${value})`);
  return value;
}
