/** Checks both commands make on what they read, before the models run. */
import { formatDay } from "../core/ingest/dates";
import { UsageError } from "./args";
import type { Loaded } from "./input";

/** A table with a header and nothing (or only blank rows) below it is refused, not written out empty. */
export function requireDataRows(path: string, loaded: Loaded): void {
  const { dataRows, blank } = loaded.ingested.counts;
  if (dataRows - blank === 0) throw new UsageError(`${path}: no data rows below the header (row ${loaded.data.headerRow})`);
  // Every row refused: an empty report would look like a result. The first refusal says why.
  const { used } = loaded.ingested.counts;
  const first = loaded.ingested.rejected.find((r) => r.reason !== "TOTALS_ROW");
  if (used === 0 && first) {
    throw new UsageError(
      `${path}: none of the ${dataRows - blank} data rows can be used (first: ${first.message.replace(/\.$/, "")}); check the column flags (--customer, --date, --amount)`,
    );
  }
}

const DAYS_PER_YEAR = 365.25;

/**
 * A warning when a date option (--as-of, --calibration-end) lies after the data's last date by more
 * than the data's own span: usually a typo or the wrong file, and every recency comes out large.
 */
export function lateDateWarning(flag: string, given: string, day: number, days: Float64Array, consequence: string): string | undefined {
  if (days.length === 0) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < days.length; i++) {
    if (days[i] < first) first = days[i];
    if (days[i] > last) last = days[i];
  }
  const gap = day - last;
  const span = last - first;
  if (!(gap > span)) return undefined;
  const years = (d: number) => (d / DAYS_PER_YEAR).toFixed(1);
  return `${flag} ${given} is ${years(gap)} years after the last order date ${formatDay(last)}, more than the data's own span (${years(span)} years); ${consequence}`;
}
