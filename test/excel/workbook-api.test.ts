/** previewSource, insertSampleData, settings and activateSheet on the strict fake workbook. */
import { SETTINGS_KEY, WorkbookError } from "../../src/excel";
import { harness, runRequest, runWith, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

describe("previewSource", () => {
  test("the region around the selection: header, first 20 rows, detected roles, tables", async () => {
    h = harness();
    const table = salesTable(300, 30, { lang: "zh" });
    seedSales(h.fake, "销售", table, "B3");
    h.fake.addSheet("Other", [["x"]]);
    h.fake.addTable("Other", "A1:A1", "Lookup");
    h.fake.select("销售", "D40");
    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview).toMatchObject({
      sheetName: "销售",
      address: "销售!B3:H303",
      header: table.header,
      totalRows: 300,
      tables: ["Lookup"],
      mapping: { customer: 0, date: 1, order: 2, quantity: 3, price: 4, amount: 5, cost: 6 },
    });
    expect(preview.tableName).toBeUndefined();
    expect(preview.rows).toEqual(table.rows.slice(0, 20));
    expect(preview.detected).toEqual(expect.arrayContaining([{ role: "customer", column: 0, source: "header" }]));
    // Two round trips: where the data is, then its first rows.
    expect(h.fake.stats.syncs).toBe(2);
  });

  test("a selection inside an Excel table previews the whole table; a table by name; the used range", async () => {
    h = harness();
    const table = salesTable(100, 10);
    seedSales(h.fake, "Sales", table);
    h.fake.setValues("Sales", "J1", [["loose note"]]);
    h.fake.addTable("Sales", "A1:G101", "SalesTable");
    h.fake.select("Sales", "C7");
    expect(await h.api.previewSource({ kind: "region" })).toMatchObject({
      tableName: "SalesTable",
      address: "Sales!A1:G101",
      totalRows: 100,
    });
    expect(await h.api.previewSource({ kind: "table", tableName: "salestable" })).toMatchObject({
      tableName: "SalesTable",
      address: "Sales!A1:G101",
    });
    expect(await h.api.previewSource({ kind: "used", sheetName: "Sales" })).toMatchObject({ address: "Sales!A1:J101" });
  });

  test("data without a header: column letters, every row is data", async () => {
    h = harness();
    const table = salesTable(50, 10);
    h.fake.addSheet(
      "Raw",
      table.rows.map((r) => r.map((c) => c ?? null)),
      "C1",
    );
    h.fake.select("Raw", "C1");
    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview.header).toEqual(["C", "D", "E", "F", "G", "H", "I"]);
    expect(preview.totalRows).toBe(50);
    expect(preview.rows[0]).toEqual(table.rows[0]);
    expect(preview.mapping.customer).toBe(0);
  });

  test("what cannot be previewed says why", async () => {
    h = harness();
    h.fake.addSheet("Empty");
    h.fake.select("Empty", "D4");
    await expect(h.api.previewSource({ kind: "region" })).rejects.toMatchObject({ code: "NO_DATA" });
    await expect(h.api.previewSource({ kind: "used", sheetName: "Empty" })).rejects.toMatchObject({ code: "NO_DATA" });
    await expect(h.api.previewSource({ kind: "table", tableName: "Nope" })).rejects.toBeInstanceOf(WorkbookError);
    await expect(h.api.previewSource({ kind: "used", sheetName: "Nope" })).rejects.toMatchObject({ code: "SHEET_NOT_FOUND" });
  });

  test("a row larger than one response is READ_TOO_LARGE, after trying smaller reads", async () => {
    h = harness({ limits: { responseBytes: 3_000 } });
    h.fake.addSheet("Wide", [
      ["Customer ID", "Order Date", "Amount", "Note"],
      ["C1", 45000, 10, "short"],
      ["C2", 45001, 12, "x".repeat(5_000)],
    ]);
    h.fake.select("Wide", "A1");
    // The preview makes do with the rows that fit...
    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview.rows).toEqual([["C1", 45000, 10, "short"]]);
    // ...the run cannot, and writes nothing.
    await expect(runWith(h.api, runRequest())).rejects.toMatchObject({ name: "WorkbookError", code: "READ_TOO_LARGE" });
    expect(h.fake.sheetNames()).toEqual(["Wide"]);
  });
});

describe("insertSampleData", () => {
  test("adds a demo sheet under a free name, selects its data, and it segments", async () => {
    h = harness();
    h.fake.addSheet("销售数据", [["mine"]]);
    const inserted = await h.api.insertSampleData("zh");
    expect(inserted).toEqual({ sheetName: "销售数据 (2)", rows: 5000 });
    expect(h.fake.read("销售数据")).toEqual([["mine"]]);
    const values = h.fake.read(inserted.sheetName);
    expect(values).toHaveLength(5001);
    expect(values[0]).toEqual(["客户编号", "下单日期", "订单号", "数量", "单价", "金额", "成本"]);
    expect(h.fake.formatAt(inserted.sheetName, "B2", "numberFormat")).toBe("yyyy-mm-dd");
    expect(h.fake.activeSheetName()).toBe("销售数据 (2)");
    expect(h.fake.selectionAddress()).toBe("'销售数据 (2)'!A1:G5001");

    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview.totalRows).toBe(5000);
    const report = await runWith(h.api, runRequest({ mapping: preview.mapping }));
    expect(report.rejected.count).toBe(6);
    expect(report.customers).toBeGreaterThan(300);
  });
});

describe("settings and sheets", () => {
  test("settings round-trip through the workbook; none at first", async () => {
    h = harness();
    h.fake.addSheet("S");
    expect(await h.api.loadSettings()).toBeNull();
    const saved = { lang: "en" as const, mapping: { customer: 2, date: 0, amount: 1 }, analyze: { scheme: "CN8" as const } };
    await h.api.saveSettings(saved);
    expect(h.fake.setting(SETTINGS_KEY)).toEqual(saved);
    expect(await h.api.loadSettings()).toEqual(saved);
  });

  test("the header a mapping was made for is stored with it; a damaged one is dropped, the rest kept", async () => {
    h = harness();
    h.fake.addSheet("S");
    const saved = {
      mapping: { customer: 0, date: 1, amount: 5 },
      header: ["Customer ID", "Order Date", "Order", "Qty", "Price", "Amount", "Cost"],
    };
    await h.api.saveSettings(saved);
    expect(h.fake.setting(SETTINGS_KEY)).toEqual(saved);
    expect(await h.api.loadSettings()).toEqual(saved);
    h.fake.setSetting(SETTINGS_KEY, { mapping: saved.mapping, header: ["Customer ID", 7] });
    expect(await h.api.loadSettings()).toEqual({ mapping: saved.mapping });
  });

  test("activateSheet shows a sheet; a missing one is a WorkbookError", async () => {
    h = harness();
    h.fake.addSheet("A");
    h.fake.addSheet("B");
    await h.api.activateSheet("B");
    expect(h.fake.activeSheetName()).toBe("B");
    await expect(h.api.activateSheet("Gone")).rejects.toMatchObject({ code: "SHEET_NOT_FOUND" });
  });
});
