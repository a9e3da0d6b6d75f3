/**
 * Builds the declarative output workbook (report-types.ts) from one analysis: tier columns aligned
 * to the source rows, the customers sheet, one sheet per segment, the summary and the issues
 * sheet. Pure; the CLI renders the spec with ExcelJS and the task pane with the Excel API.
 */
import { formatDay } from "../ingest/dates";
import { cellNumber, EXCEL_LIMITS, sheetParts } from "./excel-limits";
import { roundTo } from "../numeric";
import { labelColor, labelText, textColorOn, type LabelSet } from "./labels";
import { summaryCharts } from "./report-charts";
import { count, TEXT } from "./report-text";
import { rejectMessage, rejectReasonText, warningText } from "./messages";
import type { Block, Fill, OutCell, SheetSpec, TableBlock, WorkbookSpec } from "./report-types";
import type { AnalysisResult, Cell, ColumnMapping, GroupStat, OutputLang, RejectedRow, Transactions, Warning } from "../types";

export type ReportLang = OutputLang;

/** What the report needs from the ingest step. */
export interface ReportSource {
  header: string[];
  rejected: RejectedRow[];
  transactions: Transactions;
  /** The roles the ingest used; lets a Chinese issues sheet name the column of each rejected row. */
  mapping?: ColumnMapping;
  /** What reading the table noted (totals rows, columns guessed, the encoding): on the summary. */
  warnings?: Warning[];
}

export interface ReportInput {
  result: AnalysisResult;
  ingest: ReportSource;
  lang: ReportLang;
  /** Data rows below the header in the source (tier columns get exactly this many rows). */
  sourceRows: number;
  /** Sheet row of the header, which transactions' sourceRow numbers count from; default 1. */
  headerRow?: number;
}

const DATE = "yyyy-mm-dd";
const MONEY = "#,##0.00";
const COUNT = "#,##0";
const SHARE = "0.0%";

const NO_PURCHASE = "NO_PURCHASE";
const STATUS_CODES = new Set([NO_PURCHASE, "UNCLASSIFIED"]);

/**
 * Label set of a class code: a status code (no valid purchase, unclassified) can stand in any class
 * column, so it is looked up in STATUS whatever the column's own set.
 */
function setOf(set: LabelSet): (code: string) => LabelSet {
  return (code) => (STATUS_CODES.has(code) ? "STATUS" : set);
}

/** Label set of a segment code under the headline scheme (W10 shares the W11 codes). */
function segmentSet(scheme: AnalysisResult["options"]["scheme"]): (code: string) => LabelSet {
  return setOf(scheme === "CN8" ? "CN8" : "W11");
}

/** Memoised code → label text, so 100k customers cost a map lookup each. */
function labeller(set: (code: string) => LabelSet, lang: ReportLang): (code: string | null) => string | null {
  const cache = new Map<string, string>();
  return (code) => {
    if (code === null) return null;
    let text = cache.get(code);
    if (text === undefined) cache.set(code, (text = labelText(set(code), code, lang)));
    return text;
  };
}

function fillOf(color: string): Fill {
  return { fill: color, font: textColorOn(color) };
}

/** Sums of rounded money carry float noise (2022437.7400000019): round them back for display. */
function money(value: number, decimals: number): number | null {
  return finite(roundTo(value, decimals));
}

/** Excel refuses NaN and ±Infinity in cells; they become blanks. */
const finite = cellNumber;

/** A valid, unique Excel sheet name: no []:*?/\, no leading/trailing apostrophe, ≤ 31 characters. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean =
    wanted
      .replace(/[[\]:*?/\\]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^'+|'+$/g, "") || "Sheet";
  let name = clean.slice(0, 31);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = clean.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

export function buildReport(input: ReportInput): WorkbookSpec {
  const { result, ingest, lang, sourceRows } = input;
  const firstDataRow = (input.headerRow ?? 1) + 1;
  const t = TEXT[lang];
  const scheme = result.options.scheme;
  const segmentLabel = labeller(segmentSet(scheme), lang);
  const abcLabel = labeller(setOf("ABC"), lang);
  const pyramidLabel = labeller(setOf("PYRAMID"), lang);
  const taken = new Set<string>();
  // What did not fit Excel's sheets, told on the summary sheet and (in English) to the caller.
  const notes: string[] = [];
  const notesEn: string[] = [];
  const note = (text: (t: (typeof TEXT)["en"]) => string) => {
    notes.push(text(TEXT[lang]));
    notesEn.push(text(TEXT.en));
  };

  // One row of label texts per customer, shared by the tier columns and the customer sheets. A
  // customer without a counted purchase is "no valid purchase" in every class column: analyze
  // keeps ABC C (D) for CRM.ABC, but the report does not rank them.
  const customers = result.customers;
  const segText: (string | null)[] = new Array(customers.length);
  const abcText: (string | null)[] = new Array(customers.length);
  const pyrText: (string | null)[] = new Array(customers.length);
  for (let i = 0; i < customers.length; i++) {
    segText[i] = segmentLabel(customers[i].segment);
    abcText[i] = abcLabel(customers[i].active ? customers[i].abc : NO_PURCHASE);
    pyrText[i] = pyramidLabel(customers[i].pyramid ?? NO_PURCHASE);
  }

  // Tier columns: blank for rows that gave no transaction (rejected or blank rows). A source table
  // longer than a sheet cannot be copied beside them (only the command line reads such tables).
  const dataOmitted = firstDataRow - 1 + sourceRows > EXCEL_LIMITS.rows;
  if (dataOmitted) note((x) => x.dataLeftOut(count(sourceRows)));
  const blankRow: OutCell[] = [null, null, null, null, null, null];
  const tierRows: OutCell[][] = new Array(dataOmitted ? 0 : sourceRows).fill(blankRow);
  const sourceRow = ingest.transactions.sourceRow;
  for (let k = 0; k < sourceRow.length && !dataOmitted; k++) {
    const i = result.rowCustomer[k];
    const at = sourceRow[k] - firstDataRow;
    if (i < 0 || at < 0 || at >= sourceRows) continue;
    const c = customers[i];
    tierRows[at] = [segText[i], c.r, c.f, c.m, abcText[i], pyrText[i]];
  }

  // Customers sheet.
  const customerHeader = [
    t.customerId,
    t.first,
    t.last,
    t.orders,
    t.recency,
    t.frequency,
    t.monetary,
    "R",
    "F",
    "M",
    t.rfmCode,
    t.segment,
    t.abc,
    t.pyramid,
  ];
  const customerFormats = [null, DATE, DATE, COUNT, COUNT, COUNT, MONEY, null, null, null, null, null, null, null];
  const SEGMENT_COL = 11;
  const customerRows: OutCell[][] = new Array(customers.length);
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    customerRows[i] = [
      c.id,
      c.first,
      c.last,
      c.orders,
      c.recencyDays,
      c.purchases,
      finite(c.monetary),
      c.r,
      c.f,
      c.m,
      c.rfmCode,
      segText[i],
      abcText[i],
      pyrText[i],
    ];
  }
  const segmentFills: Record<string, Fill> = {};
  for (const group of result.segments) {
    segmentFills[segmentLabel(group.code)!] = fillOf(labelColor(segmentSet(scheme)(group.code), group.code));
  }
  const customerTable = (rows: OutCell[][], tableName: string): TableBlock => ({
    kind: "table",
    key: "customers",
    anchor: { row: 0, col: 0 },
    header: customerHeader,
    rows,
    columnFormats: customerFormats,
    fillByColumn: { col: SEGMENT_COL, fills: segmentFills },
    excelTable: tableName,
  });
  const sheets: SheetSpec[] = [];
  /** A one-table sheet, continued on further sheets ("Name (2)", …) when its rows exceed a sheet's. */
  const pushTableSheet = (sheet: Omit<SheetSpec, "blocks">, rows: OutCell[][], table: (rows: OutCell[][], part: number) => TableBlock) => {
    const parts = sheetParts(rows, 1);
    const names: string[] = [];
    parts.forEach((part, k) => {
      const name = k === 0 ? sheet.name : sheetName(sheet.name, taken);
      names.push(name);
      sheets.push({ ...sheet, key: k === 0 ? sheet.key : `${sheet.key}#${k + 1}`, name, blocks: [table(part, k + 1)] });
    });
    if (parts.length > 1) note((x) => x.split(count(rows.length), names));
  };
  const partName = (tableName: string, part: number) => (part === 1 ? tableName : `${tableName}_${part}`);
  pushTableSheet({ key: "customers", role: "customers", name: sheetName(t.customers, taken), freezeRows: 1 }, customerRows, (rows, part) =>
    customerTable(rows, partName("CRM_Customers", part)),
  );
  // Reserve the fixed names first so a segment label can never take them.
  const summaryName = sheetName(t.summary, taken);
  const issuesName = ingest.rejected.length > 0 ? sheetName(t.issues, taken) : "";

  // One sheet per segment with customers, highest monetary first (ties keep input order).
  const members = new Map<string, number[]>();
  for (let i = 0; i < customers.length; i++) {
    const list = members.get(customers[i].segment);
    if (list) list.push(i);
    else members.set(customers[i].segment, [i]);
  }
  for (const group of result.segments) {
    const list = members.get(group.code);
    if (!list || list.length === 0) continue;
    list.sort((a, b) => customers[b].monetary - customers[a].monetary || a - b);
    const segmentSheet = {
      key: `segment:${group.code}`,
      role: "segment" as const,
      name: sheetName(segmentLabel(group.code)!, taken),
      tabColor: labelColor(segmentSet(scheme)(group.code), group.code),
      freezeRows: 1,
    };
    pushTableSheet(
      segmentSheet,
      list.map((i) => customerRows[i]),
      (rows, part) => customerTable(rows, partName(`CRM_Seg_${group.code}`, part)),
    );
  }

  const summaryAt = sheets.length;
  if (ingest.rejected.length > 0) {
    const issueRows = ingest.rejected.map((r) => [
      r.row,
      rejectReasonText(r.reason, lang),
      rejectMessage(r, lang, ingest.header, ingest.mapping),
      ...r.values.map(outCell),
    ]);
    pushTableSheet({ key: "issues", role: "issues", name: issuesName, freezeRows: 1 }, issueRows, (rows) => ({
      kind: "table",
      key: "issues",
      anchor: { row: 0, col: 0 },
      header: [t.row, t.reason, t.message, ...ingest.header],
      rows,
    }));
  }
  // The summary comes before the issues but is built last, with every note.
  sheets.splice(summaryAt, 0, { key: "summary", role: "summary", name: summaryName, blocks: summaryBlocks(input, segmentLabel, notes) });

  const spec: WorkbookSpec = {
    tierColumns: {
      header: [t.segment, "R", "F", "M", t.abc, t.pyramid],
      rows: tierRows,
    },
    sheets,
  };
  if (dataOmitted) spec.dataOmitted = true;
  if (notesEn.length > 0) spec.notes = notesEn;
  return spec;
}

function outCell(value: Cell): OutCell {
  if (value === undefined) return null;
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

function summaryBlocks(input: ReportInput, segmentLabel: (code: string | null) => string | null, notes: string[]): Block[] {
  const { result, ingest, lang } = input;
  const t = TEXT[lang];
  const scheme = result.options.scheme;
  const decimals = result.options.decimals;
  const blocks: Block[] = [];
  let nextRow = 0;
  // Stacks tables down column A, one blank row between them.
  const place = (block: Omit<TableBlock, "kind" | "anchor">): TableBlock => {
    const table: TableBlock = { kind: "table", anchor: { row: nextRow + (block.title ? 1 : 0), col: 0 }, ...block };
    nextRow = table.anchor.row + 1 + table.rows.length + 1;
    blocks.push(table);
    return table;
  };
  const groupFills = (set: (code: string) => LabelSet, groups: GroupStat[], label: (code: string) => string | null) => {
    const fills: Record<string, Fill> = {};
    for (const g of groups) fills[label(g.code)!] = fillOf(labelColor(set(g.code), g.code));
    return fills;
  };

  const segments = place({
    key: "segments",
    title: t.segmentsTitle,
    header: [t.segment, t.count, t.customerShare, t.revenue, t.revenueShare, t.meanRecency, t.meanFrequency, t.meanMonetary],
    rows: result.segments.map((g) => [
      segmentLabel(g.code),
      g.customers,
      finite(g.customerShare),
      money(g.value, decimals),
      finite(g.valueShare),
      finite(g.meanRecencyDays),
      finite(g.meanFrequency),
      finite(g.meanMonetary),
    ]),
    columnFormats: [null, COUNT, SHARE, MONEY, SHARE, "0.0", "0.00", MONEY],
    fillByColumn: { col: 0, fills: groupFills(segmentSet(scheme), result.segments, segmentLabel) },
  });

  const xName = result.options.xAxis === "F" ? "F" : "FM";
  const bins = result.heatmap.length;
  const heatRows: OutCell[][] = [];
  for (let r = bins; r >= 1; r--) heatRows.push([r, ...result.heatmap[r - 1]]);
  place({
    key: "heatmap",
    title: t.heatmapTitle(xName),
    header: [`R \\ ${xName}`, ...Array.from({ length: result.heatmap[0]?.length ?? 0 }, (_, x) => String(x + 1))],
    rows: heatRows,
    colorScale: { fromCol: 1, minColor: "#FFFFFF", maxColor: "#1B5E20" },
  });

  const abcLabel = (code: string) => labelText(setOf("ABC")(code), code, lang);
  const total = result.abc.total;
  let running = 0;
  const abc = place({
    key: "abc",
    title: t.abcTitle,
    header: [t.abc, t.count, t.customerShare, t.value, t.valueShare, t.cumulativeShare],
    rows: result.abc.classes.map((g) => {
      // Customers without a purchase are not ranked: no place on the cumulative curve.
      const ranked = g.code !== NO_PURCHASE;
      if (ranked) running += g.value;
      return [
        abcLabel(g.code),
        g.customers,
        finite(g.customerShare),
        money(g.value, decimals),
        finite(g.valueShare),
        ranked && total > 0 ? running / total : null,
      ];
    }),
    columnFormats: [null, COUNT, SHARE, MONEY, SHARE, SHARE],
    fillByColumn: { col: 0, fills: groupFills(setOf("ABC"), result.abc.classes, abcLabel) },
  });
  place({
    key: "pareto",
    title: t.paretoTitle,
    header: [t.item, t.figure],
    rows: [
      [t.top20, finite(result.abc.top20Share)],
      [t.peak, finite(result.abc.peak)],
      [t.bottom30, finite(result.abc.bottom30Loss)],
    ],
    columnFormats: [null, "0.0%"],
  });

  const pyramidLabel = (code: string) => labelText(setOf("PYRAMID")(code), code, lang);
  const pyramid = place({
    key: "pyramid",
    title: t.pyramidTitle,
    header: [t.pyramid, t.count, t.customerShare, t.value, t.valueShare],
    rows: result.pyramid.map((g) => [
      pyramidLabel(g.code),
      g.customers,
      finite(g.customerShare),
      money(g.value, decimals),
      finite(g.valueShare),
    ]),
    columnFormats: [null, COUNT, SHARE, MONEY, SHARE],
    fillByColumn: { col: 0, fills: groupFills(setOf("PYRAMID"), result.pyramid, pyramidLabel) },
  });

  const active = result.customers.reduce((n, c) => n + (c.active ? 1 : 0), 0);
  place({
    key: "run",
    title: t.runTitle,
    header: [t.item, t.figure],
    rows: [
      [t.asOf, formatDay(result.asOf)],
      [t.scheme, scheme],
      [t.count, result.customers.length],
      [t.activeCustomers, active],
      [t.total, money(total, decimals)],
      [t.transactions, ingest.transactions.sourceRow.length],
      [t.rejectedRows, ingest.rejected.length],
      [t.futureRows, result.futureRows],
      ...[...(ingest.warnings ?? []), ...result.warnings].map((w): OutCell[] => [t.warning, warningText(w, lang)]),
      ...notes.map((note): OutCell[] => [t.note, note]),
    ],
  });

  const titles = { segments: t.chartSegments, pareto: t.chartPareto, pyramid: t.chartPyramid };
  blocks.push(...summaryCharts(titles, segments, abc, pyramid, result.pyramid.filter((g) => g.code !== NO_PURCHASE).length));
  return blocks;
}
