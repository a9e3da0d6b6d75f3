/**
 * CRM.BTYDINTERVAL called as Excel calls it: the same intervals as the core's predictionIntervals
 * for the same fit, level, draws and seed; estimates at the published CDNOW fit; bad arguments as
 * Excel errors.
 */
import "./excel-globals";
import { btydinterval } from "../../src/functions/btyd-intervals";
import { predictionIntervals, TRANSACTION_MODELS, transactionModel } from "../../src/core/btyd";
import { readNumericCsv } from "../core/btyd/cdnow";
import { errorCode, OMITTED } from "./fixtures";
import { expectEachStrictEqual } from "../support/strict-equal";

const col = (values: unknown[]) => values.map((v) => [v]);
const summary = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
const data = { x: summary["x"], tx: summary["t.x"], T: summary["T.cal"] };
const [x, tx, T] = [data.x, data.tx, data.T].map(col);
const n = data.x.length;

describe("CRM.BTYDINTERVAL on the CDNOW summary", () => {
  test("defaults: BG/NBD, level 0.9, horizon 52, 1,000 draws, seed 1 — the core's intervals for the same fit", () => {
    const out = btydinterval(x, tx, T);
    const fit = TRANSACTION_MODELS.bgnbd.fit(data);
    const core = predictionIntervals(fit, data, 52, { level: 0.9, draws: 1000, seed: 1 });
    const model = transactionModel("bgnbd", fit.params);
    expect(out).toHaveLength(n);
    expectEachStrictEqual(
      out,
      data.x.map((_, i) => [
        model.probAlive(data.x[i], data.tx[i], data.T[i]),
        core.probAlive.low[i],
        core.probAlive.high[i],
        model.conditionalExpected(52, data.x[i], data.tx[i], data.T[i]),
        core.expectedPurchases.low[i],
        core.expectedPurchases.high[i],
      ]),
    );
    // Recalculation (non-volatile): the same arguments give the same numbers.
    expect(btydinterval(x, tx, T)).toEqual(out);
  });

  test("customer 1 (x 2, t_x 30.43, T 38.86): estimates at the published fit, inside their intervals", () => {
    const out = btydinterval(x, tx, T, OMITTED, OMITTED, 39, 200, 7);
    const [alive, aliveLow, aliveHigh, expected, expectedLow, expectedHigh] = out[0];
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) at r, α, a, b = 0.243, 4.414, 0.793, 2.426 = 0.7266
    expect(alive).toBeCloseTo(0.7266, 3);
    // BTYD's bgnbd.ConditionalExpectedTransactions for customer 1 over 39 weeks: 1.226
    expect(expected).toBeCloseTo(1.226, 2);
    expect(aliveLow).toBeLessThan(alive);
    expect(alive).toBeLessThan(aliveHigh);
    expect(expectedLow).toBeLessThan(expected);
    expect(expected).toBeLessThan(expectedHigh);
  });

  test("every customer: low ≤ estimate ≤ high, for all four models", () => {
    for (const model of ["BGNBD", "MBGNBD", "PNBD", "NBD"]) {
      const out = btydinterval(x, tx, T, model, OMITTED, 39, 100, 3);
      // The rows outside their intervals, checked once (an expect() per row costs seconds over the file).
      const outside = out.filter(
        ([alive, aliveLow, aliveHigh, expected, expectedLow, expectedHigh]) =>
          !(aliveLow <= alive && alive <= aliveHigh && expectedLow <= expected && expected <= expectedHigh),
      );
      expect({ model, outside }).toEqual({ model, outside: [] });
      // NBD has no dropout: P(alive) is 1 in every draw.
      if (model === "NBD") expect(out.every((r) => r[0] === 1 && r[1] === 1 && r[2] === 1)).toBe(true);
    }
  });

  test("a level of 0.5 gives narrower intervals than 0.9 (same draws: the middle half lies inside the middle 90 %)", () => {
    const wide = btydinterval(x, tx, T, "PNBD", 0.9, 39, 200, 5);
    const narrow = btydinterval(x, tx, T, "PNBD", 0.5, 39, 200, 5);
    let narrower = 0;
    const broken: number[] = [];
    wide.forEach((w, i) => {
      const m = narrow[i];
      if (!(m[0] === w[0] && w[1] <= m[1] && m[2] <= w[2] && w[4] <= m[4] && m[5] <= w[5])) broken.push(i);
      if (m[5] - m[4] < w[5] - w[4]) narrower++;
    });
    expect(broken).toEqual([]);
    expect(narrower).toBe(n);
  });

  test("another seed: the same estimates, other bounds", () => {
    const a = btydinterval(x, tx, T, OMITTED, OMITTED, 39, 100, 1);
    const b = btydinterval(x, tx, T, OMITTED, OMITTED, 39, 100, 2);
    expect(b.map((r) => [r[0], r[3]])).toEqual(a.map((r) => [r[0], r[3]]));
    expect(b[0][5]).not.toBe(a[0][5]);
  });
});

describe("CRM.BTYDINTERVAL on export-shaped input", () => {
  // CDNOW's first 300 customers with blank rows between them, as a filtered export leaves them.
  const first = 300;
  const withBlanks = (column: number[]) => column.slice(0, first).flatMap((v, i) => (i % 50 === 49 ? [[v], [""]] : [[v]]));

  test("blank rows stay blank and do not shift the customers", () => {
    const out = btydinterval(withBlanks(data.x), withBlanks(data.tx), withBlanks(data.T), OMITTED, OMITTED, 39, 100);
    const plain = btydinterval(
      col(data.x.slice(0, first)),
      col(data.tx.slice(0, first)),
      col(data.T.slice(0, first)),
      OMITTED,
      OMITTED,
      39,
      100,
    );
    expect(out).toHaveLength(first + 6);
    expect(out[50]).toEqual(["", "", "", "", "", ""]);
    expect(out.filter((r) => r[0] !== "")).toEqual(plain);
  });

  test("bad arguments: #VALUE!, #NUM! and #N/A with a message", () => {
    const code = (out: any[][]) => errorCode(out[0][0]);
    const message = (out: any[][]) => (out[0][0] as { message: string }).message;
    expect(code(btydinterval(x, tx, T, "XYZ"))).toBe("#VALUE!");
    expect(code(btydinterval(x, tx, T, OMITTED, "high"))).toBe("#VALUE!");
    expect(code(btydinterval(x, tx, T, OMITTED, 1.5))).toBe("#NUM!");
    expect(message(btydinterval(x, tx, T, OMITTED, 90))).toMatch(/level must be between 0 and 1/);
    expect(code(btydinterval(x, tx, T, OMITTED, OMITTED, 0))).toBe("#NUM!");
    expect(code(btydinterval(x, tx, T, OMITTED, OMITTED, OMITTED, 5))).toBe("#NUM!");
    expect(code(btydinterval(x, tx, T, OMITTED, OMITTED, OMITTED, 100.5))).toBe("#NUM!");
    expect(code(btydinterval(x, tx, T, OMITTED, OMITTED, OMITTED, OMITTED, -1))).toBe("#NUM!");
    // Ranges of different lengths.
    expect(code(btydinterval(x, tx, T.slice(1)))).toBe("#VALUE!");
    // A text cell and an impossible history fail the call (the fit needs every row), naming the row.
    const text = x.map((r, i) => (i === 4 ? ["two"] : r));
    expect(code(btydinterval(text, tx, T))).toBe("#VALUE!");
    expect(message(btydinterval(text, tx, T))).toMatch(/^row 5: /);
    const late = tx.map((r, i) => (i === 0 ? [50] : r));
    expect(code(btydinterval(x, late, T))).toBe("#NUM!");
    expect(message(btydinterval(x, late, T))).toMatch(/row 1: need 0 ≤ t_x ≤ T/);
    expect(code(btydinterval([[""], [""]], [[""], [""]], [[""], [""]]))).toBe("#N/A");
  });

  test("no repeat buyers: #N/A; a boundary fit: #NUM! pointing to CRM.BTYDCOMPARE, not intervals", () => {
    const zeros = col(new Array(50).fill(0));
    const thirty = col(new Array(50).fill(30));
    expect(errorCode(btydinterval(zeros, zeros, thirty)[0][0])).toBe("#N/A");
    // 40 customers buying steadily to the end, 10 never again: no dropout signal, α runs to infinity.
    const steady = (value: number) => col(Array.from({ length: 50 }, (_, i) => (i < 40 ? value : 0)));
    const out = btydinterval(steady(3), steady(29), thirty);
    expect(errorCode(out[0][0])).toBe("#NUM!");
    expect((out[0][0] as { message: string }).message).toMatch(/BGNBD did not converge .*CRM\.BTYDCOMPARE/);
  });
});
