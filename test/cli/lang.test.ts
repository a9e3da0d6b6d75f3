/**
 * The workbook's language follows the user: the default --lang comes from the locale, and a Chinese
 * workbook says everything in Chinese, the issues sheet and the summary's warnings included.
 */
import type ExcelJS from "exceljs";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { langFromLocale } from "../../src/cli/locale";
import { rejectMessage, rejectReasonText, warningText } from "../../src/core/report/messages";
import type { RejectedRow, RejectReason } from "../../src/core/types";
import { readWorkbook, runCliIn } from "../support/cli";

const tmp = mkdtempSync(join(tmpdir(), "crm-lang-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("langFromLocale", () => {
  it.each([
    [{ LANG: "zh_CN.UTF-8" }, "zh"],
    [{ LANG: "zh-TW" }, "zh"],
    [{ LANG: "zh" }, "zh"],
    [{ LANG: "zh_HK@stroke" }, "zh"],
    [{ LANG: "en_US.UTF-8" }, "en"],
    [{ LANG: "de_DE.UTF-8" }, "en"],
    [{ LANG: "C" }, "en"],
    [{ LANG: "POSIX" }, "en"],
    // LC_ALL wins over LC_MESSAGES, which wins over LANG; an empty variable counts as unset.
    [{ LC_ALL: "C", LC_MESSAGES: "zh_CN.UTF-8", LANG: "zh_CN.UTF-8" }, "en"],
    [{ LC_ALL: "", LC_MESSAGES: "zh_CN.UTF-8", LANG: "en_US.UTF-8" }, "zh"],
    [{ LC_MESSAGES: "en_GB.UTF-8", LANG: "zh_CN.UTF-8" }, "en"],
    // No variable: the runtime's locale.
    [{ intl: "zh-CN" }, "zh"],
    [{ intl: "en-US" }, "en"],
    [{ LANG: "en_US.UTF-8", intl: "zh-CN" }, "en"],
    [{}, "en"],
  ])("%j → %s", (env, lang) => {
    expect(langFromLocale(env)).toBe(lang);
  });
});

/*
 * Three customers; row 3 has a date that is no date (month 13), row 5 a blank customer. Only A1 and
 * A2 are left, with one purchase each on different days.
 */
const CSV = "customer,date,amount\nA1,2024-01-05,120\nA2,2024-13-45,5\nA2,2024-02-01,80\n,2024-03-01,9\n";

function rowsOf(ws: ExcelJS.Worksheet, width: number): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) out.push(Array.from({ length: width }, (_, c) => ws.getRow(r).getCell(c + 1).value ?? null));
  return out;
}

async function segmentIn(locale: Record<string, string>, name: string, ...extra: string[]): Promise<ExcelJS.Workbook> {
  const input = join(tmp, `${name}.csv`);
  writeFileSync(input, CSV);
  const out = join(tmp, `${name}.xlsx`);
  const { code, err } = await runCliIn(locale, "segment", input, "-o", out, ...extra);
  expect(err).not.toMatch(/error/i);
  expect(code).toBe(0);
  return readWorkbook(out);
}

const names = (wb: ExcelJS.Workbook) => wb.worksheets.slice(1).map((w) => w.name);

describe("the default language of the workbook", () => {
  it("is English for an English or C locale, Chinese for a Chinese one; --lang overrides", async () => {
    expect(names(await segmentIn({ LANG: "en_US.UTF-8" }, "en-locale"))).toEqual(
      expect.arrayContaining(["Customers", "Summary", "Issues"]),
    );
    expect(names(await segmentIn({ LANG: "C" }, "c-locale"))).toEqual(expect.arrayContaining(["Customers", "Summary", "Issues"]));
    expect(names(await segmentIn({ LC_ALL: "zh_CN.UTF-8", LANG: "en_US.UTF-8" }, "zh-locale"))).toEqual(
      expect.arrayContaining(["客户", "汇总", "问题行"]),
    );
    expect(names(await segmentIn({ LANG: "zh_CN.UTF-8" }, "zh-locale-en", "--lang", "en"))).toEqual(
      expect.arrayContaining(["Customers", "Summary", "Issues"]),
    );
    expect(names(await segmentIn({ LANG: "en_US.UTF-8" }, "en-locale-zh", "--lang", "zh"))).toEqual(
      expect.arrayContaining(["客户", "汇总", "问题行"]),
    );
  });

  it("follows the locale for clv as well", async () => {
    const input = join(tmp, "clv.csv");
    writeFileSync(
      input,
      "customer,date,amount\nA,2024-01-01,10\nA,2024-02-01,20\nB,2024-01-10,5\nC,2024-01-15,8\nC,2024-03-01,9\nD,2024-02-20,7\n",
    );
    const sheetNames = async (locale: Record<string, string>, out: string, ...extra: string[]) => {
      const { code } = await runCliIn(locale, "clv", input, "--calibration-end", "2024-03-31", "-o", join(tmp, out), ...extra);
      expect(code).toBe(0);
      return (await readWorkbook(join(tmp, out))).worksheets.map((w) => w.name);
    };
    expect(await sheetNames({ LANG: "en_US.UTF-8" }, "clv-en.xlsx")).toContain("Parameters");
    expect(await sheetNames({ LANG: "en_US.UTF-8" }, "clv-zh.xlsx", "--lang", "zh")).not.toContain("Parameters");
    expect(await sheetNames({ LANG: "zh_CN.UTF-8" }, "clv-zh2.xlsx")).not.toContain("Parameters");
  });
});

describe("a Chinese workbook", () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await segmentIn({ LANG: "zh_CN.UTF-8" }, "zh-issues");
  });

  it("has its issues sheet in Chinese: headers, reasons, and messages naming the column and the value", () => {
    const issues = rowsOf(wb.getWorksheet("问题行")!, 6);
    expect(issues).toEqual([
      ["行号", "原因", "说明", "customer", "date", "amount"],
      [3, "日期无法识别", '第 3 行：“date”列的值 "2024-13-45" 不是可识别的日期。', "A2", "2024-13-45", "5"],
      [5, "客户编号为空", "第 5 行：“customer”列为空，每行都需要客户编号。", null, "2024-03-01", "9"],
    ]);
  });

  it("writes the summary's warnings in Chinese", () => {
    const summary = rowsOf(wb.getWorksheet("汇总")!, 2);
    const warnings = summary.filter((r) => r[0] === "提示").map((r) => r[1] as string);
    // Two buyers with one purchase each: no variation in frequency, at least.
    expect(warnings).toContain("F（购买频次）无差异：所有有购买的客户购买次数相同。");
    for (const w of warnings) expect(w).toMatch(/[\u4e00-\u9fff]/);
    expect(warnings.join(" ")).not.toMatch(/[A-Za-z]{4,}/);
  });

  it("is English throughout with --lang en", async () => {
    const en = await segmentIn({ LANG: "zh_CN.UTF-8" }, "en-issues", "--lang", "en");
    const issues = rowsOf(en.getWorksheet("Issues")!, 3);
    expect(issues[0]).toEqual(["Row", "Reason", "Message"]);
    expect(issues.slice(1).map((r) => r[1])).toEqual(["Date cannot be read", "Customer is blank"]);
    expect(issues[1][2]).toMatch(/^Row 3: column "date": "2024-13-45" /);
    const warnings = rowsOf(en.getWorksheet("Summary")!, 2)
      .filter((r) => r[0] === "Warning")
      .map((r) => r[1]);
    expect(warnings).toContain("No variation in frequency among the customers with a purchase.");
  });
});

describe("messages", () => {
  const row = (reason: string, values: (string | number | null)[], row = 9): RejectedRow => ({
    row,
    reason: reason as RejectReason,
    message: `Row ${row}: english`,
    values,
  });

  it("has a text for the totals row that ingest leaves out", () => {
    expect(rejectReasonText("TOTALS_ROW", "zh")).toBe("合计行，已排除");
    expect(rejectReasonText("TOTALS_ROW", "en")).toBe("Totals row, left out");
    expect(
      rejectMessage(row("TOTALS_ROW", ["合计", null, 1234]), "zh", ["客户", "日期", "金额"], { customer: 0, date: 1, amount: 2 }),
    ).toBe("第 9 行：合计行，已排除。");
  });

  it("names the column by its position when the header is blank, and Excel errors as such", () => {
    const mapping = { customer: 0, date: 1, amount: 2 };
    expect(rejectMessage(row("BAD_AMOUNT", ["A", 45000, "#N/A"]), "zh", ["客户", "日期", ""], mapping)).toBe(
      '第 9 行：第 3 列的值 "#N/A" 是 Excel 错误值。',
    );
    expect(rejectMessage(row("BAD_COST", ["A", 45000, 5, "abc"]), "zh", ["c", "d", "a", "毛利"], { ...mapping, profit: 3 })).toBe(
      '第 9 行：“毛利”列的值 "abc" 不是数字。',
    );
    // English keeps the core's own message; an unknown code keeps its code and message.
    expect(rejectMessage(row("BAD_DATE", ["A", "x", 5]), "en", ["c", "d", "a"], mapping)).toBe("Row 9: english");
    expect(rejectReasonText("SOMETHING_NEW", "zh")).toBe("SOMETHING_NEW");
    expect(rejectMessage(row("SOMETHING_NEW", ["A"]), "zh", ["c"], mapping)).toBe("Row 9: english");
  });

  it("translates warnings by code, keeping the English for a code it does not know", () => {
    expect(warningText({ code: "NO_ACTIVE", message: "No customer has a purchase" }, "zh")).toBe(
      "统计期内没有客户有有效购买（净额为正的订单）。",
    );
    expect(warningText({ code: "NO_ACTIVE", message: "No customer has a purchase" }, "en")).toBe("No customer has a purchase");
    expect(warningText({ code: "NEW_CODE", message: "Something new" }, "zh")).toBe("Something new");
  });
});
