/**
 * Deterministic synthetic sales data for demos, samples and benchmarks. Pure (no fs, no clock):
 * the same options always give the same table.
 *
 * The shape mimics a real order-line export: spend is Pareto-skewed (a few heavy buyers, many
 * one-timers), repeat buyers order at different rates, some customers churn part-way through the
 * window, orders have 1–4 lines, some orders are followed by a return line (negative quantity,
 * its own order id), and on request a handful of defective rows are mixed in.
 */
import { formatDay } from "../ingest/dates";
import type { Cell } from "../types";

export interface SalesOptions {
  /** Distinct customers among the good rows (fewer only when rows − badRows < customers). */
  customers: number;
  /** Data rows in total, bad rows included. */
  rows: number;
  seed: number;
  /** Day number (days since 1899-12-30 = Excel serial) of the first possible order date. */
  start: number;
  /** Window length in days; every order date lies in [start, start + days − 1]. */
  days: number;
  lang: "en" | "zh";
  /** Defective rows mixed in at random positions (counted in `rows`). */
  badRows: number;
  /** "serial" (default): dates as Excel serial numbers; "iso": YYYY-MM-DD text, as in a CSV export. */
  dates?: "serial" | "iso";
}

export interface SalesTable {
  header: string[];
  rows: Cell[][];
}

export const SALES_HEADERS: Record<"en" | "zh", string[]> = {
  en: ["Customer ID", "Order Date", "Order ID", "Quantity", "Unit Price", "Amount", "Cost"],
  zh: ["客户编号", "下单日期", "订单号", "数量", "单价", "金额", "成本"],
};

/** The defects a bad row carries, in the order they are cycled through. */
const BAD_KINDS = ["blankCustomer", "badDate", "textAmount", "missingDate", "missingAmount"] as const;
type BadKind = (typeof BAD_KINDS)[number];

/** The generated lines in columnar form; money in integer cents so amounts are exact. */
interface SalesColumns {
  /** Good lines then bad lines, in output order (row i of the table is line order[i]). */
  order: Int32Array;
  customer: Int32Array;
  day: Int32Array;
  /** Display number of the line's order (SO…) or return (RT…). */
  orderNo: Int32Array;
  isReturn: Uint8Array;
  quantity: Int32Array;
  priceCents: Int32Array;
  costCents: Int32Array;
  /** Defect of each line (index into BAD_KINDS), −1 for good lines. */
  bad: Int8Array;
  idWidth: number;
}

/** mulberry32: tiny, fast, good enough for synthetic data; seeded so output is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validate(o: SalesOptions): void {
  const whole = (v: number, name: string, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min} (got ${v})`);
  };
  whole(o.customers, "customers", 1);
  whole(o.rows, "rows", 0);
  whole(o.badRows, "badRows", 0);
  whole(o.days, "days", 1);
  whole(o.start, "start", 61); // serials below 61 fall on Excel's fictitious 1900-02-29
  if (o.badRows > o.rows) throw new RangeError(`badRows (${o.badRows}) exceeds rows (${o.rows})`);
}

function generateColumns(o: SalesOptions): SalesColumns {
  validate(o);
  const rand = prng(o.seed);
  const C = o.customers;
  const good = o.rows - o.badRows;
  const lastDay = o.start + o.days - 1;

  // Customer traits.
  const acquired = new Int32Array(C);
  const activeUntil = new Int32Array(C);
  const repeatWeight = new Float64Array(C);
  const priceScale = new Float64Array(C);
  const bulk = new Float64Array(C);
  for (let i = 0; i < C; i++) {
    acquired[i] = o.start + Math.floor(rand() * o.days);
    // ~35% churn after an exponential lifetime (mean 150 days); the rest stay to the end.
    const churns = rand() < 0.35;
    const life = churns ? Math.floor(-Math.log(1 - rand()) * 150) : o.days;
    activeUntil[i] = Math.min(lastDay, acquired[i] + life);
    // ~40% buy once; repeat rates follow a capped Pareto (α 1.16 gives the classic 80/20 skew).
    const oneTimer = rand() < 0.4;
    const w = Math.min(60, Math.pow(1 - rand(), -1 / 1.16));
    repeatWeight[i] = oneTimer ? 0 : w * (activeUntil[i] - acquired[i] + 1);
    priceScale[i] = Math.exp(0.6 * normal(rand));
    bulk[i] = w > 8 ? 3 : 1; // heavy buyers order larger quantities
  }
  const cumulative = new Float64Array(C);
  let totalWeight = 0;
  for (let i = 0; i < C; i++) cumulative[i] = totalWeight += repeatWeight[i];

  const customer = new Int32Array(good);
  const day = new Int32Array(good);
  const orderKey = new Int32Array(good);
  const isReturn = new Uint8Array(good);
  const quantity = new Int32Array(good);
  const priceCents = new Int32Array(good);
  const costCents = new Int32Array(good);
  let used = 0;
  let keys = 0;

  const emitOrder = (c: number, d: number, lineBudget: number) => {
    const wanted = 1 + (rand() < 0.35 ? 1 + (rand() < 0.4 ? 1 + (rand() < 0.3 ? 1 : 0) : 0) : 0);
    const lines = Math.min(wanted, lineBudget);
    const key = keys++;
    for (let l = 0; l < lines; l++, used++) {
      customer[used] = c;
      day[used] = d;
      orderKey[used] = key;
      quantity[used] = 1 + Math.floor(-Math.log(1 - rand()) * 1.2 * bulk[c]);
      priceCents[used] = Math.max(50, Math.round(Math.exp(Math.log(2500) + 0.9 * normal(rand)) * priceScale[c]));
      costCents[used] = Math.round(quantity[used] * priceCents[used] * (0.55 + 0.25 * rand()));
    }
    return lines;
  };
  // ~4% of orders see one line partly or wholly returned 1–30 days later, under its own id.
  const maybeReturn = (firstLine: number, lines: number, spare: number) => {
    if (spare < 1 || rand() >= 0.04) return;
    const src = firstLine + Math.floor(rand() * lines);
    customer[used] = customer[src];
    day[used] = Math.min(lastDay, day[src] + 1 + Math.floor(rand() * 30));
    orderKey[used] = keys++;
    isReturn[used] = 1;
    quantity[used] = -(1 + Math.floor(rand() * quantity[src]));
    priceCents[used] = priceCents[src];
    costCents[used] = Math.round((quantity[used] * costCents[src]) / quantity[src]);
    used++;
  };

  // Every customer's first order on the acquisition day, keeping one line for each customer to come.
  for (let c = 0; c < C && used < good; c++) {
    const reserved = Math.max(0, Math.min(C, good) - c - 1);
    const first = used;
    const lines = emitOrder(c, acquired[c], good - used - reserved);
    maybeReturn(first, lines, good - used - reserved);
  }
  // Repeat orders from repeat buyers, weighted by rate × active span, dated within that span.
  while (used < good) {
    let c: number;
    if (totalWeight > 0) {
      const target = rand() * totalWeight;
      let lo = 0;
      let hi = C - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      c = lo;
    } else {
      c = Math.floor(rand() * C);
    }
    const d = acquired[c] + Math.floor(rand() * (activeUntil[c] - acquired[c] + 1));
    const first = used;
    const lines = emitOrder(c, d, good - used);
    maybeReturn(first, lines, good - used);
  }

  // Date order, as exports usually are: a stable counting sort by day keeps each order's lines together.
  const counts = new Int32Array(o.days + 1);
  for (let i = 0; i < good; i++) counts[day[i] - o.start + 1]++;
  for (let d = 1; d <= o.days; d++) counts[d] += counts[d - 1];
  const byDay = new Int32Array(good);
  for (let i = 0; i < good; i++) byDay[counts[day[i] - o.start]++] = i;

  // Order numbers in date order, separate sequences for sales and returns.
  const numberOfKey = new Int32Array(keys).fill(-1);
  const orderNo = new Int32Array(o.rows);
  let sales = 0;
  let returns = 0;
  for (let k = 0; k < good; k++) {
    const i = byDay[k];
    const key = orderKey[i];
    if (numberOfKey[key] < 0) numberOfKey[key] = isReturn[i] ? ++returns : ++sales;
    orderNo[i] = numberOfKey[key];
  }

  // Bad rows: copies of random good lines with one defect each, inserted at random positions.
  const all = o.rows;
  const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const out = make(all);
    out.set(a);
    return out;
  };
  const customerAll = grow(customer, (n) => new Int32Array(n));
  const dayAll = grow(day, (n) => new Int32Array(n));
  const returnAll = grow(isReturn, (n) => new Uint8Array(n));
  const quantityAll = grow(quantity, (n) => new Int32Array(n));
  const priceAll = grow(priceCents, (n) => new Int32Array(n));
  const costAll = grow(costCents, (n) => new Int32Array(n));
  const bad = new Int8Array(all).fill(-1);
  const badAt = new Uint8Array(all);
  for (let b = 0; b < o.badRows; b++) {
    const i = good + b;
    const src = good > 0 ? Math.floor(rand() * good) : -1;
    if (src >= 0) {
      customerAll[i] = customer[src];
      dayAll[i] = day[src];
      orderNo[i] = orderNo[src];
      returnAll[i] = isReturn[src];
      quantityAll[i] = quantity[src];
      priceAll[i] = priceCents[src];
      costAll[i] = costCents[src];
    } else {
      // No good rows at all: a plausible line to corrupt.
      customerAll[i] = b % C;
      dayAll[i] = o.start;
      orderNo[i] = b + 1;
      quantityAll[i] = 1;
      priceAll[i] = 100;
      costAll[i] = 60;
    }
    bad[i] = b % BAD_KINDS.length;
    // A distinct output position for each bad row.
    let pos = Math.floor(rand() * all);
    while (badAt[pos]) pos = (pos + 1) % all;
    badAt[pos] = 1;
  }
  const order = new Int32Array(all);
  for (let pos = 0, g = 0, b = good; pos < all; pos++) order[pos] = badAt[pos] ? b++ : byDay[g++];

  return {
    order,
    customer: customerAll,
    day: dayAll,
    orderNo,
    isReturn: returnAll,
    quantity: quantityAll,
    priceCents: priceAll,
    costCents: costAll,
    bad,
    idWidth: Math.max(5, String(C).length),
  };
}

/** Standard normal deviate (Box–Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Cents as fixed two-decimal text without float formatting (exact, and fast for a million rows). */
function centsText(cents: number): string {
  const abs = cents < 0 ? -cents : cents;
  const frac = abs % 100;
  return `${cents < 0 ? "-" : ""}${(abs - frac) / 100}.${frac < 10 ? "0" : ""}${frac}`;
}

function orderIdText(no: number, isReturn: boolean): string {
  return `${isReturn ? "RT" : "SO"}${String(no).padStart(7, "0")}`;
}

/** The cells of output row `pos` (money as numbers, or as text in the CSV flavour). */
function rowCells(cols: SalesColumns, pos: number, isoDays: string[] | null, start: number, asText: boolean): Cell[] {
  const i = cols.order[pos];
  const isReturn = cols.isReturn[i] === 1;
  const amountCents = cols.quantity[i] * cols.priceCents[i];
  const money = (cents: number): Cell => (asText ? centsText(cents) : cents / 100);
  const row: Cell[] = [
    `C${String(cols.customer[i] + 1).padStart(cols.idWidth, "0")}`,
    isoDays ? isoDays[cols.day[i] - start] : cols.day[i],
    orderIdText(cols.orderNo[i], isReturn),
    cols.quantity[i],
    money(cols.priceCents[i]),
    money(amountCents),
    money(cols.costCents[i]),
  ];
  const kind: BadKind | undefined = BAD_KINDS[cols.bad[i]];
  if (kind === "blankCustomer") row[0] = "";
  else if (kind === "badDate") row[1] = "31/31/2023";
  else if (kind === "textAmount") row[5] = "n/a";
  else if (kind === "missingDate") row[1] = null;
  else if (kind === "missingAmount") row[5] = null;
  return row;
}

function isoDayTable(o: SalesOptions): string[] {
  const out: string[] = new Array(o.days);
  for (let d = 0; d < o.days; d++) out[d] = formatDay(o.start + d);
  return out;
}

/** A sales table: header plus one row per order line (dates as serials unless `dates: "iso"`). */
export function generateSales(o: SalesOptions): SalesTable {
  const cols = generateColumns(o);
  const isoDays = o.dates === "iso" ? isoDayTable(o) : null;
  const rows: Cell[][] = new Array(o.rows);
  for (let pos = 0; pos < o.rows; pos++) rows[pos] = rowCells(cols, pos, isoDays, o.start, false);
  return { header: SALES_HEADERS[o.lang], rows };
}

/** CSV field quoting per RFC 4180 (only when needed). */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The same table as CSV text (ISO dates, CRLF line ends, header first), yielded in chunks of
 * `chunkRows` rows so a million-row file never has to exist as one string or as row arrays.
 */
export function* generateSalesCsv(o: SalesOptions, chunkRows = 50000): Generator<string> {
  const cols = generateColumns(o);
  const isoDays = isoDayTable(o);
  yield SALES_HEADERS[o.lang].map(csvField).join(",") + "\r\n";
  for (let from = 0; from < o.rows; from += chunkRows) {
    const to = Math.min(o.rows, from + chunkRows);
    const lines: string[] = new Array(to - from);
    for (let pos = from; pos < to; pos++) {
      lines[pos - from] = rowCells(cols, pos, isoDays, o.start, true).map(csvField).join(",");
    }
    yield lines.join("\r\n") + "\r\n";
  }
}
