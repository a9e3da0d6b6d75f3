/**
 * Dwyer / Pfeifer–Carraway migration model (METHODS.md §7.7) for always-a-share customers.
 * States k = 1…K are periods since the last purchase, K+1 is the absorbing "lost" state (value 0).
 * From state k a customer buys with probability p_k (reward `margin`, back to state 1) or moves to
 * k+1 (lost after K). Reward per period R_k = p_k·margin − contactCost.
 */
import { naError, numError, requireFinite } from "../errors";

export interface MigrationInput {
  /** p_1…p_K, each in [0, 1]. */
  purchaseProbs: readonly number[];
  margin: number;
  /** Contact cost per period while not lost; default 0. */
  contactCost?: number;
  /** Discount rate per period d > −1; default 0.1. */
  discountRate?: number;
  /**
   * Finite horizon H: V = Σ_{t=0}^{H} (P/(1+d))^t R, i.e. H + 1 periods of rewards starting now.
   * Infinite when omitted: V = (I − P/(1+d))^{−1} R.
   */
  horizon?: number;
}

/** `CRM.MIGRATION`: value V_1…V_K of a customer currently in each recency state. */
export function migrationValues(input: MigrationInput): number[] {
  const probs = input.purchaseProbs.map((p, k) => {
    requireFinite(p, `purchaseProbs state ${k + 1}`);
    if (p < 0 || p > 1) throw numError(`purchaseProbs state ${k + 1} must be between 0 and 1 (got ${p})`);
    return p;
  });
  const K = probs.length;
  if (K === 0) throw naError("purchaseProbs is empty");
  const margin = requireFinite(input.margin, "margin");
  const contact = requireFinite(input.contactCost ?? 0, "contactCost");
  const d = requireFinite(input.discountRate ?? 0.1, "discountRate");
  if (d <= -1) throw numError(`discountRate must be > −1 (got ${d})`);

  const reward = probs.map((p) => p * margin - contact);
  // B = P/(1+d) restricted to the transient states 1…K (the lost state contributes 0).
  const b = probs.map((p, k) => {
    const row = new Array<number>(K).fill(0);
    row[0] += p / (1 + d);
    if (k + 1 < K) row[k + 1] += (1 - p) / (1 + d);
    return row;
  });

  if (input.horizon !== undefined) {
    const h = requireFinite(input.horizon, "horizon");
    if (!Number.isInteger(h) || h < 0) throw numError(`horizon must be a whole number ≥ 0 (got ${h})`);
    // Horner-style: V_0 = R, V_{s+1} = R + B·V_s gives Σ_{t=0}^{s+1} B^t R.
    let v = [...reward];
    for (let s = 0; s < h; s++) v = reward.map((r, i) => r + b[i].reduce((acc, bij, j) => acc + bij * v[j], 0));
    return v;
  }

  // I − B with B ≥ 0 has an entrywise non-negative inverse exactly when the spectral radius of B is
  // below 1, i.e. when Σ B^t converges; a singular or sign-changing inverse means divergence.
  const inverse = invert(b.map((row, i) => row.map((bij, j) => (i === j ? 1 : 0) - bij)));
  if (!inverse || inverse.some((row) => row.some((x) => x < -1e-9 || !Number.isFinite(x)))) {
    throw numError("the infinite-horizon value diverges for these purchase probabilities and discount rate; give a horizon");
  }
  return inverse.map((row) => row.reduce((acc, x, j) => acc + x * reward[j], 0));
}

/** Gauss–Jordan inverse with partial pivoting; null when singular. */
function invert(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * n; j++) a[col][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(n));
}
