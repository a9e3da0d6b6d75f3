/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for NPS (METHODS.md §9.5), AHP weights (§10) and the two-by-two matrices (§6, §9, §11, §13).
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { ahp, type AhpMethod, type RiTable } from "../core/methods/ahp";
import { nps, npsClass, npsLabel } from "../core/methods/nps";
import { parseQuadrantScheme, quadrant, quadrantLabel, type Threshold } from "../core/methods/quadrant";
import {
  alignedNumbers,
  alignedOutput,
  column,
  isBlank,
  matrix as matrixCells,
  numberFromText,
  numbers,
  optionalChoice,
  optionalLang,
  optionalNumber,
  scalar,
  spill,
  toExcelError,
} from "./coerce";

/**
 * Net Promoter Score: 100 × (promoters − detractors) / respondents, from 0–10 scores.
 * @customfunction NPS
 * @param scores Survey scores 0–10 (blanks are ignored).
 * @param [promoter_min] Lowest promoter score (default 9).
 * @param [detractor_max] Highest detractor score (default 6).
 * @returns NPS, −100 to 100.
 */
export function npsScore(scores: any[][], promoter_min?: any, detractor_max?: any): any {
  return scalar(() =>
    nps(numbers(scores, "scores"), {
      promoterMin: optionalNumber(promoter_min, "promoter_min", 9),
      detractorMax: optionalNumber(detractor_max, "detractor_max", 6),
    }),
  );
}

/**
 * Promoter, passive or detractor for each 0–10 score.
 * @customfunction NPSCLASS
 * @param scores Survey scores 0–10.
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns One label per row.
 */
export function npsclass(scores: any[][], lang?: any): any[][] {
  return spill(() => {
    const language = optionalLang(lang);
    const input = alignedNumbers(scores, "scores");
    return alignedOutput(input.values.length, [input.errors], (i) => {
      try {
        const code = npsClass([input.values[i]])[0];
        return code === null ? "" : npsLabel(code, language);
      } catch (error) {
        return toExcelError(error);
      }
    });
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
    return alignedOutput(codes.length, [xs.errors, ys.errors], (i) =>
      codes[i] === null ? "" : quadrantLabel(chosen, codes[i] as string, language),
    );
  });
}

function threshold(value: unknown, name: string): Threshold | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === "string" && Number.isNaN(numberFromText(value))) {
    return optionalChoice(value, name, ["MEDIAN", "MEAN"] as const, "MEDIAN");
  }
  return optionalNumber(value, name);
}
