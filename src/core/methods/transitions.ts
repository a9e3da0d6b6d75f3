/**
 * How customers moved between classes from one as-of date to a later one (METHODS.md §8 lifecycle
 * stages; the same for W11/CN8 segments): each customer's class at both dates and the transition
 * matrix of counts and row shares.
 *
 * A customer is present at a date when they have a row on or before it. The matrix counts the
 * customers present at both dates, so each row sums to the customers of that class at the earlier
 * date; customers who appear only after it are counted as `entered`, apart from the matrix.
 */
import { analyze } from "../segment/analyze";
import { numError } from "../errors";
import { lifecycle, type LifecycleOptions, type LifecycleResult } from "./lifecycle";
import type { AnalyzeOptions, Transactions } from "../types";

export interface TransitionMatrix {
  /** Class codes of the rows and columns, in this order. */
  codes: string[];
  /** counts[from][to]. */
  counts: number[][];
  /** counts / row total; null for an empty row. */
  shares: (number | null)[][];
  /** Customers present at both dates (Σ counts). */
  both: number;
  /** Customers whose first row falls after the earlier date. */
  entered: number;
}

export interface TransitionCustomer {
  id: string;
  /** Class at the earlier date; null when not yet present. */
  from: string | null;
  to: string;
}

export interface TransitionResult {
  customers: TransitionCustomer[];
  matrix: TransitionMatrix;
  fromDate: number;
  toDate: number;
}

export const LIFECYCLE_CODES = ["EXPLORATION", "FORMATION", "STABILITY", "DECLINE", "NO_PURCHASE"];

/**
 * Lifecycle stages at `compareTo` and at `asOf` (default the latest date), and the stage
 * transitions; `later`, when the caller has it, is lifecycle(tx, opts) (not computed again).
 */
export function lifecycleTransitions(
  tx: Transactions,
  compareTo: number,
  opts: LifecycleOptions = {},
  later: LifecycleResult = lifecycle(tx, opts),
): TransitionResult {
  if (compareTo >= later.asOf) throw numError(`the comparison date must be before the as-of date`);
  const earlier = lifecycle(tx, { ...opts, asOf: compareTo });
  return build(
    tx,
    later.rowCustomer,
    later.customers.map((c) => c.id),
    (i) => earlier.customers[i].stage,
    (i) => later.customers[i].stage,
    LIFECYCLE_CODES,
    compareTo,
    later.asOf,
  );
}

/** Segments (the scheme of `options`, W11 by default) at `compareTo` and at the as-of date. */
export function segmentTransitions(tx: Transactions, compareTo: number, options: Partial<AnalyzeOptions> = {}): TransitionResult {
  const later = analyze(tx, options);
  if (compareTo >= later.asOf) throw numError(`the comparison date must be before the as-of date`);
  const earlier = analyze(tx, { ...options, asOf: compareTo });
  const codes = [...new Set([...later.segments.map((s) => s.code), "NO_PURCHASE", "UNCLASSIFIED"])];
  return build(
    tx,
    later.rowCustomer,
    later.customers.map((c) => c.id),
    (i) => earlier.customers[i].segment,
    (i) => later.customers[i].segment,
    codes,
    compareTo,
    later.asOf,
  );
}

function build(
  tx: Transactions,
  rowCustomer: Int32Array,
  ids: string[],
  fromCode: (i: number) => string,
  toCode: (i: number) => string,
  baseCodes: string[],
  fromDate: number,
  toDate: number,
): TransitionResult {
  // Present at the earlier date: any row on or before it. Both analyses list every customer of any
  // row in order of first appearance, so customer i is the same at both dates.
  const present = new Uint8Array(ids.length);
  for (let i = 0; i < tx.day.length; i++) if (Math.floor(tx.day[i]) <= fromDate) present[rowCustomer[i]] = 1;
  const codes = [...baseCodes];
  const position = new Map(codes.map((c, i) => [c, i]));
  const slot = (code: string) => {
    let p = position.get(code);
    if (p === undefined) {
      position.set(code, (p = codes.length));
      codes.push(code);
    }
    return p;
  };
  const pairs: [number, number][] = [];
  let entered = 0;
  const customers = ids.map((id, i): TransitionCustomer => {
    const to = toCode(i);
    if (!present[i]) {
      entered++;
      return { id, from: null, to };
    }
    const from = fromCode(i);
    pairs.push([slot(from), slot(to)]);
    return { id, from, to };
  });
  const counts = codes.map(() => new Array<number>(codes.length).fill(0));
  for (const [a, b] of pairs) counts[a][b]++;
  const shares = counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total === 0 ? null : v / total));
  });
  return { customers, matrix: { codes, counts, shares, both: pairs.length, entered }, fromDate, toDate };
}
