import ExcelJS from "exceljs";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readCsvOutput, readWorkbook, runCli } from "../support/cli";
import { expectEachStrictEqual } from "../support/strict-equal";
import { analyze } from "../../src/core/segment/analyze";
import { ingest } from "../../src/core/ingest/ingest";
import labels from "../../src/core/report/labels.json";
import type { Cell } from "../../src/core/types";

const SAMPLES = join(__dirname, "..", "..", "samples");
const tmp = mkdtempSync(join(tmpdir(), "crm-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

/** A cell as the core reads it: dates as Excel serials (ExcelJS reads date cells as Dates). */
function raw(value: ExcelJS.CellValue): Cell {
  if (value instanceof Date) return value.getTime() / 86400000 + 25569;
  if (value === undefined) return null;
  return value as Cell;
}

function sheetRows(ws: ExcelJS.Worksheet, width: number): Cell[][] {
  const rows: Cell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(Array.from({ length: width }, (_, c) => raw(row.getCell(c + 1).value)));
  }
  return rows;
}

const blankToNull = (row: Cell[]) => row.map((c) => (c === "" ? null : c));

const W11_BY_EN = new Map(labels.W11.map((l) => [l.en, l]));

/** Independently of the core: is a sample row usable (customer, a real date, a numeric amount)? */
const usable = (row: Cell[]) => typeof row[0] === "string" && row[0] !== "" && typeof row[1] === "number" && typeof row[5] === "number";

describe("crm-segments segment samples/sales.xlsx", () => {
  const out = join(tmp, "sales-en.xlsx");
  let result: { code: number; err: string };
  let input: Cell[][];
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    result = await run("segment", join(SAMPLES, "sales.xlsx"), "-o", out, "--lang", "en");
    wb = await readWorkbook(out);
    input = sheetRows((await readWorkbook(join(SAMPLES, "sales.xlsx"))).worksheets[0], 7);
  });

  it("succeeds with a summary line on stderr", () => {
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/2,000 customers .*24,992 rows used, 8 rejected; wrote .*sales-en\.xlsx\n$/);
  });

  it("writes the data sheet, customers, one sheet per segment, summary and issues", () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe("Sales");
    expect(names[1]).toBe("Customers");
    expect(names.slice(-2)).toEqual(["Summary", "Issues"]);
    for (const name of names.slice(2, -2)) expect(W11_BY_EN.has(name)).toBe(true);
  });

  it("keeps every input cell unchanged and appends aligned tier columns, blank on rejected rows", () => {
    const data = sheetRows(wb.worksheets[0], 13);
    expect(data).toHaveLength(input.length);
    // Whole tables compared at once: 25,000 expect() calls cost seconds.
    expectEachStrictEqual(
      data.map((row) => row.slice(0, 7)),
      input,
    );
    expect(data[0].slice(7)).toEqual(["Segment", "R", "F", "M", "ABC class", "Pyramid tier"]);

    const customers = sheetRows(wb.getWorksheet("Customers")!, 14);
    const segmentOf = new Map(customers.slice(1).map((r) => [r[0], r.slice(11, 14)]));
    const tiers: Cell[][] = [];
    const expectedTiers: Cell[][] = [];
    let blank = 0;
    for (let i = 1; i < data.length; i++) {
      if (!usable(input[i])) {
        tiers.push(data[i].slice(7));
        expectedTiers.push([null, null, null, null, null, null]);
        blank++;
      } else {
        tiers.push([data[i][7], data[i][11], data[i][12]]);
        expectedTiers.push(segmentOf.get(input[i][0])!);
      }
    }
    expectEachStrictEqual(tiers, expectedTiers);
    expect(blank).toBe(8);
  });

  it("colours segment sheet tabs and customer rows with the labels.json colours", () => {
    for (const ws of wb.worksheets.slice(2, -2)) {
      const colour = W11_BY_EN.get(ws.name)!.color.slice(1);
      expect(ws.properties.tabColor).toEqual({ argb: `FF${colour}` });
      // Every row of a segment sheet is that segment, highest monetary first.
      const rows = sheetRows(ws, 14).slice(1);
      expect(rows.every((r) => r[11] === ws.name)).toBe(true);
      const monetary = rows.map((r) => r[6] as number);
      expect(monetary).toEqual([...monetary].sort((a, b) => b - a));
    }
    // Rows are coloured by conditional formats keyed on the segment column (L), one rule per label.
    const sheet = wb.getWorksheet("Customers")!;
    const formats = (
      sheet as unknown as {
        conditionalFormattings: {
          ref: string;
          rules: { formulae: string[]; style: { fill: { bgColor: { argb: string } }; font: { color: { argb: string } } } }[];
        }[];
      }
    ).conditionalFormattings;
    expect(formats).toHaveLength(1);
    expect(formats[0].ref).toBe(`A2:N${sheet.rowCount}`);
    const rules = new Map(formats[0].rules.map((rule) => [rule.formulae[0], rule.style]));
    const present = new Set(
      sheetRows(sheet, 14)
        .slice(1)
        .map((r) => r[11] as string),
    );
    for (const label of present) {
      const style = rules.get(`$L2="${label}"`)!;
      expect(style.fill.bgColor.argb).toBe(`FF${W11_BY_EN.get(label)!.color.slice(1)}`);
    }
    // Appendix B: black text on light fills, white on dark.
    expect(rules.get('$L2="Champions"')!.font.color.argb).toBe("FFFFFFFF");
    expect(rules.get('$L2="Need Attention"')!.font.color.argb).toBe("FF000000");
    // An Excel table with header filters over the whole sheet, named as the add-in names it.
    const tables = sheet.getTables() as unknown as { table: { name: string; tableRef: string } }[];
    expect(tables.map((t) => [t.table.name, t.table.tableRef])).toEqual([["CRM_Customers", `A1:N${sheet.rowCount}`]]);
  });

  it("lists each customer with the figures analyze() gives for the same input", () => {
    const customers = sheetRows(wb.getWorksheet("Customers")!, 14);
    const ingested = ingest(input, { hasHeader: true });
    const expected = analyze(ingested.transactions, {});
    expect(customers.length - 1).toBe(expected.customers.length);
    expected.customers.forEach((c, i) => {
      const row = customers[i + 1];
      expect(row.slice(0, 11)).toEqual([c.id, c.first, c.last, c.orders, c.recencyDays, c.purchases, c.monetary, c.r, c.f, c.m, c.rfmCode]);
      expect(W11_BY_EN.get(row[11] as string)!.code).toBe(c.segment);
    });
  });

  it("has net monetary and distinct orders per customer as summed straight from the input", () => {
    const monetary = new Map<string, number>();
    const orders = new Map<string, Set<string>>();
    for (const row of input.slice(1).filter(usable)) {
      const id = row[0] as string;
      monetary.set(id, (monetary.get(id) ?? 0) + (row[5] as number));
      if (!orders.has(id)) orders.set(id, new Set());
      orders.get(id)!.add(row[2] as string);
    }
    const customers = sheetRows(wb.getWorksheet("Customers")!, 14).slice(1);
    expect(customers).toHaveLength(monetary.size);
    for (const row of customers) {
      expect(row[6]).toBeCloseTo(monetary.get(row[0] as string)!, 6);
      expect(row[3]).toBe(orders.get(row[0] as string)!.size);
    }
  });

  it("summarises with a heat-map colour scale whose counts add up to the customers with purchases", async () => {
    const summary = wb.getWorksheet("Summary")!;
    let heatTop = 0;
    summary.eachRow((row, r) => {
      if (String(row.getCell(1).value).startsWith("R \\ FM")) heatTop = r;
    });
    let total = 0;
    for (let r = heatTop + 1; r <= heatTop + 5; r++) for (let c = 2; c <= 6; c++) total += summary.getCell(r, c).value as number;
    const customers = sheetRows(wb.getWorksheet("Customers")!, 14).slice(1);
    expect(total).toBe(customers.filter((r) => r[5] !== null && (r[5] as number) > 0).length);
    const scale = (summary as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    const scales = scale.filter((s) => s.rules[0].type === "colorScale").map((s) => s.ref);
    expect(scales).toEqual([`B${heatTop + 1}:F${heatTop + 5}`]);
  });

  it("lists the rejected rows on the issues sheet with their row numbers and raw values", () => {
    const issues = sheetRows(wb.getWorksheet("Issues")!, 10);
    expect(issues[0].slice(0, 3)).toEqual(["Row", "Reason", "Message"]);
    const badRows = input.map((row, i) => (i > 0 && !usable(row) ? i + 1 : 0)).filter((r) => r > 0);
    expect(issues.slice(1).map((r) => r[0])).toEqual(badRows);
    for (const row of issues.slice(1)) expect(row.slice(3)).toEqual(blankToNull(input[(row[0] as number) - 1]));
  });
});

describe("crm-segments --csv", () => {
  // One run on a copy of samples/sales.xlsx, checked by two tests (each 25,000-row read takes a second).
  const xlsxCopy = join(tmp, "only-csv.xlsx");
  const csv = join(tmp, "customers.csv");
  let onlyCsv: Promise<number> | undefined;
  const segmentToCsvOnly = () =>
    (onlyCsv ??= (async () => {
      copyFileSync(join(SAMPLES, "sales.xlsx"), xlsxCopy);
      return (await run("segment", xlsxCopy, "--csv", csv, "--lang", "en")).code;
    })());

  it("writes exactly the specified columns, one line per customer, and no workbook when only --csv is given", async () => {
    expect(await segmentToCsvOnly()).toBe(0);
    expect(existsSync(join(tmp, "only-csv-segmented.xlsx"))).toBe(false);
    const lines = readCsvOutput(csv).trimEnd().split("\n");
    expect(lines[0]).toBe(
      "customer_id,first_purchase,last_purchase,orders,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_code,segment_code,segment,abc_class,pyramid_tier",
    );
    expect(lines).toHaveLength(2001);
    const codes = new Set(labels.W11.map((l) => l.code));
    // Each line's broken rules, collected and checked once (2,000 lines × 7 expect() calls cost a second).
    const broken = (line: string): string[] => {
      const f = line.split(",");
      const rules: [string, boolean][] = [
        ["15 fields", f.length === 15],
        ["ISO first purchase", /^\d{4}-\d{2}-\d{2}$/.test(f[1])],
        ["W11 code", codes.has(f[11])],
        ["label of the code", W11_BY_EN.get(f[12])?.code === f[11]],
        ["ABC class", ["A", "B", "C"].includes(f[13])],
        ["pyramid tier", ["T1", "T2", "T3", "T4"].includes(f[14])],
        ["rfm_code = 100 R + 10 F + M", Number(f[10]) === 100 * Number(f[7]) + 10 * Number(f[8]) + Number(f[9])],
      ];
      return rules.filter(([, ok]) => !ok).map(([rule]) => `${rule}: ${line}`);
    };
    expect(lines.slice(1).flatMap(broken)).toEqual([]);
  });

  it("gives the same customers from samples/sales.csv as from samples/sales.xlsx (the same data)", async () => {
    const fromCsv = join(tmp, "from-csv.csv");
    expect(await segmentToCsvOnly()).toBe(0);
    const { code, err } = await run("segment", join(SAMPLES, "sales.csv"), "--csv", fromCsv, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(/24,992 rows used, 8 rejected/);
    expect(readFileSync(fromCsv, "utf8")).toBe(readFileSync(csv, "utf8"));
  });

  it("writes a workbook from CSV input: text cells kept, plain numbers as numbers, issues with the original text", async () => {
    const input = join(tmp, "small.csv");
    writeFileSync(
      input,
      "\ufeffClient;Day;Total;Ref\r\n007;2024-01-05;120,50;A-1\r\nC2;2024-02-01;80;A-2\r\nC2;2024-02-30;5;A-3\r\n;2024-03-01;9;A-4\r\n",
    );
    const out = join(tmp, "small.xlsx");
    const { code, err } = await run(
      "segment",
      input,
      "-o",
      out,
      "--customer",
      "Client",
      "--date",
      "B",
      "--amount",
      "3",
      "--order",
      "ref",
      "--lang",
      "en",
    );
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    const wb = await readWorkbook(out);
    const data = sheetRows(wb.worksheets[0], 6);
    expect(wb.worksheets[0].name).toBe("small");
    expect(data[0]).toEqual(["Client", "Day", "Total", "Ref", "Segment", "R"]);
    expect(data[1].slice(0, 4)).toEqual(["007", "2024-01-05", "120,50", "A-1"]);
    expect(data[2].slice(0, 4)).toEqual(["C2", "2024-02-01", 80, "A-2"]);
    const issues = sheetRows(wb.getWorksheet("Issues")!, 7);
    expect(issues.slice(1).map((r) => [r[0], r[1], ...r.slice(3)])).toEqual([
      [4, "Date cannot be read", "C2", "2024-02-30", "5", "A-3"],
      [5, "Customer is blank", null, "2024-03-01", "9", "A-4"],
    ]);
    const customers = sheetRows(wb.getWorksheet("Customers")!, 7).slice(1);
    expect(customers.map((r) => [r[0], r[6]])).toEqual([
      ["007", 120.5],
      ["C2", 80],
    ]);
  });
});

describe("crm-segments with old Mac line ends (a lone CR)", () => {
  it("reads every line, and the data sheet's rows are the ones the tiers and issues refer to", async () => {
    const input = join(tmp, "mac.csv");
    writeFileSync(input, 'Customer;Date;Amount\rA;2024-01-05;10\rB;2024-01-06;"7,5"\r;2024-01-07;3\rC;2024-01-08;4\r');
    const out = join(tmp, "mac.xlsx");
    const { code, err } = await run("segment", input, "-o", out, "--lang", "en");
    expect(code).toBe(0);
    expect(err).toMatch(/3 customers .*, 3 rows used, 1 rejected/);
    const wb = await readWorkbook(out);
    const data = sheetRows(wb.worksheets[0], 4);
    expect(data.map((r) => r.slice(0, 3))).toEqual([
      ["Customer", "Date", "Amount"],
      ["A", "2024-01-05", 10],
      ["B", "2024-01-06", "7,5"],
      [null, "2024-01-07", 3],
      ["C", "2024-01-08", 4],
    ]);
    // A tier beside each used row, none beside the rejected one.
    expect(data.slice(1).map((r) => r[3] !== null)).toEqual([true, true, false, true]);
    expect(sheetRows(wb.getWorksheet("Issues")!, 2).slice(1)).toEqual([[4, "Customer is blank"]]);
  });
});

describe("crm-segments with a titled sheet picked by --sheet", () => {
  it("finds the header below the title, keeps the title, and numbers issues by sheet row", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").getCell("A1").value = "read me";
    const ws = wb.addWorksheet("Data");
    ws.getCell("A1").value = "Sales export, June";
    ws.addRow([]);
    ws.getRow(3).values = ["Customer", "Date", "Order", "Amount"];
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    ws.getRow(4).values = ["C1", day("2024-06-01"), "O1", 100];
    ws.getRow(5).values = ["C2", day("2024-06-10"), "O2", "n/a"];
    ws.getRow(6).values = ["C2", day("2024-06-20"), "O3", 50];
    const input = join(tmp, "titled.xlsx");
    await wb.xlsx.writeFile(input);

    const out = join(tmp, "titled-out.xlsx");
    const { code } = await run("segment", input, "--sheet", "Data", "-o", out, "--lang", "en");
    expect(code).toBe(0);
    const result = await readWorkbook(out);
    const data = result.worksheets[0];
    expect(data.name).toBe("Data");
    expect(data.getCell("A1").value).toBe("Sales export, June");
    expect(data.getCell("E3").value).toBe("Segment");
    expect([data.getCell("E4").value, data.getCell("E5").value, data.getCell("E6").value].map((v) => v !== null)).toEqual([
      true,
      false,
      true,
    ]);
    const issues = result.getWorksheet("Issues")!;
    expect(issues.getCell("A2").value).toBe(5);
    expect(issues.getCell("C2").value).toMatch(/^Row 5: /);
  });
});

describe("crm-segments with the Chinese sample", () => {
  it("names sheets, headers and labels in Chinese by default under a Chinese locale", async () => {
    const out = join(tmp, "nested", "zh.xlsx"); // the folder is created
    const { code } = await run("segment", join(SAMPLES, "sales-zh.xlsx"), "-o", out);
    expect(code).toBe(0);
    const wb = await readWorkbook(out);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 2)).toEqual(["销售明细", "客户"]);
    expect(names.slice(-2)).toEqual(["汇总", "问题行"]);
    const zhLabels = new Set(labels.W11.map((l) => l.zh));
    for (const name of names.slice(2, -2)) expect(zhLabels.has(name)).toBe(true);
    expect(wb.worksheets[0].getRow(1).values).toEqual([
      undefined,
      "客户编号",
      "下单日期",
      "订单号",
      "数量",
      "单价",
      "金额",
      "成本",
      "客户分群",
      "R",
      "F",
      "M",
      "ABC分类",
      "金字塔层级",
    ]);
    expect(wb.getWorksheet("客户")!.getCell("A1").value).toBe("客户编号");
  });
});

describe("crm-segments arguments", () => {
  // The sample's sheet name and header in a few rows: the errors below need no 25,000-row read.
  const sample = join(tmp, "args", "sales.xlsx");
  beforeAll(async () => {
    mkdirSync(join(tmp, "args"));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sales").addRows([
      ["Customer ID", "Order Date", "Order ID", "Quantity", "Unit Price", "Amount", "Cost"],
      ["C00750", new Date(Date.UTC(2022, 6, 1)), "SO0000001", 1, 100.38, 100.38, 61.95],
      ["C01958", new Date(Date.UTC(2022, 6, 1)), "SO0000002", 4, 14, 56, 44.58],
    ]);
    await wb.xlsx.writeFile(sample);
  });
  it.each([
    [["segment"], /missing input file/],
    [["frobnicate", sample], /unknown command 'frobnicate'/],
    [["segment", sample, "--bogus"], /unknown option '--bogus'/],
    [["segment", sample, "--scheme", "RFM9"], /--scheme must be one of W11, W10, CN8 \(got 'RFM9'\)/],
    [["segment", sample, "--abc", "0.9,0.8"], /--abc cuts must satisfy 0 < A < B ≤ 1/],
    [["segment", sample, "--as-of", "2024-02-30"], /--as-of 2024-02-30 is not a calendar date/],
    [["segment", sample, "--as-of", "30/06/2024"], /--as-of must be YYYY-MM-DD/],
    [["segment", sample, "--lang", "fr"], /--lang must be one of zh, en/],
    [
      ["segment", sample, "--customer", "Client No"],
      /--customer 'Client No': no such column in .*sales\.xlsx \(columns: Customer ID, Order Date/,
    ],
    [["segment", sample, "--amount", "F", "--quantity", "D", "--price", "E"], /either --amount or --quantity with --price/],
    [["segment", sample, "--customer", "A", "--order", "Customer ID"], /--customer and --order name the same column/],
    [["segment", sample, "--sheet", "Nope"], /--sheet 'Nope': no such sheet in .*\(sheets: Sales\)/],
    [["segment", sample, "-o", "out.csv"], /must end in \.xlsx/],
    [["segment", join(SAMPLES, "missing.xlsx")], /cannot read .*missing\.xlsx: no such file/],
    [
      ["segment", join(SAMPLES, "sales.json")],
      /unsupported input type '\.json' \(expected \.xlsx, \.csv, \.txt, \.tsv, \.tab or \.parquet\)/,
    ],
    [["segment", sample, "--csv", join(sample, "out.csv")], /cannot write .*sales\.xlsx\/out\.csv: a parent of it is a file/],
  ])("%j exits 2 with a one-line reason", async (argv, message) => {
    const { code, err } = await run(...(argv as string[]));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
  });

  it("exits 2 naming the missing columns when they cannot be detected", async () => {
    const input = join(tmp, "nocols.csv");
    writeFileSync(input, "a,b\nx,y\n");
    const { code, err } = await run("segment", input, "--csv", join(tmp, "nocols-out.csv"));
    expect(code).toBe(2);
    expect(err).toMatch(/^crm-segments: No column found for order date, amount .*Headers seen: "a", "b"/);
  });

  it("prints help and version", async () => {
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: crm-segments segment <input\.xlsx\|input\.csv>/);
    const version = await run("--version");
    expect(version.out).toBe(`${JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version}\n`);
  });
});
