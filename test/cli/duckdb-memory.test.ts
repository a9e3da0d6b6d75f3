/**
 * The DuckDB engine's SQL shaped so memory follows customers (no CTE over the rows is read twice,
 * ordered sums streamed to JavaScript), checked on hand-computed cases; and the cap.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { UsageError } from "../../src/cli/args";
import { repeatSpends, resumOrderedNets } from "../../src/cli/clv-duckdb-fold";
import { compareCodePoints, duckDbMemoryLimit, MEMORY_LIMIT_ENV } from "../../src/cli/engine-duckdb";
import { customerDaysSql } from "../../src/core/sql/btyd-customers-sql";
import { quoteText } from "../../src/core/sql/dialect";
import { summarySql } from "../../src/core/sql/summary-sql";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const duckdb = require("@duckdb/node-api") as typeof import("@duckdb/node-api");

const dir = mkdtempSync(join(tmpdir(), "duckdb-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function duck(statements: string[]): Promise<Record<string, unknown>[]> {
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const sql of statements.slice(0, -1)) await connection.run(sql);
    return (await connection.runAndReadAll(statements[statements.length - 1])).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

const epochDay = (iso: string) => Date.parse(iso) / 86400000;

describe("summarySql: one pass over the rows", () => {
  // A: two equal rows without an order id (two orders of 10), a return without one (an order, no
  // purchase), 0.004 without one (an order that rounds to 0.00: no purchase), order S1 netting to 0
  // (an order, no purchase), a row after 2024-01-10.
  // B: one row with an order id and one without, both after 2024-01-10. One row without a customer.
  const csv = [
    "customer,date,order,amount",
    "A,2024-01-02,,10",
    "A,2024-01-02,,10",
    "A,2024-01-03,,-5",
    "A,2024-01-05,,0.004",
    "A,2024-01-04,S1,3",
    "A,2024-01-04,S1,-3",
    "A,2024-01-11,S2,7",
    "B,2024-01-12,S3,4",
    "B,2024-01-13,,6",
    ",2024-01-05,S4,9",
  ].join("\n");
  const path = join(dir, "one-pass.csv");
  writeFileSync(path, csv + "\n");
  const source = `read_csv(${quoteText(path)}, header = true, columns = {'customer': 'VARCHAR', 'date': 'DATE', 'order': 'VARCHAR', 'amount': 'DOUBLE'})`;
  const columns = { customer: "customer", date: "date", amount: "amount", order: "order" };
  const query = (asOf?: string) => summarySql({ dialect: "duckdb", source: { sql: source }, columns, asOf, withCounts: true });

  test("reads the source once", () => {
    expect(query().split(source).length - 1).toBe(1);
    expect(query("2024-01-10").split(source).length - 1).toBe(1);
  });

  test("as-of 2024-01-10: equal rows without an order id are two orders; later rows only counted", async () => {
    const rows = await duck([query("2024-01-10")]);
    expect(rows.map((r) => [r.customer_id, Number(r.orders), Number(r.purchases), Number(r.monetary), r.first_day, r.last_day])).toEqual([
      // A: orders 10, 10, −5, 0.004, S1 = 5; purchases the two 10s; 10 + 10 − 5 + 0.004 + 3 − 3 = 15.004 → 15.
      ["A", 5, 2, 15, epochDay("2024-01-02"), epochDay("2024-01-02")],
      ["B", 0, 0, 0, null, null],
    ]);
    // 10 rows, 9 with a customer, 3 of them after as-of.
    expect([rows[0].all_rows, rows[0].used_rows, rows[0].future_rows, rows[0].as_of].map(Number)).toEqual([
      10,
      9,
      3,
      epochDay("2024-01-10"),
    ]);
  });

  test("no as-of: the latest row date, nothing after it", async () => {
    const rows = await duck([query()]);
    expect(rows.map((r) => [r.customer_id, Number(r.orders), Number(r.purchases), Number(r.monetary), r.first_day, r.last_day])).toEqual([
      // A adds S2 (7): 6 orders, 3 purchases, 22.004 → 22. B: S3 (4) and the 6 without an order id.
      ["A", 6, 3, 22, epochDay("2024-01-02"), epochDay("2024-01-11")],
      ["B", 2, 2, 10, epochDay("2024-01-12"), epochDay("2024-01-13")],
    ]);
    expect([rows[0].all_rows, rows[0].used_rows, rows[0].future_rows, rows[0].as_of].map(Number)).toEqual([
      10,
      9,
      0,
      epochDay("2024-01-13"),
    ]);
  });
});

describe("resumOrderedNets and repeatSpends: ordered sums over a sorted stream", () => {
  test("re-sums days of three or more rows in row order, and repeat spend in day order from 0", async () => {
    // C on day 1: 1e16 + 1 rounds to 1e16 (doubles there are 2 apart), − 1e16 → 0 in row order
    // (1 in another order); C on day 2: (0.1 + 0.2) + 0.3 = 0.6000000000000001; D: two rows.
    // E: purchase days 1..4 listed last day first; repeat spend of days 2..4 in day order:
    // 0 + 1e16 = 1e16, + 1 → 1e16, + 1 → 1e16 (in row order it would be 1 + 1 + 1e16 = 1e16 + 2).
    // F: one purchase day (no repeat spend); G: a second day after the calibration end (none either).
    const rows = [
      ["C", "2024-02-01", 1e16],
      ["C", "2024-02-01", 1],
      ["C", "2024-02-01", -1e16],
      ["C", "2024-02-02", 0.1],
      ["C", "2024-02-02", 0.2],
      ["C", "2024-02-02", 0.3],
      ["D", "2024-02-01", 0.1],
      ["D", "2024-02-01", 0.2],
      ["E", "2024-02-04", 1],
      ["E", "2024-02-03", 1],
      ["E", "2024-02-02", 1e16],
      ["E", "2024-02-01", 5],
      ["F", "2024-02-01", 7],
      ["G", "2024-02-01", 7],
      ["G", "2024-03-01", 7],
    ];
    const values = rows.map(([c, d, a], i) => `('${c}', DATE '${d}', CAST(${a} AS DOUBLE), ${i + 1})`).join(", ");
    const source = `(VALUES ${values}) v(customer, day, amount, rn)`;
    const serial = (iso: string) => epochDay(iso) + 25569;
    const instance = await duckdb.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TEMP TABLE days AS ${customerDaysSql("duckdb", source)}`);
      // Spoil every net, so only the re-sum can give the row-order sums back.
      await connection.run("UPDATE days SET net = -1 WHERE customer_id IN ('C', 'D')");
      await resumOrderedNets(connection, await instance.connect(), source, "days", "test");
      const result = (
        await connection.runAndReadAll("SELECT customer_id, day, n_rows, net FROM days WHERE customer_id IN ('C', 'D') ORDER BY 1, 2")
      )
        .getRowObjectsJS()
        .map((r) => [r.customer_id, r.day, Number(r.n_rows), r.net]);
      expect(result).toEqual([
        ["C", serial("2024-02-01"), 3, 0],
        ["C", serial("2024-02-02"), 3, 0.1 + 0.2 + 0.3],
        ["D", serial("2024-02-01"), 2, -1],
      ]);
      expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
      const spends = await repeatSpends(connection, "days", serial("2024-02-29"), "test");
      // C: day 2's 0.6000000000000001 after its first day; E as above; D, F, G: one calibration day.
      expect([...spends.entries()].sort()).toEqual([
        ["C", 0.6000000000000001],
        ["E", 1e16],
      ]);
      expect(1 + 1 + 1e16).toBe(1e16 + 2);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("resumOrderedNets over many days", () => {
  test("every day re-summed, past the appender's flushes (which would end a stream on the same connection)", async () => {
    // 300,000 customers (the appender flushes several times; with 30,000 the bug did not show), each
    // one day of 1e16, 1, −1e16 in that row order: 0 each (1e16 + 1 rounds to 1e16); the nets are
    // spoiled to −1 first, so a day the re-sum missed shows.
    const n = 300000;
    const source = `(SELECT 'K' || (i // 3) AS customer, DATE '2024-02-01' AS day,
      CAST([1e16, 1, -1e16][i % 3 + 1] AS DOUBLE) AS amount, i + 1 AS rn FROM range(${3 * n}) t(i)) v`;
    const instance = await duckdb.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TEMP TABLE days AS ${customerDaysSql("duckdb", source)}`);
      await connection.run("UPDATE days SET net = -1");
      await resumOrderedNets(connection, await instance.connect(), source, "days", "test");
      const result = (
        await connection.runAndReadAll("SELECT COUNT(*) AS days, COUNT(*) FILTER (WHERE net = 0) AS zero FROM days")
      ).getRowObjectsJS();
      expect(result.map((r) => [Number(r.days), Number(r.zero)])).toEqual([[n, n]]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("the memory cap", () => {
  test(`${MEMORY_LIMIT_ENV} sets it; a quarter of RAM, at least 1 GiB, without it`, () => {
    expect(duckDbMemoryLimit({ [MEMORY_LIMIT_ENV]: "512MiB" })).toBe("512MiB");
    expect(duckDbMemoryLimit({ [MEMORY_LIMIT_ENV]: " 1GB " })).toBe("1GB");
    expect(Number(duckDbMemoryLimit({}).replace("MB", ""))).toBeGreaterThanOrEqual(1024);
    expect(() => duckDbMemoryLimit({ [MEMORY_LIMIT_ENV]: "lots" })).toThrow(UsageError);
  });
});

describe("compareCodePoints: DuckDB's VARCHAR order", () => {
  test("code points, not UTF-16 units: U+FF21 (Ａ) before U+1F600 (😀), whose first unit 0xD83D is smaller", () => {
    const ids = ["😀", "Ａ", "b", "B", "ab", "a"];
    // UTF-8 bytes: a 61, ab 61 62, B 42, b 62, Ａ EF BC A1, 😀 F0 9F 98 80.
    expect(ids.slice().sort(compareCodePoints)).toEqual(["B", "a", "ab", "b", "Ａ", "😀"]);
    expect(["😀", "Ａ"].sort()).toEqual(["😀", "Ａ"]);
  });
});
