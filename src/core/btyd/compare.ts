/**
 * Fits every transaction model to the same customers and compares them: in-sample (log-likelihood,
 * AIC, BIC) and, with a holdout, out of sample (total repeat purchases, per-customer error of x*,
 * weekly tracking). The recommendation rule, also stated in the README:
 *
 *   1. Candidates are the fits that converged, have standard errors (a positive-definite Hessian)
 *      and are not boundary solutions. A boundary fit of a dropout model is named for what it is
 *      ("no dropout detected: BG/NBD reduces to NBD") and points to NBD.
 *   2. With a holdout: the candidate with the smallest per-customer mean absolute error of holdout
 *      purchases; fits within 1 % of that error count as tied and the one with the lowest BIC wins.
 *   3. Without a holdout: the candidate with the lowest BIC.
 *   4. When no fit qualifies, NBD (the nested no-dropout model) is used, saying so.
 */
import type { FitResult } from "./fit";
import { TRANSACTION_MODEL_NAMES, TRANSACTION_MODELS, transactionModel, type TransactionModelName } from "./models/registry";
import { compressTriples, type CustomerTriples, type PreparedCustomers } from "./prep";
import { weeklyTracking, type TrackingDays } from "./tracking";

export interface HoldoutScore {
  /** Σ x*, observed. */
  actual: number;
  /** Σ E[Y(holdout length) | x, t_x, T]. */
  predicted: number;
  /** (predicted − actual) / actual. */
  totalError: number;
  /** Mean over customers of |E[Y | x, t_x, T] − x*|. */
  meanAbsoluteError: number;
  /** Mean over holdout weeks of |predicted − actual| weekly (incremental) repeat purchases. */
  weeklyTrackingError?: number;
}

/** Customers to compare the models on; with x* and the holdout length, the holdout is scored too. */
export interface ComparisonData extends CustomerTriples {
  xStar?: ArrayLike<number>;
  holdoutLength?: number;
}

/** The transactions behind prepared customers (or their repeat days per day), for the weekly tracking error. */
export interface TrackingSource {
  tx: TrackingDays;
  prepared: PreparedCustomers;
}

export interface ModelScore {
  model: TransactionModelName;
  title: string;
  fit: FitResult;
  parameters: number;
  logLikelihood: number;
  /** 2k − 2 ln L. */
  aic: number;
  /** k ln n − 2 ln L, n the customers fitted. */
  bic: number;
  /** Why the fit is not a usable candidate (did not converge, boundary, no standard errors). */
  problem?: string;
  holdout?: HoldoutScore;
}

export interface ModelComparison {
  scores: ModelScore[];
  recommended: TransactionModelName;
  /** The rule's reasoning for this data, in words. */
  reason: string;
}

/** Dropout parameters whose limit switches dropout off: a → 0 (BG/NBD, MBG/NBD), s → 0 (Pareto/NBD). */
const NO_DROPOUT: Partial<Record<TransactionModelName, string>> = { bgnbd: "a", mbgnbd: "a", paretonbd: "s" };

/**
 * A boundary solution in words, or undefined. BG/NBD and MBG/NBD with a mean dropout probability
 * a/(a+b) below 1e-6, or Pareto/NBD with a mean dropout rate s/β below 1e-6 per unit of time, have
 * no dropout left: the model reduces to the NBD. Any other parameter run to 0 or ∞ is a boundary too.
 */
export function boundaryProblem(fit: FitResult): string | undefined {
  const p = fit.params;
  const title = TRANSACTION_MODELS[fit.model as TransactionModelName]?.title ?? fit.model;
  const dropoutParam = NO_DROPOUT[fit.model as TransactionModelName];
  const noDropout =
    (dropoutParam === "a" && p.a / (p.a + p.b) < 1e-6) ||
    (dropoutParam === "s" && p.s / p.beta < 1e-6) ||
    (dropoutParam !== undefined &&
      new RegExp(`parameter (${dropoutParam}|${dropoutParam === "a" ? "b" : "beta"}) ran towards`).test(fit.message));
  if (noDropout) return `no dropout detected: ${title} reduces to NBD`;
  if (/ran towards/.test(fit.message)) return `boundary solution: ${fit.message}`;
  return undefined;
}

function problemOf(fit: FitResult): string | undefined {
  const boundary = boundaryProblem(fit);
  if (boundary) return boundary;
  if (!fit.converged) return `did not converge: ${fit.message}`;
  if (Object.values(fit.stdErrors).some((v) => !Number.isFinite(v))) return "no standard errors (flat likelihood)";
  return undefined;
}

function holdoutScore(fit: FitResult, data: ComparisonData, tracking: TrackingSource | undefined): HoldoutScore | undefined {
  const { xStar, holdoutLength } = data;
  if (!xStar || holdoutLength === undefined) return undefined;
  const model = transactionModel(fit.model, fit.params);
  const c = compressTriples(data);
  const uExpected = new Float64Array(c.x.length);
  for (let j = 0; j < c.x.length; j++) uExpected[j] = model.conditionalExpected(holdoutLength, c.x[j], c.tx[j], c.T[j]);
  let actual = 0;
  let predicted = 0;
  let absError = 0;
  for (let i = 0; i < xStar.length; i++) {
    const e = uExpected[c.index[i]];
    actual += xStar[i];
    predicted += e;
    absError += Math.abs(e - xStar[i]);
  }
  const score: HoldoutScore = { actual, predicted, totalError: (predicted - actual) / actual, meanAbsoluteError: absError / xStar.length };
  if (tracking) {
    const weekly = weeklyTracking(tracking.tx, tracking.prepared, model.expected);
    let sum = 0;
    let weeks = 0;
    for (let k = weekly.calibrationWeeks; k < weekly.actual.length; k++) {
      const actualWeek = weekly.actual[k] - weekly.actual[k - 1];
      const predictedWeek = weekly.predicted[k] - weekly.predicted[k - 1];
      sum += Math.abs(predictedWeek - actualWeek);
      weeks++;
    }
    if (weeks > 0) score.weeklyTrackingError = sum / weeks;
  }
  return score;
}

/** Scores one fitted model. */
export function scoreFit(fit: FitResult, data: ComparisonData, tracking?: TrackingSource): ModelScore {
  const k = Object.keys(fit.params).length;
  const model = fit.model as TransactionModelName;
  const score: ModelScore = {
    model,
    title: TRANSACTION_MODELS[model].title,
    fit,
    parameters: k,
    logLikelihood: fit.logLikelihood,
    aic: 2 * k - 2 * fit.logLikelihood,
    bic: k * Math.log(fit.customers) - 2 * fit.logLikelihood,
  };
  const problem = problemOf(fit);
  if (problem) score.problem = problem;
  const holdout = holdoutScore(fit, data, tracking);
  if (holdout) score.holdout = holdout;
  return score;
}

/** Applies the rule of the module comment to scored fits. */
export function recommend(scores: ModelScore[]): { recommended: TransactionModelName; reason: string } {
  const candidates = scores.filter((s) => !s.problem);
  const byBic = (a: ModelScore, b: ModelScore) => a.bic - b.bic;
  const left = scores.filter((s) => s.problem).map((s) => `${s.title} (${s.problem})`);
  const leftText = left.length > 0 ? `; left out: ${left.join(", ")}` : "";
  if (candidates.length === 0) {
    // Nothing fitted cleanly: the nested no-dropout model is the least assuming fallback.
    const fallback = scores.find((s) => s.model === "nbd") ?? scores.slice().sort(byBic)[0];
    return { recommended: fallback.model, reason: `no model fitted cleanly, so ${fallback.title}, the simplest, is used${leftText}` };
  }
  const withHoldout = candidates.filter((s) => s.holdout);
  if (withHoldout.length > 0) {
    const best = Math.min(...withHoldout.map((s) => s.holdout!.meanAbsoluteError));
    const tied = withHoldout.filter((s) => s.holdout!.meanAbsoluteError <= best * 1.01).sort(byBic);
    const pick = tied[0];
    const mae = pick.holdout!.meanAbsoluteError.toFixed(4);
    const tieText =
      tied.length > 1
        ? ` (tied within 1 % with ${tied
            .slice(1)
            .map((s) => s.title)
            .join(", ")}; lowest BIC of those)`
        : "";
    return { recommended: pick.model, reason: `${pick.title}: smallest per-customer holdout error, MAE ${mae}${tieText}${leftText}` };
  }
  const pick = candidates.slice().sort(byBic)[0];
  return {
    recommended: pick.model,
    reason: `${pick.title}: lowest BIC (${pick.bic.toFixed(1)}) without a holdout to check against${leftText}`,
  };
}

/** Fits all transaction models (but those already fitted) to the customers and recommends one. */
export function compareTransactionModels(
  data: ComparisonData,
  tracking?: TrackingSource,
  fits: Partial<Record<TransactionModelName, FitResult>> = {},
): ModelComparison {
  const scores = TRANSACTION_MODEL_NAMES.map((name) => scoreFit(fits[name] ?? TRANSACTION_MODELS[name].fit(data), data, tracking));
  return { scores, ...recommend(scores) };
}
