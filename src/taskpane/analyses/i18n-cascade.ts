/** Strings of the profitability cascade analysis (§11) and the segment-migration link, used as `t.an.cascade`. */
export type CtsMode = "NONE" | "COLUMN" | "ORDERS" | "LINES" | "REVENUE";

export const CASCADE_EN = {
  kind: "Profitability cascade",
  hint: "Revenue → net sales → gross profit → net profit per customer, the whale curve and the profitability matrix.",
  discount: "Discount column",
  discountHint: "Discount of each row; blank = none (gross sales = net sales).",
  none: "None",
  cts: "Cost to serve",
  ctsModes: {
    NONE: "None (no net profit, no matrix)",
    COLUMN: "A column of the data",
    ORDERS: "Allocate a total by orders",
    LINES: "Allocate a total by lines",
    REVENUE: "Allocate a total by revenue",
  } as Record<CtsMode, string>,
  ctsColumn: "Cost-to-serve column",
  ctsTotal: "Total cost to serve to allocate",
  ctsTotalInvalid: "Enter an amount ≥ 0.",
  pickColumn: "Choose a column.",
  scheme: "Profitability matrix",
  schemes: { PROFIT: "NSV × cost to serve", SHAPIRO: "Net price × cost to serve (Shapiro)" },
  migration: "Open the segment migration (W11, CN8)",
};

export type CascadeStrings = typeof CASCADE_EN;

export const CASCADE_ZH: CascadeStrings = {
  kind: "客户盈利能力分析",
  hint: "每位客户从销售额、销售净值、毛利到净利润的逐级计算，以及鲸鱼曲线和盈利矩阵。",
  discount: "折扣列",
  discountHint: "每行的折扣；不选则没有折扣（销售总价值 = 销售净价值）。",
  none: "无",
  cts: "服务成本",
  ctsModes: {
    NONE: "无（不计算净利润和盈利矩阵）",
    COLUMN: "数据中的一列",
    ORDERS: "按订单数分摊总额",
    LINES: "按明细行数分摊总额",
    REVENUE: "按销售额分摊总额",
  },
  ctsColumn: "服务成本列",
  ctsTotal: "待分摊的服务成本总额",
  ctsTotalInvalid: "请输入不小于 0 的金额。",
  pickColumn: "请选择一列。",
  scheme: "盈利矩阵",
  schemes: { PROFIT: "销售净价值 × 服务成本", SHAPIRO: "净价 × 服务成本（Shapiro）" },
  migration: "打开客群迁移（W11、CN8）",
};
