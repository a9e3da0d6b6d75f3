/**
 * `crm-segments sql segment`: one statement computing what `segment --csv` writes, where the data
 * live. The summary is summary-sql.ts; on top of it, over the customers with a purchase:
 * - R, F, M scores 1–5 (METHODS.md §2.5): bin = 1 + #{j : x > PERCENTILE.INC(j/5)}, compared with
 *   the value at the exact percentile position (see quintiles), so ties share a score; R reversed
 *   (fewer days is better);
 * - W11 / W10 from the 5 × 5 grids (§2.8), CN8 from the mean or median split (§2.7), compared
 *   exactly (x·n against Σx);
 * - ABC (§3.4, VALUE mode): class by the share of the positive total held by the customers with a
 *   strictly larger value (the cumulative share before the customer's tie group); values ≤ 0 are C;
 * - pyramid (§5.3): tier by the rank of the value's tie group against ⌈1%·n⌉, ⌈5%·n⌉, ⌈20%·n⌉.
 * Customers without a purchase: NO_PURCHASE, ABC C, no scores and no tier.
 */
import { labelText } from "../report/labels";
import { schemeCodes } from "../segment/segments";
import type { OutputLang, Scheme } from "../types";
import { ceilShareSql, dialectTypes, numberLiteral, quoteText } from "./dialect";
import { summaryCtes, type SummarySqlOptions } from "./summary-sql";

export interface SegmentSqlOptions extends SummarySqlOptions {
  scheme?: Scheme;
  center?: "MEAN" | "MEDIAN";
  abcCuts?: readonly [number, number];
  pyramidCuts?: readonly [number, number, number];
  lang?: OutputLang;
}

/** The W11 grid [R−1][x−1] of core/segment/segments.ts. */
const GRID = [
  ["LOST", "HIBERNATING", "AT_RISK", "AT_RISK", "CANT_LOSE"],
  ["HIBERNATING", "HIBERNATING", "AT_RISK", "AT_RISK", "CANT_LOSE"],
  ["ABOUT_TO_SLEEP", "ABOUT_TO_SLEEP", "NEED_ATTENTION", "LOYAL", "LOYAL"],
  ["PROMISING", "POTENTIAL_LOYALIST", "POTENTIAL_LOYALIST", "LOYAL", "LOYAL"],
  ["NEW", "POTENTIAL_LOYALIST", "POTENTIAL_LOYALIST", "CHAMPIONS", "CHAMPIONS"],
];

/** FM_bin = ROUND_HALF_UP((F + M) / 2) (§2.6), the W11 x-axis. */
const FM_BIN = "CAST(FLOOR((sc.f + sc.m + 1) / 2.0) AS INTEGER)";

function gridCase(r: string, x: string, w10: boolean): string {
  const arms: string[] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      const code = w10 && i === 0 && j === 0 ? "HIBERNATING" : GRID[i][j];
      arms.push(`WHEN ${r} = ${i + 1} AND ${x} = ${j + 1} THEN '${code}'`);
    }
  }
  return `CASE ${arms.join(" ")} END`;
}

/** 1 + #{j : x > q_j} over the four quintile cuts named prefix1…prefix4. */
function binSql(x: string, prefix: string): string {
  return `(1 + ${[1, 2, 3, 4].map((j) => `(CASE WHEN ${x} > st.${prefix}${j} THEN 1 ELSE 0 END)`).join(" + ")})`;
}

/**
 * The k−1 = 4 cut points of one metric, as value at the exact PERCENTILE.INC position
 * ⌊j(n−1)/5⌋ (0-based, in ascending order; core/segment/rfm.ts): for a value of the list, x > PERCENTILE.INC
 * ⇔ x > that value. PERCENTILE_CONT is not used: DuckDB's interpolation between two equal values
 * 99.99 and 99.99 gives 99.98999999999998, which would lift 99.99 a score.
 */
function quintiles(x: string, pos: string, prefix: string): string {
  return [1, 2, 3, 4].map((j) => `MAX(CASE WHEN ${pos} = FLOOR(${j} * (n - 1) / 5.0) THEN ${x} END) AS ${prefix}${j}`).join(",\n         ");
}

/** Twice the median (the sum of the two middle values, or twice the middle one), exactly. */
function twiceMedian(x: string, pos: string): string {
  return `MAX(CASE WHEN ${pos} = FLOOR((n - 1) / 2.0) THEN ${x} END) + MAX(CASE WHEN ${pos} = CEIL((n - 1) / 2.0) THEN ${x} END)`;
}

/** CN8 high flags: the exact comparison with the mean (x·n vs Σx) or the median. */
function cn8Case(center: "MEAN" | "MEDIAN"): string {
  const high =
    center === "MEAN"
      ? { r: "sc.rec * sc.n < sc.sum_rec", f: "sc.freq * sc.n > sc.sum_freq", m: "sc.mon * sc.n > sc.sum_mon" }
      : { r: "2 * sc.rec < sc.med2_rec", f: "2 * sc.freq > sc.med2_freq", m: "2 * sc.mon > sc.med2_mon" };
  const flags = `(CASE WHEN ${high.r} THEN 1 ELSE 0 END) + (CASE WHEN ${high.f} THEN 2 ELSE 0 END) + (CASE WHEN ${high.m} AND sc.mon >= 0 THEN 4 ELSE 0 END)`;
  const codes = [
    "CN_GEN_WINBACK",
    "CN_GEN_DEVELOP",
    "CN_GEN_KEEP",
    "CN_GEN_VALUE",
    "CN_IMP_WINBACK",
    "CN_IMP_DEVELOP",
    "CN_IMP_KEEP",
    "CN_IMP_VALUE",
  ];
  const undefinedSplit = "sc.n < 2 OR sc.min_rec = sc.max_rec OR sc.min_freq = sc.max_freq OR sc.min_mon = sc.max_mon";
  return `CASE WHEN ${undefinedSplit} THEN 'UNCLASSIFIED' ELSE CASE ${flags} ${codes.map((code, i) => `WHEN ${i} THEN '${code}'`).join(" ")} END END`;
}

/** CASE code → label text in `lang` for every code the scheme can give. */
function labelCase(code: string, scheme: Scheme, lang: OutputLang): string {
  const set = scheme === "CN8" ? "CN8" : "W11";
  const arms = schemeCodes(scheme).map((c) => `WHEN '${c}' THEN ${quoteText(labelText(set, c, lang))}`);
  for (const status of ["NO_PURCHASE", "UNCLASSIFIED"]) arms.push(`WHEN '${status}' THEN ${quoteText(labelText("STATUS", status, lang))}`);
  return `CASE ${code} ${arms.join(" ")} END`;
}

/** `target − |target|·1e-12` of core/segment/abc.ts shareBelow, in cents. */
function shareBelowSql(before: string, total: string, cut: number, double: string): string {
  const target = `(${numberLiteral(cut)} * CAST(${total} * 100 AS ${double}))`;
  return `CAST(${before} * 100 AS ${double}) < ${target} - ABS(${target}) * 1e-12`;
}

export function segmentSql(opts: SegmentSqlOptions): string {
  const { double } = dialectTypes(opts.dialect);
  const scheme = opts.scheme ?? "W11";
  const center = opts.center ?? "MEAN";
  const [abcA, abcB] = opts.abcCuts ?? [0.8, 0.95];
  const pyr = opts.pyramidCuts ?? [0.01, 0.05, 0.2];
  const lang = opts.lang ?? "en";
  const segment = scheme === "W11" ? gridCase("sc.r", FM_BIN, false) : scheme === "W10" ? gridCase("sc.r", "sc.f", true) : cn8Case(center);
  const tier = (t: number) => ceilShareSql(pyr[t], "sc.n", opts.dialect);
  return `WITH ${summaryCtes(opts)},
active AS (
  SELECT s.customer_id, CAST(p.as_of - s.last_day AS BIGINT) AS rec, s.purchases AS freq, s.monetary AS mon
  FROM summary s CROSS JOIN params p
  WHERE s.purchases > 0
),
ranked AS (
  SELECT rec, freq, mon, COUNT(*) OVER () AS n,
         ROW_NUMBER() OVER (ORDER BY rec) - 1 AS pos_rec,
         ROW_NUMBER() OVER (ORDER BY freq) - 1 AS pos_freq,
         ROW_NUMBER() OVER (ORDER BY mon) - 1 AS pos_mon
  FROM active
),
stats AS (
  SELECT COUNT(*) AS n,
         ${quintiles("rec", "pos_rec", "r")},
         ${quintiles("freq", "pos_freq", "f")},
         ${quintiles("mon", "pos_mon", "m")},
         SUM(rec) AS sum_rec, SUM(freq) AS sum_freq, SUM(mon) AS sum_mon,
         MIN(rec) AS min_rec, MAX(rec) AS max_rec, MIN(freq) AS min_freq, MAX(freq) AS max_freq, MIN(mon) AS min_mon, MAX(mon) AS max_mon,
         ${twiceMedian("rec", "pos_rec")} AS med2_rec,
         ${twiceMedian("freq", "pos_freq")} AS med2_freq,
         ${twiceMedian("mon", "pos_mon")} AS med2_mon,
         SUM(CASE WHEN mon > 0 THEN mon ELSE 0 END) AS positive_total
  FROM ranked
),
value_groups AS (
  SELECT mon, SUM(mon * cnt) OVER (ORDER BY mon DESC ROWS UNBOUNDED PRECEDING) - mon * cnt AS before
  FROM (SELECT mon, COUNT(*) AS cnt FROM active WHERE mon > 0 GROUP BY mon) g
),
scored AS (
  SELECT a.customer_id, a.rec, a.freq, a.mon,
         6 - ${binSql("a.rec", "r")} AS r,
         ${binSql("a.freq", "f")} AS f,
         ${binSql("a.mon", "m")} AS m,
         CASE WHEN a.mon <= 0 THEN 'C'
              WHEN ${shareBelowSql("vg.before", "st.positive_total", abcA, double)} THEN 'A'
              WHEN ${shareBelowSql("vg.before", "st.positive_total", abcB, double)} THEN 'B'
              ELSE 'C' END AS abc,
         RANK() OVER (ORDER BY a.mon DESC) AS value_rank,
         st.n, st.sum_rec, st.sum_freq, st.sum_mon, st.min_rec, st.max_rec, st.min_freq, st.max_freq, st.min_mon, st.max_mon,
         st.med2_rec, st.med2_freq, st.med2_mon
  FROM active a CROSS JOIN stats st
  LEFT JOIN value_groups vg ON vg.mon = a.mon
),
classed AS (
  SELECT sc.customer_id, sc.r, sc.f, sc.m, sc.abc,
         ${segment} AS segment_code,
         CASE WHEN sc.value_rank <= ${tier(0)} THEN 'T1'
              WHEN sc.value_rank <= ${tier(1)} THEN 'T2'
              WHEN sc.value_rank <= ${tier(2)} THEN 'T3'
              ELSE 'T4' END AS pyramid_tier
  FROM scored sc
)
SELECT s.customer_id,
       s.first_day AS first_purchase,
       s.last_day AS last_purchase,
       s.orders,
       CAST(p.as_of - s.last_day AS BIGINT) AS recency_days,
       s.purchases AS frequency,
       s.monetary,
       c.r AS r_score, c.f AS f_score, c.m AS m_score,
       100 * c.r + 10 * c.f + c.m AS rfm_code,
       COALESCE(c.segment_code, 'NO_PURCHASE') AS segment_code,
       ${labelCase("COALESCE(c.segment_code, 'NO_PURCHASE')", scheme, lang)} AS segment,
       COALESCE(c.abc, 'NO_PURCHASE') AS abc_class,
       COALESCE(c.pyramid_tier, 'NO_PURCHASE') AS pyramid_tier
FROM summary s CROSS JOIN params p
LEFT JOIN classed c ON c.customer_id = s.customer_id
ORDER BY s.customer_id`;
}
