/**
 * CRM.CLV, CLVSTREAM, HUGHESDISCOUNT, RETENTION, RETAINED, LIFETIME, NPS, NPSCLASS, AHP and
 * QUADRANT against the test values of METHODS.md §7, §9.5, §10.3, §11.3, §12 and Appendix A.6.
 */
import "./excel-globals";
import { clv, clvstream, hughesdiscount, lifetime, retained, retention } from "../../src/functions/lifetime-value";
import { ahpWeights, npsclass, npsScore, quadrantClass } from "../../src/functions/nps-ahp-quadrant";
import { errorCode, flat, OMITTED } from "./fixtures";

const col = (values: unknown[]) => values.map((v) => [v]);

describe("CRM.CLV (§7.5, A.6)", () => {
  it("gives 266.67, 366.67 with first_now, 212.41 over 5 periods, and Berger–Nasr case 1 322.11", () => {
    expect(clv(100, 0.8, 0.1)).toBeCloseTo(266.67, 2);
    expect(clv(100, 0.8, 0.1, null, null, true)).toBeCloseTo(366.67, 2);
    expect(clv(100, 0.8, 0.1, 5)).toBeCloseTo(212.41, 2);
    expect(clv(100, 0.8, 0.1, 10, null, null, "bn1", 10)).toBeCloseTo(322.11, 2);
  });

  it("reads text numbers and percentages, and subtracts the acquisition cost", () => {
    expect(clv("100", "80%", "10%", "", "66.67")).toBeCloseTo(200, 2);
    expect(clv(100, 1, 0.1)).toBeCloseTo(1000, 9);
  });

  it("returns #NUM! out of range, #VALUE! for text, never throws", () => {
    expect(errorCode(clv(100, 1.2, 0.1))).toBe("#NUM!");
    expect(errorCode(clv(100, 0.8, -1))).toBe("#NUM!");
    expect(errorCode(clv(100, 0.8, 0.1, null, null, null, "BN1"))).toBe("#NUM!");
    expect(errorCode(clv("lots", 0.8, 0.1))).toBe("#VALUE!");
    expect(errorCode(clv(100, 0.8, 0.1, null, null, null, "XYZ"))).toBe("#VALUE!");
    expect(errorCode(clv(null, 0.8, 0.1))).toBe("#VALUE!");
  });
});

describe("CRM.CLVSTREAM (§7.3)", () => {
  const d = 1.1;
  it("discounts period t by (1+d)^t (END) or (1+d)^(t−1) (BEGIN), with survival and acquisition cost", () => {
    expect(clvstream(col([100, 100, 100]), 0.1)).toBeCloseTo(100 / d + 100 / d ** 2 + 100 / d ** 3, 9);
    expect(clvstream([[100, 100, 100]], 0.1, OMITTED, "begin")).toBeCloseTo(100 + 100 / d + 100 / d ** 2, 9);
    expect(clvstream(col([100, 100, 100]), 0.1, col([1, 0.8, 0.64]), null, 50)).toBeCloseTo(100 / d + 80 / d ** 2 + 64 / d ** 3 - 50, 9);
    expect(clvstream(col([100, "", "100"]), 0.1)).toBeCloseTo(100 / d + 100 / d ** 3, 9);
  });

  it("returns #VALUE! for mismatched lengths, #NUM! for d ≤ −1, #N/A for an empty stream", () => {
    expect(errorCode(clvstream(col([100, 100]), 0.1, col([1])))).toBe("#VALUE!");
    expect(errorCode(clvstream(col([100]), -1))).toBe("#NUM!");
    expect(errorCode(clvstream(col(["", ""]), 0.1))).toBe("#N/A");
  });
});

describe("CRM.HUGHESDISCOUNT (§7.6 test vector 2)", () => {
  it("gives D = 1.0076, 1.1043, 1.2103 for i = 6%, rf = 1.6, 30 days' delay", () => {
    expect([1, 2, 3].map((year) => Number((hughesdiscount(0.06, 1.6, year, 30) as number).toFixed(4)))).toEqual([1.0076, 1.1043, 1.2103]);
    expect(hughesdiscount(0.06, 1.6, 1)).toBe(1);
    expect(errorCode(hughesdiscount(0.06, 1.6, 0))).toBe("#NUM!");
  });
});

describe("CRM.RETENTION, CRM.RETAINED, CRM.LIFETIME (§12.2)", () => {
  it("computes (end − new) / start", () => {
    expect(retention(100, 90, 20)).toBeCloseTo(0.7, 12);
    expect(retention(100, 90)).toBeCloseTo(0.9, 12);
    expect(errorCode(retention(0, 5))).toBe("#N/A");
    expect(errorCode(retention(100, 10, 20))).toBe("#NUM!");
  });

  it("computes |A ∩ B| / |A| on ids, blanks ignored, repeats once, numbers and text alike", () => {
    expect(retained(col(["C1", "C2", "C3", "C4", "C2", ""]), col(["C2", "C4", "C5"]))).toBe(0.5);
    expect(retained(col([1001, 1002]), col(["1001"]))).toBe(0.5);
    expect(errorCode(retained(col(["", null]), col(["C1"])))).toBe("#N/A");
  });

  it("gives the expected lifetime 1/(1−r): 5, 10, 20", () => {
    expect(lifetime(0.8)).toBeCloseTo(5, 12);
    expect(lifetime(0.9)).toBeCloseTo(10, 12);
    expect(lifetime("95%")).toBeCloseTo(20, 12);
    expect(errorCode(lifetime(1))).toBe("#NUM!");
    expect(errorCode(lifetime("x"))).toBe("#VALUE!");
  });
});

describe("CRM.NPS and CRM.NPSCLASS (§9.5)", () => {
  const scores = [10, 9, 9, 8, 7, 6, 3, 10, 5, 9];

  it("gives NPS 20 for the §9.5 test scores, as a column or a row, with blanks and text", () => {
    expect(npsScore(col(scores))).toBe(20);
    expect(npsScore([scores])).toBe(20);
    expect(npsScore(col([...scores.map(String), "", null]))).toBe(20);
    // Promoters from 8: six promoters, three detractors.
    expect(npsScore(col(scores), 8)).toBe(30);
  });

  it("returns #NUM! for scores outside 0–10 or fractional, #N/A without respondents", () => {
    expect(errorCode(npsScore(col([10, 11])))).toBe("#NUM!");
    expect(errorCode(npsScore(col([7.5])))).toBe("#NUM!");
    expect(errorCode(npsScore(col(["", ""])))).toBe("#N/A");
    expect(errorCode(npsScore(col(["ten"])))).toBe("#VALUE!");
  });

  it("classes each score, bad scores as errors in their own rows", () => {
    expect(flat(npsclass(col([10, 8, 6, ""])))).toEqual(["推荐者", "被动者", "贬损者", ""]);
    expect(flat(npsclass(col([9, 7, 0]), "en"))).toEqual(["Promoter", "Passive", "Detractor"]);
    const out = flat(npsclass(col([9, 11, "x", 0]), "en"));
    expect([out[0], errorCode(out[1]), errorCode(out[2]), out[3]]).toEqual(["Promoter", "#NUM!", "#VALUE!", "Detractor"]);
  });
});

describe("CRM.AHP (§10.3, A.6)", () => {
  const round = (rows: unknown[][]) => rows.map(([label, v]) => [label, typeof v === "number" ? Number(v.toFixed(4)) : v]);

  it("gives w = (0.6370, 0.2583, 0.1047), λmax 3.0385, CI 0.0193, CR 0.0332, consistent", () => {
    const out = ahpWeights([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(round(out)).toEqual([
      ["w_1", 0.637],
      ["w_2", 0.2583],
      ["w_3", 0.1047],
      ["λmax", 3.0385],
      ["CI", 0.0193],
      ["CR", 0.0332],
      ["Consistent", true],
    ]);
  });

  it("fills blanks below the diagonal, reads judgements typed as text, and outputs weights only on request", () => {
    const upper = [
      [1, 3, 5],
      ["", 1, 3],
      [null, "", 1],
    ];
    expect(flat(ahpWeights(upper, null, null, "weights")).map((w) => Number((w as number).toFixed(4)))).toEqual([0.637, 0.2583, 0.1047]);
    expect(
      round(
        ahpWeights(
          [
            ["1", "2"],
            ["1/2", "1"],
          ],
          "GEOMEAN",
          "CN",
        ),
      ),
    ).toEqual([
      ["w_1", 0.6667],
      ["w_2", 0.3333],
      ["λmax", 2],
      ["CI", 0],
      ["CR", 0],
      ["Consistent", true],
    ]);
  });

  it("still returns weights for an inconsistent matrix, with Consistent FALSE", () => {
    const out = ahpWeights([
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ]);
    expect(out[out.length - 1]).toEqual(["Consistent", false]);
  });

  it("returns #VALUE! for a non-square, non-reciprocal or non-positive matrix", () => {
    expect(
      errorCode(
        ahpWeights([
          [1, 2, 3],
          [0.5, 1, 2],
        ])[0][0],
      ),
    ).toBe("#VALUE!");
    expect(
      errorCode(
        ahpWeights([
          [1, 2],
          [2, 1],
        ])[0][0],
      ),
    ).toBe("#VALUE!");
    expect(
      errorCode(
        ahpWeights([
          [1, -2],
          ["", 1],
        ])[0][0],
      ),
    ).toBe("#VALUE!");
    expect(
      errorCode(
        ahpWeights(
          [
            [1, 2],
            ["", 1],
          ],
          "POWER",
        )[0][0],
      ),
    ).toBe("#VALUE!");
  });
});

describe("CRM.QUADRANT", () => {
  const nsv = [1200, 950, 400, 300, 80, 2000];
  const cts = [100, 400, 60, 250, 70, 150];
  const expected = ["Protect", "Cost engineer", "Build", "Danger zone", "Build", "Cost engineer"];

  it("reproduces the §11.3 profitability matrix test (medians 675 and 125)", () => {
    expect(flat(quadrantClass(col(nsv), col(cts), "profit", null, null, "en"))).toEqual(expected);
    expect(flat(quadrantClass(col(nsv), col(cts), "PROFIT", 675, "125", "en"))).toEqual(expected);
    expect(flat(quadrantClass(col(nsv), col(cts), "PROFIT", "median", "MEDIAN"))[0]).toBe("保护型客户");
  });

  it("uses the scheme's own thresholds by default: satisfaction × loyalty High ⇔ ≥ 4 (§9.4)", () => {
    const out = flat(quadrantClass(col([5, 4, 3, 2]), col([5, 3, 5, 1]), "SATLOY", null, null, "en"));
    expect(out).toEqual(["Loyalist (Apostle)", "Mercenary", "Hostage", "Defector (Terrorist)"]);
  });

  it("keeps blank rows blank and a bad row's error in that row", () => {
    const x = [...nsv, "", "n/a"];
    const y = [...cts, "", 5];
    const out = flat(quadrantClass(col(x), col(y), "PROFIT", 675, 125, "en"));
    expect(out.slice(0, 6)).toEqual(expected);
    expect(out[6]).toBe("");
    expect(errorCode(out[7])).toBe("#VALUE!");
  });

  it("returns #VALUE! for ranges of different length or an unknown scheme, #N/A without data", () => {
    expect(errorCode(quadrantClass(col(nsv), col(cts.slice(1)))[0][0])).toBe("#VALUE!");
    expect(errorCode(quadrantClass(col(nsv), col(cts), "BCG")[0][0])).toBe("#VALUE!");
    expect(errorCode(quadrantClass(col(["", ""]), col(["", ""]))[0][0])).toBe("#N/A");
  });
});
