/**
 * Which column of a sales table plays which role (customer, date, amount, …).
 *
 * From the header first: names in English and Chinese are compared after folding case, width,
 * spaces, underscores and punctuation ("Customer_ID", "customer id" and "客户 ID" are the same).
 * An exact known name beats a name that only contains a keyword; a longer keyword beats a shorter
 * one ("Total Quantity" is a quantity, not a total); words that name an attribute of the thing
 * rather than the thing itself keep a keyword from counting ("Customer Type", "Ship Date",
 * "毛利率", "Unit Cost"). Money roles never take a header with a percent sign.
 *
 * Then from the values, for what the header leaves open: the required roles (customer, date,
 * amount) from any column still free, the order id only from columns without a real name (no
 * header, blank, or generic like "Column1"). A column of dates → date; a numeric column, rather one
 * with decimals and negatives and larger values → amount; a text column with repeats → customer;
 * a column of unique-ish codes → order. Value-based picks are reported in the notes to be checked.
 * Generic names are settled by the values (detect-values.ts): ids that repeat under Id / No / Code
 * are the customer, a column of small counts (CDs, items) is never the customer nor the amount, and
 * a price with no quantity beside it is the amount (CLVTools' Price is what was paid), with a note.
 * Two columns that fit the customer equally well (two repeating id columns) are not guessed
 * between: the detection says so in `ambiguous` and the ingest refuses the table.
 *
 * Each role goes to at most one column and each column to at most one role; required roles are
 * placed first.
 */
import { amountOf } from "./amounts";
import { parseDayText } from "./dates";
import { columnStats, valueCandidates, type Candidate, type ColumnStats, type CustomerKind, type DetectionSource } from "./detect-values";
import type { Cell, ColumnMapping, ColumnRole } from "../types";
import { WORDS } from "./header-words";

export type { DetectionSource } from "./detect-values";

export interface RoleDetection {
  /** 0-based column index. */
  column: number;
  source: DetectionSource;
  /**
   * 1: exact known header name; 0.8: the header contains a keyword; from values, 0.6 × the share of
   * sampled values that fit the role (so never above 0.6).
   */
  confidence: number;
}

export interface Detection {
  /** Whether table[0] is a header (given, or decided by looksLikeHeader). */
  hasHeader: boolean;
  /** Trimmed header text per column ("" for a blank header cell or when there is no header). */
  header: string[];
  mapping: ColumnMapping;
  roles: Partial<Record<ColumnRole, RoleDetection>>;
  /** Readable remarks: value-based picks, duplicate headers, amount from quantity × price. */
  notes: string[];
  /** The amount column is a unit price taken as the amount, there being no quantity column. */
  amountFromPrice?: boolean;
  /** A required role that two or more columns fit equally well (the chosen one first). */
  ambiguous?: { role: ColumnRole; columns: number[]; kind: CustomerKind };
}

export const REQUIRED_ROLES: readonly ColumnRole[] = ["customer", "date", "amount"];
const ROLE_ORDER: readonly ColumnRole[] = ["customer", "date", "amount", "order", "quantity", "price", "cost", "profit"];
const MONEY_ROLES: ReadonlySet<ColumnRole> = new Set(["amount", "price", "cost", "profit"]);

/** Folds width and case and drops everything but letters and digits. */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Header names that say nothing: blank, Column1, Col 2, Field3, F4, Unnamed: 0, 列1, 字段2, A. */
export function isGenericHeader(text: string): boolean {
  const name = normalizeHeader(text);
  return name === "" || /^(column|col|field|f|unnamed|列|字段)\d*$/.test(name) || /^[a-z]{1,2}$/.test(name);
}

function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

/** Text of a header cell ("" when blank). */
function headerText(cell: Cell): string {
  return isBlank(cell) ? "" : String(cell).trim();
}

/** How a column is named in messages: its header in quotes, else its 1-based position. */
export function columnName(header: readonly string[], column: number): string {
  const text = header[column];
  return text ? `"${text}"` : `column ${column + 1}`;
}

/**
 * Whether the first row is a header: it has some text and no cell that reads as a number, a date
 * or a logical value. A data row of a sales table always holds a date and an amount, so it never
 * passes; a header row of names always does.
 */
export function looksLikeHeader(table: readonly (readonly Cell[] | undefined)[]): boolean {
  const first = table[0];
  if (!first) return false;
  let named = 0;
  for (const cell of first) {
    if (isBlank(cell)) continue;
    if (typeof cell !== "string") return false;
    if (!Number.isNaN(amountOf(cell)) || parseDayText(cell) > 0) return false;
    named++;
  }
  return named > 0;
}

/** Names that say "an id" without saying of what: with repeating values, the customer's. */
const ID_NAMES: ReadonlySet<string> = new Set(["id", "no", "nr", "num", "number", "code", "key", "编号", "代码", "编码", "号码"]);

function headerCandidates(header: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  header.forEach((text, column) => {
    const name = normalizeHeader(text);
    if (name === "") return;
    const percent = text.includes("%") || text.includes("％");
    for (const role of ROLE_ORDER) {
      if (percent && MONEY_ROLES.has(role)) continue;
      const words = WORDS[role];
      const exact = words.exact.indexOf(name);
      if (exact >= 0) {
        out.push({ role, column, score: 1000 - exact, source: "header", confidence: 1, share: 1 });
        continue;
      }
      if (words.exclude.some((w) => name.includes(w))) continue;
      let best = 0;
      for (const keyword of words.contains) if (keyword.length > best && name.includes(keyword)) best = keyword.length;
      if (best > 0) out.push({ role, column, score: 500 + best, source: "header", confidence: 0.8, share: 1 });
    }
  });
  return out;
}

/**
 * The rows of a table by index, for a table that is not held as one array of rows (columnar input
 * whose rows are rebuilt on demand): detection reads only the header and a sample.
 */
export interface TableRows {
  readonly length: number;
  at(index: number): readonly Cell[] | undefined;
}

/** Up to `size` data rows spread evenly over the table. */
function sampleRows(table: TableRows, from: number, size: number): (readonly Cell[] | undefined)[] {
  const total = table.length - from;
  const out: (readonly Cell[] | undefined)[] = [];
  if (total <= size) {
    for (let r = from; r < table.length; r++) out.push(table.at(r));
    return out;
  }
  for (let k = 0; k < size; k++) out.push(table.at(from + Math.floor((k * total) / size)));
  return out;
}

function tableWidth(header: readonly Cell[] | undefined, rows: readonly (readonly Cell[] | undefined)[]): number {
  let width = header?.length ?? 0;
  for (const row of rows) if (row && row.length > width) width = row.length;
  return width;
}

export interface DetectOptions {
  /** Whether table[0] is a header; default looksLikeHeader. */
  hasHeader?: boolean;
  date1904?: boolean;
  /** Rows sampled for value-based detection; default 500. */
  sampleSize?: number;
  /**
   * Roles the caller sets (a column index) or drops (undefined): they are not detected, and their
   * columns are left to them, so the other roles are found among the remaining columns.
   */
  given?: ColumnMapping;
}

/** Finds the column of each role from the header and, where it is silent, from the values. */
export function detectColumns(table: readonly (readonly Cell[] | undefined)[], options: DetectOptions = {}): Detection {
  return detectColumnsIn({ length: table.length, at: (index) => table[index] }, options);
}

/** detectColumns over rows given by index (row 0 is the header when there is one). */
export function detectColumnsIn(table: TableRows, options: DetectOptions = {}): Detection {
  const first = table.length > 0 ? table.at(0) : undefined;
  const hasHeader = options.hasHeader ?? looksLikeHeader([first]);
  const sample = sampleRows(table, hasHeader ? 1 : 0, options.sampleSize ?? 500);
  const width = tableWidth(hasHeader ? first : undefined, sample);
  const raw: string[] = [];
  for (let c = 0; c < width; c++) raw.push(hasHeader ? headerText(first?.[c]) : "");
  const notes: string[] = [];
  const mapping: ColumnMapping = {};
  const roles: Partial<Record<ColumnRole, RoleDetection>> = {};
  const usedColumns = new Set<number>();
  const valueShares = new Map<ColumnRole, number>();
  const given = options.given ?? {};
  for (const column of Object.values(given)) if (column !== undefined) usedColumns.add(column);
  const has = (role: ColumnRole) => mapping[role] !== undefined || role in given;

  const assign = (candidates: Candidate[], allowed: ReadonlySet<ColumnRole>) => {
    candidates.sort((a, b) => b.score - a.score || a.column - b.column);
    for (const c of candidates) {
      if (!allowed.has(c.role) || has(c.role) || usedColumns.has(c.column)) continue;
      mapping[c.role] = c.column;
      roles[c.role] = { column: c.column, source: c.source, confidence: c.confidence };
      if (c.source === "values") valueShares.set(c.role, c.share);
      usedColumns.add(c.column);
    }
  };
  const required = new Set(REQUIRED_ROLES);
  const optional = new Set(ROLE_ORDER.filter((r) => !required.has(r)));

  const fromHeader = headerCandidates(raw);
  assign(fromHeader.slice(), required);
  assign(fromHeader.slice(), optional);
  noteDuplicates(raw, mapping, notes);
  let amountFromPrice = false;
  if (!has("amount") && mapping.price !== undefined && !has("quantity")) {
    amountFromPrice = true;
    mapping.amount = mapping.price;
    roles.amount = roles.price;
    delete mapping.price;
    delete roles.price;
  }

  const statsCache = new Map<number, ColumnStats>();
  const statsOf = (column: number) => {
    let stats = statsCache.get(column);
    if (!stats) statsCache.set(column, (stats = columnStats(sample, column, options.date1904 === true)));
    return stats;
  };
  const byValues = (wanted: ReadonlySet<ColumnRole>, columnOk: (column: number) => boolean): Candidate[] => {
    const candidates: Candidate[] = [];
    if (wanted.size === 0) return candidates;
    for (let c = 0; c < width; c++) {
      if (!usedColumns.has(c) && columnOk(c))
        candidates.push(...valueCandidates(statsOf(c), c, wanted, ID_NAMES.has(normalizeHeader(raw[c]))));
    }
    assign(candidates.slice(), wanted);
    return candidates;
  };
  const missingRequired = new Set(REQUIRED_ROLES.filter((r) => !has(r)));
  // Quantity × price stands in for a missing amount column; do not guess another one.
  if (has("quantity") && has("price")) missingRequired.delete("amount");
  const ambiguous = ambiguousCustomer(
    byValues(missingRequired, () => true),
    roles,
    usedColumns,
  );
  if (mapping.order === undefined) byValues(new Set<ColumnRole>(["order"]), (c) => isGenericHeader(raw[c]));

  for (const role of ROLE_ORDER) {
    const found = roles[role];
    if (found?.source !== "values") continue;
    notes.push(
      `${role}: ${columnName(raw, found.column)} chosen from its values (${Math.round(100 * (valueShares.get(role) ?? 0))}% of sampled values fit); check the mapping`,
    );
  }
  if (amountFromPrice)
    notes.push(`amount: ${columnName(raw, mapping.amount as number)} used as the amount (no quantity column); check the mapping`);
  if (mapping.amount === undefined && mapping.quantity !== undefined && mapping.price !== undefined) {
    notes.push(`no amount column: amount = ${columnName(raw, mapping.quantity)} × ${columnName(raw, mapping.price)}`);
  }
  if (mapping.cost !== undefined && mapping.profit !== undefined) {
    notes.push(`both a cost (${columnName(raw, mapping.cost)}) and a profit column (${columnName(raw, mapping.profit)}): cost is used`);
  }
  const detection: Detection = { hasHeader, header: raw, mapping, roles, notes };
  if (amountFromPrice) detection.amountFromPrice = true;
  if (ambiguous) detection.ambiguous = ambiguous;
  return detection;
}

/**
 * The customer chosen from the ids' values when another column of ids, still free, scored within
 * 0.05 of it: nothing in the values tells them apart. Text columns are left to the scores.
 */
function ambiguousCustomer(candidates: Candidate[], roles: Detection["roles"], usedColumns: ReadonlySet<number>): Detection["ambiguous"] {
  const chosen = roles.customer;
  if (chosen?.source !== "values") return undefined;
  const winner = candidates.find((c) => c.role === "customer" && c.column === chosen.column);
  if (!winner?.kind || winner.kind === "text") return undefined;
  const rivals = candidates.filter(
    (c) => c.role === "customer" && c.kind === winner.kind && !usedColumns.has(c.column) && Math.abs(c.score - winner.score) <= 0.05,
  );
  return rivals.length === 0
    ? undefined
    : { role: "customer", columns: [winner.column, ...rivals.map((c) => c.column)], kind: winner.kind };
}

/** Notes header names that occur more than once where one of them was given a role. */
function noteDuplicates(header: readonly string[], mapping: ColumnMapping, notes: string[]): void {
  const columnsByName = new Map<string, number[]>();
  header.forEach((text, column) => {
    const name = normalizeHeader(text);
    if (name === "") return;
    const list = columnsByName.get(name);
    if (list) list.push(column);
    else columnsByName.set(name, [column]);
  });
  for (const role of ROLE_ORDER) {
    const column = mapping[role];
    if (column === undefined) continue;
    const same = columnsByName.get(normalizeHeader(header[column]));
    if (same && same.length > 1) {
      notes.push(`"${header[column]}" appears in columns ${same.map((c) => c + 1).join(", ")}; column ${column + 1} is used for ${role}`);
    }
  }
}
