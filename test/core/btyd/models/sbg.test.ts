import { fitSbg, sbgDerl, sbgLogLikelihood, sbgRetention, sbgSurvival } from "../../../../src/core/btyd/models/sbg";
import { CrmError } from "../../../../src/core/errors";

// Fader & Hardie (2007), "How to project customer retention": % surviving in years 0–7, 1,000 customers.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe("sBG (Fader & Hardie 2007)", () => {
  test("regular cohort: α = 0.704, β = 1.182", () => {
    const f = fitSbg(REGULAR);
    expect(f.converged).toBe(true);
    expect(f.customers).toBe(1000);
    expect(f.params.alpha).toBeCloseTo(0.704, 3);
    expect(f.params.beta).toBeCloseTo(1.182, 3);
  });

  test("high-end cohort: α = 0.668, β = 3.806", () => {
    const f = fitSbg(HIGH_END);
    expect(f.converged).toBe(true);
    expect(f.params.alpha).toBeCloseTo(0.668, 3);
    expect(f.params.beta).toBeCloseTo(3.806, 3);
  });

  test("retention r(t) = (β+t−1)/(α+β+t−1) and survival S(t) = Π r", () => {
    const p = { alpha: 0.704, beta: 1.182 };
    let s = 1;
    for (let t = 1; t <= 12; t++) {
      const r = (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
      expect(sbgRetention(p, t)).toBeCloseTo(r, 14);
      s *= r;
      expect(sbgSurvival(p, t)).toBeCloseTo(s, 13);
    }
    expect(sbgSurvival(p, 0)).toBeCloseTo(1, 14);
  });

  test("likelihood by hand for a two-period curve", () => {
    const p = { alpha: 2, beta: 3 };
    // P(T=1) = α/(α+β) = 0.4; P(T=2) = β/(α+β)·α/(α+β+1) = 0.2; S(2) = 0.4.
    expect(sbgLogLikelihood(p, [100, 60, 40])).toBeCloseTo(40 * Math.log(0.4) + 20 * Math.log(0.2) + 40 * Math.log(0.4), 12);
  });

  test("DERL equals the discounted sum of conditional survival, Σ_{k≥0} S(n+k)/S(n−1)/(1+d)^k", () => {
    for (const [p, d, renewals] of [
      [{ alpha: 0.704, beta: 1.182 }, 0.1, 0],
      [{ alpha: 0.668, beta: 3.806 }, 0.1, 4],
      [{ alpha: 3, beta: 0.5 }, 0.02, 2],
    ] as [{ alpha: number; beta: number }, number, number][]) {
      const n = renewals + 1;
      // S(n+k)/S(n−1) is a product of retention rates r(n)…r(n+k); sum until the terms vanish.
      let ratio = (p.beta + n - 1) / (p.alpha + p.beta + n - 1);
      let sum = 0;
      let disc = 1;
      for (let k = 0; k < 200000 && ratio * disc > 1e-17; k++) {
        sum += ratio * disc;
        disc /= 1 + d;
        ratio *= (p.beta + n + k) / (p.alpha + p.beta + n + k);
      }
      expect(sbgDerl(p, d, renewals)).toBeCloseTo(sum, 10);
    }
  });

  test("bad curves: increasing survivors (VALUE), nobody churned (NA)", () => {
    expect(() => fitSbg([100, 90, 95])).toThrow(/cannot increase/);
    let code = "";
    try {
      fitSbg([100, 100, 100]);
    } catch (e) {
      code = (e as CrmError).code;
    }
    expect(code).toBe("NA");
    expect(() => sbgDerl({ alpha: 1, beta: 1 }, 0)).toThrow(/discount rate/);
  });
});
