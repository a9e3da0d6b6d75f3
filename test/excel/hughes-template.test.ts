/**
 * The Hughes cohort lifetime-value template (METHODS.md §7.6) on the strict fake workbook: its
 * formulas are read back through the Excel API, recalculated with the test formula evaluator, and
 * must print every figure of both published test vectors and agree with core hughesTable().
 */
import { hughesTable, type HughesYear } from "../../src/core/methods/hughes";
import { INPUT_STYLE } from "../../src/excel/clv-model";
import type { HughesExample } from "../../src/excel/types";
import { FakeExcel, type CellValue } from "../support/fake-excel";
import { FormulaBook, FormulaError, type Grid } from "../support/formula-eval";
import { SPECIAL, WELDON } from "../support/hughes-vectors";
import { harness, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

/** Result rows of the template (1-based sheet rows) and the core field each one shows. */
const RESULT_ROWS: [number, keyof HughesYear][] = [
  [25, "retained"],
  [26, "referred"],
  [27, "total"],
  [28, "revenue"],
  [29, "directCosts"],
  [30, "acquisitionCost"],
  [31, "otherCosts"],
  [32, "referralIncentive"],
  [33, "totalCosts"],
  [34, "grossProfit"],
  [35, "discountFactor"],
  [36, "npvProfit"],
  [37, "cumulativeNpv"],
  [38, "lifetimeValue"],
];
const YEAR_COLS = ["B", "C", "D"];

/** Inserts the template and reads its cells back as formulas through the Excel API. */
async function insert(lang: "zh" | "en", example?: HughesExample): Promise<{ name: string; book: FormulaBook; grid: CellValue[][] }> {
  const { sheetName } = await h.api.insertHughesTemplate(lang, example);
  const grid = await h.fake.run(async (context) => {
    const range = context.workbook.worksheets.getItem(sheetName).getRange("A1:D38").load("formulas");
    await context.sync();
    return range.formulas as CellValue[][];
  });
  const book = new FormulaBook((sheet, r, c) => (sheet === sheetName && grid[r]?.[c] !== "" ? grid[r]?.[c] : undefined));
  return { name: sheetName, book, grid };
}

function row(book: FormulaBook, sheet: string, n: number): number[] {
  return YEAR_COLS.map((c) => book.number(sheet, `${c}${n}`));
}

function expectAgreesWithCore(book: FormulaBook, sheet: string, core: HughesYear[]): void {
  for (const [n, field] of RESULT_ROWS) {
    row(book, sheet, n).forEach((v, k) => {
      const want = core[k][field];
      expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
    });
  }
}

describe("Hughes template, Weldon example (test vector 1)", () => {
  test("recalculated, it prints every figure of the published table and equals hughesTable()", async () => {
    h = harness();
    h.fake.addSheet("Data", [["keep"]]);
    const { name, book } = await insert("en", "weldon");
    expect(name).toBe("Hughes LTV");
    const rounded = (n: number) => row(book, name, n).map((v) => Math.round(v));
    expect(rounded(27)).toEqual([20000, 12000, 7800]);
    expect(rounded(28)).toEqual([107_280_000, 174_376_800, 255_696_480]);
    expect(rounded(29)).toEqual([75_096_000, 113_344_920, 161_088_782]);
    expect(rounded(30)).toEqual([12_600_000, 0, 0]);
    expect(rounded(34)).toEqual([19_584_000, 61_031_880, 94_607_698]);
    expect(row(book, name, 35)).toEqual([1.13, 1.81, 2.53]);
    expect(rounded(36)).toEqual([17_330_973, 33_719_271, 37_394_347]);
    expect(rounded(37)).toEqual([17_330_973, 51_050_244, 88_444_591]);
    expect(rounded(38)).toEqual([867, 2553, 4422]);
    expectAgreesWithCore(book, name, hughesTable(WELDON));
    // Two round trips: the sheet names, then the whole template.
    expect(h.fake.stats.syncs).toBe(2 + 1);
    expect(h.fake.read("Data")).toEqual([["keep"]]);
    expect(h.fake.activeSheetName()).toBe(name);
  });

  test("plain Excel formulas only; inputs are styled as inputs, results are not", async () => {
    h = harness();
    h.fake.addSheet("Data");
    const { name, grid } = await insert("en");
    const formulas = grid.flat().filter((v): v is string => typeof v === "string" && v.startsWith("="));
    expect(formulas.length).toBe(RESULT_ROWS.length * 3 - 2);
    for (const f of formulas) expect(f).not.toMatch(/CRM\./);
    for (const input of ["B6", "B7", "B13", "D16", "C22"]) {
      expect(h.fake.fillAt(name, input)).toBe(INPUT_STYLE.fill);
      expect(h.fake.formatAt(name, input, "fontColor")).toBe(INPUT_STYLE.font);
    }
    for (const result of ["B25", "C34", "D38"]) expect(h.fake.fillAt(name, result)).toBeUndefined();
    expect(h.fake.formatAt(name, "C12", "numberFormat")).toBe('"Year "0');
    expect(h.fake.formatAt(name, "B13", "numberFormat")).toBe("0%");
  });

  test("live: an edited input flows through; blank given factors switch to Hughes's formula", async () => {
    h = harness();
    h.fake.addSheet("Data");
    const { name, book } = await insert("en", "weldon");
    book.set(name, "C13", 0.8);
    expectAgreesWithCore(book, name, hughesTable({ ...WELDON, retention: [0.6, 0.8, 0.7] }));
    for (const c of YEAR_COLS) book.set(name, `${c}22`, undefined);
    book.set(name, "B8", 0.1);
    book.set(name, "B9", 1.5);
    book.set(name, "B10", 45);
    expectAgreesWithCore(
      book,
      name,
      hughesTable({
        ...WELDON,
        retention: [0.6, 0.8, 0.7],
        discount: { kind: "HUGHES", interestRate: 0.1, riskFactor: 1.5, delayDays: 45 },
      }),
    );
  });
});

describe("Hughes template, Special LTV calculator (test vector 2)", () => {
  test("recalculated, it prints every published output and equals hughesTable()", async () => {
    h = harness();
    h.fake.addSheet("Data");
    const { name, book } = await insert("en", "special");
    const rounded = (n: number) => row(book, name, n).map((v) => Math.round(v));
    expect(rounded(27)).toEqual([202_000, 123_624, 89_133]);
    expect(rounded(28)).toEqual([19_998_000, 14_834_880, 13_904_733]);
    expect(rounded(34)).toEqual([-248_800, 4_216_306, 4_513_967]);
    row(book, name, 35).forEach((d, k) => expect(d).toBeCloseTo([1.0076, 1.1043, 1.2103][k], 4));
    expect(rounded(37)).toEqual([-246_933, 3_571_186, 7_300_811]);
    row(book, name, 38).forEach((ltv, k) => expect(ltv).toBeCloseTo([-1.23, 17.86, 36.5][k], 2));
    expectAgreesWithCore(book, name, hughesTable(SPECIAL));
  });

  test("in Chinese, beside a user's sheet of the same name, which stays untouched", async () => {
    h = harness();
    h.fake.addSheet("Hughes客户终身价值", [["mine"]]);
    const { name, book } = await insert("zh", "special");
    expect(name).toBe("Hughes客户终身价值 (2)");
    expect(h.fake.read("Hughes客户终身价值")).toEqual([["mine"]]);
    expect(h.fake.formatAt(name, "B12", "numberFormat")).toBe('"第"0"年"');
    row(book, name, 38).forEach((ltv, k) => expect(ltv).toBeCloseTo([-1.23, 17.86, 36.5][k], 2));
  });
});

describe("formula evaluator", () => {
  const cells: Record<string, CellValue> = {
    A1: 2,
    A2: 3,
    A3: "text",
    B1: "=A1+A2*2",
    B2: "=-A1^2",
    B3: "=2^3^2",
    B4: "=A1/0",
    B5: "=SUM(A1:A3)+MAX(A1,A2)-MIN(A1:A2)",
  };
  const book = () =>
    new FormulaBook(
      (sheet, r, c) =>
        sheet === "S" ? cells[`${String.fromCharCode(65 + c)}${r + 1}`] : sheet === "Other sheet" && r === 0 && c === 0 ? 10 : undefined,
      { "CRM.TWICE": (x) => 2 * Number(x) },
    );

  test("Excel's precedence, ranges, errors, IF, comparisons, other sheets and registered functions", () => {
    const b = book();
    expect(b.value("S", "B1")).toBe(8);
    expect(b.value("S", "B2")).toBe(4); // negation binds tighter than ^ in Excel
    expect(b.value("S", "B3")).toBe(64); // ^ is left-associative
    expect(b.value("S", "B4")).toEqual(new FormulaError("#DIV/0!"));
    expect(b.value("S", "B5")).toBe(6); // text in a range is skipped by SUM
    expect(b.evaluate('=IF(A9="",1,2)', "S")).toBe(1);
    expect(b.evaluate("=IF(A1>=A2,1,2)+'Other sheet'!$A$1", "S")).toBe(12);
    expect(b.evaluate("=CRM.TWICE(A2)", "S")).toBe(6);
    expect(b.evaluate("=A3+1", "S")).toEqual(new FormulaError("#VALUE!"));
    expect(b.evaluate("=UNKNOWN.FN(1)", "S")).toEqual(new FormulaError("#NAME?"));
    expect(() => b.evaluate("=A1+", "S")).toThrow();
    b.set("S", "A2", 5);
    expect(b.value("S", "B1")).toBe(12);
  });

  test("dynamic arrays: a range or an array result spills into the empty cells below or to the right, #SPILL! over anything", () => {
    const sheet: Record<string, CellValue> = {
      D1: 1,
      D2: 2,
      D3: 3,
      E1: "=CRM.DOUBLE(D1:D3)",
      F1: "=SUM(E1:E3)",
      G1: "=D1:D3",
      H1: "=CRM.DOUBLE(D1:D3)",
      H3: "x",
      I4: "=CRM.ROW()",
      K1: "=CRM.BLANK()",
      L1: "=A9",
      M1: "=CRM.SQUARE(D1:E2)",
    };
    const b = new FormulaBook((_, r, c) => sheet[`${String.fromCharCode(65 + c)}${r + 1}`], {
      "CRM.DOUBLE": (g) => (g as Grid).map((row) => row.map((v) => 2 * Number(v))),
      "CRM.ROW": () => [[1, 2, 3]],
      "CRM.BLANK": () => "",
      "CRM.SQUARE": (g) => g as Grid,
    });
    // A cell of a spill read before its anchor finds the anchor above it.
    expect(b.value("S", "E3")).toBe(6);
    expect([b.value("S", "E1"), b.value("S", "E2")]).toEqual([2, 4]);
    expect(b.value("S", "F1")).toBe(12); // a range over the spill reads the spilled values
    expect([b.value("S", "G1"), b.value("S", "G3")]).toEqual([1, 3]);
    expect(b.value("S", "H1")).toEqual(new FormulaError("#SPILL!"));
    expect(b.value("S", "H2")).toBe("");
    expect([b.value("S", "I4"), b.value("S", "J4"), b.value("S", "K4")]).toEqual([1, 2, 3]);
    expect(b.value("S", "K1")).toBe(""); // a function's empty text stays empty...
    expect(b.value("S", "L1")).toBe(0); // ...a reference to an empty cell shows 0
    expect(() => b.value("S", "M1")).toThrow(/one row or one column/);
    b.set("S", "D2", 10);
    expect(b.value("S", "E2")).toBe(20);
  });
});

describe("fake workbook: Range.formulas and worksheet names", () => {
  test("formulas are stored as formulas (not counted as text turned formula), constants as typed; the shape must match; a broken formula fails the sync", async () => {
    const fake = new FakeExcel();
    fake.addSheet("S");
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem("S").getRange("A1:D1");
      range.formulas = [["=SUM(B1:C1)", 2, "'00123", "3"]];
      expect(() => range.formulas).toThrow(/not available/);
      range.load("formulas");
      await context.sync();
      expect(range.formulas).toEqual([["=SUM(B1:C1)", 2, "00123", 3]]);
    });
    expect(fake.stats.formulaWrites).toEqual([]);
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("S").getRange("A2:B2").formulas = [["=1"]];
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("S").getRange("A2").formulas = [['=IF(A1>1,"x)']];
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(fake.cell("S", "A2")).toBeUndefined();
  });

  test("sheet-scoped names: Excel's naming rules, unique per sheet, on the sheet's own ranges, gone with the sheet", async () => {
    const fake = new FakeExcel();
    fake.addSheet("S");
    fake.addSheet("T");
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("S");
      const item = sheet.names.add("CRM_Margin", sheet.getRange("B6")).load("name,formula");
      await context.sync();
      expect([item.name, item.formula]).toEqual(["CRM_Margin", "=S!$B$6"]);
    });
    for (const [name, range, code] of [
      ["crm_margin", "B7", "ItemAlreadyExists"],
      ["A1", "B7", "InvalidArgument"],
      ["R1C1", "B7", "InvalidArgument"],
      ["Other", "T!B7", "InvalidArgument"],
    ]) {
      await expect(
        fake.run(async (context) => {
          const sheet = context.workbook.worksheets.getItem("S");
          const target = range.startsWith("T!") ? context.workbook.worksheets.getItem("T").getRange(range.slice(2)) : sheet.getRange(range);
          sheet.names.add(name, target);
        }),
      ).rejects.toMatchObject({ code });
    }
    expect(fake.names("S")).toEqual([{ name: "CRM_Margin", address: "S!B6", comment: "" }]);
    expect(fake.names("T")).toEqual([]);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("S").delete();
      context.workbook.worksheets.add("S");
    });
    expect(fake.names("S")).toEqual([]);
  });
});
