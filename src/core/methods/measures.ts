/**
 * Per-customer measures the `matrix` command puts on its axes (METHODS.md §6, §9, §11 through the
 * QUADRANT engine): monetary, gross profit, frequency, recency, AOV, tenure, growth trend (§4.3 (c)),
 * CLV (the §4.3 current value: trailing-12-month gross profit, which ranks as π·r/(1+d−r)) and the
 * transactional part of the §9.3 loyalty index (A11 duration, A12 frequency, A13 frequency trend,
 * with their AHP weights renormalised). Blank (null) where a customer has no purchase.
 */
import { naError, valueError } from "../errors";
import { summarizeColumns } from "../segment/summary";
import type { Transactions } from "../types";
import { clp } from "./clp";
import { defaultLoyaltyWeights, loyaltyIndex } from "./loyalty";

export const MEASURES = ["MONETARY", "PROFIT", "FREQUENCY", "RECENCY", "AOV", "TENURE", "TREND", "CLV", "LOYALTY"] as const;
export type Measure = (typeof MEASURES)[number];

export function parseMeasure(name: string): Measure {
  const upper = name.trim().toUpperCase() as Measure;
  if (!MEASURES.includes(upper)) throw valueError(`the measure must be one of ${MEASURES.join(", ")} (got "${name}")`);
  return upper;
}

/** The loyalty trend window W of §9.3 A13 (the §8 default). */
const TREND_WINDOW = 180;

export interface MeasureColumns {
  ids: string[];
  asOf: number;
  rowCustomer: Int32Array;
  values: (m: Measure) => (number | null)[];
}

export function customerMeasures(tx: Transactions, asOf?: number): MeasureColumns {
  const s = summarizeColumns(tx, { asOf });
  const nc = s.ids.length;
  if (nc === 0) throw naError("transactions are empty");
  const active = (c: number) => s.purchases[c] > 0;
  const cache = new Map<Measure, (number | null)[]>();
  const per = (f: (c: number) => number | null) => Array.from({ length: nc }, (_, c) => (active(c) ? f(c) : null));
  const compute = (m: Measure): (number | null)[] => {
    switch (m) {
      case "MONETARY":
        return per((c) => s.monetary[c]);
      case "PROFIT":
        if (!tx.cost) throw valueError("the PROFIT measure needs a cost column");
        return per((c) => s.grossProfit[c]);
      case "FREQUENCY":
        return per((c) => s.purchases[c]);
      case "RECENCY":
        return per((c) => s.asOf - s.last[c]);
      case "AOV":
        return per((c) => s.monetary[c] / s.purchases[c]);
      case "TENURE":
        return per((c) => s.asOf - s.first[c]);
      case "TREND":
      case "CLV": {
        const byId = new Map(clp(tx, { asOf: s.asOf }).customers.map((x) => [x.id, x]));
        return per((c) => {
          const x = byId.get(s.ids[c]);
          return x === undefined ? null : m === "TREND" ? x.ip : x.cv;
        });
      }
      case "LOYALTY":
        return loyalty(tx, s, active);
    }
  };
  return {
    ids: s.ids,
    asOf: s.asOf,
    rowCustomer: s.rowCustomer,
    values: (m) => {
      let v = cache.get(m);
      if (!v) cache.set(m, (v = compute(m)));
      return v;
    },
  };
}

function loyalty(tx: Transactions, s: ReturnType<typeof summarizeColumns>, active: (c: number) => boolean): (number | null)[] {
  const rows = loyaltyFactors(tx, s, active);
  const activeRows = rows.filter((_, c) => active(c));
  if (activeRows.length === 0) return rows.map(() => null);
  const index = loyaltyIndex(activeRows, defaultLoyaltyWeights().slice(0, 3));
  let k = 0;
  return rows.map((_, c) => (active(c) ? index[k++] : null));
}

/** §9.3 A11 purchase duration, A12 purchases per 365 days, A13 frequency trend per customer; nulls without a purchase. */
export function loyaltyFactors(
  tx: Transactions,
  s: ReturnType<typeof summarizeColumns>,
  active: (c: number) => boolean,
): (number | null)[][] {
  const nc = s.ids.length;
  // A13: distinct purchase days (positive rows) in the last W days against the W before.
  const days = new Map<number, Set<number>>();
  for (let i = 0; i < tx.day.length; i++) {
    const d = Math.floor(tx.day[i]);
    if (d > s.asOf || d <= s.asOf - 2 * TREND_WINDOW || !(tx.amount[i] > 0)) continue;
    const key = s.rowCustomer[i];
    let set = days.get(key);
    if (!set) days.set(key, (set = new Set()));
    set.add(d);
  }
  return Array.from({ length: nc }, (_, c): (number | null)[] => {
    if (!active(c)) return [null, null, null];
    const tenure = s.asOf - s.first[c];
    let n1 = 0;
    let n0 = 0;
    for (const d of days.get(c) ?? [])
      if (d > s.asOf - TREND_WINDOW) n1++;
      else n0++;
    return [s.last[c] - s.first[c], (s.purchases[c] / Math.max(tenure, 30)) * 365, (n1 - n0) / Math.max(n0, 1)];
  });
}
