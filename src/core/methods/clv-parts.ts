/**
 * Historical CLV components (METHODS.md §7.4, `CRM.CLVPART`). From the transactions:
 * CLV1 = gross profit of the first order; CLV2 = of later lines in categories of the first order;
 * CLV3 = of later lines in new categories (0 without categories: all later profit is CLV2).
 * CLV4 cost-to-serve savings, CLV5 referral value (referrals × the mean CLV1) and CLV6 price
 * premium come from optional per-customer inputs and are null (blank), not 0, without them.
 * Gross profit of a row = amount − cost (a blank cost is 0); without a cost column it is the
 * amount. With d > 0 each row's profit is compounded to asOf: × (1+d)^((asOf − day)/365).
 */
import { naError, numError, requireFinite, valueError } from "../errors";
import { roundTo } from "../numeric";
import type { Transactions } from "../types";

export interface ClvPartsOptions {
  asOf?: number;
  /** Annual rate; 0 (default) leaves the components undiscounted. */
  discountRate?: number;
  /** Category of each row. */
  category?: readonly (string | null)[];
  costSavings?: ReadonlyMap<string, number>;
  referrals?: ReadonlyMap<string, number>;
  pricePremium?: ReadonlyMap<string, number>;
  decimals?: number;
}

export interface ClvParts {
  id: string;
  /** CLV1…CLV6; null where the input is missing. */
  parts: (number | null)[];
  total: number;
}

export function clvParts(tx: Transactions, opts: ClvPartsOptions = {}): { customers: ClvParts[]; asOf: number; profitIsRevenue: boolean } {
  const n = tx.customer.length;
  if (n === 0) throw naError("transactions are empty");
  const d = requireFinite(opts.discountRate ?? 0, "discount_rate");
  if (d <= -1) throw numError(`discount_rate must be > −1 (got ${d})`);
  if (opts.category && opts.category.length !== n) throw valueError(`categories has ${opts.category.length} rows for ${n} transactions`);
  const decimals = opts.decimals ?? 2;
  let asOf = opts.asOf ?? -Infinity;
  if (opts.asOf === undefined) for (let i = 0; i < n; i++) asOf = Math.max(asOf, Math.floor(tx.day[i]));

  // Rows per customer in order of first appearance.
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (Math.floor(tx.day[i]) > asOf) continue;
    let rows = rowsOf.get(tx.customer[i]);
    if (!rows) rowsOf.set(tx.customer[i], (rows = []));
    rows.push(i);
  }
  const profit = (i: number) => {
    const cost = tx.cost ? tx.cost[i] : 0;
    const gp = tx.amount[i] - (Number.isNaN(cost) ? 0 : cost);
    return d === 0 ? gp : gp * (1 + d) ** ((asOf - Math.floor(tx.day[i])) / 365);
  };
  const base = [...rowsOf].map(([id, rows]) => {
    // The first order: the order (or row, without order ids) with the earliest day; ties by appearance.
    const orderOf = (i: number) => (tx.order && tx.order[i] !== "" ? `o:${tx.order[i]}` : `r:${i}`);
    let firstRow = rows[0];
    for (const i of rows) if (Math.floor(tx.day[i]) < Math.floor(tx.day[firstRow])) firstRow = i;
    const firstOrder = orderOf(firstRow);
    const firstCats = new Set<string | null>();
    for (const i of rows) if (orderOf(i) === firstOrder) firstCats.add(opts.category ? opts.category[i] : null);
    let clv1 = 0;
    let clv2 = 0;
    let clv3 = 0;
    for (const i of rows) {
      const p = profit(i);
      if (orderOf(i) === firstOrder) clv1 += p;
      else if (!opts.category || firstCats.has(opts.category[i])) clv2 += p;
      else clv3 += p;
    }
    return { id, clv1: roundTo(clv1, decimals), clv2: roundTo(clv2, decimals), clv3: roundTo(clv3, decimals) };
  });
  const meanClv1 = base.reduce((s, c) => s + c.clv1, 0) / base.length;
  const optional = (map: ReadonlyMap<string, number> | undefined, id: string, scale = 1) => {
    const v = map?.get(id);
    return v === undefined ? null : roundTo(v * scale, decimals);
  };
  const customers = base.map((c): ClvParts => {
    const parts = [
      c.clv1,
      c.clv2,
      c.clv3,
      optional(opts.costSavings, c.id),
      optional(opts.referrals, c.id, meanClv1),
      optional(opts.pricePremium, c.id),
    ];
    return {
      id: c.id,
      parts,
      total: roundTo(
        parts.reduce<number>((s, v) => s + (v ?? 0), 0),
        decimals,
      ),
    };
  });
  return { customers, asOf, profitIsRevenue: !tx.cost };
}
