/**
 * Writes the committed sample inputs from the synthetic generator (`npm run samples`):
 * - samples/sales.xlsx: 2,000 customers, 25,000 order lines over two years to 2024-06-29, with
 *   returns and 8 defective rows (so the issues sheet shows), dates as real Excel dates;
 * - samples/sales.csv: the same table as CSV with ISO dates (the same customers and numbers);
 * - samples/sales-zh.xlsx: a small table with Chinese headers.
 * The cells are the same on every run (ExcelJS stamps the zip entries with the time, so the bytes
 * are not).
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { dayFromYMD } from "../src/core/ingest/dates";
import { generateSales, generateSalesCsv, type SalesOptions } from "../src/core/sample/synthetic";

export const SALES: SalesOptions = {
  customers: 2000,
  rows: 25000,
  seed: 20240630,
  start: dayFromYMD(2022, 7, 1),
  days: 730,
  lang: "en",
  badRows: 8,
};

export const SALES_ZH: SalesOptions = { ...SALES, customers: 120, rows: 1500, seed: 88, badRows: 3, lang: "zh" };

/** Sheet names of the samples' single data sheet. */
export const SHEET = { en: "Sales", zh: "销售明细" };

const FORMATS = [null, "yyyy-mm-dd", null, "0", "#,##0.00", "#,##0.00", "#,##0.00"];

async function writeXlsx(path: string, options: SalesOptions): Promise<void> {
  const { header, rows } = generateSales(options);
  const wb = new ExcelJS.Workbook();
  wb.creator = "crm-segments samples";
  wb.created = wb.modified = new Date(Date.UTC(2024, 6, 1));
  const ws = wb.addWorksheet(SHEET[options.lang], { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  FORMATS.forEach((format, j) => {
    const column = ws.getColumn(j + 1);
    column.width = j === 1 || j === 2 ? 13 : 12;
    if (format) column.numFmt = format;
  });
  await wb.xlsx.writeFile(path);
}

async function main(): Promise<void> {
  // Run from lib/scripts after `npm run build:cli`: the samples live in the repository's samples/.
  const dir = join(__dirname, "..", "..", "samples");
  mkdirSync(dir, { recursive: true });
  await writeXlsx(join(dir, "sales.xlsx"), SALES);
  writeFileSync(join(dir, "sales.csv"), [...generateSalesCsv({ ...SALES, dates: "iso" })].join(""));
  await writeXlsx(join(dir, "sales-zh.xlsx"), SALES_ZH);
  process.stderr.write(`samples written to ${dir}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`make-samples: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
