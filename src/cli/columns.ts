/** Resolves a column reference given on the command line to a 0-based column index. */
import { UsageError } from "./args";

/** Column letters (A, Z, AA, XFD) to a 0-based index, or -1 when `ref` is not letters. */
function letterIndex(ref: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(ref)) return -1;
  let index = 0;
  for (const ch of ref.toUpperCase()) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

/**
 * A header name (exact, then ignoring case and surrounding spaces) wins over a column letter or a
 * 1-based number, so a column headed "A" or "2023" can still be named.
 */
export function resolveColumn(ref: string, header: string[], flag: string, file: string): number {
  const exact = header.indexOf(ref);
  if (exact >= 0) return exact;
  const folded = ref.trim().toLowerCase();
  const loose = header.findIndex((h) => h.trim().toLowerCase() === folded);
  if (loose >= 0) return loose;
  let index = -1;
  if (/^\d+$/.test(ref)) index = Number(ref) - 1;
  else index = letterIndex(ref);
  if (index >= 0 && index < header.length) return index;
  const names = header.map((h) => (h === "" ? "(blank)" : h)).join(", ");
  throw new UsageError(`${flag} '${ref}': no such column in ${file} (columns: ${names})`);
}
