/**
 * buildClvModel's additions on the strict fake workbook, on the CDNOW sample: the prediction
 * intervals written as values in N:S beside the live customer formulas, the model comparison, the
 * calibration advice and warnings the pane shows, and the interval of the total expected purchases.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { bgnbdConditionalExpected, bgnbdProbAlive, customerLifetimeValue, DAYS_PER_MONTH, prepareTransactions } from "../../src/core/btyd";
import { dayFromYMD } from "../../src/core/ingest/dates";
import type { ClvModelReport, ClvModelRequest } from "../../src/excel/types";
import { FIXTURES, readCdnowTransactions } from "../core/btyd/cdnow";
import { harness, type Harness } from "./helpers";

const CAL_END = dayFromYMD(1997, 9, 30);
const HOLD_END = dayFromYMD(1998, 6, 30);
const SHEET = "CLV model";
const N = 2357;

let h: Harness;

/** CDNOW_sample.txt as a sheet: customer, date serial, dollars. */
function cdnowSheet(): (string | number)[][] {
  const lines = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const rows: (string | number)[][] = [["Customer", "Date", "CDs", "Amount"]];
  for (const line of lines) {
    const [id, , date, , dollars] = line.trim().split(/\s+/);
    rows.push([id, dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))), Number(dollars)]);
  }
  return rows;
}

async function build(partial: Partial<ClvModelRequest> = {}): Promise<ClvModelReport> {
  const request: ClvModelRequest = {
    source: { kind: "used", sheetName: "CDNOW" },
    mapping: { customer: 0, date: 1, amount: 2 },
    calibrationEnd: CAL_END,
    holdoutEnd: HOLD_END,
    lang: "en",
    ...partial,
  };
  return h.api.buildClvModel(request, () => undefined, new AbortController().signal);
}

const prepared = prepareTransactions(readCdnowTransactions(), { calibrationEnd: CAL_END, holdoutEnd: HOLD_END, unit: "week" });

describe("with 90 % intervals", () => {
  let report: ClvModelReport;
  beforeAll(async () => {
    h = harness();
    h.fake.addSheet("CDNOW", cdnowSheet());
    report = await build({ intervalLevel: 0.9 });
  });
  afterAll(() => h.restore());

  test("N30 says the values are from the fit; N31:S31 the low/high header; one value row per customer, no formulas", () => {
    const sheet = h.fake.sheetModel(SHEET);
    expect(String(sheet.get(29, 13))).toContain("values computed when the model was fitted");
    expect(h.fake.read(SHEET, "N31:S31")[0]).toEqual([
      "P(alive) low (90 %)",
      "P(alive) high (90 %)",
      "Expected purchases low (90 %)",
      "Expected purchases high (90 %)",
      "CLV low (90 %)",
      "CLV high (90 %)",
    ]);
    for (const r of [31, 31 + N - 1]) for (let c = 13; c <= 18; c++) expect(typeof sheet.get(r, c)).toBe("number");
    for (let c = 13; c <= 18; c++) expect(sheet.get(31 + N, c)).toBeUndefined();
    // The holdout check (K:M) and the live formulas (F:I) are where they were.
    expect(h.fake.read(SHEET, "K31:M31")[0]).toEqual(["Week", "Actual", "Predicted"]);
    expect(String(sheet.get(31, 5))).toMatch(/^=CRM\.PALIVE\(/);
  });

  test("each interval holds the estimate at the fitted parameters, and is not a point for a repeat buyer", () => {
    const sheet = h.fake.sheetModel(SHEET);
    const fitted = report.bgnbd.params;
    const horizon = (12 * DAYS_PER_MONTH) / 7;
    const rows = [0, 1, 7, 500, 1234, 2356];
    const data = {
      x: rows.map((i) => prepared.x[i]),
      tx: rows.map((i) => prepared.tx[i]),
      T: rows.map((i) => prepared.T[i]),
      meanSpend: rows.map((i) => prepared.meanSpend[i]),
    };
    const clv = customerLifetimeValue({ model: "bgnbd", params: fitted }, report.gammaGamma.params, data, {
      periods: 12,
      periodLength: DAYS_PER_MONTH / 7,
      discountRate: 1.1 ** (1 / 12) - 1,
      margin: 1,
    }).clv;
    rows.forEach((i, k) => {
      const r = 31 + i;
      const [x, tx, T] = [prepared.x[i], prepared.tx[i], prepared.T[i]];
      const cell = (c: number) => sheet.get(r, c) as number;
      const alive = bgnbdProbAlive(fitted, x, tx, T);
      const expected = bgnbdConditionalExpected(fitted, horizon, x, tx, T);
      expect(cell(13)).toBeLessThanOrEqual(alive + 1e-9);
      expect(cell(14)).toBeGreaterThanOrEqual(alive - 1e-9);
      expect(cell(15)).toBeLessThanOrEqual(expected + 1e-9);
      expect(cell(16)).toBeGreaterThanOrEqual(expected - 1e-9);
      expect(cell(16)).toBeGreaterThan(cell(15));
      expect(cell(17)).toBeLessThanOrEqual(clv[k] + 1e-6);
      expect(cell(18)).toBeGreaterThanOrEqual(clv[k] - 1e-6);
      // For a repeat buyer the parameters' uncertainty widens the CLV interval visibly.
      if (x > 0) expect(cell(18)).toBeGreaterThan(cell(17) * 1.001);
    });
  });

  test("the total expected purchases over 12 months: the sum of the customers' estimates, inside its interval", () => {
    const total = report.totalExpected!;
    const horizon = (12 * DAYS_PER_MONTH) / 7;
    let sum = 0;
    for (let i = 0; i < N; i++) sum += bgnbdConditionalExpected(report.bgnbd.params, horizon, prepared.x[i], prepared.tx[i], prepared.T[i]);
    expect(total.estimate).toBeCloseTo(sum, 6);
    expect(total.level).toBe(0.9);
    expect(total.low).toBeLessThan(total.estimate);
    expect(total.high).toBeGreaterThan(total.estimate);
    // Narrower than the sum of the customers' own ranges would suggest, but not a point.
    expect(total.high - total.low).toBeGreaterThan(0.01 * total.estimate);
    expect(total.high - total.low).toBeLessThan(0.5 * total.estimate);
  });

  test("comparison: all four models; BG/NBD at the published ln L = −9582.4, so AIC = 8 + 19164.8 and BIC = 4 ln 2357 + 19164.8", () => {
    const c = report.comparison!;
    expect(c.scores.map((s) => s.model)).toEqual(["bgnbd", "mbgnbd", "paretonbd", "nbd"]);
    const bg = c.scores[0];
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(bg.aic).toBeCloseTo(19172.8, 0);
    expect(bg.bic).toBeCloseTo(19164.8 + 4 * 7.76514, 0);
    // Pareto/NBD's published ln L on CDNOW (Fader, Hardie & Lee 2005: −9595.0).
    expect(c.scores[2].logLikelihood).toBeCloseTo(-9595.0, 1);
    for (const s of c.scores) expect(s.holdoutMae).toBeGreaterThan(0);
    expect(c.basis).toBe("holdout");
  });

  test("advice: CDNOW runs 1997-01-01 … 1998-06-30 (545 days), two thirds in: 1997-01-01 + 363 = 1997-12-30; a 39/39-week split gives no warning", () => {
    expect(report.advice).toEqual({
      firstDay: dayFromYMD(1997, 1, 1),
      lastDay: dayFromYMD(1998, 6, 30),
      suggestedEnd: dayFromYMD(1997, 12, 30),
    });
    // 946 of 2,357 customers (40 %) repeat; holdout 273 days = calibration 273 days.
    expect(report.calibrationWarnings).toEqual([]);
  });
});

describe("without intervals, and with a short holdout", () => {
  let report: ClvModelReport;
  beforeAll(async () => {
    h = harness();
    h.fake.addSheet("CDNOW", cdnowSheet());
    report = await build({ holdoutEnd: dayFromYMD(1997, 10, 31) });
  });
  afterAll(() => h.restore());

  test("no interval block, no total interval", () => {
    const sheet = h.fake.sheetModel(SHEET);
    for (let c = 13; c <= 18; c++) for (const r of [29, 30, 31]) expect(sheet.get(r, c)).toBeUndefined();
    expect(report.totalExpected).toBeUndefined();
  });

  test("holdout of 31 days (Oct) against 273 calibration days (Jan–Sep): shorter than a quarter (68.25)", () => {
    expect(report.calibrationWarnings).toEqual([{ kind: "shortHoldout", holdoutDays: 31, calibrationDays: 273 }]);
  });
});
