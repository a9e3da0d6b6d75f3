/**
 * The dialect of a text file: its delimiter (comma, semicolon, tab, pipe, or runs of spaces),
 * sniffed from the first lines, and its bytes as the readers take them (CsvBytes), with an aligned
 * report cut at its columns or a space-separated file turned into tabs (openCsv).
 */
import { isAscii } from "buffer";

export type Delimiter = "," | ";" | "\t" | "|";

/** Lines of the text's start that the delimiter is sniffed over (a title line may lack delimiters). */
const SNIFF_LINES = 30;

/**
 * The separator of the text: the delimiter that splits the first lines (outside quotes) into the
 * same number of fields, more than one, most often; on a tie the one giving more fields, then
 * comma, semicolon, tab, pipe. " " when the lines hold no comma, semicolon or pipe, tabs do not
 * split half of them but runs of spaces split them into three fields or more (a whitespace-aligned
 * table); comma when nothing splits.
 */
export function sniffSeparator(text: string): Delimiter | " " {
  const delimiters: Delimiter[] = [",", ";", "\t", "|"];
  const counts: number[][] = [[], [], [], [], []];
  let line = [0, 0, 0, 0];
  let words = 0;
  let inWord = false;
  let quoted = false;
  let lines = 0;
  const endLine = () => {
    if (words > 0) {
      for (let k = 0; k < 4; k++) counts[k].push(line[k] + 1);
      counts[4].push(words);
      lines++;
    }
    line = [0, 0, 0, 0];
    words = 0;
    inWord = false;
  };
  for (let i = 0; i < text.length && lines < SNIFF_LINES; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (quoted || c === '"') {
      if (!inWord) words++;
      inWord = true;
      continue;
    }
    if (c === "\n" || c === "\r") endLine();
    else if (c === " " || c === "\t") inWord = false;
    else if (!inWord) {
      words++;
      inWord = true;
    }
    const k = delimiters.indexOf(c as Delimiter);
    if (k >= 0) line[k]++;
  }
  if (lines < SNIFF_LINES) endLine();
  let best = 0;
  let bestFit = consistency(counts[0]);
  for (let k = 1; k < 4; k++) {
    const fit = consistency(counts[k]);
    if (fit.lines > bestFit.lines || (fit.lines === bestFit.lines && fit.fields > bestFit.fields)) {
      best = k;
      bestFit = fit;
    }
  }
  const spaces = consistency(counts[4]);
  const others = counts.slice(0, 4).some((fields, k) => k !== 2 && fields.some((f) => f > 1));
  // Three fields at least: a sales table has customer, date and amount, and names with a space do not split a list.
  if (!others && 2 * bestFit.lines < lines && 2 * spaces.lines >= lines && spaces.fields >= 3) return " ";
  return delimiters[best];
}

/** The most frequent field count above one (the larger on a tie), and on how many lines it occurs. */
function consistency(fieldCounts: number[]): { fields: number; lines: number } {
  const tally = new Map<number, number>();
  let fields = 0;
  let lines = 0;
  for (const f of fieldCounts) {
    if (f < 2) continue;
    const t = (tally.get(f) ?? 0) + 1;
    tally.set(f, t);
    if (t > lines || (t === lines && f > fields)) {
      fields = f;
      lines = t;
    }
  }
  return { fields, lines };
}

/** The delimiter of a text to parse (sniffSeparator, with comma for a whitespace-aligned table). */
export function sniffDelimiter(text: string): Delimiter {
  const s = sniffSeparator(text);
  return s === " " ? "," : s;
}

/** A CSV file's bytes as the column reader reads them. */
export class CsvBytes {
  readonly bytes: Buffer;
  /** The bytes as Latin-1 text: one character per byte, so ASCII fields are slices of it. */
  readonly latin1: string;
  /** Whether every byte is ASCII (then no field needs UTF-8 decoding, and latin1 is the text). */
  readonly ascii: boolean;
  /** Offset of the first record: after a UTF-8 byte-order mark, if any. */
  readonly start: number;

  constructor(bytes: Buffer) {
    this.bytes = bytes;
    this.ascii = isAscii(bytes);
    this.latin1 = bytes.toString("latin1");
    this.start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  /** The text of bytes [from, to): a Latin-1 slice when `high` (the OR of the bytes) is ASCII. */
  text(from: number, to: number, high: number): string {
    return high < 0x80 ? this.latin1.slice(from, to) : this.bytes.toString("utf8", from, to);
  }
}

/** The separator of the file (sniffSeparator on its first 64 KiB). */
function sniffBytes(src: CsvBytes): Delimiter | " " {
  return sniffSeparator(src.bytes.toString("utf8", src.start, Math.min(src.bytes.length, src.start + 65536)));
}

/**
 * A file's bytes for the readers, with its delimiter: a whitespace-aligned table (fields separated
 * by runs of spaces or tabs) is rewritten as tab-separated, each line trimmed and each run outside
 * quotes made one tab, so the readers keep their one-byte delimiter.
 */
export function openCsv(bytes: Buffer): { src: CsvBytes; delimiter: Delimiter } {
  const src = new CsvBytes(bytes);
  const separator = sniffBytes(src);
  if (separator !== " ") return { src, delimiter: separator };
  const b = src.bytes;
  const starts = fixedWidthStarts(b, src.start);
  if (starts) return { src: new CsvBytes(fixedWidthAsTabs(b, src.start, starts)), delimiter: "\t" };
  const out = Buffer.allocUnsafe(b.length);
  let o = 0;
  let quoted = false;
  let lineStart = true;
  let gap = false;
  for (let i = src.start; i < b.length; i++) {
    const c = b[i];
    if (!quoted && (c === 32 || c === 9)) {
      gap = !lineStart;
      continue;
    }
    if (!quoted && (c === 10 || c === 13)) {
      lineStart = true;
      gap = false;
    } else {
      if (gap) out[o++] = 9;
      lineStart = false;
      gap = false;
      if (c === 34) quoted = !quoted;
    }
    out[o++] = c;
  }
  return { src: new CsvBytes(out.subarray(0, o)), delimiter: "\t" };
}

/** Lines looked at to find the columns of a fixed-width table. */
const FIXED_WIDTH_LINES = 200;

/**
 * The byte offsets where the columns of a fixed-width table start (an aligned report such as
 * CDNOW_sample.txt), or null when the first lines are not aligned into three columns or more: a
 * column is a run of positions that some line fills, between positions that every line leaves
 * blank, so a name with a space ("John Smith") or a blank cell keeps its column.
 */
function fixedWidthStarts(b: Uint8Array, start: number): number[] | null {
  const filled: boolean[] = [];
  let lines = 0;
  let col = 0;
  let blankLine = true;
  for (let i = start; i < b.length && lines < FIXED_WIDTH_LINES; i++) {
    const c = b[i];
    if (c === 10 || c === 13) {
      if (!blankLine) lines++;
      col = 0;
      blankLine = true;
      continue;
    }
    // Bytes, not characters: a multi-byte text (CJK) padded by characters is not aligned here.
    if (c !== 32 && c !== 9) {
      filled[col] = true;
      blankLine = false;
    } else if (c === 9) return null;
    col++;
  }
  const starts: number[] = [];
  for (let p = 0; p < filled.length; p++) if (filled[p] && !filled[p - 1]) starts.push(p);
  return lines >= 2 && starts.length >= 3 ? starts : null;
}

/** The lines of a fixed-width table cut at the column starts, fields trimmed and joined by tabs. */
function fixedWidthAsTabs(b: Uint8Array, start: number, starts: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(b.length - start + starts.length * 4096);
  let o = 0;
  const chunks: Buffer[] = [];
  const put = (c: number) => {
    if (o === out.length) {
      chunks.push(Buffer.from(out.subarray(0, o)));
      o = 0;
    }
    out[o++] = c;
  };
  let i = start;
  while (i < b.length) {
    let end = i;
    while (end < b.length && b[end] !== 10 && b[end] !== 13) end++;
    for (let k = 0; k < starts.length; k++) {
      let from = i + starts[k];
      let to = k + 1 < starts.length ? Math.min(end, i + starts[k + 1]) : end;
      if (k > 0) put(9);
      while (from < to && b[from] === 32) from++;
      while (to > from && b[to - 1] === 32) to--;
      for (let j = from; j < to; j++) put(b[j]);
    }
    // The line end as it was (LF, CRLF or a lone CR).
    if (end < b.length) put(b[end]);
    if (b[end] === 13 && b[end + 1] === 10) put(b[++end]);
    i = end + 1;
  }
  chunks.push(Buffer.from(out.subarray(0, o)));
  return Buffer.concat(chunks);
}
