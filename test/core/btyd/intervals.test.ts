/** Prediction intervals on CDNOW; their coverage by simulation is in intervals.scale.test.ts. */
import { customerLifetimeValue, periodRate } from "../../../src/core/btyd/clv";
import { fitGammaGamma } from "../../../src/core/btyd/models/gammagamma";
import { predictionIntervals } from "../../../src/core/btyd/intervals";
import { fitMbgNbd } from "../../../src/core/btyd/models/mbgnbd";
import { DAYS_PER_MONTH, prepareTransactions } from "../../../src/core/btyd/prep";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { readCdnowTransactions } from "./cdnow";

describe("prediction intervals on CDNOW", () => {
  const tx = readCdnowTransactions();
  const cdnow = prepareTransactions(tx, { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
  const fit = fitMbgNbd(cdnow);
  const gg = fitGammaGamma({ x: cdnow.x, meanSpend: cdnow.meanSpend });
  const month = DAYS_PER_MONTH / 7;
  const clvOptions = { periods: 12, periodLength: month, discountRate: periodRate(0.1, DAYS_PER_MONTH) };
  const iv = predictionIntervals(
    fit,
    cdnow,
    12 * month,
    { level: 0.9, draws: 300, seed: 7 },
    { fit: gg, meanSpend: cdnow.meanSpend, clv: clvOptions },
  );
  const point = customerLifetimeValue(fit, gg.params, cdnow, clvOptions);

  test("the point estimates lie inside their intervals (almost always: the draws are centred on them)", () => {
    const n = cdnow.x.length;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const ok =
        iv.probAlive.low[i] <= point.probAlive[i] &&
        point.probAlive[i] <= iv.probAlive.high[i] &&
        iv.expectedPurchases.low[i] <= point.expectedTransactions[i] &&
        point.expectedTransactions[i] <= iv.expectedPurchases.high[i] &&
        iv.clv!.low[i] <= point.clv[i] &&
        point.clv[i] <= iv.clv!.high[i];
      if (ok) inside++;
    }
    expect(inside / n).toBeGreaterThan(0.98);
  });

  test("wider at a higher level, and the same numbers again with the same seed", () => {
    const again = predictionIntervals(fit, cdnow, 12 * month, { level: 0.9, draws: 300, seed: 7 });
    expect(Array.from(again.expectedPurchases.low)).toEqual(Array.from(iv.expectedPurchases.low));
    const wide = predictionIntervals(fit, cdnow, 12 * month, { level: 0.99, draws: 300, seed: 7 });
    for (let i = 0; i < 50; i++) {
      expect(wide.expectedPurchases.low[i]).toBeLessThanOrEqual(iv.expectedPurchases.low[i]);
      expect(wide.expectedPurchases.high[i]).toBeGreaterThanOrEqual(iv.expectedPurchases.high[i]);
    }
  });

  test("a fit without standard errors cannot give intervals: NUM with the reason", () => {
    const flat = { ...fit, logCovariance: undefined, message: "the Hessian is not positive definite" };
    expect(() => predictionIntervals(flat, cdnow, 52)).toThrow(/no standard errors/);
  });
});
