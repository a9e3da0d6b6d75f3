/** The Analyses tab's migration and event CLV workflow in Chromium over the fake workbook (harness: ./harness.ts). */
import type { Locator } from "playwright-core";
import { STRINGS } from "../../src/taskpane/i18n";
import { openPane, closePane, snapshot, until, tabTo, button, usePaneHarness, fake, type Values } from "./harness";

usePaneHarness();

describe("task pane in Chromium over the fake workbook: migration and event CLV", () => {
  test.each([
    ["zh-CN", false],
    ["en-US", true],
  ] as const)("migration CLV with the keyboard only (%s, dark %s)", async (displayLanguage, dark) => {
    const pane = await openPane({ displayLanguage, dark, latencyMs: 20 });
    const { page } = pane;
    const t = STRINGS[displayLanguage === "zh-CN" ? "zh" : "en"];
    const a = t.an;
    const m = a.mig;
    const press = async (target: Locator, key = "Enter") => {
      await tabTo(page, target);
      await page.keyboard.press(key);
    };
    const type = async (label: string, text: string) => {
      await tabTo(page, page.getByRole("textbox", { name: label }));
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type(text);
    };

    await tabTo(page, page.getByRole("tab", { name: t.jobs.segments }));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: a.pickHeading }).waitFor();
    // Down from the matrix, with the arrow keys, until the migration analysis is chosen.
    const migrationRadio = page.getByRole("radio", { name: new RegExp(a.kinds.migration.replace(/[()]/g, ".")) });
    await press(page.getByRole("radio", { name: new RegExp(a.kinds.matrix) }), "ArrowDown");
    for (let i = 0; i < 6 && !(await migrationRadio.isChecked()); i++) await page.keyboard.press("ArrowDown");
    expect(await migrationRadio.isChecked()).toBe(true);
    await pane.shot("an-migration-1-pick");
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
    await press(button(page, t.next));
    await page.getByRole("heading", { name: `${a.optionsHeading} · ${a.kinds.migration}` }).waitFor();

    const typed = dark;
    if (typed) {
      // Appendix A's case typed in: p = (.30, .20, .15, .05), margin 40, contact 4, d = 20 % → V = 17.82, 9.19, 3.34, −1.26.
      await press(page.getByRole("radio", { name: m.probsSources.estimate }), "ArrowDown");
      await type(m.probs, "0.30, 0.20, 0.15, 1.5");
      await until(
        () => button(page, a.run).isDisabled(),
        (off) => off,
        "a p above 1 to block the run",
      );
      await type(m.probs, "0.30, 0.20, 0.15, 0.05");
      await press(page.getByRole("radio", { name: m.marginSources.data }), "ArrowDown");
      await type(m.margin, "40");
      await type(m.contactCost, "4");
      await type(m.rate, "20");
    } else {
      // Estimated from the sample by month: 5 states, margin 40 % of mean spend, contact cost 1.
      await press(page.getByRole("radio", { name: m.periods.QUARTER }), "ArrowLeft");
      expect(await page.getByRole("radio", { name: m.periods.MONTH }).isChecked()).toBe(true);
      await type(m.states, "5");
      await type(m.marginPct, "40");
      await type(m.contactCost, "1");
      await type(m.rate, "1");
    }
    await pane.shot("an-migration-2-options");
    await press(button(page, a.run));
    await page.getByRole("heading", { name: `${a.resultsHeading} · ${a.kinds.migration}` }).waitFor({ timeout: 30_000 });
    await pane.shot("an-migration-3-results");
    await page.getByRole("columnheader", { name: m.stateCol }).waitFor();

    const snap = await snapshot(page);
    const owned = (snap.settings["crmSegments.analysis.migration"] as { sheets: { key: string; name: string }[] }).sheets;
    expect(owned.map((s) => s.key)).toEqual(["migration", "events"]);
    const [model, events] = owned.map((s) => s.name);
    const values = await fake<Values>(page, "read", model, "A17:F21");
    if (typed) {
      expect(values.map((r) => r[2])).toEqual([0.3, 0.2, 0.15, 0.05, ""]);
      const rows = page.getByRole("row");
      for (const v of ["17.82", "9.19", "3.34", "-1.26"])
        await rows
          .filter({ hasText: `V = ${v}` })
          .first()
          .waitFor();
    } else {
      expect(values.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
      expect(values.slice(0, 5).every((r) => typeof r[2] === "number" && r[2] >= 0 && r[2] <= 1)).toBe(true);
    }
    expect(String(values[0][5])).toMatch(/^=CRM\.MIGRATION\(\$C\$17:\$C\$20|^=CRM\.MIGRATION\(\$C\$17:\$C\$21/);
    // The event sheet link opens it.
    await press(page.getByRole("button", { name: m.openEvents }));
    await until(
      async () => (await snapshot(page)).active,
      (name) => name === events,
      "the event sheet to be active",
    );
    await closePane(pane);
  });
});
