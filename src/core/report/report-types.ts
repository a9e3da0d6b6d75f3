/**
 * A declarative description of the output workbook (tier columns, customers, segment sheets,
 * summary, issues). Core builds it once from an AnalysisResult; the command line renders it with
 * ExcelJS and the task pane renders it with the Excel API, so both doors write the same cells.
 */

export type OutCell = string | number | boolean | null;

/** A fill with its readable text colour (labels.ts textColorOn). */
export interface Fill {
  fill: string;
  font: string;
}

export interface TableBlock {
  kind: "table";
  /** Stable id within the sheet, e.g. "segments", "heatmap", "abc". */
  key: string;
  /** Optional title written in the cell above the header. */
  title?: string;
  /** 0-based top-left cell of the header row (the title, if any, goes one row above). */
  anchor: { row: number; col: number };
  header: string[];
  rows: OutCell[][];
  /** Excel number format per column (null = General), e.g. "yyyy-mm-dd", "#,##0.00", "0.0%". */
  columnFormats?: (string | null)[];
  /** Colour each data row by the value in column `col` (a label text), e.g. the segment column. */
  fillByColumn?: { col: number; fills: Record<string, Fill> };
  /** Render as an Excel table (ListObject) with this name. */
  excelTable?: string;
  /** Heat-map colour scale over the data cells from column `fromCol` to the last column. */
  colorScale?: { fromCol: number; minColor: string; maxColor: string };
}

export interface ChartBlock {
  kind: "chart";
  key: string;
  title: string;
  /** "columns": clustered columns, one series per value column, all on one value axis; "bars": the
   *  same as horizontal bars, the first category on top; "pareto": columns of values plus a
   *  cumulative-share line on a secondary 0–100 % axis. */
  type: "columns" | "bars" | "pareto";
  /** The table block (same sheet) holding the data. */
  source: string;
  /** Column of the source block holding the categories. */
  categoryCol: number;
  /** Columns of the source block holding the series (for "pareto": [value, cumulativeShare]). */
  valueCols: number[];
  /** Data rows drawn, from the first (default: all), e.g. the pyramid's tiers without the no-purchase row. */
  rows?: number;
  /** Number format of the (primary) value axis, e.g. "0%" for shares, "#,##0" for money. */
  valueFormat?: string;
  /** 0-based top-left cell where the chart is placed; size in cells. */
  anchor: { row: number; col: number };
  size: { rows: number; cols: number };
}

export type Block = TableBlock | ChartBlock;

export type SheetRole = "customers" | "segment" | "summary" | "issues";

export interface SheetSpec {
  /** Stable identity across languages and re-runs, e.g. "customers", "segment:CHAMPIONS". */
  key: string;
  role: SheetRole;
  /** Display name in the chosen language; ≤ 31 characters, none of []:*?/\ . */
  name: string;
  tabColor?: string;
  blocks: Block[];
  /** Rows to freeze at the top (header). */
  freezeRows?: number;
}

/** Columns appended to the right of the user's data, one value per source data row. */
export interface TierColumns {
  header: string[];
  /** rows[i] belongs to the i-th data row below the header (aligned with the source). */
  rows: OutCell[][];
  columnFormats?: (string | null)[];
}

export interface WorkbookSpec {
  tierColumns: TierColumns;
  sheets: SheetSpec[];
  /** The source table is longer than a sheet: no copy of it with tier columns (tierColumns has no rows). */
  dataOmitted?: boolean;
  /** What did not fit Excel's limits and how the workbook holds it instead, in English for messages (the summary sheet says it in the workbook's language). */
  notes?: string[];
}
