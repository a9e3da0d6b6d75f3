/**
 * The ordered sums of `clv --engine duckdb`, done in JavaScript over a sorted stream: DuckDB's
 * ordered SUM keeps every value in memory outside its cap (50M rows ran a 1 GB cap out), while its
 * sort spills. Each sum adds left to right, as the core's prepareTransactions does, so the doubles
 * are the core's to the last bit.
 */
import { calibrationPurchasesSql, dayRowsSql, orderedDayRowsSql, replacedNetsSql } from "../core/sql/btyd-customers-sql";
import { duckDbError, run, type Connection } from "./engine-duckdb";

/** Calls `chunk(its columns, its row count)` for each chunk of a query, read chunk by chunk. */
async function forEachChunk(
  connection: Connection,
  sql: string,
  input: string,
  chunk: (columns: unknown[][], n: number) => void,
): Promise<void> {
  try {
    const result = await connection.stream(sql);
    for (let c = await result.fetchChunk(); c !== null && c.rowCount > 0; c = await result.fetchChunk()) {
      const columns: unknown[][] = [];
      for (let i = 0; i < c.columnCount; i++) columns.push(c.getColumnValues(i));
      chunk(columns, c.rowCount);
    }
  } catch (error) {
    throw duckDbError(error, input);
  }
}

/**
 * Replaces `days`' nets of the customer-days of three or more rows by their row-order sums:
 * streamed from `source` (customerDaysSql's input), appended to a table, joined back into `days`.
 * `writer`: another connection to the database; the appender's flushes on `connection` would end
 * the stream early, leaving the days after that point unordered sums.
 */
export async function resumOrderedNets(
  connection: Connection,
  writer: Connection,
  source: string,
  days: string,
  input: string,
): Promise<void> {
  await run(connection, `CREATE TEMP TABLE day_rows AS ${dayRowsSql("duckdb", source, days)}`, input);
  await run(connection, "CREATE TABLE ordered_nets (customer_id VARCHAR, day INTEGER, net DOUBLE)", input);
  const appender = await writer.createAppender("ordered_nets");
  let customer: string | null = null;
  let day = 0;
  let net = 0;
  const flush = () => {
    if (customer === null) return;
    appender.appendVarchar(customer);
    appender.appendInteger(day);
    appender.appendDouble(net);
    appender.endRow();
  };
  await forEachChunk(connection, orderedDayRowsSql("day_rows"), input, ([ids, dayCol, amounts], n) => {
    for (let i = 0; i < n; i++) {
      const id = ids[i] as string;
      const d = dayCol[i] as number;
      const amount = amounts[i] as number;
      if (id === customer && d === day) net += amount;
      else {
        flush();
        customer = id;
        day = d;
        net = amount;
      }
    }
  });
  flush();
  appender.closeSync();
  await run(connection, `CREATE TEMP TABLE netted_days AS ${replacedNetsSql(days, "ordered_nets")}`, input);
  await run(
    connection,
    `DROP TABLE ${days}; DROP TABLE ordered_nets; DROP TABLE day_rows; ALTER TABLE netted_days RENAME TO ${days}`,
    input,
  );
}

/**
 * Each customer's repeat spend, the nets of the calibration purchase days after the first added in
 * day order from 0, for customers with two or more such days (as btydCustomersSql's repeat_spend).
 */
export async function repeatSpends(
  connection: Connection,
  days: string,
  calibrationEnd: number,
  input: string,
): Promise<Map<string, number>> {
  const spends = new Map<string, number>();
  let customer: string | null = null;
  let spend = 0;
  let repeats = 0;
  const flush = () => {
    if (customer !== null && repeats > 0) spends.set(customer, spend);
  };
  await forEachChunk(connection, calibrationPurchasesSql(days, calibrationEnd), input, ([ids, nets], n) => {
    for (let i = 0; i < n; i++) {
      const id = ids[i] as string;
      if (id === customer) {
        spend += nets[i] as number;
        repeats++;
      } else {
        flush();
        customer = id;
        spend = 0;
        repeats = 0;
      }
    }
  });
  flush();
  return spends;
}
