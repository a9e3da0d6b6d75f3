/**
 * `clv --from postgresql://…`: PostgreSQL computes each customer's (x, t_x, T), mean repeat spend
 * and x* on a real server this test starts (initdb + pg_ctl, loopback port); the core fits them.
 * The outputs must equal `clv` on the same rows as a CSV file byte for byte: the customer CSV (in
 * order of first appearance, every float to the last bit) and --params-json (fits, holdout, model
 * comparison). Also: date, timestamp, timestamptz and text columns, the one-line refusals, the
 * READ ONLY transaction and the password never printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";
import { FIXTURES } from "../core/btyd/cdnow";
import { readCsvOutput, runCli } from "../support/cli";
import { postgresBin, startPostgres, type TestServer } from "../support/postgres";
import { messySalesCsv } from "../support/sql-fixtures";

const bin = postgresBin();
if (!bin) console.warn("postgres-clv.test.ts: no initdb/pg_ctl found; PostgreSQL tests skipped");
const describeWithServer = bin || process.env.CI ? describe : describe.skip;

const dir = mkdtempSync(join(tmpdir(), "pg-clv-"));

/** CDNOW_sample.txt (whitespace-separated, no header) as customer,date,amount. */
const iso = (ymd: string) => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
const cdnowRows = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => l.trim().split(/\s+/))
  .map((f) => [String(Number(f[1])), iso(f[2]), f[4]]);

/**
 * messySalesCsv (returns, $0 and returns-only customers, same-day lines, prices 1.005 and 2.675)
 * shuffled, so customers first appear out of id order and a day's lines are not adjacent; plus a
 * customer whose mean repeat spend depends on the order of the additions: days 2023-01-02 (10),
 * 2023-02-01 (0.1 then 0.2) and 2023-03-01 (0.3): (0.1 + 0.2) + 0.3 = 0.6000000000000001 in
 * doubles, so the mean of the two repeat days is 0.30000000000000004 only when the server sums in
 * row and day order.
 */
function shuffledSales(): string[][] {
  const lines = messySalesCsv(1500, 29).trim().split("\n").slice(1);
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  lines.splice(100, 0, "ORD,2023-03-01,,0.3", "ORD,2023-02-01,,0.1", "ORD,2023-01-02,,10", "ORD,2023-02-01,,0.2");
  return lines.map((l) => l.split(","));
}
const salesRows = shuffledSales();

/**
 * Purchases at local times within half an hour of midnight in UTC+8, written as timestamptz, as
 * timestamp (no zone) and as ISO text with the offset. The CSV holds the local dates: what an export
 * in that time zone shows, and what the core keeps of a date-time (the date as written). In UTC
 * every one of these times before 08:00 local falls on the previous day.
 */
function midnightRows(): { local: string[][]; zoned: string[][] } {
  const local: string[][] = [];
  const zoned: string[][] = [];
  let seed = 5;
  const next = () => (seed = (seed * 69069 + 1) % 4294967296) / 4294967296;
  for (let c = 0; c < 300; c++) {
    const purchases = 1 + Math.floor(next() * 6);
    for (let p = 0; p < purchases; p++) {
      const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 360) * 864e5).toISOString().slice(0, 10);
      const minutes = next() < 0.5 ? 23 * 60 + 30 + Math.floor(next() * 30) : Math.floor(next() * 30);
      const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00`;
      const amount = (5 + Math.floor(next() * 9000) / 100).toFixed(2);
      local.push([`Z${c}`, day, amount]);
      zoned.push([`Z${c}`, `${day} ${time}+08`, `${day} ${time}`, `${day}T${time}+08:00`, amount]);
    }
  }
  return { local, zoned };
}
const midnight = midnightRows();

/**
 * Text columns as a careless export has them: a non-date, an impossible date, a blank date, an
 * unreadable amount, thousands commas, a blank customer. The core rejects the rows SQL sets to NULL.
 */
function textRows(): string[][] {
  const rows = salesRows.slice(0, 2000).map((f) => [f[0], f[1], f[3]]);
  const bad = [
    ["T1", "n/a", "10"],
    ["T1", "2023-02-30", "10"],
    ["T2", "", "12"],
    ["T2", "2023-05-01", "abc"],
    ["T3", "2023-04-01", "1,234.50"],
    ["T3", "2023/6/7", "20"],
    ["", "2023-04-01", "20"],
  ];
  bad.forEach((row, i) => rows.splice(50 + 200 * i, 0, row));
  return rows;
}
const textSalesRows = textRows();

function writeCsv(name: string, header: string, rows: string[][]): string {
  const path = join(dir, name);
  const quote = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(path, [header, ...rows.map((r) => r.map(quote).join(","))].join("\n") + "\n");
  return path;
}
const CDNOW_CSV = writeCsv("cdnow.csv", "customer,date,amount", cdnowRows);
const SALES_CSV = writeCsv("sales.csv", "customer,date,order,amount", salesRows);
const MIDNIGHT_CSV = writeCsv("midnight.csv", "customer,date,amount", midnight.local);
const TEXT_CSV = writeCsv("text.csv", "customer,date,amount", textSalesRows);

const summary = (err: string) =>
  err
    .split("\n")
    .find((l) => l.includes("fitted to"))
    ?.replace(/wrote .*/, "");

describeWithServer("clv --from postgresql://", () => {
  let server: TestServer;
  let client: Client;
  /** The server's URL with the session in UTC+8. */
  let shanghai: string;

  beforeAll(async () => {
    server = await startPostgres(bin as string);
    shanghai = `${server.url}?options=${encodeURIComponent("-c TimeZone=Asia/Shanghai")}`;
    client = new Client({ connectionString: server.url });
    await client.connect();
    await client.query("SET TimeZone = 'UTC'");
    await load("cdnow", "customer INTEGER, date DATE, amount NUMERIC", cdnowRows);
    await load(
      "sales",
      `customer TEXT, date DATE, "order" TEXT, amount NUMERIC`,
      salesRows.map((f) => [f[0], f[1], f[2] === "" ? null : f[2], f[3]]),
    );
    await load("midnight", "customer TEXT, at TIMESTAMPTZ, local_at TIMESTAMP, at_text TEXT, amount NUMERIC", midnight.zoned);
    await load("text_sales", "customer TEXT, date TEXT, amount TEXT", textSalesRows);
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows inserted in order, in batches: a fresh table keeps them in that physical order. */
  async function load(table: string, columns: string, rows: (string | null)[][]): Promise<void> {
    await client.query(`CREATE TABLE ${table} (${columns})`);
    const width = rows[0].length;
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.map((_, r) => `(${Array.from({ length: width }, (_, k) => `$${width * r + k + 1}`).join(", ")})`).join(", ");
      await client.query(`INSERT INTO ${table} VALUES ${values}`, chunk.flat());
    }
  }

  /** `clv` on the CSV file and `clv --from` on the server, with the same flags. */
  async function fileAndServer(file: string, source: string[], ...flags: string[]) {
    const tag = Math.random().toString(36).slice(2);
    const out = (engine: string) => ({
      csv: join(dir, `${engine}-${tag}.csv`),
      json: join(dir, `${engine}-${tag}.json`),
    });
    const [a, b] = [out("file"), out("pg")];
    const base = await runCli("clv", file, "--csv", a.csv, "--params-json", a.json, ...flags);
    const pg = await runCli("clv", ...source, "--csv", b.csv, "--params-json", b.json, ...flags);
    expect(pg.err).not.toMatch(/Error|PostgreSQL:/);
    expect([base.code, pg.code]).toEqual([0, 0]);
    return {
      base,
      pg,
      csv: [readCsvOutput(a.csv), readCsvOutput(b.csv)],
      json: [readFileSync(a.json, "utf8"), readFileSync(b.json, "utf8")],
    };
  }

  test.each([
    ["no holdout", ["--calibration-end", "1997-09-30"]],
    ["holdout", ["--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30"]],
    ["holdout, --model auto", ["--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--model", "auto"]],
  ])("CDNOW sample, %s: --table gives the file's CSV and JSON", async (name, flags) => {
    const r = await fileAndServer(CDNOW_CSV, ["--from", server.url, "--table", "cdnow"], ...flags);
    expect(r.csv[1]).toBe(r.csv[0]);
    expect(r.json[1]).toBe(r.json[0]);
    expect(summary(r.pg.err)).toBe(summary(r.base.err));
    // The published sample: 2,357 customers (FHL 2005; shared/data/README.md), 6,919 rows.
    expect(summary(r.pg.err)).toContain("fitted to 2,357 customers");
    expect(summary(r.pg.err)).toContain("6,919 rows used");
    const fit = JSON.parse(r.json[1]);
    // FHL 2005's BG/NBD estimates on this sample, in weeks: r 0.243, α 4.414, a 0.793, b 2.426; LL −9582.4.
    if (name === "no holdout") {
      expect(fit.params.r).toBeCloseTo(0.243, 3);
      expect(fit.params.alpha).toBeCloseTo(4.414, 3);
      expect(fit.params.a).toBeCloseTo(0.793, 3);
      expect(fit.params.b).toBeCloseTo(2.426, 3);
      expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    } else expect(fit.holdout.actual).toBe(1882); // FHL 2005: 1,882 repeat purchases in weeks 40–78
  });

  test.each([
    ["Pareto/NBD, weeks, holdout", ["--calibration-end", "2023-08-31", "--holdout-end", "2023-12-15", "--model", "pnbd"]],
    // BG/NBD's expectations diverge on this uniform synthetic data (the core refuses it, from either source).
    ["Pareto/NBD, days, no holdout", ["--calibration-end", "2023-10-31", "--model", "pnbd", "--unit", "day"]],
  ])("shuffled sales with returns and $0 customers, %s: same CSV and JSON", async (_, flags) => {
    const columns = ["--customer", "customer", "--date", "date", "--amount", "amount"];
    const r = await fileAndServer(SALES_CSV, ["--from", server.url, "--table", "public.sales"], ...columns, ...flags);
    expect(r.csv[1]).toBe(r.csv[0]);
    expect(r.json[1]).toBe(r.json[0]);
    expect(summary(r.pg.err)).toBe(summary(r.base.err));
    const fit = JSON.parse(r.json[1]);
    // The data has what the test is for: return days, returns-only customers.
    expect(fit.returnDays).toBeGreaterThan(0);
    expect(fit.excluded.onlyReturns).toBeGreaterThan(0);
    if (flags.includes("2023-08-31")) {
      // x = 2 repeat days; t_x = 58 days = 58/7 weeks; T = 241 days; mean spend summed in order (see shuffledSales).
      const ord = r.csv[1].split("\n").find((l) => l.startsWith("ORD,"));
      expect(ord?.split(",").slice(0, 5)).toEqual(["ORD", "2", String(58 / 7), String(241 / 7), "0.30000000000000004"]);
    }
  });

  test("--query: its own column names, detected as the file's; the rows in the query's order", async () => {
    const query = `SELECT customer AS buyer, date AS day, amount AS value FROM sales WHERE customer <> 'nobody' ORDER BY amount < 0, customer, ctid;`;
    const flags = ["--calibration-end", "2023-08-31", "--holdout-end", "2023-12-15", "--model", "pnbd"];
    // The same rows as a file in the query's order: purchases before returns, then by customer, then as loaded (ctid).
    const sorted = [...salesRows].sort(
      (a, b) => Number(Number(a[3]) < 0) - Number(Number(b[3]) < 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
    );
    const file = writeCsv(
      "query-order.csv",
      "buyer,day,value",
      sorted.map((f) => [f[0], f[1], f[3]]),
    );
    const r = await fileAndServer(file, ["--from", server.url, "--query", query], ...flags);
    expect(r.csv[1]).toBe(r.csv[0]);
    expect(r.json[1]).toBe(r.json[0]);
    expect(r.csv[1].split("\n")[1]).toMatch(/^K0000,/);
  });

  test.each([
    ["timestamptz in the session's time zone", "at"],
    ["timestamp without time zone", "local_at"],
    ["ISO text with an offset", "at_text"],
  ])("purchases near midnight, %s: the dates as written, as the file's", async (_, column) => {
    const flags = ["--customer", "customer", "--amount", "amount", "--calibration-end", "2023-09-30", "--holdout-end", "2023-12-31"];
    const r = await fileAndServer(MIDNIGHT_CSV, ["--from", shanghai, "--table", "midnight", "--date", column], ...flags);
    expect(r.csv[1]).toBe(r.csv[0]);
    expect(r.json[1]).toBe(r.json[0]);
  });

  test("timestamptz read in UTC falls on other days: the session's time zone is what decides", async () => {
    const flags = ["--customer", "customer", "--date", "at", "--amount", "amount", "--calibration-end", "2023-09-30"];
    const [utc, local] = [join(dir, "utc.csv"), join(dir, "local.csv")];
    expect(
      (
        await runCli(
          "clv",
          "--from",
          `${server.url}?options=${encodeURIComponent("-c TimeZone=UTC")}`,
          "--table",
          "midnight",
          "--csv",
          utc,
          ...flags,
        )
      ).code,
    ).toBe(0);
    expect((await runCli("clv", "--from", shanghai, "--table", "midnight", "--csv", local, ...flags)).code).toBe(0);
    expect(readCsvOutput(utc)).not.toBe(readCsvOutput(local));
  });

  test("text columns with bad cells: the rows the core rejects are left out, same CSV and JSON", async () => {
    const flags = [
      "--customer",
      "customer",
      "--date",
      "date",
      "--amount",
      "amount",
      "--calibration-end",
      "2023-08-31",
      "--holdout-end",
      "2023-12-15",
    ];
    const r = await fileAndServer(TEXT_CSV, ["--from", server.url, "--table", "text_sales"], ...flags);
    expect(r.csv[1]).toBe(r.csv[0]);
    expect(r.json[1]).toBe(r.json[0]);
    expect(summary(r.pg.err)).toBe(summary(r.base.err));
    // Rejected: n/a, 2023-02-30, the blank date, abc and the blank customer (5 of the 7 bad rows).
    expect(r.pg.err).toMatch(/warning: 5 rows left out: no customer, date or amount PostgreSQL reads/);
    // 1,234.50 and 2023/6/7 are read: T3 has two purchase days.
    expect(
      r.csv[1]
        .split("\n")
        .find((l) => l.startsWith("T3,"))
        ?.split(",")[1],
    ).toBe("1");
  });

  test("without --calibration-end: the file's suggestion from the data's dates", async () => {
    const base = await runCli("clv", SALES_CSV, "--csv", join(dir, "x.csv"));
    const pg = await runCli("clv", "--from", server.url, "--table", "sales", "--csv", join(dir, "y.csv"));
    expect([base.code, pg.code]).toEqual([2, 2]);
    expect(pg.err).toMatch(/needs --calibration-end YYYY-MM-DD, the last day of the calibration period: the data run from 2023-01-01 to /);
    expect(pg.err).toBe(base.err);
  });

  test("-o: the workbook is written from the server's customers", async () => {
    const out = join(dir, "pg.xlsx");
    const r = await runCli(
      "clv",
      "--from",
      server.url,
      "--table",
      "cdnow",
      "-o",
      out,
      "--calibration-end",
      "1997-09-30",
      "--holdout-end",
      "1998-06-30",
    );
    expect(r.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  const oneLine = (r: { code: number; err: string }, pattern: RegExp) => {
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  };
  const cal = ["--calibration-end", "2023-08-31", "--csv", join(dir, "never.csv")];

  test("a writing query is refused by the READ ONLY transaction", async () => {
    await client.query("CREATE SEQUENCE clv_s");
    const r = await runCli("clv", "--from", server.url, "--query", "SELECT *, nextval('clv_s') FROM sales", ...cal);
    oneLine(r, /^crm-segments: --query: PostgreSQL: cannot execute nextval\(\) in a read-only transaction$/m);
    expect((await client.query("SELECT last_value, is_called FROM clv_s")).rows[0].is_called).toBe(false);
  });

  test.each([
    ["a missing table", ["--table", "nope"], /^crm-segments: --table nope: PostgreSQL: relation "nope" does not exist$/m],
    ["a bad query", ["--query", "SELEC 1"], /^crm-segments: --query: PostgreSQL: syntax error at or near "1"$/m],
    [
      "a missing column",
      ["--table", "sales", "--customer", "buyer"],
      /^crm-segments: --customer 'buyer': no such column in postgresql:\/\/crm@127\.0\.0\.1:\d+\/postgres \(columns: customer, date, order, amount\)$/m,
    ],
    [
      "no rows",
      ["--query", "SELECT * FROM sales WHERE false"],
      /^crm-segments: --query: no row has a customer, a date and an amount clv reads/m,
    ],
    [
      "a missing database",
      ["--table", "sales"],
      /^crm-segments: --from postgresql:\/\/crm@127\.0\.0\.1:\d+\/nodb: PostgreSQL: database "nodb" does not exist$/m,
    ],
  ])("%s: one line naming the flag, exit 2", async (name, flags, pattern) => {
    const url = name === "a missing database" ? server.url.replace(/\/postgres$/, "/nodb") : server.url;
    oneLine(await runCli("clv", "--from", url, ...flags, ...cal), pattern);
  });

  test("a date column of numbers is refused by its type", async () => {
    await client.query("CREATE TABLE numeric_dates (customer TEXT, day INTEGER, amount NUMERIC)");
    await client.query("INSERT INTO numeric_dates VALUES ('a', 45000, 10)");
    const r = await runCli(
      "clv",
      "--from",
      server.url,
      "--table",
      "numeric_dates",
      "--customer",
      "customer",
      "--date",
      "day",
      "--amount",
      "amount",
      ...cal,
    );
    oneLine(r, /^crm-segments: --date day: the column is not a date, timestamp, timestamptz or text column; name another with --date$/m);
  });

  test("an unknown role with a password: refused in one line without the password", async () => {
    const url = server.url.replace("//crm@", "//ghost:sekret-pw@");
    const r = await runCli("clv", "--from", url, "--table", "sales", ...cal);
    oneLine(r, /^crm-segments: --from postgresql:\/\/ghost:\*\*\*@127\.0\.0\.1:\d+\/postgres: PostgreSQL: role "ghost" does not exist$/m);
    expect(r.err).not.toMatch(/sekret-pw/);
  });

  test("password authentication: PGPASSWORD is used, a wrong password is refused in one line and never printed", async () => {
    // The test server trusts every loopback login; this role alone must give a password (first hba line wins).
    await client.query("CREATE ROLE analyst LOGIN PASSWORD 'right-pw-42'");
    await client.query("GRANT SELECT ON cdnow TO analyst");
    const hba = (await client.query("SHOW hba_file")).rows[0].hba_file as string;
    const lines = ["host all analyst 127.0.0.1/32 scram-sha-256", "host all all 127.0.0.1/32 trust", "local all all trust"];
    await client.query(`COPY (SELECT unnest(ARRAY[${lines.map((l) => `'${l}'`).join(", ")}])) TO '${hba}'`);
    await client.query("SELECT pg_reload_conf()");
    const url = server.url.replace("//crm@", "//analyst@");
    const flags = ["--table", "cdnow", "--calibration-end", "1997-09-30", "--csv"];
    const wrong = await runCli("clv", "--from", url.replace("//analyst@", "//analyst:wrong-pw-17@"), ...flags, join(dir, "never.csv"));
    oneLine(
      wrong,
      /^crm-segments: --from postgresql:\/\/analyst:\*\*\*@127\.0\.0\.1:\d+\/postgres: PostgreSQL: password authentication failed for user "analyst"$/m,
    );
    expect(wrong.err).not.toMatch(/wrong-pw-17/);
    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = "right-pw-42";
    try {
      const withEnv = await runCli("clv", "--from", url, ...flags, join(dir, "analyst.csv"));
      expect(withEnv.code).toBe(0);
      expect(withEnv.err).toContain("fitted to 2,357 customers");
      expect(withEnv.err).not.toMatch(/right-pw-42/);
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
  });
});

test("connection refused: one line, the password never printed", async () => {
  const r = await runCli(
    "clv",
    "--from",
    "postgresql://crm:sekret-pw@127.0.0.1:1/db",
    "--table",
    "sales",
    "--calibration-end",
    "2023-08-31",
    "--csv",
    join(tmpdir(), "never-written.csv"),
  );
  expect(r.code).toBe(2);
  expect(r.err).not.toMatch(/sekret-pw/);
  expect(r.err).toMatch(
    /^crm-segments: --from postgresql:\/\/crm:\*\*\*@127\.0\.0\.1:1\/db: PostgreSQL: connect ECONNREFUSED 127\.0\.0\.1:1\n$/,
  );
});

test.each([
  [
    "a URL of another database",
    ["--from", "mysql://u@h/db", "--table", "t"],
    /^crm-segments: --from takes a postgresql:\/\/user@host:port\/database URL/,
  ],
  [
    "--from beside a file",
    ["sales.csv", "--from", "postgresql://u@h/db", "--table", "t"],
    /--from reads a database, not the file 'sales\.csv'/,
  ],
  ["--table without --from", ["sales.csv", "--table", "t"], /--table and --query go with --from postgresql:\/\//],
  ["neither --table nor --query", ["--from", "postgresql://u@h/db"], /--from needs --table NAME or --query 'SELECT …' \(one of them\)/],
  ["--engine with --from", ["--from", "postgresql://u@h/db", "--table", "t", "--engine", "duckdb"], /--engine picks how a file is read/],
  [
    "no output",
    ["--from", "postgresql://u:pw-123@h/db", "--table", "t"],
    /--from needs an output: -o OUT\.xlsx, --csv OUT\.csv or --params-json FILE/,
  ],
])("arguments: %s is refused in one line", async (_, argv, pattern) => {
  const r = await runCli(
    "clv",
    ...argv,
    ...(argv.includes("--from") && !argv.some((a) => a.includes("pw-123")) ? ["--csv", join(tmpdir(), "never.csv")] : []),
    "--calibration-end",
    "2023-08-31",
  );
  expect(r.code).toBe(2);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/pw-123/);
  expect(r.err.trim().split("\n")).toHaveLength(1);
});
