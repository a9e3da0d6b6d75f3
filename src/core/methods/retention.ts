/**
 * Retention economics (METHODS.md §12.2–§12.3): retention rate, retained share of a customer set,
 * expected lifetime, break-even retention spend and the "5% more retention" scenario.
 */
import { marginMultiple } from "./clv-formulas";
import { naError, numError, requireFinite } from "../errors";
import type { Cell } from "../types";

/** `CRM.RETENTION`: (C_end − C_new) / C_start (Farris et al.). */
export function retentionRate(startCount: number, endCount: number, newCount = 0): number {
  const start = requireFinite(startCount, "startCount");
  const end = requireFinite(endCount, "endCount");
  const added = requireFinite(newCount, "newCount");
  if (start < 0 || end < 0 || added < 0) throw numError("startCount, endCount and newCount must be ≥ 0");
  if (added > end) throw numError(`newCount (${added}) cannot exceed endCount (${end})`);
  if (start === 0) throw naError("startCount is 0: the retention rate is undefined");
  if (end - added > start) throw numError(`endCount − newCount (${end - added}) cannot exceed startCount (${start})`);
  return (end - added) / start;
}

export interface RetainedResult {
  /** |A ∩ B| / |A|. */
  rate: number;
  /** |A|: distinct ids of the previous period. */
  previous: number;
  /** |A ∩ B|. */
  retained: number;
}

/**
 * `CRM.RETAINED`: share of the previous period's customers (A) who are also customers this period
 * (B). Ids compare as trimmed text (numbers as their decimal text), blanks are ignored and repeated
 * ids count once. Case-sensitive unless `ignoreCase` (§1.1).
 */
export function retainedShare(idsPrevious: readonly Cell[], idsCurrent: readonly Cell[], ignoreCase = false): RetainedResult {
  const previous = idSet(idsPrevious, ignoreCase);
  const current = idSet(idsCurrent, ignoreCase);
  if (previous.size === 0) throw naError("ids_prev_period has no ids");
  let retained = 0;
  for (const id of previous) if (current.has(id)) retained++;
  return { rate: retained / previous.size, previous: previous.size, retained };
}

/**
 * `CRM.LIFETIME`: expected lifetime 1/(1−r) periods, including the current one (geometric survival).
 * With a finite `horizon` H it is Σ_{t=0}^{H−1} r^t, which also allows r = 1.
 */
export function expectedLifetime(retention: number, horizon?: number): number {
  const r = requireFinite(retention, "retention");
  if (r < 0 || r > 1) throw numError(`retention must be between 0 and 1 (got ${r})`);
  if (horizon === undefined) {
    if (r === 1) throw numError("retention 1 gives an infinite lifetime; give a finite horizon");
    return 1 / (1 - r);
  }
  const h = requireFinite(horizon, "horizon");
  if (!Number.isInteger(h) || h < 1) throw numError(`horizon must be a whole number ≥ 1 (got ${h})`);
  let sum = 0;
  for (let t = 0; t < h; t++) sum += r ** t;
  return sum;
}

/**
 * Break-even retention spend per customer for lifting retention from r to r′ (§12.2, source step 4):
 * m·[r′/(1+d−r′) − r/(1+d−r)].
 */
export function breakEvenRetentionSpend(margin: number, discountRate: number, retention: number, newRetention: number): number {
  const m = requireFinite(margin, "margin");
  return m * (marginMultiple(newRetention, discountRate) - marginMultiple(retention, discountRate));
}

export interface RetentionScenarioInput {
  margin: number;
  discountRate: number;
  retention: number;
  /** Retention lift Δr; default 0.05. */
  deltaRetention?: number;
  /** Annual margin growth g; default 0. */
  growth?: number;
  acqCost?: number;
  /** Finite horizon (whole number of periods); infinite when omitted. */
  periods?: number;
}

export interface RetentionScenario {
  /** V(r). */
  base: number;
  /** V(r + Δr). */
  improved: number;
  change: number;
  /** change / |base|; null when base is 0. */
  pctChange: number | null;
}

/**
 * The "5% more retention" scenario (§12.2): V(r) = Σ_{t≥1} m(1+g)^t r^t/(1+d)^t − AC against
 * V(r + Δr). A scenario, never a claim about profits (§12.2).
 */
export function retentionScenario(input: RetentionScenarioInput): RetentionScenario {
  const m = requireFinite(input.margin, "margin");
  const d = requireFinite(input.discountRate, "discountRate");
  const r = requireFinite(input.retention, "retention");
  const dr = requireFinite(input.deltaRetention ?? 0.05, "deltaRetention");
  const g = requireFinite(input.growth ?? 0, "growth");
  const ac = requireFinite(input.acqCost ?? 0, "acqCost");
  if (d <= -1) throw numError(`discountRate must be > −1 (got ${d})`);
  if (g <= -1) throw numError(`growth must be > −1 (got ${g})`);
  if (r < 0 || r > 1) throw numError(`retention must be between 0 and 1 (got ${r})`);
  if (r + dr < 0 || r + dr > 1) throw numError(`retention + deltaRetention must be between 0 and 1 (got ${r + dr})`);
  const periods = input.periods;
  if (periods !== undefined && !(Number.isInteger(periods) && periods >= 1)) {
    throw numError(`periods must be a whole number ≥ 1 (got ${periods})`);
  }
  const value = (rate: number): number => {
    const q = ((1 + g) * rate) / (1 + d);
    if (periods === undefined) {
      if (q >= 1) throw numError(`(1+g)·r/(1+d) = ${q} must be < 1 for an infinite horizon`);
      return (m * q) / (1 - q) - ac;
    }
    let sum = 0;
    for (let t = 1; t <= periods; t++) sum += q ** t;
    return m * sum - ac;
  };
  const base = value(r);
  const improved = value(r + dr);
  const change = improved - base;
  return { base, improved, change, pctChange: base === 0 ? null : change / Math.abs(base) };
}

function idSet(ids: readonly Cell[], ignoreCase: boolean): Set<string> {
  const set = new Set<string>();
  for (const raw of ids) {
    if (raw === null || raw === undefined) continue;
    let id = String(raw).trim();
    if (id === "") continue;
    if (ignoreCase) id = id.toLowerCase();
    set.add(id);
  }
  return set;
}
