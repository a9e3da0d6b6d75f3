/**
 * SQL for the per-customer quantities of METHODS.md §1.2, as core/segment/summary.ts computes them:
 * - an order is the rows of one (customer, order id); a row whose order id is blank, or every row
 *   when there is no order column, is an order of its own;
 * - monetary = Σ amount over the window rows, rounded to 2 decimals; amounts are summed in an exact
 *   decimal type so the rounding (half away from zero) matches the core's;
 * - a purchase is an order whose net value rounds above 0; its date is its earliest row date;
 *   frequency = purchases, first / last = earliest / latest purchase date;
 * - as-of defaults to the latest row date; rows after it are left out; every customer on any row is
 *   listed, those without a purchase with frequency 0.
 * Rows lacking a customer, a date or an amount are left out, as ingest rejects them.
 */
import { dialectTypes, quoteIdent, quoteTable, quoteText, type Dialect } from "./dialect";

export interface SqlColumns {
  customer: string;
  date: string;
  amount: string;
  order?: string;
}

export interface SummarySqlOptions {
  dialect: Dialect;
  /** A table name (quoted here), or `{ sql }`: a FROM item written by the caller (a subquery with alias, read_csv(…)). */
  source: string | { sql: string };
  columns: SqlColumns;
  /** YYYY-MM-DD; default: the latest row date. */
  asOf?: string;
}

/** summarySql with the row counts an engine reports: all source rows, rows used, rows after as-of. */
export interface SummaryQueryOptions extends SummarySqlOptions {
  withCounts?: boolean;
}

/** The FROM item of the source. */
export function sourceSql(source: SummarySqlOptions["source"]): string {
  return typeof source === "string" ? quoteTable(source) : source.sql;
}

/**
 * The WITH items `src`, `parts`, `per_customer`, `params` (as_of) and `summary` (customer_id, orders,
 * purchases, monetary, first_day, last_day — NULL dates without a purchase), without the leading WITH.
 *
 * One pass over the rows, so memory follows the orders and then the customers: `src` and `parts`
 * are read once each, so no engine materialises the rows (a CTE read twice is stored whole, and
 * DuckDB cannot spill that). `parts` has one group per order, and one per customer for the rows
 * without an order id: each such row is an order of its own, so that group counts its rows, its
 * purchase rows and their first and last day, and a file without order ids aggregates straight to
 * customers. Rows a user left incomplete stay in, as one group with NULL keys, to be counted. With
 * an as-of date, rows after it count only as future rows; without one, as-of is the latest row
 * date, so no row is after it.
 */
export function summaryCtes(opts: SummarySqlOptions): string {
  const t = dialectTypes(opts.dialect);
  const c = opts.columns;
  const col = (name: string) => quoteIdent(name);
  const customer = `TRIM(CAST(${col(c.customer)} AS ${t.text}))`;
  const valid = `${col(c.customer)} IS NOT NULL AND ${customer} <> '' AND ${col(c.date)} IS NOT NULL AND ${col(c.amount)} IS NOT NULL`;
  const ifValid = (e: string) => `CASE WHEN ${valid} THEN ${e} END`;
  const orderId = c.order === undefined ? `CAST(NULL AS ${t.text})` : ifValid(`NULLIF(TRIM(CAST(${col(c.order)} AS ${t.text})), '')`);
  const asOf = opts.asOf === undefined ? undefined : `CAST(${quoteText(opts.asOf)} AS DATE)`;
  const kept = (e: string) => (asOf === undefined ? e : `CASE WHEN day <= ${asOf} THEN ${e} END`);
  const purchase = "kept_rows > 0 AND ROUND(amount, 2) > 0";
  return `src AS (
  SELECT ${ifValid(customer)} AS customer_id,
         ${ifValid(`CAST(${col(c.date)} AS DATE)`)} AS day,
         ${ifValid(`CAST(${col(c.amount)} AS ${t.money})`)} AS amount,
         ${orderId} AS order_id
  FROM ${sourceSql(opts.source)}
),
parts AS (
  SELECT customer_id, order_id,
         MIN(kept_day) AS day, SUM(kept_amount) AS amount, COUNT(kept_day) AS kept_rows, COUNT(*) AS n_rows, MAX(day) AS max_day,
         COUNT(single_purchase_day) AS single_purchases, MIN(single_purchase_day) AS single_first, MAX(single_purchase_day) AS single_last
  FROM (SELECT customer_id, order_id, day,
               ${kept("day")} AS kept_day, ${kept("amount")} AS kept_amount,
               CASE WHEN order_id IS NULL AND ROUND(amount, 2) > 0 THEN ${kept("day")} END AS single_purchase_day
        FROM src) s
  GROUP BY customer_id, order_id
),
per_customer AS (
  SELECT customer_id,
         SUM(CASE WHEN kept_rows = 0 THEN 0 WHEN order_id IS NULL THEN kept_rows ELSE 1 END) AS orders,
         SUM(CASE WHEN order_id IS NULL THEN single_purchases WHEN ${purchase} THEN 1 ELSE 0 END) AS purchases,
         ROUND(SUM(amount), 2) AS monetary,
         MIN(CASE WHEN order_id IS NULL THEN single_first WHEN ${purchase} THEN day END) AS first_day,
         MAX(CASE WHEN order_id IS NULL THEN single_last WHEN ${purchase} THEN day END) AS last_day,
         MAX(max_day) AS max_day, SUM(n_rows) AS n_rows, SUM(n_rows - kept_rows) AS future_rows
  FROM parts
  GROUP BY customer_id
),
params AS (SELECT ${asOf ?? "(SELECT MAX(max_day) FROM per_customer)"} AS as_of),
summary AS (
  SELECT customer_id, CAST(orders AS BIGINT) AS orders, CAST(purchases AS BIGINT) AS purchases,
         COALESCE(monetary, 0) AS monetary, first_day, last_day
  FROM per_customer
  WHERE customer_id IS NOT NULL
)`;
}

/**
 * One statement: the per-customer summary with day numbers as days since 1970-01-01, the as-of
 * date likewise on every row, ordered by customer id. What the DuckDB engine and the PostgreSQL
 * reader hand to the core's scoring.
 */
export function summarySql(opts: SummaryQueryOptions): string {
  const t = dialectTypes(opts.dialect);
  const epoch = (e: string) => `CAST(${e} - DATE '1970-01-01' AS INTEGER)`;
  const counts = opts.withCounts
    ? `,
       (SELECT SUM(n_rows) FROM per_customer) AS all_rows,
       (SELECT SUM(n_rows) FROM per_customer WHERE customer_id IS NOT NULL) AS used_rows,
       (SELECT SUM(future_rows) FROM per_customer WHERE customer_id IS NOT NULL) AS future_rows`
    : "";
  return `WITH ${summaryCtes(opts)}
SELECT s.customer_id, s.orders, s.purchases, CAST(s.monetary AS ${t.double}) AS monetary,
       ${epoch("s.first_day")} AS first_day, ${epoch("s.last_day")} AS last_day, ${epoch("p.as_of")} AS as_of${counts}
FROM summary s CROSS JOIN params p
ORDER BY s.customer_id`;
}

/**
 * The DuckDB engine's statement: per_customer read once, so nothing is materialised and DuckDB's
 * memory follows the spilling aggregates; in no order (the caller sorts: sorting millions of
 * customers ran DuckDB out of a 1 GiB cap), the incomplete rows' group with a NULL id. Per row
 * max_day, n_rows and future_rows, which the caller adds up into as-of (when not given) and the row
 * counts. Days as days since 1970-01-01.
 */
export function customerRowsSql(opts: SummarySqlOptions): string {
  const t = dialectTypes(opts.dialect);
  const epoch = (e: string) => `CAST(${e} - DATE '1970-01-01' AS INTEGER)`;
  return `WITH ${summaryCtes(opts)}
SELECT customer_id, CAST(orders AS BIGINT) AS orders, CAST(purchases AS BIGINT) AS purchases,
       CAST(COALESCE(monetary, 0) AS ${t.double}) AS monetary, ${epoch("first_day")} AS first_day, ${epoch("last_day")} AS last_day,
       ${epoch("max_day")} AS max_day, CAST(n_rows AS BIGINT) AS n_rows, CAST(future_rows AS BIGINT) AS future_rows
FROM per_customer`;
}
