/** The Analyses tab's profitability cascade and the lifecycle's segment migration in Chromium over the fake workbook (harness: ./harness.ts). */
import type { Locator } from "playwright-core";
import { STRINGS } from "../../src/taskpane/i18n";
import { openPane, closePane, snapshot, until, tabTo, button, usePaneHarness } from "./harness";

usePaneHarness();

describe("task pane in Chromium over the fake workbook: profitability cascade", () => {
  test.each([
    ["zh-CN", false],
    ["en-US", true],
  ] as const)("the cascade, then lifecycle with segment migration, by keyboard (%s, dark %s)", async (displayLanguage, dark) => {
    const pane = await openPane({ displayLanguage, dark, latencyMs: 20 });
    const { page } = pane;
    const t = STRINGS[displayLanguage === "zh-CN" ? "zh" : "en"];
    const a = t.an;
    const c = a.cascade;
    const press = async (target: Locator, key = "Enter") => {
      await tabTo(page, target);
      await page.keyboard.press(key);
    };
    const toOptions = async (kind: string) => {
      await press(button(page, t.next));
      await page.getByRole("heading", { name: t.dataHeading }).waitFor();
      if (await button(page, t.insertSample).isVisible()) {
        if (!(await button(page, t.next).isEnabled())) {
          await press(button(page, t.insertSample));
          await until(
            () => button(page, t.next).isEnabled(),
            (ok) => ok,
            "the data to be read",
          );
        }
      }
      await press(button(page, t.next));
      await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
      await press(button(page, t.next));
      await page.getByRole("heading", { name: `${a.optionsHeading} · ${kind}` }).waitFor();
    };

    await tabTo(page, page.getByRole("tab", { name: t.jobs.segments }));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: a.pickHeading }).waitFor();
    // The cascade is third: two down from the matrix.
    await press(page.getByRole("radio", { name: new RegExp(a.kinds.matrix) }), "ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: new RegExp(c.kind) }).isChecked()).toBe(true);
    await pane.shot("an-cascade-1-pick");
    await toOptions(c.kind);

    // Cost to serve: 50,000 allocated by orders (two down from None).
    await press(page.getByRole("radio", { name: c.ctsModes.NONE }), "ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: c.ctsModes.ORDERS }).isChecked()).toBe(true);
    expect(await button(page, a.run).isDisabled()).toBe(true);
    await tabTo(page, page.getByRole("textbox", { name: c.ctsTotal }));
    await page.keyboard.type("50000");
    await pane.shot("an-cascade-2-options");
    await press(button(page, a.run));
    await page.getByRole("heading", { name: `${a.resultsHeading} · ${c.kind}` }).waitFor({ timeout: 30_000 });
    await pane.shot("an-cascade-3-results");
    let snap = await snapshot(page);
    const sheets = (snap.settings["crmSegments.analysis.cascade"] as { sheets: { key: string; name: string }[] }).sheets;
    const summary = snap.sheets.find((sh) => sh.name === sheets.find((x) => x.key === "summary")!.name)!;
    // The whale curve (its line and the 100 % line) and the profitability matrix (4 quadrants + 2 cut lines at most).
    expect(summary.charts.map((ch) => ch.type)).toEqual(["XYScatter", "XYScatter"]);
    expect(summary.charts[0].series.length).toBe(2);
    expect(summary.charts[1].series.length).toBeGreaterThanOrEqual(3);

    // Lifecycle movement: the results link to the segment migration sheet.
    await press(button(page, a.another));
    await page.getByRole("heading", { name: a.pickHeading }).waitFor();
    await press(page.getByRole("radio", { name: new RegExp(c.kind) }), "ArrowUp");
    expect(await page.getByRole("radio", { name: new RegExp(a.kinds.lifecycle) }).isChecked()).toBe(true);
    await toOptions(a.kinds.lifecycle);
    await tabTo(page, page.getByRole("textbox", { name: a.compareTo }));
    await page.keyboard.type("2023-12-31");
    await press(button(page, a.run));
    await page.getByRole("heading", { name: `${a.resultsHeading} · ${a.kinds.lifecycle}` }).waitFor({ timeout: 30_000 });
    await pane.shot("an-cascade-4-lifecycle-migration");
    snap = await snapshot(page);
    const lc = (snap.settings["crmSegments.analysis.lifecycle"] as { sheets: { key: string; name: string }[] }).sheets;
    const migration = snap.sheets.find((sh) => sh.name === lc.find((x) => x.key === "segment-migration")!.name)!;
    expect(migration.conditionalFormats.map((cf) => cf.type)).toEqual(["ColorScale", "ColorScale"]);
    await press(page.getByRole("button", { name: c.migration }));
    await until(
      () => snapshot(page).then((s) => s.active),
      (name) => name === migration.name,
      "the migration sheet to be active",
    );
    // The cascade's sheets are still there.
    expect(sheets.every((x) => snap.sheets.some((sh) => sh.name === x.name))).toBe(true);
    await closePane(pane);
  });
});
