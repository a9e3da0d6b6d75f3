/**
 * Benchmarks of the transaction models added beside BG/NBD and Pareto/NBD and of the prediction
 * intervals. Targets (issue 12): every transaction model on 1,000,000 simulated customers, with the
 * compression to unique triples, under 1 s; intervals (1,000 draws) for 100,000 customers under
 * 3 s and for the CDNOW sample under 2 s.
 */
import { DAYS_PER_MONTH } from "../src/core/btyd/prep";
import { periodRate } from "../src/core/btyd/clv";
import { fitGammaGamma } from "../src/core/btyd/models/gammagamma";
import { predictionIntervals } from "../src/core/btyd/intervals";
import { TRANSACTION_MODELS, TRANSACTION_MODEL_NAMES } from "../src/core/btyd/models/registry";
import { compressTriples, prepareTransactions, type CustomerTriples } from "../src/core/btyd/prep";
import { dayFromYMD } from "../src/core/ingest/dates";
import { readFileSync } from "fs";
import { join } from "path";
import { simulateBgNbd } from "./btyd";
import { measure, type BenchResult } from "./harness";

function cdnow() {
  const lines = readFileSync(join(__dirname, "../../test/core/btyd/fixtures/CDNOW_sample.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const customer: string[] = [];
  const day = new Float64Array(lines.length);
  const amount = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [id, , date, , dollars] = line.trim().split(/\s+/);
    customer.push(id);
    day[i] = dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
    amount[i] = Number(dollars);
  });
  return prepareTransactions({ customer, day, amount }, { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
}

export async function run(): Promise<BenchResult[]> {
  const world = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const sim1m: CustomerTriples = simulateBgNbd(1_000_000, world, 2005);
  const sim100k: CustomerTriples = simulateBgNbd(100_000, world, 2012);
  const results: BenchResult[] = [];
  const unique = compressTriples(sim1m).x.length.toLocaleString("en");
  for (const name of TRANSACTION_MODEL_NAMES) {
    const spec = TRANSACTION_MODELS[name];
    const fit = spec.fit(sim1m);
    const notes = `1,000,000 customers, ${unique} unique triples, converged ${fit.converged}, LL ${fit.logLikelihood.toFixed(1)}`;
    results.push(
      await measure(`btyd: ${spec.title} compress + fit, simulated 1,000,000`, () => spec.fit(sim1m), {
        runs: 3,
        warmup: 1,
        targetMs: 1000,
        notes,
      }),
    );
  }

  const fit100k = TRANSACTION_MODELS.bgnbd.fit(sim100k);
  const unique100k = compressTriples(sim100k).x.length.toLocaleString("en");
  results.push(
    await measure(
      "btyd: intervals P(alive) + E[purchases 52 wk], 1,000 draws, simulated 100,000",
      () => predictionIntervals(fit100k, sim100k, 52),
      {
        runs: 3,
        warmup: 1,
        targetMs: 3000,
        notes: `BG/NBD, ${unique100k} unique triples`,
      },
    ),
  );

  const sample = cdnow();
  const mbg = TRANSACTION_MODELS.mbgnbd.fit(sample);
  const gg = fitGammaGamma({ x: sample.x, meanSpend: sample.meanSpend });
  const month = DAYS_PER_MONTH / 7;
  const clv = { periods: 12, periodLength: month, discountRate: periodRate(0.1, DAYS_PER_MONTH) };
  results.push(
    await measure(
      "btyd: intervals P(alive) + E[purchases], 1,000 draws, CDNOW sample",
      () => predictionIntervals(mbg, sample, 12 * month),
      {
        runs: 3,
        warmup: 1,
        targetMs: 2000,
        notes: "MBG/NBD, 2,357 customers",
      },
    ),
  );
  results.push(
    await measure(
      "btyd: intervals with expected spend and 12-month CLV, 1,000 draws, CDNOW sample",
      () => predictionIntervals(mbg, sample, 12 * month, {}, { fit: gg, meanSpend: sample.meanSpend, clv }),
      { runs: 3, warmup: 1, notes: "MBG/NBD + Gamma-Gamma; CLV needs E[Y] at each of the 12 month ends" },
    ),
  );
  return results;
}
