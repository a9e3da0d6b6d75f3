import { nps, npsClass, npsLabel, npsSummary } from "../../../src/core/methods/nps";

const code = (expected: string) => expect.objectContaining({ code: expected });

describe("CRM.NPS (§9.5)", () => {
  const scores = [10, 9, 9, 8, 7, 6, 3, 10, 5, 9];

  it("test: 5 promoters, 3 detractors of 10 → NPS 20", () => {
    expect(npsSummary(scores)).toEqual({ nps: 20, promoters: 5, passives: 2, detractors: 3, respondents: 10, ignored: 0 });
    expect(nps(scores)).toBe(20);
  });

  it("custom cut-offs: promoters from 8 → 6 promoters, 3 detractors → 30", () => {
    expect(nps(scores, { promoterMin: 8 })).toBe(30);
    // detractors up to 7 → 5 promoters, 4 detractors (7, 6, 3, 5) → 10
    expect(nps(scores, { detractorMax: 7 })).toBe(10);
  });

  it("blanks are ignored; one respondent gives ±100 or 0", () => {
    expect(nps([null, 10, undefined, NaN])).toBe(100);
    expect(nps([8])).toBe(0);
    expect(nps([0])).toBe(-100);
  });

  it("non-integer or out-of-range scores → NUM, or skipped and counted under IGNORE", () => {
    expect(() => nps([10, 11])).toThrow(code("NUM"));
    expect(() => nps([7.5])).toThrow(code("NUM"));
    expect(() => nps([-1])).toThrow(code("NUM"));
    // 10 and 0 remain: (1 − 1)/2
    expect(npsSummary([10, 11, 7.5, 0, null], { invalid: "IGNORE" })).toEqual({
      nps: 0,
      promoters: 1,
      passives: 0,
      detractors: 1,
      respondents: 2,
      ignored: 2,
    });
  });

  it("no valid respondents → N/A; bad options → NUM / VALUE", () => {
    expect(() => nps([null, null])).toThrow(code("NA"));
    expect(() => nps([11], { invalid: "IGNORE" })).toThrow(code("NA"));
    expect(() => nps([5], { promoterMin: 6, detractorMax: 6 })).toThrow(code("NUM"));
    expect(() => nps([5], { promoterMin: 12 })).toThrow(code("NUM"));
    expect(() => nps([5], { invalid: "SKIP" as "IGNORE" })).toThrow(code("VALUE"));
    expect(() => nps(["9" as unknown as number])).toThrow(code("VALUE"));
  });
});

describe("CRM.NPSCLASS", () => {
  it("aligned classes with blanks kept blank", () => {
    expect(npsClass([10, 8, 6, null, 7, 9])).toEqual(["PROMOTER", "PASSIVE", "DETRACTOR", null, "PASSIVE", "PROMOTER"]);
  });
  it("labels", () => {
    expect(npsLabel("PROMOTER")).toBe("推荐者");
    expect(npsLabel("PASSIVE", "en")).toBe("Passive");
    expect(npsLabel("DETRACTOR", "zh-en")).toBe("贬损者 Detractor");
  });
});
