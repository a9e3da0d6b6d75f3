/** Running the command line in-process and reading back what it wrote, for the CLI tests. */
import ExcelJS from "exceljs";
import type { LocaleEnv } from "../../src/cli/locale";
import { readFileSync } from "fs";
import { main, type Io } from "../../src/cli/main";

/**
 * The locale runCli gives the command line: Chinese, the default these tests were written for, and
 * never the machine's own (which would decide the default --lang).
 */
export const TEST_LOCALE: LocaleEnv = { LANG: "zh_CN.UTF-8" };

/** `crm-segments …argv` with its exit code and what it printed. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliIn(TEST_LOCALE, ...argv);
}

/** `crm-segments …argv` under the locale `locale`. */
export async function runCliIn(locale: LocaleEnv, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(argv, io, locale);
  return { code, out, err };
}

/** The text of a CSV file the command wrote, without its UTF-8 byte-order mark (written by default). */
export function readCsvOutput(path: string): string {
  const text = readFileSync(path, "utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}
