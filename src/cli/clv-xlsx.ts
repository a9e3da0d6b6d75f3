/**
 * The `clv` workbook, written with ExcelJS's streaming writer (a customer row at a time): a
 * parameters sheet (models, estimates, standard errors, log-likelihood, convergence, customers,
 * exclusions, assumptions), a customers sheet (the CSV's columns) and, with a holdout, weekly
 * tracking of repeat transactions, actual against predicted.
 */
import ExcelJS from "exceljs";
import { createWriteStream, openSync } from "fs";
import { serialFromDay } from "../core/dates";
import type { FitResult } from "../core/btyd";
import { EXCEL_LIMITS } from "../core/excel-limits";
import { CLI_NAME, csvColumns, customerRow, MODEL_TITLE, type ClvRun, type Tracking } from "./clv";
import { intervalColumnTitles, writeModelSheets } from "./clv-xlsx-models";
import { CellGuard } from "./xlsx-cells";

type Lang = "zh" | "en";

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
    trackingNote:
      "Predicted = Σ over customers of E[X(t)], a new customer's expected repeat purchases in the time t from the customer's first purchase to the end of the week.",
    trackingHeader: ["Week", "Week ends", "Period", "Actual", "Predicted", "Cumulative actual", "Cumulative predicted"],
    calibration: "calibration",
    holdoutPeriod: "holdout",
    note: "Note",
    split: (rows: string, limit: string, sheets: number) => `${rows} customers are more than a sheet holds (${limit} rows): they continue on ${sheets} customer sheets.`,
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
    trackingNote: "预测值 = 各客户 E[X(t)] 之和，即新客户在 t 时间内（自该客户首次购买至当周末）的预期重复购买次数。",
    trackingHeader: ["周", "周末日期", "期间", "实际", "预测", "累计实际", "累计预测"],
    calibration: "校准期",
    holdoutPeriod: "验证期",
    note: "说明",
    split: (rows: string, limit: string, sheets: number) => `${rows} 位客户超出一个工作表的上限(${limit} 行),依次写在 ${sheets} 个客户表中。`,
  },
};

const PARAM_LABEL: Record<string, string> = { r: "r", alpha: "α", a: "a", b: "b", s: "s", beta: "β", p: "p", q: "q", gamma: "γ" };

const BOLD: Partial<ExcelJS.Style> = { font: { bold: true } };
const TITLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 12 } };
const HEADER: Partial<ExcelJS.Style> = { font: { bold: true }, border: { bottom: { style: "thin" } } };
const WARN: Partial<ExcelJS.Style> = { font: { bold: true, color: { argb: "FFC00000" } } };
const NOTE: Partial<ExcelJS.Style> = { font: { italic: true, color: { argb: "FF616161" } } };

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
  // Opened synchronously so a bad path fails here with its error code, not later in the stream.
  const stream = createWriteStream("", { fd: openSync(path, "w") });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } });
  const t = TEXT[run.args.lang];
  const guard = new CellGuard();
  // Customers beyond a sheet's rows (below the header) continue on further sheets.
  const perSheet = EXCEL_LIMITS.rows - 1;
  const n = run.prepared.id.length;
  const sheets = Math.max(1, Math.ceil(n / perSheet));
  const split = (x: Text) => x.split(n.toLocaleString("en"), EXCEL_LIMITS.rows.toLocaleString("en"), sheets);
  writeParameters(wb.addWorksheet(t.sheets.params), run, t, guard, sheets > 1 ? split(t) : undefined);
  for (let k = 0; k < sheets; k++) {
    const name = k === 0 ? t.sheets.customers : `${t.sheets.customers} (${k + 1})`;
    writeCustomers(wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] }), run, t, guard, k * perSheet, Math.min(n, (k + 1) * perSheet));
  }
  if (run.tracking) writeTracking(wb.addWorksheet(t.sheets.tracking, { views: [{ state: "frozen", ySplit: 3 }] }), run, t, guard);
  writeModelSheets(wb, run, guard);
  await wb.commit();
  return [...(sheets > 1 ? [split(TEXT.en)] : []), ...guard.warnings()];
}

type Text = (typeof TEXT)[Lang];
type Value = string | number | null;

/** Rows are committed as they are added: the streaming writer keeps none in memory. */
function adder(ws: ExcelJS.Worksheet, guard: CellGuard) {
  return (values: Value[], style?: Partial<ExcelJS.Style> | ((col: number) => Partial<ExcelJS.Style> | undefined)) => {
    const row = ws.addRow([]);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = guard.value(v, cell);
    });
    if (style) {
      values.forEach((_, c) => {
        const s = typeof style === "function" ? style(c) : style;
        if (s) row.getCell(c + 1).style = s;
      });
    }
    row.commit();
  };
}

function writeParameters(ws: ExcelJS.Worksheet, run: ClvRun, t: Text, guard: CellGuard, splitNote: string | undefined): void {
  ws.columns = [{ width: 52 }, { width: 18 }, { width: 14 }];
  const add = adder(ws, guard);
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

/** Customers from..to − 1 (prepared order) below a header. */
function writeCustomers(ws: ExcelJS.Worksheet, run: ClvRun, t: Text, guard: CellGuard, from: number, to: number): void {
  const keys = csvColumns(run);
  const base = t.columns(t.units[run.args.unit], run.args.horizonMonths);
  const names = { ...base, ...intervalColumnTitles(run, base) };
  ws.columns = keys.map((k) => ({ width: Math.max(10, Math.min(30, names[k].length + 4)) }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: to - from + 1, column: keys.length } };
  const add = adder(ws, guard);
  add(keys.map((k) => names[k]), HEADER);
  const styles = keys.map((k) => {
    const format = COLUMN_FORMAT[k.replace(/_(low|high)$/, "")];
    return format ? { numFmt: format } : undefined;
  });
  for (let i = from; i < to; i++) add(customerRow(run, i), (c) => styles[c]);
  ws.commit();
}

function writeTracking(ws: ExcelJS.Worksheet, run: ClvRun, t: Text, guard: CellGuard): void {
  const { weekEnd, actual, predicted } = run.tracking as Tracking;
  ws.columns = [{ width: 8 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 12 }, { width: 16 }, { width: 18 }];
  const add = adder(ws, guard);
  add([t.trackingTitle], TITLE);
  add([t.trackingNote], NOTE);
  add(t.trackingHeader, HEADER);
  const formats = [undefined, "yyyy-mm-dd", undefined, "0", "0.0", "0", "0.0"];
  weekEnd.forEach((end, k) => {
    const period = end <= run.prepared.calibrationEnd ? t.calibration : t.holdoutPeriod;
    const weekly = (cumulative: number[]) => cumulative[k] - (k > 0 ? cumulative[k - 1] : 0);
    add([k + 1, serialFromDay(end), period, weekly(actual), weekly(predicted), actual[k], predicted[k]], (c) => (formats[c] ? { numFmt: formats[c] } : undefined));
  });
  ws.commit();
}
