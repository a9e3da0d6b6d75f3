/**
 * The CLV model's additions beyond the live BG/NBD + Gamma-Gamma sheet: the comparison of all
 * transaction models, the calibration advice and warnings (for the pane), and the prediction
 * intervals, written as values beside the customer formulas:
 *   N30 note, N31:S31 header, then per customer (the rows of the customer block) the low and high
 *   of P(alive), expected purchases and CLV. Columns N:S lie between the holdout check (K:M) and
 *   the diagnostics (from T), below the check's chart (K7:R29), so no other cell moves.
 */
import {
  calibrationWarnings,
  predictionIntervals,
  suggestCalibrationEnd,
  totalExpectedInterval,
  type ClvWorkflowResult,
  type CustomerIntervals,
  type ModelComparison,
} from "../core/btyd";
import type { OutCell } from "../core/report/report-types";
import { toExcel } from "./budget";
import type { ClvAssumptions, ClvComparisonReport, ClvModelProblem, ClvModelReport, ClvModelRequest } from "./types";
import { WriteBatch, writeRows } from "./writer";
import type { OutputLang } from "../core/types";

/** 0-based first column of the interval block (N). */
export const INTERVAL_COL = 13;

const TEXT = {
  en: {
    note: (level: number) =>
      `${pct(level)} intervals of the BG/NBD and Gamma-Gamma predictions, by simulation from the fitted parameters' estimated uncertainty: values computed when the model was fitted; they do not follow edits.`,
    header: (level: number) =>
      ["P(alive)", "Expected purchases", "CLV"].flatMap((name) => [`${name} low (${pct(level)})`, `${name} high (${pct(level)})`]),
  },
  zh: {
    note: (level: number) =>
      `BG/NBD 与 Gamma-Gamma 预测的 ${pct(level)} 区间，按拟合参数的估计不确定性模拟得到：拟合时计算的数值，不随上方修改而变。`,
    header: (level: number) =>
      ["存活概率", "预期购买次数", "客户终身价值"].flatMap((name) => [`${name}下限（${pct(level)}）`, `${name}上限（${pct(level)}）`]),
  },
};

function pct(level: number): string {
  return `${Math.round(level * 1000) / 10} %`;
}

/** The core's problem text as a code (compare.ts words them in a fixed way). */
function problemCode(text: string): ClvModelProblem {
  if (text.startsWith("no dropout")) return "noDropout";
  if (text.startsWith("boundary")) return "boundary";
  if (text.startsWith("no standard errors")) return "noStdErrors";
  return "notConverged";
}

function comparisonReport(comparison: ModelComparison): ClvComparisonReport {
  const scores = comparison.scores.map((s) => ({
    model: s.model,
    title: s.title,
    parameters: s.parameters,
    logLikelihood: s.logLikelihood,
    aic: s.aic,
    bic: s.bic,
    ...(s.holdout ? { holdoutMae: s.holdout.meanAbsoluteError } : {}),
    ...(s.problem ? { problem: problemCode(s.problem), problemText: s.problem } : {}),
  }));
  const candidates = scores.filter((s) => !s.problem);
  const maes = candidates.flatMap((s) => (s.holdoutMae === undefined ? [] : [s.holdoutMae]));
  // The rule's tie: within 1 % of the smallest holdout error (compare.ts).
  const tied = maes.filter((mae) => mae <= Math.min(...maes) * 1.01).length > 1;
  const basis = candidates.length === 0 ? "fallback" : maes.length === 0 ? "bic" : tied ? "holdoutTie" : "holdout";
  return { scores, recommended: comparison.recommended, basis, reason: comparison.reason };
}

type ClvExtrasReport = Pick<ClvModelReport, "comparison" | "advice" | "calibrationWarnings" | "totalExpected" | "intervalsUnavailable">;

/** The intervals (when asked for), the comparison, the calibration advice and warnings of a run. */
export function clvExtras(
  run: ClvWorkflowResult,
  days: ArrayLike<number>,
  request: ClvModelRequest,
  assumptions: ClvAssumptions,
): { intervals?: CustomerIntervals; report: ClvExtrasReport } {
  const report: ClvExtrasReport = { calibrationWarnings: calibrationWarnings(run.prepared) };
  if (run.comparison) report.comparison = comparisonReport(run.comparison);
  const advice = suggestCalibrationEnd(days);
  if (advice) report.advice = advice;
  const level = request.intervalLevel;
  if (level === undefined) return { report };
  // No standard errors (a boundary fit), no intervals: the comparison says why.
  if (!run.transactions.logCovariance) return { report: { ...report, intervalsUnavailable: true } };
  const spend =
    run.spend?.logCovariance && run.clv
      ? {
          fit: run.spend,
          meanSpend: run.prepared.meanSpend,
          clv: {
            periods: assumptions.horizonMonths,
            periodLength: run.monthLength,
            discountRate: run.monthlyRate,
            margin: assumptions.margin,
          },
        }
      : undefined;
  report.totalExpected = totalExpectedInterval(run.transactions, run.prepared, run.horizon, { level });
  return { report, intervals: predictionIntervals(run.transactions, run.prepared, run.horizon, { level }, spend) };
}

/** The interval block of the module comment, rows aligned with the customers from 0-based row `header + 1`. */
export async function writeIntervals(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  intervals: CustomerIntervals,
  header: number,
  lang: OutputLang,
): Promise<void> {
  const t = TEXT[lang];
  const n = intervals.probAlive.low.length;
  const { probAlive: a, expectedPurchases: e, clv } = intervals;
  await batch.reserve(2000);
  sheet.getRangeByIndexes(header - 1, INTERVAL_COL, 1, 1).values = [[toExcel(t.note(intervals.level))]];
  const head = sheet.getRangeByIndexes(header, INTERVAL_COL, 1, 6);
  head.values = [t.header(intervals.level).map((h) => toExcel(h))];
  head.format.font.bold = true;
  head.format.wrapText = true;
  ["0.000", "0.000", "0.00", "0.00", "#,##0.00", "#,##0.00"].forEach(
    (f, j) => (sheet.getRangeByIndexes(header + 1, INTERVAL_COL + j, n, 1).numberFormat = [[f]]),
  );
  const rows: OutCell[][] = [];
  for (let i = 0; i < n; i++) rows.push([a.low[i], a.high[i], e.low[i], e.high[i], clv ? clv.low[i] : null, clv ? clv.high[i] : null]);
  await writeRows(batch, sheet, header + 1, INTERVAL_COL, rows, 6, new Array<boolean>(6).fill(false), false);
}
