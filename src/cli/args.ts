/** Command-line arguments of `crm-segments segment`, parsed and validated without dependencies. */

export class UsageError extends Error {}

export interface SegmentArgs {
  input: string;
  sheet?: string;
  /** Column references as given (header name, letter or 1-based number). */
  columns: { customer?: string; date?: string; amount?: string; quantity?: string; price?: string; order?: string; cost?: string };
  /** YYYY-MM-DD as given (validated by shape here, by the calendar in the caller). */
  asOf?: string;
  scheme?: "W11" | "W10" | "CN8";
  center?: "MEAN" | "MEDIAN";
  abcCuts?: [number, number];
  lang: "zh" | "en";
  /** Workbook output path; undefined with --csv only. */
  out?: string;
  csv?: string;
}

export type Command = { kind: "help" } | { kind: "version" } | { kind: "segment"; args: SegmentArgs };

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
  --as-of YYYY-MM-DD        as-of date (default: the latest order date)
  --scheme W11|W10|CN8      segment scheme (default W11)
  --center mean|median      CN8 centre (default mean)
  --abc A,B                 ABC cumulative value cuts (default 0.8,0.95)
  --lang zh|en              language of labels and sheet names (default zh)
  -o, --out OUT.xlsx        output workbook (default: <input>-segmented.xlsx next to the input)
  --csv OUT.csv             customer table as CSV; given alone, no workbook is written
  -h, --help                show this help
  -V, --version             show the version

Exit status: 0 on success, 2 on bad arguments or unreadable input.`;

const VALUE_FLAGS = new Set([
  "--sheet", "--customer", "--date", "--amount", "--quantity", "--price", "--order", "--cost",
  "--as-of", "--scheme", "--center", "--abc", "--lang", "-o", "--out", "--csv",
]);

export function parseArgs(argv: string[]): Command {
  if (argv.length === 0) throw new UsageError("missing command; try 'crm-segments --help'");
  if (argv.includes("-h") || argv.includes("--help")) return { kind: "help" };
  if (argv.includes("-V") || argv.includes("--version")) return { kind: "version" };
  const [command, ...rest] = argv;
  if (command !== "segment") throw new UsageError(`unknown command '${command}'; the command is 'segment'`);

  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg.startsWith("-") && arg !== "-") {
      const eq = arg.indexOf("=");
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown option '${flag}'`);
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === "") throw new UsageError(`option '${flag}' needs a value`);
      const key = flag === "-o" ? "--out" : flag;
      if (values.has(key)) throw new UsageError(`option '${flag}' given twice`);
      values.set(key, value);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length === 0) throw new UsageError("missing input file (an .xlsx or .csv)");
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
    lang: choice(get("--lang"), "--lang", ["ZH", "EN"] as const) === "EN" ? "en" : "zh",
    out: get("--out"),
    csv: get("--csv"),
  };
  return { kind: "segment", args };
}

function choice<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase() as T;
  if (!allowed.includes(upper)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got '${value}')`);
  return upper;
}

function abcCuts(value: string | undefined): [number, number] | undefined {
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
