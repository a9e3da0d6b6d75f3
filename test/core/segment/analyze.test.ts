import { analyze, DEFAULT_OPTIONS, resolveOptions } from "../../../src/core/segment/analyze";
import { CrmError } from "../../../src/core/errors";
import type { AnalysisResult, AnalyzeOptions, GroupStat, Transactions } from "../../../src/core/types";

type Row = [customer: string, order: string, day: number, amount: number, cost?: number];

function tx(rows: Row[], withCost = false): Transactions {
  return {
    customer: rows.map((r) => r[0]),
    order: rows.map((r) => r[1]),
    day: Float64Array.from(rows.map((r) => r[2])),
    amount: Float64Array.from(rows.map((r) => r[3])),
    cost: withCost ? Float64Array.from(rows.map((r) => r[4] ?? NaN)) : undefined,
    sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
  };
}

const codes = (r: AnalysisResult) => r.warnings.map((w) => w.code);
const byCode = (groups: GroupStat[], code: string) => groups.find((g) => g.code === code);

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CrmError) return e.code;
    throw e;
  }
  return "none";
}

// A.1 of METHODS.md, as day offsets from 2024-06-30 (serial 45473). Hand-derived: 2024-06-28 = −2, etc.
const D = 45473;
const A1: Row[] = [
  ["C01", "O1", D - 177, 120],
  ["C01", "O2", D - 113, 80],
  ["C01", "O3", D - 10, 200],
  ["C01", "O4", D - 2, 50],
  ["C02", "O5", D - 5, 900],
  ["C03", "O6", D - 334, 300],
  ["C03", "O7", D - 272, 450],
  ["C03", "O8", D - 198, 500],
  ["C04", "O9", D - 31, 40],
  ["C04", "O10", D - 15, 35],
  ["C04", "O11", D - 1, 30],
  ["C05", "O12", D - 365, 60],
  ["C06", "O13", D - 150, 700],
  ["C06", "O14", D - 90, 650],
  ["C06", "O15", D - 29, 800],
  ["C06", "R1", D - 20, -100],
  ["C07", "O16", D, 25],
  ["C08", "O17", D - 295, 1500],
  ["C08", "O18", D - 232, 1200],
  ["C09", "O19", D - 162, 90],
  ["C09", "O20", D - 71, 110],
  ["C10", "O21", D - 119, 60],
  ["C10", "R2", D - 102, -60],
];

describe("options", () => {
  it("defaults", () => {
    expect(DEFAULT_OPTIONS).toEqual({
      decimals: 2,
      scheme: "W11",
      center: "MEAN",
      method: "QUANTILE",
      bins: 5,
      xAxis: "FM",
      abcMode: "VALUE",
      abcCuts: [0.8, 0.95],
      basis: "REVENUE",
      pyramidCuts: [0.01, 0.05, 0.2],
    });
    expect(resolveOptions()).toEqual(DEFAULT_OPTIONS);
    expect(resolveOptions({ abcMode: "COUNT" }).abcCuts).toEqual([0.2, 0.5]);
  });

  it("accepts text options in any case and keeps asOf / from / breaks", () => {
    const o = resolveOptions({
      scheme: "cn8" as never,
      center: "median" as never,
      xAxis: "f" as never,
      basis: "profit" as never,
      asOf: 100.5,
      from: 10,
    });
    expect(o).toMatchObject({ scheme: "CN8", center: "MEDIAN", xAxis: "F", basis: "PROFIT", asOf: 100, from: 10 });
    const b = resolveOptions({ method: "BREAKS", breaks: { r: [30, 60, 90, 180], f: [1, 2, 4, 8], m: [50, 100, 500, 1000] } });
    expect(b.bins).toBe(5);
  });

  it("rejects invalid options with a typed error naming the option", () => {
    const bad: Partial<AnalyzeOptions>[] = [
      { bins: 4 }, // W11 needs 5
      { scheme: "XYZ" as never },
      { center: "MODE" as never },
      { method: "RANK" as never },
      { method: "BREAKS" },
      { method: "BREAKS", breaks: { r: [3, 2, 1, 0], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } },
      { xAxis: "M" as never },
      { abcMode: "TOP" as never },
      { abcCuts: [0.9, 0.8] },
      { basis: "MARGIN" as never },
      { pyramidCuts: [0.2, 0.05, 0.01] },
      { decimals: 1.5 },
      { asOf: 100, from: 200 },
    ];
    for (const o of bad) expect(errorCode(() => resolveOptions(o))).toBe("NUM");
    expect(errorCode(() => resolveOptions({ asOf: "2024-01-01" as never }))).toBe("VALUE");
    expect(() => resolveOptions({ abcCuts: [0.9, 0.8] })).toThrow(/a_cut/);
  });
});

describe("analyze on A.1: group statistics, heat map, ABC and pyramid summaries", () => {
  const res = analyze(tx(A1));

  it("reads A.1 with the hand-derived day numbers", () => {
    expect(res.asOf).toBe(D);
    expect(res.customers.map((c) => c.recencyDays)).toEqual([2, 5, 198, 1, 365, 29, 0, 232, 71, 119]);
    expect(Array.from(res.rowCustomer.slice(0, 6))).toEqual([0, 0, 0, 0, 1, 2]);
  });

  it("segments: all 11 W11 groups in label order, with counts, shares and means", () => {
    expect(res.segments.map((g) => g.code)).toEqual([
      "CHAMPIONS",
      "LOYAL",
      "POTENTIAL_LOYALIST",
      "NEW",
      "PROMISING",
      "NEED_ATTENTION",
      "ABOUT_TO_SLEEP",
      "AT_RISK",
      "CANT_LOSE",
      "HIBERNATING",
      "LOST",
    ]);
    // LOYAL = C01 (R 2 d, F 4, M 450) and C06 (29 d, 3, 2050)
    const loyal = byCode(res.segments, "LOYAL")!;
    expect(loyal).toMatchObject({
      customers: 2,
      customerShare: 0.2,
      value: 2500,
      meanRecencyDays: 15.5,
      meanFrequency: 3.5,
      meanMonetary: 1250,
    });
    expect(loyal.valueShare).toBeCloseTo(2500 / 7740, 12);
    expect(byCode(res.segments, "CHAMPIONS")).toMatchObject({ customers: 0, value: 0, meanRecencyDays: NaN });
    expect(res.segments.reduce((t, g) => t + g.customers, 0)).toBe(10);
  });

  it("heat map of R × FM_bin", () => {
    // A.2: (R, FM_bin) = (4,4) (4,3) (2,4) (5,3) (1,2) (3,5) (5,1) (1,4) (3,3) (2,1)
    const expected = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
    for (const [r, x] of [
      [4, 4],
      [4, 3],
      [2, 4],
      [5, 3],
      [1, 2],
      [3, 5],
      [5, 1],
      [1, 4],
      [3, 3],
      [2, 1],
    ])
      expected[r - 1][x - 1]++;
    expect(res.heatmap).toEqual(expected);
  });

  it("ABC classes and whale indicators", () => {
    // A.4: A = C08, C06, C03, C02 (6900); B = C01, C09 (650); C = C04, C05, C07, C10 (190)
    expect(res.abc.classes.map((g) => [g.code, g.customers, g.value])).toEqual([
      ["A", 4, 6900],
      ["B", 2, 650],
      ["C", 4, 190],
    ]);
    expect(res.abc.total).toBe(7740);
    expect(res.abc.top20Share).toBeCloseTo(4750 / 7740, 12);
    expect(res.abc.peak).toBeCloseTo(1, 12);
    // bottom ⌈3⌉: C10 0 + C07 25 + C05 60
    expect(res.abc.bottom30Loss).toBeCloseTo(85 / 7740, 12);
  });

  it("pyramid tiers", () => {
    expect(res.pyramid.map((g) => [g.code, g.customers, g.value])).toEqual([
      ["T1", 1, 2700],
      ["T2", 0, 0],
      ["T3", 1, 2050],
      ["T4", 8, 2990],
    ]);
  });

  it("CN8 headline and W10", () => {
    const cn = analyze(tx(A1), { scheme: "CN8" });
    expect(cn.segments.map((g) => g.code)).toHaveLength(8);
    expect(cn.customers.map((c) => c.segment)).toEqual(cn.customers.map((c) => c.cn8));
    const w10 = analyze(tx(A1), { scheme: "W10" });
    expect(w10.segments.map((g) => g.code)).not.toContain("LOST");
    // C05 (R1, F1) is Hibernating in W10
    expect(w10.customers[4].segment).toBe("HIBERNATING");
  });

  it("bins ≠ 5 with the CN8 headline leaves the grids UNCLASSIFIED", () => {
    const r = analyze(tx(A1), { scheme: "CN8", bins: 4 });
    expect(r.customers.every((c) => c.w11 === "UNCLASSIFIED" && c.w10 === "UNCLASSIFIED")).toBe(true);
    expect(r.heatmap).toHaveLength(4);
    expect(r.cutPoints.r).toHaveLength(3);
    expect(codes(r)).toContain("GRID_NEEDS_5_BINS");
  });

  it("BREAKS reports its breaks as cut points", () => {
    const breaks = { r: [30, 60, 90, 180], f: [1, 2, 3, 4], m: [100, 300, 1000, 2000] };
    const r = analyze(tx(A1), { method: "BREAKS", breaks });
    expect(r.cutPoints).toEqual(breaks);
    // C01: 2 days → bin 1 → R 5; F 4 → bin 4; M 450 → bin 3
    expect([r.customers[0].r, r.customers[0].f, r.customers[0].m]).toEqual([5, 4, 3]);
  });

  it("NTILE is flagged as not tie-safe", () => {
    expect(codes(analyze(tx(A1), { method: "NTILE" }))).toContain("NTILE_NOT_TIE_SAFE");
  });
});

describe("analyze edge cases", () => {
  it("empty input", () => {
    const r = analyze(tx([]));
    expect(r.customers).toEqual([]);
    expect(r.asOf).toBeNaN();
    expect(codes(r)).toEqual(["NO_DATA"]);
    expect(r.segments).toHaveLength(11);
    expect(r.segments.every((g) => g.customers === 0 && g.customerShare === 0)).toBe(true);
    expect(r.cutPoints).toEqual({ r: [], f: [], m: [] });
    expect(r.centers).toEqual({ r: null, f: null, m: null });
  });

  it("single customer: R5 F1 M1 → New Customers, CN8 UNCLASSIFIED, A, VIP", () => {
    const r = analyze(tx([["A", "O1", 100, 50]]));
    expect(r.customers[0]).toMatchObject({
      r: 5,
      f: 1,
      m: 1,
      rfmCode: 511,
      fm: 1,
      w11: "NEW",
      cn8: "UNCLASSIFIED",
      abc: "A",
      pyramid: "T1",
    });
    expect(codes(r)).toEqual(
      expect.arrayContaining(["SINGLE_CUSTOMER", "NO_VARIATION_R", "NO_VARIATION_F", "NO_VARIATION_M", "CN8_UNCLASSIFIED"]),
    );
    expect(byCode(r.segments, "UNCLASSIFIED")).toBeUndefined();
    expect(analyze(tx([["A", "O1", 100, 50]]), { scheme: "CN8" }).segments.at(-1)).toMatchObject({ code: "UNCLASSIFIED", customers: 1 });
  });

  it("all equal: everyone New, A and VIP, with a no-concentration warning", () => {
    const r = analyze(
      tx([
        ["A", "O1", 100, 10],
        ["B", "O2", 100, 10],
        ["C", "O3", 100, 10],
      ]),
    );
    expect(r.customers.map((c) => [c.w11, c.abc, c.pyramid])).toEqual([
      ["NEW", "A", "T1"],
      ["NEW", "A", "T1"],
      ["NEW", "A", "T1"],
    ]);
    expect(codes(r)).toEqual(expect.arrayContaining(["NO_CONCENTRATION", "NO_VARIATION_M", "CN8_UNCLASSIFIED"]));
  });

  it("only returns → NO_PURCHASE everywhere, still listed; status group after the scheme groups", () => {
    const r = analyze(
      tx([
        ["A", "O1", 100, 80],
        ["B", "R1", 101, -50],
        ["C", "O2", 102, 20],
      ]),
    );
    expect(r.customers[1]).toMatchObject({
      id: "B",
      active: false,
      r: null,
      w11: "NO_PURCHASE",
      cn8: "NO_PURCHASE",
      segment: "NO_PURCHASE",
      abc: "C",
      pyramid: null,
      monetary: -50,
    });
    expect(r.segments.at(-1)).toMatchObject({ code: "NO_PURCHASE", customers: 1, value: -50, meanRecencyDays: NaN, meanFrequency: 0 });
    expect(r.pyramid.at(-1)).toMatchObject({ code: "NO_PURCHASE", customers: 1 });
    // ABC groups too: A (0 before it) and C (80/100 before it, not below the 0.8 cut → B) are the
    // buyers; B is counted apart, not in C.
    expect(r.abc.classes.map((g) => [g.code, g.customers, g.value])).toEqual([
      ["A", 1, 80],
      ["B", 1, 20],
      ["C", 0, 0],
      ["NO_PURCHASE", 1, -50],
    ]);
    expect(analyze(tx([["B", "R1", 101, -50]])).warnings.map((w) => w.code)).toContain("NO_ACTIVE");
  });

  it("negative net M with N ≥ 1 is kept, scores lowest and is flagged", () => {
    // B buys 100 then returns 150: N = 1, M = −50. asOf 101; recency A 0, B 1, C 9 → mean 10/3;
    // F 2, 1, 1 → mean 4/3; M 120, −50, 20 → mean 30.
    const r = analyze(
      tx([
        ["A", "O1", 90, 40],
        ["A", "O2", 101, 80],
        ["B", "O3", 100, 100],
        ["B", "R1", 101, -150],
        ["C", "O4", 92, 20],
      ]),
    );
    const b = r.customers[1];
    // B: recency 1 < 10/3 → R High; F 1 Low; M Low → 一般发展
    expect(b).toMatchObject({ purchases: 1, monetary: -50, m: 1, abc: "C", cn8: "CN_GEN_DEVELOP" });
    expect(r.warnings.find((w) => w.code === "NET_NEGATIVE")?.message).toMatch(/^1 customers/);
  });

  it("heavy ties: identical values, identical scores", () => {
    const rows: Row[] = [];
    for (let i = 0; i < 20; i++) rows.push([`C${i}`, `O${i}`, 100, 10]);
    rows.push(["X", "OX1", 90, 500], ["X", "OX2", 100, 500]);
    const r = analyze(tx(rows));
    const ones = r.customers.filter((c) => c.id !== "X");
    expect(new Set(ones.map((c) => `${c.r}${c.f}${c.m}`))).toEqual(new Set(["511"]));
    expect(r.customers.at(-1)).toMatchObject({ r: 5, f: 5, m: 5, w11: "CHAMPIONS", abc: "A", pyramid: "T1" });
  });

  it("future rows are ignored, counted and still mapped", () => {
    const r = analyze(
      tx([
        ["A", "O1", 100, 10],
        ["B", "O2", 110, 10],
        ["A", "O3", 120, 10],
      ]),
      { asOf: 110 },
    );
    expect(r.futureRows).toBe(1);
    expect(codes(r)).toContain("FUTURE_ROWS");
    expect(Array.from(r.rowCustomer)).toEqual([0, 1, 0]);
    expect(r.customers[0]).toMatchObject({ monetary: 10, recencyDays: 10 });
  });

  it("PROFIT basis: loss-makers are D and Lead; without cost it falls back to revenue", () => {
    const rows: Row[] = [
      ["A", "O1", 100, 100, 40], // profit 60
      ["B", "O2", 100, 100, 130], // profit −30
      ["C", "O3", 100, 50, 20], // profit 30
      ["D", "R1", 100, -10, -8], // no purchase, profit −2
    ];
    const r = analyze(tx(rows, true), { basis: "PROFIT" });
    // T = 60 + 30 = 90. A: 0 before → A; C: 60/90 before < 0.8 → A; B: loss → D.
    // Pyramid n = 3: ⌈0.03⌉ = ⌈0.15⌉ = ⌈0.6⌉ = 1 → A is tier 1, C tier 4, B Lead by its loss.
    expect(r.customers.map((c) => [c.grossProfit, c.abc, c.pyramid])).toEqual([
      [60, "A", "T1"],
      [-30, "D", "T4"],
      [30, "A", "T4"],
      [-2, "D", null],
    ]);
    expect(r.abc.classes.map((g) => g.code)).toEqual(["A", "B", "C", "D", "NO_PURCHASE"]);
    expect(r.abc.total).toBe(90);
    const rev = analyze(tx(rows), { basis: "PROFIT" });
    expect(rev.options.basis).toBe("REVENUE");
    expect(codes(rev)).toContain("PROFIT_WITHOUT_COST");
  });

  it("reports rows without cost", () => {
    const r = analyze(
      tx(
        [
          ["A", "O1", 100, 100, 40],
          ["A", "O2", 101, 50],
        ],
        true,
      ),
    );
    expect(r.warnings.find((w) => w.code === "MISSING_COST")?.message).toMatch(/^1 rows/);
  });
});
