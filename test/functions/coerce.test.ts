import { ExcelError } from "./excel-globals";
import {
  alignedNumbers,
  alignedOutput,
  isOmitted,
  matrix,
  numberFromText,
  numberList,
  numbers,
  optionalBoolean,
  optionalChoice,
  optionalDay,
  optionalInteger,
  optionalLang,
  optionalNumber,
  requiredNumber,
  scalar,
  spill,
  toExcelError,
  vector,
} from "../../src/functions/coerce";
import { naError, numError, valueError } from "../../src/core/errors";

/** Excel serial of a calendar date (days since 1899-12-30), computed without the core. */
const serial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "no error";
};

describe("ranges", () => {
  it("flattens a column, a row and a single cell; refuses a block", () => {
    expect(vector([[1], [2], [""]], "v")).toEqual([1, 2, ""]);
    expect(vector([[1, null, 3]], "v")).toEqual([1, null, 3]);
    expect(vector(7, "v")).toEqual([7]);
    expect(
      codeOf(() =>
        vector(
          [
            [1, 2],
            [3, 4],
          ],
          "v",
        ),
      ),
    ).toBe("VALUE");
  });

  it("treats nothing or one blank cell as an omitted range", () => {
    for (const omitted of [null, undefined, "", [[""]], [[null]], [[]]]) expect(isOmitted(omitted)).toBe(true);
    expect(isOmitted([[0]])).toBe(false);
    expect(isOmitted([[""], [""]])).toBe(false);
  });

  it("keeps a matrix rectangular", () => {
    expect(
      matrix(
        [
          [1, 2],
          [3, 4],
        ],
        "m",
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(matrix(5, "m")).toEqual([[5]]);
    expect(codeOf(() => matrix([[1, 2], [3]], "m"))).toBe("VALUE");
  });
});

describe("numbers", () => {
  it("reads numbers typed as text, percentages and blanks", () => {
    expect(numberFromText(" 1,234.5 ")).toBe(1234.5);
    expect(numberFromText("80%")).toBeCloseTo(0.8, 12);
    expect(numberFromText("¥1,200")).toBe(1200);
    expect(numberFromText("(50)")).toBe(-50);
    expect(Number.isNaN(numberFromText("abc"))).toBe(true);
    expect(numbers([[1], ["2"], [""], [null], [" 3.5 "]], "v")).toEqual([1, 2, null, null, 3.5]);
  });

  it("refuses text that is not a number and booleans with VALUE, naming the item", () => {
    expect(() => numbers([[1], ["x"]], "scores")).toThrow(/scores item 2/);
    expect(codeOf(() => numbers([["x"]], "v"))).toBe("VALUE");
    expect(codeOf(() => requiredNumber(true, "margin"))).toBe("VALUE");
    expect(codeOf(() => requiredNumber(null, "margin"))).toBe("VALUE");
  });

  it("gives defaults for omitted or blank optional arguments", () => {
    expect(optionalNumber(null, "x", 0.2)).toBe(0.2);
    expect(optionalNumber(undefined, "x", 0.2)).toBe(0.2);
    expect(optionalNumber("", "x", 0.2)).toBe(0.2);
    expect(optionalNumber("0.5", "x", 0.2)).toBe(0.5);
    expect(optionalNumber(null, "x")).toBeUndefined();
    expect(optionalInteger("5", "bins", 3)).toBe(5);
    expect(codeOf(() => optionalInteger(2.5, "bins", 3))).toBe("NUM");
  });

  it("reads lists from a range, an array constant or one text cell", () => {
    expect(numberList([[30], [60], [""], [90]], "breaks")).toEqual([30, 60, 90]);
    expect(numberList([[30, 60, 90, 180]], "breaks")).toEqual([30, 60, 90, 180]);
    expect(numberList([["30,60,90,180"]], "breaks")).toEqual([30, 60, 90, 180]);
    expect(numberList("0.01; 0.05; 0.2", "cuts")).toEqual([0.01, 0.05, 0.2]);
    expect(codeOf(() => numberList([["30,x"]], "breaks"))).toBe("VALUE");
  });
});

describe("options", () => {
  it("matches text options case-insensitively and reports the choices", () => {
    expect(optionalChoice(" quantile ", "method", ["QUANTILE", "NTILE"] as const, "NTILE")).toBe("QUANTILE");
    expect(optionalChoice(null, "method", ["QUANTILE", "NTILE"] as const, "NTILE")).toBe("NTILE");
    expect(() => optionalChoice("median", "method", ["QUANTILE", "NTILE"] as const, "NTILE")).toThrow(/QUANTILE, NTILE/);
    expect(optionalLang("EN")).toBe("en");
    expect(optionalLang("Zh-En")).toBe("zh-en");
    expect(optionalLang(undefined)).toBe("zh");
    expect(codeOf(() => optionalLang("fr"))).toBe("VALUE");
  });

  it("reads booleans, 1/0 and TRUE/FALSE text", () => {
    expect(optionalBoolean(true, "b", false)).toBe(true);
    expect(optionalBoolean(0, "b", true)).toBe(false);
    expect(optionalBoolean("false", "b", true)).toBe(false);
    expect(optionalBoolean(null, "b", true)).toBe(true);
    expect(codeOf(() => optionalBoolean("maybe", "b", true))).toBe("VALUE");
  });

  it("reads dates as serials or text, never defaulting to today", () => {
    expect(optionalDay(serial(2024, 6, 30), "as_of")).toBe(serial(2024, 6, 30));
    expect(optionalDay(serial(2024, 6, 30) + 0.75, "as_of")).toBe(serial(2024, 6, 30));
    expect(optionalDay("2024-06-30", "as_of")).toBe(serial(2024, 6, 30));
    expect(optionalDay("2024年6月30日", "as_of")).toBe(serial(2024, 6, 30));
    expect(optionalDay(null, "as_of")).toBeUndefined();
    expect(codeOf(() => optionalDay("soon", "as_of"))).toBe("VALUE");
  });
});

describe("Excel errors", () => {
  it("maps the core codes to #VALUE!, #NUM! and #N/A with the message", () => {
    const cases: [Error, string][] = [
      [valueError("bad"), "#VALUE!"],
      [numError("out of range"), "#NUM!"],
      [naError("no data"), "#N/A"],
    ];
    for (const [error, code] of cases) {
      const excel = toExcelError(error);
      expect(excel).toBeInstanceOf(ExcelError);
      expect([excel.code, excel.message]).toEqual([code, error.message]);
    }
    expect(toExcelError(new TypeError("oops")).code).toBe("#VALUE!");
  });

  it("turns a throw into an error value: scalar as itself, spill as a single error cell", () => {
    expect(
      (
        scalar(() => {
          throw numError("x");
        }) as ExcelError
      ).code,
    ).toBe("#NUM!");
    expect(scalar(() => 3)).toBe(3);
    const cell = spill(() => {
      throw naError("x");
    });
    expect(cell).toHaveLength(1);
    expect((cell[0][0] as ExcelError).code).toBe("#N/A");
  });

  it("puts a bad cell's error in its own row of an aligned spill", () => {
    const input = alignedNumbers([[1], ["x"], [""], ["4"]], "values");
    expect(input.values).toEqual([1, null, null, 4]);
    const out = alignedOutput(4, [input.errors], (i) => (input.values[i] === null ? "" : input.values[i]! * 10));
    expect(out[0]).toEqual([10]);
    expect((out[1][0] as ExcelError).code).toBe("#VALUE!");
    expect(out[2]).toEqual([""]);
    expect(out[3]).toEqual([40]);
    expect(codeOf(() => alignedNumbers([[1], [2]], "y", 3))).toBe("VALUE");
  });
});

describe("scalar results", () => {
  it("never hands Excel a non-finite number (#NUM! / #DIV/0!): #N/A instead", () => {
    expect((scalar(() => 1 / 0) as ExcelError).code).toBe("#N/A");
    expect((scalar(() => NaN) as ExcelError).code).toBe("#N/A");
  });
});
