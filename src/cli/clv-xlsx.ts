/**
 * The `clv` workbook, written a row at a time with the direct package writer (./xlsx): a
 * parameters sheet (models, estimates, standard errors, log-likelihood, convergence, customers,
 * exclusions, assumptions), a customers sheet (the CSV's columns) as an Excel table and, with a
 * holdout, weekly tracking of repeat transactions, actual against predicted, with its line charts
 * (cumulative and weekly); the model sheets follow (clv-xlsx-models.ts, clv-xlsx-diagnostics.ts).
 */
import { serialFromDay } from "../core/ingest/dates";
import type { FitResult } from "../core/btyd";
import { EXCEL_LIMITS } from "../core/report/excel-limits";
import { CLI_NAME, csvColumns, customerRow, MODEL_TITLE, type ClvRun, type Tracking } from "./clv-run";
import type { ChartPart, ChartPlace, ChartSeries } from "./xlsx/charts";
import { XlsxWriter, type Style } from "./xlsx/package";
import { RowSheet, type RowStyle, type RowValue } from "./xlsx/row-sheet";
import { tableColumns, tableName } from "./xlsx/tables";
import { sheetRange } from "./xlsx/xml";
import { writeDiagnostics } from "./clv-xlsx-diagnostics";
import { intervalColumnTitles, writeModelSheets } from "./clv-xlsx-models";
import { CellGuard } from "./xlsx-cells";
import type { OutputLang } from "../core/types";

const TEXT = {
  en: {
    sheets: { params: "Parameters", customers: "Customers", tracking: "Tracking" },
    title: "Customer lifetime value model",
    units: { day: "day", week: "week", month: "month" },
    model: "Model",
    transactionModel: "Transaction model",
    spendModel: "Spend model",
    noSpend: (hasAmounts: boolean) => (hasAmounts ? "none (could not be used: see the warnings)" : "none (the input has no amount column)"),
    unit: "Time unit",
    unitValue: (u: string, days: number) => `${u} (${days} days)`,
    calibrationEnd: "Calibration end (inclusive)",
    holdoutEnd: "Holdout end (inclusive)",
    parameter: "Parameter",
    estimate: "Estimate",
    stdError: "Std. error",
    ll: "Log-likelihood",
    customers: "Customers fitted",
    converged: "Converged",
    yes: "yes",
    no: "NO — do not rely on these estimates",
    message: "Optimiser",
    excluded: {
      noRepeatPurchase: "Excluded: no repeat purchase",
      nonPositiveSpend: "Excluded: mean spend ≤ 0",
    } as Record<string, string>,
    data: "Data",
    rowsUsed: "Rows used",
    rowsRejected: "Rows left out (no customer, date or readable amount)",
    rowsMerged: "Same-day rows merged into one purchase",
    rowsAfterEnd: "Rows after the last day, ignored",
    firstAfter: "Customers first buying after the calibration end, left out",
    returnDays: "Days netting below zero: returns, not purchases",
    onlyReturns: "Customers with returns only, left out",
    assumptions: "Assumptions",
    horizon: "Horizon (months)",
    annualRate: "Annual discount rate",
    monthlyRate: "Monthly discount rate",
    margin: "Margin (share of revenue kept as profit)",
    notes: [
      "x = repeat purchase days in the calibration period (distinct purchase days − 1): purchases on the same day count once.",
      "t_x = time from the first to the last purchase, T = time from the first purchase to the calibration end, in the time unit.",
      "Mean spend = mean amount per repeat purchase day (the first purchase is left out), as Gamma-Gamma is fitted.",
      "Expected purchases: E[purchases over the horizon | x, t_x, T]; a month is 30.4375 days.",
      "CLV = margin × expected spend × Σ over months k of expected purchases in month k / (1 + monthly rate)^k.",
    ],
    holdout: "Holdout",
    holdoutActual: "Repeat purchases, actual",
    holdoutPredicted: "Repeat purchases, predicted (Σ conditional expectations)",
    columns: (unit: string, months: number): Record<string, string> => ({
      customer_id: "Customer",
      x: "x (repeat purchases)",
      t_x: `t_x (${unit}s)`,
      T: `T (${unit}s)`,
      mean_spend: "Mean repeat spend",
      x_holdout: "Holdout repeat purchases",
      p_alive: "P(alive)",
      expected_purchases: `Expected purchases (${months} months)`,
      expected_spend: "Expected spend per purchase",
      clv: "CLV",
    }),
    trackingTitle: "Repeat transactions by week: actual vs predicted",
    trackingChart: "Cumulative repeat purchases: actual vs predicted",
    trackingWeeklyChart: "Weekly repeat purchases: actual vs predicted",
    trackingNote:
      "Predicted = Σ over customers of E[X(t)], a new customer's expected repeat purchases in the time t from the customer's first purchase to the end of the week.",
    trackingHeader: ["Week", "Week ends", "Period", "Actual", "Predicted", "Cumulative actual", "Cumulative predicted"],
    calibration: "calibration",
    holdoutPeriod: "holdout",
    note: "Note",
    split: (rows: string, limit: string, sheets: number) =>
      `${rows} customers are more than a sheet holds (${limit} rows): they continue on ${sheets} customer sheets.`,
  },
  zh: {
    sheets: { params: "模型参数", customers: "客户", tracking: "校准与验证跟踪" },
    title: "客户终身价值模型",
    units: { day: "天", week: "周", month: "月" },
    model: "模型",
    transactionModel: "交易模型",
    spendModel: "消费额模型",
    noSpend: (hasAmounts: boolean) => (hasAmounts ? "无（无法使用：见警告）" : "无（输入没有金额列）"),
    unit: "时间单位",
    unitValue: (u: string, days: number) => `${u}（${days} 天）`,
    calibrationEnd: "校准期截止日（含）",
    holdoutEnd: "验证期截止日（含）",
    parameter: "参数",
    estimate: "估计值",
    stdError: "标准误",
    ll: "对数似然",
    customers: "拟合客户数",
    converged: "是否收敛",
    yes: "是",
    no: "否——请勿依赖这些估计值",
    message: "优化器",
    excluded: {
      noRepeatPurchase: "排除：无重复购买",
      nonPositiveSpend: "排除：平均消费额 ≤ 0",
    } as Record<string, string>,
    data: "数据",
    rowsUsed: "使用的行数",
    rowsRejected: "未使用的行数（缺客户、日期或可读金额）",
    rowsMerged: "同日合并为一次购买的行数",
    rowsAfterEnd: "晚于截止日而忽略的行数",
    firstAfter: "首次购买晚于校准期截止日而排除的客户数",
    returnDays: "当日净额为负的天数（视为退货，不算购买）",
    onlyReturns: "只有退货、没有购买而排除的客户数",
    assumptions: "假设",
    horizon: "预测期（月）",
    annualRate: "年贴现率",
    monthlyRate: "月贴现率",
    margin: "利润率（收入中留作利润的比例）",
    notes: [
      "x = 校准期内的重复购买天数（不同购买日数 − 1）：同一天的多次购买只计一次。",
      "t_x = 首次至末次购买的时间，T = 首次购买至校准期截止日的时间，均以时间单位计。",
      "平均消费额 = 每个重复购买日的平均金额（不含首次购买），与 Gamma-Gamma 模型的拟合一致。",
      "预期购买次数：E[预测期内购买次数 | x, t_x, T]；一个月按 30.4375 天计。",
      "客户终身价值 = 利润率 × 预期单次消费额 × Σ 第 k 月预期购买次数 / (1 + 月贴现率)^k。",
    ],
    holdout: "验证期",
    holdoutActual: "重复购买次数（实际）",
    holdoutPredicted: "重复购买次数（预测，条件期望之和）",
    columns: (unit: string, months: number): Record<string, string> => ({
      customer_id: "客户",
      x: "x（重复购买次数）",
      t_x: `t_x（${unit}）`,
      T: `T（${unit}）`,
      mean_spend: "平均重复消费额",
      x_holdout: "验证期重复购买次数",
      p_alive: "存活概率",
      expected_purchases: `预期购买次数（${months} 个月）`,
      expected_spend: "预期单次消费额",
      clv: "客户终身价值",
    }),
    trackingTitle: "每周重复交易次数：实际与预测",
    trackingChart: "累计重复购买次数：实际与预测",
    trackingWeeklyChart: "每周重复购买次数：实际与预测",
    trackingNote: "预测值 = 各客户 E[X(t)] 之和，即新客户在 t 时间内（自该客户首次购买至当周末）的预期重复购买次数。",
    trackingHeader: ["周", "周末日期", "期间", "实际", "预测", "累计实际", "累计预测"],
    calibration: "校准期",
    holdoutPeriod: "验证期",
    note: "说明",
    split: (rows: string, limit: string, sheets: number) =>
      `${rows} 位客户超出一个工作表的上限(${limit} 行),依次写在 ${sheets} 个客户表中。`,
  },
};

const PARAM_LABEL: Record<string, string> = { r: "r", alpha: "α", a: "a", b: "b", s: "s", beta: "β", p: "p", q: "q", gamma: "γ" };

const BOLD: Style = { font: { bold: true } };
const TITLE: Style = { font: { bold: true, size: 12 } };
const HEADER: Style = { font: { bold: true }, border: { bottom: { style: "thin" } } };
const WARN: Style = { font: { bold: true, color: { argb: "FFC00000" } } };
const NOTE: Style = { font: { italic: true, color: { argb: "FF616161" } } };

const COLUMN_FORMAT: Record<string, string | undefined> = {
  t_x: "0.00",
  T: "0.00",
  mean_spend: "#,##0.00",
  p_alive: "0.000",
  expected_purchases: "0.000",
  expected_spend: "#,##0.00",
  clv: "#,##0.00",
};

/** Writes the workbook to `path`; returns warnings (customers split over sheets, cells cut). */
export async function writeClvWorkbook(path: string, run: ClvRun): Promise<string[]> {
  const guard = new CellGuard();
  const book = new XlsxWriter(path, (sheet, row) => guard.cut(sheet, row));
  try {
    writeSheets(book, run);
    book.finish();
  } catch (error) {
    book.abandon();
    throw error;
  }
  return [...(customerSheets(run) > 1 ? [splitNote(TEXT.en, run)] : []), ...guard.warnings()];
}

/** Customers beyond a sheet's rows (below the header) continue on further sheets. */
function customerSheets(run: ClvRun): number {
  return Math.max(1, Math.ceil(run.prepared.id.length / (EXCEL_LIMITS.rows - 1)));
}

function splitNote(x: Text, run: ClvRun): string {
  return x.split(run.prepared.id.length.toLocaleString("en"), EXCEL_LIMITS.rows.toLocaleString("en"), customerSheets(run));
}

function writeSheets(book: XlsxWriter, run: ClvRun): void {
  const t = TEXT[run.args.lang];
  const perSheet = EXCEL_LIMITS.rows - 1;
  const n = run.prepared.id.length;
  const sheets = customerSheets(run);
  writeParameters(new RowSheet(book, t.sheets.params), run, t, sheets > 1 ? splitNote(t, run) : undefined);
  const tables = new Set<string>();
  for (let k = 0; k < sheets; k++) {
    const name = k === 0 ? t.sheets.customers : `${t.sheets.customers} (${k + 1})`;
    // Customer ids are mostly distinct: written in the cell, not in the shared-string table.
    const ws = new RowSheet(book, name, { freezeRows: 1, inlineStrings: true });
    writeCustomers(
      ws,
      run,
      t,
      k * perSheet,
      Math.min(n, (k + 1) * perSheet),
      tableName(k === 0 ? "CRM_CLV_Customers" : `CRM_CLV_Customers_${k + 1}`, tables),
    );
  }
  if (run.tracking) writeTracking(new RowSheet(book, t.sheets.tracking, { freezeRows: 3, fitToWidth: true }), run, t);
  writeModelSheets(book, run);
  writeDiagnostics(book, run);
}

type Text = (typeof TEXT)[OutputLang];

/** Rows go to the sheet's XML as they are added: none is kept in memory. */
function adder(ws: RowSheet) {
  return (values: RowValue[], style?: RowStyle) => ws.addRow(values, style);
}

function writeParameters(ws: RowSheet, run: ClvRun, t: Text, splitNote: string | undefined): void {
  ws.columns = [{ width: 52 }, { width: 18 }, { width: 14 }];
  const add = adder(ws);
  const { prepared: p, args } = run;
  const unit = t.units[args.unit];
  const date = (c: number) => (c === 1 ? { numFmt: "yyyy-mm-dd" } : undefined);

  add([t.title], TITLE);
  add([]);
  add([t.model], BOLD);
  add([t.transactionModel, MODEL_TITLE[CLI_NAME[run.transactions.model]]]);
  add([t.spendModel, run.spend ? MODEL_TITLE.gg : t.noSpend(run.hasAmounts)]);
  add([t.unit, t.unitValue(unit, p.daysPerUnit)]);
  add([t.calibrationEnd, serialFromDay(p.calibrationEnd)], date);
  if (p.holdoutEnd !== undefined) add([t.holdoutEnd, serialFromDay(p.holdoutEnd)], date);

  for (const f of [run.transactions, run.spend] as (FitResult | undefined)[]) {
    if (!f) continue;
    add([]);
    add([MODEL_TITLE[CLI_NAME[f.model]]], BOLD);
    add([t.parameter, t.estimate, t.stdError], HEADER);
    for (const [name, value] of Object.entries(f.params)) {
      const se = f.stdErrors[name];
      add([PARAM_LABEL[name] ?? name, value, Number.isFinite(se) ? se : null], (c) => (c > 0 ? { numFmt: "0.0000" } : undefined));
    }
    add([t.ll, f.logLikelihood], (c) => (c === 1 ? { numFmt: "0.0" } : undefined));
    add([t.customers, f.customers]);
    for (const [reason, count] of Object.entries(f.excluded)) add([t.excluded[reason] ?? reason, count]);
    add([t.converged, f.converged ? t.yes : t.no], f.converged ? undefined : WARN);
    add([t.message, message(f)], (c) => (c === 1 ? NOTE : undefined));
  }

  add([]);
  add([t.data], BOLD);
  add([t.rowsUsed, run.counts.used]);
  add([t.rowsRejected, run.counts.rejected]);
  add([t.rowsMerged, p.rowsMerged]);
  add([t.rowsAfterEnd, p.rowsAfterEnd]);
  add([t.firstAfter, p.excluded.firstAfterCalibration]);
  add([t.returnDays, p.returnDays]);
  add([t.onlyReturns, p.excluded.onlyReturns]);

  if (run.holdout) {
    add([]);
    add([t.holdout], BOLD);
    add([t.holdoutActual, run.holdout.actual]);
    add([t.holdoutPredicted, run.holdout.predicted], (c) => (c === 1 ? { numFmt: "#,##0.0" } : undefined));
  }

  add([]);
  add([t.assumptions], BOLD);
  add([t.horizon, args.horizonMonths]);
  add([t.annualRate, args.discountRate], (c) => (c === 1 ? { numFmt: "0.00%" } : undefined));
  add([t.monthlyRate, run.monthlyRate], (c) => (c === 1 ? { numFmt: "0.000%" } : undefined));
  add([t.margin, args.margin], (c) => (c === 1 ? { numFmt: "0%" } : undefined));
  for (const note of t.notes) add([note], NOTE);
  if (splitNote) add([t.note, splitNote], WARN);
  ws.commit();
}

function message(f: FitResult): string {
  return `${f.message} (${f.iterations} iterations)`;
}

/** Customers from..to − 1 (prepared order) below a header, as an Excel table named `table`. */
function writeCustomers(ws: RowSheet, run: ClvRun, t: Text, from: number, to: number, table: string): void {
  const keys = csvColumns(run);
  const base = t.columns(t.units[run.args.unit], run.args.horizonMonths);
  const names: Record<string, string> = { ...base, ...intervalColumnTitles(run, base) };
  // Room for the table's filter buttons.
  ws.columns = keys.map((k) => ({ width: Math.max(12, Math.min(32, names[k].length + 6)) }));
  const add = adder(ws);
  const header = tableColumns(keys.map((k) => names[k]));
  add(header, HEADER);
  const styles = keys.map((k) => {
    const format = COLUMN_FORMAT[k.replace(/_(low|high)$/, "")];
    return format ? { numFmt: format } : undefined;
  });
  for (let i = from; i < to; i++) add(customerRow(run, i), (c) => styles[c]);
  if (to > from) ws.addTable({ name: table, top: 1, left: 1, columns: header, rows: to - from });
  ws.commit();
}

function writeTracking(ws: RowSheet, run: ClvRun, t: Text): void {
  const { weekEnd, actual, predicted } = run.tracking as Tracking;
  ws.columns = [{ width: 8 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 12 }, { width: 16 }, { width: 18 }];
  const add = adder(ws);
  add([t.trackingTitle], TITLE);
  add([t.trackingNote], NOTE);
  add(t.trackingHeader, HEADER);
  const formats = [undefined, "yyyy-mm-dd", undefined, "0", "0.0", "0", "0.0"];
  weekEnd.forEach((end, k) => {
    const period = end <= run.prepared.calibrationEnd ? t.calibration : t.holdoutPeriod;
    const weekly = (cumulative: number[]) => cumulative[k] - (k > 0 ? cumulative[k - 1] : 0);
    add([k + 1, serialFromDay(end), period, weekly(actual), weekly(predicted), actual[k], predicted[k]], (c) =>
      formats[c] ? { numFmt: formats[c] } : undefined,
    );
  });
  if (weekEnd.length > 0) for (const chart of trackingCharts(ws.name, t, actual, predicted)) ws.addChart(chart);
  ws.commit();
}

/** Chart frames on the tracking sheet: right of the table, the weekly one below the cumulative one. */
const TRACKING_CHART = { rows: 20, cols: 10 };

/**
 * Repeat purchases by week, actual and predicted, as two lines over the tracking table (header in
 * row 3, weeks below it, week numbers in A): cumulative from columns F and G, placed right of the
 * table from the header row; weekly from D and E, below it.
 */
function trackingCharts(sheet: string, t: Text, actual: number[], predicted: number[]): (ChartPart & ChartPlace)[] {
  const header = 3;
  const last = header + actual.length;
  const column = (col: number) => sheetRange(sheet, header + 1, col, last, col);
  const line = (col: number, values: number[], color: string): ChartSeries => ({
    name: t.trackingHeader[col - 1],
    nameRef: sheetRange(sheet, header, col, header, col),
    valuesRef: column(col),
    values,
    kind: "line",
    color,
    markers: false,
  });
  const weekly = (cumulative: number[]) => cumulative.map((v, k) => v - (k > 0 ? cumulative[k - 1] : 0));
  const chart = (
    title: string,
    cols: [number, number],
    values: [number[], number[]],
    row: number,
    numFmt: string,
  ): ChartPart & ChartPlace => ({
    title,
    categoriesRef: column(1),
    categories: actual.map((_, k) => k + 1),
    series: [line(cols[0], values[0], "4472C4"), line(cols[1], values[1], "ED7D31")],
    numFmt,
    anchor: { row, col: 8 },
    size: TRACKING_CHART,
  });
  return [
    chart(t.trackingChart, [6, 7], [actual, predicted], header - 1, "#,##0"),
    chart(t.trackingWeeklyChart, [4, 5], [weekly(actual), weekly(predicted)], header - 1 + TRACKING_CHART.rows + 1, "#,##0"),
  ];
}
