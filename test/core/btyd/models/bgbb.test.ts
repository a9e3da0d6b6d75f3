import fc from "fast-check";
import { bgbbLogLikelihood, bgbbProbAlive, fitBgBb } from "../../../../src/core/btyd/models/bgbb";
import { readNumericCsv } from "../cdnow";

const PUBLISHED = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

describe("BG/BB on the donations data (Fader, Hardie & Shang 2010)", () => {
  const d = readNumericCsv("donations.csv");
  const data = { x: d["frequency"], tx: d["recency"], n: d["periods"], weight: d["weights"] };

  test("fit: α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33225.6 over 11,104 donors", () => {
    const f = fitBgBb(data);
    expect(f.converged).toBe(true);
    expect(f.customers).toBe(11104);
    expect(f.params.alpha).toBeCloseTo(1.204, 3);
    expect(f.params.beta).toBeCloseTo(0.75, 3);
    expect(f.params.gamma).toBeCloseTo(0.657, 3);
    expect(f.params.delta).toBeCloseTo(2.783, 3);
    expect(f.logLikelihood).toBeCloseTo(-33225.6, 1);
    expect(bgbbLogLikelihood(PUBLISHED, data)).toBeCloseTo(-33225.6, 1);
  });

  test("P(alive in period 7) for (x, t_x) = (0, 0), (2, 4), (6, 6) after 6 periods: 0.11, 0.59, 0.93", () => {
    expect(bgbbProbAlive(PUBLISHED, 0, 0, 6)).toBeCloseTo(0.11, 2);
    expect(bgbbProbAlive(PUBLISHED, 2, 4, 6)).toBeCloseTo(0.59, 2);
    expect(bgbbProbAlive(PUBLISHED, 6, 6, 6)).toBeCloseTo(0.93, 2);
  });
});

describe("BG/BB by hand", () => {
  const { alpha, beta, gamma, delta } = PUBLISHED;

  test("a customer who transacted at the last opportunity is alive then, and alive next with probability (δ+n)/(γ+δ+n)", () => {
    expect(bgbbProbAlive(PUBLISHED, 6, 6, 6, 0)).toBeCloseTo(1, 14);
    expect(bgbbProbAlive(PUBLISHED, 6, 6, 6)).toBeCloseTo((delta + 6) / (gamma + delta + 6), 14);
  });

  test("one opportunity, no transaction: L = β/(α+β)·δ/(γ+δ) + γ/(γ+δ)", () => {
    const L = (beta / (alpha + beta)) * (delta / (gamma + delta)) + gamma / (gamma + delta);
    expect(bgbbLogLikelihood(PUBLISHED, { x: [0], tx: [0], n: [1] })).toBeCloseTo(Math.log(L), 14);
  });

  test("inconsistent histories are VALUE errors", () => {
    expect(() => bgbbProbAlive(PUBLISHED, 3, 2, 6)).toThrow(/x ≤ t_x ≤ n/);
    expect(() => bgbbProbAlive(PUBLISHED, 0, 3, 6)).toThrow(/t_x is 0 exactly when x is 0/);
    expect(() => fitBgBb({ x: [0, 0], tx: [0, 0], n: [6, 6] })).toThrow(/never transacted/);
  });

  test("P(alive) ∈ [0, 1] for any history", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 3 }),
        (a, b, c, m) => {
          const [x, tx, n] = [a, b, c].sort((u, v) => u - v);
          const ok = (x === 0) === (tx === 0);
          if (!ok) return;
          const p = bgbbProbAlive(PUBLISHED, x, tx, n, m);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
});
