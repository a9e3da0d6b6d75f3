/**
 * Calibration advice: where to end the calibration period, and when the split leaves too little to
 * fit or to check against.
 *
 * The suggestion ends the calibration period two thirds into the data's span, so the holdout is
 * half as long as the calibration period (Fader, Hardie & Lee 2005 split CDNOW's 78 weeks 39/39):
 * long enough to see each model's tracking drift, short enough that the fit still sees most of
 * the history. For forecasting, fit again with the calibration end at the last date.
 */
import type { PreparedCustomers } from "./prep";

export interface CalibrationAdvice {
  firstDay: number;
  lastDay: number;
  /** Day number of the suggested calibration end (inclusive). */
  suggestedEnd: number;
}

/** The data's first and last purchase day and the suggested calibration end; undefined without dates. */
export function suggestCalibrationEnd(days: ArrayLike<number>): CalibrationAdvice | undefined {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (!Number.isFinite(d)) continue;
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  if (!(lastDay > firstDay)) return undefined;
  return { firstDay, lastDay, suggestedEnd: firstDay + Math.round(((lastDay - firstDay) * 2) / 3) };
}

/** The holdout is shorter than this share of the calibration period: its check says little. */
const MIN_HOLDOUT_SHARE = 0.25;
/** Fewer repeat buyers than this share: the dropout process is barely identified. */
const MIN_REPEAT_SHARE = 0.3;

export type CalibrationWarning =
  { kind: "shortHoldout"; holdoutDays: number; calibrationDays: number } | { kind: "fewRepeaters"; repeaters: number; customers: number };

/** Warnings about the split of `prepared` (see the thresholds above). */
export function calibrationWarnings(prepared: PreparedCustomers): CalibrationWarning[] {
  const out: CalibrationWarning[] = [];
  let firstDay = Infinity;
  for (const d of prepared.firstDay) if (d < firstDay) firstDay = d;
  const calibrationDays = prepared.calibrationEnd - firstDay + 1;
  if (prepared.holdoutEnd !== undefined) {
    const holdoutDays = prepared.holdoutEnd - prepared.calibrationEnd;
    if (holdoutDays < MIN_HOLDOUT_SHARE * calibrationDays) out.push({ kind: "shortHoldout", holdoutDays, calibrationDays });
  }
  let repeaters = 0;
  for (const x of prepared.x) if (x > 0) repeaters++;
  const customers = prepared.x.length;
  if (repeaters < MIN_REPEAT_SHARE * customers) out.push({ kind: "fewRepeaters", repeaters, customers });
  return out;
}
