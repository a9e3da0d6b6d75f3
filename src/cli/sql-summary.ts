/**
 * The shared end of the SQL engines (DuckDB, PostgreSQL): the per-customer rows that summarySql
 * returns become the core's SummaryColumns, and from there the core's scoring, classes, ABC and
 * pyramid (analyzeSummary) write the same --csv as the default engine.
 */
import { analyzeSummary } from "../core/segment/analyze";
import { detectColumns } from "../core/ingest/detect";
import { isTotalsWord } from "../core/ingest/table-shape";
import type { SummaryColumns } from "../core/segment/summary";
import type { AnalyzeOptions, Cell, ColumnMapping } from "../core/types";
import { UsageError, type InputArgs, type SegmentArgs } from "./args";
import { customersCsv } from "./customers-csv";
import { mappingOverrides } from "./input";
import { checkOutputs, writeCsvFile, writeOutput, type Io } from "./output";

/** Day numbers of the core count from 1899-12-30 (Excel's serials); SQL gives days since 1970-01-01. */
const EPOCH_DAY = 25569;

/** summarySql's columns, one entry per customer (values as the driver returns them). */
export interface SummaryRows {
  customer_id: unknown[];
  orders: unknown[];
  purchases: unknown[];
  monetary: unknown[];
  first_day: unknown[];
  last_day: unknown[];
  as_of: unknown[];
}

const day = (v: unknown) => (v === null || v === undefined ? NaN : Number(v) + EPOCH_DAY);

export function summaryColumns(rows: SummaryRows, futureRows: number): SummaryColumns {
  const n = rows.customer_id.length;
  const s: SummaryColumns = {
    ids: rows.customer_id.map(String),
    first: Float64Array.from(rows.first_day, day),
    last: Float64Array.from(rows.last_day, day),
    orders: Int32Array.from(rows.orders, Number),
    purchases: Int32Array.from(rows.purchases, Number),
    monetary: Float64Array.from(rows.monetary, Number),
    grossProfit: new Float64Array(n).fill(NaN),
    missingCostRows: 0,
    asOf: n > 0 ? day(rows.as_of[0]) : NaN,
    futureRows,
    beforeWindowRows: 0,
    rowCustomer: new Int32Array(0),
  };
  return s;
}

/** What an SQL engine can write: the customer CSV (a workbook copies the rows, which stay in the engine). */
export function checkSqlOutputs(args: SegmentArgs, engine: string): string {
  if (args.csv === undefined || args.out !== undefined) {
    throw new UsageError(
      `${engine} writes the customer table only: give --csv OUT.csv (a workbook copies every row, which the default engine does up to Excel's 1,048,576 rows)`,
    );
  }
  if (args.columns.quantity !== undefined || args.columns.cost !== undefined) {
    throw new UsageError(`${engine} takes --customer, --date, --amount and --order (not --quantity, --price or --cost)`);
  }
  checkOutputs(args.input, [["--csv", args.csv]]);
  return args.csv;
}

/** Core scoring on the summary, the CSV written, warnings and one summary line on stderr. */
export async function finishSegment(
  args: SegmentArgs,
  s: SummaryColumns,
  rows: { used: number; rejected: number },
  io: Io,
  engine: string,
): Promise<void> {
  const options: Partial<AnalyzeOptions> = {};
  if (args.scheme) options.scheme = args.scheme;
  if (args.center) options.center = args.center;
  if (args.abcCuts) options.abcCuts = args.abcCuts;
  const result = analyzeSummary(s, { transactions: rows.used, hasCost: false }, options);
  const csv = customersCsv(result, args.lang);
  const out = args.csv as string;
  await writeOutput(out, (path) => writeCsvFile(path, csv, !args.noBom));
  for (const w of result.warnings) io.err(`crm-segments: warning: ${w.message}\n`);
  const totals = totalsWordWarning(s.ids, engine);
  if (totals) io.err(`crm-segments: warning: ${totals}\n`);
  const active = s.purchases.reduce((t, p) => t + (p > 0 ? 1 : 0), 0);
  const count = (x: number) => x.toLocaleString("en");
  io.err(
    `crm-segments: ${engine}: ${count(s.ids.length)} customers (${count(active)} with purchases), ${count(rows.used)} rows used, ${count(rows.rejected)} rejected; wrote ${out}\n`,
  );
}

/**
 * The customer, date, amount and order columns of a table an engine reads: the flags, and the core's
 * detector on a sample of rows for the rest. Refuses a table lacking one of the three.
 */
export function sqlColumnMapping(args: InputArgs, header: string[], sample: Cell[][]): ColumnMapping {
  const given = mappingOverrides(args, header);
  // Detection fills the roles not given; the given ones are the caller's to merge.
  const m = { ...detectColumns([header, ...sample], { hasHeader: true, given }).mapping, ...given };
  const missing = (["customer", "date", "amount"] as const).filter((role) => m[role] === undefined);
  if (missing.length > 0)
    throw new UsageError(
      `${args.input}: no ${missing.join(", ")} column found; name ${missing.length === 1 ? "it" : "them"} with ${missing.map((r) => `--${r} COL`).join(" ")}`,
    );
  return m;
}

/**
 * The SQL engines aggregate without the default engine's totals-row check (a totals word as the
 * customer and the sum of the amounts above as the amount), so a dated totals row stays a customer:
 * said in one line, with the ways out.
 */
export function totalsWordWarning(ids: readonly string[], engine: string): string | undefined {
  const found = ids.filter((id) => isTotalsWord(id));
  if (found.length === 0) return undefined;
  const names = found
    .slice(0, 3)
    .map((id) => JSON.stringify(id))
    .join(", ");
  return `${found.length === 1 ? "customer" : "customers"} ${names}${found.length > 3 ? ", …" : ""} ${found.length === 1 ? "looks like a totals row" : "look like totals rows"}; the ${engine} engine counts ${found.length === 1 ? "it as a customer" : "them as customers"} (the default engine leaves totals rows out): remove those rows from the source or use --engine default`;
}
