/**
 * The workbook reader on damaged files: random bytes, truncations and byte flips of a valid .xlsx
 * either read or are refused with exit 2 and one line; never an internal error or a stack trace.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runCli } from "../support/cli";

let dir: string;
let valid: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-xlsx-fuzz-"));
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Cover").getCell("A1").value = "Sales export";
  const ws = wb.addWorksheet("Orders");
  ws.addRow(["客户", "日期", "金额"]);
  const names = ["张三", "李四", "王五", "José", '=HYPERLINK("x")'];
  for (let i = 0; i < 40; i++)
    ws.addRow([names[i % names.length], new Date(Date.UTC(2024, i % 12, 1 + (i % 27))), i % 7 === 0 ? -5 : 10 + i]);
  ws.addRow(["合计", null, 999]);
  valid = Buffer.from(await wb.xlsx.writeBuffer());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

let run = 0;
async function expectCleanOutcome(bytes: Uint8Array): Promise<void> {
  const input = join(dir, `in-${++run}.xlsx`);
  writeFileSync(input, bytes);
  const { code, err } = await runCli("segment", input, "--csv", join(dir, `out-${run}.csv`), "--lang", "en");
  // 0: it read; 2: refused with one line. Anything else is a crash.
  expect({ code, trace: /\n\s+at /.test(err) }).toEqual({ code: code === 0 ? 0 : 2, trace: false });
  if (code === 2)
    expect(
      err
        .trim()
        .split("\n")
        .filter((l) => !l.includes("warning:")),
    ).toHaveLength(1);
}

test("the valid workbook reads", async () => {
  const input = join(dir, "valid.xlsx");
  writeFileSync(input, valid);
  const { code, err } = await runCli("segment", input, "--csv", join(dir, "valid.csv"), "--lang", "en");
  expect({ code, err }).toEqual({ code: 0, err: expect.stringContaining("customers") });
});

test("random bytes are refused in one line", async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), expectCleanOutcome), { numRuns: 40, seed: 9 });
});

test("truncations of a valid workbook are refused in one line or read", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: valid.length - 1 }), (end) => expectCleanOutcome(valid.subarray(0, end))),
    { numRuns: 60, seed: 9 },
  );
});

test("byte flips inside a valid workbook are refused in one line or read", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      async (flips) => {
        const bytes = Buffer.from(valid);
        for (const [at, value] of flips) bytes[at] = value;
        await expectCleanOutcome(bytes);
      },
    ),
    { numRuns: 60, seed: 9 },
  );
});

test("damaged worksheet XML inside a valid package is refused in one line or read", async () => {
  const zip = await JSZip.loadAsync(valid);
  const sheetPath = Object.keys(zip.files).find((name) => /xl\/worksheets\/sheet2\.xml$/.test(name)) as string;
  const xml = await zip.file(sheetPath)!.async("string");
  const pieces = ["<", ">", '"', "&", 't="s"', 't="e"', "<v>NaN</v>", "<v>1e999</v>", 'r="XFE99"', "\u0000", "", "<c>"];
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(xml.length), fc.nat(40), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }),
      async (edits) => {
        let text = xml;
        for (const [at, cut, piece] of edits)
          text = text.slice(0, at % (text.length + 1)) + piece + text.slice((at % (text.length + 1)) + cut);
        zip.file(sheetPath, text);
        await expectCleanOutcome(await zip.generateAsync({ type: "uint8array" }));
      },
    ),
    { numRuns: 60, seed: 9 },
  );
});
