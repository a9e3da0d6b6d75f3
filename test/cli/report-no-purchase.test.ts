/**
 * A customer with no purchase that counts keeps its row in the CLI workbook, labelled "no valid
 * purchase" in every class column, coloured #EEEEEE, and counted in the summary. Three ways real
 * exports produce one: a customer who only returned goods, one with only $0 lines, and one whose
 * every row is after --as-of. Each under W11, W10 and CN8, in Chinese and English.
 */
import type ExcelJS from "exceljs";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readWorkbook, runCli } from "../support/cli";

const tmp = mkdtempSync(join(tmpdir(), "crm-nopurchase-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/*
 * A1 buys twice (100 on 01-01, 50 on 03-01), A2 once (30 on 02-01): two customers with a purchase.
 * X's lines sit between theirs, so the tier columns must line up around them.
 */
const HEADER = "customer,date,amount\n";
const before = "A1,2024-01-01,100\nA2,2024-02-01,30\n";
const after = "A1,2024-03-01,50\n";

interface Case {
  x: string;
  asOf?: string;
  /** X's net monetary in the window and its orders (each line is an order: no order column). */
  monetary: number;
  orders: number;
}
const CASES: Record<string, Case> = {
  "returns only": { x: "X,2024-02-10,-20\n", monetary: -20, orders: 1 },
  "$0 lines only": { x: "X,2024-02-10,0\nX,2024-02-12,0.00\n", monetary: 0, orders: 2 },
  // 2024-06-01 is after the as-of date 2024-03-31: ignored, so X has no order in the window.
  "every row after --as-of": { x: "X,2024-06-01,40\n", asOf: "2024-03-31", monetary: 0, orders: 0 },
};

const TEXT = {
  en: {
    none: "No valid purchase",
    customers: "Customers",
    summary: "Summary",
    segments: "Segments",
    abc: "ABC classes",
    pyramid: "Customer pyramid",
  },
  zh: { none: "无有效购买", customers: "客户", summary: "汇总", segments: "客户分群汇总", abc: "ABC分类", pyramid: "客户金字塔" },
};

function rows(ws: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(Array.from({ length: ws.columnCount }, (_, c) => row.getCell(c + 1).value ?? null));
  }
  return out;
}

/** The data rows of the summary table titled `title` (title row, header row, rows until a blank). */
function summaryTable(ws: ExcelJS.Worksheet, title: string): ExcelJS.CellValue[][] {
  const all = rows(ws);
  const at = all.findIndex((r) => r[0] === title);
  expect(at).toBeGreaterThanOrEqual(0);
  const body: ExcelJS.CellValue[][] = [];
  for (let r = at + 2; r < all.length && all[r][0] !== null; r++) body.push(all[r]);
  return body;
}

type Rule = { formulae: string[]; style: { fill: { bgColor: { argb: string } } } };
/** Fill colour per conditional-format formula (the CLI colours rows by label with these). */
function fills(ws: ExcelJS.Worksheet): Map<string, string> {
  const formats = (ws as unknown as { conditionalFormattings: { rules: Rule[] }[] }).conditionalFormattings;
  return new Map(
    formats.flatMap((f) => f.rules.filter((r) => r.formulae).map((r) => [r.formulae[0], r.style.fill.bgColor.argb] as [string, string])),
  );
}

const table = Object.entries(CASES).flatMap(([name, c]) =>
  (["W11", "W10", "CN8"] as const).flatMap((scheme) => (["en", "zh"] as const).map((lang) => [name, scheme, lang, c] as const)),
);

describe.each(table)("%s, %s, %s", (name, scheme, lang, c) => {
  const t = TEXT[lang];
  let wb: ExcelJS.Workbook;
  let result: { code: number; err: string };

  beforeAll(async () => {
    const slug = `${name.replace(/\W+/g, "-")}-${scheme}-${lang}`;
    const input = join(tmp, `${slug}.csv`);
    writeFileSync(input, HEADER + before + c.x + after);
    const out = join(tmp, `${slug}.xlsx`);
    const argv = ["segment", input, "-o", out, "--scheme", scheme, "--lang", lang, ...(c.asOf ? ["--as-of", c.asOf] : [])];
    result = await runCli(...argv);
    wb = await readWorkbook(out);
  });

  it("writes the workbook", () => {
    expect(result.err).not.toMatch(/error/i);
    expect(result.code).toBe(0);
  });

  it("keeps X on the customers sheet, no valid purchase in the segment, ABC and pyramid columns, filled #EEEEEE", () => {
    const ws = wb.getWorksheet(t.customers)!;
    const body = rows(ws).slice(1);
    expect(body.map((r) => r[0])).toEqual(["A1", "A2", "X"]);
    const x = body[2];
    expect([x[3], x[6]]).toEqual([c.orders, c.monetary]);
    // First, last, recency and the R, F, M scores stay blank: there is nothing to score.
    expect([x[1], x[2], x[4], x[7], x[8], x[9], x[10]]).toEqual([null, null, null, null, null, null, null]);
    expect(x.slice(11, 14)).toEqual([t.none, t.none, t.none]);
    // Rows are coloured by the segment column (L): X's label has the STATUS fill.
    expect(fills(ws).get(`$L2="${t.none}"`)).toBe("FFEEEEEE");
    // The buyers are classified.
    for (const buyer of body.slice(0, 2)) expect(buyer.slice(11, 14)).not.toContain(t.none);
  });

  it("labels X's rows in the tier columns too, and only them", () => {
    const data = rows(wb.worksheets[0]);
    const tiers = data.slice(1).map((r) => [r[0], r[3], r[7], r[8]]);
    const xRows = tiers.filter((r) => r[0] === "X");
    expect(xRows.length).toBe(c.x.trim().split("\n").length);
    for (const r of xRows) expect(r.slice(1)).toEqual([t.none, t.none, t.none]);
    for (const r of tiers.filter((r) => r[0] !== "X")) expect(r.slice(1)).not.toContain(t.none);
  });

  it("counts 2 customers in the classes and 1 without a valid purchase in every summary table, coloured #EEEEEE", () => {
    const ws = wb.getWorksheet(t.summary)!;
    for (const title of [t.segments, t.abc, t.pyramid]) {
      const body = summaryTable(ws, title);
      const none = body.filter((r) => r[0] === t.none);
      expect(none.map((r) => r[1])).toEqual([1]);
      expect(body.filter((r) => r[0] !== t.none).reduce((s, r) => s + (r[1] as number), 0)).toBe(2);
    }
    const summaryFills = [...fills(ws)].filter(([formula]) => formula.endsWith(`="${t.none}"`));
    expect(summaryFills.map(([, fill]) => fill)).toEqual(["FFEEEEEE", "FFEEEEEE", "FFEEEEEE"]);
  });

  it("gives X a segment sheet of its own", () => {
    const ws = wb.getWorksheet(t.none)!;
    expect(
      rows(ws)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(["X"]);
    expect(ws.properties.tabColor).toEqual({ argb: "FFEEEEEE" });
  });
});

describe("CN8 without variation", () => {
  it("labels the buyers unclassified and X no valid purchase, both filled #EEEEEE", async () => {
    // A1 and A2 buy the same amount on the same day: no variation in R, F or M, so CN8 cannot split them.
    const input = join(tmp, "flat.csv");
    writeFileSync(input, `${HEADER}A1,2024-02-01,50\nX,2024-02-01,-5\nA2,2024-02-01,50\n`);
    const out = join(tmp, "flat.xlsx");
    const { code } = await runCli("segment", input, "-o", out, "--scheme", "CN8", "--lang", "en");
    expect(code).toBe(0);
    const wb = await readWorkbook(out);
    const ws = wb.getWorksheet("Customers")!;
    expect(
      rows(ws)
        .slice(1)
        .map((r) => [r[0], r[11]]),
    ).toEqual([
      ["A1", "Unclassified (no variation)"],
      ["X", "No valid purchase"],
      ["A2", "Unclassified (no variation)"],
    ]);
    expect(fills(ws).get('$L2="Unclassified (no variation)"')).toBe("FFEEEEEE");
    const segments = summaryTable(wb.getWorksheet("Summary")!, "Segments").map((r) => [r[0], r[1]]);
    expect(segments.filter((r) => (r[1] as number) > 0)).toEqual([
      ["Unclassified (no variation)", 2],
      ["No valid purchase", 1],
    ]);
  });
});
