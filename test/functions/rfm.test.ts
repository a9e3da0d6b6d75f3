/**
 * CRM.RFM called as Excel calls it, against METHODS.md Appendix A.2 (A.1 transactions as columns,
 * dates as serial numbers), and against the task pane's door on the same sheet.
 */
import "./excel-globals";
import { analyze } from "../../src/core/segment/analyze";
import { ingest } from "../../src/core/ingest/ingest";
import { generateSales } from "../../src/core/sample/synthetic";
import { rfm } from "../../src/functions/rfm";
import { A1, columns, errorCode, serial } from "./fixtures";

const ids = ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10"];
// Appendix A.2: recency days, F, M (net), R, F, M scores.
const metrics = [
  [2, 4, 450, 4, 5, 3],
  [5, 1, 900, 4, 1, 4],
  [198, 3, 1250, 2, 4, 4],
  [1, 3, 105, 5, 4, 2],
  [365, 1, 60, 1, 1, 2],
  [29, 3, 2050, 3, 4, 5],
  [0, 1, 25, 5, 1, 1],
  [232, 2, 2700, 1, 3, 5],
  [71, 2, 200, 3, 3, 3],
  [119, 1, 0, 2, 1, 1],
];
const W11_FM = [
  "忠诚客户",
  "潜在忠诚客户",
  "流失风险客户",
  "潜在忠诚客户",
  "休眠客户",
  "忠诚客户",
  "新客户",
  "流失风险客户",
  "需要关注客户",
  "休眠客户",
];
const W11_FM_EN = [
  "Loyal Customers",
  "Potential Loyalist",
  "At Risk",
  "Potential Loyalist",
  "Hibernating",
  "Loyal Customers",
  "New Customers",
  "At Risk",
  "Need Attention",
  "Hibernating",
];
// A.2 "W11 (x=F)" column, with the R1 × F1 cell Hibernating as the W10 grid has it (§2.8.1): C05.
const W10_EN = [
  "Loyal Customers",
  "Promising",
  "At Risk",
  "Champions",
  "Hibernating",
  "Loyal Customers",
  "New Customers",
  "At Risk",
  "Need Attention",
  "Hibernating",
];
const CN8_MEAN = [
  "一般价值客户",
  "重要发展客户",
  "重要保持客户",
  "一般价值客户",
  "一般挽留客户",
  "重要价值客户",
  "一般发展客户",
  "重要挽留客户",
  "一般发展客户",
  "一般挽留客户",
];
// §2.8.3 rfm-package rules applied by hand to the A.2 scores (first match wins, else Others).
const RFMPKG_EN = [
  "Loyal Customers",
  "Others",
  "Loyal Customers",
  "Others",
  "Lost",
  "Loyal Customers",
  "Potential Loyalist",
  "At Risk",
  "Loyal Customers",
  "About to Sleep",
];

/** The expected A.2 row: id, recency, F, M, R, F, M, RFM code, FM = (F+M)/2, segment. */
function expectedRow(i: number, segment: string): unknown[] {
  const [rec, f, m, rs, fs, ms] = metrics[i];
  return [ids[i], rec, f, m, rs, fs, ms, 100 * rs + 10 * fs + ms, (fs + ms) / 2, segment];
}

const { ids: idCol, dates, amounts, orders } = columns(A1);

describe("CRM.RFM on Appendix A.1", () => {
  it("reproduces Appendix A.2 with the default W11 scheme, Chinese labels and a header row", () => {
    const out = rfm(idCol, dates, amounts, orders);
    expect(out[0]).toEqual(["客户编号", "最近购买天数", "购买频次", "消费金额", "R", "F", "M", "RFM代码", "FM", "客户细分"]);
    expect(out.slice(1)).toEqual(ids.map((_, i) => expectedRow(i, W11_FM[i])));
  });

  it("takes omitted optionals as null or undefined, and English headers as §15.2 names them", () => {
    const out = rfm(idCol, dates, amounts, orders, null, null, null, "en", null);
    expect(out[0]).toEqual(["CustomerID", "Recency_days", "Frequency", "Monetary", "R", "F", "M", "RFM_code", "FM", "Segment"]);
    expect(out.slice(1)).toEqual(ids.map((_, i) => expectedRow(i, W11_FM_EN[i])));
    expect(rfm(idCol, dates, amounts, orders, undefined, undefined, undefined, "EN")).toEqual(out);
  });

  it("gives the W10, CN8 (mean centre) and RFMPKG segments of A.2 / §2.8.3", () => {
    const segments = (scheme: string, lang: string) => rfm(idCol, dates, amounts, orders, null, scheme, null, lang, false).map((r) => r[9]);
    expect(segments("w10", "en")).toEqual(W10_EN);
    expect(segments("CN8", "zh")).toEqual(CN8_MEAN);
    expect(segments("RFMPKG", "en")).toEqual(RFMPKG_EN);
  });

  it("labels in both languages with zh-en, and drops the segment column with NONE", () => {
    const both = rfm(idCol, dates, amounts, orders, null, null, null, "zh-en");
    expect(both[0][0]).toBe("客户编号 CustomerID");
    expect(both[0][4]).toBe("R");
    expect(both[1][9]).toBe("忠诚客户 Loyal Customers");
    const none = rfm(idCol, dates, amounts, orders, null, "none", null, "en", true);
    expect(none[0]).toHaveLength(9);
    expect(none[1]).toEqual(expectedRow(0, "").slice(0, 9));
  });

  it("reads what Excel passes: text dates and amounts, trailing blank rows, as_of as text or serial", () => {
    const textDates = A1.map(([, , d]) => [d]);
    const textAmounts = A1.map(([, , , a]) => [a.toLocaleString("en-US")]);
    const pad = <T>(col: T[][], blank: T) => [...col, [blank], [blank]];
    const out = rfm(pad(idCol, ""), pad(textDates, ""), pad(textAmounts, ""), pad(orders, null), "2024-06-30");
    expect(out.slice(1)).toEqual(ids.map((_, i) => expectedRow(i, W11_FM[i])));
    expect(rfm(idCol, dates, amounts, orders, serial("2024-06-30"))).toEqual(rfm(idCol, dates, amounts, orders));
  });

  it("ignores rows after as_of and measures recency from it", () => {
    const out = rfm(idCol, dates, amounts, orders, serial("2024-06-01"), null, null, "en", false);
    // §1.2: a customer with no row in the window has no valid purchase.
    expect(out.find((r) => r[0] === "C02")).toEqual(["C02", "", 0, 0, "", "", "", "", "", "No valid purchase"]);
    const c06 = out.find((r) => r[0] === "C06")!;
    expect(c06.slice(1, 4)).toEqual([0, 3, 2150]);
  });

  it("keeps numeric customer ids as numbers and counts each row as an order without order ids", () => {
    const numericIds = A1.map(([c]) => [Number(c.slice(1))]);
    const out = rfm(numericIds, dates, amounts);
    expect(out.slice(1).map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Without order ids C06's return R1 is an order of its own with negative value: still 3 purchases.
    expect(out[6].slice(1, 4)).toEqual([29, 3, 2050]);
  });

  it("shows a customer with only returns as NO_PURCHASE with blank scores", () => {
    const rows: [string, string, string, number][] = [...A1, ["C99", "R9", "2024-05-01", -40]];
    const out = rfm(...(Object.values(columns(rows)) as [any[][], any[][], any[][], any[][]]), null, null, null, "en", false);
    expect(out[10]).toEqual(["C99", "", 0, -40, "", "", "", "", "", "No valid purchase"]);
  });

  it("returns #VALUE! for ranges of different length or a bad option, #NUM! for BREAKS without breaks, #N/A without data", () => {
    expect(errorCode(rfm(idCol.slice(1), dates, amounts)[0][0])).toBe("#VALUE!");
    expect(errorCode(rfm(idCol, dates, amounts, orders.slice(2))[0][0])).toBe("#VALUE!");
    expect(errorCode(rfm(idCol, dates, amounts, orders, null, "W12")[0][0])).toBe("#VALUE!");
    expect(errorCode(rfm(idCol, dates, amounts, orders, "someday")[0][0])).toBe("#VALUE!");
    expect(errorCode(rfm(idCol, dates, amounts, orders, null, null, "BREAKS")[0][0])).toBe("#NUM!");
    expect(errorCode(rfm([[""], [""]], [[""], [""]], [[""], [""]])[0][0])).toBe("#N/A");
    expect(errorCode(rfm([["C01"]], [["not a date"]], [[5]])[0][0])).toBe("#N/A");
  });
});

describe("CRM.RFM and the task pane give the same numbers", () => {
  it("matches analyze() on the same sheet read with its header, bad rows and all", () => {
    const sheet = generateSales({ customers: 300, rows: 3000, seed: 7, start: serial("2023-01-01"), days: 540, lang: "en", badRows: 40 });
    // The task pane's door: the whole sheet, header detected, columns found by name.
    const pane = analyze(ingest([sheet.header, ...sheet.rows]).transactions);
    const col = (name: string) => sheet.rows.map((r) => [r[sheet.header.indexOf(name)]]);
    const out = rfm(col("Customer ID"), col("Order Date"), col("Amount"), col("Order ID"), null, null, null, "en", false);
    expect(out).toHaveLength(pane.customers.length);
    out.forEach((row, i) => {
      const c = pane.customers[i];
      expect(row.slice(1, 9)).toEqual([
        c.recencyDays ?? "",
        c.purchases,
        c.monetary,
        c.r ?? "",
        c.f ?? "",
        c.m ?? "",
        c.rfmCode ?? "",
        c.fm ?? "",
      ]);
      expect(String(row[0])).toBe(c.id);
    });
  });
});
