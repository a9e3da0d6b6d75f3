/**
 * Two-dimensional grading with override (METHODS.md §6.4, `CRM.GRADE2D`): a sales tier × market
 * influence percentile table, with a one-vote override for the largest accounts.
 */
import { numError, requireFinite } from "../errors";
import { sortedAscending, lowerBound } from "../numeric";

export type Grade = "G_A" | "G_B" | "G_C" | "G_D";

export interface Grade2dOptions {
  /** Sales at or above this are A whatever the influence; default 10,000,000. */
  override?: number;
  /** Two ascending sales breaks; default [1,000,000, 5,000,000]. */
  salesBreaks?: readonly number[];
  /** Two ascending percentile breaks; default [50, 80]. */
  pctBreaks?: readonly number[];
}

export interface Grade2dRow {
  grade: Grade | null;
  /** Influence percentile (mid-rank); null when the influence was missing (ranked as P = 0). */
  percentile: number | null;
  /** The influence was missing: graded on sales only. */
  flagged: boolean;
}

/** Rows [sales tier high→low] × [P ≥ hi, lo ≤ P < hi, P < lo] of the §6.4 table. */
const TABLE: Grade[][] = [
  ["G_A", "G_A", "G_B"],
  ["G_A", "G_B", "G_C"],
  ["G_B", "G_C", "G_D"],
];

/** Grades per row; a row with blank sales is null. */
export function grade2d(sales: readonly (number | null)[], influence: readonly (number | null)[], opts: Grade2dOptions = {}): Grade2dRow[] {
  if (sales.length !== influence.length) throw numError("sales and influence must have the same length");
  const override = requireFinite(opts.override ?? 10_000_000, "override");
  const [s1, s2] = twoBreaks(opts.salesBreaks ?? [1_000_000, 5_000_000], "sales_breaks");
  const [p1, p2] = twoBreaks(opts.pctBreaks ?? [50, 80], "pct_breaks");
  if (s2 >= override) throw numError(`the upper sales break (${s2}) must be below the override (${override})`);
  const known = influence.filter((v, i): v is number => v !== null && sales[i] !== null);
  const sorted = sortedAscending(known);
  const n = sorted.length;
  return sales.map((s, i): Grade2dRow => {
    const inf = influence[i];
    if (s === null) return { grade: null, percentile: null, flagged: false };
    let P = 0;
    if (inf !== null) {
      const lower = lowerBound(sorted, inf);
      const equal = upperBound(sorted, inf) - lower;
      P = n === 1 ? 50 : (100 * (lower + 0.5 * (equal - 1))) / (n - 1);
    }
    const result = (grade: Grade): Grade2dRow => ({ grade, percentile: inf === null ? null : P, flagged: inf === null });
    if (s < 0) return result("G_D");
    if (s >= override) return result("G_A");
    const tier = s >= s2 ? 0 : s >= s1 ? 1 : 2;
    const band = P >= p2 ? 0 : P >= p1 ? 1 : 2;
    return result(TABLE[tier][band]);
  });
}

function twoBreaks(breaks: readonly number[], name: string): [number, number] {
  if (breaks.length !== 2) throw numError(`${name} must be two numbers (got ${breaks.length})`);
  const [a, b] = breaks.map((x) => requireFinite(x, name));
  if (!(a < b)) throw numError(`${name} must be ascending (got ${a}, ${b})`);
  return [a, b];
}

/** Number of values ≤ x in an ascending array. */
function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
