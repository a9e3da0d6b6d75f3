/**
 * The pane's analyses (value/profitability matrix, lifecycle movement): read the source as the
 * segmentation does, build the spec in the core (core/methods/analysis-spec.ts, the same workbook
 * the `matrix` and `lifecycle` commands write) and render it through run.ts's writeOutputs — the
 * same replace-only-ours, never-overwrite, rollback-on-cancel write — under a settings key of its
 * own per analysis, so neither the segmentation nor another analysis removes the other's sheets.
 * Then the native charts and the heat map, queued in the same write batches.
 */
import { ingest, type IngestOptions, type IngestResult } from "../core/ingest/ingest";
import { lifecycleAnalysis, matrixAnalysis, type AnalysisChart, type AnalysisSpec, type SourceLayout } from "../core/methods/analysis-spec";
import type { TableBlock } from "../core/report/report-types";
import type { Cell, Warning } from "../core/types";
import { cascadeSpec } from "./analysis-cascade";
import { runLoyaltyAnalysis } from "./analysis-loyalty";
import { runMigrationAnalysis } from "./analysis-migration";
import { ProgressReporter } from "./progress";
import { settle, writeOutputs, type CreatedSheet, type WritePlan } from "./run";
import { abortError, Session } from "./session";
import { readSource } from "./source";
import type { AnalysisReport, AnalysisRequest, Progress } from "./types";
import { columnLetters, type RenderOptions, type WriteBatch } from "./writer";

const ANALYSIS_KEY_PREFIX = "crmSegments.analysis.";

function tableOf(created: CreatedSheet[], sheetKey: string, blockKey: string): { sheet: Excel.Worksheet; block: TableBlock } | null {
  const c = created.find((s) => s.spec.key === sheetKey);
  const block = c?.spec.blocks.find((b) => b.kind === "table" && b.key === blockKey) as TableBlock | undefined;
  return c && block ? { sheet: c.sheet, block } : null;
}

function place(made: Excel.Chart, chart: AnalysisChart): void {
  const end = { row: chart.anchor.row + chart.size.rows - 1, col: chart.anchor.col + chart.size.cols - 1 };
  made.setPosition(`${columnLetters(chart.anchor.col)}${chart.anchor.row + 1}`, `${columnLetters(end.col)}${end.row + 1}`);
  made.legend.position = "Bottom";
}

async function drawChart(batch: WriteBatch, created: CreatedSheet[], chart: AnalysisChart): Promise<void> {
  await batch.reserve(1000 + chart.title.length * 3);
  if (chart.kind === "stacked") {
    const found = tableOf(created, chart.sheet, chart.source);
    if (!found || found.block.rows.length === 0) return;
    const { sheet, block } = found;
    const n = block.rows.length;
    // Header row + category column + the stage columns: Excel names the series and the categories from them.
    const made = sheet.charts.add(
      "ColumnStacked",
      sheet.getRangeByIndexes(block.anchor.row, block.anchor.col, n + 1, chart.valueCols.length + 1),
      "Columns",
    );
    made.title.text = chart.title;
    chart.colors.forEach((color, k) => made.series.getItemAt(k).format.fill.setSolidColor(color));
    place(made, chart);
    return;
  }
  const first = chart.series[0];
  const found = first && tableOf(created, chart.sheet, first.source);
  if (!found) return;
  const range = (s: (typeof chart.series)[number], col: number) => {
    const t = tableOf(created, chart.sheet, s.source)!;
    return t.sheet.getRangeByIndexes(t.block.anchor.row + 1 + s.from, t.block.anchor.col + col, s.count, 1);
  };
  const made = found.sheet.charts.add("XYScatter", range(first, first.yCol), "Columns");
  made.title.text = `${chart.title} (x: ${chart.xTitle}, y: ${chart.yTitle})`;
  chart.series.forEach((s, k) => {
    const series = k === 0 ? made.series.getItemAt(0) : made.series.add(s.name);
    if (k === 0) series.name = s.name;
    else series.setValues(range(s, s.yCol));
    series.setXAxisValues(range(s, s.xCol));
    if (s.line) {
      series.chartType = "XYScatterLinesNoMarkers";
      series.format.line.color = s.color;
    } else {
      series.markerBackgroundColor = s.color;
      series.markerForegroundColor = s.color;
    }
  });
  place(made, chart);
}

function build(
  request: Exclude<AnalysisRequest, { kind: "migration" | "loyalty" }>,
  table: Cell[][],
  ingested: IngestResult,
  options: IngestOptions,
  layout: SourceLayout,
): AnalysisSpec {
  const tx = ingested.transactions;
  if (request.kind === "cascade") return cascadeSpec(request, table, ingested, options, layout);
  if (request.kind === "matrix") return matrixAnalysis(tx, request.lang, request.matrix, layout);
  return lifecycleAnalysis(tx, request.lang, request.lifecycle.asOf, request.lifecycle.compareTo, layout);
}

export async function runAnalysis(
  request: AnalysisRequest,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  options: RenderOptions,
): Promise<AnalysisReport> {
  if (request.kind === "migration") return runMigrationAnalysis(request, onProgress, signal, options);
  if (signal.aborted) throw abortError(signal);
  if (request.kind === "loyalty") return runLoyaltyAnalysis(request, ANALYSIS_KEY_PREFIX + request.kind, onProgress, signal, options);
  const progress = new ProgressReporter(onProgress);
  const key = ANALYSIS_KEY_PREFIX + request.kind;
  const report = await Excel.run(async (context) => {
    const session = new Session(context, signal);
    progress.start();
    const { head, table } = await readSource(session, request.source, (read, total) => progress.read(read, total), key);
    const { source } = head;
    progress.analyze();
    const ingestOptions: IngestOptions = {
      mapping: request.mapping,
      hasHeader: source.tableName ? true : undefined,
      firstRowNumber: source.row + 1,
      date1904: request.date1904,
    };
    const ingested = ingest(table, ingestOptions);
    const hasHeader = ingested.detection.hasHeader;
    // As in run.ts: class columns align with a source whose header is row 1.
    const shift = hasHeader ? source.row : source.row - 1;
    const sourceRow = ingested.transactions.sourceRow.map((r) => r - shift);
    const sourceRows = table.length - (hasHeader ? 1 : 0);
    const spec = build(request, table, ingested, ingestOptions, { sourceRow, sourceRows, headerRow: 1 });
    session.throwIfAborted();
    progress.write(0);
    const warnings: Warning[] = [...ingested.warnings];
    const plan: WritePlan = {
      key,
      spec: spec.workbook,
      sheets: spec.workbook.sheets,
      tierColumns: true,
      hasHeader,
      header: ingested.header,
      sourceRows,
      extra: async (batch, created) => {
        for (const chart of spec.charts) await drawChart(batch, created, chart);
      },
    };
    const written = await writeOutputs(session, head, plan, options, progress, warnings);
    const names = new Map(written.created.map((c) => [c.spec.key, c.name]));
    const report: AnalysisReport = {
      kind: request.kind,
      // Classes with customers (those have a sheet), as the summary counts them.
      classes: spec.classes.filter((c) => c.count > 0).map((c) => ({ ...c, sheetName: names.get(`class:${c.code}`) })),
      sheets: written.created.map((c) => ({ key: c.spec.key, name: c.name })),
      summarySheet: names.get("summary"),
      customers: spec.table.csvRows.length,
      classified: spec.table.classified,
      rows: ingested.counts.dataRows,
      rejected: ingested.rejected.length,
      warnings,
      syncs: session.syncs,
    };
    return report;
  });
  return settle(progress, report);
}
