import {
  fitMbgNbd,
  mbgnbdConditionalExpected,
  mbgnbdExpected,
  mbgnbdExpectedIfAlive,
  mbgnbdLogLikelihood,
  mbgnbdProbAlive,
  mbgnbdProbCount,
  type MbgNbdParams,
} from "../../../../src/core/btyd/models/mbgnbd";
import { prepareTransactions } from "../../../../src/core/btyd/prep";
import { lnBeta, lnGamma } from "../../../../src/core/btyd/special";
import { dayFromYMD } from "../../../../src/core/ingest/dates";
import { readCdnowTransactions, readNumericCsv } from "../cdnow";
import { betaIntegral } from "../quadrature";

/** BTYDplus's estimate on the CDNOW summary, also asserted (3 decimals) in lifetimes' test suite. */
const PUBLISHED: MbgNbdParams = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };

describe("MBG/NBD on CDNOW (Batislam, Denizel & Filiztekin 2007)", () => {
  test("fit from the lifetimes summary (x, t_x, T in weeks): r = 0.525, α = 6.183, a = 0.891, b = 1.614", () => {
    const s = readNumericCsv("cdnow_customers_summary_with_transactions.csv");
    const f = fitMbgNbd({ x: s["x"], tx: s["t_x"], T: s["T"] });
    expect(f.converged).toBe(true);
    expect(f.customers).toBe(2357);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(f.params[k]).toBeCloseTo(PUBLISHED[k], 3);
    for (const v of Object.values(f.stdErrors)) expect(v).toBeGreaterThan(0);
  });

  test("fit from the raw transactions (calibration to 1997-09-30) gives the same figures", () => {
    const cdnow = prepareTransactions(readCdnowTransactions(), { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
    const f = fitMbgNbd(cdnow);
    expect(f.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(f.params[k]).toBeCloseTo(PUBLISHED[k], 2);
  });
});

describe("MBG/NBD formulas against their definitions", () => {
  const p = PUBLISHED;

  test.each([
    [0, 0, 38.86],
    [2, 30.43, 38.86],
    [14, 35, 38],
  ])("log-likelihood of (x, t_x, T) = (%d, %d, %d) from the two-term sum of Beta and Gamma functions", (x, tx, T) => {
    // L = B(a, b+x+1)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).
    const nbdPart = (t: number) => Math.exp(lnGamma(p.r + x) - lnGamma(p.r) + p.r * Math.log(p.alpha) - (p.r + x) * Math.log(p.alpha + t));
    const L =
      Math.exp(lnBeta(p.a, p.b + x + 1) - lnBeta(p.a, p.b)) * nbdPart(T) +
      Math.exp(lnBeta(p.a + 1, p.b + x) - lnBeta(p.a, p.b)) * nbdPart(tx);
    expect(mbgnbdLogLikelihood(p, { x: [x], tx: [tx], T: [T] })).toBeCloseTo(Math.log(L), 10);
  });

  test("P(alive) for x = 0 is below 1: 1 / (1 + a/b · ((α+T)/α)^r)", () => {
    // (6.183 + 38.86)/6.183 = 7.28497…, ^0.525 = 2.83…; a/b = 0.55204…
    const expected = 1 / (1 + (0.891 / 1.614) * Math.pow((6.183 + 38.86) / 6.183, 0.525));
    expect(mbgnbdProbAlive(p, 0, 0, 38.86)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.3897, 4);
  });

  test.each([
    [0, 38.86, 39],
    [2, 38.86, 52],
    [10, 20, 100],
  ])("E[Y(t) | alive, x = %d, T = %d] for t = %d equals the mean over p ~ Beta(a, b+x+1) by quadrature", (x, T, t) => {
    const base = p.alpha + T;
    const g = (q: number) => -Math.expm1(-(p.r + x) * Math.log1p((q * t) / base)) / q;
    const reference = betaIntegral(p.a, p.b + x + 1, g) / Math.exp(lnBeta(p.a, p.b + x + 1));
    expect(mbgnbdExpectedIfAlive(p, t, x, T)).toBeCloseTo(reference, 8);
    expect(mbgnbdConditionalExpected(p, t, x, x === 0 ? 0 : T / 2, T)).toBeCloseTo(
      mbgnbdProbAlive(p, x, x === 0 ? 0 : T / 2, T) * reference,
      8,
    );
  });

  test.each([1, 10, 78])("P(X(%d) = n) sums to 1 and its mean is E[X(t)]", (t) => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 4000; n++) {
      const q = mbgnbdProbCount(p, t, n);
      total += q;
      mean += n * q;
    }
    expect(total).toBeCloseTo(1, 6);
    expect(mean).toBeCloseTo(mbgnbdExpected(p, t), 4);
  });

  test("E[X(t)] is b/(a+b) of the expectation of an alive customer: a new customer may drop out at once", () => {
    // By quadrature over p ~ Beta(a, b): E[(1−p)/p · (1 − (α/(α+pt))^r)].
    const t = 52;
    const g = (q: number) => ((1 - q) / q) * -Math.expm1(-p.r * Math.log1p((q * t) / p.alpha));
    const reference = betaIntegral(p.a, p.b, g) / Math.exp(lnBeta(p.a, p.b));
    expect(mbgnbdExpected(p, t)).toBeCloseTo(reference, 8);
  });
});
