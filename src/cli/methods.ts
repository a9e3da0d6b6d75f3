/**
 * `crm-segments lifecycle | profit | matrix`: reads the sales table as `segment` does (input.ts),
 * runs the core method (core/methods/commands.ts) and writes the class workbook and/or the CSV
 * through output.ts (atomic, formula-safe, never over the input).
 */
import { basename, dirname, extname, join } from "path";
import { dayFromYMD, formatDay, isValidYMD } from "../core/ingest/dates";
import { isCrmError } from "../core/errors";
import { buildClassReport } from "../core/methods/class-report";
import { lifecycleTable, matrixTable, profitTable, type MethodTable } from "../core/methods/commands";
import { parseMeasure } from "../core/methods/measures";
import type { CtsDriver, ProfitOptions } from "../core/methods/profit";
import { parseQuadrantScheme } from "../core/methods/quadrant";
import type { OutCell } from "../core/report/report-types";
import { UsageError } from "./args";
import type { MethodArgs } from "./args-methods";
import { requireDataRows } from "./checks";
import { resolveColumn } from "./columns";
import { csvCell } from "./csv-write";
import { inputKind, loadCsv, loadXlsx, readInput, type Loaded } from "./input";
import { checkOutputs, writeCsvFile, writeOutput, type Io } from "./output";

export async function methodCommand(args: MethodArgs, io: Io): Promise<void> {
  const kind = inputKind(args);
  const workbookOut =
    args.out ??
    (args.csv === undefined ? join(dirname(args.input), `${basename(args.input, extname(args.input))}-${args.command}.xlsx`) : undefined);
  checkOutputs(args.input, [
    ["-o", workbookOut],
    ["--csv", args.csv],
  ]);
  if (workbookOut !== undefined && extname(workbookOut).toLowerCase() !== ".xlsx")
    throw new UsageError(`-o ${workbookOut}: the workbook output must end in .xlsx`);
  const asOf = parseDate(args.asOf, "--as-of");
  const compareTo = parseDate(args.compareTo, "--compare-to");

  const bytes = readInput(args.input);
  const load = (columns: MethodArgs["columns"]) =>
    kind === "csv" ? Promise.resolve(loadCsv({ ...args, columns }, bytes)) : loadXlsx({ ...args, columns }, bytes);
  const loaded = await load(args.columns);
  requireDataRows(args.input, loaded);
  const tx = loaded.ingested.transactions;

  const table = await onData(args.input, async () => {
    if (args.command === "lifecycle") return lifecycleTable(tx, args.lang, { asOf }, compareTo, formatDay);
    if (args.command === "matrix")
      return matrixTable(tx, args.lang, parseMeasure(args.x!), parseMeasure(args.y!), parseQuadrantScheme(args.scheme ?? "GENERIC"), asOf, {
        xCut: args.xCut,
        yCut: args.yCut,
      });
    const options: ProfitOptions = { asOf, scheme: (args.scheme ?? "PROFIT") as "PROFIT" | "SHAPIRO" };
    if (args.discount !== undefined) options.discount = await extraColumn("--discount", args.discount, loaded, args.input, load);
    if (typeof args.costToServe === "object")
      options.ctsColumn = await extraColumn("--cost-to-serve", args.costToServe.column, loaded, args.input, load);
    else if (args.costToServe) {
      options.ctsDriver = args.costToServe as CtsDriver;
      options.ctsPool = args.ctsTotal;
    }
    return profitTable(tx, args.lang, options);
  });

  const written: string[] = [];
  const warnings: string[] = [];
  if (args.csv !== undefined) {
    const text = csvText(table);
    await writeOutput(args.csv, (path) => writeCsvFile(path, text, !args.noBom));
    written.push(args.csv);
  }
  if (workbookOut !== undefined) {
    const spec = buildClassReport({
      ...table.report(),
      rowCustomer: table.rowCustomer,
      sourceRow: tx.sourceRow,
      sourceRows: loaded.ingested.counts.dataRows,
      headerRow: loaded.data.headerRow,
    });
    const { writeWorkbook } = await import("./render-xlsx");
    await writeOutput(workbookOut, async (path) => {
      warnings.push(...(spec.notes ?? []), ...(await writeWorkbook(path, spec, loaded.data, args.lang)));
    });
    written.push(workbookOut);
  }
  for (const w of loaded.ingested.warnings) io.err(`crm-segments: warning: ${w.message}\n`);
  for (const w of warnings) io.err(`crm-segments: warning: ${w}\n`);
  const { used, rejected } = loaded.ingested.counts;
  io.err(
    `crm-segments: ${table.csvRows.length} customers (${table.classified} classified), ${used} rows used, ${rejected} rejected; wrote ${written.join(" and ")}\n`,
  );
}

/**
 * A per-row column the ingest has no role for (discount, cost to serve): the table is read again
 * with that column in the cost role and every other role pinned to the first reading's columns,
 * through the same reader, and matched to the rows by source row.
 */
async function extraColumn(
  flag: string,
  ref: string,
  loaded: Loaded,
  input: string,
  load: (c: MethodArgs["columns"]) => Promise<Loaded>,
): Promise<Float64Array> {
  const { mapping, header, transactions: tx } = loaded.ingested;
  const index = resolveColumn(ref, header, flag, input);
  const pinned: MethodArgs["columns"] = {};
  for (const role of ["customer", "date", "amount", "quantity", "price", "order"] as const) {
    const at = mapping[role];
    if (at === undefined) continue;
    if (at === index)
      throw new UsageError(`${flag} ${ref} is the ${role} column; name the column that holds the ${flag.slice(2).replace(/-/g, " ")}`);
    pinned[role] = String(at + 1);
  }
  const again = await load({ ...pinned, cost: String(index + 1) });
  const byRow = new Map<number, number>();
  const t = again.ingested.transactions;
  for (let i = 0; i < t.sourceRow.length; i++) byRow.set(t.sourceRow[i], t.cost ? t.cost[i] : NaN);
  const bad = new Map(again.ingested.rejected.map((r) => [r.row, r.message]));
  const out = new Float64Array(tx.sourceRow.length);
  for (let i = 0; i < tx.sourceRow.length; i++) {
    const v = byRow.get(tx.sourceRow[i]);
    if (v === undefined)
      throw new UsageError(
        `${flag} ${ref}: row ${tx.sourceRow[i]}: ${bad.get(tx.sourceRow[i]) ?? "not a number"}; fix the cell or name another column with ${flag}`,
      );
    out[i] = v;
  }
  return out;
}

/** One line per customer, LF line ends, header first; cells safe to open (csvCell). */
function csvText(table: MethodTable): string {
  const cell = (v: OutCell) =>
    v === null ? "" : typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : typeof v === "boolean" ? String(v) : csvCell(v);
  const lines = new Array<string>(table.csvRows.length + 1);
  lines[0] = table.csvHeader.join(",");
  for (let i = 0; i < table.csvRows.length; i++) lines[i + 1] = table.csvRows[i].map(cell).join(",");
  return lines.join("\n") + "\n";
}

/** Core errors about the data name the input, as for segment. */
async function onData<T>(input: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isCrmError(error)) throw new UsageError(`${input}: ${error.message}`);
    throw error;
  }
}

function parseDate(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const [y, m, d] = text.split("-").map(Number);
  if (!isValidYMD(y, m, d) || y < 1900) throw new UsageError(`${flag} ${text} is not a calendar date`);
  return dayFromYMD(y, m, d);
}
