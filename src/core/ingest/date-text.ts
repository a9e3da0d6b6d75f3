/**
 * The date-text scanner behind parseDayText (dates.ts): ISO, compact, Chinese, day/month and
 * month-name text with an optional time of day. It never builds a Date object and uses no regular
 * expression for numbers and ISO text (the hot path of a million-row column); it returns a day
 * number, a negative DateError code, or PAIR with day/month parts left in scannedPair, so a failure
 * costs no allocation either.
 */
import { DateError, dayFromCompact, dayFromSerial, fullYear, ymdOrError } from "./day-numbers";

/** Unicode white space that Excel users meet: ASCII, no-break, ideographic, thin spaces. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x202f || c === 0x2009 || c === 0xfeff;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The scanner reports day/month pairs through this one object instead of allocating. */
export const scannedPair = { first: 0, second: 0, year: 0 };

/** Result of scanning day/month text: the pair is in scannedPair. */
export const PAIR = -100;
/**
 * Scans trimmed text. Returns a day number, a DateError code, or PAIR with the day/month parts in
 * scannedPair.
 */
export function scanText(raw: string, date1904: boolean): number {
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
    scannedPair.first = first;
    scannedPair.second = second;
    scannedPair.year = yearLen === 2 ? fullYear(year) : year;
    if (scannedPair.year < 1900) return DateError.RANGE;
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
  if (i === afterDate && s.charCodeAt(i) === 84)
    i++; // T
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
    if (i < end && s.charCodeAt(i) === 90)
      i++; // Z
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
  const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][
    index - 1
  ];
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
