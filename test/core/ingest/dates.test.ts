import fc from "fast-check";
import {
  addDateOrderEvidence,
  DateError,
  dayFromParts,
  dayFromSerial,
  dayFromYMD,
  dayMonthParts,
  dayOf,
  describeDateError,
  emptyEvidence,
  formatDay,
  isValidYMD,
  PairKind,
  pairKind,
  parseDayText,
  resolveDateOrder,
  serialFromDay,
  ymdFromDay,
} from "../../../src/core/ingest/dates";

/** Independent reference: JavaScript's own calendar (UTC) counted from 1899-12-30. */
function refDay(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

describe("day numbers", () => {
  it("counts from 1899-12-30", () => {
    expect(dayFromYMD(1899, 12, 30)).toBe(0);
    // 1970-01-01 is Excel serial 25569 (the Unix epoch in Excel), 2024-01-01 is 45292.
    expect(dayFromYMD(1970, 1, 1)).toBe(25569);
    expect(dayFromYMD(2024, 1, 1)).toBe(45292);
    expect(formatDay(45292)).toBe("2024-01-01");
  });

  it("agrees with the JavaScript calendar and round-trips, 1900–9999", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (date) => {
        const y = date.getUTCFullYear();
        const m = date.getUTCMonth() + 1;
        const d = date.getUTCDate();
        const day = dayFromYMD(y, m, d);
        expect(day).toBe(refDay(y, m, d));
        expect(ymdFromDay(day)).toEqual({ year: y, month: m, day: d });
      }),
      { numRuns: 2000 },
    );
  });

  it("knows the weekday: 1899-12-30 was a Saturday, 2024-01-01 a Monday", () => {
    // Day 0 is a Saturday, so Monday ⇔ day mod 7 = 2.
    expect(dayFromYMD(2024, 1, 1) % 7).toBe(2);
  });

  it("validates leap years by the Gregorian rule", () => {
    expect(isValidYMD(2024, 2, 29)).toBe(true);
    expect(isValidYMD(2023, 2, 29)).toBe(false);
    expect(isValidYMD(2000, 2, 29)).toBe(true); // divisible by 400
    expect(isValidYMD(1900, 2, 29)).toBe(false); // divisible by 100, not 400
    expect(isValidYMD(2100, 2, 29)).toBe(false);
    expect(isValidYMD(2024, 4, 31)).toBe(false);
    expect(isValidYMD(2024, 13, 1)).toBe(false);
  });
});

describe("Excel serials", () => {
  it("1900 system: serial 1 = 1900-01-01, 59 = 1900-02-28, 60 refused, 61 = 1900-03-01", () => {
    expect(formatDay(dayFromSerial(1))).toBe("1900-01-01");
    expect(dayFromSerial(1)).toBe(2);
    expect(formatDay(dayFromSerial(59))).toBe("1900-02-28");
    expect(dayFromSerial(60)).toBe(DateError.FEB29_1900);
    expect(describeDateError(DateError.FEB29_1900, 60)).toMatch(/fictitious 1900-02-29/);
    expect(formatDay(dayFromSerial(61))).toBe("1900-03-01");
    expect(dayFromSerial(45292)).toBe(45292);
  });

  it("drops the time of day", () => {
    // 45292.99 is 2024-01-01 23:45:36.
    expect(formatDay(dayFromSerial(45292.99))).toBe("2024-01-01");
    expect(dayFromSerial(59.5)).toBe(dayFromSerial(59));
    expect(dayFromSerial(60.25)).toBe(DateError.FEB29_1900);
  });

  it("refuses serial 0, bare times, negatives and serials past 9999-12-31", () => {
    expect(dayFromSerial(0)).toBe(DateError.TIME_ONLY);
    expect(dayFromSerial(0.5)).toBe(DateError.TIME_ONLY);
    expect(dayFromSerial(-1)).toBe(DateError.RANGE);
    expect(formatDay(dayFromSerial(2958465))).toBe("9999-12-31");
    expect(dayFromSerial(2958466)).toBe(DateError.RANGE);
    expect(dayFromSerial(NaN)).toBe(DateError.FORMAT);
  });

  it("1904 system: serial 0 = 1904-01-01, 2024-01-01 = 43830", () => {
    expect(dayFromSerial(0, true)).toBe(1462);
    expect(formatDay(dayFromSerial(0, true))).toBe("1904-01-01");
    // The two systems differ by 1462 days: 45292 − 1462.
    expect(formatDay(dayFromSerial(43830, true))).toBe("2024-01-01");
    expect(formatDay(dayFromSerial(43830.6, true))).toBe("2024-01-01");
    expect(dayFromSerial(-1, true)).toBe(DateError.RANGE);
  });

  it("reads 8-digit integers as YYYYMMDD, never as serials", () => {
    expect(formatDay(dayFromSerial(20240305))).toBe("2024-03-05");
    expect(formatDay(dayFromSerial(19000101))).toBe("1900-01-01");
    expect(formatDay(dayFromSerial(20240305, true))).toBe("2024-03-05");
    expect(dayFromSerial(20230229)).toBe(DateError.CALENDAR);
    expect(describeDateError(DateError.CALENDAR, 20230229)).toMatch(/YYYYMMDD/);
    expect(dayFromSerial(20240305.5)).toBe(DateError.RANGE);
    expect(dayFromSerial(12345678)).toBe(DateError.RANGE);
  });

  it("serialFromDay inverts dayFromSerial in both systems", () => {
    for (const serial of [1, 2, 58, 59, 61, 100, 45292, 2958465]) expect(serialFromDay(dayFromSerial(serial))).toBe(serial);
    for (const serial of [0, 1, 43830]) expect(serialFromDay(dayFromSerial(serial, true), true)).toBe(serial);
    expect(() => serialFromDay(1)).toThrow(RangeError);
    expect(() => serialFromDay(1461, true)).toThrow(RangeError);
  });
});

describe("date text", () => {
  const march5 = dayFromYMD(2024, 3, 5);

  it.each([
    "2024-03-05",
    "2024-3-5",
    "2024-03-05T13:45:00",
    "2024-03-05T13:45:00.123Z",
    "2024-03-05T13:45:00+08:00",
    "2024-03-05T23:59:59-0500",
    "2024-03-05 13:45",
    "2024-03-05 00:00:00.000",
    "2024/03/05",
    "2024/3/5 9:05",
    "2024.03.05",
    "20240305",
    "20240305 13:45",
    "2024年3月5日",
    "2024年03月05日",
    "2024 年 3 月 5 日",
    "2024年3月5号",
    "2024年3月5日 13:45",
    "2024年3月5日13:45:10",
    "2024年3月5日 13时45分",
    "2024年3月5日 下午3点",
    "２０２４年３月５日",
    "２０２４－０３－０５",
    "  2024-03-05\u00a0",
    "5-Mar-2024",
    "5-Mar-24",
    "05 March 2024",
    "Mar 5, 2024",
    "March 5th 2024 13:45",
  ])("%s is 2024-03-05", (text) => {
    expect(parseDayText(text)).toBe(march5);
  });

  it("reads day/month text in the order given", () => {
    expect(parseDayText("05/03/2024", { order: "DMY" })).toBe(march5);
    expect(parseDayText("03/05/2024", { order: "MDY" })).toBe(march5);
    expect(parseDayText("5-3-24", { order: "DMY" })).toBe(march5);
    expect(parseDayText("5.3.2024", { order: "DMY" })).toBe(march5);
    expect(parseDayText("3/5/2024 1:45 PM", { order: "MDY" })).toBe(march5);
    // AUTO: a value that fits one order only is read so; otherwise day-first.
    expect(formatDay(parseDayText("03/25/2024"))).toBe("2024-03-25");
    expect(formatDay(parseDayText("25/03/2024"))).toBe("2024-03-25");
    expect(parseDayText("05/03/2024")).toBe(march5);
    // A value that contradicts the given order.
    expect(parseDayText("25/03/2024", { order: "MDY" })).toBe(DateError.ORDER);
    expect(describeDateError(DateError.ORDER, "25/03/2024", { order: "MDY" })).toMatch(/month-first/);
    expect(parseDayText("31/02/2024", { order: "DMY" })).toBe(DateError.CALENDAR);
  });

  it("reads month names in full, abbreviated, or Sept", () => {
    expect(formatDay(parseDayText("Sept 5, 2024"))).toBe("2024-09-05");
    expect(formatDay(parseDayText("5 December 2023"))).toBe("2023-12-05");
    expect(parseDayText("5 Marc 2024")).toBe(DateError.FORMAT);
  });

  it("follows Excel's two-digit-year window (00–29 → 2000s, 30–99 → 1900s)", () => {
    expect(formatDay(parseDayText("1/1/29", { order: "DMY" }))).toBe("2029-01-01");
    expect(formatDay(parseDayText("1/1/30", { order: "DMY" }))).toBe("1930-01-01");
  });

  it("reads digits-only text like the number they spell", () => {
    expect(parseDayText("45292")).toBe(45292);
    expect(parseDayText("45292.75")).toBe(45292);
    expect(parseDayText("60")).toBe(DateError.FEB29_1900);
    expect(parseDayText("0", { date1904: true })).toBe(1462);
  });

  it.each([
    ["2023-02-29", DateError.CALENDAR],
    ["1900-02-29", DateError.CALENDAR],
    ["2024-13-01", DateError.CALENDAR],
    ["2024-04-31", DateError.CALENDAR],
    ["2024年2月30日", DateError.CALENDAR],
    ["1899-12-31", DateError.RANGE],
    ["2024-03-05x", DateError.FORMAT],
    ["2024-03-05T25:00", DateError.FORMAT],
    ["2024-03-05 13:60", DateError.FORMAT],
    ["2024-03-05 13:45 PM", DateError.FORMAT],
    ["2024-03", DateError.FORMAT],
    ["2024/03-05", DateError.FORMAT],
    ["05/03/202", DateError.FORMAT],
    ["Foo 5, 2024", DateError.FORMAT],
    ["hello", DateError.FORMAT],
    ["   ", DateError.BLANK],
  ])("%s is refused (%d)", (text, code) => {
    expect(parseDayText(text)).toBe(code);
  });

  it("refuses booleans and blanks as cells", () => {
    expect(dayOf(true)).toBe(DateError.BOOLEAN);
    expect(dayOf(null)).toBe(DateError.BLANK);
    expect(dayOf(undefined)).toBe(DateError.BLANK);
    expect(dayOf("")).toBe(DateError.BLANK);
    expect(dayOf(45292)).toBe(45292);
    expect(dayOf(0, { date1904: true })).toBe(1462);
  });
});

describe("day/month order of a column", () => {
  function decide(values: string[], option: "AUTO" | "DMY" | "MDY" = "AUTO") {
    const evidence = emptyEvidence();
    values.forEach((v, i) => addDateOrderEvidence(evidence, v, i));
    return { evidence, decision: resolveDateOrder(evidence, option) };
  }

  it("classifies single values", () => {
    expect(pairKind("05/03/2024")).toBe(PairKind.EITHER);
    expect(pairKind("25/03/2024")).toBe(PairKind.DMY_ONLY);
    expect(pairKind("03/25/2024")).toBe(PairKind.MDY_ONLY);
    expect(pairKind("25/25/2024")).toBe(PairKind.NEITHER);
    expect(pairKind("2024-03-05")).toBe(PairKind.NONE);
    expect(pairKind(45292)).toBe(PairKind.NONE);
  });

  it("packs day/month text so a column is scanned once and dated later", () => {
    expect(dayMonthParts("05/03/2024")).toBe(20240503);
    expect(dayMonthParts("5-3-24")).toBe(20240503); // two-digit year widened to 2024
    expect(dayMonthParts("2024-03-05")).toBe(-1);
    expect(dayMonthParts(45292)).toBe(-1);
    expect(formatDay(dayFromParts(20240503, "DMY"))).toBe("2024-03-05");
    expect(formatDay(dayFromParts(20240503, "MDY"))).toBe("2024-05-03");
    expect(dayFromParts(20242503, "MDY")).toBe(DateError.ORDER);
  });

  it("a first part above 12 makes the column day-first", () => {
    const { decision } = decide(["05/03/2024", "25/03/2024", "2024-01-01"]);
    expect(decision).toEqual({ order: "DMY", status: "decided" });
  });

  it("a second part above 12 makes the column month-first", () => {
    const { decision } = decide(["05/03/2024", "03/25/2024"]);
    expect(decision).toEqual({ order: "MDY", status: "decided" });
  });

  it("nothing telling: ambiguous, read as DMY", () => {
    const { decision } = decide(["05/03/2024", "01/02/2024"]);
    expect(decision).toEqual({ order: "DMY", status: "ambiguous" });
  });

  it("both kinds: conflict, the more frequent order wins and the first examples are kept", () => {
    const { evidence, decision } = decide(["13/01/2024", "01/13/2024", "01/14/2024", "05/05/2024"]);
    expect(decision).toEqual({ order: "MDY", status: "conflict" });
    expect(evidence.firstDmy).toEqual({ index: 0, text: "13/01/2024" });
    expect(evidence.firstMdy).toEqual({ index: 1, text: "01/13/2024" });
    expect(evidence).toMatchObject({ either: 1, dmyOnly: 1, mdyOnly: 2 });
  });

  it("a given order is kept; no day/month text means no order", () => {
    expect(decide(["25/03/2024"], "MDY").decision).toEqual({ order: "MDY", status: "given" });
    expect(decide(["2024-03-05"]).decision).toEqual({ order: null, status: "none" });
  });
});
