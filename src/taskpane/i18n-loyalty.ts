/** Strings of the loyalty index builder's options (Analyses tab), by pane language. */
import type { UiLang } from "./i18n";

const EN = {
  indicators: "Indicators (2–9)",
  indicatorsHint: "Per customer: measures from the transactions, or means of numeric source columns (survey scores, share of wallet …).",
  derived: "From the transactions",
  columns: "Source columns (mean per customer)",
  noColumns: "No other numeric columns in the source.",
  countProblem: (n: number) => `Pick 2 to 9 indicators (${n} picked).`,
  direction: (name: string) => `Direction of ${name}`,
  higher: "Higher is better",
  lower: "Lower is better",
  matrix: "Pairwise comparisons (AHP)",
  matrixHint:
    "Type how much more important the row is than the column: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme; 1/3 … 1/9 for less. The lower half fills in.",
  cellLabel: (a: string, b: string) => `Importance of ${a} over ${b}`,
  invalidCell: "Use 1–9 or a reciprocal such as 1/3.",
  invalidCount: (n: number) => `${n} comparison${n === 1 ? " is" : "s are"} not on Saaty's 1–9 scale.`,
  legend: "Indicators",
  weight: "Weight",
  consistent: "Consistent (CR < 0.10)",
  inconsistentTitle: "Inconsistent judgements (CR ≥ 0.10)",
  inconsistent: (a: string, b: string, given: string, implied: string) =>
    `Most at odds: ${a} over ${b} is ${given}; the other judgements imply about ${implied}. You can still run; the weights sheet records CR and Consistent = FALSE.`,
  attitude: "Relative preference column (optional)",
  attitudeHint: "A 1–5 survey score: adds the loyalty type (§9.2) from it and the F score.",
  none: "None",
  resultsAhp: (lambda: string, ci: string, cr: string) => `λmax ${lambda} · CI ${ci} · CR ${cr}`,
  openWeights: "Open the weights sheet",
};

export type LoyaltyStrings = typeof EN;

const ZH: LoyaltyStrings = {
  indicators: "指标（2–9 个）",
  indicatorsHint: "按客户计算：来自交易的指标，或源数据中数值列的客户均值（满意度、钱包份额等）。",
  derived: "来自交易",
  columns: "源数据列（客户均值）",
  noColumns: "源数据中没有其他数值列。",
  countProblem: (n: number) => `请选择 2 到 9 个指标（已选 ${n} 个）。`,
  direction: (name: string) => `${name}的方向`,
  higher: "越高越好",
  lower: "越低越好",
  matrix: "两两比较（层次分析法）",
  matrixHint:
    "输入行指标比列指标重要多少：1 同等，3 稍重要，5 明显重要，7 强烈重要，9 极端重要；不如则填 1/3 … 1/9。下半部分自动填入倒数。",
  cellLabel: (a: string, b: string) => `${a}相对于${b}的重要性`,
  invalidCell: "请输入 1–9 或倒数，如 1/3。",
  invalidCount: (n: number) => `有 ${n} 个比较值不在 1–9 标度内。`,
  legend: "指标",
  weight: "权重",
  consistent: "通过一致性检验（CR < 0.10）",
  inconsistentTitle: "判断不一致（CR ≥ 0.10）",
  inconsistent: (a: string, b: string, given: string, implied: string) =>
    `最不一致的是${a}相对于${b}：填的是 ${given}，其他判断推出约为 ${implied}。仍可运行；权重表会记录 CR，一致性为 FALSE。`,
  attitude: "相对偏好列（可选）",
  attitudeHint: "1–5 分的调查得分：据此和 F 评分加上忠诚度类型（§9.2）。",
  none: "无",
  resultsAhp: (lambda: string, ci: string, cr: string) => `λmax ${lambda} · CI ${ci} · CR ${cr}`,
  openWeights: "打开权重表",
};

export const LOYALTY_STRINGS: Record<UiLang, LoyaltyStrings> = {
  en: EN,
  zh: ZH,
};
