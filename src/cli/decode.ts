/**
 * The text encoding of an input file, and its text as UTF-8 bytes for the byte-level CSV reader.
 *
 * UTF-8 files (the common case) pass through untouched after one validity check. A byte-order mark
 * names UTF-8 or UTF-16; UTF-16 without one shows itself by NUL bytes in every other position
 * (its ASCII delimiters, digits and line ends). Anything else is what a Windows Excel saves with
 * "CSV" in its locale's code page: GB18030 (a superset of GBK, mainland China), Big5 (Taiwan, Hong
 * Kong) or Windows-1252 (Western Europe). All three decode most byte strings, so the choice is by
 * which decoding reads most like text: common hanzi for the Chinese ones (ranked by their byte
 * ranges, where both code pages keep their common characters), accented letters inside words for
 * Windows-1252. Nothing is ever decoded into replacement characters: a file that no candidate
 * reads cleanly is refused, naming where and the --encoding option.
 */
import { isUtf8 } from "buffer";
import iconv from "iconv-lite";
import { UsageError } from "./args";

export interface Decoded {
  /** The text as UTF-8 (the input itself when it was UTF-8). */
  bytes: Buffer;
  /** Name of the encoding read, as the --encoding option takes it. */
  encoding: string;
  /** The encoding was guessed from the bytes and is not UTF-8: the caller says which it used. */
  guessed: boolean;
}

/** Refuses an --encoding name that iconv-lite does not know, in one line. */
export function checkEncoding(name: string): void {
  if (!iconv.encodingExists(name)) {
    throw new UsageError(
      `--encoding '${name}': unknown encoding (e.g. utf-8, utf-16le, utf-16be, gb18030, gbk, big5, windows-1252, shift_jis)`,
    );
  }
}

/** Legacy code pages tried, in order of preference on a tie. */
const CANDIDATES = ["gb18030", "big5", "windows-1252"] as const;
type Candidate = (typeof CANDIDATES)[number];
const TITLE: Record<string, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16LE",
  "utf-16be": "UTF-16BE",
  gb18030: "GB18030",
  big5: "Big5",
  "windows-1252": "Windows-1252",
};

/** Bytes judged when choosing between the legacy code pages (the whole file is still checked). */
const JUDGED_BYTES = 1 << 20;

export function decodeText(bytes: Buffer, file: string, encoding?: string): Decoded {
  if (encoding !== undefined) return decodeAs(bytes, file, encoding);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs(bytes, file, "utf-8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ...decodeAs(bytes, file, "utf-16le"), guessed: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ...decodeAs(bytes, file, "utf-16be"), guessed: true };
  const utf16 = utf16ByNuls(bytes);
  if (utf16) return { ...decodeAs(bytes, file, utf16), guessed: true };
  if (isUtf8(bytes)) return { bytes, encoding: "utf-8", guessed: false };

  const scan = scanUtf8(bytes);
  // Multi-byte UTF-8 sequences seldom form by chance in other encodings: a file made mostly of them
  // is UTF-8 with a few damaged bytes (or cut short), not a legacy code page.
  if (scan.valid > 0 && scan.valid >= 4 * scan.invalid) {
    throw new UsageError(
      `${file}: not valid UTF-8 at byte ${scan.first} (line ${lineAt(bytes, scan.first)})${scan.first >= bytes.length - 3 ? ": the file ends inside a character" : ""}; if it is in another encoding, name it with --encoding`,
    );
  }
  // Chosen on the first MiB, cut after a line feed (never a byte inside a character in these code pages).
  let judged = bytes;
  if (bytes.length > JUDGED_BYTES) {
    const cut = bytes.lastIndexOf(10, JUDGED_BYTES);
    judged = bytes.subarray(0, cut > 0 ? cut + 1 : JUDGED_BYTES);
  }
  const ranked = CANDIDATES.map((name, order) => ({ name, order, score: plausibility(judged, name) })).sort(
    (a, b) => b.score - a.score || a.order - b.order,
  );
  // The likeliest code page, else another that reads as text: not the mojibake of a file that the
  // likeliest one reads but for a damaged or cut-off character.
  let likeliest = "";
  for (const [k, { name, score }] of ranked.entries()) {
    if (k > 0 && !(score > 0)) break;
    const text = iconv.decode(bytes, name);
    const bad = text.indexOf("\ufffd");
    // Well-formed UTF-8 characters in a file that Windows-1252 would read (Ã©, å¼ …) are a file
    // of mixed encodings, e.g. lines pasted together from two exports: no single reading is right.
    if (bad < 0 && name === "windows-1252" && scan.valid > 0) {
      throw new UsageError(
        `${file}: mixes UTF-8 (e.g. byte ${scan.firstValid}, line ${lineAt(bytes, scan.firstValid)}) with another encoding (byte ${scan.first}, line ${lineAt(bytes, scan.first)}); save it in one encoding, or name one with --encoding`,
      );
    }
    if (bad < 0) return { bytes: Buffer.from(text, "utf8"), encoding: name, guessed: true };
    if (k === 0) likeliest = `; read as ${encodingTitle(name)}, the likeliest, line ${lineOfText(text, bad)} holds an invalid sequence`;
  }
  throw new UsageError(
    `${file}: cannot tell the text encoding: not UTF-8 (invalid bytes at byte ${scan.first}, line ${lineAt(bytes, scan.first)})${likeliest}; name the encoding with --encoding`,
  );
}

/** What the warning line calls an encoding. */
export function encodingTitle(name: string): string {
  return TITLE[name] ?? name;
}

/** The bytes in a given encoding; refused when they hold a sequence that encoding cannot read. */
function decodeAs(bytes: Buffer, file: string, encoding: string): Decoded {
  checkEncoding(encoding);
  const canonical = encoding.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (canonical === "utf8") {
    if (!isUtf8(bytes)) {
      const first = scanUtf8(bytes).first;
      throw new UsageError(
        `${file}: not valid UTF-8 at byte ${first} (line ${lineAt(bytes, first)}); if it is in another encoding, name it with --encoding`,
      );
    }
    return { bytes, encoding: "utf-8", guessed: false };
  }
  const text = iconv.decode(bytes, encoding);
  const wide = /^(utf16|ucs2)/.test(canonical);
  if (wide && bytes.length % 2 === 1)
    throw new UsageError(
      `${file}: read as ${encodingTitle(encoding)}, the file ends inside a character (an odd number of bytes); name another encoding with --encoding`,
    );
  const bad = wide ? loneSurrogate(text) : text.indexOf("\ufffd");
  if (bad >= 0) {
    throw new UsageError(
      `${file}: not valid ${encodingTitle(encoding)} in line ${lineOfText(text, bad)}; name the file's encoding with --encoding`,
    );
  }
  return { bytes: Buffer.from(text, "utf8"), encoding: encoding.toLowerCase(), guessed: false };
}

/**
 * UTF-16 without a byte-order mark: in its first 4 KiB, NUL bytes fill at least a quarter of the
 * high-byte positions (odd for little-endian) and almost none of the others.
 */
function utf16ByNuls(bytes: Buffer): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs / 4 && even <= pairs / 50) return "utf-16le";
  if (even >= pairs / 4 && odd <= pairs / 50) return "utf-16be";
  return null;
}

/** Index of the first unpaired surrogate in `text`, or -1. */
function loneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** Well-formed and ill-formed multi-byte UTF-8 sequences, and the offset of the first ill-formed one. */
function scanUtf8(b: Uint8Array): { valid: number; invalid: number; first: number; firstValid: number } {
  let valid = 0;
  let invalid = 0;
  let first = -1;
  let firstValid = -1;
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // Length and the range of the second byte (RFC 3629: no overlongs, surrogates or > U+10FFFF).
    let len = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    }
    let ok = len > 0 && i + len <= b.length && b[i + 1] >= lo && b[i + 1] <= hi;
    for (let k = 2; ok && k < len; k++) ok = b[i + k] >= 0x80 && b[i + k] <= 0xbf;
    if (ok) {
      if (firstValid < 0) firstValid = i;
      valid++;
      i += len;
    } else {
      if (first < 0) first = i;
      invalid++;
      i++;
    }
  }
  return { valid, invalid, first, firstValid };
}

/**
 * How much the bytes read like text in a code page: the mean, over its non-ASCII characters, of
 * +1 for a likely one down to −1 for an unlikely or invalid one.
 */
function plausibility(bytes: Buffer, name: Candidate): number {
  if (name === "windows-1252") return latinScore(iconv.decode(bytes, name));
  let sum = 0;
  let count = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    count++;
    if (name === "gb18030" && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39) {
      // A four-byte GB18030 sequence: characters GBK lacks, rare in Chinese text.
      sum -= 1;
      i += 4;
      continue;
    }
    const trail = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const pair = name === "gb18030" ? gbPair(lead, trail) : big5Pair(lead, trail);
    // An ASCII letter as the trail byte with more letters after it is likelier an accented word (Ægir).
    sum += trail < 0x80 && isAsciiLetter(trail) && isAsciiLetter(bytes[i + 2]) ? Math.min(pair, 0) : pair;
    i += 2;
  }
  return count === 0 ? 0 : sum / count;
}

/** GB2312 keeps its 3,755 common hanzi at B0A1–D7F9, the rest at D8A1–F7FE, punctuation at A1–A3. */
function gbPair(lead: number, trail: number): number {
  if (trail < 0xa1 || trail > 0xfe) return -1;
  if (lead >= 0xb0 && lead <= 0xd7) return 1;
  if (lead >= 0xd8 && lead <= 0xf7) return 0.25;
  if (lead >= 0xa1 && lead <= 0xa3) return 0.5;
  return -1;
}

/** Big5 keeps its 5,401 common hanzi at A440–C67E, the less common at C940–F9D5, punctuation at A140–A3BF. */
function big5Pair(lead: number, trail: number): number {
  if (!((trail >= 0x40 && trail <= 0x7e) || (trail >= 0xa1 && trail <= 0xfe))) return -1;
  if (lead >= 0xa4 && lead <= 0xc5) return 1;
  if (lead === 0xc6 && trail <= 0x7e) return 1;
  if (lead >= 0xc9 && lead <= 0xf9) return 0.25;
  if (lead >= 0xa1 && lead <= 0xa3) return 0.5;
  return -1;
}

/** Symbols a Western text plausibly holds (currency, quotes, dashes, degree, no-break space). */
const LATIN_SYMBOLS = new Set("€£¥¢§©®°±«»–—‘’“”…·\u00a0");

/** Windows-1252: accented letters inside words are likely; runs of them (mojibake of CJK) are not. */
function latinScore(text: string): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    count++;
    const ch = text[i];
    if (ch === "\ufffd") sum -= 1;
    else if (/\p{L}/u.test(ch)) sum += isAsciiLetter(text.charCodeAt(i - 1)) || isAsciiLetter(text.charCodeAt(i + 1)) ? 1 : -0.5;
    else sum += LATIN_SYMBOLS.has(ch) ? 0.25 : -1;
  }
  return count === 0 ? 0 : sum / count;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

function lineOfText(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
