import { aggregateJudgements, ahp, ahpHierarchy, completeMatrix, randomIndex } from "../../../src/core/methods/ahp";

const code = (expected: string) => expect.objectContaining({ code: expected });
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

describe("§10.3 test vectors", () => {
  const saaty = [
    [1, 3, 5],
    [1 / 3, 1, 3],
    [1 / 5, 1 / 3, 1],
  ];

  it("EIGEN: w = (0.6370, 0.2583, 0.1047), λmax 3.0385, CI 0.0193, CR 0.0332 → consistent", () => {
    const r = ahp(saaty);
    expect(r.weights.map(round4)).toEqual([0.637, 0.2583, 0.1047]);
    expect(round4(r.lambdaMax)).toBe(3.0385);
    expect(round4(r.ci)).toBe(0.0193);
    expect(round4(r.cr)).toBe(0.0332);
    expect(r.ri).toBe(0.58);
    expect(r.consistent).toBe(true);
    expect(r.worstJudgement).toBeNull();
    expect(r.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it("fills a blank lower triangle with reciprocals", () => {
    const upperOnly = [
      [1, 3, 5],
      [null, 1, 3],
      [null, null, 1],
    ];
    expect(completeMatrix(upperOnly)).toEqual([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(ahp(upperOnly).weights).toEqual(ahp(saaty).weights);
  });

  it("GEOMEAN: cube roots of the row products 15, 1, 1/15", () => {
    // (15^(1/3), 1, 15^(−1/3)) = (2.46621, 1, 0.40548), sum 3.87169 → (0.6370, 0.2583, 0.1047);
    // for n = 3 the geometric mean coincides with the principal eigenvector.
    const w = ahp(saaty, { method: "GEOMEAN" }).weights;
    const c = Math.cbrt(15);
    const total = c + 1 + 1 / c;
    expect(w[0]).toBeCloseTo(c / total, 12);
    expect(w.map(round4)).toEqual([0.637, 0.2583, 0.1047]);
  });

  it("SUM: column-normalised row means", () => {
    // column sums 23/15, 13/3, 9 → rows (15/23 + 9/13 + 5/9)/3 = 0.633346, (5/23 + 3/13 + 1/3)/3 = 0.260498,
    // (3/23 + 1/13 + 1/9)/3 = 0.106156
    const w = ahp(saaty, { method: "SUM" }).weights;
    expect(w[0]).toBeCloseTo((15 / 23 + 9 / 13 + 5 / 9) / 3, 12);
    expect(w.map(round4)).toEqual([0.6333, 0.2605, 0.1062]);
  });

  it("n = 2: (0.6667, 0.3333), CR = 0", () => {
    const r = ahp([
      [1, 2],
      [1 / 2, 1],
    ]);
    expect(r.weights.map(round4)).toEqual([0.6667, 0.3333]);
    expect(r.lambdaMax).toBeCloseTo(2, 12);
    expect(r.ci).toBe(0);
    expect(r.cr).toBe(0);
    expect(r.consistent).toBe(true);
  });

  it("n = 1: w = 1", () => {
    const r = ahp([[1]]);
    expect(r.weights).toEqual([1]);
    expect(r.lambdaMax).toBe(1);
    expect(r.cr).toBe(0);
    expect(r.consistent).toBe(true);
  });
});

describe("inconsistent judgements", () => {
  it("a cyclic matrix: equal weights, λmax = 1 + 9 + 1/9, CR = CI / 0.58", () => {
    // a12 = 9, a23 = 9 but a13 = 1/9: by symmetry w = 1/3 each, (Aw)_i / w_i = 1 + 9 + 1/9 for every row
    const r = ahp([
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ]);
    expect(r.weights.map((v) => v * 3)).toEqual([expect.closeTo(1, 10), expect.closeTo(1, 10), expect.closeTo(1, 10)]);
    const lambda = 1 + 9 + 1 / 9;
    expect(r.lambdaMax).toBeCloseTo(lambda, 10);
    expect(r.ci).toBeCloseTo((lambda - 3) / 2, 10);
    expect(r.cr).toBeCloseTo((lambda - 3) / 2 / 0.58, 10);
    expect(r.consistent).toBe(false);
    // every judgement is off by a factor of 9: relative error 8
    expect(r.worstJudgement!.relativeError).toBeCloseTo(8, 8);
  });

  it("points at the one reversed judgement of an otherwise consistent 4×4 matrix", () => {
    // Consistent with w ∝ (8, 4, 2, 1) except a14, reversed from 8 to 1/8.
    const r = ahp([
      [1, 2, 4, 1 / 8],
      [null, 1, 2, 4],
      [null, null, 1, 2],
      [null, null, null, 1],
    ]);
    expect(r.consistent).toBe(false);
    expect(r.cr).toBeGreaterThanOrEqual(0.1);
    expect(r.worstJudgement).toEqual(expect.objectContaining({ i: 0, j: 3, given: 1 / 8 }));
  });

  it("strict limits: 0.05 for n = 3", () => {
    // CR 0.0332 passes both limits; the limit itself is reported
    expect(
      ahp(
        [
          [1, 3, 5],
          [null, 1, 3],
          [null, null, 1],
        ],
        { strict: true },
      ).crLimit,
    ).toBe(0.05);
    expect(
      ahp(
        [
          [1, 2, 4, 8],
          [null, 1, 2, 4],
          [null, null, 1, 2],
          [null, null, null, 1],
        ],
        { strict: true },
      ).crLimit,
    ).toBe(0.08);
  });
});

describe("random index tables", () => {
  it("SAATY, CN and ST2007 values from §10.2", () => {
    expect(randomIndex(3).ri).toBe(0.58);
    expect(randomIndex(12).ri).toBe(1.48);
    expect(randomIndex(15)).toEqual({ ri: 1.59, extrapolated: false });
    expect(randomIndex(3, "CN").ri).toBe(0.52);
    expect(randomIndex(10, "CN").ri).toBe(1.49);
    expect(randomIndex(4, "ST2007").ri).toBe(0.8837);
    expect(randomIndex(2, "ST2007").ri).toBe(0);
    expect(() => randomIndex(6, "ST2007")).toThrow(code("NUM"));
    expect(() => randomIndex(11, "CN")).toThrow(code("NUM"));
    // The same CI over RI 0.52 instead of 0.58: CR scales by 0.58 / 0.52 (0.0332 → 0.0370)
    const m = [
      [1, 3, 5],
      [null, 1, 3],
      [null, null, 1],
    ];
    expect(ahp(m, { ri: "CN" }).cr).toBeCloseTo((ahp(m).cr * 0.58) / 0.52, 12);
    expect(round4(ahp(m, { ri: "CN" }).cr)).toBe(0.037);
  });

  it("n > 15 uses the asymptotic 1.59 and flags it", () => {
    const ones = Array.from({ length: 16 }, () => new Array<number>(16).fill(1));
    const r = ahp(ones);
    expect(r.ri).toBe(1.59);
    expect(r.riExtrapolated).toBe(true);
    expect(r.weights.every((w) => Math.abs(w - 1 / 16) < 1e-12)).toBe(true);
    expect(Math.abs(r.cr)).toBeLessThan(1e-12);
  });
});

describe("validation (§10.3 step 1)", () => {
  it("rejects non-square, blank or non-positive upper entries, bad diagonals and non-reciprocal pairs", () => {
    expect(() => ahp([[1, 2]])).toThrow(code("VALUE"));
    expect(() => ahp([])).toThrow(code("VALUE"));
    expect(() =>
      ahp([
        [1, null],
        [2, 1],
      ]),
    ).toThrow(code("VALUE"));
    expect(() =>
      ahp([
        [1, -2],
        [null, 1],
      ]),
    ).toThrow(code("VALUE"));
    expect(() =>
      ahp([
        [1, 0],
        [null, 1],
      ]),
    ).toThrow(code("VALUE"));
    expect(() =>
      ahp([
        [2, 2],
        [null, 1],
      ]),
    ).toThrow(/diagonal/);
    expect(() =>
      ahp([
        [1, 2],
        [0.4, 1],
      ]),
    ).toThrow(/not reciprocal/);
    expect(() =>
      ahp([
        [1, 3],
        [0.3333334, 1],
      ]),
    ).not.toThrow();
    expect(() =>
      ahp(
        [
          [1, 2],
          [null, 1],
        ],
        { method: "MAX" as "SUM" },
      ),
    ).toThrow(code("VALUE"));
  });
});

describe("hierarchy: the §9.3 loyalty index", () => {
  const root = {
    name: "Loyalty",
    judgements: [
      [1, 1, 2],
      [1, 1, 2],
      [1 / 2, 1 / 2, 1],
    ],
    children: [
      {
        name: "A1",
        judgements: [
          [1, 1 / 2, 2],
          [2, 1, 3],
          [1 / 2, 1 / 3, 1],
        ],
        children: [{ name: "A11" }, { name: "A12" }, { name: "A13" }],
      },
      {
        name: "A2",
        judgements: [
          [1, 2],
          [1 / 2, 1],
        ],
        children: [{ name: "A21" }, { name: "A22" }],
      },
      {
        name: "A3",
        judgements: [
          [1, 2, 2, 1 / 2],
          [1 / 2, 1, 1, 1 / 3],
          [1 / 2, 1, 1, 1 / 3],
          [2, 3, 3, 1],
        ],
        children: [{ name: "A31" }, { name: "A32" }, { name: "A33" }, { name: "A34" }],
      },
    ],
  };

  it("reproduces the local weights, λmax and CR of each block", () => {
    const { groups } = ahpHierarchy(root);
    const [level1, a1, a2, a3] = groups.map((g) => g.result);
    expect(level1.weights.map(round4)).toEqual([0.4, 0.4, 0.2]);
    expect(round4(level1.cr)).toBe(0);
    expect(a1.weights.map(round4)).toEqual([0.297, 0.5396, 0.1634]);
    expect(round4(a1.lambdaMax)).toBe(3.0092);
    expect(round4(a1.cr)).toBe(0.0079);
    expect(a2.weights.map(round4)).toEqual([0.6667, 0.3333]);
    expect(a3.weights.map(round4)).toEqual([0.2628, 0.1409, 0.1409, 0.4554]);
    expect(round4(a3.lambdaMax)).toBe(4.0104);
    expect(round4(a3.cr)).toBe(0.0038);
  });

  it("global weights A11 … A34 to 4 decimals, summing to 1", () => {
    const leaves = ahpHierarchy(root).entries.filter((e) => e.leaf);
    expect(Object.fromEntries(leaves.map((e) => [e.name, round4(e.global)]))).toEqual({
      A11: 0.1188,
      A12: 0.2158,
      A13: 0.0654,
      A21: 0.2667,
      A22: 0.1333,
      A31: 0.0526,
      A32: 0.0282,
      A33: 0.0282,
      A34: 0.0911,
    });
    expect(leaves.reduce((s, e) => s + e.global, 0)).toBeCloseTo(1, 12);
    expect(leaves[0].path).toEqual(["A1", "A11"]);
  });

  it("rejects judgements whose size differs from the number of children", () => {
    expect(() => ahpHierarchy({ name: "x", judgements: [[1]], children: [{ name: "a" }, { name: "b" }] })).toThrow(code("VALUE"));
  });
});

describe("group judgements", () => {
  it("element-wise geometric mean", () => {
    // judges say a12 = 2 and a12 = 8 → √16 = 4; a21 = 1/4
    const g = aggregateJudgements([
      [
        [1, 2],
        [null, 1],
      ],
      [
        [1, 8],
        [null, 1],
      ],
    ]);
    expect(g[0][1]).toBeCloseTo(4, 12);
    expect(g[1][0]).toBeCloseTo(0.25, 12);
  });
});
