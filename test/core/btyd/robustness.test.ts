import { bgbbLogLikelihood, bgbbProbAlive } from "../../../src/core/btyd/models/bgbb";
import {
  bgnbdConditionalExpected,
  bgnbdLogLikelihood,
  bgnbdProbAlive,
  bgnbdProbCount,
  fitBgNbd,
} from "../../../src/core/btyd/models/bgnbd";
import { customerLifetimeValue } from "../../../src/core/btyd/clv";
import { fitGammaGamma } from "../../../src/core/btyd/models/gammagamma";
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdLogLikelihood,
  paretoNbdProbAlive,
} from "../../../src/core/btyd/models/paretonbd";
import { prepareTransactions } from "../../../src/core/btyd/prep";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { CrmError } from "../../../src/core/errors";
import { readCdnowTransactions } from "./cdnow";

/** CDNOW plus one customer who bought on each of 10,000 consecutive days, the last on the calibration end. */
function withHeavyBuyer() {
  const t = readCdnowTransactions();
  const end = dayFromYMD(1997, 9, 30);
  const n = 10000;
  const customer = [...t.customer, ...Array.from({ length: n }, () => "HEAVY")];
  const day = Float64Array.from([...t.day, ...Array.from({ length: n }, (_, i) => end - n + 1 + i)]);
  const amount = Float64Array.from([...t.amount, ...Array.from({ length: n }, (_, i) => 10 + (i % 7))]);
  return prepareTransactions({ customer, day, amount }, { calibrationEnd: end, unit: "week" });
}

describe("10,000 purchases by one customer", () => {
  const c = withHeavyBuyer();
  const h = c.id.indexOf("HEAVY");

  test("the summary counts 9,999 repeat purchase days", () => {
    expect(c.x[h]).toBe(9999);
    expect(c.tx[h]).toBe(c.T[h]);
  });

  test("likelihoods, fits and predictions stay finite (no overflow, no NaN)", () => {
    const bg = fitBgNbd(c);
    const pn = fitParetoNbd(c);
    const gg = fitGammaGamma(c);
    for (const f of [bg, pn, gg]) {
      expect(f.converged).toBe(true);
      expect(Number.isFinite(f.logLikelihood)).toBe(true);
      for (const v of Object.values(f.params)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(Number.isFinite(bgnbdLogLikelihood(bg.params, c))).toBe(true);
    expect(Number.isFinite(paretoNbdLogLikelihood(pn.params, c))).toBe(true);
    const [x, tx, T] = [c.x[h], c.tx[h], c.T[h]];
    // Bought on the last day: under BG/NBD only the dropout after that purchase is in doubt.
    const { a, b } = bg.params;
    expect(bgnbdProbAlive(bg.params, x, tx, T)).toBeCloseTo((b + x - 1) / (a + b + x - 1), 12);
    expect(paretoNbdProbAlive(pn.params, x, tx, T)).toBeCloseTo(1, 12);
    // Nearly a purchase a day: 7 a week for the next 52 weeks, a little less for dropout.
    for (const e of [bgnbdConditionalExpected(bg.params, 52, x, tx, T), paretoNbdConditionalExpected(pn.params, 52, x, tx, T)]) {
      expect(e).toBeGreaterThan(300);
      expect(e).toBeLessThan(7 * 52 + 1);
    }
    const clv = customerLifetimeValue(bg, gg.params, c, { periods: 12, periodLength: 52 / 12, discountRate: 0.01 }).clv;
    expect(clv.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});

describe("10,000 transactions in the other models", () => {
  test("BG/BB with 10,000 opportunities and P(X(t) = 10,000) under BG/NBD are finite", () => {
    const bgbb = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    const data = { x: [10000, 5000, 1], tx: [10000, 9000, 1], n: [10000, 10000, 10000] };
    expect(Number.isFinite(bgbbLogLikelihood(bgbb, data))).toBe(true);
    for (let i = 0; i < 3; i++) {
      const p = bgbbProbAlive(bgbb, data.x[i], data.tx[i], data.n[i]);
      expect(p >= 0 && p <= 1).toBe(true);
    }
    const pn = bgnbdProbCount({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 52, 10000);
    expect(Number.isFinite(pn) && pn >= 0 && pn < 1e-100).toBe(true);
  });
});

describe("degenerate data", () => {
  test("everyone bought once: each fit says so (NA) instead of returning a boundary estimate", () => {
    const day = dayFromYMD(2024, 1, 1);
    const t = {
      customer: ["a", "b", "c"],
      day: Float64Array.from([day, day + 5, day + 9]),
      amount: Float64Array.from([10, 20, 30]),
    };
    const c = prepareTransactions(t, { calibrationEnd: day + 30, unit: "day" });
    for (const fit of [() => fitBgNbd(c), () => fitParetoNbd(c), () => fitGammaGamma(c)]) {
      let error: unknown;
      try {
        fit();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CrmError);
      expect((error as CrmError).code).toBe("NA");
    }
  });

  test("a maximum on the boundary is reported as not converged", () => {
    // Nobody made a second repeat purchase: the likelihood keeps rising as a/(a+b) → 1 (certain
    // dropout after a repeat purchase), so there is no interior maximum.
    const f = fitBgNbd({ x: [0, 0, 0, 0, 1], tx: [0, 0, 0, 0, 3], T: [10, 10, 10, 10, 10] });
    expect(f.converged).toBe(false);
    expect(f.message).toMatch(/parameter a ran towards infinity|Hessian is not positive definite/);
    expect(Number.isFinite(f.logLikelihood)).toBe(true);
  });
});
