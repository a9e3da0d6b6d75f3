/** CSV cells the product writes: quoted as RFC 4180 wants, and safe to open in a spreadsheet. */

/** A field quoted when it holds the delimiter, a quote or a line break (RFC 4180); quoting only; files the product writes use csvCell. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : value;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** Characters that make a spreadsheet read a cell as a formula: = + - @, tab, CR (OWASP CSV injection). */
// OWASP's = + - @ tab CR, and the full-width ＝ ＋ － ＠ that East Asian Excel also takes for them.
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
/** A plain number, which a spreadsheet reads as a number whatever its sign. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A cell of a CSV file the product writes, safe to open in a spreadsheet: text that would start a
 * formula gets a leading apostrophe and quotes (OWASP), a plain number such as -12.5 stays as it is;
 * text holding ; or a tab is quoted too, for spreadsheets that split on those; a non-finite number
 * is blank. Otherwise RFC 4180 quoting (csvField).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "string") {
    if (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `"'${value.replace(/"/g, '""')}"`;
    if (value.includes(";") || value.includes("\t")) return `"${value.replace(/"/g, '""')}"`;
  }
  return csvField(value);
}

/*
 * The column reader: big files are read from their bytes, not from one decoded string. Delimiters,
 * quotes and line ends are ASCII, and UTF-8 never uses bytes below 0x80 inside a multi-byte
 * character, so the bytes can be scanned directly (faster than charCodeAt on a string); an ASCII
 * field's text is cut from a Latin-1 view of the whole file (one native decode, then cheap slices),
 * and only a field holding other bytes is decoded as UTF-8.
 */
