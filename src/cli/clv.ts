/**
 * `crm-segments clv`: reads a sales table as `segment` does, summarises each customer's purchases up
 * to the calibration end (core prepareTransactions: same-day purchases merged, x = repeat purchase
 * days), fits BG/NBD or Pareto/NBD and, with amounts, Gamma-Gamma, and writes the fit as JSON, one
 * row per customer as CSV and/or a workbook (clv-xlsx.ts).
 */
import { writeFileSync } from "fs";
import { basename, dirname, extname, join } from "path";
import {
  boundaryProblem,
  calibrationWarnings,
  predictionIntervals,
  runClvOnCustomers,
  runClvWorkflow,
  type ClvWorkflowOptions,
  type ClvWorkflowResult,
  type FitResult,
  type ModelComparison,
  type TransactionModelName,
} from "../core/btyd";
import { dayFromYMD, formatDay, isValidYMD } from "../core/ingest/dates";
import { isCrmError } from "../core/errors";
import { requireSummable } from "../core/segment/summary";
import type { IngestCounts } from "../core/ingest/ingest";
import { UsageError, type ClvArgs, type ClvModel } from "./args";
import { lateDateWarning, requireDataRows } from "./checks";
import { csvCell } from "./csv-write";
import { inputKind, loadCsv, loadXlsx, readInput } from "./input";
import { CLI_NAME, csvColumns, customerRow, fitJson, missingCalibrationEnd, MODEL_TITLE, type ClvRun } from "./clv-run";
import { totalsWordWarning } from "./sql-summary";
import { checkOutputs, writeCsvFile, writeOutput, type Io } from "./output";

/** The transaction model a --model asks for (gg reports Gamma-Gamma beside BG/NBD, as before). */
const CORE_MODEL: Record<ClvModel, TransactionModelName | "auto"> = {
  bgnbd: "bgnbd",
  mbgnbd: "mbgnbd",
  pnbd: "paretonbd",
  nbd: "nbd",
  gg: "bgnbd",
  auto: "auto",
};

export async function clv(args: ClvArgs, io: Io): Promise<void> {
  if (args.from !== undefined && args.out === undefined && args.csv === undefined && args.paramsJson === undefined) {
    throw new UsageError("--from needs an output: -o OUT.xlsx, --csv OUT.csv or --params-json FILE");
  }
  const kind = args.from === undefined ? inputKind(args) : "csv";
  const workbookOut = args.out ?? (args.csv === undefined && args.paramsJson === undefined ? defaultOutput(args.input) : undefined);
  checkOutputs(args.input, [
    ["-o", workbookOut],
    ["--csv", args.csv],
    ["--params-json", args.paramsJson],
  ]);
  if (workbookOut !== undefined && extname(workbookOut).toLowerCase() !== ".xlsx")
    throw new UsageError(`-o ${workbookOut}: the workbook output must end in .xlsx`);
  const calibrationEnd = args.calibrationEnd === undefined ? undefined : parseDate(args.calibrationEnd, "--calibration-end");
  const holdoutEnd = args.holdoutEnd === undefined ? undefined : parseDate(args.holdoutEnd, "--holdout-end");
  if (holdoutEnd !== undefined && calibrationEnd !== undefined && holdoutEnd <= calibrationEnd) {
    throw new UsageError(`--holdout-end ${args.holdoutEnd} must be after --calibration-end ${args.calibrationEnd}`);
  }

  let input: { run: ClvRun; days: Float64Array; warnings: string[] };
  const duckDb = await import("./clv-duckdb");
  if (args.from !== undefined || duckDb.wantsDuckDbClv(args)) {
    const engine = args.from !== undefined ? "PostgreSQL" : "DuckDB";
    const db =
      args.from !== undefined
        ? await (await import("./clv-pg")).customersFromPostgres(args, calibrationEnd, holdoutEnd)
        : await duckDb.customersWithDuckDb(args, calibrationEnd, holdoutEnd);
    const workflow = (options: ClvWorkflowOptions) => runClvOnCustomers(db.prepared, db.repeatDays, options);
    const rejected =
      db.counts.rejected > 0
        ? [`${db.counts.rejected.toLocaleString("en")} rows left out: no customer, date or amount ${engine} reads`]
        : [];
    input = {
      run: inInput(args.input, () => fit(args, workflow, db.counts, true, db.prepared.calibrationEnd, holdoutEnd, io)),
      days: db.dayRange,
      warnings: [...rejected, totalsWordWarning(db.prepared.id, engine)].filter((w): w is string => w !== undefined),
    };
  } else input = await readAndFit(args, kind, calibrationEnd, holdoutEnd, io);
  const { run } = input;

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

  for (const w of input.warnings) io.err(`crm-segments: warning: ${w}\n`);
  const late = lateDateWarning(
    "--calibration-end",
    args.calibrationEnd ?? "",
    run.prepared.calibrationEnd,
    input.days,
    "every customer will look long gone (P(alive) low for everyone)",
  );
  if (late) io.err(`crm-segments: warning: ${late}\n`);
  io.err(`crm-segments: ${summaryLine(run)}; wrote ${written.join(" and ")}\n`);
}

/** The default engine: the whole table read into memory, prepared and fitted by the core. */
async function readAndFit(
  args: ClvArgs,
  kind: ReturnType<typeof inputKind>,
  calibrationEnd: number | undefined,
  holdoutEnd: number | undefined,
  io: Io,
) {
  const bytes = readInput(args.input);
  const loaded =
    kind === "xlsx"
      ? await loadXlsx(args, bytes, { amountOptional: true })
      : kind === "parquet"
        ? await (await import("./parquet")).loadParquet(args, bytes)
        : loadCsv(args, bytes, { amountOptional: true });
  requireDataRows(args.input, loaded);
  const hasAmounts = loaded.noAmount !== true;
  if (args.model === "gg" && !hasAmounts) {
    throw new UsageError(`--model gg is a spend model and ${args.input} has no amount column (name it with --amount)`);
  }
  const { ingested } = loaded;
  if (calibrationEnd === undefined) throw new UsageError(missingCalibrationEnd(ingested.transactions.day));
  const data = ingested.transactions;
  const run = inInput(args.input, () => {
    requireSummable(data);
    return fit(args, (options) => runClvWorkflow(data, options), ingested.counts, hasAmounts, calibrationEnd, holdoutEnd, io);
  });
  const warnings = ingested.warnings.map((w) => w.message);
  if (ingested.rejected.length > 0)
    warnings.push(
      `${ingested.rejected.length.toLocaleString("en")} rows left out, e.g. row ${ingested.rejected[0].row}: ${ingested.rejected[0].message}`,
    );
  return { run, days: data.day, warnings };
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

/** Runs the workflow (on transactions or on customers prepared elsewhere) with the options of the flags. */
function fit(
  args: ClvArgs,
  workflow: (options: ClvWorkflowOptions) => ClvWorkflowResult,
  counts: IngestCounts,
  hasAmounts: boolean,
  calibrationEnd: number,
  holdoutEnd: number | undefined,
  io: Io,
): ClvRun {
  const result = workflow({
    calibrationEnd,
    holdoutEnd,
    unit: args.unit,
    model: CORE_MODEL[args.model],
    spend: !hasAmounts ? "none" : args.model === "gg" ? "required" : "optional",
    horizonMonths: args.horizonMonths,
    annualDiscountRate: args.discountRate,
    margin: args.margin,
  });
  const warn = (text: string) => io.err(`crm-segments: WARNING: ${text}\n`);
  for (const note of result.notes) {
    if (note.kind === "notConverged") {
      warn(
        `${MODEL_TITLE[CLI_NAME[note.fit.model]]} did not converge: ${note.fit.message}. Its estimates are written with Converged = false; do not rely on them.${boundaryAdvice(note.fit)}`,
      );
    } else if (note.kind === "spendUnavailable") {
      warn(`${note.message}; expected spend and CLV are left out`);
    } else {
      warn(`Gamma-Gamma: q = ${note.q} ≤ 1, so the mean spend per purchase is infinite: expected spend and CLV are left out`);
    }
  }
  if (result.comparison && args.model === "auto") {
    io.err(`crm-segments: note: --model auto chose ${MODEL_TITLE[CLI_NAME[result.comparison.recommended]]}: ${result.comparison.reason}\n`);
  }
  if (!hasAmounts) io.err("crm-segments: note: no amount column: mean spend, expected spend and CLV need amounts and are left out\n");
  for (const w of calibrationWarnings(result.prepared)) {
    if (w.kind === "shortHoldout") {
      warn(
        `the holdout (${w.holdoutDays} days) is shorter than a quarter of the calibration period (${w.calibrationDays} days): its check of the model says little; end the calibration earlier`,
      );
    } else {
      const share = ((100 * w.repeaters) / w.customers).toFixed(0);
      warn(
        `only ${w.repeaters.toLocaleString("en")} of ${w.customers.toLocaleString("en")} customers (${share} %) bought again by the calibration end: dropout is barely identified; a later --calibration-end gives the models more repeat purchases`,
      );
    }
  }
  const run: ClvRun = { ...result, args, counts, hasAmounts };
  if (args.interval !== undefined) {
    run.intervals = predictionIntervals(result.transactions, result.prepared, result.horizon, { level: args.interval }, clvSpend(run));
  }
  return run;
}

/** The spend side of the intervals, when CLV was computed. */
function clvSpend(run: ClvRun) {
  if (!run.spend || !run.clv) return undefined;
  const { args } = run;
  return {
    fit: run.spend,
    meanSpend: run.prepared.meanSpend,
    clv: { periods: args.horizonMonths, periodLength: run.monthLength, discountRate: run.monthlyRate, margin: args.margin },
  };
}

/** A boundary fit named for what it is, with the model it reduces to. */
function boundaryAdvice(f: FitResult): string {
  const reduces =
    /^no dropout/.test(boundaryProblem(f) ?? "") || /parameter (a|s) ran towards 0|parameter (b|beta) ran towards infinity/.test(f.message);
  if (reduces)
    return ` This is a boundary solution — no dropout detected: ${MODEL_TITLE[CLI_NAME[f.model]]} reduces to NBD; use --model nbd, or --model auto to compare all models.`;
  if (/ran towards/.test(f.message)) return " This is a boundary solution; --model auto compares all models and recommends one that fits.";
  return "";
}

/** --params-json: the chosen model's fit first (model, params, logLikelihood, customers), then the data and the other fit. */
function paramsJson(run: ClvRun): object {
  const { prepared, args } = run;
  const main = args.model === "gg" ? (run.spend as FitResult) : run.transactions;
  const other = args.model === "gg" ? run.transactions : run.spend;
  return {
    ...fitJson(main),
    excluded: {
      ...main.excluded,
      firstPurchaseAfterCalibration: prepared.excluded.firstAfterCalibration,
      onlyReturns: prepared.excluded.onlyReturns,
    },
    returnDays: prepared.returnDays,
    unit: args.unit,
    daysPerUnit: prepared.daysPerUnit,
    calibrationEnd: formatDay(prepared.calibrationEnd),
    ...(prepared.holdoutEnd === undefined ? {} : { holdoutEnd: formatDay(prepared.holdoutEnd) }),
    ...(run.holdout ? { holdout: run.holdout } : {}),
    ...(other ? { [args.model === "gg" ? "transactionModel" : "spendModel"]: fitJson(other) } : {}),
    ...(run.comparison ? { comparison: comparisonJson(run.comparison) } : {}),
    ...(run.intervals
      ? {
          intervals: {
            method: "parametric: ln θ ~ N(ln θ̂, H⁻¹), spend model drawn independently",
            level: run.intervals.level,
            draws: run.intervals.draws,
            seed: run.intervals.seed,
          },
        }
      : {}),
  };
}

/** Every model's fit and scores, and the recommendation with its reason. */
function comparisonJson(c: ModelComparison) {
  return {
    recommended: CLI_NAME[c.recommended],
    reason: c.reason,
    models: c.scores.map((s) => ({
      ...fitJson(s.fit),
      aic: s.aic,
      bic: s.bic,
      ...(s.problem ? { problem: s.problem } : {}),
      ...(s.holdout ? { holdout: s.holdout } : {}),
    })),
  };
}

function customersCsv(run: ClvRun): string {
  const n = run.prepared.id.length;
  const lines: string[] = new Array(n + 1);
  lines[0] = csvColumns(run).join(",");
  for (let i = 0; i < n; i++)
    lines[i + 1] = customerRow(run, i)
      .map((v) => csvCell(v))
      .join(",");
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
  if (p.excluded.firstAfterCalibration > 0)
    parts.push(`${n(p.excluded.firstAfterCalibration)} customers first buying after the calibration end left out`);
  if (p.returnDays > 0) parts.push(`${n(p.returnDays)} days netting below zero counted as returns, not purchases`);
  if (p.excluded.onlyReturns > 0) parts.push(`${n(p.excluded.onlyReturns)} customers with returns only left out`);
  if (run.holdout)
    parts.push(
      `holdout repeat purchases ${n(run.holdout.actual)} actual, ${run.holdout.predicted.toLocaleString("en", { maximumFractionDigits: 1 })} predicted`,
    );
  return parts.join("; ");
}
