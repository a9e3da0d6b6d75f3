/**
 * FakeExcel: an in-memory workbook behind an `Excel.run` with Office.js proxy semantics, for tests.
 * Seed it (addSheet, addTable, select), run code under test through `run`, then inspect cells,
 * formats, tables, charts, conditional formats, settings and the per-sync log in `stats`.
 */
import { parseAddress, type Rect } from "./address";
import { EXCEL_LIMITS, emptyStats, FakeRequestContext, type FakeHost, type FakeLimits, type FakeStats, type SyncRecord } from "./context";
import { ErrorCodes, fail } from "./errors";
import {
  type AxisModel,
  type CellValue,
  type ChartModel,
  type ConditionalFormatModel,
  type SheetModel,
  type TableModel,
  WorkbookModel,
} from "./model";
import { WorkbookProxy } from "./proxies";

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set the fake host supports; default "1.9". */
  apiVersion?: string;
  limits?: Partial<FakeLimits>;
  /** Delay of each sync round trip, so a browser UI can show progress; default 0. */
  latencyMs?: number;
}

function versionNumber(version: string): number {
  const [major, minor] = version.split(".").map(Number);
  return major * 1000 + (minor || 0);
}

export class FakeExcel implements FakeHost {
  readonly model = new WorkbookModel();
  stats: FakeStats = emptyStats();
  readonly limits: FakeLimits;
  readonly latencyMs: number;
  apiVersion: string;
  /** Excel.run calls started. */
  runs = 0;
  /**
   * Runs while a sync is still under way, after Excel has applied its requests: a test's stand-in
   * for what the user does meanwhile, e.g. pressing Cancel during the last write request.
   */
  duringSync?: (record: SyncRecord) => void;
  /** Runs before a sync's requests are applied; a test throws here to fail that request (a host error) with nothing applied. */
  beforeSync?: (record: SyncRecord) => void;

  constructor(options: FakeExcelOptions = {}) {
    this.apiVersion = options.apiVersion ?? "1.9";
    this.limits = { ...EXCEL_LIMITS, ...options.limits };
    this.latencyMs = options.latencyMs ?? 0;
  }

  supports(version: string): boolean {
    return versionNumber(version) <= versionNumber(this.apiVersion);
  }

  /** Excel.run: a fresh context per batch; what is still queued when the batch resolves is synced. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.runs++;
    const context = new FakeRequestContext(this);
    context.workbook = new WorkbookProxy(context);
    try {
      const pending = batch(context as unknown as Excel.RequestContext);
      if (!pending || typeof (pending as Promise<T>).then !== "function")
        fail("RunMustReturnPromise", "The batch function passed to Excel.run must return a promise.");
      const result = await pending;
      if (context.pendingRequests > 0) await context.sync();
      return result;
    } finally {
      context.closed = true;
    }
  };

  resetStats(): void {
    this.stats = emptyStats();
  }

  /* ---- seeding ------------------------------------------------------------------------------ */

  addSheet(name: string, rows: (CellValue | null)[][] = [], topLeft = "A1"): SheetModel {
    const sheet = this.model.addSheet(name);
    if (rows.length) this.setValues(name, topLeft, rows);
    return sheet;
  }

  /** Writes rows directly (no request, no stats); null or "" leaves a cell empty. */
  setValues(sheetName: string, topLeft: string, rows: (CellValue | null)[][]): void {
    const sheet = this.sheetModel(sheetName);
    const { rect } = parseAddress(topLeft);
    rows.forEach((row, i) => row.forEach((v, j) => sheet.set(rect.r0 + i, rect.c0 + j, v ?? undefined)));
  }

  addTable(sheetName: string, address: string, name?: string): TableModel {
    const table = this.model.addTable(this.sheetModel(sheetName), parseAddress(address).rect, true);
    if (name) {
      this.model.validateTableName(name, table);
      table.name = name;
    }
    return table;
  }

  select(sheetName: string, address: string): void {
    const sheet = this.sheetModel(sheetName);
    this.model.active = sheet;
    this.model.selection = { sheet, rect: parseAddress(address).rect };
  }

  setSetting(key: string, value: unknown): void {
    this.model.settings.set(key, JSON.stringify(value));
  }

  /* ---- inspection --------------------------------------------------------------------------- */

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  sheetModel(name: string): SheetModel {
    return this.model.sheetByName(name) ?? fail(ErrorCodes.itemNotFound, `No worksheet '${name}' in the fake.`);
  }

  hasSheet(name: string): boolean {
    return this.model.sheetByName(name) !== undefined;
  }

  activeSheetName(): string | undefined {
    return this.model.active?.name;
  }

  selectionAddress(): string | undefined {
    const sel = this.model.selection;
    return sel ? sel.sheet.address(sel.rect) : undefined;
  }

  /** Values ("" for empty) of an address, or of the sheet's used range. */
  read(sheetName: string, address?: string): CellValue[][] {
    const sheet = this.sheetModel(sheetName);
    const rect: Rect | null = address ? parseAddress(address).rect : sheet.usedRect(true);
    return rect ? sheet.read(rect) : [];
  }

  usedAddress(sheetName: string): string | null {
    const sheet = this.sheetModel(sheetName);
    const rect = sheet.usedRect(true);
    return rect ? sheet.address(rect) : null;
  }

  cell(sheetName: string, address: string): CellValue | undefined {
    const { rect } = parseAddress(address);
    return this.sheetModel(sheetName).get(rect.r0, rect.c0);
  }

  fillAt(sheetName: string, address: string): string | undefined {
    const { rect } = parseAddress(address);
    return this.sheetModel(sheetName).formatAt(rect.r0, rect.c0, "fill") as string | undefined;
  }

  /** The fill shown, conditional formats included. */
  effectiveFillAt(sheetName: string, address: string): string | undefined {
    const { rect } = parseAddress(address);
    return this.sheetModel(sheetName).effectiveFill(rect.r0, rect.c0);
  }

  formatAt(sheetName: string, address: string, prop: "fill" | "fontColor" | "bold" | "numberFormat"): unknown {
    const { rect } = parseAddress(address);
    return this.sheetModel(sheetName).formatAt(rect.r0, rect.c0, prop);
  }

  tables(sheetName?: string): TableModel[] {
    return sheetName ? this.sheetModel(sheetName).tables() : [...this.model.tables];
  }

  charts(sheetName?: string): ChartModel[] {
    return sheetName ? this.sheetModel(sheetName).charts() : [...this.model.charts];
  }

  conditionalFormats(sheetName: string): ConditionalFormatModel[] {
    return [...this.sheetModel(sheetName).conditionalFormats];
  }

  /** The worksheet-scoped names of a sheet and the addresses they refer to. */
  names(sheetName: string): { name: string; address: string; comment: string }[] {
    const sheet = this.sheetModel(sheetName);
    return sheet.names.map((n) => ({ name: n.name, address: sheet.address(n.rect), comment: n.comment }));
  }

  setting(key: string): unknown {
    const json = this.model.settings.get(key);
    return json === undefined ? undefined : JSON.parse(json);
  }

  /** A JSON-friendly summary, e.g. for a browser test's page.evaluate. */
  snapshot(): FakeSnapshot {
    return {
      sheets: this.model.sheets.map((s) => ({
        name: s.name,
        id: s.id,
        tabColor: s.tabColor,
        used: (() => {
          const rect = s.usedRect(true);
          return rect ? s.address(rect) : null;
        })(),
        freezeRows: s.freeze.rows,
        tables: s.tables().map((t) => ({ name: t.name, address: s.address(t.rect), columns: t.columns.map((c) => c.name) })),
        charts: s.charts().map((c) => ({
          type: c.type,
          title: c.title,
          series: c.series.map((x) => ({
            name: x.name,
            chartType: x.chartType ?? c.type,
            axisGroup: x.axisGroup,
            values: x.values ? x.values.sheet.address(x.values.rect) : null,
          })),
          axes: c.axes.map((a) => ({ ...a })),
        })),
        conditionalFormats: s.conditionalFormats.map((cf) => ({
          type: cf.type,
          address: s.address(cf.rect),
          formula: cf.formula,
          fill: cf.fill,
        })),
      })),
      active: this.activeSheetName() ?? null,
      selection: this.selectionAddress() ?? null,
      settings: Object.fromEntries([...this.model.settings].map(([k, v]) => [k, JSON.parse(v)])),
      syncs: this.stats.syncs,
      apiCalls: this.stats.apiCalls,
      runs: this.runs,
    };
  }
}

export interface FakeSnapshot {
  sheets: {
    name: string;
    id: string;
    tabColor: string;
    used: string | null;
    freezeRows: number;
    tables: { name: string; address: string; columns: string[] }[];
    charts: {
      type: string;
      title: string;
      series: { name: string; chartType: string; axisGroup: string; values: string | null }[];
      axes: AxisModel[];
    }[];
    conditionalFormats: { type: string; address: string; formula?: string; fill?: string }[];
  }[];
  active: string | null;
  selection: string | null;
  settings: Record<string, unknown>;
  syncs: number;
  apiCalls: number;
  runs: number;
}
