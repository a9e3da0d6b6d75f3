/** Shared set-up for the src/excel integration tests on the fake workbook. */
import { generateSales } from "../../src/core/sample/synthetic";
import type { Cell } from "../../src/core/types";
import { createWorkbookApi, type WorkbookApiOptions } from "../../src/excel";
import type { OutputChoice, Progress, RunReport, RunRequest, WorkbookApi } from "../../src/excel/types";
import { FakeExcel, installFakeOffice, type CellValue, type FakeExcelOptions } from "../support/fake-excel";

export const ALL_OUTPUTS: OutputChoice = { tierColumns: true, customers: true, segmentSheets: true, summary: true, issues: true };

export function runRequest(partial: Partial<RunRequest> = {}): RunRequest {
  return { source: { kind: "region" }, mapping: {}, analyze: {}, lang: "zh", outputs: ALL_OUTPUTS, ...partial };
}

export interface Harness {
  fake: FakeExcel;
  api: WorkbookApi;
  restore: () => void;
}

/** A fake workbook installed as the Office.js globals, and the WorkbookApi over it. */
export function harness(fakeOptions: FakeExcelOptions = {}, apiOptions: WorkbookApiOptions = {}): Harness {
  const fake = new FakeExcel(fakeOptions);
  const restore = installFakeOffice(fake);
  return { fake, api: createWorkbookApi(apiOptions), restore };
}

export function salesTable(
  rows: number,
  customers: number,
  options: { seed?: number; badRows?: number; lang?: "zh" | "en" } = {},
): { header: string[]; rows: Cell[][] } {
  return generateSales({
    customers,
    rows,
    seed: options.seed ?? 7,
    start: 45000,
    days: 730,
    lang: options.lang ?? "en",
    badRows: options.badRows ?? 0,
  });
}

/** Puts a sales table on a new sheet at `at` and selects its first cell. */
export function seedSales(fake: FakeExcel, sheet: string, table: { header: string[]; rows: Cell[][] }, at = "A1"): void {
  const cells = [table.header, ...table.rows].map((row) => row.map((c) => (c === undefined ? null : c)) as (CellValue | null)[]);
  if (fake.hasSheet(sheet)) fake.setValues(sheet, at, cells);
  else fake.addSheet(sheet, cells, at);
  fake.select(sheet, at);
}

export async function runWith(
  api: WorkbookApi,
  request: RunRequest,
  onProgress: (p: Progress, controller: AbortController) => void = () => undefined,
): Promise<RunReport> {
  const controller = new AbortController();
  return api.runSegmentation(request, (p) => onProgress(p, controller), controller.signal);
}

/** Progress as the pane's bar needs it: from 0, every fraction above the last, stages in order, 1 only in the final "done". */
export function expectSteadyProgress(reports: Progress[]): void {
  const order = ["read", "analyze", "write", "done"];
  expect(reports[0]).toEqual({ stage: "read", fraction: 0 });
  expect(reports[reports.length - 1]).toEqual({ stage: "done", fraction: 1 });
  expect(reports.slice(0, -1).every((p) => p.stage !== "done" && p.fraction < 1)).toBe(true);
  reports.slice(1).forEach((p, i) => {
    expect(p.fraction).toBeGreaterThan(reports[i].fraction);
    expect(order.indexOf(p.stage)).toBeGreaterThanOrEqual(order.indexOf(reports[i].stage));
  });
  expect(new Set(reports.map((p) => p.stage)).size).toBe(4);
}
