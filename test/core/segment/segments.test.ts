import { CrmError } from "../../../src/core/errors";
import {
  cn8Analyze,
  cn8Classify,
  OTHERS_LABEL,
  rfmPkgCode,
  schemeCodes,
  segmentFromScores,
  segmentLabel,
  segmentText,
  w10Code,
  w11Code,
} from "../../../src/core/segment/segments";
import { labelSet } from "../../../src/core/report/labels";

describe("W11 grid (§2.8.2)", () => {
  it("matches the table cell by cell", () => {
    // Rows R = 5..1, columns x = 1..5, as printed in METHODS.md §2.8.2.
    const table = [
      "NEW POTENTIAL_LOYALIST POTENTIAL_LOYALIST CHAMPIONS CHAMPIONS",
      "PROMISING POTENTIAL_LOYALIST POTENTIAL_LOYALIST LOYAL LOYAL",
      "ABOUT_TO_SLEEP ABOUT_TO_SLEEP NEED_ATTENTION LOYAL LOYAL",
      "HIBERNATING HIBERNATING AT_RISK AT_RISK CANT_LOSE",
      "LOST HIBERNATING AT_RISK AT_RISK CANT_LOSE",
    ].map((line) => line.split(" "));
    for (let r = 5; r >= 1; r--) {
      for (let x = 1; x <= 5; x++) expect(w11Code(r, x)).toBe(table[5 - r][x - 1]);
    }
  });

  it("W10 is the public regex map of §2.8.1 (M unused)", () => {
    const rules: [RegExp, string][] = [
      [/^[1-2][1-2]$/, "HIBERNATING"],
      [/^[1-2][3-4]$/, "AT_RISK"],
      [/^[1-2]5$/, "CANT_LOSE"],
      [/^3[1-2]$/, "ABOUT_TO_SLEEP"],
      [/^33$/, "NEED_ATTENTION"],
      [/^[3-4][4-5]$/, "LOYAL"],
      [/^41$/, "PROMISING"],
      [/^51$/, "NEW"],
      [/^[4-5][2-3]$/, "POTENTIAL_LOYALIST"],
      [/^5[4-5]$/, "CHAMPIONS"],
    ];
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const matches = rules.filter(([re]) => re.test(`${r}${f}`));
        expect(matches).toHaveLength(1); // the map partitions the plane
        expect(w10Code(r, f)).toBe(matches[0][1]);
        expect(segmentFromScores(r, f, 1, "W10")).toBe(matches[0][1]);
        expect(segmentFromScores(r, f, 5, "W10")).toBe(matches[0][1]);
        // W11 with x = F is W10 plus Lost in cell (1,1)
        expect(segmentFromScores(r, f, 3, "W11", "F")).toBe(r === 1 && f === 1 ? "LOST" : matches[0][1]);
      }
    }
  });

  it("W11 with x = FM_bin", () => {
    // F 4, M 1 → FM 2.5 → 3; R 5 → Potential Loyalist. F 5, M 4 → 4.5 → 5; R 1 → Can't Lose.
    expect(segmentFromScores(5, 4, 1)).toBe("POTENTIAL_LOYALIST");
    expect(segmentFromScores(1, 5, 4)).toBe("CANT_LOSE");
    expect(segmentFromScores(1, 1, 2)).toBe("HIBERNATING"); // FM 1.5 → 2
  });

  it("rejects scores outside 1..5 and gives '' for NONE", () => {
    for (const bad of [0, 6, 2.5, NaN]) expect(() => segmentFromScores(bad, 1, 1)).toThrow(CrmError);
    expect(segmentFromScores(3, 3, 3, "NONE")).toBe("");
    expect(() => segmentFromScores(3, 3, 3, "XYZ" as never)).toThrow(CrmError);
  });
});

describe("RFMPKG (§2.8.3, rfm v0.2.2, first match wins)", () => {
  it("applies the bounds in list order", () => {
    expect(rfmPkgCode(5, 5, 5)).toBe("CHAMPIONS");
    expect(rfmPkgCode(3, 3, 3)).toBe("LOYAL"); // R 2–5, F 3–5, M 3–5
    expect(rfmPkgCode(3, 2, 1)).toBe("POTENTIAL_LOYALIST");
    // New Customers (R 4–5, F 1, M 1) lies inside Potential Loyalist (R 3–5, F 1–3, M 1–3), listed first
    expect(rfmPkgCode(5, 1, 1)).toBe("POTENTIAL_LOYALIST");
    expect(rfmPkgCode(2, 2, 2)).toBe("NEED_ATTENTION");
    expect(rfmPkgCode(2, 1, 2)).toBe("ABOUT_TO_SLEEP");
    // Can't Lose Them (R 1, F 4–5, M 4–5) lies inside At Risk (R 1–2, F 2–5, M 2–5), listed first
    expect(rfmPkgCode(1, 5, 5)).toBe("AT_RISK");
    expect(rfmPkgCode(1, 1, 1)).toBe("LOST");
    expect(segmentFromScores(1, 2, 1, "RFMPKG")).toBe("LOST");
  });

  it("gives OTHERS when nothing matches, with its own label", () => {
    // R 2, F 1, M 3: every rule fails on one bound
    expect(rfmPkgCode(2, 1, 3)).toBe("OTHERS");
    expect(rfmPkgCode(5, 1, 5)).toBe("OTHERS");
    expect(segmentLabel("OTHERS")).toBe(OTHERS_LABEL);
    expect(segmentText("OTHERS", "zh")).toBe("其他客户");
    expect(segmentText("OTHERS", "en")).toBe("Others");
  });
});

describe("labels and scheme codes", () => {
  it("resolves every code to labels.json (W11, CN8, STATUS)", () => {
    expect(schemeCodes("W11")).toEqual(labelSet("W11").map((e) => e.code));
    expect(schemeCodes("CN8")).toEqual(labelSet("CN8").map((e) => e.code));
    expect(schemeCodes("W10")).not.toContain("LOST");
    expect(segmentText("CHAMPIONS", "zh-en")).toBe("冠军客户 Champions");
    expect(segmentText("CN_IMP_VALUE", "zh")).toBe("重要价值客户");
    expect(segmentText("NO_PURCHASE", "zh")).toBe("无有效购买");
    expect(segmentText("", "zh")).toBe("");
  });
});

describe("CN8 (§2.7)", () => {
  it("compares with the exact mean: a value equal to the mean is Low", () => {
    // M mean = (0.05 + 0.01 + 0.09)/3 = 0.05 exactly, but 0.049999999999999996 in binary.
    expect((0.05 + 0.01 + 0.09) / 3).toBeLessThan(0.05);
    // R mean 2, F mean 2. Customer 1: R 1 < 2 High, F 1 Low, M 0.05 = mean Low → 一般发展.
    // Customer 2: R 2 Low, F 2 Low, M Low → 一般挽留. Customer 3: R Low, F High, M High → 重要保持.
    expect(cn8Classify([1, 2, 3], [1, 2, 3], [0.05, 0.01, 0.09])).toEqual(["CN_GEN_DEVELOP", "CN_GEN_WINBACK", "CN_IMP_KEEP"]);
  });

  it("uses Excel MEDIAN with an even count", () => {
    // R median 2.5 → 1, 2 High; F median 2.5 → 3, 4 High; M median 25 → 30, 40 High
    expect(cn8Classify([1, 2, 3, 4], [1, 2, 3, 4], [10, 20, 30, 40], "MEDIAN")).toEqual([
      "CN_GEN_DEVELOP",
      "CN_GEN_DEVELOP",
      "CN_IMP_KEEP",
      "CN_IMP_KEEP",
    ]);
  });

  it("SCOREMEAN on the A.2 metrics", () => {
    const rec = [2, 5, 198, 1, 365, 29, 0, 232, 71, 119];
    const freq = [4, 1, 3, 3, 1, 3, 1, 2, 2, 1];
    const mon = [450, 900, 1250, 105, 60, 2050, 25, 2700, 200, 0];
    // A.2 scores: R 4,4,2,5,1,3,5,1,3,2 (mean 3.0); F 5,1,4,4,1,4,1,3,3,1 (mean 2.7);
    // M 3,4,4,2,2,5,1,5,3,1 (mean 3.0). High = score above the mean score.
    const res = cn8Analyze(rec, freq, mon, "SCOREMEAN");
    expect(res.codes).toEqual([
      "CN_GEN_VALUE", // C01 R4 H, F5 H, M3 L
      "CN_IMP_DEVELOP", // C02 R4 H, F1 L, M4 H
      "CN_IMP_KEEP", // C03 R2 L, F4 H, M4 H
      "CN_GEN_VALUE", // C04 R5 H, F4 H, M2 L
      "CN_GEN_WINBACK", // C05 R1, F1, M2
      "CN_IMP_KEEP", // C06 R3 L, F4 H, M5 H
      "CN_GEN_DEVELOP", // C07 R5 H, F1 L, M1 L
      "CN_IMP_KEEP", // C08 R1 L, F3 H, M5 H
      "CN_GEN_KEEP", // C09 R3 L, F3 H, M3 L
      "CN_GEN_WINBACK", // C10
    ]);
    expect(res.centers.r).toBeCloseTo(3.0, 12);
    expect(res.centers.f).toBeCloseTo(2.7, 12);
    expect(res.centers.m).toBeCloseTo(3.0, 12);
  });

  it("user thresholds are applied as given (strict, recency lower is better)", () => {
    // thresholds R 30 days, F 2, M 100
    expect(cn8Classify([10, 30, 50], [3, 2, 1], [150, 100, 50], [30, 2, 100])).toEqual([
      "CN_IMP_VALUE",
      "CN_GEN_WINBACK",
      "CN_GEN_WINBACK",
    ]);
    // one customer is fine with thresholds
    expect(cn8Classify([10], [3], [150], [30, 2, 100])).toEqual(["CN_IMP_VALUE"]);
  });

  it("negative M is always Low, even above a negative threshold", () => {
    expect(cn8Classify([10], [3], [-50], [30, 2, -100])).toEqual(["CN_GEN_VALUE"]);
    expect(cn8Classify([1, 2, 3], [1, 2, 3], [-10, -20, -90])).toEqual(["CN_GEN_DEVELOP", "CN_GEN_WINBACK", "CN_GEN_KEEP"]);
  });

  it("zero variance or a single customer → UNCLASSIFIED, with the undefined axes", () => {
    expect(cn8Classify([5, 5, 5], [1, 2, 3], [1, 2, 3])).toEqual(["UNCLASSIFIED", "UNCLASSIFIED", "UNCLASSIFIED"]);
    expect(cn8Analyze([5, 5], [1, 1], [1, 2]).undefinedAxes).toEqual(["R", "F"]);
    expect(cn8Analyze([5, 5], [1, 1], [1, 2]).centers).toEqual({ r: null, f: null, m: 1.5 });
    expect(cn8Classify([3], [1], [10], "MEDIAN")).toEqual(["UNCLASSIFIED"]);
    expect(cn8Classify([3, 4], [1, 1], [10, 20], "SCOREMEAN")).toEqual(["UNCLASSIFIED", "UNCLASSIFIED"]);
  });

  it("NO_PURCHASE for frequency ≤ 0 (excluded from the centres), null for missing values", () => {
    // centres over the two buyers only: R mean 15, F mean 2, M mean 150
    expect(cn8Classify([10, null, 20, 400], [3, 2, 1, 0], [200, 5, 100, -30])).toEqual([
      "CN_IMP_VALUE",
      null,
      "CN_GEN_WINBACK",
      "NO_PURCHASE",
    ]);
  });

  it("validates", () => {
    expect(() => cn8Classify([1], [1, 2], [1])).toThrow(CrmError);
    expect(() => cn8Classify([1], [1], [1], "MODE" as never)).toThrow(CrmError);
    expect(() => cn8Classify([1], [1], [1], [1, 2] as never)).toThrow(CrmError);
  });
});
