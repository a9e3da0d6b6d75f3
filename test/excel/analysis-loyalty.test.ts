/**
 * The pane's loyalty index builder on the strict fake: the AHP editor's consistency equals METHODS
 * §10's test vector; the weights sheet's judgements are input cells with the reciprocals, the
 * CRM.AHP weights, λmax, CI, CR and Consistent as formulas over them, which evaluate (with the
 * add-in's own functions) to §10's vector and follow an edited judgement; the per-customer index is
 * a live CRM.LOYALTYINDEX formula over the weight cells that equals the core and a hand computation,
 * and follows an edited judgement or override weight, as does the CRM.LADDER column over it;
 * re-runs replace only its sheets; Cancel leaves the workbook as it was; 100,000 rows stay within
 * the Segments sync budget.
 */
import "../functions/excel-globals";
import { ahp } from "../../src/core/methods/ahp";
import { loyaltyIndex } from "../../src/core/methods/loyalty";
import { labelText } from "../../src/core/report/labels";
import { loyaltyMeasureName, type LoyaltyChoice } from "../../src/core/methods/loyalty-builder";
import type { AnalysisRequest, Progress } from "../../src/excel/types";
import { ladderLabel, loyaltyindex } from "../../src/functions/methods";
import { ahpWeights } from "../../src/functions/nps-ahp-quadrant";
import { INPUT_STYLE } from "../../src/excel/clv-model";
import {
  DEFAULT_LOYALTY_FORM,
  columnKey,
  editorState,
  loyaltyChoice,
  parseJudgement,
  setJudgement,
  type LoyaltyForm,
} from "../../src/taskpane/loyalty-form";
import type { FakeSnapshot } from "../support/fake-excel";
import { FormulaBook, FormulaError, type ErrorCode, type FormulaFunction, type Grid, type Scalar } from "../support/formula-eval";
import { expectSteadyProgress, harness, runRequest, runWith, salesTable, seedSales, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

/** METHODS §10.3's test vector [[1,3,5],[1/3,1,3],[1/5,1/3,1]]. */
const SAATY = [
  [1, 3, 5],
  [1 / 3, 1, 3],
  [1 / 5, 1 / 3, 1],
];

const loyalty = (choice: Partial<LoyaltyChoice> = {}, lang: "zh" | "en" = "en"): AnalysisRequest => ({
  kind: "loyalty",
  source: { kind: "region" },
  mapping: {},
  lang,
  loyalty: {
    indicators: [
      { kind: "measure", measure: "MONETARY" },
      { kind: "column", column: 3 },
      { kind: "measure", measure: "RECENCY" },
    ],
    directions: [1, 1, -1],
    judgements: SAATY,
    ...choice,
  },
});

function run(request: AnalysisRequest, onProgress: (p: Progress, c: AbortController) => void = () => undefined) {
  const controller = new AbortController();
  return h.api.runAnalysis(request, (p) => onProgress(p, controller), controller.signal);
}

function fromCustomFunction(out: unknown[][]): Grid {
  return out.map((row) =>
    row.map((v) =>
      v instanceof Error || (v && typeof (v as { code?: unknown }).code === "string")
        ? new FormulaError((v as { code: ErrorCode }).code)
        : (v as Scalar),
    ),
  );
}

/** The add-in's own CRM functions (src/functions), as Excel calls them from the sheet. */
const ADD_IN: Record<string, FormulaFunction> = {
  "CRM.LOYALTYINDEX": (...a) => fromCustomFunction(loyaltyindex(...(a as Parameters<typeof loyaltyindex>))),
  "CRM.LADDER": (...a) => fromCustomFunction(ladderLabel(...(a as Parameters<typeof ladderLabel>))),
  "CRM.AHP": (...a) => fromCustomFunction(ahpWeights(...(a as Parameters<typeof ahpWeights>))),
};

const book = () => new FormulaBook((s, r, c) => (h.fake.hasSheet(s) ? h.fake.sheetModel(s).get(r, c) : undefined), ADD_IN);

/** Eigenvector weights by power iteration, λmax = mean of (Aw)_i / w_i, CR = (λmax − n)/(n − 1)/RI with Saaty's RI(3) = 0.58. */
function principal(a: number[][]): { w: number[]; lambdaMax: number; cr: number } {
  const n = a.length;
  const times = (w: number[]) => a.map((row) => row.reduce((s, v, j) => s + v * w[j], 0));
  let w = new Array<number>(n).fill(1 / n);
  for (let k = 0; k < 200; k++) {
    const v = times(w);
    const total = v.reduce((x, y) => x + y, 0);
    w = v.map((x) => x / total);
  }
  const lambdaMax = times(w).reduce((s, v, i) => s + v / w[i], 0) / n;
  return { w, lambdaMax, cr: (lambdaMax - n) / (n - 1) / 0.58 };
}

const visible = (s: FakeSnapshot) => ({
  sheets: s.sheets.map(({ id: _id, ...rest }) => rest),
  settings: JSON.parse(
    JSON.stringify(s.settings, (k, v) =>
      k === "id" || (v && Array.isArray(v.sheets) && v.sheets.length === 0 && !v.tierColumns) ? undefined : v,
    ),
  ),
});

describe("the AHP editor (pane model)", () => {
  const typed = (texts: [string, string, string]): LoyaltyForm => {
    const [a, b, c] = ["m:MONETARY", "m:RATE", "m:RECENCY"];
    let form: LoyaltyForm = {
      ...DEFAULT_LOYALTY_FORM,
      indicators: [a, b, c],
      judgements: {},
    };
    form = setJudgement(form, a, b, texts[0]);
    form = setJudgement(form, a, c, texts[1]);
    return setJudgement(form, b, c, texts[2]);
  };

  test("CR of METHODS §10's test vector, typed as the user types it: w = (0.6370, 0.2583, 0.1047), λmax 3.0385, CI 0.0193, CR 0.0332", () => {
    const state = editorState(typed(["3", "5", "3"]));
    expect(state.invalid).toEqual([]);
    // The lower triangle is the reciprocals, the diagonal 1.
    expect(state.matrix[1][0]).toBeCloseTo(1 / 3, 12);
    expect(state.matrix[2][1]).toBeCloseTo(1 / 3, 12);
    expect(state.matrix[2][2]).toBe(1);
    const r = state.result!;
    [0.637, 0.2583, 0.1047].forEach((w, i) => expect(r.weights[i]).toBeCloseTo(w, 4));
    expect(r.lambdaMax).toBeCloseTo(3.0385, 4);
    expect(r.ci).toBeCloseTo(0.0193, 4);
    expect(r.cr).toBeCloseTo(0.0332, 4);
    expect(r.consistent).toBe(true);
  });

  test("reciprocals and full-width input; out-of-scale entries are invalid; an inconsistent matrix is flagged", () => {
    expect(parseJudgement("1/3")).toBeCloseTo(1 / 3, 12);
    expect(parseJudgement("１／５")).toBeCloseTo(0.2, 12);
    expect(parseJudgement(" 0.5 ")).toBe(0.5);
    for (const bad of ["0", "10", "1/10", "abc", "", "-3"]) expect(parseJudgement(bad)).toBeNull();
    expect(editorState(typed(["3", "x", "3"])).invalid).toEqual([{ i: 0, j: 2 }]);
    expect(editorState(typed(["3", "x", "3"])).result).toBeNull();
    // a12 = 9, a23 = 9 but a13 = 1/9: CI far above 0.1 · 0.58.
    const bad = editorState(typed(["9", "1/9", "9"])).result!;
    expect(bad.cr).toBeGreaterThan(0.1);
    expect(bad.consistent).toBe(false);
    expect(bad.worstJudgement).not.toBeNull();
  });

  test("the request carries the full reciprocal matrix and the directions (recency lower is better by default)", () => {
    const choice = loyaltyChoice(typed(["1/3", "5", "3"]));
    expect(choice.directions).toEqual([1, 1, -1]);
    expect(choice.judgements[0][1]).toBeCloseTo(1 / 3, 12);
    expect(choice.judgements[1][0]).toBeCloseTo(3, 12);
    expect(
      loyaltyChoice({
        ...DEFAULT_LOYALTY_FORM,
        indicators: [columnKey(4), "m:AOV"],
      }).indicators,
    ).toEqual([
      { kind: "column", column: 4 },
      { kind: "measure", measure: "AOV" },
    ]);
  });
});

describe("the workbook", () => {
  /**
   * A: 45000 100 (sat 5), 45010 50 (sat 3) → monetary 150, satisfaction 4, recency 10, N 2.
   * B: 45005 300 (sat 2) → 300, 2, 15, N 1. C: 45020 60 (no score) → 60, –, 0. D: 45015 90 (sat 1) → 90, 1, 5.
   */
  function seed(): void {
    seedSales(h.fake, "Sales", {
      header: ["Customer", "Date", "Amount", "Satisfaction"],
      rows: [
        ["A", 45000, 100, 5],
        ["A", 45010, 50, 3],
        ["B", 45005, 300, 2],
        ["C", 45020, 60, null],
        ["D", 45015, 90, 1],
      ],
    });
  }

  test("weights sheet: the §10 matrix as live cells evaluates to its test vector; the index formula over the weight cells equals a hand computation", async () => {
    h = harness();
    seed();
    const report = await run(loyalty());
    expect(report.sheets.map((s) => s.name)).toEqual(["Loyalty weights", "Loyalty index"]);
    const weights = h.fake.read("Loyalty weights", "A1:H20");
    // Header on row 3; indicator, direction, weight used, AHP weight, override, the 3×3 matrix in F4:H6.
    expect(weights[2]).toEqual([
      "Indicator",
      expect.stringMatching(/^Direction/),
      "Weight used",
      "AHP weight",
      "Your weight (optional)",
      "Sales",
      "Satisfaction",
      "Recency (days, lower is better)",
    ]);
    expect(weights[3].slice(0, 2)).toEqual(["Sales", 1]);
    expect(weights[4].slice(0, 2)).toEqual(["Satisfaction", 1]);
    expect(weights[5].slice(0, 2)).toEqual(["Recency (days, lower is better)", -1]);
    const ws = h.fake.sheetModel("Loyalty weights");
    // The upper triangle holds the judgements, the diagonal 1, the lower triangle the reciprocals as formulas.
    expect([0, 1, 2].map((i) => [0, 1, 2].map((j) => ws.get(3 + i, 5 + j)))).toEqual([
      [1, 3, 5],
      ["=1/G4", 1, 3],
      ["=1/H4", "=1/H5", 1],
    ]);
    expect(ws.get(3, 3)).toBe('=CRM.AHP($F$4:$H$6,,,"WEIGHTS")');
    expect([ws.get(4, 3), ws.get(5, 3)]).toEqual([undefined, undefined]);
    expect(ws.get(4, 2)).toBe("=IF(ISNUMBER(E5),E5,D5)");
    expect(ws.get(12, 1)).toBe("=INDEX(CRM.AHP($F$4:$H$6),6,2)");
    // Judgements, directions and overrides are marked as inputs (the CLV model's style); the weights are not.
    const fill = (a1: string) => h.fake.fillAt("Loyalty weights", a1);
    expect(["G4", "H4", "H5", "B4", "B6", "E4", "E6"].map(fill)).toEqual(new Array(7).fill(INPUT_STYLE.fill));
    expect(["F4", "F5", "G5", "C4", "D4"].map(fill).filter((f) => f === INPUT_STYLE.fill)).toEqual([]);
    expect(h.fake.formatAt("Loyalty weights", "G4", "fontColor")).toBe(INPUT_STYLE.font);
    expect(h.fake.formatAt("Loyalty weights", "F5", "numberFormat")).toBe("# ?/?");

    const b = book();
    const w = (a1: string) => b.number("Loyalty weights", a1);
    // METHODS §10.3: w = (0.6370, 0.2583, 0.1047), λmax 3.0385, CI 0.0193, RI 0.58, CR 0.0332, consistent.
    expect([w("F5"), w("F6"), w("G6"), w("G5")]).toEqual([1 / 3, 1 / 5, 1 / 3, 1]);
    [0.637, 0.2583, 0.1047].forEach((v, i) => expect(w(`C${4 + i}`)).toBeCloseTo(v, 4));
    [0.637, 0.2583, 0.1047].forEach((v, i) => expect(w(`D${4 + i}`)).toBeCloseTo(v, 4));
    const item = (name: string) => b.value("Loyalty weights", `B${weights.findIndex((r) => r[0] === name) + 1}`);
    expect(item("λmax") as number).toBeCloseTo(3.0385, 4);
    expect(item("CI") as number).toBeCloseTo(0.0193, 4);
    expect(item("RI")).toBe(0.58);
    expect(item("CR") as number).toBeCloseTo(0.0332, 4);
    expect(item("Consistent")).toBe(true);
    expect(item("CR limit")).toBe(0.1);
    expect(report.ahp!.cr).toBeCloseTo(0.0332, 4);

    const model = h.fake.sheetModel("Loyalty index");
    // Customer, purchases, recency, 3 raw, 3 scores (J is the index, K the ladder).
    expect(model.get(1, 9)).toBe("=CRM.LOYALTYINDEX(D2:F5,'Loyalty weights'!$C$4:$C$6,'Loyalty weights'!$B$4:$B$6)");
    expect(model.get(1, 10)).toBe('=CRM.LADDER(B2:B5,,J2:J5,,,C2:C5,180,"en")');
    const sheet = h.fake.read("Loyalty index");
    expect(sheet.slice(1).map((r) => r.slice(0, 6))).toEqual([
      ["A", 2, 10, 150, 4, 10],
      ["B", 1, 15, 300, 2, 15],
      ["C", 1, 0, 60, "", 0],
      ["D", 1, 5, 90, 1, 5],
    ]);
    // Scores: sales (x − 60)/240, satisfaction (x − 1)/3, recency reversed 1 − x/15.
    expect(sheet[1].slice(6, 9).map((v) => Number(v).toFixed(4))).toEqual(["0.3750", "1.0000", "0.3333"]);
    expect(sheet[3][7]).toBe("");

    const index = ["J2", "J3", "J4", "J5"].map((a1) => b.number("Loyalty index", a1));
    // A = 100·(0.6370·0.375 + 0.2583·1 + 0.1047·(1/3)) = 53.21;
    // B = 100·(0.6370·1 + 0.2583·(1/3) + 0) = 72.31;
    // C misses satisfaction: 100·(0.6370·0 + 0.1047·1)/(0.6370 + 0.1047) = 14.12;
    // D = 100·(0.6370·0.125 + 0 + 0.1047·(2/3)) = 14.94.
    [53.21, 72.31, 14.12, 14.94].forEach((v, i) => expect(index[i]).toBeCloseTo(v, 1));
    // And the core's own index over the same raw values and the written weights.
    const raw = sheet.slice(1).map((r) => r.slice(3, 6).map((v) => (v === "" ? null : Number(v))));
    const used = ["C4", "C5", "C6"].map(w);
    loyaltyIndex(raw, used, { directions: [1, 1, -1] }).forEach((v, i) => expect(index[i]).toBeCloseTo(v!, 9));
    // §9.1: A buys twice (Client), the others once (Customer); none dormant (recency ≤ 180).
    expect(["K2", "K3", "K4", "K5"].map((a1) => b.value("Loyalty index", a1))).toEqual(
      ["CLIENT", "CUSTOMER", "CUSTOMER", "CUSTOMER"].map((c) => labelText("LADDER", c, "en")),
    );
    expect(report.classes.map((c) => [c.code, c.count])).toEqual([
      ["CLIENT", 1],
      ["CUSTOMER", 3],
    ]);

    // Typing an override weight recomputes the index: satisfaction 0.2583 → 2 (the AHP weight stays beside it).
    // A = 100·(0.6370·0.375 + 2·1 + 0.1047/3)/(0.6370 + 2 + 0.1047) = 100·2.27378/2.7417 = 82.93 → Supporter (N ≥ 2, L ≥ 60).
    b.set("Loyalty weights", "E5", 2);
    expect(w("C5")).toBe(2);
    expect(w("D5")).toBeCloseTo(0.2583, 4);
    expect(b.number("Loyalty index", "J2")).toBeCloseTo(82.93, 1);
    expect(b.value("Loyalty index", "K2")).toBe(labelText("LADDER", "SUPPORTER", "en"));
    // C has no satisfaction, now 2/2.7417 = 73 % of the weight: more than half missing → blank (§9.3 step 2).
    expect(b.value("Loyalty index", "J4")).toBe("");
    // Clearing the override brings the AHP weight back.
    b.set("Loyalty weights", "E5", undefined);
    expect(w("C5")).toBeCloseTo(0.2583, 4);
    expect(b.number("Loyalty index", "J2")).toBeCloseTo(53.21, 1);
    // Flipping a direction cell: recency now counts higher as more loyal; A's recency score 1/3 → 2/3.
    b.set("Loyalty weights", "B6", 1);
    expect(b.number("Loyalty index", "J2")).toBeCloseTo(100 * (0.637 * 0.375 + 0.2583 + 0.1047 * (2 / 3)), 1);
  });

  test("editing one judgement cell recomputes the reciprocal, the weights, CR, the index and the ladder; CR ≥ 0.10 flips Consistent and the flag", async () => {
    h = harness();
    seed();
    await run(loyalty());
    const b = book();
    const w = (a1: string) => b.number("Loyalty weights", a1);
    // Consistency table: header on row 9, then λmax, CI, RI, CR, Consistent, CR limit in B10:B15.
    expect(h.fake.read("Loyalty weights", "A10:A15").map((r) => r[0])).toEqual(["λmax", "CI", "RI", "CR", "Consistent", "CR limit"]);
    const [flag] = h.fake.conditionalFormats("Loyalty weights");
    expect(h.fake.snapshot().sheets.find((s) => s.name === "Loyalty weights")!.conditionalFormats).toEqual([
      { type: "Custom", address: "'Loyalty weights'!A13:B14", formula: "=$B$14=FALSE", fill: "#FFC7CE" },
    ]);
    const flagged = () => b.evaluate(flag.formula!, "Loyalty weights");
    expect(flagged()).toBe(false);

    // a13 = 5 → 9 makes the matrix consistent (a12·a23 = 3·3 = a13): w ∝ (9, 3, 1), λmax = 3, CI = CR = 0.
    b.set("Loyalty weights", "H4", 9);
    expect(w("F6")).toBeCloseTo(1 / 9, 12);
    [9 / 13, 3 / 13, 1 / 13].forEach((v, i) => expect(w(`C${4 + i}`)).toBeCloseTo(v, 9));
    expect(w("B10")).toBeCloseTo(3, 9);
    expect(w("B11")).toBeCloseTo(0, 9);
    expect(w("B13")).toBeCloseTo(0, 9);
    expect(b.value("Loyalty weights", "B14")).toBe(true);
    // A's scores (0.375, 1, 1/3): 100·(9·0.375 + 3·1 + 1·(1/3))/13 = 100·6.70833/13 = 51.60, still a Client (L < 60).
    expect(w("C4") + w("C5") + w("C6")).toBeCloseTo(1, 12);
    expect(b.number("Loyalty index", "J2")).toBeCloseTo(51.6026, 4);
    // B (1, 1/3, 0): 100·(9 + 1 + 0)/13 = 76.92.
    expect(b.number("Loyalty index", "J3")).toBeCloseTo(76.9231, 4);
    expect(b.value("Loyalty index", "K2")).toBe(labelText("LADDER", "CLIENT", "en"));

    // a12 = 3 → 1/3 (satisfaction over sales) contradicts a13 = 9: weights and CR by power iteration here.
    b.set("Loyalty weights", "G4", "=1/3");
    const expected = principal([
      [1, 1 / 3, 9],
      [3, 1, 3],
      [1 / 9, 1 / 3, 1],
    ]);
    // w ≈ (0.3741, 0.5395, 0.0865), λmax ≈ 3.5608, CR ≈ 0.4835.
    expected.w.forEach((v, i) => expect(w(`D${4 + i}`)).toBeCloseTo(v, 9));
    expect(w("B10")).toBeCloseTo(expected.lambdaMax, 9);
    expect(w("B13")).toBeCloseTo(expected.cr, 9);
    expect(expected.cr).toBeGreaterThan(0.1);
    expect(b.value("Loyalty weights", "B14")).toBe(false);
    expect(flagged()).toBe(true);
    // A = 100·(0.3741·0.375 + 0.5395 + 0.0865/3) = 70.86: N = 2 and L ≥ 60 → Supporter (§9.1).
    const [wa, wb, wc] = expected.w;
    expect(b.number("Loyalty index", "J2")).toBeCloseTo(100 * (wa * 0.375 + wb + wc / 3), 9);
    expect(b.number("Loyalty index", "J2")).toBeCloseTo(70.86, 2);
    expect(b.value("Loyalty index", "K2")).toBe(labelText("LADDER", "SUPPORTER", "en"));

    // A blank judgement is an error in the weights, not a silent old value.
    b.set("Loyalty weights", "G4", undefined);
    expect(b.value("Loyalty weights", "C4")).toBeInstanceOf(FormulaError);
  });

  test("zh with a relative-preference column: loyalty types (§9.2) beside the ladder", async () => {
    h = harness();
    seedSales(h.fake, "Sales", {
      header: ["客户", "日期", "金额", "偏好"],
      // Purchases: P 5, Q 4, R 3, S 2, T 1 → F quintile scores 5, 4, 3, 2, 1; preference 4.5, 2, 5, 3, 4.
      rows: [
        ...[45000, 45001, 45002, 45003, 45004].map((d) => ["P", d, 10, 4.5]),
        ...[45000, 45001, 45002, 45003].map((d) => ["Q", d, 10, 2]),
        ...[45000, 45001, 45002].map((d) => ["R", d, 10, 5]),
        ...[45000, 45001].map((d) => ["S", d, 10, 3]),
        ["T", 45004, 10, 4],
      ],
    });
    const report = await run({
      ...loyalty(
        {
          indicators: [
            { kind: "measure", measure: "MONETARY" },
            { kind: "measure", measure: "RATE" },
          ],
          directions: [1, 1],
          judgements: [
            [1, 2],
            [1 / 2, 1],
          ],
          attitude: 3,
        },
        "zh",
      ),
    });
    expect(report.sheets.map((s) => s.name)).toEqual(["忠诚度权重", "忠诚度指数"]);
    const sheet = h.fake.read("忠诚度指数");
    const header = sheet[0] as string[];
    expect(header.slice(-3)).toEqual(["相对偏好(均值)", "F 评分(五分位)", "忠诚度类型"]);
    // High preference > 3.5, high repeat F ≥ 4: P true, Q spurious, R latent, S none, T latent.
    const type = (code: string) => labelText("LOYALTY", code, "zh");
    expect(sheet.slice(1).map((r) => [r[0], r[r.length - 2], r[r.length - 1]])).toEqual([
      ["P", 5, type("LOY_TRUE")],
      ["Q", 4, type("LOY_SPURIOUS")],
      ["R", 3, type("LOY_LATENT")],
      ["S", 2, type("LOY_NONE")],
      ["T", 1, type("LOY_LATENT")],
    ]);
    expect(h.fake.sheetModel("忠诚度指数").get(1, 8)).toBe('=CRM.LADDER(B2:B6,,H2:H6,,,C2:C6,180,"zh")');
    // The 2×2 weights sheet in zh: a12 = 2 gives w = (2/3, 1/3) exactly; n = 2 is always consistent (CR 0).
    expect(h.fake.read("忠诚度权重", "A3:G3")[0]).toEqual([
      "指标",
      expect.stringMatching(/^方向/),
      "采用权重",
      "AHP 权重",
      "自定权重(可选)",
      loyaltyMeasureName("MONETARY", "zh"),
      loyaltyMeasureName("RATE", "zh"),
    ]);
    const b = book();
    expect(b.number("忠诚度权重", "C4")).toBeCloseTo(2 / 3, 12);
    expect(b.number("忠诚度权重", "C5")).toBeCloseTo(1 / 3, 12);
    expect(b.number("忠诚度权重", "F5")).toBe(1 / 2);
    // Consistency header on row 2 + 2 + 3 + 1 = 8: λmax, CI, RI, CR, 通过一致性检验 in B9:B13.
    expect(h.fake.read("忠诚度权重", "A13")[0][0]).toBe("通过一致性检验");
    expect([b.value("忠诚度权重", "B12"), b.value("忠诚度权重", "B13")]).toEqual([0, true]);
  });

  test("a real-shaped export (returns, a returns-only and a $0 customer, bad rows, a source column): the formulas cover every customer and agree with the pane's counts", async () => {
    h = harness();
    const table = salesTable(3000, 300, { lang: "en", badRows: 10 });
    // Columns: Customer ID, Order Date, Order ID, Quantity, Unit Price, Amount, Cost.
    table.rows.push(
      ["RET-ONLY", 45600, "R-1", 1, -50, -50, -30],
      ["ZERO", 45600, "Z-1", 1, 0, 0, 0],
      ["NOQTY", 45600, "N-1", null, 20, 20, 10],
    );
    seedSales(h.fake, "Sales", table);
    const indicators: LoyaltyChoice["indicators"] = [
      { kind: "measure", measure: "MONETARY" },
      { kind: "measure", measure: "RATE" },
      { kind: "measure", measure: "RECENCY" },
      { kind: "column", column: 3 },
    ];
    const judgements = [
      [1, 2, 3, 2],
      [1 / 2, 1, 2, 1],
      [1 / 3, 1 / 2, 1, 1 / 2],
      [1 / 2, 1, 2, 1],
    ];
    const report = await run(loyalty({ indicators, directions: [1, 1, -1, 1], judgements }));
    const sheet = h.fake.read("Loyalty index");
    expect(sheet.length).toBe(report.customers + 1);
    const b = book();
    // The live 4×4 weights and CR agree with the core's AHP of the same judgements (what the pane showed).
    const core = ahp(judgements);
    core.weights.forEach((v, i) => expect(b.number("Loyalty weights", `C${4 + i}`)).toBeCloseTo(v, 12));
    expect(b.number("Loyalty weights", "B14")).toBeCloseTo(report.ahp!.cr, 12);
    const n = report.customers;
    // Columns: A id, B N, C recency, D–G raw, H–K scores, L index, M ladder.
    const index = Array.from({ length: n }, (_, i) => b.value("Loyalty index", `L${i + 2}`));
    const rungs = Array.from({ length: n }, (_, i) => b.value("Loyalty index", `M${i + 2}`));
    expect(b.value("Loyalty index", `L${n + 2}`)).toBe("");
    // The ladder counted from the evaluated CRM.LADDER cells equals the core's count in the pane's result.
    const counted = new Map<string, number>();
    for (const r of rungs) counted.set(String(r), (counted.get(String(r)) ?? 0) + 1);
    expect(report.classes.map((c) => [c.label, c.count])).toEqual(
      [...counted.entries()].sort(
        (x, y) => report.classes.findIndex((c) => c.label === x[0]) - report.classes.findIndex((c) => c.label === y[0]),
      ),
    );
    const row = (id: string) => sheet.findIndex((r) => r[0] === id) - 1;
    // Only a return: no purchase (N = 0), only the quantity, under half the weight → blank index, Prospect (§9.1 rule 3).
    expect(sheet[row("RET-ONLY") + 1][1]).toBe(0);
    expect(index[row("RET-ONLY")]).toBe("");
    expect(rungs[row("RET-ONLY")]).toBe(labelText("LADDER", "PROSPECT", "en"));
    // A $0 line buys nothing either: N = 0, blank index, Prospect.
    expect([sheet[row("ZERO") + 1][1], index[row("ZERO")], rungs[row("ZERO")]]).toEqual([0, "", labelText("LADDER", "PROSPECT", "en")]);
    // No quantity: its index renormalises over the other three weights, still a number in 0–100.
    expect(sheet[row("NOQTY") + 1][6]).toBe("");
    expect(typeof index[row("NOQTY")]).toBe("number");
    expect(index.filter((v) => typeof v === "number").every((v) => (v as number) >= 0 && (v as number) <= 100)).toBe(true);
    expect(index.filter((v) => typeof v === "number").length).toBe(report.classified);
  });

  test("a re-run replaces only its own sheets; segments and a user's sheet stay; Cancel leaves the workbook as it was", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
    await runWith(
      h.api,
      runRequest({
        lang: "en",
        outputs: {
          tierColumns: false,
          customers: true,
          segmentSheets: false,
          summary: true,
          issues: false,
        },
      }),
    );
    h.fake.addSheet("Notes", [["mine"]]);
    const request = loyalty({
      indicators: [
        { kind: "measure", measure: "MONETARY" },
        { kind: "measure", measure: "RATE" },
        { kind: "measure", measure: "RECENCY" },
      ],
    });
    h.fake.select("Sales", "A1");
    await run(request);
    const afterFirst = visible(h.fake.snapshot());
    h.fake.select("Sales", "A1");
    await run(request);
    expect(visible(h.fake.snapshot())).toEqual(afterFirst);
    expect(h.fake.sheetNames()).toEqual(["Sales", "Customers", "Summary", "Notes", "Loyalty weights", "Loyalty index"]);
    expect(h.fake.read("Notes")).toEqual([["mine"]]);

    // Cancel while reading, or while writing (a re-run commits at the end): the previous run's sheets stay as they were.
    for (const stage of ["read", "write"]) {
      h.fake.select("Sales", "A1");
      const before = visible(h.fake.snapshot());
      await expect(
        run(request, (p, c) => {
          if (p.stage === stage && p.fraction > 0.6 * Number(stage === "write")) c.abort();
        }),
      ).rejects.toMatchObject({ name: "AbortError" });
      expect(visible(h.fake.snapshot())).toEqual(before);
    }
  });

  test("Cancel while writing (after segments): nothing of the run stays", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(3000, 300, { lang: "en" }));
    await runWith(h.api, runRequest({ lang: "en" }));
    h.fake.select("Sales", "A1");
    const before = visible(h.fake.snapshot());
    await expect(
      run(
        loyalty({
          indicators: [
            { kind: "measure", measure: "MONETARY" },
            { kind: "measure", measure: "RATE" },
            { kind: "measure", measure: "RECENCY" },
          ],
        }),
        (p, c) => {
          if (p.stage === "write" && p.fraction > 0.5) c.abort();
        },
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(visible(h.fake.snapshot())).toEqual(before);
  });

  test("bad choices are one clear error: too few indicators, a matrix of the wrong size", async () => {
    h = harness();
    seed();
    await expect(
      run(
        loyalty({
          indicators: [{ kind: "measure", measure: "MONETARY" }],
          directions: [1],
          judgements: [[1]],
        }),
      ),
    ).rejects.toThrow(/2 to 9 indicators/);
    await expect(
      run(
        loyalty({
          judgements: [
            [1, 2],
            [1 / 2, 1],
          ],
        }),
      ),
    ).rejects.toThrow(/pairwise matrix is 2×2 for 3 indicators/);
    expect(h.fake.sheetNames()).toEqual(["Sales"]);
  });

  test("100,000 rows: at most 40 syncs, no per-row calls, the index spills over every customer", async () => {
    h = harness();
    seedSales(h.fake, "Sales", salesTable(100_000, 10_000, { lang: "en" }));
    const progress: Progress[] = [];
    const report = await run(
      loyalty({
        indicators: [
          { kind: "measure", measure: "MONETARY" },
          { kind: "measure", measure: "RATE" },
          { kind: "measure", measure: "RECENCY" },
        ],
      }),
      (p) => progress.push(p),
    );
    expect(report.rows).toBe(100_000);
    expect(h.fake.stats.syncs).toBeLessThanOrEqual(40);
    expect(h.fake.stats.apiCalls).toBeLessThan(2_000);
    expect(h.fake.stats.formulaWrites).toEqual([]);
    expectSteadyProgress(progress);
    const n = report.customers;
    expect(h.fake.sheetModel("Loyalty index").get(1, 9)).toBe(
      `=CRM.LOYALTYINDEX(D2:F${n + 1},'Loyalty weights'!$C$4:$C$6,'Loyalty weights'!$B$4:$B$6)`,
    );
  }, 120_000);
});
