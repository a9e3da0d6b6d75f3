import fc from "fast-check";
import { abcClasses } from "../../../src/core/segment/abc";
import { analyze } from "../../../src/core/segment/analyze";
import { pyramidTiers } from "../../../src/core/segment/pyramid";
import { scoreValues } from "../../../src/core/segment/rfm";
import { schemeCodes } from "../../../src/core/segment/segments";
import type { Scheme, Transactions } from "../../../src/core/types";

const ints = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 });
const bins = fc.integer({ min: 2, max: 12 });

/**
 * Reference QUANTILE score on integer data from the interpolated PERCENTILE.INC itself, in exact
 * rational form: with h = j(n−1)/k = i + rem/k, k·q_j = k·v_i + rem·(v_(i+1) − v_i).
 */
function referenceScore(values: number[], x: number, k: number): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  let above = 0;
  for (let j = 1; j < k; j++) {
    const t = j * (n - 1);
    const i = Math.floor(t / k);
    const rem = t - i * k;
    const kq = k * v[i] + (rem === 0 ? 0 : rem * (v[i + 1] - v[i]));
    if (k * x > kq) above++;
  }
  return 1 + above;
}

describe("RFM scoring properties", () => {
  it("QUANTILE equals 1 + #{x > PERCENTILE.INC(v, j/k)}, within 1..k, tie-safe and monotone", () => {
    fc.assert(
      fc.property(ints, bins, fc.boolean(), (values, k, lower) => {
        const s = scoreValues(values, { bins: k, lowerIsBetter: lower }) as number[];
        values.forEach((x, i) => {
          const ref = referenceScore(values, x, k);
          expect(s[i]).toBe(lower ? k + 1 - ref : ref);
          expect(s[i]).toBeGreaterThanOrEqual(1);
          expect(s[i]).toBeLessThanOrEqual(k);
        });
        for (let a = 0; a < values.length; a++) {
          for (let b = 0; b < values.length; b++) {
            if (values[a] === values[b]) expect(s[a]).toBe(s[b]);
            if (values[a] < values[b]) expect(lower ? s[a] >= s[b] : s[a] <= s[b]).toBe(true);
          }
        }
      }),
    );
  });

  it("NTILE bins are balanced: counts differ by at most one, every bin used when n ≥ k", () => {
    fc.assert(
      fc.property(ints, bins, (values, k) => {
        const ids = values.map((_, i) => `id${(i * 7919) % 1000}`);
        const s = scoreValues(values, { method: "NTILE", bins: k, ids }) as number[];
        const counts = Array.from({ length: k }, (_, b) => s.filter((x) => x === b + 1).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        if (values.length >= k) expect(Math.min(...counts)).toBeGreaterThan(0);
      }),
    );
  });
});

const rank = { A: 0, B: 1, C: 2, D: 3 } as const;

describe("ABC and pyramid properties", () => {
  const money = fc.array(
    fc.integer({ min: -5000, max: 100000 }).map((c) => c / 100),
    { minLength: 1, maxLength: 50 },
  );

  it("ABC classes are monotone in value and equal values share a class; A holds ≥ a_cut of the value", () => {
    fc.assert(
      fc.property(
        money,
        fc.constantFrom("VALUE" as const, "COUNT" as const),
        fc.constantFrom("REVENUE" as const, "PROFIT" as const),
        (values, mode, basis) => {
          const cls = abcClasses(values, { mode, basis }) as ("A" | "B" | "C" | "D")[];
          for (let a = 0; a < values.length; a++) {
            for (let b = 0; b < values.length; b++) {
              if (values[a] === values[b]) expect(cls[a]).toBe(cls[b]);
              if (values[a] > values[b]) expect(rank[cls[a]]).toBeLessThanOrEqual(rank[cls[b]]);
            }
          }
          if (mode === "VALUE") {
            const total = values.filter((v) => v > 0).reduce((t, v) => t + v, 0);
            const inA = values.filter((_, i) => cls[i] === "A").reduce((t, v) => t + v, 0);
            if (total > 0) expect(inA).toBeGreaterThanOrEqual(0.8 * total - 1e-6);
          }
        },
      ),
    );
  });

  it("pyramid tiers are monotone in value, tie-safe, and tier 1 is never empty", () => {
    fc.assert(
      fc.property(money, (values) => {
        const t = pyramidTiers(values) as string[];
        for (let a = 0; a < values.length; a++) {
          for (let b = 0; b < values.length; b++) {
            if (values[a] === values[b]) expect(t[a]).toBe(t[b]);
            if (values[a] > values[b]) expect(t[a] <= t[b]).toBe(true);
          }
        }
        expect(t).toContain("T1");
      }),
    );
  });
});

/** Random transactions: a small customer pool, order ids shared by lines, some returns. */
const transactions = fc.array(
  fc.record({
    cust: fc.integer({ min: 0, max: 14 }),
    order: fc.integer({ min: 0, max: 30 }),
    day: fc.integer({ min: 45000, max: 45400 }),
    cents: fc.integer({ min: -20000, max: 100000 }),
    cost: fc.integer({ min: 0, max: 50000 }),
  }),
  { minLength: 1, maxLength: 80 },
);

function toTx(rows: { cust: number; order: number; day: number; cents: number; cost: number }[]): Transactions {
  return {
    customer: rows.map((r) => `C${r.cust}`),
    order: rows.map((r) => `O${r.order}`),
    day: Float64Array.from(rows.map((r) => r.day)),
    amount: Float64Array.from(rows.map((r) => r.cents / 100)),
    cost: Float64Array.from(rows.map((r) => r.cost / 100)),
    sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
  };
}

describe("analyze properties", () => {
  it("per-customer results do not depend on row order", () => {
    fc.assert(
      fc.property(
        transactions,
        fc.infiniteStream(fc.nat()),
        fc.constantFrom("QUANTILE" as const, "NTILE" as const),
        (rows, seeds, method) => {
          const shuffled = rows
            .map((r) => ({ r, key: seeds.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.r);
          for (const basis of ["REVENUE", "PROFIT"] as const) {
            const key = (res: ReturnType<typeof analyze>) => new Map(res.customers.map((c) => [c.id, c]));
            const a = analyze(toTx(rows), { method, basis });
            const b = analyze(toTx(shuffled), { method, basis });
            expect(key(b)).toEqual(key(a));
            expect(b.asOf).toBe(a.asOf);
            expect(b.heatmap).toEqual(a.heatmap);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("every customer is in exactly one group of the headline scheme", () => {
    fc.assert(
      fc.property(transactions, fc.constantFrom<Scheme>("W11", "W10", "CN8"), (rows, scheme) => {
        const res = analyze(toTx(rows), { scheme });
        const allowed = new Set([...schemeCodes(scheme), "NO_PURCHASE", "UNCLASSIFIED"]);
        for (const c of res.customers) {
          expect(allowed.has(c.segment)).toBe(true);
          expect(c.active).toBe(c.segment !== "NO_PURCHASE");
          // the grids are exhaustive: an active customer always gets a named W11 / W10 segment
          if (c.active && scheme !== "CN8") expect(schemeCodes(scheme)).toContain(c.segment);
        }
        const counts = res.segments.map((g) => g.customers);
        expect(counts.reduce((t, n) => t + n, 0)).toBe(res.customers.length);
        expect(new Set(res.segments.map((g) => g.code)).size).toBe(res.segments.length);
        const active = res.customers.filter((c) => c.active).length;
        expect(res.heatmap.flat().reduce((t, n) => t + n, 0)).toBe(active);
      }),
      { numRuns: 100 },
    );
  });
});
