import { CrmError, isCrmError, naError, numError, requireFinite, requireSameLength, safeDivide, valueError } from "../../src/core/errors";

describe("CrmError", () => {
  it("carries the §1.6 code and the message", () => {
    const e = numError("retention must be < 1 + d");
    expect(e).toBeInstanceOf(CrmError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe("NUM");
    expect(e.message).toBe("retention must be < 1 + d");
    expect(e.name).toBe("CrmError");
    expect(valueError("x").code).toBe("VALUE");
    expect(naError("x").code).toBe("NA");
    expect(isCrmError(e)).toBe(true);
    expect(isCrmError(new Error("plain"))).toBe(false);
  });

  it("requireFinite rejects text, NaN and infinities with VALUE", () => {
    expect(requireFinite(2.5, "margin")).toBe(2.5);
    for (const bad of ["12", NaN, Infinity, null, undefined]) {
      expect(() => requireFinite(bad, "margin")).toThrow(expect.objectContaining({ code: "VALUE" }));
    }
    expect(() => requireFinite("a", "margin")).toThrow(/margin/);
  });

  it("requireSameLength names both ranges", () => {
    expect(() => requireSameLength([1], [1], "x", "y")).not.toThrow();
    expect(() => requireSameLength([1], [1, 2], "x", "y")).toThrow(/x and y/);
  });

  it("safeDivide turns a zero divisor into NA, never Infinity", () => {
    expect(safeDivide(6, 3, "ratio")).toBe(2);
    expect(() => safeDivide(1, 0, "ratio")).toThrow(expect.objectContaining({ code: "NA" }));
  });
});
