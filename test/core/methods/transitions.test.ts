import fc from "fast-check";
import { lifecycleTransitions, segmentTransitions } from "../../../src/core/methods/transitions";
import { profitability } from "../../../src/core/methods/profit";
import { A1, transactionsOf } from "../../support/appendix-a";
import { day, tx } from "./support";

describe("§8 lifecycle transitions", () => {
  it("stages at two dates and the matrix (hand case)", () => {
    // compare 2024-03-31, as-of 2024-06-30 (E 90, W 180, H 180).
    // X: bought 2024-01-01 → at 03-31 N 1, R 90 → EXPLORATION; at 06-30 N 2, T 181 < 2W → FORMATION.
    // Y: bought 2023-01-01 → R 455 / 546 > H → DECLINE at both. Z: first row 2024-05-01 → entered.
    const t = tx([
      ["X", "1", "2024-01-01", 100],
      ["Y", "2", "2023-01-01", 100],
      ["Z", "3", "2024-05-01", 100],
      ["X", "4", "2024-06-01", 100],
    ]);
    const r = lifecycleTransitions(t, day("2024-03-31"), { asOf: day("2024-06-30") });
    expect(r.customers).toEqual([
      { id: "X", from: "EXPLORATION", to: "FORMATION" },
      { id: "Y", from: "DECLINE", to: "DECLINE" },
      { id: "Z", from: null, to: "EXPLORATION" },
    ]);
    const { codes, counts, shares, both, entered } = r.matrix;
    expect([both, entered]).toEqual([2, 1]);
    expect(counts[codes.indexOf("EXPLORATION")][codes.indexOf("FORMATION")]).toBe(1);
    expect(counts[codes.indexOf("DECLINE")][codes.indexOf("DECLINE")]).toBe(1);
    expect(shares[codes.indexOf("EXPLORATION")][codes.indexOf("FORMATION")]).toBe(1);
    expect(shares[codes.indexOf("STABILITY")].every((s) => s === null)).toBe(true);
  });

  it("refuses a comparison date that is not earlier", () => {
    expect(() => lifecycleTransitions(transactionsOf(A1), day("2024-06-30"))).toThrow(/before/);
  });

  const rowsArb = fc.array(
    fc.tuple(fc.constantFrom("a", "b", "c", "d", "e", "f"), fc.integer({ min: 0, max: 900 }), fc.integer({ min: -50, max: 500 })),
    { minLength: 1, maxLength: 60 },
  );

  it("property: matrix rows sum to the customers present at both dates, and each customer is counted once", () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 899 }), (rows, cut) => {
        const t = {
          customer: rows.map((r) => r[0]),
          day: Float64Array.from(rows.map((r) => 45000 + r[1])),
          amount: Float64Array.from(rows.map((r) => r[2])),
          sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
        };
        const last = Math.max(...rows.map((r) => r[1]));
        if (cut >= last) return;
        for (const r of [lifecycleTransitions(t, 45000 + cut), segmentTransitions(t, 45000 + cut, { scheme: "CN8" })]) {
          const present = new Set(rows.filter((x) => x[1] <= cut).map((x) => x[0]));
          const rowSums = r.matrix.counts.map((row) => row.reduce((s, v) => s + v, 0));
          expect(rowSums.reduce((s, v) => s + v, 0)).toBe(present.size);
          expect(r.matrix.both).toBe(present.size);
          r.matrix.codes.forEach((code, i) => expect(rowSums[i]).toBe(r.customers.filter((c) => c.from === code).length));
          expect(r.matrix.entered + r.matrix.both).toBe(new Set(rows.map((x) => x[0])).size);
        }
      }),
    );
  });
});

describe("§11 profitability cascade and matrix", () => {
  it("reproduces the §11.3 PROFIT test through a cost-to-serve column", () => {
    const nsv = [1200, 950, 400, 300, 80, 2000];
    const cts = [100, 400, 60, 250, 70, 150];
    const t = tx(nsv.map((v, i) => [`C${i}`, `O${i}`, "2024-01-01", v] as [string, string, string, number]));
    const r = profitability(t, { ctsColumn: Float64Array.from(cts) });
    expect([r.xCut, r.yCut]).toEqual([675, 125]);
    expect(r.customers.map((c) => c.matrix)).toEqual(["PM_PROTECT", "PM_COSTENG", "PM_BUILD", "PM_DANGER", "PM_BUILD", "PM_COSTENG"]);
  });

  it("cascade with discounts, cost and cost to serve allocated by orders, lines and revenue", () => {
    // A: 2 orders, 3 lines, NSV 100+50+150 = 300, discounts 20+0+10 = 30, cost 60+30+90 = 180.
    // B: 1 order, 1 line, NSV 100, discount 0, cost 40. C: a return only: NSV −20, cost −10.
    const t = tx([
      ["A", "O1", "2024-01-01", 100, 60],
      ["A", "O1", "2024-01-01", 50, 30],
      ["B", "O2", "2024-02-01", 100, 40],
      ["A", "O3", "2024-03-01", 150, 90],
      ["C", "R1", "2024-03-02", -20, -10],
    ]);
    const discount = Float64Array.from([20, NaN, 0, 10, 0]);
    const byOrders = profitability(t, { discount, ctsDriver: "ORDERS", ctsPool: 80 });
    const a = byOrders.customers[0];
    // GSV = 300 + 30; gross = 300 − 180 = 120; orders 2 + 1 + 1 = 4 → A gets 80·2/4 = 40; net 80.
    expect([a.gsv, a.discounts, a.nsv, a.cogs, a.grossProfit, a.costToServe, a.netProfit]).toEqual([330, 30, 300, 180, 120, 40, 80]);
    expect(a.grossMargin).toBeCloseTo(0.4, 12);
    expect(a.netMargin).toBeCloseTo(80 / 300, 12);
    expect(byOrders.customers[2]).toMatchObject({ nsv: -20, grossProfit: -10, costToServe: 20, netProfit: -30, netReturns: true });
    // Lines 3 + 1 + 1 = 5 → A 80·3/5 = 48. Revenue share (positive NSV only) 300/400 → 60, C 0.
    expect(profitability(t, { ctsDriver: "LINES", ctsPool: 80 }).customers[0].costToServe).toBe(48);
    const byRevenue = profitability(t, { ctsDriver: "REVENUE", ctsPool: 80 }).customers;
    expect(byRevenue.map((c) => c.costToServe)).toEqual([60, 20, 0]);
    // Without discounts GSV = NSV; without cost to serve, no matrix.
    const plain = profitability(t);
    expect(plain.noDiscount).toBe(true);
    expect(plain.customers.map((c) => [c.gsv, c.costToServe, c.matrix])).toEqual([
      [300, null, null],
      [100, null, null],
      [-20, null, null],
    ]);
  });

  it("SHAPIRO uses the net price index NSV/GSV", () => {
    // Price index A 300/330 = 0.909, B 1, C: GSV −20 → no index, no class. Median index 0.9545, CTS median 40.
    const t = tx([
      ["A", "1", "2024-01-01", 300],
      ["B", "2", "2024-01-01", 100],
      ["C", "3", "2024-01-01", -20],
    ]);
    const r = profitability(t, { discount: Float64Array.from([30, 0, 0]), ctsColumn: Float64Array.from([50, 30, 5]), scheme: "SHAPIRO" });
    expect(r.customers.map((c) => c.matrix)).toEqual(["SH_AGGRESSIVE", "SH_PASSIVE", null]);
  });

  it("allocates in whole cents that add up to the total (largest remainder)", () => {
    // 100 over three equal orders: 33.333… each → 33.33 ×3 = 99.99; the one cent left goes to the
    // first customer (equal remainders): 33.34, 33.33, 33.33.
    const t = tx([
      ["A", "1", "2024-01-01", 1],
      ["B", "2", "2024-01-01", 1],
      ["C", "3", "2024-01-01", 1],
    ]);
    expect(profitability(t, { ctsDriver: "ORDERS", ctsPool: 100 }).customers.map((c) => c.costToServe)).toEqual([33.34, 33.33, 33.33]);
  });

  it("refuses a driver without a total", () => {
    expect(() => profitability(tx([["A", "1", "2024-01-01", 1]]), { ctsDriver: "ORDERS" })).toThrow(/total/);
  });
});
