/**
 * Segment migration (W11 and CN8, METHODS.md §2.8) between the lifecycle analysis's two dates, as a
 * sheet of the pane's lifecycle workbook: each customer's segment at the comparison date and at the
 * as-of date, and per scheme the transition counts (rows: the earlier date) shaded as a heat map.
 * The status rows and columns (no purchase, unclassified) are left out when nobody is in them.
 */
import { labelText, type LabelSet } from "../report/labels";
import type { OutCell, SheetSpec, TableBlock } from "../report/report-types";
import type { OutputLang, Transactions } from "../types";
import { segmentTransitions, type TransitionResult } from "./transitions";

const MIGRATION_SCHEMES = ["W11", "CN8"] as const;
type Scheme = (typeof MIGRATION_SCHEMES)[number];

const TEXT = {
  zh: {
    sheet: "客群迁移",
    id: "客户编号",
    at: (s: string, d: string) => `${s}(${d})`,
    matrix: (s: string, d0: string, d1: string) => `${s} 客群迁移(行:${d0};列:${d1})`,
    both: "两个日期都在的客户",
    entered: "比较日后新出现的客户",
  },
  en: {
    sheet: "Segment migration",
    id: "Customer ID",
    at: (s: string, d: string) => `${s} on ${d}`,
    matrix: (s: string, d0: string, d1: string) => `${s} migration (rows: ${d0}; columns: ${d1})`,
    both: "Customers present at both dates",
    entered: "Customers new since the comparison date",
  },
};

const STATUS = new Set(["NO_PURCHASE", "UNCLASSIFIED"]);
const label = (scheme: Scheme, code: string, lang: OutputLang) => labelText((STATUS.has(code) ? "STATUS" : scheme) as LabelSet, code, lang);
const MATRIX_COL = 6;

export interface SegmentMigration {
  sheet: SheetSpec;
  transitions: Record<Scheme, TransitionResult>;
}

/** The migration sheet (key "segment-migration"); `asOf` undefined = the latest date in the data. */
export function segmentMigration(
  tx: Transactions,
  lang: OutputLang,
  asOf: number | undefined,
  compareTo: number,
  formatDate: (d: number) => string,
): SegmentMigration {
  const t = TEXT[lang];
  const transitions = {
    W11: segmentTransitions(tx, compareTo, { scheme: "W11", asOf }),
    CN8: segmentTransitions(tx, compareTo, { scheme: "CN8", asOf }),
  };
  const d0 = formatDate(compareTo),
    d1 = formatDate(transitions.W11.toDate);
  const header = [t.id, ...MIGRATION_SCHEMES.flatMap((s) => [t.at(s, d0), t.at(s, d1)])];
  const rows: OutCell[][] = transitions.W11.customers.map((c, i) => [
    c.id,
    ...MIGRATION_SCHEMES.flatMap((s) => {
      const r = transitions[s].customers[i];
      return [r.from === null ? null : label(s, r.from, lang), label(s, r.to, lang)];
    }),
  ]);
  const blocks: TableBlock[] = [
    { kind: "table", key: "customers", anchor: { row: 0, col: 0 }, header, rows, excelTable: "CRM_Segment_Migration" },
  ];
  let row = 1;
  for (const s of MIGRATION_SCHEMES) {
    const { codes, counts, both, entered } = transitions[s].matrix;
    const keep = codes.map((code, k) => !STATUS.has(code) || counts[k].some((v) => v > 0) || counts.some((r) => r[k] > 0));
    const pick = <T>(list: T[]) => list.filter((_, k) => keep[k]);
    const names = pick(codes).map((code) => label(s, code, lang));
    const matrix = pick(counts).map((r, k) => [names[k], ...pick(r)]);
    blocks.push(
      {
        kind: "table",
        key: `migration-${s}`,
        title: t.matrix(s, d0, d1),
        anchor: { row, col: MATRIX_COL },
        header: ["", ...names],
        rows: matrix,
        colorScale: { fromCol: 1, minColor: "#FFFFFF", maxColor: "#C62828" },
      },
      {
        kind: "table",
        key: `migration-${s}-counts`,
        anchor: { row: row + matrix.length + 2, col: MATRIX_COL },
        header: [t.both, t.entered],
        rows: [[both, entered]],
      },
    );
    row += matrix.length + 6;
  }
  return { sheet: { key: "segment-migration", role: "summary", name: t.sheet, freezeRows: 1, blocks }, transitions };
}
