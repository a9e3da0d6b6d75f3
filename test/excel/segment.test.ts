/**
 * runSegmentation end to end on the strict fake workbook. Every property src/excel reads must have
 * been loaded and synced (the fake throws PropertyNotLoaded otherwise), every request must stay
 * under Excel on the web's 5 MB cap and every read under 5,000,000 cells (the fake fails the sync),
 * so these tests passing is the proof of those rules as well as of the outputs.
 */
import { analyze } from "../../src/core/segment/analyze";
import { ingest } from "../../src/core/ingest/ingest";
import { labelColor, labelText } from "../../src/core/report/labels";
import { OWNERSHIP_KEY } from "../../src/excel";
import { TIER_HEADER_FILL } from "../../src/excel/writer";
import type { Progress } from "../../src/excel/types";
import { harness, runRequest, runWith, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

/** The add-in's analysis of a sheet, computed in memory the way the command line does. */
function inMemory(table: unknown[][], analyzeOptions = {}) {
  const ingested = ingest(table as never);
  return { ingested, result: analyze(ingested.transactions, analyzeOptions) };
}

describe("chunked reading", () => {
  test("a chunk the host still refuses is read again at half the size", async () => {
    // A host with a 300 kB response cap: the 2 MB budget is too much, so chunks must shrink.
    h = harness({ limits: { responseBytes: 300_000 } });
    const table = salesTable(30_000, 3_000);
    seedSales(h.fake, "Sales", table);
    const report = await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: false, segmentSheets: false, summary: true, issues: false } }),
    );
    const failed = h.fake.stats.log.filter((s) => s.error === "ResponsePayloadSizeLimitExceeded");
    expect(failed.length).toBeGreaterThan(0);
    expect(report.rows).toBe(30_000);
    expect(report.customers).toBe(inMemory([table.header, ...table.rows]).result.customers.length);
  });
});

describe("outputs", () => {
  test("customers sheet holds analyze()'s numbers, coloured by segment; segment sheets, summary, charts, tier columns", async () => {
    h = harness();
    const table = salesTable(6_000, 600, { badRows: 4 });
    seedSales(h.fake, "Sales", table);
    const report = await runWith(h.api, runRequest());
    const { result, ingested } = inMemory([table.header, ...table.rows]);

    // Customers sheet: one row per customer, the same numbers as analyze().
    const customers = h.fake.read("客户");
    expect(customers.length).toBe(result.customers.length + 1);
    result.customers.forEach((c, i) => {
      const row = customers[i + 1];
      const blank = (v: number | null) => (v === null ? "" : v);
      expect(row.slice(0, 11)).toEqual([
        c.id,
        blank(c.first),
        blank(c.last),
        c.orders,
        blank(c.recencyDays),
        c.purchases,
        c.monetary,
        blank(c.r),
        blank(c.f),
        blank(c.m),
        blank(c.rfmCode),
      ]);
      expect(row[11]).toBe(labelText(c.segment === "NO_PURCHASE" ? "STATUS" : "W11", c.segment, "zh"));
      expect(row[12]).toBe(labelText("ABC", c.abc, "zh"));
    });
    expect(h.fake.tables("客户").map((t) => t.name)).toEqual(["CRM_Customers"]);
    expect(h.fake.formatAt("客户", "B2", "numberFormat")).toBe("yyyy-mm-dd");
    // Many short runs of segments: conditional-format rules, one per label, give each row its colour.
    const rules = h.fake.conditionalFormats("客户");
    expect(rules.length).toBeLessThanOrEqual(13);
    expect(rules.every((r) => r.type === "Custom" && r.formula?.startsWith("=$L2="))).toBe(true);
    result.customers.forEach((c, i) => {
      const set = c.segment === "NO_PURCHASE" ? "STATUS" : "W11";
      expect(h.fake.effectiveFillAt("客户", `A${i + 2}`)).toBe(labelColor(set, c.segment));
      expect(h.fake.effectiveFillAt("客户", `N${i + 2}`)).toBe(labelColor(set, c.segment));
    });

    // One sheet per segment with its tab colour and static fills (one run each).
    for (const segment of report.segments.filter((s) => s.customers > 0)) {
      expect(segment.sheetName).toBeDefined();
      const sheet = h.fake.sheetModel(segment.sheetName as string);
      expect(sheet.tabColor).toBe(segment.color);
      expect(h.fake.read(segment.sheetName as string).length).toBe(segment.customers + 1);
      expect(h.fake.fillAt(segment.sheetName as string, "A2")).toBe(segment.color);
      expect(sheet.freeze.rows).toBe(1);
    }

    // Summary: segment table, heat map with a colour scale, three native charts.
    const summary = h.fake.sheetModel("汇总");
    const scales = summary.conditionalFormats.filter((cf) => cf.type === "ColorScale");
    expect(scales).toHaveLength(1);
    expect(scales[0].criteria).toMatchObject({ minimum: { type: "LowestValue" }, maximum: { type: "HighestValue", color: "#1B5E20" } });
    const charts = h.fake.charts("汇总");
    expect(charts.map((c) => c.type)).toEqual(["ColumnClustered", "ColumnClustered", "BarClustered"]);
    const [segmentsChart, pareto, pyramid] = charts;
    const cells = (ref: { sheet: { address(rect: unknown): string }; rect: unknown } | null) =>
      ref ? ref.sheet.address(ref.rect).replace(/^汇总!/, "") : null;
    // Shares of customers and of revenue side by side on the one percentage axis: the summary's
    // segment table has them in columns C and E below its header in row 2.
    const segmentRows = report.segments.length;
    expect(segmentsChart.title).toBe("各分群客户占比与销售额占比");
    expect(
      segmentsChart.series.map((s) => [s.name, s.chartType ?? "ColumnClustered", s.axisGroup, cells(s.values), cells(s.xValues)]),
    ).toEqual([
      ["客户占比", "ColumnClustered", "Primary", `C3:C${2 + segmentRows}`, `A3:A${2 + segmentRows}`],
      ["销售额占比", "ColumnClustered", "Primary", `E3:E${2 + segmentRows}`, `A3:A${2 + segmentRows}`],
    ]);
    expect(segmentsChart.axes).toEqual([{ type: "Value", group: "Primary", numberFormat: "0%" }]);
    expect(pareto.series.map((s) => [s.chartType ?? "ColumnClustered", s.axisGroup])).toEqual([
      ["ColumnClustered", "Primary"],
      ["Line", "Secondary"],
    ]);
    expect(pareto.axes).toEqual([
      expect.objectContaining({ group: "Secondary", maximum: 1, numberFormat: "0%" }),
      { type: "Value", group: "Primary", numberFormat: "#,##0" },
    ]);
    expect(pareto.position).toEqual({ start: expect.stringMatching(/^K\d+$/), end: expect.stringMatching(/^S\d+$/) });
    // Customers per pyramid tier as bars, T1 on top: the four tier rows of the pyramid table (the
    // no-purchase row below them is no tier), the category axis top-down.
    const summaryCells = h.fake.read("汇总");
    const tierHeader = summaryCells.findIndex((row) => row[0] === "金字塔层级");
    const tierNames = ["T1", "T2", "T3", "T4"].map((code) => labelText("PYRAMID", code, "zh"));
    expect(summaryCells.slice(tierHeader + 1, tierHeader + 5).map((row) => row[0])).toEqual(tierNames);
    expect(pyramid.title).toBe("各金字塔层级客户数");
    expect(pyramid.series.map((s) => [s.name, s.axisGroup, cells(s.values), cells(s.xValues)])).toEqual([
      ["客户数", "Primary", `B${tierHeader + 2}:B${tierHeader + 5}`, `A${tierHeader + 2}:A${tierHeader + 5}`],
    ]);
    expect(pyramid.axes).toEqual([
      { type: "Value", group: "Primary", numberFormat: "#,##0" },
      { type: "Category", group: "Primary", reversePlotOrder: true, position: "Maximum" },
    ]);

    // Tier columns to the right of the data, header marked as the add-in's, rows aligned.
    const sales = h.fake.read("Sales");
    expect(sales[0].slice(7)).toEqual(["客户分群", "R", "F", "M", "ABC分类", "金字塔层级"]);
    expect(h.fake.fillAt("Sales", "H1")).toBe(TIER_HEADER_FILL.fill);
    const byId = new Map(result.customers.map((c) => [c.id, c]));
    const rejectedRows = new Set(ingested.rejected.map((r) => r.row));
    for (let r = 1; r < sales.length; r++) {
      if (rejectedRows.has(r + 1)) {
        expect(sales[r].slice(7)).toEqual(["", "", "", "", "", ""]); // rejected rows stay blank
        continue;
      }
      const c = byId.get(String(sales[r][0])) as (typeof result.customers)[number];
      expect(sales[r][7]).toBe(labelText(c.segment === "NO_PURCHASE" ? "STATUS" : "W11", c.segment, "zh"));
      expect(sales[r][8]).toBe(c.r ?? "");
    }

    // Issues sheet with real sheet row numbers.
    expect(report.rejected.count).toBe(4);
    expect(report.rejected.sheetName).toBe("问题行");
    const issues = h.fake.read("问题行");
    expect(issues.slice(1).map((r) => r[0])).toEqual(report.rejected.first.map((r) => r.row));
    expect(report.sheets.map((s) => s.key)).toEqual(expect.arrayContaining(["customers", "summary", "issues"]));
    expect(h.fake.setting(OWNERSHIP_KEY)).toMatchObject({
      sheets: expect.arrayContaining([expect.objectContaining({ key: "customers", name: "客户" })]),
    });
  });

  test("data not at A1: tier rows align with the sheet rows and issues name the real row", async () => {
    h = harness();
    const table = salesTable(800, 80, { badRows: 2 });
    h.fake.addSheet("Sales", [["Quarterly export"]]);
    seedSales(h.fake, "Sales", table, "C4");
    const report = await runWith(h.api, runRequest({ lang: "en" }));
    const sheet = h.fake.read("Sales", `C4:O${4 + table.rows.length}`);
    expect(sheet[0].slice(7)).toEqual(["Segment", "R", "F", "M", "ABC class", "Pyramid tier"]);
    const customers = new Map(
      h.fake
        .read("Customers")
        .slice(1)
        .map((r) => [r[0], r]),
    );
    const rejected = new Set(report.rejected.first.map((r) => r.row));
    let checked = 0;
    for (let i = 1; i < sheet.length; i++) {
      if (rejected.has(4 + i)) {
        expect(sheet[i].slice(7)).toEqual(["", "", "", "", "", ""]);
        continue;
      }
      const c = customers.get(sheet[i][0]) as unknown[];
      expect([sheet[i][7], sheet[i][8]]).toEqual([c[11], c[7]]);
      checked++;
    }
    expect(checked).toBe(table.rows.length - 2);
    for (const bad of report.rejected.first) {
      expect(bad.row).toBeGreaterThan(4);
      expect(h.fake.read("Sales", `C${bad.row}:I${bad.row}`)[0]).toEqual(bad.values.map((v) => v ?? ""));
    }
    expect(h.fake.cell("Sales", "A1")).toBe("Quarterly export");
  });

  test("customer ids that look like numbers stay text", async () => {
    h = harness();
    h.fake.addSheet("Sales", [
      ["Customer ID", "Order Date", "Amount"],
      ["00123", 45000, 10],
      ["00123", 45010, 20],
      ["=cmd", 45020, 5],
      ["2024-01-05", 45030, 7],
    ]);
    await runWith(h.api, runRequest({ lang: "en" }));
    expect(
      h.fake
        .read("Customers")
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(["00123", "=cmd", "2024-01-05"]);
    expect(h.fake.stats.formulaWrites).toEqual([]);
  });

  test("native Pareto chart only when asked and ExcelApi 1.9 is there; otherwise the combo", async () => {
    h = harness({}, { nativePareto: true });
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: false, segmentSheets: false, summary: true, issues: false } }),
    );
    expect(h.fake.charts("汇总").map((c) => c.type)).toEqual(["ColumnClustered", "Pareto", "BarClustered"]);

    h.restore();
    h = harness({ apiVersion: "1.8" }, { nativePareto: true });
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: false, segmentSheets: false, summary: true, issues: false } }),
    );
    const charts = h.fake.charts("汇总");
    expect(charts.map((c) => c.type)).toEqual(["ColumnClustered", "ColumnClustered", "BarClustered"]);
    expect(charts[1].series[1].chartType).toBe("Line");
    // Without 1.9 nothing of 1.9 was used: no getTables, no suspendScreenUpdating.
    expect(h.fake.stats.calls["Range.getTables"]).toBeUndefined();
    expect(h.fake.stats.calls["Application.suspendScreenUpdatingUntilNextSync"]).toBeUndefined();
  });

  test("unchecked outputs are not written", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(1_000, 100));
    const report = await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: false, issues: false } }),
    );
    expect(h.fake.sheetNames()).toEqual(["Sales", "客户"]);
    expect(report.sheets).toEqual([{ key: "customers", name: "客户" }]);
    expect(h.fake.read("Sales")[0]).toHaveLength(7);
  });
});

describe("re-runs and ownership", () => {
  test("a re-run replaces the add-in's outputs only; a user sheet with the same name is never touched", async () => {
    h = harness();
    h.fake.addSheet("汇总", [["my own notes"], [42]]);
    seedSales(h.fake, "Sales", salesTable(3_000, 300, { seed: 1 }));
    const first = await runWith(h.api, runRequest());
    expect(first.sheets.find((s) => s.key === "summary")?.name).toBe("汇总 (2)");
    const sheetsAfterFirst = h.fake.sheetNames();

    // New data in the same place (the tier columns of the first run are still beside it).
    seedSales(h.fake, "Sales", salesTable(3_000, 250, { seed: 2 }));
    const second = await runWith(h.api, runRequest());
    expect(h.fake.sheetNames().sort()).toEqual(sheetsAfterFirst.sort());
    expect(second.sheets.map((s) => s.name)).toEqual(
      first.sheets.map((s) => s.name).filter((n) => second.sheets.some((s) => s.name === n)),
    );
    expect(h.fake.read("汇总")).toEqual([["my own notes"], [42]]);
    expect(h.fake.read("Sales")[0]).toHaveLength(13); // 7 data columns + 6 tier columns, not 19
    expect(second.customers).toBe(inMemory(h.fake.read("Sales", "A1:G3001")).result.customers.length);
    expect(h.fake.read("客户").length).toBe(second.customers + 1);
    // The preview sees the user's columns only.
    h.fake.select("Sales", "B5");
    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview.header).toHaveLength(7);
    expect(preview.address).toBe("Sales!A1:G3001");
  });

  test("tier columns never overwrite the user's cells", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(500, 50));
    h.fake.setValues("Sales", "J300", [["do not touch"]]);
    h.fake.select("Sales", "A1");
    // The region around A1 stops at the blank column H; column J holds a note within the tier area.
    const report = await runWith(h.api, runRequest());
    expect(report.warnings.map((w) => w.code)).toContain("TIER_COLUMNS_BLOCKED");
    expect(h.fake.cell("Sales", "J300")).toBe("do not touch");
    expect(h.fake.cell("Sales", "H1")).toBeUndefined();
  });

  test("a sheet the user renamed is still the add-in's (by id); one the user made with the old name is not", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(1_000, 100));
    await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: false, issues: false } }),
    );
    h.fake.sheetModel("客户").name = "Old customers";
    h.fake.addSheet("客户", [["user"]]);
    await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: false, issues: false } }),
    );
    expect(h.fake.hasSheet("Old customers")).toBe(false);
    expect(h.fake.read("客户")).toEqual([["user"]]);
    expect(h.fake.hasSheet("客户 (2)")).toBe(true);
  });
});

describe("Excel table source", () => {
  test("tier columns become table columns, and a re-run does not add them twice", async () => {
    h = harness();
    const table = salesTable(2_000, 200);
    seedSales(h.fake, "Sales", table);
    h.fake.addTable("Sales", `A1:G${table.rows.length + 1}`, "SalesTable");
    h.fake.select("Sales", "C10");
    await runWith(h.api, runRequest({ lang: "en" }));
    const [model] = h.fake.tables("Sales");
    expect(model.columns.map((c) => c.name)).toEqual([...table.header, "Segment", "R", "F", "M", "ABC class", "Pyramid tier"]);
    expect(model.rect.cols).toBe(13);
    const values = h.fake.read("Sales");
    expect(values.slice(1).every((r) => r.length === 13)).toBe(true);
    expect(values.slice(1).filter((r) => r[7] !== "").length).toBe(table.rows.length);

    await runWith(h.api, runRequest({ lang: "en", source: { kind: "table", tableName: "SalesTable" } }));
    expect(h.fake.tables("Sales")[0].columns).toHaveLength(13);
  });
});

describe("cancelling", () => {
  test("mid-write: no output sheet and no tier column remain", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(60_000, 6_000));
    let stagesSeen = 0;
    await expect(
      runWith(h.api, runRequest(), (p, controller) => {
        if (p.stage === "write" && p.fraction > 0.6) {
          stagesSeen++;
          controller.abort();
        }
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(stagesSeen).toBeGreaterThan(0);
    expect(h.fake.sheetNames()).toEqual(["Sales"]);
    expect(h.fake.read("Sales")[0]).toHaveLength(7);
    expect(h.fake.usedAddress("Sales")).toBe("Sales!A1:G60001");
    expect(h.fake.setting(OWNERSHIP_KEY)).toEqual({ sheets: [] });
  });

  test("while the last content request is under way: still cancelled, everything of the run taken out", async () => {
    // A first run on the same workbook tells which syncs are the last three: the last content request,
    // the look-up of the previous outputs, then the commit.
    h = harness();
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    await runWith(h.api, runRequest());
    const commit = h.fake.stats.syncs;
    expect(h.fake.stats.log[commit - 3].writes.length).toBeGreaterThan(0);
    h.restore();

    h = harness();
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    const controller = new AbortController();
    let sheetsInFlight: string[] = [];
    h.fake.duringSync = (record) => {
      if (record.index !== commit - 2) return;
      sheetsInFlight = h.fake.sheetNames();
      controller.abort();
    };
    const progress: Progress[] = [];
    await expect(h.api.runSegmentation(runRequest(), (p) => progress.push(p), controller.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
    // The request had been applied: all the outputs were there when the cancel came.
    expect(sheetsInFlight.length).toBeGreaterThan(4);
    expect(progress.some((p) => p.stage === "done")).toBe(false);
    expect(h.fake.sheetNames()).toEqual(["Sales"]);
    expect(h.fake.read("Sales")[0]).toHaveLength(7);
    expect(h.fake.setting(OWNERSHIP_KEY)).toEqual({ sheets: [] });
  });

  test("while the commit request is under way, or from the final report: too late, the run resolves complete", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    await runWith(h.api, runRequest());
    const commit = h.fake.stats.syncs;
    const complete = h.fake.sheetNames();
    h.restore();

    h = harness();
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    const controller = new AbortController();
    h.fake.duringSync = (record) => {
      if (record.index === commit) controller.abort();
    };
    const progress: Progress[] = [];
    const report = await h.api.runSegmentation(runRequest(), (p) => progress.push(p), controller.signal);
    expect(progress[progress.length - 1].stage).toBe("done");
    expect(h.fake.sheetNames()).toEqual(complete);
    expect((h.fake.setting(OWNERSHIP_KEY) as { sheets: unknown[] }).sheets).toHaveLength(report.sheets.length);

    h.restore();
    h = harness();
    seedSales(h.fake, "Sales", salesTable(2_000, 200));
    h.fake.addTable("Sales", "A1:G2001", "SalesTable");
    const runsBefore = h.fake.runs;
    await runWith(h.api, runRequest(), (p, c) => {
      if (p.stage === "done") c.abort();
    });
    // No clean-up run: the outputs stay.
    expect(h.fake.runs - runsBefore).toBe(1);
    expect(h.fake.tables("Sales")[0].columns).toHaveLength(13);
    expect(h.fake.sheetNames()).toEqual(complete);
  });

  test("a cancelled run still gives up a previous output the user now reads data from", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(20_000, 2_000));
    // As if Sales had been an output of an earlier run that the user has since filled with data.
    h.fake.setSetting(OWNERSHIP_KEY, { sheets: [{ key: "customers", id: h.fake.sheetModel("Sales").id, name: "Sales" }] });
    await expect(
      runWith(h.api, runRequest(), (p, controller) => {
        if (p.stage === "write" && p.fraction > 0.6) controller.abort();
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(h.fake.sheetNames()).toEqual(["Sales"]);
    expect(h.fake.setting(OWNERSHIP_KEY)).toEqual({ sheets: [] });
  });

  test("mid-write on a table: the added table columns go again", async () => {
    h = harness();
    const table = salesTable(60_000, 6_000);
    seedSales(h.fake, "Sales", table);
    h.fake.addTable("Sales", `A1:G${table.rows.length + 1}`, "SalesTable");
    await expect(
      runWith(h.api, runRequest({ source: { kind: "table", tableName: "SalesTable" } }), (p, controller) => {
        if (p.stage === "write" && p.fraction > 0.52) controller.abort();
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(h.fake.tables("Sales")[0].columns).toHaveLength(7);
    expect(h.fake.sheetNames()).toEqual(["Sales"]);
  });

  test("while reading: the previous run's outputs stay as they were", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(40_000, 4_000));
    await runWith(h.api, runRequest());
    const before = h.fake.snapshot();
    await expect(
      runWith(h.api, runRequest(), (p, controller) => {
        if (p.stage === "read" && p.fraction > 0.1) controller.abort();
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    const after = h.fake.snapshot();
    expect(after.sheets).toEqual(before.sheets);
    expect(after.settings).toEqual(before.settings);
  });
});

describe("pinned source address", () => {
  test("a run reads exactly the previewed range, wherever the selection has moved", async () => {
    h = harness();
    const table = salesTable(1_500, 150);
    seedSales(h.fake, "Sales", table, "B3");
    h.fake.addSheet("Notes", [
      ["something else", 1],
      ["more", 2],
    ]);
    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview.address).toBe("Sales!B3:H1503");
    h.fake.select("Notes", "A1");
    const source = { kind: "address" as const, address: preview.address, header: preview.header };
    expect(await h.api.previewSource(source)).toEqual(preview);
    const report = await runWith(h.api, runRequest({ source, mapping: preview.mapping, lang: "en" }));
    expect(report.rows).toBe(1_500);
    expect(report.customers).toBe(inMemory([table.header, ...table.rows]).result.customers.length);
    expect(h.fake.read("Sales", "I3:N3")[0]).toEqual(["Segment", "R", "F", "M", "ABC class", "Pyramid tier"]);
    expect(h.fake.read("Notes")).toEqual([
      ["something else", 1],
      ["more", 2],
    ]);
    // The same address again: the tier columns written beside it are recognised, not read as data.
    const again = await runWith(h.api, runRequest({ source, mapping: preview.mapping, lang: "en" }));
    expect(again.rows).toBe(1_500);
    expect(h.fake.read("Sales")[0]).toHaveLength(13); // 7 data columns + 6 tier columns, not 19
  });

  test("the address of a whole Excel table is that table: tier columns become table columns", async () => {
    h = harness();
    const table = salesTable(500, 50);
    seedSales(h.fake, "Sales 2024", table);
    h.fake.addTable("Sales 2024", "A1:G501", "SalesTable");
    const preview = await h.api.previewSource({ kind: "table", tableName: "SalesTable" });
    expect(preview.address).toBe("'Sales 2024'!A1:G501");
    const pinned = await h.api.previewSource({ kind: "address", address: preview.address });
    expect(pinned.tableName).toBe("SalesTable");
    await runWith(h.api, runRequest({ source: { kind: "address", address: preview.address, header: preview.header }, lang: "en" }));
    expect(h.fake.tables("Sales 2024")[0].columns).toHaveLength(13);
    // Part of a table is read as the range it is.
    expect((await h.api.previewSource({ kind: "address", address: "'Sales 2024'!A1:G100" })).tableName).toBeUndefined();
  });

  test("SOURCE_CHANGED, naming the address, when it no longer shows the previewed header; nothing is written", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(300, 30));
    const preview = await h.api.previewSource({ kind: "region" });
    const pinned = { kind: "address" as const, address: preview.address, header: preview.header };
    const changed = { name: "WorkbookError", code: "SOURCE_CHANGED", message: expect.stringContaining("Sales!A1:G301") };

    // Columns swapped: the mapping made for the preview would read the wrong ones.
    const [header] = h.fake.read("Sales");
    h.fake.setValues("Sales", "A1", [[header[1], header[0], ...header.slice(2)]]);
    await expect(runWith(h.api, runRequest({ source: pinned, mapping: preview.mapping }))).rejects.toMatchObject(changed);
    await expect(h.api.previewSource(pinned)).rejects.toMatchObject(changed);
    h.fake.setValues("Sales", "A1", [header]);
    expect((await h.api.previewSource(pinned)).header).toEqual(preview.header);

    // The sheet renamed, or the range emptied.
    h.fake.sheetModel("Sales").name = "Old sales";
    await expect(runWith(h.api, runRequest({ source: pinned }))).rejects.toMatchObject(changed);
    h.fake.sheetModel("Old sales").name = "Sales";
    h.fake.setValues(
      "Sales",
      "A1",
      Array.from({ length: 301 }, () => Array.from({ length: 7 }, () => null)),
    );
    await expect(runWith(h.api, runRequest({ source: pinned }))).rejects.toMatchObject(changed);
    expect(h.fake.sheetNames()).toEqual(["Sales"]);
    expect(h.fake.setting(OWNERSHIP_KEY)).toBeUndefined();
  });

  test("data without a header are pinned with their column letters", async () => {
    h = harness();
    const table = salesTable(200, 20);
    h.fake.addSheet(
      "Raw",
      table.rows.map((r) => r.map((c) => c ?? null)),
      "C2",
    );
    h.fake.select("Raw", "D5");
    const preview = await h.api.previewSource({ kind: "region" });
    expect(preview.header).toEqual(["C", "D", "E", "F", "G", "H", "I"]);
    const report = await runWith(
      h.api,
      runRequest({ source: { kind: "address", address: preview.address, header: preview.header }, mapping: preview.mapping }),
    );
    expect(report.rows).toBe(200);
    await expect(h.api.previewSource({ kind: "address", address: "Raw!C2:I201", header: ["Customer", "Date"] })).rejects.toMatchObject({
      code: "SOURCE_CHANGED",
    });
  });
});
