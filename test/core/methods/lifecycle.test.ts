import { lapsedLabel, lifecycle, lifecycleLabel } from "../../../src/core/methods/lifecycle";
import type { Transactions } from "../../../src/core/types";
import { A1, A5_EXTRA, transactionsOf } from "../../support/appendix-a";

const code = (expected: string) => expect.objectContaining({ code: expected });

/** Day number (days since 1899-12-30) computed with Date.UTC, independently of dates.ts. */
const day = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000;

type Row = [customer: string, order: string, date: string | number, amount: number];

function tx(rows: Row[], withOrders = true): Transactions {
  return {
    customer: rows.map((r) => r[0]),
    order: withOrders ? rows.map((r) => r[1]) : undefined,
    day: Float64Array.from(rows.map((r) => (typeof r[2] === "number" ? r[2] : day(r[2])))),
    amount: Float64Array.from(rows.map((r) => r[3])),
    sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
  };
}

const A5 = transactionsOf([...A1, ...A5_EXTRA]);

describe("Appendix A.5 (E = 90, W = 180, H = 180, g_up = +0.20, g_down = −0.30)", () => {
  const result = lifecycle(A5);

  it("as-of 2024-06-30", () => {
    expect(result.asOf).toBe(day("2024-06-30"));
    expect(result.hiatusDays).toBe(180);
  });

  it("reproduces every row: N, R, T, S1, S0, stage and the lapsed flag", () => {
    const table = result.customers.map((c) => [c.id, c.purchases, c.recencyDays, c.tenureDays, c.s1, c.s0, c.stage, c.lapsed]);
    expect(table).toEqual([
      ["C01", 4, 2, 177, 450, 0, "FORMATION", false],
      ["C02", 1, 5, 5, 900, 0, "EXPLORATION", false],
      ["C03", 3, 198, 334, 0, 1250, "DECLINE", false],
      ["C04", 3, 1, 31, 105, 0, "EXPLORATION", false],
      ["C05", 1, 365, 365, 0, 0, "DECLINE", true],
      ["C06", 3, 29, 150, 2050, 0, "FORMATION", false],
      ["C07", 1, 0, 0, 25, 0, "EXPLORATION", false],
      ["C08", 2, 232, 295, 0, 2700, "DECLINE", false],
      ["C09", 2, 71, 162, 200, 0, "FORMATION", false],
      ["C10", 1, 119, 119, 0, 0, "EXPLORATION", false],
      ["C11", 24, 26, 716, 600, 600, "STABILITY", false],
      ["C12", 5, 60, 487, 150, 1700, "DECLINE", false],
      ["C13", 4, 60, 515, 700, 100, "FORMATION", false],
    ]);
  });

  it("reports g where the trend rule decided", () => {
    const byId = Object.fromEntries(result.customers.map((c) => [c.id, c.growth]));
    // C11 (600 − 600)/600; C12 (150 − 1700)/1700; C13 (700 − 100)/100
    expect(byId.C11).toBe(0);
    expect(byId.C12).toBeCloseTo(-1550 / 1700, 9);
    expect(byId.C13).toBe(6);
    expect(byId.C01).toBeNull();
  });

  it("is the same without an order column (every A.5 row is its own order)", () => {
    expect(lifecycle(transactionsOf([...A1, ...A5_EXTRA], false)).customers).toEqual(result.customers);
  });

  it("labels", () => {
    expect(lifecycleLabel("STABILITY", "zh-en")).toBe("稳定期 Stability");
    expect(lifecycleLabel("DECLINE")).toBe("退化期");
    expect(lifecycleLabel("NO_PURCHASE", "en")).toBe("No valid purchase");
    expect(lapsedLabel("zh")).toBe("流失");
  });
});

describe("H = AUTO", () => {
  it("A.5: median of per-customer mean intervals is 63 → H = 189, so C05 (R 365 ≤ 378) is not lapsed", () => {
    // Mean intervals (last − first)/(N − 1) of the customers with N ≥ 2:
    // C01 175/3, C03 136/2, C04 30/2, C06 121/2, C08 63, C09 91, C11 690/23, C12 427/4, C13 455/3
    // sorted 15, 30, 58.3, 60.5, 63, 68, 91, 106.75, 151.7 → median 63; 3 × 63 = 189 in [90, 730]
    const r = lifecycle(A5, { hiatusDays: "AUTO" });
    expect(r.medianInterval).toBe(63);
    expect(r.hiatusDays).toBe(189);
    const c05 = r.customers.find((c) => c.id === "C05")!;
    expect([c05.stage, c05.lapsed]).toEqual(["DECLINE", false]);
  });

  it("clamps to 90 and 730; without repeat buyers it uses the default 180", () => {
    expect(
      lifecycle(
        tx([
          ["A", "1", 1000, 5],
          ["A", "2", 1010, 5],
        ]),
        { hiatusDays: "AUTO" },
      ).hiatusDays,
    ).toBe(90);
    expect(
      lifecycle(
        tx([
          ["A", "1", 1000, 5],
          ["A", "2", 1400, 5],
        ]),
        { hiatusDays: "AUTO" },
      ).hiatusDays,
    ).toBe(730);
    const single = lifecycle(
      tx([
        ["A", "1", 1000, 5],
        ["B", "2", 1400, 5],
      ]),
      { hiatusDays: "AUTO" },
    );
    expect([single.hiatusDays, single.medianInterval]).toEqual([180, null]);
  });
});

describe("rule details", () => {
  const asOf = 50000;
  // A customer with T = 400 ≥ 2W, S0 from one purchase at asOf − 200, S1 from one at asOf − 10.
  const trend = (s0: number, s1: number) =>
    lifecycle(
      tx([
        ["X", "a", asOf - 400, 5],
        ["X", "b", asOf - 200, s0],
        ["X", "c", asOf - 10, s1],
      ]),
      { asOf },
    ).customers[0];

  it("g ≥ g_up is formation and g ≤ g_down decline, both inclusive, despite binary noise", () => {
    // (1.2 − 1)/1 is 0.19999999999999996 in binary; (0.7 − 1)/1 is −0.30000000000000004
    expect(trend(1, 1.2).stage).toBe("FORMATION");
    expect(trend(1, 0.7).stage).toBe("DECLINE");
    expect(trend(1, 1.1).stage).toBe("STABILITY");
    expect(trend(100, 80).stage).toBe("STABILITY");
  });

  it("window edges: asOf − W belongs to S0, asOf − 2W to neither", () => {
    const c = lifecycle(
      tx([
        ["X", "a", asOf - 360, 7],
        ["X", "b", asOf - 180, 11],
        ["X", "c", asOf - 179, 13],
      ]),
      { asOf },
    ).customers[0];
    expect([c.s0, c.s1]).toEqual([11, 13]);
  });

  it("T < E keeps a multi-order customer in exploration; R > H wins over everything; returns-only is NO_PURCHASE", () => {
    const r = lifecycle(
      tx([
        ["New", "a", asOf - 30, 10],
        ["New", "b", asOf - 5, 10],
        ["Gone", "c", asOf - 181, 10],
        ["Gone", "d", asOf - 400, 10],
        ["Ret", "e", asOf - 3, -20],
      ]),
      { asOf },
    ).customers;
    expect(r.map((c) => c.stage)).toEqual(["EXPLORATION", "DECLINE", "NO_PURCHASE"]);
    expect(r[2]).toEqual(expect.objectContaining({ purchases: 0, recencyDays: null, tenureDays: null, s1: -20 }));
  });

  it("a large return inside S1 can trigger decline", () => {
    // S0 = 100; S1 = 100 − 60 = 40 → g = −0.6
    const c = lifecycle(
      tx([
        ["X", "a", asOf - 400, 5],
        ["X", "b", asOf - 200, 100],
        ["X", "c", asOf - 20, 100],
        ["X", "r", asOf - 10, -60],
      ]),
      { asOf },
    ).customers[0];
    expect([c.s1, c.stage]).toEqual([40, "DECLINE"]);
  });

  it("ignores rows after asOf and counts them", () => {
    const r = lifecycle(
      tx([
        ["X", "a", asOf - 10, 5],
        ["X", "b", asOf + 5, 9],
      ]),
      { asOf },
    );
    expect(r.futureRows).toBe(1);
    expect(r.customers[0].s1).toBe(5);
  });

  it("validates options", () => {
    const t = tx([["X", "a", asOf, 5]]);
    expect(() => lifecycle(t, { windowDays: 0 })).toThrow(code("NUM"));
    expect(() => lifecycle(t, { hiatusDays: -1 })).toThrow(code("NUM"));
    expect(() => lifecycle(t, { hiatusDays: "SOMETIMES" as "AUTO" })).toThrow(code("VALUE"));
    expect(() => lifecycle(t, { gUp: -0.5, gDown: -0.3 })).toThrow(code("NUM"));
    expect(() => lifecycle(t, { exploreDays: -1 })).toThrow(code("NUM"));
    expect(() => lifecycle(t, { decimals: 1.5 })).toThrow(code("NUM"));
    expect(() => lifecycle(tx([]))).toThrow(code("NA"));
  });
});
