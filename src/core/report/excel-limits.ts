/**
 * What an Excel cell and sheet can hold, and the rules that keep output within it. Shared by the
 * report spec (core), the command line's workbook writers and the add-in's writer, so every door
 * writes the same cells. The limits are fields of one object so tests can lower them (a 50-row
 * sheet instead of a 5-million-row file); production code never changes them.
 */

export const EXCEL_LIMITS = {
  /** Rows of a worksheet (Excel 2007 and later). */
  rows: 1_048_576,
  /** Characters in a cell. */
  cellChars: 32_767,
};

/** A number for a cell: NaN and ±Infinity (which Excel cannot hold) become a blank. */
export function cellNumber(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Text cut to what a cell holds (a character split from its pair would be invalid: cut before it). */
export function cellText(text: string): string {
  const max = EXCEL_LIMITS.cellChars;
  if (text.length <= max) return text;
  const high = text.charCodeAt(max - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/**
 * `rows` in parts that each fit one sheet below `headerRows` header rows; a single part when they
 * fit. The parts share the row arrays (no row is copied).
 */
export function sheetParts<T>(rows: T[], headerRows: number): T[][] {
  const room = EXCEL_LIMITS.rows - headerRows;
  if (rows.length <= room) return [rows];
  const parts: T[][] = [];
  for (let from = 0; from < rows.length; from += room) parts.push(rows.slice(from, from + room));
  return parts;
}
