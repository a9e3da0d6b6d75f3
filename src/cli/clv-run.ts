/**
 * What a `clv` run is and how its results are laid out, shared by the command (clv.ts), its
 * workbook (clv-xlsx*.ts), its DuckDB engine (clv-duckdb.ts) and clv-triples.ts: the run, the
 * command line's model names, the refusal without --calibration-end, a fit as JSON and the
 * per-customer columns. A module of its own so that these import it rather than the command.
 */
import { suggestCalibrationEnd, type ClvWorkflowResult, type CustomerIntervals, type FitResult, type WeeklyTracking } from "../core/btyd";
import { formatDay } from "../core/ingest/dates";
import type { IngestCounts } from "../core/ingest/ingest";
import type { ClvArgs, ClvModel } from "./args";

/** The command line's model names for the core's. */
export const CLI_NAME: Record<string, ClvModel> = { bgnbd: "bgnbd", mbgnbd: "mbgnbd", paretonbd: "pnbd", nbd: "nbd", gammagamma: "gg" };
export const MODEL_TITLE: Record<ClvModel, string> = {
  bgnbd: "BG/NBD",
  mbgnbd: "MBG/NBD",
  pnbd: "Pareto/NBD",
  nbd: "NBD",
  gg: "Gamma-Gamma",
  auto: "recommended",
};

/** Repeat transactions per week from the first customer's first purchase (FHL 2005, Figures 1–2). */
export type Tracking = WeeklyTracking;

export interface ClvRun extends ClvWorkflowResult {
  args: ClvArgs;
  counts: IngestCounts;
  hasAmounts: boolean;
  /** With --interval: per-customer intervals at that level. */
  intervals?: CustomerIntervals;
}

/** The refusal without --calibration-end, with a suggestion from the data's dates (core advice.ts). */
export function missingCalibrationEnd(days: ArrayLike<number>): string {
  const base = "clv needs --calibration-end YYYY-MM-DD, the last day of the calibration period";
  const advice = suggestCalibrationEnd(days);
  if (!advice) return base;
  const [first, last, end] = [advice.firstDay, advice.lastDay, advice.suggestedEnd].map((d) => formatDay(d));
  return `${base}: the data run from ${first} to ${last}; try --calibration-end ${end} --holdout-end ${last} (two thirds to fit, the last third held back to check the model against; to forecast, fit again with --calibration-end ${last})`;
}

/** Parameters, standard errors and diagnostics of one fit, under the command line's model name. */
export function fitJson(f: FitResult) {
  return {
    model: CLI_NAME[f.model],
    params: f.params,
    logLikelihood: f.logLikelihood,
    customers: f.customers,
    converged: f.converged,
    stdErrors: nullForNaN(f.stdErrors),
    excluded: f.excluded,
    iterations: f.iterations,
    message: f.message,
  };
}

/** JSON has no NaN: an unavailable standard error is null. */
function nullForNaN(values: Record<string, number>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
}

/** CSV columns present for this run, in order. */
export function csvColumns(run: ClvRun): string[] {
  const cols = ["customer_id", "x", "t_x", "T"];
  if (run.hasAmounts) cols.push("mean_spend");
  if (run.prepared.xStar) cols.push("x_holdout");
  cols.push("p_alive", "expected_purchases");
  if (run.clv) cols.push("expected_spend", "clv");
  if (run.intervals) {
    const bounded = ["p_alive", "expected_purchases", ...(run.intervals.clv ? ["expected_spend", "clv"] : [])];
    for (const c of bounded) cols.push(`${c}_low`, `${c}_high`);
  }
  return cols;
}

/** One customer's values in the order of csvColumns (the id as text; null for a non-finite number). */
export function customerRow(run: ClvRun, i: number): (string | number | null)[] {
  const { prepared: p } = run;
  const row: (string | number | null)[] = [p.id[i], p.x[i], p.tx[i], p.T[i]];
  if (run.hasAmounts) row.push(p.meanSpend[i]);
  if (p.xStar) row.push(p.xStar[i]);
  row.push(run.pAlive[i], run.expectedPurchases[i]);
  if (run.clv && run.expectedSpend) row.push(run.expectedSpend[i], run.clv[i]);
  const iv = run.intervals;
  if (iv) {
    for (const b of [iv.probAlive, iv.expectedPurchases, iv.expectedSpend, iv.clv]) if (b) row.push(b.low[i], b.high[i]);
  }
  return row.map((v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
}
