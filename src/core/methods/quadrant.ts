/**
 * One 2×2 engine for every matrix of the spec (`CRM.QUADRANT`): the value matrix (§6.3), Marcus
 * (§6.2), the profitability matrix and Shapiro (§11.3), satisfaction × loyalty (§9.4), Dick–Basu
 * loyalty types (§9.2), importance–performance (§13.3) and a generic High/Low grid.
 *
 * Each axis is split at a threshold (MEDIAN, MEAN or a number). An axis is High when the value is
 * above the threshold: strictly (§1.4) unless the scheme's section says "≥" (SATLOY both axes,
 * LOYALTY repeat axis). The comparison belongs to the scheme's axis and applies to whatever
 * threshold is used, so `SATLOY` with a user threshold 4 still means "4 and above".
 */
import { naError, numError, requireSameLength, valueError } from "../errors";
import { labelColor, labelText, type LabelEntry } from "../report/labels";
import { allEqual, mean, median, roundTo, validateDecimals } from "../numeric";
import type { Lang } from "../types";

export type QuadrantScheme = "VALUE" | "PROFIT" | "SHAPIRO" | "SATLOY" | "LOYALTY" | "IPA" | "MARCUS" | "GENERIC";
export type Threshold = "MEDIAN" | "MEAN" | number;

export interface QuadrantOptions {
  /** x-axis threshold; the scheme's default when omitted. */
  xCut?: Threshold;
  /** y-axis threshold; the scheme's default when omitted. */
  yCut?: Threshold;
  /**
   * SATLOY: scale of the satisfaction axis (x), 5 (default) or 10. Scale thresholds: 5-point
   * High ⇔ ≥ 4 (TOPBOX ≥ 5), 10-point High ⇔ ≥ 8 (TOPBOX ≥ 9).
   */
  scale?: 5 | 10;
  /**
   * SATLOY: scale of the loyalty axis (y): 5 or 10 (repurchase intention, High ⇔ ≥ 4 / ≥ 8) or
   * 100 (loyalty index, High ⇔ ≥ 60). Defaults to `scale`.
   */
  loyaltyScale?: 5 | 10 | 100;
  /** SATLOY: only complete satisfaction (top box) counts as High on the satisfaction axis. */
  topBox?: boolean;
  /**
   * Round values to this many decimals before comparing (§1.3, for money axes). Default: values are
   * compared as given, since several schemes take ratios or survey means.
   */
  decimals?: number;
}

export type QuadrantCode = string;

export interface QuadrantSplit {
  /** One code per input row (a scheme code or UNCLASSIFIED); null where x or y is blank. */
  codes: (QuadrantCode | null)[];
  /** Thresholds actually used; null when a data-derived threshold was undefined (UNCLASSIFIED). */
  xCut: number | null;
  yCut: number | null;
}

type Compare = ">" | ">=";

interface SchemeDef {
  /** Codes for (x High, y High), (High, Low), (Low, High), (Low, Low). */
  codes: [string, string, string, string];
  xCompare: Compare;
  yCompare: Compare;
  xDefault: Threshold;
  yDefault: Threshold;
}

/** Generic High/Low grid labels (not in labels.json: they are not tied to any source matrix). */
export const GENERIC_LABELS: readonly LabelEntry[] = [
  { code: "HH", zh: "高高", en: "High-High", color: "#1B5E20" },
  { code: "HL", zh: "高低", en: "High-Low", color: "#F9A825" },
  { code: "LH", zh: "低高", en: "Low-High", color: "#0288D1" },
  { code: "LL", zh: "低低", en: "Low-Low", color: "#BDBDBD" },
];

const SCHEMES: Record<QuadrantScheme, SchemeDef> = {
  VALUE: { codes: ["VM_IV", "VM_III", "VM_II", "VM_I"], xCompare: ">", yCompare: ">", xDefault: "MEDIAN", yDefault: "MEDIAN" },
  // x = net sales value, y = cost to serve: high NSV with low cost is the one to protect.
  PROFIT: {
    codes: ["PM_COSTENG", "PM_PROTECT", "PM_DANGER", "PM_BUILD"],
    xCompare: ">",
    yCompare: ">",
    xDefault: "MEDIAN",
    yDefault: "MEDIAN",
  },
  SHAPIRO: {
    codes: ["SH_CARRIAGE", "SH_PASSIVE", "SH_AGGRESSIVE", "SH_BARGAIN"],
    xCompare: ">",
    yCompare: ">",
    xDefault: "MEDIAN",
    yDefault: "MEDIAN",
  },
  // Thresholds come from the scales (see scaleThresholds); these defaults are the 5-point ones.
  SATLOY: {
    codes: ["SL_LOYALIST", "SL_MERCENARY", "SL_HOSTAGE", "SL_DEFECTOR"],
    xCompare: ">=",
    yCompare: ">=",
    xDefault: 4,
    yDefault: 4,
  },
  LOYALTY: {
    codes: ["LOY_TRUE", "LOY_LATENT", "LOY_SPURIOUS", "LOY_NONE"],
    xCompare: ">",
    yCompare: ">=",
    xDefault: 3.5,
    yDefault: 4,
  },
  // x = importance, y = performance; Martilla & James split at the means.
  IPA: {
    codes: ["IPA_KEEP", "IPA_CONCENTRATE", "IPA_OVERKILL", "IPA_LOW"],
    xCompare: ">",
    yCompare: ">",
    xDefault: "MEAN",
    yDefault: "MEAN",
  },
  MARCUS: {
    codes: ["MC_BEST", "MC_FREQUENT", "MC_SPENDER", "MC_UNCERTAIN"],
    xCompare: ">",
    yCompare: ">",
    xDefault: "MEDIAN",
    yDefault: "MEDIAN",
  },
  GENERIC: { codes: ["HH", "HL", "LH", "LL"], xCompare: ">", yCompare: ">", xDefault: "MEDIAN", yDefault: "MEDIAN" },
};

const QUADRANT_SCHEMES = Object.keys(SCHEMES) as QuadrantScheme[];

/** The scheme's four codes in the order (High, High), (High, Low), (Low, High), (Low, Low) of (x, y). */
export function quadrantCodes(scheme: QuadrantScheme): readonly string[] {
  return schemeDef(scheme).codes;
}

/** Parses a scheme name case-insensitively; VALUE error for unknown names. */
export function parseQuadrantScheme(name: string): QuadrantScheme {
  const upper = name.trim().toUpperCase();
  if (!(upper in SCHEMES)) {
    throw valueError(`scheme must be one of ${QUADRANT_SCHEMES.join(", ")} (got "${name}")`);
  }
  return upper as QuadrantScheme;
}

/** Text of a quadrant code (or the status UNCLASSIFIED) in `lang`. */
export function quadrantLabel(scheme: QuadrantScheme, code: string, lang: Lang = "zh"): string {
  if (code === "UNCLASSIFIED") return labelText("STATUS", code, lang);
  if (scheme === "GENERIC") {
    const entry = genericEntry(code);
    if (lang === "zh") return entry.zh;
    if (lang === "en") return entry.en;
    return `${entry.zh} ${entry.en}`;
  }
  return labelText(scheme, code, lang);
}

/** Fill colour of a quadrant code (Appendix B; GENERIC_LABELS for the generic grid). */
export function quadrantColor(scheme: QuadrantScheme, code: string): string {
  if (code === "UNCLASSIFIED") return labelColor("STATUS", code);
  if (scheme === "GENERIC") return genericEntry(code).color;
  return labelColor(scheme, code);
}

/** Quadrant codes, one per row; null for rows where x or y is blank. */
export function quadrant(
  x: readonly (number | null | undefined)[],
  y: readonly (number | null | undefined)[],
  scheme: QuadrantScheme = "VALUE",
  opts: QuadrantOptions = {},
): (QuadrantCode | null)[] {
  return quadrantSplit(x, y, scheme, opts).codes;
}

/** Like `quadrant`, also returning the thresholds used (for chart lines). */
export function quadrantSplit(
  x: readonly (number | null | undefined)[],
  y: readonly (number | null | undefined)[],
  scheme: QuadrantScheme = "VALUE",
  opts: QuadrantOptions = {},
): QuadrantSplit {
  const def = schemeDef(scheme);
  requireSameLength(x, y, "x", "y");
  if (opts.decimals !== undefined) validateDecimals(opts.decimals);
  const xs = cleanAxis(x, "x", opts.decimals);
  const ys = cleanAxis(y, "y", opts.decimals);
  const complete = xs.some((v, i) => v !== null && ys[i] !== null);
  if (!complete) throw naError("x and y have no row where both values are present");

  let xDefault = def.xDefault;
  let yDefault = def.yDefault;
  if (scheme === "SATLOY") [xDefault, yDefault] = satloyThresholds(opts);
  const xRule = opts.xCut ?? xDefault;
  const yRule = opts.yCut ?? yDefault;

  if (scheme === "IPA") {
    for (const [values, rule, name] of [
      [xs, xRule, "importance"],
      [ys, yRule, "performance"],
    ] as const) {
      if (typeof rule !== "number" && values.filter((v) => v !== null).length < 2) {
        throw naError(`IPA needs at least 2 attributes with ${name} values for its ${rule} threshold`);
      }
    }
  }

  const xCut = threshold(xs, xRule, "xCut");
  const yCut = threshold(ys, yRule, "yCut");
  const codes = xs.map((xv, i): QuadrantCode | null => {
    const yv = ys[i];
    if (xv === null || yv === null) return null;
    if (xCut === null || yCut === null) return "UNCLASSIFIED";
    // §11.3: a customer with net returns (NSV ≤ 0) is never High on net sales value.
    const xHigh = scheme === "PROFIT" && xv <= 0 ? false : isHigh(xv, xCut, def.xCompare);
    const yHigh = isHigh(yv, yCut, def.yCompare);
    return def.codes[xHigh ? (yHigh ? 0 : 1) : yHigh ? 2 : 3];
  });
  return { codes, xCut, yCut };
}

function schemeDef(scheme: QuadrantScheme): SchemeDef {
  const def = SCHEMES[scheme];
  if (!def) throw valueError(`scheme must be one of ${QUADRANT_SCHEMES.join(", ")} (got "${String(scheme)}")`);
  return def;
}

function genericEntry(code: string): LabelEntry {
  const entry = GENERIC_LABELS.find((e) => e.code === code);
  if (!entry) throw valueError(`unknown GENERIC quadrant code "${code}"`);
  return entry;
}

function satloyThresholds(opts: QuadrantOptions): [number, number] {
  const scale = opts.scale ?? 5;
  if (scale !== 5 && scale !== 10) throw numError(`scale must be 5 or 10 (got ${String(scale)})`);
  const loyaltyScale = opts.loyaltyScale ?? scale;
  if (loyaltyScale !== 5 && loyaltyScale !== 10 && loyaltyScale !== 100) {
    throw numError(`loyaltyScale must be 5, 10 or 100 (got ${String(loyaltyScale)})`);
  }
  const sat = scale === 5 ? (opts.topBox ? 5 : 4) : opts.topBox ? 9 : 8;
  const loyalty = loyaltyScale === 5 ? 4 : loyaltyScale === 10 ? 8 : 60;
  return [sat, loyalty];
}

/** Blank (null, undefined, NaN) → null; other non-finite values or non-numbers → VALUE. */
function cleanAxis(values: readonly (number | null | undefined)[], name: string, decimals: number | undefined): (number | null)[] {
  return values.map((v, i) => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw valueError(`${name} row ${i + 1} must be a number (got ${String(v)})`);
    }
    return decimals === undefined ? v : roundTo(v, decimals);
  });
}

/** The threshold value, or null when a data-derived threshold is undefined (§1.4 zero-variance rule). */
function threshold(values: readonly (number | null)[], rule: Threshold, name: string): number | null {
  if (typeof rule === "number") {
    if (!Number.isFinite(rule)) throw valueError(`${name} must be MEDIAN, MEAN or a number (got ${rule})`);
    return rule;
  }
  if (rule !== "MEDIAN" && rule !== "MEAN") {
    throw valueError(`${name} must be MEDIAN, MEAN or a number (got ${String(rule)})`);
  }
  const valid = values.filter((v): v is number => v !== null);
  if (valid.length < 2 || allEqual(valid)) return null;
  return rule === "MEDIAN" ? median(valid) : mean(valid);
}

function isHigh(value: number, cut: number, compare: Compare): boolean {
  return compare === ">" ? value > cut : value >= cut;
}
