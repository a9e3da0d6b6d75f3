/**
 * Column roles from the values (detect.ts uses these where the header is silent): what a sample of
 * each column looks like, and which roles those values could play.
 *
 * Beyond the shapes of dates, amounts, names and codes, two kinds of column are told apart by their
 * values because generic headers (Id, No, CDs, Count) do not say what they are: a count (small
 * whole numbers ≥ 0, most of them ≤ 100, many repeats: CDs, items) is never the customer nor the
 * amount, and a column of ids that repeat as customers do, under an id-like name (Id, No, Code),
 * is the customer before any numeric column is taken for the amount.
 */
import { amountOf } from "./amounts";
import { dayFromSerial, dayFromYMD, parseDayText } from "./dates";
import type { Cell, ColumnRole } from "../types";

export type DetectionSource = "header" | "values";

export interface Candidate {
  role: ColumnRole;
  column: number;
  score: number;
  source: DetectionSource;
  confidence: number;
  /** Share of sampled values that fit (value-based candidates). */
  share: number;
  /** What makes a value-based customer candidate one. */
  kind?: CustomerKind;
}

/** Why a column is the customer by its values; two columns of the same kind and score cannot be told apart. */
export type CustomerKind = "named-id" | "id" | "text";

/** What a sample of a column's values looks like. */
export interface ColumnStats {
  count: number;
  /** Date text (not digits alone), or a valid yyyymmdd number. */
  dateText: number;
  /** Numbers (or digit text) in the serial range of 1950–2099. */
  serialLike: number;
  numeric: number;
  nonInteger: number;
  negative: number;
  text: number;
  /** Text values that contain a digit (codes such as SO-1001). */
  withDigits: number;
  /** Whole numbers from 0 to 100. */
  small: number;
  distinct: number;
  min: number;
  max: number;
  medianAbs: number;
}

function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

const DAY_1950 = dayFromYMD(1950, 1, 1);
const DAY_2100 = dayFromYMD(2100, 1, 1);

export function columnStats(rows: readonly (readonly Cell[] | undefined)[], column: number, date1904: boolean): ColumnStats {
  const stats: ColumnStats = {
    count: 0,
    dateText: 0,
    serialLike: 0,
    numeric: 0,
    nonInteger: 0,
    negative: 0,
    text: 0,
    withDigits: 0,
    small: 0,
    distinct: 0,
    min: Infinity,
    max: -Infinity,
    medianAbs: 0,
  };
  const seen = new Set<string>();
  const magnitudes: number[] = [];
  for (const row of rows) {
    const cell = row?.[column];
    if (isBlank(cell) || typeof cell === "boolean") continue;
    stats.count++;
    seen.add(typeof cell === "string" ? cell.trim() : String(cell));
    const value = amountOf(cell);
    const digitsOnly = typeof cell === "number" || (typeof cell === "string" && /^\s*\d+(\.\d+)?\s*$/.test(cell));
    if (!Number.isNaN(value)) {
      stats.numeric++;
      magnitudes.push(Math.abs(value));
      if (value < 0) stats.negative++;
      if (!Number.isInteger(value)) stats.nonInteger++;
      else if (value >= 0 && value <= 100) stats.small++;
      stats.min = Math.min(stats.min, value);
      stats.max = Math.max(stats.max, value);
      if (digitsOnly && value >= 19000101 && value <= 29991231 && dayFromSerial(value) > 0) stats.dateText++;
      else if (digitsOnly) {
        const day = dayFromSerial(value, date1904);
        if (day >= DAY_1950 && day < DAY_2100) stats.serialLike++;
      }
    } else if (typeof cell === "string") {
      if (parseDayText(cell, { date1904 }) > 0) stats.dateText++;
      else {
        stats.text++;
        if (/\d/.test(cell)) stats.withDigits++;
      }
    }
  }
  stats.distinct = seen.size;
  magnitudes.sort((a, b) => a - b);
  stats.medianAbs = magnitudes.length ? magnitudes[magnitudes.length >> 1] : 0;
  return stats;
}

/**
 * A count: whole numbers ≥ 0, nine in ten at most 100, a small median and many repeats (CDs bought,
 * items, visits). Never the customer nor the amount.
 */
function isCountColumn(stats: ColumnStats): boolean {
  const n = stats.count;
  if (n === 0 || stats.numeric < 0.9 * n || stats.nonInteger > 0 || stats.negative > 0 || stats.dateText > 0) return false;
  return stats.small >= 0.9 * n && stats.medianAbs <= 10 && (stats.distinct <= 12 || stats.distinct <= 0.5 * n);
}

/** Whole numbers ≥ 0 or codes, repeating as customers do (at most 9 distinct values in 10 rows). */
function isRepeatedIds(stats: ColumnStats): boolean {
  const n = stats.count;
  const idShare = (stats.text + stats.numeric - stats.nonInteger - stats.negative) / n;
  return idShare >= 0.9 && stats.nonInteger === 0 && stats.dateText === 0 && stats.distinct <= 0.9 * n;
}

/**
 * Value-based candidates with scores in (0, 1); the share of fitting values gives the confidence.
 * `idName`: the header is a generic id name (Id, No, Code), which makes repeated ids the customer.
 */
export function valueCandidates(stats: ColumnStats, column: number, roles: ReadonlySet<ColumnRole>, idName = false): Candidate[] {
  const out: Candidate[] = [];
  const n = stats.count;
  if (n === 0) return out;
  const add = (role: ColumnRole, score: number, share: number, kind?: CustomerKind) => {
    if (roles.has(role)) out.push({ role, column, score, source: "values", confidence: 0.6 * share, share, kind });
  };
  const uniqueness = stats.distinct / n;
  const dateShare = stats.dateText / n;
  if (dateShare >= 0.9) add("date", 0.9 + 0.1 * dateShare, dateShare);
  else {
    // Whole numbers within 100 years of each other in 1950–2099: Excel dates shown as serials.
    const serialShare = stats.serialLike / n;
    if (serialShare >= 0.9 && stats.negative === 0 && stats.max - stats.min <= 36525) {
      add("date", 0.5 - 0.4 * (stats.nonInteger / n), serialShare);
    }
  }
  const textShare = stats.text / n;
  const idShare = (stats.text + stats.numeric - stats.nonInteger - stats.negative) / n;
  if (idName && isRepeatedIds(stats)) {
    // Above every amount score, so the ids are never taken for the amount first.
    add("customer", 0.8 + 0.1 * (1 - uniqueness), idShare, "named-id");
  } else if (!isCountColumn(stats)) {
    const numericShare = stats.numeric / n;
    if (numericShare >= 0.9 && stats.dateText === 0) {
      const shape = (stats.nonInteger > 0 ? 0.1 : 0) + (stats.negative > 0 ? 0.1 : 0);
      add("amount", 0.3 + shape + Math.min(0.09, 0.01 * Math.log10(1 + stats.medianAbs)), numericShare);
    }
    if (textShare >= 0.9) add("customer", 0.45 + 0.3 * (1 - uniqueness), textShare, "text");
    else if (idShare >= 0.9 && stats.nonInteger === 0) add("customer", 0.2 + 0.2 * (1 - uniqueness), idShare, "id");
  }
  const codeShare = (stats.withDigits + stats.numeric - stats.nonInteger - stats.negative) / n;
  if (codeShare >= 0.9 && uniqueness >= 0.5 && stats.nonInteger === 0) add("order", 0.2 + 0.3 * uniqueness, codeShare);
  return out;
}
