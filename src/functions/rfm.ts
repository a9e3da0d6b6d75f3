/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for RFM: scores, segments and the customer table of METHODS.md §2.
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { analyze } from "../core/segment/analyze";
import { valueError } from "../core/errors";
import { scoreValues } from "../core/segment/rfm";
import { cn8Analyze, NO_PURCHASE, rfmPkgCode, segmentFromScores, segmentText, type ScoreScheme } from "../core/segment/segments";
import type { Center, OutputLang, ScoreMethod } from "../core/types";
import {
  alignedNumbers,
  alignedOutput,
  headerRow,
  isOmitted,
  matrix as matrixCells,
  numberFromText,
  numberList,
  optionalBoolean,
  optionalChoice,
  optionalDay,
  optionalInteger,
  optionalLang,
  spill,
  toExcelError,
} from "./coerce";
import { customerIdCells, readTransactions } from "./transactions";

const RFM_HEADER: Record<OutputLang, string[]> = {
  en: ["CustomerID", "Recency_days", "Frequency", "Monetary", "R", "F", "M", "RFM_code", "FM", "Segment"],
  zh: ["客户编号", "最近购买天数", "购买频次", "消费金额", "R", "F", "M", "RFM代码", "FM", "客户细分"],
};

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
    const rows: any[][] = withHeader ? [headerRow(RFM_HEADER, language, columns)] : [];
    result.customers.forEach((c, i) => {
      const row: any[] = [
        ids[i],
        c.recencyDays ?? "",
        c.purchases,
        c.monetary,
        c.r ?? "",
        c.f ?? "",
        c.m ?? "",
        c.rfmCode ?? "",
        c.fm ?? "",
      ];
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
    return alignedOutput(codes.length, [rs.errors, fs.errors, ms.errors], (i) =>
      codes[i] === null ? "" : segmentText(codes[i] as string, language),
    );
  });
}

function centerOption(center: unknown): Center {
  if (isOmitted(center)) return "MEAN";
  const cells = matrixCells(center, "center").flat();
  if (cells.length === 1 && typeof cells[0] === "string" && Number.isNaN(numberFromText(cells[0])) && !/[,;]/.test(cells[0])) {
    return optionalChoice(cells[0], "center", ["MEAN", "MEDIAN", "SCOREMEAN"] as const, "MEAN");
  }
  const thresholds = numberList(center, "center");
  if (thresholds.length !== 3)
    throw valueError(`center thresholds must be three numbers: recency days, frequency, monetary (got ${thresholds.length})`);
  return [thresholds[0], thresholds[1], thresholds[2]];
}
