/** The migration analysis's options form: defaults, checks per field and the request options (METHODS §7.7). */
import type { MigrationOptions } from "../../excel/types";
import type { MigrationPeriod, MigrationStrings } from "./i18n-migration";

export interface MigrationForm {
  period: MigrationPeriod;
  probsSource: "estimate" | "typed";
  states: string;
  probs: string;
  marginSource: "data" | "typed";
  /** Percent of spend. */
  marginPct: string;
  margin: string;
  contactCost: string;
  /** Percent per period. */
  rate: string;
  /** Blank = infinite. */
  horizon: string;
}

/** METHODS §7.7: quarters, four states, rate 10 % per period; no margin or cost is invented. */
export const DEFAULT_MIGRATION: MigrationForm = {
  period: "QUARTER",
  probsSource: "estimate",
  states: "4",
  probs: "",
  marginSource: "data",
  marginPct: "100",
  margin: "",
  contactCost: "0",
  rate: "10",
  horizon: "",
};

export type MigrationField = "states" | "probs" | "marginPct" | "margin" | "contactCost" | "rate" | "horizon";

const MAX_STATES = 8;
const number = (text: string) => (text.trim() === "" ? NaN : Number(text.trim()));
const list = (text: string) =>
  text
    .split(/[,;\s]+/)
    .filter((part) => part !== "")
    .map(Number);

export function migrationProblems(f: MigrationForm, t: MigrationStrings): Partial<Record<MigrationField, string>> {
  const out: Partial<Record<MigrationField, string>> = {};
  const states = number(f.states);
  if (f.probsSource === "estimate" && !(Number.isInteger(states) && states >= 1 && states <= MAX_STATES)) out.states = t.statesInvalid;
  const probs = list(f.probs);
  if (f.probsSource === "typed" && (probs.length === 0 || probs.length > MAX_STATES || probs.some((p) => !(p >= 0 && p <= 1))))
    out.probs = t.probsInvalid;
  if (f.marginSource === "data" && !Number.isFinite(number(f.marginPct))) out.marginPct = t.numberInvalid;
  if (f.marginSource === "typed" && !Number.isFinite(number(f.margin))) out.margin = t.numberInvalid;
  if (!Number.isFinite(number(f.contactCost))) out.contactCost = t.numberInvalid;
  if (!(number(f.rate) > -100)) out.rate = t.rateInvalid;
  const horizon = number(f.horizon);
  if (f.horizon.trim() !== "" && !(Number.isInteger(horizon) && horizon >= 0)) out.horizon = t.horizonInvalid;
  return out;
}

export function migrationOptions(f: MigrationForm): MigrationOptions {
  const typed = f.probsSource === "typed";
  return {
    period: f.period,
    states: typed ? undefined : number(f.states),
    probs: typed ? list(f.probs) : undefined,
    margin: f.marginSource === "typed" ? number(f.margin) : undefined,
    marginPct: f.marginSource === "data" ? number(f.marginPct) / 100 : undefined,
    contactCost: number(f.contactCost),
    discountRate: number(f.rate) / 100,
    horizon: f.horizon.trim() === "" ? undefined : number(f.horizon),
  };
}
