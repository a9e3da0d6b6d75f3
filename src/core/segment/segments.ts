/**
 * Named RFM segments: the W11 / W10 lookup grids (METHODS.md §2.8.1–2.8.2), the `rfm` package
 * v0.2.2 first-match table (§2.8.3, scheme RFMPKG) and the Chinese 8-class scheme CN8 (§2.7).
 */
import { numError, valueError } from "../errors";
import { labelEntry, type LabelEntry } from "../report/labels";
import { allEqual, roundTo, validateDecimals } from "../numeric";
import { scoreMetric } from "./rfm";
import type { Center, Lang, Scheme, StatusCode } from "../types";

/** Schemes that map scores alone to a segment (CN8 needs the whole population). */
export type ScoreScheme = "W11" | "W10" | "RFMPKG" | "NONE";

export const NO_PURCHASE: StatusCode = "NO_PURCHASE";
export const UNCLASSIFIED: StatusCode = "UNCLASSIFIED";

/**
 * The RFMPKG fallback class. labels.json has no entry for it, so its label lives here; the colour
 * is the neutral grey of the status labels.
 */
export const OTHERS_LABEL: LabelEntry = { code: "OTHERS", zh: "其他客户", en: "Others", color: "#EEEEEE" };

/** W11 grid, [R−1][x−1] (§2.8.2). W10 is the same with cell (1,1) Hibernating instead of Lost. */
const GRID: readonly (readonly string[])[] = [
  ["LOST", "HIBERNATING", "AT_RISK", "AT_RISK", "CANT_LOSE"],
  ["HIBERNATING", "HIBERNATING", "AT_RISK", "AT_RISK", "CANT_LOSE"],
  ["ABOUT_TO_SLEEP", "ABOUT_TO_SLEEP", "NEED_ATTENTION", "LOYAL", "LOYAL"],
  ["PROMISING", "POTENTIAL_LOYALIST", "POTENTIAL_LOYALIST", "LOYAL", "LOYAL"],
  ["NEW", "POTENTIAL_LOYALIST", "POTENTIAL_LOYALIST", "CHAMPIONS", "CHAMPIONS"],
];

/** W11 code for R score r and x = FM_bin (or F), both integers 1…5. */
export function w11Code(r: number, x: number): string {
  return GRID[r - 1][x - 1];
}

/** W10 code for R and F scores (M is not used). */
export function w10Code(r: number, f: number): string {
  return r === 1 && f === 1 ? "HIBERNATING" : GRID[r - 1][f - 1];
}

/** `rfm` v0.2.2 example bounds [code, rLo, rHi, fLo, fHi, mLo, mHi], applied in order, first match wins. */
const RFMPKG_RULES: readonly (readonly [string, number, number, number, number, number, number])[] = [
  ["CHAMPIONS", 4, 5, 4, 5, 4, 5],
  ["LOYAL", 2, 5, 3, 5, 3, 5],
  ["POTENTIAL_LOYALIST", 3, 5, 1, 3, 1, 3],
  ["NEW", 4, 5, 1, 1, 1, 1],
  ["PROMISING", 3, 4, 1, 1, 1, 1],
  ["NEED_ATTENTION", 2, 3, 2, 3, 2, 3],
  ["ABOUT_TO_SLEEP", 2, 3, 1, 2, 1, 2],
  ["AT_RISK", 1, 2, 2, 5, 2, 5],
  ["CANT_LOSE", 1, 1, 4, 5, 4, 5],
  ["LOST", 1, 2, 1, 2, 1, 2],
];

/** RFMPKG code; "OTHERS" when no rule matches. */
export function rfmPkgCode(r: number, f: number, m: number): string {
  for (const [code, rLo, rHi, fLo, fHi, mLo, mHi] of RFMPKG_RULES) {
    if (r >= rLo && r <= rHi && f >= fLo && f <= fHi && m >= mLo && m <= mHi) return code;
  }
  return OTHERS_LABEL.code;
}

function checkScore(s: number, name: string): void {
  if (!Number.isInteger(s) || s < 1 || s > 5) throw numError(`${name} score must be an integer from 1 to 5 (got ${String(s)})`);
}

/**
 * CRM.RFMSEGMENT: the segment code for one customer's 1–5 scores. x-axis of W11 = FM_bin (default)
 * or F; W10 always uses F; NONE gives "".
 */
export function segmentFromScores(r: number, f: number, m: number, scheme: ScoreScheme = "W11", xAxis: "FM" | "F" = "FM"): string {
  checkScore(r, "R");
  checkScore(f, "F");
  checkScore(m, "M");
  switch (scheme) {
    case "W11":
      return w11Code(r, xAxis === "F" ? f : Math.floor((f + m) / 2 + 0.5));
    case "W10":
      return w10Code(r, f);
    case "RFMPKG":
      return rfmPkgCode(r, f, m);
    case "NONE":
      return "";
    default:
      throw numError(`scheme must be W11, W10, CN8, RFMPKG or NONE (got ${String(scheme)})`);
  }
}

/** The codes of a headline scheme in label order (W10 never yields LOST). */
export function schemeCodes(scheme: Scheme): string[] {
  const codes = [
    "CHAMPIONS",
    "LOYAL",
    "POTENTIAL_LOYALIST",
    "NEW",
    "PROMISING",
    "NEED_ATTENTION",
    "ABOUT_TO_SLEEP",
    "AT_RISK",
    "CANT_LOSE",
    "HIBERNATING",
    "LOST",
  ];
  if (scheme === "W11") return codes;
  if (scheme === "W10") return codes.slice(0, -1);
  return [
    "CN_IMP_VALUE",
    "CN_IMP_DEVELOP",
    "CN_IMP_KEEP",
    "CN_IMP_WINBACK",
    "CN_GEN_VALUE",
    "CN_GEN_DEVELOP",
    "CN_GEN_KEEP",
    "CN_GEN_WINBACK",
  ];
}

/** Label of any segment or status code this module produces (W11/W10, RFMPKG, CN8, status). */
export function segmentLabel(code: string): LabelEntry {
  if (code === OTHERS_LABEL.code) return OTHERS_LABEL;
  if (code === NO_PURCHASE || code === UNCLASSIFIED) return labelEntry("STATUS", code);
  return labelEntry(code.startsWith("CN_") ? "CN8" : "W11", code);
}

/** Text of a segment or status code in `lang`. */
export function segmentText(code: string, lang: Lang): string {
  if (code === "") return "";
  const e = segmentLabel(code);
  return lang === "zh" ? e.zh : lang === "en" ? e.en : `${e.zh} ${e.en}`;
}

/* ---------------------------------------------------------------------------------------------
 * CN8 (§2.7)
 * ------------------------------------------------------------------------------------------- */

const CN8_BY_FLAGS = [
  "CN_GEN_WINBACK", // R low, F low, M low
  "CN_GEN_DEVELOP", // R high
  "CN_GEN_KEEP", // F high
  "CN_GEN_VALUE", // R, F high
  "CN_IMP_WINBACK", // M high
  "CN_IMP_DEVELOP", // R, M high
  "CN_IMP_KEEP", // F, M high
  "CN_IMP_VALUE", // all high
];

/** CN8 code from the three High flags. */
function cn8Code(rHigh: boolean, fHigh: boolean, mHigh: boolean): string {
  return CN8_BY_FLAGS[(rHigh ? 1 : 0) + (fHigh ? 2 : 0) + (mHigh ? 4 : 0)];
}

const SAFE = 2 ** 53;

/**
 * High flags of one axis. A data-derived centre is compared exactly: values are scaled to integers
 * at `decimals` and the centre kept as the fraction num/den (MEAN: Σ/n, MEDIAN: (a+b)/2), so a value
 * equal to the mean is Low even when the float mean carries noise. null when the split is undefined
 * (fewer than 2 values or zero variance).
 */
function splitAxis(
  values: ArrayLike<number>,
  center: "MEAN" | "MEDIAN" | number,
  lowerIsBetter: boolean,
  decimals: number,
): { high: Uint8Array; center: number } | null {
  const n = values.length;
  const high = new Uint8Array(n);
  if (typeof center === "number") {
    for (let i = 0; i < n; i++) high[i] = (lowerIsBetter ? values[i] < center : values[i] > center) ? 1 : 0;
    return { high, center };
  }
  if (n < 2 || allEqual(values)) return null;
  const p = 10 ** decimals;
  const scaled = new Float64Array(n);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = Math.round(values[i] * p);
    maxAbs = Math.max(maxAbs, Math.abs(scaled[i]));
  }
  let num: number;
  let den: number;
  if (center === "MEAN") {
    num = 0;
    for (let i = 0; i < n; i++) num += scaled[i];
    den = n;
  } else {
    const s = Float64Array.from(scaled).sort();
    const h = n >> 1;
    num = n % 2 === 1 ? 2 * s[h] : s[h - 1] + s[h];
    den = 2;
  }
  const exact = maxAbs * n < SAFE;
  const c = num / den;
  for (let i = 0; i < n; i++) {
    const lhs = exact ? scaled[i] * den : scaled[i];
    const rhs = exact ? num : c;
    high[i] = (lowerIsBetter ? lhs < rhs : lhs > rhs) ? 1 : 0;
  }
  return { high, center: c / p };
}

export interface Cn8Core {
  /** One code per input customer (a CN8 code, or UNCLASSIFIED for every customer). */
  codes: string[];
  /** Centres used (mean scores for SCOREMEAN); null for an undefined axis. */
  centers: { r: number | null; f: number | null; m: number | null };
  /** Axes without variation (their split is undefined). */
  undefinedAxes: ("R" | "F" | "M")[];
}

/**
 * CN8 over customers with N ≥ 1, all values valid and rounded. SCOREMEAN compares the 1–k scores in
 * `scores` (R already reversed, so higher is better) with their mean. Negative M is always M Low.
 */
export function cn8Core(
  recency: ArrayLike<number>,
  frequency: ArrayLike<number>,
  monetary: ArrayLike<number>,
  center: Center,
  decimals: number,
  scores?: { r: ArrayLike<number>; f: ArrayLike<number>; m: ArrayLike<number> },
): Cn8Core {
  const n = recency.length;
  let axes: [ReturnType<typeof splitAxis>, ReturnType<typeof splitAxis>, ReturnType<typeof splitAxis>];
  if (Array.isArray(center)) {
    axes = [
      splitAxis(recency, center[0], true, decimals),
      splitAxis(frequency, center[1], false, decimals),
      splitAxis(monetary, center[2], false, decimals),
    ];
  } else if (center === "SCOREMEAN") {
    if (!scores) throw valueError("SCOREMEAN needs the R, F and M scores");
    const raw = [recency, frequency, monetary];
    axes = [scores.r, scores.f, scores.m].map((s, i) => (allEqual(raw[i]) ? null : splitAxis(s, "MEAN", false, 0))) as typeof axes;
  } else {
    axes = [
      splitAxis(recency, center, true, decimals),
      splitAxis(frequency, center, false, decimals),
      splitAxis(monetary, center, false, decimals),
    ];
  }
  const names = ["R", "F", "M"] as const;
  const undefinedAxes = names.filter((_, i) => axes[i] === null);
  const centers = { r: axes[0]?.center ?? null, f: axes[1]?.center ?? null, m: axes[2]?.center ?? null };
  const codes: string[] = new Array(n);
  const [ra, fa, ma] = axes;
  if (!ra || !fa || !ma) {
    codes.fill(UNCLASSIFIED);
  } else {
    for (let i = 0; i < n; i++) {
      codes[i] = cn8Code(ra.high[i] === 1, fa.high[i] === 1, ma.high[i] === 1 && monetary[i] >= 0);
    }
  }
  return { codes, centers, undefinedAxes };
}

function isNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Throws NUM unless `center` is MEAN, MEDIAN, SCOREMEAN or three finite numbers. */
export function validateCenter(center: Center): Center {
  if (Array.isArray(center)) {
    if (center.length !== 3 || !center.every(isNumber))
      throw numError("center thresholds must be three numbers: recency days, frequency, monetary");
    return [center[0], center[1], center[2]];
  }
  const c = String(center).toUpperCase();
  if (c !== "MEAN" && c !== "MEDIAN" && c !== "SCOREMEAN")
    throw numError(`center must be MEAN, MEDIAN, SCOREMEAN or three thresholds (got ${String(center)})`);
  return c;
}

/**
 * CRM.RFMCN on precomputed metrics, aligned with the input: a CN8 code, NO_PURCHASE where
 * frequency ≤ 0, UNCLASSIFIED for everyone when a data-derived split has no variation, and null
 * where any of the three values is missing. SCOREMEAN scores with QUANTILE, k = 5. Monetary is
 * rounded to `decimals` (default 2) before the comparison.
 */
export function cn8Analyze(
  recency: readonly (number | null)[],
  frequency: readonly (number | null)[],
  monetary: readonly (number | null)[],
  center: Center = "MEAN",
  decimals = 2,
): { codes: (string | null)[]; centers: Cn8Core["centers"]; undefinedAxes: Cn8Core["undefinedAxes"] } {
  if (recency.length !== frequency.length || recency.length !== monetary.length) {
    throw valueError(
      `recency, frequency and monetary must have the same length (${recency.length}, ${frequency.length}, ${monetary.length})`,
    );
  }
  const c = validateCenter(center);
  validateDecimals(decimals);
  const codes: (string | null)[] = recency.map(() => null);
  const pos: number[] = [];
  const r: number[] = [];
  const f: number[] = [];
  const m: number[] = [];
  recency.forEach((rv, i) => {
    const fv = frequency[i];
    const mv = monetary[i];
    if (!isNumber(rv) || !isNumber(fv) || !isNumber(mv)) return;
    if (fv <= 0) {
      codes[i] = NO_PURCHASE;
      return;
    }
    pos.push(i);
    r.push(roundTo(rv, decimals));
    f.push(roundTo(fv, decimals));
    m.push(roundTo(mv, decimals));
  });
  const scores =
    c === "SCOREMEAN"
      ? { r: scoreMetric(r, 5, "QUANTILE", true), f: scoreMetric(f, 5, "QUANTILE", false), m: scoreMetric(m, 5, "QUANTILE", false) }
      : undefined;
  const core = cn8Core(r, f, m, c, decimals, scores);
  pos.forEach((p, i) => (codes[p] = core.codes[i]));
  return { codes, centers: core.centers, undefinedAxes: core.undefinedAxes };
}

/** The codes of cn8Analyze. */
export function cn8Classify(
  recency: readonly (number | null)[],
  frequency: readonly (number | null)[],
  monetary: readonly (number | null)[],
  center: Center = "MEAN",
  decimals = 2,
): (string | null)[] {
  return cn8Analyze(recency, frequency, monetary, center, decimals).codes;
}
