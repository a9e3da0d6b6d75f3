import { dayFromYMD, formatDay } from "../../../src/core/ingest/dates";
import { ingest, IngestError } from "../../../src/core/ingest/ingest";
import { generateSales } from "../../../src/core/sample/synthetic";
import type { Cell } from "../../../src/core/types";

const HEADER = ["Customer", "Date", "Amount"];
const days = (r: ReturnType<typeof ingest>) => Array.from(r.transactions.day, formatDay);

function caught(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error("expected an IngestError");
}

describe("ingest", () => {
  it("a sheet of nothing but a header gives an empty, clear result", () => {
    const r = ingest([["Customer ID", "Order Date", "Amount"]]);
    expect(r.transactions.customer).toEqual([]);
    expect(r.transactions.day).toHaveLength(0);
    expect(r.transactions.sourceRow).toHaveLength(0);
    expect(r.counts).toEqual({ dataRows: 0, used: 0, rejected: 0, blank: 0 });
    expect(r.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
    expect(r.warnings.map((w) => w.code)).toEqual(["NO_DATA"]);
  });

  it("reads a clean table column by column, with sheet row numbers", () => {
    const r = ingest([
      ["Order ID", "Customer ID", "Order Date", "Amount", "Cost"],
      ["SO1", "C1", 45292, 100.5, 60],
      ["SO1", "C1", 45292, 20, 10],
      ["SO2", "C2", "2024-01-02", 35, ""],
    ]);
    expect(r.transactions.customer).toEqual(["C1", "C1", "C2"]);
    expect(r.transactions.order).toEqual(["SO1", "SO1", "SO2"]);
    expect(days(r)).toEqual(["2024-01-01", "2024-01-01", "2024-01-02"]);
    expect(Array.from(r.transactions.amount)).toEqual([100.5, 20, 35]);
    expect(Array.from(r.transactions.cost!)).toEqual([60, 10, NaN]);
    expect(Array.from(r.transactions.sourceRow)).toEqual([2, 3, 4]); // header is sheet row 1
    expect(r.header).toEqual(["Order ID", "Customer ID", "Order Date", "Amount", "Cost"]);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.dateOrder).toBeNull();
  });

  it("rejects every kind of unusable cell with its reason, row number, column and value", () => {
    const table: Cell[][] = [
      ["Customer", "Date", "Amount", "Cost"],
      ["", 45292, 10, 1], // row 2
      ["#N/A", 45292, 10, 1], // row 3
      ["A", "", 10, 1], // row 4
      ["A", "2023-02-29", 10, 1], // row 5
      ["A", 60, 10, 1], // row 6
      ["A", true, 10, 1], // row 7
      ["A", "next week", 10, 1], // row 8
      ["A", 45292, "", 1], // row 9
      ["A", 45292, "n/a", 1], // row 10
      ["A", 45292, false, 1], // row 11
      ["A", 45292, "12%", 1], // row 12
      ["A", 45292, "#VALUE!", 1], // row 13
      ["A", 45292, 10, "abc"], // row 14
      ["A", 0, 10, 1], // row 15
      ["A", 45292, 10, 1], // row 16: fine
    ];
    const r = ingest(table);
    const got = r.rejected.map((x) => [x.row, x.reason]);
    expect(got).toEqual([
      [2, "BLANK_CUSTOMER"],
      [3, "BLANK_CUSTOMER"],
      [4, "MISSING_DATE"],
      [5, "BAD_DATE"],
      [6, "BAD_DATE"],
      [7, "BAD_DATE"],
      [8, "BAD_DATE"],
      [9, "MISSING_AMOUNT"],
      [10, "BAD_AMOUNT"],
      [11, "BAD_AMOUNT"],
      [12, "BAD_AMOUNT"],
      [13, "BAD_AMOUNT"],
      [14, "BAD_COST"],
      [15, "BAD_DATE"],
    ]);
    const message = (row: number) => r.rejected.find((x) => x.row === row)!.message;
    expect(message(2)).toBe('Row 2: column "Customer": the cell is blank; every row needs a customer.');
    expect(message(3)).toBe('Row 3: column "Customer": "#N/A" is an Excel error value.');
    expect(message(4)).toBe('Row 4: column "Date": the cell is blank.');
    expect(message(5)).toBe('Row 5: column "Date": "2023-02-29" is not a real calendar date.');
    expect(message(6)).toMatch(/^Row 6: column "Date": 60 is Excel serial 60, the fictitious 1900-02-29/);
    expect(message(7)).toBe('Row 7: column "Date": TRUE is a logical value (TRUE/FALSE), not a date.');
    expect(message(8)).toMatch(/^Row 8: column "Date": "next week" is not a date in a recognised format/);
    expect(message(9)).toBe('Row 9: column "Amount": the cell is blank.');
    expect(message(10)).toBe('Row 10: column "Amount": "n/a" is not a number.');
    expect(message(11)).toBe('Row 11: column "Amount": FALSE is a logical value (TRUE/FALSE), not an amount.');
    expect(message(12)).toBe('Row 12: column "Amount": "12%" is a percentage, not an amount.');
    expect(message(13)).toBe('Row 13: column "Amount": "#VALUE!" is an Excel error value.');
    expect(message(14)).toBe('Row 14: column "Cost": "abc" is not a number.');
    expect(message(15)).toMatch(/^Row 15: column "Date": 0 is a time of day without a date/);
    expect(r.counts).toEqual({ dataRows: 15, used: 1, rejected: 14, blank: 0 });
    expect(Array.from(r.transactions.sourceRow)).toEqual([16]);
  });

  it("names every problem of a row; the first gives the reason", () => {
    const r = ingest([HEADER, ["", "2024-02-30", "abc"]]);
    expect(r.rejected[0].reason).toBe("BLANK_CUSTOMER");
    expect(r.rejected[0].message).toBe(
      'Row 2: column "Customer": the cell is blank; every row needs a customer; column "Date": "2024-02-30" is not a real calendar date; column "Amount": "abc" is not a number.',
    );
  });

  it("rejected rows keep their raw cells unchanged", () => {
    const bad: Cell[] = ["  A ", "soon", " 1,2,3 ", null, undefined, true];
    const r = ingest([[...HEADER, "Note"], bad]);
    expect(r.rejected[0].values).toEqual(["  A ", "soon", " 1,2,3 ", null, undefined, true]);
    expect(r.rejected[0].values).not.toBe(bad);
  });

  it("skips fully blank rows in the middle and counts them", () => {
    const r = ingest([
      HEADER,
      ["A", 45292, 1],
      [],
      ["", null, undefined],
      ["  ", "", "\u3000"],
      undefined as unknown as Cell[],
      ["B", 45293, 2],
    ]);
    expect(r.transactions.customer).toEqual(["A", "B"]);
    expect(Array.from(r.transactions.sourceRow)).toEqual([2, 7]);
    expect(r.counts).toEqual({ dataRows: 6, used: 2, rejected: 0, blank: 4 });
  });

  it("a row with something only in an unmapped column is rejected, not skipped", () => {
    const r = ingest([
      [...HEADER, "Note"],
      ["", "", "", "call back"],
    ]);
    expect(r.counts.blank).toBe(0);
    expect(r.rejected[0].reason).toBe("BLANK_CUSTOMER");
  });

  it("numbers stored as text parse; customer ids compare as trimmed text", () => {
    const r = ingest([
      HEADER,
      [1001, 45292, 10],
      ["1001", "45292", "10"],
      [" 1001 ", " 2024-01-01 ", " 1,234.50 "],
      [1001.5, 45292.75, "¥1,000"],
      [true, 45292, 1],
    ]);
    expect(r.transactions.customer).toEqual(["1001", "1001", "1001", "1001.5", "TRUE"]);
    expect(days(r)).toEqual(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01"]);
    expect(Array.from(r.transactions.amount)).toEqual([10, 10, 1234.5, 1000, 1]);
  });

  it("keeps negative amounts (returns) negative", () => {
    const r = ingest([HEADER, ["A", 45292, -50], ["A", 45293, "(20.00)"], ["A", 45294, "15-"], ["A", 45295, "-¥5"]]);
    expect(Array.from(r.transactions.amount)).toEqual([-50, -20, -15, -5]);
  });

  it("amount = quantity × unit price when there is no amount column; both are needed", () => {
    const r = ingest([
      ["客户编号", "下单日期", "数量", "单价"],
      ["A", 45292, 3, 2.5], // 7.5
      ["A", 45292, -1, 2.5], // a returned item: −2.5
      ["A", 45292, "", 2.5],
      ["A", 45292, 2, "x"],
      ["A", 45292, null, ""],
    ]);
    expect(Array.from(r.transactions.amount)).toEqual([7.5, -2.5]);
    expect(r.rejected.map((x) => x.reason)).toEqual(["BAD_QUANTITY", "BAD_PRICE", "MISSING_AMOUNT"]);
    expect(r.rejected[0].message).toBe('Row 4: column "数量": the cell is blank.');
    expect(r.rejected[2].message).toBe('Row 6: columns "数量" and "单价" are both blank; the amount is quantity × unit price.');
    expect(r.warnings.map((w) => w.code)).toContain("AMOUNT_FROM_QUANTITY_PRICE");
  });

  it("a profit column alone gives cost = amount − profit", () => {
    const r = ingest([
      ["Customer", "Date", "Sales", "Gross Profit"],
      ["A", 45292, 100, 30],
      ["A", 45292, 50, ""],
    ]);
    expect(r.mapping.profit).toBe(3);
    expect(Array.from(r.transactions.cost!)).toEqual([70, NaN]);
  });

  it("with both cost and profit columns the cost column is used, with a warning", () => {
    const r = ingest([
      ["Customer", "Date", "Amount", "Cost", "Profit"],
      ["A", 45292, 100, 60, 40],
    ]);
    expect(Array.from(r.transactions.cost!)).toEqual([60]);
    expect(r.warnings.map((w) => w.code)).toContain("COST_AND_PROFIT");
  });

  it("order ids are trimmed text; a blank one stays blank and is reported", () => {
    const r = ingest([
      ["Order No", ...HEADER],
      [5001, "A", 45292, 1],
      [" SO-2 ", "A", 45292, 1],
      ["", "A", 45292, 1],
    ]);
    expect(r.transactions.order).toEqual(["5001", "SO-2", ""]);
    expect(r.warnings.find((w) => w.code === "BLANK_ORDER")?.message).toBe(
      '1 rows have no order id in column "Order No"; each counts as an order of its own.',
    );
  });

  it("Excel's 1900 leap-year bug: 59 = 1900-02-28, 60 rejected, 61 = 1900-03-01", () => {
    const r = ingest([HEADER, ["A", 1, 1], ["A", 59, 1], ["A", 60, 1], ["A", 61, 1]]);
    expect(days(r)).toEqual(["1900-01-01", "1900-02-28", "1900-03-01"]);
    expect(r.rejected.map((x) => x.row)).toEqual([4]);
  });

  it("the 1904 date system", () => {
    // 2024-01-01 is serial 45292 in the 1900 system and 45292 − 1462 = 43830 in the 1904 system.
    const r = ingest([HEADER, ["A", 43830, 1], ["A", 0, 1]], { date1904: true });
    expect(days(r)).toEqual(["2024-01-01", "1904-01-01"]);
  });

  it("firstRowNumber shifts the sheet row numbers", () => {
    const r = ingest([HEADER, ["A", 45292, 1], ["", 45292, 1]], { firstRowNumber: 10 });
    expect(Array.from(r.transactions.sourceRow)).toEqual([11]);
    expect(r.rejected[0].row).toBe(12);
    expect(r.rejected[0].message).toMatch(/^Row 12:/);
  });

  describe("day/month text", () => {
    it("a day-first column", () => {
      const r = ingest([HEADER, ["A", "05/03/2024", 1], ["A", "25/03/2024", 1]]);
      expect(r.dateOrder).toBe("DMY");
      expect(days(r)).toEqual(["2024-03-05", "2024-03-25"]);
      expect(r.warnings).toEqual([]);
    });

    it("a month-first column", () => {
      const r = ingest([HEADER, ["A", "05/03/2024", 1], ["A", "03/25/2024", 1]]);
      expect(r.dateOrder).toBe("MDY");
      expect(days(r)).toEqual(["2024-05-03", "2024-03-25"]);
    });

    it("an ambiguous column is read day-first with a warning naming the column", () => {
      const r = ingest([HEADER, ["A", "05/03/2024", 1], ["A", "5-3-24", 1]]);
      expect(r.dateOrder).toBe("DMY");
      expect(days(r)).toEqual(["2024-03-05", "2024-03-05"]);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0].code).toBe("DATE_ORDER_AMBIGUOUS");
      expect(r.warnings[0].message).toMatch(/^Column "Date": 2 dates such as 05\/03\/2024/);
    });

    it("the dateOrder option settles an ambiguous column", () => {
      const r = ingest([HEADER, ["A", "05/03/2024", 1]], { dateOrder: "MDY" });
      expect(days(r)).toEqual(["2024-05-03"]);
      expect(r.warnings).toEqual([]);
    });

    it("a conflicting column keeps the more frequent order and rejects the rows that fit only the other", () => {
      const r = ingest([
        HEADER,
        ["A", "13/01/2024", 1], // row 2: day-first only
        ["A", "14/01/2024", 1], // row 3: day-first only
        ["A", "01/15/2024", 1], // row 4: month-first only
        ["A", "02/01/2024", 1], // row 5: either → 2 January
      ]);
      expect(r.dateOrder).toBe("DMY");
      expect(days(r)).toEqual(["2024-01-13", "2024-01-14", "2024-01-02"]);
      expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([[4, "BAD_DATE"]]);
      expect(r.rejected[0].message).toBe('Row 4: column "Date": "01/15/2024" does not fit the column\'s day-first (DMY) day/month order.');
      const warning = r.warnings.find((w) => w.code === "DATE_ORDER_CONFLICT");
      expect(warning?.message).toMatch(/e\.g\. 13\/01\/2024 in row 2.*e\.g\. 01\/15\/2024 in row 4/);
    });

    it("rows dropped for not fitting the order leave every output column aligned", () => {
      const r = ingest([
        ["Order", "Customer", "Date", "Amount", "Cost"],
        ["O1", "A", "01/15/2024", 10, 1], // row 2: month-first
        ["O2", "B", "13/01/2024", 20, 2], // row 3: day-first only → misfit under MDY
        ["O3", "C", "01/16/2024", 30, 3], // row 4: month-first
        ["", "", "14/01/2024", 40, 4], // row 5: blank customer, and a misfit date
        ["O5", "E", "2024-02-01", 50, 5], // row 6: ISO
        ["O6", "F", "01/20/2024", 60, 6], // row 7: month-first (3 month-first against 2 day-first)
      ]);
      expect(r.dateOrder).toBe("MDY");
      expect(r.transactions.customer).toEqual(["A", "C", "E", "F"]);
      expect(r.transactions.order).toEqual(["O1", "O3", "O5", "O6"]);
      expect(days(r)).toEqual(["2024-01-15", "2024-01-16", "2024-02-01", "2024-01-20"]);
      expect(Array.from(r.transactions.amount)).toEqual([10, 30, 50, 60]);
      expect(Array.from(r.transactions.cost!)).toEqual([1, 3, 5, 6]);
      expect(Array.from(r.transactions.sourceRow)).toEqual([2, 4, 6, 7]);
      expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([
        [3, "BAD_DATE"],
        [5, "BLANK_CUSTOMER"],
      ]);
      expect(r.rejected[1].message).toContain('column "Date": "14/01/2024" does not fit the column\'s month-first (MDY) day/month order');
      expect(r.counts).toEqual({ dataRows: 6, used: 4, rejected: 2, blank: 0 });
    });

    it("a given order that the data contradicts rejects the misfits and says so", () => {
      const r = ingest([HEADER, ["A", "25/03/2024", 1], ["A", "2024-03-05", 1]], { dateOrder: "MDY" });
      expect(r.rejected.map((x) => x.reason)).toEqual(["BAD_DATE"]);
      expect(r.warnings.map((w) => w.code)).toEqual(["DATE_ORDER_MISMATCH"]);
    });
  });

  describe("mapping", () => {
    const table: Cell[][] = [
      ["Buyer", "Customer", "Date", "Amount", "Net"],
      ["b1", "c1", 45292, 10, 8],
    ];

    it("overrides detected roles one by one", () => {
      const r = ingest(table, { mapping: { amount: 4 } });
      expect(r.mapping).toEqual({ customer: 1, date: 2, amount: 4 });
      expect(Array.from(r.transactions.amount)).toEqual([8]);
    });

    it("a detected role on an overridden column gives way", () => {
      const r = ingest(table, { mapping: { order: 1, customer: 0 } });
      expect(r.mapping).toEqual({ order: 1, customer: 0, date: 2, amount: 3 });
      expect(r.transactions.customer).toEqual(["b1"]);
      expect(r.transactions.order).toEqual(["c1"]);
    });

    it("a role set to undefined is dropped", () => {
      const r = ingest(
        [
          ["Customer", "Date", "Amount", "Cost"],
          ["A", 45292, 10, 4],
        ],
        { mapping: { cost: undefined } },
      );
      expect(r.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
      expect(r.transactions.cost).toBeUndefined();
    });

    it("maps a headerless table", () => {
      const r = ingest([["x", 45292, 5, "A"]], { hasHeader: false, mapping: { customer: 3, date: 1, amount: 2 } });
      expect(r.transactions.customer).toEqual(["A"]);
      expect(r.header).toEqual(["", "", "", ""]);
      expect(Array.from(r.transactions.sourceRow)).toEqual([1]);
    });

    it("refuses columns outside the table and two roles in one column", () => {
      expect(caught(() => ingest(table, { mapping: { amount: 7 } })).message).toBe(
        "The mapping puts amount in column index 7, but the table has columns 0–4.",
      );
      expect(caught(() => ingest(table, { mapping: { amount: 4, cost: 4 } })).code).toBe("BAD_MAPPING");
      expect(caught(() => ingest(table, { mapping: { amount: -1 } })).code).toBe("BAD_MAPPING");
    });
  });

  it("missing required columns throw IngestError naming them and the headers seen", () => {
    const error = caught(() =>
      ingest([
        ["Product", "Region"],
        ["Pen", "North"],
      ]),
    );
    expect(error.code).toBe("MISSING_COLUMNS");
    expect(error.missing).toEqual(["date", "amount"]);
    expect(error.headers).toEqual(["Product", "Region"]);
    expect(error.message).toMatch(
      /^No column found for order date, amount \(or quantity and unit price\)\. Headers seen: "Product", "Region"\./,
    );
    const empty = caught(() => ingest([]));
    expect(empty.missing).toEqual(["customer", "date", "amount"]);
    expect(empty.message).toMatch(/The table is empty\./);
  });

  it("reports columns recognised from their values, and mixed currencies", () => {
    const r = ingest([
      ["Column1", "Column2", "Column3"],
      ["A", "2024-01-01", "¥10"],
      ["B", "2024-01-02", "$5"],
      ["A", "2024-01-03", "7.5"],
    ]);
    expect(r.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
    const codes = r.warnings.map((w) => w.code);
    expect(codes.filter((c) => c === "COLUMN_FROM_VALUES")).toHaveLength(3);
    expect(codes).toContain("MIXED_CURRENCY");
  });

  it("lists mixed currencies in the order the rows show them: row by row, amount before cost", () => {
    const r = ingest([
      ["Customer", "Date", "Amount", "Cost"],
      ["A", 45292, "10", "€1"],
      ["A", 45292, "$5", "¥2"],
      ["A", 45292, "¥5", "3"],
    ]);
    expect(r.warnings.find((w) => w.code === "MIXED_CURRENCY")?.message).toBe(
      "Amounts carry several currencies (EUR, USD, CNY); they are added as they are, without conversion.",
    );
  });

  it("a table without a header is detected and read from row 1", () => {
    const r = ingest([
      ["A", "2024-01-01", 10.5],
      ["B", "2024-01-02", -2],
      ["A", "2024-01-03", 7],
    ]);
    expect(r.detection.hasHeader).toBe(false);
    expect(Array.from(r.transactions.sourceRow)).toEqual([1, 2, 3]);
  });

  it("200,000 generated rows ingest without error, every row accounted for", () => {
    const sales = generateSales({
      customers: 20000,
      rows: 200000,
      seed: 11,
      start: dayFromYMD(2023, 1, 1),
      days: 365,
      lang: "zh",
      badRows: 40,
      dates: "iso",
    });
    const r = ingest([sales.header, ...sales.rows]);
    expect(r.counts.dataRows).toBe(200000);
    expect(r.counts.used + r.counts.rejected + r.counts.blank).toBe(200000);
    // The generator mixes in 40 defective rows, cycling through five defects (blank customer, bad
    // date, text amount, missing date, missing amount): 8 of each, every one reported.
    expect(r.counts.rejected).toBe(40);
    const byReason: Record<string, number> = {};
    for (const x of r.rejected) byReason[x.reason] = (byReason[x.reason] ?? 0) + 1;
    expect(byReason).toEqual({ BLANK_CUSTOMER: 8, BAD_DATE: 8, BAD_AMOUNT: 8, MISSING_DATE: 8, MISSING_AMOUNT: 8 });
    expect(r.transactions.customer).toHaveLength(r.counts.used);
    expect(r.transactions.order).toHaveLength(r.counts.used);
    const first = r.transactions.day[0];
    expect(first).toBeGreaterThanOrEqual(dayFromYMD(2023, 1, 1));
  });
});
