/**
 * The WorkbookApi over the Excel JavaScript API (the global `Excel.run`): the only module that
 * talks to Excel. The task pane gets it from createWorkbookApi(); tests install a strict fake
 * Excel (test/support/fake-excel) as the global instead.
 */
import { dayFromYMD } from "../core/ingest/dates";
import { detectColumns } from "../core/ingest/detect";
import { sheetName } from "../core/report/report";
import type { TableBlock } from "../core/report/report-types";
import { generateSales } from "../core/sample/synthetic";
import type { ColumnRole, OutputLang } from "../core/types";
import { runAnalysis } from "./analysis";
import { buildClvModel } from "./clv-model";
import { insertHughesTemplate } from "./hughes-template";
import { SETTINGS_KEY } from "./ownership";
import { runSegmentation } from "./run";
import { isOfficeError, Session, WorkbookError } from "./session";
import { readHead, sheetAddress, shownHeader } from "./source";
import type { DetectedRole, SavedSettings, SourceChoice, SourcePreview, WorkbookApi } from "./types";
import { WriteBatch, writeTableBlock } from "./writer";

export { WorkbookError } from "./session";
export { OWNERSHIP_KEY, SETTINGS_KEY } from "./ownership";
export { CLV_MODEL_KEY } from "./clv-model";

export interface WorkbookApiOptions {
  /**
   * Draw the ABC Pareto chart with Excel's Pareto chart type where ExcelApi 1.9 is supported.
   * Off by default: the column + cumulative-line combo works on every client.
   */
  nativePareto?: boolean;
}

/** Rows shown in the mapping preview. */
const PREVIEW_ROWS = 20;

async function previewSource(choice: SourceChoice): Promise<SourcePreview> {
  return Excel.run(async (context) => {
    const { source, head, state } = await readHead(new Session(context), choice);
    // The same detection ingest runs, on the same 500-row sample.
    const detection = detectColumns(head, { hasHeader: source.tableName ? true : undefined });
    const skip = detection.hasHeader ? 1 : 0;
    const detected: DetectedRole[] = (
      Object.entries(detection.roles) as [ColumnRole, { column: number; source: "header" | "values" }][]
    ).map(([role, found]) => ({ role, column: found.column, source: found.source }));
    return {
      sheetName: source.sheetName,
      address: sheetAddress(source.sheetName, source.row, source.column, source.rows, source.columns),
      tableName: source.tableName,
      header: shownHeader(source, head, detection),
      rows: head.slice(skip, skip + PREVIEW_ROWS),
      totalRows: source.rows - skip,
      detected,
      mapping: detection.mapping,
      tables: state.tables.map((t) => t.name),
    };
  });
}

/** A demo sales sheet (deterministic synthetic data with a few defective rows) under a free name. */
async function insertSampleData(lang: OutputLang): Promise<{ sheetName: string; rows: number }> {
  const { header, rows } = generateSales({
    customers: 400,
    rows: 5000,
    seed: 20240630,
    start: dayFromYMD(2023, 1, 1),
    days: 546,
    lang,
    badRows: 6,
  });
  return Excel.run(async (context) => {
    const session = new Session(context);
    const sheets = context.workbook.worksheets.load("items/name");
    await session.sync();
    const name = sheetName(lang === "zh" ? "销售数据" : "Sales data", new Set(sheets.items.map((s) => s.name.toLowerCase())));
    const sheet = context.workbook.worksheets.add(name);
    const block: TableBlock = {
      kind: "table",
      key: "sample",
      anchor: { row: 0, col: 0 },
      header,
      rows: rows.map((row) => row.map((cell) => cell ?? null)),
      columnFormats: [null, "yyyy-mm-dd", null, "0", "#,##0.00", "#,##0.00", "#,##0.00"],
    };
    const batch = new WriteBatch(session, rows.length, () => undefined);
    await writeTableBlock(batch, sheet, block, { date1904: false, nativePareto: false }, new Set());
    await batch.reserve(0);
    sheet.freezePanes.freezeRows(1);
    sheet.activate();
    sheet.getRangeByIndexes(0, 0, rows.length + 1, header.length).select();
    await batch.flush();
    return { sheetName: name, rows: rows.length };
  });
}

async function activateSheet(name: string): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem(name).activate();
    try {
      await context.sync();
    } catch (error) {
      if (isOfficeError(error, "ItemNotFound")) throw new WorkbookError("SHEET_NOT_FOUND", `The sheet "${name}" no longer exists.`);
      throw error;
    }
  });
}

async function loadSettings(): Promise<SavedSettings | null> {
  return Excel.run(async (context) => {
    const item = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY).load("value");
    await context.sync();
    if (item.isNullObject) return null;
    const value: unknown = item.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    const { header, ...settings } = value as SavedSettings;
    // A damaged header must not pass for one a mapping can be checked against.
    return Array.isArray(header) && header.every((h) => typeof h === "string") ? { ...settings, header } : settings;
  });
}

async function saveSettings(settings: SavedSettings): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(SETTINGS_KEY, settings);
    await context.sync();
  });
}

export function createWorkbookApi(options: WorkbookApiOptions = {}): WorkbookApi {
  return {
    previewSource,
    runSegmentation: (request, onProgress, signal) =>
      runSegmentation(request, onProgress, signal, { date1904: request.date1904 === true, nativePareto: options.nativePareto === true }),
    runAnalysis: (request, onProgress, signal) =>
      runAnalysis(request, onProgress, signal, { date1904: request.date1904 === true, nativePareto: false }),
    activateSheet,
    insertSampleData,
    buildClvModel,
    insertHughesTemplate,
    loadSettings,
    saveSettings,
  };
}
