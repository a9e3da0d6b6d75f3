/**
 * SQL for the per-customer rows of core/btyd/prep.ts prepareTransactions, so an engine where the
 * rows live (DuckDB) hands the fits customers, not transactions. Three statements over one source:
 * 1. customerDaysSql: rows netted per customer and day, with the first row number (customers are
 *    listed in order of first appearance, as the core does) and the row count; rows lacking a
 *    customer, a date or an amount fall into one group with NULL keys, so one scan also counts them;
 * 2. btydCustomersSql: per customer, from (1): x, first and last purchase day, mean repeat spend,
 *    holdout purchase days x*, and what the core counts on the way (merged rows, rows after the end,
 *    return days);
 * 3. repeatDaysSql: repeat days per calendar day for the weekly tracking (core/btyd/tracking.ts).
 * Amounts are summed as doubles in row order, the order of the core's additions, so the sums are the
 * core's to the last bit: (1) sums without an order, exact for up to two rows a day (addition
 * commutes); the DuckDB engine re-sums the days of three or more rows from dayRowsSql (only those
 * rows, sorted) and the repeat spend from calibrationPurchasesSql in JavaScript, since DuckDB's
 * ordered SUM buffers its rows outside the memory cap; PostgreSQL sums in SQL. A purchase day is one whose net amount × 100 does not
 * round below 0 as Math.round does (x < −0.5); day numbers are the core's (Excel serials,
 * days since 1899-12-30).
 */
import { dialectTypes, numberLiteral, type Dialect } from "./dialect";

/**
 * `source`: a FROM item with the columns customer, day (DATE, NULL when unreadable), amount
 * (double, NULL when unreadable) and rn (the row's position in the input).
 */
export function customerDaysSql(dialect: Dialect, source: string): string {
  const t = dialectTypes(dialect);
  const valid = "customer_id IS NOT NULL AND customer_id <> '' AND day IS NOT NULL AND amount IS NOT NULL";
  return `SELECT CASE WHEN ${valid} THEN customer_id END AS customer_id,
       CASE WHEN ${valid} THEN CAST(day - DATE '1899-12-30' AS INTEGER) END AS day,
       MIN(rn) AS first_rn, COUNT(*) AS n_rows, SUM(amount) AS net
FROM (SELECT TRIM(CAST(customer AS ${t.text})) AS customer_id, day, CAST(amount AS ${t.double}) AS amount, rn FROM ${source}) s
GROUP BY 1, 2`;
}

/**
 * The rows of the customer-days of three or more rows (where the order of additions matters), with
 * their row numbers, for a table the caller then reads sorted (orderedDayRowsSql). Stored first, as
 * a query without ORDER BY, like customerDaysSql's: row_number() OVER () follows the file's order
 * only while DuckDB keeps the input's order, which a query ending in ORDER BY need not. `source` as for
 * customerDaysSql (read again); `days`: its table.
 */
export function dayRowsSql(dialect: Dialect, source: string, days: string): string {
  const t = dialectTypes(dialect);
  return `SELECT s.customer_id, s.day, s.amount, s.rn
FROM (SELECT TRIM(CAST(customer AS ${t.text})) AS customer_id, CAST(day - DATE '1899-12-30' AS INTEGER) AS day,
             CAST(amount AS ${t.double}) AS amount, rn
      FROM ${source}) s
JOIN (SELECT customer_id, day FROM ${days} WHERE n_rows >= 3 AND customer_id IS NOT NULL) m
  ON m.customer_id = s.customer_id AND m.day = s.day
WHERE s.amount IS NOT NULL`;
}

/**
 * dayRowsSql's rows in customer, day and row order, for the caller to sum each day left to right
 * (an ordered SUM buffers its rows outside DuckDB's memory cap; a sort spills).
 */
export function orderedDayRowsSql(dayRows: string): string {
  return `SELECT customer_id, day, amount FROM ${dayRows} ORDER BY customer_id, day, rn`;
}

/**
 * `days` with the nets of `nets` (customer_id, day, net) in place of its own, as a new table's
 * SELECT: a hash join that spills, where an UPDATE of millions of rows keeps its undo in memory.
 */
export function replacedNetsSql(days: string, nets: string): string {
  return `SELECT d.customer_id, d.day, d.first_rn, d.n_rows, COALESCE(o.net, d.net) AS net
FROM ${days} d LEFT JOIN ${nets} o ON o.customer_id = d.customer_id AND o.day = d.day`;
}

/**
 * The calibration purchase days' nets in customer and day order, for the caller to sum a customer's
 * repeat spend (the days after the first) in day order, as the core adds them.
 */
export function calibrationPurchasesSql(days: string, calibrationEnd: number): string {
  return `SELECT customer_id, net FROM ${days}
WHERE customer_id IS NOT NULL AND day <= ${numberLiteral(calibrationEnd)} AND NOT (net * 100 < -0.5)
ORDER BY customer_id, day`;
}

export interface BtydCustomersSqlOptions {
  /** The table customerDaysSql was stored in. */
  days: string;
  /** The core's day numbers (days since 1899-12-30), inclusive. */
  calibrationEnd: number;
  holdoutEnd?: number;
  /** Leave repeat_spend NULL (the caller sums it from calibrationPurchasesSql) and skip the window it needs. */
  withoutRepeatSpend?: boolean;
}

/**
 * One row per customer with a row up to the end of the data (holdout end, else calibration end), in
 * no particular order: first_rn, kept_days, kept_rows, rows_after_end, return_days, first_day (NULL:
 * returns only), k (calibration purchase days), last_day, repeat_spend (NULL when k ≤ 1), x_star.
 * Customers whose rows all come after the end are listed with kept_days 0, for rows_after_end.
 */
export function btydCustomersSql(opts: BtydCustomersSqlOptions): string {
  const cal = numberLiteral(opts.calibrationEnd);
  const end = numberLiteral(opts.holdoutEnd ?? opts.calibrationEnd);
  const repeatSpend = opts.withoutRepeatSpend
    ? "CAST(NULL AS DOUBLE)"
    : `SUM(net ORDER BY day) FILTER (WHERE purchase AND day <= ${cal} AND day > first_day)`;
  return `WITH c AS (
  SELECT customer_id, day, n_rows, net, first_rn, day <= ${end} AS kept, day <= ${end} AND NOT (net * 100 < -0.5) AS purchase
  FROM ${opts.days}
  WHERE customer_id IS NOT NULL
),
${
  opts.withoutRepeatSpend
    ? "f AS (SELECT c.*, CASE WHEN purchase THEN day END AS first_day FROM c)"
    : `f AS (
  SELECT c.*, MIN(CASE WHEN purchase THEN day END) OVER (PARTITION BY customer_id) AS first_day FROM c
)`
}
SELECT customer_id, MIN(first_rn) AS first_rn,
       COUNT(*) FILTER (WHERE kept) AS kept_days,
       COALESCE(SUM(n_rows) FILTER (WHERE kept), 0) AS kept_rows,
       COALESCE(SUM(n_rows) FILTER (WHERE NOT kept), 0) AS rows_after_end,
       COUNT(*) FILTER (WHERE kept AND NOT purchase) AS return_days,
       MIN(first_day) AS first_day,
       COUNT(*) FILTER (WHERE purchase AND day <= ${cal}) AS k,
       MAX(day) FILTER (WHERE purchase AND day <= ${cal}) AS last_day,
       ${repeatSpend} AS repeat_spend,
       COUNT(*) FILTER (WHERE purchase AND day > ${cal}) AS x_star
FROM f
GROUP BY customer_id`;
}

/**
 * Days with rows of the fitted customers (first purchase day ≤ calibration end) after their first
 * purchase day, up to the end, counted per calendar day — return days included, as the core's
 * tracking counts days with rows. `customers`: the table btydCustomersSql was stored in.
 */
export function repeatDaysSql(opts: BtydCustomersSqlOptions & { customers: string }): string {
  const end = numberLiteral(opts.holdoutEnd ?? opts.calibrationEnd);
  return `SELECT d.day, COUNT(*) AS count
FROM ${opts.days} d JOIN ${opts.customers} c ON c.customer_id = d.customer_id
WHERE c.first_day <= ${numberLiteral(opts.calibrationEnd)} AND d.day <= ${end} AND d.day <> c.first_day
GROUP BY d.day`;
}
