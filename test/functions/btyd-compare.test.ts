/**
 * CRM.BTYDCOMPARE and the MBGNBD / NBD model codes of the BTYD functions, called as Excel calls them.
 */
import "./excel-globals";
import { btydcompare, btydfitstats } from "../../src/functions/btyd-fit";
import { expnewpurchases, exppurchases, palive, pnpurchases } from "../../src/functions/btyd-predict";
import { readNumericCsv } from "../core/btyd/cdnow";
import { errorCode, OMITTED } from "./fixtures";

const col = (values: unknown[]) => values.map((v) => [v]);
const summary = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
const [x, tx, T, xStar] = [summary["x"], summary["t.x"], summary["T.cal"], summary["x.star"]].map(col);

describe("CRM.BTYDCOMPARE on the CDNOW summary", () => {
  const out = btydcompare(x, tx, T, xStar, 39);

  test("header, one row per model (BGNBD, MBGNBD, PNBD, NBD), then the recommendation", () => {
    expect(out[0]).toEqual([
      "Model",
      "Parameters",
      "LogLikelihood",
      "AIC",
      "BIC",
      "Converged",
      "HoldoutActual",
      "HoldoutPredicted",
      "TotalError",
      "MAE",
      "Problem",
    ]);
    expect(out.slice(1, 5).map((r) => r[0])).toEqual(["BGNBD", "MBGNBD", "PNBD", "NBD"]);
    expect(out[1][2]).toBeCloseTo(-9582.4, 1);
    expect(out[3][2]).toBeCloseTo(-9595.0, 1);
    for (const row of out.slice(1, 5)) expect(row[6]).toBe(1882);
    expect(out[5].slice(0, 2)).toEqual(["Recommended", "PNBD"]);
    expect(out[5][2]).toMatch(/smallest per-customer holdout error/);
    expect(out.every((r) => r.length === 11)).toBe(true);
  });

  test("without the holdout: lowest BIC (MBGNBD), holdout columns blank", () => {
    const noHoldout = btydcompare(x, tx, T, OMITTED, OMITTED, false);
    expect(noHoldout).toHaveLength(5);
    expect(noHoldout[0][6]).toBe("");
    expect(noHoldout[4].slice(0, 2)).toEqual(["Recommended", "MBGNBD"]);
  });

  test("x_holdout without holdout_length: #VALUE! naming the argument", () => {
    const e = btydcompare(x, tx, T, xStar, OMITTED);
    expect(errorCode(e[0][0])).toBe("#VALUE!");
  });
});

describe("MBGNBD and NBD in the BTYD functions", () => {
  test("CRM.BTYDFITSTATS with MBGNBD gives BTYDplus's r 0.525, alpha 6.183, a 0.891, b 1.614", () => {
    const fit = btydfitstats(x, tx, T, OMITTED, "MBGNBD");
    const value = (name: string) => fit.find((r) => r[0] === name)![1];
    expect(value("r")).toBeCloseTo(0.525, 3);
    expect(value("alpha")).toBeCloseTo(6.183, 2);
    expect(value("a")).toBeCloseTo(0.891, 3);
    expect(value("b")).toBeCloseTo(1.614, 2);
  });

  test("CRM.PALIVE with MBG/NBD: a customer without repeat purchases, 1 / (1 + a/b ((α+T)/α)^r)", () => {
    // ((6.183 + 38.86)/6.183)^0.525 = 7.284975^0.525 = 2.836447; · 0.891/1.614 = 1.565845; 1/2.565845 = 0.389735
    expect(palive([[0.525, 6.183, 0.891, 1.614]], [[0]], [[0]], [[38.86]], "MBG/NBD")[0][0]).toBeCloseTo(0.389735, 6);
  });

  test("NBD: P(alive) 1, E[Y(t) | x, T] = (r+x)t/(α+T), E[X(t)] = rt/α", () => {
    expect(palive([[0.5, 10]], [[3]], [[5]], [[20]], "NBD")[0][0]).toBe(1);
    // (0.5 + 3) · 13 / 30
    expect(exppurchases([[0.5, 10]], [[13]], [[3]], [[5]], [[20]], "NBD")[0][0]).toBeCloseTo(45.5 / 30, 12);
    expect(expnewpurchases([[0.5, 10]], [[13]], "NBD")[0][0]).toBeCloseTo(0.65, 12);
  });

  test("CRM.PNPURCHASES with NBD: Γ(1.5)/Γ(0.5) · (10/40)^0.5 · (30/40) = 0.5 · 0.5 · 0.75 = 0.1875", () => {
    expect(pnpurchases([[0.5, 10]], [[30]], [[1]], "NBD")[0][0]).toBeCloseTo(0.1875, 12);
    // The default stays BG/NBD.
    expect(pnpurchases([[0.243, 4.414, 0.793, 2.426]], [[39]], [[0]])[0][0]).toBeCloseTo(0.5738, 3);
  });
});
