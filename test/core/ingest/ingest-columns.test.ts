/**
 * ingestColumns (a table held as columns, as the CLI's CSV reader gives it) against ingest (the
 * same table held as rows): the same transactions, rejected rows (numbers, reasons, messages, raw
 * cells), counts, warnings, detection and errors, whether the columns come as raw cells or typed in
 * advance (numbers and ISO dates as doubles, the rest as raw cells), whole or in part, handed over
 * or not.
 */
import fc from "fast-check";
import { dayFromYMD, parseDayText } from "../../../src/core/ingest/dates";
import { looksLikeHeader } from "../../../src/core/ingest/detect";
import {
  ingest,
  ingestColumns,
  IngestError,
  type ColumnarTable,
  type IngestColumn,
  type IngestOptions,
  type IngestResult,
  type TypedColumn,
} from "../../../src/core/ingest/ingest";
import { generateSales } from "../../../src/core/sample/synthetic";
import type { Cell, ColumnMapping } from "../../../src/core/types";
import { expectStrictEqual } from "../../support/strict-equal";

type Table = (Cell[] | undefined)[];

/** How a reader would type a column in advance (or leave it raw). */
type Typing = "raw" | "day" | "money";

/** A typed column as a reader would give it: plain numbers and ISO dates parsed, the rest raw. */
function typedColumn(cells: Cell[], typing: "day" | "money", date1904: boolean): IngestColumn {
  const values = new Float64Array(cells.length).fill(NaN);
  const raw: Cell[] = [];
  cells.forEach((cell, i) => {
    let value = NaN;
    if (typing === "money") {
      if (typeof cell === "number" && Number.isFinite(cell)) value = cell;
      else if (typeof cell === "string" && /^-?\d{1,10}(\.\d{1,4})?$/.test(cell)) value = Number(cell);
    } else if (typeof cell === "string" && /^\d{4}-\d\d-\d\d$/.test(cell)) {
      const day = parseDayText(cell);
      if (day > 0) value = day;
    } else if (typeof cell === "number" && !date1904 && cell >= 61 && cell < 2958466) value = Math.floor(cell);
    if (value === value) values[i] = value;
    else if (cell !== undefined) raw[i] = cell;
  });
  return { values, raw };
}

interface Layout {
  hasHeader: boolean;
  /** Typing per column index (absent: raw). */
  typing?: Record<number, Typing>;
  /** Column indexes left out of `columns` (the ingest rebuilds them from the rows). */
  omit?: number[];
  reuse?: boolean;
}

/** The table as ingestColumns takes it. */
function asColumns(table: Table, layout: Layout, date1904 = false): ColumnarTable {
  const start = layout.hasHeader ? 1 : 0;
  const data = table.slice(start);
  const width = table.reduce((w, row) => Math.max(w, row?.length ?? 0), 0);
  const columns: (IngestColumn | undefined)[] = [];
  for (let c = 0; c < width; c++) {
    if (layout.omit?.includes(c)) {
      columns.push(undefined);
      continue;
    }
    const cells: Cell[] = new Array<Cell>(data.length);
    data.forEach((row, i) => {
      if (row && c < row.length) cells[i] = row[c];
    });
    const typing = layout.typing?.[c] ?? "raw";
    columns.push(typing === "raw" ? cells : typedColumn(cells, typing, date1904));
  }
  return {
    header: layout.hasHeader ? table[0] : undefined,
    rowCount: data.length,
    width,
    columns,
    row: (i) => data[i],
    reuse: layout.reuse,
  };
}

/** The typing a reader would pick for a mapping: dates as days, money columns as amounts. */
function typingFor(mapping: ColumnMapping): Record<number, Typing> {
  const typing: Record<number, Typing> = {};
  if (mapping.date !== undefined) typing[mapping.date] = "day";
  for (const role of ["amount", "quantity", "price", "cost", "profit"] as const) {
    const column = mapping[role];
    if (column !== undefined) typing[column] = "money";
  }
  return typing;
}

function copyColumn(column: IngestColumn | undefined): IngestColumn | undefined {
  if (column === undefined) return undefined;
  if (Array.isArray(column)) return column.slice();
  const typed = column as TypedColumn;
  return { values: typed.values.slice(), raw: typed.raw.slice() };
}

type Outcome = { result: IngestResult } | { error: { code: string; message: string; missing: unknown; headers: unknown } };

function outcome(run: () => IngestResult): Outcome {
  try {
    return { result: run() };
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return { error: { code: error.code, message: error.message, missing: error.missing, headers: error.headers } };
  }
}

/** Runs both doors on the table and expects the very same outcome from every columnar layout. */
function expectSame(table: Table, options: IngestOptions = {}): Outcome {
  const hasHeader = options.hasHeader ?? looksLikeHeader(table);
  const expected = outcome(() => ingest(table, { ...options, hasHeader }));
  const columnOptions = { ...options };
  delete columnOptions.hasHeader;
  const layouts: Layout[] = [{ hasHeader }, { hasHeader, reuse: true }];
  if ("result" in expected) {
    const mapping = expected.result.mapping;
    layouts.push({ hasHeader, typing: typingFor(mapping) }, { hasHeader, typing: typingFor(mapping), reuse: true });
    layouts.push({ hasHeader, omit: [mapping.customer ?? -1, mapping.amount ?? mapping.quantity ?? -1] });
  }
  for (const layout of layouts) {
    const columnar = asColumns(table, layout, options.date1904 === true);
    const before = layout.reuse ? undefined : columnar.columns.map(copyColumn);
    expectStrictEqual(
      outcome(() => ingestColumns(columnar, columnOptions)),
      expected,
    );
    // Columns not handed over are left as they were.
    if (before) expectStrictEqual(columnar.columns, before);
  }
  return expected;
}

describe("ingestColumns gives what ingest gives for the same table", () => {
  it("a table with every kind of bad row, text dates, numbers as text, blank rows and cost", () => {
    const table: Table = [
      ["Customer", "Date", "Amount", "Order", "Cost", "Note"],
      ["A", "2024-01-05", "120.50", "SO1", "60€", ""],
      ["A", 45296, 20, "SO1", 10, ""],
      [" B ", "05/03/2024", "1,234.50", " SO2 ", "", "x"],
      ["B", "13/03/2024", "¥1,000", "SO3", "abc", ""],
      ["", "2024-01-05", "5", "SO4", "1", ""],
      ["C", "2023-02-29", "5", "SO5", "1", ""],
      ["C", "2024-01-06", "n/a", "", "", ""],
      ["C", "", "", "", "", ""],
      ["C", "2024-01-07", " ", "SO5", "", ""],
      [],
      undefined,
      ["", "", "", "", "", "call back"],
      ["  ", "", "\u3000"],
      ["#N/A", 45300, "#VALUE!", "SO6", "", ""],
      [1001, "2024年3月5日", "(20.00)", 7, "$3", ""],
      ["D", true, false, "SO7", null, ""],
      ["D", "03/13/2024", "$5", "", "€1", "", "extra"],
      ["F", "2024-02-01", "7", "", "", ""],
      ["E", "5-Mar-2024", "12%", "SO9", "2", ""],
      ["E", 60, 3, "SO10", 1],
      ["E", 0, "1e3", "SO11", "-2"],
    ];
    const out = expectSame(table);
    if (!("result" in out)) throw new Error("expected a result");
    // The table does exercise what it is meant to.
    const reasons = new Set(out.result.rejected.map((r) => r.reason));
    expect([...reasons].sort()).toEqual(["BAD_AMOUNT", "BAD_COST", "BAD_DATE", "BLANK_CUSTOMER", "MISSING_AMOUNT", "MISSING_DATE"]);
    expect(out.result.counts).toEqual({ dataRows: 21, used: 5, rejected: 13, blank: 3 });
    expect(out.result.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["DATE_ORDER_CONFLICT", "MIXED_CURRENCY", "BLANK_ORDER"]),
    );
    for (const order of ["DMY", "MDY"] as const) expectSame(table, { dateOrder: order });
    expectSame(table, { firstRowNumber: 5, date1904: true });
  });

  it("quantity × unit price with a profit column, and day/month text that does not fit the order", () => {
    const table: Table = [
      ["客户编号", "下单日期", "数量", "单价", "Gross Profit"],
      ["A", "05/03/2024", 3, "2.50", 1],
      ["A", "25/03/2024", -1, 2.5, ""],
      ["A", "03/25/2024", "", 2.5, 1],
      ["A", "2024-01-01", 2, "x", 1],
      ["A", "2024-01-01", null, "", 1],
      ["B", "31/31/2023", "2", "¥3", "0.5"],
      ["B", "01/02/2024", "2", "3", "abc"],
    ];
    const out = expectSame(table);
    if (!("result" in out)) throw new Error("expected a result");
    expect(out.result.rejected.map((r) => r.reason)).toEqual(["BAD_DATE", "BAD_PRICE", "MISSING_AMOUNT", "BAD_DATE", "BAD_COST"]);
    expectSame(table, { dateOrder: "MDY" });
  });

  it("headerless tables, mappings and the errors", () => {
    expectSame(
      [
        ["x", 45292, 5, "A"],
        ["y", "2024-01-02", "6", "B"],
      ],
      { hasHeader: false, mapping: { customer: 3, date: 1, amount: 2 } },
    );
    expectSame([
      ["A", "2024-01-01", 10.5],
      ["B", "2024-01-02", -2],
    ]);
    expectSame([
      ["Column1", "Column2", "Column3"],
      ["A", "2024-01-01", "¥10"],
      ["B", "2024-01-02", "$5"],
    ]);
    const table: Table = [
      ["Buyer", "Customer", "Date", "Amount", "Net"],
      ["b1", "c1", 45292, 10, 8],
    ];
    expectSame(table, { mapping: { order: 1, customer: 0 } });
    expect("error" in expectSame(table, { mapping: { amount: 7 } })).toBe(true);
    expect("error" in expectSame(table, { mapping: { amount: 4, cost: 4 } })).toBe(true);
    expect(
      "error" in
        expectSame([
          ["Product", "Region"],
          ["Pen", "North"],
        ]),
    ).toBe(true);
    expect("error" in expectSame([])).toBe(true);
    expectSame([["Customer ID", "Order Date", "Amount"]]);
  });

  it("random tables", () => {
    const customer = fc.constantFrom<Cell>("A", " B ", "C", 1001, "1001", 1001.5, "", "  ", null, undefined, "#N/A", true, "\u3000");
    const date = fc.constantFrom<Cell>(
      45292,
      45292.75,
      59,
      60,
      61,
      0,
      -3,
      3e6,
      20240305,
      43830,
      "2024-01-05",
      " 2024-01-01 ",
      "2023-02-29",
      "05/03/2024",
      "13/03/2024",
      "03/13/2024",
      "13/14/2024",
      "1/2/24",
      "2024年3月5日",
      "5-Mar-2024",
      "next week",
      "45292",
      "",
      null,
      undefined,
      true,
      "#REF!",
    );
    const money = fc.constantFrom<Cell>(
      10,
      -5.5,
      0,
      "120.50",
      "007",
      "1,234.50",
      "1.234,50",
      "¥1,000",
      "$5",
      "€3",
      "(120)",
      "15-",
      "n/a",
      "12%",
      "",
      " ",
      null,
      undefined,
      false,
      "#VALUE!",
      "1e3",
      Infinity,
      NaN,
      "２０",
      "2024-01-05",
    );
    const order = fc.constantFrom<Cell>("SO1", "SO2", " SO3 ", "", 7, null, undefined, "#N/A");
    const note = fc.constantFrom<Cell>("", "note", null, undefined, 3);
    const headers: Cell[][] = [
      ["Customer", "Date", "Amount", "Order", "Cost", "Note"],
      ["客户编号", "下单日期", "数量", "单价", "Profit", "Note"],
      ["Column1", "Column2", "Column3", "Column4", "Column5", "Column6"],
      ["Customer", "Date", "Sales", "Order", "Profit", "Cost"],
    ];
    const cellOf = [customer, date, money, order, money, note];
    const row = fc.oneof(
      {
        weight: 12,
        arbitrary: fc
          .tuple(...cellOf)
          .chain((cells) => fc.integer({ min: 2, max: 7 }).map((length) => [...cells, "extra"].slice(0, length) as Cell[])),
      },
      { weight: 1, arbitrary: fc.constant<Cell[] | undefined>(undefined) },
      { weight: 1, arbitrary: fc.constant<Cell[]>([]) },
    );
    const options = fc.record(
      {
        dateOrder: fc.constantFrom<IngestOptions["dateOrder"]>("AUTO", "DMY", "MDY", undefined),
        date1904: fc.boolean(),
        firstRowNumber: fc.constantFrom(1, 4),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1, max: headers.length - 1 }), fc.array(row, { maxLength: 25 }), options, (h, rows, opts) => {
        const table: Table = h < 0 ? rows : [headers[h], ...rows];
        expectSame(table, h < 0 ? { ...opts, hasHeader: false, mapping: { customer: 0, date: 1, amount: 2 } } : opts);
      }),
      { numRuns: 600 },
    );
  });

  it("20,000 generated rows, dates as serials and as ISO text", () => {
    for (const dates of ["serial", "iso"] as const) {
      const sales = generateSales({
        customers: 2000,
        rows: 20000,
        seed: 5,
        start: dayFromYMD(2023, 1, 1),
        days: 365,
        lang: "en",
        badRows: 40,
        dates,
      });
      const out = expectSame([sales.header, ...sales.rows]);
      if (!("result" in out)) throw new Error("expected a result");
      expect(out.result.counts.rejected).toBe(40);
    }
  });
});
