/**
 * CSV reading and writing for the command line.
 *
 * The parser handles RFC 4180 quoting (delimiters, quotes and line breaks inside quoted fields,
 * "" for a quote), a UTF-8 byte-order mark, LF or CRLF line ends, and a comma, semicolon or tab
 * delimiter sniffed from the header line. Unquoted fields are found with native indexOf scans
 * (cached per delimiter and per line end), which keeps a million-row file to one pass with one
 * string slice per field.
 */
import { dayFromYMD, isValidYMD } from "../core/dates";
import type { Cell } from "../core/types";

export type Delimiter = "," | ";" | "\t";

/** The delimiter that occurs most often, outside quotes, in the first line (comma on a tie or none). */
export function sniffDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === "\n" || c === "\r") break;
    else if (c === "," || c === ";" || c === "\t") counts[c]++;
  }
  let best: Delimiter = ",";
  for (const d of [";", "\t"] as Delimiter[]) if (counts[d] > counts[best]) best = d;
  return best;
}

export class CsvError extends Error {}

export interface CsvRecords {
  delimiter: Delimiter;
  records: string[][];
  /** Text offset just after the last record read. */
  end: number;
  /** Text offset just after the first record (the header), or the end when there is none. */
  headerEnd: number;
}

/**
 * Records of `text` as arrays of field text: from offset `from` (default: the start, so the header
 * is record 0), at most `limit` of them. Trailing blank lines at the end of the text are dropped; a
 * blank line inside the data stays as a record with one empty field, so record i is sheet row i + 1
 * as a spreadsheet would show it.
 */
export function parseCsv(text: string, delimiter?: Delimiter, from = 0, limit = Infinity): CsvRecords {
  const start = from === 0 && text.charCodeAt(0) === 0xfeff ? 1 : from;
  const delim = delimiter ?? sniffDelimiter(text.slice(start, start + 65536));
  const d = delim.charCodeAt(0);
  const n = text.length;
  const records: string[][] = [];
  let pos = start;
  let nextDelim = -2;
  let nextNl = -2;
  let record: string[] = [];
  let headerEnd = -1;
  while (pos < n && records.length < limit) {
    if (records.length === 1 && headerEnd < 0) headerEnd = pos;
    if (text.charCodeAt(pos) === 34 /* " */) {
      // Quoted field: runs to the quote not followed by another quote.
      let value = "";
      let from = pos + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvError(`unterminated quoted field starting in line ${lineOf(text, pos)}`);
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
        } else {
          pos = q + 1;
          break;
        }
      }
      record.push(value);
      const c = text.charCodeAt(pos);
      if (c === d) {
        pos++;
        if (pos >= n) record.push("");
        continue;
      }
      if (c === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
      else if (c === 10 || c === 13) pos++;
      else if (pos < n) throw new CsvError(`unexpected character after a closing quote in line ${lineOf(text, pos)}`);
      records.push(record);
      record = [];
      continue;
    }
    if (nextDelim !== -1 && nextDelim < pos) nextDelim = text.indexOf(delim, pos);
    if (nextNl !== -1 && nextNl < pos) nextNl = text.indexOf("\n", pos);
    const endLine = nextNl < 0 ? n : nextNl;
    if (nextDelim >= 0 && nextDelim < endLine) {
      record.push(text.slice(pos, nextDelim));
      pos = nextDelim + 1;
      if (pos >= n) record.push("");
      continue;
    }
    // Last field of the line.
    const end = endLine > pos && text.charCodeAt(endLine - 1) === 13 ? endLine - 1 : endLine;
    record.push(text.slice(pos, end));
    records.push(record);
    record = [];
    pos = endLine + 1;
  }
  if (record.length > 0) records.push(record);
  if (pos >= n) while (records.length > 0 && isBlankRecord(records[records.length - 1])) records.pop();
  return { delimiter: delim, records, end: pos, headerEnd: headerEnd < 0 ? pos : headerEnd };
}

function isBlankRecord(record: string[]): boolean {
  return record.length === 1 && record[0] === "";
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** A field quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : value;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** How the typed reader treats a column: skip it, keep its text, or read it as a date or number. */
export const FieldKind = { Skip: 0, Text: 1, Date: 2, Number: 3 } as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export interface TypedRecords {
  /** `into` followed by one entry per record after `start`: the kept cells, others undefined. */
  rows: Cell[][];
  /** Text offset where each record read begins (offsets[k] for the k-th), to re-read it in full. */
  offsets: Int32Array;
}

/**
 * The fast path for big files: reads the records after `start` keeping only the columns that
 * `kinds` asks for, so unused columns cost no string. ISO dates (YYYY-MM-DD) become day numbers and
 * plain decimals become numbers, as a spreadsheet does on opening a CSV file; anything else stays
 * text for the ingest to judge. A record whose kept cells are all blank but whose other cells are
 * not is returned in full, so the ingest can tell it from a blank line.
 */
export function readTypedRecords(text: string, start: number, delimiter: Delimiter, kinds: readonly FieldKind[], into: Cell[][] = []): TypedRecords {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const rows = into;
  const first = rows.length;
  let offsets = new Int32Array(1024);
  let count = 0;
  let withContent = 0;
  // Lines of one order sit together, so a text cell often repeats the one above: reusing that
  // string instead of slicing a new one spares most of the garbage collector's copying.
  const previous: string[] = kinds.map(() => "");
  const blank: Cell[] = kinds.map(() => undefined);
  let pos = start;
  while (pos < n) {
    const recordStart = pos;
    const row: Cell[] = blank.slice();
    let col = 0;
    let keptNonBlank = false;
    let skippedNonBlank = false;
    for (;;) {
      const kind = col < kinds.length ? kinds[col] : FieldKind.Skip;
      let fieldStart = pos;
      let fieldEnd: number;
      let quotedValue: string | undefined;
      if (text.charCodeAt(pos) === 34) {
        quotedValue = readQuoted(text, pos);
        pos = quotedEnd;
        fieldStart = fieldEnd = pos;
      } else {
        // Fields are short: a plain scan beats an indexOf call per field.
        let i = pos;
        let c = 0;
        while (i < n && (c = text.charCodeAt(i)) !== d && c !== 10 && c !== 13) i++;
        fieldEnd = pos = i;
      }
      if (kind !== FieldKind.Skip) {
        let cell: Cell;
        if (quotedValue !== undefined) cell = typedOfText(quotedValue, kind);
        else if (kind === FieldKind.Text) {
          const last = previous[col];
          cell = sameText(text, fieldStart, fieldEnd, last) ? last : (previous[col] = text.slice(fieldStart, fieldEnd));
        } else cell = typedField(text, fieldStart, fieldEnd, kind);
        row[col] = cell;
        if (cell !== "") keptNonBlank = true;
      } else if (fieldEnd > fieldStart || (quotedValue !== undefined && quotedValue !== "")) {
        skippedNonBlank = true;
      }
      col++;
      const c = text.charCodeAt(pos);
      if (c === d) {
        pos++;
        if (pos < n) continue;
        if (col < kinds.length && kinds[col] !== FieldKind.Skip) row[col] = "";
        break;
      }
      if (c === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
      else if (c === 10 || c === 13) pos++;
      else if (pos < n) throw new CsvError(`unexpected character after a closing quote in line ${lineOf(text, pos)}`);
      break;
    }
    if (count === offsets.length) {
      const grown = new Int32Array(offsets.length * 2);
      grown.set(offsets);
      offsets = grown;
    }
    offsets[count++] = recordStart;
    rows.push(!keptNonBlank && skippedNonBlank ? recordAt(text, recordStart, delimiter) : row);
    if (keptNonBlank || skippedNonBlank) withContent = count;
  }
  // Blank lines (or lines of empty fields) at the end of the file are not rows.
  rows.length = first + withContent;
  return { rows, offsets: offsets.subarray(0, withContent) };
}

function sameText(text: string, from: number, to: number, other: string): boolean {
  if (to - from !== other.length) return false;
  for (let i = from, j = 0; i < to; i++, j++) if (text.charCodeAt(i) !== other.charCodeAt(j)) return false;
  return true;
}

/** The record starting at `offset`, every field as text. */
export function recordAt(text: string, offset: number, delimiter: Delimiter): string[] {
  return parseCsv(text, delimiter, offset, 1).records[0] ?? [];
}

/** Position just after the closing quote of the last readQuoted call. */
let quotedEnd = 0;

function readQuoted(text: string, pos: number): string {
  let value = "";
  let from = pos + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw new CsvError(`unterminated quoted field starting in line ${lineOf(text, pos)}`);
    value += text.slice(from, q);
    if (text.charCodeAt(q + 1) === 34) {
      value += '"';
      from = q + 2;
    } else {
      quotedEnd = q + 1;
      return value;
    }
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function typedField(text: string, from: number, to: number, kind: FieldKind): Cell {
  if (kind === FieldKind.Date && to - from === 10) {
    const day = isoDay(text, from);
    if (day > 0) return day;
  } else if (kind === FieldKind.Number && to > from) {
    const value = plainNumber(text, from, to);
    if (value === value) return value;
  }
  return text.slice(from, to);
}

function typedOfText(value: string, kind: FieldKind): Cell {
  return kind === FieldKind.Text ? value : typedField(value, 0, value.length, kind);
}

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** Day number of YYYY-MM-DD at `from`, or 0 when it is not such a valid date. */
function isoDay(text: string, from: number): number {
  if (text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 7) !== 45) return 0;
  const year = digit(text, from) * 1000 + digit(text, from + 1) * 100 + digit(text, from + 2) * 10 + digit(text, from + 3);
  const month = digit(text, from + 5) * 10 + digit(text, from + 6);
  const day = digit(text, from + 8) * 10 + digit(text, from + 9);
  if (year < 1900 || !isValidYMD(year, month, day)) return 0;
  return dayFromYMD(year, month, day);
}

/**
 * A plain decimal (-?digits[.digits], at most 15 digits, no leading zero before other digits) as the
 * same double Number() gives: an exact integer divided by an exact power of ten is correctly rounded.
 * NaN for any other text.
 */
function plainNumber(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  if (i >= to) return NaN;
  if (text.charCodeAt(i) === 48 && i + 1 < to && text.charCodeAt(i + 1) !== 46) return NaN;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0 && digits > 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15 || decimals === 0) return NaN;
  const value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
  return negative ? -value : value;
}
