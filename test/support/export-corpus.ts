/**
 * Sales exports shaped the way spreadsheets, ERPs and shops write them, generated from one small
 * table: every shape is the same transactions, so every door must give the customers table of the
 * clean UTF-8 file. Used by the corpus tests of the command line and of the Excel layer.
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

/** Customer names that each encoding can hold (GB18030 and Big5 have no accented Latin, 1252 no CJK). */
export const NAMES = {
  simplified: ["张三", "李四", "王五", "赵六", "钱七", "孙八"],
  traditional: ["陳大文", "黃小明", "張美玲", "林志強", "劉德華", "鄧麗君"],
  latin: ["José Álvarez", "Zoë Müller", "François Dupont", "Søren Ødegård", "Renée Çelik", "Iñigo Peña"],
  formulas: ['=HYPERLINK("http://x.example","click")', "+1+2", "-1+2", "@SUM(A1:A9)", "\t=cmd", "=1+1"],
};

export interface Line {
  customer: string;
  /** ISO date. */
  date: string;
  amount: number;
}

/**
 * The transactions: customers 0–3 buy (customer 1 also returns part of an order), customer 4 only
 * returns (no counted purchase), customer 5 only has $0 lines.
 */
export function lines(names: readonly string[]): Line[] {
  const [a, b, c, d, returnsOnly, zeroOnly] = names;
  return [
    { customer: a, date: "2024-01-05", amount: 120.5 },
    { customer: b, date: "2024-01-09", amount: 80 },
    { customer: a, date: "2024-02-11", amount: 35.25 },
    { customer: c, date: "2024-02-20", amount: 1500 },
    { customer: returnsOnly, date: "2024-03-01", amount: -45 },
    { customer: b, date: "2024-03-15", amount: -20 },
    { customer: d, date: "2024-03-18", amount: 9.99 },
    { customer: zeroOnly, date: "2024-04-02", amount: 0 },
    { customer: a, date: "2024-04-30", amount: 60 },
    { customer: c, date: "2024-05-06", amount: 230.75 },
    { customer: b, date: "2024-05-21", amount: 45.5 },
    { customer: d, date: "2024-06-28", amount: 19.99 },
  ];
}

export const TOTAL = (rows: readonly Line[]) => Math.round(rows.reduce((s, r) => s + r.amount, 0) * 100) / 100;

/** RFC 4180 field: quoted when it holds the delimiter, a quote or a line break. */
function field(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface TextShape {
  header?: readonly string[];
  delimiter?: string;
  /** Lines written above the header, e.g. a report title and a blank line. */
  title?: readonly string[];
  /** A totals line below the data: its first cell's text (合计, Total, …). */
  totals?: string;
  decimalComma?: boolean;
  /** How the date is written: ISO, Chinese Excel (2024/1/5), US Excel (1/5/2024), German (05.01.2024). */
  dates?: "iso" | "zh" | "us" | "de";
  eol?: string;
}

function dateText(iso: string, style: TextShape["dates"]): string {
  const [y, m, d] = iso.split("-").map(Number);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (style === "zh") return `${y}/${m}/${d}`;
  if (style === "us") return `${m}/${d}/${y}`;
  if (style === "de") return `${pad(d)}.${pad(m)}.${y}`;
  return iso;
}

/** The table as text in one of the shapes. */
export function csvText(rows: readonly Line[], shape: TextShape = {}): string {
  const d = shape.delimiter ?? ",";
  const eol = shape.eol ?? "\r\n";
  const money = (x: number) => (shape.decimalComma ? String(x).replace(".", ",") : String(x));
  const out: string[] = [...(shape.title ?? [])];
  out.push((shape.header ?? ["Customer", "Order Date", "Amount"]).map((h) => field(h, d)).join(d));
  for (const r of rows) out.push([field(r.customer, d), dateText(r.date, shape.dates), field(money(r.amount), d)].join(d));
  if (shape.totals !== undefined) out.push([field(shape.totals, d), "", field(money(TOTAL(rows)), d)].join(d));
  return out.join(eol) + eol;
}

/** Text in an encoding, with the byte-order mark Excel writes for UTF-16 ("Unicode text"). */
export function encode(text: string, encoding: "utf8" | "utf8bom" | "utf16le" | "utf16be" | "gb18030" | "big5" | "win1252"): Buffer {
  switch (encoding) {
    case "utf8":
      return Buffer.from(text, "utf8");
    case "utf8bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf16le":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf16le")]);
    case "utf16be":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf16be")]);
    case "gb18030":
      return iconv.encode(text, "gb18030");
    case "big5":
      return iconv.encode(text, "big5");
    case "win1252":
      return iconv.encode(text, "windows-1252");
  }
}

export interface BookShape {
  /** A first sheet with a title and notes only. */
  cover?: boolean;
  title?: readonly string[];
  totals?: string;
  header?: readonly string[];
}

/** The table as an .xlsx whose dates are real date cells, as an ERP's Excel export has them. */
export async function xlsxBytes(rows: readonly Line[], shape: BookShape = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (shape.cover) {
    const cover = wb.addWorksheet("Cover");
    cover.addRow(["Sales report"]);
    cover.addRow(["Exported by the ERP"]);
    cover.addRow(["Period", "2024-01 to 2024-06"]);
  }
  const ws = wb.addWorksheet("Orders");
  for (const t of shape.title ?? []) ws.addRow(t === "" ? [] : [t]);
  ws.addRow([...(shape.header ?? ["Customer", "Order Date", "Amount"])]);
  for (const r of rows) {
    const [y, m, d] = r.date.split("-").map(Number);
    ws.addRow([r.customer, new Date(Date.UTC(y, m - 1, d)), r.amount]);
  }
  if (shape.totals !== undefined) ws.addRow([shape.totals, null, TOTAL(rows)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
