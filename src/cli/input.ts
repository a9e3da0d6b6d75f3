/**
 * Reading a command's input: the file's bytes, then a CSV or .xlsx table through the core ingest,
 * with the column overrides of the command line, into the transactions and the data sheet that the
 * output workbook copies.
 */
import { readFileSync, statSync } from "fs";
import { basename, extname } from "path";
import { amountOf } from "../core/ingest/amounts";
import { parseDayText } from "../core/ingest/dates";
import { columnName, looksLikeHeader, REQUIRED_ROLES } from "../core/ingest/detect";
import { ingest, ingestColumns, IngestError, type IngestColumn, type IngestResult } from "../core/ingest/ingest";
import { findHeaderRow } from "../core/ingest/table-shape";
import type { Cell, ColumnMapping, ColumnRole } from "../core/types";
import { UsageError, type InputArgs } from "./args";
import { resolveColumn } from "./columns";
import { CsvError, FieldKind, readCsvColumns, readHead, readRecord, records } from "./csv";
import { openCsv } from "./csv-dialect";
import { checkEncoding, decodeText, encodingTitle } from "./decode";
import type { DataSheet } from "./render-xlsx";

/** What the input gave: the ingest result and, for workbook output, the data sheet to copy. */
export interface Loaded {
  ingested: IngestResult;
  data: DataSheet;
  /** The table has no amount column and the caller allowed that: every amount is 0. */
  noAmount?: boolean;
}

/** How a command reads its input: `amountOptional` lets a table without amounts through (as zeros). */
export interface LoadOptions {
  amountOptional?: boolean;
}

/** Extensions read as delimited text (Excel's "Unicode text" is a tab-separated .txt). */
const TEXT_TYPES = [".csv", ".txt", ".tsv", ".tab"];

/**
 * How the input is read, from its extension: a workbook or delimited text. Refuses other types,
 * and the options that do not apply to the type, before anything is read.
 */
export function inputKind(args: InputArgs): "csv" | "xlsx" | "parquet" {
  const ext = extname(args.input).toLowerCase();
  if (ext === ".parquet") return "parquet";
  if (ext === ".xlsx") {
    if (args.encoding !== undefined) throw new UsageError(`--encoding applies to text input only (${args.input} is a workbook)`);
    return "xlsx";
  }
  if (!TEXT_TYPES.includes(ext))
    throw new UsageError(`${args.input}: unsupported input type '${ext || "(none)"}' (expected .xlsx, .csv, .txt, .tsv, .tab or .parquet)`);
  if (args.sheet !== undefined) throw new UsageError(`--sheet applies to .xlsx input only (${args.input} is a text file)`);
  if (args.encoding !== undefined) checkEncoding(args.encoding);
  return "csv";
}

export function readInput(path: string): Buffer {
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`cannot read ${path}: it is a directory`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

/** The role overrides from --customer, --date, … resolved against the header. */
export function mappingOverrides(args: InputArgs, header: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const flags: [ColumnRole, string | undefined, string][] = [
    ["customer", args.columns.customer, "--customer"],
    ["date", args.columns.date, "--date"],
    ["amount", args.columns.amount, "--amount"],
    ["quantity", args.columns.quantity, "--quantity"],
    ["price", args.columns.price, "--price"],
    ["order", args.columns.order, "--order"],
    ["cost", args.columns.cost, "--cost"],
  ];
  const taken = new Map<number, string>();
  for (const [role, ref, flag] of flags) {
    if (ref === undefined) continue;
    const column = resolveColumn(ref, header, flag, args.input);
    const other = taken.get(column);
    if (other !== undefined) throw new UsageError(`${other} and ${flag} name the same column '${ref}'`);
    taken.set(column, flag);
    mapping[role] = column;
  }
  // Quantity × price replaces any detected amount column; a given cost replaces a detected profit.
  if (mapping.quantity !== undefined) mapping.amount = undefined;
  if (mapping.cost !== undefined) mapping.profit = undefined;
  return mapping;
}

export async function loadXlsx(args: InputArgs, bytes: Buffer, options: LoadOptions = {}): Promise<Loaded> {
  const { readXlsxSource } = await import("./read");
  const source = await readXlsxSource(args.input, bytes, args.sheet);
  const table = [source.header, ...source.rows];
  // Row numbers in messages and on the issues sheet are the sheet's own, even below a title.
  const ingestOptions = {
    hasHeader: true,
    firstRowNumber: source.data.headerRow,
    mapping: mappingOverrides(args, source.header),
    date1904: source.date1904,
  };
  const sheetNotes = source.notes;
  try {
    const ingested = withFlags(() => ingest(table, ingestOptions));
    ingested.warnings.unshift(...sheetNotes);
    return { ingested, data: source.data };
  } catch (error) {
    if (!(options.amountOptional && onlyAmountMissing(error))) throw error;
    const width = source.header.length;
    const ingested = withFlags(() =>
      ingest(withZeroAmounts(table, width), { ...ingestOptions, mapping: { ...ingestOptions.mapping, amount: width } }),
    );
    ingested.warnings.unshift(...sheetNotes);
    return { ingested, data: source.data, noAmount: true };
  }
}

/**
 * Runs an ingest, turning a refusal for two equally plausible columns into the command line's
 * message with the flags that settle it: the chosen candidate and the roles not named by a header.
 */
function withFlags<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof IngestError && error.code === "AMBIGUOUS_COLUMNS" && error.ambiguity)) throw error;
    const { columns, mapping, detection } = error.ambiguity;
    const role = error.missing[0];
    const header = error.headers;
    const flag = (r: ColumnRole, column: number) => `--${r} ${JSON.stringify(header[column] || String(column + 1))}`;
    const flags = [flag(role, columns[0])];
    for (const r of REQUIRED_ROLES) {
      const found = detection.roles[r];
      if (r === role || !found || mapping[r] !== found.column) continue;
      if (found.source === "values" || (r === "amount" && detection.amountFromPrice)) flags.push(flag(r, found.column));
    }
    const names = columns.map((c) => columnName(header, c)).join(" or ");
    throw new IngestError(
      error.code,
      `cannot tell which column is the ${role}: ${names} (both look like ids); use ${flags.join(" ")}`,
      error.missing,
      header,
      error.ambiguity,
    );
  }
}

function onlyAmountMissing(error: unknown): boolean {
  return error instanceof IngestError && error.code === "MISSING_COLUMNS" && error.missing.length === 1 && error.missing[0] === "amount";
}

/** The table with a column of zero amounts at index `width` (a blank header above it; blank rows stay blank). */
function withZeroAmounts(table: Cell[][], width: number, hasHeader = true): Cell[][] {
  return table.map((row, r) => {
    const out = row.slice(0, width);
    out.length = width;
    out.push((r === 0 && hasHeader) || !hasContent(row) ? "" : 0);
    return out;
  });
}

function hasContent(row: readonly Cell[]): boolean {
  return row.some((c) => c !== null && c !== undefined && !(typeof c === "string" && c.trim() === ""));
}

/** V8's longest string: the whole CSV file is decoded into one. */
const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** Rows read as text to settle the column mapping before the column read of the whole file. */
const SAMPLE_ROWS = 500;

const KIND_OF_ROLE: Record<ColumnRole, FieldKind> = {
  customer: FieldKind.Text,
  order: FieldKind.Text,
  date: FieldKind.Date,
  amount: FieldKind.Number,
  quantity: FieldKind.Number,
  price: FieldKind.Number,
  cost: FieldKind.Number,
  profit: FieldKind.Number,
};

/**
 * CSV input: the mapping is settled on a sample, then only the columns it reads are parsed, with
 * dates and numbers typed on the way (readCsvColumns), and ingested as columns (ingestColumns), so
 * a million rows never exist as arrays of cells. A row is rebuilt from its line only when the
 * ingest asks for it: the detection sample, and rows it cannot use (blank or rejected).
 */
export function loadCsv(args: InputArgs, bytes: Buffer, options: LoadOptions = {}): Loaded {
  const tooBig = (size: number) => {
    if (size > MAX_STRING_LENGTH) {
      throw new UsageError(
        `${args.input}: ${(size / 2 ** 20).toFixed(0)} MB is more than this command line reads from one CSV file (${MAX_STRING_LENGTH >> 20} MB); split the file`,
      );
    }
  };
  tooBig(bytes.length);
  const decoded = decodeText(bytes, args.input, args.encoding);
  tooBig(decoded.bytes.length);
  const { src, delimiter } = openCsv(decoded.bytes);
  // European Excel writes semicolons where the comma is the decimal mark.
  const decimalComma = delimiter === ";";
  try {
    const sample = readHead(src, SAMPLE_ROWS + 1, delimiter);
    if (sample.records.length === 0) throw new UsageError(`${args.input}: the file is empty`);
    // The header may sit below a report title, a blank line, an "exported on" line: row numbers stay
    // the file's. A file whose first line is data has none: it is read from that line.
    const found = findHeaderRow(sample.records);
    const hasHeader = found >= 0 || firstIsHeader(sample.records);
    const headerIndex = Math.max(0, found);
    const sampled = headerIndex === 0 ? sample.records : sample.records.slice(headerIndex);
    const width = sampled.reduce((w, r) => Math.max(w, r.length), 0);
    const header = hasHeader ? sampled[0].map((h) => h.trim()) : new Array<string>(width).fill("");
    const overrides = mappingOverrides(args, header);
    // Row number of the table's first record: the header's, or 2 for a file without one (the data
    // sheet then gets a row of column names above it).
    const headerRow = hasHeader ? headerIndex + 1 : 1;
    let noAmount = false;
    let settled: IngestResult;
    try {
      settled = withFlags(() => ingest(sampled, { hasHeader, mapping: overrides }));
    } catch (error) {
      if (!(options.amountOptional && onlyAmountMissing(error))) throw error;
      noAmount = true;
      settled = withFlags(() =>
        ingest(withZeroAmounts(sampled, width, hasHeader), { hasHeader, mapping: { ...overrides, amount: width } }),
      );
    }

    // The full read takes the sample's detection as it is (its notes become warnings); only the
    // columns the ingest reads are parsed (not quantity and price beside an amount, nor profit beside a cost).
    const mapping = settled.mapping;
    const kinds: FieldKind[] = new Array(width).fill(FieldKind.Skip);
    const parse = (role: ColumnRole) => {
      const column = mapping[role];
      if (column !== undefined && column < width) kinds[column] = KIND_OF_ROLE[role];
    };
    (["customer", "date", "order"] as const).forEach(parse);
    if (mapping.amount !== undefined) parse("amount");
    else (["quantity", "price"] as const).forEach(parse);
    parse(mapping.cost !== undefined ? "cost" : "profit");

    // Arrays sized from the sample's bytes per line (they grow if the guess is short).
    const dataStart = !hasHeader ? src.start : headerIndex === 0 ? sample.headerEnd : readHead(src, headerIndex + 1, delimiter).end;
    const sampledBytes = sample.end - dataStart;
    const sampledRows = sampled.length - (hasHeader ? 1 : 0);
    const expectedRows =
      sampledRows > 0 && sampledBytes > 0 ? (1.05 * (src.bytes.length - dataStart) * sampledRows) / sampledBytes + 16 : 1024;
    const read = readCsvColumns(src, dataStart, delimiter, kinds, expectedRows, decimalComma);
    const columns: (IngestColumn | undefined)[] = read.columns;
    let tableWidth = Math.max(width, read.width);
    let row = (i: number): Cell[] => readRecord(src, read.offsets[i], delimiter);
    if (noAmount) {
      // A column of zero amounts past the file's columns, as loadXlsx adds (blank on blank rows:
      // those fail on their blank customer before the amount is looked at).
      columns[width] = { values: new Float64Array(read.rowCount), raw: [] };
      tableWidth = Math.max(tableWidth, width + 1);
      const record = row;
      row = (i) => {
        const cells: Cell[] = record(i).slice(0, width);
        cells.length = width;
        cells.push(hasContent(cells) ? 0 : "");
        return cells;
      };
    }
    // The columns are handed over (reuse): the ingest makes its output of them, no copies.
    const given = noAmount ? { ...overrides, amount: width } : overrides;
    const ingested = ingestColumns(
      { header: hasHeader ? sampled[0] : undefined, rowCount: read.rowCount, width: tableWidth, columns, row, reuse: true },
      { mapping: given, detection: settled.detection, firstRowNumber: hasHeader ? headerRow : 2 },
    );
    // The issues list shows the line as the file has it.
    const firstData = hasHeader ? headerRow + 1 : 2;
    if (noAmount) for (const r of ingested.rejected) r.values = readRecord(src, read.offsets[r.row - firstData], delimiter);
    if (decoded.guessed) {
      const encoding = encodingTitle(decoded.encoding);
      const message = `read ${args.input} as ${encoding}; use --encoding to choose another`;
      ingested.warnings.unshift({ code: "ENCODING", message, params: { file: basename(args.input), encoding } });
    }

    const data: DataSheet = {
      name: basename(args.input, extname(args.input)),
      headerRow,
      columnCount: width,
      widths: [],
      *rows() {
        // Record by record, as the ingest read them, so a million-row file never exists as one
        // array of records and the data sheet's rows are the ones the issues and tiers refer to.
        let number = 0;
        if (!hasHeader) yield { number: ++number, cells: header.map((_, c) => ({ value: `Column ${c + 1}` })) };
        for (const record of records(src, delimiter)) {
          number++;
          const cells = record.map((v) => (v === "" ? undefined : { value: number <= headerRow ? v : csvCellValue(v) }));
          if (cells.some((c) => c)) yield { number, cells };
        }
      },
    };
    return { ingested, data, noAmount };
  } catch (error) {
    if (error instanceof CsvError) throw new UsageError(`${args.input}: ${error.message}`);
    throw error;
  }
}

/**
 * Whether the first record is a header: it reads as one (looksLikeHeader), or it holds more text
 * (neither number nor date) than the record below it, as a header with a year among its names does.
 */
function firstIsHeader(records: string[][]): boolean {
  if (looksLikeHeader(records)) return true;
  const texts = (record: string[] | undefined) =>
    (record ?? []).filter((v) => v.trim() !== "" && Number.isNaN(amountOf(v)) && !(parseDayText(v) > 0)).length;
  return texts(records[0]) > texts(records[1]);
}

/**
 * A CSV field on the output data sheet: plain decimals become numbers, as Excel does on opening
 * the file, but text that a number would change (leading zeros, 16+ digits) stays text.
 */
function csvCellValue(text: string): string | number {
  return /^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(text) ? Number(text) : text;
}
