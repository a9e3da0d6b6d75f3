/**
 * Per-customer quantities of METHODS.md §1.2 from clean transactions: one pass indexing customers,
 * one pass indexing orders and summing, both through typed-array hash indexes with a last-row
 * shortcut (lines of one order are usually adjacent), then plain loops over orders and customers.
 *
 * Rules:
 * - Order net value = Σ amount over the window rows of an order. Orders are keyed by customer and
 *   order id, so an id reused by two customers never merges them. Without an order column, and for
 *   rows whose order id is blank, each row is its own order.
 * - A purchase is an order whose net value is > 0 after rounding to `decimals`; the order's date is
 *   its earliest row date.
 * - asOf defaults to the latest row date (never today). Rows after asOf and rows before `from` are
 *   ignored and counted.
 * - Every customer that appears on any row is listed, in order of first appearance, including
 *   customers whose rows all fall outside the window (they have N = 0, NO_PURCHASE).
 * - rowCustomer maps every row, ignored ones included, to its customer: tier columns written next
 *   to the source rows then show the customer's class on every row of that customer.
 * - Dates are floored to whole days. A blank cost (NaN) counts as zero cost.
 */
import { valueError } from "./errors";
import { roundTo, validateDecimals } from "./numeric";
import type { CustomerSummary, SummaryResult, Transactions } from "./types";

export interface SummaryOptions {
  /** Day number; default = latest row date. */
  asOf?: number;
  /** Window start (day number, inclusive). */
  from?: number;
  /** Money rounding; default 2. */
  decimals?: number;
}

/** The summary in columnar form, one entry per customer (the fast path for analyze). */
export interface SummaryColumns {
  ids: string[];
  /** First / last purchase day; NaN when N = 0. */
  first: Float64Array;
  last: Float64Array;
  /** Distinct orders of any sign in the window. */
  orders: Int32Array;
  /** N: orders with positive rounded net value. */
  purchases: Int32Array;
  /** Σ amount in the window, rounded. */
  monetary: Float64Array;
  /** Σ(amount − cost) in the window, rounded; NaN for every customer when there is no cost column. */
  grossProfit: Float64Array;
  asOf: number;
  futureRows: number;
  beforeWindowRows: number;
  /** Customer index of every transaction. */
  rowCustomer: Int32Array;
}

function checkLengths(tx: Transactions): number {
  const n = tx.customer.length;
  const columns: [string, ArrayLike<unknown> | undefined][] = [
    ["day", tx.day],
    ["amount", tx.amount],
    ["order", tx.order],
    ["cost", tx.cost],
  ];
  for (const [name, col] of columns) {
    if (col && col.length !== n) {
      throw valueError(`transactions: the ${name} column has ${col.length} entries, the customer column ${n}`);
    }
  }
  return n;
}

/** FNV-1a over UTF-16 code units, as a signed 32-bit integer. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Open-addressing hash index (linear probing, load ≤ 1/2) from a key to an entry number. Entries
 * remember their hash and the first row that holds the key, so keys are compared against the input
 * columns themselves and nothing per entry lives on the JS heap. Map<string, number> was 2–3× slower
 * here, mostly from its allocation and GC cost at hundreds of thousands of keys.
 */
class KeyIndex {
  /** Entry number + 1 per slot; 0 = empty. */
  private slots: Int32Array;
  private mask: number;
  hashes: Int32Array;
  rows: Int32Array;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.hashes = new Int32Array(Math.max(8, expected));
    this.rows = new Int32Array(this.hashes.length);
  }

  /** First slot for `hash` (probe from there while slotEntry ≥ 0). */
  start(hash: number): number {
    return hash & this.mask;
  }

  /** Entry in `slot`, or −1 when the slot is empty. */
  slotEntry(slot: number): number {
    return this.slots[slot] - 1;
  }

  next(slot: number): number {
    return (slot + 1) & this.mask;
  }

  /** Adds an entry in the empty `slot` found by probing; returns its number. */
  add(slot: number, hash: number, row: number): number {
    const e = this.size++;
    if (e === this.hashes.length) {
      const hashes = new Int32Array(e * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const rows = new Int32Array(e * 2);
      rows.set(this.rows);
      this.rows = rows;
    }
    this.hashes[e] = hash;
    this.rows[e] = row;
    this.slots[slot] = e + 1;
    if (this.size * 2 > this.slots.length) this.grow();
    return e;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let e = 0; e < this.size; e++) {
      let s = this.hashes[e] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

export function summarizeColumns(tx: Transactions, opts: SummaryOptions = {}): SummaryColumns {
  const n = checkLengths(tx);
  const decimals = validateDecimals(opts.decimals ?? 2);
  const { customer, day, amount, order, cost } = tx;

  let asOf: number;
  if (opts.asOf !== undefined) {
    asOf = Math.floor(opts.asOf);
  } else {
    asOf = -Infinity;
    for (let i = 0; i < n; i++) if (day[i] > asOf) asOf = day[i];
    asOf = n === 0 ? NaN : Math.floor(asOf);
  }
  const from = opts.from === undefined ? -Infinity : Math.floor(opts.from);

  // Pass 1: customer index of every row, in order of first appearance.
  const custIndex = new KeyIndex(1024);
  const ids: string[] = [];
  const rowCustomer = new Int32Array(n);
  let lastId: string | undefined;
  let lastIdx = -1;
  for (let i = 0; i < n; i++) {
    const id = customer[i];
    if (id !== lastId) {
      const h = hashText(id);
      let slot = custIndex.start(h);
      let e = custIndex.slotEntry(slot);
      while (e >= 0 && !(custIndex.hashes[e] === h && customer[custIndex.rows[e]] === id)) {
        slot = custIndex.next(slot);
        e = custIndex.slotEntry(slot);
      }
      if (e < 0) {
        e = custIndex.add(slot, h, i);
        ids.push(id);
      }
      lastId = id;
      lastIdx = e;
    }
    rowCustomer[i] = lastIdx;
  }
  const nc = ids.length;

  // Pass 2: window rows into orders (keyed by customer and order id) and per-customer sums.
  const monetary = new Float64Array(nc);
  const grossProfit = new Float64Array(nc);
  const orderNet = new Float64Array(n);
  const orderDay = new Float64Array(n);
  const orderCust = new Int32Array(n);
  let nOrders = 0;
  let futureRows = 0;
  let beforeWindowRows = 0;
  const orderIndex = new KeyIndex(order ? n : 0);
  // Entry number in orderIndex → order number.
  const orderOf = new Int32Array(order ? n : 0);
  let lastOrder: string | undefined;
  let lastOrderCust = -1;
  let lastO = -1;

  for (let i = 0; i < n; i++) {
    const d = Math.floor(day[i]);
    if (d > asOf) {
      futureRows++;
      continue;
    }
    if (d < from) {
      beforeWindowRows++;
      continue;
    }
    const c = rowCustomer[i];
    const a = amount[i];
    monetary[c] += a;
    if (cost) {
      const k = cost[i];
      grossProfit[c] += k === k ? a - k : a;
    }

    let o: number;
    const oid = order ? order[i] : "";
    if (oid === "") {
      o = nOrders++;
      orderCust[o] = c;
      orderDay[o] = d;
    } else if (oid === lastOrder && c === lastOrderCust) {
      o = lastO;
    } else {
      const h = hashText(oid) ^ Math.imul(c + 1, 0x9e3779b1);
      let slot = orderIndex.start(h);
      let e = orderIndex.slotEntry(slot);
      while (e >= 0) {
        const r = orderIndex.rows[e];
        if (orderIndex.hashes[e] === h && rowCustomer[r] === c && (order as string[])[r] === oid) break;
        slot = orderIndex.next(slot);
        e = orderIndex.slotEntry(slot);
      }
      if (e < 0) {
        e = orderIndex.add(slot, h, i);
        o = nOrders++;
        orderOf[e] = o;
        orderCust[o] = c;
        orderDay[o] = d;
      } else {
        o = orderOf[e];
      }
      lastOrder = oid;
      lastOrderCust = c;
      lastO = o;
    }
    orderNet[o] += a;
    if (d < orderDay[o]) orderDay[o] = d;
  }

  // Pass 3: orders into N, first and last purchase.
  const orders = new Int32Array(nc);
  const purchases = new Int32Array(nc);
  const first = new Float64Array(nc).fill(NaN);
  const last = new Float64Array(nc).fill(NaN);
  for (let o = 0; o < nOrders; o++) {
    const c = orderCust[o];
    orders[c]++;
    if (roundTo(orderNet[o], decimals) > 0) {
      const d = orderDay[o];
      if (purchases[c]++ === 0) {
        first[c] = d;
        last[c] = d;
      } else {
        if (d < first[c]) first[c] = d;
        if (d > last[c]) last[c] = d;
      }
    }
  }

  for (let c = 0; c < nc; c++) {
    monetary[c] = roundTo(monetary[c], decimals);
    grossProfit[c] = cost ? roundTo(grossProfit[c], decimals) : NaN;
  }

  return { ids, first, last, orders, purchases, monetary, grossProfit, asOf, futureRows, beforeWindowRows, rowCustomer };
}

/** Per-customer summaries (§1.2) plus the customer index of every transaction. */
export function summarize(tx: Transactions, opts: SummaryOptions = {}): SummaryResult & { rowCustomer: Int32Array } {
  const s = summarizeColumns(tx, opts);
  const customers: CustomerSummary[] = s.ids.map((_id, c) => customerSummary(s, c));
  return {
    customers,
    asOf: s.asOf,
    futureRows: s.futureRows,
    beforeWindowRows: s.beforeWindowRows,
    rowCustomer: s.rowCustomer,
  };
}

/** The CustomerSummary of customer `c`. */
export function customerSummary(s: SummaryColumns, c: number): CustomerSummary {
  const active = s.purchases[c] > 0;
  return {
    id: s.ids[c],
    first: active ? s.first[c] : null,
    last: active ? s.last[c] : null,
    orders: s.orders[c],
    purchases: s.purchases[c],
    monetary: s.monetary[c],
    grossProfit: s.grossProfit[c],
    recencyDays: active ? s.asOf - s.last[c] : null,
    tenureDays: active ? s.asOf - s.first[c] : null,
    active,
  };
}
