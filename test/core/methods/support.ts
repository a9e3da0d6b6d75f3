import type { Transactions } from "../../../src/core/types";

/** Day number (days since 1899-12-30) from Date.UTC, independently of dates.ts. */
export const day = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000;

export type Row = [customer: string, order: string, date: string, amount: number, cost?: number];

export function tx(rows: Row[], withOrders = true): Transactions {
  const t: Transactions = {
    customer: rows.map((r) => r[0]),
    order: withOrders ? rows.map((r) => r[1]) : undefined,
    day: Float64Array.from(rows.map((r) => day(r[2]))),
    amount: Float64Array.from(rows.map((r) => r[3])),
    sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
  };
  if (rows.some((r) => r[4] !== undefined)) t.cost = Float64Array.from(rows.map((r) => r[4] ?? NaN));
  return t;
}
