/** Strings of the CLV tab's model comparison, calibration advice and intervals, used as `t.clv` from i18n.ts. */
import type { CalibrationWarning } from "../core/btyd";
import type { ClvComparisonReport, ClvModelProblem } from "../excel/types";

const pctEn = (x: number) => `${Math.round(x * 1000) / 10} %`;

export const CLV_EN = {
  intervals: "Add prediction intervals to the model sheet",
  intervalsHint: "Low and high values of P(alive), expected purchases and CLV per customer, as values computed at fit time.",
  level: "Interval level (%)",
  levelError: "Enter a level between 50 and 99.9.",
  adviceHeading: "Calibration period",
  advice: (first: string, last: string, end: string) =>
    `The data run from ${first} to ${last}. Suggested: calibration to ${end}, holdout to ${last}: two thirds to fit, the last third held back to check the model. To forecast, fit again with the calibration end at ${last}.`,
  useAdvice: "Use these dates",
  shortHoldout: (holdoutDays: number, calibrationDays: number) =>
    `The holdout (${holdoutDays} days) is shorter than a quarter of the calibration period (${calibrationDays} days): its check of the model says little. End the calibration earlier.`,
  fewRepeaters: (repeaters: number, customers: number) =>
    `Only ${repeaters.toLocaleString("en-US")} of ${customers.toLocaleString("en-US")} customers (${pctEn(repeaters / customers)}) bought again by the calibration end: dropout is barely identified. A later calibration end gives the models more repeat purchases.`,
  compareHeading: "Transaction models compared",
  compareIntro: "All four models fitted to the same customers; lower AIC, BIC and holdout error are better. The model sheet uses BG/NBD.",
  colModel: "Model",
  colLogLik: "Log-lik.",
  colMae: "Holdout MAE",
  recommendedTag: "recommended",
  recommended: (title: string) => `Recommended: ${title}`,
  basis: {
    holdout: (mae: string) => `It has the smallest per-customer error of holdout purchases (MAE ${mae}).`,
    holdoutTie: (mae: string) =>
      `Its per-customer error of holdout purchases (MAE ${mae}) is within 1 % of the smallest, a tie; of the tied models it has the lowest BIC.`,
    bic: (bic: string) =>
      `Without a holdout, it has the lowest BIC (${bic}). Give a holdout end date to check the models against held-back data.`,
    fallback: () => "No model fitted cleanly, so the simplest one, NBD (no dropout), is used.",
  } as Record<ClvComparisonReport["basis"], (figure: string) => string>,
  problems: {
    noDropout: (title: string) => `No dropout detected: ${title} reduces to NBD (a boundary solution, not a failure).`,
    boundary: (title: string) => `${title}: boundary solution (a parameter ran to 0 or infinity).`,
    notConverged: (title: string) => `${title} did not converge.`,
    noStdErrors: (title: string) => `${title}: no standard errors (flat likelihood).`,
  } as Record<ClvModelProblem, (title: string) => string>,
  sheetModelNote: (title: string) =>
    `The model sheet is built with BG/NBD; to use ${title}, fit it with CRM.BTYDFIT or the command line (--model auto).`,
  intervalsHeading: "Prediction intervals",
  totalExpected: (months: number) => `Total expected purchases, next ${months} months`,
  totalRange: (level: number) => `${pctEn(level)} interval`,
  intervalNote: (level: number, draws: number) =>
    `${pctEn(level)} intervals from ${draws.toLocaleString("en-US")} draws of the fitted parameters (their estimated uncertainty, seeded); per-customer low and high values are in the model sheet, columns N to S.`,
  noIntervals: "No intervals: the BG/NBD fit has no standard errors.",
};

export type ClvStrings = typeof CLV_EN;

export const CLV_ZH: ClvStrings = {
  intervals: "在模型工作表中加入预测区间",
  intervalsHint: "每位客户存活概率、预期购买次数和客户终身价值的下限与上限，为拟合时计算的数值。",
  level: "区间水平（%）",
  levelError: "请输入 50 到 99.9 之间的水平。",
  adviceHeading: "校准期",
  advice: (first, last, end) =>
    `数据从 ${first} 到 ${last}。建议：校准期截至 ${end}，验证期截至 ${last}：前三分之二用于拟合，最后三分之一留作检验模型。如需预测未来，请以 ${last} 为校准期截止日期重新拟合。`,
  useAdvice: "使用这些日期",
  shortHoldout: (holdoutDays, calibrationDays) =>
    `验证期（${holdoutDays} 天）短于校准期（${calibrationDays} 天）的四分之一：对模型的检验意义不大。请把校准期截止日期提前。`,
  fewRepeaters: (repeaters, customers) =>
    `截至校准期末，${customers.toLocaleString("zh-CN")} 位客户中只有 ${repeaters.toLocaleString("zh-CN")} 位（${pctEn(repeaters / customers)}）再次购买：流失过程难以识别。较晚的校准期截止日期能给模型更多重复购买。`,
  compareHeading: "交易模型比较",
  compareIntro: "四个模型拟合同一批客户；AIC、BIC 与验证期误差越低越好。模型工作表使用 BG/NBD。",
  colModel: "模型",
  colLogLik: "对数似然",
  colMae: "验证期 MAE",
  recommendedTag: "推荐",
  recommended: (title) => `推荐模型：${title}`,
  basis: {
    holdout: (mae) => `理由：每客户验证期购买次数误差最小（MAE ${mae}）。`,
    holdoutTie: (mae) => `理由：每客户验证期购买次数误差（MAE ${mae}）与最小者相差不到 1 %，视为并列；并列模型中它的 BIC 最低。`,
    bic: (bic) => `理由：没有验证期，取 BIC 最低者（${bic}）。填写验证期截止日期即可用留出的数据检验各模型。`,
    fallback: () => "理由：没有模型顺利拟合，因此使用最简单的 NBD（无流失）模型。",
  },
  problems: {
    noDropout: (title) => `未检测到流失：${title} 退化为 NBD（边界解，并非失败）。`,
    boundary: (title) => `${title}：边界解（某参数趋于 0 或无穷大）。`,
    notConverged: (title) => `${title} 未收敛。`,
    noStdErrors: (title) => `${title}：无标准误（似然函数平坦）。`,
  },
  sheetModelNote: (title) => `模型工作表按 BG/NBD 建立；如需使用 ${title}，请用 CRM.BTYDFIT 或命令行（--model auto）拟合。`,
  intervalsHeading: "预测区间",
  totalExpected: (months) => `未来 ${months} 个月预期购买总次数`,
  totalRange: (level) => `${pctEn(level)} 区间`,
  intervalNote: (level, draws) =>
    `${pctEn(level)} 区间由拟合参数的 ${draws.toLocaleString("zh-CN")} 次抽样得到（按参数估计的不确定性，固定随机种子）；每位客户的下限与上限见模型工作表 N 至 S 列。`,
  noIntervals: "没有区间：BG/NBD 拟合没有标准误。",
};

/** A calibration warning in words. */
export function calibrationWarningText(t: ClvStrings, w: CalibrationWarning): string {
  return w.kind === "shortHoldout" ? t.shortHoldout(w.holdoutDays, w.calibrationDays) : t.fewRepeaters(w.repeaters, w.customers);
}
