/**
 * `expect(actual).toStrictEqual(expected)` for large values: Node's deep-strict comparison first,
 * which is many times faster on tens of thousands of rows, and Jest's matcher (with its diff) only
 * when that finds a difference. Deep-strict equality implies toStrictEqual (same prototypes, same
 * keys with undefined ones counted, Object.is on primitives), so no difference can slip through.
 */
import { isDeepStrictEqual } from "util";

export function expectStrictEqual(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected);
}

/**
 * The same for long lists, entry by entry: on a difference it shows the first differing entry and
 * its index, where Jest's diff of two whole 25,000-row tables takes minutes.
 */
export function expectEachStrictEqual(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(actual).toHaveLength(expected.length);
  const index = actual.findIndex((entry, i) => !isDeepStrictEqual(entry, expected[i]));
  if (index >= 0) expect({ index, entry: actual[index] }).toStrictEqual({ index, entry: expected[index] });
}
