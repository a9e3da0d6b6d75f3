/**
 * METHODS.md Appendix A.1 transactions (and the A.5 additions) as Excel passes them to a custom
 * function: one n×1 column per argument, dates as serial numbers.
 */
import { ExcelError } from "./excel-globals";

/** Excel serial of a calendar date (days since 1899-12-30), computed without the core. */
export function serial(isoDate: string): number {
  const [y, m, d] = isoDate.split("-").map(Number);
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
}

/** [customer, order, date, amount] of Appendix A.1 (as-of 2024-06-30). */
export const A1: [string, string, string, number][] = [
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

/** Appendix A.5 additions to A.1. */
export function a5Extra(): [string, string, string, number][] {
  const rows: [string, string, string, number][] = [];
  // C11 buys 100 every 30 days from 2022-07-15 (24 purchases up to the as-of date).
  for (let k = 0; k < 24; k++) {
    const date = new Date(Date.UTC(2022, 6, 15) + k * 30 * 86400000).toISOString().slice(0, 10);
    rows.push(["C11", `P${k + 1}`, date, 100]);
  }
  const c12: [string, number][] = [["2023-03-01", 500], ["2023-09-01", 500], ["2023-11-01", 600], ["2023-12-20", 600], ["2024-05-01", 150]];
  c12.forEach(([date, amount], i) => rows.push(["C12", `Q${i + 1}`, date, amount]));
  const c13: [string, number][] = [["2023-02-01", 100], ["2023-10-01", 100], ["2024-02-01", 300], ["2024-05-01", 400]];
  c13.forEach(([date, amount], i) => rows.push(["C13", `S${i + 1}`, date, amount]));
  return rows;
}

/** The four argument ranges (customer, date serial, amount, order) as n×1 columns. */
export function columns(rows: [string, string, string, number][]) {
  return {
    ids: rows.map(([c]) => [c]),
    dates: rows.map(([, , d]) => [serial(d)]),
    amounts: rows.map(([, , , a]) => [a]),
    orders: rows.map(([, o]) => [o]),
  };
}

/** The Excel error code of a value, or undefined when it is not an error. */
export function errorCode(value: unknown): string | undefined {
  return value instanceof ExcelError ? value.code : undefined;
}

/** An n×1 spill as a flat list. */
export const flat = (spill: unknown[][]) => spill.map((row) => row[0]);

/** What Excel passes for an omitted optional argument (typed `any`: range parameters are `any[][]`). */
export const OMITTED: any = null;
