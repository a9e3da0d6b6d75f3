/**
 * The built functions bundle, as Excel's shared runtime would load it: evaluated in a fresh context
 * that has only the runtime globals, it must register every function of functions.json, and the
 * registered (minified) functions must still compute.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { createContext, runInContext } from "vm";
import { ExcelError, makeCustomFunctions } from "./functions/excel-globals";
import { builtDist } from "./functions/build-dist";
import { A1, columns } from "./functions/fixtures";
import { readNumericCsv } from "./core/btyd/cdnow";
import { btydinterval } from "../src/functions/btyd-intervals";

let dist: string;
const associated = new Map<string, (...args: any[]) => unknown>();

beforeAll(async () => {
  dist = await builtDist();
  const context = createContext({
    CustomFunctions: makeCustomFunctions(associated),
    Office: { onReady: () => Promise.resolve({ host: "Excel", platform: "PC" }) },
    console,
  });
  runInContext(readFileSync(join(dist, "functions.js"), "utf8"), context, { filename: "functions.js" });
});

describe("functions.js", () => {
  it("registers exactly the functions in functions.json, with their parameter counts", () => {
    const metadata = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8"));
    const ids = metadata.functions.map((f: { id: string }) => f.id);
    expect([...associated.keys()].sort()).toEqual([...ids].sort());
    for (const fn of metadata.functions) {
      expect({ id: fn.id, arity: associated.get(fn.id)!.length }).toEqual({ id: fn.id, arity: fn.parameters.length });
    }
  });

  it("computes through the registered functions (METHODS.md A.2, §7.5, §10.3 test values)", () => {
    const { ids, dates, amounts, orders } = columns(A1);
    const table = associated.get("RFM")!(ids, dates, amounts, orders, null, null, null, "en", null) as unknown[][];
    expect(table[1]).toEqual(["C01", 2, 4, 450, 4, 5, 3, 453, 4, "Loyal Customers"]);
    expect(associated.get("CLV")!(100, 0.8, 0.1, null, null, null, null, null)).toBeCloseTo(266.67, 2);
    const weights = associated.get("AHP")!(
      [
        [1, 3, 5],
        ["", 1, 3],
        ["", "", 1],
      ],
      null,
      null,
      "WEIGHTS",
    ) as number[][];
    expect(weights.map((r) => Number(r[0].toFixed(4)))).toEqual([0.637, 0.2583, 0.1047]);
  });

  it("computes the probabilistic models through the registered functions (hand-checked values)", () => {
    // BG/NBD P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) at r, α, a, b = 0.243, 4.414, 0.793, 2.426.
    const alive = associated.get("PALIVE")!([[0.243, 4.414, 0.793, 2.426]], [[2]], [[30.43]], [[38.86]], null) as number[][];
    expect(alive[0][0]).toBeCloseTo(1 / (1 + (0.793 / 3.426) * (43.274 / 34.844) ** 2.243), 12);
    // Gamma-Gamma population mean p·γ/(q − 1) for a customer without repeat purchases.
    const spend = associated.get("EXPSPEND")!(
      [
        ["p", 6.25],
        ["q", 3.74],
        ["gamma", 15.44],
      ],
      [[0]],
      [[""]],
    ) as number[][];
    expect(spend[0][0]).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it("computes prediction intervals through the registered CRM.BTYDINTERVAL (CDNOW summary), as the source does", () => {
    const summary = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
    const [x, tx, T] = [summary["x"], summary["t.x"], summary["T.cal"]].map((values) => values.map((v) => [v]));
    const out = associated.get("BTYDINTERVAL")!(x, tx, T, null, null, 39, 100, null) as number[][];
    expect(out).toHaveLength(x.length);
    // Customer 1 at the published BG/NBD fit: P(alive) 0.7266, 1.226 purchases over 39 weeks.
    const [alive, aliveLow, aliveHigh, expected, expectedLow, expectedHigh] = out[0];
    expect(alive).toBeCloseTo(0.7266, 3);
    expect(expected).toBeCloseTo(1.226, 2);
    expect(aliveLow < alive && alive < aliveHigh && expectedLow < expected && expected < expectedHigh).toBe(true);
    expect(out).toEqual(btydinterval(x, tx, T, null, null, 39, 100, null));
  });

  it("returns Excel errors from the bundle instead of throwing", () => {
    const result = associated.get("CLV")!(100, 1.2, 0.1);
    expect(result).toBeInstanceOf(ExcelError);
    expect((result as ExcelError).code).toBe("#NUM!");
  });
});
