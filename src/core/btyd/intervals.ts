/**
 * Per-customer prediction intervals by parametric simulation: the fitted log-parameters are drawn
 * from their asymptotic normal distribution N(ln θ̂, H⁻¹) (H the Hessian of −ln L in ln θ, as for
 * the standard errors), the predictions are recomputed at every draw, and the interval is the
 * (1 − level)/2 and (1 + level)/2 quantiles of the draws. The spend model's parameters are drawn
 * independently of the transaction model's (the models are fitted separately). The intervals
 * cover the uncertainty of the estimates, not the randomness of a customer's future purchases:
 * they are intervals for the expectations. Draws come from a seeded generator, so a run repeats.
 *
 * Work is done per distinct (x, t_x, T) (the compressed triples), one triple at a time over all
 * draws, so memory stays O(draws).
 */
import { numError } from "../errors";
import type { ClvOptions } from "./clv";
import type { FitResult } from "./fit";
import { gammaGammaExpectedSpend, type GammaGammaParams } from "./models/gammagamma";
import { transactionModel, type TransactionPredictor } from "./models/registry";
import { compressTriples, type CustomerTriples } from "./prep";
import { normalSampler } from "./random";

export interface IntervalOptions {
  /** Coverage of each interval, in (0, 1); default 0.9. */
  level?: number;
  /** Parameter draws; default 1,000. */
  draws?: number;
  /** Seed of the generator; default 1. */
  seed?: number;
}

export interface Interval {
  low: Float64Array;
  high: Float64Array;
}

export interface CustomerIntervals {
  level: number;
  draws: number;
  seed: number;
  probAlive: Interval;
  /** E[purchases in (T, T + horizon] | x, t_x, T]. */
  expectedPurchases: Interval;
  /** Gamma-Gamma expected spend per purchase, when a spend model is given. */
  expectedSpend?: Interval;
  clv?: Interval;
}

export interface IntervalSpend {
  fit: FitResult<GammaGammaParams>;
  meanSpend: ArrayLike<number>;
  clv: ClvOptions;
}

/** Lower Cholesky factor of a symmetric positive-definite n × n matrix (row-major). */
function cholesky(A: ArrayLike<number>, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / L[j * n + j];
    }
  }
  return L;
}

/** `draws` parameter sets from N(ln θ̂, cov) in the fit's parameter order, as natural parameters. */
export function drawParameters(fit: FitResult, draws: number, next: () => number): Record<string, number>[] {
  const names = Object.keys(fit.params);
  const k = names.length;
  if (!fit.logCovariance)
    throw numError(`${fit.model}: no standard errors (the Hessian is not positive definite), so no intervals: ${fit.message}`);
  const L = cholesky(fit.logCovariance, k);
  const mean = names.map((n) => Math.log(fit.params[n]));
  const z = new Float64Array(k);
  const out: Record<string, number>[] = [];
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < k; i++) z[i] = next();
    const p: Record<string, number> = {};
    for (let i = 0; i < k; i++) {
      let v = mean[i];
      for (let j = 0; j <= i; j++) v += L[i * k + j] * z[j];
      p[names[i]] = Math.exp(v);
    }
    out.push(p);
  }
  return out;
}

/**
 * Rearranges v[lo..hi] so that v[k] is the value a sort would put there, smaller ones before it
 * (Floyd & Rivest 1975: a pivot from a sample lands near k, so about one pass over the range).
 */
function select(v: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    if (hi - lo > 600) {
      const n = hi - lo + 1;
      const m = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      select(v, k, Math.max(lo, Math.floor(k - (m * s) / n + sd)), Math.min(hi, Math.floor(k + ((n - m) * s) / n + sd)));
    }
    const pivot = v[k];
    let i = lo;
    let j = hi;
    swap(v, lo, k);
    if (v[hi] > pivot) swap(v, lo, hi);
    while (i < j) {
      swap(v, i, j);
      i++;
      j--;
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
    }
    if (v[lo] === pivot) swap(v, lo, j);
    else {
      j++;
      swap(v, j, hi);
    }
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
}

/** The q-quantile of v (linear interpolation between order statistics), v[from..] rearranged. */
function quantile(v: Float64Array, q: number, from: number): number {
  const h = (v.length - 1) * q;
  const k = Math.floor(h);
  select(v, k, from, v.length - 1);
  if (k + 1 >= v.length || h === k) return v[k];
  let next = Infinity;
  for (let i = k + 1; i < v.length; i++) if (v[i] < next) next = v[i];
  return v[k] + (h - k) * (next - v[k]);
}

/** Lower and upper quantiles of the draws in v (rearranged in place; NaN draws not allowed). */
function bounds(v: Float64Array, level: number): [number, number] {
  const qLow = (1 - level) / 2;
  const low = quantile(v, qLow, 0);
  // Everything at or above the lower order statistic is now to its right.
  const high = quantile(v, (1 + level) / 2, Math.floor((v.length - 1) * qLow));
  return [low, high];
}

function interval(n: number): Interval {
  return { low: new Float64Array(n), high: new Float64Array(n) };
}

/**
 * E[Y(horizon) | alive, x, T] and, with CLV options, Σ_k (E[Y(kΔ)] − E[Y((k−1)Δ)]) / (1 + d)^k as
 * customerLifetimeValue computes it; the horizon's value is reused when it is the CLV's KΔ.
 */
function aliveValues(model: TransactionPredictor, x: number, T: number, horizon: number, o: ClvOptions | undefined): [number, number] {
  if (!o) return [model.expectedIfAlive(horizon, x, T), 0];
  let prev = 0;
  let disc = 0;
  let factor = 1;
  for (let k = 1; k <= o.periods; k++) {
    factor /= 1 + o.discountRate;
    const cum = model.expectedIfAlive(k * o.periodLength, x, T);
    disc += (cum - prev) * factor;
    prev = cum;
  }
  const sameHorizon = Math.abs(o.periods * o.periodLength - horizon) <= 1e-12 * horizon;
  return [sameHorizon ? prev : model.expectedIfAlive(horizon, x, T), disc];
}

/** Customers' positions grouped by their triple: customers of triple j are order[start[j]] … order[start[j+1] − 1]. */
function customersByTriple(index: Int32Array, triples: number): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(triples + 1);
  for (let i = 0; i < index.length; i++) start[index[i] + 1]++;
  for (let j = 0; j < triples; j++) start[j + 1] += start[j];
  const fill = start.slice(0, triples);
  const order = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) order[fill[index[i]]++] = i;
  return { order, start };
}

/**
 * Intervals for P(alive), E[purchases over `horizon`] and, with `spend`, expected spend and CLV per
 * customer (in `data`'s order). E[Y | alive] depends on (x, T) only, so it is computed once per
 * distinct (x, T) and draw; the triples of one x are done together.
 */
export function predictionIntervals(
  transactions: FitResult,
  data: CustomerTriples,
  horizon: number,
  options: IntervalOptions = {},
  spend?: IntervalSpend,
): CustomerIntervals {
  const level = options.level ?? 0.9;
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  if (!(level > 0 && level < 1)) throw numError(`interval level must be between 0 and 1 (got ${level})`);
  if (!(Number.isInteger(draws) && draws >= 10)) throw numError(`draws must be a whole number ≥ 10 (got ${draws})`);
  const next = normalSampler(seed);
  const models = drawParameters(transactions, draws, next).map((p) => transactionModel(transactions.model, p));
  const spendDraws = spend ? drawParameters(spend.fit, draws, next) : undefined;

  const c = compressTriples(data);
  const n = data.x.length;
  const out: CustomerIntervals = { level, draws, seed, probAlive: interval(n), expectedPurchases: interval(n) };
  if (spend) {
    out.expectedSpend = interval(n);
    out.clv = interval(n);
  }
  const { order, start } = customersByTriple(c.index, c.x.length);
  const aliveOf = models.map((m) => m.probAliveOnTimes(c.times));
  const alive = new Float64Array(draws);
  const expected = new Float64Array(draws);
  const discounted = new Float64Array(draws);
  const spendValues = new Float64Array(draws);
  const clvValues = new Float64Array(draws);
  const margin = spend?.clv.margin ?? 1;
  for (let g = 0; g < c.xValues.length; g++) {
    const x = c.xValues[g];
    // Per distinct T of this x: E[Y(horizon) | alive] and the discounted sum, for every draw.
    const perT = new Map<number, Float64Array>();
    for (let j = c.groupStart[g]; j < c.groupStart[g + 1]; j++) {
      const T = c.T[j];
      let values = perT.get(c.TTime[j]);
      if (!values) {
        values = new Float64Array(2 * draws);
        for (let d = 0; d < draws; d++) [values[d], values[draws + d]] = aliveValues(models[d], x, T, horizon, spend?.clv);
        perT.set(c.TTime[j], values);
      }
      for (let d = 0; d < draws; d++) {
        const pa = aliveOf[d](x, c.txTime[j], c.TTime[j]);
        alive[d] = pa;
        expected[d] = pa * values[d];
        discounted[d] = pa * values[draws + d];
      }
      const [aliveLow, aliveHigh] = bounds(alive, level);
      const [expectedLow, expectedHigh] = bounds(expected, level);
      for (let k = start[j]; k < start[j + 1]; k++) {
        const i = order[k];
        out.probAlive.low[i] = aliveLow;
        out.probAlive.high[i] = aliveHigh;
        out.expectedPurchases.low[i] = expectedLow;
        out.expectedPurchases.high[i] = expectedHigh;
        if (!spend || !spendDraws || !out.expectedSpend || !out.clv) continue;
        for (let d = 0; d < draws; d++) {
          const p = spendDraws[d];
          // A draw with q ≤ 1 has no finite mean spend: it counts as +∞, above any upper bound.
          const m = p.q > 1 ? gammaGammaExpectedSpend({ p: p.p, q: p.q, gamma: p.gamma }, x, spend.meanSpend[i]) : Infinity;
          spendValues[d] = m;
          clvValues[d] = margin * m * discounted[d];
        }
        [out.expectedSpend.low[i], out.expectedSpend.high[i]] = bounds(spendValues, level);
        [out.clv.low[i], out.clv.high[i]] = bounds(clvValues, level);
      }
    }
  }
  return out;
}
