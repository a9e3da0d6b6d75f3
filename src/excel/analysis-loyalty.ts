/**
 * The pane's loyalty index builder: read the source as the other analyses do, build the weights and
 * per-customer sheets in the core (core/methods/loyalty-builder.ts) and write them through run.ts's
 * writeOutputs under the analysis's own settings key (replace only ours, never a user's cell,
 * rollback on cancel). Then the live cells: the weights sheet's judgements as inputs with the
 * reciprocals, CRM.AHP weights and consistency as formulas over them (core/methods/loyalty-live.ts),
 * one spilling CRM.LOYALTYINDEX over the raw indicators and the weight and direction cells, and
 * CRM.LADDER over it, so editing a judgement or a weight recomputes all of them.
 */
import { ingest } from "../core/ingest/ingest";
import { loyaltyBuilder } from "../core/methods/loyalty-builder";
import type { LiveWeights } from "../core/methods/loyalty-live";
import type { Warning } from "../core/types";
import { rowBytes } from "./budget";
import { INPUT_STYLE } from "./clv-model";
import { ProgressReporter } from "./progress";
import { settle, writeOutputs, type WritePlan } from "./run";
import { Session } from "./session";
import { readSource } from "./source";
import type { AnalysisReport, AnalysisRequest, Progress } from "./types";
import type { RenderOptions, WriteBatch } from "./writer";

type LoyaltyRequest = Extract<AnalysisRequest, { kind: "loyalty" }>;

export async function runLoyaltyAnalysis(
  request: LoyaltyRequest,
  key: string,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  options: RenderOptions,
): Promise<AnalysisReport> {
  const progress = new ProgressReporter(onProgress);
  const report = await Excel.run(async (context) => {
    const session = new Session(context, signal);
    progress.start();
    const { head, table } = await readSource(session, request.source, (read, total) => progress.read(read, total), key);
    const { source } = head;
    progress.analyze();
    const firstRowNumber = source.row + 1;
    const ingested = ingest(table, {
      mapping: request.mapping,
      hasHeader: source.tableName ? true : undefined,
      firstRowNumber,
      date1904: request.date1904,
    });
    const spec = loyaltyBuilder({
      tx: ingested.transactions,
      table,
      firstRowNumber,
      header: ingested.header,
      lang: request.lang,
      choice: request.loyalty,
    });
    session.throwIfAborted();
    progress.write(0);
    const warnings: Warning[] = [...ingested.warnings];
    const plan: WritePlan = {
      key,
      spec: spec.workbook,
      sheets: spec.workbook.sheets,
      tierColumns: false,
      hasHeader: ingested.detection.hasHeader,
      header: ingested.header,
      sourceRows: table.length - (ingested.detection.hasHeader ? 1 : 0),
      extra: async (batch, created) => {
        const weights = created.find((c) => c.spec.key === "loyalty-weights");
        const customers = created.find((c) => c.spec.key === "loyalty-customers");
        if (!weights || !customers) return;
        await writeLiveWeights(batch, weights.sheet, spec.live);
        for (const { col, formula } of spec.formulas(weights.name)) {
          await batch.reserve(rowBytes([formula]) + 200);
          customers.sheet.getRangeByIndexes(1, col, 1, 1).formulas = [[formula]];
        }
      },
    };
    const written = await writeOutputs(session, head, plan, options, progress, warnings);
    const names = new Map(written.created.map((c) => [c.spec.key, c.name]));
    const report: AnalysisReport = {
      kind: "loyalty",
      classes: spec.classes.filter((c) => c.count > 0),
      sheets: written.created.map((c) => ({ key: c.spec.key, name: c.name })),
      summarySheet: names.get("loyalty-weights"),
      customers: spec.ids.length,
      classified: spec.index.filter((v) => v !== null).length,
      rows: ingested.counts.dataRows,
      rejected: ingested.rejected.length,
      warnings,
      syncs: session.syncs,
      ahp: {
        lambdaMax: spec.ahp.lambdaMax,
        ci: spec.ahp.ci,
        cr: spec.ahp.cr,
        consistent: spec.ahp.consistent,
      },
    };
    return report;
  });
  return settle(progress, report);
}

/** Excel's "bad" style for the CR and Consistent cells of an inconsistent matrix. */
const FLAG_STYLE = { fill: "#FFC7CE", font: "#9C0006" };

/** The weights sheet's formulas, input styling and CR flag: a few range calls whatever the data size. */
async function writeLiveWeights(batch: WriteBatch, sheet: Excel.Worksheet, live: LiveWeights): Promise<void> {
  for (const block of live.blocks) {
    await batch.reserve(rowBytes(block.cells.flat()) + 200);
    sheet.getRangeByIndexes(block.row, block.col, block.rows, block.cols).formulas = block.cells;
  }
  for (const input of live.inputs) {
    await batch.reserve(200);
    const range = sheet.getRangeByIndexes(input.row, input.col, input.rows, input.cols);
    range.format.fill.color = INPUT_STYLE.fill;
    range.format.font.color = INPUT_STYLE.font;
  }
  await batch.reserve(300);
  const { flag } = live;
  const rule = sheet.getRangeByIndexes(flag.row, flag.col, flag.rows, flag.cols).conditionalFormats.add("Custom");
  rule.custom.rule.formula = flag.formula;
  rule.custom.format.fill.color = FLAG_STYLE.fill;
  rule.custom.format.font.color = FLAG_STYLE.font;
}
