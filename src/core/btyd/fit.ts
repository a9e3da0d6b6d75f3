/**
 * The common result of every model fit, and the driver that turns a negative log-likelihood over
 * log-parameters into one: optimisation, convergence report and standard errors.
 */
import { numError } from "../errors";
import { hessian, invertSpd, minimize, type Objective } from "./optimize";

export type ModelName = "bgnbd" | "mbgnbd" | "paretonbd" | "nbd" | "gammagamma" | "bgbb" | "sbg";

export interface FitResult<P extends Record<string, number> = Record<string, number>> {
  model: ModelName;
  /** Maximum-likelihood estimates in the model's natural parameters. */
  params: P;
  /** Maximised log-likelihood (natural log, summed over customers). */
  logLikelihood: number;
  /** Customers the likelihood was summed over (the weights' total). */
  customers: number;
  /** Customers left out of the fit, by reason (e.g. nonPositiveSpend for Gamma-Gamma). */
  excluded: Record<string, number>;
  /**
   * True only when the gradient of the log-likelihood vanished (to tolerance) at `params`, or the
   * Newton decrement puts `params` within 0.001 standard errors of the maximum.
   */
  converged: boolean;
  /** Optimiser iterations (Nelder–Mead plus BFGS). */
  iterations: number;
  /** Likelihood evaluations. */
  evaluations: number;
  /** max |∂ log L / ∂ ln θᵢ| at `params`. */
  gradientNorm: number;
  /**
   * Asymptotic standard errors of the natural parameters: the inverse of the numerical Hessian of
   * −log L in ln θ, carried to θ by the delta method (se(θ) = θ · se(ln θ)). NaN when that Hessian
   * is not positive definite (a flat or boundary optimum).
   */
  stdErrors: Record<keyof P, number>;
  /**
   * Asymptotic covariance of ln θ (row-major, parameters in the model's order), for prediction
   * intervals; absent when the Hessian is not positive definite.
   */
  logCovariance?: Float64Array;
  /** What happened, in words (convergence, boundary, Hessian). */
  message: string;
}

export interface FitOptions<P> {
  /** Starting values; the model picks data-based defaults for the rest. */
  start?: Partial<P>;
  /** Converged when max |∂(−log L)/∂ ln θᵢ| ≤ tolerance · (1 + |log L|); default 1e-9. */
  gradientTolerance?: number;
  /** BFGS iteration cap; default 500. */
  maxIterations?: number;
}

export interface FitSpec<P extends Record<string, number>> {
  model: ModelName;
  names: (keyof P & string)[];
  start: P;
  /** −log L over φ = ln θ, in the order of `names`. */
  objective: Objective;
  customers: number;
  excluded: Record<string, number>;
  options: FitOptions<P>;
}

function checkStart<P extends Record<string, number>>(names: (keyof P & string)[], start: P): void {
  for (const n of names) {
    const v = start[n];
    if (!(v > 0 && Number.isFinite(v))) throw numError(`starting value of ${n} must be a positive finite number (got ${v})`);
  }
}

/** Runs the optimiser on a model's objective and packages the estimate. */
export function runFit<P extends Record<string, number>>(spec: FitSpec<P>): FitResult<P> {
  const { names } = spec;
  const start = { ...spec.start, ...spec.options.start } as P;
  checkStart(names, start);
  const phi0 = names.map((n) => Math.log(start[n]));
  const res = minimize(spec.objective, phi0, {
    gradientTolerance: spec.options.gradientTolerance,
    maxIterations: spec.options.maxIterations,
  });
  const params = {} as Record<string, number>;
  names.forEach((n, i) => (params[n] = Math.exp(res.x[i])));
  let message = res.message;
  if (res.boundaryIndex >= 0) {
    const n = names[res.boundaryIndex];
    message = `parameter ${n} ran towards ${res.x[res.boundaryIndex] < 0 ? "0" : "infinity"}: the data do not identify the model`;
  }
  const stdErrors = {} as Record<string, number>;
  const k = names.length;
  const cov = Number.isFinite(res.f) ? invertSpd(hessian(spec.objective, res.x), k) : null;
  names.forEach((n, i) => {
    const v = cov ? cov[i * k + i] : NaN;
    stdErrors[n] = v > 0 ? params[n] * Math.sqrt(v) : NaN;
  });
  if (!cov) {
    message += /not positive definite/.test(message)
      ? "; standard errors are unavailable"
      : "; the Hessian is not positive definite, so standard errors are unavailable";
  }
  return {
    model: spec.model,
    params: params as P,
    logLikelihood: -res.f,
    customers: spec.customers,
    excluded: spec.excluded,
    converged: res.converged,
    iterations: res.iterations,
    evaluations: res.evaluations,
    gradientNorm: res.gradientNorm,
    stdErrors: stdErrors as Record<keyof P, number>,
    ...(cov ? { logCovariance: cov } : {}),
    message,
  };
}

/** Throws NUM unless every named parameter is a positive finite number. */
export function checkParams<P extends Record<string, number>>(model: string, params: P, names: (keyof P & string)[]): void {
  for (const n of names) {
    const v = params[n];
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) {
      throw numError(`${model} parameter ${n} must be a positive finite number (got ${String(v)})`);
    }
  }
}
