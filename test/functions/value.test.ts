/** CRM.ABC, CRM.PYRAMID, CRM.PARETO and CRM.WHALE against METHODS.md §3, §5 and Appendix A.4. */
import "./excel-globals";
import { abc, paretoShare, pyramid, whale } from "../../src/functions/value";
import { errorCode, flat, OMITTED } from "./fixtures";

const col = (values: unknown[]) => values.map((v) => [v]);

// Appendix A.4, in customer order C01…C10: net monetary, ABC, pyramid.
const M = [450, 900, 1250, 105, 60, 2050, 25, 2700, 200, 0];
const ABC = ["B", "A", "A", "C", "C", "A", "C", "A", "B", "C"];
const PYRAMID = ["小客户", "小客户", "小客户", "小客户", "小客户", "普通客户", "小客户", "VIP客户", "小客户", "小客户"];

describe("CRM.ABC", () => {
  it("reproduces Appendix A.4 (VALUE, 80/95)", () => {
    expect(flat(abc(col(M)))).toEqual(ABC);
    expect(flat(abc(col(M), 0.8, 0.95, "value", "revenue"))).toEqual(ABC);
  });

  it("reproduces the other A.4 cases, the profit basis giving D", () => {
    expect(flat(abc(col([10, 10, 10])))).toEqual(["A", "A", "A"]);
    expect(flat(abc([[5]]))).toEqual(["A"]);
    expect(flat(abc(col([95, 3, 2])))).toEqual(["A", "C", "C"]);
    expect(flat(abc(col([50, 30, -10, 0, 20])))).toEqual(["A", "A", "C", "C", "B"]);
    expect(flat(abc(col([50, 30, -10, 0, 20]), null, null, null, "PROFIT"))).toEqual(["A", "A", "D", "D", "B"]);
  });

  it("uses COUNT mode with its own default cuts 0.2 / 0.5 (§3.5)", () => {
    // 10 customers ranked by value: A if rank ≤ ⌈0.2·10⌉ = 2, B if rank ≤ ⌈0.5·10⌉ = 5.
    const values = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10];
    expect(flat(abc(col(values), null, null, "COUNT"))).toEqual(["A", "A", "B", "B", "B", "C", "C", "C", "C", "C"]);
  });

  it("keeps blanks blank, flags text in its row, and refuses cuts out of order with #NUM!", () => {
    const out = flat(abc(col([450, "", "abc", "900"])));
    expect(out[1]).toBe("");
    expect(errorCode(out[2])).toBe("#VALUE!");
    expect(out[3]).toBe("A");
    expect(errorCode(abc(col(M), 0.9, 0.8)[0][0])).toBe("#NUM!");
    expect(errorCode(abc(col(M), null, null, "SIZE")[0][0])).toBe("#VALUE!");
  });
});

describe("CRM.PYRAMID", () => {
  it("reproduces Appendix A.4 (1/5/20%)", () => {
    expect(flat(pyramid(col(M)))).toEqual(PYRAMID);
  });

  it("labels in English and with the metal tiers; cuts as text or a range", () => {
    expect(flat(pyramid(col(M), OMITTED, "EN"))[7]).toBe("Top (VIP)");
    expect(flat(pyramid(col(M), OMITTED, "metal"))[7]).toBe("铂金客户");
    expect(flat(pyramid(col(M), OMITTED, "METAL_EN"))[0]).toBe("Lead");
    // Cuts 10/20/50%: ranks ≤ 1 tier 1, ≤ 2 tier 2, ≤ 5 tier 3 (C08, C06, then C03, C02, C01).
    const tiers = [
      "Medium / Ordinary",
      "Medium / Ordinary",
      "Medium / Ordinary",
      "Small",
      "Small",
      "Big / Major",
      "Small",
      "Top (VIP)",
      "Small",
      "Small",
    ];
    expect(flat(pyramid(col(M), [["0.1,0.2,0.5"]], "EN"))).toEqual(tiers);
    expect(flat(pyramid(col(M), [[0.1, 0.2, 0.5]], "EN"))).toEqual(tiers);
  });

  it("puts negative profit in Lead with the metal labels on the profit basis (§5.3)", () => {
    expect(flat(pyramid(col([500, -20, 30]), OMITTED, "METAL_EN", "PROFIT"))).toEqual(["Platinum", "Lead", "Lead"]);
  });

  it("refuses bad cuts with #NUM!", () => {
    expect(errorCode(pyramid(col(M), [["0.2,0.05,0.01"]])[0][0])).toBe("#NUM!");
    expect(errorCode(pyramid(col(M), [["0.01,0.05"]])[0][0])).toBe("#NUM!");
  });
});

describe("CRM.PARETO", () => {
  it("gives the top share of the total (§3.6)", () => {
    // Top ⌈0.2·10⌉ = 2 of A.4: (2700 + 2050) / 7740.
    expect(paretoShare(col(M))).toBeCloseTo(4750 / 7740, 12);
    expect(paretoShare(col([...M, "", null]), "0.5")).toBeCloseTo((2700 + 2050 + 1250 + 900 + 450) / 7740, 12);
  });

  it("returns #N/A when the total is not positive and #NUM! for a bad share", () => {
    expect(errorCode(paretoShare(col([-5, 0, 3])))).toBe("#N/A");
    expect(errorCode(paretoShare([[""]]))).toBe("#N/A");
    expect(errorCode(paretoShare(col(M), 1.5))).toBe("#NUM!");
    expect(errorCode(paretoShare(col([1, "x"])))).toBe("#VALUE!");
  });
});

describe("CRM.WHALE", () => {
  it("gives rank, customer share, cumulative value and cumulative share; A.4's share-before column shifted by one", () => {
    const out = whale(col(M));
    expect(out.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(out.map((r) => r[1])).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(out.map((r) => r[2])).toEqual([2700, 4750, 6000, 6900, 7350, 7550, 7655, 7715, 7740, 7740]);
    // A.4 "share before" of ranks 2…10 is the cumulative share of ranks 1…9.
    const shareBefore = [0.3488, 0.6137, 0.7752, 0.8915, 0.9496, 0.9755, 0.989, 0.9968, 1];
    expect(out.slice(0, 9).map((r) => Number((r[3] as number).toFixed(4)))).toEqual(shareBefore);
  });

  it("shows the whale peak above 100% when the tail loses money (§3.6)", () => {
    const out = whale(col([120, -30, 60, -50]));
    expect(out.map((r) => r[2])).toEqual([120, 180, 150, 100]);
    expect(Math.max(...out.map((r) => r[3] as number))).toBeCloseTo(1.8, 12);
  });

  it("puts #N/A in the share column when the total is not positive, and #N/A for no values", () => {
    const out = whale(col([5, -10]));
    expect(out.map((r) => errorCode(r[3]))).toEqual(["#N/A", "#N/A"]);
    expect(errorCode(whale([[""]])[0][0])).toBe("#N/A");
  });
});
