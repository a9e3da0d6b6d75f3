/**
 * One line, never a trace: refusals exit 2 with one line, an internal error exits 1 with one line
 * (the stack only with --debug), a file with nothing below its header is a refusal, and a date
 * option far past the data is warned about.
 */
import ExcelJS from "exceljs";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as analyzeModule from "../../src/core/segment/analyze";
import { runCli } from "../support/cli";

const tmp = mkdtempSync(join(tmpdir(), "crm-errors-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lines = (text: string) => text.trimEnd().split("\n");

function csv(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

async function xlsx(name: string, rows: ExcelJS.CellValue[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Data");
  rows.forEach((r, i) => (ws.getRow(i + 1).values = r));
  const path = join(tmp, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const SALES = "customer,date,amount\nA,2024-01-01,10\nB,2024-06-01,20\nA,2024-12-31,5\n";

describe("an internal error", () => {
  afterEach(() => jest.restoreAllMocks());

  it("prints one line and exits 1", async () => {
    jest.spyOn(analyzeModule, "analyze").mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')\n  second line");
    });
    const { code, err } = await runCli("segment", csv("ok.csv", SALES), "--csv", join(tmp, "ok-out.csv"));
    expect(code).toBe(1);
    expect(err).toBe(
      "crm-segments: internal error: Cannot read properties of undefined (reading 'x') second line; run again with --debug for details\n",
    );
  });

  it("adds the stack trace with --debug", async () => {
    jest.spyOn(analyzeModule, "analyze").mockImplementation(() => {
      throw new TypeError("boom");
    });
    const { code, err } = await runCli("segment", csv("ok.csv", SALES), "--csv", join(tmp, "ok-out.csv"), "--debug");
    expect(code).toBe(1);
    expect(lines(err)[0]).toBe("crm-segments: internal error: boom; run again with --debug for details");
    expect(lines(err)[1]).toBe("TypeError: boom");
    expect(lines(err)[2]).toMatch(/^\s+at /);
  });

  it("--debug is accepted by both commands and takes no value", async () => {
    const ok = await runCli("segment", csv("ok.csv", SALES), "--csv", join(tmp, "debug.csv"), "--debug");
    expect(ok.code).toBe(0);
    const clv = await runCli(
      "clv",
      csv("ok.csv", SALES),
      "--calibration-end",
      "2024-12-31",
      "--csv",
      join(tmp, "debug-clv.csv"),
      "--debug",
    );
    expect(clv.code).toBe(0);
    const bad = await runCli("segment", csv("ok.csv", SALES), "--debug=yes");
    expect(bad).toMatchObject({ code: 2, err: "crm-segments: option '--debug' takes no value\n" });
  });
});

describe("a column that cannot be found", () => {
  it("is refused in one line naming the flags to give it with", async () => {
    // "a" holds text (a customer, from its values); nothing reads as a date or an amount.
    const { code, err } = await runCli("segment", csv("nocols.csv", "a,b\nx,y\n"), "--csv", join(tmp, "nocols-out.csv"));
    expect(code).toBe(2);
    expect(lines(err)).toHaveLength(1);
    expect(err).toMatch(/^crm-segments: No column found for order date, amount .* Name them here with --date COL --amount COL\.\n$/);
  });
});

describe("no data below the header", () => {
  const header = "customer,date,amount\n";
  it.each([
    ["segment", "header only", header],
    ["segment", "blank rows only", `${header},,\n\n ,  ,\n`],
    ["clv", "header only", header],
    ["clv", "blank rows only", `${header},,\n\n`],
  ])("%s, CSV with %s: exit 2, one line, nothing written", async (command, what, text) => {
    const input = csv(`${command}-${what.replace(/ /g, "-")}.csv`, text);
    const out = join(tmp, `${command}-${what.replace(/ /g, "-")}.xlsx`);
    const extra = command === "clv" ? ["--calibration-end", "2024-12-31"] : [];
    const { code, err } = await runCli(command, input, ...extra, "-o", out);
    expect(code).toBe(2);
    expect(err).toBe(`crm-segments: ${input}: no data rows below the header (row 1)\n`);
    expect(existsSync(out)).toBe(false);
  });

  it.each(["segment", "clv"])("%s, .xlsx with a title and a header only: names the header's row", async (command) => {
    const input = await xlsx(`${command}-titled.xlsx`, [["Sales export"], [], ["Customer", "Date", "Amount"]]);
    const out = join(tmp, `${command}-titled-out.xlsx`);
    const extra = command === "clv" ? ["--calibration-end", "2024-12-31"] : [];
    const { code, err } = await runCli(command, input, ...extra, "-o", out);
    expect(code).toBe(2);
    expect(err).toBe(`crm-segments: ${input}: no data rows below the header (row 3)\n`);
    expect(existsSync(out)).toBe(false);
  });
});

describe("no usable row", () => {
  it.each(["segment", "clv"])("%s refuses, naming the first bad row, instead of writing an empty report", async (command) => {
    const input = csv(`allbad-${command}.csv`, "customer,date,amount\nA,soon,10\nB,later,20\n");
    const { code, err } = await runCli(
      command,
      input,
      "--csv",
      join(tmp, `allbad-${command}.out.csv`),
      ...(command === "clv" ? ["--calibration-end", "2024-06-30"] : []),
    );
    expect(code).toBe(2);
    expect(lines(err)).toHaveLength(1);
    expect(err).toMatch(/none of the 2 data rows can be used \(first: Row 2: .*"soon"/);
    expect(existsSync(join(tmp, `allbad-${command}.out.csv`))).toBe(false);
  });
});

describe("a date option far past the data", () => {
  /*
   * The data runs 2024-01-01 to 2024-12-31: 365 days, 365 / 365.25 = 1.0 years. 2030-01-01 is
   * 1 + 365·5 + 1 (2028 is a leap year) = 1,827 days after 2024-12-31: 1827 / 365.25 = 5.0 years.
   */
  const input = () => csv("span.csv", SALES);

  it("warns for --as-of", async () => {
    const { code, err } = await runCli("segment", input(), "--as-of", "2030-01-01", "--csv", join(tmp, "span.csv.out.csv"));
    expect(code).toBe(0);
    expect(lines(err)).toContain(
      "crm-segments: warning: --as-of 2030-01-01 is 5.0 years after the last order date 2024-12-31, more than the data's own span (1.0 years); recency will be large for everyone",
    );
  });

  it("does not warn within the data's span (2025-06-30 is 181 days after the last date)", async () => {
    const { code, err } = await runCli("segment", input(), "--as-of", "2025-06-30", "--csv", join(tmp, "span2.csv"));
    expect(code).toBe(0);
    expect(err).not.toMatch(/--as-of/);
  });

  it("warns for --calibration-end", async () => {
    const { code, err } = await runCli("clv", input(), "--calibration-end", "2030-01-01", "--csv", join(tmp, "span-clv.csv"));
    expect(code).toBe(0);
    expect(lines(err)).toContain(
      "crm-segments: warning: --calibration-end 2030-01-01 is 5.0 years after the last order date 2024-12-31, more than the data's own span (1.0 years); every customer will look long gone (P(alive) low for everyone)",
    );
  });
});
