/**
 * The globals an add-in page expects from Office.js (`Excel`, `Office`, `OfficeExtension`,
 * `CustomFunctions`), backed by a FakeExcel. Jest tests install them on globalThis; the browser
 * build (browser-entry.ts) installs them on window in place of the CDN script.
 */
import { ErrorCodes, FakeOfficeError } from "./errors";
import type { FakeExcel } from "./fake";

export interface FakeOfficeOptions {
  /** Office.context.displayLanguage, e.g. "zh-CN" or "en-US". */
  displayLanguage?: string;
  theme?: { bodyBackgroundColor: string; bodyForegroundColor: string; controlBackgroundColor: string; controlForegroundColor: string };
}

export interface FakeOfficeGlobals {
  Excel: { run: FakeExcel["run"]; ErrorCodes: Record<string, string> };
  Office: any;
  OfficeExtension: { Error: typeof FakeOfficeError; ErrorCodes: Record<string, string> };
  CustomFunctions: {
    associate: (id: string | Record<string, unknown>, fn?: unknown) => void;
    Error: any;
    ErrorCode: Record<string, string>;
    associated: Map<string, unknown>;
  };
}

const LIGHT_THEME = {
  bodyBackgroundColor: "#FFFFFF",
  bodyForegroundColor: "#000000",
  controlBackgroundColor: "#FFFFFF",
  controlForegroundColor: "#000000",
};

export function createFakeOffice(fake: FakeExcel, options: FakeOfficeOptions = {}): FakeOfficeGlobals {
  const model = fake.model;
  // Office.context.document.settings: changes stay local until saveAsync writes them to the document.
  const pending = new Map<string, string | undefined>();
  const documentSettings = {
    get: (name: string) => {
      const json = pending.has(name) ? pending.get(name) : model.settings.get(name);
      return json === undefined ? null : JSON.parse(json);
    },
    set: (name: string, value: unknown) => void pending.set(name, JSON.stringify(value)),
    remove: (name: string) => void pending.set(name, undefined),
    refreshAsync: (callback?: (r: unknown) => void) => {
      pending.clear();
      callback?.({ status: "succeeded", value: documentSettings });
    },
    saveAsync: (...args: unknown[]) => {
      for (const [k, v] of pending) {
        if (v === undefined) model.settings.delete(k);
        else model.settings.set(k, v);
      }
      pending.clear();
      const callback = args.find((a) => typeof a === "function") as ((r: unknown) => void) | undefined;
      callback?.({ status: "succeeded" });
    },
  };
  const info = { host: "Excel", platform: "OfficeOnline" };
  const Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    onReady: (callback?: (i: typeof info) => void) => {
      callback?.(info);
      return Promise.resolve(info);
    },
    context: {
      displayLanguage: options.displayLanguage ?? "zh-CN",
      contentLanguage: options.displayLanguage ?? "zh-CN",
      officeTheme: options.theme ?? LIGHT_THEME,
      host: "Excel",
      platform: "OfficeOnline",
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "16.0.fake" },
      requirements: {
        isSetSupported: (name: string, version?: string) => {
          const n = name.toLowerCase();
          if (n === "excelapi") return fake.supports(version ?? "1.1");
          return n === "sharedruntime" || n === "customfunctionsruntime" || n === "ribbonapi" || n === "dialogapi";
        },
      },
      document: { settings: documentSettings, url: "https://fake.invalid/Book1.xlsx" },
    },
  };
  class CustomFunctionsError extends Error {
    constructor(
      readonly code: string,
      message?: string,
    ) {
      super(message);
    }
  }
  const associated = new Map<string, unknown>();
  return {
    Excel: { run: fake.run, ErrorCodes: { ...ErrorCodes } },
    Office,
    OfficeExtension: { Error: FakeOfficeError, ErrorCodes: { ...ErrorCodes } },
    CustomFunctions: {
      associate: (id, fn) => {
        if (typeof id === "string") associated.set(id, fn);
        else for (const [k, v] of Object.entries(id)) associated.set(k, v);
      },
      Error: CustomFunctionsError,
      ErrorCode: {
        invalidValue: "#VALUE!",
        notAvailable: "#N/A",
        divisionByZero: "#DIV/0!",
        invalidNumber: "#NUM!",
        nullReference: "#NULL!",
        invalidName: "#NAME?",
        invalidReference: "#REF!",
      },
      associated,
    },
  };
}

/** Puts the fake's Office globals on `target` (globalThis by default); returns a function that restores it. */
export function installFakeOffice(fake: FakeExcel, options: FakeOfficeOptions = {}, target: any = globalThis): () => void {
  const globals = createFakeOffice(fake, options);
  const names = Object.keys(globals) as (keyof FakeOfficeGlobals)[];
  const previous = names.map((n) => [n, Object.getOwnPropertyDescriptor(target, n)] as const);
  for (const n of names) target[n] = globals[n];
  return () => {
    for (const [n, descriptor] of previous) {
      if (descriptor) Object.defineProperty(target, n, descriptor);
      else delete target[n];
    }
  };
}
