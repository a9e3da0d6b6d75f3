/**
 * Three doors, one computation: the CSVs of `crm-segments lifecycle | profit | matrix` on the sample
 * (samples/sales.csv) equal, customer for customer, the spills of the custom functions over the same
 * columns of the sample workbook
 * (CRM.LIFECYCLE at both dates, CRM.RFM's monetary and frequency, CRM.CLVPART's total profit and
 * CRM.QUADRANT over the CLI's axes).
 */
import "./excel-globals";
import ExcelJS from "exceljs";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main } from "../../src/cli/main";
import { parseCsv } from "../../src/cli/csv";
import { lifecycleStage } from "../../src/functions/lifecycle";
import { quadrantClass } from "../../src/functions/nps-ahp-quadrant";
import { rfm } from "../../src/functions/rfm";
import { clvpart } from "../../src/functions/methods";
import { serial } from "../support/appendix-a";
import { readCsvOutput } from "../support/cli";
import { OMITTED } from "./fixtures";
import { expectEachStrictEqual } from "../support/strict-equal";

const SAMPLE = join(__dirname, "..", "..", "samples", "sales.xlsx");
// The same rows as text (test/core/sample/synthetic.test.ts checks both against the generator):
// the command line parses it in a tenth of the workbook's time, and reads it three times here.
const SAMPLE_CSV = join(__dirname, "..", "..", "samples", "sales.csv");
type Cells = (string | number | boolean)[][];

function excelValue(value: ExcelJS.CellValue): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return serial(value.toISOString().slice(0, 10));
  if (typeof value === "object") return String((value as { result?: unknown }).result ?? "");
  return value;
}

let dir: string;
let column: (name: string) => Cells;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-methods-parity-"));
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(SAMPLE);
  const sheet = book.worksheets[0];
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  // Read once per column: the tests ask for the same 25,000-row columns a dozen times.
  const read = new Map<string, Cells>();
  column = (name) => {
    const index = header.indexOf(name) + 1;
    expect(index).toBeGreaterThan(0);
    if (!read.has(name)) {
      const cells: Cells = [];
      for (let r = 2; r <= sheet.rowCount; r++) cells.push([excelValue(sheet.getRow(r).getCell(index).value)]);
      read.set(name, cells);
    }
    return read.get(name)!;
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cliCsv(args: string[]): Promise<Map<string, Record<string, string>>> {
  const out = join(dir, `${args[0]}-${Math.random().toString(36).slice(2)}.csv`);
  const errors: string[] = [];
  const status = await main([args[0], SAMPLE_CSV, ...args.slice(1), "--csv", out, "--lang", "en"], {
    out: () => undefined,
    err: (t) => void errors.push(t),
  });
  expect({ status, errors: status === 0 ? [] : errors }).toEqual({ status: 0, errors: [] });
  const [header, ...rows] = parseCsv(readCsvOutput(out)).records;
  return new Map(rows.map((row) => [row[0], Object.fromEntries(header.map((h, i) => [h, row[i]]))]));
}

const num = (text: string) => (text === "" ? "" : Number(text));

test("lifecycle --compare-to equals CRM.LIFECYCLE at both dates", async () => {
  const cli = await cliCsv(["lifecycle", "--compare-to", "2023-12-31"]);
  const now = lifecycleStage(
    column("Customer ID"),
    column("Order Date"),
    column("Amount"),
    column("Order ID"),
    null,
    null,
    null,
    null,
    "en",
  );
  const then = lifecycleStage(
    column("Customer ID"),
    column("Order Date"),
    column("Amount"),
    column("Order ID"),
    serial("2023-12-31"),
    null,
    null,
    null,
    "en",
  );
  expect(now.length - 1).toBe(cli.size);
  const thenById = new Map(then.slice(1).map((row) => [String(row[0]), row]));
  let compared = 0;
  // Both sides collected, then compared once (an expect() per customer costs a second over the file).
  const [functions, fromCli]: unknown[][] = [[], []];
  for (const [id, stage, lapsed, n, recency, tenure, s1, s0] of now.slice(1)) {
    const row = cli.get(String(id))!;
    functions.push([id, stage, lapsed, n, recency, tenure, s1, s0]);
    fromCli.push([
      id,
      row.stage,
      row.lapsed === "" ? "" : "Lapsed",
      num(row.purchases),
      num(row.recency_days),
      num(row.tenure_days),
      num(row.s1),
      num(row.s0),
    ]);
    if (row.from_stage !== "") {
      functions.push([id, thenById.get(String(id))![1]]);
      fromCli.push([id, row.from_stage]);
      compared++;
    } else {
      functions.push([id, thenById.get(String(id))![3]]);
      fromCli.push([id, 0]);
    }
  }
  expectEachStrictEqual(functions, fromCli);
  expect(compared).toBeGreaterThan(1000);
});

test("profit equals CRM.RFM's net sales, CRM.CLVPART's total profit and CRM.QUADRANT PROFIT", async () => {
  const cli = await cliCsv(["profit", "--cost-to-serve", "orders", "--cts-total", "50000"]);
  const ids = column("Customer ID");
  const table = rfm(ids, column("Order Date"), column("Amount"), column("Order ID"), null, "NONE", null, "en", false);
  const parts = clvpart(ids, column("Order Date"), column("Amount"), column("Order ID"), column("Cost"), OMITTED, null, null, "en").slice(
    1,
  );
  expect(table.length).toBe(cli.size);
  const profitById = new Map(parts.map((row) => [String(row[0]), row[7] as number]));
  expectEachStrictEqual(
    table.map((row) => [row[0], row[3]]),
    table.map((row) => [row[0], num(cli.get(String(row[0]))!.nsv)]),
  );
  // CLVPART rounds CLV1–3 before summing: the same cents up to one rounding step.
  const apart = [...cli].filter(([id, row]) => !(Math.abs(profitById.get(id)! - Number(row.gross_profit)) <= 0.0100001));
  expect(apart).toEqual([]);
  const rows = [...cli.values()];
  const classes = quadrantClass(
    rows.map((r) => [Number(r.nsv)]),
    rows.map((r) => [Number(r.cost_to_serve)]),
    "PROFIT",
    null,
    null,
    "en",
  );
  expect(classes.map((c) => c[0])).toEqual(rows.map((r) => r.class));
  // Allocated in whole cents by largest remainder: the shares add up to the total.
  expect(rows.reduce((s, r) => s + Math.round(Number(r.cost_to_serve) * 100), 0)).toBe(5_000_000);
});

test("matrix FREQUENCY × AOV MARCUS equals CRM.QUADRANT over CRM.RFM's frequency and monetary", async () => {
  const cli = await cliCsv(["matrix", "--x", "FREQUENCY", "--y", "AOV", "--scheme", "MARCUS"]);
  const table = rfm(column("Customer ID"), column("Order Date"), column("Amount"), column("Order ID"), null, "NONE", null, "en", false);
  const active = table.filter((row) => row[1] !== "");
  const f = active.map((row) => [row[2]]);
  const aov = active.map((row) => [(row[3] as number) / (row[2] as number)]);
  const classes = quadrantClass(f, aov, "MARCUS", null, null, "en");
  const fromCli = active.map((row) => cli.get(String(row[0]))!);
  expectEachStrictEqual(
    active.map((row, i) => [row[0], row[2], classes[i][0]]),
    active.map((row, i) => [row[0], num(fromCli[i].frequency), fromCli[i].class]),
  );
  // toBeCloseTo(…, 9): closer than 0.5e-9.
  const aovApart = active.filter((_, i) => !(Math.abs(Number(fromCli[i].aov) - (aov[i][0] as number)) < 0.5e-9)).map((row) => row[0]);
  expect(aovApart).toEqual([]);
});
