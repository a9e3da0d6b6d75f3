import { transactionModel, TRANSACTION_MODEL_NAMES, TRANSACTION_MODELS } from "../../../../src/core/btyd/models/registry";
import { compressTriples } from "../../../../src/core/btyd/prep";
import { CrmError } from "../../../../src/core/errors";
import { readNumericCsv } from "../cdnow";

const s = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
const data = { x: s["x"], tx: s["t.x"], T: s["T.cal"] };
const PARAMS: Record<string, Record<string, number>> = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  mbgnbd: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 },
  paretonbd: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  nbd: { r: 0.385, alpha: 12.07 },
};

describe.each(TRANSACTION_MODEL_NAMES)("the common interface: %s", (name) => {
  const m = transactionModel(name, PARAMS[name]);
  const c = compressTriples(data);

  test("P(alive) on a time grid equals P(alive) customer by customer", () => {
    const onTimes = m.probAliveOnTimes(c.times);
    for (let j = 0; j < c.x.length; j += 7) {
      expect(onTimes(c.x[j], c.txTime[j], c.TTime[j])).toBeCloseTo(m.probAlive(c.x[j], c.tx[j], c.T[j]), 12);
    }
  });

  test("E[Y(t) | x, t_x, T] = P(alive) · E[Y(t) | alive, x, T]", () => {
    for (const [x, tx, T] of [
      [0, 0, 38],
      [2, 30.43, 38.86],
      [10, 35, 36],
    ]) {
      expect(m.conditionalExpected(39, x, tx, T)).toBeCloseTo(m.probAlive(x, tx, T) * m.expectedIfAlive(39, x, T), 12);
    }
  });

  test("the fit is the model's own and lists the parameters in the interface's order", () => {
    expect(Object.keys(PARAMS[name])).toEqual(TRANSACTION_MODELS[name].paramNames);
  });
});

describe("transactionModel refuses what it cannot use", () => {
  test("an unknown model: VALUE naming the choices", () => {
    expect(() => transactionModel("gammagamma", { p: 1, q: 2, gamma: 3 })).toThrow(
      /not a transaction model \(bgnbd, mbgnbd, paretonbd, nbd\)/,
    );
  });

  test("a missing or non-positive parameter: NUM naming it", () => {
    let error: unknown;
    try {
      transactionModel("mbgnbd", { r: 1, alpha: 2, a: 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).code).toBe("NUM");
    expect((error as CrmError).message).toMatch(/MBG\/NBD parameter b must be a positive finite number/);
  });
});
