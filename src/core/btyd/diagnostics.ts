/**
 * The model checks of the CLV literature as data tables (charted by the workbooks):
 *  - calibration-period repeat purchases, actual against the model: customers by x = 0 … 7+, the
 *    expected count Σᵢ P(X(Tᵢ) = k) (FHL 2005, Figure 1);
 *  - holdout purchases by calibration frequency: mean actual x* against the mean of
 *    E[Y(t*) | x, t_x, T] (FHL 2005, Figure 4);
 *  - P(alive) and expected purchases over frequency × recency at the longest T (the heat maps of
 *    lifetimes' plot_probability_alive_matrix and plot_frequency_recency_matrix).
 */
import type { TransactionPredictor } from "./models/registry";
import type { PreparedCustomers } from "./prep";

export interface FrequencyHistogram {
  /** Bin labels "0" … "6", then "7+" (with `bins` = 8). */
  labels: string[];
  actual: number[];
  expected: number[];
}

/** Customers by calibration repeat purchases, the last bin open-ended. */
export function frequencyHistogram(prepared: PreparedCustomers, model: TransactionPredictor, bins = 8): FrequencyHistogram {
  const last = bins - 1;
  const actual = new Array<number>(bins).fill(0);
  const expected = new Array<number>(bins).fill(0);
  const byT = new Map<number, number>();
  for (let i = 0; i < prepared.x.length; i++) {
    actual[Math.min(prepared.x[i], last)]++;
    byT.set(prepared.T[i], (byT.get(prepared.T[i]) ?? 0) + 1);
  }
  for (const [T, count] of byT) {
    let below = 0;
    for (let k = 0; k < last; k++) {
      const p = model.pmf(T, k);
      expected[k] += count * p;
      below += p;
    }
    expected[last] += count * Math.max(0, 1 - below);
  }
  const labels = Array.from({ length: bins }, (_, k) => (k === last ? `${k}+` : String(k)));
  return { labels, actual, expected };
}

export interface ConditionalByFrequency {
  labels: string[];
  customers: number[];
  /** Mean holdout repeat purchases of the bin's customers. */
  actual: number[];
  /** Mean E[Y(holdout length) | x, t_x, T]. */
  predicted: number[];
}

/** Holdout purchases by calibration frequency; undefined without a holdout. */
export function conditionalByFrequency(
  prepared: PreparedCustomers,
  model: TransactionPredictor,
  bins = 8,
): ConditionalByFrequency | undefined {
  const { xStar, holdoutLength } = prepared;
  if (!xStar || holdoutLength === undefined) return undefined;
  const last = bins - 1;
  const customers = new Array<number>(bins).fill(0);
  const actual = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const memo = new Map<string, number>();
  for (let i = 0; i < xStar.length; i++) {
    const [x, tx, T] = [prepared.x[i], prepared.tx[i], prepared.T[i]];
    const key = `${x},${tx},${T}`;
    let e = memo.get(key);
    if (e === undefined) memo.set(key, (e = model.conditionalExpected(holdoutLength, x, tx, T)));
    const k = Math.min(x, last);
    customers[k]++;
    actual[k] += xStar[i];
    predicted[k] += e;
  }
  for (let k = 0; k < bins; k++) {
    if (customers[k] > 0) {
      actual[k] /= customers[k];
      predicted[k] /= customers[k];
    }
  }
  const labels = Array.from({ length: bins }, (_, k) => (k === last ? `${k}+` : String(k)));
  return { labels, customers, actual, predicted };
}

export interface RecencyFrequencyMatrix {
  /** The customer age T the matrices are computed at: the longest in the data. */
  T: number;
  /** Row values: repeat purchases x = 0 … */
  frequency: number[];
  /** Column values: recency t_x from 0 to T. */
  recency: number[];
  /** probAlive[f][r]; NaN where x = 0 and t_x > 0 (no such customer). */
  probAlive: number[][];
  /** Expected purchases over `horizon` at each cell. */
  expected: number[][];
  horizon: number;
}

/**
 * P(alive) and E[Y(horizon)] over x = 0 … maxFrequency (default: the data's largest x, at most 30)
 * and `steps` + 1 recencies evenly from 0 to the longest T.
 */
export function recencyFrequencyMatrix(
  prepared: PreparedCustomers,
  model: TransactionPredictor,
  horizon: number,
  options: { maxFrequency?: number; steps?: number } = {},
): RecencyFrequencyMatrix {
  let T = 0;
  let maxX = 0;
  for (let i = 0; i < prepared.x.length; i++) {
    T = Math.max(T, prepared.T[i]);
    maxX = Math.max(maxX, prepared.x[i]);
  }
  const top = options.maxFrequency ?? Math.min(maxX, 30);
  const steps = options.steps ?? 20;
  const frequency = Array.from({ length: top + 1 }, (_, f) => f);
  const recency = Array.from({ length: steps + 1 }, (_, k) => (T * k) / steps);
  const probAlive = frequency.map((f) => recency.map((r) => (f === 0 && r > 0 ? NaN : model.probAlive(f, r, T))));
  const expected = frequency.map((f) => recency.map((r) => (f === 0 && r > 0 ? NaN : model.conditionalExpected(horizon, f, r, T))));
  return { T, frequency, recency, probAlive, expected, horizon };
}
