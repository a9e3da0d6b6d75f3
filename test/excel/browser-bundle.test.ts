/**
 * The fake's browser bundle (what the browser test serves in place of Office.js), run in a bare
 * script context: it must install the globals, honour __fakeExcelConfig and drive the WorkbookApi.
 */
import { runInContext, createContext } from "vm";
import { fakeOfficeBundle } from "../support/fake-excel/browser";

test("the bundle installs Excel and Office over a one-sheet workbook and exposes __fakeExcel", async () => {
  const code = await fakeOfficeBundle();
  // The browser globals the bundle uses.
  const window: Record<string, any> = {
    setTimeout,
    clearTimeout,
    console,
    TextEncoder,
    __fakeExcelConfig: { displayLanguage: "en-US", latencyMs: 1, apiVersion: "1.8" },
  };
  window.window = window;
  const context = createContext(window);
  runInContext(code, context);

  expect(typeof window.Excel.run).toBe("function");
  await expect(window.Office.onReady()).resolves.toMatchObject({ host: "Excel" });
  expect(window.Office.context.displayLanguage).toBe("en-US");
  expect(window.Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(false);
  const fake = window.__fakeExcel;
  expect(fake.sheetNames()).toEqual(["Sheet1"]);

  const name = await window.Excel.run(async (ctx: Excel.RequestContext) => {
    const sheet = ctx.workbook.worksheets.getActiveWorksheet();
    sheet.getRange("A1:B1").values = [["id", 5]];
    sheet.load("name");
    await ctx.sync();
    return sheet.name;
  });
  expect(name).toBe("Sheet1");
  expect(fake.read("Sheet1")).toEqual([["id", 5]]);
  fake.setSetting("k", { a: 1 });
  expect(window.Office.context.document.settings.get("k")).toEqual({ a: 1 });
  expect(fake.snapshot()).toMatchObject({ sheets: [{ name: "Sheet1", used: "Sheet1!A1:B1" }], active: "Sheet1", syncs: 1 });
  window.CustomFunctions.associate("CRM.RFM", () => 1);
  expect(window.CustomFunctions.associated.has("CRM.RFM")).toBe(true);
});
