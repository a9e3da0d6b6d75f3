/**
 * The `clv` workbook's model-choice sheets, written with --model auto: Models (every transaction
 * model's fit, AIC, BIC, holdout errors and the recommendation) and Diagnostics (the data tables of
 * the model checks in core diagnostics.ts, laid out one block under another so they can be charted).
 */
import { conditionalByFrequency, frequencyHistogram, recencyFrequencyMatrix, transactionModel } from "../core/btyd";
import { CLI_NAME, MODEL_TITLE, type ClvRun } from "./clv";
import type { XlsxWriter } from "./xlsx/package";
import { RowSheet, type RowValue } from "./xlsx/row-sheet";

const TEXT = {
  en: {
    models: "Models",
    diagnostics: "Diagnostics",
    comparisonTitle: "Transaction models compared",
    rule:
      "Rule: candidates are the fits that converged, have standard errors and are not boundary solutions; with a holdout the one with the smallest per-customer error of holdout purchases (ties within 1 %: lowest BIC), without one the lowest BIC.",
    header: ["Model", "Parameters", "Log-likelihood", "AIC", "BIC", "Converged", "Holdout actual", "Holdout predicted", "Total error", "MAE of x*", "Weekly tracking MAE", "Problem"],
    recommended: "Recommended",
    reason: "Why",
    yes: "yes",
    no: "no",
    histogramTitle: "Calibration repeat purchases: customers by x, actual vs model",
    histogramHeader: ["Repeat purchases", "Actual", "Model"],
    conditionalTitle: "Holdout purchases by calibration frequency: mean actual vs predicted",
    conditionalHeader: ["Repeat purchases", "Customers", "Actual", "Predicted"],
    aliveTitle: (T: number) => `P(alive) by frequency (rows) and recency (columns), at T = ${T.toFixed(2)}`,
    expectedTitle: (T: number, h: number) => `Expected purchases over the next ${h.toFixed(2)} units by frequency and recency, at T = ${T.toFixed(2)}`,
    corner: "x \\ t_x",
    intervals: (level: number) => ({ low: `low (${Math.round(level * 100)} %)`, high: `high (${Math.round(level * 100)} %)` }),
  },
  zh: {
    models: "模型比较",
    diagnostics: "诊断",
    comparisonTitle: "交易模型比较",
    rule: "规则：候选为已收敛、有标准误且非边界解的拟合；有验证期时取每客户验证期购买次数误差最小者（相差 1 % 以内视为并列，取 BIC 最低者），无验证期时取 BIC 最低者。",
    header: ["模型", "参数个数", "对数似然", "AIC", "BIC", "是否收敛", "验证期实际", "验证期预测", "总误差", "x* 平均绝对误差", "每周跟踪平均绝对误差", "问题"],
    recommended: "推荐模型",
    reason: "理由",
    yes: "是",
    no: "否",
    histogramTitle: "校准期重复购买次数：各 x 的客户数，实际与模型",
    histogramHeader: ["重复购买次数", "实际", "模型"],
    conditionalTitle: "按校准期购买频次的验证期购买次数：平均实际与预测",
    conditionalHeader: ["重复购买次数", "客户数", "实际", "预测"],
    aliveTitle: (T: number) => `存活概率：频次（行）× 最近购买时间（列），T = ${T.toFixed(2)}`,
    expectedTitle: (T: number, h: number) => `未来 ${h.toFixed(2)} 个时间单位的预期购买次数：频次 × 最近购买时间，T = ${T.toFixed(2)}`,
    corner: "x \\ t_x",
    intervals: (level: number) => ({ low: `下限（${Math.round(level * 100)} %）`, high: `上限（${Math.round(level * 100)} %）` }),
  },
};

const BOLD = { font: { bold: true } };

/** Rows added one by one (the writer blanks what is not finite and cuts what is too long). */
function adder(ws: RowSheet) {
  return (values: RowValue[], bold = false) => ws.addRow(values, bold ? BOLD : undefined);
}

/** Titles of the interval columns of the customers sheet (`<column>_low`, `<column>_high`), after the columns' own. */
export function intervalColumnTitles(run: ClvRun, titles: Record<string, string>): Record<string, string> {
  if (!run.intervals) return {};
  const t = TEXT[run.args.lang].intervals(run.intervals.level);
  const out: Record<string, string> = {};
  for (const key of ["p_alive", "expected_purchases", "expected_spend", "clv"]) {
    out[`${key}_low`] = `${titles[key] ?? key} ${t.low}`;
    out[`${key}_high`] = `${titles[key] ?? key} ${t.high}`;
  }
  return out;
}

export function writeModelSheets(book: XlsxWriter, run: ClvRun): void {
  const comparison = run.comparison;
  if (!comparison) return;
  const t = TEXT[run.args.lang];
  const models = new RowSheet(book, t.models);
  models.columns = [{ width: 14 }, ...t.header.slice(1).map(() => ({ width: 16 }))];
  let add = adder(models);
  add([t.comparisonTitle], true);
  add([t.rule]);
  add(t.header, true);
  for (const s of comparison.scores) {
    const h = s.holdout;
    add([
      MODEL_TITLE[CLI_NAME[s.model]],
      s.parameters,
      s.logLikelihood,
      s.aic,
      s.bic,
      s.fit.converged ? t.yes : t.no,
      h?.actual ?? null,
      h?.predicted ?? null,
      h?.totalError ?? null,
      h?.meanAbsoluteError ?? null,
      h?.weeklyTrackingError ?? null,
      s.problem ?? "",
    ]);
  }
  add([]);
  add([t.recommended, MODEL_TITLE[CLI_NAME[comparison.recommended]]], true);
  add([t.reason, comparison.reason]);
  models.commit();

  const model = transactionModel(run.transactions.model, run.transactions.params);
  const ws = new RowSheet(book, t.diagnostics);
  ws.columns = [{ width: 18 }, { width: 12 }, { width: 12 }, { width: 12 }];
  add = adder(ws);
  const histogram = frequencyHistogram(run.prepared, model);
  add([t.histogramTitle], true);
  add(t.histogramHeader, true);
  histogram.labels.forEach((label, k) => add([label, histogram.actual[k], histogram.expected[k]]));
  const conditional = conditionalByFrequency(run.prepared, model);
  if (conditional) {
    add([]);
    add([t.conditionalTitle], true);
    add(t.conditionalHeader, true);
    conditional.labels.forEach((label, k) => add([label, conditional.customers[k], conditional.actual[k], conditional.predicted[k]]));
  }
  const matrix = recencyFrequencyMatrix(run.prepared, model, run.horizon);
  for (const [title, values] of [
    [t.aliveTitle(matrix.T), matrix.probAlive],
    [t.expectedTitle(matrix.T, matrix.horizon), matrix.expected],
  ] as const) {
    add([]);
    add([title], true);
    add([t.corner, ...matrix.recency], true);
    matrix.frequency.forEach((f, k) => add([f, ...values[k]]));
  }
  ws.commit();
}
