/**
 * Calendar dates as whole day numbers: days since 1899-12-30, which equals the Excel 1900-system
 * serial for every date from 1900-03-01 on.
 *
 * Excel's 1900 system copies a Lotus 1-2-3 bug: it counts a 29 February 1900 that never existed
 * (serial 60). Serials 1–59 (1900-01-01 … 1900-02-28) are therefore one below the true day count,
 * and serial 60 is rejected. In the 1904 system (old Mac workbooks) serial 0 is 1904-01-01.
 * Reading text is dates.ts (the public entry, which re-exports this module) and date-text.ts.
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

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
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
export function dayFromCompact(n: number): number {
  const year = Math.floor(n / 10000);
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  return isValidYMD(year, month, day) ? dayFromYMD(year, month, day) : DateError.CALENDAR;
}

export function ymdOrError(year: number, month: number, day: number): number {
  if (year < 1900 || year > 9999) return DateError.RANGE;
  return isValidYMD(year, month, day) ? dayFromYMD(year, month, day) : DateError.CALENDAR;
}

/** Excel's two-digit-year window. */
export function fullYear(twoDigits: number): number {
  return twoDigits < 30 ? 2000 + twoDigits : 1900 + twoDigits;
}
