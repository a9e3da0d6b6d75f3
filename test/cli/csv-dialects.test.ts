/**
 * CSV dialects the command line reads: the delimiter sniffed over the first lines, whitespace-
 * aligned tables, decimal commas in semicolon files, files without a header; and a fuzz test that
 * the decoder and reader turn any bytes into data or one of the product's own errors.
 */
import fc from "fast-check";
import iconv from "iconv-lite";
import { UsageError } from "../../src/cli/args";
import { FieldKind, readCsvColumns, readHead } from "../../src/cli/csv";
import { decimalCommaText } from "../../src/cli/csv-fields";
import { openCsv, sniffSeparator, type CsvBytes } from "../../src/cli/csv-dialect";
import { decodeText } from "../../src/cli/decode";
import { loadCsv } from "../../src/cli/input";
import { isCrmError } from "../../src/core/errors";
import { IngestError, type TypedColumn } from "../../src/core/ingest/ingest";

describe("sniffSeparator", () => {
  it("chooses the delimiter that splits the lines into the same number of fields", () => {
    expect(sniffSeparator("a|b|c\n1|2|3\n4|5|6\n")).toBe("|");
    expect(sniffSeparator("a\tb\tc\n1\t2\t3\n")).toBe("\t");
    // The commas of decimal amounts split each data line in two; the semicolons split every line in three.
    expect(sniffSeparator("Kunde;Datum;Betrag\nA;31.12.2024;12,50\nB;01.01.2025;1.234,50\n")).toBe(";");
    // Quoted delimiters do not count.
    expect(sniffSeparator('name,amount\n"Smith; J",5\n"Lee; K",6\n')).toBe(",");
  });

  it("looks past a title line without delimiters", () => {
    // The first line alone has one ';' and no comma; the table below is comma-separated.
    expect(sniffSeparator("Report; sales 2024\ncustomer,date,amount\nA,2024-01-05,10\nB,2024-01-06,20\n")).toBe(",");
  });

  it("takes runs of spaces only when no comma, semicolon or pipe is in the lines", () => {
    expect(sniffSeparator(" 00004 0001 19970101  2   29.33\r\n 00021 0002 19970101  3   63.34\r\n")).toBe(" ");
    expect(sniffSeparator("Customer Name,Amount\nJohn Smith,10\nAnn Lee,20\n")).toBe(",");
    expect(sniffSeparator("John Smith\nAnn Lee\n")).toBe(",");
  });
});

describe("openCsv", () => {
  const fields = (text: string) => {
    const { src, delimiter } = openCsv(Buffer.from(text, "utf8"));
    return { delimiter, records: readHead(src, 100, delimiter).records };
  };

  it("reads a whitespace-aligned table as tab-separated: lines trimmed, runs of spaces one separator, quoted spaces kept", () => {
    expect(fields(' 00004 0001 19970101  2   29.33\r\n 00021 "Ann  Lee"\t19970101  3   63.34  \r\n00022 x 19970102 1 5\n')).toEqual({
      delimiter: "\t",
      records: [
        ["00004", "0001", "19970101", "2", "29.33"],
        ["00021", "Ann  Lee", "19970101", "3", "63.34"],
        ["00022", "x", "19970102", "1", "5"],
      ],
    });
  });

  it("leaves a delimited file's bytes as they are", () => {
    const bytes = Buffer.from("a;b\n1; 2\n", "utf8");
    const { src, delimiter } = openCsv(bytes);
    expect(delimiter).toBe(";");
    expect(src.bytes).toBe(bytes);
  });
});

describe("decimal commas", () => {
  it("decimalCommaText makes the comma the decimal point and drops the dots before it", () => {
    expect(["12,50", "1.234,50", "1,234", "-7,25", "€ 1.234.567,5", "(3,5)"].map(decimalCommaText)).toEqual([
      "12.50",
      "1234.50",
      "1.234",
      "-7.25",
      "€ 1234567.5",
      "(3.5)",
    ]);
    // Not a decimal-comma number: left for the ingest to judge.
    expect(["1,234.50", "1,2,3", "10", "1.5"].map(decimalCommaText)).toEqual(["1,234.50", "1,2,3", "10", "1.5"]);
  });

  it("readCsvColumns reads them in number columns only, and only when asked", () => {
    const src = openCsv(Buffer.from("A;12,50;1,5\nB;1.234,50;x\n", "utf8")).src as CsvBytes;
    const read = (decimalComma: boolean) =>
      readCsvColumns(src, 0, ";", [FieldKind.Text, FieldKind.Number, FieldKind.Text], 16, decimalComma).columns;
    const on = read(true);
    expect((on[1] as TypedColumn).raw).toEqual(["12.50", "1234.50"]);
    expect(on[2]).toEqual(["1,5", "x"]);
    expect((read(false)[1] as TypedColumn).raw).toEqual(["12,50", "1.234,50"]);
  });

  it("loadCsv: 12,50 is 12.5 and 1,234 is 1.234 in a semicolon file, 1234 in a comma file", () => {
    const amounts = (text: string) =>
      Array.from(loadCsv({ input: "x.csv", columns: {} }, Buffer.from(text, "utf8")).ingested.transactions.amount);
    expect(amounts("客户;日期;金额\nA;31.12.2024;12,50\nB;2024-01-02;1,234\nC;2024-01-03;1.234,50\n")).toEqual([12.5, 1.234, 1234.5]);
    expect(amounts('客户,日期,金额\nA,2024-01-02,"1,234"\n')).toEqual([1234]);
  });
});

describe("fixed-width reports", () => {
  it("keep a name with a space and a blank cell in their columns", () => {
    const text = [
      "Customer      Date         Note    Amount",
      "John Smith    2024-01-05   gift     10.00",
      "Ann Lee       2024-01-06            20.50",
      "Li Wei        2024-02-01   promo     5.25",
      "John Smith    2024-02-03            30.00",
    ].join("\r\n");
    const { ingested } = loadCsv({ input: "report.txt", columns: {} }, Buffer.from(text, "utf8"));
    expect(ingested.transactions.customer).toEqual(["John Smith", "Ann Lee", "Li Wei", "John Smith"]);
    expect(Array.from(ingested.transactions.amount)).toEqual([10, 20.5, 5.25, 30]);
    expect(ingested.rejected).toEqual([]);
  });
});

describe("a file without a header", () => {
  const text = "00004 0001 19970101  2   29.33\n00004 0001 19970118  2   29.73\n00021 0002 19970101  3   63.34\n00021 0002 bad  3   1.5\n";

  it("is read from its first line, columns named by number", () => {
    const { ingested, data } = loadCsv(
      { input: "cdnow.txt", columns: { customer: "1", date: "3", amount: "5" } },
      Buffer.from(text, "utf8"),
    );
    expect(ingested.transactions.customer).toEqual(["00004", "00004", "00021"]);
    expect(Array.from(ingested.transactions.amount)).toEqual([29.33, 29.73, 63.34]);
    expect(ingested.counts).toEqual({ dataRows: 4, used: 3, rejected: 1, blank: 0 });
    // Row numbers are the data sheet's, which has a header row above the file's first line.
    // The file is aligned in columns (fixed width); the bad line, shorter, is cut at the same columns.
    expect(ingested.rejected.map((r) => [r.row, r.values])).toEqual([[5, ["00021", "0002", "bad  3", "1.5", ""]]]);
    const rows = [...data.rows()];
    expect(rows[0]).toEqual({ number: 1, cells: [1, 2, 3, 4, 5].map((c) => ({ value: `Column ${c}` })) });
    expect(rows[1]).toEqual({
      number: 2,
      cells: [{ value: "00004" }, { value: "0001" }, { value: 19970101 }, { value: 2 }, { value: 29.33 }],
    });
  });

  it("a header with a year among its names is still a header", () => {
    const { ingested } = loadCsv({ input: "x.csv", columns: {} }, Buffer.from("Customer,Date,Amount,2024\nA,2024-01-05,10,1\n", "utf8"));
    expect(ingested.header).toEqual(["Customer", "Date", "Amount", "2024"]);
    expect(ingested.transactions.customer).toEqual(["A"]);
  });
});

describe("any bytes: data or the product's own error, never a crash", () => {
  const own = (error: unknown) => error instanceof UsageError || error instanceof IngestError || isCrmError(error);
  const read = (bytes: Buffer, encoding?: string) => {
    try {
      const { ingested } = loadCsv({ input: "fuzz.csv", encoding, columns: {} }, bytes);
      // Whatever was read holds no replacement character the decoder put there.
      for (const c of ingested.transactions.customer) expect(c).not.toContain("\ufffd");
    } catch (error) {
      if (!own(error)) throw error;
    }
  };
  const text = '客户,日期,金额\r\n张三,2024-01-05,10\r\n李四,2024-01-06,-2,5\r\nJosé,"2024-01-07","1,234.50"\r\n王五,2024-01-08,7\r\n';
  const files = [
    Buffer.from(text, "utf8"),
    iconv.encode(text, "gb18030"),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/,/g, "\t"), "utf16le")]),
  ];

  it("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(undefined, "gbk", "utf-16le"), (bytes, encoding) =>
        read(Buffer.from(bytes), encoding),
      ),
      { numRuns: 200 },
    );
  });

  it("valid UTF-8, GB18030 and UTF-16 files cut anywhere, or with a byte changed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...files),
        fc.nat(),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))),
        (file, cut, change) => {
          const bytes = Buffer.from(file.subarray(0, cut % (file.length + 1)));
          if (change && bytes.length > 0) bytes[change[0] % bytes.length] = change[1];
          read(bytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the decoder never hands replacement characters on", () => {
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.nat(), (file, cut) => {
        try {
          expect(decodeText(file.subarray(0, cut % (file.length + 1)), "f.csv").bytes.toString("utf8")).not.toContain("\ufffd");
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
      { numRuns: 200 },
    );
  });
});
