/**
 * `segment --engine duckdb`: DuckDB aggregates, the core scores; the customer CSV equals the default
 * engine's cell for cell (rows in customer-id order instead of first appearance).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { messySalesCsv } from "../support/sql-fixtures";
import { readCsvOutput, runCli } from "../support/cli";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const duckdb = require("@duckdb/node-api") as typeof import("@duckdb/node-api");

const dir = mkdtempSync(join(tmpdir(), "engine-duckdb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sortedLines = (text: string) => {
  const [header, ...rows] = text.trim().split("\n");
  return [header, ...rows.sort()];
};

async function bothEngines(input: string, ...flags: string[]) {
  const a = join(dir, `default-${Math.random()}.csv`);
  const b = join(dir, `duckdb-${Math.random()}.csv`);
  const base = await runCli("segment", input, "--csv", a, "--lang", "en", ...flags);
  const duck = await runCli(
    "segment",
    input.endsWith(".parquet") ? input : input,
    "--csv",
    b,
    "--lang",
    "en",
    "--engine",
    "duckdb",
    ...flags,
  );
  return { base, duck, a, b };
}

test("the sample: same table, same rows used and rejected", async () => {
  const { base, duck, a, b } = await bothEngines("samples/sales.csv");
  expect(base.code).toBe(0);
  expect(duck.code).toBe(0);
  expect(sortedLines(readCsvOutput(b))).toEqual(sortedLines(readCsvOutput(a)));
  // "1,993 customers (…), 25,000 rows used, 8 rejected" in both summary lines.
  const used = (err: string) => /([\d,]+) rows used, ([\d,]+) rejected/.exec(err)?.slice(1);
  expect(used(duck.err)).toEqual(used(base.err));
});

test.each([
  ["W11", []],
  ["CN8 median, as-of", ["--scheme", "CN8", "--center", "median", "--as-of", "2023-08-31"]],
])("generated export with returns, ties and $0 customers, %s", async (_name, flags) => {
  const input = join(dir, "messy.csv");
  writeFileSync(input, messySalesCsv(500, 11));
  const { base, duck, a, b } = await bothEngines(input, "--order", "order", ...flags);
  expect(base.code).toBe(0);
  expect(duck.code).toBe(0);
  expect(readCsvOutput(a)).toMatch(/NO_PURCHASE/);
  expect(sortedLines(readCsvOutput(b))).toEqual(sortedLines(readCsvOutput(a)));
});

test("Parquet through DuckDB gives the CSV's table", async () => {
  const input = join(dir, "p.csv");
  writeFileSync(input, messySalesCsv(300, 12));
  const parquet = join(dir, "p.parquet");
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(
    `COPY (SELECT * FROM read_csv('${input}', header = true, columns = {'customer': 'VARCHAR', 'date': 'DATE', 'order': 'VARCHAR', 'amount': 'DOUBLE'})) TO '${parquet}' (FORMAT parquet)`,
  );
  c.closeSync();
  const fromCsv = join(dir, "p-default.csv");
  const fromParquet = join(dir, "p-duck.csv");
  expect((await runCli("segment", input, "--order", "order", "--csv", fromCsv, "--lang", "en")).code).toBe(0);
  const r = await runCli("segment", parquet, "--order", "order", "--csv", fromParquet, "--lang", "en", "--engine", "duckdb");
  expect(r.err).not.toMatch(/error/i);
  expect(sortedLines(readCsvOutput(fromParquet))).toEqual(sortedLines(readCsvOutput(fromCsv)));
});

test("refusals are one line: a workbook output, a missing column", async () => {
  const r = await runCli("segment", "samples/sales.csv", "--engine", "duckdb", "-o", join(dir, "x.xlsx"));
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--csv OUT.csv/);
  const input = join(dir, "nodate.csv");
  writeFileSync(input, "customer,amount\nA,1\nB,2\n");
  const m = await runCli("segment", input, "--engine", "duckdb", "--csv", join(dir, "y.csv"));
  expect(m.code).toBe(2);
  expect(m.err).toMatch(/--date COL/);
  expect(readFileSync(input, "utf8")).toBe("customer,amount\nA,1\nB,2\n");
});

test("without the optional package: one line naming it, exit 2", async () => {
  jest.resetModules();
  jest.doMock("@duckdb/node-api", () => {
    throw new Error("Cannot find module '@duckdb/node-api'");
  });
  const { main } = await import("../../src/cli/main");
  let err = "";
  const code = await main(
    ["segment", "samples/sales.csv", "--engine", "duckdb", "--csv", join(dir, "z.csv")],
    { out: () => {}, err: (t) => (err += t) },
    { LANG: "en_US.UTF-8" },
  );
  jest.dontMock("@duckdb/node-api");
  expect(code).toBe(2);
  expect(err).toBe(
    "crm-segments: --engine duckdb needs the optional package @duckdb/node-api (npm install @duckdb/node-api); without --engine the default engine reads the file\n",
  );
});

test("a dated totals row the SQL engine keeps as a customer is named in a warning, for segment and clv", async () => {
  const input = join(dir, "totals.csv");
  // 合计 is a totals word and 33 the sum of the five sales above it: the default engine leaves it out.
  writeFileSync(
    input,
    "Customer,Date,Amount\nA,2024-01-02,10\nA,2024-02-02,5\nC,2024-01-05,12.5\nC,2024-03-05,2.5\nD,2024-01-07,3\n合计,2024-03-31,33\n",
  );
  const base = await runCli("segment", input, "--csv", join(dir, "totals-default.csv"), "--lang", "en");
  expect(base.err).toContain("1 totals row left out");
  const duck = await runCli("segment", input, "--csv", join(dir, "totals-duck.csv"), "--lang", "en", "--engine", "duckdb");
  expect(duck.code).toBe(0);
  expect(duck.err).toContain('customer "合计" looks like a totals row; the duckdb engine counts it as a customer');
  expect(duck.err).toContain("--engine default");
  const clv = await runCli("clv", input, "--calibration-end", "2024-03-31", "--csv", join(dir, "totals-clv.csv"), "--engine", "duckdb");
  expect(clv.err).toContain('customer "合计" looks like a totals row');
});
