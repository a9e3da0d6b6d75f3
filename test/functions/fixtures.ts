/**
 * METHODS.md Appendix A.1 transactions (and the A.5 additions) as Excel passes them to a custom
 * function: one n×1 column per argument, dates as serial numbers.
 */
import { A5_EXTRA, serial } from "../support/appendix-a";
import { ExcelError } from "./excel-globals";

export { A1, serial } from "../support/appendix-a";

/** Appendix A.5 additions to A.1. */
export const a5Extra = () => A5_EXTRA;

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
