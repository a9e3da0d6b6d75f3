/**
 * CSV reading for the command line (the dialect is csv-dialect.ts, the writing csv-write.ts).
 *
 * Both readers handle RFC 4180 quoting (delimiters, quotes and line breaks inside quoted fields,
 * "" for a quote), a UTF-8 byte-order mark and LF or CRLF line ends. parseCsv reads decoded text
 * into records of strings; the command line reads files from their bytes (readHead,
 * readCsvColumns into the columns the ingest needs, readRecord and records for whole records),
 * which also takes a lone CR as a line end. The column reader's number and date parsing is
 * csv-fields.ts.
 */
import type { TypedColumn } from "../core/ingest/ingest";
import type { Cell } from "../core/types";
import { sniffDelimiter, type CsvBytes, type Delimiter } from "./csv-dialect";
import { decimalCommaText, dotThousands, isoDayBytes, isoDayText, plainNumber, plainNumberBytes } from "./csv-fields";

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

/** Offset just after the record last read by readRecord or readQuotedBytes. */
let recordEnd = 0;

/**
 * The record starting at byte `offset`, every field as text, ending at a line end (LF, CRLF or a
 * lone CR) or the end of the file; recordEnd is then the offset of the next record. A delimiter
 * ending the file adds one empty field.
 */
export function readRecord(src: CsvBytes, offset: number, delimiter: Delimiter): string[] {
  const b = src.bytes;
  const d = delimiter.charCodeAt(0);
  const n = b.length;
  const out: string[] = [];
  let pos = offset;
  for (;;) {
    if (pos < n && b[pos] === 34) {
      out.push(readQuotedBytes(src, pos));
      pos = recordEnd;
    } else {
      const from = pos;
      let high = 0;
      let c = 0;
      while (pos < n && (c = b[pos]) !== d && c !== 10 && c !== 13) {
        high |= c;
        pos++;
      }
      out.push(src.text(from, pos, high));
    }
    if (pos >= n) break;
    const c = b[pos];
    if (c === d) {
      pos++;
      if (pos < n) continue;
      out.push("");
      break;
    }
    if (c === 13 && b[pos + 1] === 10) pos += 2;
    else if (c === 10 || c === 13) pos++;
    else throw new CsvError(`unexpected character after a closing quote in line ${lineOfBytes(b, pos)}`);
    break;
  }
  recordEnd = pos;
  return out;
}

/** Every record from `from` (default: the first) to the end of the file, in order, as readRecord reads them. */
export function* records(src: CsvBytes, delimiter: Delimiter, from = src.start): Generator<string[]> {
  const n = src.bytes.length;
  for (let pos = from; pos < n;) {
    const record = readRecord(src, pos, delimiter);
    pos = recordEnd;
    yield record;
  }
}

/** The quoted field opening at `pos`, unquoted ("" → "); recordEnd is set just after the closing quote. */
function readQuotedBytes(src: CsvBytes, pos: number): string {
  const b = src.bytes;
  let value = "";
  let from = pos + 1;
  for (;;) {
    const q = b.indexOf(34, from);
    if (q < 0) throw new CsvError(`unterminated quoted field starting in line ${lineOfBytes(b, pos)}`);
    let high = 0;
    for (let i = from; i < q; i++) high |= b[i];
    value += src.text(from, q, high);
    if (b[q + 1] === 34) {
      value += '"';
      from = q + 2;
    } else {
      recordEnd = q + 1;
      return value;
    }
  }
}

function lineOfBytes(b: Uint8Array, pos: number): number {
  let line = 1;
  for (let i = b.indexOf(10); i >= 0 && i < pos; i = b.indexOf(10, i + 1)) line++;
  return line;
}

export interface CsvHead {
  delimiter: Delimiter;
  /** The header record, then up to `limit` − 1 data records. */
  records: string[][];
  /** Offset of the first data record. */
  headerEnd: number;
  /** Offset just after the last record read. */
  end: number;
}

/**
 * The first `limit` records (header included), with the delimiter given or sniffed.
 * Records with no content at the end of the file are dropped, as readCsvColumns drops them.
 */
export function readHead(
  src: CsvBytes,
  limit: number,
  delimiter: Delimiter = sniffDelimiter(src.bytes.toString("utf8", src.start, src.start + 65536)),
): CsvHead {
  const records: string[][] = [];
  const n = src.bytes.length;
  let pos = src.start;
  let headerEnd = -1;
  let kept = 0;
  let keptEnd = pos;
  while (pos < n && records.length < limit) {
    const record = readRecord(src, pos, delimiter);
    records.push(record);
    pos = recordEnd;
    if (headerEnd < 0) headerEnd = pos;
    if (record.some((field) => field !== "")) {
      kept = records.length;
      keptEnd = pos;
    }
  }
  if (pos >= n) {
    records.length = kept;
    pos = keptEnd;
  }
  return { delimiter, records, headerEnd: headerEnd < 0 ? pos : Math.min(headerEnd, pos), end: pos };
}

/** How the column reader treats a column: skip it, keep its text, or read it as a date or number. */
export const FieldKind = { Skip: 0, Text: 1, Date: 2, Number: 3 } as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export interface CsvColumns {
  /** Records read: every line from `start` up to the last one with a non-empty field. */
  rowCount: number;
  /** Fields in the widest of those records. */
  width: number;
  /**
   * By column index: Text → the field texts (string[]); Date → day numbers, Number → numbers, each
   * a TypedColumn whose raw text is kept where a non-empty field did not parse; Skip → undefined.
   */
  columns: (string[] | TypedColumn | undefined)[];
  /** Offset where each record begins, to read it in full again (readRecord). */
  offsets: Int32Array;
}

/**
 * The fast path for big files: reads the records from `start` into columns, materializing only the
 * columns that `kinds` asks for, so unused columns cost a scan and no string. ISO dates
 * (YYYY-MM-DD) become day numbers and plain decimals numbers, exactly as the ingest would read
 * their text; anything else is kept as text for the ingest to judge, and an empty field is NaN with
 * no text (blank). `expectedRows` sizes the arrays (they grow when needed). With `decimalComma`
 * (a semicolon file from a European Excel), the comma of a number's text is its decimal mark
 * (decimalCommaText).
 */
export function readCsvColumns(
  src: CsvBytes,
  start: number,
  delimiter: Delimiter,
  kinds: readonly FieldKind[],
  expectedRows = 1024,
  decimalComma = false,
): CsvColumns {
  const reader = new ColumnReader(src, start, delimiter.charCodeAt(0), kinds, Math.max(16, Math.ceil(expectedRows)), decimalComma);
  // One call per record: a small function that V8 optimizes early, rather than one long loop that
  // waits for on-stack replacement (and falls back to the interpreter on each new path).
  const n = src.bytes.length;
  while (reader.pos < n) reader.record();
  const { rowCount } = reader;
  const columns: (string[] | TypedColumn | undefined)[] = [];
  for (let c = 0; c < kinds.length; c++) {
    const t = reader.texts[c];
    const v = reader.values[c];
    if (t) {
      t.length = rowCount;
      columns.push(t);
    } else if (v) columns.push({ values: v.subarray(0, rowCount), raw: sparseCells(reader.rawRows[c], reader.rawTexts[c], rowCount) });
    else columns.push(undefined);
  }
  return { rowCount, width: reader.width, columns, offsets: reader.offsets.subarray(0, rowCount) };
}

/** The state of readCsvColumns, and its step: one record. */
class ColumnReader {
  /** Offset of the next record. */
  pos: number;
  /** Records read, and those up to the last one with content. */
  rows = 0;
  rowCount = 0;
  /** Widest record so far, and up to the last one with content. */
  widest = 0;
  width = 0;
  offsets: Int32Array;
  readonly texts: (string[] | null)[] = [];
  readonly values: (Float64Array | null)[] = [];
  /** Fields that did not parse, as (row, text) pairs: few in a clean file, made into `raw` at the end. */
  readonly rawRows: number[][] = [];
  readonly rawTexts: string[][] = [];
  /**
   * Per column, the previous field and what it gave: consecutive lines often repeat a field (the
   * lines of one order: customer, order id, date), and reusing the string spares a new one (and
   * the garbage collector's copying), reusing the day spares the date arithmetic.
   */
  private readonly lastFrom: Int32Array;
  private readonly lastLength: Int32Array;
  private readonly lastText: string[] = [];
  private readonly lastValue: Float64Array;
  private readonly nk: number;

  constructor(
    private readonly src: CsvBytes,
    start: number,
    private readonly d: number,
    private readonly kinds: readonly FieldKind[],
    private cap: number,
    private readonly decimalComma: boolean,
  ) {
    this.pos = start;
    this.nk = kinds.length;
    this.offsets = new Int32Array(cap);
    this.lastFrom = new Int32Array(this.nk);
    this.lastLength = new Int32Array(this.nk).fill(-1);
    this.lastValue = new Float64Array(this.nk);
    for (const kind of kinds) {
      this.texts.push(kind === FieldKind.Text ? new Array<string>(cap) : null);
      this.values.push(kind === FieldKind.Date || kind === FieldKind.Number ? new Float64Array(cap) : null);
      this.rawRows.push([]);
      this.rawTexts.push([]);
      this.lastText.push("");
    }
  }

  record(): void {
    const b = this.src.bytes;
    const n = b.length;
    const d = this.d;
    const kinds = this.kinds;
    const nk = this.nk;
    if (this.rows === this.cap) this.grow();
    const row = this.rows;
    let pos = this.pos;
    this.offsets[row] = pos;
    let col = 0;
    let content = false;
    for (;;) {
      const kind = col < nk ? kinds[col] : FieldKind.Skip;
      if (pos < n && b[pos] === 34) {
        const value = readQuotedBytes(this.src, pos);
        pos = recordEnd;
        if (value !== "") content = true;
        if (kind === FieldKind.Text) (this.texts[col] as string[])[row] = value;
        else if (kind !== FieldKind.Skip) {
          let parsed = value === "" ? NaN : kind === FieldKind.Number ? plainNumber(value) : isoDayText(value);
          if (this.decimalComma && kind === FieldKind.Number && parsed === parsed) parsed = dotThousands(parsed, value);
          (this.values[col] as Float64Array)[row] = parsed;
          if (parsed !== parsed && value !== "") this.keepRaw(col, row, value);
        }
      } else {
        const from = pos;
        let high = 0;
        let c = 0;
        while (pos < n && (c = b[pos]) !== d && c !== 10 && c !== 13) {
          high |= c;
          pos++;
        }
        const length = pos - from;
        if (length > 0) content = true;
        if (kind !== FieldKind.Skip) {
          // Compared from the end, where ids and dates of neighbouring lines usually differ.
          let same = length === this.lastLength[col] && kind !== FieldKind.Number;
          for (let i = pos - 1, j = this.lastFrom[col] + length - 1; same && i >= from; i--, j--) same = b[i] === b[j];
          if (kind === FieldKind.Text) {
            if (!same) {
              this.lastText[col] = length === 0 ? "" : this.src.text(from, pos, high);
              this.lastFrom[col] = from;
              this.lastLength[col] = length;
            }
            (this.texts[col] as string[])[row] = this.lastText[col];
          } else {
            let parsed: number;
            if (same) parsed = this.lastValue[col];
            else {
              parsed =
                length === 0
                  ? NaN
                  : kind === FieldKind.Number
                    ? plainNumberBytes(b, from, pos)
                    : length === 10
                      ? isoDayBytes(b, from)
                      : NaN;
              if (this.decimalComma && kind === FieldKind.Number && parsed === parsed && b.indexOf(46, from) < pos)
                parsed = dotThousands(parsed, this.src.text(from, pos, high));
              if (kind === FieldKind.Date) {
                this.lastValue[col] = parsed;
                this.lastFrom[col] = from;
                this.lastLength[col] = length;
              }
            }
            (this.values[col] as Float64Array)[row] = parsed;
            if (parsed !== parsed && length > 0) this.keepRaw(col, row, this.src.text(from, pos, high));
          }
        }
      }
      col++;
      if (pos >= n) break;
      const c = b[pos];
      if (c === d) {
        pos++;
        if (pos < n) continue;
        // A delimiter ending the file: one more, empty field.
        if (col < nk) this.blank(col, row);
        col++;
        break;
      }
      if (c === 13 && b[pos + 1] === 10) pos += 2;
      else if (c === 10 || c === 13) pos++;
      else throw new CsvError(`unexpected character after a closing quote in line ${lineOfBytes(b, pos)}`);
      break;
    }
    // Columns a short record does not reach are blank.
    for (let c = col; c < nk; c++) this.blank(c, row);
    this.pos = pos;
    if (col > this.widest) this.widest = col;
    this.rows = row + 1;
    if (content) {
      // Blank lines (or lines of empty fields) at the end of the file are not rows.
      this.rowCount = this.rows;
      this.width = this.widest;
    }
  }

  private blank(col: number, row: number): void {
    const kind = this.kinds[col];
    if (kind === FieldKind.Text) (this.texts[col] as string[])[row] = "";
    else if (kind !== FieldKind.Skip) (this.values[col] as Float64Array)[row] = NaN;
  }

  private keepRaw(col: number, row: number, text: string): void {
    this.rawRows[col].push(row);
    this.rawTexts[col].push(this.decimalComma && this.kinds[col] === FieldKind.Number ? decimalCommaText(text) : text);
  }

  private grow(): void {
    this.cap = Math.ceil(this.cap * 1.5) + 16;
    this.offsets = grown(this.offsets, new Int32Array(this.cap));
    for (let c = 0; c < this.nk; c++) {
      const v = this.values[c];
      if (v) this.values[c] = grown(v, new Float64Array(this.cap));
    }
  }
}

/** Cells by row from (row, text) pairs in row order: a dense array when many, else a sparse one. */
function sparseCells(rows: number[], texts: string[], rowCount: number): Cell[] {
  const out: Cell[] = rows.length * 8 > rowCount ? new Array<Cell>(rowCount) : [];
  for (let k = 0; k < rows.length && rows[k] < rowCount; k++) out[rows[k]] = texts[k];
  return out;
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
