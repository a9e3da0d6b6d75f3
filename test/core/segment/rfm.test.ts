import { CrmError } from "../../../src/core/errors";
import { fmBin, fmScore, quantileCutPoints, rfmCode, rfmCodeText, rfmSum, rfmWeighted, scoreValues } from "../../../src/core/segment/rfm";

describe("scoreValues — QUANTILE", () => {
  it("uses exact PERCENTILE.INC positions for k ≠ 5", () => {
    // 1..91, k = 10: h_j = 9j exactly, q_j = 9j + 1. 64 = q_7 is not > q_7, so bin 7. A float
    // position (0.7·90 = 62.999…) would interpolate just below 64 and give bin 8.
    const v = Array.from({ length: 91 }, (_, i) => i + 1);
    const s = scoreValues(v, { bins: 10 });
    expect(s[63]).toBe(7);
    expect(s[64]).toBe(8);
    // k = 3 on 1..4: q_1 = 2, q_2 = 3 (h = 1, 2 exactly) → 1,1,2,3
    expect(scoreValues([1, 2, 3, 4], { bins: 3 })).toEqual([1, 1, 2, 3]);
  });

  it("keeps null (and non-finite entries) as null and scores the rest", () => {
    expect(scoreValues([null, 3, NaN, 1])).toEqual([null, 5, null, 1]);
    expect(scoreValues([])).toEqual([]);
    expect(scoreValues([null])).toEqual([null]);
  });

  it("rounds to `decimals` before ties", () => {
    // 1.004 and 1.0 are both 1.00 at 2 decimals, so they tie; at 3 decimals they differ.
    expect(scoreValues([1.004, 1.0, 2])).toEqual([1, 1, 5]);
    expect(scoreValues([1.004, 1.0, 2], { decimals: 3 })).toEqual([3, 1, 5]);
  });

  it("reports PERCENTILE.INC cut points", () => {
    expect(quantileCutPoints([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 4)).toEqual([3.25, 5.5, 7.75]);
    expect(quantileCutPoints([])).toEqual([]);
  });

  it("validates bins", () => {
    for (const bins of [1, 0, 2.5, 101]) expect(() => scoreValues([1, 2], { bins })).toThrow(CrmError);
    expect(() => scoreValues([1], { method: "BOGUS" as never })).toThrow(CrmError);
  });
});

describe("scoreValues — NTILE", () => {
  it("breaks ties by id ascending as text", () => {
    // all equal: sorted by id a, b, c, d, e → positions 1..5 → bins 1..5
    expect(scoreValues([10, 10, 10, 10, 10], { method: "NTILE", ids: ["e", "d", "c", "b", "a"] })).toEqual([5, 4, 3, 2, 1]);
    // text order: "C10" < "C2"
    expect(scoreValues([1, 1], { method: "NTILE", bins: 2, ids: ["C2", "C10"] })).toEqual([2, 1]);
  });

  it("bins = 1 + ⌊k(pos − 1)/n⌋", () => {
    // n = 7, k = 5: pos 1..7 → 1 + ⌊0, 5/7, 10/7, 15/7, 20/7, 25/7, 30/7⌋ = 1,1,2,3,3,4,5
    expect(scoreValues([1, 2, 3, 4, 5, 6, 7], { method: "NTILE" })).toEqual([1, 1, 2, 3, 3, 4, 5]);
    expect(scoreValues([1, 2, 3, 4, 5, 6, 7], { method: "NTILE", lowerIsBetter: true })).toEqual([5, 5, 4, 3, 3, 2, 1]);
  });

  it("falls back to input order without ids, and rejects misaligned ids", () => {
    expect(scoreValues([4, 4, 4, 4, 4], { method: "NTILE" })).toEqual([1, 2, 3, 4, 5]);
    expect(() => scoreValues([1, 2], { method: "NTILE", ids: ["a"] })).toThrow(CrmError);
  });
});

describe("scoreValues — BREAKS", () => {
  it("bin = 1 + #{j : x > b_j}", () => {
    const days = [0, 30, 31, 60, 90, 91, 180, 181];
    // 0,30 → 1; 31,60 → 2; 90 → 3; 91,180 → 4; 181 → 5; reversed for recency
    expect(scoreValues(days, { method: "BREAKS", breaks: [30, 60, 90, 180] })).toEqual([1, 1, 2, 2, 3, 4, 4, 5]);
    expect(scoreValues(days, { method: "BREAKS", breaks: [30, 60, 90, 180], lowerIsBetter: true })).toEqual([5, 5, 4, 4, 3, 2, 2, 1]);
    expect(scoreValues([1, 2, 3, 9], { method: "BREAKS", breaks: [1, 2, 4, 8] })).toEqual([1, 2, 3, 5]);
  });

  it("validates breaks", () => {
    expect(() => scoreValues([1], { method: "BREAKS" })).toThrow(CrmError);
    expect(() => scoreValues([1], { method: "BREAKS", breaks: [3, 2, 4, 5] })).toThrow(CrmError);
    expect(() => scoreValues([1], { method: "BREAKS", breaks: [1, 1, 4, 5] })).toThrow(CrmError);
    expect(() => scoreValues([1], { method: "BREAKS", breaks: [1, 2, 3], bins: 5 })).toThrow(CrmError);
    expect(scoreValues([1], { method: "BREAKS", breaks: [1, 2, 3], bins: 4 })).toEqual([1]);
  });
});

describe("composite scores (§2.6)", () => {
  it("code, sum, weighted, FM and FM_bin", () => {
    expect(rfmCode(5, 4, 3)).toBe(543);
    expect(rfmCodeText(5, 4, 3)).toBe("5-4-3");
    expect(rfmSum(5, 4, 3)).toBe(12);
    expect(rfmWeighted(3, 3, 3)).toBeCloseTo(3, 12);
    expect(rfmWeighted(5, 1, 2, [0.5, 0.3, 0.2])).toBeCloseTo(3.2, 12);
    expect(fmScore(4, 1)).toBe(2.5);
    // ROUND_HALF_UP: 2.5 → 3, 1.5 → 2, 2 → 2, 4.5 → 5
    expect([fmBin(4, 1), fmBin(1, 2), fmBin(2, 2), fmBin(5, 4)]).toEqual([3, 2, 2, 5]);
  });
});
