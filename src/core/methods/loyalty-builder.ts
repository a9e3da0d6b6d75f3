/**
 * The task pane's loyalty index builder (METHODS.md §9.1–9.3, §10) as a WorkbookSpec: a weights
 * sheet (indicators, directions, the AHP pairwise matrix, weights, λmax, CI, RI, CR, all but the
 * labels, directions and RI live formulas over the editable judgements: loyalty-live.ts) and a
 * per-customer sheet (raw indicators, their [0, 1] scores, the index, the ladder and, with a
 * relative-preference column, the §9.2 loyalty type). The index and ladder columns are live
 * formulas over the add-in's CRM.LOYALTYINDEX and CRM.LADDER that reference the weight and
 * direction cells (`formulas`), so editing a weight recomputes them; the values here are the same
 * numbers, for the pane's result and the tests. Pure: src/excel/analysis-loyalty.ts renders it.
 */
import { ahp, type AhpResult } from "./ahp";
import { naError, valueError } from "../errors";
import { cellNumber as num, EXCEL_LIMITS } from "../report/excel-limits";
import { labelColor, labelText } from "../report/labels";
import { quadrant, quadrantLabel } from "./quadrant";
import type { OutCell, SheetSpec, WorkbookSpec } from "../report/report-types";
import { sheetName } from "../report/report";
import { scoreValues } from "../segment/rfm";
import { summarizeColumns } from "../segment/summary";
import type { Cell, OutputLang, Transactions } from "../types";
import { ladder, normalizeColumn, type LadderCode } from "./loyalty";
import { cellA1, CONSISTENCY_ROWS, consistencyHeaderRow, liveWeights, WEIGHTS_LAYOUT, type LiveWeights } from "./loyalty-live";
import { loyaltyFactors } from "./measures";

/** Per-customer measures the core derives (§9.3 A11–A13 and the transactional measures). */
export const LOYALTY_MEASURES = ["DURATION", "RATE", "FTREND", "MONETARY", "AOV", "RECENCY"] as const;
export type LoyaltyMeasure = (typeof LOYALTY_MEASURES)[number];

export type LoyaltyIndicator = { kind: "measure"; measure: LoyaltyMeasure } | { kind: "column"; column: number };

export interface LoyaltyChoice {
  indicators: LoyaltyIndicator[];
  /** +1 higher is more loyal, −1 lower is (e.g. recency, price sensitivity). */
  directions: (1 | -1)[];
  /** n×n judgements; the upper triangle is read, the rest is its reciprocal. */
  judgements: number[][];
  /** Source column of the §9.2 relative preference (1–5 survey score), averaged per customer. */
  attitude?: number;
  asOf?: number;
}

/** Days without a purchase that make a buyer dormant (§9.1 rule 2, the §8 default H). */
const HIATUS_DAYS = 180;
/** §9.3 A1 block: the default judgements of A11, A12, A13 (the pane's starting matrix for them). */
export const A1_JUDGEMENTS = [
  [1, 1 / 2, 2],
  [2, 1, 3],
  [1 / 2, 1 / 3, 1],
];

/** Per-customer sheet: customer, purchases, recency, then n raw indicators and n scores, index, ladder. */
const CUSTOMER_LAYOUT = {
  purchasesCol: 1,
  recencyCol: 2,
  firstIndicatorCol: 3,
};

const TEXT = {
  zh: {
    weights: "忠诚度权重",
    customers: "忠诚度指数",
    title: "忠诚度指数权重(层次分析法 AHP)",
    indicator: "指标",
    direction: "方向(1 越高越忠诚,-1 越低越忠诚)",
    weight: "采用权重",
    ahpWeight: "AHP 权重",
    override: "自定权重(可选)",
    consistency: "一致性检验",
    item: "项目",
    value: "数值",
    consistent: "通过一致性检验",
    limit: "CR 上限",
    customer: "客户",
    purchases: "购买次数",
    recency: "最近购买天数",
    score: (n: string) => `${n}(0–1 得分)`,
    index: "忠诚度指数",
    ladder: "忠诚度阶梯",
    attitude: "相对偏好(均值)",
    fScore: "F 评分(五分位)",
    type: "忠诚度类型",
    note: "黄色单元格可修改:在矩阵对角线右上方输入判断(Saaty 1–9 标度:1/9 … 9,例如 3、1/3 或 =1/3),左下方的倒数、AHP 权重、λmax、CI、CR 和每位客户的忠诚度指数与阶梯随之重新计算;CR ≥ 0.10 时 CR 和一致性检验标红。在 E 列输入自定权重即取代该指标的 AHP 权重(指数按所用权重之和归一);B 列为方向。",
    measures: {
      DURATION: "购买持续期（天）A11",
      RATE: "购买频率（次/年）A12",
      FTREND: "购买频率变化趋势 A13",
      MONETARY: "消费金额",
      AOV: "平均订单金额",
      RECENCY: "最近购买天数（越少越好）",
    },
  },
  en: {
    weights: "Loyalty weights",
    customers: "Loyalty index",
    title: "Loyalty index weights (AHP)",
    indicator: "Indicator",
    direction: "Direction (1 higher is more loyal, -1 lower is)",
    weight: "Weight used",
    ahpWeight: "AHP weight",
    override: "Your weight (optional)",
    consistency: "Consistency",
    item: "Item",
    value: "Value",
    consistent: "Consistent",
    limit: "CR limit",
    customer: "Customer",
    purchases: "Purchases",
    recency: "Recency (days)",
    score: (n: string) => `${n} (0–1 score)`,
    index: "Loyalty index",
    ladder: "Loyalty ladder",
    attitude: "Relative preference (mean)",
    fScore: "F score (quintile)",
    type: "Loyalty type",
    note: "Edit the yellow cells. Type a judgement above the matrix diagonal (Saaty's scale 1/9 … 9, e.g. 3, 1/3 or =1/3): its reciprocal, the AHP weights, λmax, CI, CR and every customer's index and ladder rung recalculate; CR ≥ 0.10 turns CR and Consistent red. A weight typed in column E replaces that indicator's AHP weight (the index divides by the sum of the weights used); column B holds the directions.",
    measures: {
      DURATION: "Purchase duration (days) A11",
      RATE: "Purchases per year A12",
      FTREND: "Frequency trend A13",
      MONETARY: "Sales",
      AOV: "Average order value",
      RECENCY: "Recency (days, lower is better)",
    },
  },
};

export function loyaltyMeasureName(measure: LoyaltyMeasure, lang: OutputLang): string {
  return TEXT[lang].measures[measure];
}

/** The default direction of a derived measure: recency is the one where lower is more loyal. */
export function measureDirection(measure: LoyaltyMeasure): 1 | -1 {
  return measure === "RECENCY" ? -1 : 1;
}

export interface LoyaltyInput {
  tx: Transactions;
  /** The source table as read, and the sheet row number of its first row (tx.sourceRow points into it). */
  table: readonly (readonly Cell[])[];
  firstRowNumber: number;
  header: readonly string[];
  lang: OutputLang;
  choice: LoyaltyChoice;
}

export interface LoyaltySpec {
  workbook: WorkbookSpec;
  ahp: AhpResult;
  names: string[];
  ids: string[];
  /** Per customer: raw indicators, their scores (direction applied), the index and the ladder rung. */
  raw: (number | null)[][];
  scores: (number | null)[][];
  index: (number | null)[];
  ladder: LadderCode[];
  /** Ladder rungs in display order with their counts (the pane's result table). */
  classes: { code: string; label: string; color: string; count: number }[];
  /** The weights sheet's live matrix, weights and consistency cells. */
  live: LiveWeights;
  /** The live formulas of the per-customer sheet, given the weights sheet's final name. */
  formulas(weightsSheet: string): { col: number; formula: string }[];
}

const LADDER_ORDER: LadderCode[] = ["PARTNER", "ADVOCATE", "SUPPORTER", "CLIENT", "CUSTOMER", "PROSPECT", "DORMANT"];

/** A number from a source cell (numbers, numeric text); null otherwise. */
function numeric(cell: Cell): number | null {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== "string" || cell.trim() === "") return null;
  const v = Number(cell.trim());
  return Number.isFinite(v) ? v : null;
}

/** Mean of a source column's numeric cells over each customer's rows; null when a customer has none. */
function columnMeans(input: LoyaltyInput, rowCustomer: Int32Array, nc: number, col: number): (number | null)[] {
  if (!Number.isInteger(col) || col < 0 || col >= input.header.length) throw valueError(`indicator column ${col + 1} is not in the source`);
  const sum = new Float64Array(nc);
  const count = new Int32Array(nc);
  const { tx, table, firstRowNumber } = input;
  for (let k = 0; k < tx.sourceRow.length; k++) {
    const v = numeric(table[tx.sourceRow[k] - firstRowNumber]?.[col]);
    if (v === null) continue;
    sum[rowCustomer[k]] += v;
    count[rowCustomer[k]]++;
  }
  return Array.from(sum, (s, c) => (count[c] === 0 ? null : s / count[c]));
}

export function loyaltyBuilder(input: LoyaltyInput): LoyaltySpec {
  const { choice, lang } = input;
  const t = TEXT[lang];
  const m = choice.indicators.length;
  if (m < 2 || m > 9) throw valueError(`pick 2 to 9 indicators (got ${m})`);
  if (choice.directions.length !== m) throw valueError(`directions has ${choice.directions.length} entries for ${m} indicators`);
  if (choice.judgements.length !== m)
    throw valueError(`the pairwise matrix is ${choice.judgements.length}×${choice.judgements.length} for ${m} indicators`);
  const upper = choice.judgements.map((row, i) => row.map((v, j) => (j > i ? v : j === i ? 1 : null)));
  const weighted = ahp(upper);

  const s = summarizeColumns(input.tx, { asOf: choice.asOf });
  const nc = s.ids.length;
  if (nc === 0) throw naError("transactions are empty");
  if (nc + 1 > EXCEL_LIMITS.rows) throw valueError(`${nc} customers do not fit one sheet (${EXCEL_LIMITS.rows - 1} at most)`);
  const active = (c: number) => s.purchases[c] > 0;
  let factors: (number | null)[][] | undefined;
  const measure = (which: LoyaltyMeasure): (number | null)[] => {
    const per = (f: (c: number) => number) => Array.from({ length: nc }, (_, c) => (active(c) ? f(c) : null));
    switch (which) {
      case "DURATION":
      case "RATE":
      case "FTREND": {
        factors ??= loyaltyFactors(input.tx, s, active);
        const k = which === "DURATION" ? 0 : which === "RATE" ? 1 : 2;
        return factors.map((row) => row[k]);
      }
      case "MONETARY":
        return per((c) => s.monetary[c]);
      case "AOV":
        return per((c) => s.monetary[c] / s.purchases[c]);
      case "RECENCY":
        return per((c) => s.asOf - s.last[c]);
    }
  };
  const columns = choice.indicators.map((ind) =>
    ind.kind === "measure" ? measure(ind.measure) : columnMeans(input, s.rowCustomer, nc, ind.column),
  );
  const names = choice.indicators.map((ind) =>
    ind.kind === "measure" ? t.measures[ind.measure] : input.header[ind.column] || `#${ind.column + 1}`,
  );
  const scoreColumns = columns.map((col, j) =>
    normalizeColumn(col, "MINMAX").map((v) => (v === null ? null : choice.directions[j] < 0 ? 1 - v : v)),
  );
  const raw = s.ids.map((_, c) => columns.map((col) => col[c]));
  const scores = s.ids.map((_, c) => scoreColumns.map((col) => col[c]));
  // §9.3 steps 2–3: weights renormalised over the indicators a customer has; blank past half missing.
  const total = weighted.weights.reduce((a, b) => a + b, 0);
  const index = scores.map((row) => {
    let have = 0;
    let sum = 0;
    row.forEach((v, j) => {
      if (v === null) return;
      have += weighted.weights[j];
      sum += weighted.weights[j] * v;
    });
    return have <= total / 2 || have === 0 ? null : (100 * sum) / have;
  });
  const recency = s.ids.map((_, c) => (active(c) ? s.asOf - s.last[c] : null));
  const rungs = s.ids.map((_, c) =>
    ladder(
      {
        purchases: s.purchases[c],
        loyaltyIndex: index[c],
        recencyDays: recency[c],
      },
      HIATUS_DAYS,
    ),
  );

  let types:
    | {
        attitude: (number | null)[];
        f: (number | null)[];
        label: (string | null)[];
      }
    | undefined;
  if (choice.attitude !== undefined) {
    const attitude = columnMeans(input, s.rowCustomer, nc, choice.attitude);
    const f = scoreValues(Array.from(s.purchases, (n, c) => (active(c) ? n : null)));
    const codes = attitude.some((v, c) => v !== null && f[c] !== null) ? quadrant(attitude, f, "LOYALTY") : attitude.map(() => null);
    types = {
      attitude,
      f,
      label: codes.map((code) => (code === null || code === "UNCLASSIFIED" ? null : quadrantLabel("LOYALTY", code, lang))),
    };
  }

  // The weights sheet.
  const taken = new Set<string>();
  // Values are left to the live formulas (`live`); only the labels are written here.
  const items: Record<(typeof CONSISTENCY_ROWS)[number], string> = {
    lambdaMax: "λmax",
    ci: "CI",
    ri: "RI",
    cr: "CR",
    consistent: t.consistent,
    limit: t.limit,
  };
  const consistency: OutCell[][] = CONSISTENCY_ROWS.map((k) => [items[k], null]);
  const weightsSheet: SheetSpec = {
    key: "loyalty-weights",
    role: "summary",
    name: sheetName(t.weights, taken),
    blocks: [
      {
        kind: "table",
        key: "weights",
        title: t.title,
        anchor: { row: WEIGHTS_LAYOUT.headerRow, col: 0 },
        header: [t.indicator, t.direction, t.weight, t.ahpWeight, t.override, ...names],
        rows: names.map((name, i) => [name, choice.directions[i], null, null, null, ...names.map(() => null)]),
        // Fractions show judgements as typed on Saaty's scale (1/3, not 0.333).
        columnFormats: [null, "0", "0.0000", "0.0000", "0.0000", ...names.map(() => "# ?/?")],
      },
      {
        kind: "table",
        key: "consistency",
        title: t.consistency,
        anchor: { row: consistencyHeaderRow(m), col: 0 },
        header: [t.item, t.value],
        rows: consistency,
        columnFormats: [null, "0.0000"],
      },
      {
        kind: "table",
        key: "note",
        anchor: { row: WEIGHTS_LAYOUT.headerRow + m + 12, col: 0 },
        header: [t.note],
        rows: [],
      },
    ],
  };
  const first = CUSTOMER_LAYOUT.firstIndicatorCol;
  const indexCol = first + 2 * m;
  const header = [
    t.customer,
    t.purchases,
    t.recency,
    ...names,
    ...names.map(t.score),
    t.index,
    t.ladder,
    ...(types ? [t.attitude, t.fScore, t.type] : []),
  ];
  const rows: OutCell[][] = s.ids.map((id, c) => [
    id,
    s.purchases[c],
    num(recency[c]),
    ...raw[c].map(num),
    ...scores[c].map(num),
    // Left empty for the spilling formulas.
    null,
    null,
    ...(types ? [num(types.attitude[c]), num(types.f[c]), types.label[c]] : []),
  ]);
  const customersSheet: SheetSpec = {
    key: "loyalty-customers",
    role: "customers",
    name: sheetName(t.customers, taken),
    freezeRows: 1,
    blocks: [
      {
        kind: "table",
        key: "customers",
        anchor: { row: 0, col: 0 },
        header,
        rows,
        columnFormats: [null, "#,##0", "#,##0", ...names.map(() => "#,##0.00"), ...names.map(() => "0.000"), "0.0", null],
      },
    ],
  };

  const formulas = (weights: string) => {
    const ref = `'${weights.replace(/'/g, "''")}'!`;
    const w0 = WEIGHTS_LAYOUT.headerRow + 1;
    const span = (col: number) => `${ref}${cellA1(w0, col, true)}:${cellA1(w0 + m - 1, col, true)}`;
    const column = (col: number) => `${cellA1(1, col)}:${cellA1(nc, col)}`;
    const indicators = `${cellA1(1, first)}:${cellA1(nc, first + m - 1)}`;
    const quoted = lang === "zh" ? '"zh"' : '"en"';
    return [
      {
        col: indexCol,
        formula: `=CRM.LOYALTYINDEX(${indicators},${span(WEIGHTS_LAYOUT.weightCol)},${span(WEIGHTS_LAYOUT.directionCol)})`,
      },
      {
        col: indexCol + 1,
        formula: `=CRM.LADDER(${column(CUSTOMER_LAYOUT.purchasesCol)},,${column(indexCol)},,,${column(CUSTOMER_LAYOUT.recencyCol)},${HIATUS_DAYS},${quoted})`,
      },
    ];
  };

  const counts = new Map<LadderCode, number>();
  for (const r of rungs) counts.set(r, (counts.get(r) ?? 0) + 1);
  const classes = LADDER_ORDER.map((code) => ({
    code,
    label: labelText("LADDER", code, lang),
    color: labelColor("LADDER", code),
    count: counts.get(code) ?? 0,
  }));
  return {
    workbook: {
      tierColumns: { header: [], rows: [] },
      sheets: [weightsSheet, customersSheet],
    },
    ahp: weighted,
    live: liveWeights(choice.judgements, weighted.ri, weighted.crLimit),
    names,
    ids: s.ids,
    raw,
    scores,
    index,
    ladder: rungs,
    classes,
    formulas,
  };
}
