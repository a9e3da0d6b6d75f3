/**
 * The CDNOW sample (Fader, Hardie & Lee 2005) through summarize(), checked against the published
 * per-customer calibration summary btyd_cdnowSummary_cbs_with_holdout.csv (BTYD package):
 * x = repeat purchases, t.x = time of the last purchase and T.cal = time observed, in weeks from the
 * first purchase, and m.x = mean repeat spend. Preparation per ../shared/data/README.md: same-day
 * purchases of a customer merge (order id = the date), calibration ends 1997-09-30 inclusive. The
 * published files are kept in test/core/btyd/fixtures.
 *
 * One documented difference: 8 customers' only transaction is a single $0.00 day. BTYD counts it
 * (x = 0, T.cal from that day); under METHODS.md §1.2 an order is a purchase only when its net value
 * is > 0, so they are NO_PURCHASE here. The test finds them in the raw rows and checks that rule.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { isDeepStrictEqual } from "util";
import { summarize } from "../../../src/core/segment/summary";
import type { Transactions } from "../../../src/core/types";

const DIR = join(__dirname, "..", "btyd", "fixtures");

/** Excel serial of YYYYMMDD. */
function serial(yyyymmdd: string): number {
  const y = +yyyymmdd.slice(0, 4);
  const m = +yyyymmdd.slice(4, 6);
  const d = +yyyymmdd.slice(6, 8);
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

describe("CDNOW sample → BTYD calibration summary", () => {
  const lines = readFileSync(join(DIR, "CDNOW_sample.txt"), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const rows = lines.map((l) => {
    const [, sampleId, date, , dollars] = l.trim().split(/\s+/);
    return { id: String(Number(sampleId)), date, day: serial(date), dollars: Number(dollars) };
  });
  const tx: Transactions = {
    customer: rows.map((r) => r.id),
    order: rows.map((r) => r.date),
    day: Float64Array.from(rows.map((r) => r.day)),
    amount: Float64Array.from(rows.map((r) => r.dollars)),
    sourceRow: Int32Array.from(rows.map((_, i) => i + 1)),
  };
  const calEnd = serial("19970930");

  it("has the documented size: 6,919 rows, 2,357 customers, 6,696 customer-days", () => {
    expect(rows).toHaveLength(6919);
    const all = summarize(tx);
    expect(all.customers).toHaveLength(2357);
    expect(all.asOf).toBe(serial("19980630"));
    expect(all.customers.reduce((t, c) => t + c.orders, 0)).toBe(6696);
  });

  it("reproduces x, t.x, T.cal and m.x for every customer", () => {
    const s = summarize(tx, { asOf: calEnd });
    expect(s.futureRows).toBe(rows.filter((r) => r.day > calEnd).length);
    const byId = new Map(s.customers.map((c) => [c.id, c]));
    // Spend on each customer's first day, straight from the raw rows.
    const firstDaySpend = new Map<string, number>();
    const firstDay = new Map<string, number>();
    for (const r of rows) {
      const f = firstDay.get(r.id);
      if (f === undefined || r.day < f) {
        firstDay.set(r.id, r.day);
        firstDaySpend.set(r.id, r.dollars);
      } else if (r.day === f) {
        firstDaySpend.set(r.id, firstDaySpend.get(r.id)! + r.dollars);
      }
    }

    // Customers whose calibration days all sum to $0.00, found from the raw rows.
    const daySums = new Map<string, number>();
    for (const r of rows) if (r.day <= calEnd) daySums.set(`${r.id} ${r.day}`, (daySums.get(`${r.id} ${r.day}`) ?? 0) + r.dollars);
    const paying = new Set([...daySums].filter(([, v]) => v > 0).map(([k]) => k.split(" ")[0]));
    const zeroOnly = new Set(rows.map((r) => r.id).filter((id) => !paying.has(id)));
    expect(zeroOnly.size).toBe(8);

    const csv = readFileSync(join(DIR, "btyd_cdnowSummary_cbs_with_holdout.csv"), "utf8").trim().split(/\r?\n/).slice(1);
    expect(csv).toHaveLength(2357);
    let repeaters = 0;
    // Each customer's broken rules, checked once (16,000 expect() calls cost a second).
    // toBeCloseTo(b, 9) is |a − b| < 0.5e-9.
    const close = (a: number, b: number) => Math.abs(a - b) < 0.5e-9;
    const broken: string[] = [];
    for (const line of csv) {
      const [cust, x, tx_, Tcal, , mx] = line.split(",").map((f) => f.replace(/"/g, ""));
      const c = byId.get(cust);
      const rules: [string, boolean][] = [];
      if (!c) rules.push(["summarised", false]);
      else if (zeroOnly.has(cust)) {
        rules.push(["x = 0", Number(x) === 0]);
        const zero = { orders: c.orders, purchases: c.purchases, active: c.active, monetary: c.monetary, first: c.first };
        rules.push([
          "one $0 order, inactive",
          isDeepStrictEqual(zero, { orders: 1, purchases: 0, active: false, monetary: 0, first: null }),
        ]);
      } else {
        rules.push(["active", c.active === true]);
        rules.push(["x = purchases − 1", c.purchases - 1 === Number(x)]);
        rules.push(["t.x", close((c.last! - c.first!) / 7, Number(tx_))]);
        rules.push(["T.cal from asOf", close((s.asOf - c.first!) / 7, Number(Tcal))]);
        rules.push(["T.cal from tenure", close(c.tenureDays! / 7, Number(Tcal))]);
        if (Number(x) > 0) {
          repeaters++;
          rules.push(["first day", c.first === firstDay.get(cust)]);
          rules.push(["m.x", close((c.monetary - firstDaySpend.get(cust)!) / Number(x), Number(mx))]);
        }
      }
      for (const [rule, ok] of rules) if (!ok) broken.push(`${cust}: ${rule}`);
    }
    expect(broken).toEqual([]);
    // README: Gamma-Gamma uses the 946 customers with x > 0
    expect(repeaters).toBe(946);
  });
});
