/**
 * The `clv` workbook's Diagnostics sheet, written for every fit: the data tables of the model checks
 * in core diagnostics.ts, one block under another, with their native charts right of the first two
 * (calibration repeat purchases as clustered columns, holdout purchases by calibration frequency as
 * two lines) and the P(alive) and expected-purchases matrices as colour-scale heat maps.
 */
import { conditionalByFrequency, frequencyHistogram, recencyFrequencyMatrix, transactionModel } from "../core/btyd";
import type { ClvRun } from "./clv-run";
import type { ChartPart, ChartPlace, ChartSeries } from "./xlsx/charts";
import type { Style, XlsxWriter } from "./xlsx/package";
import { RowSheet, type RowStyle, type RowValue } from "./xlsx/row-sheet";
import { columnLetter, sheetRange } from "./xlsx/xml";

const TEXT = {
  en: {
    diagnostics: "Diagnostics",
    histogramTitle: "Calibration repeat purchases: customers by x, actual vs model",
    histogramChart: "Calibration repeat purchases: actual vs model",
    histogramHeader: ["Repeat purchases", "Actual", "Model"],
    conditionalTitle: "Holdout purchases by calibration frequency: mean actual vs predicted",
    conditionalChart: "Holdout purchases by calibration frequency",
    conditionalHeader: ["Repeat purchases", "Customers", "Actual", "Predicted"],
    aliveTitle: (T: number) => `P(alive) by frequency (rows) and recency (columns), at T = ${T.toFixed(2)}`,
    expectedTitle: (T: number, h: number) =>
      `Expected purchases over the next ${h.toFixed(2)} units by frequency and recency, at T = ${T.toFixed(2)}`,
    corner: "x \\ t_x",
  },
  zh: {
    diagnostics: "诊断",
    histogramTitle: "校准期重复购买次数：各 x 的客户数，实际与模型",
    histogramChart: "校准期重复购买次数：实际与模型",
    histogramHeader: ["重复购买次数", "实际", "模型"],
    conditionalTitle: "按校准期购买频次的验证期购买次数：平均实际与预测",
    conditionalChart: "按校准期购买频次的验证期购买次数",
    conditionalHeader: ["重复购买次数", "客户数", "实际", "预测"],
    aliveTitle: (T: number) => `存活概率：频次（行）× 最近购买时间（列），T = ${T.toFixed(2)}`,
    expectedTitle: (T: number, h: number) => `未来 ${h.toFixed(2)} 个时间单位的预期购买次数：频次 × 最近购买时间，T = ${T.toFixed(2)}`,
    corner: "x \\ t_x",
  },
};

const BOLD: Style = { font: { bold: true } };
const WHOLE: Style = { numFmt: "#,##0" };
const TENTHS: Style = { numFmt: "#,##0.0" };
const TWO: Style = { numFmt: "0.00" };
const ACTUAL = "4472C4";
const MODEL = "ED7D31";
/** The segment summary's heat-map scale (report.ts), white to dark green. */
const HEAT = { minColor: "FFFFFFFF", maxColor: "FF1B5E20" };
/** Chart frames: rows × columns, side by side from column F. */
const CHART_SIZE = { rows: 18, cols: 8 };

export function writeDiagnostics(book: XlsxWriter, run: ClvRun): void {
  const t = TEXT[run.args.lang];
  const model = transactionModel(run.transactions.model, run.transactions.params);
  const ws = new RowSheet(book, t.diagnostics);
  ws.columns = [{ width: 18 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const add = (values: RowValue[], style?: RowStyle) => ws.addRow(values, style);
  /** Column A as written, the others in `numFmt` (bold for a header); one style object per format. */
  const formatted = (numFmt: string, bold = false): RowStyle => {
    const style: Style = bold ? { ...BOLD, numFmt } : { numFmt };
    return (c) => (c === 0 ? (bold ? BOLD : undefined) : style);
  };
  const name = ws.name;

  const histogram = frequencyHistogram(run.prepared, model);
  const counts: RowStyle = (c) => (c === 1 ? WHOLE : c === 2 ? TENTHS : undefined);
  add([t.histogramTitle], BOLD);
  add(t.histogramHeader, BOLD);
  const histHeader = ws.lastRow;
  histogram.labels.forEach((label, k) => add([label, histogram.actual[k], histogram.expected[k]], counts));
  ws.addChart(
    chart(
      name,
      histHeader,
      histogram.labels,
      t.histogramChart,
      [
        series(name, t.histogramHeader[1], histHeader, 2, histogram.actual, "column", ACTUAL),
        series(name, t.histogramHeader[2], histHeader, 3, histogram.expected, "column", MODEL),
      ],
      { anchor: { row: 0, col: 5 }, size: CHART_SIZE },
      "#,##0",
    ),
  );

  const conditional = conditionalByFrequency(run.prepared, model);
  if (conditional) {
    add([]);
    add([t.conditionalTitle], BOLD);
    add(t.conditionalHeader, BOLD);
    const header = ws.lastRow;
    // A bin without customers has no mean: left blank, a gap in the lines.
    const mean = (v: number, k: number) => (conditional.customers[k] > 0 ? v : null);
    const actual = conditional.actual.map(mean);
    const predicted = conditional.predicted.map(mean);
    conditional.labels.forEach((label, k) =>
      add([label, conditional.customers[k], actual[k], predicted[k]], (c) => (c >= 2 ? TWO : undefined)),
    );
    ws.addChart(
      chart(
        name,
        header,
        conditional.labels,
        t.conditionalChart,
        [
          series(name, t.conditionalHeader[2], header, 3, actual, "line", ACTUAL),
          series(name, t.conditionalHeader[3], header, 4, predicted, "line", MODEL),
        ],
        { anchor: { row: 0, col: 5 + CHART_SIZE.cols + 1 }, size: CHART_SIZE },
        "0.0",
      ),
    );
  }

  const matrix = recencyFrequencyMatrix(run.prepared, model, run.horizon);
  for (const [title, values, numFmt] of [
    [t.aliveTitle(matrix.T), matrix.probAlive, "0.000"],
    [t.expectedTitle(matrix.T, matrix.horizon), matrix.expected, "0.00"],
  ] as const) {
    add([]);
    add([title], BOLD);
    add([t.corner, ...matrix.recency], formatted("0.0", true));
    const top = ws.lastRow + 1;
    const cells = formatted(numFmt);
    matrix.frequency.forEach((f, k) => add([f, ...values[k]], cells));
    // The cells x = 0, t_x > 0 (no such customer) are blank and take no colour.
    ws.addConditionalFormat({ ref: `B${top}:${columnLetter(1 + matrix.recency.length)}${ws.lastRow}`, type: "colorScale", ...HEAT });
  }
  ws.commit();
}

function series(
  sheet: string,
  title: string,
  header: number,
  col: number,
  values: (number | null)[],
  kind: ChartSeries["kind"],
  color: string,
): ChartSeries {
  return {
    name: title,
    nameRef: sheetRange(sheet, header, col, header, col),
    valuesRef: sheetRange(sheet, header + 1, col, header + values.length, col),
    values,
    kind,
    color,
  };
}

/** A chart over the rows below `header`, its categories the bin labels in column A. */
function chart(
  sheet: string,
  header: number,
  labels: string[],
  title: string,
  list: ChartSeries[],
  place: ChartPlace,
  numFmt: string,
): ChartPart & ChartPlace {
  return {
    title,
    categoriesRef: sheetRange(sheet, header + 1, 1, header + labels.length, 1),
    categories: labels,
    series: list,
    numFmt,
    ...place,
  };
}
