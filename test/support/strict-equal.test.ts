/** The fast path of test/support/strict-equal.ts must fail wherever toStrictEqual fails. */
import { expectStrictEqual } from "./strict-equal";

class Row {
  constructor(readonly id: string) {}
}

describe("expectStrictEqual", () => {
  it("passes equal values, NaN included", () => {
    expectStrictEqual({ rows: [{ id: "A", v: NaN }], n: 1 }, { rows: [{ id: "A", v: NaN }], n: 1 });
  });

  it.each([
    ["a different number", { n: 1 }, { n: 2 }],
    ["-0 against 0", [0], [-0]],
    ["an undefined property against a missing one", { a: 1, b: undefined }, { a: 1 }],
    ["a hole against undefined", [1, , 3], [1, undefined, 3]],
    ["a class instance against a plain object", new Row("A"), { id: "A" }],
    ["a string against a number", ["1"], [1]],
  ])("fails on %s, as toStrictEqual does", (_, actual, expected) => {
    expect(() => expect(actual).toStrictEqual(expected)).toThrow();
    expect(() => expectStrictEqual(actual, expected)).toThrow();
  });
});
