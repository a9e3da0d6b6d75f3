/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for the discrete-time models: BG/BB and sBG fits and predictions.
 * Thin wrappers (conventions in ARCHITECTURE.md): coerce.ts reads the arguments, the core computes,
 * the result is values or an Excel error. The JSDoc is the metadata: webpack.config.js lists this
 * file for the metadata plugin; zh-cn.json translates it.
 */
import { bgbbProbAlive, fitBgBb, fitSbg, sbgDerl, sbgRetention, sbgSurvival, type BgBbParams, type SbgParams } from "../core/btyd";
import { naError, numError, valueError } from "../core/errors";
import { isOmitted, numbers, optionalBoolean, requiredNumber, spill } from "./coerce";
import { checkBgBbHistory, fitRows, fitSpill, mapAligned, readAligned, readParams, type AlignedInput } from "./btyd";

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
