/**
 * The workbook of the per-customer method commands (lifecycle, profit, matrix): class columns
 * beside the source rows, a customers sheet, one colour-coded sheet per class and a summary with
 * the class counts plus the command's own tables (transition matrix, cascade totals, thresholds).
 * Pure, like report.ts: the command line renders it with render-xlsx.ts.
 */
import { EXCEL_LIMITS, sheetParts } from "../report/excel-limits";
import { textColorOn } from "../report/labels";
import type { Fill, OutCell, SheetSpec, TableBlock, WorkbookSpec } from "../report/report-types";
import { sheetName } from "../report/report";
import type { OutputLang } from "../types";

export interface ClassEntry {
  code: string;
  label: string;
  color: string;
}

export interface ClassReportInput {
  lang: OutputLang;
  /** Customers sheet columns; `classCol` holds the class label. */
  header: string[];
  rows: OutCell[][];
  formats?: (string | null)[];
  classCol: number;
  /** Classes in display order; customers whose class is null are on no class sheet. */
  classes: ClassEntry[];
  classOf: readonly (string | null)[];
  /** Columns beside the source rows and the customer columns that fill them. */
  tierHeader: string[];
  tierCols: number[];
  /** Customer of each transaction and its source row; the data rows below the header. */
  rowCustomer: Int32Array;
  sourceRow: Int32Array;
  sourceRows: number;
  headerRow: number;
  /** Tables after the class counts on the summary sheet. */
  extra: Omit<TableBlock, "anchor" | "kind">[];
  /** Sort key for the class sheets, highest first (e.g. net profit). */
  sortBy?: readonly number[];
}

const TEXT = {
  zh: {
    customers: "客户",
    summary: "汇总",
    classes: "分类汇总",
    cls: "类别",
    count: "客户数",
    share: "客户占比",
    note: (n: string) => `源数据有 ${n} 行,超出一个工作表的上限:工作簿不含带分类列的源数据副本。`,
  },
  en: {
    customers: "Customers",
    summary: "Summary",
    classes: "Classes",
    cls: "Class",
    count: "Customers",
    share: "% customers",
    note: (n: string) =>
      `The source table has ${n} rows, more than a sheet holds: the workbook leaves out its copy with the class columns.`,
  },
};

export function buildClassReport(input: ClassReportInput): WorkbookSpec {
  const t = TEXT[input.lang];
  const taken = new Set<string>();
  const fills: Record<string, Fill> = {};
  for (const c of input.classes) fills[c.label] = { fill: c.color, font: textColorOn(c.color) };
  const table = (key: string, rows: OutCell[][], name: string): TableBlock => ({
    kind: "table",
    key,
    anchor: { row: 0, col: 0 },
    header: input.header,
    rows,
    columnFormats: input.formats,
    fillByColumn: { col: input.classCol, fills },
    excelTable: name,
  });
  const sheets: SheetSpec[] = [];
  const push = (key: string, name: string, rows: OutCell[][], tableName: string, tabColor?: string) => {
    sheetParts(rows, 1).forEach((part, k) => {
      const sheet: SheetSpec = {
        key: k === 0 ? key : `${key}#${k + 1}`,
        role: key === "customers" ? "customers" : "segment",
        name: k === 0 ? name : sheetName(name, taken),
        freezeRows: 1,
        blocks: [table(key, part, k === 0 ? tableName : `${tableName}_${k + 1}`)],
      };
      if (tabColor) sheet.tabColor = tabColor;
      sheets.push(sheet);
    });
  };
  push("customers", sheetName(t.customers, taken), input.rows, "CRM_Customers");
  const summaryAt = sheets.length;
  const summaryName = sheetName(t.summary, taken);

  const members = new Map<string, number[]>();
  input.classOf.forEach((code, i) => {
    if (code === null) return;
    const list = members.get(code);
    if (list) list.push(i);
    else members.set(code, [i]);
  });
  const total = input.rows.length;
  const countRows: OutCell[][] = [];
  for (const c of input.classes) {
    const list = members.get(c.code) ?? [];
    countRows.push([c.label, list.length, total === 0 ? null : list.length / total]);
    if (list.length === 0) continue;
    if (input.sortBy) list.sort((a, b) => (input.sortBy![b] ?? 0) - (input.sortBy![a] ?? 0) || a - b);
    push(
      `class:${c.code}`,
      sheetName(c.label, taken),
      list.map((i) => input.rows[i]),
      `CRM_Class_${c.code}`,
      c.color,
    );
  }
  const summary: TableBlock[] = [
    {
      kind: "table",
      key: "classes",
      title: t.classes,
      anchor: { row: 1, col: 0 },
      header: [t.cls, t.count, t.share],
      rows: countRows,
      columnFormats: [null, "#,##0", "0.0%"],
      fillByColumn: { col: 0, fills },
    },
  ];
  let row = countRows.length + 4;
  for (const block of input.extra) {
    summary.push({ ...block, kind: "table", anchor: { row: row + (block.title ? 1 : 0), col: 0 } });
    row += block.rows.length + 4;
  }

  const firstDataRow = input.headerRow + 1;
  const dataOmitted = input.headerRow + input.sourceRows > EXCEL_LIMITS.rows;
  const blank: OutCell[] = input.tierCols.map(() => null);
  const tierRows: OutCell[][] = new Array(dataOmitted ? 0 : input.sourceRows).fill(blank);
  for (let k = 0; k < input.sourceRow.length && !dataOmitted; k++) {
    const i = input.rowCustomer[k];
    const at = input.sourceRow[k] - firstDataRow;
    if (i < 0 || at < 0 || at >= input.sourceRows) continue;
    const r = input.rows[i];
    tierRows[at] = input.tierCols.map((c) => r[c]);
  }
  sheets.splice(summaryAt, 0, { key: "summary", role: "summary", name: summaryName, blocks: summary });
  const spec: WorkbookSpec = { tierColumns: { header: input.tierHeader, rows: tierRows }, sheets };
  if (dataOmitted) {
    spec.dataOmitted = true;
    spec.notes = [TEXT.en.note(String(input.sourceRows))];
    summary.push({ kind: "table", key: "note", anchor: { row, col: 0 }, header: [t.note(String(input.sourceRows))], rows: [] });
  }
  return spec;
}
