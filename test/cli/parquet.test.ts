/**
 * Parquet without DuckDB (hyparquet): the default engine reads a Parquet file to the same customer
 * table as the same rows in CSV. The files are written by DuckDB here (only to make them).
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { messySalesCsv } from "../support/sql-fixtures";
import { readCsvOutput, runCli } from "../support/cli";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const duckdb = require("@duckdb/node-api") as typeof import("@duckdb/node-api");

const dir = mkdtempSync(join(tmpdir(), "parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function toParquet(select: string, path: string): Promise<void> {
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
  c.closeSync();
}

test("a generated export: Parquet (DATE, DOUBLE) = CSV, with the default engine", async () => {
  const csv = join(dir, "s.csv");
  writeFileSync(csv, messySalesCsv(300, 31));
  const parquet = join(dir, "s.parquet");
  await toParquet(
    `SELECT * FROM read_csv('${csv}', header = true, columns = {'customer': 'VARCHAR', 'date': 'DATE', 'order': 'VARCHAR', 'amount': 'DOUBLE'})`,
    parquet,
  );
  const a = join(dir, "from-csv.csv");
  const b = join(dir, "from-parquet.csv");
  expect((await runCli("segment", csv, "--order", "order", "--csv", a)).code).toBe(0);
  const r = await runCli("segment", parquet, "--order", "order", "--csv", b);
  expect(r.code).toBe(0);
  expect(readCsvOutput(b)).toBe(readCsvOutput(a));
});

test("timestamps and decimals: a hand-checked table", async () => {
  // A: orders 1 (10.00 + 5.25 on one order) and 2 (−3.00, a return): monetary 12.25, frequency 1.
  // B: one order of 20.50 a day later: recency 0 on as-of 2024-03-02.
  const parquet = join(dir, "t.parquet");
  await toParquet(
    `SELECT * FROM (VALUES
       ('A', TIMESTAMP '2024-03-01 09:30:00', 'O1', CAST(10.00 AS DECIMAL(10, 2))),
       ('A', TIMESTAMP '2024-03-01 17:00:00', 'O1', CAST(5.25 AS DECIMAL(10, 2))),
       ('A', TIMESTAMP '2024-03-02 08:00:00', 'O2', CAST(-3.00 AS DECIMAL(10, 2))),
       ('B', TIMESTAMP '2024-03-02 12:00:00', 'O3', CAST(20.50 AS DECIMAL(10, 2)))
     ) t(customer, date, "order", amount)`,
    parquet,
  );
  const out = join(dir, "t.csv");
  expect((await runCli("segment", parquet, "--order", "order", "--csv", out, "--lang", "en")).code).toBe(0);
  const rows = readCsvOutput(out)
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  expect(rows.slice(1).map((r) => r.slice(0, 7))).toEqual([
    ["A", "2024-03-01", "2024-03-01", "2", "1", "1", "12.25"],
    ["B", "2024-03-02", "2024-03-02", "1", "0", "1", "20.5"],
  ]);
});

test("not Parquet: one line, exit 2", async () => {
  const bad = join(dir, "bad.parquet");
  writeFileSync(bad, "customer,date,amount\n");
  const r = await runCli("segment", bad, "--csv", join(dir, "never.csv"));
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^crm-segments: .*bad\.parquet: not a readable Parquet file/);
});
