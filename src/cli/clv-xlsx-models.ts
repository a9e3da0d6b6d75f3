/**
 * The `clv` workbook's model-choice sheet, written with --model auto: Models (every transaction
 * model's fit, AIC, BIC, holdout errors and the recommendation). Diagnostics: clv-xlsx-diagnostics.ts.
 */
import { CLI_NAME, MODEL_TITLE, type ClvRun } from "./clv-run";
import type { XlsxWriter } from "./xlsx/package";
import { RowSheet, type RowValue } from "./xlsx/row-sheet";

const TEXT = {
  en: {
    models: "Models",
    comparisonTitle: "Transaction models compared",
    rule: "Rule: candidates are the fits that converged, have standard errors and are not boundary solutions; with a holdout the one with the smallest per-customer error of holdout purchases (ties within 1 %: lowest BIC), without one the lowest BIC.",
    header: [
      "Model",
      "Parameters",
      "Log-likelihood",
      "AIC",
      "BIC",
      "Converged",
      "Holdout actual",
      "Holdout predicted",
      "Total error",
      "MAE of x*",
      "Weekly tracking MAE",
      "Problem",
    ],
    recommended: "Recommended",
    reason: "Why",
    yes: "yes",
    no: "no",
    intervals: (level: number) => ({ low: `low (${Math.round(level * 100)} %)`, high: `high (${Math.round(level * 100)} %)` }),
  },
  zh: {
    models: "模型比较",
    comparisonTitle: "交易模型比较",
    rule: "规则：候选为已收敛、有标准误且非边界解的拟合；有验证期时取每客户验证期购买次数误差最小者（相差 1 % 以内视为并列，取 BIC 最低者），无验证期时取 BIC 最低者。",
    header: [
      "模型",
      "参数个数",
      "对数似然",
      "AIC",
      "BIC",
      "是否收敛",
      "验证期实际",
      "验证期预测",
      "总误差",
      "x* 平均绝对误差",
      "每周跟踪平均绝对误差",
      "问题",
    ],
    recommended: "推荐模型",
    reason: "理由",
    yes: "是",
    no: "否",
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
  const add = adder(models);
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
}
