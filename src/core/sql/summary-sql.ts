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
 * The WITH items `src`, `params` (as_of), `orders` and `summary` (customer_id, orders, purchases,
 * monetary, first_day, last_day — NULL dates without a purchase), without the leading WITH.
 */
export function summaryCtes(opts: SummarySqlOptions): string {
  const t = dialectTypes(opts.dialect);
  const c = opts.columns;
  const col = (name: string) => quoteIdent(name);
  const orderId = c.order === undefined ? "CAST(NULL AS " + t.text + ")" : `NULLIF(TRIM(CAST(${col(c.order)} AS ${t.text})), '')`;
  const asOf = opts.asOf === undefined ? "(SELECT MAX(day) FROM src)" : `CAST(${quoteText(opts.asOf)} AS DATE)`;
  return `src AS (
  SELECT TRIM(CAST(${col(c.customer)} AS ${t.text})) AS customer_id,
         CAST(${col(c.date)} AS DATE) AS day,
         CAST(${col(c.amount)} AS ${t.money}) AS amount,
         ${orderId} AS order_id
  FROM ${sourceSql(opts.source)}
  WHERE ${col(c.customer)} IS NOT NULL AND TRIM(CAST(${col(c.customer)} AS ${t.text})) <> ''
    AND ${col(c.date)} IS NOT NULL AND ${col(c.amount)} IS NOT NULL
),
params AS (SELECT ${asOf} AS as_of),
orders AS (
  SELECT s.customer_id, MIN(s.day) AS day, SUM(s.amount) AS amount
  FROM src s CROSS JOIN params p
  WHERE s.day <= p.as_of AND s.order_id IS NOT NULL
  GROUP BY s.customer_id, s.order_id
  UNION ALL
  SELECT s.customer_id, s.day, s.amount
  FROM src s CROSS JOIN params p
  WHERE s.day <= p.as_of AND s.order_id IS NULL
),
per_customer AS (
  SELECT customer_id,
         COUNT(*) AS orders,
         SUM(CASE WHEN ROUND(amount, 2) > 0 THEN 1 ELSE 0 END) AS purchases,
         ROUND(SUM(amount), 2) AS monetary,
         MIN(CASE WHEN ROUND(amount, 2) > 0 THEN day END) AS first_day,
         MAX(CASE WHEN ROUND(amount, 2) > 0 THEN day END) AS last_day
  FROM orders
  GROUP BY customer_id
),
summary AS (
  SELECT a.customer_id,
         CAST(COALESCE(pc.orders, 0) AS BIGINT) AS orders,
         CAST(COALESCE(pc.purchases, 0) AS BIGINT) AS purchases,
         COALESCE(pc.monetary, 0) AS monetary,
         pc.first_day, pc.last_day
  FROM (SELECT DISTINCT customer_id FROM src) a
  LEFT JOIN per_customer pc ON pc.customer_id = a.customer_id
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
       (SELECT COUNT(*) FROM ${sourceSql(opts.source)}) AS all_rows, (SELECT COUNT(*) FROM src) AS used_rows,
       (SELECT COUNT(*) FROM src CROSS JOIN params q WHERE src.day > q.as_of) AS future_rows`
    : "";
  return `WITH ${summaryCtes(opts)}
SELECT s.customer_id, s.orders, s.purchases, CAST(s.monetary AS ${t.double}) AS monetary,
       ${epoch("s.first_day")} AS first_day, ${epoch("s.last_day")} AS last_day, ${epoch("p.as_of")} AS as_of${counts}
FROM summary s CROSS JOIN params p
ORDER BY s.customer_id`;
}
