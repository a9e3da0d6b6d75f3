import { hughesDiscount, hughesTable, type HughesInputs } from "../../../src/core/methods/hughes";
import { SPECIAL, WELDON } from "../../support/hughes-vectors";

const code = (expected: string) => expect.objectContaining({ code: expected });
const whole = (v: number) => Math.round(v);
const round2 = (v: number) => Math.round(v * 100) / 100;
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

describe("CRM.HUGHESDISCOUNT", () => {
  it("D_t = (1 + i·rf)^{(t−1) + delay/365}", () => {
    // 1.096^(30/365), 1.096^(1 + 30/365), 1.096^(2 + 30/365) as printed in §7.6 test vector 2
    expect(round4(hughesDiscount(0.06, 1.6, 1, 30))).toBe(1.0076);
    expect(round4(hughesDiscount(0.06, 1.6, 2, 30))).toBe(1.1043);
    expect(round4(hughesDiscount(0.06, 1.6, 3, 30))).toBe(1.2103);
    expect(hughesDiscount(0.1, 1, 1)).toBe(1);
    expect(hughesDiscount(0.1, 1, 3)).toBeCloseTo(1.21, 12);
  });
  it("validates", () => {
    expect(() => hughesDiscount(0.1, 1, 0)).toThrow(code("NUM"));
    expect(() => hughesDiscount(0.1, 1, 1, -5)).toThrow(code("NUM"));
    expect(() => hughesDiscount(-1, 2, 2)).toThrow(code("NUM"));
    expect(() => hughesDiscount("6%" as unknown as number, 1, 1)).toThrow(code("VALUE"));
  });
});

describe("test vector 1: Weldon Scientific (§7.6, given discount factors)", () => {
  const rows = hughesTable(WELDON);
  const col = (key: keyof (typeof rows)[number], f = whole) => rows.map((r) => f(r[key] as number));

  it("customers, revenue (with the year-3 erratum fixed), costs and gross profit", () => {
    expect(col("total")).toEqual([20000, 12000, 7800]);
    expect(col("revenue")).toEqual([107280000, 174376800, 255696480]);
    expect(col("directCosts")).toEqual([75096000, 113344920, 161088782]);
    expect(col("acquisitionCost")).toEqual([12600000, 0, 0]);
    expect(col("grossProfit")).toEqual([19584000, 61031880, 94607698]);
  });

  it("NPV, cumulative NPV and CLV per acquired customer", () => {
    expect(col("discountFactor", round2)).toEqual([1.13, 1.81, 2.53]);
    expect(col("npvProfit")).toEqual([17330973, 33719271, 37394347]);
    expect(col("cumulativeNpv")).toEqual([17330973, 51050244, 88444591]);
    expect(col("lifetimeValue")).toEqual([867, 2553, 4422]);
  });

  it("accepts T − 1 retention rates (the last year's is unused)", () => {
    const short = hughesTable({ ...WELDON, retention: [0.6, 0.65] });
    expect(short.map((r) => r.lifetimeValue)).toEqual(rows.map((r) => r.lifetimeValue));
    expect(short[2].retentionRate).toBeNaN();
  });
});

describe("test vector 2: Hughes's Special LTV calculator (§7.6)", () => {
  const rows = hughesTable(SPECIAL);

  it("reproduces every printed figure", () => {
    expect(rows.map((r) => whole(r.total))).toEqual([202000, 123624, 89133]);
    expect(rows.map((r) => whole(r.revenue))).toEqual([19998000, 14834880, 13904733]);
    expect(rows.map((r) => whole(r.grossProfit))).toEqual([-248800, 4216306, 4513967]);
    expect(rows.map((r) => round4(r.discountFactor))).toEqual([1.0076, 1.1043, 1.2103]);
    expect(rows.map((r) => whole(r.cumulativeNpv))).toEqual([-246933, 3571186, 7300811]);
    expect(rows.map((r) => round2(r.lifetimeValue))).toEqual([-1.23, 17.86, 36.5]);
  });

  it("year 1 cost lines by hand", () => {
    // referred 1% of 200,000; acquisition on C_1; per-customer 3 + 2 + 4 on 202,000; incentive 15 × 2,000
    const y1 = rows[0];
    expect(y1.referred).toBeCloseTo(2000, 9);
    expect(y1.acquisitionCost).toBe(6400000);
    expect(y1.otherCosts).toBeCloseTo(9 * 202000, 6);
    expect(y1.referralIncentive).toBeCloseTo(30000, 6);
    expect(y1.directCosts).toBeCloseTo(0.6 * 19998000, 6);
  });
});

describe("RATE discounting and validation", () => {
  const simple: HughesInputs = {
    years: 2,
    cohortSize: 100,
    retention: 0.5,
    ordersPerYear: 1,
    avgOrderValue: 10,
    directCostPct: 0,
    discount: { kind: "RATE", rate: 0.1 },
  };
  it("(1+d)^{t−1}: year 1 undiscounted", () => {
    // revenue 1000 then 50 × 10 = 500 / 1.1; LTV = (1000 + 454.545…) / 100
    const rows = hughesTable(simple);
    expect(rows[1].discountFactor).toBeCloseTo(1.1, 12);
    expect(rows[1].lifetimeValue).toBeCloseTo((1000 + 500 / 1.1) / 100, 9);
  });
  it("rejects retention > 1, factors ≤ 0, wrong lengths and bad sizes", () => {
    expect(() => hughesTable({ ...simple, retention: [1.2, 0.5] })).toThrow(code("NUM"));
    expect(() => hughesTable({ ...simple, discount: { kind: "FACTORS", factors: [1, 0] } })).toThrow(code("NUM"));
    expect(() => hughesTable({ ...simple, ordersPerYear: [1, 2, 3] })).toThrow(code("VALUE"));
    expect(() => hughesTable({ ...simple, years: 0 })).toThrow(code("NUM"));
    expect(() => hughesTable({ ...simple, cohortSize: 0 })).toThrow(code("NUM"));
    expect(() => hughesTable({ ...simple, referralRate: -0.1 })).toThrow(code("NUM"));
    expect(() => hughesTable({ ...simple, discount: { kind: "RATE", rate: -1 } })).toThrow(code("NUM"));
  });
});
