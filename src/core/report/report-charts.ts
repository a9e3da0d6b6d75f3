/**
 * The summary sheet's charts, described once for both renderers (the CLI's DrawingML writer and the
 * add-in's Excel API writer). Each draws a table block already placed on the summary.
 */
import type { ChartBlock, TableBlock } from "./report-types";

export interface SummaryChartTitles {
  segments: string;
  pareto: string;
  pyramid: string;
}

/** Whole units with thousands separators: the value axis of money and counts. */
const THOUSANDS = "#,##0";
const PERCENT = "0%";
/** Right of the tables (column K), one below the other, never overlapping. */
const CHART_COL = 10;
const SIZE = { rows: 16, cols: 9 };

/**
 * The segments' shares of customers and of revenue side by side on one percentage axis (counts and
 * money on two axes drew one series over the other), the ABC Pareto, and the customers per pyramid
 * tier as bars, T1 on top. `tiers`: the pyramid table's leading rows that are tiers (the
 * no-purchase row, last, is not a tier).
 */
export function summaryCharts(
  titles: SummaryChartTitles,
  segments: TableBlock,
  abc: TableBlock,
  pyramid: TableBlock,
  tiers: number,
): ChartBlock[] {
  const charts: ChartBlock[] = [];
  const below = (row: number) => {
    const last = charts[charts.length - 1];
    return { row: last ? Math.max(row, last.anchor.row + last.size.rows + 1) : row, col: CHART_COL };
  };
  const add = (chart: Omit<ChartBlock, "kind" | "anchor" | "size" | "categoryCol">, table: TableBlock) =>
    charts.push({ kind: "chart", categoryCol: 0, ...chart, anchor: below(table.anchor.row), size: SIZE });
  // segments: [segment, customers, % customers, revenue, % revenue, …]
  add(
    { key: "segmentsChart", title: titles.segments, type: "columns", source: segments.key, valueCols: [2, 4], valueFormat: PERCENT },
    segments,
  );
  // abc: [class, customers, % customers, value, % value, cumulative % value]
  add({ key: "paretoChart", title: titles.pareto, type: "pareto", source: abc.key, valueCols: [3, 5], valueFormat: THOUSANDS }, abc);
  // pyramid: [tier, customers, …]
  add(
    { key: "pyramidChart", title: titles.pyramid, type: "bars", source: pyramid.key, valueCols: [1], rows: tiers, valueFormat: THOUSANDS },
    pyramid,
  );
  return charts;
}
