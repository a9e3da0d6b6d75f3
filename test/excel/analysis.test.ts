/**
 * The pane's analyses on the strict fake: the value/profitability matrix and lifecycle movement
 * write what `crm-segments matrix` and `crm-segments lifecycle --compare-to` write (cell for cell
 * against their CSV), draw native charts over the right ranges, replace only their own sheets on a
 * re-run, leave the workbook as it was on Cancel, and stay within the Segments sync budget.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { main } from "../../src/cli/main";
import { dayFromYMD } from "../../src/core/ingest/dates";
import { labelText } from "../../src/core/report/labels";
import type { AnalysisRequest, Progress } from "../../src/excel/types";
import { readCsvOutput } from "../support/cli";
import { columnName, type FakeSnapshot } from "../support/fake-excel";
import { harness, runRequest, runWith, salesTable, seedSales, type Harness } from "./helpers";

const SAMPLE = join(__dirname, "..", "..", "samples", "sales.csv");

let h: Harness;
let dir: string | undefined;
afterEach(() => {
  h?.restore();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const matrix = (m: Partial<Extract<AnalysisRequest, { kind: "matrix" }>["matrix"]> = {}, lang: "zh" | "en" = "en"): AnalysisRequest => ({
  kind: "matrix",
  source: { kind: "region" },
  mapping: {},
  lang,
  matrix: { x: "MONETARY", y: "PROFIT", scheme: "PROFIT", ...m },
});
const lifecycleRequest = (compareTo: number, lang: "zh" | "en" = "en"): AnalysisRequest => ({
  kind: "lifecycle",
  source: { kind: "region" },
  mapping: {},
  lang,
  lifecycle: { compareTo },
});

function run(request: AnalysisRequest, onProgress: (p: Progress, c: AbortController) => void = () => undefined) {
  const controller = new AbortController();
  return h.api.runAnalysis(request, (p) => onProgress(p, controller), controller.signal);
}

async function cliCsv(args: string[]): Promise<string[][]> {
  dir = mkdtempSync(join(tmpdir(), "crm-analysis-"));
  const out = join(dir, "out.csv");
  let stderr = "";
  const status = await main([...args, "--csv", out], { out: () => undefined, err: (t) => (stderr += t) });
  expect({ status, stderr }).toEqual({ status: 0, stderr: expect.stringContaining("wrote") });
  return parseCsv(readCsvOutput(out)).records;
}

/** samples/sales.csv as Excel holds it after opening the CSV (text through Range.values). */
async function seedSample(): Promise<void> {
  h.fake.addSheet("Sales");
  const records = parseCsv(readFileSync(SAMPLE, "utf8")).records;
  await h.fake.run(async (context) => {
    context.workbook.worksheets.getItem("Sales").getRangeByIndexes(0, 0, records.length, records[0].length).values = records;
    await context.sync();
  });
  h.fake.select("Sales", "A1");
}

/**
 * What the user sees: sheets (ids aside) and settings, less an ownership record that claims
 * nothing (a cancelled first run leaves one); not the counters of the fake.
 */
const visible = (s: FakeSnapshot) => ({
  sheets: s.sheets.map(({ id: _id, ...rest }) => rest),
  settings: JSON.parse(
    JSON.stringify(s.settings, (k, v) =>
      k === "id" || (v && Array.isArray(v.sheets) && v.sheets.length === 0 && !v.tierColumns) ? undefined : v,
    ),
  ),
});

const num = (v: string) => (v === "" ? "" : Number(v));

test("matrix: a hand-computed 2×2 beside the data, one tab-coloured sheet per quadrant, the scatter with cut lines", async () => {
  h = harness();
  // Monetary per customer: A 100, B 40, C 300, D 10 → median (40 + 100) / 2 = 70; profit (amount − cost):
  // A 60, B 30, C 20, D 5 → median (20 + 30) / 2 = 25. High = strictly above the cut (§1.4):
  // A (100 > 70, 60 > 25) PM_COSTENG; B (40, 30) PM_DANGER; C (300, 20) PM_PROTECT; D (10, 5) PM_BUILD.
  seedSales(h.fake, "Sales", {
    header: ["Customer", "Date", "Amount", "Cost"],
    rows: [
      ["A", 45000, 100, 40],
      ["B", 45001, 40, 10],
      ["C", 45002, 300, 280],
      ["D", 45003, 10, 5],
    ],
  });
  const report = await run(matrix());
  const classCol = h.fake.read("Sales", "E1:E5").map((r) => r[0]);
  expect(classCol).toEqual(["Class", ...["PM_COSTENG", "PM_DANGER", "PM_PROTECT", "PM_BUILD"].map((c) => labelText("PROFIT", c, "en"))]);
  expect(report.classes.map((c) => [c.code, c.count])).toEqual([
    ["PM_COSTENG", 1],
    ["PM_PROTECT", 1],
    ["PM_DANGER", 1],
    ["PM_BUILD", 1],
  ]);
  for (const c of report.classes) expect(h.fake.sheetModel(c.sheetName!).tabColor).toBe(c.color);

  const [chart] = h.fake.charts(report.summarySheet);
  expect(chart.type).toBe("XYScatter");
  expect(chart.series.map((s) => [s.name, s.chartType ?? chart.type])).toEqual([
    ...["PM_COSTENG", "PM_PROTECT", "PM_DANGER", "PM_BUILD"].map((c) => [labelText("PROFIT", c, "en"), "XYScatter"]),
    ["x threshold", "XYScatterLinesNoMarkers"],
    ["y threshold", "XYScatterLinesNoMarkers"],
  ]);
  expect(chart.series.slice(0, 4).map((s) => s.markerColor)).toEqual(report.classes.map((c) => c.color));
  // Each series covers its quadrant's points; the cut lines run x = 70 over y 5..60 and y = 25 over x 10..300.
  const points = (k: number) => {
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
  expect(points(0)).toEqual([[100, 60]]);
  expect(points(1)).toEqual([[300, 20]]);
  expect(points(4)).toEqual([
    [70, 5],
    [70, 60],
  ]);
  expect(points(5)).toEqual([
    [10, 25],
    [300, 25],
  ]);
});

test("matrix equals `crm-segments matrix --csv` cell for cell (VALUE scheme, mean cut, zh)", async () => {
  const cli = await cliCsv([
    "matrix",
    SAMPLE,
    "--x",
    "MONETARY",
    "--y",
    "FREQUENCY",
    "--scheme",
    "VALUE",
    "--x-cut",
    "mean",
    "--lang",
    "zh",
  ]);
  h = harness();
  await seedSample();
  const report = await run(matrix({ x: "MONETARY", y: "FREQUENCY", scheme: "VALUE", xCut: "MEAN" }, "zh"));
  const sheet = h.fake.read("客户");
  expect(sheet.length).toBe(cli.length);
  expect(report.customers).toBe(cli.length - 1);
  for (let i = 1; i < cli.length; i++) {
    const [id, x, y, , label] = cli[i];
    expect(sheet[i]).toEqual([id, num(x), num(y), label]);
  }
  // The thresholds on the summary: the CLI's mean of the monetary column.
  const monetary = cli
    .slice(1)
    .filter((r) => r[1] !== "")
    .map((r) => Number(r[1]));
  const mean = monetary.reduce((a, b) => a + b, 0) / monetary.length;
  const summary = h.fake.read(report.summarySheet!);
  const xRow = summary.find((r) => r[0] === "x")!;
  expect(xRow[2] as number).toBeCloseTo(mean, 6);
});

test("lifecycle equals `crm-segments lifecycle --compare-to --csv`, with a heat map and the stacked stages chart", async () => {
  const compare = "2023-06-30";
  const cli = await cliCsv(["lifecycle", SAMPLE, "--compare-to", compare, "--lang", "en"]);
  h = harness();
  await seedSample();
  const [y, m, d] = compare.split("-").map(Number);
  const report = await run(lifecycleRequest(dayFromYMD(y, m, d)));
  const sheet = h.fake.read("Customers");
  expect(sheet.length).toBe(cli.length);
  for (let i = 1; i < cli.length; i++) {
    const [id, , stage, lapsed, n, r, t, s1, s0, , from] = cli[i];
    expect(sheet[i]).toEqual([id, stage, lapsed === "" ? "" : "Lapsed", ...[n, r, t, s1, s0].map(num), from]);
  }
  const summary = h.fake.read(report.summarySheet!);
  // The stacked chart's table: stage counts at both dates, counted from the CLI's CSV.
  const dates = summary.findIndex((r) => r[0] === "Date");
  const stages = summary[dates].slice(1, 6) as string[];
  const count = (col: number, label: string) => cli.slice(1).filter((r) => r[col] === label).length;
  expect(summary[dates + 1].slice(0, 6)).toEqual([compare, ...stages.map((s) => count(10, s))]);
  expect(summary[dates + 2].slice(1, 6)).toEqual(stages.map((s) => count(2, s)));
  const [chart] = h.fake.charts(report.summarySheet);
  expect(chart.type).toBe("ColumnStacked");
  expect(chart.series.map((s) => s.name)).toEqual(stages);
  expect(chart.series.every((s) => s.fillColor !== undefined && s.values!.rect.rows === 2)).toBe(true);
  const scales = h.fake.conditionalFormats(report.summarySheet!).filter((cf) => cf.type === "ColorScale");
  expect(scales).toHaveLength(1);
  expect(h.fake.sheetModel(report.summarySheet!).address(scales[0].rect)).toMatch(/!B\d+:F\d+$/);
});

test("a re-run replaces only its own sheets; segments and a user's sheet stay; Cancel leaves the workbook as it was", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
  await runWith(
    h.api,
    runRequest({ lang: "en", outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: true, issues: false } }),
  );
  h.fake.addSheet("Notes", [["mine"]]);
  h.fake.select("Sales", "A1");
  await run(matrix({ x: "MONETARY", y: "FREQUENCY", scheme: "VALUE" }));
  const afterFirst = visible(h.fake.snapshot());
  h.fake.select("Sales", "A1");
  await run(matrix({ x: "MONETARY", y: "FREQUENCY", scheme: "VALUE" }));
  expect(visible(h.fake.snapshot())).toEqual(afterFirst);
  expect(h.fake.sheetNames().filter((n) => n.startsWith("Customers"))).toEqual(["Customers", "Customers (2)"]);
  expect(h.fake.read("Notes")).toEqual([["mine"]]);

  // Cancel while reading, or while writing (a re-run commits at the end): the previous run's sheets stay as they were.
  for (const stage of ["read", "write"]) {
    h.fake.select("Sales", "A1");
    const before = visible(h.fake.snapshot());
    await expect(
      run(matrix({ x: "MONETARY", y: "FREQUENCY", scheme: "SHAPIRO" }), (p, c) => {
        if (p.stage === stage && p.fraction > 0.6 * Number(stage === "write")) c.abort();
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(visible(h.fake.snapshot())).toEqual(before);
  }
});

test("Cancel while writing (lifecycle after segments): nothing of the run stays", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
  await runWith(h.api, runRequest({ lang: "en" }));
  h.fake.select("Sales", "A1");
  const before = visible(h.fake.snapshot());
  await expect(
    run(lifecycleRequest(45365), (p, c) => {
      if (p.stage === "write" && p.fraction > 0.6) c.abort();
    }),
  ).rejects.toMatchObject({ name: "AbortError" });
  expect(visible(h.fake.snapshot())).toEqual(before);
});

test("a user's cell beside the data is never overwritten", async () => {
  h = harness();
  const table = salesTable(200, 40, { lang: "en" });
  seedSales(h.fake, "Sales", table);
  // The data pinned by address; a note in the column the class would take.
  const last = columnName(table.header.length - 1);
  const beside = `${columnName(table.header.length)}5`;
  h.fake.setValues("Sales", beside, [["keep"]]);
  const report = await run({
    ...matrix({ x: "MONETARY", y: "FREQUENCY", scheme: "VALUE" }),
    source: { kind: "address", address: `Sales!A1:${last}201` },
  });
  expect(h.fake.cell("Sales", beside)).toBe("keep");
  expect(report.warnings.map((w) => w.code)).toContain("TIER_COLUMNS_BLOCKED");
});
