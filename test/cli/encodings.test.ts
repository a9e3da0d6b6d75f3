/**
 * Text files as Excel and other tools write them: one small sales table saved in each encoding and
 * dialect must give the same customers as the clean UTF-8 comma file, through the command line.
 */
import iconv from "iconv-lite";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { readCsvOutput, runCli } from "../support/cli";
import { FIXTURES, readNumericCsv } from "../core/btyd/cdnow";

const tmp = mkdtempSync(join(tmpdir(), "crm-enc-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A sale as [customer, ISO date, amount]. */
type Sale = [string, string, number];

/**
 * Each customer buys on 2–4 days of 2024, the first one also returns part of a purchase (a
 * negative line), and a 合计 / total line closes the table as an export's footer does.
 */
function sales(names: string[]): Sale[] {
  const out: Sale[] = [];
  names.forEach((name, i) => {
    for (let k = 0; k < 2 + (i % 3); k++) out.push([name, `2024-0${1 + k}-${String(3 + 5 * i).padStart(2, "0")}`, 12.5 * (k + 1) + i]);
  });
  out.push([names[0], "2024-04-20", -7.25]);
  out.push([names[1], "2024-05-02", 1234.5]);
  return out;
}

const SIMPLIFIED = ["张三", "李四", "王五", "赵六", "C-9"];
const TRADITIONAL = ["陳大文", "黃美玲", "張偉", "林志明"];
const LATIN = ["José García", "Zoë Brontë", "Jürgen Müller", "François Lefèvre"];

/** The table as delimited text; `amount` and `date` write the fields as the dialect does. */
function table(rows: Sale[], delimiter: string, header: string[], amount = (x: number) => String(x), date = (d: string) => d): string {
  return (
    [
      header.join(delimiter),
      ...rows.map(([c, d, a]) => [c, date(d), amount(a)].join(delimiter)),
      `合计${delimiter}${delimiter}${amount(rows.reduce((s, r) => s + r[2], 0))}`,
    ].join("\r\n") + "\r\n"
  );
}

const HEADER = ["客户", "日期", "金额"];

/** Runs segment --csv on `bytes` saved as `name`; the customer rows (header dropped), parsed, and stderr. */
async function customers(name: string, bytes: Buffer, ...flags: string[]): Promise<{ rows: string[][]; err: string }> {
  const input = join(tmp, name);
  const out = join(tmp, `${name}.customers.csv`);
  writeFileSync(input, bytes);
  const { code, err } = await runCli("segment", input, "--csv", out, "--lang", "en", ...flags);
  expect({ code, err }).toEqual({ code: 0, err: expect.any(String) });
  // Tolerant of a byte-order mark other outputs may get.
  const [header, ...rows] = parseCsv(readCsvOutput(out)).records;
  expect(header[0]).toBe("customer_id");
  return { rows, err };
}

const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();

describe("segment reads a table in any encoding Excel writes", () => {
  const rows = sales(SIMPLIFIED);
  const csv = table(rows, ",", HEADER);
  let clean: string[][];
  beforeAll(async () => {
    clean = (await customers("clean.csv", Buffer.from(csv, "utf8"))).rows;
  });

  it("the clean file: one row per customer, 张三's net spend by hand", () => {
    expect(clean.map((r) => r[0]).sort()).toEqual([...SIMPLIFIED].sort());
    // 张三 (i = 0): monetary is the net spend, 12.5 + 25 − 7.25 = 30.25.
    expect(clean.find((r) => r[0] === "张三")![6]).toBe("30.25");
  });

  it.each([
    ["UTF-8 with a byte-order mark", "bom.csv", () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]), null],
    [
      "UTF-16LE with BOM, tab-separated (Excel's Unicode text)",
      "unicode.txt",
      () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table(rows, "\t", HEADER), "utf16le")]),
      "UTF-16LE",
    ],
    ["UTF-16BE with BOM", "be.txt", () => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(table(rows, "\t", HEADER))]), "UTF-16BE"],
    ["UTF-16LE without a BOM", "nobom.tsv", () => Buffer.from(table(rows, "\t", HEADER), "utf16le"), "UTF-16LE"],
    ["GBK (Chinese Excel's Save as CSV)", "gbk.csv", () => iconv.encode(csv, "gbk"), "GB18030"],
    ["GB18030", "gb18030.csv", () => iconv.encode(csv, "gb18030"), "GB18030"],
    ["pipe-separated", "pipe.csv", () => Buffer.from(table(rows, "|", HEADER), "utf8"), null],
    ["tab-separated .tab", "tabs.tab", () => Buffer.from(table(rows, "\t", HEADER), "utf8"), null],
  ])("%s", async (_, name, bytes, warned) => {
    const { rows: got, err } = await customers(name, bytes());
    expect(got).toEqual(clean);
    if (warned) expect(err).toContain(`warning: read ${join(tmp, name)} as ${warned}; use --encoding to choose another`);
    else expect(err).not.toMatch(/--encoding/);
  });

  it("a whitespace-aligned .txt", async () => {
    const aligned = rows.map(([c, d, a]) => `  ${c.padEnd(8)}  ${d}   ${String(a).padStart(9)}`);
    const text = [`  客户  日期  金额`, ...aligned, ""].join("\n");
    const { rows: got } = await customers("aligned.txt", Buffer.from(text, "utf8"));
    expect(got).toEqual(clean);
  });

  it("a semicolon file with decimal commas and day-first dotted dates", async () => {
    const comma = (x: number) => {
      const [int, frac = ""] = Math.abs(x).toFixed(2).split(".");
      return `${x < 0 ? "-" : ""}${int.replace(/\B(?=(\d{3})+$)/g, ".")},${frac}`;
    };
    const dotted = (d: string) => `${d.slice(8)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
    const text = table(rows, ";", ["Kunde", "Datum", "Betrag"], comma, dotted);
    expect(text).toContain("李四;02.05.2024;1.234,50");
    const { rows: got } = await customers(
      "european.csv",
      Buffer.from(text, "utf8"),
      "--customer",
      "Kunde",
      "--date",
      "Datum",
      "--amount",
      "Betrag",
    );
    expect(got).toEqual(clean);
  });

  it("reads 1,234 in a semicolon file as 1.234 (a decimal comma file has no thousands comma)", async () => {
    const text = "客户;日期;金额\nA;2024-01-05;1,234\nA;2024-02-05;2,5\nB;2024-01-07;10\n";
    const { rows: got } = await customers("small-comma.csv", Buffer.from(text, "utf8"));
    // A's net spend 1.234 + 2.5 = 3.734, in cents 3.73 (1,234 read as a thousand would give 1236.5).
    expect(got.find((r) => r[0] === "A")![6]).toBe("3.73");
  });

  it("reads 1.500 in a semicolon file as fifteen hundred (Excel's #.##0 there), and 12.5 as twelve and a half", async () => {
    const text = 'Kunde;Datum;Betrag\nA;05.01.2024;1.500\nA;05.02.2024;"2.000"\nB;07.01.2024;12.5\nB;08.01.2024;1,25\n';
    const { rows: got } = await customers("thousands.csv", Buffer.from(text, "utf8"));
    // A: 1500 + 2000 = 3500 (1.5 + 2 = 3.5 read as decimals); B: 12.5 + 1.25 = 13.75.
    expect(got.find((r) => r[0] === "A")![6]).toBe("3500");
    expect(got.find((r) => r[0] === "B")![6]).toBe("13.75");
  });

  it("a file mixing UTF-8 and Windows-1252 lines is refused, not read as mojibake", async () => {
    const mixed = Buffer.concat([
      Buffer.from("customer,date,amount\n张三,2024-01-01,10\n", "utf8"),
      iconv.encode("José,2024-01-02,20\nZoë,2024-01-03,30\nRenée,2024-01-04,5\nAndré,2024-01-05,7\n", "windows-1252"),
    ]);
    const input = join(tmp, "mixed.csv");
    writeFileSync(input, mixed);
    const { code, err } = await runCli("segment", input, "--csv", join(tmp, "mixed.out.csv"));
    expect(code).toBe(2);
    expect(err).toMatch(/mixes UTF-8 \(e\.g\. byte 21, line 2\) with another encoding \(byte \d+, line 3\)/);
  });

  it("GBK named with --encoding: read without a warning", async () => {
    const { rows: got, err } = await customers("named.csv", iconv.encode(csv, "gbk"), "--encoding", "gbk");
    expect(got).toEqual(clean);
    expect(err).not.toMatch(/warning: read/);
  });
});

describe("segment tells Big5 from GB18030 and Windows-1252 from both", () => {
  it.each([
    ["Big5 with traditional names", TRADITIONAL, "big5", "Big5"],
    ["Windows-1252 with accented names", LATIN, "windows-1252", "Windows-1252"],
  ])("%s", async (_, names, encoding, title) => {
    const csv = table(sales(names), ",", HEADER);
    const clean = (await customers(`${encoding}-clean.csv`, Buffer.from(csv, "utf8"))).rows;
    expect(clean.map((r) => r[0]).sort()).toEqual([...names].sort());
    const { rows: got, err } = await customers(`${encoding}.csv`, iconv.encode(csv, encoding));
    expect(got).toEqual(clean);
    expect(err).toContain(`as ${title};`);
  });
});

describe("text that cannot be read is refused in one line, never decoded into replacement characters", () => {
  async function refused(name: string, bytes: Buffer, ...flags: string[]): Promise<string> {
    const input = join(tmp, name);
    writeFileSync(input, bytes);
    const { code, err } = await runCli("segment", input, "--csv", join(tmp, `${name}.out.csv`), ...flags);
    expect(code).toBe(2);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    return err;
  }
  const good = "客户,日期,金额\n张三,2024-01-05,10\n李四,2024-01-06,20\n王五,2024-01-07,30\n";

  it("UTF-8 with a damaged byte: names the byte and line", async () => {
    const bytes = Buffer.from(good, "utf8");
    const at = bytes.indexOf(Buffer.from("李", "utf8")) + 1;
    bytes[at] = 0x41; // the second byte of 李 (line 3) no longer continues the character
    expect(await refused("damaged.csv", bytes)).toMatch(new RegExp(`not valid UTF-8 at byte ${at - 1} \\(line 3\\).*--encoding`));
  });

  it("UTF-8 cut inside its last character", async () => {
    const bytes = Buffer.from(good.trimEnd() + "王", "utf8");
    expect(await refused("cut.csv", bytes.subarray(0, bytes.length - 1))).toMatch(/ends inside a character/);
  });

  it("GBK cut inside its last character: refused, not read as Windows-1252 mojibake", async () => {
    const bytes = iconv.encode(good.trimEnd() + "王", "gbk");
    expect(await refused("cut-gbk.csv", bytes.subarray(0, bytes.length - 1))).toMatch(
      /read as GB18030, the likeliest, line 4 holds an invalid sequence; name the encoding with --encoding/,
    );
  });

  it("bytes no candidate reads cleanly", async () => {
    // 0x81 then a space: no GB18030 or Big5 character, and 0x81 has no Windows-1252 character.
    expect(await refused("binary.csv", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x81, 0x20, 0x2c, 0x31, 0x0a]))).toMatch(
      /cannot tell the text encoding.*--encoding/,
    );
  });

  it("a named encoding the bytes are not in", async () => {
    expect(await refused("notbig5.csv", Buffer.from([0x61, 0x0a, 0x81, 0x20, 0x0a]), "--encoding", "big5")).toMatch(
      /not valid Big5 in line 2/,
    );
  });

  it("an unknown encoding name, and --encoding with a workbook", async () => {
    expect(await refused("any.csv", Buffer.from(good), "--encoding", "klingon")).toMatch(/--encoding 'klingon': unknown encoding/);
    expect(await refused("any.xlsx", Buffer.from(good), "--encoding", "gbk")).toMatch(/--encoding applies to text input only/);
  });
});

describe("clv reads the whitespace-separated CDNOW sample as published", () => {
  const input = join(FIXTURES, "CDNOW_sample.txt");
  const cal = ["--calibration-end", "1997-09-30"];

  it("customer = first column, date = third, amount = fifth: 2,357 customers, one per summary row", async () => {
    const out = join(tmp, "cdnow-clv.csv");
    const { code, err } = await runCli("clv", input, ...cal, "--customer", "1", "--date", "3", "--amount", "5", "--csv", out);
    expect({ code, err }).toEqual({ code: 0, err: expect.stringContaining("2,357 customers") });
    const published = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
    const lines = parseCsv(readCsvOutput(out)).records;
    expect(lines.length - 1).toBe(published.x.length);
    expect(published.x.length).toBe(2357);
  });

  it("keyed by the sample id (second column), each customer's x, t_x and T are the published ones", async () => {
    const out = join(tmp, "cdnow-clv2.csv");
    const { code } = await runCli("clv", input, ...cal, "--customer", "2", "--date", "3", "--amount", "5", "--csv", out);
    expect(code).toBe(0);
    const published = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
    const [header, ...rows] = parseCsv(readCsvOutput(out)).records;
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(2357);
    for (const row of rows) {
      const k = Number(row[col("customer_id")]) - 1;
      expect(Number(row[col("x")])).toBe(published.x[k]);
      expect(Number(row[col("t_x")])).toBeCloseTo(published["t.x"][k], 9);
      expect(Number(row[col("T")])).toBeCloseTo(published["T.cal"][k], 9);
    }
  });
});
