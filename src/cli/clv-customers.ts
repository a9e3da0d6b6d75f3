/**
 * What the SQL engines (DuckDB on a file, PostgreSQL) hand `clv`: the per-customer rows of
 * core/sql/btyd-customers-sql.ts turned into the core's PreparedCustomers, and the refusal without a
 * calibration end, which every engine words the same.
 */
import { daysPerUnit, type PreparedCustomers, type RepeatDayCounts } from "../core/btyd";
import { formatDay } from "../core/ingest/dates";
import type { IngestCounts } from "../core/ingest/ingest";
import { UsageError, type ClvArgs } from "./args";

export interface SqlCustomers {
  prepared: PreparedCustomers;
  repeatDays: RepeatDayCounts;
  counts: IngestCounts;
  /** The first and last row dates, for the late-date warning. */
  dayRange: Float64Array;
}

export type Columns = Record<string, unknown[]>;

/** The core's PreparedCustomers from btydCustomersSql's rows (ordered by first appearance). */
export function preparedFrom(
  rows: Columns,
  args: ClvArgs,
  calibrationEnd: number,
  holdoutEnd: number | undefined,
  earliest: number,
): PreparedCustomers {
  const dpu = daysPerUnit(args.unit);
  const num = (name: string, i: number) => Number(rows[name][i]);
  const out = {
    id: [] as string[],
    x: [] as number[],
    tx: [] as number[],
    T: [] as number[],
    meanSpend: [] as number[],
    xStar: [] as number[],
    firstDay: [] as number[],
  };
  let keptRows = 0;
  let keptDays = 0;
  let rowsAfterEnd = 0;
  let returnDays = 0;
  let onlyReturns = 0;
  let firstAfter = 0;
  for (let i = 0; i < rows.customer_id.length; i++) {
    rowsAfterEnd += num("rows_after_end", i);
    if (num("kept_days", i) === 0) continue;
    keptRows += num("kept_rows", i);
    keptDays += num("kept_days", i);
    returnDays += num("return_days", i);
    if (rows.first_day[i] === null) {
      onlyReturns++;
      continue;
    }
    const first = num("first_day", i);
    if (first > calibrationEnd) {
      firstAfter++;
      continue;
    }
    const k = num("k", i);
    out.id.push(String(rows.customer_id[i]));
    out.x.push(k - 1);
    out.tx.push((num("last_day", i) - first) / dpu);
    out.T.push((calibrationEnd - first) / dpu);
    out.meanSpend.push(k > 1 ? num("repeat_spend", i) / (k - 1) : 0);
    out.xStar.push(num("x_star", i));
    out.firstDay.push(first);
  }
  if (out.id.length === 0) {
    throw new UsageError(
      `${args.input}: no customer has a purchase on or before the calibration end ${formatDay(calibrationEnd)}: the first purchase is on ${formatDay(earliest)}`,
    );
  }
  return {
    id: out.id,
    x: Float64Array.from(out.x),
    tx: Float64Array.from(out.tx),
    T: Float64Array.from(out.T),
    meanSpend: Float64Array.from(out.meanSpend),
    xStar: holdoutEnd === undefined ? undefined : Float64Array.from(out.xStar),
    firstDay: Float64Array.from(out.firstDay),
    daysPerUnit: dpu,
    calibrationEnd,
    holdoutEnd,
    holdoutLength: holdoutEnd === undefined ? undefined : (holdoutEnd - calibrationEnd) / dpu,
    rowsMerged: keptRows - keptDays,
    rowsAfterEnd,
    returnDays,
    excluded: { firstAfterCalibration: firstAfter, onlyReturns },
  };
}
