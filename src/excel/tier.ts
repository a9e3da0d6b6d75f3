/**
 * Tier (class) columns beside the user's data: writing them, removing a previous run's, and the
 * backup that lets a cancelled or failed re-run put the previous ones back. They are the add-in's
 * own cells, so the backup reads them before anything changes: the values in budgeted chunks, and
 * each column's number format from its first data cell (each was written as one broadcast per
 * column); the header's fill and font are the add-in's constants.
 */
import type { OutCell, TierColumns } from "../core/report/report-types";
import { rowBytes, toExcel } from "./budget";
import type { OwnedTierColumns } from "./ownership";
import type { Session } from "./session";
import { readRect } from "./source";
import { isDateFormat, TIER_HEADER_FILL, writeRows, type WriteBatch } from "./writer";

export interface TierBackup {
  plan: OwnedTierColumns;
  /** Data rows below the header, as Excel returned them. */
  rows: OutCell[][];
  formats: (string | null)[];
}

/**
 * Writes tier columns. `serials`: date values are Excel serials already (a backup being restored),
 * not the core's day numbers.
 */
export async function writeTier(
  batch: WriteBatch,
  session: Session,
  plan: OwnedTierColumns,
  tier: TierColumns,
  date1904: boolean,
  serials = false,
): Promise<void> {
  const workbook = session.context.workbook;
  const sheet = workbook.worksheets.getItem(plan.sheetId);
  const width = plan.headers.length;
  await batch.reserve(rowBytes(plan.headers) + width * 100);
  if (plan.tableName) {
    const columns = workbook.tables.getItem(plan.tableName).columns;
    for (const header of plan.headers) columns.add(undefined, undefined, header);
  } else {
    sheet.getRangeByIndexes(plan.headerRow, plan.firstColumn, 1, width).values = [plan.headers.map((h) => toExcel(h))];
  }
  const header = sheet.getRangeByIndexes(plan.headerRow, plan.firstColumn, 1, width);
  header.format.fill.color = TIER_HEADER_FILL.fill;
  header.format.font.color = TIER_HEADER_FILL.font;
  header.format.font.bold = true;
  const formats = tier.columnFormats ?? [];
  formats.forEach((format, j) => {
    if (format && plan.rows > 0) sheet.getRangeByIndexes(plan.headerRow + 1, plan.firstColumn + j, plan.rows, 1).numberFormat = [[format]];
  });
  const dateColumns = plan.headers.map((_, j) => !serials && isDateFormat(formats[j]));
  await writeRows(batch, sheet, plan.headerRow + 1, plan.firstColumn, tier.rows, width, dateColumns, date1904);
}

/** Removes tier columns (queued; the caller syncs); outside a table the cells are cleared, never deleted, so no user cell moves. */
export function queueTierRemoval(session: Session, tier: OwnedTierColumns, tableExists: boolean): void {
  const workbook = session.context.workbook;
  if (tier.tableName && tableExists) {
    const columns = workbook.tables.getItem(tier.tableName).columns;
    for (const header of tier.headers) columns.getItem(header).delete();
  } else {
    workbook.worksheets
      .getItem(tier.sheetId)
      .getRangeByIndexes(tier.headerRow, tier.firstColumn, tier.rows + 1, tier.headers.length)
      .clear();
  }
}

/** The previous tier columns (found at their recorded place with their recorded headers): one or more reads. */
export async function readTierBackup(session: Session, plan: OwnedTierColumns): Promise<TierBackup> {
  const sheet = session.context.workbook.worksheets.getItem(plan.sheetId);
  const width = plan.headers.length;
  let firstRow: Excel.Range | undefined;
  const values = await readRect(
    session,
    {
      sheetId: plan.sheetId,
      sheetName: plan.sheetName,
      row: plan.headerRow,
      column: plan.firstColumn,
      rows: plan.rows + 1,
      columns: width,
    },
    () => {
      if (plan.rows > 0) firstRow = sheet.getRangeByIndexes(plan.headerRow + 1, plan.firstColumn, 1, width).load("numberFormat");
    },
  );
  // "General" is what a cell without a format shows; writing it would add a format the first run never set.
  const formats = plan.headers.map((_, j) => {
    const format = firstRow?.numberFormat[0][j];
    return typeof format === "string" && format !== "General" ? format : null;
  });
  return { plan, rows: values.slice(1).map((row) => row.map((v) => v ?? null)), formats };
}

export async function restoreTier(batch: WriteBatch, session: Session, backup: TierBackup): Promise<void> {
  const { plan } = backup;
  await writeTier(batch, session, plan, { header: plan.headers, rows: backup.rows, columnFormats: backup.formats }, false, true);
}

interface Rect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** The parts of `a` outside `b` (up to four rectangles): cells a new tier needs that the old one does not hold. */
export function rectMinus(a: Rect, b: Rect | undefined): Rect[] {
  if (!b) return [a];
  const top = Math.max(a.row, b.row);
  const bottom = Math.min(a.row + a.rows, b.row + b.rows);
  const left = Math.max(a.column, b.column);
  const right = Math.min(a.column + a.columns, b.column + b.columns);
  if (top >= bottom || left >= right) return [a];
  const parts: Rect[] = [
    { row: a.row, column: a.column, rows: top - a.row, columns: a.columns },
    { row: bottom, column: a.column, rows: a.row + a.rows - bottom, columns: a.columns },
    { row: top, column: a.column, rows: bottom - top, columns: left - a.column },
    { row: top, column: right, rows: bottom - top, columns: a.column + a.columns - right },
  ];
  return parts.filter((p) => p.rows > 0 && p.columns > 0);
}
