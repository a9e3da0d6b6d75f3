/**
 * The CLV workflow shared by the command line and the CLV model sheet: prepare the customers → fit
 * the transaction model (or compare all and take the recommended one) → the Gamma-Gamma spend
 * model → per-customer predictions and CLV → holdout and weekly tracking. What went wrong along the
 * way is returned as notes; each door words them for its users.
 */
import { isCrmError } from "../errors";
import type { Transactions } from "../types";
import { customerLifetimeValue, periodRate } from "./clv";
import { compareTransactionModels, type ModelComparison } from "./compare";
import type { FitResult } from "./fit";
import { fitGammaGamma, type GammaGammaParams } from "./models/gammagamma";
import { TRANSACTION_MODELS, transactionModel, type TransactionModelName, type TransactionParams } from "./models/registry";
import { compressTriples, DAYS_PER_MONTH, prepareTransactions, type PreparedCustomers, type TimeUnit } from "./prep";
import { weeklyTracking, type TrackingDays, type WeeklyTracking } from "./tracking";

export interface ClvWorkflowOptions {
  calibrationEnd: number;
  holdoutEnd?: number;
  unit: TimeUnit;
  /** A transaction model, or "auto": fit all and take the recommended one. */
  model: TransactionModelName | "auto";
  /** Also fit and score the other models when `model` names one. */
  compare?: boolean;
  /** "required": a spend model that cannot be fitted is an error; "optional": a note; "none": not fitted. */
  spend: "required" | "optional" | "none";
  horizonMonths: number;
  annualDiscountRate: number;
  margin: number;
}

export type WorkflowNote =
  { kind: "notConverged"; fit: FitResult } | { kind: "spendUnavailable"; message: string } | { kind: "infiniteSpendMean"; q: number };

export interface ClvWorkflowResult<F extends FitResult = FitResult> {
  prepared: PreparedCustomers;
  /** The transaction model used for the predictions. */
  transactions: F;
  comparison?: ModelComparison;
  spend?: FitResult<GammaGammaParams>;
  /** Per customer (prepared order): P(alive at the calibration end), E[purchases over the horizon]. */
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  /** Per customer, when the spend model gives a finite mean (q > 1). */
  expectedSpend?: Float64Array;
  clv?: Float64Array;
  /** Holdout repeat purchases, observed and Σ E[Y(holdout length) | x, t_x, T]. */
  holdout?: { actual: number; predicted: number };
  tracking?: WeeklyTracking;
  /** The horizon in the model's time unit. */
  horizon: number;
  /** Length of a month in the model's time unit. */
  monthLength: number;
  /** Discount rate per month, from the annual rate. */
  monthlyRate: number;
  notes: WorkflowNote[];
}

function fitTransactions(
  prepared: PreparedCustomers,
  data: TrackingDays,
  options: ClvWorkflowOptions,
): { transactions: FitResult; comparison?: ModelComparison } {
  if (options.model === "auto") {
    const comparison = compareTransactionModels(prepared, { tx: data, prepared });
    const chosen = comparison.scores.find((s) => s.model === comparison.recommended)!;
    return { transactions: chosen.fit, comparison };
  }
  const transactions = TRANSACTION_MODELS[options.model].fit(prepared);
  if (!options.compare) return { transactions };
  return { transactions, comparison: compareTransactionModels(prepared, { tx: data, prepared }, { [options.model]: transactions }) };
}

/** With a named model the result's fit keeps that model's parameter type. */
export function runClvWorkflow<K extends TransactionModelName>(
  data: Pick<Transactions, "customer" | "day" | "amount">,
  options: ClvWorkflowOptions & { model: K },
): ClvWorkflowResult<FitResult<TransactionParams[K]>>;
export function runClvWorkflow(data: Pick<Transactions, "customer" | "day" | "amount">, options: ClvWorkflowOptions): ClvWorkflowResult;
export function runClvWorkflow(data: Pick<Transactions, "customer" | "day" | "amount">, options: ClvWorkflowOptions): ClvWorkflowResult {
  const prepared = prepareTransactions(data, {
    calibrationEnd: options.calibrationEnd,
    holdoutEnd: options.holdoutEnd,
    unit: options.unit,
  });
  return runClvOnCustomers(prepared, data, options);
}

/**
 * The workflow from customers already prepared (by prepareTransactions, or by SQL where the rows
 * live): `data` are the transactions behind them or their repeat days per day, for the tracking.
 */
export function runClvOnCustomers(prepared: PreparedCustomers, data: TrackingDays, options: ClvWorkflowOptions): ClvWorkflowResult {
  const { transactions, comparison } = fitTransactions(prepared, data, options);
  const notes: WorkflowNote[] = [];
  if (!transactions.converged) notes.push({ kind: "notConverged", fit: transactions });

  let spend: FitResult<GammaGammaParams> | undefined;
  if (options.spend !== "none") {
    try {
      spend = fitGammaGamma({ x: prepared.x, meanSpend: prepared.meanSpend });
    } catch (error) {
      if (options.spend === "required" || !isCrmError(error)) throw error;
      notes.push({ kind: "spendUnavailable", message: error.message });
    }
    if (spend && !spend.converged) notes.push({ kind: "notConverged", fit: spend });
  }

  const monthLength = DAYS_PER_MONTH / prepared.daysPerUnit;
  const horizon = options.horizonMonths * monthLength;
  const model = transactionModel(transactions.model, transactions.params);
  const c = compressTriples(prepared);
  const u = c.x.length;
  const uAlive = new Float64Array(u);
  const uExpected = new Float64Array(u);
  const uHoldout = new Float64Array(u);
  for (let j = 0; j < u; j++) {
    uAlive[j] = model.probAlive(c.x[j], c.tx[j], c.T[j]);
    uExpected[j] = model.conditionalExpected(horizon, c.x[j], c.tx[j], c.T[j]);
    if (prepared.holdoutLength !== undefined) uHoldout[j] = model.conditionalExpected(prepared.holdoutLength, c.x[j], c.tx[j], c.T[j]);
  }
  const n = prepared.id.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  let holdoutPredicted = 0;
  for (let i = 0; i < n; i++) {
    pAlive[i] = uAlive[c.index[i]];
    expectedPurchases[i] = uExpected[c.index[i]];
    holdoutPredicted += uHoldout[c.index[i]];
  }

  const monthlyRate = periodRate(options.annualDiscountRate, DAYS_PER_MONTH);
  const result: ClvWorkflowResult = {
    prepared,
    transactions,
    ...(comparison ? { comparison } : {}),
    ...(spend ? { spend } : {}),
    pAlive,
    expectedPurchases,
    horizon,
    monthLength,
    monthlyRate,
    notes,
  };
  if (spend && !(spend.params.q > 1)) {
    notes.push({ kind: "infiniteSpendMean", q: spend.params.q });
  } else if (spend) {
    const value = customerLifetimeValue(transactions, spend.params, prepared, {
      periods: options.horizonMonths,
      periodLength: monthLength,
      discountRate: monthlyRate,
      margin: options.margin,
    });
    result.expectedSpend = value.expectedSpend;
    result.clv = value.clv;
  }
  if (prepared.xStar) {
    let actual = 0;
    for (const v of prepared.xStar) actual += v;
    result.holdout = { actual, predicted: holdoutPredicted };
    result.tracking = weeklyTracking(data, prepared, model.expected);
  }
  return result;
}
