/**
 * Benchmark of the task pane's "Segment this sheet" against the strict fake workbook: wall time of
 * runSegmentation on 100,000 order lines (reading in chunks, the core, writing every output), with
 * the Excel round trips (syncs) and API calls it needed. The fake adds no latency, so the time is
 * the add-in's own work plus the fake's bookkeeping; in Excel each sync also costs a round trip.
 */
/// <reference types="office-js" />
import { createWorkbookApi } from "../src/excel";
import type { RunRequest } from "../src/excel/types";
import { generateSales } from "../src/core/sample/synthetic";
import { FakeExcel, installFakeOffice } from "../test/support/fake-excel";
import { measure, type BenchResult } from "./harness";

const REQUEST: RunRequest = {
  source: { kind: "region" },
  mapping: {},
  analyze: {},
  lang: "zh",
  outputs: { tierColumns: true, customers: true, segmentSheets: true, summary: true, issues: true },
};

async function bench(name: string, rows: number, customers: number, request: RunRequest, runs: number): Promise<BenchResult> {
  const { header, rows: data } = generateSales({ customers, rows, seed: 20240630, start: 45107, days: 730, lang: "en", badRows: 0 });
  const cells = [header, ...data].map((row) => row.map((c) => c ?? null));
  // A fresh workbook per run, prepared before timing; the last one's counts go into the notes.
  const fakes = Array.from({ length: runs + 1 }, () => {
    const fake = new FakeExcel();
    fake.addSheet("Sales", cells);
    fake.select("Sales", "A1");
    return fake;
  });
  let last: FakeExcel | undefined;
  const result = await measure(
    name,
    async () => {
      const fake = fakes.shift() as FakeExcel;
      const restore = installFakeOffice(fake);
      try {
        await createWorkbookApi().runSegmentation(request, () => undefined, new AbortController().signal);
      } finally {
        restore();
      }
      last = fake;
    },
    { runs, warmup: 1 },
  );
  const stats = (last as FakeExcel).stats;
  const reads = stats.log.reduce((n, s) => n + s.reads.length, 0);
  const biggest = Math.max(...stats.log.map((s) => Math.max(s.requestBytes, s.responseBytes)));
  result.notes = `${stats.syncs} syncs, ${stats.apiCalls} API calls, ${reads} range reads, largest request/response ${(biggest / 1e6).toFixed(2)} MB`;
  return result;
}

export async function run(): Promise<BenchResult[]> {
  return [
    await bench("excel: runSegmentation 100,000 rows, all outputs (fake)", 100_000, 10_000, REQUEST, 3),
    await bench(
      "excel: runSegmentation 300,000 rows, summary only (fake)",
      300_000,
      30_000,
      { ...REQUEST, outputs: { tierColumns: false, customers: false, segmentSheets: false, summary: true, issues: false } },
      3,
    ),
  ];
}
