import { CrmError } from "../../../src/core/errors";
import { summarize } from "../../../src/core/segment/summary";
import type { Transactions } from "../../../src/core/types";

type Row = [customer: string, order: string | null, day: number, amount: number, cost?: number];

function tx(rows: Row[], withOrder = true, withCost = false): Transactions {
  return {
    customer: rows.map((r) => r[0]),
    order: withOrder ? rows.map((r) => r[1] ?? "") : undefined,
    day: Float64Array.from(rows.map((r) => r[2])),
    amount: Float64Array.from(rows.map((r) => r[3])),
    cost: withCost ? Float64Array.from(rows.map((r) => r[4] ?? NaN)) : undefined,
    sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
  };
}

describe("summarize (§1.2)", () => {
  it("merges the lines of an order, adjacent or not, dating it by its earliest line", () => {
    const s = summarize(
      tx([
        ["A", "O1", 100, 10],
        ["B", "O9", 101, 5],
        ["A", "O1", 103, 20],
        ["A", "O2", 110, 7],
      ]),
    );
    const a = s.customers[0];
    // O1 = 10 + 20 dated day 100; O2 = 7 on day 110; asOf = 110
    expect(a).toMatchObject({ id: "A", orders: 2, purchases: 2, first: 100, last: 110, monetary: 37, recencyDays: 0, tenureDays: 10 });
  });

  it("never merges two customers that reuse an order id", () => {
    const s = summarize(
      tx([
        ["A", "X1", 100, 10],
        ["B", "X1", 100, 20],
        ["A", "X1", 101, 5],
      ]),
    );
    expect(s.customers.map((c) => [c.id, c.orders, c.purchases, c.monetary])).toEqual([
      ["A", 1, 1, 15],
      ["B", 1, 1, 20],
    ]);
  });

  it("treats each row as an order without an order column, and for blank order ids", () => {
    const rows: Row[] = [
      ["A", null, 100, 60],
      ["A", null, 105, -60],
      ["A", null, 105, 30],
    ];
    for (const s of [summarize(tx(rows, false)), summarize(tx(rows, true))]) {
      // three orders; the −60 row is a return, not a purchase; M = 60 − 60 + 30
      expect(s.customers[0]).toMatchObject({ orders: 3, purchases: 2, monetary: 30, first: 100, last: 105 });
    }
  });

  it("counts a purchase only when the order's net value is positive after rounding", () => {
    const s = summarize(
      tx([
        ["A", "O1", 100, 0.004],
        ["A", "O2", 101, 0.005],
        ["B", "O3", 101, 60],
        ["B", "O3", 101, -60],
      ]),
    );
    // O1 rounds to 0.00 (no purchase), O2 rounds half away from zero to 0.01
    expect(s.customers[0]).toMatchObject({ orders: 2, purchases: 1, first: 101, monetary: 0.01, active: true });
    // B: a fully returned order is no purchase → NO_PURCHASE, still listed
    expect(s.customers[1]).toMatchObject({ orders: 1, purchases: 0, first: null, last: null, recencyDays: null, active: false });
  });

  it("defaults asOf to the latest date, and ignores and counts rows after asOf and before `from`", () => {
    const rows: Row[] = [
      ["A", "O1", 100, 10],
      ["B", "O2", 150, 10],
      ["A", "O3", 200, 10],
      ["C", "O4", 210, 10],
    ];
    expect(summarize(tx(rows)).asOf).toBe(210);
    const s = summarize(tx(rows), { asOf: 180, from: 120 });
    expect(s).toMatchObject({ asOf: 180, futureRows: 2, beforeWindowRows: 1 });
    // Every customer stays listed in order of first appearance; A and C have nothing in the window.
    expect(s.customers.map((c) => [c.id, c.active, c.monetary])).toEqual([
      ["A", false, 0],
      ["B", true, 10],
      ["C", false, 0],
    ]);
    // Ignored rows still map to their customer.
    expect(Array.from(s.rowCustomer)).toEqual([0, 1, 0, 2]);
    expect(s.customers[1]).toMatchObject({ recencyDays: 30, tenureDays: 30 });
  });

  it("drops the time of day", () => {
    const s = summarize(
      tx([
        ["A", "O1", 100.75, 10],
        ["A", "O2", 105.2, 10],
      ]),
    );
    expect(s.asOf).toBe(105);
    expect(s.customers[0]).toMatchObject({ first: 100, last: 105, recencyDays: 0 });
  });

  it("nets returns into monetary and rounds it", () => {
    const s = summarize(
      tx([
        ["A", "O1", 100, 0.1],
        ["A", "O1", 100, 0.2],
        ["A", "R1", 101, -0.05],
      ]),
    );
    expect(s.customers[0].monetary).toBe(0.25);
  });

  it("computes gross profit from cost (blank cost = zero cost), NaN without a cost column", () => {
    const rows: Row[] = [
      ["A", "O1", 100, 100, 60],
      ["A", "O2", 101, 50],
      ["A", "R1", 102, -20, -12],
    ];
    // (100 − 60) + (50 − 0) + (−20 − (−12)) = 82
    expect(summarize(tx(rows, true, true)).customers[0].grossProfit).toBe(82);
    expect(summarize(tx(rows, true, false)).customers[0].grossProfit).toBeNaN();
  });

  it("handles empty input", () => {
    const s = summarize(tx([]));
    expect(s.customers).toEqual([]);
    expect(s.asOf).toBeNaN();
    expect(s.rowCustomer).toHaveLength(0);
  });

  it("rejects columns of different length", () => {
    const t = tx([["A", "O1", 100, 10]]);
    t.amount = new Float64Array(2);
    expect(() => summarize(t)).toThrow(CrmError);
  });

  it("keeps many customers and orders apart (hash index growth)", () => {
    const rows: Row[] = [];
    for (let i = 0; i < 5000; i++) rows.push([`C${i % 1700}`, `O${i % 2500}`, 100 + (i % 7), 1]);
    const s = summarize(tx(rows));
    expect(s.customers).toHaveLength(1700);
    // Order O(j) holds rows j and j + 2500; their customers j % 1700 and (j + 2500) % 1700 differ
    // (2500 is not a multiple of 1700), so every row is its own (customer, order) pair.
    expect(s.customers.reduce((t, c) => t + c.orders, 0)).toBe(5000);
    expect(s.customers[0].id).toBe("C0");
  });
});
