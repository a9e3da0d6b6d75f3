/**
 * The probabilistic-model functions called as Excel calls them (2-D ranges, serial dates, blanks,
 * omitted optionals), against the published figures of /work/shared/data/README.md (copied to
 * test/core/btyd/fixtures) and hand computations.
 */
import "./excel-globals";
import { readFileSync } from "fs";
import { join } from "path";
import { bgbbfit, bgbbpalive, sbgderl, sbgfit, sbgretention, sbgsurvival } from "../../src/functions/btyd-discrete";
import { btyddata, btydfit, btydfitstats } from "../../src/functions/btyd-fit";
import { btydclv, expnewpurchases, exppurchases, expspend, palive, pnpurchases } from "../../src/functions/btyd-predict";
import { ExcelError } from "./excel-globals";
import { errorCode, flat, OMITTED, serial } from "./fixtures";

const FIXTURES = join(__dirname, "..", "core", "btyd", "fixtures");
const col = (values: unknown[]) => values.map((v) => [v]);

/** CDNOW_sample.txt as Excel ranges: sample id (a number, as the summary CSVs number customers), date serial, dollars. */
function cdnowRanges() {
  const lines = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const rows = lines.map((line) => line.trim().split(/\s+/));
  return {
    ids: rows.map(([, id]) => [Number(id)]),
    dates: rows.map(([, , d]) => [serial(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`)]),
    amounts: rows.map(([, , , , dollars]) => [Number(dollars)]),
  };
}

/** A CSV with a header row, as columns of numbers by header name. */
function csv(name: string): Record<string, number[]> {
  const [header, ...rows] = readFileSync(join(FIXTURES, name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(",").map((c) => c.trim().replace(/^"|"$/g, "")));
  return Object.fromEntries(header.map((h, j) => [h, rows.map((r) => Number(r[j]))]));
}

// 1997-09-30: 1997-01-01 is serial 35431 (DATE(1997,1,1)), plus 272 days of January–September.
const CAL_END = 35703;
// 1998-06-30: 39 weeks = 273 days later.
const HOLDOUT_END = 35976;

const cdnow = cdnowRanges();
const summary = csv("btyd_cdnowSummary_cbs_with_holdout.csv");

/** A fit spill's value by its row name. */
const valueOf = (spill: any[][], name: string) => spill.find((row) => row[0] === name)?.[1];

/** The row-of-numbers and names-with-values forms of the published parameters. */
const BGNBD = [[0.243, 4.414, 0.793, 2.426]];
const BGNBD_TABLE = [
  ["R", 0.243],
  ["Alpha", 4.414],
  ["a", 0.793],
  ["b", 2.426],
];
const GG = [[6.25], [3.74], [15.44]];

/** BG/NBD P(alive) by hand: 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). */
function bgnbdAliveByHand(x: number, tx: number, T: number): number {
  const [r, alpha, a, b] = BGNBD[0];
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

describe("dates", () => {
  it("1997-09-30 and 1998-06-30 are serials 35703 and 35976", () => {
    expect(serial("1997-09-30")).toBe(CAL_END);
    expect(serial("1998-06-30")).toBe(HOLDOUT_END);
  });
});

describe("CRM.BTYDDATA on the CDNOW sample", () => {
  const table = btyddata(cdnow.ids, cdnow.dates, cdnow.amounts, CAL_END, HOLDOUT_END);

  it("gives one row per customer with x, t_x, T, mean repeat spend and holdout purchases equal to the published summary", () => {
    expect(table[0]).toEqual(["CustomerID", "x", "t_x", "T", "mean_spend", "x_holdout"]);
    expect(table.length).toBe(1 + 2357);
    expect(table.slice(1).map((r) => r[0])).toEqual(summary["cust"]);
    // toBeCloseTo(b, d) is |a − b| < 10^−d / 2; the rows that differ are collected and checked once.
    const close = (a: unknown, b: number, digits: number) => Math.abs((a as number) - b) < 10 ** -digits / 2;
    const differ = table
      .slice(1)
      .filter(
        (row, i) =>
          !(
            row[1] === summary["x"][i] &&
            close(row[2], summary["t.x"][i], 10) &&
            close(row[3], summary["T.cal"][i], 10) &&
            close(row[4], summary["m.x"][i], 6) &&
            row[5] === summary["x.star"][i]
          ),
      );
    expect(differ).toEqual([]);
    // Customer 1: 1997-01-01, -01-18, -08-02 (x = 2, t_x = 213/7, T = 272/7), repeat spend (29.73 + 14.96)/2.
    expect(table[1]).toEqual([1, 2, 213 / 7, 272 / 7, (29.73 + 14.96) / 2, 1]);
  });

  it("without amounts, a holdout or headers: five columns, mean_spend blank; unit DAY, MONTH or days", () => {
    const plain = btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, OMITTED, OMITTED, false);
    expect(plain.length).toBe(2357);
    expect(plain[0]).toEqual([1, 2, 213 / 7, 272 / 7, ""]);
    expect(btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, OMITTED, "day", false)[0]).toEqual([1, 2, 213, 272, ""]);
    expect(btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, OMITTED, "MONTH", false)[0]).toEqual([
      1,
      2,
      213 / 30.4375,
      272 / 30.4375,
      "",
    ]);
    expect(btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, OMITTED, 14, false)[0]).toEqual([1, 2, 213 / 14, 272 / 14, ""]);
  });

  it("merges same-day purchases, reads date text, keeps text ids, skips blank rows and puts x = 0 spend at 0", () => {
    const ids = col(["A", "A", "A", "B", "", "C"]);
    const dates = col(["2024-01-01", serial("2024-01-01"), "2024-01-15", "2024-01-10", "", "2024-02-01"]);
    const amounts = col([10, 5, 20, 7, "", 1]);
    // C buys after the calibration end, so it is left out.
    expect(btyddata(ids, dates, amounts, "2024-01-31", OMITTED, "DAY")).toEqual([
      ["CustomerID", "x", "t_x", "T", "mean_spend"],
      ["A", 1, 14, 30, 20],
      ["B", 0, 0, 21, 0],
    ]);
  });
});

describe("CRM.BTYDFIT on the CDNOW transactions (calibration to 1997-09-30, weeks)", () => {
  const bgnbd = btydfit(cdnow.ids, cdnow.dates, cdnow.amounts, CAL_END);
  const pnbd = btydfit(cdnow.ids, cdnow.dates, OMITTED, CAL_END, "PNBD", "WEEK");
  const gg = btydfit(cdnow.ids, cdnow.dates, cdnow.amounts, CAL_END, "gg", OMITTED, false);

  it("BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4, laid out as (4+6)×3 under a header", () => {
    expect(bgnbd.length).toBe(1 + 4 + 6);
    expect(bgnbd[0]).toEqual(["Parameter", "Value", "StdError"]);
    expect(bgnbd.slice(1).map((r) => r[0])).toEqual([
      "r",
      "alpha",
      "a",
      "b",
      "LogLikelihood",
      "Customers",
      "Excluded",
      "Converged",
      "Iterations",
      "Unit",
    ]);
    expect(valueOf(bgnbd, "r")).toBeCloseTo(0.243, 3);
    expect(valueOf(bgnbd, "alpha")).toBeCloseTo(4.414, 3);
    expect(valueOf(bgnbd, "a")).toBeCloseTo(0.793, 3);
    expect(valueOf(bgnbd, "b")).toBeCloseTo(2.426, 3);
    expect(valueOf(bgnbd, "LogLikelihood")).toBeCloseTo(-9582.4, 1);
    for (const row of bgnbd.slice(1, 5)) expect(row[2]).toBeGreaterThan(0);
    expect(bgnbd.slice(6)).toEqual([
      ["Customers", 2357, ""],
      ["Excluded", 0, ""],
      ["Converged", true, expect.any(String)],
      ["Iterations", expect.any(Number), ""],
      ["Unit", "WEEK", 7],
    ]);
  });

  it("Pareto/NBD: r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0", () => {
    expect(pnbd.slice(1, 5).map((r) => r[0])).toEqual(["r", "alpha", "s", "beta"]);
    expect(valueOf(pnbd, "r")).toBeCloseTo(0.553, 3);
    expect(valueOf(pnbd, "alpha")).toBeCloseTo(10.578, 3);
    expect(valueOf(pnbd, "s")).toBeCloseTo(0.606, 3);
    expect(valueOf(pnbd, "beta")).toBeCloseTo(11.669, 3);
    expect(valueOf(pnbd, "LogLikelihood")).toBeCloseTo(-9595.0, 1);
    expect(valueOf(pnbd, "Converged")).toBe(true);
  });

  it("Gamma-Gamma: p 6.25, q 3.74, γ 15.44, LL −4055.9 on the 946 repeat buyers; the other 1,411 excluded with the reason", () => {
    expect(gg.length).toBe(3 + 6);
    expect(gg.map((r) => r[0])).toEqual(["p", "q", "gamma", "LogLikelihood", "Customers", "Excluded", "Converged", "Iterations", "Unit"]);
    expect(valueOf(gg, "p")).toBeCloseTo(6.25, 2);
    expect(valueOf(gg, "q")).toBeCloseTo(3.74, 2);
    expect(valueOf(gg, "gamma")).toBeCloseTo(15.44, 2);
    expect(valueOf(gg, "LogLikelihood")).toBeCloseTo(-4055.9, 1);
    expect(valueOf(gg, "Customers")).toBe(946);
    expect(gg[5]).toEqual(["Excluded", 1411, "no repeat purchase: 1411"]);
  });

  it("gives the same estimates from the summary columns (CRM.BTYDFITSTATS)", () => {
    const stats = btydfitstats(col(summary["x"]), col(summary["t.x"]), col(summary["T.cal"]));
    for (const name of ["r", "alpha", "a", "b"]) expect(valueOf(stats, name)).toBeCloseTo(valueOf(bgnbd, name), 6);
    expect(valueOf(stats, "Unit")).toBe("");
    const ggStats = btydfitstats(col(summary["x"]), col(summary["t.x"]), col(summary["T.cal"]), col(summary["m.x"]), "GG");
    for (const name of ["p", "q", "gamma"]) expect(valueOf(ggStats, name)).toBeCloseTo(valueOf(gg, name), 6);
  });

  it("E[X(t)] at t = 1, 3, 32, 78 weeks: 0.0532, 0.1506, 1.0437, 1.8576 (±0.001) from the BTYDFIT spill, laid out like t", () => {
    const published = [0.0532, 0.1506, 1.0437, 1.8576];
    const column = flat(expnewpurchases(bgnbd, col([1, 3, 32, 78]))) as number[];
    column.forEach((v, i) => expect(Math.abs(v - published[i])).toBeLessThan(0.001));
    const row = expnewpurchases(bgnbd, [[1, 3, 32, 78]]);
    expect(row).toEqual([column]);
  });

  it("Pareto/NBD from its spill: E[X(52)] = 1.473434; x = 26, t_x = 30.857, T = 31: P(alive) = 0.997874, E[Y(52)] = 25.45647", () => {
    expect(expnewpurchases(pnbd, [[52]], "PNBD")[0][0]).toBeCloseTo(1.473434, 6);
    const tx = 216 / 7;
    expect(Math.abs(palive(pnbd, [[26]], [[tx]], [[31]], "PNBD")[0][0] - 0.997874)).toBeLessThan(1e-6);
    // The published figure comes from slightly different estimates (core test: 25.4552 here).
    expect(Math.abs(exppurchases(pnbd, [[52]], [[26]], [[tx]], [[31]], "pnbd")[0][0] - 25.45647)).toBeLessThan(0.002);
  });

  it("BTYDCLV is non-negative and increasing in the horizon for every CDNOW customer", () => {
    const args = [col(summary["x"]), col(summary["t.x"]), col(summary["T.cal"]), col(summary["m.x"])] as const;
    const h6 = flat(btydclv(bgnbd, gg, ...args, 6, 0.1)) as number[];
    const h12 = flat(btydclv(bgnbd, gg, ...args, 12, 0.1));
    expect(h6.length).toBe(2357);
    expect(h6.map((v, i) => [v, h12[i] as number]).filter(([v, v12]) => !(v > 0 && v12 > v))).toEqual([]);
  });
});

describe("CRM.PALIVE, EXPPURCHASES, PNPURCHASES at the published BG/NBD parameters", () => {
  it("E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 (±0.001) and P(X(39) = 0) = 0.5737864", () => {
    expect(Math.abs(exppurchases(BGNBD, [[39]], [[2]], [[30.43]], [[38.86]])[0][0] - 1.226)).toBeLessThan(0.001);
    expect(Math.abs(exppurchases(BGNBD_TABLE, [[39]], [[2]], [[30.43]], [[38.86]], "BG/NBD")[0][0] - 1.226)).toBeLessThan(0.001);
    expect(pnpurchases(BGNBD, [[39]], [[0]])[0][0]).toBeCloseTo(0.5737864, 7);
    expect(pnpurchases(col([0.243, 4.414, 0.793, 2.426]), [[39]], [[0]])[0][0]).toBeCloseTo(0.5737864, 7);
  });

  it("P(alive) by hand, with the parameters as a row, a column or a table of names; x = 0 is alive", () => {
    const want = bgnbdAliveByHand(2, 30.43, 38.86);
    expect(palive(BGNBD, [[2]], [[30.43]], [[38.86]])[0][0]).toBeCloseTo(want, 12);
    expect(palive(col(BGNBD[0]), [[2]], [[30.43]], [[38.86]])[0][0]).toBeCloseTo(want, 12);
    expect(palive(BGNBD_TABLE, [[2]], [[30.43]], [[38.86]])[0][0]).toBeCloseTo(want, 12);
    // Names over values, as a horizontal assumptions block.
    expect(palive([["r", "α", "a", "b"], BGNBD[0]], [[2]], [[30.43]], [[38.86]])[0][0]).toBeCloseTo(want, 12);
    expect(palive(BGNBD, [[0]], [[0]], [[38.86]])[0][0]).toBe(1);
  });

  it("is aligned: one result per row, blank rows blank, a bad row an error in its row only", () => {
    const out = flat(palive(BGNBD, col([2, "", 1, 3, "two", 0]), col([30.43, "", 40, 10, 1, 0]), col([38.86, "", 38.86, 20, 2, 5])));
    expect(out[0]).toBeCloseTo(bgnbdAliveByHand(2, 30.43, 38.86), 12);
    expect(out[1]).toBe("");
    expect(errorCode(out[2])).toBe("#NUM!"); // t_x > T
    expect((out[2] as ExcelError).message).toMatch(/^row 3: need 0 ≤ t_x ≤ T/);
    expect(out[3]).toBeCloseTo(bgnbdAliveByHand(3, 10, 20), 12);
    expect(errorCode(out[4])).toBe("#VALUE!");
    expect(out[5]).toBe(1);
  });

  it("takes t as one cell for all customers or one per customer; P(X(t) = n) over a range of n sums to about 1", () => {
    const one = flat(exppurchases(BGNBD, [[39]], col([2, 2]), col([30.43, 30.43]), col([38.86, 38.86])));
    const each = flat(exppurchases(BGNBD, col([39, 0]), col([2, 2]), col([30.43, 30.43]), col([38.86, 38.86])));
    expect(each[0]).toBe(one[0]);
    expect(each[1]).toBe(0);
    const n = Array.from({ length: 200 }, (_, k) => k);
    const probabilities = flat(pnpurchases(BGNBD, [[39]], col(n))) as number[];
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
    expect(errorCode(pnpurchases(BGNBD, [[39]], [[1.5]])[0][0])).toBe("#NUM!");
  });
});

describe("CRM.EXPSPEND", () => {
  it("(γ + x·m)·p / (p·x + q − 1), and the population mean p·γ/(q − 1) for x = 0 (mean_spend blank or 0)", () => {
    const out = flat(expspend(GG, col([2, 0, 0, ""]), col([22.345, "", 0, ""])));
    expect(out[0]).toBeCloseTo(((15.44 + 2 * 22.345) * 6.25) / (6.25 * 2 + 3.74 - 1), 12);
    expect(out[1]).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(out[2]).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(out[3]).toBe("");
  });

  it("refuses q ≤ 1 with #NUM! and a blank mean spend for a repeat buyer with #VALUE! in its row", () => {
    expect(errorCode(expspend([[6.25, 0.9, 15.44]], [[0]], [[0]])[0][0])).toBe("#NUM!");
    const out = flat(expspend(GG, col([1, 3]), col([10, ""])));
    expect(out[0]).toBeCloseTo(((15.44 + 10) * 6.25) / (6.25 + 2.74), 12);
    expect(errorCode(out[1])).toBe("#VALUE!");
  });
});

describe("CRM.BTYDCLV", () => {
  // Pareto/NBD r = 1, α = 4, s = 2, β = 10 and a customer whose first purchase is today (x = t_x = T = 0):
  // alive for sure, and E[Y(t)] = rβ/(α(s−1)) · (1 − β/(β+t)) = 2.5·t/(10+t). Gamma-Gamma p = 2, q = 3,
  // γ = 10: expected spend pγ/(q−1) = 10.
  const PNBD = [[1, 4, 2, 10]];
  const SPEND = [[2, 3, 10]];
  const expected = (t: number) => (2.5 * t) / (10 + t);
  const clvOf = (horizon: number, period?: unknown, margin?: unknown) =>
    btydclv(PNBD, SPEND, [[0]], [[0]], [[0]], [[""]], horizon, 0.1, margin, "PNBD", "WEEK", period)[0][0];

  it("one week: purchases in the week × spend / (1 + the weekly rate 1.1^(7/365.25) − 1)", () => {
    expect(clvOf(1, "WEEK")).toBeCloseTo((10 * expected(1)) / 1.1 ** (7 / 365.25), 12);
  });

  it("two weeks: each week's purchases discounted from its end; margin scales the value", () => {
    const d = 1.1 ** (7 / 365.25);
    const want = 10 * (expected(1) / d + (expected(2) - expected(1)) / d ** 2);
    expect(clvOf(2, "week")).toBeCloseTo(want, 12);
    expect(clvOf(2, "WEEK", 0.3)).toBeCloseTo(0.3 * want, 12);
    expect(clvOf(2, 7)).toBeCloseTo(want, 12);
  });

  it("one month (default period) of 365.25/12 days at the monthly rate 1.1^(1/12) − 1; a year of 365.25 days at 10%", () => {
    const month = 365.25 / 12 / 7;
    expect(clvOf(1)).toBeCloseTo((10 * expected(month)) / 1.1 ** (1 / 12), 12);
    expect(clvOf(1, "YEAR")).toBeCloseTo((10 * expected(365.25 / 7)) / 1.1, 12);
    expect(clvOf(1, "QUARTER")).toBeCloseTo((10 * expected(365.25 / 4 / 7)) / 1.1 ** 0.25, 12);
  });

  it("BG/NBD: one period equals EXPPURCHASES over the period × EXPSPEND, discounted one period", () => {
    const month = 365.25 / 12 / 7;
    const purchases = exppurchases(BGNBD, [[month]], [[2]], [[30.43]], [[38.86]])[0][0];
    const spend = expspend(GG, [[2]], [[22.345]])[0][0];
    expect(btydclv(BGNBD, GG, [[2]], [[30.43]], [[38.86]], [[22.345]], 1, 0.1)[0][0]).toBeCloseTo(
      (purchases * spend) / 1.1 ** (1 / 12),
      10,
    );
  });

  it("is aligned: blank rows blank, a bad row an error in its row only", () => {
    const out = flat(
      btydclv(
        BGNBD,
        GG,
        col([2, "", 1.5, 2]),
        col([30.43, "", 3, 30.43]),
        col([38.86, "", 38.86, 38.86]),
        col([22.345, "", 10, ""]),
        12,
        0.1,
      ),
    );
    expect(out[0]).toBeGreaterThan(0);
    expect(out[1]).toBe("");
    expect(errorCode(out[2])).toBe("#NUM!"); // x = 1.5
    expect(errorCode(out[3])).toBe("#VALUE!"); // no mean spend for x > 0
  });

  it("refuses a horizon that is not a whole number ≥ 1, a rate ≤ −100%, and an unknown period", () => {
    expect(errorCode(btydclv(BGNBD, GG, [[2]], [[30.43]], [[38.86]], [[22.345]], 0, 0.1)[0][0])).toBe("#NUM!");
    expect(errorCode(btydclv(BGNBD, GG, [[2]], [[30.43]], [[38.86]], [[22.345]], 1.5, 0.1)[0][0])).toBe("#NUM!");
    expect(errorCode(btydclv(BGNBD, GG, [[2]], [[30.43]], [[38.86]], [[22.345]], 12, -1)[0][0])).toBe("#NUM!");
    expect(errorCode(btydclv(BGNBD, GG, [[2]], [[30.43]], [[38.86]], [[22.345]], 12, 0.1, 1, "BGNBD", "WEEK", "DECADE")[0][0])).toBe(
      "#VALUE!",
    );
    expect(errorCode(btydclv(BGNBD, GG, [[2]], [[30.43]], [[38.86]], [[22.345]], "", 0.1)[0][0])).toBe("#VALUE!");
  });
});

describe("CRM.BGBBFIT and CRM.BGBBPALIVE on the donations data (Fader, Hardie & Shang 2010)", () => {
  const d = csv("donations.csv");
  const fit = bgbbfit(col(d["frequency"]), col(d["recency"]), col(d["periods"]), col(d["weights"]));

  it("α 1.204, β 0.750, γ 0.657, δ 2.783, LL −33225.6 over 11,104 donors; n given once gives the same", () => {
    expect(fit.map((r) => r[0])).toEqual([
      "Parameter",
      "alpha",
      "beta",
      "gamma",
      "delta",
      "LogLikelihood",
      "Customers",
      "Excluded",
      "Converged",
      "Iterations",
    ]);
    expect(valueOf(fit, "alpha")).toBeCloseTo(1.204, 3);
    expect(valueOf(fit, "beta")).toBeCloseTo(0.75, 3);
    expect(valueOf(fit, "gamma")).toBeCloseTo(0.657, 3);
    expect(valueOf(fit, "delta")).toBeCloseTo(2.783, 3);
    expect(valueOf(fit, "LogLikelihood")).toBeCloseTo(-33225.6, 1);
    expect(valueOf(fit, "Customers")).toBe(11104);
    expect(valueOf(fit, "Converged")).toBe(true);
    const once = bgbbfit(col(d["frequency"]), col(d["recency"]), [[6]], col(d["weights"]), false);
    expect(once[0][1]).toBeCloseTo(valueOf(fit, "alpha"), 8);
  });

  it("P(alive) for (x, t_x) = (0, 0), (2, 4), (6, 6) after 6 opportunities: 0.11, 0.59, 0.93, from published numbers or the fit", () => {
    for (const params of [[[1.204, 0.75, 0.657, 2.783]], fit]) {
      const out = flat(bgbbpalive(params, col([0, 2, 6]), col([0, 4, 6]), [[6]])) as number[];
      expect(out.map((v) => Number(v.toFixed(2)))).toEqual([0.11, 0.59, 0.93]);
    }
  });

  it("an impossible history is an error in its row; an impossible row fails the fit", () => {
    const out = flat(bgbbpalive(fit, col([3, 1]), col([2, 1]), [[6]]));
    expect(errorCode(out[0])).toBe("#NUM!");
    expect(out[1]).toBeGreaterThan(0);
    const bad = bgbbfit(col([1, 3]), col([1, 2]), [[6]])[0][0];
    expect(errorCode(bad)).toBe("#NUM!");
    expect((bad as ExcelError).message).toMatch(/^row 2: need x ≤ t_x ≤ n/);
    expect(errorCode(bgbbfit(col(["", ""]), col(["", ""]), [[6]])[0][0])).toBe("#N/A");
  });
});

describe("CRM.SBGFIT, SBGSURVIVAL, SBGRETENTION, SBGDERL (Fader & Hardie 2007)", () => {
  const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
  const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

  it("regular cohort α 0.704, β 1.182; high-end α 0.668, β 3.806 (also from the % surviving, with blank cells after)", () => {
    const regular = sbgfit(col(REGULAR));
    expect(regular.map((r) => r[0])).toEqual([
      "Parameter",
      "alpha",
      "beta",
      "LogLikelihood",
      "Customers",
      "Excluded",
      "Converged",
      "Iterations",
    ]);
    expect(valueOf(regular, "alpha")).toBeCloseTo(0.704, 3);
    expect(valueOf(regular, "beta")).toBeCloseTo(1.182, 3);
    expect(valueOf(regular, "Customers")).toBe(1000);
    const high = sbgfit([HIGH_END]);
    expect(valueOf(high, "alpha")).toBeCloseTo(0.668, 3);
    expect(valueOf(high, "beta")).toBeCloseTo(3.806, 3);
    const percent = sbgfit(col([100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, "", ""]), false);
    expect(percent[0][1]).toBeCloseTo(0.668, 3);
    expect(percent[1][1]).toBeCloseTo(3.806, 3);
  });

  it("retention (β+t−1)/(α+β+t−1) and survival as their product, laid out like t", () => {
    const [alpha, beta] = [0.704, 1.182];
    const params = [
      ["alpha", alpha],
      ["beta", beta],
    ];
    const t = [1, 2, 3, 4, 5, 6, 7];
    const retention = t.map((k) => (beta + k - 1) / (alpha + beta + k - 1));
    expect(sbgretention(params, [t])[0].map((v: number) => Number(v.toFixed(12)))).toEqual(retention.map((v) => Number(v.toFixed(12))));
    let s = 1;
    const survival = flat(sbgsurvival([[alpha, beta]], col([0, ...t])));
    expect(survival[0]).toBeCloseTo(1, 14);
    t.forEach((k) => {
      s *= retention[k - 1];
      expect(survival[k]).toBeCloseTo(s, 12);
    });
    expect(errorCode(sbgretention(params, [[0]])[0][0])).toBe("#NUM!");
    expect(errorCode(sbgsurvival(params, [[1.5]])[0][0])).toBe("#NUM!");
  });

  it("DERL for α = β = 1 at 10%: Σ_k z^k/(k+2) = −(z + ln(1−z))/z², z = 1/1.1", () => {
    const z = 1 / 1.1;
    expect(sbgderl([[1, 1]], 0.1)[0][0]).toBeCloseTo(-(z + Math.log(1 - z)) / z ** 2, 12);
    // After one renewal (n = 2): S(2+k)/S(1) = 2/(k+3), so DERL = Σ 2 z^k/(k+3).
    let sum = 0;
    for (let k = 0; k < 2000; k++) sum += (2 * z ** k) / (k + 3);
    expect(flat(sbgderl([[1, 1]], 0.1, col([0, 1])))[1]).toBeCloseTo(sum, 12);
    expect(errorCode(sbgderl([[1, 1]], 0)[0][0])).toBe("#NUM!");
  });

  it("refuses blanks inside the curve and increasing counts with #VALUE!, a curve without churn with #N/A", () => {
    expect(errorCode(sbgfit(col([1000, "", 500]))[0][0])).toBe("#VALUE!");
    expect(errorCode(sbgfit(col([1000, 600, 700]))[0][0])).toBe("#VALUE!");
    expect(errorCode(sbgfit(col([1000, 1000]))[0][0])).toBe("#N/A");
  });
});

describe("parameters, options and errors", () => {
  it("names a missing or non-positive parameter with #NUM!; a wrong shape or text is #VALUE!", () => {
    const missing = palive([[0.243, 4.414, 0.793]], [[2]], [[30.43]], [[38.86]])[0][0];
    expect(errorCode(missing)).toBe("#NUM!");
    expect((missing as ExcelError).message).toMatch(/parameter b is missing/);
    const negative = palive([[0.243, -4.414, 0.793, 2.426]], [[2]], [[30.43]], [[38.86]])[0][0];
    expect(errorCode(negative)).toBe("#NUM!");
    expect((negative as ExcelError).message).toMatch(/parameter alpha must be positive/);
    // A Pareto/NBD table has no a or b.
    const wrongModel = palive(
      [
        ["r", 0.553],
        ["alpha", 10.578],
        ["s", 0.606],
        ["beta", 11.669],
      ],
      [[2]],
      [[30.43]],
      [[38.86]],
    )[0][0];
    expect((wrongModel as ExcelError).message).toMatch(/parameter a is missing/);
    expect(errorCode(palive([[0.243, 4.414, 0.793, 2.426, 1]], [[2]], [[30.43]], [[38.86]])[0][0])).toBe("#VALUE!");
    expect(
      errorCode(
        palive(
          [
            [0.243, 4.414],
            [0.793, 2.426],
          ],
          [[2]],
          [[30.43]],
          [[38.86]],
        )[0][0],
      ),
    ).toBe("#VALUE!");
    expect(
      errorCode(
        palive(
          [
            ["r", "x"],
            ["alpha", 4.414],
            ["a", 0.793],
            ["b", 2.426],
          ],
          [[2]],
          [[30.43]],
          [[38.86]],
        )[0][0],
      ),
    ).toBe("#VALUE!");
    expect(errorCode(palive([[0.243, 4.414, 0.793, 2.426, ""]], [[2]], [[30.43]], [[38.86]])[0][0])).toBe(undefined);
  });

  it("returns #VALUE! for ranges of different lengths and unknown options", () => {
    expect(errorCode(palive(BGNBD, col([1, 2, 3]), col([1, 1]), col([5, 5, 5]))[0][0])).toBe("#VALUE!");
    expect(errorCode(btyddata(col(["A", "B"]), col([CAL_END]), OMITTED, CAL_END)[0][0])).toBe("#VALUE!");
    expect(errorCode(palive(BGNBD, [[2]], [[30.43]], [[38.86]], "BGBB")[0][0])).toBe("#VALUE!");
    expect(errorCode(btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, OMITTED, "YEAR")[0][0])).toBe("#VALUE!");
    expect(errorCode(btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, OMITTED, -7)[0][0])).toBe("#NUM!");
  });

  it("needs a calibration end (never today), a holdout after it, and amounts for GG", () => {
    expect(errorCode(btyddata(cdnow.ids, cdnow.dates, OMITTED, OMITTED)[0][0])).toBe("#VALUE!");
    expect(errorCode(btydfit(cdnow.ids, cdnow.dates, OMITTED, "")[0][0])).toBe("#VALUE!");
    expect(errorCode(btyddata(cdnow.ids, cdnow.dates, OMITTED, "not a date")[0][0])).toBe("#VALUE!");
    expect(errorCode(btyddata(cdnow.ids, cdnow.dates, OMITTED, CAL_END, CAL_END - 1)[0][0])).toBe("#NUM!");
    expect(errorCode(btydfit(cdnow.ids, cdnow.dates, OMITTED, CAL_END, "GG")[0][0])).toBe("#VALUE!");
    expect(errorCode(btydfitstats(col([1]), col([1]), col([2]), OMITTED, "GG")[0][0])).toBe("#VALUE!");
  });

  it("returns #N/A when no customer is usable", () => {
    // Every CDNOW customer first bought in 1997.
    expect(errorCode(btyddata(cdnow.ids, cdnow.dates, OMITTED, serial("1996-12-31"))[0][0])).toBe("#N/A");
    expect(errorCode(btydfit(col(["", ""]), col(["", ""]), OMITTED, CAL_END)[0][0])).toBe("#N/A");
    expect(errorCode(btydfitstats(col(["", ""]), col(["", ""]), col(["", ""]))[0][0])).toBe("#N/A");
    // One-time buyers only: no purchase rate to estimate.
    expect(errorCode(btydfit(col(["A", "B"]), col([CAL_END - 10, CAL_END - 3]), OMITTED, CAL_END)[0][0])).toBe("#N/A");
  });

  it("reports a fit that did not converge with its numbers, FALSE and the optimiser's message", () => {
    // Nobody made a second repeat purchase: the likelihood rises towards a/(a+b) → 1 with no interior maximum.
    const out = btydfitstats(col([0, 0, 0, 0, 1]), col([0, 0, 0, 0, 3]), [[10]]);
    const converged = out.find((r) => r[0] === "Converged")!;
    expect(converged[1]).toBe(false);
    expect(converged[2]).toMatch(/standard errors are unavailable/);
    for (const row of out.slice(1, 5)) {
      expect(Number.isFinite(row[1])).toBe(true);
      expect(errorCode(row[2])).toBe("#N/A");
    }
  });

  it("skips blank rows of summary columns and names the row of a bad one", () => {
    const a = btydfitstats(col([2, 1, 0, 3]), col([30, 2, 0, 20]), col([38, 38, 38, 30]));
    const b = btydfitstats(col([2, "", 1, 0, 3, ""]), col([30, "", 2, 0, 20, ""]), col([38, "", 38, 38, 30, ""]));
    expect(b).toEqual(a);
    const bad = btydfitstats(col([2, "", 1]), col([30, "", 45]), col([38, "", 38]))[0][0];
    expect(errorCode(bad)).toBe("#NUM!");
    expect((bad as ExcelError).message).toMatch(/^row 3: /);
  });
});
