/**
 * The results view after a run (on the fake workbook) whose data has a customer who only returned
 * goods: the no-valid-purchase group is listed like a segment, with its #EEEEEE chip and its count,
 * in the pane's language.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { ResultsView } from "../../src/taskpane/ResultsView";
import { STRINGS } from "../../src/taskpane/i18n";
import { harness, runRequest, runWith, type Harness } from "../excel/helpers";

let h: Harness;
afterEach(() => h?.restore());

const text = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

test.each(["en", "zh"] as const)("a returns-only customer shows as a no-valid-purchase chip with count 1 (%s)", async (lang) => {
  h = harness();
  // A1 and A2 buy; X only returns 20.
  h.fake.addSheet("Sales", [
    ["Customer", "Date", "Amount"],
    ["A1", 45292, 100],
    ["X", 45300, -20],
    ["A2", 45323, 30],
  ]);
  h.fake.select("Sales", "A1");
  const report = await runWith(h.api, runRequest({ lang }));
  const markup = renderToStaticMarkup(
    <ResultsView
      t={STRINGS[lang]}
      lang={lang}
      report={report}
      scheme="W11"
      onOpenSheet={() => undefined}
      onChangeOptions={() => undefined}
      onNewRun={() => undefined}
    />,
  );
  const row = markup.match(/<tr[^>]*data-code="NO_PURCHASE"[^>]*>.*?<\/tr>/)?.[0] ?? "";
  expect(row).toMatch(/background-color:#EEEEEE/);
  expect(text(row)).toContain(lang === "en" ? "No valid purchase" : "无有效购买");
  expect(row).toMatch(/data-col="customers"[^>]*>1</);
  // The total row counts all three customers.
  expect(text(markup)).toMatch(new RegExp(`${STRINGS[lang].total} 3 `));
});
