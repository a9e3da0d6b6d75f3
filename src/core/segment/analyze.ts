/**
 * The segmentation pipeline: summary (§1.2) → RFM scores (§2.5) → W11 / W10 / CN8 (§2.7–2.8) →
 * ABC (§3) → pyramid (§5), with group statistics, the R × x heat map and warnings. The command line,
 * the task pane and the custom functions all consume this one result.
 *
 * Population rules:
 * - Scores, segments, ABC and the pyramid rank the active customers (N ≥ 1) only.
 * - Inactive (NO_PURCHASE) customers keep their summary, get NO_PURCHASE as every segment code,
 *   ABC "C" (or "D" on the PROFIT basis when their profit is ≤ 0) and pyramid null. The segment,
 *   ABC and pyramid group statistics all count them in a NO_PURCHASE group of their own.
 * - The ABC / pyramid value is net monetary (REVENUE) or gross profit (PROFIT). PROFIT without a
 *   cost column falls back to REVENUE with a warning, and the result's options say REVENUE.
 * - The W11 / W10 grids are 5 × 5: with bins ≠ 5 (allowed only with the CN8 headline) those
 *   columns are UNCLASSIFIED.
 * - Group statistics: means over the group's members (NaN for an empty group; recency over active
 *   members only); valueShare = value / Σ of positive values (NaN when that total is ≤ 0).
 */
import {
  abcCore,
  DEFAULT_ABC_CUTS,
  descending,
  validateAbcCuts,
  validateAbcMode,
  validateBasis,
  whaleIndicators,
  type AbcClass,
} from "./abc";
import { numError, valueError } from "../errors";
import { allEqual, quantileCutPointsSorted, sortedAscending, validateDecimals } from "../numeric";
import { DEFAULT_PYRAMID_CUTS, pyramidCore, validatePyramidCuts, type PyramidTier } from "./pyramid";
import { fmBin, scoreMetric, validateBins, validateBreaks, validateMethod } from "./rfm";
import { cn8Core, NO_PURCHASE, schemeCodes, UNCLASSIFIED, validateCenter, w10Code, w11Code } from "./segments";
import { summarizeColumns, type SummaryColumns } from "./summary";
import type { AnalysisResult, AnalyzeOptions, CustomerResult, GroupStat, Scheme, Transactions, Warning } from "../types";

const DEFAULTS: AnalyzeOptions = {
  decimals: 2,
  scheme: "W11",
  center: "MEAN",
  method: "QUANTILE",
  bins: 5,
  xAxis: "FM",
  abcMode: "VALUE",
  abcCuts: [0.8, 0.95],
  basis: "REVENUE",
  pyramidCuts: [0.01, 0.05, 0.2],
};
export const DEFAULT_OPTIONS: Readonly<AnalyzeOptions> = Object.freeze(DEFAULTS);

function upper(value: unknown, name: string): string {
  if (typeof value !== "string") throw valueError(`${name} must be text (got ${String(value)})`);
  return value.trim().toUpperCase();
}

function optionalDay(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw valueError(`${name} must be a day number (got ${String(value)})`);
  return Math.floor(value);
}

/**
 * Fills defaults and validates. Throws CrmError: VALUE for a wrong kind of value, NUM for a value
 * out of range; the message names the option. Text options are case-insensitive.
 */
export function resolveOptions(partial: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  const asOf = optionalDay(partial.asOf, "asOf");
  const from = optionalDay(partial.from, "from");
  if (asOf !== undefined && from !== undefined && from > asOf) throw numError(`from (${from}) is after asOf (${asOf})`);

  const decimals = validateDecimals(partial.decimals ?? DEFAULT_OPTIONS.decimals);
  const scheme = upper(partial.scheme ?? DEFAULT_OPTIONS.scheme, "scheme") as Scheme;
  if (scheme !== "W11" && scheme !== "W10" && scheme !== "CN8") throw numError(`scheme must be W11, W10 or CN8 (got ${scheme})`);
  const center = validateCenter(partial.center ?? DEFAULT_OPTIONS.center);
  const method = validateMethod(upper(partial.method ?? DEFAULT_OPTIONS.method, "method"));
  const xAxis = upper(partial.xAxis ?? DEFAULT_OPTIONS.xAxis, "xAxis");
  if (xAxis !== "FM" && xAxis !== "F") throw numError(`xAxis must be FM or F (got ${xAxis})`);

  let bins: number;
  let breaks: AnalyzeOptions["breaks"];
  if (method === "BREAKS") {
    const b = partial.breaks;
    if (!b) throw numError("method BREAKS needs breaks for r, f and m");
    const k = partial.bins === undefined ? b.r.length + 1 : validateBins(partial.bins);
    breaks = { r: validateBreaks(b.r, k, "breaks.r"), f: validateBreaks(b.f, k, "breaks.f"), m: validateBreaks(b.m, k, "breaks.m") };
    bins = k;
  } else {
    bins = validateBins(partial.bins ?? DEFAULT_OPTIONS.bins);
  }
  if (scheme !== "CN8" && bins !== 5) throw numError(`the ${scheme} grid needs bins = 5 (got ${bins})`);

  const abcMode = validateAbcMode(upper(partial.abcMode ?? DEFAULT_OPTIONS.abcMode, "abcMode"));
  const cuts = partial.abcCuts ?? DEFAULT_ABC_CUTS[abcMode];
  if (!Array.isArray(cuts) || cuts.length !== 2) throw valueError("abcCuts must be two numbers");
  const abcCuts = validateAbcCuts(cuts[0], cuts[1]);
  const basis = validateBasis(upper(partial.basis ?? DEFAULT_OPTIONS.basis, "basis"));
  const pyramidCuts = validatePyramidCuts(partial.pyramidCuts ?? DEFAULT_PYRAMID_CUTS);

  const options: AnalyzeOptions = { decimals, scheme, center, method, bins, xAxis, abcMode, abcCuts, basis, pyramidCuts };
  if (asOf !== undefined) options.asOf = asOf;
  if (from !== undefined) options.from = from;
  if (breaks) options.breaks = breaks;
  return options;
}

/** Accumulates GroupStats in a fixed code order, then any further codes in order of appearance. */
class GroupAccumulator {
  private readonly stats = new Map<string, { n: number; value: number; rSum: number; rN: number; fSum: number; mSum: number }>();

  constructor(codes: readonly string[]) {
    for (const code of codes) this.stats.set(code, { n: 0, value: 0, rSum: 0, rN: 0, fSum: 0, mSum: 0 });
  }

  add(code: string, value: number, recency: number | null, frequency: number, monetary: number): void {
    let s = this.stats.get(code);
    if (!s) {
      s = { n: 0, value: 0, rSum: 0, rN: 0, fSum: 0, mSum: 0 };
      this.stats.set(code, s);
    }
    s.n++;
    s.value += value;
    if (recency !== null) {
      s.rSum += recency;
      s.rN++;
    }
    s.fSum += frequency;
    s.mSum += monetary;
  }

  result(allCustomers: number, positiveTotal: number): GroupStat[] {
    return [...this.stats].map(([code, s]) => ({
      code,
      customers: s.n,
      customerShare: allCustomers > 0 ? s.n / allCustomers : 0,
      value: s.value,
      valueShare: positiveTotal > 0 ? s.value / positiveTotal : NaN,
      meanRecencyDays: s.rN > 0 ? s.rSum / s.rN : NaN,
      meanFrequency: s.n > 0 ? s.fSum / s.n : NaN,
      meanMonetary: s.n > 0 ? s.mSum / s.n : NaN,
    }));
  }
}

function positiveSum(values: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) t += values[i];
  return t;
}

/** The active customers (N ≥ 1) and their raw metrics and basis values. */
function activeMetrics(s: SummaryColumns, basisOf: Float64Array) {
  const nc = s.ids.length;
  let na = 0;
  for (let c = 0; c < nc; c++) if (s.purchases[c] > 0) na++;
  const active = new Int32Array(na);
  const rec = new Float64Array(na);
  const freq = new Float64Array(na);
  const mon = new Float64Array(na);
  const val = new Float64Array(na);
  for (let c = 0, i = 0; c < nc; c++) {
    if (s.purchases[c] === 0) continue;
    active[i] = c;
    rec[i] = s.asOf - s.last[c];
    freq[i] = s.purchases[c];
    mon[i] = s.monetary[c];
    val[i] = basisOf[c];
    i++;
  }
  return { active, rec, freq, mon, val };
}

/** Per-customer scores and classes of the active customers, aligned with `active`. */
interface ActiveResults {
  active: Int32Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  cn8: string[];
  abc: AbcClass[];
  pyramid: PyramidTier[];
}

/**
 * One complete object literal per customer (no spread, so all share one fast shape), and the
 * heat map. Its own function so the loop is compiled quickly on a cold call.
 */
function buildCustomers(
  s: SummaryColumns,
  a: ActiveResults,
  opts: AnalyzeOptions,
  basisOf: Float64Array,
  heatmap: number[][],
): CustomerResult[] {
  const nc = s.ids.length;
  const gridOk = opts.bins === 5;
  const byF = opts.xAxis === "F";
  const profit = opts.basis === "PROFIT";
  const activePos = new Int32Array(nc).fill(-1);
  for (let i = 0; i < a.active.length; i++) activePos[a.active[i]] = i;
  const customers: CustomerResult[] = new Array(nc);
  for (let c = 0; c < nc; c++) {
    const i = activePos[c];
    const isActive = i >= 0;
    const r = isActive ? a.r[i] : 0;
    const f = isActive ? a.f[i] : 0;
    const m = isActive ? a.m[i] : 0;
    const x = byF ? f : fmBin(f, m);
    const w11 = !isActive ? NO_PURCHASE : gridOk ? w11Code(r, x) : UNCLASSIFIED;
    const w10 = !isActive ? NO_PURCHASE : gridOk ? w10Code(r, f) : UNCLASSIFIED;
    const cn = isActive ? a.cn8[i] : NO_PURCHASE;
    customers[c] = {
      id: s.ids[c],
      first: isActive ? s.first[c] : null,
      last: isActive ? s.last[c] : null,
      orders: s.orders[c],
      purchases: s.purchases[c],
      monetary: s.monetary[c],
      grossProfit: s.grossProfit[c],
      recencyDays: isActive ? s.asOf - s.last[c] : null,
      tenureDays: isActive ? s.asOf - s.first[c] : null,
      active: isActive,
      r: isActive ? r : null,
      f: isActive ? f : null,
      m: isActive ? m : null,
      rfmCode: isActive ? 100 * r + 10 * f + m : null,
      fm: isActive ? (f + m) / 2 : null,
      w11,
      w10,
      cn8: cn,
      segment: opts.scheme === "W11" ? w11 : opts.scheme === "W10" ? w10 : cn,
      abc: isActive ? a.abc[i] : profit && !(basisOf[c] > 0) ? "D" : "C",
      pyramid: isActive ? a.pyramid[i] : null,
    };
    if (isActive) heatmap[r - 1][x - 1]++;
  }
  return customers;
}

/** Segment, ABC and pyramid group statistics over all customers. */
function groupStats(
  customers: CustomerResult[],
  opts: AnalyzeOptions,
  abcTotal: number,
): { segments: GroupStat[]; abc: GroupStat[]; pyramid: GroupStat[] } {
  const profit = opts.basis === "PROFIT";
  const seg = new GroupAccumulator(schemeCodes(opts.scheme));
  const abc = new GroupAccumulator(profit ? ["A", "B", "C", "D"] : ["A", "B", "C"]);
  const pyr = new GroupAccumulator(["T1", "T2", "T3", "T4"]);
  let positiveMonetary = 0;
  for (let c = 0; c < customers.length; c++) {
    const cr = customers[c];
    const v = profit ? cr.grossProfit : cr.monetary;
    if (cr.monetary > 0) positiveMonetary += cr.monetary;
    seg.add(cr.segment, cr.monetary, cr.recencyDays, cr.purchases, cr.monetary);
    abc.add(cr.active ? cr.abc : NO_PURCHASE, v, cr.recencyDays, cr.purchases, cr.monetary);
    pyr.add(cr.pyramid ?? NO_PURCHASE, v, cr.recencyDays, cr.purchases, cr.monetary);
  }
  const n = customers.length;
  return { segments: seg.result(n, positiveMonetary), abc: abc.result(n, abcTotal), pyramid: pyr.result(n, abcTotal) };
}

/** Runs the whole pipeline on clean transactions. Throws CrmError for invalid options only. */
export function analyze(tx: Transactions, partial: Partial<AnalyzeOptions> = {}): AnalysisResult {
  const requested = resolveOptions(partial);
  const s = summarizeColumns(tx, { asOf: requested.asOf, from: requested.from, decimals: requested.decimals });
  return analyzeSummary(s, { transactions: tx.customer.length, hasCost: tx.cost !== undefined }, requested);
}

/**
 * The pipeline from the per-customer summary on: what an SQL engine that aggregated the rows
 * itself (the DuckDB engine, PostgreSQL) hands over. `s.rowCustomer` may be empty then; the
 * summary's money must already be rounded to the options' decimals.
 */
export function analyzeSummary(
  s: SummaryColumns,
  input: { transactions: number; hasCost: boolean },
  partial: Partial<AnalyzeOptions> = {},
): AnalysisResult {
  const requested = resolveOptions(partial);
  const warnings: Warning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message });

  let basis = requested.basis;
  if (basis === "PROFIT" && !input.hasCost) {
    basis = "REVENUE";
    warn("PROFIT_WITHOUT_COST", "The PROFIT basis needs a cost or profit column; ABC and the pyramid use net revenue instead.");
  }
  const opts: AnalyzeOptions = { ...requested, basis };
  const { decimals, bins: k, method } = opts;

  const basisOf = basis === "PROFIT" ? s.grossProfit : s.monetary;
  const { active, rec, freq, mon, val } = activeMetrics(s, basisOf);
  const na = active.length;
  const ids = method === "NTILE" ? Array.from(active, (c) => s.ids[c]) : undefined;

  // Each metric is sorted once, for its scores and its display cut points.
  const recSorted = sortedAscending(rec);
  const freqSorted = sortedAscending(freq);
  const monSorted = sortedAscending(mon);
  // On the REVENUE basis the ABC / pyramid values are the monetary values.
  const valDesc = basis === "REVENUE" ? monSorted.slice().reverse() : descending(val);
  const rScore = scoreMetric(rec, k, method, true, { breaks: opts.breaks?.r, ids, sorted: recSorted });
  const fScore = scoreMetric(freq, k, method, false, { breaks: opts.breaks?.f, ids, sorted: freqSorted });
  const mScore = scoreMetric(mon, k, method, false, { breaks: opts.breaks?.m, ids, sorted: monSorted });
  const cuts = (sorted: Float64Array) => (sorted.length > 0 ? quantileCutPointsSorted(sorted, k) : []);
  const cutPoints = opts.breaks
    ? { r: opts.breaks.r.slice(), f: opts.breaks.f.slice(), m: opts.breaks.m.slice() }
    : { r: cuts(recSorted), f: cuts(freqSorted), m: cuts(monSorted) };

  const cn8 = cn8Core(rec, freq, mon, opts.center, decimals, opts.center === "SCOREMEAN" ? { r: rScore, f: fScore, m: mScore } : undefined);
  const results: ActiveResults = {
    active,
    r: rScore,
    f: fScore,
    m: mScore,
    cn8: cn8.codes,
    abc: abcCore(val, opts.abcMode, opts.abcCuts, basis, decimals, valDesc),
    pyramid: pyramidCore(val, opts.pyramidCuts, basis === "PROFIT", valDesc),
  };
  const heatmap = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const customers = buildCustomers(s, results, opts, basisOf, heatmap);
  const abcTotal = positiveSum(val);
  const groups = groupStats(customers, opts, abcTotal);
  const whale = whaleIndicators(val, valDesc);

  // Warnings.
  if (input.transactions === 0) warn("NO_DATA", "There are no transactions.");
  else if (na === 0) warn("NO_ACTIVE", "No customer has a purchase (an order with positive net value) in the window.");
  if (s.futureRows > 0) warn("FUTURE_ROWS", `${s.futureRows} rows dated after the as-of date were ignored.`);
  if (s.beforeWindowRows > 0) warn("BEFORE_WINDOW_ROWS", `${s.beforeWindowRows} rows dated before the window start were ignored.`);
  if (s.missingCostRows > 0)
    warn("MISSING_COST", `${s.missingCostRows} rows in the window have no cost; they count as zero cost in gross profit.`);
  if (na === 1) warn("SINGLE_CUSTOMER", "Only one customer has a purchase; scores and classes carry no comparison.");
  if (na >= 1) {
    const metrics: [string, string, Float64Array][] = [
      ["R", "recency", rec],
      ["F", "frequency", freq],
      ["M", "monetary", mon],
    ];
    for (const [code, name, values] of metrics) {
      if (allEqual(values)) warn(`NO_VARIATION_${code}`, `No variation in ${name} among the customers with a purchase.`);
    }
    if (cn8.undefinedAxes.length > 0) {
      warn("CN8_UNCLASSIFIED", "The 8-class scheme needs at least 2 customers with variation in R, F and M; customers are UNCLASSIFIED.");
    }
    let negative = 0;
    for (let i = 0; i < na; i++) if (mon[i] < 0) negative++;
    if (negative > 0) warn("NET_NEGATIVE", `${negative} customers returned more than they bought in the window (net monetary < 0).`);
    if (!(abcTotal > 0)) warn("NO_POSITIVE_VALUE", "No customer has a positive value: ABC puts everyone in C (D on the profit basis).");
    else if (na >= 2 && allEqual(val)) warn("NO_CONCENTRATION", "All customers have the same value: everyone is A and pyramid tier 1.");
  }
  if (method === "NTILE") warn("NTILE_NOT_TIE_SAFE", "NTILE scores are not tie-safe: equal values may get different scores.");
  if (k !== 5) warn("GRID_NEEDS_5_BINS", `The W11 / W10 grids need 5 bins; with ${k} bins they are UNCLASSIFIED.`);

  return {
    options: opts,
    asOf: s.asOf,
    customers,
    rowCustomer: s.rowCustomer,
    segments: groups.segments,
    abc: {
      classes: groups.abc,
      total: abcTotal,
      top20Share: whale.top20,
      peak: whale.peak,
      bottom30Loss: whale.bottom30Loss,
    },
    pyramid: groups.pyramid,
    heatmap,
    cutPoints,
    centers: cn8.centers,
    futureRows: s.futureRows,
    beforeWindowRows: s.beforeWindowRows,
    warnings,
  };
}
