/**
 * Per-customer quantities of METHODS.md §1.2 from clean transactions, built for a million rows:
 * one pass indexing customers (a typed-array hash index), one pass summing and cutting the rows
 * into runs of one customer and order, then a radix sort of the runs by hash that brings the runs
 * of an order together (lines of an order need not be adjacent), then plain loops.
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
 * - Amounts beyond what can be summed (Σ |amount| + |cost| over the rows overflows a double) are an
 *   error naming the rows (requireSummable): then no sum downstream, of any rows and either sign
 *   (orders, customers, groups, totals, quantile differences), can become Infinity or NaN.
 */
import { numError, valueError } from "../errors";
import { roundTo, validateDecimals } from "../numeric";
import type { CustomerSummary, SummaryResult, Transactions } from "../types";

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
  /** Window rows with a blank (NaN) cost, counted as zero cost. */
  missingCostRows: number;
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

function grownInt(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Indices 0…n−1 stably sorted by `keys` as unsigned 32-bit numbers (LSD radix, 3 × 11 bits);
 * `keys` is sorted in place alongside. Streaming passes, so it stays fast far beyond cache sizes.
 */
function radixSortByKey(keys: Int32Array, n: number): Int32Array {
  let idx: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let key: Int32Array = keys.subarray(0, n);
  let tmpIdx: Int32Array = new Int32Array(n);
  let tmpKey: Int32Array = new Int32Array(n);
  const count = new Int32Array(2049);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((key[i] >>> shift) & 2047) + 1]++;
    for (let b = 1; b <= 2048; b++) count[b] += count[b - 1];
    for (let i = 0; i < n; i++) {
      const d = count[(key[i] >>> shift) & 2047]++;
      tmpKey[d] = key[i];
      tmpIdx[d] = idx[i];
    }
    [idx, tmpIdx] = [tmpIdx, idx];
    [key, tmpKey] = [tmpKey, key];
  }
  // Three passes: the sorted data ended in the scratch buffers; copy the keys back for the caller.
  keys.set(key);
  return idx;
}

/** Per-customer sums, counts and purchase dates. */
class Accumulators {
  readonly monetary: Float64Array;
  readonly grossProfit: Float64Array;
  readonly orders: Int32Array;
  readonly purchases: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;

  constructor(
    customers: number,
    private readonly decimals: number,
  ) {
    this.monetary = new Float64Array(customers);
    this.grossProfit = new Float64Array(customers);
    this.orders = new Int32Array(customers);
    this.purchases = new Int32Array(customers);
    this.first = new Float64Array(customers).fill(NaN);
    this.last = new Float64Array(customers).fill(NaN);
  }

  /** One order of customer c: net value `net`, dated d; a purchase when net rounds above 0. */
  settle(c: number, net: number, d: number): void {
    this.orders[c]++;
    if (!(roundTo(net, this.decimals) > 0)) return;
    if (this.purchases[c]++ === 0) {
      this.first[c] = d;
      this.last[c] = d;
    } else {
      if (d < this.first[c]) this.first[c] = d;
      if (d > this.last[c]) this.last[c] = d;
    }
  }
}

/**
 * The window scan's output. Runs: maximal stretches of consecutive window rows with the same
 * customer and order id.
 */
interface Runs {
  futureRows: number;
  beforeWindowRows: number;
  missingCostRows: number;
  count: number;
  /** First row, customer, earliest day, hash of (customer, order id) and net amount of each run. */
  row: Int32Array;
  cust: Int32Array;
  day: Int32Array;
  hash: Int32Array;
  net: Float64Array;
}

/*
 * The passes below are separate small functions: each hot loop then gets optimised on its own,
 * which keeps a single cold call (the command line analyses one sheet) from running long stretches
 * in unoptimised code.
 */

function latestDay(day: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < day.length; i++) if (day[i] > max) max = day[i];
  return day.length === 0 ? NaN : Math.floor(max);
}

/**
 * Customer index of every row, customers in order of first appearance: open addressing (linear
 * probing, load ≤ 1/2) over typed arrays, with the ids' characters packed in one Uint16Array. The
 * table and the packed keys stay cache-resident for 10^5 customers while the rows stream past;
 * Map<string, number>, or comparing against the scattered first-row strings, was 2–3× slower at a
 * million rows. Everything lives in locals of this one function so the JIT keeps it optimised; the
 * ids are appended to `ids` and the row indexes returned (no result object to allocate).
 */
function indexCustomers(customer: readonly string[], ids: string[]): Int32Array {
  const n = customer.length;
  const rowCustomer = new Int32Array(n);
  let slots = new Int32Array(1 << 15);
  let mask = slots.length - 1;
  let hashes: Int32Array = new Int32Array(1 << 14);
  let offsets: Int32Array = new Int32Array(1 << 14);
  let chars = new Uint16Array(1 << 17);
  let lastId: string | undefined;
  let lastIdx = -1;
  for (let i = 0; i < n; i++) {
    const id = customer[i];
    if (id === lastId) {
      rowCustomer[i] = lastIdx;
      continue;
    }
    const h = hashText(id);
    const len = id.length;
    let slot = h & mask;
    let e = slots[slot] - 1;
    while (e >= 0) {
      const at = offsets[e];
      if (hashes[e] === h && offsets[e + 1] - at === len) {
        let j = 0;
        while (j < len && chars[at + j] === id.charCodeAt(j)) j++;
        if (j === len) break;
      }
      slot = (slot + 1) & mask;
      e = slots[slot] - 1;
    }
    if (e < 0) {
      e = ids.length;
      ids.push(id);
      if (e + 1 >= hashes.length) {
        hashes = grownInt(hashes, e + 2);
        offsets = grownInt(offsets, e + 2);
      }
      const at = offsets[e];
      if (at + len > chars.length) {
        const more = new Uint16Array(Math.max(chars.length * 2, at + len));
        more.set(chars);
        chars = more;
      }
      for (let j = 0; j < len; j++) chars[at + j] = id.charCodeAt(j);
      offsets[e + 1] = at + len;
      hashes[e] = h;
      slots[slot] = e + 1;
      if (ids.length * 2 > slots.length) {
        slots = new Int32Array(slots.length * 2);
        mask = slots.length - 1;
        for (let k = 0; k < ids.length; k++) {
          let t = hashes[k] & mask;
          while (slots[t] !== 0) t = (t + 1) & mask;
          slots[t] = k + 1;
        }
      }
    }
    lastId = id;
    lastIdx = e;
    rowCustomer[i] = e;
  }
  return rowCustomer;
}

/**
 * Window rows into the per-customer sums, and into runs when there is an order column. A row
 * without an order id is a whole order and is settled at once. Counts go into `runs` too.
 */
function scanWindow(tx: Transactions, rowCustomer: Int32Array, asOf: number, from: number, acc: Accumulators, runs: Runs): void {
  const { day, amount, order, cost } = tx;
  const { monetary, grossProfit } = acc;
  const { row, cust, day: runDay, hash, net } = runs;
  let count = 0;
  let futureRows = 0;
  let beforeWindowRows = 0;
  let missingCostRows = 0;
  let lastOrder: string | undefined;
  let lastOrderCust = -1;
  for (let i = 0; i < day.length; i++) {
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
      if (k === k) grossProfit[c] += a - k;
      else {
        grossProfit[c] += a;
        missingCostRows++;
      }
    }
    const oid = order ? order[i] : "";
    if (oid === "") {
      acc.settle(c, a, d);
      lastOrder = undefined;
      continue;
    }
    if (oid !== lastOrder || c !== lastOrderCust) {
      row[count] = i;
      cust[count] = c;
      runDay[count] = d;
      hash[count] = hashText(oid) ^ Math.imul(c + 1, 0x9e3779b1);
      count++;
      lastOrder = oid;
      lastOrderCust = c;
    }
    net[count - 1] += a;
    if (d < runDay[count - 1]) runDay[count - 1] = d;
  }
  runs.count = count;
  runs.futureRows = futureRows;
  runs.beforeWindowRows = beforeWindowRows;
  runs.missingCostRows = missingCostRows;
}

/**
 * Runs of the same (customer, order id) merge into their first run, then every order is settled.
 * Sorting by hash puts them side by side (stably, so in run order); only equal hashes are compared
 * exactly, against the order ids in the input.
 */
function settleRuns(runs: Runs, orderIds: readonly string[], acc: Accumulators): void {
  const { count, row, cust, day, net } = runs;
  if (count === 0) return;
  const byHash = radixSortByKey(runs.hash, count);
  const hash = runs.hash;
  const canon = new Int32Array(count);
  for (let r = 0; r < count; r++) canon[r] = r;
  for (let p = 0; p < count;) {
    let q = p + 1;
    while (q < count && hash[q] === hash[p]) q++;
    for (let a = p + 1; a < q; a++) {
      const ra = byHash[a];
      for (let b = p; b < a; b++) {
        const rb = byHash[b];
        if (canon[rb] === rb && cust[rb] === cust[ra] && orderIds[row[rb]] === orderIds[row[ra]]) {
          canon[ra] = rb;
          break;
        }
      }
    }
    p = q;
  }
  for (let r = 0; r < count; r++) {
    const c0 = canon[r];
    if (c0 === r) continue;
    net[c0] += net[r];
    if (day[r] < day[c0]) day[c0] = day[r];
  }
  for (let r = 0; r < count; r++) if (canon[r] === r) acc.settle(cust[r], net[r], day[r]);
}

export function summarizeColumns(tx: Transactions, opts: SummaryOptions = {}): SummaryColumns {
  const n = checkLengths(tx);
  requireSummable(tx);
  const decimals = validateDecimals(opts.decimals ?? 2);
  const asOf = opts.asOf !== undefined ? Math.floor(opts.asOf) : latestDay(tx.day);
  const from = opts.from === undefined ? -Infinity : Math.floor(opts.from);

  const ids: string[] = [];
  const rowCustomer = indexCustomers(tx.customer, ids);
  const nc = ids.length;
  const acc = new Accumulators(nc, decimals);
  const cap = tx.order ? n : 0;
  const runs: Runs = {
    futureRows: 0,
    beforeWindowRows: 0,
    missingCostRows: 0,
    count: 0,
    row: new Int32Array(cap),
    cust: new Int32Array(cap),
    day: new Int32Array(cap),
    hash: new Int32Array(cap),
    net: new Float64Array(cap),
  };
  scanWindow(tx, rowCustomer, asOf, from, acc, runs);
  if (tx.order) settleRuns(runs, tx.order, acc);

  const { monetary, grossProfit } = acc;
  for (let c = 0; c < nc; c++) {
    monetary[c] = roundTo(monetary[c], decimals);
    grossProfit[c] = tx.cost ? roundTo(grossProfit[c], decimals) : NaN;
  }
  return {
    ids,
    first: acc.first,
    last: acc.last,
    orders: acc.orders,
    purchases: acc.purchases,
    monetary,
    grossProfit,
    missingCostRows: runs.missingCostRows,
    asOf,
    futureRows: runs.futureRows,
    beforeWindowRows: runs.beforeWindowRows,
    rowCustomer,
  };
}

/**
 * Throws NUM naming the rows when the amounts (and costs) are beyond what can be summed: Σ |amount|
 * + |cost| overflows. A sum of 2n terms can only overflow when a term is at least MAX_VALUE / 2n,
 * so those rows are the ones named. Amounts that are merely huge but sum finitely are data.
 */
export function requireSummable(tx: Pick<Transactions, "amount" | "cost" | "sourceRow">): void {
  const { amount, cost, sourceRow } = tx;
  const n = amount.length;
  let magnitude = 0;
  for (let i = 0; i < n; i++) if (amount[i] === amount[i]) magnitude += Math.abs(amount[i]);
  if (cost) for (let i = 0; i < n; i++) if (cost[i] === cost[i]) magnitude += Math.abs(cost[i]);
  if (Number.isFinite(magnitude)) return;
  const big = Number.MAX_VALUE / Math.max(1, 2 * n);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Math.abs(amount[i]) >= big || (cost !== undefined && Math.abs(cost[i]) >= big)) rows.push(sourceRow[i]);
  }
  const shown = rows.slice(0, 5).join(", ") + (rows.length > 5 ? ` and ${rows.length - 5} more` : "");
  throw numError(
    `${rows.length === 1 ? "row" : "rows"} ${shown}: amounts beyond what can be summed (their total passes 1.8e308); check the amount column`,
  );
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
function customerSummary(s: SummaryColumns, c: number): CustomerSummary {
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
