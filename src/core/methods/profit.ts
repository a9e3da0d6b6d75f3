/**
 * Customer profitability (METHODS.md §11.3): per customer the cascade GSV → discounts → NSV →
 * product cost → gross profit → cost to serve → net profit, cost to serve taken from a column or
 * allocated from a pool by a driver (orders, lines, revenue share), and the profitability matrix
 * (PROFIT: NSV × cost to serve; SHAPIRO: net price index NSV/GSV × cost to serve).
 *
 * The amount column is the net sales value of a row (returns negative, §1.2), so NSV = monetary;
 * GSV = NSV + Σ discount (GSV = NSV and `noDiscount` without a discount column). Blank costs and
 * discounts count as 0. Customers without rows in the window get no matrix class. An allocated
 * total is split in whole cents by largest remainder, so the customers' shares add up to it.
 */
import { naError, numError, requireFinite, valueError } from "../errors";
import { quadrantSplit, type QuadrantScheme, type Threshold } from "./quadrant";
import { roundTo } from "../numeric";
import { summarizeColumns } from "../segment/summary";
import type { Transactions } from "../types";

export type CtsDriver = "ORDERS" | "LINES" | "REVENUE";

export interface ProfitOptions {
  asOf?: number;
  decimals?: number;
  /** Discount of each row (same length as the transactions); NaN = blank. */
  discount?: Float64Array;
  /** Cost to serve of each row, summed per customer. */
  ctsColumn?: Float64Array;
  /** Or: allocate `ctsPool` by this driver. */
  ctsDriver?: CtsDriver;
  ctsPool?: number;
  scheme?: "PROFIT" | "SHAPIRO";
  xCut?: Threshold;
  yCut?: Threshold;
}

export interface ProfitCustomer {
  id: string;
  orders: number;
  lines: number;
  gsv: number;
  discounts: number;
  nsv: number;
  /** Product cost; null without a cost column. */
  cogs: number | null;
  grossProfit: number | null;
  costToServe: number | null;
  netProfit: number | null;
  grossMargin: number | null;
  ctsRatio: number | null;
  netMargin: number | null;
  /** PROFIT / SHAPIRO code or UNCLASSIFIED; null without cost to serve or window rows. */
  matrix: string | null;
  /** NSV ≤ 0 (§11.3 "net returns"). */
  netReturns: boolean;
}

export interface ProfitResult {
  customers: ProfitCustomer[];
  asOf: number;
  scheme: "PROFIT" | "SHAPIRO";
  xCut: number | null;
  yCut: number | null;
  noDiscount: boolean;
  rowCustomer: Int32Array;
}

export function profitability(tx: Transactions, opts: ProfitOptions = {}): ProfitResult {
  const decimals = opts.decimals ?? 2;
  const scheme = opts.scheme ?? "PROFIT";
  if (scheme !== "PROFIT" && scheme !== "SHAPIRO")
    throw valueError(`the profitability scheme must be PROFIT or SHAPIRO (got "${String(scheme)}")`);
  const n = tx.customer.length;
  for (const [name, col] of [
    ["discount", opts.discount],
    ["cost to serve", opts.ctsColumn],
  ] as const) {
    if (col && col.length !== n) throw valueError(`the ${name} column has ${col.length} rows for ${n} transactions`);
  }
  if (opts.ctsColumn && opts.ctsDriver) throw valueError("give a cost-to-serve column or a driver, not both");
  if (opts.ctsDriver) {
    if (opts.ctsPool === undefined)
      throw valueError(`allocating cost to serve by ${opts.ctsDriver.toLowerCase()} needs the total to allocate`);
    if (requireFinite(opts.ctsPool, "cost-to-serve total") < 0) throw numError(`the cost-to-serve total must be ≥ 0 (got ${opts.ctsPool})`);
  }
  const s = summarizeColumns(tx, { asOf: opts.asOf, decimals });
  const nc = s.ids.length;
  if (nc === 0) throw naError("transactions are empty");
  const lines = new Int32Array(nc);
  const discounts = new Float64Array(nc);
  const cts = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    if (Math.floor(tx.day[i]) > s.asOf) continue;
    const c = s.rowCustomer[i];
    lines[c]++;
    if (opts.discount && !Number.isNaN(opts.discount[i])) discounts[c] += opts.discount[i];
    if (opts.ctsColumn && !Number.isNaN(opts.ctsColumn[i])) cts[c] += opts.ctsColumn[i];
  }
  const hasCost = tx.cost !== undefined;
  const hasCts = opts.ctsColumn !== undefined || opts.ctsDriver !== undefined;
  if (opts.ctsDriver) {
    const driver = (c: number) =>
      opts.ctsDriver === "ORDERS" ? s.orders[c] : opts.ctsDriver === "LINES" ? lines[c] : Math.max(0, s.monetary[c]);
    let total = 0;
    for (let c = 0; c < nc; c++) total += driver(c);
    if (total === 0) throw naError(`no ${opts.ctsDriver.toLowerCase()} to allocate the cost to serve by`);
    allocate(opts.ctsPool!, (c) => driver(c) / total, cts, decimals);
  }
  const ratio = (a: number | null, b: number) => (a === null || b === 0 ? null : a / b);
  const customers = s.ids.map((id, c): ProfitCustomer => {
    const nsv = s.monetary[c];
    const disc = roundTo(discounts[c], decimals);
    const gsv = roundTo(nsv + disc, decimals);
    const gross = hasCost ? s.grossProfit[c] : null;
    const cogs = gross === null ? null : roundTo(nsv - gross, decimals);
    const serve = hasCts ? roundTo(cts[c], decimals) : null;
    const net = gross === null || serve === null ? null : roundTo(gross - serve, decimals);
    return {
      id,
      orders: s.orders[c],
      lines: lines[c],
      gsv,
      discounts: disc,
      nsv,
      cogs,
      grossProfit: gross,
      costToServe: serve,
      netProfit: net,
      grossMargin: ratio(gross, nsv),
      ctsRatio: ratio(serve, nsv),
      netMargin: ratio(net, nsv),
      matrix: null,
      netReturns: nsv <= 0,
    };
  });
  let xCut: number | null = null;
  let yCut: number | null = null;
  if (hasCts) {
    const inMatrix = customers.map((c) => c.lines > 0);
    const x = customers.map((c, i) => (!inMatrix[i] ? null : scheme === "PROFIT" ? c.nsv : c.gsv > 0 ? c.nsv / c.gsv : null));
    const y = customers.map((c, i) => (inMatrix[i] ? c.costToServe : null));
    const split = quadrantSplit(x, y, scheme as QuadrantScheme, { xCut: opts.xCut, yCut: opts.yCut });
    split.codes.forEach((code, i) => (customers[i].matrix = code));
    xCut = split.xCut;
    yCut = split.yCut;
  }
  return { customers, asOf: s.asOf, scheme, xCut, yCut, noDiscount: !opts.discount, rowCustomer: s.rowCustomer };
}

/** pool·share(c) into `out` in units of 10^−decimals, the units left by rounding down going to the largest remainders (ties: first customer). */
function allocate(pool: number, share: (c: number) => number, out: Float64Array, decimals: number): void {
  const unit = 10 ** decimals;
  const units = Math.round(pool * unit);
  const n = out.length;
  const remainders = new Float64Array(n);
  let given = 0;
  for (let c = 0; c < n; c++) {
    const exact = units * share(c);
    const whole = Math.floor(exact + 1e-9);
    out[c] = whole;
    remainders[c] = exact - whole;
    given += whole;
  }
  const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (let k = 0; k < units - given && k < n; k++) out[order[k]] += 1;
  for (let c = 0; c < n; c++) out[c] /= unit;
}
