/**
 * The pane's profitability cascade (§11) and the lifecycle workflow's segment migration on the strict
 * fake: a hand-computed cascade and whale curve, parity with `crm-segments profit --csv`, re-run,
 * Cancel and the sync budget; the W11/CN8 migration sheet on a hand-made two-date case.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { main } from "../../src/cli/main";
import { formatDay } from "../../src/core/ingest/dates";
import { labelText } from "../../src/core/report/labels";
import type { AnalysisRequest, CascadeChoice, Progress } from "../../src/excel/types";
import { readCsvOutput } from "../support/cli";
import type { FakeSnapshot } from "../support/fake-excel";
import { expectSteadyProgress, harness, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
let dir: string | undefined;
afterEach(() => {
  h?.restore();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const cascade = (choice: Partial<CascadeChoice> = {}, lang: "zh" | "en" = "en"): AnalysisRequest => ({
  kind: "cascade",
  source: { kind: "region" },
  mapping: {},
  lang,
  cascade: { scheme: "PROFIT", ...choice },
});

function run(request: AnalysisRequest, onProgress: (p: Progress, c: AbortController) => void = () => undefined) {
  const controller = new AbortController();
  return h.api.runAnalysis(request, (p) => onProgress(p, controller), controller.signal);
}

const visible = (s: FakeSnapshot) => ({
  sheets: s.sheets.map(({ id: _id, ...rest }) => rest),
  settings: JSON.parse(
    JSON.stringify(s.settings, (k, v) =>
      k === "id" || (v && Array.isArray(v.sheets) && v.sheets.length === 0 && !v.tierColumns) ? undefined : v,
    ),
  ),
});

const HEADER = ["Customer", "Date", "Amount", "Cost", "Discount", "CTS"];
/** A: two orders; B: one order that loses money after its cost to serve; C: a return only. */
const SMALL = [
  ["A", 45000, 100, 40, 10, 5],
  ["A", 45001, 200, 100, 20, 5],
  ["B", 45002, 50, 40, 0, 30],
  ["C", 45003, -60, -50, 0, 5],
];

test("a hand-computed cascade for 3 customers, its whale curve (peak above 100 %) and matrix", async () => {
  h = harness();
  seedSales(h.fake, "Sales", { header: HEADER, rows: SMALL });
  const report = await run(cascade({ discount: 4, costToServe: { kind: "column", column: 5 } }));
  // NSV = Σ amount; GSV = NSV + Σ discount; product cost = Σ cost; gross = NSV − cost; net = gross − cost to serve.
  // A: NSV 100 + 200 = 300, discounts 30, GSV 330, cost 140, gross 160, CTS 10, net 150; margins 160/300, 10/300, 150/300.
  // B: NSV 50, GSV 50, cost 40, gross 10, CTS 30, net 10 − 30 = −20.
  // C: NSV −60 (returns only), GSV −60, cost −50, gross −10, CTS 5, net −15; ratios over NSV −60.
  const sheet = h.fake.read("Customers");
  const cascadeCols = sheet.map((r) => r.slice(3, 13));
  expect(cascadeCols.slice(1)).toEqual([
    [330, 30, 300, 140, 160, 10, 150, 160 / 300, 10 / 300, 150 / 300],
    [50, 0, 50, 40, 10, 30, -20, 10 / 50, 30 / 50, -20 / 50],
    [-60, 0, -60, -50, -10, 5, -15, -10 / -60, 5 / -60, -15 / -60],
  ]);
  expect(sheet.slice(1).map((r) => [r[0], r[2]])).toEqual([
    ["A", 2],
    ["B", 1],
    ["C", 1],
  ]);
  // Matrix: NSV median of 300, 50, −60 = 50; CTS median of 10, 30, 5 = 10; high = strictly above.
  // A (300 > 50, 10 ≯ 10) Protect; B (50 ≯ 50, 30 > 10) Danger zone; C (−60, 5) Build.
  expect(sheet.slice(1).map((r) => r[13])).toEqual(["PM_PROTECT", "PM_DANGER", "PM_BUILD"].map((c) => labelText("PROFIT", c, "en")));
  expect(report.classes.map((c) => [c.code, c.count])).toEqual([
    ["PM_PROTECT", 1],
    ["PM_DANGER", 1],
    ["PM_BUILD", 1],
  ]);

  // Whale curve: net profit highest first 150, −15, −20; total 115; cumulative 150, 135, 115.
  const [whale, matrixChart] = h.fake.charts(report.summarySheet);
  expect(whale.type).toBe("XYScatter");
  expect(whale.series.map((s) => [s.name, s.chartType])).toEqual([
    ["Cumulative profit share", "XYScatterLinesNoMarkers"],
    ["100% of profit", "XYScatterLinesNoMarkers"],
  ]);
  const points = (chart: typeof whale, k: number) => {
    const s = chart.series[k];
    const xs = h.fake
      .sheetModel(s.xValues!.sheet.name)
      .read(s.xValues!.rect)
      .map((r) => r[0]);
    const ys = h.fake
      .sheetModel(s.values!.sheet.name)
      .read(s.values!.rect)
      .map((r) => r[0]);
    return xs.map((x, i) => [x, ys[i]]);
  };
  const curve = points(whale, 0);
  expect(curve.map(([x]) => x)).toEqual([0, 1 / 3, 2 / 3, 1]);
  [0, 150 / 115, 135 / 115, 1].forEach((y, i) => expect(curve[i][1] as number).toBeCloseTo(y, 12));
  expect(Math.max(...curve.map(([, y]) => y as number))).toBeGreaterThan(1);
  expect(points(whale, 1)).toEqual([
    [0, 1],
    [1, 1],
  ]);
  // Indicators: peak 150/115; top 20 % = ⌈0.6⌉ = 1 customer → 150/115; bottom 30 % = 1 customer (B) → −20/115.
  const summary = h.fake.read(report.summarySheet!);
  const at = summary.findIndex((r) => r[0] === "Total profit");
  expect(summary[at + 1][0]).toBe(115);
  [150 / 115, 150 / 115, -20 / 115].forEach((v, k) => expect(summary[at + 1][k + 1] as number).toBeCloseTo(v, 12));
  expect(summary.some((r) => String(r[0]).startsWith("These are values, not formulas"))).toBe(true);

  // The matrix scatter (classes in the quadrant display order): one series per quadrant with customers, then the cut lines x = 50 and y = 10.
  expect(matrixChart.type).toBe("XYScatter");
  expect(matrixChart.series.map((s) => s.name)).toEqual([
    ...["PM_PROTECT", "PM_DANGER", "PM_BUILD"].map((c) => labelText("PROFIT", c, "en")),
    "x threshold",
    "y threshold",
  ]);
  expect([0, 1, 2].map((k) => points(matrixChart, k))).toEqual([[[300, 10]], [[50, 30]], [[-60, 5]]]);
  expect(points(matrixChart, 3)).toEqual([
    [50, 5],
    [50, 30],
  ]);
  expect(points(matrixChart, 4)).toEqual([
    [-60, 10],
    [300, 10],
  ]);
});

test("the cascade equals `crm-segments profit --csv` cell for cell (discount and cost-to-serve columns; orders driver, zh)", async () => {
  const table = salesTable(1500, 120, { lang: "en" });
  // A discount and a cost to serve per row, with blanks, beside the generated sales.
  const header = [...table.header, "Discount", "CTS"];
  const rows = table.rows.map((r, i) => [...r, i % 7 === 0 ? null : (i % 13) * 1.25, i % 5 === 0 ? null : (i % 4) + 0.5]);
  dir = mkdtempSync(join(tmpdir(), "crm-cascade-"));
  const input = join(dir, "sales.csv");
  const dateCol = header.findIndex((name) => /date/i.test(name));
  const text = (v: unknown, k: number) =>
    v === null || v === undefined ? "" : k === dateCol && typeof v === "number" ? formatDay(v) : String(v);
  writeFileSync(input, [header.join(","), ...rows.map((r) => r.map(text).join(","))].join("\n"));
  const cli = async (args: string[]) => {
    const out = join(dir!, `out-${args.length}.csv`);
    let stderr = "";
    const status = await main(["profit", input, ...args, "--csv", out], { out: () => undefined, err: (t) => (stderr += t) });
    expect({ status, stderr }).toEqual({ status: 0, stderr: expect.stringContaining("wrote") });
    return parseCsv(readCsvOutput(out)).records;
  };
  for (const [args, choice, lang] of [
    [
      ["--discount", "Discount", "--cost-to-serve", "CTS", "--lang", "en"],
      { discount: header.length - 2, costToServe: { kind: "column", column: header.length - 1 } },
      "en",
    ],
    [
      ["--cost-to-serve", "orders", "--cts-total", "5000", "--scheme", "SHAPIRO", "--lang", "zh"],
      { scheme: "SHAPIRO", costToServe: { kind: "driver", driver: "ORDERS", total: 5000 } },
      "zh",
    ],
  ] as const) {
    const expected = await cli([...args]);
    h?.restore();
    h = harness();
    seedSales(h.fake, "Sales", { header, rows });
    const report = await run(cascade(choice as Partial<CascadeChoice>, lang));
    const sheet = h.fake.read(lang === "zh" ? "客户" : "Customers");
    expect(sheet.length).toBe(expected.length);
    expect(report.customers).toBe(expected.length - 1);
    for (let i = 1; i < expected.length; i++) {
      const e = expected[i];
      const want = [e[0], ...e.slice(1, 13).map((v) => (v === "" ? "" : Number(v))), e[14]];
      sheet[i].forEach((v, k) => (typeof v === "number" ? expect(v).toBeCloseTo(want[k] as number, 9) : expect(v).toBe(want[k])));
    }
  }
});

test("Cancel while writing leaves the workbook as it was; a re-run replaces only its own sheets; Cancel while reading keeps them", async () => {
  h = harness();
  seedSales(h.fake, "Sales", { header: HEADER, rows: SMALL });
  h.fake.addSheet("Notes", [["mine"]]);
  h.fake.select("Sales", "A1");
  const request = cascade({ discount: 4, costToServe: { kind: "column", column: 5 } });
  const untouched = visible(h.fake.snapshot());
  await expect(run(request, (p, c) => p.stage === "write" && p.fraction > 0.6 && c.abort())).rejects.toMatchObject({ name: "AbortError" });
  expect(visible(h.fake.snapshot())).toEqual(untouched);
  h.fake.select("Sales", "A1");
  await run(request);
  const afterFirst = visible(h.fake.snapshot());
  h.fake.select("Sales", "A1");
  await run(request);
  expect(visible(h.fake.snapshot())).toEqual(afterFirst);
  expect(h.fake.read("Notes")).toEqual([["mine"]]);
  h.fake.select("Sales", "A1");
  await expect(run(cascade({ scheme: "SHAPIRO" }), (p, c) => p.stage === "read" && p.fraction > 0 && c.abort())).rejects.toMatchObject({
    name: "AbortError",
  });
  expect(visible(h.fake.snapshot())).toEqual(afterFirst);
});

test("a discount cell that is not a number: one line naming the row", async () => {
  h = harness();
  seedSales(h.fake, "Sales", { header: HEADER, rows: [...SMALL, ["D", 45004, 10, 5, "n/a", 1]] });
  await expect(run(cascade({ discount: 4 }))).rejects.toThrow(/^Row 6: the discount is .*choose another discount column\.$/);
});

test("cascade on 100,000 rows: at most 40 syncs, no per-row calls; the whale curve drawn through ≤ 1,002 points", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(100_000, 10_000, { lang: "en" }));
  const progress: Progress[] = [];
  const report = await run(cascade({ costToServe: { kind: "driver", driver: "LINES", total: 250_000 } }), (p) => progress.push(p));
  expect(report.rows).toBe(100_000);
  expect(h.fake.stats.syncs).toBeLessThanOrEqual(40);
  expect(h.fake.stats.apiCalls).toBeLessThan(2_000);
  expect(h.fake.stats.formulaWrites).toEqual([]);
  expectSteadyProgress(progress);
  const [whale] = h.fake.charts(report.summarySheet);
  expect(whale.series[0].values!.rect.rows).toBeGreaterThan(1000);
  expect(whale.series[0].values!.rect.rows).toBeLessThanOrEqual(1002);
}, 120_000);

test("lifecycle writes the W11/CN8 segment migration: a hand-made two-date case, cell by cell", async () => {
  h = harness();
  // At the comparison date (45005) A and B have one identical purchase each: all scores equal, so (§2.8,
  // single customer / all equal) W11 = New Customers, CN8 = Unclassified. By the as-of date (45020) both
  // bought once more, identically: the same again. C first buys after the comparison date: entered.
  seedSales(h.fake, "Sales", {
    header: ["Customer", "Date", "Amount"],
    rows: [
      ["A", 45000, 100],
      ["B", 45000, 100],
      ["A", 45010, 50],
      ["B", 45010, 50],
      ["C", 45012, 50],
      ["C", 45020, 10],
    ],
  });
  const report = await run({ kind: "lifecycle", source: { kind: "region" }, mapping: {}, lang: "en", lifecycle: { compareTo: 45005 } });
  const name = report.sheets.find((s) => s.key === "segment-migration")!.name;
  expect(name).toBe("Segment migration");
  const sheet = h.fake.read(name);
  const d0 = formatDay(45005),
    d1 = formatDay(45020);
  expect(sheet[0].slice(0, 5)).toEqual(["Customer ID", `W11 on ${d0}`, `W11 on ${d1}`, `CN8 on ${d0}`, `CN8 on ${d1}`]);
  const w11 = (code: string) => labelText("W11", code, "en");
  const status = (code: string) => labelText("STATUS", code, "en");
  const cn8 = (code: string) => (code === "UNCLASSIFIED" ? status(code) : labelText("CN8", code, "en"));
  expect(sheet.slice(1, 3).map((r) => r.slice(0, 5))).toEqual([
    ["A", w11("NEW"), sheet[1][2], status("UNCLASSIFIED"), sheet[1][4]],
    ["B", w11("NEW"), sheet[1][2], status("UNCLASSIFIED"), sheet[1][4]],
  ]);
  // C is new since the comparison date: no segment then.
  expect(sheet[3][0]).toBe("C");
  expect(sheet[3][1]).toBe("");
  expect(sheet[3][3]).toBe("");
  // W11 matrix: rows are the comparison-date segments; A and B both start in New Customers (2 in that row).
  const titleRow = sheet.findIndex((r) => r[6] === `W11 migration (rows: ${d0}; columns: ${d1})`);
  const head = sheet[titleRow + 1].slice(7).filter((v) => v !== "");
  const newRow = sheet.find((r, i) => i > titleRow && r[6] === w11("NEW"))!;
  expect(newRow.slice(7, 7 + head.length).reduce((a, b) => (a as number) + (b as number), 0)).toBe(2);
  const to = head.indexOf(sheet[1][2] as string);
  expect(newRow[7 + to]).toBe(2);
  const counts = sheet.find((r, i) => i > titleRow && r[6] === "Customers present at both dates")!;
  expect(sheet[sheet.indexOf(counts) + 1].slice(6, 8)).toEqual([2, 1]);
  // CN8: both rows start Unclassified (the status row stays because it has customers).
  const cnTitle = sheet.findIndex((r) => r[6] === `CN8 migration (rows: ${d0}; columns: ${d1})`);
  const unclassified = sheet.find((r, i) => i > cnTitle && r[6] === cn8("UNCLASSIFIED"))!;
  expect(
    unclassified
      .slice(7)
      .filter((v) => typeof v === "number")
      .reduce((a, b) => (a as number) + (b as number), 0),
  ).toBe(2);
  expect(h.fake.conditionalFormats(name).filter((cf) => cf.type === "ColorScale")).toHaveLength(2);
});
