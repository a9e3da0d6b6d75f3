/**
 * `crm-segments sql …` and `clv --from-triples`: the printed statements run in DuckDB give what
 * `segment --csv` and `clv` give on the same file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { messySalesCsv } from "../support/sql-fixtures";
import { readCsvOutput, runCli } from "../support/cli";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const duckdb = require("@duckdb/node-api") as typeof import("@duckdb/node-api");

const dir = mkdtempSync(join(tmpdir(), "cli-sql-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A DuckDB database holding the CSV as table `sales`; runs `sql` and copies its result to a CSV file. */
async function runInDuckDb(csvPath: string, sql: string, outPath: string): Promise<void> {
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(
    `CREATE TABLE sales AS SELECT * FROM read_csv('${csvPath}', header = true, columns = {'customer': 'VARCHAR', 'date': 'DATE', 'order': 'VARCHAR', 'amount': 'DOUBLE'})`,
  );
  await c.run(`COPY (${sql.replace(/;\s*$/, "")}) TO '${outPath}' (HEADER)`);
  c.closeSync();
}

const csvPath = join(dir, "sales.csv");
beforeAll(() => writeFileSync(csvPath, messySalesCsv(300, 7)));

test("sql segment prints what segment --csv writes", async () => {
  const printed = await runCli("sql", "segment", "--dialect", "duckdb", "--order", "order", "--lang", "en");
  expect(printed.code).toBe(0);
  await runInDuckDb(csvPath, printed.out, join(dir, "sql.csv"));
  expect((await runCli("segment", csvPath, "--order", "order", "--csv", join(dir, "core.csv"), "--lang", "en")).code).toBe(0);
  const lines = (text: string) =>
    text
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const core = lines(readCsvOutput(join(dir, "core.csv")));
  const sql = lines(readFileSync(join(dir, "sql.csv"), "utf8"));
  // Same header; then every cell, money compared as numbers (DuckDB writes 10.50, the core 10.5).
  expect(readFileSync(join(dir, "sql.csv"), "utf8").split("\n")[0]).toBe(readCsvOutput(join(dir, "core.csv")).split("\n")[0]);
  expect(sql.map((r) => r.map((v, i) => (i === 6 ? Number(v) : v)))).toEqual(core.map((r) => r.map((v, i) => (i === 6 ? Number(v) : v))));
});

test("clv --from-triples fits the sql btyd triples to the parameters clv finds on the rows", async () => {
  const printed = await runCli("sql", "btyd", "--dialect", "duckdb", "--calibration-end", "2023-09-30");
  expect(printed.code).toBe(0);
  const triples = join(dir, "triples.csv");
  await runInDuckDb(csvPath, printed.out, triples);
  const fromTriples = await runCli("clv", "--from-triples", triples, "--params-json", join(dir, "t.json"));
  expect(fromTriples.code).toBe(0);
  const direct = await runCli("clv", csvPath, "--calibration-end", "2023-09-30", "--params-json", join(dir, "d.json"));
  expect(direct.code).toBe(0);
  const a = JSON.parse(readFileSync(join(dir, "t.json"), "utf8"));
  const b = JSON.parse(readFileSync(join(dir, "d.json"), "utf8"));
  expect(a.customers).toBe(b.customers);
  expect(a.params).toEqual(b.params);
  expect(a.logLikelihood).toBe(b.logLikelihood);
});

test("bad use: one line, exit 2", async () => {
  expect((await runCli("sql", "segment")).err).toMatch(/--dialect must be one of duckdb, postgres/);
  expect((await runCli("sql", "btyd", "--dialect", "postgres")).code).toBe(2);
  const missing = join(dir, "bad.csv");
  writeFileSync(missing, "x,t_x\n1,2\n");
  const r = await runCli("clv", "--from-triples", missing);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/missing T, count/);
});
