/**
 * Net Promoter Score (METHODS.md §9.5, Reichheld 2003): NPS = 100·(#promoters − #detractors)/#respondents
 * — percentages of respondents, not the sums of scores of the garbled source formula.
 */
import { naError, numError, requireFinite, valueError } from "../errors";
import { labelText } from "../report/labels";
import type { Lang } from "../types";

export type NpsClass = "PROMOTER" | "PASSIVE" | "DETRACTOR";

export interface NpsOptions {
  /** Lowest promoter score; default 9. */
  promoterMin?: number;
  /** Highest detractor score; default 6. */
  detractorMax?: number;
  /** Non-integer or out-of-range (outside 0–10) scores: ERROR (default) → NUM; IGNORE → skipped and counted. */
  invalid?: "ERROR" | "IGNORE";
}

export interface NpsSummary {
  /** −100 … 100. */
  nps: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Valid, non-blank scores. */
  respondents: number;
  /** Invalid scores skipped under IGNORE. */
  ignored: number;
}

/** `CRM.NPSCLASS` codes, one per score; null for blanks (and for invalid scores under IGNORE). */
export function npsClass(scores: readonly (number | null | undefined)[], opts: NpsOptions = {}): (NpsClass | null)[] {
  const { promoterMin, detractorMax } = thresholds(opts);
  const ignore = parseInvalid(opts.invalid);
  return scores.map((raw, i) => {
    if (raw === null || raw === undefined || (typeof raw === "number" && Number.isNaN(raw))) return null;
    const score = requireFinite(raw, `scores row ${i + 1}`);
    if (!Number.isInteger(score) || score < 0 || score > 10) {
      if (ignore) return null;
      throw numError(`scores row ${i + 1} must be a whole number from 0 to 10 (got ${score})`);
    }
    return score >= promoterMin ? "PROMOTER" : score <= detractorMax ? "DETRACTOR" : "PASSIVE";
  });
}

/** Counts and NPS of a list of scores. */
export function npsSummary(scores: readonly (number | null | undefined)[], opts: NpsOptions = {}): NpsSummary {
  const classes = npsClass(scores, opts);
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let blanks = 0;
  classes.forEach((c, i) => {
    if (c === "PROMOTER") promoters++;
    else if (c === "PASSIVE") passives++;
    else if (c === "DETRACTOR") detractors++;
    else if (isBlank(scores[i])) blanks++;
  });
  const respondents = promoters + passives + detractors;
  if (respondents === 0) throw naError("scores has no valid respondents");
  return {
    nps: (100 * (promoters - detractors)) / respondents,
    promoters,
    passives,
    detractors,
    respondents,
    ignored: scores.length - respondents - blanks,
  };
}

/** `CRM.NPS`: the score alone. */
export function nps(scores: readonly (number | null | undefined)[], opts: NpsOptions = {}): number {
  return npsSummary(scores, opts).nps;
}

export function npsLabel(code: NpsClass, lang: Lang = "zh"): string {
  return labelText("NPS", code, lang);
}

function thresholds(opts: NpsOptions): { promoterMin: number; detractorMax: number } {
  const promoterMin = requireFinite(opts.promoterMin ?? 9, "promoterMin");
  const detractorMax = requireFinite(opts.detractorMax ?? 6, "detractorMax");
  if (promoterMin < 0 || promoterMin > 10) throw numError(`promoterMin must be from 0 to 10 (got ${promoterMin})`);
  if (detractorMax < 0 || detractorMax > 10) throw numError(`detractorMax must be from 0 to 10 (got ${detractorMax})`);
  if (detractorMax >= promoterMin) {
    throw numError(`detractorMax (${detractorMax}) must be below promoterMin (${promoterMin})`);
  }
  return { promoterMin, detractorMax };
}

function parseInvalid(invalid: NpsOptions["invalid"]): boolean {
  if (invalid === undefined || invalid === "ERROR") return false;
  if (invalid === "IGNORE") return true;
  throw valueError(`invalid must be ERROR or IGNORE (got "${String(invalid)}")`);
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}
