/**
 * The task pane's analyses (value/profitability matrix, lifecycle movement) as a WorkbookSpec — the
 * very class report the `matrix` and `lifecycle` commands write (class-report.ts), so the numbers
 * are the command line's — plus what only the add-in draws: native charts (an XY scatter of the
 * customers by quadrant with the cut lines; stacked columns of the stages at both dates) and a
 * colour-scale heat map on the transition counts. Pure: src/excel/analysis.ts renders it.
 */
import { formatDay } from "../ingest/dates";
import type { OutCell, TableBlock, WorkbookSpec } from "../report/report-types";
import type { OutputLang, Transactions } from "../types";
import { buildClassReport, type ClassReportInput } from "./class-report";
import { lifecycleTable, matrixTable, type MethodTable } from "./commands";
import type { Measure } from "./measures";
import type { QuadrantOptions, QuadrantScheme } from "./quadrant";
import { segmentMigration } from "./segment-migration";

/** One series over rows [from, from + count) of two columns of a table block on the same sheet. */
export interface XYSeries {
  name: string;
  color: string;
  source: string;
  xCol: number;
  yCol: number;
  from: number;
  count: number;
  /** Drawn as a line without markers (the cut lines). */
  line?: boolean;
}

export type AnalysisChart =
  | {
      kind: "scatter";
      sheet: string;
      title: string;
      xTitle: string;
      yTitle: string;
      series: XYSeries[];
      anchor: { row: number; col: number };
      size: { rows: number; cols: number };
    }
  | {
      kind: "stacked";
      sheet: string;
      title: string;
      source: string;
      categoryCol: number;
      valueCols: number[];
      colors: string[];
      anchor: { row: number; col: number };
      size: { rows: number; cols: number };
    };

export interface AnalysisSpec {
  workbook: WorkbookSpec;
  charts: AnalysisChart[];
  /** The rows the command's CSV holds (for the pane's result and the parity tests). */
  table: MethodTable;
  /** Classes in display order with their customer counts (the summary's class table). */
  classes: { code: string; label: string; color: string; count: number }[];
}

export interface SourceLayout {
  sourceRow: Int32Array;
  sourceRows: number;
  headerRow: number;
}

export interface MatrixChoice {
  x: Measure;
  y: Measure;
  scheme: QuadrantScheme;
  xCut?: QuadrantOptions["xCut"];
  yCut?: QuadrantOptions["yCut"];
  asOf?: number;
}

/** Default axes per METHODS.md: §6.3 value matrix CV × IP; §11.3 profitability NSV (monetary) × profit. */
export const MATRIX_DEFAULTS: Record<"VALUE" | "PROFIT" | "SHAPIRO", { x: Measure; y: Measure }> = {
  VALUE: { x: "CLV", y: "TREND" },
  PROFIT: { x: "MONETARY", y: "PROFIT" },
  SHAPIRO: { x: "MONETARY", y: "PROFIT" },
};

const TEXT = {
  zh: { scatter: "客户分布(按象限)", cutX: "横轴分界", cutY: "纵轴分界", points: "图表数据", stages: "两个日期的阶段分布", date: "日期" },
  en: {
    scatter: "Customers by quadrant",
    cutX: "x threshold",
    cutY: "y threshold",
    points: "Chart data",
    stages: "Stages at both dates",
    date: "Date",
  },
};

const CHART_COL = 5;
const DATA_COL = 15;

function report(
  table: MethodTable,
  layout: SourceLayout,
): { input: ClassReportInput; spec: WorkbookSpec; classes: AnalysisSpec["classes"] } {
  const input: ClassReportInput = { ...table.report(), rowCustomer: table.rowCustomer, ...layout };
  const counts = new Map<string, number>();
  for (const code of input.classOf) if (code !== null) counts.set(code, (counts.get(code) ?? 0) + 1);
  const classes = input.classes.map((c) => ({ ...c, count: counts.get(c.code) ?? 0 }));
  return { input, spec: buildClassReport(input), classes };
}

function summaryOf(spec: WorkbookSpec) {
  const summary = spec.sheets.find((s) => s.key === "summary");
  if (!summary) throw new Error("class report without a summary sheet");
  return summary;
}

/** The `matrix` command's workbook plus the scatter of the customers by quadrant and the cut lines. */
export function matrixAnalysis(tx: Transactions, lang: OutputLang, choice: MatrixChoice, layout: SourceLayout): AnalysisSpec {
  const t = TEXT[lang];
  const table = matrixTable(tx, lang, choice.x, choice.y, choice.scheme, choice.asOf, { xCut: choice.xCut, yCut: choice.yCut });
  const { input, spec, classes } = report(table, layout);
  const summary = summaryOf(spec);
  // Points grouped by quadrant so that each quadrant is one contiguous series.
  const points: OutCell[][] = [];
  const series: XYSeries[] = [];
  let xMin = Infinity,
    xMax = -Infinity,
    yMin = Infinity,
    yMax = -Infinity;
  for (const c of input.classes) {
    const from = points.length;
    input.classOf.forEach((code, i) => {
      if (code !== c.code) return;
      const [, x, y] = input.rows[i] as [OutCell, number, number];
      points.push([c.label, x, y]);
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    });
    if (points.length > from)
      series.push({ name: c.label, color: c.color, source: "scatter-points", xCol: 1, yCol: 2, from, count: points.length - from });
  }
  const cuts = table.csvRows.length === 0 ? [] : (summary.blocks.find((b) => b.key === "thresholds") as TableBlock).rows;
  const xCut = cuts[0]?.[2] as number | null,
    yCut = cuts[1]?.[2] as number | null;
  const lines: OutCell[][] = [];
  if (typeof xCut === "number" && points.length > 0) {
    series.push({ name: t.cutX, color: "#616161", source: "scatter-lines", xCol: 1, yCol: 2, from: lines.length, count: 2, line: true });
    lines.push([t.cutX, xCut, yMin], [t.cutX, xCut, yMax]);
  }
  if (typeof yCut === "number" && points.length > 0) {
    series.push({ name: t.cutY, color: "#616161", source: "scatter-lines", xCol: 1, yCol: 2, from: lines.length, count: 2, line: true });
    lines.push([t.cutY, xMin, yCut], [t.cutY, xMax, yCut]);
  }
  const head = [input.header[3], choice.x, choice.y];
  summary.blocks.push(
    { kind: "table", key: "scatter-points", title: t.points, anchor: { row: 1, col: DATA_COL }, header: head, rows: points },
    { kind: "table", key: "scatter-lines", anchor: { row: 1, col: DATA_COL + 4 }, header: head, rows: lines },
  );
  const charts: AnalysisChart[] = [
    {
      kind: "scatter",
      sheet: "summary",
      title: t.scatter,
      xTitle: choice.x,
      yTitle: choice.y,
      series,
      anchor: { row: 1, col: CHART_COL },
      size: { rows: 20, cols: 9 },
    },
  ];
  return { workbook: spec, charts, table, classes };
}

/** The `lifecycle --compare-to` workbook plus the stages at both dates (stacked columns) and the heat map. */
export function lifecycleAnalysis(
  tx: Transactions,
  lang: OutputLang,
  asOf: number | undefined,
  compareTo: number,
  layout: SourceLayout,
): AnalysisSpec {
  const t = TEXT[lang];
  const table = lifecycleTable(tx, lang, { asOf }, compareTo, formatDay);
  const { input, spec, classes } = report(table, layout);
  const summary = summaryOf(spec);
  // The transition counts as a heat map (white → red).
  const transitions = summary.blocks.find((b) => b.key === "transitions") as TableBlock | undefined;
  if (transitions) transitions.colorScale = { fromCol: 1, minColor: "#FFFFFF", maxColor: "#C62828" };
  const codes = input.classes.map((c) => c.code);
  const at = (col: number) => codes.map((code) => table.csvRows.reduce((n, r) => n + (r[col] === code ? 1 : 0), 0));
  let last = -Infinity;
  for (let i = 0; i < tx.day.length; i++) last = Math.max(last, Math.floor(tx.day[i]));
  const asOfDay = asOf ?? last;
  const rows: OutCell[][] = [
    [formatDay(compareTo), ...at(9)],
    [formatDay(asOfDay), ...at(1)],
  ];
  const anchorRow = Math.max(...summary.blocks.map((b) => (b.kind === "table" ? b.anchor.row + b.rows.length + 3 : 0)));
  // The same movement for the W11 and CN8 segments, on a sheet of its own.
  spec.sheets.push(segmentMigration(tx, lang, asOf, compareTo, formatDay).sheet);
  summary.blocks.push({
    kind: "table",
    key: "stage-dates",
    title: t.stages,
    anchor: { row: anchorRow + 1, col: 0 },
    header: [t.date, ...input.classes.map((c) => c.label)],
    rows,
  });
  const charts: AnalysisChart[] = [
    {
      kind: "stacked",
      sheet: "summary",
      title: t.stages,
      source: "stage-dates",
      categoryCol: 0,
      valueCols: codes.map((_, j) => j + 1),
      colors: input.classes.map((c) => c.color),
      anchor: { row: 1, col: codes.length + 3 },
      size: { rows: 18, cols: 8 },
    },
  ];
  return { workbook: spec, charts, table, classes };
}
