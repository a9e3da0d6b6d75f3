/**
 * BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way: an alternative to
 * the Pareto/NBD model", Marketing Science 24(2)). While active a customer buys at Poisson rate λ,
 * λ ~ Gamma(r, α); after each purchase she drops out with probability p, p ~ Beta(a, b).
 */
import { numError } from "../../errors";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import type { Objective } from "../optimize";
import { compressTriples, meanRate, requireRepeatBuyers, type CompressedTriples, type CustomerTriples } from "../prep";
import { betaIncReg, digamma, invOnePlusExp, lnBeta, lnGamma } from "../special";

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

const NAMES: (keyof BgNbdParams)[] = ["r", "alpha", "a", "b"];

function check(params: BgNbdParams): void {
  checkParams("BG/NBD", params, NAMES);
}

/**
 * Weighted log-likelihood and, when `grad` is given, its gradient in (r, α, a, b). Log-space form of
 * FHL (2005) eq. (6): ln L = A₁ + A₂ + ln(e^A₃ + δ_{x>0} e^A₄) with
 * A₁ = ln Γ(r+x) − ln Γ(r) + r ln α, A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
 * A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x). The x-only terms are computed once
 * per distinct x.
 *
 * `dropAtStart` = 1 gives the MBG/NBD (Batislam et al. 2007), whose customers may also drop out
 * right after the first purchase: every b + x above becomes b + x + 1 and the δ_{x>0} goes.
 */
export function betaGeometricLogLikelihood(p: BgNbdParams, c: CompressedTriples, grad?: Float64Array, dropAtStart: 0 | 1 = 0): number {
  const { r, alpha, a, b } = p;
  const { weight, xValues, groupStart, times, txTime, TTime } = c;
  const lnAt = new Float64Array(times.length);
  const invAt = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) {
    lnAt[k] = Math.log(alpha + times[k]);
    invAt[k] = 1 / (alpha + times[k]);
  }
  const lnAlpha = Math.log(alpha);
  const lgR = lnGamma(r);
  const lgB = lnGamma(b);
  const lgAB = lnGamma(a + b);
  const psiR = grad ? digamma(r) : 0;
  const psiB = grad ? digamma(b) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  let ll = 0;
  let dr = 0;
  let dAlpha = 0;
  let da = 0;
  let db = 0;
  for (let k = 0; k < xValues.length; k++) {
    const x = xValues[k];
    const rx = r + x;
    let W = 0;
    let sum = 0;
    let sr = 0;
    let sAlpha = 0;
    let sa = 0;
    let sb = 0;
    if (x === 0 && dropAtStart === 0) {
      for (let i = groupStart[k]; i < groupStart[k + 1]; i++) {
        const w = weight[i];
        const L3 = lnAt[TTime[i]];
        W += w;
        sum -= w * r * L3;
        if (grad) {
          sr -= w * L3;
          sAlpha -= w * r * invAt[TTime[i]];
        }
      }
    } else {
      const bx = b + x - 1 + dropAtStart;
      const c4 = Math.log(a) - Math.log(bx);
      for (let i = groupStart[k]; i < groupStart[k + 1]; i++) {
        const w = weight[i];
        const L3 = lnAt[TTime[i]];
        const L4 = lnAt[txTime[i]];
        const A3 = -rx * L3;
        const A4 = c4 - rx * L4;
        const e = Math.exp(-Math.abs(A3 - A4));
        W += w;
        sum += w * (Math.max(A3, A4) + Math.log1p(e));
        if (grad) {
          // w3 = P(alive) = e^A₃ / (e^A₃ + e^A₄).
          const w3 = A3 >= A4 ? 1 / (1 + e) : e / (1 + e);
          const w4 = 1 - w3;
          sr -= w * (w3 * L3 + w4 * L4);
          sAlpha -= w * rx * (w3 * invAt[TTime[i]] + w4 * invAt[txTime[i]]);
          sa += (w * w4) / a;
          sb -= (w * w4) / bx;
        }
      }
    }
    const A1 = lnGamma(rx) - lgR + r * lnAlpha;
    const xs = x + dropAtStart;
    const A2 = xs === 0 ? 0 : lgAB + lnGamma(b + xs) - lgB - lnGamma(a + b + xs);
    ll += W * (A1 + A2) + sum;
    if (grad) {
      dr += W * (digamma(rx) - psiR + lnAlpha) + sr;
      dAlpha += (W * r) / alpha + sAlpha;
      if (xs > 0) {
        const psiABX = digamma(a + b + xs);
        da += W * (psiAB - psiABX) + sa;
        db += W * (psiAB + digamma(b + xs) - psiB - psiABX) + sb;
      } else {
        da += sa;
        db += sb;
      }
    }
  }
  if (grad) {
    grad[0] = dr;
    grad[1] = dAlpha;
    grad[2] = da;
    grad[3] = db;
  }
  return ll;
}

/** Log-likelihood of one customer's (x, t_x, T). */
export function bgnbdCustomerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  check(params);
  return betaGeometricLogLikelihood(params, compressTriples({ x: [x], tx: [tx], T: [T] }));
}

/** Log-likelihood summed over customers (weighted by `weight` when given). */
export function bgnbdLogLikelihood(params: BgNbdParams, data: CustomerTriples): number {
  check(params);
  return betaGeometricLogLikelihood(params, compressTriples(data));
}

/** −ln L over ln θ with its analytic gradient (BG/NBD, or MBG/NBD with `dropAtStart` = 1). */
export function betaGeometricObjective(c: CompressedTriples, dropAtStart: 0 | 1 = 0): Objective {
  const at = (phi: Float64Array): BgNbdParams => ({
    r: Math.exp(phi[0]),
    alpha: Math.exp(phi[1]),
    a: Math.exp(phi[2]),
    b: Math.exp(phi[3]),
  });
  const g = new Float64Array(4);
  return {
    f: (phi) => -betaGeometricLogLikelihood(at(phi), c, undefined, dropAtStart),
    fg: (phi, out) => {
      const p = at(phi);
      const ll = betaGeometricLogLikelihood(p, c, g, dropAtStart);
      out[0] = -g[0] * p.r;
      out[1] = -g[1] * p.alpha;
      out[2] = -g[2] * p.a;
      out[3] = -g[3] * p.b;
      return -ll;
    },
  };
}

/** Maximum-likelihood BG/NBD fit (BFGS on analytic gradients in ln θ, after Nelder–Mead). */
export function fitBgNbd(data: CustomerTriples, options: FitOptions<BgNbdParams> = {}): FitResult<BgNbdParams> {
  const c = compressTriples(data);
  requireRepeatBuyers("BG/NBD", c);
  return runFit<BgNbdParams>({
    model: "bgnbd",
    names: NAMES,
    start: { r: 1, alpha: 1 / meanRate(c), a: 1, b: 1 },
    objective: betaGeometricObjective(c),
    customers: c.customers,
    excluded: {},
    options,
  });
}

const MAX_TERMS = 2_000_000;

/**
 * E[Y(t) | alive at T, x], the expected purchases in (T, T + t] of a customer still alive, with
 * base = α + T (a new customer: x = 0, base = α). FHL (2005) write it through
 * ₂F₁(r+x, b+x; a+b+x−1; z), z = t/(base+t); Euler's transformation gives
 * ₂F₁(c′, a−1; C; z)·(1−z)^(a−1−r−x) with C = a+b+x−1, c′ = a+b−1−r, whose parameters do not grow
 * with x. Splitting off the factor (a−1) of its terms leaves
 *   E = C·(1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1)·S,  S = Σ_{n≥1} (c′)_n (a)_{n−1} / ((C+1)_{n−1} n!) zⁿ,
 * which is finite at a = 1 (the first part tends to −C ln(1−z)) and for C ≤ 0 (x = 0, a + b < 1),
 * where the textbook form divides by zero. S is summed with rescaling (no overflow) until the tail
 * bound |term|·q/(1−q) falls below 1e-16 of the sum.
 */
export function betaGeometricExpectedIfAlive(p: BgNbdParams, x: number, t: number, base: number): number {
  if (t === 0) return 0;
  const { r, a, b } = p;
  const z = t / (base + t);
  const L = -Math.log1p(t / base);
  const eps = a - 1;
  const C = a + b + x - 1;
  const cp = a + b - 1 - r;
  const first = C * (eps === 0 ? -L : -Math.expm1(eps * L) / eps);
  let term = cp * z;
  let sum = term;
  let logScale = 0;
  for (let n = 1; term !== 0; n++) {
    const rho = ((cp + n) * (a + n - 1) * z) / ((C + n) * (n + 1));
    term *= rho;
    sum += term;
    if (Math.abs(term) > 1e250 || Math.abs(sum) > 1e250) {
      term *= 1e-250;
      sum *= 1e-250;
      logScale += 250 * Math.LN10;
    }
    const q = Math.max(Math.abs(rho), z);
    if (q < 1 && (Math.abs(term) * q) / (1 - q) <= 1e-16 * Math.abs(sum)) break;
    if (n > MAX_TERMS) {
      throw numError(`BG/NBD expectation: the horizon t = ${t} is too long for α + T = ${base} (more than ${MAX_TERMS} series terms)`);
    }
  }
  const second = sum === 0 ? 0 : Math.sign(sum) * Math.exp(eps * L + Math.log(Math.abs(sum)) + logScale);
  // The leading terms cancel to (r + x)·z; for t near the underflow limit rounding can leave a
  // negative of the order of the smallest double, never a meaningful one.
  return Math.max(0, first - second);
}

export function checkTime(t: number, name = "t"): void {
  if (!(t >= 0 && Number.isFinite(t))) throw numError(`${name} must be a finite number ≥ 0 (got ${t})`);
}

export function checkCustomer(x: number, tx: number, T: number): void {
  if (!(Number.isInteger(x) && x >= 0)) throw numError(`x must be a whole number ≥ 0 (got ${x})`);
  if (!(tx >= 0 && tx <= T && Number.isFinite(T))) throw numError(`need 0 ≤ t_x ≤ T (got t_x = ${tx}, T = ${T})`);
}

/** E[X(t)]: expected repeat purchases of a new customer in (0, t] (FHL 2005 eq. 9). */
export function bgnbdExpected(params: BgNbdParams, t: number): number {
  check(params);
  checkTime(t);
  return betaGeometricExpectedIfAlive(params, 0, t, params.alpha);
}

/**
 * P(alive) of (x, times[i], times[k]) with ln(α + t) taken once per time: BG/NBD, or MBG/NBD with
 * `dropAtStart` = 1 (b + x − 1 becomes b + x, and x = 0 is no longer certainly alive).
 */
export function betaGeometricAliveOnTimes(
  p: BgNbdParams,
  times: Float64Array,
  dropAtStart: 0 | 1,
): (x: number, txIndex: number, TIndex: number) => number {
  checkParams("BG/NBD", p, NAMES);
  const lnAt = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) lnAt[k] = Math.log(p.alpha + times[k]);
  const lnA = Math.log(p.a);
  return (x, i, k) =>
    x === 0 && dropAtStart === 0 ? 1 : invOnePlusExp(lnA - Math.log(p.b + x - 1 + dropAtStart) + (p.r + x) * (lnAt[k] - lnAt[i]));
}

/** P(alive at T | x, t_x, T) = 1 / (1 + δ_{x>0} a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). */
export function bgnbdProbAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  check(params);
  checkCustomer(x, tx, T);
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  return invOnePlusExp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of a customer with history (x, t_x, T) (FHL 2005 eq. 10). */
export function bgnbdConditionalExpected(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  checkTime(t);
  const alive = bgnbdProbAlive(params, x, tx, T);
  return alive * betaGeometricExpectedIfAlive(params, x, t, params.alpha + T);
}

/**
 * P(X(t) = n) for a new customer (FHL 2005 eq. 8). The sum 1 − Σ_{j<n} NB(j) in the second term is
 * the negative-binomial tail P(N ≥ n) = I_{t/(α+t)}(n, r), taken from the incomplete beta so it keeps
 * its relative accuracy when it is tiny.
 */
export function bgnbdProbCount(params: BgNbdParams, t: number, n: number): number {
  check(params);
  checkTime(t);
  if (!(Number.isInteger(n) && n >= 0)) throw numError(`n must be a whole number ≥ 0 (got ${n})`);
  const { r, alpha, a, b } = params;
  if (t === 0) return n === 0 ? 1 : 0;
  const lnP0 = -Math.log1p(t / alpha); // ln(α/(α+t))
  const q = t / (alpha + t);
  const lnB = lnBeta(a, b);
  let first = lnBeta(a, b + n) - lnB + r * lnP0;
  if (n > 0) first += lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) + n * Math.log(q);
  const tail = n > 0 ? Math.exp(lnBeta(a + 1, b + n - 1) - lnB) * betaIncReg(n, r, q) : 0;
  return Math.exp(first) + tail;
}

/** E[Y(t) | alive at T, x]: expected purchases in (T, T + t] of a customer known to be alive. */
export function bgnbdExpectedIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  check(params);
  checkTime(t);
  checkCustomer(x, 0, T);
  return betaGeometricExpectedIfAlive(params, x, t, params.alpha + T);
}
