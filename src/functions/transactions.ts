/**
 * Transaction ranges of the aggregating functions (CRM.RFM, CRM.LIFECYCLE, the BTYD functions) →
 * core transactions. The columns go through core ingest, the reader the task pane and the command
 * line use, so a formula parses dates, amounts and ids exactly as they do and gives the same
 * numbers. As there, rows without a customer, a readable date or a readable amount are left out
 * (§2.9).
 */
import { naError, requireSameLength, valueError } from "../core/errors";
import { IngestError, ingest } from "../core/ingest/ingest";
import type { Cell, ColumnMapping, Transactions } from "../core/types";
import { cells, isBlank, isOmitted } from "./coerce";

export interface TransactionRanges {
  tx: Transactions;
  /** The customer cells as given, for customerIdCells. */
  ids: { at(i: number): Cell };
  /** Non-blank rows left out (no customer, or no readable date or amount). */
  skipped: number;
}

export function readTransactions(customerIds: unknown, orderDates: unknown, amounts: unknown, orderIds: unknown): TransactionRanges {
  const ids = cells(customerIds, "customer_ids");
  const dates = cells(orderDates, "order_dates");
  const money = cells(amounts, "amounts");
  const orders = isOmitted(orderIds) ? undefined : cells(orderIds, "order_ids");
  requireSameLength(ids, dates, "customer_ids", "order_dates");
  requireSameLength(ids, money, "customer_ids", "amounts");
  if (orders) requireSameLength(ids, orders, "customer_ids", "order_ids");

  // One pass from Excel's ranges to the rows ingest reads.
  const n = ids.length;
  const table: Cell[][] = new Array(n);
  if (orders) for (let i = 0; i < n; i++) table[i] = [ids.at(i), dates.at(i), money.at(i), orders.at(i)];
  else for (let i = 0; i < n; i++) table[i] = [ids.at(i), dates.at(i), money.at(i)];
  return ingestRows(table, orders !== undefined, ids);
}

/**
 * Purchase rows of the BTYD functions, where amounts are optional: without them every row with a
 * customer and a date is a purchase (amount 0), and a row blank in both stays blank so that whole
 * columns can be passed.
 */
export function readPurchases(customerIds: unknown, orderDates: unknown, amounts: unknown): TransactionRanges {
  if (!isOmitted(amounts)) return readTransactions(customerIds, orderDates, amounts, null);
  const ids = cells(customerIds, "customer_ids");
  const dates = cells(orderDates, "order_dates");
  requireSameLength(ids, dates, "customer_ids", "order_dates");
  const n = ids.length;
  const table: Cell[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids.at(i);
    const date = dates.at(i);
    table[i] = [id, date, isBlank(id) && isBlank(date) ? null : 0];
  }
  return ingestRows(table, false, ids);
}

function ingestRows(table: Cell[][], withOrders: boolean, ids: { at(i: number): Cell }): TransactionRanges {
  const mapping: ColumnMapping = withOrders ? { customer: 0, date: 1, amount: 2, order: 3 } : { customer: 0, date: 1, amount: 2 };
  let result: ReturnType<typeof ingest>;
  try {
    result = ingest(table, { hasHeader: false, mapping });
  } catch (error) {
    if (error instanceof IngestError) throw valueError(error.message);
    throw error;
  }
  if (result.transactions.customer.length === 0) {
    const first = result.rejected[0];
    throw naError(first ? `no usable transaction rows. ${first.message}` : "no transactions");
  }
  return { tx: result.transactions, ids, skipped: result.rejected.length };
}

/**
 * One id cell per customer (customer index order): a customer typed as a number stays a number, so
 * lookups from the spill back into the data still match.
 */
export function customerIdCells(ranges: TransactionRanges, rowCustomer: Int32Array, customers: number): Cell[] {
  const { tx, ids } = ranges;
  const out: Cell[] = new Array(customers);
  const seen = new Uint8Array(customers);
  let found = 0;
  for (let i = 0; i < rowCustomer.length && found < customers; i++) {
    const c = rowCustomer[i];
    if (seen[c]) continue;
    seen[c] = 1;
    found++;
    // Rows are numbered from 1 with no header, so row r is ids[r − 1].
    const raw = ids.at(tx.sourceRow[i] - 1);
    out[c] = typeof raw === "number" ? raw : tx.customer[i];
  }
  return out;
}

/** The id cell of each customer key, as customerIdCells gives it (numbers stay numbers). */
export function idCellsByKey(ranges: TransactionRanges, keys: readonly string[]): Cell[] {
  const { tx, ids } = ranges;
  const first = new Map<string, Cell>();
  for (let i = 0; i < tx.customer.length; i++) {
    const key = tx.customer[i];
    if (first.has(key)) continue;
    const raw = ids.at(tx.sourceRow[i] - 1);
    first.set(key, typeof raw === "number" ? raw : key);
  }
  return keys.map((key) => first.get(key) ?? key);
}
