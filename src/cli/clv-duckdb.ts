/**
 * `clv --engine duckdb`: DuckDB reads the file and computes each customer's (x, t_x, T), mean repeat
 * spend and holdout x* with the generated SQL (core/sql/btyd-customers-sql.ts); only per-customer
 * rows and per-day counts come back, so memory follows the customers, not the rows. The core's
 * workflow then fits them as it fits prepareTransactions' output.
 */
import { statSync } from "fs";
import { extname } from "path";
import { quoteIdent } from "../core/sql/dialect";
import { btydCustomersSql, customerDaysSql, repeatDaysSql } from "../core/sql/btyd-customers-sql";
import type { Cell } from "../core/types";
import { UsageError, type ClvArgs } from "./args";
import { preparedFrom, type Columns, type SqlCustomers } from "./clv-customers";
import { repeatSpends, resumOrderedNets } from "./clv-duckdb-fold";
import { missingCalibrationEnd } from "./clv-run";
import { amountExpr, AUTO_DUCKDB_BYTES, dateExpr, duckDbInstalled, loadDuckDb, openDuckDb, rawSource, run } from "./engine-duckdb";
import { sqlColumnMapping } from "./sql-summary";

/** Whether `clv` should use DuckDB: asked for, or a CSV / Parquet file above the threshold with DuckDB installed. */
export function wantsDuckDbClv(args: ClvArgs): boolean {
  if (args.engine !== undefined) return args.engine === "duckdb";
  const ext = extname(args.input).toLowerCase();
  if (ext !== ".csv" && ext !== ".parquet") return false;
  try {
    return statSync(args.input).size > AUTO_DUCKDB_BYTES && duckDbInstalled();
  } catch {
    return false;
  }
}

/** Reads and summarises the file; refuses a missing calibration end with the core's suggestion. */
export async function customersWithDuckDb(
  args: ClvArgs,
  calibrationEnd: number | undefined,
  holdoutEnd: number | undefined,
): Promise<SqlCustomers> {
  try {
    if (!statSync(args.input).isFile()) throw new Error("not a file");
  } catch {
    throw new UsageError(`cannot read ${args.input}: no such file`);
  }
  // Insertion order kept: row_number() OVER () numbers the rows in file order.
  const session = await openDuckDb(loadDuckDb());
  const connection = session.connection;
  const query = async (sql: string) => (await run(connection, sql, args.input)).getColumnsObjectJS() as unknown as Columns;
  try {
    const raw = rawSource(args.input, args);
    const sample = await run(connection, `SELECT * FROM ${raw} LIMIT 500`, args.input);
    const header = sample.columnNames();
    const m = sqlColumnMapping(args, header, sample.getRowsJson() as Cell[][]);
    const col = (i: number) => quoteIdent(header[i]);
    // row_number() OVER () numbers the rows in file order (DuckDB preserves insertion order).
    const typed = `(SELECT ${col(m.customer as number)} AS customer, ${dateExpr(col(m.date as number))} AS day, ${amountExpr(col(m.amount as number))} AS amount, row_number() OVER () AS rn FROM ${raw}) rows_typed`;
    await run(connection, `CREATE TEMP TABLE customer_days AS ${customerDaysSql("duckdb", typed)}`, args.input);
    await resumOrderedNets(connection, await session.connect(), typed, "customer_days", args.input);

    const totals = await query(
      "SELECT SUM(n_rows) FILTER (WHERE customer_id IS NOT NULL) AS used, SUM(n_rows) AS all_rows, MIN(day) AS first, MAX(day) AS last FROM customer_days",
    );
    const used = Number(totals.used[0] ?? 0);
    const all = Number(totals.all_rows[0] ?? 0);
    if (used === 0)
      throw new UsageError(
        `${args.input}: no row has a customer, a date and an amount DuckDB reads (name the columns with --customer, --date and --amount)`,
      );
    const dayRange = Float64Array.of(Number(totals.first[0]), Number(totals.last[0]));
    if (calibrationEnd === undefined) throw new UsageError(missingCalibrationEnd(dayRange));

    const opts = { days: "customer_days", calibrationEnd, holdoutEnd };
    await run(connection, `CREATE TEMP TABLE btyd_customers AS ${btydCustomersSql({ ...opts, withoutRepeatSpend: true })}`, args.input);
    const spends = await repeatSpends(connection, "customer_days", calibrationEnd, args.input);
    const rows = await query("SELECT * FROM btyd_customers ORDER BY first_rn");
    rows.repeat_spend = rows.customer_id.map((id) => spends.get(id as string) ?? null);
    const prepared = preparedFrom(rows, args, calibrationEnd, holdoutEnd, dayRange[0]);
    const perDay =
      holdoutEnd === undefined
        ? { day: [], count: [] }
        : await query(`${repeatDaysSql({ ...opts, customers: "btyd_customers" })} ORDER BY d.day`);
    return {
      prepared,
      repeatDays: { day: perDay.day.map(Number), count: perDay.count.map(Number) },
      counts: { dataRows: all, used, rejected: all - used, blank: 0 },
      dayRange,
    };
  } finally {
    session.close();
  }
}
