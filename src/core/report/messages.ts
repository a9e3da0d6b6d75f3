/**
 * What the output workbook says about rejected rows and warnings, in its own language. Core messages
 * are English (RejectedRow.message, Warning.message); a Chinese workbook translates them by code,
 * with the column name and the raw value put back in.
 */
import { isBlank, isExcelError, showCell } from "../ingest/ingest-cells";
import type { Cell, ColumnMapping, ColumnRole, OutputLang, RejectedRow, RejectReason, Warning } from "../types";

export type MessageLang = OutputLang;

interface ReasonText {
  /** Short text for the reason column. */
  zh: string;
  en: string;
  /** The column the reason is about, by the mapping; none for a whole-row reason. */
  role?: (mapping: ColumnMapping) => ColumnRole | undefined;
  /** Chinese explanation of the cell (after "列“x”" and its value). */
  zhDetail?: string;
}

const REASONS: Record<RejectReason, ReasonText> = {
  BLANK_CUSTOMER: { zh: "客户编号为空", en: "Customer is blank", role: () => "customer", zhDetail: "每行都需要客户编号" },
  BAD_DATE: { zh: "日期无法识别", en: "Date cannot be read", role: () => "date", zhDetail: "不是可识别的日期" },
  MISSING_DATE: { zh: "日期为空", en: "Date is blank", role: () => "date", zhDetail: "每行都需要日期" },
  BAD_AMOUNT: { zh: "金额不是数字", en: "Amount is not a number", role: () => "amount", zhDetail: "不是数字" },
  MISSING_AMOUNT: {
    zh: "金额为空",
    en: "Amount is blank",
    role: (m) => (m.amount !== undefined ? "amount" : undefined),
    zhDetail: "每行都需要金额",
  },
  BAD_QUANTITY: { zh: "数量不是数字", en: "Quantity is not a number", role: () => "quantity", zhDetail: "不是数字" },
  BAD_PRICE: { zh: "单价不是数字", en: "Unit price is not a number", role: () => "price", zhDetail: "不是数字" },
  BAD_COST: {
    zh: "成本不是数字",
    en: "Cost is not a number",
    role: (m) => (m.cost !== undefined ? "cost" : "profit"),
    zhDetail: "不是数字",
  },
  TOTALS_ROW: { zh: "合计行，已排除", en: "Totals row, left out" },
};

/** The reason column's text; an unknown code is shown as it is. */
export function rejectReasonText(reason: string, lang: MessageLang): string {
  const text = (REASONS as Record<string, ReasonText | undefined>)[reason];
  return text ? text[lang] : reason;
}

/**
 * The explanation of a rejected row. English is the core's own message (it names every problem of
 * the row); Chinese is built from the first problem's code, its column and the cell.
 */
export function rejectMessage(row: RejectedRow, lang: MessageLang, header: readonly string[], mapping?: ColumnMapping): string {
  const text = (REASONS as Record<string, ReasonText | undefined>)[row.reason];
  if (lang === "en" || !text) return row.message;
  const role = mapping && text.role?.(mapping);
  const column = role === undefined ? undefined : mapping?.[role];
  if (column === undefined || !text.zhDetail) return `第 ${row.row} 行：${text.zh}。`;
  const cell: Cell = row.values[column];
  const value = isBlank(cell)
    ? "为空"
    : isExcelError(cell)
      ? `的值 ${showCell(cell)} 是 Excel 错误值`
      : `的值 ${showCell(cell)} ${text.zhDetail}`;
  const detail = isBlank(cell) ? `，${text.zhDetail}` : "";
  return `第 ${row.row} 行：${zhColumn(header, column)}${value}${detail}。`;
}

function zhColumn(header: readonly string[], column: number): string {
  return header[column] ? `“${header[column]}”列` : `第 ${column + 1} 列`;
}

const ZH_ROLES: Record<string, string> = {
  customer: "客户",
  date: "日期",
  amount: "金额",
  order: "订单号",
  quantity: "数量",
  price: "单价",
  cost: "成本",
  profit: "毛利",
};

type Params = Record<string, string | number>;

/**
 * Chinese for the warning codes of ingest, analyze and the doors (the English is the warning's
 * message); a function takes the warning's params.
 */
const ZH_WARNINGS: Record<string, string | ((p: Params) => string) | undefined> = {
  NO_DATA: "没有交易数据。",
  NO_VALID_ROWS: "所有数据行都无法使用，见问题行工作表。",
  NO_ACTIVE: "统计期内没有客户有有效购买（净额为正的订单）。",
  FUTURE_ROWS: "部分行的日期晚于截止日期，已忽略。",
  BEFORE_WINDOW_ROWS: "部分行的日期早于统计起始日期，已忽略。",
  MISSING_COST: "部分行没有成本，计算毛利时按零成本处理。",
  PROFIT_WITHOUT_COST: "按利润分类需要成本或毛利列；ABC 和金字塔已改用净销售额。",
  SINGLE_CUSTOMER: "只有一位客户有购买，得分和分类无从比较。",
  NO_VARIATION_R: "R（最近购买）无差异：所有有购买的客户最后一次购买在同一天。",
  NO_VARIATION_F: "F（购买频次）无差异：所有有购买的客户购买次数相同。",
  NO_VARIATION_M: "M（购买金额）无差异：所有有购买的客户消费金额相同。",
  CN8_UNCLASSIFIED: "八类客户方案需要至少 2 位有购买的客户，且 R、F、M 都有差异；这些客户标为“未分类”。",
  NET_NEGATIVE: "部分客户在统计期内退货多于购买（净额为负）。",
  NO_POSITIVE_VALUE: "没有客户的价值为正：ABC 全部归为 C 类（按利润时为 D 类）。",
  NO_CONCENTRATION: "所有客户价值相同：全部为 A 类和金字塔第 1 层。",
  NTILE_NOT_TIE_SAFE: "NTILE 打分不保证并列一致：数值相同的客户可能得到不同分数。",
  GRID_NEEDS_5_BINS: "W11 / W10 网格需要 5 档评分；其他档数下客户标为“未分类”。",
  DATE_ORDER_AMBIGUOUS: "日期列中有些日期（如 05/03/2024）既可读作日/月也可读作月/日，已按日/月读取。",
  DATE_ORDER_CONFLICT: "日期列混有日/月和月/日两种写法，已按较多的一种读取；只符合另一种的行已排除。",
  DATE_ORDER_MISMATCH: "部分日期不符合所定的日/月顺序，已排除。",
  COLUMN_FROM_VALUES: (p) => `${ZH_ROLES[p.role] ?? ""}列（${p.column}）是根据数据内容而非列名识别的，请核对列的对应关系。`,
  AMOUNT_FROM_PRICE: (p) => `金额列（${p.column}）是单价，因没有数量列而用作金额，请核对列的对应关系。`,
  TOTALS_ROWS: (p) => `已排除 ${p.count} 个合计行（第 ${p.rows} 行），不计为交易。`,
  ENCODING: (p) => `已按 ${p.encoding} 编码读取 ${p.file}；可用 --encoding 指定其他编码。`,
  SHEET_CHOSEN: (p) => `已读取工作表“${p.sheet}”（第一个工作表“${p.first}”中没有交易数据）；可用 --sheet 指定。`,
  TIER_COLUMNS_NO_HEADER: "未添加分类列：数据没有可扩展的表头行。",
  TIER_COLUMNS_BLOCKED: "未添加分类列：数据右侧的单元格不为空，本加载项从不覆盖您的数据。",
  BGNBD_NOT_CONVERGED: "BG/NBD 模型拟合未收敛，参数可能不可靠。",
  GAMMA_GAMMA_NOT_CONVERGED: "Gamma-Gamma 模型拟合未收敛，参数可能不可靠。",
  GAMMA_GAMMA_INFINITE_MEAN: "Gamma-Gamma 模型的 q ≤ 1，预期消费额和 CLV 无法计算（#NUM!）。",
  BLANK_ORDER: "部分行没有订单号，每行各算一笔订单。",
  MIXED_CURRENCY: "金额包含多种货币，已直接相加，未做换算。",
  AMOUNT_FROM_QUANTITY_PRICE: "没有金额列：每行金额按数量 × 单价计算。",
  COST_AND_PROFIT: "同时有成本列和毛利列，使用成本列。",
};

/** A warning in the workbook's language; a code without a Chinese text keeps its English. */
export function warningText(warning: Warning, lang: MessageLang): string {
  const zh = lang === "zh" ? ZH_WARNINGS[warning.code] : undefined;
  if (zh === undefined) return warning.message;
  if (typeof zh === "string") return zh;
  return warning.params ? zh(warning.params) : warning.message;
}
