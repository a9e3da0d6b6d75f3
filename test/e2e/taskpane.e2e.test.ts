/**
 * The built task pane in a real browser, against the fake workbook.
 *
 * - Build: the production bundle of the current sources, shared with the other built-add-in tests
 *   (test/functions/build-dist.ts: one webpack build per source state under test-output/).
 * - Serve: dist/ from a static HTTP server on 127.0.0.1 (random port).
 * - Office.js: the CDN URL is routed to the fake's browser bundle, which installs `Excel` and
 *   `Office` and exposes `window.__fakeExcel`; every other request off 127.0.0.1 is blocked and
 *   reported, so the pane must work offline.
 * - Browser: Debian's Chromium through playwright-core. A missing Chromium fails the suite.
 *
 * Screenshots of every step (light/dark × zh/en) go to test-output/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { createServer, type Server } from "http";
import type { AddressInfo } from "net";
import { extname, join, normalize, sep } from "path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { CLI_NAME } from "../../src/cli/clv";
import { dayFromYMD, formatDay } from "../../src/core/dates";
import { labelColor } from "../../src/core/labels";
import { CLV_MODEL_KEY, SETTINGS_KEY } from "../../src/excel";
import { STRINGS, type Strings } from "../../src/taskpane/i18n";
import { builtDist } from "../functions/build-dist";
import { runCli } from "../support/cli";
import { fakeOfficeBundle } from "../support/fake-excel/browser";

const ROOT = join(__dirname, "..", "..");
const SHOTS = join(ROOT, "test-output", "screenshots");
/** A Chromium-family browser already on the machine (playwright-core never downloads one). */
const BROWSER_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
  "C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe",
];
const CHROMIUM = process.env.CHROMIUM_PATH ?? BROWSER_CANDIDATES.find((path) => existsSync(path)) ?? BROWSER_CANDIDATES[0];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
/** A narrow desktop task pane. */
const VIEWPORT = { width: 360, height: 760 };
const OFFICE_DARK = { bodyBackgroundColor: "#262626", bodyForegroundColor: "#FFFFFF", controlBackgroundColor: "#3B3B3B", controlForegroundColor: "#FFFFFF" };
const OFFICE_LIGHT = { bodyBackgroundColor: "#FFFFFF", bodyForegroundColor: "#000000", controlBackgroundColor: "#FFFFFF", controlForegroundColor: "#000000" };

let browser: Browser;
let server: Server;
let origin: string;
let fakeJs: string;

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
};

function serve(dir: string): Promise<Server> {
  const s = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname)));
    if (!path.startsWith(dir + sep) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium-family browser found (looked for ${BROWSER_CANDIDATES.join(", ")}): install one (apt-get install chromium) or set CHROMIUM_PATH. The browser test does not skip.`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  const [dist, fake] = await Promise.all([builtDist(), fakeOfficeBundle()]);
  fakeJs = fake;
  server = await serve(dist);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

interface PaneOptions {
  /** Office.context.displayLanguage. */
  displayLanguage: "zh-CN" | "en-US";
  dark: boolean;
  /** Delay of each fake sync, so progress and Cancel can be seen. */
  latencyMs?: number;
  /** Seeds the document settings before the pane starts. */
  settings?: Record<string, unknown>;
  /** Workbook set-up run before the pane starts: JavaScript with `fake` bound to window.__fakeExcel. */
  seed?: string;
}

interface Pane {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors. */
  errors: string[];
  /** Requests the pane tried to make off 127.0.0.1 (all blocked). */
  blocked: string[];
  /** Saves test-output/screenshots/<pane language>-<theme>-<name>.png. */
  shot(name: string): Promise<void>;
}

async function openPane(options: PaneOptions): Promise<Pane> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: options.displayLanguage, colorScheme: options.dark ? "dark" : "light" });
  context.setDefaultTimeout(10_000);
  const errors: string[] = [];
  const blocked: string[] = [];
  const config = { displayLanguage: options.displayLanguage, theme: options.dark ? OFFICE_DARK : OFFICE_LIGHT, latencyMs: options.latencyMs ?? 0 };
  const seed = [
    "const fake = window.__fakeExcel;",
    ...Object.entries(options.settings ?? {}).map(([key, value]) => `fake.setSetting(${JSON.stringify(key)}, ${JSON.stringify(value)});`),
    options.seed ?? "",
  ].join("\n");
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      return route.fulfill({ contentType: "text/javascript", body: `window.__fakeExcelConfig = ${JSON.stringify(config)};\n${fakeJs}\n{\n${seed}\n}` });
    }
    if (url.startsWith(`${origin}/`)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${origin}/taskpane.html`);
  await page.locator("h1").waitFor();
  return {
    page,
    context,
    errors,
    blocked,
    shot: async (name) => {
      const lang = (await page.evaluate(() => document.documentElement.lang)).slice(0, 2);
      const file = `${lang}-${options.dark ? "dark" : "light"}-${name}.png`;
      // Park the mouse so no row shows a stray hover highlight.
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, file), fullPage: true, animations: "disabled" });
      // Nothing may stick out sideways in a narrow pane (wide previews scroll inside their own box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ file, overflow }).toEqual({ file, overflow: 0 });
      // Every control has an accessible name (a role without a quoted name in the ARIA snapshot has none).
      const unnamed = (await page.locator("body").ariaSnapshot()).split("\n").filter((line) => /^\s*- (button|combobox|textbox|radio|checkbox|link|listbox|option)\b(?! ")/.test(line));
      expect({ file, unnamed }).toEqual({ file, unnamed: [] });
    },
  };
}

async function closePane(pane: Pane): Promise<void> {
  await pane.context.close();
  expect(pane.errors).toEqual([]);
  expect(pane.blocked).toEqual([]);
}

/* ---- workbook inspection through window.__fakeExcel ------------------------------------------ */

type Values = (string | number | boolean)[][];

function fake<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([name, list]) => (window as any).__fakeExcel[name as string](...(list as unknown[])), [fn, args] as const) as Promise<T>;
}

interface Snapshot {
  sheets: {
    name: string;
    tabColor: string;
    used: string | null;
    tables: { name: string; columns: string[] }[];
    charts: { type: string; title: string; series: { name: string; chartType: string; axisGroup: string; values: string | null }[]; axes: { type: string; group: string; numberFormat?: string; reversePlotOrder?: boolean }[] }[];
    conditionalFormats: { type: string; address: string; formula?: string; fill?: string }[];
  }[];
  active: string | null;
  settings: Record<string, unknown>;
}

const snapshot = (page: Page) => fake<Snapshot>(page, "snapshot");

/** Polls `read` until `ok` accepts its value; fails with the last value seen. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Tab colour of the active sheet. */
async function activeTabColor(page: Page): Promise<string | undefined> {
  const snap = await snapshot(page);
  return snap.sheets.find((s) => s.name === snap.active)?.tabColor.toUpperCase();
}

/* ---- keyboard helpers ------------------------------------------------------------------------- */

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

/** Presses Tab (or Shift+Tab) until `target` has focus: reaching a control the way a keyboard user must. */
async function tabTo(page: Page, target: Locator, backwards = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Opens a Fluent Dropdown from the keyboard and picks the option named `option`. */
async function pickWithKeys(page: Page, dropdown: Locator, option: string): Promise<void> {
  await tabTo(page, dropdown);
  await page.keyboard.press("Enter");
  const listbox = page.getByRole("listbox");
  await listbox.waitFor();
  await page.keyboard.press("Home");
  for (let i = 0; i < 40; i++) {
    const active = await listbox.evaluate((el) => {
      const id = document.activeElement?.getAttribute("aria-activedescendant");
      return id ? el.querySelector(`[id="${id}"]`)?.textContent ?? "" : "";
    });
    if (active === option) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  await listbox.waitFor({ state: "detached" });
}

/* ---- pane steps ------------------------------------------------------------------------------- */

const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

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

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** Column index of a header in the first row of `values`. */
function column(values: Values, header: string): number {
  const index = values[0].indexOf(header);
  if (index < 0) throw new Error(`No column "${header}" in ${JSON.stringify(values[0])}`);
  return index;
}

function countBy(values: Values, col: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of values.slice(1)) counts.set(String(row[col]), (counts.get(String(row[col])) ?? 0) + 1);
  return counts;
}

/** CDNOW_sample.txt (Fader, Hardie & Lee 2005) as a sheet: text ids, dates as serial numbers, CDs, dollars. */
function cdnowRows(): (string | number)[][] {
  const lines = readFileSync(join(ROOT, "test", "btyd", "fixtures", "CDNOW_sample.txt"), "utf8").split("\n").filter((l) => l.trim() !== "");
  const rows: (string | number)[][] = [["Customer", "Date", "CDs", "Amount"]];
  for (const line of lines) {
    const [id, , date, cds, dollars] = line.trim().split(/\s+/);
    rows.push([id, dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))), Number(cds), Number(dollars)]);
  }
  return rows;
}

/** The CLV results as shown: each fit's estimates by parameter name, and the labelled numbers. */
async function clvShown(page: Page) {
  const num = (text: string | null) => Number((text ?? "").replace(/,/g, "").replace("−", "-"));
  const params = (id: string) =>
    page.locator(`[data-testid="${id}"] tr[data-param]`).evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute("data-param") as string, Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent ?? "")] as const),
    );
  const fact = async (name: string) => num(await page.locator(`dd[data-fact="${name}"]`).textContent());
  return {
    bgnbd: Object.fromEntries((await params("bgnbd")).map(([name, cells]) => [name, { estimate: num(cells[1]), se: num(cells[2]) }])),
    gammaGamma: Object.fromEntries((await params("gammaGamma")).map(([name, cells]) => [name, { estimate: num(cells[1]), se: num(cells[2]) }])),
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
    writeFileSync(csv, rows.map((r, i) => (i === 0 ? r.join(",") : [r[0], formatDay(r[1] as number), r[2], r[3]].join(","))).join("\n") + "\n");
    const run = await runCli("clv", csv, "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--model", "auto", "--params-json", json);
    if (run.code !== 0) throw new Error(run.err);
    return JSON.parse(readFileSync(json, "utf8")).comparison.recommended;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of the CLV model sheet (layout in src/excel/clv-model.ts): customer block from row 31. */
const CLV_HEADER_ROW = 31;

/* ---- tests ------------------------------------------------------------------------------------ */

describe("task pane in Chromium over the fake workbook", () => {
  test("mouse: sample data → mapping → options → run writes the workbook, and the results view adds up (en, light)", async () => {
    const pane = await openPane({ displayLanguage: "en-US", dark: false, latencyMs: 15 });
    const { page } = pane;
    const t = STRINGS.en;
    expect(await page.locator("h1").textContent()).toBe(t.appTitle);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor)).toBe("rgb(255, 255, 255)");
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
    expect(await page.getByRole("region", { name: /First 5 of 5,000 data rows/ }).locator("tbody tr").count()).toBe(5);
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
    for (const r of rows) expect(r.chip).toBe(rgb(labelColor(r.code.startsWith("NO_") || r.code === "UNCLASSIFIED" ? "STATUS" : "W11", r.code)));

    // The workbook: customers sheet agrees with the pane, segment sheets carry the colours.
    const after = await snapshot(page);
    const names = after.sheets.map((s) => s.name);
    const customersSheet = (await page.getByRole("listitem").filter({ hasText: t.sheetKinds.customers }).textContent())!.replace(/^.*: /, "");
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
    expect((await fake<string>(page, "effectiveFillAt", customersSheet, "A2"))?.toUpperCase()).toBe(labelColor("W11", firstCode).toUpperCase());
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
    await until(() => fake<string>(page, "activeSheetName"), (name) => name === issuesSheet, "the issues sheet to be active");
    expect((await fake<Values>(page, "read", issuesSheet)).length - 1).toBe(rejected);

    // A segment link activates its sheet.
    const firstLinked = rows.find((r) => r.link)!;
    await page.getByRole("button", { name: firstLinked.label, exact: true }).click();
    const color = labelColor("W11", firstLinked.code).toUpperCase();
    await until(() => activeTabColor(page), (c) => c === color, `the ${firstLinked.code} sheet to be active`);

    // The mapping and options are remembered in the document.
    expect(after.settings[SETTINGS_KEY]).toMatchObject({ mapping: { customer: 0 }, analyze: { scheme: "W11", method: "QUANTILE", abcCuts: [0.8, 0.95] }, lang: "en" });
    await closePane(pane);
  });

  test("keyboard only: language switch, mapping, options and run with Tab, Enter, Space and arrows (zh, dark)", async () => {
    const pane = await openPane({ displayLanguage: "en-US", dark: true });
    const { page } = pane;
    const zh: Strings = STRINGS.zh;
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor)).not.toBe("rgb(255, 255, 255)");

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
    await until(() => activeTabColor(page), (c) => c === color, `the ${target.code} sheet to be active`);
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
    expect(shown.difference).toBe(new Intl.NumberFormat("en-US", { style: "percent", minimumFractionDigits: 1, signDisplay: "exceptZero" }).format(shown.predicted / shown.actual - 1));
    expect(shown).toMatchObject({ inModel: 2357, rejectedRows: 0, rowsAfterEnd: 0, firstAfterCalibration: 0, ggCustomers: 946, noRepeat: 1411, nonPositive: 0 });

    // The model comparison: all four models, the pick the command line's `--model auto` makes on the same rows.
    const comparison = page.getByTestId("comparison");
    expect(await comparison.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model")))).toEqual(["bgnbd", "mbgnbd", "paretonbd", "nbd"]);
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
    const [low, estimate, high] = await Promise.all(["data-low", "data-estimate", "data-high"].map(async (a) => Number(await total.getAttribute(a))));
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
    expect(intervals[0]).toEqual(["P(alive) low (90 %)", "P(alive) high (90 %)", "Expected purchases low (90 %)", "Expected purchases high (90 %)", "CLV low (90 %)", "CLV high (90 %)"]);
    expect(intervals.slice(1).every((row) => row.every((v) => typeof v === "number") && row[0] <= row[1] && row[2] <= row[3] && row[4] <= row[5])).toBe(true);
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
    await until(() => fake<string>(page, "activeSheetName"), (name) => name === modelSheet, "the model sheet to be active");
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
    await until(() => fake<string>(page, "activeSheetName"), (name) => name === hughesSheet, "the Hughes sheet to be active");

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
    const [calibrationEnd, holdoutEnd] = await Promise.all([t.calibrationEnd, t.holdoutEnd].map((name) => page.getByRole("textbox", { name }).inputValue()));
    expect(calibrationEnd < holdoutEnd).toBe(true);
    expect(calibrationEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await button(page, t.back).click();
    await button(page, t.back).click();
    await page.getByRole("heading", { name: t.hughesHeading }).waitFor();
    await pane.shot("clv-1-data");
    await closePane(pane);
  });

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
    await until(() => button(page, t.next).isEnabled(), (ok) => ok, "the data to be read");
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
    expect(snap.sheets.filter((sh) => matrixSheets.some((x) => x.key.startsWith("class:VM_") && x.name === sh.name)).map((sh) => sh.tabColor.toUpperCase())).toEqual(
      ["VM_IV", "VM_III", "VM_II", "VM_I"].map((c) => labelColor("VALUE", c).toUpperCase()),
    );

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
