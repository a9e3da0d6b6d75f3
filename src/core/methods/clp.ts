/**
 * CLP analysis (METHODS.md §4.3): historical profit HP, current value CV and growth potential IP
 * per customer, and the §6.3 value-matrix class on CV × IP.
 *
 * Gross profit is amount − cost, or the amount without a cost column. π = gross profit of the last
 * 365 days; CV = π·r/(1+d−r) with a retention rate r, else π (same ranking, §4.3). IP takes the
 * first option whose data exist: (a) wallet gap max(0, W − S)·margin·r/(1+d−r) (S = last-365-day
 * sales; needs the wallet and r), (b) the loyalty index, (c) the trend max(0, (S1 − S0)/max(S0, ε))
 * of the last 365 days over the 365 before.
 */
import { marginMultiple } from "./clv-formulas";
import { naError } from "../errors";
import { quadrantSplit } from "./quadrant";
import { roundTo } from "../numeric";
import type { Transactions } from "../types";

export interface ClpOptions {
  asOf?: number;
  retention?: number;
  discountRate?: number;
  /** Gross margin share for the wallet gap; default 1. */
  marginRate?: number;
  wallet?: ReadonlyMap<string, number>;
  loyalty?: ReadonlyMap<string, number>;
  decimals?: number;
}

export interface ClpCustomer {
  id: string;
  hp: number;
  cv: number;
  ip: number;
  ipSource: "WALLET" | "LOYALTY" | "TREND";
  /** HP + CV + IP, only when IP is money (wallet gap). */
  clp: number | null;
  valueClass: string | null;
}

const YEAR = 365;
const EPSILON = 0.01;

export function clp(tx: Transactions, opts: ClpOptions = {}): { customers: ClpCustomer[]; asOf: number } {
  const n = tx.customer.length;
  if (n === 0) throw naError("transactions are empty");
  const decimals = opts.decimals ?? 2;
  const d = opts.discountRate ?? 0.1;
  const multiple = opts.retention === undefined ? null : marginMultiple(opts.retention, d);
  let asOf = opts.asOf ?? -Infinity;
  if (opts.asOf === undefined) for (let i = 0; i < n; i++) asOf = Math.max(asOf, Math.floor(tx.day[i]));
  const acc = new Map<string, { hp: number; pi: number; s1: number; s0: number }>();
  for (let i = 0; i < n; i++) {
    const day = Math.floor(tx.day[i]);
    if (day > asOf) continue;
    let a = acc.get(tx.customer[i]);
    if (!a) acc.set(tx.customer[i], (a = { hp: 0, pi: 0, s1: 0, s0: 0 }));
    const cost = tx.cost && !Number.isNaN(tx.cost[i]) ? tx.cost[i] : 0;
    const gp = tx.amount[i] - cost;
    a.hp += gp;
    if (day > asOf - YEAR) {
      a.pi += gp;
      a.s1 += tx.amount[i];
    } else if (day > asOf - 2 * YEAR) a.s0 += tx.amount[i];
  }
  const customers = [...acc].map(([id, a]): ClpCustomer => {
    const hp = roundTo(a.hp, decimals);
    const pi = roundTo(a.pi, decimals);
    const cv = multiple === null ? pi : roundTo(pi * multiple, decimals);
    const w = opts.wallet?.get(id);
    const l = opts.loyalty?.get(id);
    if (w !== undefined && multiple !== null) {
      const ip = roundTo(Math.max(0, w - roundTo(a.s1, decimals)) * (opts.marginRate ?? 1) * multiple, decimals);
      return { id, hp, cv, ip, ipSource: "WALLET", clp: roundTo(hp + cv + ip, decimals), valueClass: null };
    }
    if (l !== undefined) return { id, hp, cv, ip: l, ipSource: "LOYALTY", clp: null, valueClass: null };
    const s0 = roundTo(a.s0, decimals);
    const ip = Math.max(0, (roundTo(a.s1, decimals) - s0) / Math.max(s0, EPSILON));
    return { id, hp, cv, ip, ipSource: "TREND", clp: null, valueClass: null };
  });
  const split = quadrantSplit(
    customers.map((c) => c.cv),
    customers.map((c) => c.ip),
    "VALUE",
  );
  split.codes.forEach((code, i) => (customers[i].valueClass = code));
  return { customers, asOf };
}
