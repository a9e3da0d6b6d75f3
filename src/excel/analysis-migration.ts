/**
 * The pane's migration and event CLV analysis (METHODS §7.7 Dwyer migration model, §7.8 customer
 * event prediction): read the source as the other analyses do, estimate p_k and each customer's
 * recency state in the core (methods/migration-estimate.ts), and write two sheets of live formulas
 * (analysis-migration-sheets.ts) through run.ts's writeOutputs under a settings key of its own, so
 * a re-run replaces only these sheets, nothing of the user's is overwritten and Cancel rolls back.
 * The customers and their states are a table block (written and counted by writeOutputs); the
 * formulas are queued after them in the same write batches.
 */
import { numError } from "../core/errors";
import { ingest } from "../core/ingest/ingest";
import { estimateMigration } from "../core/methods/migration-estimate";
import { migrationValues } from "../core/methods/migration";
import type { SheetSpec, TableBlock, WorkbookSpec } from "../core/report/report-types";
import type { Warning } from "../core/types";
import { LOST_COLOR, MIGRATION_TEXT, STATE_COLORS } from "./analysis-migration-text";
import {
  MODEL_AT,
  modelLayout,
  writeCustomerValues,
  writeEventSheet,
  writeModelTop,
  type MigrationModel,
} from "./analysis-migration-sheets";
import { ProgressReporter } from "./progress";
import { settle, writeOutputs, type WritePlan } from "./run";
import { abortError, Session } from "./session";
import { readSource, sheetAddress } from "./source";
import type { AnalysisReport, AnalysisRequest, MigrationOptions, Progress } from "./types";
import type { RenderOptions } from "./writer";

/** Settings key of the ownership record: analysis.ts's ANALYSIS_KEY_PREFIX + the kind. */
const MIGRATION_KEY = "crmSegments.analysis.migration";

/** Option checks the core does not make (it checks p_k, the rate and the horizon itself). */
function checkOptions(o: MigrationOptions): void {
  if (o.margin !== undefined && !Number.isFinite(o.margin)) throw numError(`margin must be a number (got ${o.margin})`);
  if (o.marginPct !== undefined && !Number.isFinite(o.marginPct)) throw numError(`margin % must be a number (got ${o.marginPct})`);
  if (o.contactCost !== undefined && !Number.isFinite(o.contactCost))
    throw numError(`contact cost must be a number (got ${o.contactCost})`);
  if (o.probs && o.probs.length === 0) throw numError("give at least one p_k, or estimate them from the data");
}

export async function runMigrationAnalysis(
  request: Extract<AnalysisRequest, { kind: "migration" }>,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  options: RenderOptions,
): Promise<AnalysisReport> {
  if (signal.aborted) throw abortError(signal);
  const o = request.migration;
  checkOptions(o);
  const t = MIGRATION_TEXT[request.lang];
  const progress = new ProgressReporter(onProgress);
  const report = await Excel.run(async (context) => {
    const session = new Session(context, signal);
    progress.start();
    const { head, table } = await readSource(session, request.source, (read, total) => progress.read(read, total), MIGRATION_KEY);
    const { source } = head;
    progress.analyze();
    const ingested = ingest(table, {
      mapping: request.mapping,
      hasHeader: source.tableName ? true : undefined,
      firstRowNumber: source.row + 1,
      date1904: request.date1904,
    });
    const K = o.probs?.length ?? o.states ?? 4;
    const est = estimateMigration(ingested.transactions, { asOf: o.asOf, period: o.period, states: K, purchaseProbs: o.probs });
    const probs = est.probs;
    const marginPct = o.marginPct ?? 1;
    const margin = o.margin ?? est.margin * marginPct;
    const contactCost = o.contactCost ?? 0;
    const discountRate = o.discountRate ?? 0.1;
    // The sheet's figures come from its formulas; these are the same numbers for the pane (and a bad option fails before writing).
    const values = migrationValues({ purchaseProbs: probs, margin, contactCost, discountRate, horizon: o.horizon });
    const counts = new Array<number>(K + 1).fill(0);
    for (const c of est.customers) counts[(c.state ?? K + 1) - 1]++;
    const model: MigrationModel = {
      probs,
      atRisk: est.atRisk,
      counts,
      meanSpend: est.margin,
      marginPct,
      typedMargin: o.margin,
      contactCost,
      discountRate,
      horizon: o.horizon,
      periodDays: est.periodDays,
      asOf: est.asOf,
      probsTyped: o.probs !== undefined,
      source: source.tableName ?? sheetAddress(source.sheetName, source.row, source.column, source.rows, source.columns),
    };
    const L = modelLayout(K);
    const customers: TableBlock = {
      kind: "table",
      key: "customers",
      title: t.customers,
      anchor: { row: L.customersHeader, col: 0 },
      header: t.customerHeader.slice(0, 2),
      rows: est.customers.map((c) => [c.id, c.state ?? K + 1]),
      columnFormats: [null, "0"],
    };
    const sheets: SheetSpec[] = [
      { key: "migration", role: "summary", name: t.modelSheet, blocks: [customers] },
      { key: "events", role: "summary", name: t.eventSheet, blocks: [] },
    ];
    const spec: WorkbookSpec = { tierColumns: { header: [], rows: [] }, sheets };
    session.throwIfAborted();
    progress.write(0);
    const warnings: Warning[] = [...ingested.warnings];
    const date1904 = options.date1904;
    const plan: WritePlan = {
      key: MIGRATION_KEY,
      spec,
      sheets,
      tierColumns: false,
      hasHeader: ingested.detection.hasHeader,
      header: ingested.header,
      sourceRows: 0,
      extra: async (batch, created) => {
        const [modelSheet, eventSheet] = ["migration", "events"].map((key) => created.find((c) => c.spec.key === key)!.sheet);
        await writeModelTop(batch, modelSheet, model, request.lang, date1904);
        await batch.reserve(200);
        const valueHeader = modelSheet.getRangeByIndexes(L.customersHeader, 2, 1, 1);
        valueHeader.values = [[t.customerHeader[2]]];
        valueHeader.format.font.bold = true;
        await writeCustomerValues(batch, modelSheet, K, est.customers.length);
        // Widths from the labels, the tables and the first customers; titles and notes run on into empty cells.
        await batch.reserve(400);
        modelSheet.getRangeByIndexes(4, 0, L.matrixHeader + K + 2 - 4, 1).format.autofitColumns();
        const tableRows = L.customersHeader - MODEL_AT.statesHeader + 1 + Math.min(est.customers.length, 200);
        modelSheet.getRangeByIndexes(MODEL_AT.statesHeader, 1, tableRows, Math.max(7, K + 2) - 1).format.autofitColumns();
        // The example events name customers who are buying now (state 1…K), when there are any.
        const active = est.customers.filter((c) => c.state !== null);
        const examples = (active.length > 0 ? active : est.customers).slice(0, 2).map((c) => c.id);
        await writeEventSheet(batch, eventSheet, { asOf: est.asOf, customers: examples }, request.lang, date1904);
      },
    };
    const written = await writeOutputs(session, head, plan, options, progress, warnings);
    const modelName = written.created.find((c) => c.spec.key === "migration")?.name;
    const money = (v: number) =>
      v.toLocaleString(request.lang === "zh" ? "zh-CN" : "en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const classes = values.map((v, k) => ({
      code: `STATE_${k + 1}`,
      label: `${t.stateLabel(k + 1)} · V = ${money(v)}`,
      count: counts[k],
      color: STATE_COLORS[Math.min(k, STATE_COLORS.length - 1)],
      sheetName: modelName,
    }));
    classes.push({ code: "LOST", label: `${t.lostLabel} · V = ${money(0)}`, count: counts[K], color: LOST_COLOR, sheetName: modelName });
    const report: AnalysisReport = {
      kind: "migration",
      classes,
      sheets: written.created.map((c) => ({ key: c.spec.key, name: c.name })),
      summarySheet: modelName,
      customers: est.customers.length,
      classified: est.customers.length - counts[K],
      rows: ingested.counts.dataRows,
      rejected: ingested.rejected.length,
      warnings,
      syncs: session.syncs,
      migration: { probs, values, margin, periodDays: est.periodDays, asOf: est.asOf },
    };
    return report;
  });
  return settle(progress, report);
}
