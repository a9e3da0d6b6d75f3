/**
 * The per-customer tables of the `lifecycle`, `profit` and `matrix` commands: one row per customer
 * (codes plus label texts) for the CSV, and the workbook input (class-report.ts). Pure; the command
 * line reads the input and writes the files.
 */
import { labelColor, labelText, type LabelSet } from "../report/labels";
import { lifecycle, type LifecycleOptions } from "./lifecycle";
import { quadrantCodes, quadrantColor, quadrantLabel, quadrantSplit, type QuadrantOptions, type QuadrantScheme } from "./quadrant";
import type { OutCell } from "../report/report-types";
import type { OutputLang, Transactions } from "../types";
import type { ClassEntry, ClassReportInput } from "./class-report";
import { customerMeasures, type Measure } from "./measures";
import { profitability, type ProfitOptions } from "./profit";
import { LIFECYCLE_CODES, lifecycleTransitions } from "./transitions";

export interface MethodTable {
  /** CSV column names (stable, English). */
  csvHeader: string[];
  csvRows: OutCell[][];
  /** The workbook's tables, built only when a workbook is written. */
  report: () => Omit<ClassReportInput, "rowCustomer" | "sourceRow" | "sourceRows" | "headerRow">;
  rowCustomer: Int32Array;
  /** Customers with a class (for the summary line). */
  classified: number;
}

const STATUS = new Set(["NO_PURCHASE", "UNCLASSIFIED"]);
const MONEY = "#,##0.00";
const SHARE = "0.0%";

function entry(set: LabelSet, code: string, lang: OutputLang): ClassEntry {
  const s = STATUS.has(code) ? "STATUS" : set;
  return { code, label: labelText(s, code, lang), color: labelColor(s, code) };
}

const LC_TEXT = {
  zh: {
    id: "客户编号",
    stage: "生命周期阶段",
    lapsed: "流失",
    n: "购买次数",
    r: "最近购买天数",
    t: "客户关系天数",
    s1: "近期消费",
    s0: "前期消费",
    from: "比较日阶段",
    matrix: (d: string) => `阶段迁移(行:${d} 的阶段;列:截止日阶段)`,
    shares: "阶段迁移占比(按行)",
    entered: "比较日后新出现的客户",
    both: "两个日期都在的客户",
  },
  en: {
    id: "Customer ID",
    stage: "Stage",
    lapsed: "Lapsed",
    n: "Purchases",
    r: "Recency (days)",
    t: "Tenure (days)",
    s1: "Recent spend",
    s0: "Prior spend",
    from: "Stage at comparison date",
    matrix: (d: string) => `Stage transitions (rows: stage on ${d}; columns: at the as-of date)`,
    shares: "Transition shares (by row)",
    entered: "Customers new since the comparison date",
    both: "Customers present at both dates",
  },
};

/** Lifecycle stages (§8.3) and, with `compareTo`, the stage at that date and the transition matrix. */
export function lifecycleTable(
  tx: Transactions,
  lang: OutputLang,
  opts: LifecycleOptions = {},
  compareTo?: number,
  formatDate: (d: number) => string = String,
): MethodTable {
  const t = LC_TEXT[lang];
  const result = lifecycle(tx, opts);
  const transitions = compareTo === undefined ? null : lifecycleTransitions(tx, compareTo, opts, result);
  const stageEntry = (code: string) => entry("LIFECYCLE", code, lang);
  const lapsedText = labelText("LIFECYCLE", "LAPSED", lang);
  const header = [t.id, t.stage, t.lapsed, t.n, t.r, t.t, t.s1, t.s0];
  const csvHeader = ["customer_id", "stage_code", "stage", "lapsed", "purchases", "recency_days", "tenure_days", "s1", "s0"];
  if (transitions) {
    header.push(t.from);
    csvHeader.push("from_stage_code", "from_stage");
  }
  const labels = new Map(LIFECYCLE_CODES.map((code) => [code, stageEntry(code).label]));
  const csvRows: OutCell[][] = new Array(result.customers.length);
  result.customers.forEach((c, i) => {
    const csv: OutCell[] = [
      c.id,
      c.stage,
      labels.get(c.stage)!,
      c.lapsed ? "LAPSED" : null,
      c.purchases,
      c.recencyDays,
      c.tenureDays,
      c.s1,
      c.s0,
    ];
    if (transitions) {
      const from = transitions.customers[i].from;
      csv.push(from, from === null ? null : labels.get(from)!);
    }
    csvRows[i] = csv;
  });
  const report = () => {
    // The workbook shows labels only: the code columns of the CSV are left out.
    const rows = csvRows.map((r) => {
      const row = [r[0], r[2], r[3] === null ? null : lapsedText, r[4], r[5], r[6], r[7], r[8]];
      if (transitions) row.push(r[10]);
      return row;
    });
    const extra: ClassReportInput["extra"] = [];
    if (transitions) {
      const { codes, counts, shares, both, entered } = transitions.matrix;
      const names = codes.map((c) => stageEntry(c).label);
      const date = formatDate(compareTo!);
      extra.push({ key: "transitions", title: t.matrix(date), header: ["", ...names], rows: counts.map((r, i) => [names[i], ...r]) });
      extra.push({
        key: "transition-shares",
        title: t.shares,
        header: ["", ...names],
        rows: shares.map((r, i) => [names[i], ...r]),
        columnFormats: [null, ...names.map(() => SHARE)],
      });
      extra.push({ key: "transition-counts", header: [t.both, t.entered], rows: [[both, entered]] });
    }
    return {
      lang,
      header,
      rows,
      formats: [null, null, null, "#,##0", "#,##0", "#,##0", MONEY, MONEY, null],
      classCol: 1,
      classes: LIFECYCLE_CODES.map(stageEntry),
      classOf: result.customers.map((c) => c.stage),
      tierHeader: [t.stage, t.lapsed],
      tierCols: [1, 2],
      extra,
    };
  };
  return {
    csvHeader,
    csvRows,
    rowCustomer: result.rowCustomer,
    classified: result.customers.filter((c) => c.stage !== "NO_PURCHASE").length,
    report,
  };
}

const PF_TEXT = {
  zh: {
    id: "客户编号",
    orders: "订单数",
    lines: "明细行数",
    gsv: "销售总价值(GSV)",
    disc: "折扣",
    nsv: "销售净价值(NSV)",
    cogs: "生产成本",
    gp: "客户总体盈利",
    cts: "服务成本",
    np: "客户净盈利",
    gm: "毛利率",
    ctsr: "服务成本率",
    nm: "净利率",
    cls: "盈利矩阵",
    totals: "盈利能力汇总",
    cut: "分界值",
    x: "横轴分界",
    y: "纵轴分界",
  },
  en: {
    id: "Customer ID",
    orders: "Orders",
    lines: "Lines",
    gsv: "GSV",
    disc: "Discounts",
    nsv: "NSV",
    cogs: "Product cost",
    gp: "Gross profit",
    cts: "Cost to serve",
    np: "Net profit",
    gm: "Gross margin",
    ctsr: "Cost-to-serve ratio",
    nm: "Net margin",
    cls: "Profitability class",
    totals: "Profitability totals",
    cut: "Thresholds",
    x: "x threshold",
    y: "y threshold",
  },
};

/** §11 cascade per customer and the profitability matrix (when there is a cost to serve). */
export function profitTable(tx: Transactions, lang: OutputLang, opts: ProfitOptions = {}): MethodTable {
  const t = PF_TEXT[lang];
  const r = profitability(tx, opts);
  const scheme = r.scheme as QuadrantScheme;
  const header = [t.id, t.orders, t.lines, t.gsv, t.disc, t.nsv, t.cogs, t.gp, t.cts, t.np, t.gm, t.ctsr, t.nm, t.cls];
  const csvHeader = [
    "customer_id",
    "orders",
    "lines",
    "gsv",
    "discounts",
    "nsv",
    "product_cost",
    "gross_profit",
    "cost_to_serve",
    "net_profit",
    "gross_margin",
    "cts_ratio",
    "net_margin",
    "class_code",
    "class",
  ];
  const labels = new Map<string, string>();
  const cls = (code: string | null) => {
    if (code === null) return null;
    let text = labels.get(code);
    if (text === undefined) labels.set(code, (text = quadrantLabel(scheme, code, lang)));
    return text;
  };
  const csvRows: OutCell[][] = new Array(r.customers.length);
  r.customers.forEach((c, i) => {
    csvRows[i] = [
      c.id,
      c.orders,
      c.lines,
      c.gsv,
      c.discounts,
      c.nsv,
      c.cogs,
      c.grossProfit,
      c.costToServe,
      c.netProfit,
      c.grossMargin,
      c.ctsRatio,
      c.netMargin,
      c.matrix,
      cls(c.matrix),
    ];
  });
  const report = () => {
    const totals = new Array<number>(7).fill(0);
    for (const row of csvRows) for (let k = 0; k < 7; k++) totals[k] += (row[3 + k] as number | null) ?? 0;
    const extra: ClassReportInput["extra"] = [
      {
        key: "totals",
        title: t.totals,
        header: [t.gsv, t.disc, t.nsv, t.cogs, t.gp, t.cts, t.np],
        rows: [totals.map((v) => Math.round(v * 100) / 100)],
        columnFormats: totals.map(() => MONEY),
      },
    ];
    if (r.xCut !== null || r.yCut !== null) extra.push({ key: "thresholds", title: t.cut, header: [t.x, t.y], rows: [[r.xCut, r.yCut]] });
    return {
      lang,
      header,
      rows: csvRows.map((row) => [...row.slice(0, 13), row[14]]),
      formats: [null, "#,##0", "#,##0", MONEY, MONEY, MONEY, MONEY, MONEY, MONEY, MONEY, SHARE, SHARE, SHARE, null],
      classCol: 13,
      classes: [...quadrantCodes(scheme), "UNCLASSIFIED"].map((code) => ({ code, label: cls(code)!, color: quadrantColor(scheme, code) })),
      classOf: r.customers.map((c) => c.matrix),
      tierHeader: [t.cls, t.np],
      tierCols: [13, 9],
      extra,
      sortBy: r.customers.map((c) => c.netProfit ?? 0),
    };
  };
  return { csvHeader, csvRows, rowCustomer: r.rowCustomer, classified: r.customers.filter((c) => c.matrix !== null).length, report };
}

const MX_TEXT = {
  zh: { id: "客户编号", cls: "类别", cut: "分界值", axis: "轴", measure: "指标", threshold: "分界" },
  en: { id: "Customer ID", cls: "Class", cut: "Thresholds", axis: "Axis", measure: "Measure", threshold: "Threshold" },
};

/** The QUADRANT engine over two per-customer measures (customers without a purchase get no class). */
export function matrixTable(
  tx: Transactions,
  lang: OutputLang,
  x: Measure,
  y: Measure,
  scheme: QuadrantScheme,
  asOf?: number,
  cuts: Pick<QuadrantOptions, "xCut" | "yCut"> = {},
): MethodTable {
  const t = MX_TEXT[lang];
  const m = customerMeasures(tx, asOf);
  const xs = m.values(x);
  const ys = m.values(y);
  const split = quadrantSplit(xs, ys, scheme, cuts);
  const cls = (code: string | null) => (code === null ? null : quadrantLabel(scheme, code, lang));
  const csvRows = m.ids.map((id, i): OutCell[] => [id, xs[i], ys[i], split.codes[i], cls(split.codes[i])]);
  return {
    csvHeader: ["customer_id", x.toLowerCase(), y.toLowerCase(), "class_code", "class"],
    csvRows,
    rowCustomer: m.rowCustomer,
    classified: split.codes.filter((c) => c !== null).length,
    report: () => ({
      lang,
      header: [t.id, x, y, t.cls],
      rows: csvRows.map((r) => [r[0], r[1], r[2], r[4]]),
      classCol: 3,
      classes: [...quadrantCodes(scheme), "UNCLASSIFIED"].map((code) => ({ code, label: cls(code)!, color: quadrantColor(scheme, code) })),
      classOf: split.codes,
      tierHeader: [t.cls],
      tierCols: [3],
      extra: [
        {
          key: "thresholds",
          title: t.cut,
          header: [t.axis, t.measure, t.threshold],
          rows: [
            ["x", x, split.xCut],
            ["y", y, split.yCut],
          ],
        },
      ],
    }),
  };
}
