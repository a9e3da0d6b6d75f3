import fc from "fast-check";
import { csvField, FieldKind, parseCsv, readTypedRecords, recordAt, sniffDelimiter } from "../src/cli/csv";
import { customersCsv, CUSTOMER_CSV_COLUMNS } from "../src/cli/customers-csv";
import type { AnalysisResult, CustomerResult } from "../src/core/types";

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
    expect(parseCsv("客户编号;金额\r\nC1;1,5\r\n").records).toEqual([["客户编号", "金额"], ["C1", "1,5"]]);
  });

  it("reports an unterminated quote", () => {
    expect(() => parseCsv('a\n"open,1\n')).toThrow(/unterminated quoted field starting in line 2/);
  });

  it("reads a limited number of records from an offset", () => {
    const text = "h1,h2\na,1\nb,2\nc,3\n";
    const head = parseCsv(text, undefined, 0, 1);
    expect(head.records).toEqual([["h1", "h2"]]);
    expect(text.slice(head.headerEnd)).toBe("a,1\nb,2\nc,3\n");
    expect(recordAt(text, text.indexOf("b"), ",")).toEqual(["b", "2"]);
  });
});

describe("readTypedRecords", () => {
  const { Skip, Text, Date: D, Number: N } = FieldKind;

  it("keeps only the asked columns, typing ISO dates and plain decimals like a spreadsheet", () => {
    const text = "C1,2024-01-05,x,120.50,O1\r\nC1,2024-02-30,y,1e3,O1\r\n\"C,2\",05/01/2024,z,-0.25,\r\n";
    const { rows, offsets } = readTypedRecords(text, 0, ",", [Text, D, Skip, N, Text]);
    // 2024-01-05 is Excel serial 45296; 2024-02-30 is not a date and 1e3 not a plain decimal: left as text.
    expect(rows).toEqual([
      ["C1", 45296, undefined, 120.5, "O1"],
      ["C1", "2024-02-30", undefined, "1e3", "O1"],
      ["C,2", "05/01/2024", undefined, -0.25, ""],
    ]);
    expect(offsets[2]).toBe(text.indexOf('"C,2"'));
  });

  it("returns a record in full when only its skipped cells hold something, and drops trailing blank lines", () => {
    const text = "C1,10,note\n,,only a note\n\nC2,5,\n,,\n\n";
    const { rows, offsets } = readTypedRecords(text, 0, ",", [Text, N, Skip]);
    expect(rows).toEqual([["C1", 10, undefined], ["", "", "only a note"], ["", undefined, undefined], ["C2", 5, undefined]]);
    expect(offsets).toHaveLength(4);
  });

  it("gives exactly the number Number() gives for plain decimals, and leaves other text alone", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map(String), fc.string()), (s) => {
        const [[, cell]] = readTypedRecords(`x,${csvField(s)}\n`, 0, ",", [Text, N]).rows;
        if (typeof cell === "number") expect(cell).toBe(Number(s));
        else expect(cell).toBe(s);
      }),
      { numRuns: 3000 },
    );
    const plain = ["0", "0.5", "-12.75", "123456789012345", "9.18", "0.1", "100.38"];
    for (const s of plain) expect(readTypedRecords(`${s}\n`, 0, ",", [N]).rows[0][0]).toBe(Number(s));
    for (const s of ["007", "1,5", "1e3", "1234567890123456", "12.", ".5", "-", "$5"]) expect(readTypedRecords(`"${s}"\n`, 0, ",", [N]).rows[0][0]).toBe(s);
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
    id: "C1", first: 45296, last: 45300, orders: 2, purchases: 2, monetary: 150.5, grossProfit: NaN, recencyDays: 3, tenureDays: 7,
    active: true, r: 5, f: 4, m: 3, rfmCode: 543, fm: 3.5, w11: "CHAMPIONS", w10: "CHAMPIONS", cn8: "CN_IMP_VALUE", segment: "CHAMPIONS",
    abc: "A", pyramid: "T1", ...over,
  });
  const result = {
    options: { scheme: "W11" },
    customers: [
      customer({}),
      customer({ id: 'Q "x", y', first: null, last: null, purchases: 0, monetary: -20, recencyDays: null, r: null, f: null, m: null, rfmCode: null, segment: "NO_PURCHASE", abc: "C", pyramid: null, active: false }),
    ],
  } as unknown as AnalysisResult;

  it("writes the fixed columns, codes and label text, blanks for a customer without purchases", () => {
    const lines = customersCsv(result, "en").split("\n");
    expect(lines[0]).toBe(CUSTOMER_CSV_COLUMNS.join(","));
    expect(lines[0]).toBe("customer_id,first_purchase,last_purchase,orders,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_code,segment_code,segment,abc_class,pyramid_tier");
    expect(lines[1]).toBe("C1,2024-01-05,2024-01-09,2,3,2,150.5,5,4,3,543,CHAMPIONS,Champions,A,T1");
    expect(lines[2]).toBe('"Q ""x"", y",,,2,,0,-20,,,,,NO_PURCHASE,No valid purchase,C,');
    expect(lines[3]).toBe("");
    expect(customersCsv(result, "zh").split("\n")[1]).toContain(",CHAMPIONS,冠军客户,");
  });
});
