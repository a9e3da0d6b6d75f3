/**
 * The profitability cascade in the pane: the discount and cost-to-serve columns the ingest has no
 * role for are read as `crm-segments profit --discount/--cost-to-serve` reads them (the table again
 * with that column in the cost role, every other role pinned, matched by source row), then the
 * spec is the core's (core/methods/cascade-spec.ts), rendered by analysis.ts like the other analyses.
 */
import { cascadeAnalysis } from "../core/methods/cascade-spec";
import type { AnalysisSpec, SourceLayout } from "../core/methods/analysis-spec";
import type { ProfitOptions } from "../core/methods/profit";
import { ingest, type IngestOptions, type IngestResult } from "../core/ingest/ingest";
import type { Cell, ColumnMapping } from "../core/types";
import type { AnalysisRequest } from "./types";

type CascadeRequest = Extract<AnalysisRequest, { kind: "cascade" }>;

/** Per transaction, the number in `column` of its source row (blank → NaN); a cell that is not a number throws, naming the row. */
function extraColumn(table: readonly Cell[][], first: IngestResult, options: IngestOptions, column: number, what: string): Float64Array {
  const pinned: ColumnMapping = {};
  for (const role of ["customer", "date", "amount", "quantity", "price", "order"] as const) {
    const at = first.mapping[role];
    if (at === undefined) continue;
    if (at === column) throw new Error(`The ${what} column is the ${role} column: choose the column that holds the ${what}.`);
    pinned[role] = at;
  }
  const again = ingest(table, { ...options, mapping: { ...pinned, cost: column } });
  const byRow = new Map<number, number>();
  const t = again.transactions;
  for (let i = 0; i < t.sourceRow.length; i++) byRow.set(t.sourceRow[i], t.cost ? t.cost[i] : NaN);
  const bad = new Map(again.rejected.map((r) => [r.row, r.message]));
  const rows = first.transactions.sourceRow;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = byRow.get(rows[i]);
    if (v === undefined)
      throw new Error(
        `Row ${rows[i]}: the ${what} is ${bad.get(rows[i]) ?? "not a number"}; fix the cell or choose another ${what} column.`,
      );
    out[i] = v;
  }
  return out;
}

export function cascadeSpec(
  request: CascadeRequest,
  table: readonly Cell[][],
  first: IngestResult,
  options: IngestOptions,
  layout: SourceLayout,
): AnalysisSpec {
  const c = request.cascade;
  const opts: ProfitOptions = { scheme: c.scheme };
  if (c.discount !== undefined) opts.discount = extraColumn(table, first, options, c.discount, "discount");
  if (c.costToServe?.kind === "column") opts.ctsColumn = extraColumn(table, first, options, c.costToServe.column, "cost to serve");
  if (c.costToServe?.kind === "driver") {
    opts.ctsDriver = c.costToServe.driver;
    opts.ctsPool = c.costToServe.total;
  }
  return cascadeAnalysis(first.transactions, request.lang, opts, layout);
}
