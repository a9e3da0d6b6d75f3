/**
 * The pane's migration and event CLV analysis on the strict fake (METHODS §7.7, §7.8): its sheets
 * are read back, recalculated with the test formula evaluator (CRM.MIGRATION wired to the add-in's
 * own custom function) and must print Appendix A's migration vector, §7.8's event NPV, the core's
 * estimate, and follow edited inputs as hand-computed here; a re-run replaces only its own sheets,
 * Cancel leaves the workbook as it was, and 100,000 rows stay within the Segments sync budget.
 */
import { ingest } from "../../src/core/ingest/ingest";
import { eventNpv } from "../../src/core/methods/event-npv";
import { estimateMigration } from "../../src/core/methods/migration-estimate";
import { migrationValues } from "../../src/core/methods/migration";
import type { Cell } from "../../src/core/types";
import type { AnalysisRequest, MigrationOptions, Progress } from "../../src/excel/types";
import { migration } from "../../src/functions/methods";
import type { FakeSnapshot } from "../support/fake-excel";
import { FormulaBook, FormulaError, type ErrorCode, type Grid, type Scalar } from "../support/formula-eval";
import { expectSteadyProgress, harness, runRequest, runWith, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

const request = (migrationOptions: Partial<MigrationOptions> = {}, lang: "zh" | "en" = "en"): AnalysisRequest => ({
  kind: "migration",
  source: { kind: "region" },
  mapping: {},
  lang,
  migration: { period: "QUARTER", ...migrationOptions },
});

function run(r: AnalysisRequest, onProgress: (p: Progress, c: AbortController) => void = () => undefined) {
  const controller = new AbortController();
  return h.api.runAnalysis(r, (p) => onProgress(p, controller), controller.signal);
}

/** The add-in's CRM.MIGRATION as Excel calls it from the sheet; CustomFunctions.Error values become Excel errors. */
const ADD_IN = {
  "CRM.MIGRATION": (...a: unknown[]) =>
    (migration as (...args: unknown[]) => unknown[][])(...a).map((row) =>
      row.map((v) =>
        v instanceof Error && typeof (v as { code?: unknown }).code === "string"
          ? new FormulaError((v as unknown as { code: ErrorCode }).code)
          : (v as Scalar),
      ),
    ) as Grid,
};

function bookOf(...sheets: string[]): FormulaBook {
  const models = new Map(sheets.map((s) => [s.toLowerCase(), h.fake.sheetModel(s)]));
  return new FormulaBook((s, r, c) => models.get(s.toLowerCase())?.get(r, c), ADD_IN);
}

const column = (book: FormulaBook, sheet: string, col: string, from: number, n: number) =>
  Array.from({ length: n }, (_, k) => book.number(sheet, `${col}${from + k}`));

/** What the user sees: sheets (ids aside) and settings, less an ownership record that claims nothing. */
const visible = (s: FakeSnapshot) => ({
  sheets: s.sheets.map(({ id: _id, ...rest }) => rest),
  settings: JSON.parse(
    JSON.stringify(s.settings, (k, v) =>
      k === "id" || (v && Array.isArray(v.sheets) && v.sheets.length === 0 && !v.tierColumns) ? undefined : v,
    ),
  ),
});

/** A generated export (returns included) as the core ingests it, for the independent core figures. */
function coreTransactions(table: { header: string[]; rows: Cell[][] }) {
  return ingest([table.header, ...table.rows], {}).transactions;
}

test("Appendix A: typed p = (.30, .20, .15, .05), margin 40, contact 4, d = 0.2 → V = (17.82, 9.19, 3.34, −1.26), live", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
  const report = await run(request({ probs: [0.3, 0.2, 0.15, 0.05], margin: 40, contactCost: 4, discountRate: 0.2 }));
  const sheet = report.summarySheet!;
  expect(sheet).toBe("Migration CLV");
  const book = bookOf(sheet);
  // Rows 17–20 are states 1–4 (p in C, R in E, V in F); row 21 is "lost" with V = 0.
  expect(column(book, sheet, "C", 17, 4)).toEqual([0.3, 0.2, 0.15, 0.05]);
  const v = column(book, sheet, "F", 17, 5);
  [17.82, 9.19, 3.34, -1.26, 0].forEach((want, k) => expect(v[k]).toBeCloseTo(want, 2));
  migrationValues({ purchaseProbs: [0.3, 0.2, 0.15, 0.05], margin: 40, contactCost: 4, discountRate: 0.2 }).forEach((want, k) =>
    expect(v[k]).toBeCloseTo(want, 10),
  );
  expect(report.migration!.values.map((x) => Math.round(x * 100) / 100)).toEqual([17.82, 9.19, 3.34, -1.26]);
  // R_k = p_k·40 − 4 = 8, 4, 2, −2.
  expect(column(book, sheet, "E", 17, 4).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([8, 4, 2, -2]);
  // Transition matrix: row "from 2" has p_2 = 0.2 to state 1 and 0.8 to state 3; from 4, 0.95 to lost.
  const matrixRow = (from: number) => h.fake.read(sheet).findIndex((r, i) => i > 22 && r[0] === from) + 1;
  const row2 = matrixRow(2);
  expect(["B", "C", "D", "E", "F"].map((c) => book.number(sheet, `${c}${row2}`))).toEqual([0.2, 0, 0.8, 0, 0]);
  expect(book.number(sheet, `F${matrixRow(4)}`)).toBeCloseTo(0.95, 12);

  // Edit p_1 to 1 (β = 1/1.2): V1 = 36 + βV1 → 216; V4 = −2 + β·0.05·216 = 7;
  // V3 = 2 + β(0.15·216 + 0.85·7) = 2 + 38.35/1.2 = 33.958333…; V2 = 4 + β(0.2·216 + 0.8·V3) = 4 + 70.366667/1.2 = 62.638889.
  book.set(sheet, "C17", 1);
  const edited = column(book, sheet, "F", 17, 4);
  [216, 62.638889, 33.958333, 7].forEach((want, k) => expect(edited[k]).toBeCloseTo(want, 5));
  expect(book.number(sheet, `B${row2}`)).toBe(0.2);
  expect(book.number(sheet, `B${matrixRow(1)}`)).toBe(1);
  // Back to p_1 = .3 with a horizon of 0 periods: V = R = (8, 4, 2, −2); of 1: V1 = 8 + (0.3·8 + 0.7·4)/1.2 = 12.3333.
  book.set(sheet, "C17", 0.3);
  book.set(sheet, "B13", 0);
  expect(column(book, sheet, "F", 17, 4).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([8, 4, 2, -2]);
  book.set(sheet, "B13", 1);
  expect(book.number(sheet, "F17")).toBeCloseTo(12.333333, 5);
  // The rate: at d = 0 with horizon 0 nothing changes (V = R), so a rate edit shows with the horizon blank again.
  book.set(sheet, "B13", undefined);
  book.set(sheet, "B12", 0.1);
  migrationValues({ purchaseProbs: [0.3, 0.2, 0.15, 0.05], margin: 40, contactCost: 4, discountRate: 0.1 }).forEach((want, k) =>
    expect(book.number(sheet, `F${17 + k}`)).toBeCloseTo(want, 10),
  );
});

test("estimated p_k: a hand-counted export with a return, each customer's state and value", async () => {
  h = harness();
  // As-of 2024-06-30, 91-day periods back from it. A buys in periods (back) 3, 2 and 0 → forward 0, 1, 3;
  // B buys in period 3 only. State 1: A twice + B once at risk, A bought once → 1/3; state 2: A (gap 2) and
  // B at risk, A bought → 1/2; state 3: B at risk, no purchase → 0. A's last period nets 100 − 20 > 0 → state 1.
  const table = {
    header: ["Customer", "Date", "Amount"],
    rows: [
      ["A", 45122, 100],
      ["B", 45127, 50],
      ["A", 45219, 100],
      ["A", 45413, 100],
      ["A", 45473, -20],
    ] as Cell[][],
  };
  seedSales(h.fake, "Sales", table);
  const report = await run(request({ states: 3, marginPct: 0.5, contactCost: 1, discountRate: 0.05 }, "zh"));
  const sheet = report.summarySheet!;
  expect(sheet).toBe("迁移模型CLV");
  const book = bookOf(sheet);
  expect(column(book, sheet, "C", 17, 3)).toEqual([1 / 3, 0.5, 0]);
  expect(column(book, sheet, "D", 17, 3)).toEqual([3, 2, 1]);
  // Mean net spend of a purchase period: (100 + 100 + 80 + 50) / 4 = 82.5; margin 50 % → 41.25.
  expect(book.number(sheet, "B8")).toBeCloseTo(82.5, 10);
  expect(book.number(sheet, "B10")).toBeCloseTo(41.25, 10);
  const v = migrationValues({ purchaseProbs: [1 / 3, 0.5, 0], margin: 41.25, contactCost: 1, discountRate: 0.05 });
  column(book, sheet, "F", 17, 3).forEach((x, k) => expect(x).toBeCloseTo(v[k], 10));
  // The customers below the matrix: A in state 1, B 4 periods out → lost (state 4, value 0).
  const rows = h.fake.read(sheet);
  const header = rows.findIndex((r) => r[0] === "客户") + 1;
  expect(rows.slice(header, header + 2).map((r) => [r[0], r[1]])).toEqual([
    ["A", 1],
    ["B", 4],
  ]);
  expect(book.number(sheet, `C${header + 1}`)).toBeCloseTo(v[0], 10);
  expect(book.number(sheet, `C${header + 2}`)).toBe(0);
  // A typed margin flows into A's value: 60 → V1 of (1/3, 1/2, 0) at 60.
  book.set(sheet, "B10", 60);
  expect(book.number(sheet, `C${header + 1}`)).toBeCloseTo(
    migrationValues({ purchaseProbs: [1 / 3, 0.5, 0], margin: 60, contactCost: 1, discountRate: 0.05 })[0],
    10,
  );
  expect(report.classes.map((c) => [c.code, c.count])).toEqual([
    ["STATE_1", 1],
    ["STATE_2", 0],
    ["STATE_3", 0],
    ["LOST", 1],
  ]);
});

test("typed p_k where the data never reach a state: the estimate says which state, the typed run writes", async () => {
  h = harness();
  // A buys every quarter up to the as-of date (45200, 45291, 45382, 45473 = 2024-06-30, 91 days apart): in
  // state 1 three times and bought each time, never in state 2, so p_2 cannot be estimated.
  seedSales(h.fake, "Sales", {
    header: ["Customer", "Date", "Amount"],
    rows: [
      ["A", 45200, 10],
      ["A", 45291, 10],
      ["A", 45382, 10],
      ["A", 45473, 10],
    ],
  });
  const before = visible(h.fake.snapshot());
  await expect(run(request({ states: 2 }))).rejects.toThrow(/recency state 2/);
  expect(visible(h.fake.snapshot())).toEqual(before);
  h.fake.select("Sales", "A1");
  const report = await run(request({ probs: [0.5, 0.2], margin: 10, discountRate: 0 }));
  const sheet = report.summarySheet!;
  const book = bookOf(sheet);
  // d = 0: V1 = 0.5·10 + 0.5·V1 + 0.5·V2 and V2 = 0.2·10 + 0.2·V1 (then lost) → V1 = 6 + 0.6·V1 = 15, V2 = 2 + 3 = 5.
  expect(column(book, sheet, "F", 17, 2).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([15, 5]);
  expect(column(book, sheet, "D", 17, 2)).toEqual([3, 0]);
  const rows = h.fake.read(sheet);
  const header = rows.findIndex((r) => r[0] === "Customer") + 1;
  expect(rows[header].slice(0, 2)).toEqual(["A", 1]);
  expect(book.number(sheet, `C${header + 1}`)).toBeCloseTo(15, 9);
});

test("a generated export: p_k, V_k, states and every customer's value equal the core's estimate", async () => {
  h = harness();
  const table = salesTable(6000, 500, { lang: "en", seed: 11 });
  seedSales(h.fake, "Sales", table);
  const options = { period: "MONTH" as const, states: 5, marginPct: 0.3, contactCost: 2, discountRate: 0.02 };
  const report = await run(request(options));
  const sheet = report.summarySheet!;
  const book = bookOf(sheet);
  const tx = coreTransactions(table);
  const mean = estimateMigration(tx, { period: "MONTH", states: 5 }).margin;
  const core = estimateMigration(tx, { period: "MONTH", states: 5, margin: mean * 0.3, contactCost: 2, discountRate: 0.02 });
  column(book, sheet, "C", 17, 5).forEach((p, k) => expect(p).toBe(core.probs[k]));
  column(book, sheet, "F", 17, 5).forEach((x, k) => expect(x).toBeCloseTo(core.values[k], 8));
  const rows = h.fake.read(sheet);
  const header = rows.findIndex((r) => r[0] === "Customer") + 1;
  expect(report.customers).toBe(core.customers.length);
  core.customers.forEach((c, i) => {
    expect([rows[header + i][0], rows[header + i][1]]).toEqual([c.id, c.state ?? 6]);
    expect(book.number(sheet, `C${header + 1 + i}`)).toBeCloseTo(c.value, 8);
  });
});

test("event CLV: §7.8's vector (100 now + 0.5·(130 − 20) a year later at 10 % = 150), live edits", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
  const report = await run(request());
  const sheet = report.sheets.find((s) => s.key === "events")!.name;
  expect(sheet).toBe("Event CLV");
  const book = bookOf(sheet);
  const asOf = book.number(sheet, "B6");
  expect(asOf).toBe(report.migration!.asOf);
  // NPV of all events and per customer (K11:L12): 150 for the first customer, 50 − 50 = 0 for the second.
  expect(book.number(sheet, "B8")).toBeCloseTo(150, 10);
  expect(book.number(sheet, "L11")).toBeCloseTo(150, 10);
  expect(book.number(sheet, "L12")).toBe(0);
  expect(book.value(sheet, "L13")).toBe("");
  const ids = [book.value(sheet, "A11"), book.value(sheet, "A13")].map(String);
  const core = eventNpv(
    [
      { customer: ids[0], day: asOf, revenue: 100, cost: 0, probability: 1 },
      { customer: ids[0], day: asOf + 365, revenue: 130, cost: 20, probability: 0.5 },
      { customer: ids[1], day: asOf + 365, revenue: 50, cost: 50, probability: 1 },
    ],
    0.1,
    asOf,
  );
  expect(book.number(sheet, "L11")).toBeCloseTo(core.customers[0].npv, 10);
  // Probability 1 instead of 0.5: 100 + 110/1.1 = 200; then rate 0: 100 + 110 = 210; a blank probability counts as 1.
  book.set(sheet, "F12", 1);
  expect(book.number(sheet, "B8")).toBeCloseTo(200, 10);
  book.set(sheet, "B7", 0);
  book.set(sheet, "F12", undefined);
  expect(book.number(sheet, "B8")).toBeCloseTo(210, 10);
  // A probability of 0 is 0, not "blank = 1": the upgrade drops out → 100.
  book.set(sheet, "F12", 0);
  expect(book.number(sheet, "B8")).toBeCloseTo(100, 10);
  book.set(sheet, "F12", undefined);
  // A new event typed in an empty row joins the NPV: 40 − 10 two years out at 0 % → +30.
  book.set(sheet, "A14", ids[1]);
  book.set(sheet, "C14", asOf + 730);
  book.set(sheet, "D14", 40);
  book.set(sheet, "E14", 10);
  expect(book.number(sheet, "B8")).toBeCloseTo(240, 10);
  expect(book.number(sheet, "L12")).toBeCloseTo(30, 10);
});

test("a re-run replaces only its own sheets; segments and a user's sheet stay; Cancel leaves the workbook as it was", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
  await runWith(
    h.api,
    runRequest({ lang: "en", outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: true, issues: false } }),
  );
  h.fake.addSheet("Notes", [["mine"]]);
  h.fake.addSheet("Migration CLV (mine)", [["also mine"]]);
  const cancelled = async (stage: "read" | "write", at: number) => {
    h.fake.select("Sales", "A1");
    const before = visible(h.fake.snapshot());
    await expect(
      run(request({ period: "MONTH" }), (p, c) => {
        if (p.stage === stage && p.fraction > at) c.abort();
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(visible(h.fake.snapshot())).toEqual(before);
  };
  // Cancel while writing, before any migration run: nothing of the run stays.
  await cancelled("write", 0.6);
  h.fake.select("Sales", "A1");
  await run(request());
  const afterFirst = visible(h.fake.snapshot());
  h.fake.select("Sales", "A1");
  await run(request());
  expect(visible(h.fake.snapshot())).toEqual(afterFirst);
  expect(h.fake.sheetNames().filter((n) => n.startsWith("Migration CLV") || n.startsWith("Event CLV"))).toEqual([
    "Migration CLV (mine)",
    "Migration CLV",
    "Event CLV",
  ]);
  expect(h.fake.read("Notes")).toEqual([["mine"]]);
  expect(h.fake.read("Migration CLV (mine)")).toEqual([["also mine"]]);
  expect(h.fake.hasSheet("Customers")).toBe(true);
  // Cancel while reading, or while writing (a re-run commits at the end): the previous run's sheets stay as they were.
  await cancelled("read", 0);
  await cancelled("write", 0.6);
});

test("bad options fail before anything is written, naming the problem", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(500, 50, { lang: "en" }));
  const before = visible(h.fake.snapshot());
  await expect(run(request({ probs: [0.3, 1.2] }))).rejects.toThrow(/state 2 must be between 0 and 1/);
  await expect(run(request({ discountRate: -1 }))).rejects.toThrow(/discountRate must be > −1/);
  expect(visible(h.fake.snapshot())).toEqual(before);
});

test("100,000 rows: at most 40 syncs, no per-row calls, steady progress", async () => {
  h = harness();
  seedSales(h.fake, "Sales", salesTable(100_000, 10_000, { lang: "en" }));
  const progress: Progress[] = [];
  const report = await run(request(), (p) => progress.push(p));
  expect(report.rows).toBe(100_000);
  expect(report.customers).toBe(10_000);
  expect(h.fake.stats.syncs).toBeLessThanOrEqual(40);
  expect(h.fake.stats.apiCalls).toBeLessThan(2_000);
  expect(h.fake.stats.formulaWrites).toEqual([]);
  expectSteadyProgress(progress);
}, 120_000);
