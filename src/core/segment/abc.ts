/**
 * ABC classification (METHODS.md §3.4–3.5) and the Pareto / whale-curve diagnostics (§3.6).
 *
 * Classes depend on the value only (ties inherit the class of the tie group's best-ranked member),
 * so each mode reduces to two value thresholds found in one walk down the sorted values.
 * Shares are computed on values scaled to integers at `decimals`, so running totals are exact.
 */
import { naError, numError } from "../errors";
import { ceilShare, pow10, roundTo, validateDecimals } from "../numeric";
import type { AbcMode, ValueBasis } from "../types";

export type AbcClass = "A" | "B" | "C" | "D";

export interface AbcOptions {
  /** VALUE: cumulative value cuts (default 0.8, 0.95); COUNT: cumulative customer shares (default 0.2, 0.5). */
  cuts?: readonly [number, number];
  mode?: AbcMode;
  /** REVENUE: non-positive values are C; PROFIT: non-positive values are D (loss-making). */
  basis?: ValueBasis;
  /** Rounding before ties and shares; default 2. */
  decimals?: number;
}

export const DEFAULT_ABC_CUTS: Readonly<Record<AbcMode, readonly [number, number]>> = {
  VALUE: [0.8, 0.95],
  COUNT: [0.2, 0.5],
};

/** Throws NUM unless 0 < a < b ≤ 1. */
export function validateAbcCuts(a: number, b: number): [number, number] {
  if (!(Number.isFinite(a) && Number.isFinite(b) && a > 0 && a < b && b <= 1)) {
    throw numError(`ABC cuts must satisfy 0 < a_cut < b_cut ≤ 1 (got ${String(a)}, ${String(b)})`);
  }
  return [a, b];
}

export function validateAbcMode(mode: string): AbcMode {
  const m = mode.toUpperCase();
  if (m !== "VALUE" && m !== "COUNT") throw numError(`mode must be VALUE or COUNT (got ${mode})`);
  return m;
}

export function validateBasis(basis: string): ValueBasis {
  const b = basis.toUpperCase();
  if (b !== "REVENUE" && b !== "PROFIT") throw numError(`basis must be REVENUE or PROFIT (got ${basis})`);
  return b;
}

/**
 * S/T < cut for exact integer totals, where the cut is meant as a decimal: a product cut·T within
 * 1e-12 relative of S counts as equal (0.8·T is not exactly 0.8 of T in binary), hence not "<".
 */
function shareBelow(s: number, t: number, cut: number): boolean {
  const target = cut * t;
  return s < target - Math.abs(target) * 1e-12;
}

/** The values sorted descending (a copy). */
export function descending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort().reverse();
}

/** Value thresholds: v ≥ minA ⇒ A, else v ≥ minB ⇒ B, else C; non-positive values are never A/B. */
interface Thresholds {
  minA: number;
  minB: number;
}

/** From all values sorted descending; n counts every classified customer (COUNT mode ranks all). */
function thresholds(all: Float64Array, mode: AbcMode, a: number, b: number, decimals: number): Thresholds {
  let positives = 0;
  while (positives < all.length && all[positives] > 0) positives++;
  const desc = all.subarray(0, positives);
  let minA = Infinity;
  let minB = Infinity;
  if (mode === "VALUE") {
    const p = pow10(decimals);
    let total = 0;
    for (const v of desc) total += Math.round(v * p);
    let before = 0;
    for (let i = 0; i < desc.length; i++) {
      const v = desc[i];
      // Only the first member of a tie group decides the group's class.
      if (i === 0 || v !== desc[i - 1]) {
        if (shareBelow(before, total, a)) minA = v;
        else if (shareBelow(before, total, b)) minB = v;
        else break;
      }
      before += Math.round(v * p);
    }
  } else {
    const n = all.length;
    const rankA = ceilShare(a, n);
    const rankB = ceilShare(b, n);
    for (let i = 0; i < desc.length; i++) {
      const v = desc[i];
      if (i === 0 || v !== desc[i - 1]) {
        if (i + 1 <= rankA) minA = v;
        else if (i + 1 <= rankB) minB = v;
        else break;
      }
    }
  }
  return { minA, minB: Math.min(minA, minB) };
}

/**
 * Classes of valid, rounded values. Non-positive values are C (REVENUE) or D (PROFIT) in both
 * modes; in COUNT mode they still count in n. `desc` (the values sorted descending) may be passed
 * when the caller already has it.
 */
export function abcCore(
  values: ArrayLike<number>,
  mode: AbcMode,
  cuts: readonly [number, number],
  basis: ValueBasis,
  decimals: number,
  desc: Float64Array = descending(values),
): AbcClass[] {
  const { minA, minB } = thresholds(desc, mode, cuts[0], cuts[1], decimals);
  const low: AbcClass = basis === "PROFIT" ? "D" : "C";
  const out: AbcClass[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v <= 0 ? low : v >= minA ? "A" : v >= minB ? "B" : "C";
  }
  return out;
}

function isNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Positions and rounded values of the finite entries. */
function validEntries(values: readonly (number | null)[], decimals: number): { pos: number[]; vals: number[] } {
  const pos: number[] = [];
  const vals: number[] = [];
  values.forEach((v, i) => {
    if (!isNumber(v)) return;
    pos.push(i);
    vals.push(roundTo(v, decimals));
  });
  return { pos, vals };
}

/** CRM.ABC: classes aligned with `values`; null (or a non-finite entry) stays null. */
export function abcClasses(values: readonly (number | null)[], opts: AbcOptions = {}): (AbcClass | null)[] {
  const mode = validateAbcMode(opts.mode ?? "VALUE");
  const basis = validateBasis(opts.basis ?? "REVENUE");
  const decimals = validateDecimals(opts.decimals ?? 2);
  const [a, b] = opts.cuts ?? DEFAULT_ABC_CUTS[mode];
  validateAbcCuts(a, b);
  const { pos, vals } = validEntries(values, decimals);
  const classes = abcCore(vals, mode, [a, b], basis, decimals);
  const out: (AbcClass | null)[] = values.map(() => null);
  pos.forEach((p, i) => (out[p] = classes[i]));
  return out;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Σ of the top ⌈share·n⌉ of descending values over Σ of all; NaN when Σ ≤ 0 or there are no values. */
function paretoCore(values: ArrayLike<number>, topShare: number): number {
  const desc = descending(values);
  const total = sum(desc);
  if (desc.length === 0 || !(total > 0)) return NaN;
  return sum(desc.subarray(0, ceilShare(topShare, desc.length))) / total;
}

/**
 * CRM.PARETO: share of the signed total from the top ⌈top_share·n⌉ customers. Blank entries are
 * skipped. Throws NUM unless 0 < top_share ≤ 1, and NA when there is no value or Σ ≤ 0.
 */
export function pareto(values: readonly (number | null)[], topShare = 0.2, decimals = 2): number {
  if (!(Number.isFinite(topShare) && topShare > 0 && topShare <= 1))
    throw numError(`top_share must be in (0, 1] (got ${String(topShare)})`);
  validateDecimals(decimals);
  const { vals } = validEntries(values, decimals);
  if (vals.length === 0) throw naError("PARETO: no values");
  const r = paretoCore(vals, topShare);
  if (Number.isNaN(r)) throw naError("PARETO: the total of the values is not positive");
  return r;
}

export interface WhaleRow {
  rank: number;
  /** rank / n */
  customerShare: number;
  cumValue: number;
  /** cumValue / Σv; NaN when Σv ≤ 0. */
  cumShare: number;
}

/** CRM.WHALE: the whale curve over values sorted descending (signed). Blank entries are skipped. */
export function whaleCurve(values: readonly (number | null)[], decimals = 2): WhaleRow[] {
  validateDecimals(decimals);
  const desc = descending(validEntries(values, decimals).vals);
  const total = sum(desc);
  const n = desc.length;
  const rows: WhaleRow[] = [];
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum = roundTo(cum + desc[i], decimals);
    rows.push({ rank: i + 1, customerShare: (i + 1) / n, cumValue: cum, cumShare: total > 0 ? cum / total : NaN });
  }
  return rows;
}

export interface WhaleIndicators {
  /** Σ of all values (signed). */
  total: number;
  /** max cum_share: 1.5 means the profitable customers generate 150% of the final total. */
  peak: number;
  /** cum_share at ⌈0.2n⌉ (= PARETO at 0.2). */
  top20: number;
  /** Σ of the bottom ⌈0.3n⌉ over Σ; negative when the tail destroys value. */
  bottom30Loss: number;
}

/**
 * §3.6 indicators of valid, rounded values (or of `desc`, the same sorted descending); NaN (not an
 * error) when Σ ≤ 0 or there are no values.
 */
export function whaleIndicators(values: ArrayLike<number>, desc: Float64Array = descending(values)): WhaleIndicators {
  const n = desc.length;
  const total = sum(desc);
  if (n === 0 || !(total > 0)) return { total, peak: NaN, top20: NaN, bottom30Loss: NaN };
  let cum = 0;
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    cum += desc[i];
    peak = Math.max(peak, cum / total);
  }
  return {
    total,
    peak,
    top20: sum(desc.subarray(0, ceilShare(0.2, n))) / total,
    bottom30Loss: sum(desc.subarray(n - ceilShare(0.3, n))) / total,
  };
}
