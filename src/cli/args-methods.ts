/** Arguments of `crm-segments lifecycle | profit | matrix` (the further methods, METHODS.md §8, §11, §6/§9). */
import { readFlags, UsageError, type InputArgs } from "./flags";
import type { OutputLang } from "../core/types";

export type MethodCommand = "lifecycle" | "profit" | "matrix";
export const METHOD_COMMANDS: readonly MethodCommand[] = ["lifecycle", "profit", "matrix"];

export interface MethodArgs extends InputArgs {
  command: MethodCommand;
  /** YYYY-MM-DD as given. */
  asOf?: string;
  compareTo?: string;
  /** profit: discount column, cost to serve (a driver or a column) and the total a driver allocates. */
  discount?: string;
  costToServe?: "ORDERS" | "LINES" | "REVENUE" | { column: string };
  ctsTotal?: number;
  /** matrix: measures and scheme; profit: PROFIT or SHAPIRO. */
  x?: string;
  y?: string;
  scheme?: string;
  /** matrix: axis thresholds (MEDIAN, MEAN or a number); the scheme's defaults when omitted. */
  xCut?: "MEDIAN" | "MEAN" | number;
  yCut?: "MEDIAN" | "MEAN" | number;
  lang: OutputLang;
  out?: string;
  csv?: string;
  debug: boolean;
  noBom?: boolean;
}

export const METHODS_USAGE = `Usage: crm-segments lifecycle <input> [--as-of D] [--compare-to D] [options]
       crm-segments profit <input> [--cost COL] [--discount COL] [--cost-to-serve orders|lines|revenue|COL] [--cts-total AMOUNT] [options]
       crm-segments matrix <input> --x MEASURE --y MEASURE [--scheme VALUE|PROFIT|SHAPIRO|SATLOY|LOYALTY|IPA|MARCUS|GENERIC] [--x-cut C] [--y-cut C] [options]

lifecycle: each customer's stage (exploration, formation, stability, decline); with --compare-to,
  the stage at that earlier date too and the stage-to-stage transition matrix on the summary.
profit: GSV → discounts → NSV → product cost → gross profit → cost to serve → net profit per
  customer (amount = net sales of the line; --cost the product cost of the line; --discount the
  discount of the line). --cost-to-serve COL sums a cost-to-serve column; orders, lines or revenue
  allocate --cts-total by that driver. With a cost to serve, the profitability matrix (--scheme
  PROFIT, default, or SHAPIRO).
matrix: the 2×2 of two per-customer measures: MONETARY, PROFIT, FREQUENCY, RECENCY, AOV, TENURE,
  TREND, CLV, LOYALTY; thresholds at the scheme's defaults (GENERIC and VALUE: medians), or
  --x-cut / --y-cut median, mean or a number.

Each writes a workbook (class columns beside the data, customers, one sheet per class, summary;
default <input>-<command>.xlsx) and/or --csv OUT.csv. Columns, --sheet, --encoding, --lang, -o,
--debug and --no-bom as for segment.`;

const FLAGS = new Set([
  "--sheet",
  "--customer",
  "--date",
  "--amount",
  "--quantity",
  "--price",
  "--order",
  "--cost",
  "--encoding",
  "--as-of",
  "--compare-to",
  "--discount",
  "--cost-to-serve",
  "--cts-total",
  "--x",
  "--y",
  "--scheme",
  "--x-cut",
  "--y-cut",
  "--lang",
  "-o",
  "--out",
  "--csv",
]);
const ONLY: Record<string, MethodCommand[]> = {
  "--compare-to": ["lifecycle"],
  "--discount": ["profit"],
  "--cost-to-serve": ["profit"],
  "--cts-total": ["profit"],
  "--x": ["matrix"],
  "--y": ["matrix"],
  "--x-cut": ["matrix"],
  "--y-cut": ["matrix"],
  "--scheme": ["profit", "matrix"],
};

export function parseMethodArgs(command: MethodCommand, rest: string[], defaultLang: OutputLang): MethodArgs {
  const { values, positional, switches } = readFlags(rest, FLAGS, new Set(["--no-bom", "--debug"]));
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0
        ? "missing input file (an .xlsx, .csv, .txt, .tsv or .tab)"
        : `one input file expected, got ${positional.length}: ${positional.join(", ")}`,
    );
  for (const [flag, commands] of Object.entries(ONLY)) {
    if (values.has(flag) && !commands.includes(command))
      throw new UsageError(`${flag} applies to ${commands.join(" and ")}, not ${command}`);
  }
  const get = (flag: string) => values.get(flag);
  for (const flag of ["--as-of", "--compare-to"]) {
    const v = get(flag);
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`${flag} must be YYYY-MM-DD (got '${v}')`);
  }
  const lang = get("--lang")?.toLowerCase() ?? defaultLang;
  if (lang !== "zh" && lang !== "en") throw new UsageError(`--lang must be one of zh, en (got '${get("--lang")}')`);
  const args: MethodArgs = {
    command,
    input: positional[0],
    sheet: get("--sheet"),
    encoding: get("--encoding"),
    columns: {
      customer: get("--customer"),
      date: get("--date"),
      amount: get("--amount"),
      quantity: get("--quantity"),
      price: get("--price"),
      order: get("--order"),
      cost: get("--cost"),
    },
    asOf: get("--as-of"),
    compareTo: get("--compare-to"),
    discount: get("--discount"),
    x: get("--x"),
    y: get("--y"),
    scheme: get("--scheme")?.toUpperCase(),
    lang,
    out: get("--out"),
    csv: get("--csv"),
    debug: switches.has("--debug"),
  };
  if (switches.has("--no-bom")) args.noBom = true;
  const cts = get("--cost-to-serve");
  if (cts !== undefined) {
    const driver = cts.toUpperCase();
    args.costToServe = driver === "ORDERS" || driver === "LINES" || driver === "REVENUE" ? driver : { column: cts };
  }
  const total = get("--cts-total");
  if (total !== undefined) {
    const n = Number(total);
    if (total.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`--cts-total must be an amount ≥ 0 (got '${total}')`);
    args.ctsTotal = n;
  }
  if (typeof args.costToServe === "string" && args.ctsTotal === undefined) {
    throw new UsageError(`--cost-to-serve ${cts} allocates a total: give it with --cts-total AMOUNT (or name a cost-to-serve column)`);
  }
  if (args.ctsTotal !== undefined && typeof args.costToServe !== "string")
    throw new UsageError("--cts-total goes with --cost-to-serve orders|lines|revenue");
  for (const [flag, key] of [
    ["--x-cut", "xCut"],
    ["--y-cut", "yCut"],
  ] as const) {
    const v = get(flag);
    if (v !== undefined) args[key] = parseCut(flag, v);
  }
  if (command === "matrix" && (args.x === undefined || args.y === undefined))
    throw new UsageError(
      "matrix needs --x MEASURE and --y MEASURE (MONETARY, PROFIT, FREQUENCY, RECENCY, AOV, TENURE, TREND, CLV, LOYALTY)",
    );
  if (command === "profit" && args.scheme !== undefined && args.scheme !== "PROFIT" && args.scheme !== "SHAPIRO")
    throw new UsageError(`--scheme for profit must be PROFIT or SHAPIRO (got '${get("--scheme")}')`);
  return args;
}

function parseCut(flag: string, text: string): "MEDIAN" | "MEAN" | number {
  const upper = text.trim().toUpperCase();
  if (upper === "MEDIAN" || upper === "MEAN") return upper;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${flag} must be median, mean or a number (got '${text}')`);
  return n;
}
