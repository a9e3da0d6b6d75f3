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
  const fit = {
    logLikelihood: -100,
    customers: 10,
    excluded: {},
    converged: true,
    iterations: 10,
    evaluations: 20,
    gradientNorm: 0,
    message: "ok",
  };
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
    calibrationWarnings: [],
    syncs: 5,
    ...over,
  } as ClvModelReport;
}

function html(r: ClvModelReport): string {
  return renderToStaticMarkup(
    <ClvResultsView
      t={en}
      report={r}
      unit="week"
      onOpenSheet={() => undefined}
      onChangeAssumptions={() => undefined}
      onNewModel={() => undefined}
      onUseAdvice={() => undefined}
    />,
  );
}

const text = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

test("a fit that did not converge is flagged at its table, and its warning is not repeated below", () => {
  const r = report({
    warnings: [
      { code: "BGNBD_NOT_CONVERGED", message: "BG/NBD: stopped" },
      { code: "MIXED_CURRENCY", message: "Mixed currencies" },
    ],
  });
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
  expect(text(html(report({ tracking: { weeks: 30, calibrationWeeks: 20, actual: 10, predicted: 11 } })))).not.toContain(
    en.checkCalibrationOnly,
  );
  expect(text(html(report({ tracking: { weeks: 30, calibrationWeeks: 20, actual: 10, predicted: 11 } })))).toContain(
    `${en.difference} +10.0%`,
  );
});

/** A boundary BG/NBD as on the UCI Online Retail export (a → 0, b → 55,644), the rule's pick NBD by BIC. */
function boundaryReport(): ClvModelReport {
  const score = (model: "bgnbd" | "mbgnbd" | "paretonbd" | "nbd", title: string, k: number, ll: number) => ({
    model,
    title,
    parameters: k,
    logLikelihood: ll,
    aic: 2 * k - 2 * ll,
    bic: k * Math.log(1000) - 2 * ll,
  });
  return report({
    comparison: {
      scores: [
        { ...score("bgnbd", "BG/NBD", 4, -5000), problem: "noDropout", problemText: "no dropout detected: BG/NBD reduces to NBD" },
        { ...score("mbgnbd", "MBG/NBD", 4, -5010), problem: "notConverged", problemText: "did not converge: iteration limit" },
        score("paretonbd", "Pareto/NBD", 4, -5003),
        score("nbd", "NBD", 2, -5000),
      ],
      recommended: "nbd",
      basis: "bic",
      reason: "NBD: lowest BIC",
    },
    advice: { firstDay: 40513, lastDay: 40886, suggestedEnd: 40762 },
    calibrationWarnings: [
      { kind: "shortHoldout", holdoutDays: 30, calibrationDays: 300 },
      { kind: "fewRepeaters", repeaters: 250, customers: 1000 },
    ],
  });
}

test("the comparison marks the recommended model, names a boundary fit for what it is and says the sheet stays BG/NBD", () => {
  const markup = html(boundaryReport());
  const shown = text(markup);
  expect(markup).toContain('data-recommended="nbd"');
  expect(shown).toContain(en.clv.recommended("NBD"));
  // BIC of NBD: 2 ln 1000 + 10,000 = 10,013.8 (k = 2, n = 1,000, ln L = −5,000), shown whole.
  expect(shown).toContain(en.clv.basis.bic("10,014"));
  expect(shown).toContain("No dropout detected: BG/NBD reduces to NBD");
  expect(shown).toContain(en.clv.problems.notConverged("MBG/NBD"));
  expect(shown).toContain(en.clv.sheetModelNote("NBD"));
  // No holdout: no MAE column.
  expect(shown).not.toContain(en.clv.colMae);
});

test("calibration advice: the span and the suggested dates (2010-12-01 … 2011-12-09, two thirds: 2011-08-07) and both warnings", () => {
  // The dates sit in no-wrap spans inside the sentence: read it without them.
  const shown = text(html(boundaryReport()).replace(/<\/?span[^>]*>/g, ""));
  // 40513 = 2010-12-01, 40886 = 2011-12-09 (Excel serials); 40513 + round(373 × 2 / 3) = 40762 = 2011-08-07.
  expect(shown).toContain(en.clv.advice("2010-12-01", "2011-12-09", "2011-08-07"));
  expect(shown).toContain(en.clv.useAdvice);
  expect(shown).toContain("The holdout (30 days) is shorter than a quarter of the calibration period (300 days)");
  expect(shown).toContain("Only 250 of 1,000 customers (25 %)");
});

test("in Chinese the new sections carry no English words but the model names", () => {
  const zh = STRINGS.zh;
  const markup = renderToStaticMarkup(
    <ClvResultsView
      t={zh}
      report={boundaryReport()}
      unit="week"
      onOpenSheet={() => undefined}
      onChangeAssumptions={() => undefined}
      onNewModel={() => undefined}
      onUseAdvice={() => undefined}
    />,
  );
  const shown = text(markup);
  expect(shown).toContain(zh.clv.recommended("NBD"));
  expect(shown).toContain("未检测到流失：BG/NBD 退化为 NBD");
  const english = shown
    .replace(/CLV model|BG\/NBD|MBG\/NBD|Pareto\/NBD|NBD|Gamma-Gamma|AIC|BIC|MAE|CLV|CRM\.BTYDFIT|--model auto|P\(alive\)/g, "")
    .match(/[A-Za-z]{3,}/g);
  expect(english).toBeNull();
});

test("intervals asked for on a fit without standard errors: said so, not left out silently", () => {
  expect(text(html(report({ intervalsUnavailable: true })))).toContain(en.clv.noIntervals);
  expect(text(html(report()))).not.toContain(en.clv.intervalsHeading);
});

test("the total expected purchases with its interval", () => {
  const shown = text(html(report({ totalExpected: { level: 0.9, draws: 1000, seed: 1, estimate: 1234.5, low: 1100.04, high: 1400.06 } })));
  expect(shown).toContain(`${en.clv.totalExpected(12)} 1,234.5 ${en.clv.totalRange(0.9)} 1,100.0 – 1,400.1`);
});
