/// <reference types="custom-functions-runtime" />
/**
 * Custom functions in the CRM namespace (METHODS.md §15.2). Each one coerces Excel's arguments
 * (coerce.ts), calls the core, and returns values or an Excel error; none throws, none is volatile,
 * none defaults a date to today.
 *
 * The JSDoc below is the functions' metadata: custom-functions-metadata-plugin turns it into
 * functions.json at build time (ids from the `@customfunction ID` tags) and appends the
 * CustomFunctions.associate calls. Chinese names and descriptions: zh-cn.json, keyed by id.
 * Parameter names are the spec's; the metadata generator rejects union types, hence `any`.
 */
import { ahp, type AhpMethod, type RiTable } from "../core/ahp";
import { abcClasses, DEFAULT_ABC_CUTS, pareto, whaleCurve } from "../core/abc";
import { analyze } from "../core/analyze";
import { clvClosedForm, clvStream } from "../core/clv";
import {
  bgbbProbAlive,
  customerLifetimeValue,
  fitBgBb,
  fitSbg,
  gammaGammaExpectedSpend,
  periodRate,
  prepareTransactions,
  sbgDerl,
  sbgRetention,
  sbgSurvival,
  type BgBbParams,
  type GammaGammaParams,
  type SbgParams,
} from "../core/btyd";
import { naError, numError, valueError } from "../core/errors";
import { hughesDiscount } from "../core/hughes";
import { lapsedLabel, lifecycle, lifecycleLabel, type LifecycleOptions } from "../core/lifecycle";
import { nps, npsClass, npsLabel } from "../core/nps";
import { pyramidLabel, pyramidTiers, type PyramidLabels } from "../core/pyramid";
import { parseQuadrantScheme, quadrant, quadrantLabel, type Threshold } from "../core/quadrant";
import { expectedLifetime, retainedShare, retentionRate } from "../core/retention";
import { scoreValues } from "../core/rfm";
import { cn8Analyze, NO_PURCHASE, rfmPkgCode, segmentFromScores, segmentText, type ScoreScheme } from "../core/segments";
import type { AbcMode, Center, Lang, ScoreMethod, ValueBasis } from "../core/types";
import {
  alignedNumbers,
  alignedOutput,
  column,
  isBlank,
  isOmitted,
  matrix as matrixCells,
  numberFromText,
  numberList,
  numbers,
  optionalBoolean,
  optionalChoice,
  optionalDay,
  optionalInteger,
  optionalLang,
  optionalNumber,
  requiredNumber,
  scalar,
  spill,
  toExcelError,
  vector,
} from "./coerce";
import {
  calibrationEndArg,
  checkBgBbHistory,
  checkHistory,
  expectedNewPurchases,
  probCount,
  expectedPurchases,
  fitModel,
  fitRows,
  fitSpill,
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
  type AlignedInput,
  type Params,
} from "./btyd";
import { compareSpill } from "./btyd-compare";
import { customerIdCells, idCellsByKey, readPurchases, readTransactions } from "./transactions";

/* ---------------------------------------------------------------------------------------------
 * RFM (§2)
 * ------------------------------------------------------------------------------------------- */

const RFM_HEADER: Record<"zh" | "en", string[]> = {
  en: ["CustomerID", "Recency_days", "Frequency", "Monetary", "R", "F", "M", "RFM_code", "FM", "Segment"],
  zh: ["客户编号", "最近购买天数", "购买频次", "消费金额", "R", "F", "M", "RFM代码", "FM", "客户细分"],
};

/** A header row in `lang`; zh-en joins the two where they differ. */
function header(texts: Record<"zh" | "en", string[]>, lang: Lang, columns: number): string[] {
  const both = texts.zh.map((zh, i) => (zh === texts.en[i] ? zh : `${zh} ${texts.en[i]}`));
  return (lang === "zh-en" ? both : texts[lang]).slice(0, columns);
}

/**
 * RFM analysis of transactions: one row per customer (first appearance order) with recency days, frequency, monetary, R/F/M scores, RFM code, FM and segment. Rows without a customer, a date or an amount are skipped.
 * @customfunction RFM
 * @param customer_ids Customer id of each transaction row.
 * @param order_dates Order date of each row (Excel date or date text).
 * @param amounts Net amount of each row; negative for returns.
 * @param [order_ids] Order id of each row; without it each row is one order.
 * @param [as_of] As-of date; default the latest order date (never today).
 * @param [scheme] Segments: W11 (default), W10, CN8, RFMPKG or NONE (no segment column).
 * @param [method] Scoring: QUANTILE (default) or NTILE.
 * @param [lang] Label language: zh (default), en or zh-en.
 * @param [headers] TRUE (default) for a header row.
 * @returns Customer table.
 */
export function rfm(
  customer_ids: any[][],
  order_dates: any[][],
  amounts: any[][],
  order_ids?: any[][],
  as_of?: any,
  scheme?: any,
  method?: any,
  lang?: any,
  headers?: any,
): any[][] {
  return spill(() => {
    const chosen = optionalChoice(scheme, "scheme", ["W11", "W10", "CN8", "RFMPKG", "NONE"] as const, "W11");
    const scoring = optionalChoice<ScoreMethod>(method, "method", ["QUANTILE", "NTILE", "BREAKS"], "QUANTILE");
    const language = optionalLang(lang);
    const withHeader = optionalBoolean(headers, "headers", true);
    const asOf = optionalDay(as_of, "as_of");
    const ranges = readTransactions(customer_ids, order_dates, amounts, order_ids);
    const headline = chosen === "W10" || chosen === "CN8" ? chosen : "W11";
    const result = analyze(ranges.tx, { asOf, scheme: headline, method: scoring });
    const ids = customerIdCells(ranges, result.rowCustomer, result.customers.length);
    const columns = chosen === "NONE" ? 9 : 10;
    const rows: any[][] = withHeader ? [header(RFM_HEADER, language, columns)] : [];
    result.customers.forEach((c, i) => {
      const row: any[] = [ids[i], c.recencyDays ?? "", c.purchases, c.monetary, c.r ?? "", c.f ?? "", c.m ?? "", c.rfmCode ?? "", c.fm ?? ""];
      if (chosen !== "NONE") {
        const code = chosen === "RFMPKG" ? (c.active ? rfmPkgCode(c.r as number, c.f as number, c.m as number) : NO_PURCHASE) : c.segment;
        row.push(segmentText(code, language));
      }
      rows.push(row);
    });
    return rows;
  });
}

/**
 * RFM score 1…bins of each value: QUANTILE (equal values, equal scores), NTILE or user BREAKS.
 * @customfunction RFMSCORE
 * @param values Values to score (e.g. recency days, frequency or monetary per customer).
 * @param [lower_is_better] TRUE for recency days (fewer days scores higher); default FALSE.
 * @param [bins] Number of scores (default 5).
 * @param [method] QUANTILE (default), NTILE or BREAKS.
 * @param [breaks] BREAKS: ascending thresholds as a range or text such as "30,60,90,180".
 * @returns One score per row.
 */
export function rfmscore(values: any[][], lower_is_better?: any, bins?: any, method?: any, breaks?: any[][]): any[][] {
  return spill(() => {
    const hasBreaks = !isOmitted(breaks);
    const chosen = optionalChoice<ScoreMethod>(method, "method", ["QUANTILE", "NTILE", "BREAKS"], hasBreaks ? "BREAKS" : "QUANTILE");
    if (hasBreaks && chosen !== "BREAKS") throw valueError(`breaks are used only with method BREAKS (got method ${chosen})`);
    const input = alignedNumbers(values, "values");
    const scores = scoreValues(input.values, {
      lowerIsBetter: optionalBoolean(lower_is_better, "lower_is_better", false),
      bins: optionalInteger(bins, "bins"),
      method: chosen,
      breaks: hasBreaks ? numberList(breaks, "breaks") : undefined,
    });
    return alignedOutput(scores.length, [input.errors], (i) => scores[i] ?? "");
  });
}

/**
 * Segment of each customer from R, F and M scores (1–5): W11 (R × FM grid), W10 (R × F grid) or RFMPKG (rfm package rules).
 * @customfunction RFMSEGMENT
 * @param r R score of each customer (1–5).
 * @param f F score of each customer (1–5).
 * @param m M score of each customer (1–5).
 * @param [scheme] W11 (default), W10 or RFMPKG.
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns One segment label per row.
 */
export function rfmsegment(r: any[][], f: any[][], m: any[][], scheme?: any, lang?: any): any[][] {
  return spill(() => {
    const chosen = optionalChoice<ScoreScheme>(scheme, "scheme", ["W11", "W10", "RFMPKG"], "W11");
    const language = optionalLang(lang);
    const rs = alignedNumbers(r, "r");
    const fs = alignedNumbers(f, "f", rs.values.length);
    const ms = alignedNumbers(m, "m", rs.values.length);
    return alignedOutput(rs.values.length, [rs.errors, fs.errors, ms.errors], (i) => {
      const scores = [rs.values[i], fs.values[i], ms.values[i]];
      if (scores.every((s) => s === null)) return "";
      if (scores.some((s) => s === null)) return toExcelError(valueError(`row ${i + 1} needs all three scores r, f and m`));
      try {
        return segmentText(segmentFromScores(scores[0] as number, scores[1] as number, scores[2] as number, chosen), language);
      } catch (error) {
        return toExcelError(error);
      }
    });
  });
}

/**
 * Chinese 8-class RFM type of each customer (重要价值客户 … 一般挽留客户) from recency days, frequency and monetary.
 * @customfunction RFMCN
 * @param recency_days Days since the last purchase, per customer.
 * @param frequency Number of purchases, per customer.
 * @param monetary Spend, per customer.
 * @param [center] High/low split: MEAN (default), MEDIAN, SCOREMEAN, or three thresholds {recency days, frequency, monetary}.
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns One 8-class label per row.
 */
export function rfmcn(recency_days: any[][], frequency: any[][], monetary: any[][], center?: any[][], lang?: any): any[][] {
  return spill(() => {
    const language = optionalLang(lang);
    const rs = alignedNumbers(recency_days, "recency_days");
    const fs = alignedNumbers(frequency, "frequency", rs.values.length);
    const ms = alignedNumbers(monetary, "monetary", rs.values.length);
    const codes = cn8Analyze(rs.values, fs.values, ms.values, centerOption(center)).codes;
    return alignedOutput(codes.length, [rs.errors, fs.errors, ms.errors], (i) => (codes[i] === null ? "" : segmentText(codes[i] as string, language)));
  });
}

function centerOption(center: unknown): Center {
  if (isOmitted(center)) return "MEAN";
  const cells = matrixCells(center, "center").flat();
  if (cells.length === 1 && typeof cells[0] === "string" && Number.isNaN(numberFromText(cells[0])) && !/[,;]/.test(cells[0])) {
    return optionalChoice(cells[0], "center", ["MEAN", "MEDIAN", "SCOREMEAN"] as const, "MEAN");
  }
  const thresholds = numberList(center, "center");
  if (thresholds.length !== 3) throw valueError(`center thresholds must be three numbers: recency days, frequency, monetary (got ${thresholds.length})`);
  return [thresholds[0], thresholds[1], thresholds[2]];
}

/* ---------------------------------------------------------------------------------------------
 * ABC, Pareto, whale curve, pyramid (§3, §5)
 * ------------------------------------------------------------------------------------------- */

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

/* ---------------------------------------------------------------------------------------------
 * Lifetime value and retention (§7, §12)
 * ------------------------------------------------------------------------------------------- */

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
  return scalar(() =>
    clvStream(
      numbers(profits, "profits"),
      requiredNumber(discount_rate, "discount_rate"),
      isOmitted(survival) ? undefined : numbers(survival, "survival"),
      optionalChoice(timing, "timing", ["END", "BEGIN"] as const, "END"),
      optionalNumber(acq_cost, "acq_cost", 0),
    ),
  );
}

/**
 * Hughes lifetime-value discount factor (1 + i·rf)^((year − 1) + delay/365).
 * @customfunction HUGHESDISCOUNT
 * @param interest_rate Interest rate i per year.
 * @param risk_factor Risk factor rf (e.g. 1.6).
 * @param year Year t, 1 for the acquisition year.
 * @param [delay_days] Payment delay in days (default 0).
 * @returns Discount factor D_t.
 */
export function hughesdiscount(interest_rate: any, risk_factor: any, year: any, delay_days?: any): any {
  return scalar(() =>
    hughesDiscount(
      requiredNumber(interest_rate, "interest_rate"),
      requiredNumber(risk_factor, "risk_factor"),
      requiredNumber(year, "year"),
      optionalNumber(delay_days, "delay_days", 0),
    ),
  );
}

/**
 * Retention rate of a period from customer counts: (end − new) / start.
 * @customfunction RETENTION
 * @param start_count Customers at the start of the period.
 * @param end_count Customers at the end of the period.
 * @param [new_count] Customers acquired during the period (default 0).
 * @returns Retention rate, 0 to 1.
 */
export function retention(start_count: any, end_count: any, new_count?: any): any {
  return scalar(() =>
    retentionRate(requiredNumber(start_count, "start_count"), requiredNumber(end_count, "end_count"), optionalNumber(new_count, "new_count", 0)),
  );
}

/**
 * Share of last period's customers who are customers again this period: |A ∩ B| / |A|.
 * @customfunction RETAINED
 * @param ids_prev_period Customer ids active in the previous period (repeats count once).
 * @param ids_this_period Customer ids active in this period.
 * @returns Retained share, 0 to 1.
 */
export function retained(ids_prev_period: any[][], ids_this_period: any[][]): any {
  return scalar(() => retainedShare(vector(ids_prev_period, "ids_prev_period"), vector(ids_this_period, "ids_this_period")).rate);
}

/**
 * Expected customer lifetime in periods, 1/(1 − r), for a retention rate r.
 * @customfunction LIFETIME
 * @param retention Retention rate per period, 0 to 1 (below 1).
 * @returns Expected number of periods.
 */
export function lifetime(retention: any): any {
  return scalar(() => expectedLifetime(requiredNumber(retention, "retention")));
}

/* ---------------------------------------------------------------------------------------------
 * NPS (§9.5), AHP (§10), two-by-two matrices (§6, §9, §11, §13)
 * ------------------------------------------------------------------------------------------- */

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

/* ---------------------------------------------------------------------------------------------
 * Lifecycle (§8)
 * ------------------------------------------------------------------------------------------- */

const LIFECYCLE_HEADER: Record<"zh" | "en", string[]> = {
  en: ["CustomerID", "Stage", "Lapsed", "N", "Recency_days", "Tenure_days", "S1", "S0"],
  zh: ["客户编号", "生命周期阶段", "流失", "购买次数", "最近购买天数", "客户关系天数", "近期消费", "前期消费"],
};

/**
 * Lifecycle stage of each customer (考察期 exploration, 形成期 formation, 稳定期 stability, 退化期 decline) from transactions. Rows without a customer, a date or an amount are skipped.
 * @customfunction LIFECYCLE
 * @param customer_ids Customer id of each transaction row.
 * @param order_dates Order date of each row (Excel date or date text).
 * @param amounts Net amount of each row; negative for returns.
 * @param [order_ids] Order id of each row; without it each row is one order.
 * @param [as_of] As-of date; default the latest order date (never today).
 * @param [window_days] Trend window W in days (default 180).
 * @param [hiatus_days] Days without a purchase that mean decline (default 180), or AUTO.
 * @param [explore_days] Minimum tenure in days before leaving exploration (default 90).
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns Customer table: id, stage, lapsed, N, recency, tenure, S1, S0.
 */
export function lifecycleStage(
  customer_ids: any[][],
  order_dates: any[][],
  amounts: any[][],
  order_ids?: any[][],
  as_of?: any,
  window_days?: any,
  hiatus_days?: any,
  explore_days?: any,
  lang?: any,
): any[][] {
  return spill(() => {
    const language = optionalLang(lang);
    const hiatus: number | "AUTO" | undefined =
      typeof hiatus_days === "string" && hiatus_days.trim().toUpperCase() === "AUTO" ? "AUTO" : optionalNumber(hiatus_days, "hiatus_days");
    const options: LifecycleOptions = {
      asOf: optionalDay(as_of, "as_of"),
      windowDays: optionalNumber(window_days, "window_days"),
      hiatusDays: hiatus,
      exploreDays: optionalNumber(explore_days, "explore_days"),
    };
    const ranges = readTransactions(customer_ids, order_dates, amounts, order_ids);
    const result = lifecycle(ranges.tx, options);
    const ids = customerIdCells(ranges, result.rowCustomer, result.customers.length);
    return [
      header(LIFECYCLE_HEADER, language, 8),
      ...result.customers.map((c, i) => [
        ids[i],
        lifecycleLabel(c.stage, language),
        c.lapsed ? lapsedLabel(language) : "",
        c.purchases,
        c.recencyDays ?? "",
        c.tenureDays ?? "",
        c.s1,
        c.s0,
      ]),
    ];
  });
}

/* ---------------------------------------------------------------------------------------------
 * Probabilistic models: BG/NBD, Pareto/NBD, Gamma-Gamma, model-based CLV, BG/BB, sBG
 * (argument handling in btyd.ts, the models in core/btyd). `amounts` comes before the required
 * calibration end, so its metadata says required although it may be left empty: Excel refuses to
 * load an add-in whose metadata has an optional parameter before a required one (office-js#1749).
 * ------------------------------------------------------------------------------------------- */

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
    if (withHoldout && !(length !== undefined && length > 0)) throw valueError("holdout_length is required with x_holdout: the length of the holdout period, > 0");
    const inputs: AlignedInput[] = [
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "T", range: T },
    ];
    if (withHoldout) inputs.push({ name: "x_holdout", range: x_holdout });
    const rows = fitRows(readAligned(inputs), ([cx, ctx, cT, cStar]) => {
      checkHistory(cx as number, ctx as number, cT as number);
      if (withHoldout && !(Number.isInteger(cStar) && (cStar as number) >= 0)) throw numError(`x_holdout must be a whole number ≥ 0 (got ${cStar})`);
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
      good.forEach((i, j) => (out[i] = Number.isFinite(result.clv[j]) ? result.clv[j] : toExcelError(naError("the lifetime value is not a finite number"))));
    }
    return shaped(out, input.asRow);
  });
}

/**
 * Fits the BG/BB model of discrete transaction opportunities (Fader, Hardie & Shang 2010) to each customer's (or group's) frequency, recency and number of opportunities: rows name · value · standard error for alpha, beta, gamma, delta, then LogLikelihood, Customers, Excluded, Converged, Iterations.
 * @customfunction BGBBFIT
 * @param frequency Transactions x of each customer or group (whole number).
 * @param recency Opportunity t_x of the last transaction (0 when x = 0).
 * @param n_opportunities Number of opportunities n: one cell for all, or one per row.
 * @param [weights] Customers per row (default 1 each).
 * @param [headers] TRUE (default) for a header row Parameter, Value, StdError.
 * @returns 9×3 table of estimates and fit statistics, under a header row when headers is TRUE.
 */
export function bgbbfit(frequency: any[][], recency: any[][], n_opportunities: any[][], weights?: any[][], headers?: any): any[][] {
  return spill(() => {
    const withHeader = optionalBoolean(headers, "headers", true);
    const weighted = !isOmitted(weights);
    const inputs: AlignedInput[] = [
      { name: "frequency", range: frequency },
      { name: "recency", range: recency },
      { name: "n_opportunities", range: n_opportunities },
    ];
    if (weighted) inputs.push({ name: "weights", range: weights });
    const rows = fitRows(readAligned(inputs), ([cx, ctx, cn, w]) => {
      checkBgBbHistory(cx as number, ctx as number, cn as number);
      if (weighted && !((w as number) >= 0)) throw numError(`weights must be ≥ 0 (got ${w})`);
    });
    if (rows.length === 0) throw naError("no customers: frequency, recency and n_opportunities are blank");
    const values = (k: number) => rows.map((r) => r[k] as number);
    const fit = fitBgBb({ x: values(0), tx: values(1), n: values(2), weight: weighted ? values(3) : undefined });
    return fitSpill(fit, "bgbb", { headers: withHeader });
  });
}

/**
 * BG/BB probability that each customer is alive at the next opportunity (n + 1), given x transactions in n opportunities, the last at opportunity t_x.
 * @customfunction BGBBPALIVE
 * @param params BG/BB parameters alpha, beta, gamma, delta: a row or column of numbers or the CRM.BGBBFIT spill.
 * @param x Transactions of each customer.
 * @param t_x Opportunity of the last transaction (0 when x = 0).
 * @param n Number of opportunities: one cell for all, or one per customer.
 * @returns One probability per customer.
 */
export function bgbbpalive(params: any[][], x: any[][], t_x: any[][], n: any[][]): any[][] {
  return spill(() => {
    const p = readParams(params, "params", "bgbb");
    const rows = readAligned([
      { name: "x", range: x },
      { name: "t_x", range: t_x },
      { name: "n", range: n },
    ]);
    return mapAligned(rows, ([cx, ctx, cn]) => {
      checkBgBbHistory(cx as number, ctx as number, cn as number);
      return bgbbProbAlive(p as BgBbParams, cx as number, ctx as number, cn as number);
    });
  });
}

/**
 * Fits the shifted-beta-geometric (sBG) retention model (Fader & Hardie 2007) to a cohort's survivors: rows name · value · standard error for alpha and beta, then LogLikelihood, Customers, Excluded, Converged, Iterations.
 * @customfunction SBGFIT
 * @param alive_counts Customers still active at the start of periods 0, 1, …, T (the first value is the cohort size; non-increasing).
 * @param [headers] TRUE (default) for a header row Parameter, Value, StdError.
 * @returns 7×3 table of estimates and fit statistics, under a header row when headers is TRUE.
 */
export function sbgfit(alive_counts: any[][], headers?: any): any[][] {
  return spill(() => {
    const withHeader = optionalBoolean(headers, "headers", true);
    const counts = numbers(alive_counts, "alive_counts");
    while (counts.length > 0 && counts[counts.length - 1] === null) counts.pop();
    const gap = counts.indexOf(null);
    if (gap >= 0) throw valueError(`alive_counts item ${gap + 1} is blank`);
    return fitSpill(fitSbg(counts as number[]), "sbg", { headers: withHeader });
  });
}

/**
 * sBG survival S(t) = B(alpha, beta + t)/B(alpha, beta): share of a cohort still active after t periods.
 * @customfunction SBGSURVIVAL
 * @param params sBG parameters alpha, beta: numbers or the CRM.SBGFIT spill.
 * @param t Period (whole number ≥ 0): one cell or a range (results laid out like it).
 * @returns One share per t.
 */
export function sbgsurvival(params: any[][], t: any[][]): any[][] {
  return spill(() => {
    const p = readParams(params, "params", "sbg") as SbgParams;
    return mapAligned(readAligned([{ name: "t", range: t }]), ([ct]) => sbgSurvival(p, ct as number));
  });
}

/**
 * sBG retention rate r(t) = (beta + t − 1)/(alpha + beta + t − 1): share of period t − 1's survivors still active in period t.
 * @customfunction SBGRETENTION
 * @param params sBG parameters alpha, beta: numbers or the CRM.SBGFIT spill.
 * @param t Period (whole number ≥ 1): one cell or a range (results laid out like it).
 * @returns One retention rate per t.
 */
export function sbgretention(params: any[][], t: any[][]): any[][] {
  return spill(() => {
    const p = readParams(params, "params", "sbg") as SbgParams;
    return mapAligned(readAligned([{ name: "t", range: t }]), ([ct]) => sbgRetention(p, ct as number));
  });
}

/**
 * sBG discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made the given number of renewals, in payments: the next payment undiscounted, later ones discounted per period. Multiply by the margin per period for the residual value.
 * @customfunction SBGDERL
 * @param params sBG parameters alpha, beta: numbers or the CRM.SBGFIT spill.
 * @param discount_rate Discount rate per period, greater than 0.
 * @param [renewals] Renewals made so far (default 0): one cell or a range.
 * @returns One expected discounted lifetime per value of renewals.
 */
export function sbgderl(params: any[][], discount_rate: any, renewals?: any[][]): any[][] {
  return spill(() => {
    const p = readParams(params, "params", "sbg") as SbgParams;
    const d = requiredNumber(discount_rate, "discount_rate");
    if (!(d > 0)) throw numError(`discount_rate must be greater than 0 (got ${d}): at 0 the expected lifetime can be infinite`);
    const rows = readAligned([{ name: "renewals", range: isOmitted(renewals) ? 0 : renewals }]);
    return mapAligned(rows, ([k]) => sbgDerl(p, d, k as number));
  });
}
