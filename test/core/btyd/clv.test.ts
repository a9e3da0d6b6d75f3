import { bgnbdConditionalExpected, fitBgNbd } from "../../../src/core/btyd/models/bgnbd";
import { customerLifetimeValue } from "../../../src/core/btyd/clv";
import { fitGammaGamma, gammaGammaExpectedSpend } from "../../../src/core/btyd/models/gammagamma";
import { paretoNbdProbAlive } from "../../../src/core/btyd/models/paretonbd";
import { DAYS_PER_MONTH, prepareTransactions } from "../../../src/core/btyd/prep";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { readCdnowTransactions } from "./cdnow";

const PNBD = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

describe("customerLifetimeValue", () => {
  test("Pareto/NBD by hand: 3 periods of 4 weeks, 1% per period, margin 30%", () => {
    const [x, tx, T, m] = [4, 20, 30, 25];
    const { r, alpha, s, beta } = PNBD;
    // E[Y(t) | alive] = (r+x)(β+T)/((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)).
    const ifAlive = (t: number) => (((r + x) * (beta + T)) / ((alpha + T) * (s - 1))) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1));
    const alive = paretoNbdProbAlive(PNBD, x, tx, T);
    let det = 0;
    for (let k = 1; k <= 3; k++) det += (alive * (ifAlive(4 * k) - ifAlive(4 * (k - 1)))) / 1.01 ** k;
    const spend = ((GG.gamma + x * m) * GG.p) / (GG.p * x + GG.q - 1);
    const res = customerLifetimeValue(
      { model: "paretonbd", params: PNBD },
      GG,
      { x: [x], tx: [tx], T: [T], meanSpend: [m] },
      {
        periods: 3,
        periodLength: 4,
        discountRate: 0.01,
        margin: 0.3,
      },
    );
    expect(res.discountedTransactions[0]).toBeCloseTo(det, 12);
    expect(res.expectedSpend[0]).toBeCloseTo(spend, 12);
    expect(res.clv[0]).toBeCloseTo(0.3 * spend * det, 10);
    expect(res.probAlive[0]).toBeCloseTo(alive, 14);
  });

  test("undiscounted, the transactions over the horizon are the conditional expectation E[Y(KΔ)]", () => {
    const data = { x: [0, 2, 2, 7], tx: [0, 30.43, 30.43, 35], T: [38.86, 38.86, 38.86, 38.86], meanSpend: [0, 20, 60, 35] };
    const res = customerLifetimeValue({ model: "bgnbd", params: BGNBD }, GG, data, { periods: 12, periodLength: 52 / 12, discountRate: 0 });
    for (let i = 0; i < 4; i++) {
      const e = bgnbdConditionalExpected(BGNBD, 52, data.x[i], data.tx[i], data.T[i]);
      expect(res.expectedTransactions[i]).toBeCloseTo(e, 10);
      expect(res.discountedTransactions[i]).toBeCloseTo(e, 10);
      expect(res.clv[i]).toBeCloseTo(e * gammaGammaExpectedSpend(GG, data.x[i], data.meanSpend[i]), 8);
    }
    // Customers 2 and 3 share (x, t_x, T) but not their spend.
    expect(res.clv[2]).toBeGreaterThan(res.clv[1]);
  });

  test("longer horizons never lower the value; discounting does", () => {
    const data = { x: [3], tx: [25], T: [38], meanSpend: [30] };
    const at = (periods: number, discountRate: number) =>
      customerLifetimeValue({ model: "bgnbd", params: BGNBD }, GG, data, { periods, periodLength: 4, discountRate }).clv[0];
    expect(at(24, 0.01)).toBeGreaterThan(at(12, 0.01));
    expect(at(12, 0.02)).toBeLessThan(at(12, 0.01));
  });

  test("bad options are NUM errors; a model that is not a transaction model is VALUE", () => {
    const data = { x: [1], tx: [1], T: [2], meanSpend: [10] };
    const model = { model: "bgnbd" as const, params: BGNBD };
    expect(() => customerLifetimeValue(model, GG, data, { periods: 0, periodLength: 1, discountRate: 0 })).toThrow(/periods/);
    expect(() => customerLifetimeValue(model, GG, data, { periods: 1, periodLength: 1, discountRate: -1 })).toThrow(/discount rate/);
    expect(() => customerLifetimeValue({ model: "sbg", params: {} }, GG, data, { periods: 1, periodLength: 1, discountRate: 0 })).toThrow(
      /bgnbd/,
    );
  });

  test("CDNOW end to end: BG/NBD + Gamma-Gamma from the raw transactions, 12 months at 1% a month", () => {
    const c = prepareTransactions(readCdnowTransactions(), { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
    const bg = fitBgNbd(c);
    const gg = fitGammaGamma(c);
    const res = customerLifetimeValue(bg, gg.params, c, { periods: 12, periodLength: DAYS_PER_MONTH / 7, discountRate: 0.01 });
    let total = 0;
    for (const v of res.clv) {
      expect(Number.isFinite(v) && v >= 0).toBe(true);
      total += v;
    }
    // Loose bounds: about 0.9 expected purchases per customer over the year at about $35 each.
    expect(total / c.x.length).toBeGreaterThan(10);
    expect(total / c.x.length).toBeLessThan(100);
  });
});
