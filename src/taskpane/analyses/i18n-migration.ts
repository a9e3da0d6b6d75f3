/** Strings of the migration and event CLV analysis (MigrationOptions.tsx), used as `t.an.mig`. */

export type MigrationPeriod = "MONTH" | "QUARTER" | "YEAR";

export const MIGRATION_EN = {
  period: "Period length",
  periods: { MONTH: "Month", QUARTER: "Quarter", YEAR: "Year" } as Record<MigrationPeriod, string>,
  probsSource: "Purchase probability p_k by recency state",
  probsSources: { estimate: "Estimate from the data", typed: "Type them" },
  states: "Recency states (K)",
  statesHint: "State k = k periods since the last purchase; after K the customer is lost.",
  probs: "p_1, p_2, … (0 to 1)",
  probsHint: "Comma-separated, e.g. 0.30, 0.20, 0.15, 0.05.",
  marginSource: "Margin per purchase period",
  marginSources: { data: "Mean spend × margin %", typed: "An amount" },
  marginPct: "Margin (% of spend)",
  margin: "Margin per purchase period",
  contactCost: "Contact cost per period",
  rate: "Discount rate per period (%)",
  horizon: "Horizon (periods)",
  horizonHint: "Blank = infinite.",
  statesInvalid: "Enter a whole number from 1 to 8.",
  probsInvalid: "Enter numbers from 0 to 1, separated by commas.",
  numberInvalid: "Enter a number.",
  rateInvalid: "Enter a rate above −100 %.",
  horizonInvalid: "Enter a whole number of periods, or leave it blank.",
  openModel: "Open the migration model",
  openEvents: "Open the event CLV sheet",
  valuesNote: "Values per recency state as run; the sheet recalculates them when you edit p_k or the assumptions.",
};

export type MigrationStrings = typeof MIGRATION_EN;

export const MIGRATION_ZH: MigrationStrings = {
  period: "每期长度",
  periods: { MONTH: "月", QUARTER: "季度", YEAR: "年" },
  probsSource: "各最近购买状态的购买概率 p_k",
  probsSources: { estimate: "由数据估计", typed: "手动输入" },
  states: "最近购买状态数（K）",
  statesHint: "状态 k = 距上次购买 k 期；超过 K 期即视为流失。",
  probs: "p_1, p_2, …（0 到 1）",
  probsHint: "用逗号分隔，例如 0.30, 0.20, 0.15, 0.05。",
  marginSource: "每次购买期的毛利",
  marginSources: { data: "平均消费额 × 毛利率", typed: "指定金额" },
  marginPct: "毛利率（占消费额 %）",
  margin: "每次购买期的毛利",
  contactCost: "每期联系成本",
  rate: "每期贴现率（%）",
  horizon: "预测期数",
  horizonHint: "留空 = 无限。",
  statesInvalid: "请输入 1 到 8 的整数。",
  probsInvalid: "请输入 0 到 1 之间的数字，用逗号分隔。",
  numberInvalid: "请输入数字。",
  rateInvalid: "请输入大于 −100% 的贴现率。",
  horizonInvalid: "请输入整数期数，或留空。",
  openModel: "打开迁移模型",
  openEvents: "打开事件预测表",
  valuesNote: "以下为运行时各状态的价值；修改 p_k 或假设后，工作表会自动重算。",
};
