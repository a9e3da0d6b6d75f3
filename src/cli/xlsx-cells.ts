/**
 * The last check before a value goes into a workbook cell: no NaN or ±Infinity (a blank instead:
 * spreadsheet readers reject such cells) and no text longer than a cell holds (cut, and the rows
 * remembered so the command can say which).
 */
import type ExcelJS from "exceljs";
import { cellNumber, cellText, EXCEL_LIMITS } from "../core/report/excel-limits";

/** Rows named per sheet in the warning. */
const ROWS_SHOWN = 5;

export class CellGuard {
  /** Sheet name → 1-based rows where a cell was cut, and how many cells. */
  private readonly cutCells = new Map<string, { rows: number[]; cells: number }>();

  /** `value` as it may go into `cell`. */
  value<T extends ExcelJS.CellValue>(value: T, cell: ExcelJS.Cell): T | null {
    if (typeof value === "number") return cellNumber(value) as T | null;
    if (typeof value !== "string" || value.length <= EXCEL_LIMITS.cellChars) return value;
    this.cut(cell.worksheet.name, Number(cell.row));
    return cellText(value) as T;
  }

  /** Remembers a cell of `sheet` at 1-based `row` that was cut to a cell's length. */
  cut(sheet: string, row: number): void {
    let entry = this.cutCells.get(sheet);
    if (!entry) this.cutCells.set(sheet, (entry = { rows: [], cells: 0 }));
    entry.cells++;
    if (entry.rows[entry.rows.length - 1] !== row) entry.rows.push(row);
  }

  /** One warning naming the cut cells' rows, or none. */
  warnings(): string[] {
    if (this.cutCells.size === 0) return [];
    let cells = 0;
    const where: string[] = [];
    for (const [sheet, { rows, cells: n }] of this.cutCells) {
      cells += n;
      const more = rows.length > ROWS_SHOWN ? ` and ${rows.length - ROWS_SHOWN} more` : "";
      where.push(`sheet "${sheet}" ${rows.length === 1 ? "row" : "rows"} ${rows.slice(0, ROWS_SHOWN).join(", ")}${more}`);
    }
    const limit = EXCEL_LIMITS.cellChars.toLocaleString("en");
    return [
      `${cells} ${cells === 1 ? "cell" : "cells"} longer than ${limit} characters (what an Excel cell holds) cut in the workbook: ${where.join("; ")}`,
    ];
  }
}
