/**
 * `segment --from postgresql://… --table T | --query SQL`: the generated PostgreSQL SQL runs in the
 * database (pushed down), in a READ ONLY transaction; only the per-customer table comes back, and
 * the core scores it. Credentials come from the URL or the standard PG* variables (the pg client
 * reads them) and are never printed: every message names the URL without its password.
 */
import { Client, type FieldDef } from "pg";
import { quoteTable } from "../core/sql/dialect";
import { summarySql } from "../core/sql/summary-sql";
import type { Cell } from "../core/types";
import { UsageError, type SegmentArgs } from "./args";
import type { Io } from "./output";
import { checkSqlOutputs, finishSegment, sqlColumnMapping, summaryColumns, type SummaryRows } from "./sql-summary";

/** The URL as it may be shown: without a password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgresql://…";
  }
}

/** The FROM item: a table, or the user's query as a subquery. */
export function fromItem(args: Pick<SegmentArgs, "table" | "query">): string {
  if ((args.table === undefined) === (args.query === undefined))
    throw new UsageError("--from needs --table NAME or --query 'SELECT …' (one of them)");
  if (args.table !== undefined) return quoteTable(args.table);
  const query = (args.query as string).trim().replace(/;\s*$/, "");
  return `(${query}) AS source_query`;
}

export async function segmentFromPostgres(args: SegmentArgs, io: Io): Promise<void> {
  checkSqlOutputs(args, "--from postgresql://");
  const from = fromItem(args);
  const shown = redactUrl(args.from as string);
  const client = new Client({ connectionString: args.from, application_name: "crm-segments" });
  const fail = (error: unknown): never => {
    const message = (error as Error).message.split("\n")[0].replace(args.from as string, shown);
    throw new UsageError(`${shown}: PostgreSQL: ${message}`);
  };
  await client.connect().catch(fail);
  try {
    await client.query("BEGIN TRANSACTION READ ONLY").catch(fail);
    const sample = await client.query({ text: `SELECT * FROM ${from} LIMIT 500`, rowMode: "array" }).catch(fail);
    const header = sample.fields.map((f: FieldDef) => f.name);
    const rows = (sample.rows as unknown[][]).map((r) => r.map(cell));
    const m = sqlColumnMapping(args, header, rows);
    const name = (i: number | undefined) => (i === undefined ? undefined : header[i]);
    const columns = {
      customer: header[m.customer as number],
      date: header[m.date as number],
      amount: header[m.amount as number],
      ...(m.order === undefined ? {} : { order: name(m.order) }),
    };
    const result = await client
      .query({ text: summarySql({ dialect: "postgres", source: { sql: from }, columns, asOf: args.asOf, withCounts: true }) })
      .catch(fail);
    await client.query("COMMIT").catch(fail);
    const cols = columnsOf(result.rows as Record<string, unknown>[]);
    const used = Number(cols.used_rows[0] ?? 0);
    const all = Number(cols.all_rows[0] ?? 0);
    await finishSegment(
      { ...args, input: shown },
      summaryColumns(cols, Number(cols.future_rows[0] ?? 0)),
      { used, rejected: all - used },
      io,
      "postgresql",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** A sampled value as the detector reads cells: dates as ISO text, numbers as numbers. */
export function cell(v: unknown): Cell {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v === null) return v;
  return v === undefined ? null : String(v);
}

function columnsOf(rows: Record<string, unknown>[]): SummaryRows & { all_rows: unknown[]; used_rows: unknown[]; future_rows: unknown[] } {
  const names = [
    "customer_id",
    "orders",
    "purchases",
    "monetary",
    "first_day",
    "last_day",
    "as_of",
    "all_rows",
    "used_rows",
    "future_rows",
  ] as const;
  const out = Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n])]));
  return out as unknown as ReturnType<typeof columnsOf>;
}
