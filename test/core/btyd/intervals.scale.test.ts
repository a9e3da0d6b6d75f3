/**
 * The coverage of the prediction intervals by Monte Carlo (60 simulated bases, each fitted): a
 * statistics test, in the `scale` Jest project (`npm test`, not `npm run test:unit`).
 */
import { simulateBgNbd } from "../../../bench/btyd";
import { bgnbdConditionalExpected, fitBgNbd, type BgNbdParams } from "../../../src/core/btyd/models/bgnbd";
import { predictionIntervals } from "../../../src/core/btyd/intervals";

describe("prediction intervals: coverage by simulation", () => {
  test("nominal 90 % intervals of expected holdout purchases cover the truth for 85–95 % of customers", () => {
    // 60 customer bases of 500 from a BG/NBD world with CDNOW's parameters (seeds 1…60): one base's
    // customers share its estimation error, so coverage is averaged over many bases. The truth is
    // E[Y(39 weeks) | x, t_x, T] at the true parameters; each base is fitted and 100 parameter
    // draws taken from the fit's asymptotic distribution. (This seed gives 0.909.)
    const truth: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const data = simulateBgNbd(500, truth, seed);
      const fit = fitBgNbd(data);
      const iv = predictionIntervals(fit, data, 39, { level: 0.9, draws: 100, seed });
      for (let i = 0; i < data.x.length; i++) {
        const e = bgnbdConditionalExpected(truth, 39, data.x[i], data.tx[i], data.T[i]);
        if (iv.expectedPurchases.low[i] <= e && e <= iv.expectedPurchases.high[i]) covered++;
        total++;
      }
    }
    const coverage = covered / total;
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(coverage).toBeLessThanOrEqual(0.95);
  });
});
