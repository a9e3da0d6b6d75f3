/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for the probabilistic models' predictions: P(alive), expected purchases and spend, model-based CLV.
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { customerLifetimeValue, gammaGammaExpectedSpend, periodRate, type GammaGammaParams } from "../core/btyd";
import { naError, numError } from "../core/errors";
import { optionalNumber, requiredNumber, spill, toExcelError } from "./coerce";
import {
  checkHistory,
  expectedNewPurchases,
  probCount,
  expectedPurchases,
  mapAligned,
  meanSpendOf,
  modelArg,
  periodDays,
  probAlive,
  readAligned,
  readParams,
  rowError,
  shaped,
  unitArg,
  type Params,
} from "./btyd";

/**
 * Probability that each customer is still alive (active) at the end of the calibration period, from BG/NBD or Pareto/NBD parameters.
 * @customfunction PALIVE
 * @param params Model parameters: a row or column of numbers (BGNBD r, alpha, a, b; PNBD r, alpha, s, beta) or the CRM.BTYDFIT spill.
 * @param x Repeat purchases of each customer.
 * @param t_x Time of each customer's last purchase, from the first.
 * @param T Time each customer has been observed, from the first purchase.
 * @param [model] BGNBD (default), PNBD, MBGNBD or NBD.
 * @returns One probability per customer.
 */
export function palive(params: any[][], x: any[][], t_x: any[][], T: any[][], model?: any): any[][] {
  return spill(() => {
    const chosen = modelArg(model);
    const p = readParams(params, "params", chosen);
    const rows = readAligned([
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
    ]);
    return mapAligned(rows, ([cx, ctx, cT]) => probAlive(chosen, p, cx as number, ctx as number, cT as number));
  });
}

/**
 * Expected purchases of each customer in the next t time units, given the history x, t_x, T (BG/NBD or Pareto/NBD).
 * @customfunction EXPPURCHASES
 * @param params Model parameters: a row or column of numbers or the CRM.BTYDFIT spill.
 * @param t Length of the forecast period in the model's time unit: one cell, or one per customer.
 * @param x Repeat purchases of each customer.
 * @param t_x Time of each customer's last purchase, from the first.
 * @param T Time each customer has been observed, from the first purchase.
 * @param [model] BGNBD (default), PNBD, MBGNBD or NBD.
 * @returns One expected number of purchases per customer.
 */
export function exppurchases(params: any[][], t: any[][], x: any[][], t_x: any[][], T: any[][], model?: any): any[][] {
  return spill(() => {
    const chosen = modelArg(model);
    const p = readParams(params, "params", chosen);
    const rows = readAligned([
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
      { name: "t", range: t },
    ]);
    return mapAligned(rows, ([cx, ctx, cT, ct]) => expectedPurchases(chosen, p, ct as number, cx as number, ctx as number, cT as number));
  });
}

/**
 * Expected repeat purchases E[X(t)] of a new customer in her first t time units (BG/NBD or Pareto/NBD).
 * @customfunction EXPNEWPURCHASES
 * @param params Model parameters: a row or column of numbers or the CRM.BTYDFIT spill.
 * @param t Time since the first purchase: one cell or a range (results laid out like it).
 * @param [model] BGNBD (default), PNBD, MBGNBD or NBD.
 * @returns One expected number of purchases per t.
 */
export function expnewpurchases(params: any[][], t: any[][], model?: any): any[][] {
  return spill(() => {
    const chosen = modelArg(model);
    const p = readParams(params, "params", chosen);
    return mapAligned(readAligned([{ name: "t", range: t }]), ([ct]) => expectedNewPurchases(chosen, p, ct as number));
  });
}

/**
 * Probability P(X(t) = n) that a new customer makes exactly n repeat purchases in her first t time units (BG/NBD by default; MBG/NBD, Pareto/NBD or NBD).
 * @customfunction PNPURCHASES
 * @param params Model parameters (BG/NBD r, alpha, a, b): a row or column of numbers or the CRM.BTYDFIT spill.
 * @param t Time since the first purchase: one cell or a range.
 * @param n Number of repeat purchases (whole number ≥ 0): one cell or a range.
 * @param [model] BGNBD (default), PNBD, MBGNBD or NBD.
 * @returns One probability per t and n.
 */
export function pnpurchases(params: any[][], t: any[][], n: any[][], model?: any): any[][] {
  return spill(() => {
    const chosen = modelArg(model);
    const p = readParams(params, "params", chosen);
    const rows = readAligned([
      { name: "t", range: t },
      { name: "n", range: n },
    ]);
    return mapAligned(rows, ([ct, cn]) => probCount(chosen, p, ct as number, cn as number));
  });
}

/**
 * Gamma-Gamma expected average spend per future purchase of each customer: (gamma + x·mean_spend)·p / (p·x + q − 1); for x = 0 the population mean p·gamma/(q − 1).
 * @customfunction EXPSPEND
 * @param gg_params Gamma-Gamma parameters p, q, gamma: a row or column of numbers or the CRM.BTYDFIT GG spill.
 * @param x Repeat purchases of each customer.
 * @param mean_spend Mean repeat spend of each customer (blank or 0 when x = 0).
 * @returns One expected spend per customer.
 */
export function expspend(gg_params: any[][], x: any[][], mean_spend: any[][]): any[][] {
  return spill(() => {
    const gg = readSpendParams(gg_params);
    const rows = readAligned([
      { name: "x", range: x },
      { name: "mean_spend", range: mean_spend, blankAllowed: true },
    ]);
    return mapAligned(rows, ([cx, m]) => gammaGammaExpectedSpend(gg as GammaGammaParams, cx as number, meanSpendOf(cx as number, m)));
  });
}

/** Gamma-Gamma parameters with q > 1 (else the mean spend is infinite), checked once for the whole call. */
function readSpendParams(range: unknown): Params {
  const gg = readParams(range, "gg_params", "gammagamma");
  if (!(gg.q > 1)) throw numError(`gg_params: q must be greater than 1 for a finite expected spend (got ${gg.q})`);
  return gg;
}

/**
 * Lifetime value of each customer over the next horizon periods: margin × Gamma-Gamma expected spend × expected purchases in each period (BG/NBD or Pareto/NBD), discounted at the annual rate converted to the period ((1+d)^(days/365.25) − 1), each period's purchases valued at its end.
 * @customfunction BTYDCLV
 * @param params Transaction model parameters: a row or column of numbers or the CRM.BTYDFIT spill.
 * @param gg_params Gamma-Gamma parameters p, q, gamma: numbers or the CRM.BTYDFIT GG spill.
 * @param x Repeat purchases of each customer.
 * @param t_x Time of each customer's last purchase, from the first (in the model's time unit).
 * @param T Time each customer has been observed, from the first purchase (in the model's time unit).
 * @param mean_spend Mean repeat spend of each customer (blank or 0 when x = 0).
 * @param horizon Number of periods to value (whole number ≥ 1).
 * @param annual_discount_rate Discount rate per year, e.g. 0.1.
 * @param [margin] Margin on spend (default 1: the value is revenue).
 * @param [model] BGNBD (default), PNBD, MBGNBD or NBD.
 * @param [unit] Time unit of the model, t_x and T: DAY, WEEK (default), MONTH or a number of days.
 * @param [period] Period of the horizon: MONTH (default, 365.25/12 days), WEEK, QUARTER, YEAR or a number of days.
 * @returns One lifetime value per customer.
 */
export function btydclv(
  params: any[][],
  gg_params: any[][],
  x: any[][],
  t_x: any[][],
  T: any[][],
  mean_spend: any[][],
  horizon: any,
  annual_discount_rate: any,
  margin?: any,
  model?: any,
  unit?: any,
  period?: any,
): any[][] {
  return spill(() => {
    const chosen = modelArg(model);
    const p = readParams(params, "params", chosen);
    const gg = readSpendParams(gg_params);
    const periods = requiredNumber(horizon, "horizon");
    if (!(Number.isInteger(periods) && periods >= 1)) throw numError(`horizon must be a whole number of periods ≥ 1 (got ${periods})`);
    const days = periodDays(period);
    const options = {
      periods,
      periodLength: days / unitArg(unit).days,
      discountRate: periodRate(requiredNumber(annual_discount_rate, "annual_discount_rate"), days),
      margin: optionalNumber(margin, "margin", 1),
    };
    const input = readAligned([
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
      { name: "mean_spend", range: mean_spend, blankAllowed: true },
    ]);
    // Valid rows go to the core in one call (it shares the work between equal histories).
    const good: number[] = [];
    const out: unknown[] = input.rows.map((row, i) => {
      if (row === null) return "";
      try {
        if (!Array.isArray(row)) throw row;
        const [cx, ctx, cT, m] = row;
        checkHistory(cx as number, ctx as number, cT as number);
        meanSpendOf(cx as number, m);
        good.push(i);
        return undefined;
      } catch (error) {
        return toExcelError(rowError(error, i, input.n));
      }
    });
    if (good.length > 0) {
      const rowsOk = good.map((i) => input.rows[i] as (number | null)[]);
      const data = {
        x: rowsOk.map((r) => r[0] as number),
        tx: rowsOk.map((r) => r[1] as number),
        T: rowsOk.map((r) => r[2] as number),
        meanSpend: rowsOk.map((r) => meanSpendOf(r[0] as number, r[3])),
      };
      const result = customerLifetimeValue({ model: chosen, params: p }, gg as GammaGammaParams, data, options);
      good.forEach(
        (i, j) =>
          (out[i] = Number.isFinite(result.clv[j]) ? result.clv[j] : toExcelError(naError("the lifetime value is not a finite number"))),
      );
    }
    return shaped(out, input.asRow);
  });
}
