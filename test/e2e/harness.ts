/**
 * The built task pane in a real browser, against the fake workbook: the harness shared by the
 * browser tests (segments, CLV model, analyses).
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
import { existsSync, mkdirSync, readFileSync, statSync } from "fs";
import { createServer, type Server } from "http";
import type { AddressInfo } from "net";
import { extname, join, normalize, sep } from "path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { builtDist } from "../functions/build-dist";
import { fakeOfficeBundle } from "../support/fake-excel/browser";

export const ROOT = join(__dirname, "..", "..");
export const SHOTS = join(ROOT, "test-output", "screenshots");
/** A Chromium-family browser already on the machine (playwright-core never downloads one). */
export const BROWSER_CANDIDATES = [
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
export const CHROMIUM = process.env.CHROMIUM_PATH ?? BROWSER_CANDIDATES.find((path) => existsSync(path)) ?? BROWSER_CANDIDATES[0];
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
/** A narrow desktop task pane. */
export const VIEWPORT = { width: 360, height: 760 };
export const OFFICE_DARK = {
  bodyBackgroundColor: "#262626",
  bodyForegroundColor: "#FFFFFF",
  controlBackgroundColor: "#3B3B3B",
  controlForegroundColor: "#FFFFFF",
};
export const OFFICE_LIGHT = {
  bodyBackgroundColor: "#FFFFFF",
  bodyForegroundColor: "#000000",
  controlBackgroundColor: "#FFFFFF",
  controlForegroundColor: "#000000",
};

let browser: Browser;
let server: Server;
let origin: string;
let fakeJs: string;

export const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
};

export function serve(dir: string): Promise<Server> {
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

/** Registers the hooks that build the add-in, serve it and start the browser; call once per test file. */
export function usePaneHarness(): void {
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
  }, 600_000); // the first file to run builds the add-in, minutes on a busy machine

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
}

export interface PaneOptions {
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

export interface Pane {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors. */
  errors: string[];
  /** Requests the pane tried to make off 127.0.0.1 (all blocked). */
  blocked: string[];
  /** Saves test-output/screenshots/<pane language>-<theme>-<name>.png. */
  shot(name: string): Promise<void>;
}

export async function openPane(options: PaneOptions): Promise<Pane> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: options.displayLanguage,
    colorScheme: options.dark ? "dark" : "light",
  });
  context.setDefaultTimeout(10_000);
  const errors: string[] = [];
  const blocked: string[] = [];
  const config = {
    displayLanguage: options.displayLanguage,
    theme: options.dark ? OFFICE_DARK : OFFICE_LIGHT,
    latencyMs: options.latencyMs ?? 0,
  };
  const seed = [
    "const fake = window.__fakeExcel;",
    ...Object.entries(options.settings ?? {}).map(([key, value]) => `fake.setSetting(${JSON.stringify(key)}, ${JSON.stringify(value)});`),
    options.seed ?? "",
  ].join("\n");
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      return route.fulfill({
        contentType: "text/javascript",
        body: `window.__fakeExcelConfig = ${JSON.stringify(config)};\n${fakeJs}\n{\n${seed}\n}`,
      });
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
      const unnamed = (await page.locator("body").ariaSnapshot())
        .split("\n")
        .filter((line) => /^\s*- (button|combobox|textbox|radio|checkbox|link|listbox|option)\b(?! ")/.test(line));
      expect({ file, unnamed }).toEqual({ file, unnamed: [] });
    },
  };
}

export async function closePane(pane: Pane): Promise<void> {
  await pane.context.close();
  expect(pane.errors).toEqual([]);
  expect(pane.blocked).toEqual([]);
}

/* ---- workbook inspection through window.__fakeExcel ------------------------------------------ */

export type Values = (string | number | boolean)[][];

export function fake<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([name, list]) => (window as any).__fakeExcel[name as string](...(list as unknown[])), [
    fn,
    args,
  ] as const) as Promise<T>;
}

export interface Snapshot {
  sheets: {
    name: string;
    tabColor: string;
    used: string | null;
    tables: { name: string; columns: string[] }[];
    charts: {
      type: string;
      title: string;
      series: { name: string; chartType: string; axisGroup: string; values: string | null }[];
      axes: { type: string; group: string; numberFormat?: string; reversePlotOrder?: boolean }[];
    }[];
    conditionalFormats: { type: string; address: string; formula?: string; fill?: string }[];
  }[];
  active: string | null;
  settings: Record<string, unknown>;
}

export const snapshot = (page: Page) => fake<Snapshot>(page, "snapshot");

/** Polls `read` until `ok` accepts its value; fails with the last value seen. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Tab colour of the active sheet. */
export async function activeTabColor(page: Page): Promise<string | undefined> {
  const snap = await snapshot(page);
  return snap.sheets.find((s) => s.name === snap.active)?.tabColor.toUpperCase();
}

/* ---- keyboard helpers ------------------------------------------------------------------------- */

export const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

/** Presses Tab (or Shift+Tab) until `target` has focus: reaching a control the way a keyboard user must. */
export async function tabTo(page: Page, target: Locator, backwards = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Opens a Fluent Dropdown from the keyboard and picks the option named `option`. */
export async function pickWithKeys(page: Page, dropdown: Locator, option: string): Promise<void> {
  await tabTo(page, dropdown);
  await page.keyboard.press("Enter");
  const listbox = page.getByRole("listbox");
  await listbox.waitFor();
  await page.keyboard.press("Home");
  for (let i = 0; i < 40; i++) {
    const active = await listbox.evaluate((el) => {
      const id = document.activeElement?.getAttribute("aria-activedescendant");
      return id ? (el.querySelector(`[id="${id}"]`)?.textContent ?? "") : "";
    });
    if (active === option) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  await listbox.waitFor({ state: "detached" });
}

/* ---- pane steps ------------------------------------------------------------------------------- */

export const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

export function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** Column index of a header in the first row of `values`. */
export function column(values: Values, header: string): number {
  const index = values[0].indexOf(header);
  if (index < 0) throw new Error(`No column "${header}" in ${JSON.stringify(values[0])}`);
  return index;
}

export function countBy(values: Values, col: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of values.slice(1)) counts.set(String(row[col]), (counts.get(String(row[col])) ?? 0) + 1);
  return counts;
}
