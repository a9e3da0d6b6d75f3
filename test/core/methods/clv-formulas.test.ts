import fc from "fast-check";
import { clvClosedForm, clvStream, marginMultiple } from "../../../src/core/methods/clv-formulas";

const code = (expected: string) => expect.objectContaining({ code: expected });
const round2 = (v: number) => Math.round(v * 100) / 100;
const base = { margin: 100, retention: 0.8, discountRate: 0.1 };

describe("CRM.CLV, GL closed form (§7.5 tests)", () => {
  it("m = 100, r = 0.8, d = 0.1 → 266.67; first_now → 366.67; N = 5 → 212.41", () => {
    expect(round2(clvClosedForm(base))).toBe(266.67);
    expect(round2(clvClosedForm({ ...base, firstNow: true }))).toBe(366.67);
    expect(round2(clvClosedForm({ ...base, periods: 5 }))).toBe(212.41);
    expect(round2(marginMultiple(0.8, 0.1))).toBe(2.67);
  });

  it("hand cases", () => {
    // 266.67 − 50
    expect(round2(clvClosedForm({ ...base, acqCost: 50 }))).toBe(216.67);
    // r = 1, d > 0: m/d = 100/0.1
    expect(clvClosedForm({ ...base, retention: 1 })).toBeCloseTo(1000, 9);
    // negative d with r < 1 + d: 100·0.8/(0.9 − 0.8) = 800
    expect(clvClosedForm({ ...base, discountRate: -0.1 })).toBeCloseTo(800, 9);
    // a finite horizon is allowed even when r ≥ 1 + d: q = 0.8/0.75 = 16/15, q + q² = 496/225
    expect(clvClosedForm({ ...base, discountRate: -0.25, periods: 2 })).toBeCloseTo((100 * 496) / 225, 9);
    // first_now with N = 1: 100 + 100·0.8/1.1
    expect(clvClosedForm({ ...base, periods: 1, firstNow: true })).toBeCloseTo(100 + 80 / 1.1, 9);
    // negative margins give negative CLV (§7.9)
    expect(round2(clvClosedForm({ ...base, margin: -100 }))).toBe(-266.67);
  });

  it("the finite sum tends to the infinite form", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), (r, d) => {
        const infinite = clvClosedForm({ margin: 100, retention: r, discountRate: d });
        const finite = clvClosedForm({ margin: 100, retention: r, discountRate: d, periods: 2000 });
        expect(finite).toBeCloseTo(infinite, 6);
      }),
    );
  });

  it("validates (§7.5, §7.9)", () => {
    expect(() => clvClosedForm({ ...base, retention: 1.1 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, retention: -0.1 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, discountRate: -1 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, retention: 1, discountRate: 0 })).toThrow(/1 \+ discountRate/);
    expect(() => clvClosedForm({ ...base, discountRate: -0.2 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, periods: 2.5 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, periods: 0 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, promoCost: 10 })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, margin: "100" as unknown as number })).toThrow(code("VALUE"));
    expect(() => clvClosedForm({ ...base, model: "XX" as "GL" })).toThrow(code("VALUE"));
  });
});

describe("CRM.CLV, Berger & Nasr case 1", () => {
  it("GC = 100, M = 10, r = 0.8, d = 0.1, n = 10 → 322.11", () => {
    expect(round2(clvClosedForm({ ...base, promoCost: 10, periods: 10, model: "BN1" }))).toBe(322.11);
  });
  it("n = 1 by hand: 100·(1 + 0.8/1.1) − 10/1.1^0.5", () => {
    const expected = 100 * (1 + 0.8 / 1.1) - 10 / Math.sqrt(1.1);
    expect(clvClosedForm({ ...base, promoCost: 10, periods: 1, model: "BN1" })).toBeCloseTo(expected, 9);
  });
  it("needs periods and refuses firstNow", () => {
    expect(() => clvClosedForm({ ...base, model: "BN1" })).toThrow(code("NUM"));
    expect(() => clvClosedForm({ ...base, model: "BN1", periods: 3, firstNow: true })).toThrow(code("NUM"));
  });
});

describe("CRM.CLVSTREAM (§7.3)", () => {
  it("END discounts period t by 1.1^t: 100/1.1 + 100/1.21 + 100/1.331", () => {
    expect(clvStream([100, 100, 100], 0.1)).toBeCloseTo(100 / 1.1 + 100 / 1.21 + 100 / 1.331, 9);
    expect(round2(clvStream([100, 100, 100], 0.1))).toBe(248.69);
  });
  it("BEGIN discounts by 1.1^(t−1): 100 + 100/1.1 + 100/1.21", () => {
    expect(round2(clvStream([100, 100, 100], 0.1, undefined, "BEGIN"))).toBe(273.55);
  });
  it("survival, blank periods and acquisition cost", () => {
    // 100/1.1 + 80/1.21 + 64/1.331 = 90.909 + 66.116 + 48.084
    expect(round2(clvStream([100, 100, 100], 0.1, [1, 0.8, 0.64]))).toBe(205.11);
    // the blank period counts 0: 100/1.1 + 100/1.331
    expect(round2(clvStream([100, null, 100], 0.1))).toBe(166.04);
    // a blank survival entry counts 1
    expect(clvStream([100, 100], 0.1, [null, 0.5])).toBeCloseTo(100 / 1.1 + 50 / 1.21, 9);
    expect(clvStream([100], 0, undefined, "END", 30)).toBe(70);
  });
  it("validates (§7.3, §7.9)", () => {
    expect(() => clvStream([100], -1)).toThrow(code("NUM"));
    expect(() => clvStream([100, 100], 0.1, [1])).toThrow(code("VALUE"));
    expect(() => clvStream([], 0.1)).toThrow(code("NA"));
    expect(() => clvStream([null, null], 0.1)).toThrow(code("NA"));
    expect(() => clvStream([100], 0.1, [1.2])).toThrow(code("NUM"));
    expect(() => clvStream(["x" as unknown as number], 0.1)).toThrow(code("VALUE"));
    expect(() => clvStream([1], 0.1, undefined, "MID" as "END")).toThrow(code("VALUE"));
  });
});
