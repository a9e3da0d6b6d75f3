/**
 * "Segment this sheet": read the source in chunks, run the core (ingest → analyze → buildReport)
 * and render the WorkbookSpec, replacing what the add-in wrote before and nothing else.
 *
 * Order of the write phase:
 * 1. One request removes the previous outputs (sheets recorded as the add-in's, by id; tier columns
 *    still carrying the recorded headers), adds the new sheets under free names, and checks that the
 *    cells the new tier columns need are empty (otherwise they are skipped with a warning: nothing
 *    the user typed is overwritten).
 * 2. The ownership record goes into the workbook settings with the first content request, then
 *    tier columns and sheets are written in batches.
 * On cancel or failure after step 1 starts, every sheet and tier column of this run is removed
 * (found again by id or name, so a partly applied request is covered) before the error is rethrown.
 * A cancel that comes after the last write request (while it was under way, or before the run has
 * returned) is honoured the same way: only a run that resolves was not cancelled.
 */
import { analyze } from "../core/segment/analyze";
import { ingest, type IngestResult } from "../core/ingest/ingest";
import { labelColor, labelText, type LabelSet } from "../core/report/labels";
import { buildReport, sheetName } from "../core/report/report";
import type { SheetSpec, TableBlock, TierColumns, WorkbookSpec } from "../core/report/report-types";
import type { AnalysisResult, Cell, Warning } from "../core/types";
import { rowBytes, toExcel } from "./budget";
import { OWNERSHIP_KEY, type OwnedTierColumns, type Ownership } from "./ownership";
import { ProgressReporter } from "./progress";
import { abortError, Session } from "./session";
import { readSource, type SourceHead, type SourceRect } from "./source";
import type { Progress, RunReport, RunRequest } from "./types";
import { isDateFormat, TIER_HEADER_FILL, uniqueName, WriteBatch, writeChart, writeRows, writeTableBlock, type RenderOptions } from "./writer";

/** Rejected rows returned to the pane (all of them go to the issues sheet). */
const FIRST_REJECTED = 50;

interface Segmented {
  ingest: IngestResult;
  result: AnalysisResult;
  spec: WorkbookSpec;
  hasHeader: boolean;
  sourceRows: number;
}

function segment(table: Cell[][], source: SourceRect, request: RunRequest): Segmented {
  const ingested = ingest(table, {
    mapping: request.mapping,
    hasHeader: source.tableName ? true : undefined,
    firstRowNumber: source.row + 1,
    date1904: request.date1904,
  });
  const result = analyze(ingested.transactions, request.analyze);
  const hasHeader = ingested.detection.hasHeader;
  const sourceRows = table.length - (hasHeader ? 1 : 0);
  // Messages and the issues sheet use real sheet rows; buildReport aligns tier rows to a source whose
  // header is row 1, so re-base the row numbers it sees.
  const shift = hasHeader ? source.row : source.row - 1;
  const sourceRow = ingested.transactions.sourceRow.map((r) => r - shift);
  const spec = buildReport({
    result,
    ingest: { header: ingested.header, rejected: ingested.rejected, mapping: ingested.mapping, transactions: { ...ingested.transactions, sourceRow } },
    lang: request.lang,
    sourceRows,
  });
  return { ingest: ingested, result, spec, hasHeader, sourceRows };
}

function wanted(sheet: SheetSpec, request: RunRequest): boolean {
  const o = request.outputs;
  return sheet.role === "customers" ? o.customers : sheet.role === "segment" ? o.segmentSheets : sheet.role === "summary" ? o.summary : o.issues;
}

export interface CreatedSheet {
  spec: SheetSpec;
  name: string;
  sheet: Excel.Worksheet;
  /** Known once the request that added the sheet has run. */
  id?: string;
}

function tableRows(sheet: SheetSpec): number {
  return sheet.blocks.reduce((n, b) => n + (b.kind === "table" ? b.rows.length : 0), 0);
}

async function writeTier(batch: WriteBatch, session: Session, plan: OwnedTierColumns, tier: TierColumns, options: RenderOptions): Promise<void> {
  const workbook = session.context.workbook;
  const sheet = workbook.worksheets.getItem(plan.sheetId);
  const width = plan.headers.length;
  await batch.reserve(rowBytes(plan.headers) + width * 100);
  if (plan.tableName) {
    const columns = workbook.tables.getItem(plan.tableName).columns;
    for (const header of plan.headers) columns.add(undefined, undefined, header);
  } else {
    sheet.getRangeByIndexes(plan.headerRow, plan.firstColumn, 1, width).values = [plan.headers.map((h) => toExcel(h))];
  }
  const header = sheet.getRangeByIndexes(plan.headerRow, plan.firstColumn, 1, width);
  header.format.fill.color = TIER_HEADER_FILL.fill;
  header.format.font.color = TIER_HEADER_FILL.font;
  header.format.font.bold = true;
  const formats = tier.columnFormats ?? [];
  formats.forEach((format, j) => {
    if (format && plan.rows > 0) sheet.getRangeByIndexes(plan.headerRow + 1, plan.firstColumn + j, plan.rows, 1).numberFormat = [[format]];
  });
  const dateColumns = plan.headers.map((_, j) => isDateFormat(formats[j]));
  await writeRows(batch, sheet, plan.headerRow + 1, plan.firstColumn, tier.rows, width, dateColumns, options.date1904);
}

async function writeSheet(batch: WriteBatch, created: CreatedSheet, options: RenderOptions, takenTableNames: Set<string>): Promise<void> {
  const { sheet, spec } = created;
  const tables = new Map<string, TableBlock>();
  for (const block of spec.blocks) {
    if (block.kind === "table") {
      await writeTableBlock(batch, sheet, block, options, takenTableNames);
      tables.set(block.key, block);
    } else {
      const source = tables.get(block.source);
      if (source) await writeChart(batch, sheet, block, source, options);
    }
  }
  if (spec.freezeRows) {
    await batch.reserve(0);
    sheet.freezePanes.freezeRows(spec.freezeRows);
  }
}

/** Removes the previous run's tier columns (queued; the caller syncs). */
function queueTierRemoval(session: Session, tier: OwnedTierColumns, tableExists: boolean): void {
  const workbook = session.context.workbook;
  if (tier.tableName && tableExists) {
    const columns = workbook.tables.getItem(tier.tableName).columns;
    for (const header of tier.headers) columns.getItem(header).delete();
  } else {
    workbook.worksheets.getItem(tier.sheetId).getRangeByIndexes(tier.headerRow, tier.firstColumn, tier.rows + 1, tier.headers.length).clear();
  }
}

export interface WriteState {
  /** Settings key of the ownership record (each workflow keeps its own). */
  key: string;
  /** What the add-in owned before this run, less the source sheet (the user's from now on). */
  previous: Ownership;
  created: CreatedSheet[];
  /** Step 1 ran: the previous outputs are gone and the new sheets exist. */
  replaced: boolean;
  tier?: OwnedTierColumns;
  tierStarted: boolean;
}

/**
 * Takes out everything this run wrote, by ids and names only, so it also works from a later
 * Excel.run; the record keeps whatever of the previous run is still there.
 */
async function rollback(session: Session, state: WriteState): Promise<void> {
  const { previous } = state;
  const workbook = session.context.workbook;
  const sheets = state.created.map((c) => workbook.worksheets.getItemOrNullObject(c.id ?? c.name).load("id"));
  const before = previous.sheets.map((s) => workbook.worksheets.getItemOrNullObject(s.id).load("id"));
  const tier = state.tierStarted ? state.tier : undefined;
  const columns = tier?.tableName ? tier.headers.map((h) => workbook.tables.getItem(tier.tableName as string).columns.getItemOrNullObject(h).load("name")) : [];
  // Also runs whatever was still queued, so its effects are seen and undone.
  await session.sync();
  sheets.forEach((s) => {
    if (!s.isNullObject) s.delete();
  });
  columns.forEach((c) => {
    if (!c.isNullObject) c.delete();
  });
  if (tier && !tier.tableName) {
    workbook.worksheets.getItem(tier.sheetId).getRangeByIndexes(tier.headerRow, tier.firstColumn, tier.rows + 1, tier.headers.length).clear();
  }
  const kept: Ownership = {
    sheets: previous.sheets.filter((_, i) => !before[i].isNullObject),
    tierColumns: state.replaced ? undefined : previous.tierColumns,
  };
  workbook.settings.add(state.key, kept);
  await session.sync();
}

/** What a run writes: the spec's sheets to add, the tier columns beside the source, and extras drawn on the new sheets. */
export interface WritePlan {
  key: string;
  spec: WorkbookSpec;
  sheets: SheetSpec[];
  tierColumns: boolean;
  hasHeader: boolean;
  /** The source's header texts (tier column names must differ from them). */
  header: string[];
  sourceRows: number;
  /** Queued after the sheets are written (charts, conditional formats), within the same batch. */
  extra?: (batch: WriteBatch, created: CreatedSheet[]) => Promise<void>;
}

export async function writeOutputs(
  session: Session,
  head: SourceHead,
  run: WritePlan,
  options: RenderOptions,
  progress: ProgressReporter,
  warnings: Warning[],
): Promise<WriteState> {
  const { source, state: book } = head;
  const workbook = session.context.workbook;
  const previous = book.ownership;
  const existing = new Set(book.sheets.map((s) => s.id));
  // A previous output the user now segments is theirs from now on.
  const oldSheets = previous.sheets.filter((s) => existing.has(s.id) && s.id !== source.sheetId);
  const gone = new Set(oldSheets.map((s) => s.id));
  const takenSheetNames = new Set(book.sheets.filter((s) => !gone.has(s.id)).map((s) => s.name.toLowerCase()));
  const takenTableNames = new Set(book.tables.filter((t) => !gone.has(t.sheetId)).map((t) => t.name.toLowerCase()));
  const state: WriteState = { key: run.key, previous: { sheets: oldSheets, tierColumns: previous.tierColumns }, created: [], replaced: false, tierStarted: false };

  try {
    for (const s of oldSheets) workbook.worksheets.getItem(s.id).delete();
    const oldTier = previous.tierColumns;
    if (head.ownTierPresent && oldTier) queueTierRemoval(session, oldTier, book.tables.some((t) => t.name === oldTier.tableName));
    for (const spec of run.sheets) {
      const name = sheetName(spec.name, takenSheetNames);
      const sheet = workbook.worksheets.add(name);
      if (spec.tabColor) sheet.tabColor = spec.tabColor;
      sheet.load("id");
      state.created.push({ spec, name, sheet });
    }
    const tier = run.spec.tierColumns;
    let tierCheck: Excel.Range | undefined;
    if (run.tierColumns && tier.header.length > 0) {
      if (!run.hasHeader) {
        warnings.push({ code: "TIER_COLUMNS_NO_HEADER", message: "Tier columns were not added: the data has no header row to extend." });
      } else {
        const takenHeaders = new Set(run.header.map((h) => h.toLowerCase()));
        state.tier = {
          sheetId: source.sheetId,
          sheetName: source.sheetName,
          tableName: source.tableName,
          headerRow: source.row,
          firstColumn: source.column + source.columns,
          headers: tier.header.map((h) => uniqueName(h, takenHeaders, " ")),
          rows: run.sourceRows,
        };
        tierCheck = workbook.worksheets
          .getItem(source.sheetId)
          .getRangeByIndexes(source.row, state.tier.firstColumn, source.rows, tier.header.length)
          .getUsedRangeOrNullObject(true)
          .load("address");
      }
    }
    await session.sync();
    state.replaced = true;
    for (const c of state.created) c.id = c.sheet.id;
    if (tierCheck && !tierCheck.isNullObject) {
      warnings.push({ code: "TIER_COLUMNS_BLOCKED", message: `Tier columns were not added: ${tierCheck.address} beside the data is not empty, and the add-in never overwrites your cells.` });
      state.tier = undefined;
    }

    // Work in rows written, plus one per sheet so a sheet of charts and small tables counts too.
    const total = (state.tier ? state.tier.rows : 0) + state.created.reduce((n, c) => n + tableRows(c.spec) + 1, 0);
    const batch = new WriteBatch(session, total, (f) => progress.write(f));
    const record: Ownership = { sheets: state.created.map((c) => ({ key: c.spec.key, id: c.id as string, name: c.name })), tierColumns: state.tier };
    await batch.reserve(JSON.stringify(record).length * 3);
    workbook.settings.add(run.key, record);
    if (state.tier) {
      state.tierStarted = true;
      await writeTier(batch, session, state.tier, tier, options);
    }
    for (const c of state.created) {
      await writeSheet(batch, c, options, takenTableNames);
      batch.advance(1);
    }
    if (run.extra) await run.extra(batch, state.created);
    await batch.flush();
    // A cancel pressed while the last request was under way still counts: the run has not returned.
    session.throwIfAborted();
    return state;
  } catch (error) {
    try {
      await rollback(session, state);
    } catch {
      // The original error says what went wrong; a failed clean-up must not hide it.
    }
    throw error;
  }
}

function segmentLabelSet(result: AnalysisResult, code: string): LabelSet {
  if (code === "NO_PURCHASE" || code === "UNCLASSIFIED") return "STATUS";
  return result.options.scheme === "CN8" ? "CN8" : "W11";
}

export async function runSegmentation(
  request: RunRequest,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  options: RenderOptions,
): Promise<RunReport> {
  if (signal.aborted) throw abortError(signal);
  const progress = new ProgressReporter(onProgress);
  const { report, written } = await Excel.run(async (context) => {
    const session = new Session(context, signal);
    progress.start();
    const { head, table } = await readSource(session, request.source, (read, total) => progress.read(read, total));
    const { source } = head;
    progress.analyze();
    const run = segment(table, source, request);
    session.throwIfAborted();
    progress.write(0);
    const warnings: Warning[] = [...run.ingest.warnings, ...run.result.warnings];
    const plan: WritePlan = {
      key: OWNERSHIP_KEY, spec: run.spec, sheets: run.spec.sheets.filter((s) => wanted(s, request)), tierColumns: request.outputs.tierColumns,
      hasHeader: run.hasHeader, header: run.ingest.header, sourceRows: run.sourceRows,
    };
    const written = await writeOutputs(session, head, plan, options, progress, warnings);
    const created = written.created;
    const nameOf = new Map(created.map((c) => [c.spec.key, c.name]));
    const { result } = run;
    const report: RunReport = {
      segments: result.segments.map((g) => ({
        ...g,
        label: labelText(segmentLabelSet(result, g.code), g.code, request.lang),
        color: labelColor(segmentLabelSet(result, g.code), g.code),
        sheetName: nameOf.get(`segment:${g.code}`),
      })),
      sheets: created.map((c) => ({ key: c.spec.key, name: c.name })),
      rejected: { count: run.ingest.rejected.length, first: run.ingest.rejected.slice(0, FIRST_REJECTED), sheetName: nameOf.get("issues") },
      warnings,
      customers: result.customers.length,
      rows: run.ingest.counts.dataRows,
      syncs: session.syncs,
    };
    return { report, written };
  });
  return settle(signal, progress, written, report);
}

/**
 * The end of a run that writes outputs: done, or undone when cancelled. Excel.run may still be
 * finishing its own requests when a cancel comes, and the pane may cancel from the last report:
 * both before the run has returned, so both undo it.
 */
export async function settle<T>(signal: AbortSignal, progress: ProgressReporter, written: WriteState, report: T): Promise<T> {
  if (!signal.aborted) progress.done();
  if (signal.aborted) {
    try {
      await Excel.run((context) => rollback(new Session(context), written));
    } catch {
      // The cancel is what the caller must hear about.
    }
    throw abortError(signal);
  }
  return report;
}
