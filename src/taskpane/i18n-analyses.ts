/** Strings of the Analyses tab (value/profitability matrix, lifecycle movement), used as `t.an` from i18n.ts. */
import type { Measure } from "../core/methods/measures";
import { CASCADE_EN, CASCADE_ZH } from "./analyses/i18n-cascade";
import { MIGRATION_EN, MIGRATION_ZH } from "./analyses/i18n-migration";

export type AnalysisKind = "matrix" | "lifecycle" | "cascade" | "migration";
export type MatrixScheme = "VALUE" | "PROFIT" | "SHAPIRO";
export type CutKind = "MEDIAN" | "MEAN" | "VALUE";

export const ANALYSES_EN = {
  stepNames: ["Analysis", "Data", "Columns", "Options"],
  pickHeading: "Choose an analysis",
  pickLabel: "Analysis",
  kinds: { matrix: "Value or profitability matrix", lifecycle: "Lifecycle movement", cascade: CASCADE_EN.kind, migration: "Migration and event CLV (Dwyer)" } as Record<AnalysisKind, string>,
  kindHints: {
    matrix: "A 2×2 of two customer measures, one sheet per quadrant and a scatter chart.",
    lifecycle: "Each customer's stage and W11/CN8 segment at two dates, the transition tables and a chart.",
    cascade: CASCADE_EN.hint,
    migration: "Value per recency state as live formulas over editable p_k, each customer's value, and an event NPV sheet.",
  } as Record<AnalysisKind, string>,
  optionsHeading: "Options",
  scheme: "Matrix",
  schemes: { VALUE: "Value matrix (§6.3)", PROFIT: "Profitability matrix (§11.3)", SHAPIRO: "Shapiro matrix (§11.3)" } as Record<MatrixScheme, string>,
  x: "Horizontal axis (x)",
  y: "Vertical axis (y)",
  measures: {
    MONETARY: "Sales", PROFIT: "Gross profit", FREQUENCY: "Purchases", RECENCY: "Recency (days)", AOV: "Average order value",
    TENURE: "Tenure (days)", TREND: "Growth trend", CLV: "Current value (CV)", LOYALTY: "Loyalty index",
  } as Record<Measure, string>,
  cut: (axis: string) => `Split ${axis} at`,
  cuts: { MEDIAN: "Median", MEAN: "Mean", VALUE: "A value" } as Record<CutKind, string>,
  cutValue: "Value",
  cutInvalid: "Enter a number.",
  needsCost: "Gross profit needs a cost or profit column (step Columns).",
  asOf: "As-of date",
  asOfHint: "YYYY-MM-DD; blank = the last date in the data.",
  compareTo: "Comparison date",
  compareToHint: "YYYY-MM-DD, before the as-of date.",
  dateInvalid: "Enter a date as YYYY-MM-DD.",
  compareBefore: "The comparison date must be before the as-of date.",
  run: "Run analysis",
  progressLabel: "Running the analysis",
  cancelled: "Cancelled: the workbook is as it was before the run.",
  failed: "The analysis failed",
  resultsHeading: "Results",
  resultsSummary: (customers: number, classified: number, rows: number) => `${customers.toLocaleString("en-US")} customers (${classified.toLocaleString("en-US")} classified) from ${rows.toLocaleString("en-US")} rows.`,
  classCol: "Class",
  countCol: "Customers",
  openSummary: "Open the summary and chart",
  rejected: (n: number) => `${n} rows could not be read and were left out.`,
  changeOptions: "Change options",
  another: "Another analysis",
  cascade: CASCADE_EN,
  mig: MIGRATION_EN,
};

export type AnalysesStrings = typeof ANALYSES_EN;

export const ANALYSES_ZH: AnalysesStrings = {
  stepNames: ["分析", "数据", "列", "选项"],
  pickHeading: "选择分析",
  pickLabel: "分析",
  kinds: { matrix: "价值矩阵或盈利矩阵", lifecycle: "生命周期迁移", cascade: CASCADE_ZH.kind, migration: "DWYER方法与顾客事件预测" },
  kindHints: {
    matrix: "按两个客户指标分成 2×2 四类，每个象限一张工作表，并绘制散点图。",
    lifecycle: "每位客户在两个日期的生命周期阶段和 W11/CN8 客群、迁移表和图表。",
    cascade: CASCADE_ZH.hint,
    migration: "以可编辑的 p_k 计算各最近购买状态的价值（实时公式）、每位客户的价值，以及事件净现值表。",
  },
  optionsHeading: "选项",
  scheme: "矩阵",
  schemes: { VALUE: "价值矩阵（§6.3）", PROFIT: "盈利矩阵（§11.3）", SHAPIRO: "Shapiro 矩阵（§11.3）" },
  x: "横轴（x）",
  y: "纵轴（y）",
  measures: {
    MONETARY: "消费金额", PROFIT: "毛利", FREQUENCY: "购买次数", RECENCY: "最近购买天数", AOV: "平均订单金额",
    TENURE: "客户关系天数", TREND: "增长趋势", CLV: "当前价值（CV）", LOYALTY: "忠诚度指数",
  },
  cut: (axis: string) => `${axis}的分界`,
  cuts: { MEDIAN: "中位数", MEAN: "平均值", VALUE: "指定数值" },
  cutValue: "数值",
  cutInvalid: "请输入数字。",
  needsCost: "毛利需要成本列或利润列（见“列”步骤）。",
  asOf: "截止日期",
  asOfHint: "YYYY-MM-DD；留空则为数据中的最后日期。",
  compareTo: "比较日期",
  compareToHint: "YYYY-MM-DD，早于截止日期。",
  dateInvalid: "请按 YYYY-MM-DD 输入日期。",
  compareBefore: "比较日期必须早于截止日期。",
  run: "运行分析",
  progressLabel: "正在分析",
  cancelled: "已取消：工作簿保持运行前的样子。",
  failed: "分析失败",
  resultsHeading: "结果",
  resultsSummary: (customers: number, classified: number, rows: number) => `共 ${customers.toLocaleString("zh-CN")} 位客户（已分类 ${classified.toLocaleString("zh-CN")} 位），来自 ${rows.toLocaleString("zh-CN")} 行。`,
  classCol: "类别",
  countCol: "客户数",
  openSummary: "打开汇总和图表",
  rejected: (n: number) => `有 ${n} 行无法读取，已略过。`,
  changeOptions: "修改选项",
  another: "其他分析",
  cascade: CASCADE_ZH,
  mig: MIGRATION_ZH,
};
