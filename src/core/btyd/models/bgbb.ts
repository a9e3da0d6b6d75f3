/**
 * BG/BB model for discrete purchase opportunities (Fader, Hardie & Shang 2010, "Customer-base
 * analysis in a discrete-time noncontractual setting", Marketing Science 29(6)). While alive a
 * customer transacts at each opportunity with probability p, p ~ Beta(α, β), and dies before each
 * opportunity with probability θ, θ ~ Beta(γ, δ). A customer's data: x transactions in n
 * opportunities, the last at opportunity t_x (0 when x = 0).
 */
import { naError, numError, valueError } from "../../errors";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import type { Objective } from "../optimize";
import { lnBeta, logAddExp } from "../special";

export type BgBbParams = { alpha: number; beta: number; gamma: number; delta: number };

const NAMES: (keyof BgBbParams)[] = ["alpha", "beta", "gamma", "delta"];

export interface BgBbData {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  n: ArrayLike<number>;
  /** Customers per row; default 1 each. */
  weight?: ArrayLike<number>;
}

function validate(d: BgBbData): number {
  const len = d.x.length;
  if (d.tx.length !== len || d.n.length !== len || (d.weight && d.weight.length !== len)) {
    throw valueError("x, t_x, n (and weight) must have the same length");
  }
  let customers = 0;
  for (let i = 0; i < len; i++) {
    const x = d.x[i];
    const tx = d.tx[i];
    const n = d.n[i];
    const w = d.weight ? d.weight[i] : 1;
    const row = `customer ${i + 1}`;
    if (![x, tx, n].every((v) => Number.isInteger(v) && v >= 0)) throw valueError(`${row}: x, t_x and n must be whole numbers ≥ 0`);
    if (!(x <= tx && tx <= n)) throw valueError(`${row}: need x ≤ t_x ≤ n (got x = ${x}, t_x = ${tx}, n = ${n})`);
    if ((x === 0) !== (tx === 0)) throw valueError(`${row}: t_x is 0 exactly when x is 0 (got x = ${x}, t_x = ${tx})`);
    if (!(w >= 0 && Number.isFinite(w))) throw valueError(`${row}: weight must be a finite number ≥ 0 (got ${w})`);
    customers += w;
  }
  return customers;
}

/** ln of the probability of surviving all n opportunities having made x transactions: the "alive" term. */
function aliveTerm(p: BgBbParams, x: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  return lnBeta(alpha + x, beta + n - x) - lnBeta(alpha, beta) + lnBeta(gamma, delta + n) - lnBeta(gamma, delta);
}

/**
 * FHS (2010) eq. 5: L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *   + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ), summed in logs.
 */
function customerLogLikelihood(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  let ll = aliveTerm(p, x, n);
  const lbAB = lnBeta(alpha, beta);
  const lbGD = lnBeta(gamma, delta);
  for (let i = 0; i < n - tx; i++) {
    ll = logAddExp(ll, lnBeta(alpha + x, beta + tx - x + i) - lbAB + lnBeta(gamma + 1, delta + tx + i) - lbGD);
  }
  return ll;
}

function logLikelihoodUnchecked(p: BgBbParams, d: BgBbData): number {
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) {
    const w = d.weight ? d.weight[i] : 1;
    if (w !== 0) ll += w * customerLogLikelihood(p, d.x[i], d.tx[i], d.n[i]);
  }
  return ll;
}

/** Log-likelihood summed over customers (weighted by `weight` when given). */
export function bgbbLogLikelihood(params: BgBbParams, data: BgBbData): number {
  checkParams("BG/BB", params, NAMES);
  validate(data);
  return logLikelihoodUnchecked(params, data);
}

/** Maximum-likelihood BG/BB fit (Nelder–Mead, then BFGS on central-difference gradients in ln θ). */
export function fitBgBb(data: BgBbData, options: FitOptions<BgBbParams> = {}): FitResult<BgBbParams> {
  const customers = validate(data);
  if (!(customers > 0)) throw naError("BG/BB: no customers to fit");
  let buys = 0;
  let chances = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight ? data.weight[i] : 1;
    buys += w * data.x[i];
    chances += w * data.n[i];
  }
  if (buys === 0 || buys === chances) {
    throw naError(`BG/BB: every customer ${buys === 0 ? "never" : "always"} transacted, so p and θ cannot be told apart`);
  }
  const objective: Objective = {
    f: (phi) =>
      -logLikelihoodUnchecked({ alpha: Math.exp(phi[0]), beta: Math.exp(phi[1]), gamma: Math.exp(phi[2]), delta: Math.exp(phi[3]) }, data),
  };
  return runFit<BgBbParams>({
    model: "bgbb",
    names: NAMES,
    start: { alpha: 1, beta: 1, gamma: 1, delta: 1 },
    objective,
    customers,
    excluded: {},
    options,
  });
}

/**
 * P(alive at opportunity n + m | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+m)/B(γ,δ) / L
 * (FHS 2010 eq. 11 with m = 1: alive at the next opportunity, the quantity they tabulate). m = 0
 * gives P(alive at n), which is 1 for a customer who transacted at n.
 */
export function bgbbProbAlive(params: BgBbParams, x: number, tx: number, n: number, m = 1): number {
  checkParams("BG/BB", params, NAMES);
  validate({ x: [x], tx: [tx], n: [n] });
  if (!(Number.isInteger(m) && m >= 0)) throw numError(`periods ahead must be a whole number ≥ 0 (got ${m})`);
  const { gamma, delta } = params;
  const ahead = lnBeta(gamma, delta + n + m) - lnBeta(gamma, delta + n);
  return Math.exp(aliveTerm(params, x, n) + ahead - customerLogLikelihood(params, x, tx, n));
}
