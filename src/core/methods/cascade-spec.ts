/**
 * The task pane's profitability cascade (METHODS.md §11) as a WorkbookSpec: the `profit` command's
 * class report (cascade per customer, one sheet per profitability-matrix class, totals; class-report.ts)
 * plus what only the add-in draws — the whale curve (§3.6) of the customers' profit as a native XY
 * line with the 100 % line, and the profitability matrix as an XY scatter with its cut lines.
 * Values, not formulas (GSV is derived from NSV and the discounts): the summary's note says to run
 * the analysis again after the data change. Pure: src/excel/analysis.ts renders it.
 */
import { whaleCurve, whaleIndicators } from "../segment/abc";
import type { OutCell, TableBlock } from "../report/report-types";
import type { OutputLang, Transactions } from "../types";
import type { AnalysisChart, AnalysisSpec, SourceLayout, XYSeries } from "./analysis-spec";
import { buildClassReport, type ClassReportInput } from "./class-report";
import { profitTable } from "./commands";
import type { ProfitOptions } from "./profit";

const TEXT = {
  zh: {
    whale: "鲸鱼曲线(累计利润占比)",
    customerShare: "客户占比(按利润从高到低)",
    cumShare: "累计利润占比",
    full: "100% 利润",
    points: "图表数据",
    indicators: (basis: string) => `鲸鱼曲线指标(${basis})`,
    total: "利润合计",
    peak: "峰值",
    top20: "前 20% 客户的利润占比",
    bottom30: "后 30% 客户的利润占比",
    matrix: "盈利矩阵",
    nsv: "销售净价值(NSV)",
    price: "净价指数(NSV/GSV)",
    cts: "服务成本",
    cutX: "横轴分界",
    cutY: "纵轴分界",
    note: "本表为数值,不是公式:数据更改后,请在任务窗格“分析”中再次运行盈利能力分析。",
  },
  en: {
    whale: "Whale curve (cumulative profit share)",
    customerShare: "Customer share (by profit, highest first)",
    cumShare: "Cumulative profit share",
    full: "100% of profit",
    points: "Chart data",
    indicators: (basis: string) => `Whale-curve indicators (${basis})`,
    total: "Total profit",
    peak: "Peak",
    top20: "Top 20% of customers' share",
    bottom30: "Bottom 30% of customers' share",
    matrix: "Profitability matrix",
    nsv: "NSV",
    price: "Net price index (NSV/GSV)",
    cts: "Cost to serve",
    cutX: "x threshold",
    cutY: "y threshold",
    note: "These are values, not formulas: after the data change, run the profitability cascade again (task pane, Analyses).",
  },
};

/** More customers than this: the whale curve is drawn through this many evenly spaced ranks (and the peak). */
const WHALE_POINTS = 1000;
const CHART_COL = 8;
const DATA_COL = 18;
/** Columns of the profit command's CSV row. */
const COL = { gsv: 3, nsv: 5, gross: 7, cts: 8, net: 9, code: 13 };

/** Ranks (1-based) drawn: all up to WHALE_POINTS customers, else evenly spaced ones, the peak and the last. */
function whaleRanks(n: number, peakRank: number): number[] {
  if (n <= WHALE_POINTS) return Array.from({ length: n }, (_, i) => i + 1);
  const ranks = new Set<number>([peakRank, n]);
  for (let k = 1; k <= WHALE_POINTS; k++) ranks.add(Math.ceil((k * n) / WHALE_POINTS));
  return [...ranks].sort((a, b) => a - b);
}

export function cascadeAnalysis(tx: Transactions, lang: OutputLang, opts: ProfitOptions, layout: SourceLayout): AnalysisSpec {
  const t = TEXT[lang];
  const table = profitTable(tx, lang, opts);
  const input: ClassReportInput = { ...table.report(), rowCustomer: table.rowCustomer, ...layout };
  const spec = buildClassReport(input);
  const counts = new Map<string, number>();
  for (const code of input.classOf) if (code !== null) counts.set(code, (counts.get(code) ?? 0) + 1);
  const classes = input.classes.map((c) => ({ ...c, count: counts.get(c.code) ?? 0 }));
  const summary = spec.sheets.find((s) => s.key === "summary")!;
  const charts: AnalysisChart[] = [];
  const bottom = () =>
    Math.max(...summary.blocks.map((b) => (b.kind === "table" && b.anchor.col < CHART_COL ? b.anchor.row + b.rows.length + 3 : 0)));

  // Whale curve over net profit (gross profit without a cost to serve), highest first, from the origin.
  const hasNet = table.csvRows.some((r) => r[COL.net] !== null);
  const profitCol = hasNet ? COL.net : COL.gross;
  const profits = table.csvRows.map((r) => r[profitCol] as number | null);
  const curve = whaleCurve(profits);
  if (curve.length > 0) {
    const stats = whaleIndicators(profits.filter((v): v is number => v !== null));
    const peakRank = curve.reduce((best, r, i) => (r.cumShare > curve[best].cumShare ? i : best), 0) + 1;
    const points: OutCell[][] = [
      [0, 0],
      ...whaleRanks(curve.length, peakRank).map((rank) => [curve[rank - 1].customerShare, num(curve[rank - 1].cumShare)]),
    ];
    const basis = input.header[profitCol];
    summary.blocks.push(
      {
        kind: "table",
        key: "whale-indicators",
        title: t.indicators(basis),
        anchor: { row: bottom() + 1, col: 0 },
        header: [t.total, t.peak, t.top20, t.bottom30],
        rows: [[stats.total, num(stats.peak), num(stats.top20), num(stats.bottom30Loss)]],
        columnFormats: ["#,##0.00", "0.0%", "0.0%", "0.0%"],
      },
      {
        kind: "table",
        key: "whale-points",
        title: t.points,
        anchor: { row: 1, col: DATA_COL },
        header: [t.customerShare, t.cumShare],
        rows: points,
        columnFormats: ["0.0%", "0.0%"],
      },
      {
        kind: "table",
        key: "whale-full",
        anchor: { row: 1, col: DATA_COL + 3 },
        header: [t.customerShare, t.full],
        rows: [
          [0, 1],
          [1, 1],
        ],
        columnFormats: ["0%", "0%"],
      },
    );
    const series: XYSeries[] = [
      { name: t.cumShare, color: "#1565C0", source: "whale-points", xCol: 0, yCol: 1, from: 0, count: points.length, line: true },
      { name: t.full, color: "#616161", source: "whale-full", xCol: 0, yCol: 1, from: 0, count: 2, line: true },
    ];
    charts.push({
      kind: "scatter",
      sheet: "summary",
      title: t.whale,
      xTitle: t.customerShare,
      yTitle: t.cumShare,
      series,
      anchor: { row: 1, col: CHART_COL },
      size: { rows: 20, cols: 9 },
    });
  }

  // The profitability matrix (only with a cost to serve): x = NSV (PROFIT) or NSV/GSV (SHAPIRO), y = cost to serve.
  const shapiro = opts.scheme === "SHAPIRO";
  const xOf = (r: OutCell[]) =>
    shapiro ? ((r[COL.gsv] as number) > 0 ? (r[COL.nsv] as number) / (r[COL.gsv] as number) : null) : (r[COL.nsv] as number);
  const scatter: OutCell[][] = [];
  const series: XYSeries[] = [];
  let xMin = Infinity,
    xMax = -Infinity,
    yMin = Infinity,
    yMax = -Infinity;
  for (const c of input.classes) {
    const from = scatter.length;
    table.csvRows.forEach((r) => {
      const x = xOf(r),
        y = r[COL.cts] as number | null;
      if (r[COL.code] !== c.code || x === null || y === null) return;
      scatter.push([c.label, x, y]);
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    });
    if (scatter.length > from)
      series.push({ name: c.label, color: c.color, source: "matrix-points", xCol: 1, yCol: 2, from, count: scatter.length - from });
  }
  if (scatter.length > 0) {
    const cuts = summary.blocks.find((b) => b.key === "thresholds") as TableBlock | undefined;
    const [xCut, yCut] = (cuts?.rows[0] ?? [null, null]) as (number | null)[];
    const lines: OutCell[][] = [];
    if (xCut !== null) {
      series.push({ name: t.cutX, color: "#616161", source: "matrix-lines", xCol: 1, yCol: 2, from: lines.length, count: 2, line: true });
      lines.push([t.cutX, xCut, yMin], [t.cutX, xCut, yMax]);
    }
    if (yCut !== null) {
      series.push({ name: t.cutY, color: "#616161", source: "matrix-lines", xCol: 1, yCol: 2, from: lines.length, count: 2, line: true });
      lines.push([t.cutY, xMin, yCut], [t.cutY, xMax, yCut]);
    }
    const head = [input.header[13], shapiro ? t.price : t.nsv, t.cts];
    summary.blocks.push(
      { kind: "table", key: "matrix-points", title: t.matrix, anchor: { row: 1, col: DATA_COL + 6 }, header: head, rows: scatter },
      { kind: "table", key: "matrix-lines", anchor: { row: 1, col: DATA_COL + 10 }, header: head, rows: lines },
    );
    charts.push({
      kind: "scatter",
      sheet: "summary",
      title: t.matrix,
      xTitle: head[1],
      yTitle: t.cts,
      series,
      anchor: { row: 23, col: CHART_COL },
      size: { rows: 20, cols: 9 },
    });
  }
  summary.blocks.push({ kind: "table", key: "values-note", anchor: { row: bottom() + 1, col: 0 }, header: [t.note], rows: [] });
  return { workbook: spec, charts, table, classes };
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
