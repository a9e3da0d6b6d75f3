/// <reference types="custom-functions-runtime" />
/**
 * Custom functions for the methods beyond RFM, ABC and CLV (METHODS.md §15.2 and §7.4): loyalty
 * index and ladder, ACURA, service corridor, two-dimensional grading, Dwyer migration, event NPV
 * and CLV components. Thin wrappers as in rfm.ts: coerce → core → values or an Excel error.
 * The metadata plugin reads this file's JSDoc too (webpack.config.js); zh-cn.json translates it.
 */
import { naError, valueError } from "../core/errors";
import { labelSet, labelText, type LabelSet } from "../core/report/labels";
import { acura, type AcuraRow } from "../core/methods/acura";
import { clvParts } from "../core/methods/clv-parts";
import { eventNpv, type PredictedEvent } from "../core/methods/event-npv";
import { grade2d } from "../core/methods/grade2d";
import { ladder, loyaltyIndex, type LoyaltyNormalize } from "../core/methods/loyalty";
import { serviceGap } from "../core/methods/service";
import { migrationValues } from "../core/methods/migration";
import type { Cell, Lang, OutputLang } from "../core/types";
import {
  alignedNumbers,
  alignedOutput,
  cells,
  column,
  isBlank,
  isOmitted,
  matrix as matrixCells,
  numberList,
  numberOrBlank,
  optionalBoolean,
  optionalChoice,
  optionalDay,
  optionalInteger,
  optionalLang,
  optionalNumber,
  requiredNumber,
  spill,
  toExcelError,
  vector,
} from "./coerce";
import { idCellsByKey, readTransactions } from "./transactions";

type Aligned = ReturnType<typeof alignedNumbers>;

/** An optional aligned range: all blank when omitted. */
function optionalAligned(range: unknown, name: string, n: number): Aligned {
  if (isOmitted(range)) return { values: new Array<number | null>(n).fill(null), errors: new Array(n) };
  return alignedNumbers(range, name, n);
}

/**
 * Index (0–100) of loyalty per customer from indicator columns: each normalised to 0–1, reversed where the direction is −1, weighted (weights renormalised over the indicators a customer has; blank when over half the weight is missing).
 * @customfunction LOYALTYINDEX
 * @param indicators One row per customer, one column per indicator (e.g. A11…A34); blanks are missing.
 * @param weights One weight per indicator column (e.g. AHP global weights).
 * @param [directions] 1 or −1 per indicator (−1 for price sensitivity); default all 1.
 * @param [normalize] MINMAX (default), PCT (PERCENTRANK.INC) or ZSCORE (normal CDF of the z-score).
 * @returns Loyalty index 0–100 per row.
 */
export function loyaltyindex(indicators: any[][], weights: any[][], directions?: any[][], normalize?: any): any[][] {
  return spill(() => {
    const rows = matrixCells(indicators, "indicators");
    const w = numberList(weights, "weights");
    const dirs = isOmitted(directions) ? undefined : numberList(directions, "directions");
    const how = optionalChoice<LoyaltyNormalize>(normalize, "normalize", ["MINMAX", "PCT", "ZSCORE"], "MINMAX");
    const errors: (CustomFunctions.Error | undefined)[] = new Array(rows.length);
    const blankRow = rows.map((row) => row.every(isBlank));
    const values = rows.map((row, i) =>
      row.map((cell, j) => {
        try {
          return numberOrBlank(cell, `indicators row ${i + 1} column ${j + 1}`);
        } catch (error) {
          errors[i] ??= toExcelError(error);
          return null;
        }
      }),
    );
    const index = loyaltyIndex(values, w, { directions: dirs, normalize: how });
    return alignedOutput(rows.length, [errors], (i) => (blankRow[i] || index[i] === null ? "" : index[i]));
  });
}

/**
 * Loyalty ladder rung per customer (潜在顾客 prospect … 伙伴 partner, 沉寂客户 dormant); without NPS, loyalty index or referrals it stops at 客户 client.
 * @customfunction LADDER
 * @param n_purchases Number of purchases N per customer.
 * @param [nps] NPS score 0–10 per customer.
 * @param [loyalty_index] Loyalty index 0–100 per customer.
 * @param [referrals] Referrals per customer.
 * @param [partner] TRUE for contract or strategic accounts.
 * @param [recency_days] Days since the last purchase.
 * @param [hiatus_days] Days without a purchase that make a buyer dormant (default 180).
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns Ladder label per row.
 */
export function ladderLabel(
  n_purchases: any[][],
  nps?: any[][],
  loyalty_index?: any[][],
  referrals?: any[][],
  partner?: any[][],
  recency_days?: any[][],
  hiatus_days?: any,
  lang?: any,
): any[][] {
  return spill(() => {
    const language = optionalLang(lang);
    const H = optionalNumber(hiatus_days, "hiatus_days", 180);
    const n = alignedNumbers(n_purchases, "n_purchases");
    const len = n.values.length;
    const scores = optionalAligned(nps, "nps", len);
    const loyalty = optionalAligned(loyalty_index, "loyalty_index", len);
    const refs = optionalAligned(referrals, "referrals", len);
    const recency = optionalAligned(recency_days, "recency_days", len);
    const partners = isOmitted(partner) ? [] : vector(partner, "partner");
    if (partners.length > 0 && partners.length !== len)
      throw valueError(`partner must have the same length as n_purchases (${partners.length} vs ${len})`);
    return alignedOutput(len, [n.errors, scores.errors, loyalty.errors, refs.errors, recency.errors], (i) => {
      const N = n.values[i];
      if (N === null) return "";
      try {
        const code = ladder(
          {
            purchases: N,
            nps: scores.values[i],
            loyaltyIndex: loyalty.values[i],
            referrals: refs.values[i],
            partner: optionalBoolean(partners[i], `partner row ${i + 1}`, false),
            recencyDays: recency.values[i],
          },
          H,
        );
        return labelText("LADDER", code, language);
      } catch (error) {
        return toExcelError(error);
      }
    });
  });
}

/** Code of a label given as its code or as its text in any language (W11, CN8, LIFECYCLE, STATUS). */
function codeOf(cell: Cell, sets: LabelSet[]): string | null {
  if (isBlank(cell)) return null;
  const text = String(cell).trim();
  for (const set of sets) {
    for (const e of labelSet(set)) {
      if (text === e.code || text === e.zh || text === e.en || text === `${e.zh} ${e.en}`) return e.code;
    }
  }
  throw valueError(`"${text}" is not a known segment or stage label`);
}

/**
 * Next best action per customer (ACURA: 赢得客户 acquire, 交叉销售 cross-sell, 升级产品销售 up-sell, 挽留客户 retain, 赢得客户拥护 advocacy) from segment, lifecycle stage and purchases.
 * @customfunction ACURA
 * @param segments W11 or CN8 segment per customer (label or code, as CRM.RFM gives it).
 * @param stages Lifecycle stage per customer (as CRM.LIFECYCLE gives it; 流失 Lapsed counts as lapsed decline).
 * @param n_purchases Number of purchases N per customer.
 * @param [categories] Number of categories bought per customer.
 * @param [aov] Average order value per customer.
 * @param [nps] NPS score 0–10 per customer.
 * @param [referrals] Referrals per customer.
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns Action label per row.
 */
export function acuraAction(
  segments: any[][],
  stages: any[][],
  n_purchases: any[][],
  categories?: any[][],
  aov?: any[][],
  nps?: any[][],
  referrals?: any[][],
  lang?: any,
): any[][] {
  return spill(() => {
    const language = optionalLang(lang);
    const n = alignedNumbers(n_purchases, "n_purchases");
    const len = n.values.length;
    const seg = vector(segments, "segments");
    const stg = vector(stages, "stages");
    if (seg.length !== len || stg.length !== len) throw valueError("segments, stages and n_purchases must have the same length");
    const cats = optionalAligned(categories, "categories", len);
    const values = optionalAligned(aov, "aov", len);
    const scores = optionalAligned(nps, "nps", len);
    const refs = optionalAligned(referrals, "referrals", len);
    const rows: AcuraRow[] = [];
    const at: number[] = [];
    for (let i = 0; i < len; i++) {
      if (n.values[i] === null) continue;
      const stage = codeOf(stg[i], ["LIFECYCLE", "STATUS"]);
      rows.push({
        segment: codeOf(seg[i], ["W11", "CN8", "STATUS"]),
        stage: stage === "LAPSED" ? "DECLINE" : stage,
        lapsed: stage === "LAPSED",
        purchases: n.values[i]!,
        categories: cats.values[i],
        aov: values.values[i],
        nps: scores.values[i],
        referrals: refs.values[i],
      });
      at[i] = rows.length - 1;
    }
    const actions = acura(rows);
    return alignedOutput(len, [n.errors, cats.errors, values.errors, scores.errors, refs.errors], (i) =>
      at[i] === undefined ? "" : labelText("ACURA", actions[at[i]], language),
    );
  });
}

/**
 * Service management matrix per service attribute: 表现过当 over-performance, 表现不足 under-performance or 服务目标走廊 target corridor (|performance − importance| ≤ width).
 * @customfunction SERVICEGAP
 * @param importance Importance of each attribute to customers.
 * @param performance Performance of each attribute, on the same scale.
 * @param [width] Half-width of the corridor in scale units (default 0.5).
 * @param [scale_min] Lowest point of the scale (default 1).
 * @param [scale_max] Highest point of the scale (default 5).
 * @param [lang] Label language: zh (default), en or zh-en.
 * @returns Corridor label per row.
 */
export function servicegap(importance: any[][], performance: any[][], width?: any, scale_min?: any, scale_max?: any, lang?: any): any[][] {
  return spill(() => {
    const language = optionalLang(lang);
    const I = alignedNumbers(importance, "importance");
    const P = alignedNumbers(performance, "performance", I.values.length);
    const codes = serviceGap(I.values, P.values, {
      width: optionalNumber(width, "width"),
      scaleMin: optionalNumber(scale_min, "scale_min"),
      scaleMax: optionalNumber(scale_max, "scale_max"),
    });
    return alignedOutput(codes.length, [I.errors, P.errors], (i) => (codes[i] === null ? "" : labelText("CORRIDOR", codes[i]!, language)));
  });
}

/**
 * Two-dimensional customer grade A/B/C/D from annual sales and market influence (percentile of influence × sales tier; sales at or above the override are A). A blank influence is graded on sales only.
 * @customfunction GRADE2D
 * @param sales Annual sales per customer.
 * @param influence Market influence score per customer (e.g. 0–100).
 * @param [override] Sales at or above which a customer is A (default 10000000).
 * @param [sales_breaks] Two ascending sales breaks, as a range or text (default "1000000,5000000").
 * @param [pct_breaks] Two ascending influence percentile breaks (default "50,80").
 * @returns Grade A, B, C or D per row.
 */
export function grade2dClass(sales: any[][], influence: any[][], override?: any, sales_breaks?: any[][], pct_breaks?: any[][]): any[][] {
  return spill(() => {
    const s = alignedNumbers(sales, "sales");
    const inf = alignedNumbers(influence, "influence", s.values.length);
    const grades = grade2d(s.values, inf.values, {
      override: optionalNumber(override, "override"),
      salesBreaks: isOmitted(sales_breaks) ? undefined : numberList(sales_breaks, "sales_breaks"),
      pctBreaks: isOmitted(pct_breaks) ? undefined : numberList(pct_breaks, "pct_breaks"),
    });
    return alignedOutput(grades.length, [s.errors, inf.errors], (i) => (grades[i].grade === null ? "" : grades[i].grade!.slice(2)));
  });
}

/**
 * Dwyer migration model: value of a customer in each recency state (1 = bought last period … K), from the purchase probability of each state; lost after state K.
 * @customfunction MIGRATION
 * @param purchase_probs Probability p_k of buying next period in state k = 1…K.
 * @param margin Margin of a purchase.
 * @param [contact_cost] Contact cost per period while not lost (default 0).
 * @param [discount_rate] Discount rate per period (default 0.1).
 * @param [horizon] Number of future periods; infinite when omitted.
 * @returns Values V_1…V_K as a column.
 */
export function migration(purchase_probs: any[][], margin: any, contact_cost?: any, discount_rate?: any, horizon?: any): any[][] {
  return spill(() =>
    column(
      migrationValues({
        purchaseProbs: numberList(purchase_probs, "purchase_probs"),
        margin: requiredNumber(margin, "margin"),
        contactCost: optionalNumber(contact_cost, "contact_cost"),
        discountRate: optionalNumber(discount_rate, "discount_rate"),
        horizon: optionalInteger(horizon, "horizon"),
      }),
    ),
  );
}

const EVENT_HEADER = ["CustomerID", "NPV", "Events", "First", "Last"];

/**
 * Value of predicted customer events (renewals, upgrades, service calls…): per customer the sum of probability × (revenue − cost) discounted as XNPV at an annual rate to the as-of date.
 * @customfunction EVENTNPV
 * @param customer_ids Customer id of each event.
 * @param event_dates Date of each event (Excel date or date text).
 * @param revenues Revenue of each event.
 * @param costs Cost of each event.
 * @param [probabilities] Probability of each event (default 1).
 * @param [discount_rate] Annual discount rate (default 0.1).
 * @param [as_of] Date values are discounted to; default the earliest event date (as XNPV).
 * @returns Table: CustomerID, NPV, events, first and last event date.
 */
export function eventnpv(
  customer_ids: any[][],
  event_dates: any[][],
  revenues: any[][],
  costs: any[][],
  probabilities?: any[][],
  discount_rate?: any,
  as_of?: any,
): any[][] {
  return spill(() => {
    const ids = cells(customer_ids, "customer_ids");
    const n = ids.length;
    const dates = cells(event_dates, "event_dates");
    if (dates.length !== n) throw valueError(`event_dates must have the same length as customer_ids (${dates.length} vs ${n})`);
    const rev = alignedNumbers(revenues, "revenues", n);
    const cost = alignedNumbers(costs, "costs", n);
    const prob = optionalAligned(probabilities, "probabilities", n);
    const events: PredictedEvent[] = [];
    const firstCell = new Map<string, Cell>();
    for (let i = 0; i < n; i++) {
      const id = ids.at(i);
      if (isBlank(id)) continue;
      const error = rev.errors[i] ?? cost.errors[i] ?? prob.errors[i];
      if (error) throw valueError(`event row ${i + 1}: ${error.message ?? "not a number"}`);
      const day = optionalDay(dates.at(i), `event_dates row ${i + 1}`);
      if (day === undefined) throw valueError(`event_dates row ${i + 1} is blank`);
      const key = String(id).trim();
      if (!firstCell.has(key)) firstCell.set(key, typeof id === "number" ? id : key);
      events.push({ customer: key, day, revenue: rev.values[i] ?? 0, cost: cost.values[i] ?? 0, probability: prob.values[i] ?? 1 });
    }
    if (events.length === 0) throw naError("no events");
    const r = eventNpv(events, optionalNumber(discount_rate, "discount_rate", 0.1), optionalDay(as_of, "as_of"));
    return [EVENT_HEADER, ...r.customers.map((c) => [firstCell.get(c.id), c.npv, c.events, c.first, c.last])];
  });
}

const CLVPART_HEADER: Record<OutputLang, string[]> = {
  en: ["CustomerID", "CLV1", "CLV2", "CLV3", "CLV4", "CLV5", "CLV6", "Total"],
  zh: ["客户编号", "CLV1 首单利润", "CLV2 重复购买", "CLV3 交叉销售", "CLV4 服务成本节约", "CLV5 推荐价值", "CLV6 溢价", "合计"],
};

/**
 * Historical CLV components per customer: CLV1 profit of the first order, CLV2 of later orders in categories already bought, CLV3 of new categories (cross-selling); CLV4–CLV6 need inputs the transactions lack and stay blank.
 * @customfunction CLVPART
 * @param customer_ids Customer id of each transaction row.
 * @param order_dates Order date of each row (Excel date or date text).
 * @param amounts Net amount of each row; negative for returns.
 * @param [order_ids] Order id of each row; without it each row is one order.
 * @param [costs] Cost of each row; without it profit is the amount.
 * @param [categories] Product category of each row; without it CLV3 is 0.
 * @param [discount_rate] Annual rate compounding past profit to the as-of date (default 0: undiscounted).
 * @param [as_of] As-of date; default the latest order date (never today).
 * @param [lang] Header language: zh (default), en or zh-en.
 * @returns Table: CustomerID, CLV1…CLV6, total.
 */
export function clvpart(
  customer_ids: any[][],
  order_dates: any[][],
  amounts: any[][],
  order_ids?: any[][],
  costs?: any[][],
  categories?: any[][],
  discount_rate?: any,
  as_of?: any,
  lang?: any,
): any[][] {
  return spill(() => {
    const language: Lang = optionalLang(lang);
    const ranges = readTransactions(customer_ids, order_dates, amounts, order_ids);
    const tx = ranges.tx;
    const n = cells(customer_ids, "customer_ids").length;
    if (!isOmitted(costs)) {
      const c = alignedNumbers(costs, "costs", n);
      tx.cost = Float64Array.from(tx.sourceRow, (row) => {
        const error = c.errors[row - 1];
        if (error) throw valueError(`costs row ${row}: ${error.message ?? "not a number"}`);
        return c.values[row - 1] ?? NaN;
      });
    }
    let category: (string | null)[] | undefined;
    if (!isOmitted(categories)) {
      const cat = cells(categories, "categories");
      if (cat.length !== n) throw valueError(`categories must have the same length as customer_ids (${cat.length} vs ${n})`);
      category = Array.from(tx.sourceRow, (row) => {
        const v = cat.at(row - 1);
        return isBlank(v) ? null : String(v).trim();
      });
    }
    const r = clvParts(tx, { category, discountRate: optionalNumber(discount_rate, "discount_rate"), asOf: optionalDay(as_of, "as_of") });
    const idCells = idCellsByKey(
      ranges,
      r.customers.map((c) => c.id),
    );
    const header =
      language === "zh-en"
        ? CLVPART_HEADER.zh.map((h, i) => (h === CLVPART_HEADER.en[i] ? h : `${h} ${CLVPART_HEADER.en[i]}`))
        : CLVPART_HEADER[language];
    return [header, ...r.customers.map((c, i) => [idCells[i], ...c.parts.map((v) => v ?? ""), c.total])];
  });
}
