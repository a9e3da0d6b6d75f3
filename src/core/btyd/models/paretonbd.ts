/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys at Poisson
 * rate λ, λ ~ Gamma(r, α); her lifetime is exponential with rate μ, μ ~ Gamma(s, β). Likelihood and
 * P(alive) follow Fader & Hardie's note "A note on deriving the Pareto/NBD model and related
 * expressions" (2005), computed in logs.
 */
import { numError } from "../../errors";
import { checkParams, runFit, type FitOptions, type FitResult } from "../fit";
import type { Objective } from "../optimize";
import { compressTriples, meanRate, requireRepeatBuyers, type CompressedTriples, type CustomerTriples } from "../prep";
import { digamma, invOnePlusExp, lnGamma, log2F1OneGrad, log2F1ShiftedC, logAddExp, logSubExp } from "../special";

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };

const NAMES: (keyof ParetoNbdParams)[] = ["r", "alpha", "s", "beta"];

function check(params: ParetoNbdParams): void {
  checkParams("Pareto/NBD", params, NAMES);
}

/**
 * The two parts of ln L minus the x-only constant ln Γ(r+x) − ln Γ(r) + r ln α + s ln β:
 * alive = −(r+x) ln(α+T) − s ln(β+T) (alive throughout), and dead = ln(s/(r+s+x)) + ln A₀ (died in
 * (t_x, T]). With A = r+s+x and m = Math.max(α, β),
 *   A₀ = F(w(t_x)) / (m+t_x)^A − F(w(T)) / (m+T)^A,
 * where for α ≥ β: F = ₂F₁(A, s+1; A+1; ·), w(t) = (α−β)/(α+t); for α < β: F = ₂F₁(A, r+x; A+1; ·),
 * w(t) = (β−α)/(β+t) — the two branches keep 0 ≤ w < 1. The difference is taken as
 * ln(e^u − e^v) in logs; it is 0 (ln = −∞) when t_x = T.
 */
function parts(p: ParetoNbdParams, x: number, tx: number, T: number): { alive: number; dead: number } {
  const { r, alpha, s, beta } = p;
  const A = r + s + x;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const geq = alpha >= beta;
  const m = geq ? alpha : beta;
  const diff = Math.abs(alpha - beta);
  const B = geq ? s + 1 : r + x;
  const at = (t: number): number => log2F1ShiftedC(A, B, diff / (m + t)) - A * Math.log(m + t);
  const u = at(tx);
  const v = at(T);
  // Rounding can put v a hair above u when t_x ≈ T; the true difference is then ~0.
  const dead = u > v ? Math.log(s / A) + logSubExp(u, v) : -Infinity;
  return { alive, dead };
}

/**
 * The per-(x, t) pieces of the likelihood, for the distinct pairs among the triples' (x, t_x) and
 * (x, T): a million customers share a few thousand pairs, so the ₂F₁ evaluations are done once per
 * pair. Pairs are numbered in the triples' order, which is by x, so each x group's pairs are the
 * contiguous range pairStart[g] … pairStart[g + 1] − 1.
 */
interface PairIndex {
  pairX: Float64Array;
  pairTime: Int32Array;
  pairStart: Int32Array;
  txPair: Int32Array;
  TPair: Int32Array;
}

function pairIndex(c: CompressedTriples): PairIndex {
  const nt = c.times.length;
  const seen = new Map<number, number>();
  const px: number[] = [];
  const pt: number[] = [];
  const id = (x: number, t: number): number => {
    const key = x * nt + t;
    let k = seen.get(key);
    if (k === undefined) {
      k = px.length;
      seen.set(key, k);
      px.push(x);
      pt.push(t);
    }
    return k;
  };
  const u = c.x.length;
  const txPair = new Int32Array(u);
  const TPair = new Int32Array(u);
  const groups = c.xValues.length;
  const pairStart = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) {
    pairStart[g] = px.length;
    for (let i = c.groupStart[g]; i < c.groupStart[g + 1]; i++) {
      txPair[i] = id(c.x[i], c.txTime[i]);
      TPair[i] = id(c.x[i], c.TTime[i]);
    }
  }
  pairStart[groups] = px.length;
  return { pairX: Float64Array.from(px), pairTime: Int32Array.from(pt), pairStart, txPair, TPair };
}

/** Largest spread of logs kept in one x group's linear scale; e^±650 stays inside double range. */
const LINEAR_RANGE = 650;

/** Per-evaluation scratch arrays, per pair (reused across the optimiser's calls). */
interface Scratch {
  ell: Float64Array;
  alive: Float64Array;
  /** ∂ell and ∂alive in (r, α, s, β), four per pair. */
  dEll: Float64Array;
  dAlive: Float64Array;
  g2F1: Float64Array;
}

function scratchFor(pairs: PairIndex): Scratch {
  const n = pairs.pairX.length;
  return {
    ell: new Float64Array(n),
    alive: new Float64Array(n),
    dEll: new Float64Array(4 * n),
    dAlive: new Float64Array(4 * n),
    g2F1: new Float64Array(3),
  };
}

/**
 * ell = ln F(w(t)) − A ln(m + t) of parts() and alive = −(r+x) ln(α+t) − s ln(β+t) per distinct
 * (x, t); with `grad`, their derivatives in (r, α, s, β), through those of ₂F₁ in its b, c and z.
 */
function pairTerms(p: ParetoNbdParams, c: CompressedTriples, pairs: PairIndex, sc: Scratch, grad: boolean): void {
  const { r, alpha, s, beta } = p;
  const { pairX, pairTime } = pairs;
  const { ell, alive, dEll, dAlive, g2F1 } = sc;
  const geq = alpha >= beta;
  const m = geq ? alpha : beta;
  const diff = Math.abs(alpha - beta);
  for (let k = 0; k < pairX.length; k++) {
    const x = pairX[k];
    const t = c.times[pairTime[k]];
    const A = r + s + x;
    const B = geq ? s + 1 : r + x;
    const z = diff / (m + t);
    const lnMt = Math.log(m + t);
    const lnAt = Math.log(alpha + t);
    const lnBt = Math.log(beta + t);
    alive[k] = -(r + x) * lnAt - s * lnBt;
    if (!grad) {
      ell[k] = log2F1ShiftedC(A, B, z) - A * lnMt;
      continue;
    }
    // ln ₂F₁(A, B; A+1; z) = (1 − B) ln(1 − z) + G(A+1−B, A+1, z), as in log2F1ShiftedC.
    const l1z = Math.log1p(-z);
    ell[k] = (1 - B) * l1z + log2F1OneGrad(A + 1 - B, A + 1, z, g2F1) - A * lnMt;
    const [Gb, Gc, Gz] = g2F1;
    const ellZ = (B - 1) / (1 - z) + Gz;
    const j = 4 * k;
    if (geq) {
      // B = s + 1, G's b = r + x, z = (α − β)/(α + t).
      dEll[j] = Gb + Gc - lnMt;
      dEll[j + 1] = (ellZ * (beta + t)) / ((alpha + t) * (alpha + t)) - A / (alpha + t);
      dEll[j + 2] = -l1z + Gc - lnMt;
      dEll[j + 3] = -ellZ / (alpha + t);
    } else {
      // B = r + x, G's b = s + 1, z = (β − α)/(β + t).
      dEll[j] = -l1z + Gc - lnMt;
      dEll[j + 1] = -ellZ / (beta + t);
      dEll[j + 2] = Gb + Gc - lnMt;
      dEll[j + 3] = (ellZ * (alpha + t)) / ((beta + t) * (beta + t)) - A / (beta + t);
    }
    dAlive[j] = -lnAt;
    dAlive[j + 1] = -(r + x) / (alpha + t);
    dAlive[j + 2] = -lnBt;
    dAlive[j + 3] = -s / (beta + t);
  }
}

/** Weighted log-likelihood and, when `grad` is given, its gradient in (r, α, s, β). */
function logLikelihoodCompressed(
  p: ParetoNbdParams,
  c: CompressedTriples,
  pairs: PairIndex,
  sc = scratchFor(pairs),
  grad?: Float64Array,
): number {
  const { r, alpha, s, beta } = p;
  const { weight, xValues, groupStart } = c;
  const { pairStart, txPair, TPair } = pairs;
  const { ell, alive, dEll, dAlive } = sc;
  pairTerms(p, c, pairs, sc, grad !== undefined);
  const lgR = lnGamma(r);
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const base = r * lnAlpha + s * lnBeta;
  const psiR = grad ? digamma(r) : 0;
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  for (let g = 0; g < xValues.length; g++) {
    const x = xValues[g];
    const A = r + s + x;
    const lnSA = Math.log(s / A);
    // ∂ ln(s/A) in r and s (α, β do not enter).
    const dSr = -1 / A;
    const dSs = 1 / s - 1 / A;
    // Per customer ln(e^alive + (s/A)(e^u − e^v)). Where the group's logs span less than
    // LINEAR_RANGE they are exponentiated once per pair around the group's largest, leaving one log
    // per customer; otherwise each customer is summed in logs.
    let hi = -Infinity;
    let lo = Infinity;
    for (let k = pairStart[g]; k < pairStart[g + 1]; k++) {
      const a = alive[k];
      const d = lnSA + ell[k];
      hi = Math.max(hi, a, d);
      lo = Math.min(lo, a, d);
    }
    let W = 0;
    let sum = 0;
    if (hi - lo < LINEAR_RANGE) {
      for (let k = pairStart[g]; k < pairStart[g + 1]; k++) {
        const ea = Math.exp(alive[k] - hi);
        const eu = Math.exp(lnSA + ell[k] - hi);
        alive[k] = ea;
        ell[k] = eu;
        if (grad) {
          // The gradient's numerator per customer is P[t_x pair] + Q[T pair]; see below.
          const j = 4 * k;
          dEll[j] = eu * (dSr + dEll[j]);
          dEll[j + 1] = eu * dEll[j + 1];
          dEll[j + 2] = eu * (dSs + dEll[j + 2]);
          dEll[j + 3] = eu * dEll[j + 3];
          for (let q = 0; q < 4; q++) dAlive[j + q] = ea * dAlive[j + q] - dEll[j + q];
        }
      }
      for (let i = groupStart[g]; i < groupStart[g + 1]; i++) {
        const w = weight[i];
        if (w === 0) continue;
        const T = TPair[i];
        const U = txPair[i];
        // Rounding can put e^v a hair above e^u when t_x ≈ T; the true difference is then ~0.
        const dead = ell[U] - ell[T];
        const total = dead > 0 ? alive[T] + dead : alive[T];
        W += w;
        sum += w * Math.log(total);
        if (grad) {
          const f = w / total;
          const ju = 4 * U;
          const jt = 4 * T;
          g0 += f * (dEll[ju] + dAlive[jt]);
          g1 += f * (dEll[ju + 1] + dAlive[jt + 1]);
          g2 += f * (dEll[ju + 2] + dAlive[jt + 2]);
          g3 += f * (dEll[ju + 3] + dAlive[jt + 3]);
        }
      }
      sum += W * hi;
    } else {
      for (let i = groupStart[g]; i < groupStart[g + 1]; i++) {
        const w = weight[i];
        if (w === 0) continue;
        const T = TPair[i];
        const U = txPair[i];
        const u = ell[U];
        const v = ell[T];
        const V = u > v ? logAddExp(alive[T], lnSA + logSubExp(u, v)) : alive[T];
        W += w;
        sum += w * V;
        if (grad) {
          // ∂V = Σ of each part's share times the derivative of its log.
          const ea = Math.exp(alive[T] - V);
          const eu = u > v ? Math.exp(lnSA + u - V) : 0;
          const ev = u > v ? Math.exp(lnSA + v - V) : 0;
          const ju = 4 * U;
          const jt = 4 * T;
          g0 += w * (ea * dAlive[jt] + eu * (dSr + dEll[ju]) - ev * (dSr + dEll[jt]));
          g1 += w * (ea * dAlive[jt + 1] + eu * dEll[ju + 1] - ev * dEll[jt + 1]);
          g2 += w * (ea * dAlive[jt + 2] + eu * (dSs + dEll[ju + 2]) - ev * (dSs + dEll[jt + 2]));
          g3 += w * (ea * dAlive[jt + 3] + eu * dEll[ju + 3] - ev * dEll[jt + 3]);
        }
      }
    }
    ll += W * (lnGamma(r + x) - lgR + base) + sum;
    if (grad) {
      g0 += W * (digamma(r + x) - psiR + lnAlpha);
      g1 += (W * r) / alpha;
      g2 += W * lnBeta;
      g3 += (W * s) / beta;
    }
  }
  if (grad) {
    grad[0] = g0;
    grad[1] = g1;
    grad[2] = g2;
    grad[3] = g3;
  }
  return ll;
}

/** Log-likelihood of one customer's (x, t_x, T). */
export function paretoNbdCustomerLogLikelihood(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  check(params);
  const c = compressTriples({ x: [x], tx: [tx], T: [T] });
  return logLikelihoodCompressed(params, c, pairIndex(c));
}

/** Log-likelihood summed over customers (weighted by `weight` when given). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: CustomerTriples): number {
  check(params);
  const c = compressTriples(data);
  return logLikelihoodCompressed(params, c, pairIndex(c));
}

/** Gradient of the summed log-likelihood in (r, α, s, β), in that order. */
export function paretoNbdLogLikelihoodGradient(params: ParetoNbdParams, data: CustomerTriples): Float64Array {
  check(params);
  const c = compressTriples(data);
  const grad = new Float64Array(4);
  logLikelihoodCompressed(params, c, pairIndex(c), undefined, grad);
  return grad;
}

function objective(c: CompressedTriples): Objective {
  const pairs = pairIndex(c);
  const scratch = scratchFor(pairs);
  const g = new Float64Array(4);
  const params = (phi: Float64Array): ParetoNbdParams => ({
    r: Math.exp(phi[0]),
    alpha: Math.exp(phi[1]),
    s: Math.exp(phi[2]),
    beta: Math.exp(phi[3]),
  });
  return {
    f: (phi) => -logLikelihoodCompressed(params(phi), c, pairs, scratch),
    fg: (phi, out) => {
      const p = params(phi);
      const ll = logLikelihoodCompressed(p, c, pairs, scratch, g);
      out[0] = -g[0] * p.r;
      out[1] = -g[1] * p.alpha;
      out[2] = -g[2] * p.s;
      out[3] = -g[3] * p.beta;
      return -ll;
    },
  };
}

/**
 * Maximum-likelihood Pareto/NBD fit: Nelder–Mead, then BFGS on the analytic gradient in ln θ (the
 * ₂F₁ derivatives are taken along its continued fraction).
 */
export function fitParetoNbd(data: CustomerTriples, options: FitOptions<ParetoNbdParams> = {}): FitResult<ParetoNbdParams> {
  const c = compressTriples(data);
  requireRepeatBuyers("Pareto/NBD", c);
  let meanT = 0;
  for (let i = 0; i < c.T.length; i++) meanT += (c.weight[i] * c.T[i]) / c.customers;
  return runFit<ParetoNbdParams>({
    model: "paretonbd",
    names: NAMES,
    // Start from mean rate r/α and a mean lifetime of about the observation window.
    start: { r: 1, alpha: 1 / meanRate(c), s: 1, beta: Math.max(meanT, 1e-3) },
    objective: objective(c),
    customers: c.customers,
    excluded: {},
    options,
  });
}

function checkTime(t: number): void {
  if (!(t >= 0 && Number.isFinite(t))) throw numError(`t must be a finite number ≥ 0 (got ${t})`);
}

function checkCustomer(x: number, tx: number, T: number): void {
  if (!(Number.isInteger(x) && x >= 0)) throw numError(`x must be a whole number ≥ 0 (got ${x})`);
  if (!(tx >= 0 && tx <= T && Number.isFinite(T))) throw numError(`need 0 ≤ t_x ≤ T (got t_x = ${tx}, T = ${T})`);
  if (x === 0 && tx !== 0) throw numError(`t_x must be 0 when x = 0 (got ${tx})`);
}

/** (1 − (base/(base+t))^(s−1)) / (s−1), continuous at s = 1 where it is ln(1 + t/base). */
function lifetimeFactor(s: number, t: number, base: number): number {
  const L = -Math.log1p(t / base);
  const e = s - 1;
  return e === 0 ? -L : -Math.expm1(e * L) / e;
}

/** E[X(t)] = rβ/(α(s−1)) · (1 − (β/(β+t))^(s−1)): expected purchases of a new customer in (0, t]. */
export function paretoNbdExpected(params: ParetoNbdParams, t: number): number {
  check(params);
  checkTime(t);
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * lifetimeFactor(s, t, beta);
}

/** P(alive at T | x, t_x, T) = 1 / (1 + (s/(r+s+x)) (α+T)^(r+x) (β+T)^s A₀). */
export function paretoNbdProbAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  check(params);
  checkCustomer(x, tx, T);
  const { alive, dead } = parts(params, x, tx, T);
  return invOnePlusExp(dead - alive);
}

/** E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T)/((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)). */
export function paretoNbdConditionalExpected(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  checkTime(t);
  const alive = paretoNbdProbAlive(params, x, tx, T);
  return alive * paretoNbdExpectedIfAlive(params, t, x, T);
}

/** E[Y(t) | alive at T, x]: expected purchases in (T, T + t] of a customer known to be alive. */
export function paretoNbdExpectedIfAlive(params: ParetoNbdParams, t: number, x: number, T: number): number {
  check(params);
  checkTime(t);
  checkCustomer(x, 0, T);
  const { r, alpha, s, beta } = params;
  return (((r + x) * (beta + T)) / (alpha + T)) * lifetimeFactor(s, t, beta + T);
}

/** Nodes and weights of n-point Gauss–Legendre quadrature on [−1, 1] (Newton on Pₙ). */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes[i] = z;
    weights[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { nodes, weights };
}

const GL = gaussLegendre(16);
const PANELS = 32;

/**
 * P(X(t) = n) for a new customer. Conditioning on the lifetime τ ~ Exp(μ), μ ~ Gamma(s, β):
 *   P = (β/(β+t))^s NB(n; t) + ∫₀ᵗ s β^s/(β+τ)^(s+1) NB(n; τ) dτ,
 * NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))^n. The integral is taken over the lifetime's
 * distribution function u = 1 − (β/(β+τ))^s (so the density drops out) by composite Gauss–Legendre;
 * the terms sum to 1 over n exactly as the model does.
 */
export function paretoNbdProbCount(params: ParetoNbdParams, t: number, n: number): number {
  check(params);
  checkTime(t);
  if (!(Number.isInteger(n) && n >= 0)) throw numError(`n must be a whole number ≥ 0 (got ${n})`);
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, s, beta } = params;
  const lnC = n > 0 ? lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) : 0;
  const nb = (tau: number): number =>
    tau <= 0 ? (n === 0 ? 1 : 0) : Math.exp(lnC - r * Math.log1p(tau / alpha) + (n > 0 ? n * Math.log(tau / (alpha + tau)) : 0));
  const survive = Math.exp(-s * Math.log1p(t / beta));
  const U = 1 - survive;
  let integral = 0;
  const h = U / PANELS;
  for (let k = 0; k < PANELS; k++) {
    const mid = (k + 0.5) * h;
    for (let j = 0; j < GL.nodes.length; j++) {
      const u = mid + 0.5 * h * GL.nodes[j];
      const tau = beta * Math.expm1(-Math.log1p(-u) / s);
      integral += 0.5 * h * GL.weights[j] * nb(tau);
    }
  }
  return survive * nb(t) + integral;
}
