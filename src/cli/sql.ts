/**
 * `crm-segments sql segment|btyd`: prints one SQL statement for a table where the data live
 * (core/sql builds the text; nothing is run here).
 */
import { DIALECTS, type Dialect } from "../core/sql/dialect";
import { btydTriplesSql } from "../core/sql/btyd-sql";
import { segmentSql } from "../core/sql/segment-sql";
import { abcCuts, BOOLEAN_FLAGS, choice, oneOf, readFlags, UsageError } from "./args";
import type { Io } from "./output";
import type { OutputLang } from "../core/types";

const SQL_USAGE = `Usage: crm-segments sql segment --dialect duckdb|postgres [options]
       crm-segments sql btyd --dialect duckdb|postgres --calibration-end YYYY-MM-DD [options]

Prints one SQL statement to run where the sales table lives. segment: one row per customer with
the columns and codes of 'segment --csv' (METHODS.md §1.2 summary, RFM scores, segment, ABC class,
pyramid tier). btyd: the (x, t_x, T, count) triples up to the calibration end, for
'crm-segments clv --from-triples FILE'.

  --table NAME              table (or schema.table) with one row per order line (default sales)
  --customer COL --date COL --amount COL   column names (default customer, date, amount)
  --order COL               order id column (segment; each row is an order without it)
  --as-of YYYY-MM-DD        segment: as-of date (default: the latest date in the table)
  --scheme W11|W10|CN8 --center mean|median --abc A,B --lang zh|en   as for segment
  --unit day|week|month     btyd: time unit of t_x and T (default week)`;

const FLAGS = new Set([
  "--dialect",
  "--table",
  "--customer",
  "--date",
  "--amount",
  "--order",
  "--as-of",
  "--scheme",
  "--center",
  "--abc",
  "--lang",
  "--calibration-end",
  "--unit",
]);

export function sqlCommand(argv: string[], io: Io, defaultLang: OutputLang): void {
  if (argv.includes("-h") || argv.includes("--help")) {
    io.out(`${SQL_USAGE}\n`);
    return;
  }
  const { values, positional } = readFlags(argv, FLAGS, BOOLEAN_FLAGS);
  const what = positional[0];
  if (what !== "segment" && what !== "btyd")
    throw new UsageError("sql needs 'segment' or 'btyd', as in: crm-segments sql segment --dialect duckdb");
  if (positional.length > 1) throw new UsageError(`unexpected argument '${positional[1]}'`);
  const get = (flag: string) => values.get(flag);
  const dialect = get("--dialect") as Dialect | undefined;
  if (dialect === undefined || !DIALECTS.includes(dialect))
    throw new UsageError(`--dialect must be one of ${DIALECTS.join(", ")} (got '${dialect ?? ""}')`);
  for (const flag of ["--as-of", "--calibration-end"]) {
    const v = get(flag);
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`${flag} must be YYYY-MM-DD (got '${v}')`);
  }
  const source = get("--table") ?? "sales";
  const columns = { customer: get("--customer") ?? "customer", date: get("--date") ?? "date", amount: get("--amount") ?? "amount" };
  let sql: string;
  if (what === "btyd") {
    const calibrationEnd = get("--calibration-end");
    if (calibrationEnd === undefined) throw new UsageError("sql btyd needs --calibration-end YYYY-MM-DD");
    const unit = oneOf(get("--unit"), "--unit", ["day", "week", "month"] as const, "week");
    sql = btydTriplesSql({ dialect, source, columns, calibrationEnd, unit });
  } else {
    const order = get("--order");
    sql = segmentSql({
      dialect,
      source,
      columns: order === undefined ? columns : { ...columns, order },
      asOf: get("--as-of"),
      scheme: choice(get("--scheme"), "--scheme", ["W11", "W10", "CN8"] as const),
      center: choice(get("--center"), "--center", ["MEAN", "MEDIAN"] as const),
      abcCuts: abcCuts(get("--abc")),
      lang: oneOf(get("--lang"), "--lang", ["zh", "en"] as const, defaultLang),
    });
  }
  io.out(`${sql};\n`);
}
