/**
 * PostgreSQL against the core, on a real server this test starts (initdb + pg_ctl, loopback port):
 * the generated PostgreSQL SQL gives the core's customer table and BTYD triples, and
 * `segment --from postgresql://…` writes the default engine's CSV. Read-only; no password printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";
import { loadCsv } from "../../src/cli/input";
import { compressTriples, prepareTransactions } from "../../src/core/btyd";
import { dayFromYMD } from "../../src/core/ingest/dates";
import { btydTriplesSql } from "../../src/core/sql/btyd-sql";
import { segmentSql } from "../../src/core/sql/segment-sql";
import { readCsvOutput, runCli } from "../support/cli";
import { postgresBin, startPostgres, type TestServer } from "../support/postgres";
import { coreTable, messySalesCsv, sqlTable } from "../support/sql-fixtures";

const bin = postgresBin();
// CI installs the server (.ci/run); elsewhere, without one, say so rather than pass silently.
if (!bin) console.warn("postgres.test.ts: no initdb/pg_ctl found; PostgreSQL tests skipped");
const describeWithServer = bin || process.env.CI ? describe : describe.skip;

const dir = mkdtempSync(join(tmpdir(), "pg-test-"));
const messy = messySalesCsv(400, 21);
const messyPath = join(dir, "messy.csv");
writeFileSync(messyPath, messy);
const COLUMNS = { customer: "customer", date: "date", amount: "amount", order: "order" };

describeWithServer("PostgreSQL", () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startPostgres(bin as string);
    client = new Client({ connectionString: server.url });
    await client.connect();
    await client.query(`CREATE TABLE sales (customer TEXT, date DATE, "order" TEXT, amount NUMERIC)`);
    await client.query(`CREATE TABLE sample (customer TEXT, day DATE, order_id TEXT, amount NUMERIC)`);
    await insert(
      "sales",
      messy
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")),
    );
    // The sample's valid rows (its defective ones, which the core rejects, cannot be typed).
    const sample = readFileSync("samples/sales.csv", "utf8")
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(","));
    await insert(
      "sample",
      sample
        .filter((f) => f[0] !== "" && /^\d{4}-\d\d-\d\d$/.test(f[1]) && f[5] !== "" && Number.isFinite(Number(f[5])))
        .map((f) => [f[0], f[1], f[2], f[5]]),
    );
  });
  afterAll(async () => {
    await client?.end();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function insert(table: string, rows: string[][]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.map((_, r) => `($${4 * r + 1}, $${4 * r + 2}, $${4 * r + 3}, $${4 * r + 4})`).join(", ");
      await client.query(
        `INSERT INTO ${table} VALUES ${values}`,
        chunk.flatMap((f) => [f[0], f[1], f[2] === "" ? null : f[2], f[3]]),
      );
    }
  }

  test.each([
    ["W11", {}],
    ["CN8 mean", { scheme: "CN8" as const }],
    ["CN8 median, as-of", { scheme: "CN8" as const, center: "MEDIAN" as const, asOf: "2023-07-01" }],
  ])("segment SQL = core on a generated export, %s", async (_name, options) => {
    const { asOf, ...rest } = options as { asOf?: string };
    const core = coreTable(messy, COLUMNS, { ...rest, ...(asOf ? { asOf: dayFromYMD(2023, 7, 1) } : {}) });
    const { rows } = await client.query(segmentSql({ dialect: "postgres", source: "sales", columns: COLUMNS, ...options }));
    const actual = sqlTable(rows.map((r) => ({ ...r, first_purchase: day(r.first_purchase), last_purchase: day(r.last_purchase) })));
    expect(actual.sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))).toEqual(core);
  });

  test("segment SQL = core on the sample", async () => {
    const core = coreTable(readFileSync("samples/sales.csv", "utf8"), {
      customer: "Customer ID",
      date: "Order Date",
      amount: "Amount",
      order: "Order ID",
    });
    const { rows } = await client.query(
      segmentSql({
        dialect: "postgres",
        source: "sample",
        columns: { customer: "customer", date: "day", amount: "amount", order: "order_id" },
      }),
    );
    const actual = sqlTable(rows.map((r) => ({ ...r, first_purchase: day(r.first_purchase), last_purchase: day(r.last_purchase) })));
    expect(actual.sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))).toEqual(core);
  });

  test("BTYD triples SQL = core", async () => {
    const { ingested } = loadCsv({ input: "x.csv", columns: COLUMNS }, Buffer.from(messy));
    const c = compressTriples(prepareTransactions(ingested.transactions, { calibrationEnd: dayFromYMD(2023, 9, 30), unit: "week" }));
    const expected = Array.from(c.x, (x, i) => ({ x, t_x: c.tx[i], T: c.T[i], count: c.weight[i] }));
    const { rows } = await client.query(
      btydTriplesSql({ dialect: "postgres", source: "sales", columns: COLUMNS, calibrationEnd: "2023-09-30" }),
    );
    expect(rows.map((r) => ({ x: Number(r.x), t_x: Number(r.t_x), T: Number(r.T), count: Number(r.count) }))).toEqual(expected);
  });

  test("segment --from postgresql:// --table writes the default engine's CSV", async () => {
    const viaPg = join(dir, "pg.csv");
    const viaFile = join(dir, "file.csv");
    const r = await runCli("segment", "--from", server.url, "--table", "sales", "--order", "order", "--csv", viaPg, "--lang", "en");
    expect(r.code).toBe(0);
    expect((await runCli("segment", messyPath, "--order", "order", "--csv", viaFile, "--lang", "en")).code).toBe(0);
    const sorted = (t: string) => t.trim().split("\n").sort();
    expect(sorted(readCsvOutput(viaPg))).toEqual(sorted(readCsvOutput(viaFile)));
    expect(r.err).toMatch(/postgresql: 400 customers/);
  });

  test("--query runs read-only", async () => {
    await client.query("CREATE SEQUENCE s");
    const q = await runCli(
      "segment",
      "--from",
      server.url,
      "--query",
      "SELECT * FROM sales WHERE nextval('s') > 0",
      "--csv",
      join(dir, "q.csv"),
    );
    expect(q.code).toBe(2);
    expect(q.err).toMatch(/read-only transaction/);
    const ok = await runCli(
      "segment",
      "--from",
      server.url,
      "--query",
      "SELECT customer, date, amount FROM sales WHERE amount > 0;",
      "--csv",
      join(dir, "q2.csv"),
    );
    expect(ok.code).toBe(0);
  });
});

test("a password in the URL is never printed", async () => {
  const r = await runCli(
    "segment",
    "--from",
    "postgresql://crm:sekret-pw@127.0.0.1:1/db",
    "--table",
    "sales",
    "--csv",
    join(tmpdir(), "never-written.csv"),
  );
  expect(r.code).toBe(2);
  expect(r.err).not.toMatch(/sekret-pw/);
  expect(r.err).toMatch(/^crm-segments: postgresql:\/\/crm:\*\*\*@127\.0\.0\.1:1\/db: PostgreSQL: /);
  expect(r.err.split("\n")).toHaveLength(2);
});

/** A DATE column as pg returns it (a local-midnight Date) to YYYY-MM-DD. */
function day(v: unknown): string {
  if (!(v instanceof Date)) return v === null ? "" : String(v);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, "0")}-${String(v.getDate()).padStart(2, "0")}`;
}
