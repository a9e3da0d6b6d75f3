/**
 * Excel table parts (ListObjects): a named range with a header row, header filter buttons and a
 * table style, as the add-in's `sheet.tables.add` writes them.
 */
import { columnLetter, esc, NS_MAIN, XML_HEAD } from "./xml";

export interface TablePart {
  /** Unique within the workbook; see tableName. */
  name: string;
  /** 1-based header row and first column. */
  top: number;
  left: number;
  /** Column names: the header cells' text, unique. */
  columns: string[];
  /** Data rows below the header (at least 1: a table needs a data row). */
  rows: number;
}

/** The table's A1 range, header included. */
function tableRef(t: TablePart): string {
  return `${columnLetter(t.left)}${t.top}:${columnLetter(t.left + t.columns.length - 1)}${t.top + Math.max(1, t.rows)}`;
}

/**
 * A valid table name, unique among `taken` (lower-case names): letters, digits, underscores and
 * dots, starting with a letter or underscore, no cell-reference look-alike, ≤ 255 characters.
 */
export function tableName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[^\p{L}\p{N}_.]/gu, "_").slice(0, 240);
  if (!/^[\p{L}_]/u.test(base)) base = `_${base}`;
  if (/^([A-Za-z]{1,3}\d+|[RrCc]\d*([RrCc]\d*)?)$/.test(base)) base = `_${base}`;
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The table part XML; `id` is unique among the workbook's tables. */
export function tableXml(t: TablePart, id: number): string {
  const ref = tableRef(t);
  const columns = t.columns.map((c, k) => `<tableColumn id="${k + 1}" name="${esc(c)}"/>`).join("");
  return (
    XML_HEAD +
    `<table xmlns="${NS_MAIN}" id="${id}" name="${esc(t.name)}" displayName="${esc(t.name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/>` +
    `<tableColumns count="${t.columns.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="TableStyleLight9" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>` +
    `</table>`
  );
}

/**
 * Column names Excel accepts for a header: text, not blank, unique (case-insensitive), without
 * line breaks; a name that repeats gets a number, as Excel itself names them.
 */
export function tableColumns(header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((h, k) => {
    const base =
      String(h ?? "")
        .replace(/[\r\n]+/g, " ")
        .trim() || `Column${k + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base}${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}
