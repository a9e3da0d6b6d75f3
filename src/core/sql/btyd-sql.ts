/**
 * `crm-segments sql btyd`: the compressed (x, t_x, T, count) triples of core/btyd/prep.ts
 * (prepareTransactions + compressTriples) for a calibration end, computed where the data live: a
 * million customers come back as a few thousand rows, which `clv --from-triples` fits locally.
 * - rows after the calibration end are left out; a customer's rows are netted per day;
 * - a purchase day is a day whose net amount, in cents rounded as Math.round does, is not negative
 *   (a day netting below zero is a return);
 * - x = purchase days − 1, t_x = last − first purchase day, T = calibration end − first purchase
 *   day, the times divided by the days of the unit (7 for a week, 30.4375 for a month).
 */
import { daysPerUnit, type TimeUnit } from "../btyd/prep";
import { dialectTypes, numberLiteral, quoteIdent, quoteText } from "./dialect";
import { sourceSql, type SummarySqlOptions } from "./summary-sql";

export interface BtydSqlOptions extends Omit<SummarySqlOptions, "asOf" | "columns"> {
  columns: { customer: string; date: string; amount: string };
  /** YYYY-MM-DD, inclusive. */
  calibrationEnd: string;
  unit?: TimeUnit;
}

export function btydTriplesSql(opts: BtydSqlOptions): string {
  const t = dialectTypes(opts.dialect);
  const c = opts.columns;
  const dpu = numberLiteral(daysPerUnit(opts.unit ?? "week"));
  const end = `CAST(${quoteText(opts.calibrationEnd)} AS DATE)`;
  const time = (days: string) => `CAST(${days} AS ${t.double}) / ${dpu}`;
  return `WITH src AS (
  SELECT TRIM(CAST(${quoteIdent(c.customer)} AS ${t.text})) AS customer_id,
         CAST(${quoteIdent(c.date)} AS DATE) AS day,
         CAST(${quoteIdent(c.amount)} AS ${t.money}) AS amount
  FROM ${sourceSql(opts.source)}
  WHERE ${quoteIdent(c.customer)} IS NOT NULL AND TRIM(CAST(${quoteIdent(c.customer)} AS ${t.text})) <> ''
    AND ${quoteIdent(c.date)} IS NOT NULL AND ${quoteIdent(c.amount)} IS NOT NULL
),
purchase_days AS (
  SELECT customer_id, day
  FROM src
  WHERE day <= ${end}
  GROUP BY customer_id, day
  HAVING FLOOR(SUM(amount) * 100 + 0.5) >= 0
),
per_customer AS (
  SELECT COUNT(*) - 1 AS x, MAX(day) - MIN(day) AS tx_days, ${end} - MIN(day) AS t_days
  FROM purchase_days
  GROUP BY customer_id
)
SELECT CAST(x AS BIGINT) AS x, ${time("tx_days")} AS t_x, ${time("t_days")} AS ${quoteIdent("T")}, CAST(COUNT(*) AS BIGINT) AS count
FROM per_customer
GROUP BY x, tx_days, t_days
ORDER BY x, tx_days, t_days`;
}
