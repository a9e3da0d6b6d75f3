import { conditionalByFrequency, frequencyHistogram, recencyFrequencyMatrix } from "../../../src/core/btyd/diagnostics";
import { transactionModel } from "../../../src/core/btyd/models/registry";
import { prepareTransactions } from "../../../src/core/btyd/prep";
import { dayFromYMD } from "../../../src/core/ingest/dates";
import { readCdnowTransactions, readNumericCsv } from "./cdnow";

const cdnow = prepareTransactions(readCdnowTransactions(), {
  calibrationEnd: dayFromYMD(1997, 9, 30),
  holdoutEnd: dayFromYMD(1998, 6, 30),
  unit: "week",
});
const bg = transactionModel("bgnbd", { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
const published = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");

describe("diagnostic tables on CDNOW", () => {
  test("frequency histogram: the published summary's counts by x = 0…6, 7+; the model's column sums to the customers", () => {
    const h = frequencyHistogram(cdnow, bg);
    const counts = new Array(8).fill(0);
    for (const x of published["x"]) counts[Math.min(x, 7)]++;
    expect(h.labels).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    expect(h.actual).toEqual(counts);
    expect(counts[0]).toBe(1411);
    expect(h.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(2357, 8);
    // FHL (2005) Figure 1: the model tracks the zero class closely (1,411 actual).
    expect(Math.abs(h.expected[0] / 1411 - 1)).toBeLessThan(0.03);
  });

  test("conditional expectations by frequency: actual means from the published x.star column", () => {
    const c = conditionalByFrequency(cdnow, bg)!;
    const sums = new Array(8).fill(0);
    const n = new Array(8).fill(0);
    published["x"].forEach((x, i) => {
      sums[Math.min(x, 7)] += published["x.star"][i];
      n[Math.min(x, 7)]++;
    });
    expect(c.customers).toEqual(n);
    c.actual.forEach((v, k) => expect(v).toBeCloseTo(sums[k] / n[k], 12));
    // Predictions rise with calibration frequency.
    for (let k = 1; k < 8; k++) expect(c.predicted[k]).toBeGreaterThan(c.predicted[k - 1]);
  });

  test("P(alive) matrix: 1 for x = 0 under BG/NBD, rising with recency, blank where x = 0 and t_x > 0", () => {
    const m = recencyFrequencyMatrix(cdnow, bg, 52, { maxFrequency: 10, steps: 10 });
    expect(m.T).toBeCloseTo(38.857, 3);
    expect(m.probAlive[0][0]).toBe(1);
    expect(Number.isNaN(m.probAlive[0][5])).toBe(true);
    for (let r = 1; r <= 10; r++) expect(m.probAlive[5][r]).toBeGreaterThan(m.probAlive[5][r - 1]);
    // At t_x = T a customer is as alive as the model allows: 1 / (1 + a/(b+x−1)) for x = 5.
    expect(m.probAlive[5][10]).toBeCloseTo(1 / (1 + 0.793 / (2.426 + 4)), 12);
  });
});
