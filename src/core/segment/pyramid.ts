/**
 * Customer pyramid (METHODS.md §5.3): rank by value descending, tier k if rank ≤ ⌈cut_k·n⌉, ties
 * inherit the better tier, so a tier depends only on the value. On the PROFIT basis with the metal
 * labels (Zeithaml et al.: Lead customers cost money) any customer with profit < 0 is Lead (T4).
 */
import { numError } from "../errors";
import { labelText } from "../report/labels";
import { ceilShare, roundTo, validateDecimals } from "../numeric";
import type { Lang, ValueBasis } from "../types";

export type PyramidTier = "T1" | "T2" | "T3" | "T4";
export type PyramidLabels = "CN" | "EN" | "METAL" | "METAL_EN";

export const DEFAULT_PYRAMID_CUTS: readonly [number, number, number] = [0.01, 0.05, 0.2];

const TIERS: readonly PyramidTier[] = ["T1", "T2", "T3", "T4"];

/** Throws NUM unless there are three cuts, strictly ascending, in (0, 1]. */
export function validatePyramidCuts(cuts: readonly number[]): [number, number, number] {
  const ok = cuts.length === 3 && cuts.every((c) => Number.isFinite(c) && c > 0 && c <= 1) && cuts[0] < cuts[1] && cuts[1] < cuts[2];
  if (!ok) throw numError(`pyramid cuts must be three strictly ascending shares in (0, 1] (got ${cuts.join(", ")})`);
  return [cuts[0], cuts[1], cuts[2]];
}

/**
 * Tiers of valid, rounded values (the customers with N ≥ 1). `leadIfNegative` puts every negative
 * value in T4 whatever its rank. `desc` (the values sorted descending) may be passed when known.
 */
export function pyramidCore(
  values: ArrayLike<number>,
  cuts: readonly [number, number, number],
  leadIfNegative: boolean,
  desc: Float64Array = Float64Array.from(values).sort().reverse(),
): PyramidTier[] {
  const n = values.length;
  const ranks = cuts.map((c) => ceilShare(c, n));
  // mins[t] = smallest value still in tier t (via its tie group's best rank).
  const mins = [Infinity, Infinity, Infinity];
  let t = 0;
  for (let i = 0; i < n && t < 3; i++) {
    const v = desc[i];
    if (i > 0 && v === desc[i - 1]) continue;
    while (t < 3 && i + 1 > ranks[t]) t++;
    if (t < 3) mins[t] = v;
  }
  // A tier left empty takes the bound of the tier above, so lower values never jump into it.
  mins[1] = Math.min(mins[1], mins[0]);
  mins[2] = Math.min(mins[2], mins[1]);
  const out: PyramidTier[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (leadIfNegative && v < 0) out[i] = "T4";
    else out[i] = TIERS[v >= mins[0] ? 0 : v >= mins[1] ? 1 : v >= mins[2] ? 2 : 3];
  }
  return out;
}

function isNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function validatePyramidLabels(labels: string): PyramidLabels {
  const l = labels.toUpperCase();
  if (l !== "CN" && l !== "EN" && l !== "METAL" && l !== "METAL_EN")
    throw numError(`labels must be CN, EN, METAL or METAL_EN (got ${labels})`);
  return l;
}

/**
 * CRM.PYRAMID: tier codes aligned with `values`; null (or a non-finite entry) stays null. The
 * negative-profit → Lead rule applies with basis PROFIT and the METAL / METAL_EN labels.
 */
export function pyramidTiers(
  values: readonly (number | null)[],
  opts: { cuts?: readonly number[]; basis?: ValueBasis; labels?: PyramidLabels; decimals?: number } = {},
): (PyramidTier | null)[] {
  const cuts = validatePyramidCuts(opts.cuts ?? DEFAULT_PYRAMID_CUTS);
  const labels = validatePyramidLabels(opts.labels ?? "CN");
  const decimals = validateDecimals(opts.decimals ?? 2);
  const basis = opts.basis ?? "REVENUE";
  const pos: number[] = [];
  const vals: number[] = [];
  values.forEach((v, i) => {
    if (!isNumber(v)) return;
    pos.push(i);
    vals.push(roundTo(v, decimals));
  });
  const tiers = pyramidCore(vals, cuts, basis === "PROFIT" && labels.startsWith("METAL"));
  const out: (PyramidTier | null)[] = values.map(() => null);
  pos.forEach((p, i) => (out[p] = tiers[i]));
  return out;
}

/** Label text of a tier in a `labels` style: CN → 中文, EN → English, METAL → 铂金…, METAL_EN → Platinum…. */
export function pyramidLabel(tier: PyramidTier, labels: PyramidLabels): string {
  const lang: Lang = labels === "CN" || labels === "METAL" ? "zh" : "en";
  return labelText("PYRAMID", tier, lang, labels.startsWith("METAL") ? 1 : 0);
}
