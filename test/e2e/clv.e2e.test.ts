/** The CLV model tab of the built task pane in Chromium, over the fake workbook (harness: ./harness.ts). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { Page } from "playwright-core";
import { CLI_NAME } from "../../src/cli/clv-run";
import { dayFromYMD, formatDay } from "../../src/core/ingest/dates";
import { CLV_MODEL_KEY, SETTINGS_KEY } from "../../src/excel";
import { STRINGS } from "../../src/taskpane/i18n";
import { runCli } from "../support/cli";
import {
  ROOT,
  openPane,
  closePane,
  Values,
  fake,
  snapshot,
  until,
  isFocused,
  tabTo,
  pickWithKeys,
  button,
  usePaneHarness,
} from "./harness";

usePaneHarness();

describe("task pane in Chromium over the fake workbook: CLV model", () => {
  /** CDNOW_sample.txt (Fader, Hardie & Lee 2005) as a sheet: text ids, dates as serial numbers, CDs, dollars. */
  function cdnowRows(): (string | number)[][] {
    const lines = readFileSync(join(ROOT, "test", "core", "btyd", "fixtures", "CDNOW_sample.txt"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const rows: (string | number)[][] = [["Customer", "Date", "CDs", "Amount"]];
    for (const line of lines) {
      const [id, , date, cds, dollars] = line.trim().split(/\s+/);
      rows.push([
        id,
        dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))),
        Number(cds),
        Number(dollars),
      ]);
    }
    return rows;
  }

  /** The CLV results as shown: each fit's estimates by parameter name, and the labelled numbers. */
  async function clvShown(page: Page) {
    const num = (text: string | null) => Number((text ?? "").replace(/,/g, "").replace("−", "-"));
    const params = (id: string) =>
      page
        .locator(`[data-testid="${id}"] tr[data-param]`)
        .evaluateAll((rows) =>
          rows.map(
            (row) =>
              [
                row.getAttribute("data-param") as string,
                Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent ?? ""),
              ] as const,
          ),
        );
    const fact = async (name: string) => num(await page.locator(`dd[data-fact="${name}"]`).textContent());
    return {
      bgnbd: Object.fromEntries((await params("bgnbd")).map(([name, cells]) => [name, { estimate: num(cells[1]), se: num(cells[2]) }])),
      gammaGamma: Object.fromEntries(
        (await params("gammaGamma")).map(([name, cells]) => [name, { estimate: num(cells[1]), se: num(cells[2]) }]),
      ),
      bgnbdLL: num(await page.locator('[data-testid="bgnbd"] dd[data-fact="logLikelihood"]').textContent()),
      ggLL: num(await page.locator('[data-testid="gammaGamma"] dd[data-fact="logLikelihood"]').textContent()),
      inModel: await fact("inModel"),
      rejectedRows: await fact("rejectedRows"),
      rowsAfterEnd: await fact("rowsAfterEnd"),
      firstAfterCalibration: await fact("firstAfterCalibration"),
      ggCustomers: await fact("ggCustomers"),
      noRepeat: await fact("noRepeat"),
      nonPositive: await fact("nonPositive"),
      actual: await fact("actual"),
      predicted: await fact("predicted"),
      difference: (await page.locator('dd[data-fact="difference"]').textContent()) ?? "",
    };
  }

  /** The command line's `clv --model auto` choice on the CDNOW rows of `cdnowRows`, as it names it (pnbd, …). */
  async function cliAutoChoice(rows: (string | number)[][]): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "crm-e2e-clv-"));
    try {
      const csv = join(dir, "cdnow.csv");
      const json = join(dir, "fit.json");
      writeFileSync(
        csv,
        rows.map((r, i) => (i === 0 ? r.join(",") : [r[0], formatDay(r[1] as number), r[2], r[3]].join(","))).join("\n") + "\n",
      );
      const run = await runCli(
        "clv",
        csv,
        "--calibration-end",
        "1997-09-30",
        "--holdout-end",
        "1998-06-30",
        "--model",
        "auto",
        "--params-json",
        json,
      );
      if (run.code !== 0) throw new Error(run.err);
      return JSON.parse(readFileSync(json, "utf8")).comparison.recommended;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Rows of the CLV model sheet (layout in src/excel/clv-model.ts): customer block from row 31. */
  const CLV_HEADER_ROW = 31;

  test("CLV model with the keyboard only: tab switch, CDNOW, assumptions and Run; the published fits and a live model sheet (en, light; zh, light)", async () => {
    const seed = `fake.addSheet("CDNOW", ${JSON.stringify(cdnowRows())}); fake.select("CDNOW", "A1");`;
    // Syncs slow enough for the progress view to be seen and photographed.
    const pane = await openPane({ displayLanguage: "en-US", dark: false, latencyMs: 150, seed });
    const { page } = pane;
    const t = STRINGS.en;

    // Tabs: Tab reaches the selected one, an arrow moves to the other, Enter opens it; focus stays on the tab.
    const segmentsTab = page.getByRole("tab", { name: t.jobs.segments });
    const clvTab = page.getByRole("tab", { name: t.jobs.clv });
    expect(await segmentsTab.getAttribute("aria-selected")).toBe("true");
    await tabTo(page, segmentsTab);
    await page.keyboard.press("ArrowRight");
    expect(await isFocused(clvTab)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await clvTab.getAttribute("aria-selected")).toBe("true");
    expect(await isFocused(clvTab)).toBe(true);
    expect(await page.getByRole("tabpanel", { name: t.jobs.clv }).count()).toBe(1);
    await page.getByRole("heading", { name: t.hughesHeading }).waitFor();
    expect(await page.getByText(t.subtitles.clv).count()).toBe(1);
    await pane.shot("clv-1-data");

    await tabTo(page, button(page, t.readData));
    await page.keyboard.press("Enter");
    await page.getByText(t.sourceSummary("CDNOW!A1:D6920", 6919)).waitFor();
    await tabTo(page, button(page, t.next));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: t.columnsHeading }).waitFor();
    // Only the roles the model reads are offered.
    expect(await page.getByRole("combobox").allTextContents()).toEqual(
      expect.arrayContaining([t.columnOption("A", "Customer"), t.columnOption("B", "Date"), t.columnOption("D", "Amount")]),
    );
    expect(await page.getByRole("combobox").count()).toBe(1 + 5);
    expect(await page.getByRole("combobox", { name: t.roles.order }).count()).toBe(0);
    await pane.shot("clv-2-columns");

    await tabTo(page, button(page, t.next));
    await page.keyboard.press("Enter");
    const assumptions = page.getByRole("heading", { name: t.assumptionsHeading });
    await assumptions.waitFor();
    expect(await isFocused(assumptions)).toBe(true);
    // Defaults; no calibration end is suggested, so Run waits for one.
    expect(await page.getByRole("radio", { name: t.units.week }).isChecked()).toBe(true);
    expect(await page.getByRole("textbox", { name: t.margin }).inputValue()).toBe("1");
    expect(await page.getByText(t.marginHint).count()).toBe(1);
    expect(await page.getByRole("textbox", { name: t.rate }).inputValue()).toBe("0.10");
    expect(await page.getByRole("textbox", { name: t.horizon }).inputValue()).toBe("12");
    const run = button(page, t.buildModel);
    expect(await run.isDisabled()).toBe(true);
    await tabTo(page, page.getByRole("textbox", { name: t.calibrationEnd }));
    await page.keyboard.press("Tab");
    await page.getByText(t.calibrationEndMissing).waitFor();
    await tabTo(page, page.getByRole("textbox", { name: t.calibrationEnd }), true);
    await page.keyboard.type("1997-09-30");
    await page.keyboard.press("Tab");
    await page.keyboard.type("1997-06-30");
    await page.getByText(t.holdoutNotAfter).waitFor();
    expect(await run.isDisabled()).toBe(true);
    await pane.shot("clv-3-assumptions-invalid");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("1998-06-30");
    expect(await page.getByText(t.holdoutNotAfter).count()).toBe(0);
    await pane.shot("clv-3-assumptions");

    // The run reads the range previewed, not the region around wherever the selection is now.
    await page.evaluate(() => (window as any).__fakeExcel.select("Sheet1", "A1"));
    await tabTo(page, run);
    await page.keyboard.press("Enter");
    await page.getByRole("progressbar").waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow") ?? 0) > 0);
    expect(await page.getByRole("progressbar").getAttribute("aria-valuetext")).toMatch(/ · \d+%$/);
    expect(await isFocused(button(page, t.cancel))).toBe(true);
    expect(await segmentsTab.isDisabled()).toBe(true);
    await pane.shot("clv-4-progress");
    const heading = page.getByRole("heading", { name: t.clvResultsHeading });
    await heading.waitFor({ timeout: 30_000 });
    expect(await isFocused(heading)).toBe(true);
    await pane.shot("clv-5-results");

    // The published estimates (FHL 2005; Hardie's note 025), with standard errors and the log-likelihoods.
    const shown = await clvShown(page);
    expect(Object.keys(shown.bgnbd)).toEqual(["r", "alpha", "a", "b"]);
    expect(shown.bgnbd.r.estimate).toBeCloseTo(0.243, 3);
    expect(shown.bgnbd.alpha.estimate).toBeCloseTo(4.414, 3);
    expect(shown.bgnbd.a.estimate).toBeCloseTo(0.793, 3);
    expect(shown.bgnbd.b.estimate).toBeCloseTo(2.426, 3);
    expect(shown.gammaGamma.p.estimate).toBeCloseTo(6.25, 2);
    expect(shown.gammaGamma.q.estimate).toBeCloseTo(3.74, 2);
    expect(shown.gammaGamma.gamma.estimate).toBeCloseTo(15.44, 2);
    for (const fit of [shown.bgnbd, shown.gammaGamma]) for (const { se } of Object.values(fit)) expect(se).toBeGreaterThan(0);
    expect(shown.bgnbdLL).toBeCloseTo(-9582.4, 1);
    expect(shown.ggLL).toBeCloseTo(-4055.9, 1);
    expect(await page.locator('[data-testid="bgnbd"] th', { hasText: "α" }).count()).toBe(1);
    expect(await page.getByText(t.notConverged("BG/NBD")).count()).toBe(0);
    expect(await page.getByText(t.notConverged("Gamma-Gamma")).count()).toBe(0);
    expect(await page.getByText(t.clvSummary(2357, 6919, "week")).count()).toBe(1);
    // The holdout check: 4,339 repeat purchases by week 78 (the published tracking series), predicted close.
    expect(await page.getByText(t.checkIntro(78, 39)).count()).toBe(1);
    expect(shown.actual).toBe(4339);
    expect(Math.abs(shown.predicted / shown.actual - 1)).toBeLessThan(0.05);
    expect(shown.difference).toBe(
      new Intl.NumberFormat("en-US", { style: "percent", minimumFractionDigits: 1, signDisplay: "exceptZero" }).format(
        shown.predicted / shown.actual - 1,
      ),
    );
    expect(shown).toMatchObject({
      inModel: 2357,
      rejectedRows: 0,
      rowsAfterEnd: 0,
      firstAfterCalibration: 0,
      ggCustomers: 946,
      noRepeat: 1411,
      nonPositive: 0,
    });

    // The model comparison: all four models, the pick the command line's `--model auto` makes on the same rows.
    const comparison = page.getByTestId("comparison");
    expect(await comparison.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model")))).toEqual([
      "bgnbd",
      "mbgnbd",
      "paretonbd",
      "nbd",
    ]);
    const recommended = (await comparison.getAttribute("data-recommended")) as string;
    expect(CLI_NAME[recommended]).toBe(await cliAutoChoice(cdnowRows()));
    const titles: Record<string, string> = { bgnbd: "BG/NBD", mbgnbd: "MBG/NBD", paretonbd: "Pareto/NBD", nbd: "NBD" };
    expect(await page.getByText(t.clv.recommended(titles[recommended])).count()).toBe(1);
    expect(await comparison.locator(`tr[data-model="${recommended}"]`).getByText(t.clv.recommendedTag).count()).toBe(1);
    // BG/NBD's row: ln L −9,582.4 (published, ±0.05), so AIC = 8 + 19,164.8 ± 0.1, shown whole.
    expect(await comparison.locator('tr[data-model="bgnbd"] td').first().textContent()).toBe("-9,582.4");
    const aic = Number((await comparison.locator('tr[data-model="bgnbd"] td').nth(1).textContent())?.replace(/,/g, ""));
    expect(Math.abs(aic - 19172.8)).toBeLessThanOrEqual(0.6);
    // 90 % intervals: the total expected purchases over 12 months inside its range, the range in the sheet's N:S.
    const total = page.locator('dd[data-fact="totalExpected"]');
    const [low, estimate, high] = await Promise.all(
      ["data-low", "data-estimate", "data-high"].map(async (a) => Number(await total.getAttribute(a))),
    );
    expect(low).toBeLessThan(estimate);
    expect(high).toBeGreaterThan(estimate);
    expect(await page.getByText(t.clv.totalExpected(12), { exact: true }).count()).toBe(1);
    expect(await page.getByText(t.clv.totalRange(0.9), { exact: true }).count()).toBe(1);
    // Calibration advice from the data's span: 1997-01-01 … 1998-06-30, two thirds in 1997-12-30.
    expect(await page.getByText(t.clv.advice("1997-01-01", "1998-06-30", "1997-12-30")).count()).toBe(1);

    // The model sheet: one row of values per customer; P(alive) … CLV are CRM.* formulas in the
    // customer columns, one per column over all the customers' rows, spilling down beside them.
    const snap = await snapshot(page);
    const modelSheet = (snap.settings[CLV_MODEL_KEY] as { sheets: { name: string }[] }).sheets[0].name;
    expect(modelSheet).toBe("CLV model");
    const last = CLV_HEADER_ROW + 2357;
    const block = await fake<Values>(page, "read", modelSheet, `A${CLV_HEADER_ROW}:I${last + 1}`);
    expect(block[0][0]).toBe("Customer");
    expect(block.slice(1, 2358).every((row) => row[0] !== "" && typeof row[3] === "number")).toBe(true);
    expect(block[2358].every((cell) => cell === "")).toBe(true);
    const formulas = block[1].slice(5).map(String);
    expect(formulas.map((f) => f.slice(0, f.indexOf("(")))).toEqual(["=CRM.PALIVE", "=CRM.EXPPURCHASES", "=CRM.EXPSPEND", "=CRM.BTYDCLV"]);
    for (const f of formulas) expect(f).toContain(`B${CLV_HEADER_ROW + 1}:B${last}`);
    const intervals = await fake<Values>(page, "read", modelSheet, `N${CLV_HEADER_ROW}:S${last}`);
    expect(intervals[0]).toEqual([
      "P(alive) low (90 %)",
      "P(alive) high (90 %)",
      "Expected purchases low (90 %)",
      "Expected purchases high (90 %)",
      "CLV low (90 %)",
      "CLV high (90 %)",
    ]);
    expect(
      intervals
        .slice(1)
        .every((row) => row.every((v) => typeof v === "number") && row[0] <= row[1] && row[2] <= row[3] && row[4] <= row[5]),
    ).toBe(true);
    // The holdout check's chart, then the diagnostics' (clv-diagnostics.ts) and their two heat maps.
    const modelInfo = snap.sheets.find((sh) => sh.name === modelSheet)!;
    expect(modelInfo.charts.map((c) => [c.type, c.title, c.series.map((s) => s.values)])).toEqual([
      ["Line", "Cumulative repeat transactions", [`'${modelSheet}'!L32:L109`, `'${modelSheet}'!M32:M109`]],
      ["ColumnClustered", "Calibration repeat purchases: actual vs model", [`'${modelSheet}'!U7:U14`, `'${modelSheet}'!V7:V14`]],
      ["Line", "Holdout purchases by calibration frequency", [`'${modelSheet}'!Z7:Z14`, `'${modelSheet}'!AA7:AA14`]],
    ]);
    expect(modelInfo.conditionalFormats.map((cf) => cf.type)).toEqual(["ColorScale", "ColorScale"]);
    // The link (Enter on it) brings the model sheet back after the user has gone elsewhere.
    await page.evaluate(() => (window as any).__fakeExcel.select("CDNOW", "A1"));
    await tabTo(page, page.getByRole("button", { name: t.openModelSheet(modelSheet) }));
    await page.keyboard.press("Enter");
    await until(
      () => fake<string>(page, "activeSheetName"),
      (name) => name === modelSheet,
      "the model sheet to be active",
    );
    // The mapping is remembered with the header it was made for, and the assumptions without the dates.
    expect(snap.settings[SETTINGS_KEY]).toEqual({
      mapping: { customer: 0, date: 1, amount: 3 },
      header: ["Customer", "Date", "CDs", "Amount"],
      lang: "en",
      clv: { unit: "week", margin: 1, annualDiscountRate: 0.1, horizonMonths: 12 },
    });

    // The same views in Chinese.
    const zh = STRINGS.zh;
    await pickWithKeys(page, page.getByRole("combobox", { name: t.language }), zh.langNames.zh);
    await page.getByRole("heading", { name: zh.clvResultsHeading }).waitFor();
    expect(await page.getByRole("tab", { name: zh.jobs.clv }).getAttribute("aria-selected")).toBe("true");
    await pane.shot("clv-5-results");
    await button(page, zh.changeAssumptions).click();
    expect(await page.getByRole("textbox", { name: zh.calibrationEnd }).inputValue()).toBe("1997-09-30");
    await pane.shot("clv-3-assumptions");
    await button(page, zh.back).click();
    await button(page, zh.back).click();
    await page.getByRole("heading", { name: zh.hughesHeading }).waitFor();
    await pane.shot("clv-1-data");

    // Columns moved since the data were read: the run refuses rather than fit the wrong columns.
    await page.evaluate(() => (window as any).__fakeExcel.setValues("CDNOW", "C1", [["Amount", "CDs"]]));
    await button(page, zh.next).click();
    await button(page, zh.next).click();
    await button(page, zh.buildModel).click();
    const notice = page.getByTestId("notice");
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toBe(zh.clvRunFailed + zh.workbookErrors.SOURCE_CHANGED);
    await page.getByRole("heading", { name: zh.assumptionsHeading }).waitFor();
    await closePane(pane);
  });

  test("Hughes template, then a CLV model on the sample data: Cancel leaves the workbook as it was, a re-run writes it (zh, dark; en, dark)", async () => {
    const pane = await openPane({ displayLanguage: "zh-CN", dark: true, latencyMs: 120 });
    const { page } = pane;
    const zh = STRINGS.zh;
    await page.getByRole("tab", { name: zh.jobs.clv }).click();
    await page.getByRole("heading", { name: zh.hughesHeading }).waitFor();
    await pane.shot("clv-1-data");

    // The Hughes template, pre-filled with the Special LTV calculator; its link goes to the sheet.
    const example = page.getByRole("combobox", { name: zh.hughesExample });
    expect(await example.textContent()).toBe(zh.hughesExamples.weldon);
    await example.click();
    await page.getByRole("option", { name: zh.hughesExamples.special }).click();
    await button(page, zh.insertHughes).click();
    const inserted = page.getByTestId("hughes").getByText(/^已添加工作表/);
    await inserted.waitFor();
    const hughesSheet = /“(.+)”/.exec((await inserted.textContent()) ?? "")![1];
    expect(await fake<string>(page, "activeSheetName")).toBe(hughesSheet);
    const cohort = (await fake<Values>(page, "read", hughesSheet)).flat();
    expect(cohort).toContain(200000);
    expect(cohort.some((cell) => typeof cell === "string" && cell.startsWith("="))).toBe(true);
    await pane.shot("clv-1-hughes");
    await page.evaluate(() => (window as any).__fakeExcel.select("Sheet1", "A1"));
    await page.getByRole("button", { name: zh.openSheetAria(hughesSheet) }).click();
    await until(
      () => fake<string>(page, "activeSheetName"),
      (name) => name === hughesSheet,
      "the Hughes sheet to be active",
    );

    await button(page, zh.insertSample).click();
    await page.getByRole("heading", { name: zh.columnsHeading }).waitFor();
    expect(await page.getByRole("combobox", { name: zh.roles.cost }).count()).toBe(0);
    await pane.shot("clv-2-columns");
    await button(page, zh.next).click();
    // A Chinese date and a margin in percent are read as typed.
    await page.getByRole("textbox", { name: zh.calibrationEnd }).fill("2023年12月31日");
    await page.getByRole("textbox", { name: zh.holdoutEnd }).fill("2024-06-29");
    await page.getByRole("radio", { name: zh.units.month }).click();
    await page.getByRole("textbox", { name: zh.margin }).fill("30%");
    await pane.shot("clv-3-assumptions");

    // Cancel as the write starts: the model sheet being written goes again.
    const before = await snapshot(page);
    await page.evaluate(() => {
      const w = window as any;
      w.__maxSheets = 0;
      setInterval(() => (w.__maxSheets = Math.max(w.__maxSheets, w.__fakeExcel.sheetNames().length)), 10);
    });
    await button(page, zh.buildModel).click();
    await page.waitForFunction(
      (stage) => document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuetext")?.startsWith(stage),
      zh.clvStages.write,
      { polling: 5, timeout: 30_000 },
    );
    await button(page, zh.cancel).click();
    await page.getByText(zh.cancelling).first().waitFor();
    await pane.shot("clv-4-cancelling");
    const notice = page.getByTestId("notice");
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toBe(zh.clvCancelled);
    expect(await page.evaluate(() => (window as any).__maxSheets)).toBeGreaterThan(before.sheets.length);
    const after = await snapshot(page);
    expect(after.sheets.map((sh) => sh.name)).toEqual(before.sheets.map((sh) => sh.name));
    expect(after.settings[CLV_MODEL_KEY]).toBeUndefined();
    await page.getByRole("heading", { name: zh.assumptionsHeading }).waitFor();

    await button(page, zh.buildModel).click();
    await page.getByRole("heading", { name: zh.clvResultsHeading }).waitFor({ timeout: 30_000 });
    await pane.shot("clv-5-results");
    const modelSheet = (await snapshot(page)).settings[CLV_MODEL_KEY] as { sheets: { name: string }[] };
    expect(modelSheet.sheets[0].name).toBe("CLV模型");
    // The margin typed as 30% is the model sheet's margin cell (B6).
    expect(await fake<number>(page, "cell", "CLV模型", "B6")).toBeCloseTo(0.3, 10);
    // The sample's defective rows are counted, customers first buying in 2024 are left out, and every
    // customer in the model is in the spend model or counted out of it.
    const shown = await clvShown(page);
    expect(await page.getByText(zh.clvSummary(shown.inModel, 5000, "month")).count()).toBe(1);
    expect(shown.rejectedRows).toBeGreaterThan(0);
    expect(shown.firstAfterCalibration).toBeGreaterThan(0);
    expect(shown.ggCustomers + shown.noRepeat + shown.nonPositive).toBe(shown.inModel);

    const t = STRINGS.en;
    await pickWithKeys(page, page.getByRole("combobox", { name: zh.language }), t.langNames.en);
    await page.getByRole("heading", { name: t.clvResultsHeading }).waitFor();
    await pane.shot("clv-5-results");
    // The suggested dates go into the assumptions with one click.
    await button(page, t.clv.useAdvice).click();
    await page.getByRole("heading", { name: t.assumptionsHeading }).waitFor();
    const [calibrationEnd, holdoutEnd] = await Promise.all(
      [t.calibrationEnd, t.holdoutEnd].map((name) => page.getByRole("textbox", { name }).inputValue()),
    );
    expect(calibrationEnd < holdoutEnd).toBe(true);
    expect(calibrationEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await button(page, t.back).click();
    await button(page, t.back).click();
    await page.getByRole("heading", { name: t.hughesHeading }).waitFor();
    await pane.shot("clv-1-data");
    await closePane(pane);
  });
});
