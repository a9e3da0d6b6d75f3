/**
 * METHODS.md Appendix A.1–A.4, reproduced through the core. Every expected value below is copied
 * from the appendix (an independent reference implementation produced them).
 */
import { abcClasses } from "../../../src/core/segment/abc";
import { analyze } from "../../../src/core/segment/analyze";
import { labelText } from "../../../src/core/report/labels";
import { pyramidTiers } from "../../../src/core/segment/pyramid";
import { scoreValues } from "../../../src/core/segment/rfm";
import { cn8Classify, segmentFromScores } from "../../../src/core/segment/segments";
import type { AnalysisResult, Transactions } from "../../../src/core/types";
import { A1, serial, transactionsOf } from "../../support/appendix-a";

const appendixA1 = (): Transactions => transactionsOf(A1);

// A.2, column for column.
const A2 = `
C01 2 4 450 4 5 3 4 LOYAL LOYAL 一般价值客户 重要价值客户
C02 5 1 900 4 1 4 3 POTENTIAL_LOYALIST PROMISING 重要发展客户 重要发展客户
C03 198 3 1250 2 4 4 4 AT_RISK AT_RISK 重要保持客户 重要保持客户
C04 1 3 105 5 4 2 3 POTENTIAL_LOYALIST CHAMPIONS 一般价值客户 一般价值客户
C05 365 1 60 1 1 2 2 HIBERNATING LOST 一般挽留客户 一般挽留客户
C06 29 3 2050 3 4 5 5 LOYAL LOYAL 重要价值客户 重要价值客户
C07 0 1 25 5 1 1 1 NEW NEW 一般发展客户 一般发展客户
C08 232 2 2700 1 3 5 4 AT_RISK AT_RISK 重要挽留客户 重要挽留客户
C09 71 2 200 3 3 3 3 NEED_ATTENTION NEED_ATTENTION 一般发展客户 一般挽留客户
C10 119 1 0 2 1 1 1 HIBERNATING HIBERNATING 一般挽留客户 一般挽留客户`
  .trim()
  .split("\n")
  .map((line) => {
    const [id, rec, freq, mon, r, f, m, fmBin, w11fm, w11f, cnMean, cnMedian] = line.trim().split(/\s+/);
    return { id, rec: +rec, freq: +freq, mon: +mon, r: +r, f: +f, m: +m, fmBin: +fmBin, w11fm, w11f, cnMean, cnMedian };
  });

describe("Appendix A.1 → A.2 (RFM, QUANTILE k = 5)", () => {
  let base: AnalysisResult;
  beforeAll(() => {
    base = analyze(appendixA1());
  });

  it("uses 2024-06-30 (serial 45473) as the default as-of date", () => {
    expect(serial("2024-06-30")).toBe(45473);
    expect(base.asOf).toBe(45473);
  });

  it("lists the customers in order of first appearance with the A.2 metrics and scores", () => {
    expect(base.customers.map((c) => c.id)).toEqual(A2.map((e) => e.id));
    for (const [i, e] of A2.entries()) {
      const c = base.customers[i];
      expect([c.id, c.recencyDays, c.purchases, c.monetary, c.r, c.f, c.m]).toEqual([e.id, e.rec, e.freq, e.mon, e.r, e.f, e.m]);
      expect(Math.floor((c.f! + c.m!) / 2 + 0.5)).toBe(e.fmBin);
      expect(c.rfmCode).toBe(100 * e.r + 10 * e.f + e.m);
      expect(c.active).toBe(true);
    }
  });

  it("assigns W11 with x = FM_bin (default) and with x = F", () => {
    expect(base.customers.map((c) => c.w11)).toEqual(A2.map((e) => e.w11fm));
    expect(base.customers.map((c) => c.segment)).toEqual(A2.map((e) => e.w11fm));
    const byF = analyze(appendixA1(), { xAxis: "F" });
    expect(byF.customers.map((c) => c.w11)).toEqual(A2.map((e) => e.w11f));
  });

  it("assigns CN8 with mean and with median centres", () => {
    const zh = (r: AnalysisResult) => r.customers.map((c) => labelText("CN8", c.cn8, "zh"));
    expect(zh(base)).toEqual(A2.map((e) => e.cnMean));
    const med = analyze(appendixA1(), { center: "MEDIAN", scheme: "CN8" });
    expect(zh(med)).toEqual(A2.map((e) => e.cnMedian));
    expect(med.customers.map((c) => c.segment)).toEqual(med.customers.map((c) => c.cn8));
  });

  it("reports the A.2 cut points and CN8 centres", () => {
    const close = (xs: number[], ys: number[]) => {
      expect(xs).toHaveLength(ys.length);
      xs.forEach((x, i) => expect(x).toBeCloseTo(ys[i], 9));
    };
    close(base.cutPoints.r, [1.8, 19.4, 90.2, 204.8]);
    close(base.cutPoints.f, [1.0, 1.6, 2.4, 3.0]);
    close(base.cutPoints.m, [53.0, 162.0, 630.0, 1410.0]);
    expect(base.centers.r).toBeCloseTo(102.2, 9);
    expect(base.centers.f).toBeCloseTo(2.1, 9);
    expect(base.centers.m).toBeCloseTo(774.0, 9);
    const med = analyze(appendixA1(), { center: "MEDIAN" });
    expect(med.centers).toEqual({ r: 50, f: 2, m: 325 });
  });

  it("gives the same scores and segments through the standalone functions", () => {
    const r = scoreValues(
      A2.map((e) => e.rec),
      { lowerIsBetter: true },
    );
    const f = scoreValues(A2.map((e) => e.freq));
    const m = scoreValues(A2.map((e) => e.mon));
    expect(r).toEqual(A2.map((e) => e.r));
    expect(f).toEqual(A2.map((e) => e.f));
    expect(m).toEqual(A2.map((e) => e.m));
    expect(A2.map((e) => segmentFromScores(e.r, e.f, e.m))).toEqual(A2.map((e) => e.w11fm));
    expect(A2.map((e) => segmentFromScores(e.r, e.f, e.m, "W11", "F"))).toEqual(A2.map((e) => e.w11f));
    const codes = (center: "MEAN" | "MEDIAN") =>
      cn8Classify(
        A2.map((e) => e.rec),
        A2.map((e) => e.freq),
        A2.map((e) => e.mon),
        center,
      ).map((c) => labelText("CN8", c!, "zh"));
    expect(codes("MEAN")).toEqual(A2.map((e) => e.cnMean));
    expect(codes("MEDIAN")).toEqual(A2.map((e) => e.cnMedian));
  });
});

describe("Appendix A.3 (QUANTILE scoring edge cases)", () => {
  it("all equal and a single value", () => {
    expect(scoreValues([5, 5, 5, 5])).toEqual([1, 1, 1, 1]);
    expect(scoreValues([5, 5, 5, 5], { lowerIsBetter: true })).toEqual([5, 5, 5, 5]);
    expect(scoreValues([42])).toEqual([1]);
    expect(scoreValues([42], { lowerIsBetter: true })).toEqual([5]);
  });

  it("recency ties", () => {
    expect(scoreValues([0, 0, 10, 30, 30, 400], { lowerIsBetter: true })).toEqual([5, 5, 4, 3, 3, 1]);
  });

  it("frequency heavy ones", () => {
    expect(scoreValues([1, 1, 1, 1, 1, 1, 2, 2, 3, 7])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });

  it("1..10 and 1..7", () => {
    expect(scoreValues([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scoreValues([1, 2, 3, 4, 5, 6, 7])).toEqual([1, 1, 2, 3, 4, 5, 5]);
  });
});

describe("Appendix A.4 (ABC VALUE 80/95 and pyramid 1/5/20% on net monetary)", () => {
  // rank, id, M, share before, ABC, pyramid (CN label)
  const A4: [number, string, number, number, string, string][] = [
    [1, "C08", 2700, 0.0, "A", "VIP客户"],
    [2, "C06", 2050, 0.3488, "A", "普通客户"],
    [3, "C03", 1250, 0.6137, "A", "小客户"],
    [4, "C02", 900, 0.7752, "A", "小客户"],
    [5, "C01", 450, 0.8915, "B", "小客户"],
    [6, "C09", 200, 0.9496, "B", "小客户"],
    [7, "C04", 105, 0.9755, "C", "小客户"],
    [8, "C05", 60, 0.989, "C", "小客户"],
    [9, "C07", 25, 0.9968, "C", "小客户"],
    [10, "C10", 0, 1.0, "C", "小客户"],
  ];

  it("matches the table through analyze()", () => {
    const res = analyze(appendixA1());
    expect(res.abc.total).toBe(7740);
    const byId = new Map(res.customers.map((c) => [c.id, c]));
    let before = 0;
    for (const [, id, m, shareBefore, abc, pyr] of A4) {
      const c = byId.get(id)!;
      expect(c.monetary).toBe(m);
      expect(before / 7740).toBeCloseTo(shareBefore, 4);
      before += m;
      expect(c.abc).toBe(abc);
      expect(labelText("PYRAMID", c.pyramid!, "zh", 0)).toBe(pyr);
    }
  });

  it("matches the table through the standalone functions", () => {
    const values = A4.map((r) => r[2]);
    expect(abcClasses(values)).toEqual(A4.map((r) => r[4]));
    expect(pyramidTiers(values).map((t) => labelText("PYRAMID", t!, "zh", 0))).toEqual(A4.map((r) => r[5]));
  });

  it("other ABC cases, both bases", () => {
    expect(abcClasses([10, 10, 10])).toEqual(["A", "A", "A"]);
    expect(abcClasses([5])).toEqual(["A"]);
    expect(abcClasses([95, 3, 2])).toEqual(["A", "C", "C"]);
    expect(abcClasses([50, 30, -10, 0, 20])).toEqual(["A", "A", "C", "C", "B"]);
    expect(abcClasses([50, 30, -10, 0, 20], { basis: "PROFIT" })).toEqual(["A", "A", "D", "D", "B"]);
  });
});
