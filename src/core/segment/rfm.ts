/**
 * RFM scoring (METHODS.md §2.5) and composite scores (§2.6).
 *
 * QUANTILE: bin(x) = 1 + #{j : x > q_j} with q_j = PERCENTILE.INC(v, j/k). For a value x of the
 * scored list itself, x > q_j ⇔ x > v_(⌊j(n−1)/k⌋): q_j lies in [v_i, v_(i+1)), and the next
 * listed value above v_i is v_(i+1) itself. Scores therefore use only the exact integer position
 * (§1.3) and never compare against an interpolated float; the interpolated q_j are for display.
 */
import { numError, valueError } from "../errors";
import { lowerBound, percentilePosition, quantileCutPointsSorted, roundTo, sortedAscending, validateDecimals } from "../numeric";
import type { ScoreMethod } from "../types";

/** Largest supported number of bins. */
const MAX_BINS = 100;

const SCORE_METHODS: readonly ScoreMethod[] = ["QUANTILE", "NTILE", "BREAKS"];

export interface ScoreOptions {
  /** Recency days and other "lower is better" metrics: score = k + 1 − bin. */
  lowerIsBetter?: boolean;
  /** k; default 5, or breaks.length + 1 with BREAKS. */
  bins?: number;
  method?: ScoreMethod;
  /** BREAKS: k−1 strictly ascending thresholds. */
  breaks?: readonly number[];
  /** NTILE tie-break keys (customer ids, compared as text); input order when absent. */
  ids?: readonly string[];
  /** Rounding applied before ties (§1.3); default 2. */
  decimals?: number;
}

/** Throws NUM unless bins is an integer in 2…MAX_BINS. */
export function validateBins(bins: number): number {
  if (!Number.isInteger(bins) || bins < 2 || bins > MAX_BINS) {
    throw numError(`bins must be an integer from 2 to ${MAX_BINS} (got ${String(bins)})`);
  }
  return bins;
}

/** Throws NUM unless `breaks` are finite and strictly ascending (and k−1 of them when bins is given). */
export function validateBreaks(breaks: readonly number[], bins?: number, name = "breaks"): number[] {
  if (breaks.length === 0) throw numError(`${name}: at least one threshold is needed`);
  if (bins !== undefined && breaks.length !== bins - 1) {
    throw numError(`${name}: ${bins} bins need ${bins - 1} thresholds (got ${breaks.length})`);
  }
  for (let i = 0; i < breaks.length; i++) {
    if (!Number.isFinite(breaks[i])) throw numError(`${name}: threshold ${i + 1} is not a number`);
    if (i > 0 && !(breaks[i] > breaks[i - 1])) throw numError(`${name} must be strictly ascending`);
  }
  validateBins(breaks.length + 1);
  return breaks.slice();
}

export function validateMethod(method: string): ScoreMethod {
  const m = method.toUpperCase() as ScoreMethod;
  if (!SCORE_METHODS.includes(m)) throw numError(`method must be QUANTILE, NTILE or BREAKS (got ${method})`);
  return m;
}

/**
 * Scores 1…k of valid, already rounded values. `ids` (NTILE only) are aligned with `values`;
 * `sorted` is an ascending copy of `values` when the caller has one. Inputs are trusted (validated
 * by the callers).
 */
export function scoreMetric(
  values: ArrayLike<number>,
  k: number,
  method: ScoreMethod,
  lowerIsBetter: boolean,
  extra: { breaks?: readonly number[]; ids?: readonly string[]; sorted?: ArrayLike<number> } = {},
): Uint8Array {
  const n = values.length;
  const bins = new Uint8Array(n);
  if (n === 0) return bins;
  if (method === "NTILE") {
    const order = Array.from({ length: n }, (_, i) => i);
    const ids = extra.ids;
    order.sort((a, b) => {
      const d = values[a] - values[b];
      if (d !== 0) return d;
      if (ids) {
        if (ids[a] < ids[b]) return -1;
        if (ids[a] > ids[b]) return 1;
      }
      return a - b;
    });
    for (let p = 0; p < n; p++) bins[order[p]] = 1 + Math.floor((k * p) / n);
  } else {
    let cuts: ArrayLike<number>;
    if (method === "BREAKS") {
      cuts = extra.breaks ?? [];
    } else {
      const sorted = extra.sorted ?? sortedAscending(values);
      const c = new Float64Array(k - 1);
      for (let j = 1; j < k; j++) c[j - 1] = sorted[percentilePosition(n, j, k).index];
      cuts = c;
    }
    // #{j : cut_j < x} on ascending cuts.
    for (let i = 0; i < n; i++) bins[i] = 1 + lowerBound(cuts, values[i]);
  }
  if (lowerIsBetter) for (let i = 0; i < n; i++) bins[i] = k + 1 - bins[i];
  return bins;
}

/** PERCENTILE.INC(v, j/k) for j = 1…k−1 (display cut points); [] for no values. */
export function quantileCutPoints(values: ArrayLike<number>, k = 5): number[] {
  if (values.length === 0) return [];
  return quantileCutPointsSorted(sortedAscending(values), k);
}

function isNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/**
 * CRM.RFMSCORE: scores 1…k aligned with `values`; null (or a non-finite entry) stays null. Degenerate
 * input (one value, or all equal) scores 1, or k when lower is better (§2.5 e).
 */
export function scoreValues(values: readonly (number | null)[], opts: ScoreOptions = {}): (number | null)[] {
  const method = validateMethod(opts.method ?? "QUANTILE");
  const decimals = validateDecimals(opts.decimals ?? 2);
  let k: number;
  let breaks: number[] | undefined;
  if (method === "BREAKS") {
    if (!opts.breaks) throw numError("method BREAKS needs breaks");
    breaks = validateBreaks(opts.breaks, opts.bins);
    k = breaks.length + 1;
  } else {
    k = validateBins(opts.bins ?? 5);
  }
  if (opts.ids && opts.ids.length !== values.length) {
    throw valueError(`ids (${opts.ids.length}) and values (${values.length}) must have the same length`);
  }
  const positions: number[] = [];
  const valid: number[] = [];
  const ids: string[] | undefined = opts.ids ? [] : undefined;
  values.forEach((v, i) => {
    if (!isNumber(v)) return;
    positions.push(i);
    valid.push(roundTo(v, decimals));
    if (ids && opts.ids) ids.push(opts.ids[i]);
  });
  const scores = scoreMetric(valid, k, method, opts.lowerIsBetter ?? false, { breaks, ids });
  const out: (number | null)[] = values.map(() => null);
  positions.forEach((p, i) => (out[p] = scores[i]));
  return out;
}

/** RFM_CODE = 100·R + 10·F + M (111–555 for k = 5; meaningful for k ≤ 9). */
export function rfmCode(r: number, f: number, m: number): number {
  return 100 * r + 10 * f + m;
}

/** The code as the text "R-F-M". */
export function rfmCodeText(r: number, f: number, m: number): string {
  return `${r}-${f}-${m}`;
}

/** RFM_SUM = R + F + M. */
export function rfmSum(r: number, f: number, m: number): number {
  return r + f + m;
}

/** RFM_WEIGHTED = wR·R + wF·F + wM·M; default weights 1/3 each (AHP weights may be passed). */
export function rfmWeighted(r: number, f: number, m: number, weights: readonly [number, number, number] = [1 / 3, 1 / 3, 1 / 3]): number {
  return weights[0] * r + weights[1] * f + weights[2] * m;
}

/** FM = (F + M) / 2; may be x.5. */
export function fmScore(f: number, m: number): number {
  return (f + m) / 2;
}

/** FM_bin = ROUND_HALF_UP(FM) = ⌊FM + 0.5⌋ (exact: FM is a multiple of 0.5). */
export function fmBin(f: number, m: number): number {
  return Math.floor((f + m) / 2 + 0.5);
}
