import { detectColumns } from "../../../src/core/ingest/detect";
import { ingest, IngestError } from "../../../src/core/ingest/ingest";
import type { Cell } from "../../../src/core/types";

/**
 * CLVTools' layout: Id (customer, repeated), Date (yyyymmdd), CDs (count bought), Price (the total
 * paid). 8 customers with 1–4 purchases each, so ids repeat; CDs 1–6.
 */
function clvRows(): Cell[][] {
  const rows: Cell[][] = [];
  const purchases = [3, 1, 4, 2, 2, 1, 3, 4];
  purchases.forEach((count, k) => {
    for (let p = 0; p < count; p++) {
      const cds = ((k + p) % 6) + 1;
      rows.push([k + 1, 19970101 + 100 * p + k, cds, Math.round(cds * 1349 + k * 7) / 100]);
    }
  });
  return rows;
}

describe("generic headers settled from the values", () => {
  it('"Id","Date","CDs","Price": customer Id, date Date, amount Price; CDs (a count) is left unmapped', () => {
    const d = detectColumns([["Id", "Date", "CDs", "Price"], ...clvRows()]);
    expect(d.mapping).toEqual({ customer: 0, date: 1, amount: 3 });
    expect(d.roles.customer?.source).toBe("values");
    expect(d.amountFromPrice).toBe(true);
    expect(d.notes).toContain('amount: "Price" used as the amount (no quantity column); check the mapping');
  });

  it('"Id","Date","Price": the same without the count', () => {
    const d = detectColumns([["Id", "Date", "Price"], ...clvRows().map((r) => [r[0], r[1], r[3]])]);
    expect(d.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
  });

  it("the ingest warns about both guesses", () => {
    const r = ingest([["Id", "Date", "CDs", "Price"], ...clvRows()]);
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(["COLUMN_FROM_VALUES", "AMOUNT_FROM_PRICE"]));
    // 20 purchases, 8 customers.
    expect(r.counts.used).toBe(20);
    expect(new Set(r.transactions.customer).size).toBe(8);
  });

  it("a count column is never the customer nor the amount: Id, Date, CDs has no amount", () => {
    const table = [["Id", "Date", "CDs"], ...clvRows().map((r) => [r[0], r[1], r[2]])];
    expect(detectColumns(table).mapping).toEqual({ customer: 0, date: 1 });
    expect(() => ingest(table)).toThrow(/No column found for amount/);
  });

  it("a price beside a quantity stays a price (amount = quantity × price)", () => {
    const d = detectColumns([["Id", "Date", "Qty", "Price"], ...clvRows()]);
    expect(d.mapping).toEqual({ customer: 0, date: 1, quantity: 2, price: 3 });
    expect(d.amountFromPrice).toBeUndefined();
  });

  it("two repeating id columns are refused with both names", () => {
    const rows = clvRows().map((r, i): Cell[] => [r[0], (i % 7) + 1, r[1], r[3]]);
    const table = [["Id", "Code", "Date", "Price"], ...rows];
    let error: unknown;
    try {
      ingest(table);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("AMBIGUOUS_COLUMNS");
    expect((error as IngestError).message).toMatch(/which column is the customer: "(Id|Code)" or "(Id|Code)"/);
    // Naming the customer settles it.
    expect(ingest(table, { mapping: { customer: 0 } }).mapping).toEqual({ customer: 0, date: 2, amount: 3 });
  });

  it("a given amount leaves the other columns to detection (as the clv command's zero-amount retry needs)", () => {
    const table = [["Id", "Date", "Price", ""], ...clvRows().map((r) => [r[0], r[1], r[3], 0])];
    // Price stays a unit price (the amount is given), and Id is the customer rather than lost to the amount.
    expect(ingest(table, { mapping: { amount: 3 } }).mapping).toEqual({ customer: 0, date: 1, amount: 3, price: 2 });
  });
});
