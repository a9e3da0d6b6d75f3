/**
 * `crm-segments clv`: reads a sales table as `segment` does, summarises each customer's purchases up
 * to the calibration end (core prepareTransactions: same-day purchases merged, x = repeat purchase
 * days), fits BG/NBD or Pareto/NBD and, with amounts, Gamma-Gamma, and writes the fit as JSON, one
 * row per customer as CSV and/or a workbook (clv-xlsx.ts).
 */
import { writeFileSync } from "fs";
import { basename, dirname, extname, join } from "path";
import {
  bgnbdConditionalExpected,
  bgnbdExpected,
  bgnbdProbAlive,
  compressTriples,
  customerLifetimeValue,
  DAYS_PER_MONTH,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdProbAlive,
  periodRate,
  prepareTransactions,
  weeklyTracking,
  type BgNbdParams,
  type FitResult,
  type GammaGammaParams,
  type ParetoNbdParams,
  type PreparedCustomers,
  type WeeklyTracking,
} from "../core/btyd";
import { dayFromYMD, formatDay, isValidYMD } from "../core/dates";
import { isCrmError } from "../core/errors";
import { requireSummable } from "../core/summary";
import type { IngestCounts } from "../core/ingest";
import type { Transactions } from "../core/types";
import { UsageError, type ClvArgs, type ClvModel } from "./args";
import { lateDateWarning, requireDataRows } from "./checks";
import { csvCell } from "./csv";
import { inputKind, loadCsv, loadXlsx, readInput } from "./input";
import { checkOutputs, writeCsvFile, writeOutput, type Io } from "./output";

/** The command line's model names for the core's. */
export const CLI_NAME: Record<string, ClvModel> = { bgnbd: "bgnbd", paretonbd: "pnbd", gammagamma: "gg" };
export const MODEL_TITLE: Record<ClvModel, string> = { bgnbd: "BG/NBD", pnbd: "Pareto/NBD", gg: "Gamma-Gamma" };

/** Repeat transactions per week from the first customer's first purchase (FHL 2005, Figures 1–2). */
export type Tracking = WeeklyTracking;

export interface ClvRun {
  args: ClvArgs;
  prepared: PreparedCustomers;
  counts: IngestCounts;
  /** The transaction model (BG/NBD or Pareto/NBD). */
  transactions: FitResult;
  /** Gamma-Gamma, when there are amounts and it could be fitted. */
  spend?: FitResult<GammaGammaParams>;
  hasAmounts: boolean;
  /** Per customer (prepared order): P(alive at the calibration end) and E[purchases over the horizon]. */
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  /** Per customer, when the spend model gives a finite mean (q > 1). */
  expectedSpend?: Float64Array;
  clv?: Float64Array;
  /** Holdout repeat purchases, observed and Σ E[Y(holdout length) | x, t_x, T]. */
  holdout?: { actual: number; predicted: number };
  tracking?: Tracking;
  /** Discount rate per month, from the annual rate. */
  monthlyRate: number;
}

export async function clv(args: ClvArgs, io: Io): Promise<void> {
  const kind = inputKind(args);
  const workbookOut = args.out ?? (args.csv === undefined && args.paramsJson === undefined ? defaultOutput(args.input) : undefined);
  checkOutputs(args.input, [["-o", workbookOut], ["--csv", args.csv], ["--params-json", args.paramsJson]]);
  if (workbookOut !== undefined && extname(workbookOut).toLowerCase() !== ".xlsx") throw new UsageError(`-o ${workbookOut}: the workbook output must end in .xlsx`);
  const calibrationEnd = parseDate(args.calibrationEnd, "--calibration-end");
  const holdoutEnd = args.holdoutEnd === undefined ? undefined : parseDate(args.holdoutEnd, "--holdout-end");
  if (holdoutEnd !== undefined && holdoutEnd <= calibrationEnd) {
    throw new UsageError(`--holdout-end ${args.holdoutEnd} must be after --calibration-end ${args.calibrationEnd}`);
  }

  const bytes = readInput(args.input);
  const loaded =
    kind === "xlsx" ? await loadXlsx(args, bytes, { amountOptional: true }) : kind === "parquet" ? await (await import("./parquet")).loadParquet(args, bytes) : loadCsv(args, bytes, { amountOptional: true });
  requireDataRows(args.input, loaded);
  const hasAmounts = loaded.noAmount !== true;
  if (args.model === "gg" && !hasAmounts) {
    throw new UsageError(`--model gg is a spend model and ${args.input} has no amount column (name it with --amount)`);
  }
  const { ingested } = loaded;

  const run = inInput(args.input, () => {
    requireSummable(ingested.transactions);
    return fit(args, ingested.transactions, ingested.counts, hasAmounts, calibrationEnd, holdoutEnd, io);
  });

  const written: string[] = [];
  if (args.paramsJson !== undefined) {
    const json = `${JSON.stringify(paramsJson(run), null, 2)}\n`;
    await writeOutput(args.paramsJson, (path) => writeFileSync(path, json, { flag: "wx" }));
    written.push(args.paramsJson);
  }
  if (args.csv !== undefined) {
    const csv = customersCsv(run);
    await writeOutput(args.csv, (path) => writeCsvFile(path, csv, !args.noBom));
    written.push(args.csv);
  }
  if (workbookOut !== undefined) {
    const { writeClvWorkbook } = await import("./clv-xlsx");
    const warnings: string[] = [];
    await writeOutput(workbookOut, async (path) => {
      warnings.push(...(await writeClvWorkbook(path, run)));
    });
    for (const w of warnings) io.err(`crm-segments: warning: ${w}\n`);
    written.push(workbookOut);
  }

  for (const w of ingested.warnings) io.err(`crm-segments: warning: ${w.message}\n`);
  const late = lateDateWarning("--calibration-end", args.calibrationEnd, calibrationEnd, ingested.transactions.day, "every customer will look long gone (P(alive) low for everyone)");
  if (late) io.err(`crm-segments: warning: ${late}\n`);
  if (ingested.rejected.length > 0) io.err(`crm-segments: warning: ${ingested.rejected.length.toLocaleString("en")} rows left out, e.g. row ${ingested.rejected[0].row}: ${ingested.rejected[0].message}\n`);
  io.err(`crm-segments: ${summaryLine(run)}; wrote ${written.join(" and ")}\n`);
}

function defaultOutput(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}-clv.xlsx`);
}

function parseDate(text: string, flag: string): number {
  const [y, m, d] = text.split("-").map(Number);
  if (!isValidYMD(y, m, d) || y < 1900) throw new UsageError(`${flag} ${text} is not a calendar date`);
  return dayFromYMD(y, m, d);
}

/** Core errors about the data (no purchase before the calibration end, nobody to fit) name the input. */
function inInput<T>(input: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (isCrmError(error)) throw new UsageError(`${input}: ${error.message}`);
    throw error;
  }
}

function fit(
  args: ClvArgs,
  data: Pick<Transactions, "customer" | "day" | "amount">,
  counts: IngestCounts,
  hasAmounts: boolean,
  calibrationEnd: number,
  holdoutEnd: number | undefined,
  io: Io,
): ClvRun {
  const prepared = prepareTransactions(data, { calibrationEnd, holdoutEnd, unit: args.unit });
  const transactions: FitResult = args.model === "pnbd" ? fitParetoNbd(prepared) : fitBgNbd(prepared);
  const warn = (text: string) => io.err(`crm-segments: WARNING: ${text}\n`);
  const notConverged = (f: FitResult) => warn(`${MODEL_TITLE[CLI_NAME[f.model]]} did not converge: ${f.message}. Its estimates are written with Converged = false; do not rely on them.`);
  if (!transactions.converged) notConverged(transactions);

  let spend: FitResult<GammaGammaParams> | undefined;
  if (hasAmounts) {
    try {
      spend = fitGammaGamma({ x: prepared.x, meanSpend: prepared.meanSpend });
    } catch (error) {
      // Only --model gg needs it; otherwise the transaction columns still stand.
      if (args.model === "gg" || !isCrmError(error)) throw error;
      warn(`${error.message}; expected spend and CLV are left out`);
    }
    if (spend && !spend.converged) notConverged(spend);
  } else {
    io.err("crm-segments: note: no amount column: mean spend, expected spend and CLV need amounts and are left out\n");
  }

  const months = DAYS_PER_MONTH / prepared.daysPerUnit;
  const horizon = args.horizonMonths * months;
  const model = predictions(transactions);
  const c = compressTriples(prepared);
  const u = c.x.length;
  const uAlive = new Float64Array(u);
  const uExpected = new Float64Array(u);
  const uHoldout = new Float64Array(u);
  for (let j = 0; j < u; j++) {
    uAlive[j] = model.alive(c.x[j], c.tx[j], c.T[j]);
    uExpected[j] = model.conditional(horizon, c.x[j], c.tx[j], c.T[j]);
    if (prepared.holdoutLength !== undefined) uHoldout[j] = model.conditional(prepared.holdoutLength, c.x[j], c.tx[j], c.T[j]);
  }
  const n = prepared.id.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  let holdoutPredicted = 0;
  for (let i = 0; i < n; i++) {
    pAlive[i] = uAlive[c.index[i]];
    expectedPurchases[i] = uExpected[c.index[i]];
    holdoutPredicted += uHoldout[c.index[i]];
  }

  const monthlyRate = periodRate(args.discountRate, DAYS_PER_MONTH);
  const run: ClvRun = { args, prepared, counts, transactions, spend, hasAmounts, pAlive, expectedPurchases, monthlyRate };
  if (spend && !(spend.params.q > 1)) {
    warn(`Gamma-Gamma: q = ${spend.params.q} ≤ 1, so the mean spend per purchase is infinite: expected spend and CLV are left out`);
  } else if (spend) {
    const value = customerLifetimeValue(transactions, spend.params, prepared, {
      periods: args.horizonMonths,
      periodLength: months,
      discountRate: monthlyRate,
      margin: args.margin,
    });
    run.expectedSpend = value.expectedSpend;
    run.clv = value.clv;
  }
  if (prepared.xStar) {
    let actual = 0;
    for (const v of prepared.xStar) actual += v;
    run.holdout = { actual, predicted: holdoutPredicted };
    run.tracking = weeklyTracking(data, prepared, model.expected);
  }
  return run;
}

interface Predictions {
  alive(x: number, tx: number, T: number): number;
  conditional(t: number, x: number, tx: number, T: number): number;
  /** E[X(t)] of a new customer. */
  expected(t: number): number;
}

function predictions(f: FitResult): Predictions {
  if (f.model === "paretonbd") {
    const p = f.params as ParetoNbdParams;
    return {
      alive: (x, tx, T) => paretoNbdProbAlive(p, x, tx, T),
      conditional: (t, x, tx, T) => paretoNbdConditionalExpected(p, t, x, tx, T),
      expected: (t) => paretoNbdExpected(p, t),
    };
  }
  const p = f.params as BgNbdParams;
  return {
    alive: (x, tx, T) => bgnbdProbAlive(p, x, tx, T),
    conditional: (t, x, tx, T) => bgnbdConditionalExpected(p, t, x, tx, T),
    expected: (t) => bgnbdExpected(p, t),
  };
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

/** --params-json: the chosen model's fit first (model, params, logLikelihood, customers), then the data and the other fit. */
export function paramsJson(run: ClvRun): object {
  const { prepared, args } = run;
  const main = args.model === "gg" ? (run.spend as FitResult) : run.transactions;
  const other = args.model === "gg" ? run.transactions : run.spend;
  return {
    ...fitJson(main),
    excluded: { ...main.excluded, firstPurchaseAfterCalibration: prepared.excluded.firstAfterCalibration, onlyReturns: prepared.excluded.onlyReturns },
    returnDays: prepared.returnDays,
    unit: args.unit,
    daysPerUnit: prepared.daysPerUnit,
    calibrationEnd: formatDay(prepared.calibrationEnd),
    ...(prepared.holdoutEnd === undefined ? {} : { holdoutEnd: formatDay(prepared.holdoutEnd) }),
    ...(run.holdout ? { holdout: run.holdout } : {}),
    ...(other ? { [args.model === "gg" ? "transactionModel" : "spendModel"]: fitJson(other) } : {}),
  };
}

/** CSV columns present for this run, in order. */
export function csvColumns(run: ClvRun): string[] {
  const cols = ["customer_id", "x", "t_x", "T"];
  if (run.hasAmounts) cols.push("mean_spend");
  if (run.prepared.xStar) cols.push("x_holdout");
  cols.push("p_alive", "expected_purchases");
  if (run.clv) cols.push("expected_spend", "clv");
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
  return row.map((v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
}

function customersCsv(run: ClvRun): string {
  const n = run.prepared.id.length;
  const lines: string[] = new Array(n + 1);
  lines[0] = csvColumns(run).join(",");
  for (let i = 0; i < n; i++) lines[i + 1] = customerRow(run, i).map((v) => csvCell(v)).join(",");
  return lines.join("\n") + "\n";
}

function summaryLine(run: ClvRun): string {
  const n = (x: number) => x.toLocaleString("en");
  const { prepared: p, counts } = run;
  const models = [`${MODEL_TITLE[CLI_NAME[run.transactions.model]]} (transactions)`];
  if (run.spend) models.push(`Gamma-Gamma (spend, ${n(run.spend.customers)} repeat buyers)`);
  const parts = [
    `${models.join(" and ")} fitted to ${n(p.id.length)} customers, calibration to ${formatDay(p.calibrationEnd)}, unit ${run.args.unit}`,
    `${n(counts.used)} rows used (${n(p.rowsMerged)} same-day rows merged${p.rowsAfterEnd > 0 ? `, ${n(p.rowsAfterEnd)} after ${formatDay(p.holdoutEnd ?? p.calibrationEnd)} ignored` : ""})`,
  ];
  if (p.excluded.firstAfterCalibration > 0) parts.push(`${n(p.excluded.firstAfterCalibration)} customers first buying after the calibration end left out`);
  if (p.returnDays > 0) parts.push(`${n(p.returnDays)} days netting below zero counted as returns, not purchases`);
  if (p.excluded.onlyReturns > 0) parts.push(`${n(p.excluded.onlyReturns)} customers with returns only left out`);
  if (run.holdout) parts.push(`holdout repeat purchases ${n(run.holdout.actual)} actual, ${run.holdout.predicted.toLocaleString("en", { maximumFractionDigits: 1 })} predicted`);
  return parts.join("; ");
}
