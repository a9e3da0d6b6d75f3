/** A1 addresses: 0-based rectangles to and from "Sheet!A1:C3" text. */

export interface Rect {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export function columnName(col: number): string {
  let n = col + 1;
  let name = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

export function columnIndex(name: string): number {
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellA1(row: number, col: number): string {
  return `${columnName(col)}${row + 1}`;
}

export function rectA1(rect: Rect): string {
  const first = cellA1(rect.r0, rect.c0);
  if (rect.rows === 1 && rect.cols === 1) return first;
  return `${first}:${cellA1(rect.r0 + rect.rows - 1, rect.c0 + rect.cols - 1)}`;
}

/** Excel quotes a sheet name in an address unless it is a plain word. */
export function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function fullAddress(sheetName: string, rect: Rect): string {
  return `${quoteSheet(sheetName)}!${rectA1(rect)}`;
}

/** Parses "A1", "B2:D9" or "Sheet!A1:B2" (sheet optional, quoted or not). */
export function parseAddress(address: string): { sheet?: string; rect: Rect } {
  let sheet: string | undefined;
  let ref = address.trim();
  const bang = ref.lastIndexOf("!");
  if (bang >= 0) {
    sheet = ref.slice(0, bang);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    ref = ref.slice(bang + 1);
  }
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref);
  if (!m) throw new Error(`Unsupported address '${address}'`);
  const r0 = Number(m[2]) - 1;
  const c0 = columnIndex(m[1]);
  const r1 = m[4] ? Number(m[4]) - 1 : r0;
  const c1 = m[3] ? columnIndex(m[3]) : c0;
  const rect = { r0: Math.min(r0, r1), c0: Math.min(c0, c1), rows: Math.abs(r1 - r0) + 1, cols: Math.abs(c1 - c0) + 1 };
  return { sheet, rect };
}

export function contains(outer: Rect, r: number, c: number): boolean {
  return r >= outer.r0 && r < outer.r0 + outer.rows && c >= outer.c0 && c < outer.c0 + outer.cols;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.r0 < b.r0 + b.rows && b.r0 < a.r0 + a.rows && a.c0 < b.c0 + b.cols && b.c0 < a.c0 + a.cols;
}

export function inside(inner: Rect, outer: Rect): boolean {
  return (
    inner.r0 >= outer.r0 &&
    inner.c0 >= outer.c0 &&
    inner.r0 + inner.rows <= outer.r0 + outer.rows &&
    inner.c0 + inner.cols <= outer.c0 + outer.cols
  );
}
