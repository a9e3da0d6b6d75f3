/**
 * The generated DuckDB SQL against the core: the same customer table, every column, money to the
 * cent, on the sample and on generated exports with ties, returns and $0 customers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { loadCsv } from "../../../src/cli/input";
import { compressTriples, prepareTransactions } from "../../../src/core/btyd";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { btydTriplesSql } from "../../../src/core/sql/btyd-sql";
import { segmentSql } from "../../../src/core/sql/segment-sql";
import { quoteText } from "../../../src/core/sql/dialect";
import { coreTable, messySalesCsv, sqlTable, type CustomerRow } from "../../support/sql-fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const duckdb = require("@duckdb/node-api") as typeof import("@duckdb/node-api");

const dir = mkdtempSync(join(tmpdir(), "sql-duckdb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

const byId = (rows: CustomerRow[]) =>
  rows.slice().sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0));

/** read_csv with the types a CSV export has: text ids, dates, double amounts. */
function readCsvSql(path: string, types: Record<string, string>): string {
  const cols = Object.entries(types)
    .map(([k, v]) => `${quoteText(k)}: ${quoteText(v)}`)
    .join(", ");
  return `read_csv(${quoteText(path)}, header = true, columns = {${cols}})`;
}

const MESSY_TYPES = { customer: "VARCHAR", date: "DATE", order: "VARCHAR", amount: "DOUBLE" };
const MESSY_COLUMNS = { customer: "customer", date: "date", amount: "amount", order: "order" };

describe("generated DuckDB SQL = core", () => {
  test("the sample sales.csv, W11", async () => {
    const csv = readFileSync("samples/sales.csv", "utf8");
    const columns = { customer: "Customer ID", date: "Order Date", amount: "Amount", order: "Order ID" };
    // The sample carries defective rows (blank customer, 31/31/2023, n/a): TRY_CAST leaves their
    // date or amount NULL, and the SQL leaves such rows out, as ingest rejects them.
    const source = `(SELECT "Customer ID", TRY_CAST("Order Date" AS DATE) AS "Order Date", "Order ID", TRY_CAST("Amount" AS DOUBLE) AS "Amount"
      FROM read_csv('samples/sales.csv', header = true, all_varchar = true)) t`;
    const expected = coreTable(csv, columns);
    const rows = await duck(segmentSql({ dialect: "duckdb", source: { sql: source }, columns }));
    expect(expected.length).toBeGreaterThan(1000);
    expect(byId(sqlTable(rows))).toEqual(expected);
  });

  for (const seed of [1, 2, 3]) {
    for (const [name, options] of [
      ["W11", {}],
      ["CN8 mean", { scheme: "CN8" as const }],
      ["CN8 median, as-of mid-year", { scheme: "CN8" as const, center: "MEDIAN" as const, asOf: "2023-07-01" }],
      ["W10, ABC 0.7/0.9", { scheme: "W10" as const, abcCuts: [0.7, 0.9] as [number, number] }],
    ] as const) {
      test(`generated export, seed ${seed}, ${name}`, async () => {
        const csv = messySalesCsv(400, seed);
        const path = join(dir, `messy-${seed}.csv`);
        writeFileSync(path, csv);
        const { asOf, ...rest } = options as { asOf?: string; scheme?: "CN8" | "W10"; center?: "MEDIAN"; abcCuts?: [number, number] };
        const coreOptions = { ...rest, ...(asOf ? { asOf: Date.parse(asOf) / 86400000 + 25569 } : {}) };
        const expected = coreTable(csv, MESSY_COLUMNS, coreOptions);
        const sql = segmentSql({ dialect: "duckdb", source: { sql: readCsvSql(path, MESSY_TYPES) }, columns: MESSY_COLUMNS, ...options });
        const actual = byId(sqlTable(await duck(sql)));
        // The data have what the test is about.
        expect(expected.some((c) => c.segment_code === "NO_PURCHASE")).toBe(true);
        expect(expected.some((c) => Number(c.monetary) < 0)).toBe(true);
        expect(actual).toEqual(expected);
      });
    }
  }
});

describe("generated DuckDB BTYD triples SQL = core", () => {
  for (const [seed, end, unit] of [
    [1, "2023-09-30", "week"],
    [2, "2023-06-15", "month"],
    [3, "2023-12-31", "day"],
  ] as const) {
    test(`seed ${seed}, calibration end ${end}, ${unit}`, async () => {
      const csv = messySalesCsv(400, seed);
      const path = join(dir, `btyd-${seed}.csv`);
      writeFileSync(path, csv);
      const { ingested } = loadCsv({ input: "x.csv", columns: MESSY_COLUMNS }, Buffer.from(csv));
      const [y, m, d] = end.split("-").map(Number);
      const c = compressTriples(prepareTransactions(ingested.transactions, { calibrationEnd: dayFromYMD(y, m, d), unit }));
      const expected = Array.from(c.x, (x, i) => ({ x, t_x: c.tx[i], T: c.T[i], count: c.weight[i] }));
      const sql = btydTriplesSql({
        dialect: "duckdb",
        source: { sql: readCsvSql(path, MESSY_TYPES) },
        columns: MESSY_COLUMNS,
        calibrationEnd: end,
        unit,
      });
      const rows = (await duck(sql)).map((r) => ({ x: Number(r.x), t_x: Number(r.t_x), T: Number(r.T), count: Number(r.count) }));
      expect(expected.length).toBeGreaterThan(20);
      expect(rows).toEqual(expected);
    });
  }
});
