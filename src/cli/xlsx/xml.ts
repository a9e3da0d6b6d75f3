/** XML text helpers shared by the package parts. */

// Characters XML 1.0 cannot hold at all (C0 controls but tab/LF/CR, U+FFFE/FFFF) are dropped.
const INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const SPECIAL = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

/** Text or attribute value escaped for XML. */
export function esc(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(INVALID, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A `<t>` element, keeping leading and trailing spaces. */
export function textElement(text: string): string {
  const preserve = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
  return `<t${preserve}>${esc(text)}</t>`;
}

const LETTERS: string[] = [];

/** A1 column letters of a 1-based column number. */
export function columnLetter(column: number): string {
  const known = LETTERS[column];
  if (known) return known;
  let s = "";
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return (LETTERS[column] = s);
}

/** An absolute reference to a range on a sheet, e.g. 'Summary'!$B$3:$B$13 (1-based rows and columns). */
export function sheetRange(sheet: string, top: number, left: number, bottom: number, right: number): string {
  const a = `$${columnLetter(left)}$${top}`;
  const b = `$${columnLetter(right)}$${bottom}`;
  return `'${sheet.replace(/'/g, "''")}'!${a === b ? a : `${a}:${b}`}`;
}

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
export const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
export const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
