/**
 * `clv --from postgresql://…`: the per-customer BTYD rows of btyd-customers-sql.ts in one PostgreSQL
 * statement, so nothing but customers leaves the server. The DuckDB engine stores the steps in
 * temporary tables; here they are CTEs, because a READ ONLY transaction (and a hot standby) may not
 * create tables. The source columns are typed as the core reads cells:
 * - date: a DATE as is; a timestamp's date; a timestamptz's date in the session's TimeZone (what a
 *   CSV export in that session writes, whose time the core drops as written); text whose leading
 *   YYYY-MM-DD (or Y/M/D, Y.M.D) is a calendar date from 1900 on, any time after it dropped;
 * - amount: a number cast to double (as the core parses the decimal text); text as a plain decimal,
 *   thousands commas allowed; anything else NULL, so the row is counted as rejected.
 * Rows are numbered in the order the source returns them (a table: its physical order, with the
 * caller disabling parallel and synchronised scans), which fixes the customers' order and the order
 * of the additions.
 */
import { btydCustomersSql, customerDaysSql, repeatDaysSql, type BtydCustomersSqlOptions } from "./btyd-customers-sql";
import { quoteIdent, quoteText } from "./dialect";

/** How a source column's PostgreSQL type is read. */
export type PgColumnKind = "date" | "timestamp" | "number" | "text" | "other";

/** The kind of a column from its type OID (pg_type), as the driver reports it in a result's fields. */
export function pgColumnKind(typeOid: number): PgColumnKind {
  if (typeOid === 1082) return "date";
  if (typeOid === 1114 || typeOid === 1184) return "timestamp";
  // int2, int4, int8, float4, float8, numeric, money
  if ([21, 23, 20, 700, 701, 1700, 790].includes(typeOid)) return "number";
  // text, varchar, bpchar, name, unknown (an untyped literal in a query)
  if ([25, 1043, 1042, 19, 705].includes(typeOid)) return "text";
  return "other";
}

const ISO_DATE = quoteText("^\\s*(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(\\s|T|$)");
const DECIMAL = quoteText("^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$");

/** A DATE, or NULL where the core would reject the cell. CASE keeps the checks before make_date. */
function pgDateExpr(col: string, kind: PgColumnKind): string {
  if (kind === "date") return col;
  if (kind === "timestamp") return `CAST(${col} AS DATE)`;
  const y = "CAST(p[1] AS INTEGER)";
  const m = "CAST(p[2] AS INTEGER)";
  const d = "CAST(p[3] AS INTEGER)";
  return `(SELECT CASE WHEN p IS NULL OR ${y} < 1900 OR ${m} NOT BETWEEN 1 AND 12 THEN NULL
  WHEN ${d} BETWEEN 1 AND EXTRACT(DAY FROM make_date(${y}, ${m}, 1) + INTERVAL '1 month' - INTERVAL '1 day') THEN make_date(${y}, ${m}, ${d}) END
  FROM (SELECT regexp_match(CAST(${col} AS TEXT), ${ISO_DATE}) AS p) parts)`;
}

/** A double, or NULL where the text is no decimal number. */
function pgAmountExpr(col: string, kind: PgColumnKind): string {
  if (kind === "number") return `CAST(CAST(${col} AS NUMERIC) AS DOUBLE PRECISION)`;
  const plain = `REPLACE(CAST(${col} AS TEXT), ',', '')`;
  return `(CASE WHEN ${plain} ~ ${DECIMAL} THEN CAST(${plain} AS DOUBLE PRECISION) END)`;
}

export interface PgBtydSource {
  /** A FROM item: a quoted table, or a subquery with its alias. */
  from: string;
  /** Column names as the source has them. */
  customer: string;
  date: string;
  amount: string;
  dateKind: PgColumnKind;
  amountKind: PgColumnKind;
}

/** customerDaysSql's input: customer, day, amount and rn (the row's position in the source). */
function pgTypedSource(s: PgBtydSource): string {
  const date = pgDateExpr(quoteIdent(s.date), s.dateKind);
  const amount = pgAmountExpr(quoteIdent(s.amount), s.amountKind);
  return `(SELECT ${quoteIdent(s.customer)} AS customer, ${date} AS day, ${amount} AS amount, row_number() OVER () AS rn FROM ${s.from}) rows_typed`;
}

/** The rows' totals only: all rows, rows used, first and last day (for the refusal without a calibration end). */
export function pgDayRangeSql(s: PgBtydSource): string {
  return `WITH customer_days AS (${customerDaysSql("postgres", pgTypedSource(s))})
SELECT SUM(n_rows) FILTER (WHERE customer_id IS NOT NULL) AS used, SUM(n_rows) AS all_rows, MIN(day) AS first, MAX(day) AS last
FROM customer_days`;
}

/**
 * One row per customer of btydCustomersSql, ordered by first appearance, each with the totals
 * (used, all_rows, first, last); the first row also carries the repeat days per calendar day as two
 * arrays (repeat_day, repeat_count; empty without a holdout end). No customer: one row of totals.
 */
export function pgBtydCustomersSql(s: PgBtydSource, opts: Omit<BtydCustomersSqlOptions, "days">): string {
  const days = { ...opts, days: "customer_days" };
  const perDay =
    opts.holdoutEnd === undefined ? "SELECT 0 AS day, 0 AS count WHERE FALSE" : repeatDaysSql({ ...days, customers: "btyd_customers" });
  return `WITH customer_days AS MATERIALIZED (${customerDaysSql("postgres", pgTypedSource(s))}),
btyd_customers AS MATERIALIZED (${btydCustomersSql(days)}),
per_day AS (${perDay}),
totals AS (
  SELECT SUM(n_rows) FILTER (WHERE customer_id IS NOT NULL) AS used, SUM(n_rows) AS all_rows, MIN(day) AS first, MAX(day) AS last,
         (SELECT MIN(first_rn) FROM btyd_customers) AS lead_rn
  FROM customer_days
)
SELECT t.used, t.all_rows, t.first, t.last, b.*,
       CASE WHEN b.first_rn = t.lead_rn THEN (SELECT COALESCE(array_agg(day ORDER BY day), '{}') FROM per_day) END AS repeat_day,
       CASE WHEN b.first_rn = t.lead_rn THEN (SELECT COALESCE(array_agg(count ORDER BY day), '{}') FROM per_day) END AS repeat_count
FROM totals t LEFT JOIN btyd_customers b ON TRUE
ORDER BY b.first_rn`;
}
