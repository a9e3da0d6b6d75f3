/**
 * Beyond one sheet: `segment` and `clv --engine duckdb` on 10,000,000 (and, asked for, 50,000,000)
 * generated rows, with the default memory cap and with CRM_DUCKDB_MEMORY_LIMIT=1GB (time, peak RSS,
 * one run each: each input takes minutes to write), the 1,000,000-row figure beside the default
 * engine and DuckDB running the generated SQL by itself, and the BTYD triples SQL on 10M rows. Child
 * processes, so each peak RSS is that run's alone. `BENCH_ROWS=1e6,1e7,5e7` picks sizes (default
 * 1e6,1e7: the 50M input is a 2.4 GB file). `BENCH_CUSTOMERS=750000` fixes the customer count
 * instead of 75 per 1,000 rows, to show that memory follows the customers, not the rows. Input
 * generation is not timed.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { btydTriplesSql } from "../src/core/sql/btyd-sql";
import { segmentSql } from "../src/core/sql/segment-sql";
import { generateSalesCsv } from "../src/core/sample/synthetic";
import { MEMORY_LIMIT_ENV } from "../src/cli/engine-duckdb";
import { timeChild } from "./cli";
import type { BenchResult } from "./harness";

const COLUMNS = { customer: "Customer ID", date: "Order Date", amount: "Amount", order: "Order ID" };

function writeInput(dir: string, rows: number): string {
  const path = join(dir, `sales-${rows}.csv`);
  const fd = openSync(path, "w");
  // 75 customers per 1,000 rows, as the 1M-row CLI benchmark, unless BENCH_CUSTOMERS says; two years of dates.
  const customers = Number(process.env.BENCH_CUSTOMERS) || Math.round(rows * 0.075);
  const options = { customers, rows, seed: 20240630, start: 45107, days: 730, lang: "en" as const, badRows: 0 };
  for (const chunk of generateSalesCsv(options, 200_000)) writeSync(fd, chunk);
  closeSync(fd);
  return path;
}

/** A script that runs one SQL statement in DuckDB and writes its result as CSV: DuckDB alone. */
function duckScript(dir: string, name: string, sql: string, out: string): string {
  const path = join(dir, `${name}.js`);
  const api = require.resolve("@duckdb/node-api");
  writeFileSync(
    path,
    `const { DuckDBInstance } = require(${JSON.stringify(api)});
(async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(${JSON.stringify(`COPY (${sql}) TO '${out}' (HEADER)`)});
})().catch((e) => { console.error(e.message); process.exit(1); });
`,
  );
  return path;
}

const typedCsv = (path: string) =>
  `read_csv('${path}', header = true, columns = {'Customer ID': 'VARCHAR', 'Order Date': 'DATE', 'Order ID': 'VARCHAR', 'Quantity': 'DOUBLE', 'Unit Price': 'DOUBLE', 'Amount': 'DOUBLE', 'Cost': 'DOUBLE'})`;

/** timeChild with DuckDB's memory cap set for the child (undefined: the engine's default). */
function timeCapped(cap: string | undefined, ...args: Parameters<typeof timeChild>): BenchResult {
  const before = process.env[MEMORY_LIMIT_ENV];
  if (cap === undefined) delete process.env[MEMORY_LIMIT_ENV];
  else process.env[MEMORY_LIMIT_ENV] = cap;
  try {
    return timeChild(...args);
  } finally {
    if (before === undefined) delete process.env[MEMORY_LIMIT_ENV];
    else process.env[MEMORY_LIMIT_ENV] = before;
  }
}

export async function run(): Promise<BenchResult[]> {
  const sizes = (process.env.BENCH_ROWS ?? "1e6,1e7").split(",").map(Number);
  const dir = mkdtempSync(join(tmpdir(), "crm-bench-scale-"));
  const results: BenchResult[] = [];
  try {
    for (const rows of sizes) {
      const input = writeInput(dir, rows);
      const label = rows >= 1e6 ? `${rows / 1e6}M` : String(rows);
      const mib = (statSync(input).size / 2 ** 20).toFixed(0);
      const runs = rows <= 1e6 ? 3 : 1;
      const out = join(dir, "customers.csv");
      const plain = ["segment", input, "--engine", "duckdb", "--csv", out];
      results.push(
        timeCapped(undefined, `scale: segment ${label}-row CSV --engine duckdb`, dir, plain, runs, undefined, `${mib} MiB input`),
      );
      if (rows >= 1e7) {
        const clv = ["clv", input, "--engine", "duckdb", "--calibration-end", "2024-06-30", "--csv", join(dir, "clv.csv")];
        results.push(
          timeCapped(
            "1GB",
            `scale: segment ${label}-row CSV --engine duckdb, 1 GB cap`,
            dir,
            plain,
            1,
            undefined,
            "CRM_DUCKDB_MEMORY_LIMIT=1GB",
          ),
        );
        results.push(timeCapped(undefined, `scale: clv ${label}-row CSV --engine duckdb`, dir, clv, 1, undefined, "BG/NBD + Gamma-Gamma"));
        results.push(
          timeCapped("1GB", `scale: clv ${label}-row CSV --engine duckdb, 1 GB cap`, dir, clv, 1, undefined, "CRM_DUCKDB_MEMORY_LIMIT=1GB"),
        );
      }
      if (rows <= 1e6) {
        results.push(
          timeChild(`scale: segment ${label}-row CSV, default engine`, dir, ["segment", input, "--engine", "default", "--csv", out], runs),
        );
        const sql = segmentSql({ dialect: "duckdb", source: { sql: typedCsv(input) }, columns: COLUMNS });
        results.push(
          timeChild(
            `scale: DuckDB alone, generated segment SQL, ${label} rows`,
            dir,
            [],
            runs,
            undefined,
            "whole segmentation in SQL",
            duckScript(dir, "segment-sql", sql, out),
          ),
        );
      }
      if (rows === 1e7) {
        const sql = btydTriplesSql({ dialect: "duckdb", source: { sql: typedCsv(input) }, columns: COLUMNS, calibrationEnd: "2024-06-30" });
        results.push(
          timeChild(
            `scale: DuckDB, BTYD triples SQL, ${label} rows`,
            dir,
            [],
            1,
            undefined,
            undefined,
            duckScript(dir, "btyd-sql", sql, join(dir, "triples.csv")),
          ),
        );
      }
      rmSync(input, { force: true });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
