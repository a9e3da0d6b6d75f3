import {
  breakEvenRetentionSpend,
  expectedLifetime,
  retainedShare,
  retentionRate,
  retentionScenario,
} from "../../../src/core/methods/retention";

const code = (expected: string) => expect.objectContaining({ code: expected });
const round1 = (v: number) => Math.round(v * 10) / 10;

describe("CRM.RETENTION", () => {
  it("(end − new) / start", () => {
    // 100 at the start, 90 at the end of which 20 are new → 70 kept
    expect(retentionRate(100, 90, 20)).toBeCloseTo(0.7, 12);
    expect(retentionRate(50, 40)).toBeCloseTo(0.8, 12);
  });
  it("C_start = 0 → N/A; impossible counts → NUM", () => {
    expect(() => retentionRate(0, 10, 10)).toThrow(code("NA"));
    expect(() => retentionRate(10, 5, 6)).toThrow(code("NUM"));
    expect(() => retentionRate(10, 20, 0)).toThrow(code("NUM"));
    expect(() => retentionRate(-1, 0)).toThrow(code("NUM"));
  });
});

describe("CRM.RETAINED", () => {
  it("|A ∩ B| / |A| with trimmed ids, blanks ignored and duplicates counted once", () => {
    // A = {a, b, c, 5} (duplicate b, blanks dropped); B ∩ A = {b, 5}
    const r = retainedShare(["a", " b", "b", "", null, "c", 5], ["b ", "5", "x", undefined]);
    expect(r).toEqual({ rate: 0.5, previous: 4, retained: 2 });
  });
  it("case-sensitive by default, ignoreCase on request", () => {
    expect(retainedShare(["Ab"], ["ab"]).rate).toBe(0);
    expect(retainedShare(["Ab"], ["ab"], true).rate).toBe(1);
  });
  it("an empty previous period → N/A", () => {
    expect(() => retainedShare([null, "  "], ["a"])).toThrow(code("NA"));
  });
});

describe("CRM.LIFETIME (§12.2)", () => {
  it("1/(1−r): 0.8 → 5, 0.9 → 10, 0.95 → 20", () => {
    expect(expectedLifetime(0.8)).toBeCloseTo(5, 12);
    expect(expectedLifetime(0.9)).toBeCloseTo(10, 12);
    expect(expectedLifetime(0.95)).toBeCloseTo(20, 12);
  });
  it("r = 1 → NUM unless a horizon is given", () => {
    expect(() => expectedLifetime(1)).toThrow(code("NUM"));
    expect(expectedLifetime(1, 3)).toBe(3);
    // 1 + 0.5 + 0.25
    expect(expectedLifetime(0.5, 3)).toBe(1.75);
    expect(() => expectedLifetime(1.2)).toThrow(code("NUM"));
    expect(() => expectedLifetime(0.5, 0)).toThrow(code("NUM"));
  });
});

describe("retention economics", () => {
  it("scenario: m = 100, d = 0.1, r 0.80 → 0.85 raises 266.7 to 340.0 (+27.5%)", () => {
    const s = retentionScenario({ margin: 100, discountRate: 0.1, retention: 0.8 });
    expect(round1(s.base)).toBe(266.7);
    expect(round1(s.improved)).toBe(340);
    expect(round1(s.pctChange! * 100)).toBe(27.5);
  });
  it("scenario with margin growth: q = 1.05·0.8/1.1 = 42/55, V = 100·q/(1−q) = 4200/13", () => {
    const s = retentionScenario({ margin: 100, discountRate: 0.1, retention: 0.8, growth: 0.05 });
    expect(s.base).toBeCloseTo(4200 / 13, 9);
  });
  it("scenario with a finite horizon and acquisition cost", () => {
    // N = 1: 100·0.8/1.1 − 10 and 100·0.85/1.1 − 10
    const s = retentionScenario({ margin: 100, discountRate: 0.1, retention: 0.8, periods: 1, acqCost: 10 });
    expect(s.base).toBeCloseTo(80 / 1.1 - 10, 9);
    expect(s.improved).toBeCloseTo(85 / 1.1 - 10, 9);
  });
  it("scenario validation", () => {
    expect(() => retentionScenario({ margin: 100, discountRate: 0.1, retention: 0.98 })).toThrow(code("NUM"));
    expect(() => retentionScenario({ margin: 100, discountRate: 0.1, retention: 0.8, growth: 0.5 })).toThrow(code("NUM"));
    expect(retentionScenario({ margin: 0, discountRate: 0.1, retention: 0.8 }).pctChange).toBeNull();
  });
  it("break-even spend: 100·(0.85/0.25 − 0.8/0.3) = 340 − 266.67", () => {
    expect(breakEvenRetentionSpend(100, 0.1, 0.8, 0.85)).toBeCloseTo(340 - 800 / 3, 9);
    expect(() => breakEvenRetentionSpend(100, 0.1, 0.8, 1.2)).toThrow(code("NUM"));
  });
});
