/**
 * Transaction ranges of the aggregating functions (CRM.RFM, CRM.LIFECYCLE) → core transactions.
 * The columns go through core ingest, the reader the task pane and the command line use, so a
 * formula parses dates, amounts and ids exactly as they do and gives the same numbers. As there,
 * rows without a customer, a readable date or a readable amount are left out (§2.9).
 */
import { naError, requireSameLength, valueError } from "../core/errors";
import { IngestError, ingest } from "../core/ingest";
import type { Cell, ColumnMapping, Transactions } from "../core/types";
import { cells, isOmitted } from "./coerce";

export interface TransactionRanges {
  tx: Transactions;
  /** The customer cells as given, for customerIdCells. */
  ids: { at(i: number): Cell };
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
  const mapping: ColumnMapping = orders ? { customer: 0, date: 1, amount: 2, order: 3 } : { customer: 0, date: 1, amount: 2 };
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
  return { tx: result.transactions, ids };
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
