/**
 * `crm-segments segment`: reads a sales table, runs the core pipeline (ingest → analyze → report)
 * and writes the segmented workbook and/or the customer CSV. Returns the exit status instead of
 * exiting, so tests can call it with an argv array.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { basename, dirname, extname, join, resolve } from "path";
import { analyze } from "../core/analyze";
import { dayFromYMD, isValidYMD } from "../core/dates";
import { isCrmError } from "../core/errors";
import { ingest, ingestColumns, IngestError, type IngestColumn, type IngestResult } from "../core/ingest";
import { buildReport } from "../core/report";
import type { AnalysisResult, AnalyzeOptions, Cell, ColumnMapping, ColumnRole } from "../core/types";
import { parseArgs, USAGE, UsageError, type InputArgs, type SegmentArgs } from "./args";
import { resolveColumn } from "./columns";
import { customersCsv } from "./customers-csv";
import { CsvBytes, CsvError, FieldKind, readCsvColumns, readHead, readRecord, records } from "./csv";
import type { DataSheet } from "./render-xlsx";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Inputs above this size get progress lines on stderr. */
const LARGE_INPUT_BYTES = 20 * 2 ** 20;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const command = parseArgs(argv);
    if (command.kind === "help") {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (command.kind === "version") {
      io.out(`${version()}\n`);
      return 0;
    }
    if (command.kind === "clv") {
      // Loaded on demand, as the workbook writer is: `segment` never pays for the models.
      const { clv } = await import("./clv");
      await clv(command.args, io);
    } else await segment(command.args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof IngestError || isCrmError(error)) {
      io.err(`crm-segments: ${(error as Error).message.replace(/\s*\n\s*/g, " ")}\n`);
      return 2;
    }
    throw error;
  }
}

function version(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "crm-segments") return pkg.version ?? "unknown";
    }
    if (dirname(dir) === dir) return "unknown";
  }
}

/** What the input gave: the ingest result and, for workbook output, the data sheet to copy. */
interface Loaded {
  ingested: IngestResult;
  data: DataSheet;
  /** The table has no amount column and the caller allowed that: every amount is 0. */
  noAmount?: boolean;
}

/** How a command reads its input: `amountOptional` lets a table without amounts through (as zeros). */
interface LoadOptions {
  amountOptional?: boolean;
}

async function segment(args: SegmentArgs, io: Io): Promise<void> {
  const started = Date.now();
  const ext = extname(args.input).toLowerCase();
  if (ext !== ".xlsx" && ext !== ".csv") throw new UsageError(`${args.input}: unsupported input type '${ext || "(none)"}' (expected .xlsx or .csv)`);
  if (args.sheet !== undefined && ext === ".csv") throw new UsageError(`--sheet applies to .xlsx input only (${args.input} is a CSV file)`);
  const workbookOut = args.out ?? (args.csv === undefined ? defaultOutput(args.input) : undefined);
  for (const out of [workbookOut, args.csv]) {
    if (out !== undefined && resolve(out) === resolve(args.input)) throw new UsageError(`output ${out} would overwrite the input`);
  }
  if (workbookOut !== undefined && extname(workbookOut).toLowerCase() !== ".xlsx") throw new UsageError(`-o ${workbookOut}: the workbook output must end in .xlsx`);
  const asOf = parseAsOf(args.asOf);

  const bytes = readInput(args.input);
  const progress = bytes.length > LARGE_INPUT_BYTES ? (text: string) => io.err(`crm-segments: ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`) : () => {};
  const { ingested, data } = ext === ".csv" ? loadCsv(args, bytes) : await loadXlsx(args, bytes);
  progress(`read ${count(ingested.counts.dataRows)} rows`);

  const options: Partial<AnalyzeOptions> = {};
  if (asOf !== undefined) options.asOf = asOf;
  if (args.scheme) options.scheme = args.scheme;
  if (args.center) options.center = args.center;
  if (args.abcCuts) options.abcCuts = args.abcCuts;
  const result = analyze(ingested.transactions, options);
  progress(`analysed ${count(result.customers.length)} customers`);

  const written: string[] = [];
  if (args.csv !== undefined) {
    const csv = customersCsv(result, args.lang);
    await writeOutput(args.csv, (path) => writeFileSync(path, csv));
    written.push(args.csv);
  }
  if (workbookOut !== undefined) {
    const spec = buildReport({ result, ingest: ingested, lang: args.lang, sourceRows: ingested.counts.dataRows, headerRow: data.headerRow });
    // ExcelJS loads only when a workbook is read or written: the --csv path starts faster.
    const { writeWorkbook } = await import("./render-xlsx");
    progress(`writing ${workbookOut}`);
    await writeOutput(workbookOut, (path) => writeWorkbook(path, spec, data, args.lang));
    written.push(workbookOut);
  }

  for (const w of [...ingested.warnings, ...result.warnings]) io.err(`crm-segments: warning: ${w.message}\n`);
  io.err(`crm-segments: ${summaryLine(result, ingested)}; wrote ${written.join(" and ")}\n`);
}

function summaryLine(result: AnalysisResult, ingested: IngestResult): string {
  const active = result.customers.reduce((s, c) => s + (c.active ? 1 : 0), 0);
  const { used, rejected, blank } = ingested.counts;
  const parts = [`${count(result.customers.length)} customers (${count(active)} with purchases)`, `${count(used)} rows used`, `${count(rejected)} rejected`];
  if (blank > 0) parts.push(`${count(blank)} blank`);
  return parts.join(", ");
}

/** A count with thousands commas, as toLocaleString("en") writes it (without loading ICU's number formats: ~10 ms). */
function count(x: number): string {
  return String(x).replace(/\B(?=(\d{3})+$)/g, ",");
}

function defaultOutput(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}-segmented.xlsx`);
}

function parseAsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const [y, m, d] = text.split("-").map(Number);
  if (!isValidYMD(y, m, d) || y < 1900) throw new UsageError(`--as-of ${text} is not a calendar date`);
  return dayFromYMD(y, m, d);
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

/** Writes an output file through `write`, creating its folder (e.g. out/ for `npm run demo`). */
export async function writeOutput(path: string, write: (path: string) => void | Promise<void>): Promise<void> {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await write(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const reason = code === "ENOTDIR" || code === "EEXIST" ? "a parent of it is a file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new UsageError(`cannot write ${path}: ${reason}`);
  }
}

/** The role overrides from --customer, --date, … resolved against the header. */
function mappingOverrides(args: InputArgs, header: string[]): ColumnMapping {
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
  const ingestOptions = { hasHeader: true, firstRowNumber: source.data.headerRow, mapping: mappingOverrides(args, source.header), date1904: source.date1904 };
  try {
    return { ingested: ingest(table, ingestOptions), data: source.data };
  } catch (error) {
    if (!(options.amountOptional && onlyAmountMissing(error))) throw error;
    const width = source.header.length;
    const ingested = ingest(withZeroAmounts(table, width), { ...ingestOptions, mapping: { ...ingestOptions.mapping, amount: width } });
    return { ingested, data: source.data, noAmount: true };
  }
}

function onlyAmountMissing(error: unknown): boolean {
  return error instanceof IngestError && error.code === "MISSING_COLUMNS" && error.missing.length === 1 && error.missing[0] === "amount";
}

/** The table with a column of zero amounts at index `width` (a blank header above it; blank rows stay blank). */
function withZeroAmounts(table: Cell[][], width: number): Cell[][] {
  return table.map((row, r) => {
    const out = row.slice(0, width);
    out.length = width;
    out.push(r === 0 || !hasContent(row) ? "" : 0);
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
  if (bytes.length > MAX_STRING_LENGTH) {
    throw new UsageError(`${args.input}: ${(bytes.length / 2 ** 20).toFixed(0)} MB is more than this command line reads from one CSV file (${MAX_STRING_LENGTH >> 20} MB); split the file`);
  }
  const src = new CsvBytes(bytes);
  try {
    const sample = readHead(src, SAMPLE_ROWS + 1);
    if (sample.records.length === 0) throw new UsageError(`${args.input}: the file is empty`);
    const header = sample.records[0].map((h) => h.trim());
    const overrides = mappingOverrides(args, header);
    const width = sample.records.reduce((w, r) => Math.max(w, r.length), 0);
    let noAmount = false;
    let mapping: ColumnMapping;
    try {
      mapping = ingest(sample.records, { hasHeader: true, mapping: overrides }).mapping;
    } catch (error) {
      if (!(options.amountOptional && onlyAmountMissing(error))) throw error;
      noAmount = true;
      mapping = ingest(withZeroAmounts(sample.records, width), { hasHeader: true, mapping: { ...overrides, amount: width } }).mapping;
    }

    // Every role given, so the full read keeps the sample's mapping; only the columns the ingest
    // reads are parsed (not quantity and price beside an amount, nor profit beside a cost).
    const full: ColumnMapping = { customer: undefined, date: undefined, amount: undefined, quantity: undefined, price: undefined, order: undefined, cost: undefined, profit: undefined };
    Object.assign(full, mapping);
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
    const sampled = sample.end - sample.headerEnd;
    const expectedRows = sample.records.length > 1 && sampled > 0 ? (1.05 * (bytes.length - sample.headerEnd) * (sample.records.length - 1)) / sampled + 16 : 1024;
    const read = readCsvColumns(src, sample.headerEnd, sample.delimiter, kinds, expectedRows);
    const columns: (IngestColumn | undefined)[] = read.columns;
    let tableWidth = Math.max(sample.records[0].length, read.width);
    let row = (i: number): Cell[] => readRecord(src, read.offsets[i], sample.delimiter);
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
    const ingested = ingestColumns({ header: sample.records[0], rowCount: read.rowCount, width: tableWidth, columns, row, reuse: true }, { mapping: full });
    // The issues list shows the line as the file has it.
    if (noAmount) for (const r of ingested.rejected) r.values = readRecord(src, read.offsets[r.row - 2], sample.delimiter);

    const data: DataSheet = {
      name: basename(args.input, extname(args.input)),
      headerRow: 1,
      columnCount: width,
      widths: [],
      *rows() {
        // Record by record, as the ingest read them, so a million-row file never exists as one
        // array of records and the data sheet's rows are the ones the issues and tiers refer to.
        let number = 0;
        for (const record of records(src, sample.delimiter)) {
          number++;
          const cells = record.map((v) => (v === "" ? undefined : { value: number === 1 ? v : csvCellValue(v) }));
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
 * A CSV field on the output data sheet: plain decimals become numbers, as Excel does on opening
 * the file, but text that a number would change (leading zeros, 16+ digits) stays text.
 */
function csvCellValue(text: string): string | number {
  return /^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(text) ? Number(text) : text;
}
