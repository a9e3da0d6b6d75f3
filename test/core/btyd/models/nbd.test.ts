import { bgnbdLogLikelihood } from "../../../../src/core/btyd/models/bgnbd";
import { mbgnbdLogLikelihood } from "../../../../src/core/btyd/models/mbgnbd";
import {
  fitNbd,
  nbdConditionalExpected,
  nbdExpected,
  nbdLogLikelihood,
  nbdProbAlive,
  nbdProbCount,
} from "../../../../src/core/btyd/models/nbd";
import { paretoNbdExpected, paretoNbdLogLikelihood, paretoNbdProbCount } from "../../../../src/core/btyd/models/paretonbd";
import { readNumericCsv } from "../cdnow";

const s = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
const data = { x: s["x"], tx: s["t.x"], T: s["T.cal"] };

describe("NBD: the no-dropout model nested in BG/NBD, MBG/NBD and Pareto/NBD", () => {
  const nbd = fitNbd(data);

  test("the fit converges on CDNOW with positive standard errors", () => {
    expect(nbd.converged).toBe(true);
    for (const v of Object.values(nbd.stdErrors)) expect(v).toBeGreaterThan(0);
  });

  test("BG/NBD's likelihood as a → 0 equals NBD's, whatever b (no dropout term left)", () => {
    const { r, alpha } = nbd.params;
    const ll = nbdLogLikelihood({ r, alpha }, data);
    for (const b of [0.5, 3, 55644]) expect(bgnbdLogLikelihood({ r, alpha, a: 1e-15, b }, data)).toBeCloseTo(ll, 6);
    expect(mbgnbdLogLikelihood({ r, alpha, a: 1e-15, b: 2 }, data)).toBeCloseTo(ll, 6);
    // Pareto/NBD as s → 0: lifetimes last for ever (to 1e-9 relative, the ₂F₁ route's rounding).
    expect(paretoNbdLogLikelihood({ r, alpha, s: 1e-12, beta: 10 }, data)).toBeCloseTo(ll, 4);
  });

  test("the NBD maximum is not above the nesting models' maxima on CDNOW (LL −9582.4 for BG/NBD)", () => {
    expect(nbd.logLikelihood).toBeLessThan(-9582.4);
  });

  test("predictions: P(alive) = 1, E[Y(t) | x, T] = (r+x)t/(α+T), E[X(t)] = rt/α", () => {
    const p = { r: 0.5, alpha: 10 };
    expect(nbdProbAlive(p, 3, 5, 20)).toBe(1);
    // (0.5 + 3) · 13 / (10 + 20) = 45.5 / 30
    expect(nbdConditionalExpected(p, 13, 3, 5, 20)).toBeCloseTo(45.5 / 30, 14);
    expect(nbdExpected(p, 13)).toBeCloseTo(0.65, 14);
  });

  test("P(X(t) = n): n = 0 is (α/(α+t))^r; the probabilities sum to 1 with mean rt/α", () => {
    const p = { r: 0.5, alpha: 10 };
    expect(nbdProbCount(p, 30, 0)).toBeCloseTo(Math.sqrt(10 / 40), 14);
    // n = 1: Γ(1.5)/Γ(0.5) = 0.5, times 0.5 · 0.75 = 0.1875
    expect(nbdProbCount(p, 30, 1)).toBeCloseTo(0.5 * 0.5 * 0.75, 14);
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 2000; n++) {
      total += nbdProbCount(p, 30, n);
      mean += n * nbdProbCount(p, 30, n);
    }
    expect(total).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(1.5, 8);
  });
});

describe("Pareto/NBD P(X(t) = n)", () => {
  const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  test.each([1, 39, 78])("sums to 1 over n with mean E[X(%d)]", (t) => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 3000; n++) {
      const q = paretoNbdProbCount(p, t, n);
      total += q;
      mean += n * q;
    }
    expect(total).toBeCloseTo(1, 7);
    expect(mean).toBeCloseTo(paretoNbdExpected(p, t), 4);
  });

  test("with lifetimes that cannot end (s → 0) it is the NBD's", () => {
    const immortal = { ...p, s: 1e-10 };
    for (const n of [0, 1, 5]) expect(paretoNbdProbCount(immortal, 39, n)).toBeCloseTo(nbdProbCount({ r: p.r, alpha: p.alpha }, 39, n), 8);
  });
});
