/**
 * METHODS.md Appendix A.1 transactions and the A.5 additions, typed in from the specification once
 * for every test that reproduces them. Dates are computed with Date.UTC, independently of dates.ts.
 */
import type { Transactions } from "../../src/core/types";

/** [customer, order id, ISO date, amount]; "R*" order ids are return invoices. */
export type AppendixRow = [customer: string, order: string, date: string, amount: number];

/** Excel serial (days since 1899-12-30) of an ISO date. */
export function serial(isoDate: string): number {
  const [y, m, d] = isoDate.split("-").map(Number);
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
}

/** Appendix A.1 (as-of 2024-06-30). */
export const A1: AppendixRow[] = [
  ["C01", "O1", "2024-01-05", 120],
  ["C01", "O2", "2024-03-09", 80],
  ["C01", "O3", "2024-06-20", 200],
  ["C01", "O4", "2024-06-28", 50],
  ["C02", "O5", "2024-06-25", 900],
  ["C03", "O6", "2023-08-01", 300],
  ["C03", "O7", "2023-10-02", 450],
  ["C03", "O8", "2023-12-15", 500],
  ["C04", "O9", "2024-05-30", 40],
  ["C04", "O10", "2024-06-15", 35],
  ["C04", "O11", "2024-06-29", 30],
  ["C05", "O12", "2023-07-01", 60],
  ["C06", "O13", "2024-02-01", 700],
  ["C06", "O14", "2024-04-01", 650],
  ["C06", "O15", "2024-06-01", 800],
  ["C06", "R1", "2024-06-10", -100],
  ["C07", "O16", "2024-06-30", 25],
  ["C08", "O17", "2023-09-09", 1500],
  ["C08", "O18", "2023-11-11", 1200],
  ["C09", "O19", "2024-01-20", 90],
  ["C09", "O20", "2024-04-20", 110],
  ["C10", "O21", "2024-03-03", 60],
  ["C10", "R2", "2024-03-20", -60],
];

/** Appendix A.5 additions: C11 buys 100 every 30 days from 2022-07-15 (24 purchases up to the as-of date); C12; C13. */
export const A5_EXTRA: AppendixRow[] = [
  ...Array.from({ length: 24 }, (_, k): AppendixRow => [
    "C11",
    `P${k + 1}`,
    new Date(Date.UTC(2022, 6, 15) + k * 30 * 86400000).toISOString().slice(0, 10),
    100,
  ]),
  ["C12", "Q1", "2023-03-01", 500],
  ["C12", "Q2", "2023-09-01", 500],
  ["C12", "Q3", "2023-11-01", 600],
  ["C12", "Q4", "2023-12-20", 600],
  ["C12", "Q5", "2024-05-01", 150],
  ["C13", "S1", "2023-02-01", 100],
  ["C13", "S2", "2023-10-01", 100],
  ["C13", "S3", "2024-02-01", 300],
  ["C13", "S4", "2024-05-01", 400],
];

/** The rows as core Transactions (source rows numbered from 2, below a header). */
export function transactionsOf(rows: AppendixRow[], withOrders = true): Transactions {
  return {
    customer: rows.map((r) => r[0]),
    order: withOrders ? rows.map((r) => r[1]) : undefined,
    day: Float64Array.from(rows.map((r) => serial(r[2]))),
    amount: Float64Array.from(rows.map((r) => r[3])),
    sourceRow: Int32Array.from(rows.map((_, i) => i + 2)),
  };
}
