import { columnName, detectColumns, isGenericHeader, looksLikeHeader, normalizeHeader } from "../../../src/core/ingest/detect";
import type { Cell } from "../../../src/core/types";

describe("header names", () => {
  it("fold case, width, spaces, underscores and punctuation", () => {
    expect(normalizeHeader(" Customer_ID ")).toBe("customerid");
    expect(normalizeHeader("Order-Date:")).toBe("orderdate");
    expect(normalizeHeader("ＡＭＯＵＮＴ（元）")).toBe("amount元");
    expect(normalizeHeader("客户 编号")).toBe("客户编号");
  });

  it("knows generic names", () => {
    for (const name of ["Column1", "column 2", "Col3", "Field4", "F5", "Unnamed: 0", "列1", "字段2", "A", "", "  "]) {
      expect(isGenericHeader(name)).toBe(true);
    }
    for (const name of ["Customer", "金额", "Qty"]) expect(isGenericHeader(name)).toBe(false);
  });

  it("names columns by header, or by position when the header is blank", () => {
    expect(columnName(["Amount", ""], 0)).toBe('"Amount"');
    expect(columnName(["Amount", ""], 1)).toBe("column 2");
  });
});

describe("looksLikeHeader", () => {
  it("a row of names is a header; a row holding a number, a date or a logical value is data", () => {
    expect(looksLikeHeader([["Customer", "Date", "Amount"]])).toBe(true);
    expect(looksLikeHeader([["Column1", "", "Column3"]])).toBe(true);
    expect(looksLikeHeader([["C001", 45292, 12.5]])).toBe(false);
    expect(looksLikeHeader([["C001", "2024-01-01", "12.50"]])).toBe(false);
    expect(looksLikeHeader([["C001", "2024年1月1日", "¥12"]])).toBe(false);
    expect(looksLikeHeader([["Alice", "Bob", true]])).toBe(false);
    expect(looksLikeHeader([["", null]])).toBe(false);
    expect(looksLikeHeader([])).toBe(false);
  });
});

describe("detectColumns from the header", () => {
  it("English names", () => {
    const d = detectColumns([["Order ID", "Customer ID", "Order Date", "Quantity", "Unit Price", "Amount", "Cost"]]);
    expect(d.hasHeader).toBe(true);
    expect(d.mapping).toEqual({ order: 0, customer: 1, date: 2, quantity: 3, price: 4, amount: 5, cost: 6 });
    expect(d.roles.amount).toEqual({ column: 5, source: "header", confidence: 1 });
  });

  it("Chinese names", () => {
    const d = detectColumns([["订单号", "客户编号", "下单日期", "数量", "单价", "实付金额", "毛利"]]);
    expect(d.mapping).toEqual({ order: 0, customer: 1, date: 2, quantity: 3, price: 4, amount: 5, profit: 6 });
  });

  it.each([
    [["会员ID", "交易日期", "销售额"], { customer: 0, date: 1, amount: 2 }],
    [["买家", "订单日期", "订单金额", "发票号"], { customer: 0, date: 1, amount: 2, order: 3 }],
    [["客户名称", "日期", "金额", "成本"], { customer: 0, date: 1, amount: 2, cost: 3 }],
    [["Client", "Invoice Date", "Revenue", "Invoice No."], { customer: 0, date: 1, amount: 2, order: 3 }],
    [["Buyer Name", "Purchase Date", "Net", "Qty"], { customer: 0, date: 1, amount: 2, quantity: 3 }],
    [["Member", "Transaction Date", "Sales", "Profit"], { customer: 0, date: 1, amount: 2, profit: 3 }],
  ])("%j", (header, expected) => {
    expect(detectColumns([header]).mapping).toEqual(expected);
  });

  it("messy names: case, spacing, underscores, punctuation, full width, containment", () => {
    const d = detectColumns([["  CUSTOMER_id ", "order-date", "Total Sales ($)", "ｑｔｙ", "客户 名称"]]);
    expect(d.mapping.customer).toBe(0); // exact beats the containing 客户名称
    expect(d.mapping.date).toBe(1);
    expect(d.mapping.amount).toBe(2); // contains "sales" and "total"
    expect(d.roles.amount?.confidence).toBe(0.8);
    expect(d.mapping.quantity).toBe(3);
  });

  it("attribute words keep a keyword from counting", () => {
    const d = detectColumns([
      ["Customer Type", "Ship Date", "Sales Rep", "毛利率", "Unit Cost", "Customer No", "Order Date", "Line Total"],
    ]);
    expect(d.mapping).toEqual({ customer: 5, date: 6, amount: 7 });
  });

  it("a longer keyword wins: Total Quantity is a quantity", () => {
    const d = detectColumns([["Customer", "Date", "Total Quantity", "Amount"]]);
    expect(d.mapping).toEqual({ customer: 0, date: 1, quantity: 2, amount: 3 });
  });

  it("money roles never take a percentage header", () => {
    const d = detectColumns([["Customer", "Date", "Amount", "Margin %"]]);
    expect(d.mapping.profit).toBeUndefined();
  });

  it("prefers the id over the name, and the paid amount over the order amount", () => {
    const d = detectColumns([["客户名称", "客户编号", "订单金额", "实付金额", "日期"]]);
    expect(d.mapping).toEqual({ customer: 1, amount: 3, date: 4 });
  });

  it("duplicate headers: the first is used and the notes say so", () => {
    const d = detectColumns([["Customer", "Date", "Amount", "Amount"]]);
    expect(d.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
    expect(d.notes.join("\n")).toContain('"Amount" appears in columns 3, 4; column 3 is used for amount');
  });

  it("quantity and price stand in for a missing amount", () => {
    const d = detectColumns([
      ["Customer", "Date", "Qty", "Price"],
      ["A", 45292, 2, 9.5],
    ]);
    expect(d.mapping).toEqual({ customer: 0, date: 1, quantity: 2, price: 3 });
    expect(d.notes.join("\n")).toContain('amount = "Qty" × "Price"');
  });
});

describe("detectColumns from the values", () => {
  // Codes are unique, customers repeat, dates are text, amounts have decimals and a return.
  const rows: Cell[][] = [
    ["SO-1001", "Alice", "2024-01-05", 120.5],
    ["SO-1002", "Bob", "2024-01-06", 80],
    ["SO-1003", "Alice", "2024-01-09", -20.25],
    ["SO-1004", "Carol", "2024-02-01", 35.1],
    ["SO-1005", "Bob", "2024-02-03", 99.99],
    ["SO-1006", "Alice", "2024-02-07", 12],
  ];

  it("no header at all", () => {
    const d = detectColumns(rows);
    expect(d.hasHeader).toBe(false);
    expect(d.mapping).toEqual({ order: 0, customer: 1, date: 2, amount: 3 });
    expect(d.roles.date).toEqual({ column: 2, source: "values", confidence: 0.6 });
    expect(d.notes.some((n) => n.startsWith("customer: column 2 chosen from its values (100%"))).toBe(true);
  });

  it("generic header names", () => {
    const d = detectColumns([["Column1", "Column2", "Column3", "Column4"], ...rows]);
    expect(d.hasHeader).toBe(true);
    expect(d.mapping).toEqual({ order: 0, customer: 1, date: 2, amount: 3 });
  });

  it("Excel serial dates and numeric customer ids", () => {
    const table: Cell[][] = [
      [1001, 45292, 19.9],
      [1002, 45293, 5.5],
      [1001, 45300, -3.25],
      [1003, 45310, 42],
      [1001, 45311, 7.75],
    ];
    expect(detectColumns(table).mapping).toEqual({ customer: 0, date: 1, amount: 2 });
  });

  it("a named header fills only the missing required roles from the values; no order guessed from named columns", () => {
    const table: Cell[][] = [["Who", "When", "Amount", "Ref"], ...rows.map((r) => [r[1], r[2], r[3], r[0]])];
    const d = detectColumns(table);
    expect(d.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
    expect(d.roles.amount?.source).toBe("header");
    expect(d.roles.customer?.source).toBe("values");
  });
});
