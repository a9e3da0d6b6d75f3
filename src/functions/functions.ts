/// <reference types="custom-functions-runtime" />
/**
 * Custom functions in the CRM namespace (METHODS.md §15.2). Each one coerces Excel's arguments
 * (coerce.ts), calls the core, and returns values or an Excel error; none throws, none is volatile.
 *
 * The JSDoc below is the functions' metadata: custom-functions-metadata-plugin turns it into
 * functions.json at build time (ids from the `@customfunction ID` tags) and appends the
 * CustomFunctions.associate calls. Chinese names and descriptions: zh-cn.json, keyed by id.
 * Parameter names are the spec's; the metadata generator rejects union types, hence `any`.
 */
import { ahp, type AhpMethod, type RiTable } from "../core/ahp";
import { clvClosedForm, clvStream } from "../core/clv";
import { parseQuadrantScheme, quadrant, quadrantLabel, type Threshold } from "../core/quadrant";
import {
  alignedNumbers,
  alignedOutput,
  column,
  isBlank,
  matrix as matrixCells,
  numberFromText,
  numbers,
  optionalBoolean,
  optionalChoice,
  optionalLang,
  optionalNumber,
  requiredNumber,
  scalar,
  spill,
} from "./coerce";

/**
 * Customer lifetime value from a constant margin and retention rate (Gupta–Lehmann m·r/(1+d−r), or Berger–Nasr case 1).
 * @customfunction CLV
 * @param margin Margin per period (model GL) or yearly gross contribution (model BN1).
 * @param retention Retention rate per period, 0 to 1.
 * @param discount_rate Discount rate per period, greater than −1.
 * @param [periods] Number of periods; omitted means an infinite horizon (GL). Required for BN1.
 * @param [acq_cost] Acquisition cost subtracted from the result (default 0).
 * @param [first_now] TRUE to also count the current period's margin (GL; default FALSE).
 * @param [model] GL (default) or BN1 (Berger–Nasr case 1).
 * @param [promo_cost] BN1: promotion cost per customer per year, spent mid-year (default 0).
 * @returns Lifetime value per customer.
 */
export function clv(
  margin: any,
  retention: any,
  discount_rate: any,
  periods?: any,
  acq_cost?: any,
  first_now?: any,
  model?: any,
  promo_cost?: any,
): any {
  return scalar(() =>
    clvClosedForm({
      margin: requiredNumber(margin, "margin"),
      retention: requiredNumber(retention, "retention"),
      discountRate: requiredNumber(discount_rate, "discount_rate"),
      periods: optionalNumber(periods, "periods"),
      acqCost: optionalNumber(acq_cost, "acq_cost", 0),
      firstNow: optionalBoolean(first_now, "first_now", false),
      model: optionalChoice(model, "model", ["GL", "BN1"] as const, "GL"),
      promoCost: optionalNumber(promo_cost, "promo_cost", 0),
    }),
  );
}

/**
 * The 4-step lifetime value: discounted sum of per-period net profits, minus the acquisition cost.
 * @customfunction CLVSTREAM
 * @param profits Net profit per period t = 1…T (a row or column; blanks count as 0).
 * @param discount_rate Discount rate per period, greater than −1.
 * @param [survival] Probability the customer is still active in each period (default all 1).
 * @param [timing] END (default): period t is discounted by (1+d)^t; BEGIN: by (1+d)^(t−1).
 * @param [acq_cost] Acquisition cost subtracted from the result (default 0).
 * @returns Present value of the profit stream.
 */
export function clvstream(profits: any[][], discount_rate: any, survival?: any[][], timing?: any, acq_cost?: any): any {
  return scalar(() => {
    const p = numbers(profits, "profits");
    const s = isBlank(survival) ? undefined : numbers(survival, "survival");
    return clvStream(
      p,
      requiredNumber(discount_rate, "discount_rate"),
      s,
      optionalChoice(timing, "timing", ["END", "BEGIN"] as const, "END"),
      optionalNumber(acq_cost, "acq_cost", 0),
    );
  });
}

/**
 * AHP weights and consistency of a pairwise comparison matrix (blanks below the diagonal are filled as reciprocals).
 * @customfunction AHP
 * @param matrix Square pairwise comparison matrix on Saaty's 1–9 scale.
 * @param [method] EIGEN (default), GEOMEAN or SUM.
 * @param [ri] Random index table: SAATY (default), CN or ST2007.
 * @param [output] ALL (default): weights, λmax, CI, CR, consistent; WEIGHTS: the weights only.
 * @returns (n+4)×2 table, or n×1 weights.
 */
export function ahpWeights(matrix: any[][], method?: any, ri?: any, output?: any): any[][] {
  return spill(() => {
    const cells = matrixCells(matrix, "matrix").map((row, i) =>
      row.map((cell, j) => {
        // A judgement typed as text such as "1/3".
        const fraction = typeof cell === "string" ? /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(cell) : null;
        if (fraction) return Number(fraction[1]) / Number(fraction[2]);
        return optionalNumber(cell, `matrix entry (${i + 1},${j + 1})`) ?? null;
      }),
    );
    const result = ahp(cells, {
      method: optionalChoice<AhpMethod>(method, "method", ["EIGEN", "GEOMEAN", "SUM"], "EIGEN"),
      ri: optionalChoice<RiTable>(ri, "ri", ["SAATY", "CN", "ST2007"], "SAATY"),
    });
    if (optionalChoice(output, "output", ["ALL", "WEIGHTS"] as const, "ALL") === "WEIGHTS") return column(result.weights);
    return [
      ...result.weights.map((w, i) => [`w_${i + 1}`, w]),
      ["λmax", result.lambdaMax],
      ["CI", result.ci],
      ["CR", result.cr],
      ["Consistent", result.consistent],
    ];
  });
}

/**
 * Two-by-two matrix class of each row: value matrix, profitability, Shapiro, satisfaction×loyalty, loyalty types, IPA, Marcus or a generic grid.
 * @customfunction QUADRANT
 * @param x x-axis value of each row (e.g. current value, net sales value, importance).
 * @param y y-axis value of each row (e.g. growth potential, cost to serve, performance).
 * @param [scheme] VALUE (default), PROFIT, SHAPIRO, SATLOY, LOYALTY, IPA, MARCUS or GENERIC.
 * @param [x_cut] x threshold: MEDIAN, MEAN or a number (default: the scheme's).
 * @param [y_cut] y threshold: MEDIAN, MEAN or a number (default: the scheme's).
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns One label per row.
 */
export function quadrantClass(x: any[][], y: any[][], scheme?: any, x_cut?: any, y_cut?: any, lang?: any): any[][] {
  return spill(() => {
    const chosen = isBlank(scheme) ? "VALUE" : parseQuadrantScheme(String(scheme));
    const language = optionalLang(lang);
    const xs = alignedNumbers(x, "x");
    const ys = alignedNumbers(y, "y", xs.values.length);
    const codes = quadrant(xs.values, ys.values, chosen, { xCut: threshold(x_cut, "x_cut"), yCut: threshold(y_cut, "y_cut") });
    return alignedOutput(codes.length, [xs.errors, ys.errors], (i) => (codes[i] === null ? "" : quadrantLabel(chosen, codes[i] as string, language)));
  });
}

function threshold(value: unknown, name: string): Threshold | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === "string" && Number.isNaN(numberFromText(value))) {
    return optionalChoice(value, name, ["MEDIAN", "MEAN"] as const, "MEDIAN");
  }
  return optionalNumber(value, name);
}
