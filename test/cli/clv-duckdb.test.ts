/**
 * `clv --engine duckdb`: DuckDB computes the per-customer (x, t_x, T), mean repeat spend and x*; the
 * core fits them. The outputs must equal the default engine's byte for byte: the CSV (customers in
 * order of first appearance, every float to the last bit) and --params-json (the fits, the holdout,
 * the model comparison with its weekly tracking error).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { FIXTURES } from "../core/btyd/cdnow";
import { readCsvOutput, runCli } from "../support/cli";
import { messySalesCsv } from "../support/sql-fixtures";

const dir = mkdtempSync(join(tmpdir(), "clv-duckdb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CDNOW_sample.txt (whitespace-separated, no header, CRLF) as customer,date,amount. */
const CDNOW_CSV = join(dir, "cdnow.csv");
const iso = (ymd: string) => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
writeFileSync(
  CDNOW_CSV,
  [
    "customer,date,amount",
    ...readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.trim().split(/\s+/))
      .map((f) => `${Number(f[1])},${iso(f[2])},${f[4]}`),
  ].join("\n") + "\n",
);

/**
 * messySalesCsv (returns, $0 and returns-only customers, same-day lines) with its data lines
 * shuffled, so customers first appear out of id order and a day's lines are not adjacent; plus a
 * customer whose repeat spend depends on the order of the additions: days 2023-01-02 (10),
 * 2023-02-01 (0.1 then 0.2) and 2023-03-01 (0.3): (0.1 + 0.2) + 0.3 = 0.6000000000000001 in
 * doubles, while 0.1 + (0.2 + 0.3) = 0.6, so the mean repeat spend is 0.30000000000000004 only when
 * the sums run in row and day order as the core's do.
 */
function shuffledSales(): string {
  const [header, ...lines] = messySalesCsv(1500, 13).trim().split("\n");
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  const order = ["ORD,2023-03-01,,0.3", "ORD,2023-02-01,,0.1", "ORD,2023-01-02,,10", "ORD,2023-02-01,,0.2"];
  lines.splice(100, 0, ...order);
  return [header, ...lines].join("\n") + "\n";
}
const SALES_CSV = join(dir, "sales.csv");
writeFileSync(SALES_CSV, shuffledSales());

async function bothEngines(input: string, ...flags: string[]) {
  const tag = Math.random().toString(36).slice(2);
  const out = (engine: string) => ({ csv: join(dir, `${engine}-${tag}.csv`), json: join(dir, `${engine}-${tag}.json`) });
  const [a, b] = [out("default"), out("duckdb")];
  const base = await runCli("clv", input, "--csv", a.csv, "--params-json", a.json, "--engine", "default", ...flags);
  const duck = await runCli("clv", input, "--csv", b.csv, "--params-json", b.json, "--engine", "duckdb", ...flags);
  expect(base.err).not.toMatch(/Error/);
  expect([base.code, duck.code]).toEqual([0, 0]);
  return {
    base,
    duck,
    csv: [readCsvOutput(a.csv), readCsvOutput(b.csv)],
    json: [readFileSync(a.json, "utf8"), readFileSync(b.json, "utf8")],
  };
}

const summary = (err: string) =>
  err
    .split("\n")
    .find((l) => l.includes("fitted to"))
    ?.replace(/wrote .*/, "");

test("CDNOW sample, all models compared with a holdout: same CSV, same JSON, same summary line", async () => {
  const r = await bothEngines(CDNOW_CSV, "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--model", "auto");
  expect(r.csv[1]).toBe(r.csv[0]);
  expect(r.json[1]).toBe(r.json[0]);
  // The published sample: 2,357 customers, 1,882 holdout repeat purchases (FHL 2005; shared/data/README.md).
  expect(JSON.parse(r.json[1]).holdout.actual).toBe(1882);
  expect(summary(r.duck.err)).toContain("fitted to 2,357 customers");
  expect(summary(r.duck.err)).toBe(summary(r.base.err));
});

test.each([
  ["Pareto/NBD, weeks, holdout", ["--calibration-end", "2023-08-31", "--holdout-end", "2023-12-15", "--model", "pnbd"]],
  ["Pareto/NBD, days, no holdout", ["--calibration-end", "2023-10-31", "--model", "pnbd", "--unit", "day"]],
])("shuffled sales with returns and $0 customers, %s: same CSV and JSON", async (_, flags) => {
  const r = await bothEngines(SALES_CSV, ...flags);
  expect(r.csv[1]).toBe(r.csv[0]);
  expect(r.json[1]).toBe(r.json[0]);
  expect(summary(r.duck.err)).toBe(summary(r.base.err));
  const fit = JSON.parse(r.json[1]);
  // The data has what the test is for: return days, returns-only customers, rows after the end.
  expect(fit.returnDays).toBeGreaterThan(0);
  expect(fit.excluded.onlyReturns).toBeGreaterThan(0);
  const ord = r.csv[1].split("\n").find((l) => l.startsWith("ORD,"));
  if (flags.includes("2023-08-31")) {
    // x = 2 repeat days; t_x = 58 days = 58/7 weeks; mean spend as computed in order (see shuffledSales).
    expect(ord?.split(",").slice(0, 5)).toEqual([
      "ORD",
      "2",
      String(58 / 7),
      String((Date.UTC(2023, 7, 31) - Date.UTC(2023, 0, 2)) / 864e5 / 7),
      "0.30000000000000004",
    ]);
  }
});

test("without --calibration-end: the same suggestion from the data's dates", async () => {
  const base = await runCli("clv", SALES_CSV, "--csv", join(dir, "x.csv"), "--engine", "default");
  const duck = await runCli("clv", SALES_CSV, "--csv", join(dir, "y.csv"), "--engine", "duckdb");
  expect([base.code, duck.code]).toEqual([2, 2]);
  expect(duck.err).toMatch(/needs --calibration-end YYYY-MM-DD, the last day of the calibration period: the data run from 2023-01-01 to /);
  expect(duck.err).toBe(base.err);
});

test("a calibration end before every purchase: one line naming the file, exit 2", async () => {
  const duck = await runCli("clv", SALES_CSV, "--csv", join(dir, "z.csv"), "--engine", "duckdb", "--calibration-end", "2020-01-01");
  expect(duck.code).toBe(2);
  expect(duck.err).toMatch(
    /sales\.csv: no customer has a purchase on or before the calibration end 2020-01-01: the first purchase is on 2023-01-01/,
  );
  expect(duck.err.trim().split("\n")).toHaveLength(1);
});
