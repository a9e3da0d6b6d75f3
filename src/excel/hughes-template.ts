/**
 * The Hughes cohort lifetime-value table (METHODS.md §7.6) as a live-formula template: yellow input
 * cells pre-filled with one of the two published examples, and every result row a plain Excel
 * formula over them (no custom functions), so the sheet works without the add-in and a user can
 * follow and edit each step. The formulas are those of core hughesTable(); the tests recalculate
 * the sheet and check both published test vectors and agreement with the core.
 *
 * Layout (columns B, C, D are years 1–3; year numbers are in row 12 as numbers shown "Year n"):
 *   B6 cohort size, B7 acquisition cost, B8 interest rate i, B9 risk factor rf, B10 payment delay (days);
 *   rows 13–22 per-year inputs: retention, referral rate, orders/year, average order size, direct
 *   cost %, marketing, programme and database cost per customer, referral incentive, given discount
 *   factors (blank: Hughes's formula (1 + i·rf)^((year − 1) + delay/365));
 *   rows 25–38 results: retained, referred, total customers, revenue, direct costs, acquisition,
 *   other costs, referral incentives, total costs, gross profit, discount factor, NPV profit,
 *   cumulative NPV, lifetime value per originally acquired customer.
 */
import { sheetName } from "../core/report/report";
import { INPUT_STYLE } from "./clv-model";
import { Session } from "./session";
import type { HughesExample } from "./types";
import { columnLetters } from "./writer";
import type { OutputLang } from "../core/types";

const YEARS = 3;

interface Example {
  cohortSize: number;
  acquisitionCost: number;
  /** Blank for Weldon, whose source gives the discount factors themselves. */
  interestRate: number | null;
  riskFactor: number | null;
  delayDays: number | null;
  retention: number[];
  referralRate: number[];
  ordersPerYear: number[];
  avgOrderValue: number[];
  directCostPct: number[];
  marketingCost: number[];
  programCost: number[];
  databaseCost: number[];
  referralIncentive: number[];
  givenFactors: (number | null)[];
}

const EXAMPLES: Record<HughesExample, Example> = {
  // Hughes, "Weldon Scientific" (dbmarketing.com Art174): 20,000 customers, discount factors as printed.
  weldon: {
    cohortSize: 20000,
    acquisitionCost: 630,
    interestRate: null,
    riskFactor: null,
    delayDays: null,
    retention: [0.6, 0.65, 0.7],
    referralRate: [0, 0, 0],
    ordersPerYear: [1.8, 2.6, 3.6],
    avgOrderValue: [2980, 5589, 9106],
    directCostPct: [0.7, 0.65, 0.63],
    marketingCost: [0, 0, 0],
    programCost: [0, 0, 0],
    databaseCost: [0, 0, 0],
    referralIncentive: [0, 0, 0],
    givenFactors: [1.13, 1.81, 2.53],
  },
  // Hughes's "Special LTV calculator": 200,000 customers, discounting by his formula.
  special: {
    cohortSize: 200000,
    acquisitionCost: 32,
    interestRate: 0.06,
    riskFactor: 1.6,
    delayDays: 30,
    retention: [0.6, 0.7, 0.8],
    referralRate: [0.01, 0.02, 0.03],
    ordersPerYear: [1.1, 1.2, 1.3],
    avgOrderValue: [90, 100, 120],
    directCostPct: [0.6, 0.58, 0.57],
    marketingCost: [3, 10, 10],
    programCost: [2, 2, 2],
    databaseCost: [4, 4, 4],
    referralIncentive: [15, 15, 15],
    givenFactors: [null, null, null],
  },
};

const TEXT = {
  en: {
    sheet: "Hughes LTV",
    title: "Customer lifetime value of a cohort (Hughes method)",
    example: {
      weldon:
        "Example: Weldon Scientific, 20,000 customers (A. M. Hughes, dbmarketing.com Art174); discount factors as given by the source.",
      special: "Example: Hughes's Special LTV calculator, 200,000 customers; discount factor (1 + i·rf)^((year − 1) + delay/365).",
    },
    howTo:
      "Yellow cells are inputs: change them and every figure below follows. Leave the given discount factors blank to use Hughes's formula.",
    inputs: "Inputs",
    cohortSize: "Customers acquired (cohort size)",
    acquisitionCost: "Acquisition cost per customer",
    interestRate: "Interest rate (i)",
    riskFactor: "Risk factor (rf)",
    delayDays: "Payment delay (days)",
    year: "Year",
    yearFormat: '"Year "0',
    retention: "Retention rate",
    referralRate: "Referral rate",
    ordersPerYear: "Orders per year",
    avgOrderValue: "Average order size",
    directCostPct: "Direct cost (% of revenue)",
    marketingCost: "Marketing cost per customer",
    programCost: "Programme cost per customer",
    databaseCost: "Database cost per customer",
    referralIncentive: "Referral incentive per referred customer",
    givenFactors: "Discount factor, given (blank: formula)",
    results: "Results",
    retained: "Customers retained",
    referred: "Customers referred",
    total: "Total customers",
    revenue: "Revenue",
    directCosts: "Direct costs",
    acquisition: "Acquisition cost",
    otherCosts: "Marketing, programme and database costs",
    incentives: "Referral incentives",
    totalCosts: "Total costs",
    grossProfit: "Gross profit",
    discountFactor: "Discount factor",
    npvProfit: "NPV profit",
    cumulativeNpv: "Cumulative NPV profit",
    lifetimeValue: "Lifetime value per customer acquired",
  },
  zh: {
    sheet: "Hughes客户终身价值",
    title: "客户群终身价值表（Hughes 方法）",
    example: {
      weldon: "示例：Weldon Scientific，20,000 名客户（A. M. Hughes，dbmarketing.com Art174）；贴现因子采用原文给定值。",
      special: "示例：Hughes 的 Special LTV calculator，200,000 名客户；贴现因子 (1 + i·rf)^((年份 − 1) + 延迟天数/365)。",
    },
    howTo: "黄色单元格为输入项：修改后下方所有数字随之更新。给定贴现因子留空即按 Hughes 公式计算。",
    inputs: "输入",
    cohortSize: "获取客户数（客户群规模）",
    acquisitionCost: "每位客户的获取成本",
    interestRate: "利率 (i)",
    riskFactor: "风险系数 (rf)",
    delayDays: "付款延迟（天）",
    year: "年份",
    yearFormat: '"第"0"年"',
    retention: "维系率",
    referralRate: "推荐率",
    ordersPerYear: "每年订单数",
    avgOrderValue: "平均订单金额",
    directCostPct: "直接成本（占收入 %）",
    marketingCost: "每位客户的营销费用",
    programCost: "每位客户的专项计划费用",
    databaseCost: "每位客户的数据库费用",
    referralIncentive: "每位被推荐客户的推荐奖励",
    givenFactors: "给定贴现因子（留空：按公式）",
    results: "计算结果",
    retained: "保留客户数",
    referred: "推荐客户数",
    total: "客户总数",
    revenue: "收入",
    directCosts: "直接成本",
    acquisition: "获取成本",
    otherCosts: "营销、专项计划和数据库费用",
    incentives: "推荐奖励",
    totalCosts: "总成本",
    grossProfit: "毛利",
    discountFactor: "贴现因子",
    npvProfit: "利润净现值",
    cumulativeNpv: "累计利润净现值",
    lifetimeValue: "每位获取客户的终身价值",
  },
};

type Cell = string | number;
/** A row: label, then one cell per year (or the scalar input in column B), and the number format of its value cells. */
interface Row {
  label: string;
  cells: Cell[];
  format?: string;
  input?: boolean;
  bold?: boolean;
}

/** Sheet rows (1-based) of the inputs the formulas refer to; see the layout above. */
const ROW = {
  cohort: 6,
  acquisition: 7,
  interest: 8,
  risk: 9,
  delay: 10,
  year: 12,
  retention: 13,
  referral: 14,
  orders: 15,
  aov: 16,
  costPct: 17,
  marketing: 18,
  program: 19,
  database: 20,
  incentive: 21,
  given: 22,
};
const RES = {
  retained: 25,
  referred: 26,
  total: 27,
  revenue: 28,
  direct: 29,
  acquisition: 30,
  other: 31,
  incentives: 32,
  costs: 33,
  profit: 34,
  factor: 35,
  npv: 36,
  cumulative: 37,
  ltv: 38,
};

/** Column of year k (0-based year index): B, C, D. */
const yearCol = (k: number) => 1 + k;

/** One cell per year from `make(column letters, previous year's column letters, year index)`. */
function perYear(make: (col: string, prev: string, k: number) => Cell): Cell[] {
  return Array.from({ length: YEARS }, (_, k) => make(columnLetters(yearCol(k)), columnLetters(yearCol(k - 1)), k));
}

function layout(example: HughesExample, lang: OutputLang): Map<number, Row> {
  const t = TEXT[lang];
  const e = EXAMPLES[example];
  const years = (values: readonly (number | null)[]): Cell[] => values.map((v) => v ?? "");
  const abs = (row: number) => `$B$${row}`;
  const rows = new Map<number, Row>([
    [1, { label: t.title, cells: [], bold: true }],
    [2, { label: t.example[example], cells: [] }],
    [3, { label: t.howTo, cells: [] }],
    [5, { label: t.inputs, cells: [], bold: true }],
    [ROW.cohort, { label: t.cohortSize, cells: [e.cohortSize], format: "#,##0", input: true }],
    [ROW.acquisition, { label: t.acquisitionCost, cells: [e.acquisitionCost], format: "#,##0.00", input: true }],
    [ROW.interest, { label: t.interestRate, cells: [e.interestRate ?? ""], format: "0.0%", input: true }],
    [ROW.risk, { label: t.riskFactor, cells: [e.riskFactor ?? ""], format: "0.00", input: true }],
    [ROW.delay, { label: t.delayDays, cells: [e.delayDays ?? ""], format: "0", input: true }],
    [ROW.year, { label: t.year, cells: Array.from({ length: YEARS }, (_, k) => k + 1), format: t.yearFormat, bold: true }],
    [ROW.retention, { label: t.retention, cells: years(e.retention), format: "0%", input: true }],
    [ROW.referral, { label: t.referralRate, cells: years(e.referralRate), format: "0%", input: true }],
    [ROW.orders, { label: t.ordersPerYear, cells: years(e.ordersPerYear), format: "0.0", input: true }],
    [ROW.aov, { label: t.avgOrderValue, cells: years(e.avgOrderValue), format: "#,##0.00", input: true }],
    [ROW.costPct, { label: t.directCostPct, cells: years(e.directCostPct), format: "0%", input: true }],
    [ROW.marketing, { label: t.marketingCost, cells: years(e.marketingCost), format: "#,##0.00", input: true }],
    [ROW.program, { label: t.programCost, cells: years(e.programCost), format: "#,##0.00", input: true }],
    [ROW.database, { label: t.databaseCost, cells: years(e.databaseCost), format: "#,##0.00", input: true }],
    [ROW.incentive, { label: t.referralIncentive, cells: years(e.referralIncentive), format: "#,##0.00", input: true }],
    [ROW.given, { label: t.givenFactors, cells: years(e.givenFactors), format: "0.0000", input: true }],
    [24, { label: t.results, cells: [], bold: true }],
    // Year 1 keeps the whole cohort; later years keep last year's total times last year's retention.
    [
      RES.retained,
      {
        label: t.retained,
        cells: perYear((_c, p, k) => (k === 0 ? `=${abs(ROW.cohort)}` : `=${p}${RES.total}*${p}${ROW.retention}`)),
        format: "#,##0",
      },
    ],
    [RES.referred, { label: t.referred, cells: perYear((c) => `=${c}${RES.retained}*${c}${ROW.referral}`), format: "#,##0" }],
    [RES.total, { label: t.total, cells: perYear((c) => `=${c}${RES.retained}+${c}${RES.referred}`), format: "#,##0" }],
    [RES.revenue, { label: t.revenue, cells: perYear((c) => `=${c}${RES.total}*${c}${ROW.orders}*${c}${ROW.aov}`), format: "#,##0" }],
    [RES.direct, { label: t.directCosts, cells: perYear((c) => `=${c}${RES.revenue}*${c}${ROW.costPct}`), format: "#,##0" }],
    // Acquisition is paid once, in year 1, on the customers acquired.
    [
      RES.acquisition,
      {
        label: t.acquisition,
        cells: perYear((_c, _p, k) => (k === 0 ? `=${abs(ROW.cohort)}*${abs(ROW.acquisition)}` : 0)),
        format: "#,##0",
      },
    ],
    [
      RES.other,
      {
        label: t.otherCosts,
        cells: perYear((c) => `=${c}${RES.total}*(${c}${ROW.marketing}+${c}${ROW.program}+${c}${ROW.database})`),
        format: "#,##0",
      },
    ],
    [RES.incentives, { label: t.incentives, cells: perYear((c) => `=${c}${RES.referred}*${c}${ROW.incentive}`), format: "#,##0" }],
    [RES.costs, { label: t.totalCosts, cells: perYear((c) => `=SUM(${c}${RES.direct}:${c}${RES.incentives})`), format: "#,##0" }],
    [RES.profit, { label: t.grossProfit, cells: perYear((c) => `=${c}${RES.revenue}-${c}${RES.costs}`), format: "#,##0", bold: true }],
    [
      RES.factor,
      {
        label: t.discountFactor,
        cells: perYear(
          (c) =>
            `=IF(${c}${ROW.given}="",(1+${abs(ROW.interest)}*${abs(ROW.risk)})^((${c}$${ROW.year}-1)+${abs(ROW.delay)}/365),${c}${ROW.given})`,
        ),
        format: "0.0000",
      },
    ],
    [RES.npv, { label: t.npvProfit, cells: perYear((c) => `=${c}${RES.profit}/${c}${RES.factor}`), format: "#,##0" }],
    [
      RES.cumulative,
      {
        label: t.cumulativeNpv,
        cells: perYear((c, p, k) => (k === 0 ? `=${c}${RES.npv}` : `=${p}${RES.cumulative}+${c}${RES.npv}`)),
        format: "#,##0",
      },
    ],
    // Per customer originally acquired, not per customer still there.
    [
      RES.ltv,
      { label: t.lifetimeValue, cells: perYear((c) => `=${c}${RES.cumulative}/${abs(ROW.cohort)}`), format: "#,##0.00", bold: true },
    ],
  ]);
  return rows;
}

/** Adds the template on a new sheet under a free name (never a user's sheet) and activates it; two requests. */
export async function insertHughesTemplate(lang: OutputLang, example: HughesExample = "weldon"): Promise<{ sheetName: string }> {
  const rows = layout(example, lang);
  const last = Math.max(...rows.keys());
  const width = 1 + YEARS;
  const grid: Cell[][] = Array.from({ length: last }, (_, i) => {
    const row = rows.get(i + 1);
    const out: Cell[] = new Array(width).fill("");
    if (row) {
      out[0] = row.label;
      row.cells.forEach((v, j) => (out[1 + j] = v));
    }
    return out;
  });
  return Excel.run(async (context) => {
    const session = new Session(context);
    const sheets = context.workbook.worksheets.load("items/name");
    await session.sync();
    const name = sheetName(TEXT[lang].sheet, new Set(sheets.items.map((s) => s.name.toLowerCase())));
    const sheet = context.workbook.worksheets.add(name);
    // Labels are fixed texts, none of which Excel would read as a number or formula.
    sheet.getRangeByIndexes(0, 0, last, width).formulas = grid;
    for (const [n, row] of rows) {
      const cells = sheet.getRangeByIndexes(n - 1, 1, 1, Math.max(1, row.cells.length));
      if (row.format) cells.numberFormat = [[row.format]];
      if (row.input) {
        cells.format.fill.color = INPUT_STYLE.fill;
        cells.format.font.color = INPUT_STYLE.font;
      }
      if (row.bold) sheet.getRangeByIndexes(n - 1, 0, 1, width).format.font.bold = true;
    }
    sheet.getRangeByIndexes(4, 0, last - 4, width).format.autofitColumns();
    sheet.freezePanes.freezeColumns(1);
    sheet.activate();
    await session.sync();
    return { sheetName: name };
  });
}
