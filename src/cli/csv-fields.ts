/**
 * The fields the CSV column reader (csv.ts readCsvColumns) turns into values without a string:
 * plain decimals and ISO dates read from the bytes, exactly as the ingest would read their text,
 * and the decimal-comma reading of a number's text.
 */
import { dayFromYMD, isValidYMD } from "../core/ingest/dates";

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal in bytes [from, to) (-?digits[.digits], at most 15 digits, no leading zero before
 * other digits) as the same double Number() gives: an exact integer divided by an exact power of ten
 * is correctly rounded. NaN for anything else.
 */
export function plainNumberBytes(b: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = b[i] === 45;
  if (negative) i++;
  if (i >= to) return NaN;
  if (b[i] === 48 && i + 1 < to && b[i + 1] !== 46) return NaN;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < to; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0 && digits > 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15 || decimals === 0) return NaN;
  const value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
  return negative ? -value : value;
}

/** Day number of YYYY-MM-DD at `from`, or NaN when it is not such a valid date. */
export function isoDayBytes(b: Uint8Array, from: number): number {
  if (b[from + 4] !== 45 || b[from + 7] !== 45) return NaN;
  const year = digit(b[from]) * 1000 + digit(b[from + 1]) * 100 + digit(b[from + 2]) * 10 + digit(b[from + 3]);
  const month = digit(b[from + 5]) * 10 + digit(b[from + 6]);
  const day = digit(b[from + 8]) * 10 + digit(b[from + 9]);
  if (year < 1900 || !isValidYMD(year, month, day)) return NaN;
  return dayFromYMD(year, month, day);
}

function digit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : -1000;
}

/** A quoted field's text as bytes for plainNumberBytes and isoDayBytes; null when not ASCII (never plain). */
function asciiBytes(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return null;
    out[i] = c;
  }
  return out;
}

/**
 * A number's text from a decimal-comma file as the ingest reads it (which takes `1,234` for a
 * thousand): its one comma made the decimal point and the dots before it, thousands groups there,
 * dropped (`1.234,50` → `1234.50`, `12,50` → `12.50`, `1,234` → `1.234`). Text with several commas,
 * or a dot after the comma, is left for the ingest to judge.
 */
export function decimalCommaText(text: string): string {
  const comma = text.indexOf(",");
  if (comma < 0 || text.indexOf(",", comma + 1) >= 0 || text.indexOf(".", comma) >= 0) return text;
  return `${text.slice(0, comma).replace(/\./g, "")}.${text.slice(comma + 1)}`;
}

/**
 * In a decimal-comma file a dot groups thousands: `1.500` (Excel's `#.##0`) is fifteen hundred,
 * which the plain-decimal reading takes for 1.5. Other dotted numbers keep that reading.
 */
export function dotThousands(parsed: number, text: string): number {
  return /^-?\d{1,3}(\.\d{3})+$/.test(text) ? Number(text.replace(/\./g, "")) : parsed;
}

/** plainNumberBytes of a quoted field's text. */
export function plainNumber(text: string): number {
  const b = asciiBytes(text);
  return b ? plainNumberBytes(b, 0, b.length) : NaN;
}

/** isoDayBytes of a quoted field's text. */
export function isoDayText(text: string): number {
  const b = asciiBytes(text);
  return b && b.length === 10 ? isoDayBytes(b, 0) : NaN;
}
