/** The Segments tab of the built task pane in Chromium, over the fake workbook (harness: ./harness.ts). */
import type { Page } from "playwright-core";
import { labelColor } from "../../src/core/report/labels";
import { SETTINGS_KEY } from "../../src/excel";
import { STRINGS, type Strings } from "../../src/taskpane/i18n";
import {
  openPane,
  closePane,
  Values,
  fake,
  snapshot,
  until,
  activeTabColor,
  isFocused,
  tabTo,
  pickWithKeys,
  button,
  rgb,
  column,
  countBy,
  usePaneHarness,
} from "./harness";

async function resultsRows(page: Page) {
  return page.locator('[data-testid="segments"] tbody tr[data-code]').evaluateAll((rows) =>
    rows.map((row) => ({
      code: row.getAttribute("data-code") as string,
      label: row.querySelector("td")?.textContent?.trim() ?? "",
      customers: Number((row.querySelector('[data-col="customers"]')?.textContent ?? "").replace(/[^\d]/g, "")),
      chip: getComputedStyle(row.querySelector('[aria-hidden="true"]') as Element).backgroundColor,
      link: row.querySelector("button") !== null,
    })),
  );
}

usePaneHarness();

describe("task pane in Chromium over the fake workbook: segments", () => {
  test("mouse: sample data → mapping → options → run writes the workbook, and the results view adds up (en, light)", async () => {
    const pane = await openPane({ displayLanguage: "en-US", dark: false, latencyMs: 15 });
    const { page } = pane;
    const t = STRINGS.en;
    expect(await page.locator("h1").textContent()).toBe(t.appTitle);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor)).toBe(
      "rgb(255, 255, 255)",
    );
    await pane.shot("1-data");

    // An error is a readable message bar, not a stack: the empty Sheet1 has no used range.
    await page.getByRole("radio", { name: t.sourceUsed }).click();
    await button(page, t.readData).click();
    const notice = page.getByTestId("notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain(t.previewFailed);
    expect(await notice.textContent()).toContain(t.workbookErrors.NO_DATA);
    expect(await notice.textContent()).not.toMatch(/\n\s+at |Error:/);
    await pane.shot("1-data-error");

    await button(page, t.insertSample).click();
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    const before = await snapshot(page);
    const sample = before.sheets.find((s) => s.name === before.active)!;
    const sampleHeader = (await fake<Values>(page, "read", sample.name, "A1:Z1"))[0].filter((h) => h !== "");
    // Each role shows its column and where the guess came from.
    for (const role of ["customer", "date", "amount", "order"] as const) {
      const field = page.getByRole("combobox", { name: t.roles[role] });
      expect(await field.textContent()).not.toBe(t.notUsed);
    }
    expect(await page.getByText(t.origin.header).count()).toBeGreaterThanOrEqual(4);
    expect(
      await page
        .getByRole("region", { name: /First 5 of 5,000 data rows/ })
        .locator("tbody tr")
        .count(),
    ).toBe(5);
    await pane.shot("2-columns");

    await button(page, t.next).click();
    await page.getByRole("heading", { name: t.optionsHeading }).waitFor();
    // NTILE is offered only with its warning; ABC cuts are validated inline and block the run.
    await page.getByRole("radio", { name: t.methodNtile }).click();
    await page.getByText(t.ntileHint).waitFor();
    await page.getByRole("radio", { name: t.methodQuantile }).click();
    // An ambiguous as-of date is refused rather than guessed; blank means the latest date in the data.
    const asOf = page.getByRole("textbox", { name: t.asOf });
    await asOf.fill("05/03/2024");
    await page.getByText(t.asOfError).waitFor();
    expect(await button(page, t.run).isDisabled()).toBe(true);
    await asOf.fill("");
    await page.getByRole("textbox", { name: t.abcB }).fill("0.7");
    await page.getByText(t.abcError).waitFor();
    expect(await button(page, t.run).isDisabled()).toBe(true);
    await pane.shot("3-options-invalid");
    await page.getByRole("textbox", { name: t.abcB }).fill("0.95");
    expect(await page.getByText(t.abcError).count()).toBe(0);
    await pane.shot("3-options");

    await button(page, t.run).click();
    const bar = page.getByRole("progressbar");
    await bar.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow") ?? 0) > 0);
    expect(await page.locator('[aria-live="polite"]').first().textContent()).toMatch(/%/);
    await pane.shot("4-progress");

    const heading = page.getByRole("heading", { name: t.resultsHeading });
    await heading.waitFor({ timeout: 30_000 });
    expect(await isFocused(heading)).toBe(true);
    await pane.shot("5-results");

    // Results view: one row per segment with its Appendix B colour; the counts add up to the customers.
    const rows = await resultsRows(page);
    const summary = (await page.getByText(/customers from/).textContent()) ?? "";
    const customers = Number(/^([\d,]+) customers/.exec(summary)![1].replace(/,/g, ""));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.reduce((sum, r) => sum + r.customers, 0)).toBe(customers);
    for (const r of rows)
      expect(r.chip).toBe(rgb(labelColor(r.code.startsWith("NO_") || r.code === "UNCLASSIFIED" ? "STATUS" : "W11", r.code)));

    // The workbook: customers sheet agrees with the pane, segment sheets carry the colours.
    const after = await snapshot(page);
    const names = after.sheets.map((s) => s.name);
    const customersSheet = (await page.getByRole("listitem").filter({ hasText: t.sheetKinds.customers }).textContent())!.replace(
      /^.*: /,
      "",
    );
    const summarySheet = (await page.getByRole("listitem").filter({ hasText: t.sheetKinds.summary }).textContent())!.replace(/^.*: /, "");
    expect(names).toEqual(expect.arrayContaining([sample.name, customersSheet, summarySheet]));
    const table = await fake<Values>(page, "read", customersSheet);
    expect(table.length - 1).toBe(customers);
    const segmentCol = column(table, "Segment");
    const counts = countBy(table, segmentCol);
    for (const r of rows) expect({ label: r.label, count: counts.get(r.label) ?? 0 }).toEqual({ label: r.label, count: r.customers });
    // Fills: the first data row shows its segment's colour through the conditional formats.
    const firstLabel = String(table[1][segmentCol]);
    const firstCode = rows.find((r) => r.label === firstLabel)!.code;
    expect((await fake<string>(page, "effectiveFillAt", customersSheet, "A2"))?.toUpperCase()).toBe(
      labelColor("W11", firstCode).toUpperCase(),
    );
    const customerSheetInfo = after.sheets.find((s) => s.name === customersSheet)!;
    expect(customerSheetInfo.conditionalFormats.length).toBeGreaterThanOrEqual(rows.length - 1);
    for (const r of rows.filter((x) => x.link)) {
      const sheet = after.sheets.find((s) => s.name !== customersSheet && s.tables.some((tb) => tb.name.endsWith(`_${r.code}`)));
      expect(sheet?.tabColor.toUpperCase()).toBe(labelColor("W11", r.code).toUpperCase());
      expect((await fake<Values>(page, "read", sheet!.name)).length - 1).toBe(r.customers);
    }
    // Summary: charts and the heat-map colour scale.
    const summaryInfo = after.sheets.find((s) => s.name === summarySheet)!;
    // Shares of customers and of revenue on one percentage axis (no secondary axis), the ABC Pareto,
    // the customers per pyramid tier as bars with T1 on top.
    expect(summaryInfo.charts.map((c) => [c.type, c.title])).toEqual([
      ["ColumnClustered", "Share of customers and of revenue by segment"],
      ["ColumnClustered", "ABC Pareto chart"],
      ["BarClustered", "Customers per pyramid tier"],
    ]);
    const [shares, , tiers] = summaryInfo.charts;
    expect(shares.series.map((s) => [s.name, s.chartType, s.axisGroup])).toEqual([
      ["% customers", "ColumnClustered", "Primary"],
      ["% revenue", "ColumnClustered", "Primary"],
    ]);
    expect(shares.series.map((s) => s.values)).toEqual([expect.stringMatching(/!C3:C\d+$/), expect.stringMatching(/!E3:E\d+$/)]);
    expect(shares.axes).toEqual([{ type: "Value", group: "Primary", numberFormat: "0%" }]);
    expect(tiers.series.map((s) => s.name)).toEqual(["Customers"]);
    expect(tiers.axes).toContainEqual(expect.objectContaining({ type: "Category", reversePlotOrder: true }));
    expect(summaryInfo.conditionalFormats.some((cf) => /scale/i.test(cf.type))).toBe(true);
    // Tier columns appended to the source, one value per data row.
    const source = await fake<Values>(page, "read", sample.name);
    expect(source[0].length).toBeGreaterThan(sampleHeader.length);
    expect(source[0].slice(0, sampleHeader.length)).toEqual(sampleHeader);
    expect(source.length - 1).toBe(5000);

    // Rejected rows: the panel's count matches the issues sheet; the link opens it.
    const issuesText = (await page.getByTestId("issues").textContent()) ?? "";
    const rejected = Number(/([\d,]+) rows could not be used/.exec(issuesText)![1].replace(/,/g, ""));
    expect(rejected).toBeGreaterThan(0);
    const issuesSheet = (await page.getByRole("listitem").filter({ hasText: t.sheetKinds.issues }).textContent())!.replace(/^.*: /, "");
    await page.getByRole("button", { name: t.openIssues }).click();
    await until(
      () => fake<string>(page, "activeSheetName"),
      (name) => name === issuesSheet,
      "the issues sheet to be active",
    );
    expect((await fake<Values>(page, "read", issuesSheet)).length - 1).toBe(rejected);

    // A segment link activates its sheet.
    const firstLinked = rows.find((r) => r.link)!;
    await page.getByRole("button", { name: firstLinked.label, exact: true }).click();
    const color = labelColor("W11", firstLinked.code).toUpperCase();
    await until(
      () => activeTabColor(page),
      (c) => c === color,
      `the ${firstLinked.code} sheet to be active`,
    );

    // The mapping and options are remembered in the document.
    expect(after.settings[SETTINGS_KEY]).toMatchObject({
      mapping: { customer: 0 },
      analyze: { scheme: "W11", method: "QUANTILE", abcCuts: [0.8, 0.95] },
      lang: "en",
    });
    await closePane(pane);
  });

  test("keyboard only: language switch, mapping, options and run with Tab, Enter, Space and arrows (zh, dark)", async () => {
    const pane = await openPane({ displayLanguage: "en-US", dark: true });
    const { page } = pane;
    const zh: Strings = STRINGS.zh;
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor)).not.toBe(
      "rgb(255, 255, 255)",
    );

    await pickWithKeys(page, page.getByRole("combobox", { name: STRINGS.en.language }), zh.langNames.zh);
    await page.getByRole("heading", { name: zh.dataHeading }).waitFor();
    expect(await page.locator("h1").textContent()).toBe(zh.appTitle);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    await pane.shot("1-data");

    await tabTo(page, button(page, zh.insertSample));
    await page.keyboard.press("Enter");
    // Each new step puts focus on its heading, so the keyboard user continues from there.
    await page.getByRole("heading", { name: zh.columnsHeading }).waitFor();
    expect(await isFocused(page.getByRole("heading", { name: zh.columnsHeading }))).toBe(true);
    await pane.shot("2-columns");

    // Arrow keys in a mapping dropdown: drop the order column, then put it back.
    const order = page.getByRole("combobox", { name: zh.roles.order });
    const orderText = (await order.textContent()) ?? "";
    await pickWithKeys(page, order, zh.notUsed);
    expect(await order.textContent()).toBe(zh.notUsed);
    await pickWithKeys(page, order, orderText);
    expect(await order.textContent()).toBe(orderText);
    await page.getByText(zh.origin.user).waitFor();

    await tabTo(page, button(page, zh.next));
    await page.keyboard.press("Space");
    await page.getByRole("heading", { name: zh.optionsHeading }).waitFor();
    expect(await isFocused(page.getByRole("heading", { name: zh.optionsHeading }))).toBe(true);

    // Radio groups move with arrow keys: W11 → W10 → CN8, then the CN8 centre.
    await tabTo(page, page.getByRole("radio", { name: new RegExp(zh.schemes.W11.name) }));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: new RegExp(zh.schemes.CN8.name) }).isChecked()).toBe(true);
    await tabTo(page, page.getByRole("radio", { name: zh.centerMean }));
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: zh.centerMedian }).isChecked()).toBe(true);

    // Typed cuts: an invalid pair shows the inline message, a valid one clears it.
    const abcB = page.getByRole("textbox", { name: zh.abcB });
    await tabTo(page, abcB);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.5");
    await page.getByText(zh.abcError).waitFor();
    await pane.shot("3-options-invalid");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.95");
    expect(await page.getByText(zh.abcError).count()).toBe(0);

    // Space toggles a checkbox: no issues sheet this time.
    const issues = page.getByRole("checkbox", { name: zh.outputNames.issues });
    await tabTo(page, issues);
    await page.keyboard.press("Space");
    expect(await issues.isChecked()).toBe(false);
    await pane.shot("3-options");

    await tabTo(page, button(page, zh.run));
    await page.keyboard.press("Enter");
    const heading = page.getByRole("heading", { name: zh.resultsHeading });
    await heading.waitFor({ timeout: 30_000 });
    expect(await isFocused(heading)).toBe(true);
    await pane.shot("5-results");

    const rows = await resultsRows(page);
    const codes = rows.map((r) => r.code);
    expect(codes.filter((c) => c.startsWith("CN_")).length).toBeGreaterThanOrEqual(4);
    for (const r of rows.filter((x) => x.code.startsWith("CN_"))) expect(r.chip).toBe(rgb(labelColor("CN8", r.code)));
    const snap = await snapshot(page);
    expect(snap.sheets.some((s) => s.tables.some((tb) => tb.name.toLowerCase().includes("issue")))).toBe(false);
    expect(await page.getByRole("button", { name: zh.openIssues }).count()).toBe(0);

    // Enter on a segment link activates that sheet.
    const target = rows.find((r) => r.link)!;
    await tabTo(page, page.getByRole("button", { name: target.label, exact: true }));
    await page.keyboard.press("Enter");
    const color = labelColor("CN8", target.code).toUpperCase();
    await until(
      () => activeTabColor(page),
      (c) => c === color,
      `the ${target.code} sheet to be active`,
    );
    await closePane(pane);
  });

  test("Cancel during the write leaves no half-written output behind (en, dark)", async () => {
    // Slow syncs give the test time to press Cancel between the first output sheet and the last.
    const pane = await openPane({ displayLanguage: "en-US", dark: true, latencyMs: 300 });
    const { page } = pane;
    const t = STRINGS.en;
    await pane.shot("1-data");
    await button(page, t.insertSample).click();
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    await pane.shot("2-columns");
    const before = await snapshot(page);
    const sample = before.sheets.find((s) => s.name === before.active)!;
    await button(page, t.next).click();
    await pane.shot("3-options");
    // Record the most sheets the workbook ever holds, to prove output was written and then removed.
    await page.evaluate(() => {
      const w = window as any;
      w.__maxSheets = 0;
      setInterval(() => (w.__maxSheets = Math.max(w.__maxSheets, w.__fakeExcel.sheetNames().length)), 10);
    });
    await button(page, t.run).click();
    // Cancel as the write stage starts: its first sync (slowed by the latency) is creating the sheets.
    // A 5 ms poll, because a locator's wait backs off to 500 ms and would miss the window.
    await page.waitForFunction(
      (stage) => document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuetext")?.startsWith(stage),
      t.stages.write,
      { polling: 5, timeout: 30_000 },
    );
    await button(page, t.cancel).click();
    await page.getByText(t.cancelling).first().waitFor();
    await pane.shot("4-cancelling");
    const notice = page.getByTestId("notice");
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain(t.cancelled);
    expect(await page.evaluate(() => (window as any).__maxSheets)).toBeGreaterThan(before.sheets.length);
    await pane.shot("4-cancelled");
    const after = await snapshot(page);
    expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
    expect(after.sheets.find((s) => s.name === sample.name)!.used).toBe(sample.used);
    await page.getByRole("heading", { name: t.optionsHeading }).waitFor();
    await closePane(pane);
  });

  test("remembered options and language come back; the Chinese light pane renders every step (zh, light)", async () => {
    const remembered = {
      mapping: { customer: 0, date: 1, order: 2, quantity: 3, price: 4, amount: 5 },
      analyze: { scheme: "W10", method: "NTILE", abcCuts: [0.7, 0.9], pyramidCuts: [0.05, 0.2, 0.5] },
      outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: true, issues: true },
      lang: "zh",
    };
    const pane = await openPane({ displayLanguage: "en-US", dark: false, settings: { [SETTINGS_KEY]: remembered } });
    const { page } = pane;
    const zh = STRINGS.zh;
    await page.getByRole("heading", { name: zh.dataHeading }).waitFor();
    await pane.shot("1-data");
    await button(page, zh.insertSample).click();
    await page.getByRole("heading", { name: zh.columnsHeading }).waitFor();
    await pane.shot("2-columns");
    await button(page, zh.next).click();
    expect(await page.getByRole("radio", { name: new RegExp(zh.schemes.W10.name) }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: zh.methodNtile }).isChecked()).toBe(true);
    expect(await page.getByRole("textbox", { name: zh.abcA }).inputValue()).toBe("0.7");
    expect(await page.getByRole("textbox", { name: zh.pyramidTier(3) }).inputValue()).toBe("0.5");
    expect(await page.getByRole("checkbox", { name: zh.outputNames.tierColumns }).isChecked()).toBe(false);
    expect(await page.getByRole("checkbox", { name: zh.outputNames.segmentSheets }).isChecked()).toBe(false);
    await pane.shot("3-options");
    const before = await snapshot(page);
    await button(page, zh.run).click();
    await page.getByRole("heading", { name: zh.resultsHeading }).waitFor({ timeout: 30_000 });
    await pane.shot("5-results");
    // Without tier columns and segment sheets: the source is untouched, and no segment has a link.
    const after = await snapshot(page);
    const sample = before.sheets.find((s) => s.name === before.active)!;
    expect(after.sheets.find((s) => s.name === sample.name)!.used).toBe(sample.used);
    expect((await resultsRows(page)).every((r) => !r.link)).toBe(true);
    // Chinese labels with full-width punctuation rendered in a CJK font, not tofu.
    const fonts = await page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider")!).fontFamily);
    expect(fonts).toMatch(/Noto Sans CJK SC/);
    await closePane(pane);
  });

  test("an Excel table picked from the dropdown: Chinese headers detected, tier columns added to the table (zh, light)", async () => {
    // 12 customers over 60 days; the date column's header says nothing, so only its values reveal it.
    const rows: (string | number)[][] = [["客户名称", "备注日", "订单编号", "销售额"]];
    for (let i = 0; i < 60; i++) rows.push([`客户${(i * 7) % 12}`, 45200 + i, `D${1000 + i}`, 50 + ((i * 37) % 400)]);
    const seed = `fake.addSheet("订单", ${JSON.stringify(rows)});
      fake.addTable("订单", "A1:D${rows.length}", "销售表");
      fake.addSheet("其他", [["x", "y"], [1, 2]]);
      fake.addTable("其他", "A1:B2", "杂项");
      fake.select("其他", "A1");`;
    const pane = await openPane({ displayLanguage: "zh-CN", dark: false, seed });
    const { page } = pane;
    const zh = STRINGS.zh;
    await page.getByRole("radio", { name: zh.sourceTable }).click();
    const tables = page.getByRole("combobox", { name: zh.tableLabel });
    await tables.click();
    expect(await page.getByRole("option").allTextContents()).toEqual(["销售表", "杂项"]);
    await page.getByRole("option", { name: "销售表" }).click();
    await button(page, zh.readData).click();
    await page.getByText(`${zh.headerDetected} 客户名称 · 备注日 · 订单编号 · 销售额`).waitFor();
    await pane.shot("1-data-table");
    await button(page, zh.next).click();
    const dateField = page.getByRole("combobox", { name: zh.roles.date });
    expect(await dateField.textContent()).toBe(zh.columnOption("B", "备注日"));
    expect(await page.getByText(zh.origin.values).count()).toBe(1);
    expect(await page.getByRole("combobox", { name: zh.roles.customer }).textContent()).toBe(zh.columnOption("A", "客户名称"));
    expect(await page.getByRole("combobox", { name: zh.roles.amount }).textContent()).toBe(zh.columnOption("D", "销售额"));
    // The preview shows the date column's serials as dates.
    expect(await page.getByRole("region").locator("tbody tr").first().locator("td").nth(1).textContent()).toBe("2023-10-01");
    await pane.shot("2-columns-table");
    await button(page, zh.next).click();
    await button(page, zh.run).click();
    await page.getByRole("heading", { name: zh.resultsHeading }).waitFor({ timeout: 30_000 });
    const rowsShown = await resultsRows(page);
    expect(rowsShown.reduce((sum, r) => sum + r.customers, 0)).toBe(12);
    const table = (await snapshot(page)).sheets.find((sh) => sh.name === "订单")!.tables[0];
    expect(table.name).toBe("销售表");
    expect(table.columns.slice(0, 4)).toEqual(rows[0]);
    expect(table.columns.length).toBeGreaterThan(4);
    await closePane(pane);
  });
  test.each([
    { displayLanguage: "en-US" as const, dark: false },
    { displayLanguage: "zh-CN" as const, dark: true },
  ])("an export with a title, a returns-only customer and a totals row: both shown in the results ($displayLanguage)", async (options) => {
    // Header on row 3 below a title; C9 only returns; row 10 is the export's totals line (sum 210).
    const rows = [
      ["Sales export 2024", null, null],
      [null, null, null],
      ["Customer", "Order Date", "Amount"],
      ["C1", 45296, 100],
      ["C2", 45297, 50],
      ["C1", 45323, 40],
      ["C9", 45325, -30],
      ["C3", 45352, 50],
      ["C2", 45360, 0],
      ["Total", null, 210],
    ];
    const seed = `fake.addSheet("Export", ${JSON.stringify(rows)}); fake.select("Export", "A1");`;
    const pane = await openPane({ ...options, seed });
    const { page } = pane;
    const t = STRINGS[options.displayLanguage === "en-US" ? "en" : "zh"];
    await page.getByRole("radio", { name: t.sourceUsed }).click();
    await button(page, t.readData).click();
    // The header is found below the title.
    await page.getByText(`${t.headerDetected} Customer · Order Date · Amount`).waitFor();
    await pane.shot("1-data-export");
    await button(page, t.next).click();
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    await button(page, t.next).click();
    await button(page, t.run).click();
    await page.getByRole("heading", { name: t.resultsHeading }).waitFor({ timeout: 30_000 });
    await pane.shot("5-results-export");

    // Four customers, C9 without a counted purchase in a row of its own, in the status colour.
    const shown = await resultsRows(page);
    expect(shown.reduce((sum, r) => sum + r.customers, 0)).toBe(4);
    const noPurchase = shown.find((r) => r.code === "NO_PURCHASE");
    expect(noPurchase).toMatchObject({ customers: 1, chip: rgb(labelColor("STATUS", "NO_PURCHASE")) });
    // The totals row: a warning naming its row, and the issues table's one row.
    const warnings = (await page.locator('[data-code="TOTALS_ROWS"]').textContent()) ?? "";
    expect(warnings).toContain(t === STRINGS.en ? "1 totals row left out (row 10)" : "已排除 1 个合计行（第 10 行）");
    const issues = page.getByTestId("issues").locator("tbody tr");
    expect(await issues.count()).toBe(1);
    expect((await issues.first().locator("td").allTextContents()).map((c) => c.trim())).toEqual(["10", t.reasons.TOTALS_ROW]);
    await closePane(pane);
  });
});
