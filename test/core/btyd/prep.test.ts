import { compressTriples, DAYS_PER_MONTH, daysPerUnit, prepareTransactions, summaryFromArrays } from "../../../src/core/btyd/prep";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { CrmError } from "../../../src/core/errors";
import { readCdnowTransactions, readNumericCsv } from "./cdnow";

const D = (m: number, d: number) => dayFromYMD(2024, m, d);

function thrown(f: () => unknown): CrmError {
  try {
    f();
  } catch (e) {
    if (e instanceof CrmError) return e;
    throw e;
  }
  throw new Error("expected a CrmError");
}

function small() {
  // A: two rows on Jan 1 (merged), Jan 8, Jan 22; holdout Feb 5; Apr 1 after the holdout end.
  // B: one purchase on the calibration end. C: first purchase after it. D: a purchase, then a return
  // on another day (a return day, not a repeat purchase). E: a return only.
  const rows: [string, number, number][] = [
    ["A", D(1, 1), 10],
    ["B", D(1, 29), 7],
    ["A", D(1, 8), 20],
    ["A", D(1, 1), 5],
    ["C", D(2, 1), 9],
    ["A", D(1, 22), 30],
    ["D", D(1, 11), 12],
    ["A", D(2, 5), 40],
    ["D", D(1, 16), -5],
    ["E", D(1, 5), -8],
    ["A", D(4, 1), 50],
  ];
  return {
    customer: rows.map((r) => r[0]),
    day: Float64Array.from(rows.map((r) => r[1])),
    amount: Float64Array.from(rows.map((r) => r[2])),
  };
}

describe("prepareTransactions", () => {
  test("hand-computed summaries (weeks; calibration end Jan 29 inclusive, holdout to Feb 26)", () => {
    const p = prepareTransactions(small(), { calibrationEnd: D(1, 29), holdoutEnd: D(2, 26), unit: "week" });
    expect(p.id).toEqual(["A", "B", "D"]);
    expect(Array.from(p.x)).toEqual([2, 0, 0]); // A: 3 purchase days (Jan 1 counted once) → 2 repeats; D: the return is no purchase
    expect(Array.from(p.tx)).toEqual([3, 0, 0]); // A: Jan 1 → Jan 22 = 21 days
    expect(Array.from(p.T)).toEqual([4, 0, 18 / 7]); // A: Jan 1 → Jan 29 = 28 days; D: Jan 11 → Jan 29
    expect(Array.from(p.meanSpend)).toEqual([25, 0, 0]); // A: (20 + 30) / 2, first day excluded
    expect(Array.from(p.xStar!)).toEqual([1, 0, 0]);
    expect(p.excluded).toEqual({ firstAfterCalibration: 1, onlyReturns: 1 });
    expect(p.returnDays).toBe(2); // D on Jan 16, E on Jan 5
    expect(p.rowsMerged).toBe(1);
    expect(p.rowsAfterEnd).toBe(1);
    expect(p.holdoutLength).toBe(4);
  });

  test("time units: day, month = 365.25/12 days exactly, or days per unit", () => {
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(daysPerUnit("day")).toBe(1);
    expect(daysPerUnit(14)).toBe(14);
    const m = prepareTransactions(small(), { calibrationEnd: D(1, 29), unit: "month" });
    expect(m.T[0]).toBeCloseTo(28 / 30.4375, 15);
    expect(m.xStar).toBeUndefined();
    const d = prepareTransactions(small(), { calibrationEnd: D(1, 29), unit: "day" });
    expect(d.tx[0]).toBe(21);
    expect(() => daysPerUnit(0)).toThrow(CrmError);
  });

  test("a calibration end before the first purchase is an error naming both dates", () => {
    const error = thrown(() => prepareTransactions(small(), { calibrationEnd: D(1, 1) - 3 }));
    expect(error.code).toBe("NA");
    expect(error.message).toMatch(/2023-12-29.*2024-01-01/);
  });

  test("a holdout end not after the calibration end is rejected", () => {
    expect(() => prepareTransactions(small(), { calibrationEnd: D(1, 29), holdoutEnd: D(1, 29) })).toThrow(/holdout end/);
  });

  test("CDNOW raw transactions reproduce the published summary (BTYD's cal.cbs) customer by customer", () => {
    const p = prepareTransactions(readCdnowTransactions(), {
      calibrationEnd: dayFromYMD(1997, 9, 30),
      holdoutEnd: dayFromYMD(1998, 6, 30),
      unit: "week",
    });
    const s = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
    expect(p.id.length).toBe(2357);
    expect(p.rowsMerged).toBe(6919 - 6696); // README: same-day merge 6,919 → 6,696 rows
    expect(p.T[0]).toBeCloseTo(38.857, 3); // first purchase 1997-01-01
    let holdout = 0;
    for (let i = 0; i < 2357; i++) {
      expect(p.x[i]).toBe(s["x"][i]);
      expect(p.tx[i]).toBeCloseTo(s["t.x"][i], 10);
      expect(p.T[i]).toBeCloseTo(s["T.cal"][i], 10);
      expect(p.xStar![i]).toBe(s["x.star"][i]);
      expect(p.meanSpend[i]).toBeCloseTo(s["m.x"][i], 8);
      holdout += p.xStar![i];
    }
    expect(holdout).toBe(1882);
  });
});

describe("summaryFromArrays", () => {
  test("checks consistency and names the customer", () => {
    expect(() => summaryFromArrays({ x: [1, 2.5], tx: [1, 1], T: [2, 2] })).toThrow(/customer 2: x must be a whole number/);
    expect(() => summaryFromArrays({ x: [1], tx: [3], T: [2] })).toThrow(/0 ≤ t_x ≤ T/);
    expect(() => summaryFromArrays({ x: [0], tx: [1], T: [2] })).toThrow(/t_x must be 0 when x = 0/);
    expect(() => summaryFromArrays({ x: [1, 2], tx: [1], T: [2, 2] })).toThrow(/same length/);
    const s = summaryFromArrays({ x: [1, 0], tx: [1, 0], T: [2, 3] });
    expect(s.id).toEqual(["1", "2"]);
    expect(Array.from(s.meanSpend)).toEqual([0, 0]);
  });
});

describe("compressTriples", () => {
  test("unique triples in ascending order with counts, and the row → triple map", () => {
    const c = compressTriples({ x: [2, 0, 2, 1, 0, 2], tx: [3, 0, 3, 1, 0, 1], T: [5, 4, 5, 5, 4, 5] });
    expect(Array.from(c.x)).toEqual([0, 1, 2, 2]);
    expect(Array.from(c.tx)).toEqual([0, 1, 1, 3]);
    expect(Array.from(c.weight)).toEqual([2, 1, 1, 2]);
    expect(Array.from(c.index)).toEqual([3, 0, 3, 1, 0, 2]);
    expect(c.customers).toBe(6);
    expect(Array.from(c.xValues)).toEqual([0, 1, 2]);
    expect(Array.from(c.groupStart)).toEqual([0, 1, 2, 4]);
  });

  test("weights add up, −0 equals 0, and the result does not depend on row order", () => {
    const a = compressTriples({ x: [1, 1, 0], tx: [2, 2, -0], T: [3, 3, 0], weight: [2, 5, 1] });
    const b = compressTriples({ x: [0, 1, 1], tx: [0, 2, 2], T: [0, 3, 3], weight: [1, 5, 2] });
    expect(Array.from(a.weight)).toEqual([1, 7]);
    expect(Array.from(b.weight)).toEqual([1, 7]);
    expect(Array.from(a.tx)).toEqual(Array.from(b.tx));
  });
});
