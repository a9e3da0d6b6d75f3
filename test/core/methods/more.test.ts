import fc from "fast-check";
import { clp } from "../../../src/core/methods/clp";
import { loyaltyIndex } from "../../../src/core/methods/loyalty";
import { profitability } from "../../../src/core/methods/profit";
import { expectedProfitAtRisk, lostClv, profitAtRisk } from "../../../src/core/methods/risk";
import { tx } from "./support";

describe("§12 profit at risk and lost CLV", () => {
  it("sums π over the risk classes, c·CLV, and the CLV of who left", () => {
    const par = profitAtRisk([
      { profit: 100, classes: ["AT_RISK", "STABILITY"] },
      { profit: 50, classes: ["CHAMPIONS", "DECLINE"] },
      { profit: 70, classes: ["CHAMPIONS", "FORMATION"] },
    ]);
    expect(par).toEqual({ total: 150, customers: 2 });
    // 0.2·100 + 0.5·40 = 40.
    expect(expectedProfitAtRisk([0.2, 0.5], [100, 40])).toBeCloseTo(40, 12);
    expect(() => expectedProfitAtRisk([1.5], [1])).toThrow(/between 0 and 1/);
    expect(
      lostClv(
        new Map([
          ["A", 10],
          ["B", 25],
          ["C", 5],
        ]),
        new Set(["A"]),
      ),
    ).toEqual({ total: 30, lost: 2 });
  });
});

describe("§9.3 PCT normalisation", () => {
  it("is PERCENTRANK.INC: 10, 20, 20, 40 → 0, 1/3, 1/3, 1", () => {
    const L = loyaltyIndex([[10], [20], [20], [40]], [1], { normalize: "PCT" });
    [0, 1 / 3, 1 / 3, 1].forEach((want, i) => expect(L[i]! / 100).toBeCloseTo(want, 12));
  });
});

describe("§4.3 CLP wallet gap", () => {
  it("IP = max(0, W − S)·margin·r/(1+d−r) and CLP = HP + CV + IP", () => {
    // asOf 2024-06-30; A bought 200 (cost 120) in the last year: π = 80, S = 200.
    // r = 0.8, d = 0.1 → multiple 0.8/0.3 = 2.6667: CV = 213.33; wallet 500, margin 0.4:
    // IP = 300·0.4·2.6667 = 320; CLP = 80 + 213.33 + 320 = 613.33.
    const t = tx([["A", "1", "2024-06-30", 200, 120]]);
    const a = clp(t, { retention: 0.8, discountRate: 0.1, marginRate: 0.4, wallet: new Map([["A", 500]]) }).customers[0];
    expect([a.hp, a.cv, a.ip, a.ipSource, a.clp]).toEqual([80, 213.33, 320, "WALLET", 613.33]);
  });
});

describe("§11.3 matrix coverage", () => {
  it("property: every customer with rows gets exactly one class, the others none", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom("a", "b", "c", "d", "e"), fc.integer({ min: -100, max: 1000 }), fc.integer({ min: 0, max: 50 })),
          { minLength: 1, maxLength: 40 },
        ),
        (rows) => {
          const t = tx(rows.map(([c, amount], i) => [c, `o${i}`, "2024-01-01", amount] as [string, string, string, number]));
          const r = profitability(t, { ctsColumn: Float64Array.from(rows.map((x) => x[2])) });
          const allowed = ["PM_PROTECT", "PM_COSTENG", "PM_BUILD", "PM_DANGER", "UNCLASSIFIED"];
          expect(r.customers).toHaveLength(new Set(rows.map((x) => x[0])).size);
          for (const c of r.customers) expect(allowed).toContain(c.matrix);
        },
      ),
    );
  });
});
