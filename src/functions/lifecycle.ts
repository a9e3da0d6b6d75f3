/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for the customer lifecycle stage (METHODS.md §8).
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { lapsedLabel, lifecycle, lifecycleLabel, type LifecycleOptions } from "../core/methods/lifecycle";
import { headerRow, optionalDay, optionalLang, optionalNumber, spill } from "./coerce";
import { customerIdCells, readTransactions } from "./transactions";
import type { OutputLang } from "../core/types";

const LIFECYCLE_HEADER: Record<OutputLang, string[]> = {
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
      headerRow(LIFECYCLE_HEADER, language, 8),
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
