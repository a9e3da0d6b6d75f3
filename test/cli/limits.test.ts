/**
 * Excel's limits in the command line's workbooks, with the limits lowered (a 50-row sheet, a
 * 20-character cell) so small generated files stand in for 5-million-row exports; and amounts
 * beyond what can be summed.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { cellNumber, cellText, EXCEL_LIMITS, sheetParts } from "../../src/core/report/excel-limits";
import { FIXTURES } from "../core/btyd/cdnow";
import { readCsvOutput, readWorkbook, runCli } from "../support/cli";

const tmp = mkdtempSync(join(tmpdir(), "crm-limits-"));
const DEFAULTS = { ...EXCEL_LIMITS };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => Object.assign(EXCEL_LIMITS, DEFAULTS));

const day = (d: number) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);

/** `customers` customers C001…, each with `perCustomer` purchases a week apart; one row per purchase. */
function sales(name: string, customers: number, perCustomer: number, id = (k: number) => `C${String(k + 1).padStart(3, "0")}`): string {
  const lines = ["customer,date,amount"];
  for (let p = 0; p < perCustomer; p++)
    for (let k = 0; k < customers; k++) lines.push(`${id(k)},${day((k % 30) + 7 * p)},${10 + (k % 13)}`);
  const path = join(tmp, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** The CDNOW sample (real purchases, 2,357 customers 1…2357) as an export; `id` renames customers. */
function cdnow(name: string, id = (n: number) => String(n)): string {
  const lines = ["customer,date,amount"];
  for (const line of readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 5) lines.push(`${id(Number(f[1]))},${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)},${f[4]}`);
  }
  const path = join(tmp, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

function values(ws: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

describe("the core's limit rules", () => {
  it("blanks non-finite numbers, cuts text to a cell without splitting a surrogate pair, and parts rows per sheet", () => {
    expect([cellNumber(NaN), cellNumber(Infinity), cellNumber(-Infinity), cellNumber(-0.5), cellNumber(null)]).toEqual([
      null,
      null,
      null,
      -0.5,
      null,
    ]);
    EXCEL_LIMITS.cellChars = 5;
    expect(cellText("abcdefg")).toBe("abcde");
    expect(cellText("abcd😀")).toBe("abcd"); // the emoji is two code units, the 5th and 6th
    expect(cellText("abcde")).toBe("abcde");
    EXCEL_LIMITS.rows = 4;
    // 3 rows fit below one header row; 7 rows make 3 + 3 + 1.
    expect(sheetParts([1, 2, 3], 1)).toEqual([[1, 2, 3]]);
    expect(sheetParts([1, 2, 3, 4, 5, 6, 7], 1)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });
});

describe("segment: a data sheet never exceeds a sheet's rows", () => {
  it("copies the data when header + rows fit exactly (50 = 1 + 49)", async () => {
    EXCEL_LIMITS.rows = 50;
    const input = sales("fits.csv", 49, 1);
    const out = join(tmp, "fits.xlsx");
    const { code, err } = await runCli("segment", input, "-o", out, "--lang", "en");
    expect(code).toBe(0);
    expect(err).not.toMatch(/leaves out|more than a sheet/);
    const wb = await readWorkbook(out);
    expect(wb.worksheets[0].name).toBe("fits");
    expect(wb.worksheets[0].rowCount).toBe(50);
  });

  it("leaves the data copy out one row later, says so on stderr and on the summary, and keeps every customer", async () => {
    EXCEL_LIMITS.rows = 50;
    // 25 customers × 2 purchases = 50 data rows: 51 sheet rows with the header.
    const input = sales("long.csv", 25, 2);
    const out = join(tmp, "long.xlsx");
    const csv = join(tmp, "long-customers.csv");
    const { code, err } = await runCli("segment", input, "-o", out, "--csv", csv, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(/warning: The source table has 50 rows, more than a sheet holds \(50\): the workbook leaves out its copy/);
    const wb = await readWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).not.toContain("long");
    expect(wb.worksheets[0].name).toBe("Customers");
    // The summary's own tables are longer than this toy limit; the data tables are what can grow.
    for (const ws of wb.worksheets) if (ws.name !== "Summary") expect(ws.rowCount).toBeLessThanOrEqual(50);
    expect(
      values(wb.getWorksheet("Customers")!)
        .slice(1)
        .map((r) => r[0]),
    ).toHaveLength(25);
    const summary = values(wb.getWorksheet("Summary")!).map((r) => r.join("|"));
    expect(summary.some((line) => /^Note\|The source table has 50 rows/.test(line))).toBe(true);
    expect(parseCsv(readCsvOutput(csv)).records).toHaveLength(26);
  });

  it("continues a customers sheet longer than a sheet on 'Customers (2)', …, the CSV complete", async () => {
    EXCEL_LIMITS.rows = 50;
    // 120 customers: 49 + 49 + 22 below the header of each part.
    const input = sales("many.csv", 120, 1);
    const out = join(tmp, "many.xlsx");
    const csv = join(tmp, "many-customers.csv");
    const { code, err } = await runCli("segment", input, "-o", out, "--csv", csv, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(
      /warning: 120 rows are more than a sheet holds \(50\): they continue in turn on "Customers", "Customers \(2\)", "Customers \(3\)"/,
    );
    const wb = await readWorkbook(out);
    for (const ws of wb.worksheets) if (ws.name !== "Summary") expect(ws.rowCount).toBeLessThanOrEqual(50);
    const parts = ["Customers", "Customers (2)", "Customers (3)"].map((name) => values(wb.getWorksheet(name)!));
    expect(parts.map((p) => p.length)).toEqual([50, 50, 23]);
    for (const p of parts) expect(p[0][0]).toBe("Customer ID");
    const ids = parts.flatMap((p) => p.slice(1).map((r) => r[0]));
    expect(ids).toEqual(Array.from({ length: 120 }, (_, k) => `C${String(k + 1).padStart(3, "0")}`));
    expect(
      parseCsv(readCsvOutput(csv))
        .records.slice(1)
        .map((r) => r[0]),
    ).toEqual(ids);
  });
});

describe("clv: the customers sheet within a sheet's rows", () => {
  it("continues on further customer sheets with a warning and a note on the parameters sheet", async () => {
    EXCEL_LIMITS.rows = 1000;
    // 2,357 customers → 999 + 999 + 359 below a header each.
    const out = join(tmp, "clv-many.xlsx");
    const { code, err } = await runCli("clv", cdnow("clv-many.csv"), "--calibration-end", "1997-09-30", "-o", out, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(/warning: 2,357 customers are more than a sheet holds \(1,000 rows\): they continue on 3 customer sheets/);
    const wb = await readWorkbook(out);
    const parts = ["Customers", "Customers (2)", "Customers (3)"].map((name) => values(wb.getWorksheet(name)!));
    expect(parts.map((p) => p.length)).toEqual([1000, 1000, 360]);
    expect(parts.flatMap((p) => p.slice(1).map((r) => r[0]))).toEqual(Array.from({ length: 2357 }, (_, k) => String(k + 1)));
    expect(values(wb.getWorksheet("Parameters")!).some((r) => r[0] === "Note")).toBe(true);
  });
});

describe("cells longer than a cell holds", () => {
  // Longer than any label or note the workbooks write, so only the id is cut.
  const long = `L${"x".repeat(299)}`; // 300 characters

  it("are cut in the workbook with a warning naming the sheets and rows; the CSV keeps them whole", async () => {
    EXCEL_LIMITS.cellChars = 200;
    // The long id is the 3rd customer: data rows 4 and 9 (two purchases), customers sheet row 4, and
    // once on its segment sheet: 4 cells.
    const input = sales("long-cell.csv", 5, 2, (k) => (k === 2 ? long : `C${k + 1}`));
    const out = join(tmp, "long-cell.xlsx");
    const csv = join(tmp, "long-cell.csv.out");
    const { code, err } = await runCli("segment", input, "-o", out, "--csv", csv, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(
      /warning: 4 cells longer than 200 characters \(what an Excel cell holds\) cut in the workbook: sheet "long-cell" rows 4, 9; sheet "Customers" row 4; sheet "[^"]+" row \d+\n/,
    );
    const wb = await readWorkbook(out);
    expect(wb.getWorksheet("long-cell")!.getCell("A4").value).toBe(long.slice(0, 200));
    expect(wb.getWorksheet("Customers")!.getCell("A4").value).toBe(long.slice(0, 200));
    for (const ws of wb.worksheets)
      ws.eachRow((row) => row.eachCell((c) => expect(typeof c.value === "string" ? c.value.length : 0).toBeLessThanOrEqual(200)));
    expect(parseCsv(readCsvOutput(csv)).records.map((r) => r[0])).toContain(long);
  });

  it("are cut in the clv workbook too", async () => {
    EXCEL_LIMITS.cellChars = 200;
    const input = cdnow("clv-long.csv", (n) => (n === 1 ? long : String(n)));
    const out = join(tmp, "clv-long.xlsx");
    const { code, err } = await runCli("clv", input, "--calibration-end", "1997-09-30", "-o", out, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(
      /warning: 1 cell longer than 200 characters \(what an Excel cell holds\) cut in the workbook: sheet "Customers" row 2\n/,
    );
    expect((await readWorkbook(out)).getWorksheet("Customers")!.getCell("A2").value).toBe(long.slice(0, 200));
  });
});

describe("amounts beyond what can be summed", () => {
  const write = (name: string, body: string) => {
    const path = join(tmp, name);
    writeFileSync(path, `customer,date,amount\n${body}`);
    return path;
  };

  it("are an error naming the rows, for segment and clv, and no output is written", async () => {
    // 1e308 + 1e308 is Infinity (the largest double is about 1.8e308): sheet rows 3 and 5.
    const input = write("overflow.csv", "A,2024-01-02,10\nB,2024-01-03,1e308\nC,2024-01-04,20\nB,2024-01-05,1e308\nC,2024-01-06,5\n");
    const seg = await runCli("segment", input, "--csv", join(tmp, "never.csv"));
    expect(seg.code).toBe(2);
    expect(seg.err).toMatch(/^crm-segments: .*overflow\.csv: rows 3, 5: amounts beyond what can be summed .*; check the amount column\n$/);
    const clv = await runCli("clv", input, "--calibration-end", "2024-01-31", "--csv", join(tmp, "never.csv"));
    expect(clv.code).toBe(2);
    expect(clv.err).toMatch(/overflow\.csv: rows 3, 5: amounts beyond what can be summed/);
  });

  it("also when each customer's sum is finite but the total is not", async () => {
    const input = write("overflow-total.csv", "A,2024-01-02,10\nB,2024-01-03,1e308\nC,2024-01-04,1e308\n");
    const { code, err } = await runCli("segment", input, "--csv", join(tmp, "never.csv"));
    expect([code, err]).toEqual([2, expect.stringMatching(/rows 3, 4: amounts beyond what can be summed/)]);
  });

  it("are not an error when huge but summable, and no cell is NaN or infinite", async () => {
    const input = write("huge.csv", "A,2024-01-02,1e300\nB,2024-01-03,2e300\nC,2024-01-04,-5e300\nD,2024-01-05,0\n");
    const out = join(tmp, "huge.xlsx");
    const { code } = await runCli("segment", input, "-o", out, "--lang", "en");
    expect(code).toBe(0);
    const wb = await readWorkbook(out);
    for (const ws of wb.worksheets)
      ws.eachRow((row) => row.eachCell((c) => expect(typeof c.value === "number" ? Number.isFinite(c.value) : true).toBe(true)));
    // Total positive value 1e300 + 2e300 = 3e300 (C nets negative), as the summary shows it.
    const summary = values(wb.getWorksheet("Summary")!);
    expect(summary.find((r) => r[0] === "Total positive value")?.[1]).toBeCloseTo(3e300, -290);
  });
});
