/** The further-method functions (src/functions/methods.ts): spec vectors and §1.6 errors. */
import "./excel-globals";
import {
  acuraAction,
  clvpart,
  eventnpv,
  grade2dClass,
  ladderLabel,
  loyaltyindex,
  migration,
  servicegap,
} from "../../src/functions/methods";
import { errorCode, flat, OMITTED } from "./fixtures";

describe("CRM.MIGRATION", () => {
  it("gives V = (17.82, 9.19, 3.34, −1.26) as a column", () => {
    const v = flat(migration([[0.3, 0.2, 0.15, 0.05]], 40, 4, 0.2)) as number[];
    [17.82, 9.19, 3.34, -1.26].forEach((want, k) => expect(v[k]).toBeCloseTo(want, 2));
  });

  it("#NUM! for a probability above 1, #VALUE! for text, #N/A for none", () => {
    expect(errorCode(migration([[1.2]], 40)[0][0])).toBe("#NUM!");
    expect(errorCode(migration([["x"]], 40)[0][0])).toBe("#VALUE!");
    expect(errorCode(migration([[""]], 40)[0][0])).toBe("#N/A");
  });
});

describe("aligned functions", () => {
  it("SERVICEGAP: a bad row errs alone; lengths must match", () => {
    const out = flat(servicegap([[4.8], ["high"], [3]], [[3.6], [4], [4.2]], OMITTED, OMITTED, OMITTED, "en"));
    expect(out[0]).toBe("Under-performance");
    expect(errorCode(out[1])).toBe("#VALUE!");
    expect(out[2]).toBe("Over-performance");
    expect(errorCode(servicegap([[1], [2]], [[1]])[0][0])).toBe("#VALUE!");
    expect(errorCode(servicegap([[1]], [[1]], -1)[0][0])).toBe("#NUM!");
  });

  it("GRADE2D: blank sales stay blank; breaks given as text; descending breaks are #NUM!", () => {
    expect(flat(grade2dClass([[""], [2e6]], [[50], [50]], OMITTED, [["1000000,3000000"]]))).toEqual(["", "B"]);
    expect(errorCode(grade2dClass([[1]], [[1]], OMITTED, [["5,1"]])[0][0])).toBe("#NUM!");
  });

  it("LOYALTYINDEX: weights of the wrong count are #VALUE!; a blank row stays blank", () => {
    expect(errorCode(loyaltyindex([[1, 2]], [[1]])[0][0])).toBe("#VALUE!");
    expect(flat(loyaltyindex([[1], [""], [3]], [[1]]))).toEqual([0, "", 100]);
  });

  it("LADDER and ACURA in Chinese by default; unknown segment labels are #VALUE!", () => {
    expect(flat(ladderLabel([[1], [2]]))).toEqual(["顾客", "客户"]);
    expect(flat(acuraAction([["LOST"]], [["DECLINE"]], [[1]]))).toEqual(["挽留客户"]);
    expect(errorCode(acuraAction([["Somebody"]], [["DECLINE"]], [[1]])[0][0])).toBe("#VALUE!");
  });
});

describe("aggregating functions", () => {
  it("EVENTNPV: one row per customer in order of first appearance, numbers stay numbers", () => {
    const out = eventnpv([[7], ["B"], [7]], [[45000], [45000], [45365]], [[100], [10], [110]], [[0], [0], [0]], OMITTED, 0.1);
    expect(out[0]).toEqual(["CustomerID", "NPV", "Events", "First", "Last"]);
    expect(out[1][0]).toBe(7);
    expect(out[1][1]).toBeCloseTo(200, 10);
    expect(out[2]).toEqual(["B", 10, 1, 45000, 45000]);
    expect(errorCode(eventnpv([[""]], [[""]], [[""]], [[""]])[0][0])).toBe("#N/A");
    expect(errorCode(eventnpv([["A"]], [[45000]], [[1]], [[0]], [[2]])[0][0])).toBe("#NUM!");
  });

  it("CLVPART: Chinese header by default; without costs profit is the amount; CLV4–6 blank", () => {
    const out = clvpart([["A"], ["A"]], [[45292], [45300]], [[100], [50]]);
    expect(out[0][0]).toBe("客户编号");
    expect(out[1]).toEqual(["A", 100, 50, 0, "", "", "", 150]);
  });
});
