/**
 * NBD model (Ehrenberg 1959): every customer stays active and buys at Poisson rate λ ~ Gamma(r, α).
 * It is the no-dropout limit of BG/NBD (a → 0) and MBG/NBD, where a boundary fit of those lands, and
 * of Pareto/NBD (s → 0). The likelihood is that of BG/NBD without the dropout terms:
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T).
 */
import { numError } from "../../errors";
import { checkCustomer, checkTime } from "./bgnbd";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import type { Objective } from "../optimize";
import { compressTriples, meanRate, requireRepeatBuyers, type CompressedTriples, type CustomerTriples } from "../prep";
import { digamma, lnGamma } from "../special";

const { exp, log, log1p } = Math;

export type NbdParams = { r: number; alpha: number };

const NAMES: (keyof NbdParams)[] = ["r", "alpha"];

function check(params: NbdParams): void {
  checkParams("NBD", params, NAMES);
}

/** Weighted log-likelihood and, when `grad` is given, its gradient in (r, α). */
function logLikelihoodCompressed(p: NbdParams, c: CompressedTriples, grad?: Float64Array): number {
  const { r, alpha } = p;
  const { weight, xValues, groupStart, times, TTime } = c;
  const lnAt = new Float64Array(times.length);
  const invAt = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) {
    lnAt[k] = log(alpha + times[k]);
    invAt[k] = 1 / (alpha + times[k]);
  }
  const lnAlpha = log(alpha);
  const lgR = lnGamma(r);
  const psiR = grad ? digamma(r) : 0;
  let ll = 0;
  let dr = 0;
  let dAlpha = 0;
  for (let k = 0; k < xValues.length; k++) {
    const rx = r + xValues[k];
    let W = 0;
    let sL = 0;
    let sInv = 0;
    for (let i = groupStart[k]; i < groupStart[k + 1]; i++) {
      const w = weight[i];
      W += w;
      sL += w * lnAt[TTime[i]];
      sInv += w * invAt[TTime[i]];
    }
    ll += W * (lnGamma(rx) - lgR + r * lnAlpha) - rx * sL;
    if (grad) {
      dr += W * (digamma(rx) - psiR + lnAlpha) - sL;
      dAlpha += (W * r) / alpha - rx * sInv;
    }
  }
  if (grad) {
    grad[0] = dr;
    grad[1] = dAlpha;
  }
  return ll;
}

/** Log-likelihood summed over customers (weighted by `weight` when given). */
export function nbdLogLikelihood(params: NbdParams, data: CustomerTriples): number {
  check(params);
  return logLikelihoodCompressed(params, compressTriples(data));
}

function objective(c: CompressedTriples): Objective {
  const g = new Float64Array(2);
  return {
    f: (phi) => -logLikelihoodCompressed({ r: exp(phi[0]), alpha: exp(phi[1]) }, c),
    fg: (phi, out) => {
      const p = { r: exp(phi[0]), alpha: exp(phi[1]) };
      const ll = logLikelihoodCompressed(p, c, g);
      out[0] = -g[0] * p.r;
      out[1] = -g[1] * p.alpha;
      return -ll;
    },
  };
}

/** Maximum-likelihood NBD fit. */
export function fitNbd(data: CustomerTriples, options: FitOptions<NbdParams> = {}): FitResult<NbdParams> {
  const c = compressTriples(data);
  requireRepeatBuyers("NBD", c);
  return runFit<NbdParams>({
    model: "nbd",
    names: NAMES,
    start: { r: 1, alpha: 1 / meanRate(c) },
    objective: objective(c),
    customers: c.customers,
    excluded: {},
    options,
  });
}

/** P(alive) = 1: the NBD has no dropout. */
export function nbdProbAlive(params: NbdParams, x: number, tx: number, T: number): number {
  check(params);
  checkCustomer(x, tx, T);
  return 1;
}

/** E[Y(t) | x, T] = (r+x) t / (α+T): the posterior mean rate times t. */
export function nbdExpectedIfAlive(params: NbdParams, t: number, x: number, T: number): number {
  check(params);
  checkTime(t);
  checkCustomer(x, 0, T);
  return ((params.r + x) * t) / (params.alpha + T);
}

export function nbdConditionalExpected(params: NbdParams, t: number, x: number, tx: number, T: number): number {
  checkCustomer(x, tx, T);
  return nbdExpectedIfAlive(params, t, x, T);
}

/** E[X(t)] = r t / α. */
export function nbdExpected(params: NbdParams, t: number): number {
  check(params);
  checkTime(t);
  return (params.r * t) / params.alpha;
}

/** P(X(t) = n) = Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n. */
export function nbdProbCount(params: NbdParams, t: number, n: number): number {
  check(params);
  checkTime(t);
  if (!(Number.isInteger(n) && n >= 0)) throw numError(`n must be a whole number ≥ 0 (got ${n})`);
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha } = params;
  let ln = -r * log1p(t / alpha);
  if (n > 0) ln += lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) + n * log(t / (alpha + t));
  return exp(ln);
}
