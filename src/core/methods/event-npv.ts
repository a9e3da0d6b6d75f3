/**
 * Customer event prediction (METHODS.md §7.8, `CRM.EVENTNPV`): per customer
 * Σ_e prob_e·(rev_e − cost_e)/(1+d)^((date_e − asOf)/365), Excel XNPV's discounting with an annual
 * rate; asOf defaults to the earliest event date, XNPV's base date.
 */
import { naError, numError, requireFinite } from "../errors";

export interface PredictedEvent {
  customer: string;
  day: number;
  revenue: number;
  cost: number;
  /** Default 1. */
  probability?: number;
}

export interface EventNpvCustomer {
  id: string;
  npv: number;
  events: number;
  first: number;
  last: number;
}

/** One row per customer in order of first appearance. */
export function eventNpv(
  events: readonly PredictedEvent[],
  discountRate = 0.1,
  asOf?: number,
): { customers: EventNpvCustomer[]; asOf: number } {
  const d = requireFinite(discountRate, "discount_rate");
  if (d <= -1) throw numError(`discount_rate must be > −1 (got ${d})`);
  if (events.length === 0) throw naError("no events");
  let base = asOf;
  if (base === undefined) base = events.reduce((m, e) => Math.min(m, e.day), Infinity);
  requireFinite(base, "as_of");
  const byId = new Map<string, EventNpvCustomer>();
  for (const e of events) {
    const p = e.probability ?? 1;
    if (!(p >= 0 && p <= 1)) throw numError(`probability must be between 0 and 1 (got ${p})`);
    let c = byId.get(e.customer);
    if (!c) byId.set(e.customer, (c = { id: e.customer, npv: 0, events: 0, first: e.day, last: e.day }));
    c.npv += (p * (e.revenue - e.cost)) / (1 + d) ** ((e.day - base) / 365);
    c.events++;
    c.first = Math.min(c.first, e.day);
    c.last = Math.max(c.last, e.day);
  }
  return { customers: [...byId.values()], asOf: base };
}
