/**
 * The Analyses workflows at scale on the strict fake workbook: 100,000 rows within the sync budget,
 * with no per-row calls. The size is the point, so they run in the `scale` Jest project (npm test),
 * not in the fast `test:unit` loop.
 */
import { formatDay } from "../../src/core/ingest/dates";
import type { AnalysisRequest, Progress } from "../../src/excel/types";
import { expectSteadyProgress, harness, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

const matrix = (m: Partial<Extract<AnalysisRequest, { kind: "matrix" }>["matrix"]>): AnalysisRequest => ({
  kind: "matrix",
  source: { kind: "region" },
  mapping: {},
  lang: "en",
  matrix: { x: "MONETARY", y: "PROFIT", scheme: "PROFIT", ...m },
});
const lifecycleRequest = (compareTo: number): AnalysisRequest => ({
  kind: "lifecycle",
  source: { kind: "region" },
  mapping: {},
  lang: "en",
  lifecycle: { compareTo },
});

function run(request: AnalysisRequest, onProgress: (p: Progress) => void) {
  return h.api.runAnalysis(request, onProgress, new AbortController().signal);
}

test.each(["matrix", "lifecycle"] as const)(
  "%s on 100,000 rows: at most 40 syncs, no per-row calls",
  async (kind) => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(100_000, 10_000, { lang: "en" }));
    const progress: Progress[] = [];
    const request = kind === "matrix" ? matrix({ x: "MONETARY", y: "FREQUENCY", scheme: "VALUE" }) : lifecycleRequest(45365);
    const report = await run(request, (p) => progress.push(p));
    expect(report.rows).toBe(100_000);
    expect(h.fake.stats.syncs).toBeLessThanOrEqual(40);
    expect(h.fake.stats.apiCalls).toBeLessThan(2_000);
    expect(h.fake.stats.formulaWrites).toEqual([]);
    expectSteadyProgress(progress);
    expect(formatDay(45365)).toMatch(/^\d{4}-/);
  },
  120_000,
);
