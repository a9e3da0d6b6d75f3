/**
 * Request sizing. Excel on the web caps each request and each response at 5 MB and every platform
 * caps a range read at 5,000,000 cells (ENGINEERING.md), so reads and writes go in chunks held to
 * budgets well under those caps: the size estimate below ignores the request envelope, and the
 * first rows of a sheet can be shorter than later ones.
 */
import { cellNumber, cellText } from "../core/report/excel-limits";
import type { OutCell } from "../core/report/report-types";

export const READ_BYTES = 2_000_000;
export const READ_CELLS = 1_000_000;
export const WRITE_BYTES = 2_000_000;

/** UTF-8 bytes of a string as a JSON literal (quotes and escaped quote/backslash included). */
function textBytes(text: string): number {
  let bytes = text.length + 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code < 0x800 ? 1 : 2;
    else if (code === 34 || code === 92 || code < 32) bytes += 1;
  }
  return bytes;
}

export function cellBytes(value: unknown): number {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "string":
      return textBytes(value);
    case "boolean":
      return value ? 4 : 5;
    default:
      return 4;
  }
}

/** JSON bytes of one row: cells, commas and brackets. */
export function rowBytes(row: readonly unknown[]): number {
  let bytes = row.length + 2;
  for (let j = 0; j < row.length; j++) bytes += cellBytes(row[j]);
  return bytes;
}

/**
 * Text Excel would reinterpret when written through Range.values: numbers ("00123" → 123), dates,
 * logicals, error literals, and formulas (=, +, -, @). A leading apostrophe makes Excel keep it as
 * text (the apostrophe is not stored), so a customer id or a label is written exactly.
 */
const REINTERPRETED = /^\s*[\d=+\-@'$€£¥.(#]|^\s*(true|false)\s*$/i;

/**
 * An output cell as a Range.values entry; blanks are "" because null would leave the cell as it was.
 * The cell rules shared with the command line: NaN and ±Infinity are blanks, text is cut to a cell's length.
 */
export function toExcel(value: OutCell | undefined): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return cellNumber(value) ?? "";
  if (typeof value === "string") {
    const text = cellText(value);
    return REINTERPRETED.test(text) ? `'${text}` : text;
  }
  return value;
}
