/**
 * Numeric hygiene of METHODS.md §1.3: money rounding before any tie or threshold test, exact
 * PERCENTILE.INC positions, Excel-compatible mean and median, and share-of-count cut-offs.
 */
import { numError } from "./errors";

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

/** Largest supported `decimals` (10^12 is still exact, so n / 10^d is the nearest double). */
const MAX_DECIMALS = POW10.length - 1;

/**
 * Relative nudge applied before rounding. A decimal tie such as 1.005 is stored as
 * 1.00499999999999989…, and a sum of a few hundred money lines drifts by a few hundred ulps; 2^-45
 * (≈ 2.8e-14, about 128 ulps) absorbs both while staying far below any real cent difference.
 */
const TIE_NUDGE = 2 ** -45;

/**
 * Rounds half away from zero to `decimals` places (Excel ROUND), robust to binary noise:
 * roundTo(1.005, 2) = 1.01, roundTo(-2.675, 2) = -2.68. Never returns -0.
 */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const p = POW10[decimals];
  const a = Math.abs(x) * p;
  // Beyond 2^52 every double is already an integer at this scale.
  if (a >= 4503599627370496) return x;
  const r = Math.floor(a + 0.5 + a * TIE_NUDGE) / p;
  if (r === 0) return 0;
  return x < 0 ? -r : r;
}

/**
 * An ascending copy. Whole numbers of a small range (days, purchase counts) take a counting sort,
 * O(n + range) and several times faster than the comparison sort used for everything else.
 */
export function sortedAscending(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  const n = out.length;
  if (n < 256) return out.sort();
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (v !== Math.floor(v)) return out.sort();
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min > 4 * n) return out.sort();
  const counts = new Int32Array(max - min + 1);
  for (let i = 0; i < n; i++) counts[out[i] - min]++;
  let at = 0;
  for (let v = 0; v < counts.length; v++) for (let c = counts[v]; c > 0; c--) out[at++] = v + min;
  return out;
}

/**
 * 0-based index ⌊j(n−1)/k⌋ and fraction (j(n−1) mod k)/k of the PERCENTILE.INC position of j/k,
 * by integer arithmetic so the position is exact for every k (§1.3).
 */
export function percentilePosition(n: number, j: number, k: number): { index: number; fraction: number } {
  const t = j * (n - 1);
  const rem = t % k;
  return { index: (t - rem) / k, fraction: rem / k };
}

/** PERCENTILE.INC(v, j/k) on an ascending-sorted, non-empty list. */
export function percentileIncSorted(sorted: ArrayLike<number>, j: number, k: number): number {
  const { index, fraction } = percentilePosition(sorted.length, j, k);
  const lo = sorted[index];
  if (fraction === 0) return lo;
  return lo + fraction * (sorted[index + 1] - lo);
}

/** The k−1 cut points PERCENTILE.INC(v, j/k), j = 1…k−1, of an ascending-sorted, non-empty list. */
export function quantileCutPointsSorted(sorted: ArrayLike<number>, k: number): number[] {
  const cuts: number[] = [];
  for (let j = 1; j < k; j++) cuts.push(percentileIncSorted(sorted, j, k));
  return cuts;
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Excel MEDIAN: the middle value, or the mean of the two middle values; NaN for an empty list. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = sortedAscending(values);
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** First index i of an ascending-sorted list with sorted[i] ≥ x (the number of entries < x). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * ⌈p·n⌉ for a share p given in decimal (0.7·10 is 7.000000000000001 in binary, yet means 7): a
 * product within 1e-9 of an integer counts as that integer.
 */
export function ceilShare(p: number, n: number): number {
  const x = p * n;
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

/** Whether every entry equals the first (true for lists of length 0 or 1). */
export function allEqual(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Throws NUM unless `decimals` is an integer in 0…MAX_DECIMALS. */
export function validateDecimals(decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw numError(`decimals must be an integer from 0 to ${MAX_DECIMALS} (got ${String(decimals)})`);
  }
  return decimals;
}

/** Power of ten for a validated `decimals`. */
export function pow10(decimals: number): number {
  return POW10[decimals];
}
