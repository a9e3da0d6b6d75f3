/**
 * The CLV model sheet's diagnostics (core diagnostics.ts), right of the holdout check from column T,
 * so no cell the formulas and the check use moves:
 *   T5 title, T6:V6 header, T7:V14 calibration repeat purchases by x = 0 … 7+, actual and model;
 *   X5 title, X6:AA6 header, X7:AA14 holdout purchases by calibration frequency (with a holdout):
 *     customers, mean actual and mean predicted;
 *   charts over T16:Z30 (clustered columns of the first table) and AB16:AH30 (two lines, the second);
 *   from T32 the P(alive) matrix over frequency (rows) × recency (columns), and below it the
 *   expected-purchases matrix, each a colour-scale heat map.
 * Values from the run at the fitted parameters: like the holdout check, they do not follow edits.
 */
import {
  conditionalByFrequency,
  frequencyHistogram,
  recencyFrequencyMatrix,
  type PreparedCustomers,
  type TransactionPredictor,
} from "../core/btyd";
import type { OutCell } from "../core/report/report-types";
import { toExcel } from "./budget";
import { WriteBatch, writeRows } from "./writer";

/** 0-based column T and the rows of the layout above. */
const DIAG = { col: 19, title: 4, chartTop: 15, matrixTop: 31 };
const CONDITIONAL_COL = DIAG.col + 4;
/** The segment summary's heat-map scale (report.ts), white to dark green. */
const HEAT = { min: "#FFFFFF", max: "#1B5E20" };

const TEXT = {
  en: {
    histogramTitle: "Calibration repeat purchases: customers by x, actual vs model",
    histogramHeader: ["Repeat purchases", "Actual", "Model"],
    histogramChart: "Calibration repeat purchases: actual vs model",
    conditionalTitle: "Holdout purchases by calibration frequency: mean actual vs predicted",
    conditionalHeader: ["Repeat purchases", "Customers", "Actual", "Predicted"],
    conditionalChart: "Holdout purchases by calibration frequency",
    aliveTitle: (T: number) => `P(alive) by frequency (rows) and recency (columns), at T = ${T.toFixed(2)}`,
    expectedTitle: (T: number, h: number) =>
      `Expected purchases over the next ${h.toFixed(2)} units by frequency and recency, at T = ${T.toFixed(2)}`,
    corner: "x \\ t_x",
  },
  zh: {
    histogramTitle: "校准期重复购买次数：各 x 的客户数，实际与模型",
    histogramHeader: ["重复购买次数", "实际", "模型"],
    histogramChart: "校准期重复购买次数：实际与模型",
    conditionalTitle: "按校准期购买频次的验证期购买次数：平均实际与预测",
    conditionalHeader: ["重复购买次数", "客户数", "实际", "预测"],
    conditionalChart: "按校准期购买频次的验证期购买次数",
    aliveTitle: (T: number) => `存活概率：频次（行）× 最近购买时间（列），T = ${T.toFixed(2)}`,
    expectedTitle: (T: number, h: number) => `未来 ${h.toFixed(2)} 个时间单位的预期购买次数：频次 × 最近购买时间，T = ${T.toFixed(2)}`,
    corner: "x \\ t_x",
  },
};

/** A cell address from 0-based indexes, for chart positions. */
function at(row: number, col: number): string {
  let letters = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `${letters}${row + 1}`;
}

/** A chart over value columns `from`…`from + count − 1` (header row included), categories in `labels`. */
function addChart(
  sheet: Excel.Worksheet,
  type: "ColumnClustered" | "Line",
  title: string,
  from: number,
  count: number,
  labels: number,
  bins: number,
  place: [number, number],
): void {
  const header = DIAG.title + 1;
  const chart = sheet.charts.add(type, sheet.getRangeByIndexes(header, from, bins + 1, count), "Columns");
  chart.title.text = title;
  const categories = sheet.getRangeByIndexes(header + 1, labels, bins, 1);
  for (let k = 0; k < count; k++) chart.series.getItemAt(k).setXAxisValues(categories);
  chart.legend.position = "Bottom";
  chart.setPosition(at(DIAG.chartTop, place[0]), at(DIAG.chartTop + 14, place[1]));
}

export async function writeDiagnostics(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  prepared: PreparedCustomers,
  model: TransactionPredictor,
  horizon: number,
  lang: "en" | "zh",
): Promise<void> {
  const t = TEXT[lang];
  const header = DIAG.title + 1;
  const histogram = frequencyHistogram(prepared, model);
  const bins = histogram.labels.length;
  await batch.reserve(3000);
  sheet.getRangeByIndexes(DIAG.title, DIAG.col, 1, 1).values = [[toExcel(t.histogramTitle)]];
  sheet.getRangeByIndexes(DIAG.title, DIAG.col, 2, 3).format.font.bold = true;
  sheet.getRangeByIndexes(header + 1, DIAG.col + 1, bins, 1).numberFormat = [["#,##0"]];
  sheet.getRangeByIndexes(header + 1, DIAG.col + 2, bins, 1).numberFormat = [["#,##0.0"]];
  const histRows: OutCell[][] = [
    t.histogramHeader,
    ...histogram.labels.map((label, k) => [label, histogram.actual[k], histogram.expected[k]]),
  ];
  await writeRows(batch, sheet, header, DIAG.col, histRows, 3, [false, false, false], false);
  await batch.reserve(1000);
  addChart(sheet, "ColumnClustered", t.histogramChart, DIAG.col + 1, 2, DIAG.col, bins, [DIAG.col, DIAG.col + 6]);

  const conditional = conditionalByFrequency(prepared, model);
  if (conditional) {
    const col = CONDITIONAL_COL;
    // A bin without customers has no mean: left blank, a gap in the lines.
    const mean = (v: number, k: number) => (conditional.customers[k] > 0 ? v : null);
    await batch.reserve(2000);
    sheet.getRangeByIndexes(DIAG.title, col, 1, 1).values = [[toExcel(t.conditionalTitle)]];
    sheet.getRangeByIndexes(DIAG.title, col, 2, 4).format.font.bold = true;
    sheet.getRangeByIndexes(header + 1, col + 2, bins, 2).numberFormat = [["0.00"]];
    const rows: OutCell[][] = [
      t.conditionalHeader,
      ...conditional.labels.map((label, k) => [
        label,
        conditional.customers[k],
        mean(conditional.actual[k], k),
        mean(conditional.predicted[k], k),
      ]),
    ];
    await writeRows(batch, sheet, header, col, rows, 4, [false, false, false, false], false);
    await batch.reserve(1000);
    addChart(sheet, "Line", t.conditionalChart, col + 2, 2, col, bins, [DIAG.col + 8, DIAG.col + 14]);
  }

  const matrix = recencyFrequencyMatrix(prepared, model, horizon);
  const width = 1 + matrix.recency.length;
  const height = matrix.frequency.length;
  let top = DIAG.matrixTop;
  for (const [title, values, format] of [
    [t.aliveTitle(matrix.T), matrix.probAlive, "0.000"],
    [t.expectedTitle(matrix.T, matrix.horizon), matrix.expected, "0.00"],
  ] as const) {
    await batch.reserve(2000);
    sheet.getRangeByIndexes(top, DIAG.col, 1, 1).values = [[toExcel(title)]];
    sheet.getRangeByIndexes(top, DIAG.col, 2, width).format.font.bold = true;
    sheet.getRangeByIndexes(top + 1, DIAG.col + 1, 1, width - 1).numberFormat = [["0.0"]];
    sheet.getRangeByIndexes(top + 2, DIAG.col + 1, height, width - 1).numberFormat = [[format]];
    // NaN (x = 0 with t_x > 0: no such customer) is written blank and takes no colour.
    const rows: OutCell[][] = [[t.corner, ...matrix.recency], ...matrix.frequency.map((f, k) => [f, ...values[k]])];
    await writeRows(batch, sheet, top + 1, DIAG.col, rows, width, new Array<boolean>(width).fill(false), false);
    await batch.reserve(400);
    const scale = sheet.getRangeByIndexes(top + 2, DIAG.col + 1, height, width - 1).conditionalFormats.add("ColorScale");
    scale.colorScale.criteria = { minimum: { type: "LowestValue", color: HEAT.min }, maximum: { type: "HighestValue", color: HEAT.max } };
    top += height + 3;
  }
  // Widths from the headers and values, not the titles (they run on to the right).
  await batch.reserve(400);
  sheet.getRangeByIndexes(header, DIAG.col, bins + 1, 8).format.autofitColumns();
  sheet.getRangeByIndexes(DIAG.matrixTop + 1, DIAG.col, height + 1, width).format.autofitColumns();
}
