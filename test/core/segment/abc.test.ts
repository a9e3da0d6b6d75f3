import { abcClasses, pareto, whaleCurve, whaleIndicators } from "../../../src/core/segment/abc";
import { CrmError } from "../../../src/core/errors";

// A.1 net monetary of C01..C10 (Appendix A.2)
const A2M = [450, 900, 1250, 105, 60, 2050, 25, 2700, 200, 0];

describe("ABC — VALUE mode (§3.4)", () => {
  it("ties inherit the class of the group's best member", () => {
    // [60, 20, 20], T = 100: 60 → A; the first 20 has 0.6 before → A; its twin inherits A
    expect(abcClasses([60, 20, 20])).toEqual(["A", "A", "A"]);
    // [80, 10, 10]: the first 10 has exactly 0.8 before → B, the twin too
    expect(abcClasses([10, 80, 10])).toEqual(["B", "A", "B"]);
  });

  it("compares decimal shares exactly", () => {
    // 0.04 + 0.04 is exactly 0.8 of 0.10, though 0.7999999999999999 in binary: 0.02 is B, not A
    expect((0.04 + 0.04) / (0.04 + 0.04 + 0.02)).toBeLessThan(0.8);
    expect(abcClasses([0.04, 0.04, 0.02])).toEqual(["A", "A", "B"]);
  });

  it("keeps the crossing customer in the higher class and honours custom cuts", () => {
    // [50, 40, 10] with 70/90: 50 (0) A; 40 (0.5 before) A; 10 (0.9 before) → C
    expect(abcClasses([50, 40, 10], { cuts: [0.7, 0.9] })).toEqual(["A", "A", "C"]);
    // with b = 1: 10 has 0.9 < 1 before → B
    expect(abcClasses([50, 40, 10], { cuts: [0.7, 1] })).toEqual(["A", "A", "B"]);
  });

  it("nulls stay null; everything ≤ 0 is C (REVENUE) or D (PROFIT)", () => {
    expect(abcClasses([null, 5, NaN])).toEqual([null, "A", null]);
    expect(abcClasses([0, -5])).toEqual(["C", "C"]);
    expect(abcClasses([0, -5], { basis: "PROFIT" })).toEqual(["D", "D"]);
  });

  it("validates the cuts, mode and basis", () => {
    for (const cuts of [
      [0.9, 0.8],
      [0, 0.5],
      [0.5, 1.01],
      [0.5, 0.5],
      [NaN, 0.9],
    ] as [number, number][]) {
      expect(() => abcClasses([1], { cuts })).toThrow(CrmError);
    }
    expect(() => abcClasses([1], { mode: "TOP" as never })).toThrow(CrmError);
    expect(() => abcClasses([1], { basis: "MARGIN" as never })).toThrow(CrmError);
  });
});

describe("ABC — COUNT mode (§3.5)", () => {
  it("cuts at ⌈0.2n⌉ and ⌈0.5n⌉ on A.1", () => {
    // n = 10: ranks 1–2 (C08 2700, C06 2050) A; ranks 3–5 (C03 1250, C02 900, C01 450) B; rest C
    expect(abcClasses(A2M, { mode: "COUNT" })).toEqual(["B", "B", "B", "C", "C", "A", "C", "A", "C", "C"]);
  });

  it("ties inherit; non-positive values stay C / D even inside the top ranks", () => {
    // n = 5: ⌈1⌉ = 1 → the 10s (best rank 1) all A; ⌈2.5⌉ = 3 → the 1s start at rank 4 → C
    expect(abcClasses([10, 1, 10, 1, 10], { mode: "COUNT" })).toEqual(["A", "C", "A", "C", "A"]);
    // n = 2: ⌈0.4⌉ = 1 → 5 A; ⌈1⌉ = 1; −3 is D on the profit basis
    expect(abcClasses([5, -3], { mode: "COUNT", basis: "PROFIT" })).toEqual(["A", "D"]);
  });
});

describe("PARETO and the whale curve (§3.6)", () => {
  it("PARETO is signed over ⌈top_share·n⌉", () => {
    // [50, 30, −10, 0, 20]: Σ = 90, top ⌈1⌉ = 50 → 0.5556; top 40% = ⌈2⌉ → 80/90
    expect(pareto([50, 30, -10, 0, 20])).toBeCloseTo(50 / 90, 12);
    expect(pareto([50, 30, -10, 0, 20], 0.4)).toBeCloseTo(80 / 90, 12);
    // A.1: (2700 + 2050) / 7740
    expect(pareto(A2M)).toBeCloseTo(4750 / 7740, 12);
    expect(pareto([null, 4, 1])).toBeCloseTo(0.8, 12);
  });

  it("PARETO errors: NA without data or with Σ ≤ 0, NUM for a bad share", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as CrmError).code;
      }
      return "none";
    };
    expect(code(() => pareto([-1, 1]))).toBe("NA");
    expect(code(() => pareto([]))).toBe("NA");
    expect(code(() => pareto([1], 0))).toBe("NUM");
    expect(code(() => pareto([1], 1.5))).toBe("NUM");
  });

  it("WHALE table and indicators", () => {
    // sorted: 50, 30, 20, 0, −10; Σ = 90
    expect(whaleCurve([50, 30, -10, 0, 20])).toEqual([
      { rank: 1, customerShare: 0.2, cumValue: 50, cumShare: 50 / 90 },
      { rank: 2, customerShare: 0.4, cumValue: 80, cumShare: 80 / 90 },
      { rank: 3, customerShare: 0.6, cumValue: 100, cumShare: 100 / 90 },
      { rank: 4, customerShare: 0.8, cumValue: 100, cumShare: 100 / 90 },
      { rank: 5, customerShare: 1, cumValue: 90, cumShare: 1 },
    ]);
    const w = whaleIndicators([50, 30, -10, 0, 20]);
    expect(w.total).toBe(90);
    expect(w.peak).toBeCloseTo(100 / 90, 12);
    expect(w.top20).toBeCloseTo(50 / 90, 12);
    // bottom ⌈1.5⌉ = 2: 0 + (−10)
    expect(w.bottom30Loss).toBeCloseTo(-10 / 90, 12);
  });

  it("Kotler's 80-20-30 shape", () => {
    // 10 customers: top 2 give 80 of 100; the bottom 3 lose 40 → bottom30Loss = −0.4, peak 1.4
    const v = [50, 30, 20, 15, 10, 10, 5, -10, -15, -15];
    const w = whaleIndicators(v);
    expect(w.top20).toBeCloseTo(0.8, 12);
    expect(w.bottom30Loss).toBeCloseTo(-0.4, 12);
    expect(w.peak).toBeCloseTo(1.4, 12);
  });

  it("indicators are NaN (no error) when Σ ≤ 0; the table's cum_share too", () => {
    expect(whaleIndicators([-1, 1])).toEqual({ total: 0, peak: NaN, top20: NaN, bottom30Loss: NaN });
    expect(whaleCurve([-2, 1])[0].cumShare).toBeNaN();
    expect(whaleCurve([])).toEqual([]);
  });
});
