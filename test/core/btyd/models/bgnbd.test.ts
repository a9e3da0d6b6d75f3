import fc from "fast-check";
import {
  bgnbdConditionalExpected,
  bgnbdCustomerLogLikelihood,
  bgnbdExpected,
  bgnbdExpectedIfAlive,
  bgnbdLogLikelihood,
  bgnbdProbAlive,
  bgnbdProbCount,
  fitBgNbd,
  type BgNbdParams,
} from "../../../../src/core/btyd/models/bgnbd";
import { prepareTransactions } from "../../../../src/core/btyd/prep";
import { lnBeta } from "../../../../src/core/btyd/special";
import { dayFromYMD } from "../../../../src/core/ingest/dates";
import { CrmError } from "../../../../src/core/errors";
import { readCdnowTransactions, readNumericCsv } from "../cdnow";
import { betaIntegral } from "../quadrature";

const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

const cdnow = prepareTransactions(readCdnowTransactions(), {
  calibrationEnd: dayFromYMD(1997, 9, 30),
  holdoutEnd: dayFromYMD(1998, 6, 30),
  unit: "week",
});
const fitted = fitBgNbd(cdnow);

/** E[Y(t) | alive, x, T] = E over p ~ Beta(a, b+x) of (1/p)(1 − ((α+T)/(α+T+pt))^(r+x)), by quadrature. */
function expectedIfAliveByQuadrature(p: BgNbdParams, t: number, x: number, T: number): number {
  const base = p.alpha + T;
  const g = (q: number) => -Math.expm1(-(p.r + x) * Math.log1p((q * t) / base)) / q;
  return betaIntegral(p.a, p.b + x, g) / Math.exp(lnBeta(p.a, p.b + x));
}

describe("BG/NBD on CDNOW (Fader, Hardie & Lee 2005)", () => {
  test("fit from the raw transactions: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4", () => {
    expect(fitted.converged).toBe(true);
    expect(fitted.customers).toBe(2357);
    expect(fitted.params.r).toBeCloseTo(0.243, 3);
    expect(fitted.params.alpha).toBeCloseTo(4.414, 3);
    expect(fitted.params.a).toBeCloseTo(0.793, 3);
    expect(fitted.params.b).toBeCloseTo(2.426, 3);
    expect(fitted.logLikelihood).toBeCloseTo(-9582.4, 1);
    for (const v of Object.values(fitted.stdErrors)) expect(v).toBeGreaterThan(0);
  });

  test("fit from the published summary CSV gives the same estimate", () => {
    const s = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
    const f = fitBgNbd({ x: s["x"], tx: s["t.x"], T: s["T.cal"] });
    expect(f.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(f.params[k]).toBeCloseTo(fitted.params[k], 6);
    expect(f.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  test("E[X(t)] at t = 1, 3, 32, 78: 0.0532, 0.1506, 1.0437, 1.8576 (±0.001) at the maximum-likelihood estimate", () => {
    // The libraries' checkpoints come from their unrounded estimate; at the rounded published
    // parameters E[X(78)] is 1.86052 (mpmath: 1.8605190579427653), 0.003 away.
    const expected: [number, number][] = [
      [1, 0.0532],
      [3, 0.1506],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, v] of expected) expect(Math.abs(bgnbdExpected(fitted.params, t) - v)).toBeLessThan(0.001);
    expect(bgnbdExpected(PUBLISHED, 78)).toBeCloseTo(1.8605190579427653, 12);
  });

  test("E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 and P(X(39) = 0) = 0.5737864 at the published parameters", () => {
    expect(Math.abs(bgnbdConditionalExpected(PUBLISHED, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
    expect(bgnbdProbCount(PUBLISHED, 39, 0)).toBeCloseTo(0.5737864, 7);
  });

  test("cohort tracking: cumulative repeat purchases by week 39, 52 and 78 within 5% of the actual", () => {
    // Σ over customers of E[X(week − start of customer)], as in FHL (2005) Figure 2.
    const track = readNumericCsv("btyd_cdnowSummary_cu_tracking.csv")["cum_repeat_trans"];
    expect(track[77]).toBe(2457 + 1882); // calibration repeats + holdout repeats
    const start = dayFromYMD(1997, 1, 1);
    for (const week of [39, 52, 78]) {
      let predicted = 0;
      for (const first of cdnow.firstDay) predicted += bgnbdExpected(fitted.params, week - (first - start) / 7);
      expect(Math.abs(predicted / track[week - 1] - 1)).toBeLessThan(0.05);
    }
  });

  test("holdout: predicted repeat purchases in the 39 weeks vs the 1,882 observed", () => {
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < cdnow.x.length; i++) {
      predicted += bgnbdConditionalExpected(fitted.params, 39, cdnow.x[i], cdnow.tx[i], cdnow.T[i]);
      actual += cdnow.xStar![i];
    }
    expect(actual).toBe(1882);
    // Loose sanity bound: the model under-forecasts CDNOW's holdout by about 12% (1,653).
    expect(predicted / actual).toBeGreaterThan(0.8);
    expect(predicted / actual).toBeLessThan(1.2);
  });
});

describe("BG/NBD expressions against independent computations", () => {
  test("E[Y(t) | alive] equals the beta-mixture integral, including a = 1 and a + b < 1 where the textbook form divides by zero", () => {
    const cases: [BgNbdParams, number, number, number][] = [
      [PUBLISHED, 39, 0, 0],
      [PUBLISHED, 39, 2, 38.86],
      [{ r: 0.5, alpha: 2, a: 1, b: 3 }, 10, 0, 0],
      [{ r: 0.5, alpha: 2, a: 1, b: 3 }, 10, 4, 7],
      [{ r: 0.3, alpha: 1, a: 0.3, b: 0.4 }, 25, 0, 0],
      [{ r: 2, alpha: 0.5, a: 40, b: 400 }, 100, 3, 20],
      [{ r: 1.5, alpha: 10, a: 3, b: 0.5 }, 500, 12, 30],
      [{ r: 0.8, alpha: 3, a: 0.6, b: 5 }, 2000, 0, 0],
    ];
    for (const [p, t, x, T] of cases) {
      const ref = expectedIfAliveByQuadrature(p, t, x, T);
      expect(Math.abs(bgnbdExpectedIfAlive(p, t, x, T) - ref)).toBeLessThan(1e-9 * Math.max(1, ref));
    }
  });

  test("P(X(t) = n) sums to 1 and its mean is E[X(t)]", () => {
    for (const [p, t] of [
      [PUBLISHED, 39],
      [{ r: 2, alpha: 1, a: 0.5, b: 8 }, 20],
    ] as [BgNbdParams, number][]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 5000; n++) {
        const pn = bgnbdProbCount(p, t, n);
        total += pn;
        mean += n * pn;
      }
      expect(total).toBeCloseTo(1, 10);
      expect(mean).toBeCloseTo(bgnbdExpected(p, t), 8);
    }
  });

  test("P(alive) by hand: x = 2, t_x = 30.43, T = 38.86", () => {
    const { r, alpha, a, b } = PUBLISHED;
    const hand = 1 / (1 + (a / (b + 1)) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2));
    expect(bgnbdProbAlive(PUBLISHED, 2, 30.43, 38.86)).toBeCloseTo(hand, 14);
    expect(bgnbdProbAlive(PUBLISHED, 0, 0, 10)).toBe(1);
  });

  test("one customer's log-likelihood by hand (FHL 2005 eq. 6)", () => {
    const { r, alpha, a, b } = PUBLISHED;
    const [x, tx, T] = [3, 20, 30];
    // Γ(r+3)/Γ(r) = r(r+1)(r+2); B(a, b+3)/B(a,b) = b(b+1)(b+2)/((a+b)(a+b+1)(a+b+2)); B(a+1,b+2)/B(a,b) = a(b)(b+1)/((a+b)(a+b+1)(a+b+2)).
    const rising = r * (r + 1) * (r + 2);
    const ab3 = (a + b) * (a + b + 1) * (a + b + 2);
    const L =
      (((b * (b + 1) * (b + 2)) / ab3) * rising * alpha ** r) / (alpha + T) ** (r + x) +
      (((a * b * (b + 1)) / ab3) * rising * alpha ** r) / (alpha + tx) ** (r + x);
    expect(bgnbdCustomerLogLikelihood(PUBLISHED, x, tx, T)).toBeCloseTo(Math.log(L), 12);
  });
});

describe("BG/NBD properties", () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
    a: fc.double({ min: 0.05, max: 5, noNaN: true }),
    b: fc.double({ min: 0.05, max: 20, noNaN: true }),
  });
  const customer = fc
    .record({
      x: fc.integer({ min: 0, max: 300 }),
      T: fc.double({ min: 0, max: 100, noNaN: true }),
      f: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ x, T, f }) => ({ x, T, tx: x === 0 ? 0 : f * T }));

  test("P(alive) ∈ [0, 1]; E[Y(t)] ≥ 0 and non-decreasing in t", () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0, max: 200, noNaN: true }), (p, c, t) => {
        const alive = bgnbdProbAlive(p, c.x, c.tx, c.T);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
        const e1 = bgnbdConditionalExpected(p, t, c.x, c.tx, c.T);
        const e2 = bgnbdConditionalExpected(p, t * 1.5 + 1, c.x, c.tx, c.T);
        expect(e1).toBeGreaterThanOrEqual(0);
        expect(e2).toBeGreaterThanOrEqual(e1 * (1 - 1e-12));
        expect(bgnbdExpected(p, t + 1)).toBeGreaterThanOrEqual(bgnbdExpected(p, t) * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  test("the weighted likelihood of unique triples equals the sum over customers", () => {
    fc.assert(
      fc.property(params, fc.array(customer, { minLength: 1, maxLength: 30 }), (p, cs) => {
        const doubled = [...cs, ...cs];
        const total = bgnbdLogLikelihood(p, { x: doubled.map((c) => c.x), tx: doubled.map((c) => c.tx), T: doubled.map((c) => c.T) });
        let sum = 0;
        for (const c of cs) sum += 2 * bgnbdCustomerLogLikelihood(p, c.x, c.tx, c.T);
        expect(total).toBeCloseTo(sum, 8);
      }),
      { numRuns: 100 },
    );
  });

  test("the fit does not depend on the order of the customers", () => {
    const n = cdnow.x.length;
    const perm = Array.from({ length: n }, (_, i) => i);
    let seed = 12345;
    for (let i = n - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const shuffled = fitBgNbd({ x: perm.map((i) => cdnow.x[i]), tx: perm.map((i) => cdnow.tx[i]), T: perm.map((i) => cdnow.T[i]) });
    expect(shuffled.params).toEqual(fitted.params);
    expect(shuffled.logLikelihood).toBe(fitted.logLikelihood);
  });
});

describe("BG/NBD bad input", () => {
  test("a customer with one purchase only: finite likelihood, P(alive) = 1, finite predictions", () => {
    expect(Number.isFinite(bgnbdCustomerLogLikelihood(PUBLISHED, 0, 0, 30))).toBe(true);
    expect(bgnbdProbAlive(PUBLISHED, 0, 0, 30)).toBe(1);
    expect(bgnbdConditionalExpected(PUBLISHED, 52, 0, 0, 30)).toBeGreaterThan(0);
  });

  test("all customers one-time buyers: the fit refuses with NA instead of returning a boundary estimate", () => {
    let error: unknown;
    try {
      fitBgNbd({ x: [0, 0, 0], tx: [0, 0, 0], T: [10, 20, 30] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).code).toBe("NA");
    expect((error as CrmError).message).toMatch(/one-time buyers/);
  });

  test("invalid parameters and customers are NUM errors", () => {
    expect(() => bgnbdExpected({ ...PUBLISHED, a: 0 }, 10)).toThrow(/parameter a/);
    expect(() => bgnbdExpected(PUBLISHED, -1)).toThrow(CrmError);
    expect(() => bgnbdProbAlive(PUBLISHED, 2, 40, 30)).toThrow(/t_x/);
    expect(() => bgnbdProbCount(PUBLISHED, 10, 1.5)).toThrow(/whole number/);
  });
});
