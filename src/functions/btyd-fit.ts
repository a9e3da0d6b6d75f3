/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for the probabilistic models' data and fits: BTYDDATA, BTYDFIT, BTYDFITSTATS, BTYDCOMPARE.
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it. Argument handling is in btyd.ts, the
 * models in core/btyd. `amounts` comes before the required calibration end, so its metadata says
 * required although it may be left empty: Excel refuses to load an add-in whose metadata has an
 * optional parameter before a required one (office-js#1749).
 */
import { prepareTransactions } from "../core/btyd";
import { naError, numError, valueError } from "../core/errors";
import { isOmitted, optionalBoolean, optionalDay, optionalNumber, spill } from "./coerce";
import {
  calibrationEndArg,
  checkHistory,
  fitModel,
  fitRows,
  fitSpill,
  meanSpendOf,
  modelArg,
  readAligned,
  unitArg,
  type AlignedInput,
} from "./btyd";
import { compareSpill } from "./btyd-compare";
import { idCellsByKey, readPurchases } from "./transactions";

const BTYDDATA_HEADER = ["CustomerID", "x", "t_x", "T", "mean_spend", "x_holdout"];

/**
 * Per-customer purchase history for the probability models: repeat purchase days x, time of the last purchase t_x and time observed T (in the chosen unit, from the first purchase), mean repeat spend and, with a holdout end, purchase days in the holdout. Every dated row is a purchase (leave returns out); same-day purchases count once. Rows without a customer or a readable date (or amount, when amounts are given) are skipped.
 * @customfunction BTYDDATA
 * @param customer_ids Customer id of each transaction row.
 * @param order_dates Order date of each row (Excel date or date text).
 * @param amounts Amount of each row, for the mean repeat spend; may be left empty (,,) when only purchase counts matter.
 * @param calibration_end Last day of the calibration period (required; never defaults to today).
 * @param [holdout_end] Last day of a holdout period after the calibration end; adds the x_holdout column.
 * @param [unit] Time unit: DAY, WEEK (default), MONTH (365.25/12 days) or a number of days.
 * @param [headers] TRUE (default) for a header row.
 * @returns Table: CustomerID, x, t_x, T, mean_spend (0 when x = 0, blank without amounts), x_holdout.
 */
export function btyddata(
  customer_ids: any[][],
  order_dates: any[][],
  amounts: any[][],
  calibration_end: any,
  holdout_end?: any,
  unit?: any,
  headers?: any,
): any[][] {
  return spill(() => {
    const timeUnit = unitArg(unit);
    const withHeader = optionalBoolean(headers, "headers", true);
    const calibrationEnd = calibrationEndArg(calibration_end);
    const holdoutEnd = optionalDay(holdout_end, "holdout_end");
    const withAmounts = !isOmitted(amounts);
    const ranges = readPurchases(customer_ids, order_dates, amounts);
    const c = prepareTransactions(ranges.tx, { calibrationEnd, holdoutEnd, unit: timeUnit.unit });
    const ids = idCellsByKey(ranges, c.id);
    const rows: any[][] = withHeader ? [BTYDDATA_HEADER.slice(0, c.xStar ? 6 : 5)] : [];
    ids.forEach((id, i) => {
      const row: any[] = [id, c.x[i], c.tx[i], c.T[i], withAmounts ? c.meanSpend[i] : ""];
      if (c.xStar) row.push(c.xStar[i]);
      rows.push(row);
    });
    return rows;
  });
}

/**
 * Fits BG/NBD, Pareto/NBD or Gamma-Gamma to transactions up to the calibration end: rows name · value · standard error for each parameter, then LogLikelihood, Customers, Excluded, Converged (with the optimiser's message), Iterations and Unit. Every dated row is a purchase (leave returns out). Pass the spill as params to CRM.PALIVE, CRM.EXPPURCHASES or CRM.BTYDCLV.
 * @customfunction BTYDFIT
 * @param customer_ids Customer id of each transaction row.
 * @param order_dates Order date of each row (Excel date or date text).
 * @param amounts Amount of each row; needed for GG (mean repeat spend), may be left empty (,,) for BGNBD and PNBD.
 * @param calibration_end Last day of the calibration period (required; never defaults to today).
 * @param [model] BGNBD (default; r, alpha, a, b), PNBD (r, alpha, s, beta), GG (p, q, gamma), MBGNBD (r, alpha, a, b) or NBD (r, alpha).
 * @param [unit] Time unit: DAY, WEEK (default), MONTH (365.25/12 days) or a number of days.
 * @param [headers] TRUE (default) for a header row Parameter, Value, StdError.
 * @returns (k+6)×3 table of estimates and fit statistics, under a header row when headers is TRUE.
 */
export function btydfit(
  customer_ids: any[][],
  order_dates: any[][],
  amounts: any[][],
  calibration_end: any,
  model?: any,
  unit?: any,
  headers?: any,
): any[][] {
  return spill(() => {
    const chosen = modelArg(model, true);
    const timeUnit = unitArg(unit);
    const withHeader = optionalBoolean(headers, "headers", true);
    const calibrationEnd = calibrationEndArg(calibration_end);
    if (chosen === "gammagamma" && isOmitted(amounts)) throw valueError("model GG needs amounts: it fits the mean repeat spend");
    const ranges = readPurchases(customer_ids, order_dates, amounts);
    const c = prepareTransactions(ranges.tx, { calibrationEnd, unit: timeUnit.unit });
    return fitSpill(fitModel(chosen, c), chosen, {
      headers: withHeader,
      excluded: c.excluded,
      skippedRows: ranges.skipped,
      unit: [timeUnit.label, timeUnit.days],
    });
  });
}

/**
 * Fits BG/NBD, Pareto/NBD or Gamma-Gamma to per-customer summaries x, t_x, T (and mean spend for GG), with the same output as CRM.BTYDFIT. Blank rows are skipped.
 * @customfunction BTYDFITSTATS
 * @param x Repeat purchases of each customer (whole number ≥ 0).
 * @param t_x Time of each customer's last purchase, from the first.
 * @param T Time each customer has been observed, from the first purchase.
 * @param [mean_spend] Mean repeat spend of each customer; needed for GG (blank or 0 when x = 0).
 * @param [model] BGNBD (default), PNBD, GG, MBGNBD or NBD.
 * @param [headers] TRUE (default) for a header row Parameter, Value, StdError.
 * @returns (k+6)×3 table of estimates and fit statistics, under a header row when headers is TRUE.
 */
export function btydfitstats(x: any[][], t_x: any[][], T: any[][], mean_spend?: any[][], model?: any, headers?: any): any[][] {
  return spill(() => {
    const chosen = modelArg(model, true);
    const withHeader = optionalBoolean(headers, "headers", true);
    const spend = chosen === "gammagamma";
    if (spend && isOmitted(mean_spend)) throw valueError("model GG needs mean_spend");
    const inputs: AlignedInput[] = [
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
    ];
    if (spend) inputs.push({ name: "mean_spend", range: mean_spend, blankAllowed: true });
    const rows = fitRows(readAligned(inputs), ([cx, ctx, cT, m]) => {
      checkHistory(cx as number, ctx as number, cT as number);
      if (spend) meanSpendOf(cx as number, m);
    });
    if (rows.length === 0) throw naError("no customers: x, t_x and T are blank");
    const x0 = rows.map((r) => r[0] as number);
    const data = {
      x: x0,
      tx: rows.map((r) => r[1] as number),
      T: rows.map((r) => r[2] as number),
      meanSpend: rows.map((r, i) => (spend ? meanSpendOf(x0[i], r[3]) : 0)),
    };
    return fitSpill(fitModel(chosen, data), chosen, { headers: withHeader, unit: ["", "the unit of t_x and T"] });
  });
}

/**
 * Fits BG/NBD, MBG/NBD, Pareto/NBD and NBD to the same per-customer summaries and compares them: one row per model with LogLikelihood, AIC, BIC, Converged and, with holdout purchases, their total and per-customer error (MAE); a Problem names a boundary fit ("no dropout detected: BG/NBD reduces to NBD"). The last row recommends one: with a holdout the smallest MAE (ties within 1 %: lowest BIC), without one the lowest BIC, among fits that converged and are not boundary solutions.
 * @customfunction BTYDCOMPARE
 * @param x Repeat purchases of each customer (whole number ≥ 0).
 * @param t_x Time of each customer's last purchase, from the first.
 * @param T Time each customer has been observed, from the first purchase.
 * @param [x_holdout] Repeat purchases of each customer in the holdout period (the x_holdout column of CRM.BTYDDATA).
 * @param [holdout_length] Length of the holdout period in the unit of t_x and T; needed with x_holdout.
 * @param [headers] TRUE (default) for a header row.
 * @returns 4 model rows and a Recommended row (model code and reason), under a header row when headers is TRUE.
 */
export function btydcompare(x: any[][], t_x: any[][], T: any[][], x_holdout?: any[][], holdout_length?: any, headers?: any): any[][] {
  return spill(() => {
    const withHeader = optionalBoolean(headers, "headers", true);
    const withHoldout = !isOmitted(x_holdout);
    const length = withHoldout ? optionalNumber(holdout_length, "holdout_length") : undefined;
    if (withHoldout && !(length !== undefined && length > 0))
      throw valueError("holdout_length is required with x_holdout: the length of the holdout period, > 0");
    const inputs: AlignedInput[] = [
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
    ];
    if (withHoldout) inputs.push({ name: "x_holdout", range: x_holdout });
    const rows = fitRows(readAligned(inputs), ([cx, ctx, cT, cStar]) => {
      checkHistory(cx as number, ctx as number, cT as number);
      if (withHoldout && !(Number.isInteger(cStar) && (cStar as number) >= 0))
        throw numError(`x_holdout must be a whole number ≥ 0 (got ${cStar})`);
    });
    if (rows.length === 0) throw naError("no customers: x, t_x and T are blank");
    const data = {
      x: rows.map((r) => r[0] as number),
      tx: rows.map((r) => r[1] as number),
      T: rows.map((r) => r[2] as number),
      ...(withHoldout ? { xStar: rows.map((r) => r[3] as number), holdoutLength: length } : {}),
    };
    return compareSpill(data, withHeader);
  });
}
