import { CrmError } from "../../../src/core/errors";
import { pyramidLabel, pyramidTiers } from "../../../src/core/segment/pyramid";

const count = (tiers: (string | null)[]) => ["T1", "T2", "T3", "T4"].map((t) => tiers.filter((x) => x === t).length);

describe("customer pyramid (§5.3)", () => {
  it("n = 10: 1 VIP, 0 Major, 1 Ordinary, 8 Small (§5.4)", () => {
    const v = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    // ⌈0.1⌉ = 1, ⌈0.5⌉ = 1, ⌈2⌉ = 2
    expect(pyramidTiers(v)).toEqual(["T1", "T3", "T4", "T4", "T4", "T4", "T4", "T4", "T4", "T4"]);
  });

  it("n = 100 distinct values: 1 / 4 / 15 / 80", () => {
    const v = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    expect(count(pyramidTiers(v))).toEqual([1, 4, 15, 80]);
    // the largest value (99) is the VIP
    expect(pyramidTiers(v)[v.indexOf(99)]).toBe("T1");
  });

  it("custom cuts 5/20/50 on n = 20: ⌈1⌉, ⌈4⌉, ⌈10⌉ → 1 / 3 / 6 / 10", () => {
    const v = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(count(pyramidTiers(v, { cuts: [0.05, 0.2, 0.5] }))).toEqual([1, 3, 6, 10]);
  });

  it("ties inherit the better tier; n = 1 and all-equal give VIP", () => {
    // n = 10: the two 10s share rank 1 → both T1; 9 has rank 3 > ⌈2⌉ → T4
    expect(pyramidTiers([10, 10, 9, 8, 7, 6, 5, 4, 3, 2])).toEqual(["T1", "T1", "T4", "T4", "T4", "T4", "T4", "T4", "T4", "T4"]);
    expect(pyramidTiers([3])).toEqual(["T1"]);
    expect(pyramidTiers([4, 4, 4, 4])).toEqual(["T1", "T1", "T1", "T1"]);
    expect(pyramidTiers([null, 4, NaN])).toEqual([null, "T1", null]);
  });

  it("PROFIT basis with METAL labels: negative profit is Lead whatever the rank", () => {
    // sorted −1, −3, −5; n = 3: ⌈0.03⌉ = ⌈0.15⌉ = ⌈0.6⌉ = 1, so −1 is tier 1 by rank
    expect(pyramidTiers([-5, -3, -1], { basis: "PROFIT" })).toEqual(["T4", "T4", "T1"]);
    expect(pyramidTiers([-5, -3, -1], { basis: "PROFIT", labels: "METAL" })).toEqual(["T4", "T4", "T4"]);
    expect(pyramidTiers([-1, 0, 7], { basis: "PROFIT", labels: "METAL_EN", cuts: [0.3, 0.6, 1] })).toEqual(["T4", "T2", "T1"]);
    // the rule needs both the PROFIT basis and metal labels
    expect(pyramidTiers([-5, -3, -1], { labels: "METAL" })).toEqual(["T4", "T4", "T1"]);
  });

  it("validates the cuts and labels", () => {
    for (const cuts of [
      [0.05, 0.01, 0.2],
      [0, 0.1, 0.2],
      [0.1, 0.2, 1.5],
      [0.1, 0.1, 0.2],
      [0.1, 0.2],
    ]) {
      expect(() => pyramidTiers([1], { cuts })).toThrow(CrmError);
    }
    expect(pyramidTiers([1], { cuts: [0.1, 0.2, 1] })).toEqual(["T1"]);
    expect(() => pyramidTiers([1], { labels: "GOLD" as never })).toThrow(CrmError);
  });

  it("labels in the four styles", () => {
    expect(pyramidLabel("T1", "CN")).toBe("VIP客户");
    expect(pyramidLabel("T1", "EN")).toBe("Top (VIP)");
    expect(pyramidLabel("T1", "METAL")).toBe("铂金客户");
    expect(pyramidLabel("T4", "METAL_EN")).toBe("Lead");
  });
});
