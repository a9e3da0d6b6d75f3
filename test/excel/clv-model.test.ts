/**
 * buildClvModel on the CDNOW sample (Fader, Hardie & Lee 2005) on the strict fake workbook: the
 * parameter cells must hold the published estimates, the customer formulas (one spilling formula per
 * column) — recalculated with the test formula evaluator, the CRM.* functions wired to the core, and
 * again to the add-in's own custom functions — must agree with the core and follow edited
 * assumptions, and the holdout check must match the published cumulative repeat purchases.
 */
import { readFileSync } from "fs";
import { join } from "path";
import {
  bgnbdConditionalExpected,
  bgnbdProbAlive,
  customerLifetimeValue,
  DAYS_PER_MONTH,
  gammaGammaExpectedSpend,
  prepareTransactions,
  type BgNbdParams,
  type GammaGammaParams,
} from "../../src/core/btyd";
import { dayFromYMD } from "../../src/core/ingest/dates";
import { CLV_MODEL_KEY } from "../../src/excel";
import { INPUT_STYLE } from "../../src/excel/clv-model";
import type { ClvModelReport, ClvModelRequest, Progress } from "../../src/excel/types";
import { btydclv, exppurchases, expspend, palive } from "../../src/functions/btyd-predict";
import { FIXTURES, readCdnowTransactions } from "../core/btyd/cdnow";
import { FormulaBook, FormulaError, type Arg, type ErrorCode, type FormulaFunction, type Grid, type Scalar } from "../support/formula-eval";
import { expectSteadyProgress, harness, type Harness } from "./helpers";

let h: Harness;

const CAL_END = dayFromYMD(1997, 9, 30);
const HOLD_END = dayFromYMD(1998, 6, 30);
/** Published estimates (data/README.md). */
const BGNBD: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

/** CDNOW_sample.txt as a sheet: text ids ("00004"), dates as serial numbers, CDs, dollars. */
function cdnowSheet(): (string | number)[][] {
  const lines = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const rows: (string | number)[][] = [["Customer", "Date", "CDs", "Amount"]];
  for (const line of lines) {
    const [id, , date, cds, dollars] = line.trim().split(/\s+/);
    rows.push([id, dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))), Number(cds), Number(dollars)]);
  }
  return rows;
}

function request(partial: Partial<ClvModelRequest> = {}): ClvModelRequest {
  return {
    source: { kind: "used", sheetName: "CDNOW" },
    mapping: { customer: 0, date: 1, amount: 3 },
    calibrationEnd: CAL_END,
    holdoutEnd: HOLD_END,
    lang: "en",
    ...partial,
  };
}

function seed(): void {
  h.fake.addSheet("CDNOW", cdnowSheet());
}

async function build(
  partial: Partial<ClvModelRequest> = {},
  onProgress: (p: Progress, c: AbortController) => void = () => undefined,
): Promise<ClvModelReport> {
  const controller = new AbortController();
  return h.api.buildClvModel(request(partial), (p) => onProgress(p, controller), controller.signal);
}

const num = (v: Arg | undefined) => Number(v);
const bgParams = (g: Arg | undefined): BgNbdParams => {
  const [r, alpha, a, b] = (g as Grid).flat().map(Number);
  return { r, alpha, a, b };
};
const ggParams = (g: Arg | undefined): GammaGammaParams => {
  const [p, q, gamma] = (g as Grid).flat().map(Number);
  return { p, q, gamma };
};

/** Per-customer columns: ranges of one column and one length (the sheet passes whole columns, never one cell). */
function columns(...args: (Arg | undefined)[]): number[][] {
  const out = args.map((g) => {
    if (!Array.isArray(g) || g.some((row) => row.length !== 1)) throw new Error("a per-customer argument is not a column range");
    return g.map((row) => Number(row[0]));
  });
  if (out.some((c) => c.length !== out[0].length)) throw new Error("per-customer columns of different lengths");
  return out;
}

/** One result per customer, as a column that spills. */
function perCustomer(args: (Arg | undefined)[], f: (values: number[]) => number): Grid {
  const cols = columns(...args);
  return cols[0].map((_, i) => [f(cols.map((c) => c[i]))]);
}

/**
 * The CRM.* custom functions as the test's own JavaScript over the core, with the signatures the
 * sheet's formulas use: column ranges in, a column of results out. BTYDCLV values monthly periods
 * discounted at (1 + annual)^(1/12) − 1.
 */
const CRM: Record<string, FormulaFunction> = {
  "CRM.PALIVE": (params, x, tx, T) => perCustomer([x, tx, T], ([cx, ctx, cT]) => bgnbdProbAlive(bgParams(params), cx, ctx, cT)),
  "CRM.EXPPURCHASES": (params, t, x, tx, T) =>
    perCustomer([x, tx, T], ([cx, ctx, cT]) => bgnbdConditionalExpected(bgParams(params), num(t), cx, ctx, cT)),
  "CRM.EXPSPEND": (gg, x, m) => perCustomer([x, m], ([cx, cm]) => gammaGammaExpectedSpend(ggParams(gg), cx, cm)),
  "CRM.BTYDCLV": (params, gg, x, tx, T, m, horizon, rate, margin, model, unit, period) => {
    if (model !== "BGNBD" || unit !== "WEEK" || period !== "MONTH")
      throw new Error(`unexpected model/unit/period ${String(model)} ${String(unit)} ${String(period)}`);
    const [xs, txs, Ts, ms] = columns(x, tx, T, m);
    const { clv } = customerLifetimeValue(
      { model: "bgnbd", params: bgParams(params) },
      ggParams(gg),
      { x: xs, tx: txs, T: Ts, meanSpend: ms },
      {
        periods: num(horizon),
        periodLength: DAYS_PER_MONTH / 7,
        discountRate: (1 + num(rate)) ** (1 / 12) - 1,
        margin: num(margin),
      },
    );
    return Array.from(clv, (v) => [v]);
  },
};

/** A custom function's result as the evaluator holds it: CustomFunctions.Error values become Excel errors. */
function fromCustomFunction(out: unknown[][]): Grid {
  return out.map((row) =>
    row.map((v) =>
      v instanceof Error && typeof (v as { code?: unknown }).code === "string"
        ? new FormulaError((v as unknown as { code: ErrorCode }).code)
        : (v as Scalar),
    ),
  );
}

/** The add-in's own CRM functions (src/functions), as Excel would call them from the sheet. */
const ADD_IN: Record<string, FormulaFunction> = {
  "CRM.PALIVE": (...a) => fromCustomFunction(palive(...(a as Parameters<typeof palive>))),
  "CRM.EXPPURCHASES": (...a) => fromCustomFunction(exppurchases(...(a as Parameters<typeof exppurchases>))),
  "CRM.EXPSPEND": (...a) => fromCustomFunction(expspend(...(a as Parameters<typeof expspend>))),
  "CRM.BTYDCLV": (...a) => fromCustomFunction(btydclv(...(a as Parameters<typeof btydclv>))),
};

function bookOf(sheet: string, functions = CRM): FormulaBook {
  const model = h.fake.sheetModel(sheet);
  return new FormulaBook((s, r, c) => (s === sheet ? model.get(r, c) : undefined), functions);
}

/** The customers as the core prepares them, independently of the workbook. */
const prepared = prepareTransactions(readCdnowTransactions(), { calibrationEnd: CAL_END, holdoutEnd: HOLD_END, unit: "week" });

describe("buildClvModel on CDNOW (calibration to 1997-09-30, holdout to 1998-06-30)", () => {
  let report: ClvModelReport;
  let book: FormulaBook;
  const progress: Progress[] = [];
  const SHEET = "CLV model";

  beforeAll(async () => {
    h = harness();
    seed();
    report = await build({}, (p) => progress.push(p));
    book = bookOf(SHEET);
  });
  afterAll(() => h.restore());

  test("report: published BG/NBD and Gamma-Gamma fits, customers and exclusions", () => {
    expect(report.sheetName).toBe(SHEET);
    expect(report.customers).toBe(2357);
    expect(report.rows).toBe(6919);
    expect(report.excluded).toEqual({ rejectedRows: 0, rowsAfterEnd: 0, firstAfterCalibration: 0, onlyReturns: 0, returnDays: 0 });
    expect(report.bgnbd.converged).toBe(true);
    expect(report.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(report.gammaGamma.converged).toBe(true);
    expect(report.gammaGamma.customers).toBe(946);
    expect(report.gammaGamma.excluded).toEqual({ noRepeatPurchase: 2357 - 946, nonPositiveSpend: 0 });
    expect(report.gammaGamma.logLikelihood).toBeCloseTo(-4055.9, 1);
    expect(report.assumptions).toEqual({ margin: 1, annualDiscountRate: 0.1, horizonMonths: 12 });
    expect(report.warnings).toEqual([]);
    expectSteadyProgress(progress);
  });

  test("parameter cells hold the published estimates to the published precision, with standard errors and fit statistics", () => {
    const cells = (from: number, n: number) => Array.from({ length: n }, (_, i) => book.number(SHEET, `B${from + i}`));
    const [r, alpha, a, b] = cells(13, 4);
    expect(r).toBeCloseTo(BGNBD.r, 3);
    expect(alpha).toBeCloseTo(BGNBD.alpha, 3);
    expect(a).toBeCloseTo(BGNBD.a, 3);
    expect(b).toBeCloseTo(BGNBD.b, 3);
    const [p, q, gamma] = cells(22, 3);
    expect(p).toBeCloseTo(GG.p, 2);
    expect(q).toBeCloseTo(GG.q, 2);
    expect(gamma).toBeCloseTo(GG.gamma, 2);
    for (const se of ["C13", "C14", "C15", "C16", "C22", "C23", "C24"]) expect(book.number(SHEET, se)).toBeGreaterThan(0);
    expect(book.number(SHEET, "B17")).toBeCloseTo(-9582.4, 1);
    expect(book.number(SHEET, "B18")).toBe(2357);
    expect(book.value(SHEET, "B19")).toBe("yes");
    expect(book.number(SHEET, "B25")).toBeCloseTo(-4055.9, 1);
    expect([book.number(SHEET, "B26"), book.number(SHEET, "B27"), book.number(SHEET, "B28")]).toEqual([946, 1411, 0]);
    // Assumptions: inputs in B6:B8, the fitted unit, and the horizon in weeks by formula.
    expect([book.value(SHEET, "B6"), book.value(SHEET, "B7"), book.value(SHEET, "B8"), book.value(SHEET, "B9")]).toEqual([
      1,
      0.1,
      12,
      "week",
    ]);
    expect(book.number(SHEET, "B10")).toBeCloseTo((12 * 365.25) / 12 / 7, 12);
  });

  test("customer rows: values as the core prepares them, one spilling formula per column giving the core's P(alive), expected purchases, spend and CLV", () => {
    const sheet = h.fake.sheetModel(SHEET);
    expect(h.fake.read(SHEET, "A31:I31")[0]).toEqual([
      "Customer",
      "x (repeat purchases)",
      "t_x (weeks)",
      "T (weeks)",
      "Mean repeat spend",
      "P(alive)",
      "Expected purchases (horizon)",
      "Expected spend per purchase",
      "CLV",
    ]);
    expect(sheet.get(31, 0)).toBe("00004");
    expect(sheet.get(31 + 2356, 0)).toBe(prepared.id[2356]);
    expect(sheet.get(31 + 2357, 0)).toBeUndefined();
    expect(sheet.get(31, 5)).toBe("=CRM.PALIVE($B$13:$B$16,B32:B2388,C32:C2388,D32:D2388)");
    expect(sheet.get(31, 6)).toBe("=CRM.EXPPURCHASES($B$13:$B$16,$B$10,B32:B2388,C32:C2388,D32:D2388)");
    expect(sheet.get(31, 7)).toBe("=CRM.EXPSPEND($B$22:$B$24,B32:B2388,E32:E2388)");
    expect(sheet.get(31, 8)).toBe(
      '=CRM.BTYDCLV($B$13:$B$16,$B$22:$B$24,B32:B2388,C32:C2388,D32:D2388,E32:E2388,$B$8,$B$7,$B$6,"BGNBD","WEEK","MONTH")',
    );
    // The cells below are left empty for the spills (anything there would make Excel show #SPILL!).
    for (let r = 32; r <= 31 + 2357; r++) for (let c = 5; c <= 8; c++) expect(sheet.get(r, c)).toBeUndefined();

    const fitted = report.bgnbd.params;
    const horizonWeeks = (12 * DAYS_PER_MONTH) / 7;
    const someRows = [0, 1, 7, 500, 1234, 2356];
    const data = { x: [] as number[], tx: [] as number[], T: [] as number[], meanSpend: [] as number[] };
    for (const i of someRows) {
      const n = 32 + i;
      expect(sheet.get(n - 1, 0)).toBe(prepared.id[i]);
      expect([book.number(SHEET, `B${n}`), book.number(SHEET, `C${n}`), book.number(SHEET, `D${n}`), book.number(SHEET, `E${n}`)]).toEqual([
        prepared.x[i],
        prepared.tx[i],
        prepared.T[i],
        prepared.meanSpend[i],
      ]);
      const [x, tx, T, m] = [prepared.x[i], prepared.tx[i], prepared.T[i], prepared.meanSpend[i]];
      expect(book.number(SHEET, `F${n}`)).toBeCloseTo(bgnbdProbAlive(fitted, x, tx, T), 12);
      expect(book.number(SHEET, `G${n}`)).toBeCloseTo(bgnbdConditionalExpected(fitted, horizonWeeks, x, tx, T), 12);
      expect(book.number(SHEET, `H${n}`)).toBeCloseTo(gammaGammaExpectedSpend(report.gammaGamma.params, x, m), 10);
      data.x.push(x);
      data.tx.push(tx);
      data.T.push(T);
      data.meanSpend.push(m);
    }
    // CLV over 12 months at 10% a year and margin 1, from the core in one call for all the rows.
    const clv = customerLifetimeValue({ model: "bgnbd", params: fitted }, report.gammaGamma.params, data, {
      periods: 12,
      periodLength: DAYS_PER_MONTH / 7,
      discountRate: 1.1 ** (1 / 12) - 1,
      margin: 1,
    }).clv;
    someRows.forEach((i, k) => expect(book.number(SHEET, `I${32 + i}`)).toBeCloseTo(clv[k], 8));
    // Under BG/NBD a customer without repeat purchases is alive with certainty; one with some may have dropped out.
    expect(book.number(SHEET, "F34")).toBe(1);
    expect(book.number(SHEET, "F32")).toBeLessThan(1);
  });

  test("the add-in's own CRM functions, given the sheet's formulas, spill the same figures", () => {
    const own = bookOf(SHEET, ADD_IN);
    let worst = 0;
    for (let n = 32; n <= 31 + 2357; n++) {
      for (const col of ["F", "G", "H", "I"]) {
        const expected = book.number(SHEET, `${col}${n}`);
        worst = Math.max(worst, Math.abs(own.number(SHEET, `${col}${n}`) - expected) / Math.max(1, Math.abs(expected)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    expect(own.value(SHEET, "F2389")).toBe("");
  });

  test("live: editing the margin scales CLV; the horizon and the parameters feed the formulas", () => {
    const rows = [32, 33, 500];
    const before = rows.map((n) => book.number(SHEET, `I${n}`));
    const purchases = rows.map((n) => book.number(SHEET, `G${n}`));
    book.set(SHEET, "B6", 0.3);
    rows.forEach((n, k) => expect(book.number(SHEET, `I${n}`)).toBeCloseTo(0.3 * before[k], 10));
    book.set(SHEET, "B8", 24);
    rows.forEach((n, k) => {
      expect(book.number(SHEET, `I${n}`)).toBeGreaterThan(0.3 * before[k]);
      expect(book.number(SHEET, `G${n}`)).toBeGreaterThan(purchases[k]);
    });
    book.set(SHEET, "B13", 0.5);
    const [x, tx, T] = ["B33", "C33", "D33"].map((c) => book.number(SHEET, c));
    expect(book.number(SHEET, "F33")).toBeCloseTo(bgnbdProbAlive({ ...report.bgnbd.params, r: 0.5 }, x, tx, T), 12);
    for (const cell of ["B6", "B8", "B13"]) book.set(SHEET, cell, h.fake.sheetModel(SHEET).get(Number(cell.slice(1)) - 1, 1));
  });

  test("holdout check: actual cumulative repeat transactions equal the published tracking series (4,339 at week 78); predicted within 5%", () => {
    const published = readFileSync(join(FIXTURES, "btyd_cdnowSummary_cu_tracking.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => Number(l.split(",")[1]));
    const table = h.fake.read(SHEET, "K31:M109");
    expect(table[0]).toEqual(["Week", "Actual", "Predicted"]);
    expect(table.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 78 }, (_, k) => k + 1));
    expect(table.slice(1).map((r) => r[1])).toEqual(published);
    expect(table[78][1]).toBe(4339);
    const predicted = table[78][2] as number;
    expect(Math.abs(predicted / 4339 - 1)).toBeLessThan(0.05);
    expect(report.tracking).toEqual({ weeks: 78, calibrationWeeks: 39, actual: 4339, predicted });
    expect(h.fake.read(SHEET, "K110")).toEqual([[""]]);
    expect(String(h.fake.cell(SHEET, "K6"))).toMatch(/values from the run.*week 39/);

    // The tracking chart first; the diagnostics' two charts follow (tested below).
    const [chart] = h.fake.charts(SHEET);
    expect(h.fake.charts(SHEET).map((c) => c.type)).toEqual(["Line", "ColumnClustered", "Line"]);
    expect(chart.type).toBe("Line");
    const series = chart.series.map((s) => ({
      name: s.name,
      values: s.values && s.values.sheet.address(s.values.rect),
      x: s.xValues && s.xValues.sheet.address(s.xValues.rect),
    }));
    expect(series).toEqual([
      { name: "Actual", values: "'CLV model'!L32:L109", x: "'CLV model'!K32:K109" },
      { name: "Predicted", values: "'CLV model'!M32:M109", x: "'CLV model'!K32:K109" },
    ]);
  });

  test("diagnostics from T5: calibration histogram and conditional expectation from the published summary, with their charts", () => {
    // Independent figures: the published calibration summary, binned by x = 0 … 6, 7+.
    const cbs = readFileSync(join(FIXTURES, "btyd_cdnowSummary_cbs_with_holdout.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",").map(Number));
    const bins = Array.from({ length: 8 }, (_, k) => cbs.filter((r) => Math.min(r[1], 7) === k));
    const counts = bins.map((b) => b.length);
    const means = bins.map((b) => b.reduce((sum, r) => sum + r[4], 0) / b.length);
    expect(counts[0]).toBe(1411);

    const labels = ["0", "1", "2", "3", "4", "5", "6", "7+"];
    const label = (v: unknown) => String(v).replace(/^'/, "");
    const hist = h.fake.read(SHEET, "T6:V14");
    expect(h.fake.cell(SHEET, "T5")).toBe("Calibration repeat purchases: customers by x, actual vs model");
    expect(hist[0]).toEqual(["Repeat purchases", "Actual", "Model"]);
    expect(hist.slice(1).map((r) => label(r[0]))).toEqual(labels);
    expect(hist.slice(1).map((r) => r[1])).toEqual(counts);
    // Each customer's probabilities over 0 … 7+ sum to one: the model column sums to the 2,357 customers.
    expect(hist.slice(1).reduce((sum, r) => sum + (r[2] as number), 0)).toBeCloseTo(2357, 6);

    const cond = h.fake.read(SHEET, "X6:AA14");
    expect(cond[0]).toEqual(["Repeat purchases", "Customers", "Actual", "Predicted"]);
    expect(cond.slice(1).map((r) => label(r[0]))).toEqual(labels);
    expect(cond.slice(1).map((r) => r[1])).toEqual(counts);
    cond.slice(1).forEach((r, k) => expect(r[2]).toBeCloseTo(means[k], 9));
    // Predicted: the mean of the core's E[Y(39 weeks) | x, t_x, T] over the bin's customers (FHL 2005, Figure 4).
    const holdout = prepared.holdoutLength!;
    const predicted = Array.from({ length: 8 }, (_, k) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < prepared.x.length; i++) {
        if (Math.min(prepared.x[i], 7) !== k) continue;
        sum += bgnbdConditionalExpected(report.bgnbd.params, holdout, prepared.x[i], prepared.tx[i], prepared.T[i]);
        n++;
      }
      return sum / n;
    });
    cond.slice(1).forEach((r, k) => expect(r[3]).toBeCloseTo(predicted[k], 9));

    const [, histogram, conditional] = h.fake.charts(SHEET);
    const refs = (c: typeof histogram) =>
      c.series.map((s) => ({
        name: s.name,
        values: s.values && s.values.sheet.address(s.values.rect),
        x: s.xValues && s.xValues.sheet.address(s.xValues.rect),
      }));
    expect(histogram.type).toBe("ColumnClustered");
    expect(histogram.title).toBe("Calibration repeat purchases: actual vs model");
    expect(refs(histogram)).toEqual([
      { name: "Actual", values: "'CLV model'!U7:U14", x: "'CLV model'!T7:T14" },
      { name: "Model", values: "'CLV model'!V7:V14", x: "'CLV model'!T7:T14" },
    ]);
    expect(histogram.position).toEqual({ start: "T16", end: "Z30" });
    expect(conditional.type).toBe("Line");
    expect(conditional.title).toBe("Holdout purchases by calibration frequency");
    expect(refs(conditional)).toEqual([
      { name: "Actual", values: "'CLV model'!Z7:Z14", x: "'CLV model'!X7:X14" },
      { name: "Predicted", values: "'CLV model'!AA7:AA14", x: "'CLV model'!X7:X14" },
    ]);
    expect(conditional.position).toEqual({ start: "AB16", end: "AH30" });
  });

  test("diagnostics heat maps: P(alive) and expected purchases over frequency × recency, each a white-to-green colour scale", () => {
    // x = 0 … the largest calibration x (at most 30) by 21 recencies from 0 to the longest T (U … AO).
    const top = Math.min(Math.max(...prepared.x), 30);
    const alive = 34;
    const expected = alive + top + 1 + 3;
    const model = h.fake.sheetModel(SHEET);
    const scales = h.fake
      .conditionalFormats(SHEET)
      .map((cf) => ({ type: cf.type, address: model.address(cf.rect), criteria: cf.criteria }));
    const criteria = { minimum: { type: "LowestValue", color: "#FFFFFF" }, maximum: { type: "HighestValue", color: "#1B5E20" } };
    expect(scales).toEqual([
      { type: "ColorScale", address: `'CLV model'!U${alive}:AO${alive + top}`, criteria },
      { type: "ColorScale", address: `'CLV model'!U${expected}:AO${expected + top}`, criteria },
    ]);
    expect(String(h.fake.cell(SHEET, "T32"))).toMatch(/^P\(alive\) by frequency/);
    expect(h.fake.cell(SHEET, `T${alive - 1}`)).toBe("x \\ t_x");
    const Tmax = Math.max(...prepared.T);
    const [recency] = h.fake.read(SHEET, `U${alive - 1}:AO${alive - 1}`);
    recency.forEach((r, k) => expect(r).toBeCloseTo((Tmax * k) / 20, 9));
    // BG/NBD: a customer without repeat purchases is alive with probability 1; x = 0 with t_x > 0 is no customer (blank).
    expect(h.fake.cell(SHEET, `U${alive}`)).toBe(1);
    expect(h.fake.read(SHEET, `V${alive}:AO${alive}`)[0].every((v) => v === "" || v === undefined)).toBe(true);
    expect(h.fake.cell(SHEET, `AO${alive + 1}`)).toBeCloseTo(bgnbdProbAlive(report.bgnbd.params, 1, Tmax, Tmax), 12);
    // Expected purchases over the horizon (12 months in weeks) at x = 2, t_x = T/2.
    const horizon = (12 * DAYS_PER_MONTH) / 7;
    expect(h.fake.cell(SHEET, `AE${expected + 2}`)).toBeCloseTo(
      bgnbdConditionalExpected(report.bgnbd.params, horizon, 2, Tmax / 2, Tmax),
      12,
    );
  });

  test("inputs are styled and named; formulas went in chunks, a few requests for the whole sheet", () => {
    for (const input of ["B6", "B7", "B8", "B13", "B16", "B22", "B24"]) {
      expect(h.fake.fillAt(SHEET, input)).toBe(INPUT_STYLE.fill);
      expect(h.fake.formatAt(SHEET, input, "fontColor")).toBe(INPUT_STYLE.font);
    }
    for (const other of ["B9", "B10", "B17", "F32", "I40"]) expect(h.fake.fillAt(SHEET, other)).toBeUndefined();
    expect(h.fake.names(SHEET)).toEqual([
      { name: "CRM_Margin", address: "'CLV model'!B6", comment: "" },
      { name: "CRM_DiscountRate", address: "'CLV model'!B7", comment: "" },
      { name: "CRM_HorizonMonths", address: "'CLV model'!B8", comment: "" },
      { name: "CRM_BGNBD", address: "'CLV model'!B13:B16", comment: "" },
      { name: "CRM_GammaGamma", address: "'CLV model'!B22:B24", comment: "" },
    ]);
    const { stats } = h.fake;
    expect(report.syncs).toBe(stats.syncs);
    expect(stats.syncs).toBeLessThanOrEqual(8);
    // Two formula writes (the horizon cell, and F32:I32 with the four spilling formulas), nothing per row.
    expect(stats.calls["Range.formulas="]).toBe(2);
    // A fixed number, whatever the customers: the check and the diagnostics (two charts, two heat maps) add ~55.
    expect(stats.apiCalls).toBeLessThan(220);
    expect(stats.formulaWrites).toEqual([]);
    expect(h.fake.setting(CLV_MODEL_KEY)).toEqual({ sheets: [{ key: "clvModel", id: h.fake.sheetModel(SHEET).id, name: SHEET }] });
    expect(h.fake.activeSheetName()).toBe(SHEET);
  });
});

describe("replacing, user sheets, cancelling", () => {
  afterEach(() => h.restore());

  test("a re-run replaces the model sheet; a user's sheet of the same name is never touched", async () => {
    h = harness();
    seed();
    h.fake.addSheet("CLV model", [["my own notes"]]);
    const first = await build({ assumptions: { margin: 0.25, horizonMonths: 6 } });
    expect(first.sheetName).toBe("CLV model (2)");
    const firstId = h.fake.sheetModel("CLV model (2)").id;
    expect(h.fake.cell("CLV model (2)", "B6")).toBe(0.25);
    expect(h.fake.cell("CLV model (2)", "B8")).toBe(6);

    const second = await build({ lang: "zh" });
    expect(h.fake.sheetNames()).toEqual(["CDNOW", "CLV model", "CLV模型"]);
    expect(second.sheetName).toBe("CLV模型");
    expect(h.fake.sheetModel("CLV模型").id).not.toBe(firstId);
    expect(h.fake.read("CLV model")).toEqual([["my own notes"]]);
    expect(h.fake.cell("CLV模型", "A31")).toBe("客户");

    const third = await build({ lang: "en" });
    expect(third.sheetName).toBe("CLV model (2)");
    expect(h.fake.sheetNames()).toEqual(["CDNOW", "CLV model", "CLV model (2)"]);
    expect(h.fake.read("CLV model")).toEqual([["my own notes"]]);
    expect(h.fake.setting(CLV_MODEL_KEY)).toEqual({
      sheets: [{ key: "clvModel", id: h.fake.sheetModel("CLV model (2)").id, name: "CLV model (2)" }],
    });
  });

  test("the previous model renamed by the user is still replaced; a new user sheet under the model's name is kept", async () => {
    h = harness();
    seed();
    await build();
    await h.fake.run(async (context) => {
      context.workbook.worksheets.getItem("CLV model").name = "Old model";
    });
    h.fake.addSheet("CLV model", [["typed by the user"]]);
    const report = await build();
    expect(report.sheetName).toBe("CLV model (2)");
    expect(h.fake.sheetNames()).toEqual(["CDNOW", "CLV model", "CLV model (2)"]);
    expect(h.fake.read("CLV model")).toEqual([["typed by the user"]]);
  });

  test("cancel while writing: a first run leaves nothing; a re-run leaves the previous model as it was", async () => {
    h = harness();
    seed();
    await expect(build({}, (p, c) => p.stage === "write" && c.abort())).rejects.toMatchObject({ name: "AbortError" });
    expect(h.fake.sheetNames()).toEqual(["CDNOW"]);
    // Cancelled after the content request, which had added the sheet and recorded it.
    let calls = 0;
    await expect(build({}, (p, c) => p.stage === "write" && ++calls === 2 && c.abort())).rejects.toMatchObject({ name: "AbortError" });
    expect(h.fake.sheetNames()).toEqual(["CDNOW"]);
    expect(h.fake.stats.calls["Worksheet.delete"]).toBe(1);
    expect(h.fake.setting(CLV_MODEL_KEY)).toBeUndefined();

    await build();
    const before = { id: h.fake.sheetModel("CLV model").id, used: h.fake.usedAddress("CLV model"), b6: h.fake.cell("CLV model", "B6") };
    const record = h.fake.setting(CLV_MODEL_KEY);
    // Cancelled once the content is on its way: after the first write request.
    let writes = 0;
    await expect(
      build({ assumptions: { margin: 0.5 } }, (p, c) => p.stage === "write" && ++writes === 2 && c.abort()),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(h.fake.sheetNames()).toEqual(["CDNOW", "CLV model"]);
    expect({ id: h.fake.sheetModel("CLV model").id, used: h.fake.usedAddress("CLV model"), b6: h.fake.cell("CLV model", "B6") }).toEqual(
      before,
    );
    expect(h.fake.setting(CLV_MODEL_KEY)).toEqual(record);
  });

  test("calibration only: the check stops at the calibration end", async () => {
    h = harness();
    seed();
    const report = await build({ holdoutEnd: undefined });
    expect(report.tracking).toMatchObject({ weeks: 39, calibrationWeeks: 39, actual: 2457 });
    expect(report.excluded.rowsAfterEnd).toBeGreaterThan(0);
    expect(h.fake.read("CLV model", "K70:L70")).toEqual([[39, 2457]]);
    expect(h.fake.cell("CLV model", "K71")).toBeUndefined();
  });

  test("time unit day: the same model in days (α × 7), the horizon and the formulas in days", async () => {
    h = harness();
    seed();
    const report = await build({ unit: "day" });
    const { r, alpha, a, b } = report.bgnbd.params;
    expect([r, a, b].map((v) => Number(v.toFixed(3)))).toEqual([BGNBD.r, BGNBD.a, BGNBD.b]);
    expect(alpha / 7).toBeCloseTo(BGNBD.alpha, 3);
    expect(h.fake.cell("CLV model", "B9")).toBe("day");
    expect(h.fake.cell("CLV model", "B10")).toBe("=B8*365.25/12");
    expect(h.fake.cell("CLV model", "I32")).toBe(
      '=CRM.BTYDCLV($B$13:$B$16,$B$22:$B$24,B32:B2388,C32:C2388,D32:D2388,E32:E2388,$B$8,$B$7,$B$6,"BGNBD","DAY","MONTH")',
    );
    expect(h.fake.cell("CLV model", "C31")).toBe("t_x (days)");
    // The check stays weekly whatever the unit.
    expect(report.tracking).toMatchObject({ weeks: 78, actual: 4339 });
  });

  test("23,570 customers (CDNOW ten times over): the same few requests and still four formulas, no call per row", async () => {
    h = harness();
    const [header, ...rows] = cdnowSheet();
    const big = [header, ...Array.from({ length: 10 }, (_, k) => rows.map(([id, ...rest]) => [`${id}-${k}`, ...rest])).flat()];
    h.fake.addSheet("CDNOW", big);
    const report = await build();
    const { stats } = h.fake;
    expect(report.customers).toBe(23_570);
    // Ten copies of every customer leave the maximum-likelihood estimate where it was.
    expect(report.bgnbd.params.r).toBeCloseTo(BGNBD.r, 3);
    expect(report.gammaGamma.params.p).toBeCloseTo(GG.p, 2);
    // Ten times the customers of the CDNOW sheet above: no more requests, no more formulas.
    expect(stats.calls["Range.formulas="]).toBe(2);
    expect(stats.syncs).toBeLessThanOrEqual(8);
    expect(stats.apiCalls).toBeLessThan(220);
    for (const sync of stats.log) expect(sync.requestBytes).toBeLessThan(2_500_000);
    const sheet = h.fake.sheetModel("CLV model");
    const last = 31 + 23_570;
    expect(sheet.get(last - 1, 0)).toBe("23569-9");
    expect(sheet.get(31, 8)).toBe(
      `=CRM.BTYDCLV($B$13:$B$16,$B$22:$B$24,B32:B${last},C32:C${last},D32:D${last},E32:E${last},$B$8,$B$7,$B$6,"BGNBD","WEEK","MONTH")`,
    );
    expect(sheet.get(31, 5)).toBe(`=CRM.PALIVE($B$13:$B$16,B32:B${last},C32:C${last},D32:D${last})`);
    expect(sheet.get(last - 1, 8)).toBeUndefined();
    // The last customer's P(alive), spilled down from F32, is the core's for the customer copied.
    const i = prepared.id.indexOf("23569");
    expect(bookOf("CLV model").number("CLV model", `F${last}`)).toBeCloseTo(
      bgnbdProbAlive(report.bgnbd.params, prepared.x[i], prepared.tx[i], prepared.T[i]),
      12,
    );
    expect(report.tracking.actual).toBe(43_390);
  });

  test("bad assumptions are refused before anything is read", async () => {
    h = harness();
    seed();
    await expect(build({ assumptions: { horizonMonths: 1.5 } })).rejects.toMatchObject({ code: "NUM" });
    expect(h.fake.stats.syncs).toBe(0);
  });
});
