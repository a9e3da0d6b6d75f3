/**
 * ACURA next best action (METHODS.md §14.3, `CRM.ACURA`): acquire, cross-sell, up-sell, retain,
 * advocacy, first match wins. Segment and stage are codes (W11/CN8, LIFECYCLE) or their labels.
 */
import { median } from "../numeric";

export type AcuraCode = "ACURA_ACQUIRE" | "ACURA_CROSS" | "ACURA_UP" | "ACURA_RETAIN" | "ACURA_ADVOCACY";

export interface AcuraRow {
  /** W11 or CN8 code. */
  segment: string | null;
  /** LIFECYCLE code (DECLINE …); `lapsed` for the 流失 flag. */
  stage: string | null;
  lapsed?: boolean;
  purchases: number;
  categories?: number | null;
  aov?: number | null;
  nps?: number | null;
  referrals?: number | null;
}

const RETAIN_SEGMENTS = new Set(["AT_RISK", "CANT_LOSE", "ABOUT_TO_SLEEP", "HIBERNATING", "CN_IMP_KEEP", "CN_IMP_WINBACK"]);
const ADVOCACY_SEGMENTS = new Set(["CHAMPIONS", "LOYAL", "CN_IMP_VALUE"]);

/** Actions for all rows: the medians of rules 4 and 5 are over active customers (N ≥ 1) with the value. */
export function acura(rows: readonly AcuraRow[]): AcuraCode[] {
  const active = rows.filter((r) => r.purchases >= 1);
  const cats = active.map((r) => r.categories).filter((v): v is number => v != null);
  const aovs = active.map((r) => r.aov).filter((v): v is number => v != null);
  const catMedian = cats.length > 0 ? median(cats) : null;
  const aovMedian = aovs.length > 0 ? median(aovs) : null;
  return rows.map((r): AcuraCode => {
    const decline = r.stage === "DECLINE";
    if (r.purchases === 0 || (decline && r.lapsed)) return "ACURA_ACQUIRE";
    if ((r.segment !== null && RETAIN_SEGMENTS.has(r.segment)) || decline) return "ACURA_RETAIN";
    const noSurvey = r.nps == null && r.referrals == null;
    if (
      r.segment !== null &&
      ADVOCACY_SEGMENTS.has(r.segment) &&
      ((r.nps != null && r.nps >= 9) || (r.referrals != null && r.referrals >= 1) || noSurvey)
    ) {
      return "ACURA_ADVOCACY";
    }
    if (catMedian !== null && r.categories != null && r.categories < catMedian) return "ACURA_CROSS";
    if (aovMedian !== null && r.aov != null && r.aov < aovMedian) return "ACURA_UP";
    return "ACURA_CROSS";
  });
}
