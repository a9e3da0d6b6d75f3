/**
 * Benchmark of the custom-function door: CRM.RFM on 200,000 transaction rows passed the way Excel
 * passes ranges (n×1 arrays per argument, dates as serial numbers, one amount in seven typed as
 * text). Target: < 300 ms. The ranges are generated deterministically before timing.
 */
import { generateSales } from "../src/core/sample/synthetic";
import { rfm } from "../src/functions/rfm";
import { measure, type BenchResult } from "./harness";

/** What the custom-functions runtime provides; only the error path of the functions touches it. */
function installRuntimeGlobals(): void {
  const g = globalThis as { CustomFunctions?: unknown };
  g.CustomFunctions ??= {
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
    Error: class {
      constructor(
        public code: string,
        public message?: string,
      ) {}
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  installRuntimeGlobals();
  const sheet = generateSales({ customers: 15_000, rows: 200_000, seed: 20240630, start: 45107, days: 730, lang: "en", badRows: 0 });
  const column = (index: number) => sheet.rows.map((row) => [row[index]]);
  const ids = column(0);
  const dates = column(1);
  const orders = column(2);
  const amounts = sheet.rows.map((row, i) => [
    i % 7 === 0 ? (row[5] as number).toLocaleString("en-US", { minimumFractionDigits: 2 }) : row[5],
  ]);

  const out = rfm(ids, dates, amounts, orders);
  if (out.length < 2 || out[0].length !== 10) throw new Error(`CRM.RFM failed in the benchmark: ${JSON.stringify(out[0][0])}`);
  const notes = `${ids.length.toLocaleString("en")} rows, ${(out.length - 1).toLocaleString("en")} customers`;
  return [
    await measure("functions: CRM.RFM 200k rows as 2-D arrays", () => rfm(ids, dates, amounts, orders), {
      runs: 7,
      warmup: 2,
      targetMs: 300,
      notes,
    }),
  ];
}
