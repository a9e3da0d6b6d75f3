/**
 * `crm-segments segment`: reads a sales table, runs the core pipeline (ingest → analyze → report)
 * and writes the segmented workbook and/or the customer CSV.
 */
import { basename, dirname, extname, join } from "path";
import { analyze } from "../core/segment/analyze";
import { dayFromYMD, isValidYMD } from "../core/ingest/dates";
import { isCrmError } from "../core/errors";
import type { IngestResult } from "../core/ingest/ingest";
import { buildReport } from "../core/report/report";
import type { AnalysisResult, AnalyzeOptions } from "../core/types";
import { UsageError, type SegmentArgs } from "./args";
import { lateDateWarning, requireDataRows } from "./checks";
import { customersCsv } from "./customers-csv";
import { inputKind, loadCsv, loadXlsx, readInput } from "./input";
import { checkOutputs, writeCsvFile, writeOutput, type Io } from "./output";

/** Inputs above this size get progress lines on stderr. */
const LARGE_INPUT_BYTES = 20 * 2 ** 20;

export async function segment(args: SegmentArgs, io: Io): Promise<void> {
  if (args.from !== undefined) return (await import("./pg-source")).segmentFromPostgres(args, io);
  const engine = await import("./engine-duckdb");
  if (engine.wantsDuckDb(args)) return engine.segmentWithDuckDb(args, io);
  const started = Date.now();
  const kind = inputKind(args);
  const workbookOut = args.out ?? (args.csv === undefined ? defaultOutput(args.input) : undefined);
  checkOutputs(args.input, [
    ["-o", workbookOut],
    ["--csv", args.csv],
  ]);
  if (workbookOut !== undefined && extname(workbookOut).toLowerCase() !== ".xlsx")
    throw new UsageError(`-o ${workbookOut}: the workbook output must end in .xlsx`);
  const asOf = parseAsOf(args.asOf);

  const bytes = readInput(args.input);
  const progress =
    bytes.length > LARGE_INPUT_BYTES
      ? (text: string) => io.err(`crm-segments: ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
      : () => {};
  const loaded =
    kind === "csv"
      ? loadCsv(args, bytes)
      : kind === "parquet"
        ? await (await import("./parquet")).loadParquet(args, bytes)
        : await loadXlsx(args, bytes);
  requireDataRows(args.input, loaded);
  const { ingested, data } = loaded;
  progress(`read ${count(ingested.counts.dataRows)} rows`);

  const options: Partial<AnalyzeOptions> = {};
  if (asOf !== undefined) options.asOf = asOf;
  if (args.scheme) options.scheme = args.scheme;
  if (args.center) options.center = args.center;
  if (args.abcCuts) options.abcCuts = args.abcCuts;
  const result = analyzeInput(args.input, () => analyze(ingested.transactions, options));
  progress(`analysed ${count(result.customers.length)} customers`);

  const written: string[] = [];
  const limitWarnings: string[] = [];
  if (args.csv !== undefined) {
    const csv = customersCsv(result, args.lang);
    await writeOutput(args.csv, (path) => writeCsvFile(path, csv, !args.noBom));
    written.push(args.csv);
  }
  if (workbookOut !== undefined) {
    const spec = buildReport({
      result,
      ingest: ingested,
      lang: args.lang,
      sourceRows: ingested.counts.dataRows,
      headerRow: data.headerRow,
    });
    // ExcelJS loads only when a workbook is read or written: the --csv path starts faster.
    const { writeWorkbook } = await import("./render-xlsx");
    progress(`writing ${workbookOut}`);
    await writeOutput(workbookOut, async (path) => {
      limitWarnings.push(...(spec.notes ?? []), ...(await writeWorkbook(path, spec, data, args.lang)));
    });
    written.push(workbookOut);
  }

  for (const w of [...ingested.warnings, ...result.warnings]) io.err(`crm-segments: warning: ${w.message}\n`);
  const late =
    asOf === undefined
      ? undefined
      : lateDateWarning("--as-of", args.asOf as string, asOf, ingested.transactions.day, "recency will be large for everyone");
  if (late) io.err(`crm-segments: warning: ${late}\n`);
  for (const w of limitWarnings) io.err(`crm-segments: warning: ${w}\n`);
  io.err(`crm-segments: ${summaryLine(result, ingested)}; wrote ${written.join(" and ")}\n`);
}

/** Core errors about the data (amounts beyond what can be summed) name the input. */
function analyzeInput<T>(input: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (isCrmError(error)) throw new UsageError(`${input}: ${error.message}`);
    throw error;
  }
}

function summaryLine(result: AnalysisResult, ingested: IngestResult): string {
  const active = result.customers.reduce((s, c) => s + (c.active ? 1 : 0), 0);
  const { used, rejected, blank } = ingested.counts;
  // A totals row is no bad row: it is counted apart, as its warning names it.
  const totals = ingested.rejected.reduce((n, r) => n + (r.reason === "TOTALS_ROW" ? 1 : 0), 0);
  const parts = [
    `${count(result.customers.length)} customers (${count(active)} with purchases)`,
    `${count(used)} rows used`,
    `${count(rejected - totals)} rejected`,
  ];
  if (totals > 0) parts.push(`${count(totals)} totals ${totals === 1 ? "row" : "rows"} left out`);
  if (blank > 0) parts.push(`${count(blank)} blank`);
  return parts.join(", ");
}

/** A count with thousands commas, as toLocaleString("en") writes it (without loading ICU's number formats: ~10 ms). */
function count(x: number): string {
  return String(x).replace(/\B(?=(\d{3})+$)/g, ",");
}

function defaultOutput(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}-segmented.xlsx`);
}

function parseAsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const [y, m, d] = text.split("-").map(Number);
  if (!isValidYMD(y, m, d) || y < 1900) throw new UsageError(`--as-of ${text} is not a calendar date`);
  return dayFromYMD(y, m, d);
}
