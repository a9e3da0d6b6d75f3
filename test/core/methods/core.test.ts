import fc from "fast-check";
import { migrationValues } from "../../../src/core/methods/migration";
import { acura } from "../../../src/core/methods/acura";
import { clvParts } from "../../../src/core/methods/clv-parts";
import { clp } from "../../../src/core/methods/clp";
import { eventNpv } from "../../../src/core/methods/event-npv";
import { grade2d } from "../../../src/core/methods/grade2d";
import { defaultLoyaltyWeights, ladder, loyaltyBand, loyaltyIndex } from "../../../src/core/methods/loyalty";
import { estimateMigration } from "../../../src/core/methods/migration-estimate";
import { serviceGap } from "../../../src/core/methods/service";
import { day, tx } from "./support";

describe("§7.7 migration", () => {
  it("reproduces V = (17.82, 9.19, 3.34, −1.26)", () => {
    const v = migrationValues({ purchaseProbs: [0.3, 0.2, 0.15, 0.05], margin: 40, contactCost: 4, discountRate: 0.2 });
    [17.82, 9.19, 3.34, -1.26].forEach((want, k) => expect(v[k]).toBeCloseTo(want, 2));
  });

  it("estimates p_k from quarterly purchases and attaches V to each customer's state", () => {
    // asOf 2024-06-30; 91-day periods back from it: j=0 (Apr–Jun), j=1, j=2, j=3.
    // A buys in j=3, j=2, j=0 → forward periods 0, 1, 3: gap 1 (state 1 at risk, bought), gap 2
    // (states 1, 2 at risk, bought in state 2). B buys in j=3 only → states 1, 2, 3 at risk, no buy.
    // State 1: 3 at risk, 1 bought → 1/3; state 2: 2 at risk, 1 bought → 1/2; state 3: 1 at risk → 0.
    const t = tx([
      ["A", "1", "2023-07-15", 100],
      ["B", "2", "2023-07-20", 50],
      ["A", "3", "2023-10-20", 100],
      ["A", "4", "2024-05-01", 100],
      ["A", "5", "2024-06-30", -20],
    ]);
    const m = estimateMigration(t, { states: 3, margin: 40, discountRate: 0.2 });
    expect(m.probs[0]).toBeCloseTo(1 / 3, 12);
    expect(m.probs[1]).toBeCloseTo(0.5, 12);
    expect(m.probs[2]).toBe(0);
    expect(m.atRisk).toEqual([3, 2, 1]);
    const v = migrationValues({ purchaseProbs: [1 / 3, 0.5, 0], margin: 40, discountRate: 0.2 });
    // A last bought in the latest period (net 80 > 0) → state 1; B is 4 periods out → lost, value 0.
    expect(m.customers).toEqual([
      { id: "A", state: 1, value: v[0] },
      { id: "B", state: null, value: 0 },
    ]);
  });

  it("names the state nobody reached", () => {
    const t = tx([
      ["A", "1", "2024-06-01", 10],
      ["A", "2", "2024-06-30", 10],
    ]);
    expect(() => estimateMigration(t)).toThrow(/recency state 1/);
  });

  // Without contact cost: with a cost, p = 0 everywhere makes V_K (one costly period left before
  // "lost") above V_1 (K costly periods), so the monotony is a property of the rewards, not of p alone.
  it("property: values decrease with the recency state when p_k decreases (no contact cost)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (raw, margin, d) => {
          const probs = [...raw].sort((a, b) => b - a);
          const v = migrationValues({ purchaseProbs: probs, margin, discountRate: d });
          for (let k = 1; k < v.length; k++) expect(v[k]).toBeLessThanOrEqual(v[k - 1] * (1 + 1e-12) + 1e-12);
        },
      ),
    );
  });
});

describe("§7.8 event NPV", () => {
  it("discounts as XNPV from the earliest event: 100 now + 0.5·110 a year later at 10% = 150", () => {
    const r = eventNpv([
      { customer: "A", day: 45000, revenue: 100, cost: 0 },
      { customer: "A", day: 45365, revenue: 130, cost: 20, probability: 0.5 },
      { customer: "B", day: 45365, revenue: 50, cost: 50 },
    ]);
    expect(r.asOf).toBe(45000);
    expect(r.customers[0]).toEqual({ id: "A", npv: expect.closeTo(150, 10), events: 2, first: 45000, last: 45365 });
    expect(r.customers[1].npv).toBe(0);
  });
});

describe("§7.4 CLV components", () => {
  const t = tx([
    ["A", "O1", "2024-01-01", 100, 60],
    ["A", "O1", "2024-01-01", 50, 20],
    ["A", "O2", "2024-02-01", 80, 50],
    ["A", "O3", "2024-03-01", 200, 150],
    ["B", "O4", "2024-03-01", 40, NaN],
  ]);
  const categories = ["shoes", "bags", "shoes", "hats", "hats"];

  it("CLV1 first order, CLV2 known categories, CLV3 new ones; CLV4–6 blank without their inputs", () => {
    // A: O1 = (100−60)+(50−20) = 70; O2 shoes (in O1) 30 → CLV2; O3 hats (new) 50 → CLV3.
    const r = clvParts(t, { category: categories });
    expect(r.customers[0]).toEqual({ id: "A", parts: [70, 30, 50, null, null, null], total: 150 });
    // B: a blank cost counts as 0 → 40.
    expect(r.customers[1]).toEqual({ id: "B", parts: [40, 0, 0, null, null, null], total: 40 });
  });

  it("without categories all later profit is CLV2; referral value = referrals × mean CLV1", () => {
    const r = clvParts(t, { referrals: new Map([["B", 2]]) });
    expect(r.customers[0].parts.slice(0, 3)).toEqual([70, 80, 0]);
    // mean CLV1 = (70 + 40)/2 = 55 → 2 × 55 = 110.
    expect(r.customers[1].parts[4]).toBe(110);
    expect(r.customers[1].total).toBe(150);
  });
});

describe("§9.3 loyalty index and §9.1 ladder", () => {
  it("default weights are the AHP example's global weights", () => {
    const want = [0.1188, 0.2158, 0.0654, 0.2667, 0.1333, 0.0526, 0.0282, 0.0282, 0.0911];
    defaultLoyaltyWeights().forEach((w, j) => expect(w).toBeCloseTo(want[j], 4));
  });

  it("MINMAX with a reverse indicator and a missing value renormalised", () => {
    // Indicator 1 (+): 0, 5, 10 → 0, 0.5, 1. Indicator 2 (−): 1, 3, blank → 1−0 = 1, 1−1 = 0, —.
    // Weights 0.6 / 0.4: row 1 = 100·(0.6·0 + 0.4·1) = 40; row 2 = 100·(0.6·0.5 + 0) = 30;
    // row 3 has 0.6 of 1 (> half) → 100·(0.6·1)/0.6 = 100.
    const L = loyaltyIndex(
      [
        [0, 1],
        [5, 3],
        [10, null],
      ],
      [0.6, 0.4],
      { directions: [1, -1] },
    );
    expect(L[0]).toBeCloseTo(40, 10);
    expect(L[1]).toBeCloseTo(30, 10);
    expect(L[2]).toBeCloseTo(100, 10);
    // More than half the weight missing → blank.
    expect(
      loyaltyIndex(
        [
          [null, 1],
          [1, 2],
        ],
        [0.6, 0.4],
      )[0],
    ).toBeNull();
  });

  it("ZSCORE maps the mean to 50 and is symmetric", () => {
    const L = loyaltyIndex([[1], [2], [3]], [1], { normalize: "ZSCORE" });
    expect(L[1]).toBeCloseTo(50, 6);
    expect(L[0]! + L[2]!).toBeCloseTo(100, 6);
  });

  it("bands and ladder rungs", () => {
    expect([80, 79.9, 60, 40, 39.9].map(loyaltyBand)).toEqual(["LB_HIGH", "LB_LOYAL", "LB_LOYAL", "LB_NEUTRAL", "LB_DISLOYAL"]);
    expect(ladder({ purchases: 0, partner: true })).toBe("PARTNER");
    expect(ladder({ purchases: 3, recencyDays: 181, nps: 10 })).toBe("DORMANT");
    expect(ladder({ purchases: 0 })).toBe("PROSPECT");
    expect(ladder({ purchases: 1, referrals: 1 })).toBe("ADVOCATE");
    expect(ladder({ purchases: 2, loyaltyIndex: 60 })).toBe("SUPPORTER");
    expect(ladder({ purchases: 2, nps: 6 })).toBe("CLIENT");
    expect(ladder({ purchases: 1, nps: 8 })).toBe("CUSTOMER");
  });
});

describe("§6.4 two-dimensional grading", () => {
  it("override, tiers × mid-rank percentiles, negative sales, missing influence", () => {
    // Percentiles of the known influences 10, 90, 20, 50, 95 (n = 5): 0, 75, 25, 50, 100.
    const g = grade2d([12e6, 6e6, 6e6, 2e6, 5e5, -5, 3e6], [10, 90, 20, 50, 95, 40, null]);
    expect(g.map((r) => r.grade)).toEqual(["G_A", "G_A", "G_B", "G_B", "G_B", "G_D", "G_C"]);
    // With 40 included the known set is 10, 90, 20, 50, 95, 40 (n = 6): 50 has 3 below → 100·3/5 = 60.
    expect(g[3].percentile).toBeCloseTo(60, 10);
    expect(g[6]).toEqual({ grade: "G_C", percentile: null, flagged: true });
  });

  it("ties share the mid-rank; n = 1 gives 50", () => {
    expect(grade2d([1, 1], [7, 7]).map((r) => r.percentile)).toEqual([50, 50]);
    expect(grade2d([1], [7])[0].percentile).toBe(50);
  });

  it("property: every customer with sales gets exactly one grade", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -10, max: 2e7 }), fc.option(fc.integer({ min: 0, max: 100 }))), {
          minLength: 1,
          maxLength: 40,
        }),
        (rows) => {
          const g = grade2d(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
          );
          expect(g).toHaveLength(rows.length);
          for (const r of g) expect(["G_A", "G_B", "G_C", "G_D"]).toContain(r.grade);
        },
      ),
    );
  });
});

describe("§13.3 service corridor", () => {
  it("reproduces the METHODS test (width 0.5)", () => {
    const got = serviceGap([4.8, 4.5, 3.0, 2.2, 4.0, 2.5], [3.6, 4.4, 4.2, 2.4, 4.6, 2.0]);
    expect(got).toEqual(["SG_UNDER", "SG_CORRIDOR", "SG_OVER", "SG_CORRIDOR", "SG_OVER", "SG_CORRIDOR"]);
  });

  it("a 10-point scale keeps the width in scale units; competitor performance replaces importance", () => {
    expect(serviceGap([8], [9.2], { scaleMin: 0, scaleMax: 10, width: 1 })).toEqual(["SG_OVER"]);
    expect(serviceGap([5], [3], { competitor: [3.4] })).toEqual(["SG_CORRIDOR"]);
  });
});

describe("§14.3 ACURA", () => {
  it("first match wins; medians over active customers", () => {
    const got = acura([
      { segment: null, stage: null, purchases: 0 },
      { segment: "NEW", stage: "DECLINE", lapsed: true, purchases: 1 },
      { segment: "AT_RISK", stage: "STABILITY", purchases: 3 },
      { segment: "CHAMPIONS", stage: "STABILITY", purchases: 5, nps: 9 },
      { segment: "CHAMPIONS", stage: "STABILITY", purchases: 5, nps: 5, categories: 1, aov: 10 },
      { segment: "NEED_ATTENTION", stage: "FORMATION", purchases: 2, categories: 3, aov: 5 },
      { segment: "NEED_ATTENTION", stage: "FORMATION", purchases: 2, categories: 3, aov: 50 },
    ]);
    // Category median over active rows with categories (1, 3, 3) = 3; AOV median (10, 5, 50) = 10.
    expect(got).toEqual(["ACURA_ACQUIRE", "ACURA_ACQUIRE", "ACURA_RETAIN", "ACURA_ADVOCACY", "ACURA_CROSS", "ACURA_UP", "ACURA_CROSS"]);
  });
});

describe("§4.3 CLP", () => {
  it("HP, CV = π, trend IP and the value matrix", () => {
    // asOf 2024-06-30. A: 100 two years back window (S0), 300 last year (S1) → IP = (300−100)/100 = 2.
    // B: 500 last year only → S0 = 0 → IP = 500/ε large. C: 50 last year and 200 before → IP 0.
    const t = tx([
      ["A", "1", "2023-03-01", 100],
      ["A", "2", "2024-03-01", 300],
      ["B", "3", "2024-06-30", 500],
      ["C", "4", "2023-05-01", 200],
      ["C", "5", "2024-01-01", 50],
    ]);
    const r = clp(t);
    expect(r.customers.map((c) => [c.id, c.hp, c.cv, c.ipSource])).toEqual([
      ["A", 400, 300, "TREND"],
      ["B", 500, 500, "TREND"],
      ["C", 250, 50, "TREND"],
    ]);
    expect(r.customers[0].ip).toBeCloseTo(2, 12);
    expect(r.customers[2].ip).toBe(0);
    // Medians: CV 300, IP 2 → A (300, 2) is Low/Low; B High/High; C Low/Low.
    expect(r.customers.map((c) => c.valueClass)).toEqual(["VM_I", "VM_IV", "VM_I"]);
    expect(day("2024-06-30")).toBe(r.asOf);
  });
});
