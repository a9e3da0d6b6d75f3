/**
 * The interval of the total expected purchases over all customers, Σ_i E[Y(horizon) | x_i, t_x,i, T_i],
 * by the same parametric simulation as the per-customer intervals (intervals.ts): the total is
 * recomputed at every parameter draw and its quantiles taken. The sum of the customers' lower bounds
 * is not the total's lower bound (the draws move every customer together), hence this separate pass.
 */
import { numError } from "../errors";
import type { FitResult } from "./fit";
import { drawParameters, type IntervalOptions } from "./intervals";
import { transactionModel } from "./models/registry";
import { compressTriples, type CustomerTriples } from "./prep";
import { normalSampler } from "./random";

export interface TotalInterval {
  level: number;
  draws: number;
  seed: number;
  /** At the fitted parameters. */
  estimate: number;
  low: number;
  high: number;
}

/** The q-quantile of sorted values, interpolating linearly between order statistics. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const k = Math.floor(h);
  return k + 1 < sorted.length ? sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
}

export function totalExpectedInterval(
  fit: FitResult,
  data: CustomerTriples,
  horizon: number,
  options: IntervalOptions = {},
): TotalInterval {
  const level = options.level ?? 0.9;
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  if (!(level > 0 && level < 1)) throw numError(`interval level must be between 0 and 1 (got ${level})`);
  const c = compressTriples(data);
  const count = new Float64Array(c.x.length);
  for (let i = 0; i < c.index.length; i++) count[c.index[i]]++;
  const total = (params: Record<string, number>) => {
    const model = transactionModel(fit.model, params);
    let sum = 0;
    for (let j = 0; j < c.x.length; j++) sum += count[j] * model.conditionalExpected(horizon, c.x[j], c.tx[j], c.T[j]);
    return sum;
  };
  const totals = Float64Array.from(drawParameters(fit, draws, normalSampler(seed)), total).sort();
  return {
    level,
    draws,
    seed,
    estimate: total(fit.params),
    low: sortedQuantile(totals, (1 - level) / 2),
    high: sortedQuantile(totals, (1 + level) / 2),
  };
}
