/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for lifetime value and retention by formula (METHODS.md §7, §12).
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { clvClosedForm, clvStream } from "../core/methods/clv-formulas";
import { hughesDiscount } from "../core/methods/hughes";
import { expectedLifetime, retainedShare, retentionRate } from "../core/methods/retention";
import { isOmitted, numbers, optionalBoolean, optionalChoice, optionalNumber, requiredNumber, scalar, vector } from "./coerce";

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
    retentionRate(
      requiredNumber(start_count, "start_count"),
      requiredNumber(end_count, "end_count"),
      optionalNumber(new_count, "new_count", 0),
    ),
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
