import { fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood } from "../../../../src/core/btyd/models/gammagamma";
import { prepareTransactions } from "../../../../src/core/btyd/prep";
import { dayFromYMD } from "../../../../src/core/ingest/dates";
import { CrmError } from "../../../../src/core/errors";
import { readCdnowTransactions, readNumericCsv } from "../cdnow";

const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };

describe("Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005; note 025)", () => {
  test("fit from the raw transactions' mean repeat spend: p = 6.25, q = 3.74, γ = 15.44, LL = −4055.9 on 946 customers", () => {
    const c = prepareTransactions(readCdnowTransactions(), { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
    const f = fitGammaGamma({ x: c.x, meanSpend: c.meanSpend });
    expect(f.converged).toBe(true);
    expect(f.customers).toBe(946);
    expect(f.excluded).toEqual({ noRepeatPurchase: 2357 - 946, nonPositiveSpend: 0 });
    expect(f.params.p).toBeCloseTo(6.25, 2);
    expect(f.params.q).toBeCloseTo(3.74, 2);
    expect(f.params.gamma).toBeCloseTo(15.44, 2);
    expect(f.logLikelihood).toBeCloseTo(-4055.9, 1);
  });

  test("fit from the summary CSV (mean spend rounded to cents, which moves γ by ~0.004)", () => {
    const s = readNumericCsv("cdnow_customers_summary_with_transactions.csv");
    const f = fitGammaGamma({ x: s["x"], meanSpend: s["zbar"] });
    expect(f.converged).toBe(true);
    expect(f.customers).toBe(946);
    expect(Math.abs(f.params.p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(f.params.q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(f.params.gamma - 15.44)).toBeLessThan(0.01);
    expect(f.logLikelihood).toBeCloseTo(-4055.9, 1);
  });

  test("log-likelihood by hand (note 025 eq. 4) with whole-number parameters", () => {
    // p = 2, q = 3, γ = 5; x = 1, m = 4: Γ(5)/(Γ(2)Γ(3)) · 5³ · 4^(2−1) · 1² / (5 + 4)^5 = 12·125·4 / 59049.
    // x = 2, m = 3: Γ(7)/(Γ(4)Γ(3)) · 5³ · 3^(4−1) · 2⁴ / (5 + 6)^7 = 60·125·27·16 / 11⁷.
    const params = { p: 2, q: 3, gamma: 5 };
    expect(gammaGammaLogLikelihood(params, { x: [1], meanSpend: [4] })).toBeCloseTo(Math.log(6000 / 59049), 12);
    expect(gammaGammaLogLikelihood(params, { x: [1, 2], meanSpend: [4, 3] })).toBeCloseTo(
      Math.log(6000 / 59049) + Math.log((60 * 125 * 27 * 16) / 11 ** 7),
      12,
    );
  });

  test("expected spend: (γ + x·m_x)·p / (px + q − 1); x = 0 gives the population mean pγ/(q − 1)", () => {
    const { p, q, gamma } = PUBLISHED;
    expect(gammaGammaExpectedSpend(PUBLISHED, 2, 22.345)).toBeCloseTo(((gamma + 2 * 22.345) * p) / (2 * p + q - 1), 12);
    expect(gammaGammaExpectedSpend(PUBLISHED, 0, 99)).toBeCloseTo((p * gamma) / (q - 1), 12);
  });
});

describe("Gamma-Gamma exclusions and bad input", () => {
  test("zero and negative mean spend are excluded and counted, not clipped", () => {
    const f = fitGammaGamma({
      x: [1, 2, 3, 1, 2, 0, 4, 1, 2, 5, 3, 2],
      meanSpend: [10, 0, -4, 12, 30, 0, 18, 25, 9, 14, 22, 11],
    });
    expect(f.excluded).toEqual({ noRepeatPurchase: 1, nonPositiveSpend: 2 });
    expect(f.customers).toBe(9);
    expect(f.logLikelihood).toBeCloseTo(
      gammaGammaLogLikelihood(f.params, { x: [1, 1, 2, 4, 1, 2, 5, 3, 2], meanSpend: [10, 12, 30, 18, 25, 9, 14, 22, 11] }),
      10,
    );
  });

  test("nobody eligible: NA naming both exclusion counts", () => {
    expect(() => fitGammaGamma({ x: [0, 2], meanSpend: [0, 0] })).toThrow(/1 without repeat purchases, 1 with mean spend ≤ 0/);
  });

  test("q ≤ 1 has no finite mean spend: NUM", () => {
    let code = "";
    try {
      gammaGammaExpectedSpend({ p: 2, q: 1, gamma: 5 }, 1, 10);
    } catch (e) {
      code = (e as CrmError).code;
    }
    expect(code).toBe("NUM");
  });

  test("10,000 repeat purchases: finite likelihood and expected spend close to the customer's own mean", () => {
    const ll = gammaGammaLogLikelihood(PUBLISHED, { x: [10000], meanSpend: [35] });
    expect(Number.isFinite(ll)).toBe(true);
    expect(gammaGammaExpectedSpend(PUBLISHED, 10000, 35)).toBeCloseTo(35, 1);
  });
});
