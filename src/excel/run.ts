/**
 * "Segment this sheet": read the source in chunks, run the core (ingest → analyze → buildReport)
 * and render the WorkbookSpec, replacing what the add-in wrote before and nothing else.
 *
 * A re-run commits at the end, so Cancel or a failure at any point before the last request leaves
 * the workbook as it was, the previous run's outputs included:
 * 1. The previous tier columns (the add-in's own cells, found at their recorded place with their
 *    recorded headers) are backed up: values read in budgeted chunks, each column's number format
 *    from its first data cell. The first of those reads carries step 2 with it, so a small backup
 *    costs no sync of its own (100,000 rows: two or three).
 * 2. One request adds the new sheets under temporary names (`~CRM <run token> <n>`) after every
 *    existing sheet (the previous outputs stay), and checks that the cells the new tier columns need, other than the previous
 *    tier columns' own, are empty (otherwise they are skipped with a warning: nothing the user
 *    typed is overwritten).
 * 3. The content requests: the run's sheets recorded as pending (so a run cut short, the pane
 *    closed, is cleaned up by the next), the previous tier columns removed and the new ones written
 *    in their place, then the sheets. Tier columns must sit at the data's edge (a re-run recognises
 *    them there), so new ones cannot be written elsewhere and swapped in; the backup is what makes
 *    their replacement undoable, at the cost of the reads of step 1 and none when nothing is undone.
 * 4. The commit: a small look-up of which previous output sheets the user has not deleted
 *    meanwhile, then one request: those sheets (and tier columns, if no new ones took
 *    their place) removed, the new sheets and their Excel tables renamed to their final names,
 *    the ownership record written.
 * On cancel or failure before the commit request has succeeded, the run's sheets and tier columns
 * are removed (found again by id or name, so a partly applied request is covered), the previous
 * tier columns are written back from the backup and the record is put back; then the error is
 * rethrown. A cancel that comes once the commit request has been sent is too late: the run
 * resolves, complete, since the previous outputs may be gone by then.
 */
import { analyze } from "../core/segment/analyze";
import { ingest, type IngestResult } from "../core/ingest/ingest";
import { labelColor, labelText, type LabelSet } from "../core/report/labels";
import { buildReport, sheetName } from "../core/report/report";
import type { SheetSpec, TableBlock, WorkbookSpec } from "../core/report/report-types";
import type { AnalysisResult, Cell, Warning } from "../core/types";
import { OWNERSHIP_KEY, type OwnedTierColumns, type Ownership } from "./ownership";
import { ProgressReporter } from "./progress";
import { abortError, Session } from "./session";
import { readSource, type SourceHead, type SourceRect, type WorkbookState } from "./source";
import { queueTierRemoval, readTierBackup, rectMinus, restoreTier, writeTier, type TierBackup } from "./tier";
import type { Progress, RunReport, RunRequest } from "./types";
import { uniqueName, WriteBatch, writeChart, writeTableBlock, type RenderOptions } from "./writer";

/** A temporary output sheet name: `~CRM <run token> <n>` (see writeOutputs). */
const TEMP_SHEET = /^~CRM [a-z0-9]{1,6} \d+$/;

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
    ingest: {
      header: ingested.header,
      rejected: ingested.rejected,
      mapping: ingested.mapping,
      transactions: { ...ingested.transactions, sourceRow },
    },
    lang: request.lang,
    sourceRows,
  });
  return { ingest: ingested, result, spec, hasHeader, sourceRows };
}

function wanted(sheet: SheetSpec, request: RunRequest): boolean {
  const o = request.outputs;
  return sheet.role === "customers"
    ? o.customers
    : sheet.role === "segment"
      ? o.segmentSheets
      : sheet.role === "summary"
        ? o.summary
        : o.issues;
}

export interface CreatedSheet {
  spec: SheetSpec;
  name: string;
  sheet: Excel.Worksheet;
  /** Known once the request that added the sheet has run. */
  id?: string;
  /** Its name once the run commits; until then `name` is the free name it was added under. */
  finalName: string;
}

function tableRows(sheet: SheetSpec): number {
  return sheet.blocks.reduce((n, b) => n + (b.kind === "table" ? b.rows.length : 0), 0);
}

async function writeSheet(
  batch: WriteBatch,
  created: CreatedSheet,
  options: RenderOptions,
  takenTableNames: Set<string>,
  onTable: (table: Excel.Table, wanted: string, name: string) => void,
): Promise<void> {
  const { sheet, spec } = created;
  const tables = new Map<string, TableBlock>();
  for (const block of spec.blocks) {
    if (block.kind === "table") {
      await writeTableBlock(batch, sheet, block, options, takenTableNames, onTable);
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

export interface WriteState {
  /** Settings key of the ownership record (each workflow keeps its own). */
  key: string;
  /** What the add-in owned before this run, less the source sheet (the user's from now on). */
  previous: Ownership;
  created: CreatedSheet[];
  /** Excel tables added on the new sheets, with the names they wanted. */
  tables: { table: Excel.Table; wanted: string; name: string }[];
  tier?: OwnedTierColumns;
  /** The new tier columns may have been (partly) written. */
  tierStarted: boolean;
  /** The previous tier columns, read before anything changed; set when they were still there. */
  oldTier?: TierBackup;
  /** Their removal has been queued. */
  oldTierRemoved: boolean;
  /** The commit request has succeeded: nothing is rolled back any more. */
  committed: boolean;
}

/**
 * Takes out everything this run wrote and puts back the previous tier columns and record, by ids
 * and names only. Its own session: the run's one is cancelled, and this must still sync.
 */
async function rollback(runSession: Session, state: WriteState): Promise<void> {
  const session = new Session(runSession.context);
  const { previous } = state;
  const workbook = session.context.workbook;
  const sheets = state.created.map((c) => workbook.worksheets.getItemOrNullObject(c.id ?? c.name).load("id"));
  const before = previous.sheets.map((s) => workbook.worksheets.getItemOrNullObject(s.id).load("id"));
  const oldTier = state.oldTierRemoved ? state.oldTier : undefined;
  const tiers = [state.tierStarted ? state.tier : undefined, oldTier?.plan].filter((t): t is OwnedTierColumns => t !== undefined);
  const columns = tiers.flatMap((t) => {
    const table = t.tableName;
    return table ? t.headers.map((h) => workbook.tables.getItem(table).columns.getItemOrNullObject(h).load("name")) : [];
  });
  // Also runs whatever was still queued, so its effects are seen and undone.
  await session.sync();
  sheets.forEach((s) => {
    if (!s.isNullObject) s.delete();
  });
  const deleted = new Set<string>();
  columns.forEach((c) => {
    // The old and the new tier columns may share headers: each column once.
    if (!c.isNullObject && !deleted.has(c.name)) c.delete();
    if (!c.isNullObject) deleted.add(c.name);
  });
  for (const t of tiers) if (!t.tableName) queueTierRemoval(session, t, false);
  if (oldTier) {
    const batch = new WriteBatch(session, 1, () => undefined);
    await restoreTier(batch, session, oldTier);
    await batch.flush();
  }
  const kept: Ownership = { sheets: previous.sheets.filter((_, i) => !before[i].isNullObject), tierColumns: previous.tierColumns };
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
  /** Queued after the sheets are written (charts, conditional formats), within the same batch; sheets still have their temporary names. */
  extra?: (batch: WriteBatch, created: CreatedSheet[]) => Promise<void>;
}

/** Step 4: the one request after which the run is done. */
async function commit(session: Session, state: WriteState, book: WorkbookState, oldTierTable: boolean): Promise<void> {
  const workbook = session.context.workbook;
  const old = state.previous.tierColumns;
  if (state.oldTier && old && !state.oldTierRemoved) {
    state.oldTierRemoved = true;
    queueTierRemoval(session, old, oldTierTable);
  }
  // The user may have deleted a previous output meanwhile: a delete of a missing sheet would fail
  // the commit halfway, so the ones still there are looked up first (one small request).
  const previousSheets = state.previous.sheets.map((s) => workbook.worksheets.getItemOrNullObject(s.id).load("id"));
  await session.sync();
  // A cancel during that lookup still comes before the commit.
  session.throwIfAborted();
  for (const sheet of previousSheets) if (!sheet.isNullObject) sheet.delete();
  // Final names are free once the previous outputs are gone; the other new sheets' temporary names
  // are left out, so no rename meets a name still in use.
  const gone = new Set(state.previous.sheets.map((s) => s.id));
  const sheetNames = new Set(
    [...book.sheets.filter((s) => !gone.has(s.id)).map((s) => s.name), ...state.created.map((c) => c.name)].map((n) => n.toLowerCase()),
  );
  for (const c of state.created) {
    sheetNames.delete(c.name.toLowerCase());
    c.finalName = sheetName(c.spec.name, sheetNames);
    if (c.finalName !== c.name) c.sheet.name = c.finalName;
  }
  const tableNames = new Set(book.tables.filter((t) => !gone.has(t.sheetId)).map((t) => t.name.toLowerCase()));
  const tempNames = state.tables.map((t) => t.name);
  for (const n of tempNames) tableNames.add(n.toLowerCase());
  state.tables.forEach(({ table, wanted }, i) => {
    tableNames.delete(tempNames[i].toLowerCase());
    const name = uniqueName(wanted, tableNames, "_");
    if (name !== tempNames[i]) table.name = name;
  });
  const record: Ownership = {
    sheets: state.created.map((c) => ({ key: c.spec.key, id: c.id as string, name: c.finalName })),
    tierColumns: state.tier,
  };
  workbook.settings.add(state.key, record);
  await session.sync();
  state.committed = true;
  for (const c of state.created) c.name = c.finalName;
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
  // Sheets a run cut short added before it could record them still carry their temporary names.
  const leftovers = book.sheets
    .filter((s) => TEMP_SHEET.test(s.name) && !previous.sheets.some((p) => p.id === s.id))
    .map((s) => ({ key: "leftover", id: s.id, name: s.name }));
  const oldSheets = [...previous.sheets.filter((s) => existing.has(s.id) && s.id !== source.sheetId), ...leftovers];
  // While the run writes, every sheet and table that exists now is still there.
  const takenSheetNames = new Set(book.sheets.map((s) => s.name.toLowerCase()));
  const takenTableNames = new Set(book.tables.map((t) => t.name.toLowerCase()));
  const state: WriteState = {
    key: run.key,
    previous: { sheets: oldSheets, tierColumns: previous.tierColumns },
    created: [],
    tables: [],
    tierStarted: false,
    oldTierRemoved: false,
    committed: false,
  };
  const oldTier = head.ownTierPresent ? previous.tierColumns : undefined;
  const oldTierTable = !!oldTier && book.tables.some((t) => t.name === oldTier.tableName);

  // Temporary names carry a token of this run: a rollback that must find a sheet by name (its add
  // request failed before the ids came back) can then never take a sheet the user named meanwhile.
  const token = Math.random().toString(36).slice(2, 8);
  try {
    for (const [index, spec] of run.sheets.entries()) {
      const name = sheetName(`~CRM ${token} ${index + 1}`, takenSheetNames);
      const sheet = workbook.worksheets.add(name);
      if (spec.tabColor) sheet.tabColor = spec.tabColor;
      sheet.load("id");
      state.created.push({ spec, name, finalName: name, sheet });
    }
    const tier = run.spec.tierColumns;
    let tierChecks: Excel.Range[] = [];
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
        const needed = { row: source.row, column: state.tier.firstColumn, rows: source.rows, columns: tier.header.length };
        const own =
          oldTier?.sheetId === source.sheetId
            ? { row: oldTier.headerRow, column: oldTier.firstColumn, rows: oldTier.rows + 1, columns: oldTier.headers.length }
            : undefined;
        const sheet = workbook.worksheets.getItem(source.sheetId);
        tierChecks = rectMinus(needed, own).map((r) =>
          sheet.getRangeByIndexes(r.row, r.column, r.rows, r.columns).getUsedRangeOrNullObject(true).load("address"),
        );
      }
    }
    // The backup's first read sends the request above with it.
    // A recorded table the user has since converted to a range: its columns are plain cells now.
    if (oldTier) state.oldTier = await readTierBackup(session, oldTierTable ? oldTier : { ...oldTier, tableName: undefined });
    else await session.sync();
    for (const c of state.created) c.id = c.sheet.id;
    const blocked = tierChecks.find((r) => !r.isNullObject);
    if (blocked) {
      warnings.push({
        code: "TIER_COLUMNS_BLOCKED",
        message: `Tier columns were not added: ${blocked.address} beside the data is not empty, and the add-in never overwrites your cells.`,
      });
      state.tier = undefined;
    }

    // Work in rows written, plus one per sheet so a sheet of charts and small tables counts too.
    const total = (state.tier ? state.tier.rows : 0) + state.created.reduce((n, c) => n + tableRows(c.spec) + 1, 0);
    const batch = new WriteBatch(session, total, (f) => progress.write(f));
    // From this request on the new tier columns replace the old ones, so the record names them: a
    // run cut short (the pane closed) leaves them to the next run to remove, not to read as data.
    const pending: Ownership = {
      ...state.previous,
      tierColumns: state.tier ?? state.previous.tierColumns,
      pending: state.created.map((c) => ({ key: c.spec.key, id: c.id as string, name: c.name })),
    };
    await batch.reserve(JSON.stringify(pending).length * 3);
    workbook.settings.add(run.key, pending);
    if (state.tier) {
      if (oldTier) {
        state.oldTierRemoved = true;
        queueTierRemoval(session, oldTier, oldTierTable);
      }
      state.tierStarted = true;
      await writeTier(batch, session, state.tier, tier, options.date1904);
    }
    const onTable = (table: Excel.Table, wanted: string, name: string) => state.tables.push({ table, wanted, name });
    for (const c of state.created) {
      await writeSheet(batch, c, options, takenTableNames, onTable);
      batch.advance(1);
    }
    if (run.extra) await run.extra(batch, state.created);
    await batch.flush();
    // A cancel pressed while the last content request was under way still counts.
    session.throwIfAborted();
    await commit(session, state, book, oldTierTable);
    return state;
  } catch (error) {
    if (!state.committed) {
      try {
        await rollback(session, state);
      } catch {
        // The original error says what went wrong; a failed clean-up must not hide it.
      }
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
  const report = await Excel.run(async (context) => {
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
      key: OWNERSHIP_KEY,
      spec: run.spec,
      sheets: run.spec.sheets.filter((s) => wanted(s, request)),
      tierColumns: request.outputs.tierColumns,
      hasHeader: run.hasHeader,
      header: run.ingest.header,
      sourceRows: run.sourceRows,
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
    return report;
  });
  return settle(progress, report);
}

/** The end of a run that writes outputs: its commit request has been sent, so a cancel from now on is too late. */
export function settle<T>(progress: ProgressReporter, report: T): T {
  progress.done();
  return report;
}
