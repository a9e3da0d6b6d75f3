/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for customer value: ABC classes, the Pareto share, the whale curve and the customer pyramid (METHODS.md §3, §5).
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { abcClasses, DEFAULT_ABC_CUTS, pareto, whaleCurve } from "../core/segment/abc";
import { naError } from "../core/errors";
import { pyramidLabel, pyramidTiers, type PyramidLabels } from "../core/segment/pyramid";
import type { AbcMode, ValueBasis } from "../core/types";
import {
  alignedNumbers,
  alignedOutput,
  isOmitted,
  numberList,
  numbers,
  optionalChoice,
  optionalNumber,
  scalar,
  spill,
  toExcelError,
} from "./coerce";

/**
 * ABC class of each customer value: VALUE mode cuts the cumulative share of value (80%/95%), COUNT mode the share of customers (20%/50%).
 * @customfunction ABC
 * @param values Value of each customer (net revenue or profit).
 * @param [a_cut] Upper bound of class A (default 0.8; COUNT mode 0.2).
 * @param [b_cut] Upper bound of class B (default 0.95; COUNT mode 0.5).
 * @param [mode] VALUE (default) or COUNT.
 * @param [basis] REVENUE (default; non-positive values are C) or PROFIT (non-positive values are D, loss-making).
 * @returns One class A, B, C or D per row.
 */
export function abc(values: any[][], a_cut?: any, b_cut?: any, mode?: any, basis?: any): any[][] {
  return spill(() => {
    const chosenMode = optionalChoice<AbcMode>(mode, "mode", ["VALUE", "COUNT"], "VALUE");
    const [defaultA, defaultB] = DEFAULT_ABC_CUTS[chosenMode];
    const input = alignedNumbers(values, "values");
    const classes = abcClasses(input.values, {
      cuts: [optionalNumber(a_cut, "a_cut", defaultA), optionalNumber(b_cut, "b_cut", defaultB)],
      mode: chosenMode,
      basis: optionalChoice<ValueBasis>(basis, "basis", ["REVENUE", "PROFIT"], "REVENUE"),
    });
    return alignedOutput(classes.length, [input.errors], (i) => classes[i] ?? "");
  });
}

/**
 * Share of the total value that comes from the top customers (e.g. 0.8 means 20% of customers give 80%).
 * @customfunction PARETO
 * @param values Value of each customer (signed; blanks are skipped).
 * @param [top_share] Share of customers at the top (default 0.2).
 * @returns Share of the total, 0 to 1 (above 1 when the rest lose value).
 */
export function paretoShare(values: any[][], top_share?: any): any {
  return scalar(() => pareto(numbers(values, "values"), optionalNumber(top_share, "top_share", 0.2)));
}

/**
 * Whale curve: customers sorted by value (descending) with rank, customer share, cumulative value and cumulative share of the total.
 * @customfunction WHALE
 * @param values Value (e.g. profit) of each customer; blanks are skipped.
 * @returns n×4 table: rank, customer share, cumulative value, cumulative share.
 */
export function whale(values: any[][]): any[][] {
  return spill(() => {
    const rows = whaleCurve(numbers(values, "values"));
    if (rows.length === 0) throw naError("values has no numbers");
    return rows.map((row) => [
      row.rank,
      row.customerShare,
      row.cumValue,
      Number.isNaN(row.cumShare) ? toExcelError(naError("the total value is not positive")) : row.cumShare,
    ]);
  });
}

/**
 * Customer pyramid tier of each customer value: top 1% VIP, next 4% major, next 15% ordinary, bottom 80% small (cuts adjustable).
 * @customfunction PYRAMID
 * @param values Value of each customer (revenue or profit).
 * @param [cuts] Cumulative customer shares of tiers 1–3, as a range or text (default "0.01,0.05,0.2").
 * @param [labels] CN (default), EN, METAL (铂金/黄金/铁质/铅质) or METAL_EN (Platinum/Gold/Iron/Lead).
 * @param [basis] REVENUE (default) or PROFIT (with METAL labels, negative profit is Lead).
 * @returns One tier label per row.
 */
export function pyramid(values: any[][], cuts?: any[][], labels?: any, basis?: any): any[][] {
  return spill(() => {
    const style = optionalChoice<PyramidLabels>(labels, "labels", ["CN", "EN", "METAL", "METAL_EN"], "CN");
    const input = alignedNumbers(values, "values");
    const tiers = pyramidTiers(input.values, {
      cuts: isOmitted(cuts) ? undefined : numberList(cuts, "cuts"),
      labels: style,
      basis: optionalChoice<ValueBasis>(basis, "basis", ["REVENUE", "PROFIT"], "REVENUE"),
    });
    return alignedOutput(tiers.length, [input.errors], (i) => (tiers[i] === null ? "" : pyramidLabel(tiers[i]!, style)));
  });
}
