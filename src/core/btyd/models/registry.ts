/**
 * One interface over the transaction models (BG/NBD, MBG/NBD, Pareto/NBD, NBD): every door (command
 * line, custom functions, CLV model sheet) fits and predicts through `TRANSACTION_MODELS` and
 * `transactionModel`, never by switching on the model's name itself.
 */
import { valueError } from "../../errors";
import {
  bgnbdConditionalExpected,
  bgnbdExpected,
  bgnbdExpectedIfAlive,
  bgnbdLogLikelihood,
  bgnbdProbAlive,
  bgnbdProbCount,
  betaGeometricAliveOnTimes,
  fitBgNbd,
  type BgNbdParams,
} from "./bgnbd";
import { checkParams, type FitOptions, type FitResult } from "../fit";
import {
  fitMbgNbd,
  mbgnbdConditionalExpected,
  mbgnbdExpected,
  mbgnbdExpectedIfAlive,
  mbgnbdLogLikelihood,
  mbgnbdProbAlive,
  mbgnbdProbCount,
  type MbgNbdParams,
} from "./mbgnbd";
import {
  fitNbd,
  nbdConditionalExpected,
  nbdExpected,
  nbdExpectedIfAlive,
  nbdLogLikelihood,
  nbdProbAlive,
  nbdProbCount,
  type NbdParams,
} from "./nbd";
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdExpectedIfAlive,
  paretoNbdLogLikelihood,
  paretoNbdProbAlive,
  paretoNbdProbCount,
  type ParetoNbdParams,
} from "./paretonbd";
import type { CustomerTriples } from "../prep";

export type TransactionModelName = "bgnbd" | "mbgnbd" | "paretonbd" | "nbd";

export interface TransactionParams {
  bgnbd: BgNbdParams;
  mbgnbd: MbgNbdParams;
  paretonbd: ParetoNbdParams;
  nbd: NbdParams;
}

/** What every transaction model provides, in its own typed parameters. */
export interface TransactionModelSpec<P extends Record<string, number>> {
  name: TransactionModelName;
  /** As the literature writes it: "BG/NBD", "MBG/NBD", "Pareto/NBD", "NBD". */
  title: string;
  /** Parameter names in the order the fits list them. */
  paramNames: (keyof P & string)[];
  fit(data: CustomerTriples, options?: FitOptions<P>): FitResult<P>;
  logLikelihood(params: P, data: CustomerTriples): number;
  /** P(alive at T | x, t_x, T). */
  probAlive(params: P, x: number, tx: number, T: number): number;
  /** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t]. */
  conditionalExpected(params: P, t: number, x: number, tx: number, T: number): number;
  /** E[Y(t) | alive at T, x]. */
  expectedIfAlive(params: P, t: number, x: number, T: number): number;
  /** E[X(t)]: a new customer's expected repeat purchases in (0, t]. */
  expected(params: P, t: number): number;
  /** P(X(t) = n) for a new customer. */
  pmf(params: P, t: number, n: number): number;
  /**
   * Optional fast path for many customers at one parameter set: P(alive) of (x, times[i], times[k])
   * with the per-time logarithms taken once (the prediction intervals call it millions of times).
   */
  probAliveOnTimes?(params: P, times: Float64Array): (x: number, txIndex: number, TIndex: number) => number;
}

export const TRANSACTION_MODELS: { [K in TransactionModelName]: TransactionModelSpec<TransactionParams[K]> } = {
  bgnbd: {
    name: "bgnbd",
    title: "BG/NBD",
    paramNames: ["r", "alpha", "a", "b"],
    fit: fitBgNbd,
    logLikelihood: bgnbdLogLikelihood,
    probAlive: bgnbdProbAlive,
    conditionalExpected: bgnbdConditionalExpected,
    expectedIfAlive: bgnbdExpectedIfAlive,
    expected: bgnbdExpected,
    pmf: bgnbdProbCount,
    probAliveOnTimes: (p, times) => betaGeometricAliveOnTimes(p, times, 0),
  },
  mbgnbd: {
    name: "mbgnbd",
    title: "MBG/NBD",
    paramNames: ["r", "alpha", "a", "b"],
    fit: fitMbgNbd,
    logLikelihood: mbgnbdLogLikelihood,
    probAlive: mbgnbdProbAlive,
    conditionalExpected: mbgnbdConditionalExpected,
    expectedIfAlive: mbgnbdExpectedIfAlive,
    expected: mbgnbdExpected,
    pmf: mbgnbdProbCount,
    probAliveOnTimes: (p, times) => betaGeometricAliveOnTimes(p, times, 1),
  },
  paretonbd: {
    name: "paretonbd",
    title: "Pareto/NBD",
    paramNames: ["r", "alpha", "s", "beta"],
    fit: fitParetoNbd,
    logLikelihood: paretoNbdLogLikelihood,
    probAlive: paretoNbdProbAlive,
    conditionalExpected: paretoNbdConditionalExpected,
    expectedIfAlive: paretoNbdExpectedIfAlive,
    expected: paretoNbdExpected,
    pmf: paretoNbdProbCount,
  },
  nbd: {
    name: "nbd",
    title: "NBD",
    paramNames: ["r", "alpha"],
    fit: fitNbd,
    logLikelihood: nbdLogLikelihood,
    probAlive: nbdProbAlive,
    conditionalExpected: nbdConditionalExpected,
    expectedIfAlive: nbdExpectedIfAlive,
    expected: nbdExpected,
    pmf: nbdProbCount,
    probAliveOnTimes: () => () => 1,
  },
};

export const TRANSACTION_MODEL_NAMES = Object.keys(TRANSACTION_MODELS) as TransactionModelName[];

function isTransactionModel(name: string): name is TransactionModelName {
  return Object.prototype.hasOwnProperty.call(TRANSACTION_MODELS, name);
}

/** A transaction model bound to its parameters: what the doors predict with. */
export interface TransactionPredictor {
  model: TransactionModelName;
  title: string;
  params: Readonly<Record<string, number>>;
  probAlive(x: number, tx: number, T: number): number;
  conditionalExpected(t: number, x: number, tx: number, T: number): number;
  expectedIfAlive(t: number, x: number, T: number): number;
  expected(t: number): number;
  pmf(t: number, n: number): number;
  /** P(alive) of (x, times[i], times[k]) for many customers (see TransactionModelSpec.probAliveOnTimes). */
  probAliveOnTimes(times: Float64Array): (x: number, txIndex: number, TIndex: number) => number;
}

/** True, after checking that `params` holds every parameter the model names as a positive number. */
function hasParams<P extends Record<string, number>>(spec: TransactionModelSpec<P>, params: Record<string, number>): params is P {
  checkParams<Record<string, number>>(spec.title, params, spec.paramNames);
  return true;
}

function bind<P extends Record<string, number>>(spec: TransactionModelSpec<P>, params: Record<string, number>): TransactionPredictor {
  if (!hasParams(spec, params)) throw valueError(`${spec.title} parameters are missing`);
  const p: P = params;
  return {
    model: spec.name,
    title: spec.title,
    params: p,
    probAlive: (x, tx, T) => spec.probAlive(p, x, tx, T),
    conditionalExpected: (t, x, tx, T) => spec.conditionalExpected(p, t, x, tx, T),
    expectedIfAlive: (t, x, T) => spec.expectedIfAlive(p, t, x, T),
    expected: (t) => spec.expected(p, t),
    pmf: (t, n) => spec.pmf(p, t, n),
    probAliveOnTimes: (times) => spec.probAliveOnTimes?.(p, times) ?? ((x, i, k) => spec.probAlive(p, x, times[i], times[k])),
  };
}

/**
 * The model `model` at `params` (a FitResult's, or given by the user), checked once: VALUE for a
 * model that is not a transaction model, NUM for a missing or non-positive parameter.
 */
export function transactionModel(model: string, params: Record<string, number>): TransactionPredictor {
  if (!isTransactionModel(model)) {
    throw valueError(`"${model}" is not a transaction model (${TRANSACTION_MODEL_NAMES.join(", ")})`);
  }
  // Each branch keeps the spec's parameter type; indexing the table by a union would lose it.
  switch (model) {
    case "bgnbd":
      return bind(TRANSACTION_MODELS.bgnbd, params);
    case "mbgnbd":
      return bind(TRANSACTION_MODELS.mbgnbd, params);
    case "paretonbd":
      return bind(TRANSACTION_MODELS.paretonbd, params);
    case "nbd":
      return bind(TRANSACTION_MODELS.nbd, params);
  }
}
