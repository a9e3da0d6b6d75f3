/// <reference types="custom-functions-runtime" />
/**
 * CRM.BTYDINTERVAL: P(alive) and expected purchases per customer with prediction intervals. The
 * prediction functions (CRM.PALIVE …) take parameters only, not their covariance, so this one fits
 * the model itself (as CRM.BTYDFITSTATS does) and hands the fit to the core's parametric
 * simulation (src/core/btyd/intervals.ts). A fixed default seed keeps it non-volatile: the same
 * arguments give the same numbers on every recalculation. The metadata plugin reads this file's
 * JSDoc too (webpack.config.js); zh-cn.json translates it.
 */
import { predictionIntervals, TRANSACTION_MODELS, transactionModel, type CustomerTriples } from "../core/btyd";
import { naError, numError } from "../core/errors";
import { checkHistory, fitRows, modelArg, readAligned } from "./btyd";
import { optionalInteger, optionalNumber, spill, toExcelError } from "./coerce";
import { MODEL_CODE } from "./btyd-compare";

/** 52 weeks: a year in CRM.BTYDDATA's default unit. */
const DEFAULT_HORIZON = 52;
const DEFAULT_DRAWS = 1000;
const DEFAULT_SEED = 1;
/** Enough for stable 99 % bounds; more would keep Excel's calculation thread busy for minutes. */
const MAX_DRAWS = 10000;

/**
 * Fits BG/NBD, MBG/NBD, Pareto/NBD or NBD to per-customer summaries x, t_x, T and gives, per customer, P(alive) and the expected purchases over the horizon, each with the estimate and the low and high ends of a prediction interval. The intervals come from parametric simulation: parameter sets drawn from the fit's asymptotic normal distribution (from the Hessian), the predictions recomputed for each; they cover the uncertainty of the estimates, not of the customer's future purchases. Seeded, so a recalculation gives the same numbers. Blank rows stay blank.
 * @customfunction BTYDINTERVAL
 * @param x Repeat purchases of each customer (whole number ≥ 0).
 * @param t_x Time of each customer's last purchase, from the first.
 * @param T Time each customer has been observed, from the first purchase.
 * @param [model] BGNBD (default), PNBD, MBGNBD or NBD.
 * @param [level] Coverage of each interval, between 0 and 1; default 0.9.
 * @param [horizon] Forecast period for the expected purchases, in the unit of t_x and T; default 52 (a year in weeks).
 * @param [draws] Parameter draws, 10 to 10000; default 1000.
 * @param [seed] Seed of the random draws (whole number ≥ 0); default 1. Another seed gives other draws.
 * @returns One row per customer: PAlive, PAliveLow, PAliveHigh, ExpPurchases, ExpPurchasesLow, ExpPurchasesHigh.
 */
export function btydinterval(
  x: any[][],
  t_x: any[][],
  T: any[][],
  model?: any,
  level?: any,
  horizon?: any,
  draws?: any,
  seed?: any,
): any[][] {
  return spill(() => {
    const chosen = modelArg(model);
    // Argument errors before the fit, which takes a while on many customers.
    const coverage = optionalNumber(level, "level", 0.9);
    if (!(coverage > 0 && coverage < 1)) throw numError(`level must be between 0 and 1, e.g. 0.9 for 90 % (got ${coverage})`);
    const length = optionalNumber(horizon, "horizon", DEFAULT_HORIZON);
    if (!(length > 0 && Number.isFinite(length)))
      throw numError(`horizon must be a positive length in the unit of t_x and T (got ${length})`);
    const drawCount = optionalInteger(draws, "draws", DEFAULT_DRAWS);
    if (!(drawCount >= 10 && drawCount <= MAX_DRAWS)) throw numError(`draws must be between 10 and ${MAX_DRAWS} (got ${drawCount})`);
    const seedValue = optionalInteger(seed, "seed", DEFAULT_SEED);
    if (!(seedValue >= 0 && seedValue < 2 ** 32)) throw numError(`seed must be a whole number from 0 to 4294967295 (got ${seedValue})`);

    const aligned = readAligned([
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
    ]);
    const rows = fitRows(aligned, ([cx, ctx, cT]) => checkHistory(cx as number, ctx as number, cT as number));
    if (rows.length === 0) throw naError("no customers: x, t_x and T are blank");
    const data: CustomerTriples = {
      x: rows.map((r) => r[0] as number),
      tx: rows.map((r) => r[1] as number),
      T: rows.map((r) => r[2] as number),
    };
    const fit = TRANSACTION_MODELS[chosen].fit(data);
    if (!fit.converged) {
      throw numError(
        `${MODEL_CODE[chosen]} did not converge (${fit.message}), so its intervals would mislead; CRM.BTYDCOMPARE names a model that fits`,
      );
    }
    const intervals = predictionIntervals(fit, data, length, { level: coverage, draws: drawCount, seed: seedValue });
    const predictor = transactionModel(chosen, fit.params);
    const { probAlive: alive, expectedPurchases: expected } = intervals;
    let k = 0;
    return aligned.rows.map((row) => {
      if (row === null) return ["", "", "", "", "", ""];
      // fitRows kept the non-blank rows in order: the k-th of them is the fit's customer k.
      const i = k++;
      const [cx, ctx, cT] = [data.x[i], data.tx[i], data.T[i]];
      const values = [
        predictor.probAlive(cx, ctx, cT),
        alive.low[i],
        alive.high[i],
        predictor.conditionalExpected(length, cx, ctx, cT),
        expected.low[i],
        expected.high[i],
      ];
      return values.map((v) => (Number.isFinite(v) ? v : toExcelError(naError(`the result is not a finite number (${v})`))));
    });
  });
}
