import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import type { SourcePreview } from "../../src/excel/types";
import { STRINGS } from "../../src/taskpane/i18n";
import {
  abcCutsValid,
  CLV_ROLES,
  clvFormFromSaved,
  clvProblems,
  clvToSave,
  DEFAULT_CLV,
  MAX_HORIZON_MONTHS,
  pickRoles,
  toClvModel,
  asOfValid,
  errorText,
  columnLetters,
  initialLang,
  initialMapping,
  luminance,
  mappingProblems,
  optionsFromSaved,
  optionsValid,
  parseShare,
  previewText,
  pyramidCutsValid,
  toAnalyze,
} from "../../src/taskpane/model";

const en = STRINGS.en;

function preview(over: Partial<SourcePreview> = {}): SourcePreview {
  return {
    sheetName: "Sales",
    address: "Sales!A1:E11",
    header: ["Customer", "Date", "Amount", "Order", "Cost"],
    rows: [],
    totalRows: 10,
    detected: [
      { role: "customer", column: 0, source: "header" },
      { role: "date", column: 1, source: "values" },
      { role: "amount", column: 2, source: "header" },
    ],
    mapping: { customer: 0, date: 1, amount: 2 },
    tables: [],
    ...over,
  };
}

describe("cut validation", () => {
  test("ABC cuts need 0 < a < b ≤ 1", () => {
    expect(abcCutsValid(["0.8", "0.95"])).toBe(true);
    expect(abcCutsValid(["0.8", "1"])).toBe(true);
    expect(abcCutsValid(["80%", "95%"])).toBe(true);
    expect(abcCutsValid(["0,8", "0,95"])).toBe(true);
    expect(abcCutsValid(["0.95", "0.8"])).toBe(false);
    expect(abcCutsValid(["0.8", "0.8"])).toBe(false);
    expect(abcCutsValid(["0", "0.5"])).toBe(false);
    expect(abcCutsValid(["0.8", "1.01"])).toBe(false);
    expect(abcCutsValid(["", "0.9"])).toBe(false);
    expect(abcCutsValid(["abc", "0.9"])).toBe(false);
  });

  test("pyramid cuts are strictly increasing shares below 1", () => {
    expect(pyramidCutsValid(["0.01", "0.05", "0.2"])).toBe(true);
    expect(pyramidCutsValid(["0.05", "0.2", "0.5"])).toBe(true);
    expect(pyramidCutsValid(["0.05", "0.05", "0.5"])).toBe(false);
    expect(pyramidCutsValid(["0.01", "0.05", "1"])).toBe(false);
    expect(pyramidCutsValid(["0", "0.05", "0.2"])).toBe(false);
  });

  test("parseShare reads decimals, commas and percents", () => {
    expect(parseShare(" 0.25 ")).toBe(0.25);
    expect(parseShare("25%")).toBe(0.25);
    expect(parseShare("")).toBeNaN();
  });
});

describe("as-of date", () => {
  test("a blank as-of date is left to the core (latest date in the data), never today", () => {
    const form = optionsFromSaved(null);
    expect(form.asOf).toBe("");
    expect(toAnalyze(form)).not.toHaveProperty("asOf");
    expect(toAnalyze({ ...form, asOf: "2024-01-31" }).asOf).toBe(45322);
    expect(toAnalyze({ ...form, asOf: " 2024年1月31日 " }).asOf).toBe(45322);
  });

  test("typed as-of dates must be unambiguous dates", () => {
    expect(asOfValid("")).toBe(true);
    expect(asOfValid("2024/1/31")).toBe(true);
    expect(asOfValid("31/01/2024")).toBe(true);
    expect(asOfValid("05/03/2024")).toBe(false);
    expect(asOfValid("2024-02-30")).toBe(false);
    expect(asOfValid("soon")).toBe(false);
    expect(optionsValid({ ...optionsFromSaved(null), asOf: "soon" })).toBe(false);
  });

  test("a remembered as-of date is not restored", () => {
    expect(optionsFromSaved({ analyze: { asOf: 45000, scheme: "CN8", center: "MEDIAN", method: "NTILE" } })).toMatchObject({
      asOf: "",
      scheme: "CN8",
      center: "MEDIAN",
      method: "NTILE",
    });
  });
});

describe("CLV assumptions", () => {
  const valid = { ...DEFAULT_CLV, calibrationEnd: "1997-09-30", holdoutEnd: "1998-06-30" };

  test("defaults: week, margin 1 (revenue), 10% a year, 12 months, 90 % intervals; the calibration end has no default and is required", () => {
    expect(DEFAULT_CLV).toEqual({
      calibrationEnd: "",
      holdoutEnd: "",
      unit: "week",
      margin: "1",
      rate: "0.10",
      horizon: "12",
      intervals: true,
      level: "90",
    });
    expect(clvProblems(DEFAULT_CLV, en)).toEqual({ calibrationEnd: en.calibrationEndMissing });
    expect(clvProblems(valid, en)).toEqual({});
  });

  test("dates must be unambiguous, and the holdout end after the calibration end", () => {
    expect(clvProblems({ ...valid, calibrationEnd: "05/03/1997" }, en)).toEqual({ calibrationEnd: en.asOfError });
    expect(clvProblems({ ...valid, holdoutEnd: "1997-09-30" }, en)).toEqual({ holdoutEnd: en.holdoutNotAfter });
    expect(clvProblems({ ...valid, holdoutEnd: "1997-01-01" }, en)).toEqual({ holdoutEnd: en.holdoutNotAfter });
    expect(clvProblems({ ...valid, holdoutEnd: "next year" }, en)).toEqual({ holdoutEnd: en.asOfError });
    expect(clvProblems({ ...valid, holdoutEnd: " " }, en)).toEqual({});
  });

  test("margin in (0, 1], rate in [0, 1), horizon whole months 1–600; shares as decimals, commas or percents", () => {
    for (const margin of ["0.3", "30%", "0,3", "1"]) expect(clvProblems({ ...valid, margin }, en)).toEqual({});
    for (const margin of ["0", "30", "-0.1", "", "x"]) expect(clvProblems({ ...valid, margin }, en)).toEqual({ margin: en.marginError });
    for (const rate of ["0", "0.1", "10%"]) expect(clvProblems({ ...valid, rate }, en)).toEqual({});
    for (const rate of ["10", "1", "-0.05", ""]) expect(clvProblems({ ...valid, rate }, en)).toEqual({ rate: en.rateError });
    for (const horizon of ["1", "12", String(MAX_HORIZON_MONTHS)]) expect(clvProblems({ ...valid, horizon }, en)).toEqual({});
    for (const horizon of ["0", "1.5", "601", "", "twelve"])
      expect(clvProblems({ ...valid, horizon }, en)).toEqual({ horizon: en.horizonError });
  });

  test("the request: day numbers, the unit and the assumptions as numbers; no holdout when blank", () => {
    expect(toClvModel({ ...valid, unit: "month", margin: "30%", rate: "0.08", horizon: "24" })).toEqual({
      calibrationEnd: 35703,
      holdoutEnd: 35976,
      unit: "month",
      assumptions: { margin: 0.3, annualDiscountRate: 0.08, horizonMonths: 24 },
      intervalLevel: 0.9,
    });
    expect(toClvModel({ ...valid, holdoutEnd: "" })).not.toHaveProperty("holdoutEnd");
    expect(toClvModel({ ...valid, intervals: false })).not.toHaveProperty("intervalLevel");
    expect(toClvModel({ ...valid, level: "95" }).intervalLevel).toBe(0.95);
  });

  test("the interval level is a percentage in [50, 99.9], checked only when intervals are asked for", () => {
    for (const level of ["50", "90", "99.9"]) expect(clvProblems({ ...valid, level }, en)).toEqual({});
    for (const level of ["0.9", "100", "", "ninety"]) expect(clvProblems({ ...valid, level }, en)).toEqual({ level: en.clv.levelError });
    expect(clvProblems({ ...valid, intervals: false, level: "" }, en)).toEqual({});
  });
});

describe("remembered CLV assumptions", () => {
  it("restores unit, margin, rate and horizon but never the dates", () => {
    const form = {
      ...DEFAULT_CLV,
      calibrationEnd: "1997-09-30",
      holdoutEnd: "1998-06-30",
      unit: "month" as const,
      margin: "0.3",
      rate: "8%",
      horizon: "24",
    };
    const saved = clvToSave(form);
    expect(saved).toEqual({ unit: "month", margin: 0.3, annualDiscountRate: 0.08, horizonMonths: 24 });
    expect(clvFormFromSaved({ clv: saved })).toEqual({ ...form, calibrationEnd: "", holdoutEnd: "", rate: "0.08" });
  });

  it("falls back to the defaults when nothing was saved", () => {
    expect(clvFormFromSaved(null)).toEqual(DEFAULT_CLV);
    expect(clvFormFromSaved({ lang: "zh" })).toEqual(DEFAULT_CLV);
  });
});

describe("column mapping", () => {
  test("letters follow the source's first column", () => {
    expect(columnLetters("Sales!A1:C3", 3)).toEqual(["A", "B", "C"]);
    expect(columnLetters("'My sheet'!$Y$4:AB9", 4)).toEqual(["Y", "Z", "AA", "AB"]);
  });

  test("required roles and duplicate columns are reported", () => {
    const letters = ["A", "B", "C", "D"];
    expect(mappingProblems({ customer: 0, date: 1, amount: 2 }, letters, en)).toEqual([]);
    expect(mappingProblems({ customer: 0, date: 1, quantity: 2, price: 3 }, letters, en)).toEqual([]);
    expect(mappingProblems({ customer: 0, date: 1, quantity: 2 }, letters, en)).toEqual([en.needAmount]);
    expect(mappingProblems({}, letters, en)).toEqual([en.needCustomer, en.needDate, en.needAmount]);
    expect(mappingProblems({ customer: 0, date: 0, amount: 2 }, letters, en)).toEqual([en.duplicateColumn("A", "Customer ID, Order date")]);
  });

  const header = ["Customer", "Date", "Amount", "Order", "Cost"];

  test("detection is used when nothing is remembered, with its origin", () => {
    const { mapping, origin } = initialMapping(preview(), undefined);
    expect(mapping).toEqual({ customer: 0, date: 1, amount: 2 });
    expect(origin).toEqual({ customer: "header", date: "values", amount: "header" });
  });

  test("a mapping remembered for the same header wins and is marked where it differs", () => {
    const { mapping, origin } = initialMapping(preview(), { mapping: { customer: 0, date: 1, amount: 2, order: 3, cost: 4 }, header });
    expect(mapping).toEqual({ customer: 0, date: 1, amount: 2, order: 3, cost: 4 });
    expect(origin).toEqual({ customer: "header", date: "values", amount: "header", order: "remembered", cost: "remembered" });
  });

  test("a mapping remembered for another header, or without one, is ignored: its positions would read other columns", () => {
    const remembered = { customer: 0, date: 1, amount: 3 };
    const detected = { customer: 0, date: 1, amount: 2 };
    expect(initialMapping(preview(), { mapping: remembered, header: ["Customer", "Date", "Order", "Amount", "Cost"] }).mapping).toEqual(
      detected,
    );
    expect(initialMapping(preview(), { mapping: remembered, header: header.slice(0, 4) }).mapping).toEqual(detected);
    expect(initialMapping(preview(), { mapping: remembered }).mapping).toEqual(detected);
    expect(initialMapping(preview(), { mapping: {}, header }).mapping).toEqual(detected);
  });

  test("the CLV model sees only its roles", () => {
    expect(pickRoles({ customer: 0, date: 1, order: 2, amount: 3, cost: 4 }, CLV_ROLES)).toEqual({ customer: 0, date: 1, amount: 3 });
    // An order column hidden from the CLV mapping cannot make a duplicate there.
    expect(mappingProblems(pickRoles({ customer: 0, date: 1, order: 2, amount: 2 }, CLV_ROLES), ["A", "B", "C"], en)).toEqual([]);
  });
});

describe("host", () => {
  test("language follows Office's display language unless the user chose one", () => {
    expect(initialLang(undefined, "zh-CN")).toBe("zh");
    expect(initialLang(undefined, "en-GB")).toBe("en");
    expect(initialLang(undefined, undefined)).toBe("en");
    expect(initialLang("en", "zh-CN")).toBe("en");
  });

  test("luminance separates Office's dark and light backgrounds", () => {
    expect(luminance("#FFFFFF")).toBeCloseTo(1);
    expect(luminance("#262626")!).toBeLessThan(0.5);
    expect(luminance("#F3F3F3")!).toBeGreaterThan(0.5);
    expect(luminance("white")).toBeNull();
  });

  test("preview shows date serials as dates only in the date column", () => {
    expect(previewText(45322, true, "en-US")).toBe("2024-01-31");
    expect(previewText(45322, false, "en-US")).toBe("45,322");
    expect(previewText(null, false, "en-US")).toBe("");
  });
});

describe("dictionary", () => {
  test("both languages have every key, and no string is left empty", () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(STRINGS.zh)).toEqual(keys(STRINGS.en));
    for (const lang of ["en", "zh"] as const) {
      for (const [key, value] of Object.entries(STRINGS[lang])) {
        if (typeof value === "string") expect(`${key}:${value.trim()}`).not.toBe(`${key}:`);
        if (typeof value === "object") {
          expect(keys(value)).toEqual(keys((STRINGS.en as unknown as Record<string, object>)[key]));
        }
      }
    }
  });
});

describe("error text", () => {
  test("workbook problems are told in the pane's language; other errors by message, never by stack", () => {
    const noData = Object.assign(new Error("No data found"), { name: "WorkbookError", code: "NO_DATA" });
    expect(errorText(noData, STRINGS.zh)).toBe(STRINGS.zh.workbookErrors.NO_DATA);
    expect(errorText(noData, en)).toBe(en.workbookErrors.NO_DATA);
    const other = new Error("Invalid argument");
    expect(other.stack).toContain("at ");
    expect(errorText(other, en)).toBe("Invalid argument");
    expect(errorText({ code: "GeneralException", message: "busy" }, en)).toBe("busy");
  });
});

describe("warnings", () => {
  test("every warning code the core and the Excel layer emit has Chinese text", () => {
    const codes = new Set(["NO_VARIATION_R", "NO_VARIATION_F", "NO_VARIATION_M"]);
    for (const dir of ["src/core", "src/excel", "src/cli"]) {
      // Recursive: the core's files live in group folders (ingest/, segment/, report/, …).
      for (const file of readdirSync(join(__dirname, "../..", dir), { recursive: true, encoding: "utf8" }).filter((f) =>
        f.endsWith(".ts"),
      )) {
        const text = readFileSync(join(__dirname, "../..", dir, file), "utf8");
        for (const m of text.matchAll(
          /\bwarn\("([A-Z0-9_]+)"|\b(?!classes\b)\w+\.(?:push|unshift)\(\{\s*code: "([A-Z0-9_]+)"|return \{ code: "([A-Z0-9_]+)", message/g,
        ))
          codes.add(m[1] ?? m[2] ?? m[3]);
      }
    }
    expect(codes.size).toBeGreaterThan(10);
    const params = {
      count: 1,
      rows: "9",
      file: "a.csv",
      encoding: "GB18030",
      sheet: "Orders",
      first: "Cover",
      column: '"Price"',
      role: "amount",
    };
    const missing = [...codes].filter((code) => STRINGS.zh.warningText({ code, message: "\u0000", params }) === "\u0000");
    for (const code of ["TOTALS_ROWS", "ENCODING", "SHEET_CHOSEN", "AMOUNT_FROM_PRICE"]) expect(codes).toContain(code);
    expect(missing).toEqual([]);
  });

  test("English shows the core's own message; Chinese falls back to it for an unknown code", () => {
    expect(en.warningText({ code: "NO_VARIATION_R", message: "No variation in R" })).toBe("No variation in R");
    expect(STRINGS.zh.warningText({ code: "NO_VARIATION_R", message: "No variation in R" })).toMatch(/^R（最近购买）无差异/);
    expect(STRINGS.zh.warningText({ code: "SOMETHING_NEW", message: "Something new" })).toBe("Something new");
    expect(
      STRINGS.zh.warningText({
        code: "TOTALS_ROWS",
        message: "2 totals rows left out (rows 14, 27).",
        params: { count: 2, rows: "14, 27" },
      }),
    ).toBe("已排除 2 个合计行（第 14, 27 行），不计为交易。");
  });
});
