/**
 * The custom-functions metadata as built: the functions and argument lists of METHODS.md §15.2 and
 * of the probabilistic models, ids Excel accepts, nothing volatile, and a Chinese file that matches
 * the English one id for id and parameter for parameter with every name translated.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { translateMetadata, type FunctionsMetadata, type TranslationTable } from "../scripts/build-functions-zh";
import { builtDist } from "./functions/build-dist";

interface Param {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
}
interface Fn {
  id: string;
  name: string;
  description?: string;
  parameters: Param[];
  options?: Record<string, unknown>;
  result?: { dimensionality?: string };
}

/** METHODS.md §15.2 and the BTYD issue, argument order as listed; "?" marks an optional argument. */
const SPEC: Record<string, string> = {
  RFM: "customer_ids, order_dates, amounts, order_ids?, as_of?, scheme?, method?, lang?, headers?",
  RFMSCORE: "values, lower_is_better?, bins?, method?, breaks?",
  RFMSEGMENT: "r, f, m, scheme?, lang?",
  RFMCN: "recency_days, frequency, monetary, center?, lang?",
  ABC: "values, a_cut?, b_cut?, mode?, basis?",
  PARETO: "values, top_share?",
  WHALE: "values",
  PYRAMID: "values, cuts?, labels?, basis?",
  CLV: "margin, retention, discount_rate, periods?, acq_cost?, first_now?, model?, promo_cost?",
  CLVSTREAM: "profits, discount_rate, survival?, timing?, acq_cost?",
  RETENTION: "start_count, end_count, new_count?",
  RETAINED: "ids_prev_period, ids_this_period",
  LIFETIME: "retention",
  NPS: "scores, promoter_min?, detractor_max?",
  NPSCLASS: "scores, lang?",
  AHP: "matrix, method?, ri?, output?",
  QUADRANT: "x, y, scheme?, x_cut?, y_cut?, lang?",
  LIFECYCLE: "customer_ids, order_dates, amounts, order_ids?, as_of?, window_days?, hiatus_days?, explore_days?, lang?",
  HUGHESDISCOUNT: "interest_rate, risk_factor, year, delay_days?",
  // Probabilistic models (issue "Probabilistic customer lifetime value in the workbook").
  BTYDDATA: "customer_ids, order_dates, amounts, calibration_end, holdout_end?, unit?, headers?",
  BTYDFIT: "customer_ids, order_dates, amounts, calibration_end, model?, unit?, headers?",
  BTYDFITSTATS: "x, t_x, T, mean_spend?, model?, headers?",
  BTYDCOMPARE: "x, t_x, T, x_holdout?, holdout_length?, headers?",
  PALIVE: "params, x, t_x, T, model?",
  EXPPURCHASES: "params, t, x, t_x, T, model?",
  EXPNEWPURCHASES: "params, t, model?",
  PNPURCHASES: "params, t, n, model?",
  EXPSPEND: "gg_params, x, mean_spend",
  BTYDCLV: "params, gg_params, x, t_x, T, mean_spend, horizon, annual_discount_rate, margin?, model?, unit?, period?",
  BGBBFIT: "frequency, recency, n_opportunities, weights?, headers?",
  BGBBPALIVE: "params, x, t_x, n",
  SBGFIT: "alive_counts, headers?",
  SBGSURVIVAL: "params, t",
  SBGRETENTION: "params, t",
  SBGDERL: "params, discount_rate, renewals?",
  // The further methods (src/functions/methods.ts), in build order after the BTYD files.
  LOYALTYINDEX: "indicators, weights, directions?, normalize?",
  LADDER: "n_purchases, nps?, loyalty_index?, referrals?, partner?, recency_days?, hiatus_days?, lang?",
  ACURA: "segments, stages, n_purchases, categories?, aov?, nps?, referrals?, lang?",
  SERVICEGAP: "importance, performance, width?, scale_min?, scale_max?, lang?",
  GRADE2D: "sales, influence, override?, sales_breaks?, pct_breaks?",
  MIGRATION: "purchase_probs, margin, contact_cost?, discount_rate?, horizon?",
  EVENTNPV: "customer_ids, event_dates, revenues, costs, probabilities?, discount_rate?, as_of?",
  CLVPART: "customer_ids, order_dates, amounts, order_ids?, costs?, categories?, discount_rate?, as_of?, lang?",
  // Prediction intervals (src/functions/btyd-intervals.ts), built after methods.ts.
  BTYDINTERVAL: "x, t_x, T, model?, level?, horizon?, draws?, seed?",
};

/** Arguments that take a range (METHODS.md §15.2 type `range`, or a list given as a range or text). */
const RANGES = new Set([
  "customer_ids",
  "order_dates",
  "amounts",
  "order_ids",
  "values",
  "breaks",
  "r",
  "f",
  "m",
  "recency_days",
  "frequency",
  "monetary",
  "center",
  "cuts",
  "profits",
  "survival",
  "ids_prev_period",
  "ids_this_period",
  "scores",
  "matrix",
  "x",
  "y",
  "t_x",
  "T",
  "mean_spend",
  "params",
  "gg_params",
  "t",
  "n",
  "recency",
  "n_opportunities",
  "weights",
  "alive_counts",
  "renewals",
  "indicators",
  "directions",
  "n_purchases",
  "nps",
  "loyalty_index",
  "referrals",
  "partner",
  "segments",
  "stages",
  "categories",
  "aov",
  "importance",
  "performance",
  "sales",
  "influence",
  "sales_breaks",
  "pct_breaks",
  "purchase_probs",
  "event_dates",
  "revenues",
  "costs",
  "probabilities",
  "x_holdout",
]);

/** Functions returning a spill (shapes A, T, M of §15.2); the rest return a scalar. */
const SPILLS = new Set([
  "RFM",
  "RFMSCORE",
  "RFMSEGMENT",
  "RFMCN",
  "ABC",
  "WHALE",
  "PYRAMID",
  "NPSCLASS",
  "AHP",
  "QUADRANT",
  "LIFECYCLE",
  "BTYDDATA",
  "BTYDFIT",
  "BTYDFITSTATS",
  "BTYDCOMPARE",
  "PALIVE",
  "EXPPURCHASES",
  "EXPNEWPURCHASES",
  "PNPURCHASES",
  "EXPSPEND",
  "BTYDCLV",
  "BGBBFIT",
  "BGBBPALIVE",
  "SBGFIT",
  "SBGSURVIVAL",
  "SBGRETENTION",
  "SBGDERL",
  "LOYALTYINDEX",
  "LADDER",
  "ACURA",
  "SERVICEGAP",
  "GRADE2D",
  "MIGRATION",
  "EVENTNPV",
  "CLVPART",
  "BTYDINTERVAL",
]);

/** Excel: A–Z, 0–9, _ and ., at least 3 characters, not shaped like an A1 or R1C1 cell reference. */
function validId(id: string): boolean {
  return /^[A-Z0-9_.]{3,}$/.test(id) && !/^[A-Z]{1,3}[0-9]+$/.test(id) && !/^R[0-9]*C[0-9]*$/.test(id);
}

let english: Fn[];
let chinese: Fn[];

beforeAll(async () => {
  const dist = await builtDist();
  english = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8")).functions;
  chinese = JSON.parse(readFileSync(join(dist, "functions.zh-cn.json"), "utf8")).functions;
});

describe("functions.json", () => {
  it("declares the §15.2 functions with their arguments in order", () => {
    const actual = Object.fromEntries(english.map((f) => [f.id, f.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}`).join(", ")]));
    expect(actual).toEqual(SPEC);
  });

  it("takes ranges as matrices and returns spills as matrices", () => {
    for (const f of english) {
      for (const p of f.parameters) {
        expect([f.id, p.name, p.dimensionality ?? "scalar"]).toEqual([f.id, p.name, RANGES.has(p.name) ? "matrix" : "scalar"]);
      }
      expect([f.id, f.result?.dimensionality ?? "scalar"]).toEqual([f.id, SPILLS.has(f.id) ? "matrix" : "scalar"]);
    }
  });

  it("uses ids Excel accepts, with English names equal to the ids", () => {
    expect(validId("CLV1")).toBe(false);
    expect(validId("RFM1")).toBe(false);
    expect(validId("R1C1")).toBe(false);
    expect(validId("AB")).toBe(false);
    for (const f of english) {
      expect([f.id, validId(f.id)]).toEqual([f.id, true]);
      expect(f.name).toBe(f.id);
    }
  });

  it("puts no required argument after an optional one (Excel then refuses to load the add-in, office-js#1749)", () => {
    for (const f of english) {
      const firstOptional = f.parameters.findIndex((p) => p.optional);
      const required = f.parameters.slice(firstOptional < 0 ? f.parameters.length : firstOptional).filter((p) => !p.optional);
      expect([f.id, required.map((p) => p.name)]).toEqual([f.id, []]);
    }
  });

  it("has no volatile, streaming or cancelable function, and a description for every function and argument", () => {
    for (const f of english) {
      expect([f.id, f.options ?? {}]).toEqual([f.id, {}]);
      expect(f.description).toBeTruthy();
      for (const p of f.parameters) expect([f.id, p.name, Boolean(p.description)]).toEqual([f.id, p.name, true]);
    }
  });
});

describe("functions.zh-cn.json", () => {
  const cjk = /[\u4e00-\u9fff]/;

  it("has the same ids and parameter lists (types, shapes, optionality) as the English file", () => {
    expect(chinese.map((f) => f.id)).toEqual(english.map((f) => f.id));
    chinese.forEach((zh, i) => {
      const en = english[i];
      const shape = (p: Param) => ({ type: p.type, dimensionality: p.dimensionality, optional: p.optional });
      expect([zh.id, zh.parameters.map(shape)]).toEqual([en.id, en.parameters.map(shape)]);
      expect(zh.result).toEqual(en.result);
      expect(zh.options).toEqual(en.options);
    });
  });

  it("translates every function name, description, parameter name and parameter description", () => {
    const names = new Set<string>();
    for (const f of chinese) {
      expect([f.id, f.name]).toEqual([f.id, expect.stringMatching(cjk)]);
      expect(/^\p{L}[\p{L}\p{N}._]*$/u.test(f.name)).toBe(true);
      names.add(f.name.toLowerCase());
      expect([f.id, f.description]).toEqual([f.id, expect.stringMatching(cjk)]);
      const paramNames = f.parameters.map((p) => p.name);
      expect(new Set(paramNames).size).toBe(paramNames.length);
      for (const p of f.parameters) {
        expect([f.id, p.name, p.description]).toEqual([f.id, expect.stringMatching(cjk), expect.stringMatching(cjk)]);
      }
    }
    expect(names.size).toBe(chinese.length);
  });
});

describe("the zh-cn build step", () => {
  const english: FunctionsMetadata = {
    functions: [
      {
        id: "NPS",
        name: "NPS",
        description: "Net Promoter Score",
        parameters: [{ name: "scores", description: "Scores", dimensionality: "matrix" }],
      },
      { id: "LIFETIME", name: "LIFETIME", description: "Lifetime", parameters: [{ name: "retention", description: "Rate" }] },
    ],
  };
  const table = (): TranslationTable => ({
    NPS: { name: "净推荐值", description: "净推荐值", parameters: { scores: { name: "评分", description: "评分" } } },
    LIFETIME: { name: "平均生命周期", description: "生命周期", parameters: { retention: { name: "保持率", description: "保持率" } } },
  });

  it("translates names and descriptions and keeps ids, types and shapes", () => {
    const { metadata, errors } = translateMetadata(english, table());
    expect(errors).toEqual([]);
    expect(metadata.functions[0]).toEqual({
      id: "NPS",
      name: "净推荐值",
      description: "净推荐值",
      parameters: [{ name: "评分", description: "评分", dimensionality: "matrix" }],
    });
  });

  it("fails on a missing id or parameter, a stale entry, an empty text or a repeated name", () => {
    const missingId = table();
    delete (missingId as Partial<TranslationTable>).LIFETIME;
    expect(translateMetadata(english, missingId).errors).toEqual(["LIFETIME: missing from the translation table"]);

    const missingParam = table();
    missingParam.NPS.parameters = {};
    expect(translateMetadata(english, missingParam).errors).toEqual(["NPS: parameter scores missing from the translation table"]);

    const stale = table();
    stale.NPS.parameters.weights = { name: "权重", description: "权重" };
    stale.CLV = { name: "终生价值", description: "终生价值", parameters: {} };
    expect(translateMetadata(english, stale).errors).toEqual([
      "NPS: table names parameter weights, which the function does not have",
      "CLV: in the translation table but not a custom function",
    ]);

    const empty = table();
    empty.NPS.description = " ";
    empty.LIFETIME.parameters.retention.name = "";
    expect(translateMetadata(english, empty).errors).toEqual([
      "NPS: missing description",
      "LIFETIME: parameter retention has no translated name",
    ]);

    const repeated = table();
    repeated.LIFETIME.name = "净推荐值";
    expect(translateMetadata(english, repeated).errors).toEqual(['LIFETIME: name "净推荐值" is already used by NPS']);
    repeated.LIFETIME.name = "2生命周期";
    expect(translateMetadata(english, repeated).errors).toEqual(['LIFETIME: name "2生命周期" is not a valid function name']);
  });
});
