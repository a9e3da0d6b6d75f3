/** CRM.LIFECYCLE called as Excel calls it, against METHODS.md Appendix A.5. */
import "./excel-globals";
import { lifecycleStage } from "../../src/functions/lifecycle";
import { A1, a5Extra, columns, errorCode, OMITTED, serial } from "./fixtures";

// Appendix A.5 (E = 90, W = 180, H = 180): id, stage, lapsed, N, R, T, S1, S0.
const A5: [string, string, string, number, number, number, number, number][] = [
  ["C01", "形成期", "", 4, 2, 177, 450, 0],
  ["C02", "考察期", "", 1, 5, 5, 900, 0],
  ["C03", "退化期", "", 3, 198, 334, 0, 1250],
  ["C04", "考察期", "", 3, 1, 31, 105, 0],
  ["C05", "退化期", "流失", 1, 365, 365, 0, 0],
  ["C06", "形成期", "", 3, 29, 150, 2050, 0],
  ["C07", "考察期", "", 1, 0, 0, 25, 0],
  ["C08", "退化期", "", 2, 232, 295, 0, 2700],
  ["C09", "形成期", "", 2, 71, 162, 200, 0],
  ["C10", "考察期", "", 1, 119, 119, 0, 0],
  ["C11", "稳定期", "", 24, 26, 716, 600, 600],
  ["C12", "退化期", "", 5, 60, 487, 150, 1700],
  ["C13", "形成期", "", 4, 60, 515, 700, 100],
];

const data = columns([...A1, ...a5Extra()]);

describe("CRM.LIFECYCLE", () => {
  it("reproduces Appendix A.5 with the default parameters and a Chinese header", () => {
    const out = lifecycleStage(data.ids, data.dates, data.amounts, data.orders);
    expect(out[0]).toEqual(["客户编号", "生命周期阶段", "流失", "购买次数", "最近购买天数", "客户关系天数", "近期消费", "前期消费"]);
    expect(out.slice(1)).toEqual(A5);
  });

  it("gives the same with the A.5 parameters spelled out, as_of as text, and English labels", () => {
    const out = lifecycleStage(data.ids, data.dates, data.amounts, data.orders, "2024-06-30", 180, "180", 90, "en");
    expect(out[0]).toEqual(["CustomerID", "Stage", "Lapsed", "N", "Recency_days", "Tenure_days", "S1", "S0"]);
    expect(out.slice(1).map((r) => r.slice(3))).toEqual(A5.map((r) => r.slice(3)));
    expect(out[5].slice(0, 3)).toEqual(["C05", "Decline", "Lapsed"]);
    expect(out[11].slice(0, 3)).toEqual(["C11", "Stability", ""]);
  });

  it("takes hiatus AUTO: 3 × the median mean purchase interval, 3 × 63 = 189 days, so C05 (365 < 2·189) is not lapsed", () => {
    const out = lifecycleStage(data.ids, data.dates, data.amounts, data.orders, null, null, "auto");
    expect(out.slice(1)).toEqual(A5.map((r) => (r[0] === "C05" ? [r[0], r[1], "", ...r.slice(3)] : r)));
  });

  it("returns #NUM! for a window of 0 days, #VALUE! for mismatched ranges, #N/A without data", () => {
    expect(errorCode(lifecycleStage(data.ids, data.dates, data.amounts, data.orders, null, 0)[0][0])).toBe("#NUM!");
    expect(errorCode(lifecycleStage(data.ids, data.dates.slice(1), data.amounts)[0][0])).toBe("#VALUE!");
    expect(errorCode(lifecycleStage([[""]], [[""]], [[""]])[0][0])).toBe("#N/A");
    expect(errorCode(lifecycleStage(data.ids, data.dates, data.amounts, OMITTED, serial("2024-06-30"), null, "often")[0][0])).toBe(
      "#VALUE!",
    );
  });
});
