/**
 * Loyalty (METHODS.md §9.1, §9.3): the loyalty ladder labels and the 9-factor loyalty index with
 * AHP-derived weights, normalisation per indicator and per-customer renormalisation of weights
 * over the indicators the customer has.
 */
import { ahpHierarchy } from "./ahp";
import { numError, requireFinite, valueError } from "../errors";
import { sortedAscending } from "../numeric";

export type LoyaltyNormalize = "MINMAX" | "PCT" | "ZSCORE";

/** §9.3 step 4: the illustrative AHP judgements of the 3 subsystems and their 9 factors. */
const LOYALTY_HIERARCHY = {
  name: "LOYALTY",
  judgements: [
    [1, 1, 2],
    [1, 1, 2],
    [1 / 2, 1 / 2, 1],
  ],
  children: [
    {
      name: "A1",
      judgements: [
        [1, 1 / 2, 2],
        [2, 1, 3],
        [1 / 2, 1 / 3, 1],
      ],
      children: [{ name: "A11" }, { name: "A12" }, { name: "A13" }],
    },
    {
      name: "A2",
      judgements: [
        [1, 2],
        [1 / 2, 1],
      ],
      children: [{ name: "A21" }, { name: "A22" }],
    },
    {
      name: "A3",
      judgements: [
        [1, 2, 2, 1 / 2],
        [1 / 2, 1, 1, 1 / 3],
        [1 / 2, 1, 1, 1 / 3],
        [2, 3, 3, 1],
      ],
      children: [{ name: "A31" }, { name: "A32" }, { name: "A33" }, { name: "A34" }],
    },
  ],
};

/** Global weights A11…A34 of the §9.3 example, in that order (Σ = 1). */
export function defaultLoyaltyWeights(): number[] {
  return ahpHierarchy(LOYALTY_HIERARCHY)
    .entries.filter((e) => e.leaf)
    .map((e) => e.global);
}

export interface LoyaltyIndexOptions {
  /** +1 (higher is more loyal) or −1 per indicator; default all +1. */
  directions?: readonly number[];
  normalize?: LoyaltyNormalize;
}

/**
 * `CRM.LOYALTYINDEX`: L_i = 100·Σ_j w_j s_ij over the indicators customer i has, the weights
 * renormalised to sum 1 over those; null when more than half of the total weight is missing.
 * `rows[i][j]` is indicator j of customer i (null = missing).
 */
export function loyaltyIndex(
  rows: readonly (readonly (number | null)[])[],
  weights: readonly number[],
  opts: LoyaltyIndexOptions = {},
): (number | null)[] {
  const m = weights.length;
  if (m === 0) throw valueError("weights is empty");
  weights.forEach((w, j) => {
    requireFinite(w, `weight ${j + 1}`);
    if (w < 0) throw numError(`weight ${j + 1} must be ≥ 0 (got ${w})`);
  });
  const total = weights.reduce((s, w) => s + w, 0);
  if (total <= 0) throw numError("the weights sum to 0");
  const directions = opts.directions ?? new Array<number>(m).fill(1);
  if (directions.length !== m) throw valueError(`directions has ${directions.length} entries for ${m} weights`);
  directions.forEach((d, j) => {
    if (d !== 1 && d !== -1) throw valueError(`direction ${j + 1} must be 1 or -1 (got ${d})`);
  });
  for (const [i, row] of rows.entries()) {
    if (row.length !== m) throw valueError(`row ${i + 1} has ${row.length} indicators for ${m} weights`);
  }
  const normalize = opts.normalize ?? "MINMAX";
  const scaled: (number | null)[][] = rows.map(() => new Array<number | null>(m).fill(null));
  for (let j = 0; j < m; j++) {
    const column = rows.map((row) => row[j]);
    const s = normalizeColumn(column, normalize);
    s.forEach((v, i) => (scaled[i][j] = v === null ? null : directions[j] < 0 ? 1 - v : v));
  }
  return scaled.map((s) => {
    let have = 0;
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const v = s[j];
      if (v === null) continue;
      have += weights[j];
      sum += weights[j] * v;
    }
    if (have <= total / 2 || have === 0) return null;
    return (100 * sum) / have;
  });
}

/** [0, 1] scores of one indicator: MINMAX (zero range → 0.5), PCT (PERCENTRANK.INC), ZSCORE (Φ of the z-score; zero spread → 0.5). */
export function normalizeColumn(values: readonly (number | null)[], how: LoyaltyNormalize): (number | null)[] {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return values.map(() => null);
  if (how === "MINMAX") {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of present) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return values.map((v) => (v === null ? null : hi === lo ? 0.5 : (v - lo) / (hi - lo)));
  }
  if (how === "PCT") {
    const sorted = sortedAscending(present);
    const n = sorted.length;
    return values.map((v) => {
      if (v === null) return null;
      if (n === 1) return 1;
      let below = 0;
      while (below < n && sorted[below] < v) below++;
      return below / (n - 1);
    });
  }
  if (how === "ZSCORE") {
    const mu = present.reduce((s, v) => s + v, 0) / present.length;
    const sd = Math.sqrt(present.reduce((s, v) => s + (v - mu) ** 2, 0) / present.length);
    return values.map((v) => (v === null ? null : sd === 0 ? 0.5 : normalCdf((v - mu) / sd)));
  }
  throw valueError(`normalize must be MINMAX, PCT or ZSCORE (got "${String(how)}")`);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e−7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** §9.3 step 5 bands. */
export function loyaltyBand(index: number): "LB_HIGH" | "LB_LOYAL" | "LB_NEUTRAL" | "LB_DISLOYAL" {
  return index >= 80 ? "LB_HIGH" : index >= 60 ? "LB_LOYAL" : index >= 40 ? "LB_NEUTRAL" : "LB_DISLOYAL";
}

export type LadderCode = "PARTNER" | "DORMANT" | "PROSPECT" | "ADVOCATE" | "SUPPORTER" | "CLIENT" | "CUSTOMER";

export interface LadderInput {
  purchases: number;
  nps?: number | null;
  loyaltyIndex?: number | null;
  referrals?: number | null;
  partner?: boolean;
  recencyDays?: number | null;
}

/** `CRM.LADDER` (§9.1): first matching rung; without attitudinal data the ladder stops at Client. */
export function ladder(input: LadderInput, hiatusDays = 180): LadderCode {
  const n = input.purchases;
  if (!Number.isInteger(n) || n < 0) throw numError(`n_purchases must be a whole number ≥ 0 (got ${n})`);
  if (input.partner) return "PARTNER";
  if (n >= 1 && input.recencyDays != null && input.recencyDays > hiatusDays) return "DORMANT";
  if (n === 0) return "PROSPECT";
  if ((input.nps != null && input.nps >= 9) || (input.referrals != null && input.referrals >= 1)) return "ADVOCATE";
  if (n >= 2 && ((input.nps != null && input.nps >= 7) || (input.loyaltyIndex != null && input.loyaltyIndex >= 60))) return "SUPPORTER";
  return n >= 2 ? "CLIENT" : "CUSTOMER";
}
