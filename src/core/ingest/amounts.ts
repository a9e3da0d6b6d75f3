/**
 * Money amounts from cells. Numbers are taken as they are; text is read as a number with:
 * - spaces (also no-break, thin, ideographic) around and between the parts;
 * - a sign `+`, `-` or `−` before the number (or before the currency), a trailing minus `120-`, or
 *   parentheses `(120.00)` for a negative; only one of these per value;
 * - one currency mark before or after: ¥ ￥ $ € £ 元 and the codes RMB CNY USD EUR GBP HKD JPY (any
 *   case), plus US$ and HK$; the currency is reported (AmountInfo) but never converted;
 * - full-width digits and punctuation (１２３．５), folded by Unicode NFKC;
 * - scientific notation `1.2E+05` (no grouping then).
 * Thousands separators and the decimal mark:
 * - a space always groups thousands, and the comma or dot after it is then the decimal mark
 *   (`1 234,50` = 1234.5, `1 234.50` = 1234.5);
 * - with both `,` and `.`, the one that comes last is the decimal mark (`1,234.50` and `1.234,50`);
 * - with only commas: groups of exactly 3 digits after each comma are thousands (`1,234` = 1234,
 *   `1,234,567`); one comma followed by anything but 3 digits is a decimal comma (`12,5` = 12.5,
 *   `0,75`); so `12,345` is twelve thousand, never 12.345;
 * - with only dots: one dot is the decimal point (`1.234` = 1.234); several dots are thousands
 *   groups (`1.234.567`);
 * - grouped digits must be well formed: 1–3 digits, then groups of exactly 3 (`1,23,4` is refused).
 * Refused: blanks, booleans, percentages, dates, anything else. No NaN or ±Infinity is ever returned
 * as an amount: amountOf gives NaN only to say "not an amount", and amountError says why.
 */

/** What the parser saw besides the number. */
export interface AmountInfo {
  /** ISO code of the currency mark (¥ 元 RMB → CNY, $ → USD, € → EUR, £ → GBP), or null. */
  currency: string | null;
}

/** Why text is not an amount; module state written by parseAmountText on failure only. */
type Failure = "EMPTY" | "PERCENT" | "SIGNS" | "GROUPING" | "NOT_NUMBER";
let lastFailure: Failure = "NOT_NUMBER";

const CURRENCY_CODES: Record<string, string> = {
  RMB: "CNY",
  CNY: "CNY",
  USD: "USD",
  US$: "USD",
  EUR: "EUR",
  GBP: "GBP",
  HKD: "HKD",
  HK$: "HKD",
  JPY: "JPY",
};

function currencySymbol(c: number): string | null {
  switch (c) {
    case 0xa5: // ¥ (￥ folds to it)
    case 0x5143: // 元
      return "CNY";
    case 36: // $
      return "USD";
    case 0x20ac: // €
      return "EUR";
    case 0xa3: // £
      return "GBP";
    default:
      return null;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x3000 || c === 0x202f || c === 0x2009 || c === 10 || c === 13 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isMinus(c: number): boolean {
  return c === 45 || c === 0x2212;
}

/** Amount of a cell, or NaN when the cell is not an amount (see amountError). */
export function amountOf(cell: unknown, info?: AmountInfo): number {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : NaN;
  if (typeof cell === "string") return parseAmountText(cell, info);
  return NaN;
}

/** Why amountOf gives NaN for this cell, e.g. "is a percentage, not an amount"; null if it does not. */
export function amountError(cell: unknown): string | null {
  if (cell === null || cell === undefined) return "is blank";
  if (typeof cell === "boolean") return "is a logical value (TRUE/FALSE), not an amount";
  if (typeof cell === "number") return Number.isFinite(cell) ? null : "is not a finite number";
  if (typeof cell !== "string") return "is not a number";
  if (!Number.isNaN(parseAmountText(cell))) return null;
  if (lastFailure !== "EMPTY" && lastFailure !== "PERCENT" && looksLikeDate(cell)) return "looks like a date, not an amount";
  switch (lastFailure) {
    case "EMPTY":
      return cell.trim() === "" ? "is blank" : "has no digits";
    case "PERCENT":
      return "is a percentage, not an amount";
    case "SIGNS":
      return "has more than one sign (minus, parentheses or trailing minus)";
    case "GROUPING":
      return "has misplaced thousands separators (expected groups of 3 digits, e.g. 1,234,567.89)";
    default:
      return "is not a number";
  }
}

/** Digits and date separators with two or more separators: 2024-03-05, 5/3/2024, 2024年3月5日. */
function looksLikeDate(text: string): boolean {
  const t = text.trim();
  return /^\d{1,4}([-/.])\d{1,2}\1\d{1,4}(\s.*|T.*)?$/.test(t) || /^\d{4}\s*年\s*\d{1,2}\s*月/.test(t);
}

function fail(reason: Failure): number {
  lastFailure = reason;
  return NaN;
}

/** Amount of text, or NaN (the reason is then available through amountError). */
export function parseAmountText(text: string, info?: AmountInfo): number {
  if (info) info.currency = null;
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return fail("EMPTY");
  // Fast path: an optional leading minus, digits, at most one dot and at least one digit.
  let plain = true;
  let dots = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === 46 && dots === 0) dots++;
    else if (!(c === 45 && i === start)) {
      plain = false;
      break;
    }
  }
  if (plain) return digits > 0 ? Number(text.slice(start, end)) : fail("EMPTY");
  return parseFormatted(text.slice(start, end), info);
}

function parseFormatted(input: string, info?: AmountInfo): number {
  let s = input;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0xff00) {
      s = s.normalize("NFKC");
      break;
    }
  }
  let signs = 0;
  let negative = false;
  let currency: string | null = null;
  let start = 0;
  let end = s.length;
  /** A currency code or mark at the start (fromEnd false) or end of s[start, end). */
  const takeCurrency = (fromEnd: boolean): boolean => {
    for (const length of [3, 2]) {
      if (end - start <= length) continue;
      const word = (fromEnd ? s.slice(end - length, end) : s.slice(start, start + length)).toUpperCase();
      const code = CURRENCY_CODES[word];
      if (code !== undefined) {
        if (fromEnd) end -= length;
        else start += length;
        currency = code;
        return true;
      }
    }
    const symbol = currencySymbol(s.charCodeAt(fromEnd ? end - 1 : start));
    if (symbol === null) return false;
    if (fromEnd) end--;
    else start++;
    currency = symbol;
    return true;
  };
  // Peel signs, parentheses and one currency mark off both ends, in any order: -¥120, ¥-120,
  // (¥120), ¥(120), 120元-, USD 1,234.50.
  for (let changed = true; changed;) {
    while (start < end && isSpace(s.charCodeAt(start))) start++;
    while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
    changed = true;
    const c = s.charCodeAt(start);
    if (c === 40 && end - start > 2 && s.charCodeAt(end - 1) === 41) {
      signs++;
      negative = true;
      start++;
      end--;
    } else if (isMinus(c) || c === 43) {
      signs++;
      negative ||= c !== 43;
      start++;
    } else if (end - start > 1 && isMinus(s.charCodeAt(end - 1))) {
      signs++;
      negative = true;
      end--;
    } else changed = currency === null && (takeCurrency(false) || takeCurrency(true));
  }
  if (info) info.currency = currency;
  if (signs > 1) return fail("SIGNS");
  const value = parseNumberBody(s, start, end);
  return negative && !Number.isNaN(value) ? -value : value;
}

/** Unsigned number with grouping, in s[start, end). */
function parseNumberBody(s: string, start: number, end: number): number {
  if (start >= end) return fail("EMPTY");
  let commas = 0;
  let dots = 0;
  let spaces = 0;
  let lastComma = -1;
  let lastDot = -1;
  let exponent = false;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === 44) {
      commas++;
      lastComma = i;
    } else if (c === 46) {
      dots++;
      lastDot = i;
    } else if (isSpace(c)) spaces++;
    else if ((c === 101 || c === 69) && digits > 0 && !exponent) {
      exponent = true;
      const sign = s.charCodeAt(i + 1);
      if (sign === 43 || sign === 45) i++;
    } else return fail(c === 37 ? "PERCENT" : "NOT_NUMBER");
  }
  if (digits === 0) return fail("EMPTY");
  if (exponent) {
    if (commas + spaces > 0 || dots > 1) return fail("NOT_NUMBER");
    const value = Number(s.slice(start, end));
    return Number.isFinite(value) ? value : fail("NOT_NUMBER");
  }
  let decimalAt = -1;
  let group = -1; // char code of the thousands separator, -1 when none
  if (spaces > 0) {
    if (commas + dots > 1) return fail("GROUPING");
    group = 32;
    decimalAt = commas === 1 ? lastComma : dots === 1 ? lastDot : -1;
  } else if (commas > 0 && dots > 0) {
    const commaIsDecimal = lastComma > lastDot;
    if (commaIsDecimal ? commas !== 1 : dots !== 1) return fail("GROUPING");
    decimalAt = commaIsDecimal ? lastComma : lastDot;
    group = commaIsDecimal ? 46 : 44;
  } else if (commas > 0) {
    // One comma is a thousands separator only where that reading is well formed: 1,234 but not
    // 12,5 or 0,500 or 1234,567, which can only be decimal commas.
    const before = lastComma - start;
    const thousands = end - lastComma - 1 === 3 && before >= 1 && before <= 3 && s.charCodeAt(start) !== 48;
    if (commas === 1 && !thousands) decimalAt = lastComma;
    else group = 44;
  } else if (dots > 0) {
    if (dots === 1) decimalAt = lastDot;
    else group = 46;
  }
  const intEnd = decimalAt >= 0 ? decimalAt : end;
  let clean = "";
  let groupLength = 0;
  let groups = 0;
  for (let i = start; i < intEnd; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      groupLength++;
      continue;
    }
    // A separator: closes a group (a run of spaces counts as one separator).
    if (group === 32 ? !isSpace(c) : c !== group) return fail("GROUPING");
    if (group === 32 && isSpace(s.charCodeAt(i - 1))) continue;
    if (groups === 0 ? groupLength < 1 || groupLength > 3 : groupLength !== 3) return fail("GROUPING");
    groups++;
    groupLength = 0;
  }
  // Grouped digits: 1–3 digits without a leading zero, then groups of exactly 3.
  if (groups > 0 && (groupLength !== 3 || s.charCodeAt(start) === 48)) return fail("GROUPING");
  for (let i = start; i < intEnd; i++) if (isDigit(s.charCodeAt(i))) clean += s[i];
  if (decimalAt >= 0) {
    clean += ".";
    for (let i = decimalAt + 1; i < end; i++) {
      if (!isDigit(s.charCodeAt(i))) return fail("GROUPING");
      clean += s[i];
    }
  }
  if (clean === "." || clean === "") return fail("EMPTY");
  return Number(clean);
}
