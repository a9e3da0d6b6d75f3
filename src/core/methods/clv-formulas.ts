/**
 * Customer lifetime value formulas (METHODS.md §7.3, §7.5, §7.9): the retention-only closed form
 * (Gupta & Lehmann), Berger & Nasr case 1, and the sources' 4-step discounted profit stream.
 */
import { naError, numError, requireFinite, requireSameLength, valueError } from "../errors";

export type ClvModel = "GL" | "BN1";

export interface ClvInput {
  /** GL: margin per period, received at the end of each period survived. BN1: yearly gross contribution GC, received at the start of each year. */
  margin: number;
  /** Retention rate r, 0 ≤ r ≤ 1. */
  retention: number;
  /** Discount rate d > −1. */
  discountRate: number;
  /** Finite horizon N (whole number ≥ 1). GL: infinite when omitted. BN1: required (n). */
  periods?: number;
  /** Acquisition cost, subtracted from the result. */
  acqCost?: number;
  /** GL only: the current period's margin is also counted (the t = 0 term). */
  firstNow?: boolean;
  model?: ClvModel;
  /** BN1 only: promotion cost M per customer per year, spent mid-year. */
  promoCost?: number;
}

/**
 * `CRM.CLV`. GL (default): `m·r/(1+d−r)` for an infinite horizon, `Σ_{t=1}^{N} m·r^t/(1+d)^t` for N
 * periods; `firstNow` adds the t = 0 term m (infinite form `m·(1+d)/(1+d−r)`). BN1:
 * `GC·Σ_{i=0}^{n} r^i/(1+d)^i − M·Σ_{i=1}^{n} r^{i−1}/(1+d)^{i−0.5}`. Both minus `acqCost`.
 */
export function clvClosedForm(input: ClvInput): number {
  const m = requireFinite(input.margin, "margin");
  const r = requireFinite(input.retention, "retention");
  const d = requireFinite(input.discountRate, "discountRate");
  const ac = requireFinite(input.acqCost ?? 0, "acqCost");
  const promo = requireFinite(input.promoCost ?? 0, "promoCost");
  const model = input.model ?? "GL";
  if (r < 0 || r > 1) throw numError(`retention must be between 0 and 1 (got ${r})`);
  if (d <= -1) throw numError(`discountRate must be > −1 (got ${d})`);
  const periods = input.periods === undefined ? undefined : requirePeriods(input.periods);

  if (model === "BN1") {
    if (periods === undefined) throw numError("periods (n) is required for model BN1");
    if (input.firstNow) throw numError("firstNow does not apply to model BN1, whose contribution already comes at the start of each year");
    const q = r / (1 + d);
    let contribution = 0;
    for (let i = 0; i <= periods; i++) contribution += q ** i;
    let promotion = 0;
    for (let i = 1; i <= periods; i++) promotion += r ** (i - 1) / (1 + d) ** (i - 0.5);
    return m * contribution - promo * promotion - ac;
  }
  if (model !== "GL") throw valueError(`model must be GL or BN1 (got "${String(model)}")`);
  if (promo !== 0) throw numError("promoCost applies only to model BN1");

  const first = input.firstNow ? m : 0;
  if (periods === undefined) {
    if (r >= 1 + d) throw numError(`retention ${r} must be < 1 + discountRate (${1 + d}) for an infinite horizon`);
    return first + (m * r) / (1 + d - r) - ac;
  }
  const q = r / (1 + d);
  let sum = 0;
  for (let t = 1; t <= periods; t++) sum += q ** t;
  return first + m * sum - ac;
}

/** The margin multiple r/(1+d−r) of the infinite GL form. */
export function marginMultiple(retention: number, discountRate: number): number {
  return clvClosedForm({ margin: 1, retention, discountRate });
}

export type StreamTiming = "END" | "BEGIN";

/**
 * `CRM.CLVSTREAM`, the sources' 4-step method: `Σ_t profit_t·survival_t/(1+d)^{t or t−1} − ac` for
 * t = 1…T. Blank profits count as 0; a blank survival entry counts as 1 (as if the range were
 * omitted). END discounts period t by (1+d)^t, BEGIN by (1+d)^{t−1}.
 */
export function clvStream(
  profits: readonly (number | null | undefined)[],
  discountRate: number,
  survival?: readonly (number | null | undefined)[],
  timing: StreamTiming = "END",
  acqCost = 0,
): number {
  const d = requireFinite(discountRate, "discountRate");
  const ac = requireFinite(acqCost, "acqCost");
  if (d <= -1) throw numError(`discountRate must be > −1 (got ${d})`);
  if (timing !== "END" && timing !== "BEGIN") throw valueError(`timing must be END or BEGIN (got "${String(timing)}")`);
  if (survival) requireSameLength(profits, survival, "profits", "survival");
  const values = profits.map((p, i) => blankAs(p, 0, `profits period ${i + 1}`));
  if (profits.every((p) => isBlank(p))) throw naError("profits has no values");
  const shift = timing === "END" ? 0 : 1;
  let total = 0;
  values.forEach((profit, i) => {
    const s = survival ? blankAs(survival[i], 1, `survival period ${i + 1}`) : 1;
    if (s < 0 || s > 1) throw numError(`survival period ${i + 1} must be between 0 and 1 (got ${s})`);
    total += (profit * s) / (1 + d) ** (i + 1 - shift);
  });
  return total - ac;
}

function requirePeriods(periods: number): number {
  requireFinite(periods, "periods");
  if (!Number.isInteger(periods) || periods < 1) throw numError(`periods must be a whole number ≥ 1 (got ${periods})`);
  return periods;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function blankAs(v: number | null | undefined, fallback: number, name: string): number {
  return isBlank(v) ? fallback : requireFinite(v, name);
}
