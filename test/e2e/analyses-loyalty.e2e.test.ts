/** The Analyses tab's loyalty index builder in Chromium over the fake workbook, keyboard only (harness: ./harness.ts). */
import type { Locator } from "playwright-core";
import { loyaltyMeasureName } from "../../src/core/methods/loyalty-builder";
import { STRINGS } from "../../src/taskpane/i18n";
import { LOYALTY_STRINGS } from "../../src/taskpane/i18n-loyalty";
import { button, closePane, openPane, snapshot, tabTo, until, usePaneHarness } from "./harness";

usePaneHarness();

describe("task pane in Chromium over the fake workbook: loyalty index builder", () => {
  test.each([
    ["zh-CN", false],
    ["en-US", true],
  ] as const)("indicators, directions, the AHP editor with live CR, run (%s, dark %s)", async (displayLanguage, dark) => {
    const pane = await openPane({ displayLanguage, dark, latencyMs: 20 });
    const { page } = pane;
    const lang = displayLanguage === "zh-CN" ? "zh" : "en";
    const t = STRINGS[lang];
    const a = t.an;
    const L = LOYALTY_STRINGS[lang];
    const name = (m: Parameters<typeof loyaltyMeasureName>[0]) => loyaltyMeasureName(m, lang);
    const press = async (target: Locator, key = "Enter") => {
      await tabTo(page, target);
      await page.keyboard.press(key);
    };
    const retype = async (target: Locator, text: string) => {
      await tabTo(page, target);
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(text);
    };

    await tabTo(page, page.getByRole("tab", { name: t.jobs.segments }));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: a.pickHeading }).waitFor();
    // Loyalty is the last analysis: down from the value matrix until it is checked.
    await press(page.getByRole("radio", { name: new RegExp(a.kinds.matrix) }), "ArrowDown");
    const loyaltyRadio = page.getByRole("radio", {
      name: new RegExp(a.kinds.loyalty),
    });
    for (let i = 0; i < 5 && !(await loyaltyRadio.isChecked()); i++) await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: new RegExp(a.kinds.loyalty) }).isChecked()).toBe(true);
    await pane.shot("an-loyalty-1-pick");
    await press(button(page, t.next));
    await press(button(page, t.insertSample));
    await until(
      () => button(page, t.next).isEnabled(),
      (ok) => ok,
      "the data to be read",
    );
    await press(button(page, t.next));
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    await press(button(page, t.next));
    await page
      .getByRole("heading", {
        name: `${a.optionsHeading} · ${a.kinds.loyalty}`,
      })
      .waitFor();

    // The default: §9.3's A11–A13 with its A1 judgements → λmax 3.0092, CR 0.0079 (METHODS §9.3 step 4).
    const status = page.locator("[aria-live=polite]");
    expect(await status.textContent()).toContain("CR 0.0079");
    const cell = (x: string, y: string) => page.getByRole("textbox", { name: L.cellLabel(x, y), exact: true });
    expect(await cell(name("DURATION"), name("RATE")).inputValue()).toBe("1/2");
    await pane.shot("an-loyalty-2-options");

    // A fourth indicator by keyboard: recency, lower is better by default; its comparisons start at 1.
    await press(page.getByRole("checkbox", { name: name("RECENCY") }), " ");
    expect(await page.getByRole("combobox", { name: L.direction(name("RECENCY")) }).inputValue()).toBe("-1");
    expect(await cell(name("FTREND"), name("RECENCY")).inputValue()).toBe("1");
    // Recency as light as the trend (A11 : R = 2, A12 : R = 3, A13 : R = 1): CR 0.0038, consistent.
    await retype(cell(name("DURATION"), name("RECENCY")), "2");
    await retype(cell(name("RATE"), name("RECENCY")), "3");
    await until(
      () => status.textContent(),
      (text) => text !== null && text.includes("CR 0.0038"),
      "the live CR",
    );

    // An inconsistent judgement: warned, Run still allowed.
    await retype(cell(name("DURATION"), name("RATE")), "9");
    await until(
      () => status.textContent(),
      (text) => text !== null && text.includes(L.inconsistentTitle),
      "the inconsistency warning",
    );
    expect(await button(page, a.run).isEnabled()).toBe(true);
    await pane.shot("an-loyalty-3-inconsistent");
    // Off the scale: flagged, Run disabled until fixed.
    await retype(cell(name("DURATION"), name("RATE")), "12");
    await until(
      () => status.textContent(),
      (text) => text !== null && text.includes(L.invalidCell),
      "the invalid entry",
    );
    expect(await button(page, a.run).isDisabled()).toBe(true);
    expect(await cell(name("DURATION"), name("RATE")).getAttribute("aria-invalid")).toBe("true");
    await retype(cell(name("DURATION"), name("RATE")), "1/2");
    await until(
      () => status.textContent(),
      (text) => text !== null && text.includes(L.consistent),
      "consistency again",
    );
    await pane.shot("an-loyalty-4-four-indicators");

    await press(button(page, a.run));
    await page
      .getByRole("heading", {
        name: `${a.resultsHeading} · ${a.kinds.loyalty}`,
      })
      .waitFor({ timeout: 30_000 });
    await pane.shot("an-loyalty-5-results");
    const snap = await snapshot(page);
    const sheets = (
      snap.settings["crmSegments.analysis.loyalty"] as {
        sheets: { key: string; name: string }[];
      }
    ).sheets;
    expect(sheets.map((s) => s.key)).toEqual(["loyalty-weights", "loyalty-customers"]);
    expect(sheets.every((s) => snap.sheets.some((sh) => sh.name === s.name))).toBe(true);
    // The results link opens the weights sheet.
    await press(page.getByRole("button", { name: L.openWeights }));
    await until(
      async () => (await snapshot(page)).active,
      (active) => active === sheets[0].name,
      "the weights sheet to be active",
    );
    await closePane(pane);
  });
});
