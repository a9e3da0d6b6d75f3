import { calibrationWarnings, suggestCalibrationEnd } from "../../../src/core/btyd/advice";
import { boundaryProblem, compareTransactionModels, recommend, scoreFit } from "../../../src/core/btyd/compare";
import { fitBgNbd } from "../../../src/core/btyd/models/bgnbd";
import { fitNbd } from "../../../src/core/btyd/models/nbd";
import { prepareTransactions } from "../../../src/core/btyd/prep";
import { weeklyTracking } from "../../../src/core/btyd/tracking";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { readCdnowTransactions, readNumericCsv } from "./cdnow";

const tx = readCdnowTransactions();
const cdnow = prepareTransactions(tx, { calibrationEnd: dayFromYMD(1997, 9, 30), holdoutEnd: dayFromYMD(1998, 6, 30), unit: "week" });

describe("model comparison on the CDNOW sample", () => {
  const comparison = compareTransactionModels(cdnow, { tx, prepared: cdnow });
  const score = (m: string) => comparison.scores.find((s) => s.model === m)!;

  test("all four models are fitted; log-likelihoods are the published ones (BG/NBD −9582.4, Pareto/NBD −9595.0)", () => {
    expect(comparison.scores.map((s) => s.model)).toEqual(["bgnbd", "mbgnbd", "paretonbd", "nbd"]);
    expect(score("bgnbd").logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(score("paretonbd").logLikelihood).toBeCloseTo(-9595.0, 1);
    for (const s of comparison.scores) expect(s.problem).toBeUndefined();
  });

  test("AIC = 2k − 2 ln L and BIC = k ln n − 2 ln L with n = 2,357 customers", () => {
    const bg = score("bgnbd");
    expect(bg.aic).toBeCloseTo(8 + 2 * 9582.4, 0);
    // 4 · ln 2357 = 31.05
    expect(bg.bic).toBeCloseTo(4 * Math.log(2357) - 2 * bg.logLikelihood, 8);
    expect(score("nbd").parameters).toBe(2);
  });

  test("holdout figures: the 1,882 actual repeat purchases of the published summary (x.star)", () => {
    const published = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv")["x.star"].reduce((a, b) => a + b, 0);
    expect(published).toBe(1882);
    for (const s of comparison.scores) expect(s.holdout!.actual).toBe(published);
    // The NBD has no dropout: it overpredicts the holdout by far more than the dropout models.
    expect(score("nbd").holdout!.totalError).toBeGreaterThan(0.3);
    for (const m of ["bgnbd", "mbgnbd", "paretonbd"]) expect(Math.abs(score(m).holdout!.totalError)).toBeLessThan(0.2);
  });

  test("the weekly tracking error is measured against the published cumulative tracking file", () => {
    const cu = readNumericCsv("btyd_cdnowSummary_cu_tracking.csv")["cum_repeat_trans"];
    const tracking = weeklyTracking(tx, cdnow, (t) => t);
    expect(tracking.actual.slice(0, cu.length)).toEqual(cu);
    // Holdout weeks 40…78: a model's weekly error is at least the spread of its own tracking.
    for (const s of comparison.scores) expect(s.holdout!.weeklyTrackingError).toBeGreaterThan(0);
    expect(score("nbd").holdout!.weeklyTrackingError).toBeGreaterThan(2 * score("bgnbd").holdout!.weeklyTrackingError!);
  });

  test("the rule picks Pareto/NBD: the smallest per-customer holdout error (MAE of x*), none tied within 1 %", () => {
    const maes = comparison.scores.map((s) => s.holdout!.meanAbsoluteError);
    expect(comparison.recommended).toBe("paretonbd");
    expect(score("paretonbd").holdout!.meanAbsoluteError).toBe(Math.min(...maes));
    expect(comparison.reason).toMatch(/^Pareto\/NBD: smallest per-customer holdout error/);
    expect(comparison.reason).not.toMatch(/tied/);
  });

  test("without a holdout the rule takes the lowest BIC: MBG/NBD on CDNOW (LL −9582.1 vs −9582.4)", () => {
    const noHoldout = prepareTransactions(tx, { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
    const c = compareTransactionModels(noHoldout);
    expect(c.recommended).toBe("mbgnbd");
    expect(c.reason).toMatch(/lowest BIC/);
  });
});

describe("a boundary solution is named for what it is", () => {
  // Customers who never drop out: each buys every 10 to 40 days (varying rates) until the end.
  const customer: string[] = [];
  const day: number[] = [];
  for (let c = 0; c < 300; c++) {
    const gap = 10 + (c % 31);
    for (let d = c % 60; d < 720; d += gap) {
      customer.push(`C${c}`);
      day.push(20000 + d);
    }
  }
  const prepared = prepareTransactions(
    { customer, day: Float64Array.from(day), amount: new Float64Array(day.length).fill(10) },
    { calibrationEnd: 20000 + 479, unit: "week" },
  );

  test("BG/NBD on data without dropout: 'no dropout detected: BG/NBD reduces to NBD', NBD recommended", () => {
    const bg = fitBgNbd(prepared);
    expect(boundaryProblem(bg)).toBe("no dropout detected: BG/NBD reduces to NBD");
    const scores = [scoreFit(bg, prepared), scoreFit(fitNbd(prepared), prepared)];
    const { recommended, reason } = recommend(scores);
    expect(recommended).toBe("nbd");
    expect(reason).toMatch(/left out: BG\/NBD \(no dropout detected: BG\/NBD reduces to NBD\)/);
  });
});

describe("calibration advice", () => {
  test("the suggested end is two thirds into the data's span: CDNOW 1997-01-01 … 1998-06-30 → 1997-12-30", () => {
    const advice = suggestCalibrationEnd(tx.day)!;
    expect(advice.firstDay).toBe(dayFromYMD(1997, 1, 1));
    expect(advice.lastDay).toBe(dayFromYMD(1998, 6, 30));
    // 545 days span; 2/3 · 545 = 363.3 → 363 days after 1997-01-01 = 1997-12-30.
    expect(advice.suggestedEnd).toBe(dayFromYMD(1997, 12, 30));
  });

  test("warns when the holdout is shorter than a quarter of the calibration period", () => {
    // Calibration 1997-01-01 … 1998-03-31 (455 days), holdout 60 days < 455 / 4.
    const short = prepareTransactions(tx, { calibrationEnd: dayFromYMD(1998, 3, 31), holdoutEnd: dayFromYMD(1998, 5, 30), unit: "week" });
    expect(calibrationWarnings(short)).toContainEqual({ kind: "shortHoldout", holdoutDays: 60, calibrationDays: 455 });
    expect(calibrationWarnings(cdnow).filter((w) => w.kind === "shortHoldout")).toEqual([]);
  });

  test("warns when fewer than 30 % of customers repeat: CDNOW to 1997-02-28", () => {
    const early = prepareTransactions(tx, { calibrationEnd: dayFromYMD(1997, 2, 28), unit: "week" });
    let repeaters = 0;
    for (const x of early.x) if (x > 0) repeaters++;
    expect(repeaters / early.x.length).toBeLessThan(0.3);
    expect(calibrationWarnings(early)).toEqual([{ kind: "fewRepeaters", repeaters, customers: early.x.length }]);
    // To 1997-09-30, 946 of 2,357 (40 %) repeat: no warning.
    expect(calibrationWarnings(cdnow)).toEqual([]);
  });
});
