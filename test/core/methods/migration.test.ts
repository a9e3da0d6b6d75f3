import fc from "fast-check";
import { migrationValues } from "../../../src/core/methods/migration";

const code = (expected: string) => expect.objectContaining({ code: expected });
const round2 = (v: number) => Math.round(v * 100) / 100;

describe("CRM.MIGRATION (§7.7)", () => {
  const dwyer = { purchaseProbs: [0.3, 0.2, 0.15, 0.05], margin: 40, contactCost: 4, discountRate: 0.2 };

  it("test: p = (.30, .20, .15, .05), margin 40, contact 4, d = 0.2 → V = (17.82, 9.19, 3.34, −1.26)", () => {
    expect(migrationValues(dwyer).map(round2)).toEqual([17.82, 9.19, 3.34, -1.26]);
  });

  it("satisfies the Bellman equations V_k = R_k + (p_k·V_1 + (1−p_k)·V_{k+1})/(1+d)", () => {
    const v = migrationValues(dwyer);
    const p = dwyer.purchaseProbs;
    p.forEach((pk, k) => {
      const next = k + 1 < p.length ? v[k + 1] : 0;
      expect(v[k]).toBeCloseTo(pk * 40 - 4 + (pk * v[0] + (1 - pk) * next) / 1.2, 10);
    });
  });

  it("finite horizon by summation: H = 0 is R, H = 1 adds one discounted step", () => {
    // R = (8, 4, 2, −2); V_4 at H = 1: −2 + 0.05·8/1.2; V_1: 8 + (0.3·8 + 0.7·4)/1.2
    expect(migrationValues({ ...dwyer, horizon: 0 })).toEqual([8, 4, 2, -2]);
    const v1 = migrationValues({ ...dwyer, horizon: 1 });
    expect(v1[0]).toBeCloseTo(8 + (0.3 * 8 + 0.7 * 4) / 1.2, 12);
    expect(v1[3]).toBeCloseTo(-2 + (0.05 * 8) / 1.2, 12);
  });

  it("a long finite horizon approaches the infinite one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        (probs, d) => {
          const inf = migrationValues({ purchaseProbs: probs, margin: 10, contactCost: 1, discountRate: d });
          const fin = migrationValues({ purchaseProbs: probs, margin: 10, contactCost: 1, discountRate: d, horizon: 2000 });
          inf.forEach((v, k) => expect(fin[k]).toBeCloseTo(v, 6));
        },
      ),
    );
  });

  it("one state, always buying, no discount diverges; with a loss chance it converges at d = 0", () => {
    expect(() => migrationValues({ purchaseProbs: [1], margin: 10, discountRate: 0 })).toThrow(code("NUM"));
    // K = 1, p = 0.5, d = 0: V = 5 + 0.5·V → 10
    expect(migrationValues({ purchaseProbs: [0.5], margin: 10, discountRate: 0 })[0]).toBeCloseTo(10, 12);
  });

  it("validates", () => {
    expect(() => migrationValues({ purchaseProbs: [], margin: 10 })).toThrow(code("NA"));
    expect(() => migrationValues({ purchaseProbs: [1.2], margin: 10 })).toThrow(code("NUM"));
    expect(() => migrationValues({ purchaseProbs: [0.5], margin: 10, discountRate: -1 })).toThrow(code("NUM"));
    expect(() => migrationValues({ purchaseProbs: [0.5], margin: 10, horizon: 1.5 })).toThrow(code("NUM"));
    expect(() => migrationValues({ purchaseProbs: [0.5], margin: NaN })).toThrow(code("VALUE"));
  });
});
