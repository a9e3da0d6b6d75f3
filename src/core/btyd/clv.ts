/**
 * Per-customer lifetime value from a transaction model (BG/NBD, MBG/NBD, Pareto/NBD or NBD) and the Gamma-Gamma
 * spend model, over a finite horizon of discrete periods.
 *
 * Discrete-period approximation: the expected purchases in period k, E[Y(kΔ)] − E[Y((k−1)Δ)] given
 * the customer's (x, t_x, T), are all valued at the end of period k:
 *   CLV = margin · E[spend] · Σ_{k=1..K} (E[Y(kΔ)] − E[Y((k−1)Δ)]) / (1 + d)^k,
 * with Δ the period length in the model's time unit and d the discount rate per period. The
 * spend model's expected value is assumed independent of the transaction process (as Fader, Hardie
 * & Lee 2005 find for CDNOW).
 */
import { numError, valueError } from "../errors";
import type { ModelName } from "./fit";
import { gammaGammaExpectedSpend, type GammaGammaParams } from "./models/gammagamma";
import { transactionModel } from "./models/registry";
import { compressTriples } from "./prep";

/** Days in a year of the model's calendar (a month is a twelfth of it, see prep.ts). */
export const DAYS_PER_YEAR = 365.25;

/** The per-period discount rate equivalent to an annual one: (1 + d)^(period days / 365.25) − 1. */
export function periodRate(annualRate: number, periodDays: number): number {
  if (!(annualRate > -1)) throw numError(`annual discount rate must be greater than −1 (got ${annualRate})`);
  if (!(periodDays > 0)) throw numError(`period length must be a positive number of days (got ${periodDays})`);
  return Math.expm1((periodDays / DAYS_PER_YEAR) * Math.log1p(annualRate));
}

export interface ClvOptions {
  /** Number of periods K in the horizon (whole number ≥ 1). */
  periods: number;
  /** Length Δ of one period in the model's time unit (e.g. 52/12 for months when the model is in weeks). */
  periodLength: number;
  /** Discount rate d per period (> −1). */
  discountRate: number;
  /** Margin on spend (profit per unit of revenue); default 1. */
  margin?: number;
}

export interface ClvCustomers {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Mean repeat spend per customer (0 or anything when x = 0). */
  meanSpend: ArrayLike<number>;
}

export interface ClvResult {
  clv: Float64Array;
  /** P(alive at T). */
  probAlive: Float64Array;
  /** Expected purchases over the whole horizon, undiscounted: E[Y(KΔ)]. */
  expectedTransactions: Float64Array;
  /** Σ_k expected purchases in period k / (1 + d)^k. */
  discountedTransactions: Float64Array;
  /** Gamma-Gamma expected spend per transaction. */
  expectedSpend: Float64Array;
}

/** A fitted or given transaction model: `{ model: "bgnbd" | "mbgnbd" | "paretonbd" | "nbd", params }` (a FitResult qualifies). */
export interface TransactionModel {
  model: ModelName;
  params: Record<string, number>;
}

export function customerLifetimeValue(
  transactions: TransactionModel,
  spend: GammaGammaParams,
  data: ClvCustomers,
  options: ClvOptions,
): ClvResult {
  const { periods: K, periodLength: delta, discountRate: d } = options;
  const margin = options.margin ?? 1;
  if (!(Number.isInteger(K) && K >= 1)) throw numError(`periods must be a whole number ≥ 1 (got ${K})`);
  if (!(delta > 0 && Number.isFinite(delta))) throw numError(`period length must be a positive number (got ${delta})`);
  if (!(d > -1 && Number.isFinite(d))) throw numError(`discount rate must be > −1 (got ${d})`);
  if (!Number.isFinite(margin)) throw numError(`margin must be a finite number (got ${margin})`);
  const n = data.x.length;
  if (data.meanSpend.length !== n) throw valueError(`mean spend must have one value per customer (${data.meanSpend.length} vs ${n})`);

  const model = transactionModel(transactions.model, transactions.params);

  // The expensive part depends only on (x, t_x, T): compute it once per distinct triple.
  const c = compressTriples(data);
  const u = c.x.length;
  const uAlive = new Float64Array(u);
  const uTotal = new Float64Array(u);
  const uDiscounted = new Float64Array(u);
  for (let j = 0; j < u; j++) {
    const pa = model.probAlive(c.x[j], c.tx[j], c.T[j]);
    let prev = 0;
    let disc = 0;
    let factor = 1;
    for (let k = 1; k <= K; k++) {
      factor /= 1 + d;
      const cum = model.expectedIfAlive(k * delta, c.x[j], c.T[j]);
      disc += (cum - prev) * factor;
      prev = cum;
    }
    uAlive[j] = pa;
    uTotal[j] = pa * prev;
    uDiscounted[j] = pa * disc;
  }
  const out: ClvResult = {
    clv: new Float64Array(n),
    probAlive: new Float64Array(n),
    expectedTransactions: new Float64Array(n),
    discountedTransactions: new Float64Array(n),
    expectedSpend: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const j = c.index[i];
    const m = gammaGammaExpectedSpend(spend, data.x[i], data.meanSpend[i]);
    out.probAlive[i] = uAlive[j];
    out.expectedTransactions[i] = uTotal[j];
    out.discountedTransactions[i] = uDiscounted[j];
    out.expectedSpend[i] = m;
    out.clv[i] = margin * m * uDiscounted[j];
  }
  return out;
}
