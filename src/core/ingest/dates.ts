/**
 * Calendar dates as whole day numbers: days since 1899-12-30, which equals the Excel 1900-system
 * serial for every date from 1900-03-01 on.
 *
 * Excel's 1900 system copies a Lotus 1-2-3 bug: it counts a 29 February 1900 that never existed
 * (serial 60). Serials 1–59 (1900-01-01 … 1900-02-28) are therefore one below the true day count,
 * and serial 60 is rejected. In the 1904 system (old Mac workbooks) serial 0 is 1904-01-01.
 *
 * Parsing never builds a Date object and uses no regular expression for numbers and ISO text (the
 * hot path of a million-row column); it returns a day number (≥ 2, since years before 1900 are
 * refused) or a negative DateError code, so a failure costs no allocation either.
 *
 * Accepted text: ISO `2024-03-05`, `2024/3/5`, `2024.03.05`, `20240305`, `2024年3月5日`, each with an
 * optional time of day (`T13:45:00Z`, ` 13:45`, ` 1:45 PM`, ` 13时45分`), which is dropped as written
 * (no time-zone shift); English month names (`5-Mar-2024`, `Mar 5, 2024`); day/month text
 * (`05/03/2024`, `5-3-24`), whose order is decided per column (see dateOrderEvidence); and digits
 * alone, read as the number they spell. Two-digit years follow Excel: 00–29 → 2000s, 30–99 → 1900s.
 * Full-width digits and punctuation are folded to ASCII (Unicode NFKC) before parsing.
 */
import { PAIR, isDigit, isSpace, scanText, scannedPair } from "./date-text";
import { DateError, dayFromSerial, ymdOrError, type DateOptions, type DateOrder, type DateOrderOption } from "./day-numbers";

export { DateError, dayFromSerial, dayFromYMD, formatDay, isValidYMD, serialFromDay, ymdFromDay } from "./day-numbers";
export type { DateOptions, DateOrder, DateOrderOption } from "./day-numbers";

/**
 * Parses date text to a day number. Day/month text (05/03/2024) is read in `order`: with AUTO, a
 * value that fits only one order is read so and any other as DMY. Columns should decide the order
 * once from all their values (dateOrderEvidence, resolveDateOrder) and pass it here.
 */
export function parseDayText(text: string, options?: DateOptions): number {
  const result = scanText(text, options?.date1904 === true);
  return result === PAIR ? dayFromPair(scannedPair.first, scannedPair.second, scannedPair.year, options?.order ?? "AUTO") : result;
}

/** Day number of any cell (number = Excel serial, text as parseDayText), or a DateError code. */
export function dayOf(cell: unknown, options?: DateOptions): number {
  if (typeof cell === "number") return dayFromSerial(cell, options?.date1904 === true);
  if (typeof cell === "string") return parseDayText(cell, options);
  if (typeof cell === "boolean") return DateError.BOOLEAN;
  return DateError.BLANK;
}

/** Day number of day/month text with parts a/b/year, read in `order`, or a DateError code. */
function dayFromPair(a: number, b: number, year: number, order: DateOrderOption): number {
  let dayFirst: boolean;
  if (order === "AUTO") dayFirst = !(a <= 12 && b > 12);
  else {
    dayFirst = order === "DMY";
    const month = dayFirst ? b : a;
    const other = dayFirst ? a : b;
    if (month > 12 && other <= 12) return DateError.ORDER;
  }
  return dayFirst ? ymdOrError(year, b, a) : ymdOrError(year, a, b);
}

/** What a value says about day/month order. */
export const PairKind = {
  /** Not day/month text (a number, ISO text, anything else). */
  NONE: 0,
  /** Both parts ≤ 12: fits either order. */
  EITHER: 1,
  /** First part > 12: day-first. */
  DMY_ONLY: 2,
  /** Second part > 12: month-first. */
  MDY_ONLY: 3,
  /** Both parts > 12: fits neither. */
  NEITHER: 4,
} as const;
export type PairKind = (typeof PairKind)[keyof typeof PairKind];

export function pairKind(cell: unknown): PairKind {
  return kindOfParts(dayMonthParts(cell));
}

/**
 * Day/month text packed as year·10⁴ + first·10² + second (05/03/2024 → 20240503, two-digit years
 * already widened), or -1 when the cell is not day/month text. A column can then be scanned once
 * and dated by dayFromParts when its order is known.
 */
export function dayMonthParts(cell: unknown): number {
  if (typeof cell !== "string") return -1;
  // Cheap test first (this runs over whole columns): day/month text opens with 1–2 digits and a
  // separator, which ISO text (4 digits) never does. Full-width text goes to the full scan.
  let i = 0;
  while (i < cell.length && isSpace(cell.charCodeAt(i))) i++;
  if (cell.charCodeAt(i) < 0xff00) {
    const sep = cell.charCodeAt(isDigit(cell.charCodeAt(i + 1)) ? i + 2 : i + 1);
    if (!isDigit(cell.charCodeAt(i)) || !(sep === 47 || sep === 45 || sep === 46)) return -1;
  }
  if (scanText(cell, false) !== PAIR) return -1;
  return scannedPair.year * 10000 + scannedPair.first * 100 + scannedPair.second;
}

/** What packed day/month parts (or -1) say about the order. */
export function kindOfParts(parts: number): PairKind {
  if (parts < 0) return PairKind.NONE;
  const first = Math.floor(parts / 100) % 100;
  const second = parts % 100;
  if (first > 12) return second > 12 ? PairKind.NEITHER : PairKind.DMY_ONLY;
  return second > 12 ? PairKind.MDY_ONLY : PairKind.EITHER;
}

/** Day number of packed day/month parts read in `order`, or a DateError code. */
export function dayFromParts(parts: number, order: DateOrderOption): number {
  return dayFromPair(Math.floor(parts / 100) % 100, parts % 100, Math.floor(parts / 10000), order);
}

/** Counts of day/month text in a column, with the first example of each telling kind. */
export interface DateOrderEvidence {
  either: number;
  dmyOnly: number;
  mdyOnly: number;
  /** Index (as passed to add) and text of the first value of each telling kind. */
  firstDmy?: { index: number; text: string };
  firstMdy?: { index: number; text: string };
}

export function emptyEvidence(): DateOrderEvidence {
  return { either: 0, dmyOnly: 0, mdyOnly: 0 };
}

/**
 * Adds one cell to the evidence; `index` is the caller's row reference for messages. Returns the
 * cell's packed day/month parts, or -1 when it is not day/month text (see dayMonthParts).
 */
export function addDateOrderEvidence(evidence: DateOrderEvidence, cell: unknown, index: number): number {
  const parts = dayMonthParts(cell);
  const kind = kindOfParts(parts);
  if (kind === PairKind.EITHER) evidence.either++;
  else if (kind === PairKind.DMY_ONLY) {
    evidence.dmyOnly++;
    evidence.firstDmy ??= { index, text: cell as string };
  } else if (kind === PairKind.MDY_ONLY) {
    evidence.mdyOnly++;
    evidence.firstMdy ??= { index, text: cell as string };
  }
  return parts;
}

export type DateOrderStatus =
  /** The column has no day/month text. */
  | "none"
  /** Set by the caller. */
  | "given"
  /** Some values fit only one order and none contradict it. */
  | "decided"
  /** Every value fits both orders: the default (DMY) was used. */
  | "ambiguous"
  /** Some values fit only DMY and others only MDY: the more frequent order was used. */
  | "conflict";

export interface DateOrderDecision {
  order: DateOrder | null;
  status: DateOrderStatus;
}

/**
 * Decides a column's day/month order. AUTO: the order some values prove, DMY when nothing proves
 * either; on conflict the order with more proving values (DMY on a tie), and the values that fit
 * only the other order are then rejected by dayOf with DateError.ORDER.
 */
export function resolveDateOrder(evidence: DateOrderEvidence, option: DateOrderOption = "AUTO"): DateOrderDecision {
  const pairs = evidence.either + evidence.dmyOnly + evidence.mdyOnly;
  if (option !== "AUTO") return { order: option, status: pairs === 0 ? "none" : "given" };
  if (pairs === 0) return { order: null, status: "none" };
  if (evidence.dmyOnly > 0 && evidence.mdyOnly > 0) {
    return { order: evidence.mdyOnly > evidence.dmyOnly ? "MDY" : "DMY", status: "conflict" };
  }
  if (evidence.mdyOnly > 0) return { order: "MDY", status: "decided" };
  if (evidence.dmyOnly > 0) return { order: "DMY", status: "decided" };
  return { order: "DMY", status: "ambiguous" };
}

/** Explanation of a DateError for messages, e.g. "is not a real calendar date". */
export function describeDateError(code: number, cell: unknown, options?: DateOptions): string {
  switch (code) {
    case DateError.BLANK:
      return "is blank";
    case DateError.BOOLEAN:
      return "is a logical value (TRUE/FALSE), not a date";
    case DateError.CALENDAR:
      return typeof cell === "number" ? "is not a valid YYYYMMDD date" : "is not a real calendar date";
    case DateError.FEB29_1900:
      return "is Excel serial 60, the fictitious 1900-02-29 that Excel's 1900 date system counts but the calendar does not have";
    case DateError.RANGE:
      return typeof cell === "number"
        ? "is outside Excel's date range (1900-01-01 to 9999-12-31) and is not a YYYYMMDD date"
        : "is outside the supported years 1900–9999";
    case DateError.TIME_ONLY:
      return "is a time of day without a date (an Excel serial below 1)";
    case DateError.ORDER: {
      const order = options?.order === "MDY" ? "month-first (MDY)" : "day-first (DMY)";
      return `does not fit the column's ${order} day/month order`;
    }
    default:
      return "is not a date in a recognised format (e.g. 2024-03-05, 2024/3/5, 2024年3月5日, 05/03/2024, or an Excel date)";
  }
}
