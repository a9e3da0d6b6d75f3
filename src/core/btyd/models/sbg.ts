/**
 * Shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, "How to project
 * customer retention", Journal of Interactive Marketing 21(1)): each customer churns at the end of
 * a period with probability θ, θ ~ Beta(α, β) across customers.
 *   P(T = t) = B(α+1, β+t−1)/B(α,β),  S(t) = B(α, β+t)/B(α,β),  r(t) = (β+t−1)/(α+β+t−1).
 */
import { naError, numError, valueError } from "../../errors";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import type { Objective } from "../optimize";
import { lnBeta, log2F1One } from "../special";

export type SbgParams = { alpha: number; beta: number };

const NAMES: (keyof SbgParams)[] = ["alpha", "beta"];

function check(params: SbgParams): void {
  checkParams("sBG", params, NAMES);
}

/** Σ_{t=1..k} (n_{t−1} − n_t) ln P(T = t) + n_k ln S(k) for survivors n_0 … n_k. */
function logLikelihoodUnchecked(p: SbgParams, alive: ArrayLike<number>): number {
  const { alpha, beta } = p;
  const lb = lnBeta(alpha, beta);
  let ll = 0;
  const k = alive.length - 1;
  for (let t = 1; t <= k; t++) {
    const lost = alive[t - 1] - alive[t];
    if (lost > 0) ll += lost * (lnBeta(alpha + 1, beta + t - 1) - lb);
  }
  if (alive[k] > 0) ll += alive[k] * (lnBeta(alpha, beta + k) - lb);
  return ll;
}

function validate(alive: ArrayLike<number>): void {
  if (alive.length < 2) throw naError("sBG: need the cohort size and the survivors of at least one period");
  for (let t = 0; t < alive.length; t++) {
    const v = alive[t];
    if (!(v >= 0 && Number.isFinite(v))) throw valueError(`sBG: survivors at period ${t} must be a finite number ≥ 0 (got ${v})`);
    if (t > 0 && v > alive[t - 1]) throw valueError(`sBG: survivors cannot increase (period ${t}: ${v} > ${alive[t - 1]})`);
  }
  if (!(alive[0] > 0)) throw naError("sBG: the cohort is empty");
}

/** Log-likelihood of a survival curve: alive[t] customers still active at the start of period t + 1 (alive[0] = cohort). */
export function sbgLogLikelihood(params: SbgParams, alive: ArrayLike<number>): number {
  check(params);
  validate(alive);
  return logLikelihoodUnchecked(params, alive);
}

/** Maximum-likelihood sBG fit to a survival curve (counts; percentages of a cohort work the same up to scale). */
export function fitSbg(alive: ArrayLike<number>, options: FitOptions<SbgParams> = {}): FitResult<SbgParams> {
  validate(alive);
  const k = alive.length - 1;
  if (alive[k] === alive[0]) throw naError("sBG: nobody churned, so the churn distribution cannot be estimated");
  if (alive[1] === 0) throw naError("sBG: everybody churned in the first period, so heterogeneity cannot be estimated");
  const objective: Objective = { f: (phi) => -logLikelihoodUnchecked({ alpha: Math.exp(phi[0]), beta: Math.exp(phi[1]) }, alive) };
  return runFit<SbgParams>({
    model: "sbg",
    names: NAMES,
    start: { alpha: 1, beta: 1 },
    objective,
    customers: alive[0],
    excluded: {},
    options,
  });
}

function checkPeriod(t: number): void {
  if (!(Number.isInteger(t) && t >= 0)) throw numError(`period must be a whole number ≥ 0 (got ${t})`);
}

/** S(t) = B(α, β+t)/B(α, β): share of the cohort still active after t periods. */
export function sbgSurvival(params: SbgParams, t: number): number {
  check(params);
  checkPeriod(t);
  return Math.exp(lnBeta(params.alpha, params.beta + t) - lnBeta(params.alpha, params.beta));
}

/** r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1): retention rate in period t ≥ 1. */
export function sbgRetention(params: SbgParams, t: number): number {
  check(params);
  checkPeriod(t);
  if (t < 1) throw numError(`retention is defined from period 1 (got ${t})`);
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, "Customer-base valuation in a
 * contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1), eq. 6) of a
 * customer who has made `renewals` renewals (so is in period n = renewals + 1), in payments, with the
 * next payment (at the next renewal) undiscounted and later ones discounted by 1/(1+d) per period:
 *   DERL = (β+n−1)/(α+β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)).
 * Multiply by the margin per period for the residual value. Needs d > 0.
 */
export function sbgDerl(params: SbgParams, discountRate: number, renewals = 0): number {
  check(params);
  if (!(discountRate > 0 && Number.isFinite(discountRate))) {
    throw numError(`discount rate must be > 0 (got ${discountRate}); at 0 the expected lifetime can be infinite`);
  }
  checkPeriod(renewals);
  const { alpha, beta } = params;
  const n = renewals + 1;
  return ((beta + n - 1) / (alpha + beta + n - 1)) * Math.exp(log2F1One(beta + n, alpha + beta + n, 1 / (1 + discountRate)));
}
