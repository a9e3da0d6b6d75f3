/**
 * runSegmentation at scale on the strict fake workbook: the sync and request budgets on 100,000 rows
 * (first run and re-run), a re-run cancelled late on 100,000 rows, and chunked reading of 300,000 rows. The size is the point of these tests,
 * so they run in the `scale` Jest project (npm test), not in the fast `test:unit` loop.
 */
import { analyze } from "../../src/core/segment/analyze";
import { ingest } from "../../src/core/ingest/ingest";
import { OWNERSHIP_KEY } from "../../src/excel";
import { jsonBytes } from "../support/fake-excel";
import type { Progress } from "../../src/excel/types";
import { expectSteadyProgress, harness, runRequest, runWith, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

/** The add-in's analysis of a sheet, computed in memory the way the command line does. */
function inMemory(table: unknown[][], analyzeOptions = {}) {
  const ingested = ingest(table as never);
  return { ingested, result: analyze(ingested.transactions, analyzeOptions) };
}

describe("runSegmentation on 100,000 rows", () => {
  test("at most 40 syncs, no API call per row, every request within the limits, steady progress", async () => {
    h = harness();
    const small = salesTable(20_000, 2_000);
    seedSales(h.fake, "Small", small);
    const smallReport = await runWith(h.api, runRequest());
    const smallCalls = h.fake.stats.apiCalls;

    h.restore();
    h = harness();
    const big = salesTable(100_000, 10_000);
    seedSales(h.fake, "Sales", big);
    const started = Date.now();
    const progress: Progress[] = [];
    const report = await runWith(h.api, runRequest(), (p) => progress.push(p));
    const ms = Date.now() - started;
    const { stats } = h.fake;
    console.log(
      `100,000 rows: ${stats.syncs} syncs, ${stats.apiCalls} API calls, ${ms} ms; 20,000 rows: ${smallReport.syncs} syncs, ${smallCalls} API calls; ` +
        `largest request ${Math.max(...stats.log.map((s) => s.requestBytes))} B, largest response ${Math.max(...stats.log.map((s) => s.responseBytes))} B`,
    );

    expect(report.rows).toBe(100_000);
    expect(report.syncs).toBe(stats.syncs);
    expect(stats.syncs).toBeLessThanOrEqual(40);
    // Five times the rows and customers cost only a few more chunks, never a call per row or per customer.
    expect(stats.apiCalls - smallCalls).toBeLessThan(300);
    expect(stats.apiCalls).toBeLessThan(2_000);
    for (const sync of stats.log) {
      expect(sync.requestBytes).toBeLessThan(2_500_000);
      expect(sync.responseBytes).toBeLessThan(2_500_000);
      for (const read of sync.reads) expect(read.cells).toBeLessThanOrEqual(1_000_000);
      // Big writes go with calculation and screen updating suspended.
      const written = sync.writes.reduce((n, w) => n + w.cells, 0);
      if (written > 1000) expect(sync).toMatchObject({ suspendedCalculation: true, suspendedScreenUpdating: true });
    }
    expect(stats.formulaWrites).toEqual([]);
    expect(stats.nonFiniteWrites).toBe(0);
    // Per read chunk, after the analysis, per write request: the bar moves all the way, never back.
    expectSteadyProgress(progress);
    expect(progress.length).toBeGreaterThanOrEqual(8);
    expect(progress.filter((p) => p.stage === "read").length).toBeGreaterThanOrEqual(3);
    expect(progress.filter((p) => p.stage === "write").length).toBeGreaterThanOrEqual(3);
  });
});

describe("re-running on 100,000 rows", () => {
  test("the tier-column backup keeps the re-run within 40 syncs and without calls per row", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(100_000, 10_000));
    await runWith(h.api, runRequest());
    const first = { syncs: h.fake.stats.syncs, calls: h.fake.stats.apiCalls };
    const report = await runWith(h.api, runRequest());
    const syncs = h.fake.stats.syncs - first.syncs;
    const calls = h.fake.stats.apiCalls - first.calls;
    console.log(`100,000 rows: first run ${first.syncs} syncs, ${first.calls} API calls; re-run ${syncs} syncs, ${calls} API calls`);
    expect(report.syncs).toBe(syncs);
    expect(syncs).toBeLessThanOrEqual(40);
    // The backup reads 600,000 tier cells in a few chunks, not a call per row.
    expect(calls - first.calls).toBeLessThan(300);
    expect(h.fake.read("Sales")[0]).toHaveLength(13);
  }, 60_000);
});

describe("chunked reading", () => {
  test("300,000 rows, more than 5 MB in one read, come in several reads under the limits and give the in-memory result", async () => {
    h = harness();
    const table = salesTable(300_000, 30_000, { seed: 11 });
    seedSales(h.fake, "Sales", table);
    const all = [table.header, ...table.rows];
    expect(jsonBytes(all)).toBeGreaterThan(5_000_000);

    const report = await runWith(
      h.api,
      runRequest({ outputs: { tierColumns: false, customers: false, segmentSheets: false, summary: true, issues: false } }),
    );
    const reads = h.fake.stats.log.flatMap((s) => s.reads).filter((r) => r.address.startsWith("Sales!"));
    expect(reads.length).toBeGreaterThan(3);
    expect(reads.reduce((n, r) => n + r.cells, 0)).toBe(all.length * table.header.length);
    for (const read of reads) {
      expect(read.cells).toBeLessThanOrEqual(1_000_000);
      expect(read.bytes).toBeLessThan(2_500_000);
    }

    const { result } = inMemory(all);
    expect(report.customers).toBe(result.customers.length);
    expect(
      report.segments.map(({ code, customers, value, meanRecencyDays, meanFrequency, meanMonetary }) => ({
        code,
        customers,
        value,
        meanRecencyDays,
        meanFrequency,
        meanMonetary,
      })),
    ).toEqual(
      result.segments.map(({ code, customers, value, meanRecencyDays, meanFrequency, meanMonetary }) => ({
        code,
        customers,
        value,
        meanRecencyDays,
        meanFrequency,
        meanMonetary,
      })),
    );
  });
});

describe("a cancelled re-run on 100,000 rows", () => {
  test("puts back all 600,000 tier cells in requests within the limits; the output sheets are the first run's", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(100_000, 10_000));
    await h.api.runSegmentation(runRequest(), () => undefined, new AbortController().signal);
    const tier = h.fake.read("Sales", "H1:M100001");
    const sheets = h.fake.sheetNames().map((n) => h.fake.sheetModel(n).id);
    const record = h.fake.setting(OWNERSHIP_KEY);
    const headerFill = h.fake.fillAt("Sales", "H1");
    seedSales(h.fake, "Sales", salesTable(100_000, 9_000, { seed: 9 }));
    const controller = new AbortController();
    const outcome = h.api.runSegmentation(
      runRequest(),
      (p) => p.stage === "write" && p.fraction > 0.9 && controller.abort(),
      controller.signal,
    );
    await expect(outcome).rejects.toMatchObject({ name: "AbortError" });
    // The new tier columns had been written (the cancel came late in the write) and were replaced by the backup.
    expect(h.fake.read("Sales", "H1:M100001")).toEqual(tier);
    expect(h.fake.fillAt("Sales", "H1")).toBe(headerFill);
    expect(h.fake.sheetNames().map((n) => h.fake.sheetModel(n).id)).toEqual(sheets);
    expect(h.fake.setting(OWNERSHIP_KEY)).toEqual(record);
    expect(h.fake.stats.log.every((s) => s.error === undefined)).toBe(true);
  }, 120_000);
});
