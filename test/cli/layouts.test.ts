/**
 * Tables as real exports give them, through the command line: title lines above the header, a
 * totals row below the data, a cover sheet before the data sheet, CLVTools' generic headers. Each
 * must give the customers that the same data in a clean table give.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { runCli } from "../support/cli";

const tmp = mkdtempSync(join(tmpdir(), "crm-layouts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** 30 purchases of 9 customers over 1997, amounts with cents; their sum is written in the totals rows. */
const SALES: { id: number; day: string; cds: number; paid: number }[] = [];
for (let i = 0; i < 30; i++) {
  const id = ((i * 7) % 9) + 1;
  const cds = (i % 5) + 1;
  SALES.push({
    id,
    day: `1997-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`,
    cds,
    paid: cds * 12 + (i % 4) * 0.25,
  });
}
const TOTAL = SALES.reduce((s, r) => s + r.paid, 0);

/** Rows of a CSV output, tolerant of a leading byte-order mark. */
function csvRows(path: string): string[][] {
  return parseCsv(readFileSync(path, "utf8").replace(/^\ufeff/, "")).records;
}

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

async function customers(input: string, ...flags: string[]): Promise<{ rows: string[][]; err: string }> {
  const out = join(tmp, `${input.split(/[\\/]/).pop()}-customers.csv`);
  const r = await runCli("segment", input, "--csv", out, "--as-of", "1997-12-31", ...flags);
  expect([r.code, r.err]).toEqual([0, expect.any(String)]);
  return { rows: csvRows(out), err: r.err };
}

const clean = write("clean.csv", ["Customer ID,Order Date,Amount", ...SALES.map((s) => `${s.id},${s.day},${s.paid}`)]);
let expected: string[][];
beforeAll(async () => {
  expected = (await customers(clean)).rows;
  expect(expected.length).toBe(10); // header + 9 customers
});

describe("CSV layouts", () => {
  it("a Chinese title, a blank line and an export line above the header, 合计 at the bottom", async () => {
    const path = write("titled-zh.csv", [
      "2024年销售明细,,",
      ",,",
      "导出时间: 2024-06-01,,",
      "客户编号,下单日期,金额",
      ...SALES.map((s) => `${s.id},${s.day},${s.paid}`),
      `合计,,${TOTAL.toFixed(2)}`,
    ]);
    const { rows, err } = await customers(path);
    expect(rows).toEqual(expected);
    // Header on line 4, 30 sales on lines 5–34, the totals on line 35.
    expect(err).toContain("1 totals row left out (row 35)");
  });

  it("an English report title and a Grand Total row with a blank customer", async () => {
    const path = write("titled-en.csv", [
      "Sales by customer - FY1997",
      "Customer ID,Order Date,Amount",
      ...SALES.map((s) => `${s.id},${s.day},${s.paid}`),
      `,,${TOTAL.toFixed(2)}`,
    ]);
    const { rows, err } = await customers(path);
    expect(rows).toEqual(expected);
    expect(err).toContain("1 totals row left out (row 33)");
  });

  it('CLVTools\' "Id","Date","CDs","Price": customer Id, amount Price, with warnings saying so', async () => {
    const path = write("clvtools.csv", [
      '"Id","Date","CDs","Price"',
      ...SALES.map((s) => `${s.id},${s.day.replace(/-/g, "")},${s.cds},${s.paid}`),
    ]);
    const { rows, err } = await customers(path);
    expect(rows).toEqual(expected);
    expect(err).toContain('The customer column ("Id") was recognised from its values');
    expect(err).toContain('The amount column ("Price") is a price, used as the amount');
  });

  it('"Id","Date","Price": segment and clv both read it', async () => {
    const path = write("clvtools3.csv", ['"Id","Date","Price"', ...SALES.map((s) => `${s.id},${s.day.replace(/-/g, "")},${s.paid}`)]);
    expect((await customers(path)).rows).toEqual(expected);
    const r = await runCli("clv", path, "--calibration-end", "1997-09-30", "--csv", join(tmp, "clv3-out.csv"));
    expect(r.code).toBe(0);
    expect(r.err).toContain('The customer column ("Id") was recognised from its values');
  });

  it("two columns that both look like customer ids: refused, naming both and the flags", async () => {
    const path = write("ambiguous.csv", ["Id,Code,Date,Price", ...SALES.map((s, i) => `${s.id},${(i % 8) + 1},${s.day},${s.paid}`)]);
    for (const command of [
      ["segment", "--csv", join(tmp, "amb.csv")],
      ["clv", "--calibration-end", "1997-09-30", "--csv", join(tmp, "amb-clv.csv")],
    ]) {
      const r = await runCli(command[0], path, ...command.slice(1));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /^crm-segments: cannot tell which column is the customer: "(Id|Code)" or "(Id|Code)" \(both look like ids\); use --customer "(Id|Code)" --amount "Price"\n$/,
      );
    }
    expect((await customers(path, "--customer", "Id")).rows).toEqual(expected);
  });
});

describe("workbook layouts", () => {
  async function workbook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    const path = join(tmp, name);
    await wb.xlsx.writeFile(path);
    return path;
  }
  const addSales = (ws: ExcelJS.Worksheet) => {
    for (const s of SALES) ws.addRow([s.id, new Date(`${s.day}T00:00:00Z`), s.paid]);
  };

  it("a cover sheet before the data sheet: the data sheet is read, and said so", async () => {
    const path = await workbook("cover.xlsx", (wb) => {
      const cover = wb.addWorksheet("Cover");
      cover.addRow(["Quarterly sales pack"]);
      cover.addRow(["Prepared by", "Finance"]);
      cover.addRow(["Contents", "Orders, Summary"]);
      const orders = wb.addWorksheet("Orders");
      orders.addRow(["Customer ID", "Order Date", "Amount"]);
      addSales(orders);
    });
    const { rows, err } = await customers(path);
    expect(rows).toEqual(expected);
    expect(err).toContain("read sheet 'Orders' (the first sheet 'Cover' holds no transactions); use --sheet to choose");
  });

  it("title rows above the header and a 总计 row: sheet rows in the messages", async () => {
    const path = await workbook("titled.xlsx", (wb) => {
      const ws = wb.addWorksheet("明细");
      ws.addRow(["2024年销售明细"]);
      ws.addRow([]);
      ws.addRow(["导出时间: 2024-06-01"]);
      ws.addRow(["客户编号", "下单日期", "金额"]);
      addSales(ws);
      ws.addRow(["总计", null, TOTAL]);
    });
    const { rows, err } = await customers(path);
    expect(rows).toEqual(expected);
    expect(err).toContain("1 totals row left out (row 35)");
  });

  it("--sheet still reads the sheet named", async () => {
    const path = await workbook("two.xlsx", (wb) => {
      wb.addWorksheet("Cover").addRow(["Nothing here"]);
      const orders = wb.addWorksheet("Orders");
      orders.addRow(["Customer ID", "Order Date", "Amount"]);
      addSales(orders);
    });
    const r = await runCli("segment", path, "--sheet", "Cover", "--csv", join(tmp, "cover-out.csv"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/No column found/);
  });
});
