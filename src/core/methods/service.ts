/**
 * Service management matrix (METHODS.md §13.3, `CRM.SERVICEGAP`): the service target corridor.
 * Importance and performance are normalised to [0, 1] by the scale; gap = P − I; beyond ± width
 * (given on the scale, so 0.5 on 1–5 is 0.125 normalised) is over- or under-performance.
 */
import { numError, requireFinite } from "../errors";

export type ServiceGapCode = "SG_OVER" | "SG_UNDER" | "SG_CORRIDOR";

export interface ServiceGapOptions {
  width?: number;
  scaleMin?: number;
  scaleMax?: number;
  /** Competitor performance Pc (§13.3 competitive variant): gap = P − Pc instead of P − I. */
  competitor?: readonly (number | null)[];
}

/** One code per row; null where importance or performance is blank. */
export function serviceGap(
  importance: readonly (number | null)[],
  performance: readonly (number | null)[],
  opts: ServiceGapOptions = {},
): (ServiceGapCode | null)[] {
  if (importance.length !== performance.length) throw numError("importance and performance must have the same length");
  const width = requireFinite(opts.width ?? 0.5, "width");
  const lo = requireFinite(opts.scaleMin ?? 1, "scale_min");
  const hi = requireFinite(opts.scaleMax ?? 5, "scale_max");
  if (width < 0) throw numError(`width must be ≥ 0 (got ${width})`);
  if (!(hi > lo)) throw numError(`scale_max (${hi}) must be above scale_min (${lo})`);
  const range = hi - lo;
  // Compare in scale units after normalising: rounding to 1e-9 keeps 3.6 − 4.1 = −0.5 on the boundary.
  const tolerance = 1e-9;
  return importance.map((I, i) => {
    const P = performance[i];
    if (I === null || P === null) return null;
    const base = opts.competitor ? opts.competitor[i] : I;
    if (base === null || base === undefined) return null;
    const gap = ((P - lo) / range - (base - lo) / range) * range;
    if (gap > width + tolerance) return "SG_OVER";
    if (gap < -width - tolerance) return "SG_UNDER";
    return "SG_CORRIDOR";
  });
}
