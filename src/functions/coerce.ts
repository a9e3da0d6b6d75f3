/// <reference types="custom-functions-runtime" />
/**
 * Turning what Excel passes to a custom function into what the core expects, and core errors into
 * Excel errors. Excel passes ranges as 2-D arrays (rows of cells), blank cells as "" or null,
 * omitted optional arguments as null or undefined, dates as serial numbers (or text), numbers
 * sometimes as text, and TRUE/FALSE as booleans.
 */
import { parseAmountText } from "../core/ingest/amounts";
import { describeDateError, dayOf } from "../core/ingest/dates";
import { isCrmError, naError, numError, valueError } from "../core/errors";
import type { Cell, Lang, OutputLang } from "../core/types";

/** A blank cell or an omitted argument. */
export function isBlank(value: unknown): value is null | undefined | "" {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/**
 * The cells of a one-row or one-column range, in order. A scalar counts as a single cell; a range
 * with several rows and several columns is a VALUE error.
 */
export function vector(range: unknown, name: string): Cell[] {
  if (!Array.isArray(range)) return [range as Cell];
  if (range.length === 0) return [];
  if (!Array.isArray(range[0])) return range as Cell[];
  const rows = range.length;
  const cols = (range[0] as unknown[]).length;
  if (cols === 1) return range.map((row) => (row as Cell[])[0]);
  if (rows === 1) return range[0] as Cell[];
  throw valueError(`${name} must be a single row or column (got ${rows} rows × ${cols} columns)`);
}

/**
 * Read access to the cells of a one-row or one-column range without copying them (for ranges of
 * hundreds of thousands of rows); same shapes and errors as `vector`.
 */
export function cells(range: unknown, name: string): { length: number; at(i: number): Cell } {
  if (Array.isArray(range) && range.length > 0 && Array.isArray(range[0])) {
    const rows = range as Cell[][];
    if (rows[0].length === 1) return { length: rows.length, at: (i) => rows[i][0] };
    if (rows.length === 1) return { length: rows[0].length, at: (i) => rows[0][i] };
  }
  const list = vector(range, name);
  return { length: list.length, at: (i) => list[i] };
}

/** An omitted range argument: nothing, or a single blank cell. */
export function isOmitted(range: unknown): boolean {
  if (!Array.isArray(range)) return isBlank(range);
  // Look at the first cell only: a real range of 200,000 rows must not be copied to find out.
  if (range.length > 1) return false;
  const first: unknown = range[0];
  if (!Array.isArray(first)) return range.length === 0 || isBlank(first);
  return first.length === 0 || (first.length === 1 && isBlank(first[0]));
}

/** A rectangular 2-D range as rows of cells (a scalar is a 1×1 range). */
export function matrix(range: unknown, name: string): Cell[][] {
  if (!Array.isArray(range)) return [[range as Cell]];
  if (range.length > 0 && !Array.isArray(range[0])) return [range as Cell[]];
  const rows = range as Cell[][];
  const width = rows[0]?.length ?? 0;
  if (rows.some((row) => row.length !== width)) throw valueError(`${name} must be a rectangular range`);
  return rows;
}

/**
 * A number typed as text, read like an amount in a sales sheet (amounts.ts: thousands separators,
 * decimal comma, currency marks, full-width digits, (120) for −120), or a percentage such as
 * "80%" (0.8). NaN when the text is not a number.
 */
export function numberFromText(text: string): number {
  const t = text.trim();
  if (t.endsWith("%")) return parseAmountText(t.slice(0, -1)) / 100;
  return parseAmountText(t);
}

/** A number cell, a number typed as text, or null for a blank; anything else is a VALUE error. */
export function numberOrBlank(cell: unknown, name: string): number | null {
  if (isBlank(cell)) return null;
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw valueError(`${name} must be a finite number (got ${cell})`);
    return cell;
  }
  if (typeof cell === "string") {
    const n = numberFromText(cell);
    if (Number.isNaN(n)) throw valueError(`${name} must be a number (got "${cell}")`);
    return n;
  }
  throw valueError(`${name} must be a number (got ${describe(cell)})`);
}

/** The numbers of a one-row or one-column range; blanks stay null. Names the first bad cell. */
export function numbers(range: unknown, name: string): (number | null)[] {
  return vector(range, name).map((cell, i) => numberOrBlank(cell, `${name} item ${i + 1}`));
}

/** A required number argument. */
export function requiredNumber(value: unknown, name: string): number {
  const n = numberOrBlank(value, name);
  if (n === null) throw valueError(`${name} is required`);
  return n;
}

/** An optional number argument; blank or omitted gives `fallback`. */
export function optionalNumber(value: unknown, name: string, fallback: number): number;
export function optionalNumber(value: unknown, name: string): number | undefined;
export function optionalNumber(value: unknown, name: string, fallback?: number): number | undefined {
  const n = numberOrBlank(value, name);
  return n === null ? fallback : n;
}

/**
 * A list of numbers given as a range, an array constant such as {30,60,90}, or one text cell such
 * as "30,60,90,180" (separated by commas, semicolons or spaces); blanks are skipped.
 */
export function numberList(range: unknown, name: string): number[] {
  const cells = matrix(range, name).flat();
  if (cells.length === 1 && typeof cells[0] === "string" && /[,;\s]/.test(cells[0].trim())) {
    return cells[0]
      .split(/[,;\s]+/)
      .filter((part) => part !== "")
      .map((part, i) => requiredNumber(part, `${name} item ${i + 1}`));
  }
  return cells.map((cell, i) => numberOrBlank(cell, `${name} item ${i + 1}`)).filter((n): n is number => n !== null);
}

/** An optional date argument (Excel serial or date text) as a day number; blank or omitted gives undefined. */
export function optionalDay(value: unknown, name: string): number | undefined {
  if (isBlank(value)) return undefined;
  const day = dayOf(value);
  if (day < 0) throw valueError(`${name} ${describeDateError(day, value)}`);
  return day;
}

/** An optional whole-number argument; a fraction is a NUM error. */
export function optionalInteger(value: unknown, name: string, fallback: number): number;
export function optionalInteger(value: unknown, name: string): number | undefined;
export function optionalInteger(value: unknown, name: string, fallback?: number): number | undefined {
  const n = numberOrBlank(value, name);
  if (n === null) return fallback;
  if (!Number.isInteger(n)) throw numError(`${name} must be a whole number (got ${n})`);
  return n;
}

/** An optional TRUE/FALSE argument: a boolean, 1/0, or the text TRUE/FALSE in any case. */
export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (isBlank(value)) return fallback;
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value !== 0;
  if (typeof value === "string") {
    const t = value.trim().toUpperCase();
    if (t === "TRUE") return true;
    if (t === "FALSE") return false;
  }
  throw valueError(`${name} must be TRUE or FALSE (got ${describe(value)})`);
}

/** An optional text option matched case-insensitively against `choices` (returned as listed). */
export function optionalChoice<T extends string>(value: unknown, name: string, choices: readonly T[], fallback: T): T {
  if (isBlank(value)) return fallback;
  if (typeof value === "string") {
    const t = value.trim().toUpperCase();
    const match = choices.find((c) => c.toUpperCase() === t);
    if (match !== undefined) return match;
  }
  throw valueError(`${name} must be one of ${choices.join(", ")} (got ${describe(value)})`);
}

const LANGS: readonly Lang[] = ["zh", "en", "zh-en"];

/** The `lang` argument: zh (default), en or zh-en, in any case. */
export function optionalLang(value: unknown): Lang {
  return optionalChoice(value, "lang", LANGS, "zh");
}

function describe(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (value instanceof Error || (typeof value === "object" && value !== null && "code" in value)) {
    return `an error value ${String((value as { code: unknown }).code)}`;
  }
  return String(value);
}

/**
 * The Excel error for a thrown error: a core CrmError keeps its code and message (Excel shows the
 * message for #VALUE! and #N/A only); anything else is a defect and shows as #VALUE! with its text.
 */
export function toExcelError(error: unknown): CustomFunctions.Error {
  const codes = CustomFunctions.ErrorCode;
  if (isCrmError(error)) {
    const code = error.code === "NUM" ? codes.invalidNumber : error.code === "NA" ? codes.notAvailable : codes.invalidValue;
    return new CustomFunctions.Error(code, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CustomFunctions.Error(codes.invalidValue, `internal error: ${message}`);
}

/**
 * Runs a scalar function body; a thrown error becomes the Excel error value, and a non-finite
 * number #N/A (Excel would show #NUM! or #DIV/0! for it).
 */
export function scalar(body: () => number | string | boolean): any {
  try {
    const result = body();
    if (typeof result === "number" && !Number.isFinite(result)) throw naError(`the result is not a finite number (${result})`);
    return result;
  } catch (error) {
    return toExcelError(error);
  }
}

/** Runs a spilling function body; a thrown error becomes a single error cell. */
export function spill(body: () => any[][]): any[][] {
  try {
    return body();
  } catch (error) {
    return [[toExcelError(error)]];
  }
}

/**
 * Numbers of an aligned input (one per row). A cell that is not a number becomes that row's error
 * (and null for the core), so one bad row does not spoil the whole spill. `length`, when given, is
 * the length of the first range: a different length is a VALUE error for the whole call.
 */
export function alignedNumbers(
  range: unknown,
  name: string,
  length?: number,
): { values: (number | null)[]; errors: (CustomFunctions.Error | undefined)[] } {
  const cells = vector(range, name);
  if (length !== undefined && cells.length !== length) {
    throw valueError(`${name} must have the same length as the first range (${cells.length} vs ${length})`);
  }
  const errors: (CustomFunctions.Error | undefined)[] = new Array(cells.length);
  const values = cells.map((cell, i) => {
    try {
      return numberOrBlank(cell, `${name} row ${i + 1}`);
    } catch (error) {
      errors[i] = toExcelError(error);
      return null;
    }
  });
  return { values, errors };
}

/** An aligned n×1 spill: a row's first input error if it has one, else `valueAt(i)`. */
export function alignedOutput(
  n: number,
  errorLists: readonly (readonly (CustomFunctions.Error | undefined)[])[],
  valueAt: (i: number) => unknown,
): any[][] {
  const out: any[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    let error: CustomFunctions.Error | undefined;
    for (const list of errorLists) error ??= list[i];
    out[i] = [error ?? valueAt(i)];
  }
  return out;
}

/** A header row in `lang`; zh-en joins the two where they differ. */
export function headerRow(texts: Record<OutputLang, string[]>, lang: Lang, columns: number): string[] {
  const both = texts.zh.map((zh, i) => (zh === texts.en[i] ? zh : `${zh} ${texts.en[i]}`));
  return (lang === "zh-en" ? both : texts[lang]).slice(0, columns);
}

/** One value per row as an n×1 spill. */
export function column(values: readonly unknown[]): any[][] {
  return values.map((v) => [v]);
}
