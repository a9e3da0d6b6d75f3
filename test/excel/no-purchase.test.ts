/**
 * "Segment this sheet" on the strict fake workbook with a customer who has no purchase that counts
 * (returns only, $0 lines only, every row after the as-of date): the run completes, and the customer
 * is labelled no valid purchase in every class column, filled #EEEEEE and counted in the summary
 * and in the pane's report. Under W11, W10 and CN8, in Chinese and English.
 */
import type { Cell } from "../../src/core/types";
import { harness, runRequest, runWith, type Harness } from "./helpers";

let h: Harness;
afterEach(() => h?.restore());

const day = (iso: string) => Math.round((Date.parse(iso) - Date.UTC(1899, 11, 30)) / 86400000);

/** A1 buys twice, A2 once; X's lines sit between theirs. */
function noPurchaseSheet(x: Cell[][]): Cell[][] {
  return [
    ["Customer", "Date", "Amount"],
    ["A1", day("2024-01-01"), 100],
    ["A2", day("2024-02-01"), 30],
    ...x,
    ["A1", day("2024-03-01"), 50],
  ];
}

const NO_PURCHASE_CASES: Record<string, { x: Cell[][]; asOf?: number }> = {
  "returns only": { x: [["X", day("2024-02-10"), -20]] },
  "$0 lines only": {
    x: [
      ["X", day("2024-02-10"), 0],
      ["X", day("2024-02-12"), 0],
    ],
  },
  "every row after the as-of date": { x: [["X", day("2024-06-01"), 40]], asOf: day("2024-03-31") },
};

const TEXT = {
  en: { none: "No valid purchase", customers: "Customers", summary: "Summary" },
  zh: { none: "无有效购买", customers: "客户", summary: "汇总" },
};

const cases = Object.entries(NO_PURCHASE_CASES).flatMap(([name, c]) =>
  (["W11", "W10", "CN8"] as const).flatMap((scheme) => (["en", "zh"] as const).map((lang) => [name, scheme, lang, c] as const)),
);

test.each(cases)("%s, %s, %s", async (_name, scheme, lang, c) => {
  const t = TEXT[lang];
  h = harness();
  const sheet = noPurchaseSheet(c.x);
  h.fake.addSheet("Sales", sheet as never);
  h.fake.select("Sales", "A1");
  const report = await runWith(h.api, runRequest({ lang, analyze: c.asOf === undefined ? { scheme } : { scheme, asOf: c.asOf } }));

  // Customers sheet: three rows; X (third) is no valid purchase in segment, ABC and pyramid, row filled #EEEEEE.
  const customers = h.fake.read(t.customers);
  expect(customers.slice(1).map((r) => r[0])).toEqual(["A1", "A2", "X"]);
  expect(customers[3].slice(11, 14)).toEqual([t.none, t.none, t.none]);
  expect(h.fake.effectiveFillAt(t.customers, "A4")).toBe("#EEEEEE");
  expect(h.fake.effectiveFillAt(t.customers, "N4")).toBe("#EEEEEE");
  for (const buyer of customers.slice(1, 3)) expect(buyer.slice(11, 14)).not.toContain(t.none);

  // Tier columns (D: segment, H: ABC, I: pyramid) on X's source rows.
  const sales = h.fake.read("Sales");
  sales.slice(1).forEach((row, i) => {
    const expected =
      sheet[i + 1][0] === "X" ? [t.none, t.none, t.none] : [expect.not.stringMatching(t.none), expect.anything(), expect.anything()];
    expect([row[3], row[7], row[8]]).toEqual(expected);
  });

  // Summary: one no-purchase row in each of the segment, ABC and pyramid tables, count 1, filled #EEEEEE.
  const summary = h.fake.read(t.summary);
  const noneRows = summary.map((r, i) => [i, r] as const).filter(([, r]) => r[0] === t.none);
  expect(noneRows.map(([, r]) => r[1])).toEqual([1, 1, 1]);
  for (const [i] of noneRows) expect(h.fake.effectiveFillAt(t.summary, `A${i + 1}`)).toBe("#EEEEEE");

  // The pane's report: the segment row the results view shows as a chip with its count.
  const none = report.segments.find((s) => s.code === "NO_PURCHASE");
  expect(none).toMatchObject({ customers: 1, label: t.none, color: "#EEEEEE", sheetName: t.none });
  expect(report.segments.filter((s) => s.code !== "NO_PURCHASE").reduce((n, s) => n + s.customers, 0)).toBe(2);
});
