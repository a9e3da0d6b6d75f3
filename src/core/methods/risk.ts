/**
 * Retention economics at the customer level (METHODS.md §12.2, alongside retention.ts): profit at
 * risk of the customers in risk classes, its expected form Σ c_i·CLV_i, and the CLV lost with the
 * customers who left.
 */
import { numError, requireFinite, valueError } from "../errors";

/** §12.2 default risk set: W11 At Risk, Can't Lose Them, About to Sleep; CN8 重要保持, 重要挽留; lifecycle decline. */
const DEFAULT_RISK_SET: ReadonlySet<string> = new Set([
  "AT_RISK",
  "CANT_LOSE",
  "ABOUT_TO_SLEEP",
  "CN_IMP_KEEP",
  "CN_IMP_WINBACK",
  "DECLINE",
]);

export interface RiskCustomer {
  /** π_i: trailing-12-month gross profit. */
  profit: number;
  /** Class codes of the customer (segment, lifecycle stage…); in the risk set if any is. */
  classes: readonly string[];
}

/** PaR = Σ π_i over the customers with a class in `riskSet`. */
export function profitAtRisk(
  customers: readonly RiskCustomer[],
  riskSet: ReadonlySet<string> = DEFAULT_RISK_SET,
): { total: number; customers: number } {
  let total = 0;
  let count = 0;
  for (const c of customers) {
    requireFinite(c.profit, "profit");
    if (c.classes.some((code) => riskSet.has(code))) {
      total += c.profit;
      count++;
    }
  }
  return { total, customers: count };
}

/** EPaR = Σ c_i·CLV_i with churn probabilities c_i in [0, 1]. */
export function expectedProfitAtRisk(churn: readonly number[], clv: readonly number[]): number {
  if (churn.length !== clv.length) throw valueError(`churn and clv must have the same length (${churn.length} vs ${clv.length})`);
  return churn.reduce((sum, c, i) => {
    requireFinite(c, `churn ${i + 1}`);
    if (c < 0 || c > 1) throw numError(`churn ${i + 1} must be between 0 and 1 (got ${c})`);
    return sum + c * requireFinite(clv[i], `clv ${i + 1}`);
  }, 0);
}

/** LostCLV = Σ CLV_i (at the start of the period) over the customers of `before` missing from `after`. */
export function lostClv(before: ReadonlyMap<string, number>, after: ReadonlySet<string>): { total: number; lost: number } {
  let total = 0;
  let lost = 0;
  for (const [id, clv] of before) {
    if (after.has(id)) continue;
    total += requireFinite(clv, `clv of ${id}`);
    lost++;
  }
  return { total, lost };
}
