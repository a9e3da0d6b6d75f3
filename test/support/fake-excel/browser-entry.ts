/**
 * The fake's browser build: stands in for Office.js (the CDN script) in the browser test. Reads
 * `window.__fakeExcelConfig` if a script set it first, installs `Excel`, `Office`, `OfficeExtension`
 * and `CustomFunctions` on window over a workbook with one empty sheet, and exposes the FakeExcel as
 * `window.__fakeExcel` for seeding and inspection (read, snapshot, effectiveFillAt, setSetting, …).
 */
import { FakeExcel, type FakeExcelOptions } from "./fake";
import { installFakeOffice, type FakeOfficeOptions } from "./office";

export interface FakeExcelConfig extends FakeExcelOptions, FakeOfficeOptions {
  /** Sheets the workbook starts with; default ["Sheet1"], as a new Excel workbook. */
  sheets?: string[];
}

const host = window as unknown as { __fakeExcelConfig?: FakeExcelConfig; __fakeExcel?: FakeExcel };
const config = host.__fakeExcelConfig ?? {};
const fake = new FakeExcel({ apiVersion: config.apiVersion, latencyMs: config.latencyMs, limits: config.limits });
for (const name of config.sheets ?? ["Sheet1"]) fake.addSheet(name);
installFakeOffice(fake, { displayLanguage: config.displayLanguage, theme: config.theme }, window);
host.__fakeExcel = fake;
