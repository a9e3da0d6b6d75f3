/**
 * `clv --from postgresql://… --table T | --query SQL`: PostgreSQL computes each customer's (x, t_x,
 * T), mean repeat spend and holdout x* with the generated SQL (core/sql/btyd-customers-pg.ts), in
 * one statement of a READ ONLY transaction; only per-customer rows come back, and the core fits
 * them as it fits the DuckDB engine's. Credentials come from the URL or the PG* variables (the pg
 * client reads them); no message shows the password.
 */
import { Client, type FieldDef } from "pg";
import { pgBtydCustomersSql, pgColumnKind, pgDayRangeSql, type PgBtydSource, type PgColumnKind } from "../core/sql/btyd-customers-pg";
import { UsageError, type ClvArgs } from "./args";
import { preparedFrom, type Columns, type SqlCustomers } from "./clv-customers";
import { missingCalibrationEnd } from "./clv-run";
import { cell, fromItem, redactUrl } from "./pg-source";
import { sqlColumnMapping } from "./sql-summary";

/** The URL, and any password the client may have used, replaced by what may be shown. */
function hider(url: string): (text: string) => string {
  const shown = redactUrl(url);
  let password = "";
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // An unparsable URL has no password to hide beyond the URL itself.
  }
  const secrets = [password, process.env.PGPASSWORD ?? ""].filter((s) => s.length >= 3);
  return (text) => secrets.reduce((t, s) => t.split(s).join("***"), text.split(url).join(shown));
}

/** Refuses a date or amount column of a type the SQL cannot read as the core reads cells. */
function requireKind(flag: string, name: string, kind: PgColumnKind, allowed: PgColumnKind[], what: string): PgColumnKind {
  if (!allowed.includes(kind)) throw new UsageError(`${flag} ${name}: the column is not ${what}; name another with ${flag}`);
  return kind;
}

export async function customersFromPostgres(
  args: ClvArgs,
  calibrationEnd: number | undefined,
  holdoutEnd: number | undefined,
): Promise<SqlCustomers> {
  const url = args.from as string;
  const from = fromItem(args);
  const hide = hider(url);
  const source = args.table !== undefined ? `--table ${args.table}` : "--query";
  const fail =
    (flag: string) =>
    (error: unknown): never => {
      throw new UsageError(`${flag}: PostgreSQL: ${hide((error as Error).message.split("\n")[0])}`);
    };
  const client = new Client({
    connectionString: url,
    application_name: "crm-segments",
  });
  // An unreachable server is reported by connect, and also as an 'error' event that must not go unhandled.
  client.on("error", () => {});
  await client.connect().catch(fail(`--from ${redactUrl(url)}`));
  try {
    // One snapshot for every statement; serial, unsynchronised scans return a table in its physical order.
    await client.query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").catch(fail("--from"));
    await client.query("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL synchronize_seqscans = off").catch(fail("--from"));
    const sample = await client.query({ text: `SELECT * FROM ${from} LIMIT 500`, rowMode: "array" }).catch(fail(source));
    const header = sample.fields.map((f: FieldDef) => f.name);
    const m = sqlColumnMapping(
      args,
      header,
      (sample.rows as unknown[][]).map((r) => r.map(cell)),
    );
    const [customer, date, amount] = [m.customer, m.date, m.amount].map((i) => header[i as number]);
    const kind = (i: number | undefined) => pgColumnKind(sample.fields[i as number].dataTypeID);
    const src: PgBtydSource = {
      from,
      customer,
      date,
      amount,
      dateKind: requireKind("--date", date, kind(m.date), ["date", "timestamp", "text"], "a date, timestamp, timestamptz or text column"),
      amountKind: requireKind("--amount", amount, kind(m.amount), ["number", "text"], "a number or text column"),
    };
    const noRows = () =>
      new UsageError(
        `${source}: no row has a customer, a date and an amount clv reads (name the columns with --customer, --date and --amount)`,
      );
    if (calibrationEnd === undefined) {
      const range = (await client.query(pgDayRangeSql(src)).catch(fail(source))).rows[0];
      if (!(Number(range.used) > 0)) throw noRows();
      throw new UsageError(missingCalibrationEnd([Number(range.first), Number(range.last)]));
    }
    const result = await client.query(pgBtydCustomersSql(src, { calibrationEnd, holdoutEnd })).catch(fail(source));
    await client.query("COMMIT").catch(fail("--from"));
    const rows = result.rows as Record<string, unknown>[];
    const used = Number(rows[0].used ?? 0);
    const all = Number(rows[0].all_rows ?? 0);
    if (used === 0) throw noRows();
    const dayRange = Float64Array.of(Number(rows[0].first), Number(rows[0].last));
    const columns: Columns = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, rows.map((r) => r[k])]));
    return {
      prepared: preparedFrom(columns, args, calibrationEnd, holdoutEnd, dayRange[0]),
      repeatDays: {
        day: (rows[0].repeat_day as unknown[]).map(Number),
        count: (rows[0].repeat_count as unknown[]).map(Number),
      },
      counts: { dataRows: all, used, rejected: all - used, blank: 0 },
      dayRange,
    };
  } finally {
    await client.end().catch(() => {});
  }
}
