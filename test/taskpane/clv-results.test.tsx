/**
 * The CLV results view rendered to HTML in Node (react-dom/server): what a run that went wrong in
 * ways the browser test's CDNOW run cannot show looks like.
 */
import { renderToStaticMarkup } from "react-dom/server";
import type { ClvModelReport } from "../../src/excel/types";
import { ClvResultsView } from "../../src/taskpane/ClvResultsView";
import { STRINGS } from "../../src/taskpane/i18n";

const en = STRINGS.en;

function report(over: Partial<ClvModelReport> = {}): ClvModelReport {
  const fit = { logLikelihood: -100, customers: 10, excluded: {}, converged: true, iterations: 10, evaluations: 20, gradientNorm: 0, message: "ok" };
  return {
    sheetName: "CLV model",
    bgnbd: { ...fit, model: "bgnbd", params: { r: 0.5, alpha: 2, a: 1, b: 3 }, stdErrors: { r: 0.1, alpha: 0.2, a: 0.3, b: 0.4 } },
    gammaGamma: {
      ...fit,
      model: "gammagamma",
      params: { p: 6, q: 4, gamma: 15 },
      stdErrors: { p: 1, q: 1, gamma: 1 },
      excluded: { noRepeatPurchase: 4, nonPositiveSpend: 1 },
      customers: 5,
    },
    customers: 10,
    excluded: { rejectedRows: 2, rowsAfterEnd: 3, firstAfterCalibration: 1 },
    tracking: { weeks: 20, calibrationWeeks: 20, actual: 0, predicted: 1.5 },
    assumptions: { margin: 1, annualDiscountRate: 0.1, horizonMonths: 12 },
    rows: 40,
    warnings: [],
    syncs: 5,
    ...over,
  } as ClvModelReport;
}

function html(r: ClvModelReport): string {
  return renderToStaticMarkup(<ClvResultsView t={en} report={r} unit="week" onOpenSheet={() => undefined} onChangeAssumptions={() => undefined} onNewModel={() => undefined} />);
}

const text = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

test("a fit that did not converge is flagged at its table, and its warning is not repeated below", () => {
  const r = report({ warnings: [{ code: "BGNBD_NOT_CONVERGED", message: "BG/NBD: stopped" }, { code: "MIXED_CURRENCY", message: "Mixed currencies" }] });
  r.bgnbd = { ...r.bgnbd, converged: false, stdErrors: { r: NaN, alpha: NaN, a: NaN, b: NaN } };
  const shown = text(html(r));
  expect(shown).toContain(en.notConverged("BG/NBD"));
  expect(shown).not.toContain(en.notConverged("Gamma-Gamma"));
  expect(shown).not.toContain("BG/NBD: stopped");
  expect(shown).toContain("Mixed currencies");
  // No standard error without a positive-definite Hessian: a dash, not "NaN".
  expect(shown).not.toContain("NaN");
  expect(shown).toMatch(/ 0\.500 — /);
  expect(shown).toContain(`${en.converged} ${en.no}`);
});

test("without a holdout the check says it covers the calibration period only; no actual repeat purchases, no percentage", () => {
  const shown = text(html(report()));
  expect(shown).toContain(en.checkCalibrationOnly);
  expect(shown).toContain(`${en.difference} —`);
  expect(text(html(report({ tracking: { weeks: 30, calibrationWeeks: 20, actual: 10, predicted: 11 } })))).not.toContain(en.checkCalibrationOnly);
  expect(text(html(report({ tracking: { weeks: 30, calibrationWeeks: 20, actual: 10, predicted: 11 } })))).toContain(`${en.difference} +10.0%`);
});
