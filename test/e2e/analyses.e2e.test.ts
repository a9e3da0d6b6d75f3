/** The Analyses tab of the built task pane in Chromium, over the fake workbook (harness: ./harness.ts). */
import type { Locator } from "playwright-core";
import { labelColor } from "../../src/core/report/labels";
import { STRINGS } from "../../src/taskpane/i18n";
import { openPane, closePane, snapshot, until, tabTo, button, usePaneHarness } from "./harness";

usePaneHarness();

describe("task pane in Chromium over the fake workbook: analyses", () => {
  test.each([
    ["zh-CN", false],
    ["en-US", true],
  ] as const)("Analyses with the keyboard only: value matrix, then lifecycle movement (%s, dark %s)", async (displayLanguage, dark) => {
    const pane = await openPane({ displayLanguage, dark, latencyMs: 20 });
    const { page } = pane;
    const t = STRINGS[displayLanguage === "zh-CN" ? "zh" : "en"];
    const a = t.an;
    const press = async (target: Locator, key = "Enter") => {
      await tabTo(page, target);
      await page.keyboard.press(key);
    };

    // Third tab: Tab to the selected tab, arrows to Analyses, Enter.
    await tabTo(page, page.getByRole("tab", { name: t.jobs.segments }));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: a.pickHeading }).waitFor();
    expect(await page.getByRole("radio", { name: new RegExp(a.kinds.matrix) }).isChecked()).toBe(true);
    await pane.shot("an-1-pick");
    await press(button(page, t.next));
    await page.getByRole("heading", { name: t.dataHeading }).waitFor();
    await press(button(page, t.insertSample));
    await until(
      () => button(page, t.next).isEnabled(),
      (ok) => ok,
      "the data to be read",
    );
    await press(button(page, t.next));
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    await pane.shot("an-2-columns");
    await press(button(page, t.next));
    await page.getByRole("heading", { name: `${a.optionsHeading} · ${a.kinds.matrix}` }).waitFor();

    // Value matrix (one up from the default profitability matrix): its axes CV × trend; x split at the mean.
    await press(page.getByRole("radio", { name: a.schemes.PROFIT }), "ArrowUp");
    expect(await page.getByRole("radio", { name: a.schemes.VALUE }).isChecked()).toBe(true);
    expect(await page.getByRole("combobox", { name: a.x }).textContent()).toBe(a.measures.CLV);
    expect(await page.getByRole("combobox", { name: a.y }).textContent()).toBe(a.measures.TREND);
    const xCuts = page.getByRole("radiogroup", { name: a.cut(a.measures.CLV) });
    await press(xCuts.getByRole("radio", { name: a.cuts.MEDIAN }), "ArrowRight");
    expect(await xCuts.getByRole("radio", { name: a.cuts.MEAN }).isChecked()).toBe(true);
    await pane.shot("an-3-matrix-options");
    await press(button(page, a.run));
    await page.getByRole("heading", { name: `${a.resultsHeading} · ${a.schemes.VALUE}` }).waitFor({ timeout: 30_000 });
    await pane.shot("an-4-matrix-results");
    let snap = await snapshot(page);
    const matrixSheets = (snap.settings["crmSegments.analysis.matrix"] as { sheets: { key: string; name: string }[] }).sheets;
    const summary = snap.sheets.find((sh) => sh.name === matrixSheets.find((x) => x.key === "summary")!.name)!;
    expect(summary.charts.map((c) => c.type)).toEqual(["XYScatter"]);
    expect(summary.charts[0].series.length).toBe(6);
    // Four quadrant sheets, tab-coloured.
    expect(
      snap.sheets
        .filter((sh) => matrixSheets.some((x) => x.key.startsWith("class:VM_") && x.name === sh.name))
        .map((sh) => sh.tabColor.toUpperCase()),
    ).toEqual(["VM_IV", "VM_III", "VM_II", "VM_I"].map((c) => labelColor("VALUE", c).toUpperCase()));

    // Another analysis: lifecycle movement at a comparison date, on the same data and columns.
    await press(button(page, a.another));
    await page.getByRole("heading", { name: a.pickHeading }).waitFor();
    await press(page.getByRole("radio", { name: new RegExp(a.kinds.matrix) }), "ArrowDown");
    await press(button(page, t.next));
    await press(button(page, t.next));
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    await press(button(page, t.next));
    await page.getByRole("heading", { name: `${a.optionsHeading} · ${a.kinds.lifecycle}` }).waitFor();
    expect(await button(page, a.run).isDisabled()).toBe(true);
    await tabTo(page, page.getByRole("textbox", { name: a.compareTo }));
    await page.keyboard.type("2023-12-31");
    await pane.shot("an-5-lifecycle-options");
    await press(button(page, a.run));
    await page.getByRole("heading", { name: `${a.resultsHeading} · ${a.kinds.lifecycle}` }).waitFor({ timeout: 30_000 });
    await pane.shot("an-6-lifecycle-results");
    snap = await snapshot(page);
    const lcSheets = (snap.settings["crmSegments.analysis.lifecycle"] as { sheets: { key: string; name: string }[] }).sheets;
    const lcSummary = snap.sheets.find((sh) => sh.name === lcSheets.find((x) => x.key === "summary")!.name)!;
    expect(lcSummary.charts.map((c) => c.type)).toEqual(["ColumnStacked"]);
    expect(lcSummary.conditionalFormats.map((cf) => cf.type)).toContain("ColorScale");
    // The matrix's sheets are still there.
    expect(matrixSheets.every((x) => snap.sheets.some((sh) => sh.name === x.name))).toBe(true);
    await closePane(pane);
  });
});
