/** Command-line arguments of `crm-segments segment`, parsed and validated without dependencies. */
import { METHOD_COMMANDS, METHODS_USAGE, parseMethodArgs, type MethodArgs, type MethodCommand } from "./args-methods";
import { BOOLEAN_FLAGS, readFlags, UsageError, type InputArgs } from "./flags";
import type { OutputLang } from "../core/types";

// Imported from here by the commands; flags.ts holds them so that args-methods.ts need not import this file.
export { BOOLEAN_FLAGS, readFlags, UsageError, type InputArgs };

export interface SegmentArgs extends InputArgs {
  /** YYYY-MM-DD as given (validated by shape here, by the calendar in the caller). */
  asOf?: string;
  scheme?: "W11" | "W10" | "CN8";
  center?: "MEAN" | "MEDIAN";
  abcCuts?: [number, number];
  lang: OutputLang;
  /** Workbook output path; undefined with --csv only. */
  out?: string;
  csv?: string;
  /** --debug: an internal error prints its stack trace. */
  debug: boolean;
  /** --no-bom: the CSV without a UTF-8 byte-order mark. */
  noBom?: boolean;
  /** --engine: default (JavaScript) or duckdb; undefined = automatic by size (engine-duckdb.ts). */
  engine?: "default" | "duckdb";
  /** --from postgresql://…: read from PostgreSQL (input is then the URL without its password). */
  from?: string;
  table?: string;
  query?: string;
}

export type ClvModel = "bgnbd" | "mbgnbd" | "pnbd" | "nbd" | "gg" | "auto";

export interface ClvArgs extends InputArgs {
  /** YYYY-MM-DD as given (validated by shape here, by the calendar in the caller); the caller refuses a missing one with a suggestion from the data. */
  calibrationEnd?: string;
  holdoutEnd?: string;
  unit: "day" | "week" | "month";
  model: ClvModel;
  /** Whole months ≥ 1. */
  horizonMonths: number;
  /** Annual rate, > −1. */
  discountRate: number;
  /** Share of revenue kept as profit, in (0, 1]. */
  margin: number;
  lang: OutputLang;
  paramsJson?: string;
  /** Workbook output path as given (the caller picks the default). */
  out?: string;
  csv?: string;
  debug: boolean;
  /** --no-bom: the CSV without a UTF-8 byte-order mark. */
  noBom?: boolean;
  /** --interval LEVEL: per-customer prediction intervals at this level, in (0, 1). */
  interval?: number;
  /** --engine: as for segment; undefined = automatic by size (clv-duckdb.ts). */
  engine?: "default" | "duckdb";
  /** --from postgresql://… with --table or --query, as for segment (input is then the URL without its password). */
  from?: string;
  table?: string;
  query?: string;
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "segment"; args: SegmentArgs }
  | { kind: "clv"; args: ClvArgs }
  | { kind: "method"; args: MethodArgs };

export const USAGE = `Usage: crm-segments segment <input.xlsx|input.csv> [options]

Segments customers from sales transactions (RFM segments, ABC classes, customer pyramid) and
writes a workbook with tier columns, a customers sheet, one sheet per segment, a summary and the
rows with issues; or a customer table as CSV.

Columns (COL = header name, column letter such as C, or 1-based number; detected when omitted):
  --customer COL            customer id
  --date COL                order date
  --amount COL              net amount of the line (negative = return)
  --quantity COL --price COL   instead of --amount: amount = quantity × unit price
  --order COL               order id (each row is one order without it)
  --cost COL                cost of the line

Options:
  --sheet NAME              worksheet to read (default: the first)
  --encoding NAME           encoding of a text input (.csv, .txt, .tsv, .tab); detected when
                            omitted: UTF-8, UTF-16, GB18030, Big5 or Windows-1252. The delimiter
                            (, ; tab | or runs of spaces) is detected; with ; a comma is decimal
  --as-of YYYY-MM-DD        as-of date (default: the latest order date)
  --scheme W11|W10|CN8      segment scheme (default W11)
  --center mean|median      CN8 centre (default mean)
  --abc A,B                 ABC cumulative value cuts (default 0.8,0.95)
  --lang zh|en              language of labels, sheet names and messages in the workbook
                            (default: from LC_ALL, LC_MESSAGES or LANG; zh for a Chinese locale,
                            else en)
  -o, --out OUT.xlsx        output workbook (default: <input>-segmented.xlsx next to the input)
  --csv OUT.csv             customer table as CSV; given alone, no workbook is written
  --debug                   on an internal error, print the stack trace
  --no-bom                  CSV without the UTF-8 byte-order mark (Excel needs it to read Chinese)
  --engine default|duckdb   duckdb: DuckDB reads and aggregates the file (CSV, Parquet), --csv only;
                            chosen by itself for a .csv/.parquet over 256 MiB with --csv when installed
  --from postgresql://URL   read from PostgreSQL instead of a file, with --table NAME or --query SQL:
                            the aggregation runs in the database, read-only; --csv only; password
                            from the URL or PGPASSWORD (never printed)
  -h, --help                show this help
  -V, --version             show the version

Usage: crm-segments clv <input.xlsx|input.csv|input.txt> --calibration-end YYYY-MM-DD [options]

Fits a probabilistic customer-base model to the purchases up to the calibration end (same-day
purchases merged; x = repeat purchase days) and writes each customer's P(alive), expected
purchases, expected spend and lifetime value; with a holdout end, also the actual repeat
purchases after the calibration end against the model's.

  --customer COL --date COL --amount COL   columns as for segment (detected when omitted); without
                            an amount column the spend and CLV columns are left out
  --sheet NAME              worksheet to read (default: the first)
  --encoding NAME           encoding of a text input (detected when omitted, as for segment)
  --calibration-end DATE    last day of the calibration period (inclusive; required: without it
                            the refusal suggests one from the data's dates)
  --holdout-end DATE        last day of the holdout period (inclusive)
  --unit day|week|month     time unit of the model (default week; a month is 30.4375 days)
  --model bgnbd|pnbd|gg     model whose fit --params-json reports (default bgnbd); bgnbd and pnbd
                            are the transaction model, with Gamma-Gamma for spend when there are
                            amounts; gg reports Gamma-Gamma, with BG/NBD for the transactions;
                            also mbgnbd (MBG/NBD), nbd (no dropout) and auto: fit all four, compare
                            them (workbook sheet Models, --params-json) and use the recommended one
  --interval LEVEL          prediction intervals per customer at this level, e.g. 0.9 (simulated
                            from the fitted parameters' asymptotic normal distribution, seeded)
  --horizon MONTHS          horizon of expected purchases and CLV (default 12)
  --discount-rate ANNUAL    annual discount rate of the CLV (default 0.10)
  --margin FRACTION         share of revenue kept as profit (default 1)
  --lang zh|en              language of the workbook (default from the locale, as for segment)
  --params-json FILE        the fitted parameters as JSON
  --engine default|duckdb   duckdb: DuckDB reads the file (CSV, Parquet) and computes each
                            customer's x, t_x, T, mean spend and x* in SQL; automatic above 256 MiB
  --from postgresql://URL   read from PostgreSQL instead of a file, with --table NAME or --query SQL:
                            each customer's x, t_x, T, mean spend and x* are computed in the
                            database, read-only; password from the URL or PGPASSWORD (never printed)
  -o, --out OUT.xlsx        workbook: parameters, customers and, with a holdout, weekly tracking
                            (default: <input>-clv.xlsx when neither --csv nor --params-json is given)
  --csv OUT.csv             one row per customer
  --debug                   on an internal error, print the stack trace
  --no-bom                  CSV without the UTF-8 byte-order mark

Usage: crm-segments sql segment|btyd --dialect duckdb|postgres [options]

Prints the SQL computing the customer table (segment) or the BTYD triples (btyd) where the data
live; 'crm-segments sql --help' lists its options. 'crm-segments clv --from-triples FILE
[--model bgnbd|pnbd] [--params-json FILE]' fits the triples.

Exit status: 0 on success (a fit that did not converge is written with a warning), 2 on bad
arguments, unreadable input or data that no model can be fitted to, 1 on an internal error.

${METHODS_USAGE}`;

const VALUE_FLAGS = new Set([
  "--sheet",
  "--customer",
  "--date",
  "--amount",
  "--quantity",
  "--price",
  "--order",
  "--cost",
  "--as-of",
  "--scheme",
  "--center",
  "--abc",
  "--lang",
  "-o",
  "--out",
  "--csv",
  "--encoding",
  "--engine",
  "--from",
  "--table",
  "--query",
]);

/** `defaultLang` is what --lang is when not given (main takes it from the locale). */
export function parseArgs(argv: string[], defaultLang: OutputLang): Command {
  if (argv.length === 0) throw new UsageError("missing command; try 'crm-segments --help'");
  if (argv.includes("-h") || argv.includes("--help")) return { kind: "help" };
  if (argv.includes("-V") || argv.includes("--version")) return { kind: "version" };
  const [command, ...rest] = argv;
  if (command === "clv") return { kind: "clv", args: parseClvArgs(rest, defaultLang) };
  if (METHOD_COMMANDS.includes(command as MethodCommand))
    return { kind: "method", args: parseMethodArgs(command as MethodCommand, rest, defaultLang) };
  if (command !== "segment")
    throw new UsageError(
      `unknown command '${command}'; the commands are 'segment', 'clv', 'sql', ${METHOD_COMMANDS.map((c) => `'${c}'`).join(", ")}`,
    );

  const { values, positional, switches } = readFlags(rest, VALUE_FLAGS, BOOLEAN_FLAGS);
  const fromDb = values.get("--from");
  if (fromDb !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(fromDb)) throw new UsageError("--from takes a postgresql://user@host:port/database URL");
    if (positional.length > 0) throw new UsageError(`--from reads a database, not the file '${positional[0]}'`);
    positional.push(fromDb.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@"));
  } else if (values.has("--table") || values.has("--query")) throw new UsageError("--table and --query go with --from postgresql://…");
  if (positional.length === 0) throw new UsageError("missing input file (an .xlsx, .csv, .txt, .tsv or .tab)");
  if (positional.length > 1) throw new UsageError(`one input file expected, got ${positional.length}: ${positional.join(", ")}`);

  const get = (flag: string) => values.get(flag);
  const asOf = get("--as-of");
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be YYYY-MM-DD (got '${asOf}')`);
  if (get("--amount") !== undefined && (get("--quantity") !== undefined || get("--price") !== undefined)) {
    throw new UsageError("give either --amount or --quantity with --price, not both");
  }
  if ((get("--quantity") === undefined) !== (get("--price") === undefined)) {
    throw new UsageError("--quantity and --price go together");
  }

  const args: SegmentArgs = {
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
    asOf,
    scheme: choice(get("--scheme"), "--scheme", ["W11", "W10", "CN8"] as const),
    center: choice(get("--center"), "--center", ["MEAN", "MEDIAN"] as const),
    abcCuts: abcCuts(get("--abc")),
    lang: oneOf(get("--lang"), "--lang", ["zh", "en"] as const, defaultLang),
    out: get("--out"),
    csv: get("--csv"),
    debug: switches.has("--debug"),
  };
  if (switches.has("--no-bom")) args.noBom = true;
  if (fromDb !== undefined) Object.assign(args, { from: fromDb, table: get("--table"), query: get("--query") });
  const engine = get("--engine");
  if (engine !== undefined) args.engine = oneOf(engine, "--engine", ["default", "duckdb"] as const, "default");
  return { kind: "segment", args };
}

const CLV_FLAGS = new Set([
  "--sheet",
  "--customer",
  "--date",
  "--amount",
  "--calibration-end",
  "--holdout-end",
  "--unit",
  "--model",
  "--horizon",
  "--discount-rate",
  "--margin",
  "--lang",
  "--params-json",
  "-o",
  "--out",
  "--csv",
  "--encoding",
  "--interval",
  "--engine",
  "--from",
  "--table",
  "--query",
]);

function parseClvArgs(rest: string[], defaultLang: OutputLang): ClvArgs {
  const { values, positional, switches } = readFlags(rest, CLV_FLAGS, BOOLEAN_FLAGS);
  const fromDb = databaseSource(values, positional);
  if (positional.length === 0) throw new UsageError("missing input file (an .xlsx, .csv, .txt, .tsv or .tab)");
  if (positional.length > 1) throw new UsageError(`one input file expected, got ${positional.length}: ${positional.join(", ")}`);
  const get = (flag: string) => values.get(flag);
  const calibrationEnd = get("--calibration-end");
  for (const flag of ["--calibration-end", "--holdout-end"]) {
    const v = get(flag);
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`${flag} must be YYYY-MM-DD (got '${v}')`);
  }
  const horizon = number(get("--horizon"), "--horizon", 12);
  if (!(Number.isInteger(horizon) && horizon >= 1))
    throw new UsageError(`--horizon must be a whole number of months ≥ 1 (got '${get("--horizon")}')`);
  const discountRate = number(get("--discount-rate"), "--discount-rate", 0.1);
  if (!(discountRate > -1))
    throw new UsageError(`--discount-rate must be an annual rate greater than −1, such as 0.10 (got '${get("--discount-rate")}')`);
  const margin = number(get("--margin"), "--margin", 1);
  if (!(margin > 0 && margin <= 1))
    throw new UsageError(`--margin must be the share of revenue kept as profit, 0 < margin ≤ 1 (got '${get("--margin")}')`);
  const interval = get("--interval") === undefined ? undefined : number(get("--interval"), "--interval", 0.9);
  if (interval !== undefined && !(interval > 0 && interval < 1))
    throw new UsageError(`--interval must be a level between 0 and 1, such as 0.9 (got '${get("--interval")}')`);
  return {
    input: positional[0],
    sheet: get("--sheet"),
    encoding: get("--encoding"),
    columns: { customer: get("--customer"), date: get("--date"), amount: get("--amount") },
    calibrationEnd,
    holdoutEnd: get("--holdout-end"),
    unit: oneOf(get("--unit"), "--unit", ["day", "week", "month"] as const, "week"),
    model: oneOf(get("--model"), "--model", ["auto", "bgnbd", "mbgnbd", "pnbd", "nbd", "gg"] as const, "bgnbd"),
    horizonMonths: horizon,
    discountRate,
    margin,
    lang: oneOf(get("--lang"), "--lang", ["zh", "en"] as const, defaultLang),
    paramsJson: get("--params-json"),
    out: get("--out"),
    csv: get("--csv"),
    debug: switches.has("--debug"),
    ...(switches.has("--no-bom") ? { noBom: true } : {}),
    ...(interval === undefined ? {} : { interval }),
    ...(get("--engine") === undefined ? {} : { engine: oneOf(get("--engine"), "--engine", ["default", "duckdb"] as const, "default") }),
    ...(fromDb === undefined ? {} : { from: fromDb, table: get("--table"), query: get("--query") }),
  };
}

/**
 * clv's --from URL (with --table or --query): checked, and its redacted form put in place of the
 * input file; refused beside a file or --engine, which read files.
 */
function databaseSource(values: Map<string, string>, positional: string[]): string | undefined {
  const fromDb = values.get("--from");
  if (fromDb === undefined) {
    if (values.has("--table") || values.has("--query")) throw new UsageError("--table and --query go with --from postgresql://…");
    return undefined;
  }
  if (!/^postgres(ql)?:\/\//i.test(fromDb)) throw new UsageError("--from takes a postgresql://user@host:port/database URL");
  if (positional.length > 0) throw new UsageError(`--from reads a database, not the file '${positional[0]}'`);
  if (values.has("--engine")) throw new UsageError("--engine picks how a file is read; with --from the database computes the customers");
  if (values.has("--sheet") || values.has("--encoding")) throw new UsageError("--sheet and --encoding go with a file, not --from");
  positional.push(fromDb.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@"));
  return fromDb;
}

/** A number option: `fallback` when absent, a usage error when not a finite decimal. */
function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number (got '${value}')`);
  return n;
}

/** A lower-case choice, any case accepted; `fallback` when absent. */
export function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const lower = value.toLowerCase() as T;
  if (!allowed.includes(lower)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got '${value}')`);
  return lower;
}

export function choice<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase() as T;
  if (!allowed.includes(upper)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got '${value}')`);
  return upper;
}

export function abcCuts(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",").map((p) => p.trim());
  const nums = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === "") || nums.some((x) => !Number.isFinite(x))) {
    throw new UsageError(`--abc must be two numbers such as 0.8,0.95 (got '${value}')`);
  }
  if (!(nums[0] > 0 && nums[0] < nums[1] && nums[1] <= 1)) {
    throw new UsageError(`--abc cuts must satisfy 0 < A < B ≤ 1 (got '${value}')`);
  }
  return [nums[0], nums[1]];
}
