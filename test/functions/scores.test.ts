/** CRM.RFMSCORE, CRM.RFMSEGMENT and CRM.RFMCN against METHODS.md §2.5–2.8 and Appendix A.2–A.3. */
import "./excel-globals";
import { rfmcn, rfmscore, rfmsegment } from "../../src/functions/rfm";
import { errorCode, flat, OMITTED } from "./fixtures";

const col = (values: unknown[]) => values.map((v) => [v]);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

// Appendix A.2 metrics and scores of C01…C10.
const RECENCY = [2, 5, 198, 1, 365, 29, 0, 232, 71, 119];
const FREQUENCY = [4, 1, 3, 3, 1, 3, 1, 2, 2, 1];
const MONETARY = [450, 900, 1250, 105, 60, 2050, 25, 2700, 200, 0];
const R = [4, 4, 2, 5, 1, 3, 5, 1, 3, 2];
const F = [5, 1, 4, 4, 1, 4, 1, 3, 3, 1];
const M = [3, 4, 4, 2, 2, 5, 1, 5, 3, 1];

describe("CRM.RFMSCORE", () => {
  it("scores the A.2 metrics (QUANTILE, k = 5)", () => {
    expect(flat(rfmscore(col(RECENCY), true))).toEqual(R);
    expect(flat(rfmscore(col(FREQUENCY)))).toEqual(F);
    expect(flat(rfmscore(col(MONETARY), false, 5, "quantile"))).toEqual(M);
  });

  it("reproduces the Appendix A.3 edge cases", () => {
    expect(flat(rfmscore(col([5, 5, 5, 5])))).toEqual([1, 1, 1, 1]);
    expect(flat(rfmscore(col([5, 5, 5, 5]), true))).toEqual([5, 5, 5, 5]);
    expect(flat(rfmscore([[42]]))).toEqual([1]);
    expect(flat(rfmscore([[42]], true))).toEqual([5]);
    expect(flat(rfmscore(col([0, 0, 10, 30, 30, 400]), true))).toEqual([5, 5, 4, 3, 3, 1]);
    expect(flat(rfmscore(col([1, 1, 1, 1, 1, 1, 2, 2, 3, 7])))).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    expect(flat(rfmscore(col(range(10))))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(flat(rfmscore(col(range(7))))).toEqual([1, 1, 2, 3, 4, 5, 5]);
  });

  it("scores with user BREAKS given as text or a range (§2.5: bin = 1 + #{j : x > b_j})", () => {
    // Recency days 10, 30, 31, 200 against 30,60,90,180: bins 1, 1, 2, 5, reversed for recency.
    expect(flat(rfmscore(col([10, 30, 31, 200]), true, null, null, [["30,60,90,180"]]))).toEqual([5, 5, 4, 1]);
    expect(flat(rfmscore(col([1, 2, 3, 8, 9]), false, null, "BREAKS", col([1, 2, 4, 8])))).toEqual([1, 2, 3, 4, 5]);
    expect(errorCode(rfmscore(col([1, 2]), false, null, "QUANTILE", [["1,2"]])[0][0])).toBe("#VALUE!");
    expect(errorCode(rfmscore(col([1, 2]), false, null, "BREAKS")[0][0])).toBe("#NUM!");
    expect(errorCode(rfmscore(col([1, 2]), false, null, "BREAKS", [["5,3"]])[0][0])).toBe("#NUM!");
  });

  it("scores NTILE by position, ties in input order (§2.5: bin = 1 + ⌊k(pos−1)/n⌋)", () => {
    expect(flat(rfmscore(col(range(10)), false, 5, "ntile"))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(flat(rfmscore(col([7, 7, 7, 7]), false, 5, "NTILE"))).toEqual([1, 2, 3, 4]);
  });

  it("takes other bin counts and refuses impossible ones", () => {
    expect(flat(rfmscore(col(range(4)), false, 2))).toEqual([1, 1, 2, 2]);
    expect(errorCode(rfmscore(col(range(4)), false, 1)[0][0])).toBe("#NUM!");
    expect(errorCode(rfmscore(col(range(4)), false, 2.5)[0][0])).toBe("#NUM!");
  });

  it("keeps blanks blank, reads text numbers, and puts a bad cell's #VALUE! in its row only", () => {
    const out = flat(rfmscore(col([1, "", "2", "n/a", null, 3])));
    expect(out[1]).toBe("");
    expect(out[4]).toBe("");
    expect(errorCode(out[3])).toBe("#VALUE!");
    // The three numbers 1, 2, 3 are scored among themselves.
    expect([out[0], out[2], out[5]]).toEqual(flat(rfmscore(col([1, 2, 3]))));
  });
});

describe("CRM.RFMSEGMENT", () => {
  it("gives the A.2 W11 segments (x = FM bin) from the A.2 scores", () => {
    expect(flat(rfmsegment(col(R), col(F), col(M), null, "en"))).toEqual([
      "Loyal Customers",
      "Potential Loyalist",
      "At Risk",
      "Potential Loyalist",
      "Hibernating",
      "Loyal Customers",
      "New Customers",
      "At Risk",
      "Need Attention",
      "Hibernating",
    ]);
    expect(flat(rfmsegment(col(R), col(F), col(M)))[0]).toBe("忠诚客户");
  });

  it("gives the W10 grid (R × F, §2.8.1) and the rfm-package rules (§2.8.3)", () => {
    expect(flat(rfmsegment(col(R), col(F), col(M), "W10", "en"))).toEqual([
      "Loyal Customers",
      "Promising",
      "At Risk",
      "Champions",
      "Hibernating",
      "Loyal Customers",
      "New Customers",
      "At Risk",
      "Need Attention",
      "Hibernating",
    ]);
    expect(flat(rfmsegment(col(R), col(F), col(M), "rfmpkg", "en"))).toEqual([
      "Loyal Customers",
      "Others",
      "Loyal Customers",
      "Others",
      "Lost",
      "Loyal Customers",
      "Potential Loyalist",
      "At Risk",
      "Loyal Customers",
      "About to Sleep",
    ]);
  });

  it("covers the corners of the W11 grid (§2.8.2)", () => {
    const cells: [number, number, number, string][] = [
      [1, 1, 1, "Lost"],
      [1, 5, 5, "Can't Lose Them"],
      [5, 1, 1, "New Customers"],
      [5, 5, 5, "Champions"],
      [3, 1, 2, "About to Sleep"],
      [4, 1, 1, "Promising"],
    ];
    const out = flat(rfmsegment(col(cells.map((c) => c[0])), col(cells.map((c) => c[1])), col(cells.map((c) => c[2])), "W11", "en"));
    expect(out).toEqual(cells.map((c) => c[3]));
  });

  it("leaves blank rows blank and flags bad rows in place", () => {
    const out = flat(rfmsegment(col([5, "", 6, 3, "x"]), col([5, "", 1, "", 1]), col([5, "", 1, 2, 1]), "W11", "en"));
    expect(out[0]).toBe("Champions");
    expect(out[1]).toBe("");
    expect(errorCode(out[2])).toBe("#NUM!");
    expect(errorCode(out[3])).toBe("#VALUE!");
    expect(errorCode(out[4])).toBe("#VALUE!");
    expect(errorCode(rfmsegment(col([1, 2]), col([1]), col([1, 2]))[0][0])).toBe("#VALUE!");
    expect(errorCode(rfmsegment(col([1]), col([1]), col([1]), "CN8")[0][0])).toBe("#VALUE!");
  });
});

describe("CRM.RFMCN", () => {
  const MEAN = [
    "一般价值客户",
    "重要发展客户",
    "重要保持客户",
    "一般价值客户",
    "一般挽留客户",
    "重要价值客户",
    "一般发展客户",
    "重要挽留客户",
    "一般发展客户",
    "一般挽留客户",
  ];
  const MEDIAN = [
    "重要价值客户",
    "重要发展客户",
    "重要保持客户",
    "一般价值客户",
    "一般挽留客户",
    "重要价值客户",
    "一般发展客户",
    "重要挽留客户",
    "一般挽留客户",
    "一般挽留客户",
  ];

  it("gives the A.2 CN8 classes with the mean and the median centre", () => {
    expect(flat(rfmcn(col(RECENCY), col(FREQUENCY), col(MONETARY)))).toEqual(MEAN);
    expect(flat(rfmcn(col(RECENCY), col(FREQUENCY), col(MONETARY), [["median"]]))).toEqual(MEDIAN);
  });

  it("applies three user thresholds as given: the A.2 mean centres reproduce the MEAN classes", () => {
    // A.2 centres (mean): R 102.2 days, F 2.1, M 774.0, as an array constant and as text.
    expect(flat(rfmcn(col(RECENCY), col(FREQUENCY), col(MONETARY), [[102.2, 2.1, 774]]))).toEqual(MEAN);
    expect(flat(rfmcn(col(RECENCY), col(FREQUENCY), col(MONETARY), [["102.2, 2.1, 774"]]))).toEqual(MEAN);
    expect(errorCode(rfmcn(col(RECENCY), col(FREQUENCY), col(MONETARY), [[1, 2]])[0][0])).toBe("#VALUE!");
    expect(errorCode(rfmcn(col(RECENCY), col(FREQUENCY), col(MONETARY), [["middle"]])[0][0])).toBe("#VALUE!");
  });

  it("labels in English, keeps blank rows blank, and is UNCLASSIFIED without variation (§2.7)", () => {
    const en = flat(rfmcn(col([...RECENCY, ""]), col([...FREQUENCY, ""]), col([...MONETARY, ""]), OMITTED, "en"));
    expect(en[0]).toBe("General value");
    expect(en[10]).toBe("");
    const flatData = flat(rfmcn(col([5, 5]), col([1, 1]), col([10, 10]), OMITTED, "en"));
    expect(flatData).toEqual(["Unclassified (no variation)", "Unclassified (no variation)"]);
  });
});
