/**
 * What the task pane asks of the workbook layer. src/excel implements it with the Excel API; the
 * pane never calls Excel.* itself.
 */
import type { AnalyzeOptions, Cell, ColumnMapping, ColumnRole, GroupStat, RejectedRow, Warning } from "../core/types";

/** Where the sales data are: the current region around the selection, an Excel table, or the used range. */
export type SourceChoice =
  | { kind: "region" }
  | { kind: "table"; tableName: string }
  | { kind: "used"; sheetName?: string };

export interface DetectedRole {
  role: ColumnRole;
  /** 0-based column within the source. */
  column: number;
  source: "header" | "values";
}

export interface SourcePreview {
  sheetName: string;
  /** A1 address of the whole source including the header, e.g. "Sales!A1:F2501". */
  address: string;
  /** Present when the source is (or lies inside) an Excel table. */
  tableName?: string;
  header: string[];
  /** First rows below the header, raw, for the mapping preview. */
  rows: Cell[][];
  /** Data rows below the header. */
  totalRows: number;
  detected: DetectedRole[];
  /** Detected mapping (role → 0-based column). */
  mapping: ColumnMapping;
  /** Names of the Excel tables in the workbook, for the source picker. */
  tables: string[];
}

export interface OutputChoice {
  tierColumns: boolean;
  customers: boolean;
  segmentSheets: boolean;
  summary: boolean;
  /** The issues sheet is written whenever rows were rejected and this is true. */
  issues: boolean;
}

export interface RunRequest {
  source: SourceChoice;
  mapping: ColumnMapping;
  analyze: Partial<AnalyzeOptions>;
  lang: "zh" | "en";
  outputs: OutputChoice;
  date1904?: boolean;
}

export type RunStage = "read" | "analyze" | "write" | "done";

export interface Progress {
  stage: RunStage;
  /** 0..1 over the whole run. */
  fraction: number;
}

export interface SegmentSummaryRow extends GroupStat {
  label: string;
  color: string;
  /** Name of the sheet holding this segment's customers, when written. */
  sheetName?: string;
}

export interface RunReport {
  segments: SegmentSummaryRow[];
  /** Output sheets written, by role key (e.g. "customers", "summary", "issues", "segment:LOYAL"). */
  sheets: { key: string; name: string }[];
  rejected: { count: number; first: RejectedRow[]; sheetName?: string };
  warnings: Warning[];
  customers: number;
  rows: number;
  /** Excel round trips used (context.sync calls), for diagnostics. */
  syncs: number;
}

/** Remembered in the document's settings between sessions. */
export interface SavedSettings {
  mapping?: ColumnMapping;
  analyze?: Partial<AnalyzeOptions>;
  outputs?: OutputChoice;
  lang?: "zh" | "en";
}

export interface WorkbookApi {
  previewSource(choice: SourceChoice): Promise<SourcePreview>;
  /** Cancelling through `signal` leaves no half-written output sheets behind. */
  runSegmentation(request: RunRequest, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<RunReport>;
  activateSheet(name: string): Promise<void>;
  /** Adds a demo sales sheet (never overwriting a user sheet) and selects its data. */
  insertSampleData(lang: "zh" | "en"): Promise<{ sheetName: string; rows: number }>;
  loadSettings(): Promise<SavedSettings | null>;
  saveSettings(settings: SavedSettings): Promise<void>;
}
