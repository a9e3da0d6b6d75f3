/**
 * One computation, two doors: =CRM.RFM over the sample workbook's columns gives, customer for
 * customer, the numbers of `crm-segments segment samples/sales.csv --csv`: the same rows as text
 * (synthetic.test.ts checks both against the generator), which the command line parses in a tenth
 * of the workbook's time.
 */
import "./excel-globals";
import ExcelJS from "exceljs";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main } from "../../src/cli/main";
import { parseCsv } from "../../src/cli/csv";
import { rfm } from "../../src/functions/rfm";
import { serial } from "../support/appendix-a";
import { readCsvOutput } from "../support/cli";
import { expectEachStrictEqual } from "../support/strict-equal";

const SAMPLE = join(__dirname, "..", "..", "samples", "sales.xlsx");
const SAMPLE_CSV = join(__dirname, "..", "..", "samples", "sales.csv");

/** A cell as Excel hands it to a custom function: dates as serial numbers, blanks as "". */
function excelValue(value: ExcelJS.CellValue): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return serial(value.toISOString().slice(0, 10));
  if (typeof value === "object") return String((value as { result?: unknown }).result ?? "");
  return value;
}

test("CRM.RFM on samples/sales.xlsx equals the CLI's customer CSV of the same rows", async () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-rfm-parity-"));
  try {
    const csvOut = join(dir, "customers.csv");
    const status = await main(["segment", SAMPLE_CSV, "--csv", csvOut, "--lang", "en"], { out: () => undefined, err: () => undefined });
    expect(status).toBe(0);
    const [csvHeader, ...cliRows] = parseCsv(readCsvOutput(csvOut)).records;

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(SAMPLE);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    const column = (name: string) => {
      const index = header.indexOf(name) + 1;
      expect(index).toBeGreaterThan(0);
      const cells: (string | number | boolean)[][] = [];
      for (let r = 2; r <= sheet.rowCount; r++) cells.push([excelValue(sheet.getRow(r).getCell(index).value)]);
      return cells;
    };
    // The sample's own headers: Customer ID, Order Date, Order ID, Quantity, Unit Price, Amount, Cost.
    const spill = rfm(column("Customer ID"), column("Order Date"), column("Amount"), column("Order ID"), null, "W11", null, "en", false);

    const cli = new Map(cliRows.map((row) => [row[csvHeader.indexOf("customer_id")], row]));
    expect(spill.length).toBe(cli.size);
    const field = (row: string[], name: string) => row[csvHeader.indexOf(name)];
    // Both sides collected and compared once (an expect() per customer costs half a second).
    const [functions, fromCli]: unknown[][] = [[], []];
    for (const [id, recency, frequency, monetary, r, f, m, code, , segment] of spill) {
      const row = cli.get(String(id));
      functions.push([id, recency, frequency, monetary, r, f, m, code, segment]);
      if (!row) {
        fromCli.push([id, "not in the CLI's CSV"]);
        continue;
      }
      fromCli.push([
        id,
        Number(field(row, "recency_days")),
        Number(field(row, "frequency")),
        Number(field(row, "monetary")),
        Number(field(row, "r_score")),
        Number(field(row, "f_score")),
        Number(field(row, "m_score")),
        Number(field(row, "rfm_code")),
        field(row, "segment"),
      ]);
    }
    expectEachStrictEqual(functions, fromCli);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
