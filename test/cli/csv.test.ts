import fc from "fast-check";
import { FieldKind, parseCsv, readCsvColumns, readHead, readRecord } from "../../src/cli/csv";
import { decimalCommaText } from "../../src/cli/csv-fields";
import { CsvBytes, sniffDelimiter } from "../../src/cli/csv-dialect";
import { csvField } from "../../src/cli/csv-write";
import { parseDayText } from "../../src/core/ingest/dates";
import { loadCsv } from "../../src/cli/input";
import { ingest, IngestError, type IngestResult, type TypedColumn } from "../../src/core/ingest/ingest";
import { customersCsv, CUSTOMER_CSV_COLUMNS } from "../../src/cli/customers-csv";
import type { AnalysisResult, ColumnMapping, CustomerResult } from "../../src/core/types";

describe("parseCsv", () => {
  it("reads RFC 4180 quoting: delimiters, quotes and line breaks inside quoted fields", () => {
    const text = 'id,name,note\r\n1,"Smith, J","said ""hi""\r\nthen left"\r\n2,,x\r\n';
    expect(parseCsv(text).records).toEqual([
      ["id", "name", "note"],
      ["1", "Smith, J", 'said "hi"\r\nthen left'],
      ["2", "", "x"],
    ]);
  });

  it("drops a byte-order mark and trailing blank lines, keeps inner blank lines and a trailing empty field", () => {
    const text = "\ufeffa,b\n1,2\n\n3,\n\n\n";
    expect(parseCsv(text).records).toEqual([["a", "b"], ["1", "2"], [""], ["3", ""]]);
  });

  it("sniffs comma, semicolon and tab from the header line, ignoring quoted ones", () => {
    expect(sniffDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(sniffDelimiter("a\tb\tc")).toBe("\t");
    expect(sniffDelimiter('"x;y;z",b\n')).toBe(",");
    expect(parseCsv("客户编号;金额\r\nC1;1,5\r\n").records).toEqual([
      ["客户编号", "金额"],
      ["C1", "1,5"],
    ]);
  });

  it("reports an unterminated quote", () => {
    expect(() => parseCsv('a\n"open,1\n')).toThrow(/unterminated quoted field starting in line 2/);
  });

  it("reads a limited number of records from an offset", () => {
    const text = "h1,h2\na,1\nb,2\nc,3\n";
    const head = parseCsv(text, undefined, 0, 1);
    expect(head.records).toEqual([["h1", "h2"]]);
    expect(text.slice(head.headerEnd)).toBe("a,1\nb,2\nc,3\n");
  });
});

const bytesOf = (text: string) => new CsvBytes(Buffer.from(text, "utf8"));

describe("readCsvColumns", () => {
  const { Skip, Text, Date: D, Number: N } = FieldKind;

  it("keeps only the asked columns, typing ISO dates and plain decimals, other text kept raw, empty fields blank", () => {
    const text = 'C1,2024-01-05,x,120.50,O1\r\nC1,2024-02-30,y,1e3,O1\r\n"C,2",05/01/2024,z,-0.25,\r\nC3,,z,,O4\r\n';
    const { rowCount, width, columns, offsets } = readCsvColumns(bytesOf(text), 0, ",", [Text, D, Skip, N, Text]);
    expect(rowCount).toBe(4);
    expect(width).toBe(5);
    expect(columns[0]).toEqual(["C1", "C1", "C,2", "C3"]);
    expect(columns[2]).toBeUndefined();
    expect(columns[4]).toEqual(["O1", "O1", "", "O4"]);
    // 2024-01-05 is day 45296; 2024-02-30 is not a date and 1e3 not a plain decimal: kept as text.
    const dates = columns[1] as TypedColumn;
    expect(Array.from(dates.values)).toEqual([45296, NaN, NaN, NaN]);
    expect([...dates.raw]).toEqual([undefined, "2024-02-30", "05/01/2024", undefined]);
    const amounts = columns[3] as TypedColumn;
    expect(Array.from(amounts.values)).toEqual([120.5, NaN, -0.25, NaN]);
    expect(amounts.raw[1]).toBe("1e3");
    expect(amounts.raw[3]).toBeUndefined();
    expect(offsets[2]).toBe(text.indexOf('"C,2"'));
  });

  it("counts blank lines inside, drops those at the end, and measures the widest record up to there", () => {
    const text = "C1,10\n\n,,only a note\nC2\n,,,,\n\n";
    const { rowCount, width, columns } = readCsvColumns(bytesOf(text), 0, ",", [Text, N]);
    expect(rowCount).toBe(4);
    expect(width).toBe(3);
    expect(columns[0]).toEqual(["C1", "", "", "C2"]);
    expect(Array.from((columns[1] as TypedColumn).values)).toEqual([10, NaN, NaN, NaN]);
  });

  it("reads UTF-8 text, a byte-order mark, quoted fields with quotes and line breaks, LF, CRLF and lone CR line ends", () => {
    const src = bytesOf('\ufeff客户;金额\r\n张三;"1,5"\n"李""四";"8"\r"多\r\n行";-3\r\n');
    expect(src.start).toBe(3);
    const head = readHead(src, 2);
    expect(head.delimiter).toBe(";");
    expect(head.records).toEqual([
      ["客户", "金额"],
      ["张三", "1,5"],
    ]);
    const { rowCount, columns } = readCsvColumns(src, head.headerEnd, ";", [Text, N]);
    expect(rowCount).toBe(3);
    expect(columns[0]).toEqual(["张三", '李"四', "多\r\n行"]);
    expect(Array.from((columns[1] as TypedColumn).values)).toEqual([NaN, 8, -3]);
    expect((columns[1] as TypedColumn).raw[0]).toBe("1,5");
  });

  it("rereads any record in full, as parseCsv reads it", () => {
    const text = 'id,name,note\r\n1,"Smith, J","said ""hi""\r\nthen left"\r\n2,,x\r\n\r\n3,é,\r\n4,\u00e9t\u00e9,';
    const src = bytesOf(text);
    const { offsets } = readCsvColumns(src, readHead(src, 1).headerEnd, ",", [Text]);
    const records = Array.from(offsets, (offset) => readRecord(src, offset, ","));
    expect(records).toEqual(parseCsv(text).records.slice(1));
    expect(records[4]).toEqual(["4", "été", ""]);
  });

  it("reports an unterminated quote and a stray character after a closing quote with their line", () => {
    expect(() => readCsvColumns(bytesOf('a\n"open,1\n'), 0, ",", [Text])).toThrow(/unterminated quoted field starting in line 2/);
    expect(() => readCsvColumns(bytesOf('a\nb\n"x"y,1\n'), 0, ",", [Text])).toThrow(/unexpected character after a closing quote in line 3/);
  });

  it("gives exactly the number Number() gives for plain decimals, and leaves other text alone", () => {
    const read = (field: string) => {
      const column = readCsvColumns(bytesOf(`x,${csvField(field)}\n`), 0, ",", [Text, N]).columns[1] as TypedColumn;
      return column.values[0] === column.values[0] ? column.values[0] : column.raw[0];
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
          fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map(String),
          fc.string(),
        ),
        (s) => {
          const cell = read(s);
          if (typeof cell === "number") expect(cell).toBe(Number(s));
          else expect(cell).toBe(s === "" ? undefined : s);
        },
      ),
      { numRuns: 3000 },
    );
    for (const s of ["0", "0.5", "-12.75", "123456789012345", "9.18", "0.1", "100.38"]) expect(read(s)).toBe(Number(s));
    for (const s of ["007", "1,5", "1e3", "1234567890123456", "12.", ".5", "-", "$5", " 5"]) expect(read(s)).toBe(s);
  });

  it("types exactly the ISO dates the ingest reads as such", () => {
    const read = (field: string) => {
      const column = readCsvColumns(bytesOf(`${field}\n`), 0, ",", [D]).columns[0] as TypedColumn;
      return column.values[0];
    };
    fc.assert(
      fc.property(fc.integer({ min: 1800, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        const day = parseDayText(text);
        expect(read(text)).toBe(day > 0 ? day : NaN);
      }),
      { numRuns: 3000 },
    );
    expect(read("1900-01-01")).toBe(2);
  });
});

describe("loadCsv", () => {
  const args = { input: "sales.csv", columns: {} };

  /**
   * What ingest gives for the file's records as a table (the reference the column path must match),
   * detection and its warnings included: these files are within the 500-record sample. `mapping`
   * names the numeric columns, whose decimal commas a semicolon file reads.
   */
  function reference(text: string, mapping: ColumnMapping): IngestResult {
    const { records, delimiter } = parseCsv(text);
    // Lines of empty fields at the end are not rows (parseCsv keeps those with delimiters).
    while (records.length > 1 && records[records.length - 1].every((field) => field === "")) records.pop();
    if (delimiter !== ";") return ingest(records, { hasHeader: true });
    // A semicolon file's numbers have a decimal comma; the issues list shows the lines as the file has them.
    const numeric = (["amount", "quantity", "price", "cost", "profit"] as const)
      .map((role) => mapping[role])
      .filter((c): c is number => c !== undefined);
    const read = records.map((r, i) => (i === 0 ? r : r.map((v, c) => (numeric.includes(c) ? decimalCommaText(v) : v))));
    const result = ingest(read, { hasHeader: true });
    for (const r of result.rejected) r.values = records[r.row - 1];
    return result;
  }

  function expectAsIngest(text: string): IngestResult {
    const { ingested } = loadCsv(args, Buffer.from(text, "utf8"));
    expect(ingested).toStrictEqual(reference(text, ingested.mapping));
    return ingested;
  }

  it("reads a file with bad rows, text dates, numbers as text and blank lines as ingest reads its records", () => {
    const text = [
      "Customer ID,Order Date,Order ID,Quantity,Unit Price,Amount,Cost,Note",
      "C1,2024-01-05,SO1,2,60.25,120.50,60,",
      "C1,2024-01-05,SO1,1,20,20,10,",
      ' C2 ,05/03/2024, SO2 ,1,"1,234.50","1,234.50",,x',
      "C2,13/03/2024,SO3,1,5,¥1000,abc,",
      ",2024-01-06,SO4,1,5,5,1,",
      "C3,2023-02-29,SO5,1,5,5,1,",
      "C3,2024-01-07,SO6,1,5,n/a,,",
      "C3,,,,,,,",
      "",
      ",,,,,,,call back",
      "  ,,,,,,,",
      "1001,2024年3月5日,7,1,5,(20.00),$3,",
      "C4,03/13/2024,,1,5,$5,€1,,extra",
      "C5,2024-02-01,,1,7,7,,",
      "C5,1900-01-15,SO9,1,7,007,-2,",
      "",
      ",,,",
    ].join("\r\n");
    const ingested = expectAsIngest(text);
    expect(ingested.counts).toEqual({ dataRows: 15, used: 6, rejected: 7, blank: 2 });
    expect(ingested.rejected.map((r) => [r.row, r.reason])).toEqual([
      [5, "BAD_COST"],
      [6, "BLANK_CUSTOMER"],
      [7, "BAD_DATE"],
      [8, "BAD_AMOUNT"],
      [9, "MISSING_DATE"],
      [11, "BLANK_CUSTOMER"],
      [14, "BAD_DATE"], // 03/13/2024 fits only month/day in a column read day/month
    ]);
    expect(ingested.rejected[5].values).toEqual(["", "", "", "", "", "", "", "call back"]);
    expect(ingested.warnings.map((w) => w.code)).toEqual(["DATE_ORDER_CONFLICT", "BLANK_ORDER", "MIXED_CURRENCY"]);
  });

  it("reads random files as ingest reads their records", () => {
    const field = (values: string[]) => fc.constantFrom(...values);
    const customer = field(["C1", "C2", " C3 ", "1001", "", "  ", "#N/A", "客户甲", "a,b", 'say "x"']);
    const date = field([
      "2024-01-05",
      "2024-1-5",
      "05/03/2024",
      "13/03/2024",
      "03/13/2024",
      "2023-02-29",
      "1900-01-15",
      "",
      "x",
      "2024年3月5日",
      "45292",
      "5-Mar-2024",
    ]);
    const money = field(["10", "-5.5", "0", "007", "1,234.50", "¥1,000", "$5", "€3", "(120)", "n/a", "12%", "", " 5", "1e3", "１２"]);
    const order = field(["SO1", "SO2", " SO3 ", "", "7"]);
    const note = field(["", "note", "3"]);
    const headers = [
      ["Customer", "Date", "Amount", "Order", "Cost", "Note"],
      ["客户编号", "下单日期", "数量", "单价", "Gross Profit", "Note"],
      ["Customer", "Date", "Qty", "Price", "Order", "Note"],
    ];
    const line = fc.oneof(
      { weight: 10, arbitrary: fc.tuple(customer, date, money, order, money, note, fc.integer({ min: 1, max: 7 }), fc.boolean()) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: headers.length - 1 }),
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.constantFrom("\n", "\r\n"),
        fc.constantFrom(",", ";"),
        (h, lines, eol, delimiter) => {
          const quote = (v: string, always: boolean) => (always || /[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const body = lines.map((l) =>
            l === null
              ? ""
              : l
                  .slice(0, 6)
                  .slice(0, l[6] as number)
                  .map((v) => quote(v as string, l[7] as boolean))
                  .join(delimiter),
          );
          const text = [headers[h].join(delimiter), ...body].join(eol) + eol;
          try {
            expectAsIngest(text);
          } catch (error) {
            if (error instanceof IngestError) return; // e.g. the sample has no usable column; not a reader matter
            throw error;
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a file without amounts (clv): zero amounts, blank lines still blank, rejected rows as the file has them", () => {
    const text = "customer,date\nA,2024-01-05\n\n,2024-01-06\n  ,\nB,x\n";
    const { ingested, noAmount } = loadCsv(args, Buffer.from(text), { amountOptional: true });
    expect(noAmount).toBe(true);
    expect(ingested.transactions.customer).toEqual(["A"]);
    expect(Array.from(ingested.transactions.amount)).toEqual([0]);
    expect(ingested.counts).toEqual({ dataRows: 5, used: 1, rejected: 2, blank: 2 });
    expect(ingested.rejected.map((r) => [r.row, r.reason, r.message, r.values])).toEqual([
      [4, "BLANK_CUSTOMER", 'Row 4: column "customer": the cell is blank; every row needs a customer.', ["", "2024-01-06"]],
      [6, "BAD_DATE", expect.stringMatching(/^Row 6: column "date": "x" is not a date/), ["B", "x"]],
    ]);
  });
});

describe("csvField", () => {
  it("quotes only when needed", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(12.5)).toBe("12.5");
  });
});

describe("customersCsv", () => {
  const customer = (over: Partial<CustomerResult>): CustomerResult => ({
    id: "C1",
    first: 45296,
    last: 45300,
    orders: 2,
    purchases: 2,
    monetary: 150.5,
    grossProfit: NaN,
    recencyDays: 3,
    tenureDays: 7,
    active: true,
    r: 5,
    f: 4,
    m: 3,
    rfmCode: 543,
    fm: 3.5,
    w11: "CHAMPIONS",
    w10: "CHAMPIONS",
    cn8: "CN_IMP_VALUE",
    segment: "CHAMPIONS",
    abc: "A",
    pyramid: "T1",
    ...over,
  });
  const result = {
    options: { scheme: "W11" },
    customers: [
      customer({}),
      customer({
        id: 'Q "x", y',
        first: null,
        last: null,
        purchases: 0,
        monetary: -20,
        recencyDays: null,
        r: null,
        f: null,
        m: null,
        rfmCode: null,
        segment: "NO_PURCHASE",
        abc: "C",
        pyramid: null,
        active: false,
      }),
    ],
  } as unknown as AnalysisResult;

  it("writes the fixed columns, codes and label text, blanks for a customer without purchases", () => {
    const lines = customersCsv(result, "en").split("\n");
    expect(lines[0]).toBe(CUSTOMER_CSV_COLUMNS.join(","));
    expect(lines[0]).toBe(
      "customer_id,first_purchase,last_purchase,orders,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_code,segment_code,segment,abc_class,pyramid_tier",
    );
    expect(lines[1]).toBe("C1,2024-01-05,2024-01-09,2,3,2,150.5,5,4,3,543,CHAMPIONS,Champions,A,T1");
    expect(lines[2]).toBe('"Q ""x"", y",,,2,,0,-20,,,,,NO_PURCHASE,No valid purchase,NO_PURCHASE,NO_PURCHASE');
    expect(lines[3]).toBe("");
    expect(customersCsv(result, "zh").split("\n")[1]).toContain(",CHAMPIONS,冠军客户,");
  });
});
