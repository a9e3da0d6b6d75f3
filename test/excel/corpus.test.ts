/**
 * The task pane's Segment this sheet on sheets as exports leave them: titles above the table, a
 * totals row below it, generic headers, formula-looking ids, returns-only and $0-only customers,
 * a cell longer than Excel allows elsewhere. Each gives the customers sheet of the clean sheet of
 * the same transactions (test/support/export-corpus.ts), on the strict fake workbook.
 */
import { dayFromYMD } from "../../src/core/ingest/dates";
import type { CellValue } from "../support/fake-excel";
import { lines, NAMES, TOTAL, type Line } from "../support/export-corpus";
import { harness, runRequest, runWith, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(() => {
  h?.restore();
  h = undefined;
});

interface SheetShape {
  title?: string[];
  header?: string[];
  totals?: string;
}

/** The sales as cells of a sheet: dates as serials, amounts as numbers, as Excel holds an export. */
function sheetCells(rows: readonly Line[], shape: SheetShape = {}): (CellValue | null)[][] {
  const out: (CellValue | null)[][] = (shape.title ?? []).map((t) => [t === "" ? null : t, null, null]);
  out.push(shape.header ?? ["Customer", "Order Date", "Amount"]);
  for (const r of rows) {
    const [y, m, d] = r.date.split("-").map(Number);
    out.push([r.customer, dayFromYMD(y, m, d), r.amount]);
  }
  if (shape.totals !== undefined) out.push([shape.totals, null, TOTAL(rows)]);
  return out;
}

async function customersSheet(cells: (CellValue | null)[][]) {
  h?.restore();
  h = harness();
  h.fake.addSheet("Export", cells);
  const report = await runWith(h.api, runRequest({ lang: "en", source: { kind: "used", sheetName: "Export" } }));
  // A formula-looking id is written as text, never as a live formula.
  expect(h.fake.stats.formulaWrites).toEqual([]);
  return { report, customers: h.fake.read("Customers") };
}

describe.each(["simplified", "latin", "formulas"] as const)("%s names", (names) => {
  const rows = lines(NAMES[names]);

  test("titles, a totals row and generic headers give the clean sheet's customers", async () => {
    const clean = await customersSheet(sheetCells(rows));
    // 6 customers; 2 of them (returns only, $0 only) without a counted purchase, labelled in every class column.
    expect(clean.customers).toHaveLength(7);
    const noPurchase = clean.customers.filter((r) => r.includes("No valid purchase"));
    // Ids are trimmed as every door trims them ("\t=cmd" is the id "=cmd").
    expect(noPurchase.map((r) => r[0]).sort()).toEqual([NAMES[names][4].trim(), NAMES[names][5].trim()].sort());
    for (const row of noPurchase) expect(row.slice(-3)).toEqual(["No valid purchase", "No valid purchase", "No valid purchase"]);

    const shaped = await customersSheet(
      sheetCells(rows, { title: ["Sales report 2024", "", "Exported 2024-07-01"], totals: "Grand Total" }),
    );
    expect(shaped.customers).toEqual(clean.customers);
    // Header on row 4, 12 sales on rows 5–16, totals on row 17.
    expect(shaped.report.rejected.first.map((r) => [r.row, r.reason])).toEqual([[17, "TOTALS_ROW"]]);

    const generic = await customersSheet(sheetCells(rows, { header: ["Id", "Date", "Price"], totals: "合计" }));
    expect(generic.customers).toEqual(clean.customers);
    expect(generic.report.warnings.map((w) => w.message).join("\n")).toMatch(/"Price".*used as the amount/);
  });
});

test("a cell longer than Excel's 32,767 characters beside the data does not stop the run", async () => {
  const rows = lines(NAMES.latin);
  const cells = sheetCells(rows).map((r, i) => [...r, i === 0 ? "Note" : i === 3 ? "x".repeat(40_000) : null]);
  const { customers } = await customersSheet(cells);
  const clean = await customersSheet(sheetCells(rows));
  expect(customers).toEqual(clean.customers);
});
