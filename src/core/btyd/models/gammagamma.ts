/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for
 * customer base analysis", JMR 42(4); Fader & Hardie note 025, "The Gamma-Gamma model of monetary
 * value"). Each transaction's value is Gamma(p, ν), ν ~ Gamma(q, γ) across customers; the model is
 * fitted to the mean value m_x of each customer's x repeat purchases.
 */
import { naError, numError, valueError } from "../../errors";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import type { Objective } from "../optimize";
import { digamma, lnGamma } from "../special";

export type GammaGammaParams = { p: number; q: number; gamma: number };

const NAMES: (keyof GammaGammaParams)[] = ["p", "q", "gamma"];

export interface SpendData {
  /** Repeat purchases per customer. */
  x: ArrayLike<number>;
  /** Mean value of those repeat purchases. */
  meanSpend: ArrayLike<number>;
  /** Customers per row; default 1 each. */
  weight?: ArrayLike<number>;
}

/** The customers Gamma-Gamma can use, sorted by x, and the counts of those left out. */
interface Eligible {
  x: Float64Array;
  lnM: Float64Array;
  m: Float64Array;
  weight: Float64Array;
  xValues: number[];
  groupStart: number[];
  customers: number;
  excluded: { noRepeatPurchase: number; nonPositiveSpend: number };
}

/**
 * Keeps customers with x > 0 and m_x > 0. The density of m_x is undefined at m_x ≤ 0 (CDNOW's full
 * file has $0 purchases): such customers are excluded and counted, never clipped.
 */
function eligible(data: SpendData): Eligible {
  const n = data.x.length;
  if (data.meanSpend.length !== n || (data.weight && data.weight.length !== n)) {
    throw valueError(`x, mean spend${data.weight ? " and weight" : ""} must have the same length`);
  }
  const rows: number[] = [];
  let noRepeat = 0;
  let nonPositive = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const m = data.meanSpend[i];
    const w = data.weight ? data.weight[i] : 1;
    if (!(Number.isInteger(x) && x >= 0)) throw valueError(`customer ${i + 1}: x must be a whole number ≥ 0 (got ${x})`);
    if (!Number.isFinite(m)) throw valueError(`customer ${i + 1}: mean spend must be a finite number (got ${m})`);
    if (!(w >= 0 && Number.isFinite(w))) throw valueError(`customer ${i + 1}: weight must be a finite number ≥ 0 (got ${w})`);
    if (x === 0) noRepeat += w;
    else if (!(m > 0)) nonPositive += w;
    else rows.push(i);
  }
  rows.sort((i, j) => data.x[i] - data.x[j] || data.meanSpend[i] - data.meanSpend[j]);
  const k = rows.length;
  const out: Eligible = {
    x: new Float64Array(k),
    lnM: new Float64Array(k),
    m: new Float64Array(k),
    weight: new Float64Array(k),
    xValues: [],
    groupStart: [],
    customers: 0,
    excluded: { noRepeatPurchase: noRepeat, nonPositiveSpend: nonPositive },
  };
  rows.forEach((src, j) => {
    out.x[j] = data.x[src];
    out.m[j] = data.meanSpend[src];
    out.lnM[j] = Math.log(out.m[j]);
    out.weight[j] = data.weight ? data.weight[src] : 1;
    out.customers += out.weight[j];
    if (j === 0 || out.x[j] !== out.x[j - 1]) {
      out.xValues.push(out.x[j]);
      out.groupStart.push(j);
    }
  });
  out.groupStart.push(k);
  return out;
}

/**
 * Σ w ln f(m_x | p, q, γ, x) with f = Γ(px+q)/(Γ(px)Γ(q)) · γ^q m_x^(px−1) x^(px) / (γ + x m_x)^(px+q)
 * (note 025 eq. 4), and its gradient in (p, q, γ) when `grad` is given.
 */
function logLikelihoodEligible(par: GammaGammaParams, e: Eligible, grad?: Float64Array): number {
  const { p, q, gamma } = par;
  const lgQ = lnGamma(q);
  const lnG = Math.log(gamma);
  const psiQ = grad ? digamma(q) : 0;
  let ll = 0;
  let dp = 0;
  let dq = 0;
  let dg = 0;
  for (let k = 0; k < e.xValues.length; k++) {
    const x = e.xValues[k];
    const px = p * x;
    const lnX = Math.log(x);
    let W = 0;
    let sumLnM = 0;
    let sumLnD = 0;
    let sumInvD = 0;
    for (let i = e.groupStart[k]; i < e.groupStart[k + 1]; i++) {
      const w = e.weight[i];
      const d = gamma + x * e.m[i];
      W += w;
      sumLnM += w * e.lnM[i];
      sumLnD += w * Math.log(d);
      if (grad) sumInvD += w / d;
    }
    ll += W * (lnGamma(px + q) - lnGamma(px) - lgQ + q * lnG + px * lnX) + (px - 1) * sumLnM - (px + q) * sumLnD;
    if (grad) {
      const psiPQ = digamma(px + q);
      dp += x * (W * (psiPQ - digamma(px) + lnX) + sumLnM - sumLnD);
      dq += W * (psiPQ - psiQ + lnG) - sumLnD;
      dg += (W * q) / gamma - (px + q) * sumInvD;
    }
  }
  if (grad) {
    grad[0] = dp;
    grad[1] = dq;
    grad[2] = dg;
  }
  return ll;
}

/** Log-likelihood over the eligible customers (x > 0, mean spend > 0); the rest are ignored. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendData): number {
  checkParams("Gamma-Gamma", params, NAMES);
  return logLikelihoodEligible(params, eligible(data));
}

/** Maximum-likelihood Gamma-Gamma fit on customers with x > 0 and mean spend > 0 (others counted in `excluded`). */
export function fitGammaGamma(data: SpendData, options: FitOptions<GammaGammaParams> = {}): FitResult<GammaGammaParams> {
  const e = eligible(data);
  if (e.customers <= 0) {
    throw naError(
      `Gamma-Gamma: no customer has a repeat purchase with a positive mean spend (${e.excluded.noRepeatPurchase} without repeat purchases, ${e.excluded.nonPositiveSpend} with mean spend ≤ 0)`,
    );
  }
  let mean = 0;
  for (let i = 0; i < e.m.length; i++) mean += (e.weight[i] * e.m[i]) / e.customers;
  const at = (phi: Float64Array): GammaGammaParams => ({ p: Math.exp(phi[0]), q: Math.exp(phi[1]), gamma: Math.exp(phi[2]) });
  const g = new Float64Array(3);
  const objective: Objective = {
    f: (phi) => -logLikelihoodEligible(at(phi), e),
    fg: (phi, out) => {
      const par = at(phi);
      const ll = logLikelihoodEligible(par, e, g);
      out[0] = -g[0] * par.p;
      out[1] = -g[1] * par.q;
      out[2] = -g[2] * par.gamma;
      return -ll;
    },
  };
  return runFit<GammaGammaParams>({
    model: "gammagamma",
    names: NAMES,
    // p = 1, q = 2 puts the population mean spend pγ/(q − 1) at the sample mean when γ = mean.
    start: { p: 1, q: 2, gamma: mean },
    objective,
    customers: e.customers,
    excluded: e.excluded,
    options,
  });
}

/**
 * E[M | p, q, γ, m_x, x] = (γ + x m_x) p / (px + q − 1): the expected value of a customer's future
 * transactions, a weighted mean of the population mean pγ/(q − 1) and her own m_x (note 025 eq. 6).
 * For x = 0 it is the population mean. A mean spend ≤ 0 lies outside the model (the fit excludes
 * it) and is taken as 0 here, so the estimate shrinks towards 0 as such a customer's x grows.
 * Requires q > 1 (else the mean is infinite).
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  checkParams("Gamma-Gamma", params, NAMES);
  const { p, q, gamma } = params;
  if (!(q > 1)) throw numError(`Gamma-Gamma: the expected spend needs q > 1 (got q = ${q}): the population mean is infinite`);
  if (!(Number.isInteger(x) && x >= 0)) throw numError(`x must be a whole number ≥ 0 (got ${x})`);
  if (!Number.isFinite(meanSpend)) throw numError(`mean spend must be a finite number (got ${meanSpend})`);
  const m = x === 0 ? 0 : Math.max(meanSpend, 0);
  return ((gamma + x * m) * p) / (p * x + q - 1);
}
