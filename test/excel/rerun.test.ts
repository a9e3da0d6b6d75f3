/**
 * A re-run commits at the end (src/excel/run.ts): cancelled at any sync, or failing at any sync,
 * before its last request, it leaves the workbook exactly as the first run left it — sheets, their
 * order, names, values, formats, tab colours, charts, tables, conditional formats, defined names,
 * the tier columns beside the data and the settings. Checked for Segments (range and Excel-table
 * sources), for the value matrix analysis and for the CLV model sheet, by comparing the whole fake
 * workbook after the first run with the workbook after each interrupted re-run.
 */
import { CLV_MODEL_KEY } from "../../src/excel/clv-model";
import { OWNERSHIP_KEY } from "../../src/excel";
import type { AnalysisRequest, ClvModelRequest, RunRequest } from "../../src/excel/types";
import type { FakeExcel } from "../support/fake-excel";
import type { FormatProp } from "../support/fake-excel/model";
import { harness, runRequest, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

const FORMAT_PROPS: FormatProp[] = ["fill", "fontColor", "bold", "italic", "numberFormat", "horizontalAlignment"];

/** Everything a user could see of the workbook, as plain data (the formats as they apply, cell by cell). */
function workbookState(fake: FakeExcel): unknown {
  const model = fake.model;
  return {
    sheets: model.sheets.map((s) => {
      const used = s.usedRect(false);
      const formats: Record<string, unknown> = {};
      if (used) {
        for (let r = used.r0; r < used.r0 + used.rows; r++) {
          for (let c = used.c0; c < used.c0 + used.cols; c++) {
            for (const prop of FORMAT_PROPS) {
              const value = s.formatAt(r, c, prop);
              if (value !== undefined) formats[`${r},${c},${prop}`] = value;
            }
          }
        }
      }
      return {
        id: s.id,
        name: s.name,
        tabColor: s.tabColor,
        freeze: { ...s.freeze },
        values: used ? s.read(used) : [],
        used: used && s.address(used),
        formats,
        conditionalFormats: s.conditionalFormats.map(({ sheet, ...cf }) => ({ ...cf, address: sheet.address(cf.rect) })),
        names: s.names.map((n) => ({ ...n, rect: { ...n.rect } })),
      };
    }),
    tables: model.tables.map((t) => ({
      name: t.name,
      sheet: t.sheet.name,
      address: t.sheet.address(t.rect),
      columns: t.columns.map((c) => c.name),
      style: t.style,
    })),
    charts: model.charts.map(({ sheet, series, ...chart }) => ({
      ...chart,
      sheet: sheet.name,
      series: series.map(({ values, xValues, ...x }) => ({
        ...x,
        values: values && values.sheet.address(values.rect),
        xValues: xValues && xValues.sheet.address(xValues.rect),
      })),
    })),
    settings: Object.fromEntries([...model.settings].map(([k, v]) => [k, JSON.parse(v)])),
    active: model.active?.name,
    selection: model.selection && model.selection.sheet.address(model.selection.rect),
  };
}

interface Workflow {
  name: string;
  key: string;
  /** A user sheet whose name an output wants, and a user cell near the data. */
  user: { sheet: string; values: (string | number)[][]; cell?: { sheet: string; address: string; value: string } };
  /** The user's sheet and cell, and the sales data. */
  seed: (fake: FakeExcel) => void;
  /** The data changed between the runs, so the re-run writes different numbers. */
  change: (fake: FakeExcel) => void;
  run: (signal: AbortSignal) => Promise<unknown>;
}

const SEGMENTS_REQUEST: RunRequest = runRequest({ lang: "en" });

function seedRange(fake: FakeExcel, userSheet = "Summary"): void {
  fake.addSheet(userSheet, [["my own notes"], [42]]);
  seedSales(fake, "Sales", salesTable(300, 40, { seed: 3 }));
  // A user note beside the data, below the rows the tier columns take.
  fake.setValues("Sales", "H320", [["user note"]]);
  fake.select("Sales", "B2");
}

function changeRange(fake: FakeExcel): void {
  // New sales in the same place: 300 rows, other customers and amounts.
  seedSales(fake, "Sales", salesTable(300, 30, { seed: 4 }));
  fake.select("Sales", "B2");
}

const WORKFLOWS: Workflow[] = [
  {
    name: "Segments on a range",
    key: OWNERSHIP_KEY,
    user: { sheet: "Summary", values: [["my own notes"], [42]], cell: { sheet: "Sales", address: "H320", value: "user note" } },
    seed: seedRange,
    change: changeRange,
    run: (signal) => h.api.runSegmentation(SEGMENTS_REQUEST, () => undefined, signal),
  },
  {
    name: "Segments on an Excel table (tier columns are table columns)",
    key: OWNERSHIP_KEY,
    user: { sheet: "Customers", values: [["a user sheet with an output's name"]] },
    seed: (fake) => {
      fake.addSheet("Customers", [["a user sheet with an output's name"]]);
      seedSales(fake, "Sales", salesTable(200, 30, { seed: 5 }));
      fake.addTable("Sales", "A1:G201", "SalesTable");
      fake.select("Sales", "C3");
    },
    change: (fake) => {
      fake.setValues(
        "Sales",
        "A2",
        salesTable(200, 20, { seed: 6 }).rows.map((r) => r.map((c) => c ?? null)),
      );
      fake.select("Sales", "C3");
    },
    run: (signal) =>
      h.api.runSegmentation({ ...SEGMENTS_REQUEST, source: { kind: "table", tableName: "SalesTable" } }, () => undefined, signal),
  },
  {
    name: "value matrix analysis",
    key: "crmSegments.analysis.matrix",
    user: { sheet: "Summary (matrix)", values: [["my own notes"], [42]], cell: { sheet: "Sales", address: "H320", value: "user note" } },
    seed: (fake) => seedRange(fake, "Summary (matrix)"),
    change: changeRange,
    run: (signal) => {
      const request: AnalysisRequest = {
        kind: "matrix",
        source: { kind: "region" },
        mapping: {},
        lang: "en",
        matrix: { x: "MONETARY", y: "FREQUENCY", scheme: "VALUE" },
      };
      return h.api.runAnalysis(request, () => undefined, signal);
    },
  },
  {
    name: "CLV model sheet",
    key: CLV_MODEL_KEY,
    user: { sheet: "CLV model", values: [["my own notes"], [42]], cell: { sheet: "Sales", address: "H320", value: "user note" } },
    seed: (fake) => seedRange(fake, "CLV model"),
    change: changeRange,
    run: (signal) => {
      // The sales run from day 45000 over 730 days: a year and a half to calibrate, the rest to check.
      const request: ClvModelRequest = { source: { kind: "region" }, mapping: {}, lang: "en", calibrationEnd: 45_547, holdoutEnd: 45_729 };
      return h.api.buildClvModel(request, () => undefined, signal);
    },
  },
];

/** A workbook after the first run, and the first sync of the re-run. */
async function afterFirstRun(workflow: Workflow): Promise<{ state: unknown; firstSync: number }> {
  h?.restore();
  h = harness();
  workflow.seed(h.fake);
  await workflow.run(new AbortController().signal);
  workflow.change(h.fake);
  return { state: workbookState(h.fake), firstSync: h.fake.stats.syncs + 1 };
}

/** The syncs a complete re-run makes, the commit last. */
async function rerunSyncs(workflow: Workflow): Promise<number> {
  const { firstSync } = await afterFirstRun(workflow);
  await workflow.run(new AbortController().signal);
  return h.fake.stats.syncs - firstSync + 1;
}

describe.each(WORKFLOWS)("re-run of $name", (workflow) => {
  test("cancelled at each sync before the commit: the workbook is as the first run left it; at the commit: too late, complete", async () => {
    const syncs = await rerunSyncs(workflow);
    expect(syncs).toBeGreaterThan(2);
    for (let k = 0; k < syncs; k++) {
      const { state, firstSync } = await afterFirstRun(workflow);
      const controller = new AbortController();
      h.fake.duringSync = (record) => {
        if (record.index === firstSync + k) controller.abort();
      };
      const outcome = workflow.run(controller.signal);
      if (k < syncs - 1) {
        await expect(outcome).rejects.toMatchObject({ name: "AbortError" });
        expect({ k, state: workbookState(h.fake) }).toEqual({ k, state });
      } else {
        // Cancel while the commit request is under way: the run resolves with the new outputs.
        await expect(outcome).resolves.toBeDefined();
        expect(workbookState(h.fake)).not.toEqual(state);
        expect(h.fake.read(workflow.user.sheet)).toEqual(workflow.user.values);
      }
    }
  }, 120_000);

  test.each(["nothing applied", "applied, then reported failed"])(
    "a failing request at each sync before the commit (%s): the workbook is as the first run left it",
    async (mode) => {
      const syncs = await rerunSyncs(workflow);
      for (let k = 0; k < syncs; k++) {
        const { state, firstSync } = await afterFirstRun(workflow);
        const fail = (record: { index: number }) => {
          if (record.index === firstSync + k) throw Object.assign(new Error("The host failed the request."), { code: "GeneralException" });
        };
        if (mode === "nothing applied") h.fake.beforeSync = fail;
        else h.fake.duringSync = fail;
        await expect(workflow.run(new AbortController().signal)).rejects.toMatchObject({ code: "GeneralException" });
        // The commit is one request: when it fails with nothing applied, nothing was replaced.
        if (k < syncs - 1 || mode === "nothing applied") expect({ k, state: workbookState(h.fake) }).toEqual({ k, state });
      }
    },
    120_000,
  );

  test("a complete re-run replaces only the add-in's outputs, under the same names; the user's sheet and cell stay", async () => {
    const { state } = await afterFirstRun(workflow);
    type State = {
      sheets: { id: string; name: string }[];
      settings: Record<string, { sheets: { key: string; id: string; name: string }[] }>;
    };
    const before = state as State;
    const ownedBefore = before.settings[workflow.key].sheets;
    const owned = new Set(ownedBefore.map((s) => s.id));
    await workflow.run(new AbortController().signal);
    const after = workbookState(h.fake) as State;
    // The user's sheets keep their ids, names, order and contents; the add-in's are new sheets under the old names.
    const users = (s: State) => s.sheets.filter((x) => !owned.has(x.id) && !after.settings[workflow.key].sheets.some((o) => o.id === x.id));
    expect(users(after).map((s) => [s.id, s.name])).toEqual(users(before).map((s) => [s.id, s.name]));
    expect(h.fake.read(workflow.user.sheet)).toEqual(workflow.user.values);
    const record = after.settings[workflow.key];
    // Each output the re-run writes again (the segments present depend on the data) keeps its name.
    const again = record.sheets.filter((s) => ownedBefore.some((b) => b.key === s.key));
    expect(again.length).toBeGreaterThan(0);
    for (const s of again) expect(s.name).toBe(ownedBefore.find((b) => b.key === s.key)?.name);
    expect(record.sheets.some((s) => owned.has(s.id))).toBe(false);
    expect(record.sheets.map((s) => s.name).every((n) => h.fake.hasSheet(n))).toBe(true);
    expect(record).not.toHaveProperty("pending");
    const { cell } = workflow.user;
    if (cell) expect(h.fake.cell(cell.sheet, cell.address)).toBe(cell.value);
  }, 60_000);
});

test("sheets of a run cut short (recorded as pending) are removed by the next run; a user's sheet is not", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(300, 40, { seed: 3 }));
  const orphan = h.fake.addSheet("Customers (2)", [["half written"]]);
  h.fake.addSheet("Notes", [["mine"]]);
  h.fake.setSetting(OWNERSHIP_KEY, { sheets: [], pending: [{ key: "customers", id: orphan.id, name: "Customers (2)" }] });
  h.fake.select("Sales", "A1");
  await h.api.runSegmentation(SEGMENTS_REQUEST, () => undefined, new AbortController().signal);
  expect(h.fake.hasSheet("Customers (2)")).toBe(false);
  expect(h.fake.hasSheet("Customers")).toBe(true);
  expect(h.fake.read("Notes")).toEqual([["mine"]]);
  expect(h.fake.setting(OWNERSHIP_KEY)).not.toHaveProperty("pending");
});

test("a sheet the user adds during a first run under an output's name is never taken: the run fails, the sheet stays", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(300, 40, { seed: 5 }));
  h.fake.select("Sales", "A1");
  let added = false;
  const outcome = h.api.runSegmentation(
    runRequest({ lang: "en" }),
    (p) => {
      // After the source was read, before the sheets are added: the run planned "Customers" as free.
      if (!added && p.stage === "analyze") {
        added = true;
        h.fake.addSheet("Customers", [["mine, made while the run wrote"]]);
      }
    },
    new AbortController().signal,
  );
  await expect(outcome).rejects.toBeDefined();
  expect(h.fake.read("Customers")).toEqual([["mine, made while the run wrote"]]);
  // Nothing of the run is left: no temporary sheet, no record.
  expect(h.fake.sheetNames().filter((n) => n.startsWith("~CRM"))).toEqual([]);
  expect(h.fake.sheetNames().sort()).toEqual(["Customers", "Sales"]);
});

test("while a re-run writes, the record already names the new tier columns, so a run cut short leaves none to be read as data", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(300, 40, { seed: 6 }));
  h.fake.select("Sales", "A1");
  await h.api.runSegmentation(runRequest({ lang: "en" }), () => undefined, new AbortController().signal);
  h.fake.select("Sales", "A1");
  const seen: { headers?: string[] }[] = [];
  await h.api.runSegmentation(
    runRequest({ lang: "zh" }),
    (p) => {
      if (p.stage === "write" && p.fraction > 0.5)
        seen.push((h.fake.setting(OWNERSHIP_KEY) as { tierColumns?: { headers?: string[] } }).tierColumns ?? {});
    },
    new AbortController().signal,
  );
  const final = (h.fake.setting(OWNERSHIP_KEY) as { tierColumns: { headers: string[] } }).tierColumns.headers;
  expect(seen.length).toBeGreaterThan(0);
  // The Chinese headers, recorded before the commit.
  expect(seen[0].headers).toEqual(final);
  expect(final.some((header) => /[\u4e00-\u9fff]/.test(header))).toBe(true);
});

test("a temporary sheet a run cut short left unrecorded is removed by the next run", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(300, 40, { seed: 7 }));
  h.fake.addSheet("~CRM k3f9x2 1", []);
  h.fake.addSheet("~CRM notes", [["a user's sheet that only looks alike"]]);
  h.fake.select("Sales", "A1");
  await h.api.runSegmentation(SEGMENTS_REQUEST, () => undefined, new AbortController().signal);
  expect(h.fake.hasSheet("~CRM k3f9x2 1")).toBe(false);
  expect(h.fake.read("~CRM notes")).toEqual([["a user's sheet that only looks alike"]]);
});

test("a re-run cancelled after the user converted the tier columns' table to a range puts the old tier cells back", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(200, 30, { seed: 8 }));
  h.fake.addTable("Sales", "A1:G201", "SalesTable");
  h.fake.select("Sales", "C3");
  const tableRequest = { ...SEGMENTS_REQUEST, source: { kind: "table" as const, tableName: "SalesTable" } };
  await h.api.runSegmentation(tableRequest, () => undefined, new AbortController().signal);
  const tier = h.fake.read("Sales", "H1:M201");
  // "Convert to Range": the table goes, its cells (tier columns included) stay.
  h.fake.model.tables.splice(0, h.fake.model.tables.length);
  h.fake.select("Sales", "A1");
  const controller = new AbortController();
  const outcome = h.api.runSegmentation(
    SEGMENTS_REQUEST,
    (p) => p.stage === "write" && p.fraction > 0.5 && controller.abort(),
    controller.signal,
  );
  await expect(outcome).rejects.toMatchObject({ name: "AbortError" });
  expect(h.fake.read("Sales", "H1:M201")).toEqual(tier);
  expect(h.fake.sheetNames().filter((n) => n.startsWith("~CRM"))).toEqual([]);
});

test("a previous output the user deletes during a re-run does not fail the commit", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(300, 40, { seed: 9 }));
  h.fake.select("Sales", "A1");
  await h.api.runSegmentation(SEGMENTS_REQUEST, () => undefined, new AbortController().signal);
  const record = h.fake.setting(OWNERSHIP_KEY) as { sheets: { name: string }[] };
  const gone = record.sheets[record.sheets.length - 1].name;
  h.fake.select("Sales", "A1");
  let deleted = false;
  const report = await h.api.runSegmentation(
    SEGMENTS_REQUEST,
    (p) => {
      if (!deleted && p.stage === "write" && p.fraction > 0.5) {
        deleted = true;
        h.fake.model.deleteSheet(h.fake.sheetModel(gone));
      }
    },
    new AbortController().signal,
  );
  expect(deleted).toBe(true);
  expect(report.customers).toBeGreaterThan(0);
  const after = h.fake.setting(OWNERSHIP_KEY) as { sheets: { name: string }[] };
  expect(after.sheets.map((s) => s.name).every((n) => h.fake.hasSheet(n))).toBe(true);
  expect(h.fake.sheetNames().filter((n) => n.startsWith("~CRM"))).toEqual([]);
});
