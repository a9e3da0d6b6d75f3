/**
 * Outputs that are safe to open and that destroy nothing: formula-looking ids neutralised in every
 * CSV the command line writes, the UTF-8 byte-order mark, outputs that are the input (by a link or
 * another name) or each other refused, and a failed write leaving the previous file as it was.
 */
import { linkSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { csvCell } from "../../src/cli/csv-write";
import { writeOutput } from "../../src/cli/output";
import { XlsxWriter } from "../../src/cli/xlsx/package";
import { FIXTURES } from "../core/btyd/cdnow";
import { readCsvOutput, readWorkbook, runCli } from "../support/cli";

const tmp = mkdtempSync(join(tmpdir(), "crm-safety-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

/** Ids a spreadsheet would run as formulas if written raw, and plain numbers that must stay numbers. */
const HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-1+2", "@SUM(A1)", "\t=cmd2", "\r=cmd3", "a;=1+1"];
const NUMBERS = ["-12.5", "+3"];

const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * The CDNOW sample (real purchases, 2,357 customers) as an export, with the first customers renamed
 * to the hostile and numeric ids, and a customer with only a return (net −40).
 */
function salesCsv(): string {
  const renamed = [...HOSTILE, ...NUMBERS];
  const lines = ["customer,date,amount"];
  for (const line of readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const n = Number(f[1]);
    const id = n <= renamed.length ? renamed[n - 1] : `C${f[1]}`;
    lines.push(`${field(id)},${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)},${f[4]}`);
  }
  lines.push("R1,1997-03-01,-40");
  return lines.join("\n") + "\n";
}

/** Would a spreadsheet evaluate this cell (as CSV parsing hands it over)? */
const evaluated = (cell: string) => /^[=+\-@\t\r＝＋－＠]/.test(cell) && !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cell);

describe("csvCell, case by case (OWASP CSV injection)", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["+1+2", `"'+1+2"`],
    ["-1+2", `"'-1+2"`],
    ["@SUM(A1)", `"'@SUM(A1)"`],
    ["\t=cmd", `"'\t=cmd"`],
    ["\r=cmd", `"'\r=cmd"`],
    ["＝1+1", `"'＝1+1"`],
    ["＠SUM(A1)", `"'＠SUM(A1)"`],
    ["-", `"'-"`],
    ["-12.5", "-12.5"],
    ["+3", "+3"],
    ["1e5", "1e5"],
    ["张三", "张三"],
    ["a=b", "a=b"],
    ["a;b", '"a;b"'],
  ])("%j is written %s", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
  it("numbers stay numbers; NaN and Infinity are blank", () => {
    expect([csvCell(-3), csvCell(NaN), csvCell(Infinity)]).toEqual(["-3", "", ""]);
  });
});

describe("every CSV the command line writes is safe to open", () => {
  const input = join(tmp, "hostile.csv");
  const segmentCsv = join(tmp, "segment.csv");
  const clvCsv = join(tmp, "clv.csv");
  let outputs: [string, string][];

  beforeAll(async () => {
    writeFileSync(input, salesCsv());
    const segment = await runCli("segment", input, "--csv", segmentCsv);
    const clv = await runCli("clv", input, "--calibration-end", "1997-09-30", "--csv", clvCsv);
    expect([segment.code, segment.err]).toEqual([0, expect.stringContaining("wrote")]);
    expect([clv.code, clv.err]).toEqual([0, expect.stringContaining("wrote")]);
    outputs = [
      ["segment --csv", segmentCsv],
      ["clv --csv", clvCsv],
    ];
  });

  it("has no cell a spreadsheet would evaluate, and every hostile id is there behind an apostrophe", () => {
    for (const [, path] of outputs) {
      const [header, ...rows] = parseCsv(readCsvOutput(path), ",").records;
      expect(header[0]).toBe("customer_id");
      // All offending cells in one check: a per-cell expect() over 5,000 rows costs seconds.
      expect(rows.flat().filter(evaluated)).toEqual([]);
      const ids = rows.map((r) => r[0]);
      // The ingest trims the ids (the tab and CR go); what is left starts a formula, so it gets the apostrophe.
      for (const id of HOSTILE.filter((h) => /^\s*[=+\-@]/.test(h))) expect(ids).toContain(`'${id.trim()}`);
      expect(ids).toContain("a;=1+1");
    }
  });

  it("keeps plain numbers as numbers: numeric ids and a negative monetary", () => {
    for (const [, path] of outputs) {
      const ids = parseCsv(readCsvOutput(path), ",").records.map((r) => r[0]);
      expect(ids).toEqual(expect.arrayContaining(NUMBERS));
    }
    const [header, ...rows] = parseCsv(readCsvOutput(segmentCsv), ",").records;
    const returnsOnly = rows.find((r) => r[0] === "R1")!;
    expect(returnsOnly[header.indexOf("monetary")]).toBe("-40");
  });

  it("quotes text holding a semicolon, which spreadsheets in semicolon locales split on", () => {
    for (const [, path] of outputs) expect(readCsvOutput(path)).toMatch(/^"a;=1\+1",/m);
  });

  it("starts with a UTF-8 byte-order mark, and not with --no-bom", async () => {
    for (const [, path] of outputs) expect([...readFileSync(path).subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x63 /* c */]);
    const plain = join(tmp, "plain.csv");
    expect((await runCli("segment", input, "--csv", plain, "--no-bom")).code).toBe(0);
    expect(readFileSync(plain, "utf8").startsWith("customer_id,")).toBe(true);
    expect((await runCli("clv", input, "--calibration-end", "1997-09-30", "--csv", plain, "--no-bom")).code).toBe(0);
    expect(readFileSync(plain, "utf8").startsWith("customer_id,")).toBe(true);
    const bad = await runCli("segment", input, "--csv", plain, "--no-bom=yes");
    expect([bad.code, bad.err]).toEqual([2, "crm-segments: option '--no-bom' takes no value\n"]);
  });

  it("writes Chinese text readable after the mark", async () => {
    const zh = join(tmp, "zh.csv");
    expect((await runCli("segment", input, "--csv", zh, "--lang", "zh")).code).toBe(0);
    const text = readFileSync(zh, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    // Segment labels are Chinese with --lang zh (column 13).
    expect(parseCsv(text, ",").records[1][12]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("an output is never the input, nor another output", () => {
  const input = join(tmp, "in.csv");
  const before = salesCsv();

  beforeEach(() => writeFileSync(input, before));

  const refused = async (argv: string[], message: RegExp) => {
    const { code, err } = await runCli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.split("\n")).toHaveLength(2);
    expect(readFileSync(input, "utf8")).toBe(before);
  };

  it("refuses a symbolic link to the input as -o, --csv or --params-json", async () => {
    const link = join(tmp, "link.csv");
    const linkXlsx = join(tmp, "link.xlsx");
    rmSync(link, { force: true });
    rmSync(linkXlsx, { force: true });
    symlinkSync(input, link);
    symlinkSync(input, linkXlsx);
    await refused(
      ["segment", input, "--csv", link],
      /^crm-segments: output .*link\.csv \(--csv\) is the input file \(same file as .*in\.csv\)$/m,
    );
    await refused(["segment", input, "-o", linkXlsx], /output .*link\.xlsx \(-o\) is the input file/);
    await refused(
      ["clv", input, "--calibration-end", "1997-09-30", "--params-json", link],
      /output .*link\.csv \(--params-json\) is the input file/,
    );
    await refused(["clv", input, "--calibration-end", "1997-09-30", "--csv", link], /output .*link\.csv \(--csv\) is the input file/);
  });

  it("refuses a hard link to the input and another spelling of its path", async () => {
    const hard = join(tmp, "hard.csv");
    rmSync(hard, { force: true });
    linkSync(input, hard);
    await refused(["segment", input, "--csv", hard], /output .*hard\.csv \(--csv\) is the input file/);
    await refused(["clv", input, "--calibration-end", "1997-09-30", "--csv", hard], /output .*hard\.csv \(--csv\) is the input file/);
    await refused(["segment", input, "--csv", join(tmp, ".", "sub", "..", "in.csv")], /is the input file/);
  });

  it("refuses two outputs that are the same file, whether it exists or not", async () => {
    const out = join(tmp, "both.xlsx");
    rmSync(out, { force: true });
    await refused(
      ["segment", input, "-o", out, "--csv", join(tmp, "sub", "..", "both.xlsx")],
      /outputs .*both\.xlsx \(-o\) and .*both\.xlsx \(--csv\) are the same file/,
    );
    writeFileSync(out, "previous");
    const alias = join(tmp, "alias.json");
    rmSync(alias, { force: true });
    symlinkSync(out, alias);
    await refused(
      ["clv", input, "--calibration-end", "1997-09-30", "-o", out, "--params-json", alias],
      /outputs .*both\.xlsx \(-o\) and .*alias\.json \(--params-json\) are the same file/,
    );
    expect(readFileSync(out, "utf8")).toBe("previous");
  });

  it("replaces a symbolic link to another file by the output, leaving that file alone", async () => {
    const other = join(tmp, "other.txt");
    const link = join(tmp, "to-other.csv");
    writeFileSync(other, "keep me");
    rmSync(link, { force: true });
    symlinkSync(other, link);
    expect((await runCli("segment", input, "--csv", link)).code).toBe(0);
    expect(readFileSync(other, "utf8")).toBe("keep me");
    expect(() => readlinkSync(link)).toThrow();
    expect(readCsvOutput(link)).toMatch(/^customer_id,/);
  });
});

describe("a failed write leaves the previous file", () => {
  const input = join(tmp, "good.csv");
  const dir = join(tmp, "out");
  const out = join(dir, "report.xlsx");

  beforeAll(() => writeFileSync(input, salesCsv()));

  it("keeps the previous workbook and leaves no temporary file when the writer fails midway", async () => {
    expect((await runCli("segment", input, "-o", out, "--lang", "en")).code).toBe(0);
    const good = readFileSync(out);
    // The sheets are streamed into the file before the workbook parts: fail there, as a full disk would.
    jest.spyOn(XlsxWriter.prototype, "finish").mockImplementation(() => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    });
    const { code, err } = await runCli("segment", input, "-o", out, "--lang", "en");
    expect(code).toBe(2);
    expect(err).toMatch(/^crm-segments: cannot write .*report\.xlsx: no space left on the device \(the existing file is unchanged\)\n$/);
    expect(readFileSync(out).equals(good)).toBe(true);
    expect(readdirSync(dir)).toEqual(["report.xlsx"]);
    jest.restoreAllMocks();
    const wb = await readWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).toContain("Customers");
  });

  it("keeps the previous clv workbook too", async () => {
    const clvOut = join(dir, "clv.xlsx");
    expect((await runCli("clv", input, "--calibration-end", "1997-09-30", "-o", clvOut)).code).toBe(0);
    const good = readFileSync(clvOut);
    // The clv workbook goes through the same package writer: fail as it finishes, as a bad disk would.
    jest.spyOn(XlsxWriter.prototype, "finish").mockImplementation(() => {
      throw Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
    });
    expect((await runCli("clv", input, "--calibration-end", "1997-09-30", "-o", clvOut)).code).toBe(2);
    jest.restoreAllMocks();
    expect(readFileSync(clvOut).equals(good)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["clv.xlsx", "report.xlsx"]);
  });

  it("writeOutput: a write that fails after part of the file keeps the old file and removes the part", async () => {
    const target = join(dir, "table.csv");
    writeFileSync(target, "old,complete\n");
    const failing = writeOutput(target, (temp) => {
      writeFileSync(temp, "new,par");
      throw Object.assign(new Error("ENOSPC"), { code: "ENOSPC" });
    });
    await expect(failing).rejects.toThrow(/cannot write .*table\.csv: no space left on the device/);
    expect(readFileSync(target, "utf8")).toBe("old,complete\n");
    expect(readdirSync(dir).filter((f) => f.includes("tmp"))).toEqual([]);
    // An error that is not the file system's goes through as it is, still without leftovers.
    await expect(writeOutput(target, () => Promise.reject(new Error("bug")))).rejects.toThrow(/^bug$/);
    expect(readdirSync(dir).filter((f) => f.includes("tmp"))).toEqual([]);
  });

  it("writeOutput: a complete write replaces the file, keeping its permissions", async () => {
    const target = join(dir, "perm.csv");
    writeFileSync(target, "old\n", { mode: 0o640 });
    await writeOutput(target, (temp) => writeFileSync(temp, "new\n"));
    expect(readFileSync(target, "utf8")).toBe("new\n");
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });
});
