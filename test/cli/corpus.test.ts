/**
 * The command line on exports as they come: the same transactions in every encoding, dialect and
 * layout of test/support/export-corpus.ts give the customers table of the clean UTF-8 file, in the
 * CSV and in the workbook, and every shape's oddity is told in a warning, never silently.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { csvText, encode, lines, NAMES, xlsxBytes, type Line } from "../support/export-corpus";
import { readCsvOutput, readWorkbook, runCli } from "../support/cli";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "crm-corpus-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
interface Outcome {
  code: number;
  err: string;
  csv: string[][];
  customersSheet: unknown[][];
}

/** Runs `segment` on the bytes with both outputs; the customers CSV parsed and the customers sheet's values. */
async function segment(bytes: Buffer, ext: string, ...flags: string[]): Promise<Outcome> {
  const input = join(dir, `in-${++n}${ext}`);
  writeFileSync(input, bytes);
  const csv = join(dir, `out-${n}.csv`);
  const xlsx = join(dir, `out-${n}.xlsx`);
  const { code, err } = await runCli("segment", input, "--csv", csv, "-o", xlsx, "--lang", "en", ...flags);
  if (code !== 0) return { code, err, csv: [], customersSheet: [] };
  const wb = await readWorkbook(xlsx);
  const sheet = wb.getWorksheet("Customers");
  const customersSheet: unknown[][] = [];
  sheet?.eachRow((row) => customersSheet.push((row.values as unknown[]).slice(1)));
  return { code, err, csv: parseCsv(readCsvOutput(csv)).records, customersSheet };
}

const clean = new Map<string, Outcome>();
async function reference(names: keyof typeof NAMES): Promise<Outcome> {
  let ref = clean.get(names);
  if (!ref) clean.set(names, (ref = await segment(encode(csvText(lines(NAMES[names])), "utf8"), ".csv")));
  expect({ code: ref.code, err: ref.err }).toEqual({ code: 0, err: expect.not.stringContaining("warning: read") });
  return ref;
}

async function expectSameAsClean(names: keyof typeof NAMES, got: Outcome, warnings: RegExp[] = []): Promise<void> {
  const ref = await reference(names);
  expect({ code: got.code, err: got.err }).toEqual({ code: 0, err: expect.any(String) });
  expect(got.csv).toEqual(ref.csv);
  expect(got.customersSheet).toEqual(ref.customersSheet);
  for (const w of warnings) expect(got.err).toMatch(w);
}

test("the clean file: six customers, the returns-only and the $0-only one without a counted purchase", async () => {
  const ref = await reference("simplified");
  const [header, ...rows] = ref.csv;
  const at = (name: string) => rows.find((r) => r[0] === name) as string[];
  const col = (name: string) => header.indexOf(name);
  expect(rows).toHaveLength(6);
  // 李四: 80 + 45.5 − 20 (a return on its own day, a negative order) = 105.5 over 2 counted purchases.
  expect([at("李四")[col("frequency")], at("李四")[col("monetary")]]).toEqual(["2", "105.5"]);
  // 张三: 120.5 + 35.25 + 60 = 215.75 over 3; 王五: 1500 + 230.75 = 1730.75 over 2; 赵六: 9.99 + 19.99 = 29.98.
  expect([at("张三")[col("frequency")], at("张三")[col("monetary")]]).toEqual(["3", "215.75"]);
  expect([at("王五")[col("frequency")], at("王五")[col("monetary")]]).toEqual(["2", "1730.75"]);
  expect(at("赵六")[col("monetary")]).toBe("29.98");
  for (const name of ["钱七", "孙八"])
    expect([at(name)[col("segment_code")], at(name)[col("segment")]]).toEqual(["NO_PURCHASE", "No valid purchase"]);
  expect(ref.customersSheet).toHaveLength(7);
});

describe("encodings", () => {
  const text = (names: keyof typeof NAMES) => csvText(lines(NAMES[names]));
  test.each([
    ["UTF-8 with BOM", "simplified", "utf8bom", ".csv", []],
    ["GB18030 (Chinese Excel's Save as CSV)", "simplified", "gb18030", ".csv", [/as GB18030/]],
    ["Big5", "traditional", "big5", ".csv", [/as Big5/i]],
    ["Windows-1252", "latin", "win1252", ".csv", [/as Windows-1252/i]],
  ] as const)("%s", async (_, names, encoding, ext, warnings) => {
    await expectSameAsClean(names, await segment(encode(text(names), encoding), ext), [...warnings]);
  });

  test.each([
    ["UTF-16 LE, tab-separated (Excel's Unicode text)", "utf16le"],
    ["UTF-16 BE", "utf16be"],
  ] as const)("%s", async (_, encoding) => {
    const tsv = csvText(lines(NAMES.simplified), { delimiter: "\t" });
    await expectSameAsClean("simplified", await segment(encode(tsv, encoding), ".txt"));
  });
});

describe("dialects and layouts", () => {
  const rows = (names: keyof typeof NAMES): Line[] => lines(NAMES[names]);
  test("semicolons, decimal commas and German dates", async () => {
    const text = csvText(rows("latin"), { delimiter: ";", decimalComma: true, dates: "de", header: ["Kunde", "Datum", "Betrag"] });
    await expectSameAsClean("latin", await segment(encode(text, "win1252"), ".csv"));
  });
  test.each([
    ["pipes, Chinese Excel dates", { delimiter: "|", dates: "zh" }, ".csv"],
    ["tabs, US Excel dates, LF", { delimiter: "\t", dates: "us", eol: "\n" }, ".tsv"],
  ] as const)("%s", async (_, shape, ext) => {
    await expectSameAsClean("simplified", await segment(encode(csvText(rows("simplified"), shape), "utf8"), ext));
  });
  test("a report title, a blank line and an export line above the header, a 合计 row below", async () => {
    const text = csvText(rows("simplified"), {
      title: ["2024年销售明细", "", "导出时间: 2024-07-01"],
      header: ["客户", "日期", "金额"],
      totals: "合计",
    });
    const got = await segment(encode(text, "gb18030"), ".csv");
    // The header is line 4; 12 sales on lines 5–16, the totals on line 17.
    await expectSameAsClean("simplified", got, [/1 totals row left out \(row 17\)/, /12 rows used, 0 rejected, 1 totals row left out;/]);
  });
  test("generic headers: Id, Date, Price", async () => {
    const got = await segment(encode(csvText(rows("latin"), { header: ["Id", "Date", "Price"] }), "utf8"), ".csv");
    await expectSameAsClean("latin", got, [/"Id".*from its values/, /"Price".*used as the amount/]);
  });
  test("formula-looking ids keep their text and are never a live formula in the CSV", async () => {
    const got = await segment(encode(csvText(rows("formulas"), { totals: "Grand Total" }), "utf8"), ".csv");
    await expectSameAsClean("formulas", got, [/1 totals row left out/]);
    for (const record of got.csv.slice(1)) expect(record[0]).not.toMatch(/^[=+\-@\t\r]/);
    expect(got.customersSheet.slice(1).map((r) => r[0])).toEqual(
      expect.arrayContaining(['=HYPERLINK("http://x.example","click")', "+1+2", "@SUM(A1:A9)"]),
    );
  });
  test("a workbook with a cover sheet, titles above the table and a Total row", async () => {
    const got = await segment(await xlsxBytes(rows("simplified"), { cover: true, title: ["Sales 2024", ""], totals: "Total" }), ".xlsx");
    await expectSameAsClean("simplified", got, [/read sheet 'Orders'/, /1 totals row left out \(row 16\)/]);
  });
  test("a workbook of Chinese names with formula-looking ids", async () => {
    await expectSameAsClean("formulas", await segment(await xlsxBytes(rows("formulas")), ".xlsx"));
  });
});
