import fc from "fast-check";
import {
  GENERIC_LABELS,
  parseQuadrantScheme,
  quadrant,
  quadrantCodes,
  quadrantColor,
  quadrantLabel,
  quadrantSplit,
} from "../../../src/core/methods/quadrant";

const code = (expected: string) => expect.objectContaining({ code: expected });

describe("PROFIT (§11.3 test vector)", () => {
  it("classifies NSV × cost to serve at the medians 675 / 125", () => {
    const nsv = [1200, 950, 400, 300, 80, 2000];
    const cts = [100, 400, 60, 250, 70, 150];
    const split = quadrantSplit(nsv, cts, "PROFIT");
    expect(split.xCut).toBe(675);
    expect(split.yCut).toBe(125);
    expect(split.codes).toEqual(["PM_PROTECT", "PM_COSTENG", "PM_BUILD", "PM_DANGER", "PM_BUILD", "PM_COSTENG"]);
    expect(split.codes.map((c) => quadrantLabel("PROFIT", c!, "en"))).toEqual([
      "Protect",
      "Cost engineer",
      "Build",
      "Danger zone",
      "Build",
      "Cost engineer",
    ]);
  });

  it("never rates net returns (NSV ≤ 0) High, even below a negative threshold", () => {
    // xCut −100: −50 > −100 would be High, but NSV ≤ 0 is Low by §11.3; 10 is High.
    expect(quadrant([-50, 0, 10], [1, 9, 1], "PROFIT", { xCut: -100, yCut: 5 })).toEqual(["PM_BUILD", "PM_DANGER", "PM_PROTECT"]);
  });
});

describe("VALUE (§6.3)", () => {
  it("splits at the medians, the value at the threshold being Low", () => {
    // medians: x (20+30)/2 = 25, y (2+3)/2 = 2.5
    expect(quadrant([10, 20, 30, 40], [4, 1, 3, 2], "VALUE")).toEqual(["VM_II", "VM_I", "VM_IV", "VM_III"]);
    // x median of [1, 2, 3] is 2: the row at 2 is Low (strict >)
    expect(quadrant([1, 2, 3], [1, 2, 3], "VALUE")).toEqual(["VM_I", "VM_I", "VM_IV"]);
  });

  it("supports MEAN and numeric thresholds", () => {
    // x = [0, 0, 0, 10]: mean 2.5 (only 10 High); median 0 (again only 10 High); cut −1: all High
    const y = [1, 1, 1, 1];
    expect(quadrant([0, 0, 0, 10], y, "VALUE", { xCut: "MEAN", yCut: 0 })).toEqual(["VM_II", "VM_II", "VM_II", "VM_IV"]);
    expect(quadrant([0, 0, 0, 10], y, "VALUE", { xCut: -1, yCut: 1 })).toEqual(["VM_III", "VM_III", "VM_III", "VM_III"]);
  });

  it("leaves blank rows blank and derives thresholds from each axis's non-blank values", () => {
    // x non-blank [10, 30, 50] → median 30; y non-blank [1, 3, 5] → median 3
    expect(quadrant([10, null, 30, 50, NaN], [5, 2, 1, 3, 4], "VALUE")).toEqual(["VM_II", null, "VM_I", "VM_III", null]);
  });

  it("returns UNCLASSIFIED when a data-derived threshold has no variation (§1.4)", () => {
    expect(quadrant([5, 5, 5], [1, 2, 3], "VALUE")).toEqual(["UNCLASSIFIED", "UNCLASSIFIED", "UNCLASSIFIED"]);
    expect(quadrant([5, null], [1, 2], "VALUE")).toEqual(["UNCLASSIFIED", null]);
    expect(quadrantSplit([5, 5], [1, 2], "VALUE").xCut).toBeNull();
    // A user number is applied as given.
    expect(quadrant([5, 5, 5], [1, 2, 3], "VALUE", { xCut: 4 })).toEqual(["VM_III", "VM_III", "VM_IV"]);
    expect(quadrantLabel("VALUE", "UNCLASSIFIED", "en")).toBe("Unclassified (no variation)");
  });

  it("rounds to `decimals` before comparing when asked (§1.3)", () => {
    // 0.1 + 0.2 = 0.30000000000000004 is above 0.3 unless rounded
    expect(quadrant([0.1 + 0.2], [1], "VALUE", { xCut: 0.3, yCut: 0 })).toEqual(["VM_IV"]);
    expect(quadrant([0.1 + 0.2], [1], "VALUE", { xCut: 0.3, yCut: 0, decimals: 2 })).toEqual(["VM_II"]);
  });
});

describe("SATLOY (§9.4)", () => {
  const sat = [5, 4, 3, 2, 5];
  const loy = [5, 2, 4, 1, 4];
  it("5-point scales: High ⇔ ≥ 4", () => {
    expect(quadrant(sat, loy, "SATLOY")).toEqual(["SL_LOYALIST", "SL_MERCENARY", "SL_HOSTAGE", "SL_DEFECTOR", "SL_LOYALIST"]);
  });
  it("TOPBOX: only 5 is High satisfaction", () => {
    expect(quadrant(sat, loy, "SATLOY", { topBox: true })).toEqual([
      "SL_LOYALIST",
      "SL_DEFECTOR",
      "SL_HOSTAGE",
      "SL_DEFECTOR",
      "SL_LOYALIST",
    ]);
  });
  it("10-point scales: High ⇔ ≥ 8, TOPBOX ≥ 9", () => {
    expect(quadrant([8, 7, 9], [8, 10, 7], "SATLOY", { scale: 10 })).toEqual(["SL_LOYALIST", "SL_HOSTAGE", "SL_MERCENARY"]);
    expect(quadrant([8, 7, 9], [8, 10, 7], "SATLOY", { scale: 10, topBox: true })).toEqual(["SL_HOSTAGE", "SL_HOSTAGE", "SL_MERCENARY"]);
  });
  it("loyalty index axis: High ⇔ ≥ 60", () => {
    expect(quadrant([5, 5], [60, 59.9], "SATLOY", { loyaltyScale: 100 })).toEqual(["SL_LOYALIST", "SL_MERCENARY"]);
  });
  it("rejects other scales", () => {
    expect(() => quadrant([5], [5], "SATLOY", { scale: 7 as 5 })).toThrow(code("NUM"));
  });
});

describe("LOYALTY (§9.2)", () => {
  it("attitude High ⇔ > 3.5, repeat High ⇔ ≥ 4", () => {
    expect(quadrant([3.5, 3.6, 4, 2], [5, 4, 3, 4], "LOYALTY")).toEqual(["LOY_SPURIOUS", "LOY_TRUE", "LOY_LATENT", "LOY_SPURIOUS"]);
  });
});

describe("IPA (§13.3)", () => {
  it("splits importance × performance at the means", () => {
    // means: I (5+4+2+1)/4 = 3, P (1+4+5+2)/4 = 3
    expect(quadrant([5, 4, 2, 1], [1, 4, 5, 2], "IPA")).toEqual(["IPA_CONCENTRATE", "IPA_KEEP", "IPA_OVERKILL", "IPA_LOW"]);
  });
  it("needs 2 attributes for mean thresholds, not for the scale midpoint", () => {
    expect(() => quadrant([4], [2], "IPA")).toThrow(code("NA"));
    expect(quadrant([4], [2], "IPA", { xCut: 3, yCut: 3 })).toEqual(["IPA_CONCENTRATE"]);
  });
});

describe("MARCUS (§6.2)", () => {
  it("purchases × average order value at the medians", () => {
    // medians: F (2+5)/2 = 3.5, AOV (100+300)/2 = 200
    expect(quadrant([1, 2, 5, 8], [100, 300, 50, 400], "MARCUS")).toEqual(["MC_UNCERTAIN", "MC_SPENDER", "MC_FREQUENT", "MC_BEST"]);
  });
});

describe("SHAPIRO (§11.2)", () => {
  it("net price × cost to serve", () => {
    // medians: price (0.9+0.95)/2 = 0.925, cost (20+30)/2 = 25
    expect(quadrant([0.99, 0.95, 0.9, 0.8], [30, 10, 40, 20], "SHAPIRO")).toEqual([
      "SH_CARRIAGE",
      "SH_PASSIVE",
      "SH_AGGRESSIVE",
      "SH_BARGAIN",
    ]);
  });
});

describe("GENERIC", () => {
  it("codes HH/HL/LH/LL with their own labels", () => {
    expect(quadrant([1, 2, 3, 4], [4, 1, 3, 2], "GENERIC")).toEqual(["LH", "LL", "HH", "HL"]);
    expect(quadrantLabel("GENERIC", "HL", "zh-en")).toBe("高低 High-Low");
    expect(quadrantLabel("GENERIC", "LH")).toBe("低高");
    expect(quadrantColor("GENERIC", "HH")).toBe(GENERIC_LABELS[0].color);
    expect(quadrantLabel("VALUE", "VM_IV", "zh")).toBe("IV类 最有价值客户");
  });
});

describe("errors and helpers", () => {
  it("signals bad input with §1.6 codes", () => {
    expect(() => quadrant([1, 2], [1], "VALUE")).toThrow(code("VALUE"));
    expect(() => quadrant([null, 1], [2, null], "VALUE")).toThrow(code("NA"));
    expect(() => quadrant(["a" as unknown as number], [1], "VALUE")).toThrow(code("VALUE"));
    expect(() => quadrant([1], [1], "VALUE", { xCut: "MODE" as "MEAN" })).toThrow(code("VALUE"));
    expect(() => parseQuadrantScheme("nope")).toThrow(code("VALUE"));
    expect(parseQuadrantScheme(" satloy ")).toBe("SATLOY");
  });
  it("classes depend only on values, not on row order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 1, maxLength: 30 }),
        (pairs) => {
          const forward = quadrant(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            "VALUE",
          );
          const reversed = [...pairs].reverse();
          const backward = quadrant(
            reversed.map((p) => p[0]),
            reversed.map((p) => p[1]),
            "VALUE",
          );
          expect(backward).toEqual([...forward].reverse());
          for (const c of forward) expect([...quadrantCodes("VALUE"), "UNCLASSIFIED"]).toContain(c);
        },
      ),
    );
  });
});
