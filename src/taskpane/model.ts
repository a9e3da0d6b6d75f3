/**
 * The pane's form state and the pure rules behind it (validation, defaults, conversions), kept out of
 * the components so they can be unit-tested in Node.
 */
import { dayFromSerial, formatDay, parseDayText } from "../core/ingest/dates";
import type { AnalyzeOptions, Cell, ColumnMapping, ColumnRole, Scheme } from "../core/types";
import type { ClvModelRequest, ClvTimeUnit, DetectedRole, OutputChoice, SavedSettings, SourcePreview } from "../excel/types";
import type { Strings, UiLang } from "./i18n";

export interface OptionsForm {
  scheme: Scheme;
  center: "MEAN" | "MEDIAN";
  method: "QUANTILE" | "NTILE";
  /** As typed (any date text the core reads: 2024-06-30, 2024/6/30, 2024年6月30日); "" = latest date in the data. */
  asOf: string;
  /** Kept as typed so a half-typed number is not rewritten under the user's cursor. */
  abc: [string, string];
  pyramid: [string, string, string];
  outputs: OutputChoice;
}

const DEFAULT_OPTIONS: OptionsForm = {
  scheme: "W11",
  center: "MEAN",
  method: "QUANTILE",
  asOf: "",
  abc: ["0.8", "0.95"],
  pyramid: ["0.01", "0.05", "0.2"],
  outputs: { tierColumns: true, customers: true, segmentSheets: true, summary: true, issues: true },
};

/** Where the column shown for a role came from, for the label beside its dropdown. */
export type RoleOrigin = DetectedRole["source"] | "remembered" | "user" | "none";

/** Restores remembered options. The as-of date is deliberately not restored: it belongs to one data set. */
export function optionsFromSaved(saved: SavedSettings | null): OptionsForm {
  const a = saved?.analyze ?? {};
  return {
    scheme: a.scheme ?? DEFAULT_OPTIONS.scheme,
    center: a.center === "MEDIAN" ? "MEDIAN" : "MEAN",
    method: a.method === "NTILE" ? "NTILE" : "QUANTILE",
    asOf: "",
    abc: a.abcCuts ? [String(a.abcCuts[0]), String(a.abcCuts[1])] : DEFAULT_OPTIONS.abc,
    pyramid: a.pyramidCuts ? [String(a.pyramidCuts[0]), String(a.pyramidCuts[1]), String(a.pyramidCuts[2])] : DEFAULT_OPTIONS.pyramid,
    outputs: { ...DEFAULT_OPTIONS.outputs, ...saved?.outputs },
  };
}

/** A share typed by the user: "0.8", "0,8" (comma decimal) or "80%". NaN when it is not a number. */
export function parseShare(text: string): number {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return NaN;
  if (trimmed.endsWith("%")) return Number(trimmed.slice(0, -1)) / 100;
  return Number(trimmed);
}

/** METHODS.md §3.4: 0 < a < b ≤ 1. */
export function abcCutsValid(abc: [string, string]): boolean {
  const [a, b] = abc.map(parseShare);
  return a > 0 && a < b && b <= 1;
}

/** Cumulative customer shares of tiers 1–3: 0 < t1 < t2 < t3 < 1 (tier 4 takes the rest). */
export function pyramidCutsValid(cuts: [string, string, string]): boolean {
  const [t1, t2, t3] = cuts.map(parseShare);
  return t1 > 0 && t1 < t2 && t2 < t3 && t3 < 1;
}

export function anyOutput(outputs: OutputChoice): boolean {
  return Object.values(outputs).some(Boolean);
}

/**
 * Day number of a typed as-of date, or -1 when it is not a date or is ambiguous: day/month text such
 * as 05/03/2024 reads differently in the two orders, and a cut-off date must not be guessed.
 */
export function asOfDay(text: string): number {
  const dmy = parseDayText(text.trim(), { order: "DMY" });
  const mdy = parseDayText(text.trim(), { order: "MDY" });
  if (dmy >= 0 && mdy >= 0) return dmy === mdy ? dmy : -1;
  return Math.max(dmy, mdy, -1);
}

export function asOfValid(text: string): boolean {
  return text.trim() === "" || asOfDay(text) >= 0;
}

export function optionsValid(form: OptionsForm): boolean {
  return asOfValid(form.asOf) && abcCutsValid(form.abc) && pyramidCutsValid(form.pyramid) && anyOutput(form.outputs);
}

/** The options sent to the core; the centre only matters to CN8 but is harmless elsewhere. */
export function toAnalyze(form: OptionsForm): Partial<AnalyzeOptions> {
  const analyze: Partial<AnalyzeOptions> = {
    scheme: form.scheme,
    center: form.center,
    method: form.method,
    abcCuts: [parseShare(form.abc[0]), parseShare(form.abc[1])],
    pyramidCuts: [parseShare(form.pyramid[0]), parseShare(form.pyramid[1]), parseShare(form.pyramid[2])],
  };
  if (form.asOf.trim()) analyze.asOf = asOfDay(form.asOf);
  return analyze;
}

/** Roles the CLV model reads (an amount, or quantity × unit price); the mapping step shows only these. */
export const CLV_ROLES: readonly ColumnRole[] = ["customer", "date", "amount", "quantity", "price"];

/** The part of a mapping that assigns `roles`. */
export function pickRoles(mapping: ColumnMapping, roles: readonly ColumnRole[]): ColumnMapping {
  const picked: ColumnMapping = {};
  for (const role of roles) if (mapping[role] !== undefined) picked[role] = mapping[role];
  return picked;
}

/** The CLV model's assumptions as typed (kept as text for the same reason as the options). */
export interface ClvForm {
  /** Required, no default: a cut-off inside the user's data that no default can know (never today). */
  calibrationEnd: string;
  /** "" = no holdout: the check covers the calibration period only. */
  holdoutEnd: string;
  unit: ClvTimeUnit;
  margin: string;
  rate: string;
  horizon: string;
  /** Prediction intervals in the model sheet, at `level` percent. */
  intervals: boolean;
  level: string;
}

/** Margin 1 invents no margin: the CLV is revenue until the user types theirs (src/excel's default too). */
export const DEFAULT_CLV: ClvForm = {
  calibrationEnd: "",
  holdoutEnd: "",
  unit: "week",
  margin: "1",
  rate: "0.10",
  horizon: "12",
  intervals: true,
  level: "90",
};

/** The remembered assumptions over the defaults; the dates always start empty. */
export function clvFormFromSaved(saved: SavedSettings | null): ClvForm {
  const clv = saved?.clv;
  if (!clv) return DEFAULT_CLV;
  return {
    ...DEFAULT_CLV,
    unit: clv.unit,
    margin: String(clv.margin),
    rate: String(clv.annualDiscountRate),
    horizon: String(clv.horizonMonths),
  };
}

/** What is remembered of a valid form (check clvProblems first). */
export function clvToSave(form: ClvForm): NonNullable<SavedSettings["clv"]> {
  return {
    unit: form.unit,
    margin: parseShare(form.margin),
    annualDiscountRate: parseShare(form.rate),
    horizonMonths: Number(form.horizon.trim()),
  };
}

export type ClvField = "calibrationEnd" | "holdoutEnd" | "margin" | "rate" | "horizon" | "level";

/** Longest horizon offered: the formulas sum month by month, and 50 years is past any forecast. */
export const MAX_HORIZON_MONTHS = 600;

/** What is wrong with each field, in the pane's language; empty when the model can be built. */
export function clvProblems(form: ClvForm, t: Strings): Partial<Record<ClvField, string>> {
  const problems: Partial<Record<ClvField, string>> = {};
  const cal = asOfDay(form.calibrationEnd);
  if (form.calibrationEnd.trim() === "") problems.calibrationEnd = t.calibrationEndMissing;
  else if (cal < 0) problems.calibrationEnd = t.asOfError;
  if (form.holdoutEnd.trim() !== "") {
    const hold = asOfDay(form.holdoutEnd);
    if (hold < 0) problems.holdoutEnd = t.asOfError;
    else if (cal >= 0 && hold <= cal) problems.holdoutEnd = t.holdoutNotAfter;
  }
  const margin = parseShare(form.margin);
  if (!(margin > 0 && margin <= 1)) problems.margin = t.marginError;
  // A typed 10 meant as 10% is refused rather than read as 1,000%.
  const rate = parseShare(form.rate);
  if (!(rate >= 0 && rate < 1)) problems.rate = t.rateError;
  const horizon = Number(form.horizon.trim());
  if (form.horizon.trim() === "" || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON_MONTHS)
    problems.horizon = t.horizonError;
  const level = Number(form.level.trim());
  if (form.intervals && !(form.level.trim() !== "" && level >= 50 && level <= 99.9)) problems.level = t.clv.levelError;
  return problems;
}

/** The model request's assumptions from a valid form (check clvProblems first). */
export function toClvModel(
  form: ClvForm,
): Pick<ClvModelRequest, "calibrationEnd" | "holdoutEnd" | "unit" | "assumptions" | "intervalLevel"> {
  const model: Pick<ClvModelRequest, "calibrationEnd" | "holdoutEnd" | "unit" | "assumptions" | "intervalLevel"> = {
    calibrationEnd: asOfDay(form.calibrationEnd),
    unit: form.unit,
    assumptions: { margin: parseShare(form.margin), annualDiscountRate: parseShare(form.rate), horizonMonths: Number(form.horizon.trim()) },
  };
  if (form.holdoutEnd.trim()) model.holdoutEnd = asOfDay(form.holdoutEnd);
  if (form.intervals) model.intervalLevel = Number(form.level.trim()) / 100;
  return model;
}

/** Column letters of the source, from the first column of its A1 address ("Sales!B3:G9" → B, C, …). */
export function columnLetters(address: string, count: number): string[] {
  const cells = address.slice(address.lastIndexOf("!") + 1);
  const start = /^\$?([A-Z]+)/i.exec(cells)?.[1].toUpperCase() ?? "A";
  let first = 0;
  for (const ch of start) first = first * 26 + (ch.charCodeAt(0) - 64);
  return Array.from({ length: count }, (_, i) => {
    let n = first + i;
    let letters = "";
    while (n > 0) {
      const rem = (n - 1) % 26;
      letters = String.fromCharCode(65 + rem) + letters;
      n = Math.floor((n - 1) / 26);
    }
    return letters;
  });
}

/**
 * The mapping to show for a new source, with where each role came from. A remembered mapping wins
 * when it was made for the same header, because it records the user's own corrections; positions
 * remembered for other columns (or saved without their header) would read the wrong data, so then
 * detection decides. The mapping step always shows the result for review before a run.
 */
export function initialMapping(
  preview: SourcePreview,
  remembered: Pick<SavedSettings, "mapping" | "header"> | null | undefined,
): { mapping: ColumnMapping; origin: Partial<Record<ColumnRole, RoleOrigin>> } {
  const origin: Partial<Record<ColumnRole, RoleOrigin>> = {};
  for (const d of preview.detected) origin[d.role] = d.source;
  const header = remembered?.header;
  const sameHeader = header !== undefined && header.length === preview.header.length && header.every((h, i) => h === preview.header[i]);
  const rememberedMapping = remembered?.mapping;
  if (!sameHeader || rememberedMapping === undefined || Object.keys(rememberedMapping).length === 0)
    return { mapping: { ...preview.mapping }, origin };
  for (const role of Object.keys(rememberedMapping) as ColumnRole[]) {
    if (rememberedMapping[role] !== preview.mapping[role]) origin[role] = "remembered";
  }
  for (const role of Object.keys(preview.mapping) as ColumnRole[]) {
    if (rememberedMapping[role] === undefined) delete origin[role];
  }
  return { mapping: { ...rememberedMapping }, origin };
}

/** Problems that stop a run, in the pane's language; empty when the mapping is usable. */
export function mappingProblems(mapping: ColumnMapping, letters: string[], t: Strings): string[] {
  const problems: string[] = [];
  if (mapping.customer === undefined) problems.push(t.needCustomer);
  if (mapping.date === undefined) problems.push(t.needDate);
  if (mapping.amount === undefined && (mapping.quantity === undefined || mapping.price === undefined)) {
    problems.push(t.needAmount);
  }
  const byColumn = new Map<number, ColumnRole[]>();
  for (const [role, column] of Object.entries(mapping) as [ColumnRole, number | undefined][]) {
    if (column === undefined) continue;
    byColumn.set(column, [...(byColumn.get(column) ?? []), role]);
  }
  for (const [column, roles] of byColumn) {
    if (roles.length > 1) {
      problems.push(t.duplicateColumn(letters[column] ?? String(column + 1), roles.map((r) => t.roles[r]).join(t.listSeparator)));
    }
  }
  return problems;
}

/** Language of the pane: the remembered choice, else Office's display language. */
export function initialLang(saved: UiLang | undefined, displayLanguage: string | undefined): UiLang {
  if (saved) return saved;
  return displayLanguage?.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Relative luminance of a #rrggbb colour (WCAG), or null when it is not one. */
export function luminance(color: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const lin = (i: number) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(0) + 0.7152 * lin(2) + 0.0722 * lin(4);
}

/** A preview cell as text; numbers in the date column are Excel serials and are shown as dates. */
export function previewText(cell: Cell, isDate: boolean, locale: string): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    const day = isDate ? dayFromSerial(cell) : -1;
    if (day >= 0) return formatDay(day);
    return cell.toLocaleString(locale, { maximumFractionDigits: 4 });
  }
  return String(cell);
}

/**
 * Error text for the message bar, never a stack: the pane's own words for problems the user can fix
 * (src/excel's WorkbookError codes), else the error's message.
 */
export function errorText(error: unknown, t: Strings): string {
  const code = (error as { name?: unknown; code?: unknown } | null)?.code;
  if (error instanceof Error && error.name === "WorkbookError" && typeof code === "string" && code in t.workbookErrors) {
    return t.workbookErrors[code as keyof Strings["workbookErrors"]];
  }
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === "AbortError");
}
