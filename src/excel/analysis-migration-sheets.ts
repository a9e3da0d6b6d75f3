/**
 * The two sheets of the migration and event CLV analysis as live formulas (METHODS §7.7, §7.8).
 *
 * Migration sheet (1-based rows; K recency states):
 *   A1 title, A2 data and periods, A3 how to use it.
 *   A5 assumptions: B6 period length (days), B7 as-of date, B8 mean net spend of a purchase period
 *     (data), B9 margin % (input), B10 margin per purchase period (= B8·B9, or typed), B11 contact
 *     cost per period, B12 discount rate per period, B13 horizon in periods (blank = infinite).
 *   A15 states title, A16:G16 header; rows 17…16+K: k, meaning, p_k (input), customers observed in
 *     the state, R_k = p_k·margin − cost, V_k (one CRM.MIGRATION formula spilling down), customers
 *     now; row 17+K the lost state (K+1) with value 0.
 *   Below: the transition matrix P, every entry a formula over the p_k cells; then the customers,
 *     their recency state (K+1 = lost) and a value formula INDEX-ing the V column by the state.
 * Event sheet: B6 as-of date, B7 annual rate, B8 the NPV of all events (SUM); row 10 header, rows
 *   11…60 the editable events (three example rows, §7.8's vector), G:I the years, the discount
 *   factor and the discounted value as formulas; K10:L20 customers and their NPV (SUMIF).
 */
import { formatDay, serialFromDay } from "../core/ingest/dates";
import type { OutCell } from "../core/report/report-types";
import { MIGRATION_TEXT, type MigrationText } from "./analysis-migration-text";
import { toExcel } from "./budget";
import { INPUT_STYLE } from "./clv-model";
import { columnLetters, type WriteBatch } from "./writer";
import type { OutputLang } from "../core/types";

/** 0-based rows of the assumption cells (column B). */
export const MODEL_AT = {
  periodDays: 5,
  asOf: 6,
  meanSpend: 7,
  marginPct: 8,
  margin: 9,
  contact: 10,
  rate: 11,
  horizon: 12,
  statesTitle: 14,
  statesHeader: 15,
};
const FIRST_STATE = MODEL_AT.statesHeader + 1;

/** Where the blocks below the state table start, for K states. */
export function modelLayout(states: number) {
  const matrixTitle = FIRST_STATE + states + 2;
  const matrixHeader = matrixTitle + 1;
  const customersTitle = matrixHeader + states + 3;
  return {
    firstState: FIRST_STATE,
    lostRow: FIRST_STATE + states,
    matrixTitle,
    matrixHeader,
    customersTitle,
    customersHeader: customersTitle + 1,
  };
}

const EVENT_AT = { asOf: 5, rate: 6, npv: 7, header: 9, rows: 50, customerCol: 10, customers: 10 };

/** A1 reference of a 0-based cell. */
function a1(row: number, col: number, absolute = false): string {
  const d = absolute ? "$" : "";
  return `${d}${columnLetters(col)}${d}${row + 1}`;
}

export interface MigrationModel {
  probs: number[];
  atRisk: number[];
  /** Customers now in each state 1…K, then the lost ones. */
  counts: number[];
  meanSpend: number;
  marginPct: number;
  /** Typed in the pane; absent when it is mean spend × margin %. */
  typedMargin?: number;
  contactCost: number;
  discountRate: number;
  horizon?: number;
  periodDays: number;
  asOf: number;
  probsTyped: boolean;
  source: string;
}

/** A formula cell, told apart from text so that text is written as text (toExcel) whatever it starts with. */
interface Formula {
  f: string;
}
type GridCell = OutCell | Formula;
const fx = (f: string): Formula => ({ f });

/** Range.formulas entries: formulas as they are, everything else as Range.values would take it. */
function formulasOf(grid: GridCell[][]): (string | number | boolean)[][] {
  return grid.map((row) => row.map((v) => (v !== null && typeof v === "object" ? v.f : toExcel(v))));
}

function style(sheet: Excel.Worksheet, row: number, col: number, rows: number, cols: number, format?: string, input = false): void {
  const range = sheet.getRangeByIndexes(row, col, rows, cols);
  if (format) range.numberFormat = [[format]];
  if (input) {
    range.format.fill.color = INPUT_STYLE.fill;
    range.format.font.color = INPUT_STYLE.font;
  }
}

/** The V_k formula: CRM.MIGRATION over the p_k cells; a blank horizon passes "" (infinite), where a bare reference might pass 0. */
function valuesFormula(states: number): Formula {
  const L = modelLayout(states);
  const probs = `${a1(L.firstState, 2, true)}:${a1(L.firstState + states - 1, 2, true)}`;
  const [margin, contact, rate, horizon] = [MODEL_AT.margin, MODEL_AT.contact, MODEL_AT.rate, MODEL_AT.horizon].map((r) => a1(r, 1, true));
  return fx(`=CRM.MIGRATION(${probs},${margin},${contact},${rate},IF(ISNUMBER(${horizon}),${horizon},""))`);
}

function modelGrid(m: MigrationModel, t: MigrationText, date1904: boolean): GridCell[][] {
  const K = m.probs.length;
  const L = modelLayout(K);
  const width = Math.max(7, K + 2);
  const rows: GridCell[][] = Array.from({ length: L.matrixHeader + K + 2 }, () => new Array<GridCell>(width).fill(null));
  const put = (row: number, cells: GridCell[]) => cells.forEach((v, j) => (rows[row][j] = v));
  const B = (row: number) => a1(row, 1, true);
  put(0, [t.title]);
  put(1, [t.about(m.source, m.periodDays, formatDay(m.asOf))]);
  put(2, [t.howTo]);
  put(4, [t.assumptions]);
  put(MODEL_AT.periodDays, [t.periodDays, m.periodDays, t.periodNote]);
  put(MODEL_AT.asOf, [t.asOf, serialFromDay(m.asOf, date1904)]);
  put(MODEL_AT.meanSpend, [t.meanSpend, m.meanSpend]);
  put(MODEL_AT.marginPct, [t.marginPct, m.marginPct]);
  const margin = m.typedMargin === undefined ? fx(`=${B(MODEL_AT.meanSpend)}*${B(MODEL_AT.marginPct)}`) : m.typedMargin;
  put(MODEL_AT.margin, [t.margin, margin, m.typedMargin === undefined ? t.marginFromData : t.marginTyped]);
  put(MODEL_AT.contact, [t.contactCost, m.contactCost]);
  put(MODEL_AT.rate, [t.rate, m.discountRate]);
  put(MODEL_AT.horizon, [t.horizon, m.horizon ?? null]);
  put(MODEL_AT.statesTitle, [t.states, "", m.probsTyped ? t.typedNote : t.estimatedNote]);
  put(MODEL_AT.statesHeader, t.statesHeader);
  for (let k = 1; k <= K; k++) {
    const r = L.firstState + k - 1;
    const p = a1(r, 2);
    const reward = fx(`=${p}*${B(MODEL_AT.margin)}-${B(MODEL_AT.contact)}`);
    put(r, [k, t.stateMeaning(k), m.probs[k - 1], m.atRisk[k - 1], reward, k === 1 ? valuesFormula(K) : null, m.counts[k - 1]]);
  }
  put(L.lostRow, [K + 1, `${t.lost}: ${t.lostMeaning}`, null, null, 0, 0, m.counts[K]]);
  put(L.matrixTitle, [t.matrix]);
  put(L.matrixHeader, [t.from, ...Array.from({ length: K }, (_, j) => j + 1), t.lost]);
  for (let i = 1; i <= K + 1; i++) {
    const p = a1(L.firstState + i - 1, 2, true);
    const cells: GridCell[] = Array.from({ length: K + 1 }, (_, j) => {
      const to = j + 1;
      if (i === K + 1) return to === K + 1 ? 1 : 0;
      if (to === 1) return fx(`=${p}`);
      return to === i + 1 ? fx(`=1-${p}`) : 0;
    });
    // From state K, "next" (K + 1) is the lost column.
    put(L.matrixHeader + i, [i === K + 1 ? t.lost : i, ...cells]);
  }
  return rows;
}

/** Top of the migration sheet: assumptions, states, values and the transition matrix (one request). */
export async function writeModelTop(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  m: MigrationModel,
  lang: OutputLang,
  date1904: boolean,
): Promise<void> {
  const t = MIGRATION_TEXT[lang];
  const K = m.probs.length;
  const L = modelLayout(K);
  const grid = modelGrid(m, t, date1904);
  const formulas = formulasOf(grid);
  await batch.reserve(JSON.stringify(formulas).length + 6000);
  sheet.getRangeByIndexes(0, 0, formulas.length, formulas[0].length).formulas = formulas;
  const B = 1;
  style(sheet, MODEL_AT.periodDays, B, 1, 1, "0");
  style(sheet, MODEL_AT.asOf, B, 1, 1, "yyyy-mm-dd");
  style(sheet, MODEL_AT.meanSpend, B, 1, 1, "#,##0.00");
  style(sheet, MODEL_AT.marginPct, B, 1, 1, "0%", true);
  style(sheet, MODEL_AT.margin, B, 1, 1, "#,##0.00", m.typedMargin !== undefined);
  style(sheet, MODEL_AT.contact, B, 1, 1, "#,##0.00", true);
  style(sheet, MODEL_AT.rate, B, 1, 1, "0.0%", true);
  style(sheet, MODEL_AT.horizon, B, 1, 1, "0", true);
  style(sheet, L.firstState, 2, K, 1, "0.0%", true);
  style(sheet, L.firstState, 3, K + 1, 1, "#,##0");
  style(sheet, L.firstState, 4, K + 1, 2, "#,##0.00");
  style(sheet, L.firstState, 6, K + 1, 1, "#,##0");
  style(sheet, L.matrixHeader + 1, 1, K + 1, K + 1, "0.0%");
  for (const row of [0, 4, MODEL_AT.statesTitle, MODEL_AT.statesHeader, L.matrixTitle, L.matrixHeader, L.customersTitle]) {
    sheet.getRangeByIndexes(row, 0, 1, row === MODEL_AT.statesHeader ? 7 : row === L.matrixHeader ? K + 2 : 1).format.font.bold = true;
  }
  sheet.getRangeByIndexes(L.firstState, 5, K + 1, 1).format.font.bold = true;
  // Names for the user's own formulas; scoped to the sheet, so they go with it on the next run.
  sheet.names.add("CRM_PurchaseProbs", sheet.getRangeByIndexes(L.firstState, 2, K, 1));
  sheet.names.add("CRM_StateValues", sheet.getRangeByIndexes(L.firstState, 5, K + 1, 1));
  sheet.names.add("CRM_Margin", sheet.getRangeByIndexes(MODEL_AT.margin, B, 1, 1));
  sheet.names.add("CRM_DiscountRate", sheet.getRangeByIndexes(MODEL_AT.rate, B, 1, 1));
}

/**
 * One value formula per customer, =INDEX(V column, state): plain Excel, so a recalculation costs
 * nothing like a custom function call per row. Written in budgeted chunks, not per row.
 */
export async function writeCustomerValues(batch: WriteBatch, sheet: Excel.Worksheet, states: number, customers: number): Promise<void> {
  const L = modelLayout(states);
  const values = `${a1(L.firstState, 5, true)}:${a1(L.lostRow, 5, true)}`;
  const first = L.customersHeader + 1;
  await batch.reserve(400);
  sheet.getRangeByIndexes(first, 2, customers, 1).numberFormat = [["#,##0.00"]];
  let i = 0;
  while (i < customers) {
    if (batch.room < 64_000) await batch.flush();
    const room = batch.room - 400;
    const chunk: string[][] = [];
    let bytes = 2;
    while (i + chunk.length < customers) {
      const f = `=INDEX(${values},${a1(first + i + chunk.length, 1)})`;
      if (chunk.length > 0 && bytes + f.length + 5 > room) break;
      chunk.push([f]);
      bytes += f.length + 5;
    }
    await batch.reserve(bytes);
    const range = sheet.getRangeByIndexes(first + i, 2, chunk.length, 1);
    range.formulas = chunk;
    range.untrack();
    i += chunk.length;
  }
}

/** The event sheet, whole (one request): §7.8's example rows, their formulas and the NPV cells. */
export async function writeEventSheet(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  example: { asOf: number; customers: string[] },
  lang: OutputLang,
  date1904: boolean,
): Promise<void> {
  const t = MIGRATION_TEXT[lang];
  const { asOf: asOfRow, rate: rateRow, npv: npvRow, header, rows: n, customerCol } = EVENT_AT;
  const width = customerCol + 2;
  const grid: GridCell[][] = Array.from({ length: header + 1 + n }, () => new Array<GridCell>(width).fill(null));
  const put = (row: number, col: number, cells: GridCell[]) => cells.forEach((v, j) => (grid[row][col + j] = v));
  const date = (day: number) => serialFromDay(day, date1904);
  const first = header + 1;
  const last = header + n;
  put(0, 0, [t.eventTitle]);
  put(1, 0, [t.eventAbout]);
  put(2, 0, [t.eventHowTo]);
  put(4, 0, [t.assumptions]);
  put(asOfRow, 0, [t.asOf, date(example.asOf)]);
  put(rateRow, 0, [t.annualRate, 0.1]);
  const discounted = `${a1(first, 8, true)}:${a1(last, 8, true)}`;
  put(npvRow, 0, [t.npvAll, fx(`=SUM(${discounted})`)]);
  put(header, 0, t.eventHeader);
  put(header, customerCol, t.perCustomer);
  // §7.8's vector: 100 now, and 0.5 × (130 − 20) a year later at 10 % → 100 + 55 / 1.1 = 150; 50 − 50 → 0.
  const [a, b] = [example.customers[0] ?? "A", example.customers[1] ?? example.customers[0] ?? "B"];
  put(first, 0, [a, t.examples[0], date(example.asOf), 100, 0, 1]);
  put(first + 1, 0, [a, t.examples[1], date(example.asOf + 365), 130, 20, 0.5]);
  put(first + 2, 0, [b, t.examples[2], date(example.asOf + 365), 50, 50, 1]);
  const [asOf, rate] = [a1(asOfRow, 1, true), a1(rateRow, 1, true)];
  for (let r = first; r <= last; r++) {
    const R = r + 1;
    const when = `$C${R}=""`;
    put(r, 6, [
      fx(`=IF(${when},"",($C${R}-${asOf})/365)`),
      fx(`=IF(${when},"",1/(1+${rate})^G${R})`),
      fx(`=IF(${when},"",IF(ISNUMBER($F${R}),$F${R},1)*($D${R}-$E${R})*H${R})`),
    ]);
  }
  const ids = `${a1(first, 0, true)}:${a1(last, 0, true)}`;
  [...new Set([a, b])].forEach((id, k) => put(first + k, customerCol, [id]));
  for (let k = 0; k < EVENT_AT.customers; k++) {
    const K = a1(first + k, customerCol);
    put(first + k, customerCol + 1, [fx(`=IF(${K}="","",SUMIF(${ids},${K},${discounted}))`)]);
  }
  const formulas = formulasOf(grid);
  await batch.reserve(JSON.stringify(formulas).length + 5000);
  sheet.getRangeByIndexes(0, 0, formulas.length, width).formulas = formulas;
  style(sheet, asOfRow, 1, 1, 1, "yyyy-mm-dd", true);
  style(sheet, rateRow, 1, 1, 1, "0.0%", true);
  style(sheet, npvRow, 1, 1, 1, "#,##0.00");
  style(sheet, first, 0, n, 6, undefined, true);
  style(sheet, first, 2, n, 1, "yyyy-mm-dd");
  style(sheet, first, 3, n, 2, "#,##0.00");
  style(sheet, first, 5, n, 1, "0%");
  style(sheet, first, 6, n, 1, "0.00");
  style(sheet, first, 7, n, 1, "0.0000");
  style(sheet, first, 8, n, 1, "#,##0.00");
  style(sheet, first, customerCol, EVENT_AT.customers, 1, undefined, true);
  style(sheet, first, customerCol + 1, EVENT_AT.customers, 1, "#,##0.00");
  for (const row of [0, 4, npvRow, header])
    sheet.getRangeByIndexes(row, 0, 1, row === header ? width : row === npvRow ? 2 : 1).format.font.bold = true;
  sheet.getRangeByIndexes(header, 3, n + 1, width - 3).format.autofitColumns();
  sheet.getRangeByIndexes(4, 0, 4, 2).format.autofitColumns();
  sheet.names.add("CRM_EventNPV", sheet.getRangeByIndexes(npvRow, 1, 1, 1));
}
