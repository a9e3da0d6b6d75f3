/**
 * MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of models
 * for customer base analysis", IJRM 24(3)). As BG/NBD — purchases at Poisson rate λ ~ Gamma(r, α)
 * while active, dropout with probability p ~ Beta(a, b) — but the customer may also drop out right
 * after the first purchase, so a customer without repeat purchases is not certainly alive.
 *
 * Given p, surviving one more dropout opportunity has probability (1 − p); integrating over
 * p ~ Beta(a, b), E[(1 − p) g(p)] = b/(a+b) · E_{Beta(a, b+1)}[g(p)]. Hence the expectations are the
 * BG/NBD's with b + 1, shared with bgnbd.ts.
 */
import { numError } from "../../errors";
import {
  betaGeometricExpectedIfAlive,
  betaGeometricLogLikelihood,
  betaGeometricObjective,
  checkCustomer,
  checkTime,
  type BgNbdParams,
} from "./bgnbd";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import { compressTriples, meanRate, requireRepeatBuyers, type CustomerTriples } from "../prep";
import { betaIncReg, invOnePlusExp, lnBeta, lnGamma } from "../special";

const { exp, log, log1p } = Math;

export type MbgNbdParams = { r: number; alpha: number; a: number; b: number };

const NAMES: (keyof MbgNbdParams)[] = ["r", "alpha", "a", "b"];

function check(params: MbgNbdParams): void {
  checkParams("MBG/NBD", params, NAMES);
}

/** The BG/NBD parameters whose alive-customer expectations are the MBG/NBD's (b + 1). */
function shifted(p: MbgNbdParams): BgNbdParams {
  return { r: p.r, alpha: p.alpha, a: p.a, b: p.b + 1 };
}

/**
 * Log-likelihood summed over customers (weighted by `weight` when given):
 * L = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / (Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r)(α+t_x)^(r+x)).
 */
export function mbgnbdLogLikelihood(params: MbgNbdParams, data: CustomerTriples): number {
  check(params);
  return betaGeometricLogLikelihood(params, compressTriples(data), undefined, 1);
}

/** Maximum-likelihood MBG/NBD fit (BFGS on analytic gradients in ln θ, after Nelder–Mead). */
export function fitMbgNbd(data: CustomerTriples, options: FitOptions<MbgNbdParams> = {}): FitResult<MbgNbdParams> {
  const c = compressTriples(data);
  requireRepeatBuyers("MBG/NBD", c);
  return runFit<MbgNbdParams>({
    model: "mbgnbd",
    names: NAMES,
    start: { r: 1, alpha: 1 / meanRate(c), a: 1, b: 1 },
    objective: betaGeometricObjective(c, 1),
    customers: c.customers,
    excluded: {},
    options,
  });
}

/** P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), for x = 0 too. */
export function mbgnbdProbAlive(params: MbgNbdParams, x: number, tx: number, T: number): number {
  check(params);
  checkCustomer(x, tx, T);
  const { r, alpha, a, b } = params;
  return invOnePlusExp(log(a) - log(b + x) + (r + x) * (log(alpha + T) - log(alpha + tx)));
}

/** E[Y(t) | alive at T, x]: expected purchases in (T, T + t] of a customer known to be alive. */
export function mbgnbdExpectedIfAlive(params: MbgNbdParams, t: number, x: number, T: number): number {
  check(params);
  checkTime(t);
  checkCustomer(x, 0, T);
  return betaGeometricExpectedIfAlive(shifted(params), x, t, params.alpha + T);
}

/** E[Y(t) | x, t_x, T] = P(alive) · (a+b+x)/(a−1) · (1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))). */
export function mbgnbdConditionalExpected(params: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  checkTime(t);
  const alive = mbgnbdProbAlive(params, x, tx, T);
  return alive * betaGeometricExpectedIfAlive(shifted(params), x, t, params.alpha + T);
}

/** E[X(t)] = b/(a−1) · (1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))): a new customer's repeat purchases in (0, t]. */
export function mbgnbdExpected(params: MbgNbdParams, t: number): number {
  check(params);
  checkTime(t);
  const { a, b } = params;
  return (b / (a + b)) * betaGeometricExpectedIfAlive(shifted(params), 0, t, params.alpha);
}

/**
 * P(X(t) = n) for a new customer: she makes n purchases and survives all n + 1 dropout chances,
 * or makes at least n and drops out at the (n+1)-th:
 * B(a, b+n+1)/B(a, b) · NB(n) + B(a+1, b+n)/B(a, b) · P(N ≥ n), N ~ NB(r, α/(α+t)), with
 * P(N ≥ n) = I_{t/(α+t)}(n, r) (1 for n = 0).
 */
export function mbgnbdProbCount(params: MbgNbdParams, t: number, n: number): number {
  check(params);
  checkTime(t);
  if (!(Number.isInteger(n) && n >= 0)) throw numError(`n must be a whole number ≥ 0 (got ${n})`);
  const { r, alpha, a, b } = params;
  const lnB = lnBeta(a, b);
  if (t === 0) return n === 0 ? 1 : 0;
  const q = t / (alpha + t);
  let lnNb = -r * log1p(t / alpha);
  if (n > 0) lnNb += lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) + n * log(q);
  const tail = n === 0 ? 1 : betaIncReg(n, r, q);
  return exp(lnBeta(a, b + n + 1) - lnB + lnNb) + exp(lnBeta(a + 1, b + n) - lnB) * tail;
}
