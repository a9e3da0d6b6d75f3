import fc from "fast-check";
import { CrmError } from "../../src/core/errors";
import {
  allEqual,
  ceilShare,
  lowerBound,
  mean,
  median,
  percentileIncSorted,
  percentilePosition,
  quantileCutPointsSorted,
  roundTo,
  sortedAscending,
  validateDecimals,
} from "../../src/core/numeric";

describe("roundTo (Excel ROUND: half away from zero)", () => {
  it("rounds decimal ties stored just below .5 upwards", () => {
    // 1.005 is stored as 1.00499999999999989…, 2.675 as 2.67499999999999982…
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-2.675, 2)).toBe(-2.68);
    expect(roundTo(1234567.005, 2)).toBe(1234567.01);
    expect(roundTo(0.125, 2)).toBe(0.13);
    expect(roundTo(-0.125, 2)).toBe(-0.13);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
  });

  it("does not round genuine values below the tie upwards", () => {
    expect(roundTo(1.00499, 2)).toBe(1);
    expect(roundTo(2.4999999, 0)).toBe(2);
    expect(roundTo(0.3049, 2)).toBe(0.3);
  });

  it("removes summation noise and never returns -0", () => {
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
    expect(Object.is(roundTo(-0, 2), 0)).toBe(true);
  });

  it("passes through non-finite and huge values", () => {
    expect(roundTo(NaN, 2)).toBeNaN();
    expect(roundTo(Infinity, 2)).toBe(Infinity);
    expect(roundTo(1e20, 2)).toBe(1e20);
  });

  it("validates decimals", () => {
    expect(validateDecimals(0)).toBe(0);
    expect(validateDecimals(12)).toBe(12);
    for (const bad of [-1, 1.5, 13, NaN]) {
      expect(() => validateDecimals(bad)).toThrow(CrmError);
    }
  });
});

describe("PERCENTILE.INC positions (§1.3)", () => {
  it("splits h = j(n−1)/k by integer arithmetic", () => {
    // n = 10, j = 1, k = 5: 9/5 → 1 rest 4 → index 1, fraction 0.8
    expect(percentilePosition(10, 1, 5)).toEqual({ index: 1, fraction: 0.8 });
    // n = 91, j = 7, k = 10: 7·90/10 = 63 exactly, while (7/10)·90 = 62.99999999999999 in binary
    expect((7 / 10) * 90).toBeLessThan(63);
    expect(percentilePosition(91, 7, 10)).toEqual({ index: 63, fraction: 0 });
  });

  it("interpolates like Excel PERCENTILE.INC", () => {
    const v = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // PERCENTILE.INC({1..10}, 0.25): h = 9/4 = 2.25 → 3 + 0.25·(4 − 3) = 3.25
    expect(percentileIncSorted(v, 1, 4)).toBe(3.25);
    expect(quantileCutPointsSorted(v, 4)).toEqual([3.25, 5.5, 7.75]);
    expect(quantileCutPointsSorted(Float64Array.from([7]), 5)).toEqual([7, 7, 7, 7]);
  });

  it("gives the exact data value where float positions would not", () => {
    const v = Float64Array.from({ length: 91 }, (_, i) => i + 1);
    // q_7 = v_(63) = 64 (0-based index 63)
    expect(percentileIncSorted(v, 7, 10)).toBe(64);
  });
});

describe("sortedAscending", () => {
  it("matches a comparison sort for small-range integers (counting sort), wide ranges and fractions", () => {
    const arrays = fc.oneof(
      fc.array(fc.integer({ min: -40, max: 400 }), { minLength: 250, maxLength: 800 }),
      fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 250, maxLength: 800 }),
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 400 }),
    );
    fc.assert(
      fc.property(arrays, (values) => {
        const expected = [...values].sort((a, b) => a - b).map((v) => (v === 0 ? 0 : v));
        expect(Array.from(sortedAscending(values), (v) => (v === 0 ? 0 : v))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe("mean, MEDIAN, bounds, shares", () => {
  it("mean and Excel MEDIAN", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it("lowerBound counts the entries below x", () => {
    const v = [1, 2, 2, 2, 5];
    expect(lowerBound(v, 2)).toBe(1);
    expect(lowerBound(v, 0)).toBe(0);
    expect(lowerBound(v, 9)).toBe(5);
  });

  it("⌈p·n⌉ treats decimal products as exact", () => {
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(ceilShare(0.07, 100)).toBe(7);
    expect(ceilShare(0.14, 150)).toBe(21);
    expect(ceilShare(0.01, 10)).toBe(1);
    expect(ceilShare(0.2, 11)).toBe(3);
    expect(ceilShare(0.05, 100)).toBe(5);
    expect(ceilShare(0.2, 0)).toBe(0);
  });

  it("allEqual", () => {
    expect(allEqual([])).toBe(true);
    expect(allEqual([3])).toBe(true);
    expect(allEqual([3, 3, 3])).toBe(true);
    expect(allEqual([3, 3, 4])).toBe(false);
  });
});
