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

export type DateOrder = "DMY" | "MDY";
/** AUTO: decided from the values themselves; when none of them tells, day-first (DMY). */
export type DateOrderOption = "AUTO" | DateOrder;

export interface DateOptions {
  /** Workbook uses the 1904 date system (serial 0 = 1904-01-01). */
  date1904?: boolean;
  /** How to read day/month text such as 05/03/2024; default AUTO. */
  order?: DateOrderOption;
}

/** Why a cell is not a date. Every code is negative; valid day numbers are ≥ 2. */
export const DateError = {
  BLANK: -1,
  BOOLEAN: -2,
  /** Not in any date format this module reads. */
  FORMAT: -3,
  /** A well-formed date that is not on the calendar (2023-02-29, month 13, 25:00). */
  CALENDAR: -4,
  /** Excel's serial 60, the fictitious 1900-02-29. */
  FEB29_1900: -5,
  /** Before 1900-01-01 or after 9999-12-31, where Excel has no dates. */
  RANGE: -6,
  /** A number in [0, 1): a time of day without a date. */
  TIME_ONLY: -7,
  /** Day/month text that fits only the other order than the column's. */
  ORDER: -8,
} as const;
export type DateErrorCode = (typeof DateError)[keyof typeof DateError];

/** Day number of 1970-01-01 (its Excel serial, 25569). */
const UNIX_EPOCH_DAY = 25569;
/** Day number of 1904-01-01, serial 0 of the 1904 system. */
const EPOCH_1904 = 1462;
/** Last Excel date, 9999-12-31, as a 1900-system serial. */
const MAX_SERIAL_1900 = 2958465;
const MAX_DAY = MAX_SERIAL_1900;

/** Proleptic Gregorian day number (days since 1899-12-30); no validation (see isValidYMD). */
export function dayFromYMD(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: counts from 0000-03-01 so leap days end each 4/100/400 cycle.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + UNIX_EPOCH_DAY;
}

export interface YMD {
  year: number;
  month: number;
  day: number;
}

/** Calendar date of a whole day number (inverse of dayFromYMD). */
export function ymdFromDay(dayNumber: number): YMD {
  const z = Math.floor(dayNumber) - UNIX_EPOCH_DAY + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** "YYYY-MM-DD". */
export function formatDay(dayNumber: number): string {
  const { year, month, day } = ymdFromDay(dayNumber);
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidYMD(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Excel serial of a day number, for writing dates back to a workbook. */
export function serialFromDay(dayNumber: number, date1904 = false): number {
  if (date1904) {
    if (dayNumber < EPOCH_1904) throw new RangeError(`${formatDay(dayNumber)} is before 1904-01-01, the first date of the 1904 system`);
    return dayNumber - EPOCH_1904;
  }
  if (dayNumber < 2) throw new RangeError(`${formatDay(dayNumber)} is before 1900-01-01, the first Excel date`);
  // Serials 1–59 run one below the day count because Excel inserts 1900-02-29 as serial 60.
  return dayNumber <= 60 ? dayNumber - 1 : dayNumber;
}

/** Day number of an Excel serial (time of day dropped), or a DateError code. */
export function dayFromSerial(serial: number, date1904 = false): number {
  if (!Number.isFinite(serial)) return DateError.FORMAT;
  const whole = Math.floor(serial);
  if (serial >= 19000101 && serial <= 29991231 && whole === serial) return dayFromCompact(whole);
  if (serial < 0) return DateError.RANGE;
  if (date1904) return whole + EPOCH_1904 > MAX_DAY ? DateError.RANGE : whole + EPOCH_1904;
  if (whole === 0) return DateError.TIME_ONLY;
  if (whole === 60) return DateError.FEB29_1900;
  if (whole < 60) return whole + 1;
  return whole > MAX_SERIAL_1900 ? DateError.RANGE : whole;
}

/** yyyymmdd as an integer. */
function dayFromCompact(n: number): number {
  const year = Math.floor(n / 10000);
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  return isValidYMD(year, month, day) ? dayFromYMD(year, month, day) : DateError.CALENDAR;
}

function ymdOrError(year: number, month: number, day: number): number {
  if (year < 1900 || year > 9999) return DateError.RANGE;
  return isValidYMD(year, month, day) ? dayFromYMD(year, month, day) : DateError.CALENDAR;
}

/** Excel's two-digit-year window. */
function fullYear(twoDigits: number): number {
  return twoDigits < 30 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** Unicode white space that Excel users meet: ASCII, no-break, ideographic, thin spaces. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x202f || c === 0x2009 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// The scanner reports day/month pairs through these instead of allocating.
let pairFirst = 0;
let pairSecond = 0;
let pairYear = 0;

/** Result of scanning day/month text: the pair is in pairFirst/pairSecond/pairYear. */
const PAIR = -100;

/**
 * Parses date text to a day number. Day/month text (05/03/2024) is read in `order`: with AUTO, a
 * value that fits only one order is read so and any other as DMY. Columns should decide the order
 * once from all their values (dateOrderEvidence, resolveDateOrder) and pass it here.
 */
export function parseDayText(text: string, options?: DateOptions): number {
  const result = scanText(text, options?.date1904 === true);
  return result === PAIR ? dayFromPair(pairFirst, pairSecond, pairYear, options?.order ?? "AUTO") : result;
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
  return pairYear * 10000 + pairFirst * 100 + pairSecond;
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

/**
 * Scans trimmed text. Returns a day number, a DateError code, or PAIR with the day/month parts in
 * pairFirst/pairSecond/pairYear.
 */
function scanText(raw: string, date1904: boolean): number {
  let start = 0;
  let end = raw.length;
  while (start < end && isSpace(raw.charCodeAt(start))) start++;
  while (end > start && isSpace(raw.charCodeAt(end - 1))) end--;
  if (start === end) return DateError.BLANK;
  const result = scanAscii(raw, start, end, date1904);
  if (result !== DateError.FORMAT) return result;
  // Full-width digits and punctuation (２０２４／３／５), then English month names.
  for (let i = start; i < end; i++) {
    if (raw.charCodeAt(i) >= 0xff00) {
      const folded = raw.slice(start, end).normalize("NFKC");
      return folded === raw.slice(start, end) ? DateError.FORMAT : scanText(folded, date1904);
    }
  }
  return scanMonthName(raw.slice(start, end));
}

function scanAscii(s: string, start: number, end: number, date1904: boolean): number {
  let i = start;
  let first = 0;
  while (i < end && isDigit(s.charCodeAt(i))) first = first * 10 + s.charCodeAt(i++) - 48;
  const firstLen = i - start;
  if (firstLen === 0) return DateError.FORMAT;
  if (i === end) {
    // Digits only: yyyymmdd, or the number they spell (a serial stored as text).
    return firstLen === 8 ? dayFromCompact(first) : dayFromSerial(first, date1904);
  }
  let sep = s.charCodeAt(i);
  if (firstLen === 4 && isSpace(sep)) {
    const j = skipSpaces(s, i, end);
    if (s.charCodeAt(j) === 0x5e74) {
      i = j;
      sep = 0x5e74; // "2024 年 3 月 5 日"
    }
  }
  if (firstLen === 8 && isSpace(sep)) return timeTailOk(s, i, end, true) ? dayFromCompact(first) : DateError.FORMAT;
  if (sep === 46) {
    const serial = numericText(s, start, end, date1904);
    if (serial !== DateError.FORMAT) return serial;
  }
  const chinese = sep === 0x5e74; // 年
  if (firstLen === 4 && (sep === 45 || sep === 47 || sep === 46 || chinese)) {
    i++;
    if (chinese) while (i < end && isSpace(s.charCodeAt(i))) i++;
    let month = 0;
    const monthStart = i;
    while (i < end && isDigit(s.charCodeAt(i))) month = month * 10 + s.charCodeAt(i++) - 48;
    if (i - monthStart < 1 || i - monthStart > 2 || i === end) return DateError.FORMAT;
    if (chinese) {
      while (i < end && isSpace(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== 0x6708) return DateError.FORMAT; // 月
      i++;
      while (i < end && isSpace(s.charCodeAt(i))) i++;
    } else if (s.charCodeAt(i) !== sep) return DateError.FORMAT;
    else i++;
    let day = 0;
    const dayStart = i;
    while (i < end && isDigit(s.charCodeAt(i))) day = day * 10 + s.charCodeAt(i++) - 48;
    if (i - dayStart < 1 || i - dayStart > 2) return DateError.FORMAT;
    if (chinese) {
      while (i < end && isSpace(s.charCodeAt(i))) i++;
      const c = s.charCodeAt(i);
      if (c !== 0x65e5 && c !== 0x53f7) return DateError.FORMAT; // 日 or 号
      i++;
    }
    if (!timeTailOk(s, i, end, !chinese)) return DateError.FORMAT;
    return ymdOrError(first, month, day);
  }
  if (firstLen <= 2 && (sep === 47 || sep === 45 || sep === 46)) {
    i++;
    let second = 0;
    const secondStart = i;
    while (i < end && isDigit(s.charCodeAt(i))) second = second * 10 + s.charCodeAt(i++) - 48;
    if (i - secondStart < 1 || i - secondStart > 2 || i === end || s.charCodeAt(i) !== sep) return DateError.FORMAT;
    i++;
    let year = 0;
    const yearStart = i;
    while (i < end && isDigit(s.charCodeAt(i))) year = year * 10 + s.charCodeAt(i++) - 48;
    const yearLen = i - yearStart;
    if ((yearLen !== 2 && yearLen !== 4) || !timeTailOk(s, i, end, true)) return DateError.FORMAT;
    pairFirst = first;
    pairSecond = second;
    pairYear = yearLen === 2 ? fullYear(year) : year;
    if (pairYear < 1900) return DateError.RANGE;
    return PAIR;
  }
  return DateError.FORMAT;
}

/** "45292.5": a serial with a time of day, stored as text. */
function numericText(s: string, start: number, end: number, date1904: boolean): number {
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dots++;
    else if (!isDigit(c)) return DateError.FORMAT;
  }
  return dots === 1 ? dayFromSerial(Number(s.slice(start, end)), date1904) : DateError.FORMAT;
}

/** End of the last readNumber. */
let scanPos = 0;

/** Reads a number of minLen–maxLen digits at i (and no more digits after); the value or -1. */
function readNumber(s: string, i: number, end: number, minLen: number, maxLen: number): number {
  let value = 0;
  const from = i;
  while (i < end && i - from < maxLen && isDigit(s.charCodeAt(i))) value = value * 10 + s.charCodeAt(i++) - 48;
  scanPos = i;
  return i - from < minLen || (i < end && isDigit(s.charCodeAt(i))) ? -1 : value;
}

function skipSpaces(s: string, i: number, end: number): number {
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Whether s[i, end) is empty or a valid time of day: `T13:45`, ` 13:45:07.5`, ` 1:45 PM`,
 * `T13:45:00Z`, `T13:45:00+08:00`, ` 13时45分`, ` 下午3点`. `needSep`: the time must be set off by
 * a space or T (digit dates); after 日 it may follow directly.
 */
function timeTailOk(s: string, i: number, end: number, needSep: boolean): boolean {
  if (i === end) return true;
  const afterDate = i;
  i = skipSpaces(s, i, end);
  if (i === afterDate && s.charCodeAt(i) === 84) i++; // T
  else if (i === afterDate && needSep && s.charCodeAt(i) < 0x80) return false; // "2024-03-05x"
  let halfDay = 0; // 1 = morning, 2 = afternoon (上午/下午 or AM/PM)
  const c0 = s.charCodeAt(i);
  if ((c0 === 0x4e0a || c0 === 0x4e0b) && s.charCodeAt(i + 1) === 0x5348) {
    halfDay = c0 === 0x4e0a ? 1 : 2;
    i = skipSpaces(s, i + 2, end);
  }
  const hour = readNumber(s, i, end, 1, 2);
  i = scanPos;
  if (hour < 0 || i === end) return false;
  let minute = 0;
  let second = 0;
  const sep = s.charCodeAt(i);
  if (sep === 58) {
    minute = readNumber(s, i + 1, end, 2, 2);
    i = scanPos;
    if (minute < 0) return false;
    if (i < end && s.charCodeAt(i) === 58) {
      second = readNumber(s, i + 1, end, 2, 2);
      i = scanPos;
      if (second < 0) return false;
      if (i < end && s.charCodeAt(i) === 46) {
        i++;
        const fracStart = i;
        while (i < end && isDigit(s.charCodeAt(i))) i++;
        if (i === fracStart) return false;
      }
    }
    i = skipSpaces(s, i, end);
    const a = s.charCodeAt(i) | 32;
    if ((a === 97 || a === 112) && halfDay === 0 && (s.charCodeAt(i + 1) | 32) === 109) {
      halfDay = a === 97 ? 1 : 2;
      i += 2;
    }
    if (i < end && s.charCodeAt(i) === 90) i++; // Z
    else if (i < end && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
      // Offset +08, +0800 or +08:00: ignored, the date is kept as written.
      const from = ++i;
      while (i < end && isDigit(s.charCodeAt(i))) i++;
      if (i - from === 2 && s.charCodeAt(i) === 58) {
        if (readNumber(s, i + 1, end, 2, 2) < 0) return false;
        i = scanPos;
      } else if (i - from !== 2 && i - from !== 4) return false;
    }
  } else if (sep === 0x65f6 || sep === 0x70b9) {
    // 时 / 点, then optional minutes 分 and seconds 秒
    i++;
    if (i < end) {
      minute = readNumber(s, i, end, 1, 2);
      i = scanPos;
      if (minute < 0 || s.charCodeAt(i) !== 0x5206) return false; // 分
      i++;
      if (i < end) {
        second = readNumber(s, i, end, 1, 2);
        i = scanPos;
        if (second < 0 || s.charCodeAt(i) !== 0x79d2) return false; // 秒
        i++;
      }
    }
  } else return false;
  if (skipSpaces(s, i, end) !== end) return false;
  if (minute > 59 || second > 59) return false;
  return halfDay === 0 ? hour <= 23 : hour >= 1 && hour <= 12;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_MONTH_YEAR = /^(\d{1,2})[\s\-/.]*([A-Za-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})(?!\d)/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?(?!\d),?[\s\-/.]*(\d{4}|\d{2})(?!\d)/;

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTHS.indexOf(lower.slice(0, 3)) + 1;
  if (index === 0) return 0;
  const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][index - 1];
  // "Sept" is common; otherwise the name must be the abbreviation or the full name.
  return lower.length === 3 || lower === full || lower === "sept" ? index : 0;
}

/** 5-Mar-2024, 5 March 2024, Mar 5, 2024, March 5th 2024 (with an optional time). */
function scanMonthName(s: string): number {
  let match = DAY_MONTH_YEAR.exec(s);
  let day: string;
  let name: string;
  if (match) [, day, name] = match;
  else {
    match = MONTH_DAY_YEAR.exec(s);
    if (!match) return DateError.FORMAT;
    [, name, day] = match;
  }
  const month = monthNumber(name);
  if (month === 0 || !timeTailOk(s, match[0].length, s.length, true)) return DateError.FORMAT;
  const yearText = match[3];
  const year = yearText.length === 2 ? fullYear(Number(yearText)) : Number(yearText);
  return ymdOrError(year, month, Number(day));
}
