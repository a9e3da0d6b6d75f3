/**
 * `--engine duckdb`: DuckDB reads the file (CSV, Parquet, or .xlsx when its excel extension loads)
 * and aggregates per order and customer with the generated SQL (core/sql); only the per-customer
 * table comes back, so memory follows the customers, not the rows. The core then scores it.
 *
 * @duckdb/node-api is an optional dependency of the command line: required here, lazily, and never
 * by the add-in bundle.
 */
import { mkdtempSync, rmSync, statSync } from "fs";
import { tmpdir, totalmem } from "os";
import { extname, join } from "path";
import { quoteIdent, quoteText } from "../core/sql/dialect";
import { customerRowsSql } from "../core/sql/summary-sql";
import type { Cell } from "../core/types";
import { UsageError, type SegmentArgs } from "./args";
import type { Io } from "./output";
import { checkSqlOutputs, finishSegment, sqlColumnMapping, summaryColumns, type SummaryRows } from "./sql-summary";

type DuckDb = typeof import("@duckdb/node-api");

/** Above this input size `segment` picks DuckDB by itself when it is installed (README: engines). */
export const AUTO_DUCKDB_BYTES = 256 * 2 ** 20;

export function duckDbInstalled(): boolean {
  try {
    require.resolve("@duckdb/node-api");
    return true;
  } catch {
    return false;
  }
}

export function loadDuckDb(): DuckDb {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@duckdb/node-api") as DuckDb;
  } catch {
    throw new UsageError(
      "--engine duckdb needs the optional package @duckdb/node-api (npm install @duckdb/node-api); without --engine the default engine reads the file",
    );
  }
}

/** The environment variable that sets DuckDB's memory cap (README: engines), e.g. 1GB or 512MiB. */
export const MEMORY_LIMIT_ENV = "CRM_DUCKDB_MEMORY_LIMIT";

/**
 * DuckDB takes up to 80 % of the machine's memory by default. Capped at a quarter (at least 1 GiB),
 * or at CRM_DUCKDB_MEMORY_LIMIT, it spills its aggregation to a temporary folder instead.
 */
export function duckDbMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  const asked = env[MEMORY_LIMIT_ENV]?.trim();
  if (asked) {
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(asked)) {
      throw new UsageError(`${MEMORY_LIMIT_ENV}=${asked}: give a size such as 1GB or 512MiB`);
    }
    return asked;
  }
  return `${Math.max(1024, Math.floor(totalmem() / 4 / 2 ** 20))}MB`;
}

export interface DuckDbSession {
  connection: Connection;
  /** Another connection to the same database, to write while `connection` streams a result. */
  connect(): Promise<Connection>;
  close(): void;
}

/**
 * An in-memory DuckDB under the memory cap, spilling into a folder of its own that close() removes.
 * `unordered`: results need not keep the input's order (the caller sorts what it reads back),
 * which lets DuckDB's operators buffer less.
 */
export async function openDuckDb(duck: DuckDb, unordered = false): Promise<DuckDbSession> {
  const limit = duckDbMemoryLimit();
  const spill = mkdtempSync(join(tmpdir(), "crm-segments-duckdb-"));
  const options: Record<string, string> = { memory_limit: limit, temp_directory: spill };
  if (unordered) options.preserve_insertion_order = "false";
  try {
    const instance = await duck.DuckDBInstance.create(":memory:", options);
    const connection = await instance.connect();
    const others: Connection[] = [];
    return {
      connection,
      async connect() {
        const other = await instance.connect();
        others.push(other);
        return other;
      },
      close() {
        for (const other of others) other.closeSync();
        connection.closeSync();
        instance.closeSync();
        rmSync(spill, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(spill, { recursive: true, force: true });
    throw error;
  }
}

/** Whether `segment` should use DuckDB: asked for, or a big CSV / Parquet file with DuckDB installed. */
export function wantsDuckDb(args: SegmentArgs): boolean {
  if (args.engine !== undefined) return args.engine === "duckdb";
  const ext = extname(args.input).toLowerCase();
  if (ext !== ".csv" && ext !== ".parquet") return false;
  try {
    return statSync(args.input).size > AUTO_DUCKDB_BYTES && args.csv !== undefined && args.out === undefined && duckDbInstalled();
  } catch {
    return false;
  }
}

/** The raw FROM item: every CSV field as text (bad cells become NULL in the typed view, as ingest rejects them). */
export function rawSource(path: string, args: Pick<SegmentArgs, "sheet">): string {
  const ext = extname(path).toLowerCase();
  const file = quoteText(path);
  if (ext === ".parquet") return `read_parquet(${file})`;
  if (ext === ".xlsx") return `read_xlsx(${file}, all_varchar = true${args.sheet ? `, sheet = ${quoteText(args.sheet)}` : ""})`;
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv" || ext === ".tab") return `read_csv(${file}, header = true, all_varchar = true)`;
  throw new UsageError(`${path}: --engine duckdb reads .csv, .txt, .tsv, .tab, .parquet and .xlsx (got '${ext || "(none)"}')`);
}

/** A date cell: ISO or Y/M/D text, a DATE or TIMESTAMP; NULL when none of these. */
export function dateExpr(col: string): string {
  return `COALESCE(TRY_CAST(${col} AS DATE), TRY_CAST(TRY_STRPTIME(CAST(${col} AS VARCHAR), '%Y/%m/%d') AS DATE))`;
}

/** An amount cell: a number, or number text with thousands commas; NULL otherwise. */
export function amountExpr(col: string): string {
  return `COALESCE(TRY_CAST(${col} AS DOUBLE), TRY_CAST(REPLACE(CAST(${col} AS VARCHAR), ',', '') AS DOUBLE))`;
}

export async function segmentWithDuckDb(args: SegmentArgs, io: Io): Promise<void> {
  checkSqlOutputs(args, "--engine duckdb");
  try {
    if (!statSync(args.input).isFile()) throw new Error("not a file");
  } catch {
    throw new UsageError(`cannot read ${args.input}: no such file`);
  }
  const session = await openDuckDb(loadDuckDb(), true);
  const connection = session.connection;
  try {
    const raw = rawSource(args.input, args);
    const sample = await run(connection, `SELECT * FROM ${raw} LIMIT 500`, args.input);
    const header = sample.columnNames();
    const rows = sample.getRowsJson() as Cell[][];
    const m = sqlColumnMapping(args, header, rows);
    const col = (i: number) => quoteIdent(header[i]);
    const typed = `(SELECT ${col(m.customer as number)} AS customer, ${dateExpr(col(m.date as number))} AS day, ${amountExpr(col(m.amount as number))} AS amount${
      m.order === undefined ? "" : `, ${col(m.order)} AS order_id`
    } FROM ${raw}) rows_typed`;
    const sql = customerRowsSql({
      dialect: "duckdb",
      source: { sql: typed },
      columns: { customer: "customer", date: "day", amount: "amount", ...(m.order === undefined ? {} : { order: "order_id" }) },
      asOf: args.asOf,
    });
    const cols = (await readStreamed(connection, sql, args.input)) as unknown as CustomerRows;
    const { rows: customers, used, all, future } = totalsOf(cols, args.asOf);
    await finishSegment(args, summaryColumns(customers, future), { used, rejected: all - used }, io, "duckdb");
  } finally {
    session.close();
  }
}

type CustomerRows = Omit<SummaryRows, "as_of"> & { max_day: unknown[]; n_rows: unknown[]; future_rows: unknown[] };

/** UTF-16 code units ranked as code points, i.e. as DuckDB orders VARCHAR (by UTF-8 bytes). */
const codePointRank = (c: number) => (c < 0xd800 ? c : c < 0xe000 ? c + 0x2000 : c - 0x800);

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * customerRowsSql's rows in customer-id order without the incomplete rows' group, as-of (given,
 * else the latest row date) and the row counts.
 */
function totalsOf(cols: CustomerRows, asOf: string | undefined): { rows: SummaryRows; used: number; all: number; future: number } {
  let all = 0;
  let used = 0;
  let future = 0;
  let latest = -Infinity;
  const order: number[] = [];
  for (let i = 0; i < cols.customer_id.length; i++) {
    all += Number(cols.n_rows[i]);
    if (cols.customer_id[i] === null) continue;
    order.push(i);
    used += Number(cols.n_rows[i]);
    future += Number(cols.future_rows[i]);
    if (cols.max_day[i] !== null) latest = Math.max(latest, Number(cols.max_day[i]));
  }
  const ids = cols.customer_id as string[];
  order.sort((i, j) => compareCodePoints(ids[i], ids[j]));
  const pick = (a: unknown[]) => order.map((i) => a[i]);
  const rows: SummaryRows = {
    customer_id: pick(cols.customer_id),
    orders: pick(cols.orders),
    purchases: pick(cols.purchases),
    monetary: pick(cols.monetary),
    first_day: pick(cols.first_day),
    last_day: pick(cols.last_day),
    as_of: [asOf === undefined ? latest : Date.parse(asOf) / 86400000],
  };
  return { rows, used, all, future };
}

export type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckDb["DuckDBInstance"]["create"]>>["connect"]>>;

/**
 * A query's columns, fetched chunk by chunk: a result read whole is held inside DuckDB too, under
 * its memory cap (3.75M customers' rows ran a 1 GiB cap out).
 */
async function readStreamed(connection: Connection, sql: string, input: string): Promise<Record<string, unknown[]>> {
  try {
    return await (await connection.stream(sql)).getColumnsObjectJS();
  } catch (error) {
    throw duckDbError(error, input);
  }
}

/** Runs a query; DuckDB's refusals about the file (unreadable, a missing extension) become one usage line. */
export async function run(connection: Connection, sql: string, input: string) {
  try {
    return await connection.runAndReadAll(sql);
  } catch (error) {
    throw duckDbError(error, input);
  }
}

export function duckDbError(error: unknown, input: string): UsageError {
  const message = (error as Error).message.split("\n")[0];
  if (/extension/i.test(message))
    return new UsageError(
      `${input}: DuckDB could not load the extension this file needs (${message}); without --engine the default engine reads it`,
    );
  return new UsageError(`${input}: DuckDB: ${message}`);
}
