/**
 * "CLV model": read the sales data, fit BG/NBD (transactions) and Gamma-Gamma (spend) in the core,
 * and write a live model sheet: editable assumptions and parameters, one row per customer whose
 * P(alive), expected purchases, expected spend and CLV come from CRM.* custom functions over those
 * cells, and a calibration-vs-holdout check with a line chart. Each of the four columns is one
 * dynamic-array formula over the whole customer columns, spilling down: a formula per customer
 * would make Excel call the functions 4 × customers times on every recalculation, the known slow
 * case of custom functions (ENGINEERING.md).
 *
 * Sheet layout (1-based rows):
 *   A1 title, A2 model and data, A3 how to use it.
 *   A5:C10 assumptions: B6 margin, B7 annual discount rate, B8 horizon (months) — inputs — B9 the
 *     time unit the model was fitted in (fixed: the parameters are per unit), B10 the horizon in
 *     that unit (formula). Sheet-scoped names CRM_Margin, CRM_DiscountRate, CRM_HorizonMonths.
 *   A12:C19 BG/NBD: B13:B16 r, α, a, b (CRM_BGNBD), C13:C16 standard errors, B17 log-likelihood,
 *     B18 customers, B19 converged (C19 the optimiser's message).
 *   A21:C29 Gamma-Gamma: B22:B24 p, q, γ (CRM_GammaGamma), C22:C24 standard errors, B25
 *     log-likelihood, B26 customers, B27 and B28 customers excluded (no repeat purchase; mean spend
 *     ≤ 0), B29 converged (C29 message).
 *   A31:I31 header, then one row per customer: A id, B x, C t_x, D T, E mean repeat spend (values);
 *     F P(alive), G expected purchases over the horizon, H expected spend per purchase, I CLV: the
 *     formulas in F32:I32 spill over the rows below, which are left empty for them.
 *   K5 check title, K6 note; a line chart over K7:R29; K31:M31 header, then per week: K week,
 *     L actual and M predicted cumulative repeat transactions (values).
 *   With intervals asked for, N30 a note and N31:S31 header, then per customer the low and high of
 *     P(alive), expected purchases and CLV as values (clv-extras.ts).
 *   From T5 the diagnostics with their charts and heat maps (clv-diagnostics.ts).
 *
 * Replacing the previous model: the new sheet is written under a free name beside the old one and
 * swapped in by the last request (old deleted, new renamed), so a cancel or a failure before that
 * leaves the previous model as it was. The sheets are recorded by id in the workbook settings under
 * their own key, apart from the segmentation outputs, so neither run removes the other's sheets.
 */
import {
  daysPerUnit,
  runClvWorkflow,
  transactionModel,
  weeklyTracking,
  type BgNbdParams,
  type FitResult,
  type GammaGammaParams,
  type PreparedCustomers,
  type WeeklyTracking,
} from "../core/btyd";
import { formatDay } from "../core/ingest/dates";
import { numError } from "../core/errors";
import { ingest, type IngestResult } from "../core/ingest/ingest";
import { sheetName } from "../core/report/report";
import type { OutCell } from "../core/report/report-types";
import type { Cell, Warning } from "../core/types";
import { rowBytes, toExcel } from "./budget";
import { parseOwnership, type OwnedSheet, type Ownership } from "./ownership";
import { writeDiagnostics } from "./clv-diagnostics";
import { clvExtras, INTERVAL_COL, writeIntervals } from "./clv-extras";
import { CLV_MODEL_TEXT, type ClvModelText } from "./clv-model-text";
import { ProgressReporter } from "./progress";
import { abortError, Session } from "./session";
import { readSource, sheetAddress, type SourceHead, type SourceRect } from "./source";
import type { ClvAssumptions, ClvModelReport, ClvModelRequest, ClvTimeUnit, Progress } from "./types";
import { columnLetters, WriteBatch, writeRows } from "./writer";

/** Settings key of the model sheet record (an Ownership with one sheet, key "clvModel"). */
export const CLV_MODEL_KEY = "crmSegments.clvModel";

/** Cells the user is meant to edit: blue text on light yellow, the usual spreadsheet-model convention. */
export const INPUT_STYLE = { fill: "#FFF2CC", font: "#0000FF" };

const DEFAULTS: ClvAssumptions = { margin: 1, annualDiscountRate: 0.1, horizonMonths: 12 };

/** A1 reference of a 0-based cell, absolute ($B$6) when asked. */
function a1(row: number, col: number, absolute = false): string {
  const d = absolute ? "$" : "";
  return `${d}${columnLetters(col)}${d}${row + 1}`;
}

function rangeA1(row: number, col: number, rows: number, cols: number, absolute = false): string {
  return `${a1(row, col, absolute)}:${a1(row + rows - 1, col + cols - 1, absolute)}`;
}

/** 0-based positions of the layout described above. */
const AT = {
  margin: 5,
  rate: 6,
  horizon: 7,
  unit: 8,
  horizonUnits: 9,
  bgnbd: 11,
  gg: 20,
  header: 30,
  checkCol: 10,
  chartFrom: "K7",
  chartTo: "R29",
};
const B = 1;
const PARAMS = rangeA1(AT.bgnbd + 1, B, 4, 1, true);
const GG_PARAMS = rangeA1(AT.gg + 1, B, 3, 1, true);
const CUSTOMER_COLS = 9;

const UNIT_CODE: Record<ClvTimeUnit, string> = { day: "DAY", week: "WEEK", month: "MONTH" };

function resolveAssumptions(given: Partial<ClvAssumptions> | undefined): ClvAssumptions {
  const a = { ...DEFAULTS, ...given };
  if (!Number.isFinite(a.margin)) throw numError(`margin must be a finite number (got ${a.margin})`);
  if (!(a.annualDiscountRate > -1 && Number.isFinite(a.annualDiscountRate)))
    throw numError(`annual discount rate must be > −1 (got ${a.annualDiscountRate})`);
  if (!(Number.isInteger(a.horizonMonths) && a.horizonMonths >= 1))
    throw numError(`horizon must be a whole number of months ≥ 1 (got ${a.horizonMonths})`);
  return a;
}

interface Model {
  ingested: IngestResult;
  prepared: PreparedCustomers;
  bgnbd: FitResult<BgNbdParams>;
  gammaGamma: FitResult<GammaGammaParams>;
  tracking: WeeklyTracking;
  /** The horizon in model time units (the diagnostics' expected purchases). */
  horizon: number;
  warnings: Warning[];
  extras: ReturnType<typeof clvExtras>;
}

function fitModel(table: Cell[][], source: SourceRect, request: ClvModelRequest, assumptions: ClvAssumptions): Model {
  const ingested = ingest(table, {
    mapping: request.mapping,
    hasHeader: source.tableName ? true : undefined,
    firstRowNumber: source.row + 1,
    date1904: request.date1904,
  });
  // The sheet computes the predictions with formulas; the workflow's values are the same numbers.
  const run = runClvWorkflow(ingested.transactions, {
    calibrationEnd: request.calibrationEnd,
    holdoutEnd: request.holdoutEnd,
    unit: request.unit ?? "week",
    model: "bgnbd",
    // The other models are fitted too, for the pane's comparison; the sheet stays BG/NBD.
    compare: true,
    spend: "required",
    horizonMonths: assumptions.horizonMonths,
    annualDiscountRate: assumptions.annualDiscountRate,
    margin: assumptions.margin,
  });
  const { prepared, transactions: bgnbd } = run;
  const gammaGamma = run.spend!;
  const warnings = [...ingested.warnings];
  if (!bgnbd.converged) warnings.push({ code: "BGNBD_NOT_CONVERGED", message: `BG/NBD: ${bgnbd.message}` });
  if (!gammaGamma.converged) warnings.push({ code: "GAMMA_GAMMA_NOT_CONVERGED", message: `Gamma-Gamma: ${gammaGamma.message}` });
  if (!(gammaGamma.params.q > 1)) {
    warnings.push({
      code: "GAMMA_GAMMA_INFINITE_MEAN",
      message: `Gamma-Gamma: q = ${gammaGamma.params.q} ≤ 1, so expected spend and CLV are undefined (#NUM!).`,
    });
  }
  const tracking = run.tracking ?? weeklyTracking(ingested.transactions, prepared, transactionModel("bgnbd", bgnbd.params).expected);
  const extras = clvExtras(run, ingested.transactions.day, request, assumptions);
  return { ingested, prepared, bgnbd, gammaGamma, tracking, horizon: run.horizon, warnings, extras };
}

/**
 * The spilling formulas of F:I for `n` customers from 0-based sheet row `first`: each takes whole
 * columns x, t_x, T (and mean spend) and returns one value per customer, aligned with them.
 */
function customerFormulas(first: number, n: number, unit: string): string[] {
  const column = (col: number) => rangeA1(first, col, n, 1);
  const [x, tx, T, m] = [column(1), column(2), column(3), column(4)];
  const horizonUnits = a1(AT.horizonUnits, B, true);
  const margin = a1(AT.margin, B, true);
  const rate = a1(AT.rate, B, true);
  const months = a1(AT.horizon, B, true);
  return [
    `=CRM.PALIVE(${PARAMS},${x},${tx},${T})`,
    `=CRM.EXPPURCHASES(${PARAMS},${horizonUnits},${x},${tx},${T})`,
    `=CRM.EXPSPEND(${GG_PARAMS},${x},${m})`,
    `=CRM.BTYDCLV(${PARAMS},${GG_PARAMS},${x},${tx},${T},${m},${months},${rate},${margin},"BGNBD","${unit}","MONTH")`,
  ];
}

/** Customer values in budgeted chunks (ids through toExcel, so "00123" stays text), then the four spilling formulas. */
async function writeCustomers(batch: WriteBatch, sheet: Excel.Worksheet, prepared: PreparedCustomers, unit: ClvTimeUnit): Promise<void> {
  const first = AT.header + 1;
  const n = prepared.id.length;
  if (n === 0) return;
  const rows: OutCell[][] = prepared.id.map((id, k) => [id, prepared.x[k], prepared.tx[k], prepared.T[k], prepared.meanSpend[k]]);
  await writeRows(batch, sheet, first, 0, rows, 5, [false, false, false, false, false], false);
  const formulas = customerFormulas(first, n, UNIT_CODE[unit]);
  await batch.reserve(rowBytes(formulas));
  sheet.getRangeByIndexes(first, 5, 1, formulas.length).formulas = [formulas];
}

function horizonFormula(unit: ClvTimeUnit): string {
  const months = a1(AT.horizon, B);
  if (unit === "month") return `=${months}`;
  // A month is 365.25/12 days (core DAYS_PER_MONTH), as in the CLV's own period length.
  return unit === "day" ? `=${months}*365.25/12` : `=${months}*365.25/12/7`;
}

function fitRows(fit: FitResult, names: string[], extra: [string, OutCell][], t: ClvModelText): OutCell[][] {
  return [
    ...names.map((name) => [name === "alpha" ? "α" : name === "gamma" ? "γ" : name, fit.params[name], fit.stdErrors[name]] as OutCell[]),
    [t.ll, fit.logLikelihood, null],
    ...extra.map(([label, value]) => [label, value, null] as OutCell[]),
    [t.converged, fit.converged ? t.yes : t.no, null, fit.message],
  ];
}

/** Assumptions, parameters and the texts above them (values; one formula). */
async function writeTop(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  model: Model,
  head: SourceHead,
  request: ClvModelRequest,
  assumptions: ClvAssumptions,
): Promise<void> {
  const t = CLV_MODEL_TEXT[request.lang];
  const unit = request.unit ?? "week";
  const { bgnbd, gammaGamma } = model;
  const { sheetName: sourceSheet, tableName, row, column, rows, columns } = head.source;
  const source = tableName ?? sheetAddress(sourceSheet, row, column, rows, columns);
  const about = t.about(
    source,
    formatDay(request.calibrationEnd),
    request.holdoutEnd === undefined ? undefined : formatDay(request.holdoutEnd),
    t.units[unit],
  );
  const top: OutCell[][] = [
    [t.title],
    [about],
    [t.howTo],
    [],
    [t.assumptions],
    [t.margin, assumptions.margin, null, t.marginNote],
    [t.rate, assumptions.annualDiscountRate],
    [t.horizon, assumptions.horizonMonths],
    [t.unit, t.units[unit], null, t.unitNote],
    [t.horizonUnits(t.units[unit])],
    [],
    [t.bgnbd, t.estimate, t.stdError],
    ...fitRows(bgnbd, ["r", "alpha", "a", "b"], [[t.customers, bgnbd.customers]], t),
    [],
    [t.gg, t.estimate, t.stdError],
    ...fitRows(
      gammaGamma,
      ["p", "q", "gamma"],
      [
        [t.ggCustomers, gammaGamma.customers],
        [t.noRepeat, gammaGamma.excluded.noRepeatPurchase ?? 0],
        [t.nonPositive, gammaGamma.excluded.nonPositiveSpend ?? 0],
      ],
      t,
    ),
  ];
  await writeRows(batch, sheet, 0, 0, top, 4, [false, false, false, false], false);
  await batch.reserve(400);
  sheet.getRangeByIndexes(AT.horizonUnits, B, 1, 1).formulas = [[horizonFormula(unit)]];

  await batch.reserve(3000);
  const cell = (row: number, rows = 1) => sheet.getRangeByIndexes(row, B, rows, 1);
  cell(AT.margin).numberFormat = [["0%"]];
  cell(AT.rate).numberFormat = [["0.0%"]];
  cell(AT.horizon).numberFormat = [["0"]];
  cell(AT.horizonUnits).numberFormat = [["0.00"]];
  sheet.getRangeByIndexes(AT.bgnbd + 1, B, 4, 2).numberFormat = [["0.000"]];
  sheet.getRangeByIndexes(AT.gg + 1, B, 3, 2).numberFormat = [["0.00"]];
  cell(AT.bgnbd + 5).numberFormat = [["#,##0.0"]];
  cell(AT.gg + 4).numberFormat = [["#,##0.0"]];
  for (const input of [cell(AT.margin, 3), cell(AT.bgnbd + 1, 4), cell(AT.gg + 1, 3)]) {
    input.format.fill.color = INPUT_STYLE.fill;
    input.format.font.color = INPUT_STYLE.font;
  }
  for (const row of [0, 4, AT.bgnbd, AT.gg]) sheet.getRangeByIndexes(row, 0, 1, 3).format.font.bold = true;
  // Names for the user's own formulas; scoped to the sheet, so they go with it on the next run.
  sheet.names.add("CRM_Margin", cell(AT.margin));
  sheet.names.add("CRM_DiscountRate", cell(AT.rate));
  sheet.names.add("CRM_HorizonMonths", cell(AT.horizon));
  sheet.names.add("CRM_BGNBD", cell(AT.bgnbd + 1, 4));
  sheet.names.add("CRM_GammaGamma", cell(AT.gg + 1, 3));
}

async function writeCustomerBlock(batch: WriteBatch, sheet: Excel.Worksheet, model: Model, request: ClvModelRequest): Promise<void> {
  const t = CLV_MODEL_TEXT[request.lang];
  const unit = request.unit ?? "week";
  const n = model.prepared.id.length;
  await batch.reserve(2000);
  const header = sheet.getRangeByIndexes(AT.header, 0, 1, CUSTOMER_COLS);
  header.values = [t.header(t.units[unit]).map((h) => toExcel(h))];
  header.format.font.bold = true;
  const formats = ["0", "0.00", "0.00", "#,##0.00", "0.000", "0.00", "#,##0.00", "#,##0.00"];
  formats.forEach((f, j) => (sheet.getRangeByIndexes(AT.header + 1, 1 + j, n, 1).numberFormat = [[f]]));
  await writeCustomers(batch, sheet, model.prepared, unit);
}

async function writeCheck(batch: WriteBatch, sheet: Excel.Worksheet, model: Model, request: ClvModelRequest): Promise<void> {
  const t = CLV_MODEL_TEXT[request.lang];
  const { actual, predicted, calibrationWeeks } = model.tracking;
  const weeks = actual.length;
  const col = AT.checkCol;
  const rows: OutCell[][] = [t.checkHeader, ...actual.map((v, k) => [k + 1, v, predicted[k]])];
  await batch.reserve(2000);
  sheet.getRangeByIndexes(4, col, 2, 1).values = [[toExcel(t.checkTitle)], [toExcel(t.checkNote(calibrationWeeks))]];
  sheet.getRangeByIndexes(4, col, 1, 1).format.font.bold = true;
  sheet.getRangeByIndexes(AT.header, col, 1, 3).format.font.bold = true;
  sheet.getRangeByIndexes(AT.header + 1, col, weeks, 1).numberFormat = [["0"]];
  sheet.getRangeByIndexes(AT.header + 1, col + 1, weeks, 1).numberFormat = [["#,##0"]];
  sheet.getRangeByIndexes(AT.header + 1, col + 2, weeks, 1).numberFormat = [["#,##0.0"]];
  await writeRows(batch, sheet, AT.header, col, rows, 3, [false, false, false], false);

  await batch.reserve(1000);
  const chart = sheet.charts.add("Line", sheet.getRangeByIndexes(AT.header, col + 1, weeks + 1, 2), "Columns");
  chart.title.text = t.chartTitle;
  const weeksRange = sheet.getRangeByIndexes(AT.header + 1, col, weeks, 1);
  chart.series.getItemAt(0).setXAxisValues(weeksRange);
  chart.series.getItemAt(1).setXAxisValues(weeksRange);
  chart.legend.position = "Bottom";
  chart.setPosition(AT.chartFrom, AT.chartTo);
}

interface SwapState {
  /** Id of the sheet being written, known once the request adding it has run. */
  id?: string;
  /** The free name it was added under, before the swap gives it the model's name. */
  tempName: string;
}

async function removeSheet(session: Session, name: string): Promise<void> {
  const sheet = session.context.workbook.worksheets.getItemOrNullObject(name).load("id");
  await session.sync();
  if (!sheet.isNullObject) sheet.delete();
  await session.sync();
}

/** Removes this run's sheet; the record keeps the previous model's sheets that still exist (none: no record). */
async function rollback(session: Session, state: SwapState, previous: OwnedSheet[]): Promise<void> {
  const workbook = session.context.workbook;
  const created = workbook.worksheets.getItemOrNullObject(state.id ?? state.tempName).load("id");
  const before = previous.map((s) => workbook.worksheets.getItemOrNullObject(s.id).load("id"));
  const record = workbook.settings.getItemOrNullObject(CLV_MODEL_KEY).load("key");
  // Also runs whatever was still queued, so its effects are seen and undone.
  await session.sync();
  if (!created.isNullObject && (state.id === undefined || created.id === state.id)) created.delete();
  const kept: Ownership = { sheets: previous.filter((_, i) => !before[i].isNullObject) };
  if (kept.sheets.length > 0) workbook.settings.add(CLV_MODEL_KEY, kept);
  else if (!record.isNullObject) record.delete();
  await session.sync();
}

async function writeModel(
  session: Session,
  head: SourceHead,
  model: Model,
  request: ClvModelRequest,
  assumptions: ClvAssumptions,
  progress: ProgressReporter,
): Promise<string> {
  session.throwIfAborted();
  const workbook = session.context.workbook;
  const t = CLV_MODEL_TEXT[request.lang];
  const { source, state: book } = head;
  const taken = new Set(book.sheets.map((s) => s.name.toLowerCase()));
  const state: SwapState = { tempName: sheetName(t.sheet, taken) };
  const recordItem = workbook.settings.getItemOrNullObject(CLV_MODEL_KEY).load("value");
  const sheet = workbook.worksheets.add(state.tempName);
  sheet.load("id");
  try {
    await session.sync();
  } catch (error) {
    // The request may have been applied before it failed: the sheet goes, the record was not touched.
    await removeSheet(new Session(session.context), state.tempName).catch(() => undefined);
    throw error;
  }
  state.id = sheet.id;
  const existing = new Set(book.sheets.map((s) => s.id));
  // A previous model the user now reads data from is theirs from now on.
  const previous = parseOwnership(recordItem.isNullObject ? null : recordItem.value).sheets.filter(
    (s) => existing.has(s.id) && s.id !== source.sheetId,
  );

  try {
    const total = 40 + model.prepared.id.length + model.tracking.actual.length;
    const batch = new WriteBatch(session, total, (f) => progress.write(f));
    // Recorded before any content, so a run cut short (pane closed) is cleaned up by the next one.
    const mine: OwnedSheet = { key: "clvModel", id: state.id, name: state.tempName };
    await batch.reserve(2000);
    workbook.settings.add(CLV_MODEL_KEY, { sheets: [...previous, mine] } satisfies Ownership);
    await writeTop(batch, sheet, model, head, request, assumptions);
    await writeCustomerBlock(batch, sheet, model, request);
    await writeCheck(batch, sheet, model, request);
    if (model.extras.intervals) await writeIntervals(batch, sheet, model.extras.intervals, AT.header, request.lang);
    await writeDiagnostics(batch, sheet, model.prepared, transactionModel("bgnbd", model.bgnbd.params), model.horizon, request.lang);
    // Widths from the labels, values and the first customers; the long texts (title rows, notes in
    // column D, the optimiser's message) are left out and run on into the empty cells to their right.
    const fitted = AT.header + 1 + Math.min(model.prepared.id.length, 200) - 4;
    await batch.reserve(600);
    sheet.getRangeByIndexes(4, 0, fitted, 3).format.autofitColumns();
    sheet.getRangeByIndexes(AT.header, 3, fitted - (AT.header - 4), CUSTOMER_COLS - 3).format.autofitColumns();
    sheet.getRangeByIndexes(AT.header, AT.checkCol, 1 + model.tracking.actual.length, 3).format.autofitColumns();
    if (model.extras.intervals) sheet.getRangeByIndexes(AT.header, INTERVAL_COL, fitted - (AT.header - 4), 6).format.autofitColumns();
    await batch.flush();
    // A cancel pressed while the last content request was under way still counts.
    session.throwIfAborted();

    // The swap: the previous model goes, the new one takes its name. Past this point the run completes.
    for (const s of previous) workbook.worksheets.getItem(s.id).delete();
    // Their names as they are now (the user may have renamed them), not as recorded.
    const goneIds = new Set(previous.map((s) => s.id));
    const gone = new Set(book.sheets.filter((s) => goneIds.has(s.id)).map((s) => s.name.toLowerCase()));
    const free = new Set([...taken].filter((name) => !gone.has(name) && name !== state.tempName.toLowerCase()));
    const finalName = sheetName(t.sheet, free);
    if (finalName !== state.tempName) sheet.name = finalName;
    workbook.settings.add(CLV_MODEL_KEY, { sheets: [{ ...mine, name: finalName }] } satisfies Ownership);
    sheet.activate();
    sheet.getRange("A1").select();
    await session.sync();
    return finalName;
  } catch (error) {
    try {
      await rollback(session, state, previous);
    } catch {
      // The original error says what went wrong; a failed clean-up must not hide it.
    }
    throw error;
  }
}

export async function buildClvModel(
  request: ClvModelRequest,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<ClvModelReport> {
  if (signal.aborted) throw abortError(signal);
  const assumptions = resolveAssumptions(request.assumptions);
  // Checked here so a bad unit fails before the data are read.
  daysPerUnit(request.unit ?? "week");
  const progress = new ProgressReporter(onProgress);
  return Excel.run(async (context) => {
    const session = new Session(context, signal);
    progress.start();
    const { head, table } = await readSource(session, request.source, (read, total) => progress.read(read, total));
    const { source } = head;
    progress.analyze();
    const model = fitModel(table, source, request, assumptions);
    session.throwIfAborted();
    progress.write(0);
    const name = await writeModel(session, head, model, request, assumptions, progress);
    progress.done();
    const { prepared, tracking } = model;
    const last = tracking.actual.length - 1;
    return {
      sheetName: name,
      bgnbd: model.bgnbd,
      gammaGamma: model.gammaGamma,
      customers: prepared.id.length,
      excluded: {
        rejectedRows: model.ingested.rejected.length,
        rowsAfterEnd: prepared.rowsAfterEnd,
        firstAfterCalibration: prepared.excluded.firstAfterCalibration,
        onlyReturns: prepared.excluded.onlyReturns,
        returnDays: prepared.returnDays,
      },
      tracking: {
        weeks: last + 1,
        calibrationWeeks: tracking.calibrationWeeks,
        actual: tracking.actual[last],
        predicted: tracking.predicted[last],
      },
      assumptions,
      rows: model.ingested.counts.dataRows,
      warnings: model.warnings,
      ...model.extras.report,
      syncs: session.syncs,
    };
  });
}
