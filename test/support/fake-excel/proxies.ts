/**
 * Proxy objects with Office.js semantics over the model: methods and property writes only queue
 * requests; properties can be read only after load() and a successful sync(), otherwise they throw
 * PropertyNotLoaded; *OrNullObject results report isNullObject after sync. Only the subset of the
 * Excel API the add-in uses is here: anything else is absent, so using it fails loudly.
 */
import { cellA1, inside, MAX_COLS, MAX_ROWS, overlaps, parseAddress, quoteSheet, rectA1, type Rect } from "./address";
import { ErrorCodes, fail, propertyNotLoaded } from "./errors";
import type { ExecState, FakeRequestContext } from "./context";
import type {
  AxisModel,
  CellValue,
  ChartModel,
  ConditionalFormatModel,
  NamedRangeModel,
  RangeRef,
  SeriesModel,
  SheetModel,
  TableModel,
  WorkbookModel,
} from "./model";
import { intersect } from "./model";
import { jsonBytes } from "./payload";

const UNRESOLVED = Symbol("unresolved");

type LoadSpec = string | string[] | { select?: string | string[]; expand?: string | string[] } | undefined;

function parseLoad(spec: LoadSpec): string[] | null {
  if (spec === undefined) return null;
  if (typeof spec === "string")
    return spec
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(spec)) return spec.flatMap((s) => parseLoad(s) ?? []);
  const select = spec.select === undefined ? [] : (parseLoad(spec.select) ?? []);
  const expand = spec.expand === undefined ? [] : (parseLoad(spec.expand) ?? []);
  return [...select, ...expand];
}

/** How a proxy finds its object: by a queued request (created) or from its parent (navigation). */
type Origin = { created: true; payload?: unknown } | { created: false };

export abstract class ClientObject<T> {
  protected readonly _loaded = new Map<string, unknown>();
  private _slot: T | null | typeof UNRESOLVED = UNRESOLVED;
  private _nullKnown: boolean | undefined;
  private readonly _children = new Map<string, ClientObject<unknown>>();

  constructor(
    readonly context: FakeRequestContext,
    protected readonly _type: string,
    private readonly _resolver: () => T | null,
    private readonly _origin: Origin,
  ) {
    if (_origin.created) {
      context.enqueue(_origin.payload, (exec) => {
        const value = _resolver();
        this._slot = value;
        exec.deliveries.push(() => (this._nullKnown = value === null));
      });
    }
  }

  /** For items of a loaded collection: already resolved. */
  _presolve(value: T): this {
    this._slot = value;
    this._nullKnown = false;
    return this;
  }

  protected _scalars(): readonly string[] {
    return [];
  }

  protected _read(_target: T, prop: string, _exec: ExecState): unknown {
    return fail(ErrorCodes.invalidArgument, `${this._type}.${prop} cannot be loaded (not implemented by the fake).`);
  }

  protected _alive(_target: T): boolean {
    return true;
  }

  protected _navigation(): Record<string, () => ClientObject<unknown>> {
    return {};
  }

  protected _child<C extends ClientObject<unknown>>(name: string, make: () => C): C {
    let child = this._children.get(name);
    if (!child) {
      child = make();
      this._children.set(name, child);
    }
    return child as C;
  }

  _targetOrNull(): T | null {
    const value = this._origin.created || this._slot !== UNRESOLVED ? this._slot : this._resolver();
    if (value === UNRESOLVED)
      fail(
        ErrorCodes.invalidObjectPath,
        `${this._type} is used in a request that runs before the request creating it (or in another Excel.run).`,
      );
    if (value !== null && !this._alive(value)) fail(ErrorCodes.invalidObjectPath, `${this._type} no longer exists in the workbook.`);
    return value;
  }

  _target(): T {
    const value = this._targetOrNull();
    if (value === null) fail(ErrorCodes.itemNotFound, `${this._type} is a null object (the item does not exist).`);
    return value;
  }

  get isNullObject(): boolean {
    if (this._nullKnown === undefined) throw propertyNotLoaded(this._type, "isNullObject");
    return this._nullKnown;
  }

  protected _get<V>(prop: string): V {
    if (!this._loaded.has(prop)) throw propertyNotLoaded(this._type, prop);
    return this._loaded.get(prop) as V;
  }

  /** Queues a property write. */
  protected _set(prop: string, value: unknown, apply: (target: T, exec: ExecState) => void, minVersion?: string): void {
    this.context.call(`${this._type}.${prop}=`, minVersion);
    this.context.enqueue({ [prop]: value }, (exec) => apply(this._target(), exec));
  }

  /** Queues a method call that returns nothing. */
  protected _do(method: string, args: unknown[], apply: (target: T, exec: ExecState) => void, minVersion?: string): void {
    this.context.call(`${this._type}.${method}`, minVersion);
    this.context.enqueue(serializableArgs(args), (exec) => apply(this._target(), exec));
  }

  load(spec?: LoadSpec): this {
    this.context.call(`${this._type}.load`);
    const paths = parseLoad(spec);
    this.context.enqueue(paths ?? [], (exec) => this._loadNow(paths, exec));
    return this;
  }

  _loadNow(paths: string[] | null, exec: ExecState): void {
    const target = this._targetOrNull();
    if (target === null) return;
    const nested = new Map<string, string[]>();
    const navigation = this._navigation();
    for (const path of paths ?? this._scalars()) {
      const slash = path.indexOf("/");
      if (slash >= 0) {
        const head = path.slice(0, slash);
        nested.set(head, [...(nested.get(head) ?? []), path.slice(slash + 1)]);
        continue;
      }
      if (navigation[path]) {
        navigation[path]()._loadNow(null, exec);
        continue;
      }
      if (!this._scalars().includes(path))
        fail(ErrorCodes.invalidArgument, `${this._type} has no loadable property '${path}' in the fake.`);
      const value = this._read(target, path, exec);
      exec.responseBytes += jsonBytes(value) + path.length + 4;
      exec.deliveries.push(() => this._loaded.set(path, value));
    }
    for (const [head, rest] of nested) {
      const make = navigation[head];
      if (!make) fail(ErrorCodes.invalidArgument, `${this._type} has no navigation property '${head}' in the fake.`);
      make()._loadNow(rest, exec);
    }
  }

  untrack(): this {
    this.context.call(`${this._type}.untrack`);
    return this;
  }

  track(): this {
    this.context.call(`${this._type}.track`);
    return this;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

function serializableArgs(args: unknown[]): unknown[] {
  return args.map((a) => (a instanceof ClientObject ? "<object>" : a));
}

/** Collections: load("items/name"), load("name") (shorthand for items), load("count"). */
abstract class CollectionObject<T, M, P extends ClientObject<M>> extends ClientObject<T> {
  protected abstract _members(target: T): M[];
  protected abstract _wrap(member: M): P;

  get items(): P[] {
    return this._get("items");
  }

  get count(): number {
    return this._get("count");
  }

  override _loadNow(paths: string[] | null, exec: ExecState): void {
    const target = this._targetOrNull();
    if (target === null) return;
    let wantItems = false;
    const itemPaths: string[] = [];
    for (const path of paths ?? ["items"]) {
      if (path === "count") {
        const count = this._members(target).length;
        exec.responseBytes += 12;
        exec.deliveries.push(() => this._loaded.set("count", count));
      } else if (path === "items") wantItems = true;
      else {
        wantItems = true;
        itemPaths.push(path.startsWith("items/") ? path.slice(6) : path);
      }
    }
    if (!wantItems) return;
    const items = this._members(target).map((m) => this._wrap(m)._presolve(m));
    for (const item of items) item._loadNow(itemPaths.length ? itemPaths : null, exec);
    exec.deliveries.push(() => this._loaded.set("items", items));
  }
}

/* ------------------------------------------------------------------------------------------------
 * Workbook, worksheets, application
 * ---------------------------------------------------------------------------------------------- */

export class WorkbookProxy extends ClientObject<WorkbookModel> {
  constructor(context: FakeRequestContext) {
    super(context, "Workbook", () => context.host.model, { created: false });
  }

  get worksheets(): WorksheetCollectionProxy {
    return this._child("worksheets", () => new WorksheetCollectionProxy(this.context));
  }

  get tables(): TableCollectionProxy {
    return this._child("tables", () => new TableCollectionProxy(this.context, () => null));
  }

  get settings(): SettingCollectionProxy {
    return this._child("settings", () => new SettingCollectionProxy(this.context));
  }

  get application(): ApplicationProxy {
    return this._child("application", () => new ApplicationProxy(this.context));
  }

  getSelectedRange(): RangeProxy {
    this.context.call("Workbook.getSelectedRange");
    const model = this.context.host.model;
    return new RangeProxy(
      this.context,
      () => {
        if (!model.selection) fail(ErrorCodes.invalidSelection, "Nothing is selected.");
        return { sheet: model.selection.sheet, rect: { ...model.selection.rect } };
      },
      { created: true },
    );
  }
}

export class ApplicationProxy extends ClientObject<WorkbookModel> {
  constructor(context: FakeRequestContext) {
    super(context, "Application", () => context.host.model, { created: false });
  }

  suspendApiCalculationUntilNextSync(): void {
    this._do("suspendApiCalculationUntilNextSync", [], (_t, exec) => (exec.record.suspendedCalculation = true), "1.6");
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this._do("suspendScreenUpdatingUntilNextSync", [], (_t, exec) => (exec.record.suspendedScreenUpdating = true), "1.9");
  }
}

export class WorksheetCollectionProxy extends CollectionObject<WorkbookModel, SheetModel, WorksheetProxy> {
  constructor(context: FakeRequestContext) {
    super(context, "WorksheetCollection", () => context.host.model, { created: false });
  }

  protected _members(target: WorkbookModel): SheetModel[] {
    return [...target.sheets];
  }

  protected _wrap(): WorksheetProxy {
    return new WorksheetProxy(this.context, () => null, { created: false });
  }

  getItem(key: string): WorksheetProxy {
    this.context.call("WorksheetCollection.getItem");
    return new WorksheetProxy(
      this.context,
      () => this._target().sheetByKey(key) ?? fail(ErrorCodes.itemNotFound, `Worksheet '${key}' not found.`),
      { created: true, payload: [key] },
    );
  }

  getItemOrNullObject(key: string): WorksheetProxy {
    this.context.call("WorksheetCollection.getItemOrNullObject", "1.4");
    return new WorksheetProxy(this.context, () => this._target().sheetByKey(key) ?? null, { created: true, payload: [key] });
  }

  add(name?: string): WorksheetProxy {
    this.context.call("WorksheetCollection.add");
    return new WorksheetProxy(this.context, () => this._target().addSheet(name), { created: true, payload: [name] });
  }

  getActiveWorksheet(): WorksheetProxy {
    this.context.call("WorksheetCollection.getActiveWorksheet");
    return new WorksheetProxy(this.context, () => this._target().active, { created: true });
  }
}

export class WorksheetProxy extends ClientObject<SheetModel> {
  constructor(context: FakeRequestContext, resolver: () => SheetModel | null, origin: Origin) {
    super(context, "Worksheet", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["id", "name", "position", "tabColor", "visibility"];
  }

  protected override _read(t: SheetModel, prop: string): unknown {
    switch (prop) {
      case "id":
        return t.id;
      case "name":
        return t.name;
      case "position":
        return t.workbook.sheets.indexOf(t);
      case "tabColor":
        return t.tabColor;
      default:
        return "Visible";
    }
  }

  protected override _alive(t: SheetModel): boolean {
    return !t.deleted;
  }

  protected override _navigation(): Record<string, () => ClientObject<unknown>> {
    return { tables: () => this.tables, charts: () => this.charts, freezePanes: () => this.freezePanes, names: () => this.names };
  }

  get id(): string {
    return this._get("id");
  }

  get name(): string {
    return this._get("name");
  }

  set name(value: string) {
    this._set("name", value, (t) => {
      t.workbook.renameSheet(t, value);
    });
  }

  get position(): number {
    return this._get("position");
  }

  set position(value: number) {
    this._set("position", value, (t) => t.workbook.moveSheet(t, value));
  }

  get tabColor(): string {
    return this._get("tabColor");
  }

  set tabColor(value: string) {
    this._set(
      "tabColor",
      value,
      (t) => {
        if (value !== "" && !/^#[0-9A-Fa-f]{6}$/.test(value)) fail(ErrorCodes.invalidArgument, `Invalid tab colour '${value}'.`);
        t.tabColor = value.toUpperCase();
      },
      "1.7",
    );
  }

  get visibility(): string {
    return this._get("visibility");
  }

  get tables(): TableCollectionProxy {
    return this._child("tables", () => new TableCollectionProxy(this.context, () => this._target()));
  }

  get charts(): ChartCollectionProxy {
    return this._child("charts", () => new ChartCollectionProxy(this.context, () => this._target()));
  }

  get freezePanes(): FreezePanesProxy {
    return this._child("freezePanes", () => new FreezePanesProxy(this.context, () => this._target()));
  }

  get names(): NamedItemCollectionProxy {
    return this._child("names", () => new NamedItemCollectionProxy(this.context, () => this._target()));
  }

  activate(): void {
    this._do("activate", [], (t) => {
      t.workbook.active = t;
      t.workbook.selection = { sheet: t, rect: { r0: 0, c0: 0, rows: 1, cols: 1 } };
    });
  }

  delete(): void {
    this._do("delete", [], (t) => t.workbook.deleteSheet(t));
  }

  getRange(address: string): RangeProxy {
    this.context.call("Worksheet.getRange");
    return new RangeProxy(
      this.context,
      () => {
        const sheet = this._target();
        const parsed = parseAddress(address);
        if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
          fail(ErrorCodes.invalidArgument, `Address ${address} is not on worksheet ${sheet.name}.`);
        }
        return { sheet, rect: parsed.rect };
      },
      { created: true, payload: [address] },
    );
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    this.context.call("Worksheet.getRangeByIndexes", "1.7");
    return new RangeProxy(
      this.context,
      () => ({ sheet: this._target(), rect: checkedRect(startRow, startColumn, rowCount, columnCount) }),
      {
        created: true,
        payload: [startRow, startColumn, rowCount, columnCount],
      },
    );
  }

  getCell(row: number, column: number): RangeProxy {
    this.context.call("Worksheet.getCell");
    return new RangeProxy(this.context, () => ({ sheet: this._target(), rect: checkedRect(row, column, 1, 1) }), {
      created: true,
      payload: [row, column],
    });
  }

  getUsedRange(valuesOnly = false): RangeProxy {
    this.context.call("Worksheet.getUsedRange");
    return new RangeProxy(
      this.context,
      () => {
        const sheet = this._target();
        return { sheet, rect: sheet.usedRect(valuesOnly) ?? { r0: 0, c0: 0, rows: 1, cols: 1 } };
      },
      { created: true, payload: [valuesOnly] },
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    this.context.call("Worksheet.getUsedRangeOrNullObject", "1.4");
    return new RangeProxy(
      this.context,
      () => {
        const sheet = this._target();
        const rect = sheet.usedRect(valuesOnly);
        return rect ? { sheet, rect } : null;
      },
      { created: true, payload: [valuesOnly] },
    );
  }
}

export class FreezePanesProxy extends ClientObject<SheetModel> {
  constructor(context: FakeRequestContext, resolver: () => SheetModel) {
    super(context, "WorksheetFreezePanes", resolver, { created: false });
  }

  freezeRows(count = 1): void {
    this._do("freezeRows", [count], (t) => (t.freeze = { rows: count, columns: 0 }), "1.7");
  }

  freezeColumns(count = 1): void {
    this._do("freezeColumns", [count], (t) => (t.freeze = { rows: 0, columns: count }), "1.7");
  }

  unfreeze(): void {
    this._do("unfreeze", [], (t) => (t.freeze = { rows: 0, columns: 0 }), "1.7");
  }
}

function checkedRect(r0: number, c0: number, rows: number, cols: number): Rect {
  const ok =
    [r0, c0, rows, cols].every((n) => Number.isInteger(n)) &&
    r0 >= 0 &&
    c0 >= 0 &&
    rows >= 1 &&
    cols >= 1 &&
    r0 + rows <= MAX_ROWS &&
    c0 + cols <= MAX_COLS;
  if (!ok) fail(ErrorCodes.invalidArgument, `Invalid range indexes (${r0}, ${c0}, ${rows}, ${cols}).`);
  return { r0, c0, rows, cols };
}

/* ------------------------------------------------------------------------------------------------
 * Range and its formats
 * ---------------------------------------------------------------------------------------------- */

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const ISO_DATE_TEXT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

export class RangeProxy extends ClientObject<RangeRef> {
  constructor(context: FakeRequestContext, resolver: () => RangeRef | null, origin: Origin) {
    super(context, "Range", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return [
      "address",
      "addressLocal",
      "rowIndex",
      "columnIndex",
      "rowCount",
      "columnCount",
      "cellCount",
      "values",
      "formulas",
      "numberFormat",
    ];
  }

  protected override _alive(t: RangeRef): boolean {
    return !t.sheet.deleted;
  }

  protected override _navigation(): Record<string, () => ClientObject<unknown>> {
    return { worksheet: () => this.worksheet, format: () => this.format };
  }

  protected override _read(t: RangeRef, prop: string, exec: ExecState): unknown {
    const { rect, sheet } = t;
    switch (prop) {
      case "address":
      case "addressLocal":
        return sheet.address(rect);
      case "rowIndex":
        return rect.r0;
      case "columnIndex":
        return rect.c0;
      case "rowCount":
        return rect.rows;
      case "columnCount":
        return rect.cols;
      case "cellCount":
        return rect.rows * rect.cols;
      case "values":
      case "formulas": {
        // The fake does not calculate: a formula cell holds its formula text, which both return.
        const cells = rect.rows * rect.cols;
        if (cells > this.context.host.limits.cellsPerRead) {
          fail(
            ErrorCodes.responsePayloadSizeLimitExceeded,
            `Reading ${cells} cells (${sheet.address(rect)}) exceeds the limit of ${this.context.host.limits.cellsPerRead} cells per range.`,
          );
        }
        const values = sheet.read(rect);
        exec.record.reads.push({ address: sheet.address(rect), cells, bytes: jsonBytes(values) });
        return values;
      }
      default: {
        const out: string[][] = [];
        for (let i = 0; i < rect.rows; i++) {
          const row: string[] = [];
          for (let j = 0; j < rect.cols; j++) row.push(sheet.numberFormatAt(rect.r0 + i, rect.c0 + j));
          out.push(row);
        }
        return out;
      }
    }
  }

  get address(): string {
    return this._get("address");
  }
  get addressLocal(): string {
    return this._get("addressLocal");
  }
  get rowIndex(): number {
    return this._get("rowIndex");
  }
  get columnIndex(): number {
    return this._get("columnIndex");
  }
  get rowCount(): number {
    return this._get("rowCount");
  }
  get columnCount(): number {
    return this._get("columnCount");
  }
  get cellCount(): number {
    return this._get("cellCount");
  }

  get values(): CellValue[][] {
    return this._get("values");
  }

  set values(values: unknown[][]) {
    this._set("values", values, (t, exec) => writeValues(this.context, t, values, exec, false));
  }

  get formulas(): CellValue[][] {
    return this._get("formulas");
  }

  /** Like values, except that text starting with "=" is meant as a formula (and must parse). */
  set formulas(formulas: unknown[][]) {
    this._set("formulas", formulas, (t, exec) => writeValues(this.context, t, formulas, exec, true));
  }

  get numberFormat(): string[][] {
    return this._get("numberFormat");
  }

  /** A 1×1 array is broadcast over the range (as Excel does); otherwise the shape must match. */
  set numberFormat(formats: unknown[][]) {
    this._set("numberFormat", formats, (t) => {
      const { rect, sheet } = t;
      if (!Array.isArray(formats) || !formats.every((row) => Array.isArray(row) && row.every((f) => typeof f === "string"))) {
        fail(ErrorCodes.invalidArgument, "numberFormat must be a 2-D array of strings.");
      }
      const grid = formats as string[][];
      if (grid.length === 1 && grid[0].length === 1) sheet.formats.push({ rect, prop: "numberFormat", value: grid[0][0] });
      else if (grid.length === rect.rows && grid.every((row) => row.length === rect.cols))
        sheet.formats.push({ rect, prop: "numberFormat", grid });
      else
        fail(
          ErrorCodes.invalidArgument,
          `numberFormat is ${grid.length}×${grid[0]?.length} but ${sheet.address(rect)} is ${rect.rows}×${rect.cols}.`,
        );
    });
  }

  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => new WorksheetProxy(this.context, () => this._target().sheet, { created: false }));
  }

  get format(): RangeFormatProxy {
    return this._child("format", () => new RangeFormatProxy(this.context, () => this._target()));
  }

  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return this._child("conditionalFormats", () => new ConditionalFormatCollectionProxy(this.context, () => this._target()));
  }

  private _derived(method: string, args: unknown[], make: (t: RangeRef) => RangeRef | null, minVersion?: string): RangeProxy {
    this.context.call(`Range.${method}`, minVersion);
    return new RangeProxy(this.context, () => make(this._target()), { created: true, payload: serializableArgs(args) });
  }

  getCell(row: number, column: number): RangeProxy {
    return this._derived("getCell", [row, column], (t) => ({
      sheet: t.sheet,
      rect: checkedRect(t.rect.r0 + row, t.rect.c0 + column, 1, 1),
    }));
  }

  getRow(row: number): RangeProxy {
    return this._derived("getRow", [row], (t) => ({ sheet: t.sheet, rect: checkedRect(t.rect.r0 + row, t.rect.c0, 1, t.rect.cols) }));
  }

  getColumn(column: number): RangeProxy {
    return this._derived("getColumn", [column], (t) => ({
      sheet: t.sheet,
      rect: checkedRect(t.rect.r0, t.rect.c0 + column, t.rect.rows, 1),
    }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this._derived("getOffsetRange", [rowOffset, columnOffset], (t) => ({
      sheet: t.sheet,
      rect: checkedRect(t.rect.r0 + rowOffset, t.rect.c0 + columnOffset, t.rect.rows, t.rect.cols),
    }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this._derived(
      "getResizedRange",
      [deltaRows, deltaColumns],
      (t) => ({ sheet: t.sheet, rect: checkedRect(t.rect.r0, t.rect.c0, t.rect.rows + deltaRows, t.rect.cols + deltaColumns) }),
      "1.7",
    );
  }

  getSurroundingRegion(): RangeProxy {
    return this._derived("getSurroundingRegion", [], (t) => ({ sheet: t.sheet, rect: t.sheet.surroundingRegion(t.rect) }), "1.7");
  }

  getUsedRange(valuesOnly = false): RangeProxy {
    return this._derived("getUsedRange", [valuesOnly], (t) => {
      const rect = t.sheet.usedRect(valuesOnly, t.rect);
      return rect ? { sheet: t.sheet, rect } : fail(ErrorCodes.itemNotFound, "The range has no used cells.");
    });
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return this._derived(
      "getUsedRangeOrNullObject",
      [valuesOnly],
      (t) => {
        const rect = t.sheet.usedRect(valuesOnly, t.rect);
        return rect ? { sheet: t.sheet, rect } : null;
      },
      "1.4",
    );
  }

  getIntersectionOrNullObject(other: RangeProxy | string): RangeProxy {
    return this._derived(
      "getIntersectionOrNullObject",
      [other],
      (t) => {
        const rect = typeof other === "string" ? parseAddress(other).rect : other._target().rect;
        const common = intersect(t.rect, rect);
        return common ? { sheet: t.sheet, rect: common } : null;
      },
      "1.4",
    );
  }

  getTables(fullyContained = false): TableScopedCollectionProxy {
    this.context.call("Range.getTables", "1.9");
    return new TableScopedCollectionProxy(
      this.context,
      () => {
        const t = this._target();
        return t.sheet.tables().filter((table) => (fullyContained ? inside(table.rect, t.rect) : overlaps(table.rect, t.rect)));
      },
      [fullyContained],
    );
  }

  clear(applyTo: "All" | "Formats" | "Contents" = "All"): void {
    this._do("clear", [applyTo], (t) => {
      const { sheet, rect } = t;
      if (applyTo !== "Formats") {
        for (let r = rect.r0; r < rect.r0 + rect.rows; r++) for (let c = rect.c0; c < rect.c0 + rect.cols; c++) sheet.set(r, c, undefined);
      }
      if (applyTo !== "Contents") {
        sheet.formats.push({ rect, prop: "clear" });
        for (let i = sheet.conditionalFormats.length - 1; i >= 0; i--) {
          if (inside(sheet.conditionalFormats[i].rect, rect)) sheet.conditionalFormats.splice(i, 1);
        }
      }
    });
  }

  select(): void {
    this._do("select", [], (t) => {
      t.sheet.workbook.active = t.sheet;
      t.sheet.workbook.selection = { sheet: t.sheet, rect: { ...t.rect } };
    });
  }
}

/**
 * Writes like Excel's Range.values (or Range.formulas): null leaves a cell alone, text may turn into
 * numbers, dates or formulas.
 */
function writeValues(context: FakeRequestContext, t: RangeRef, values: unknown[][], exec: ExecState, asFormulas: boolean): void {
  const { sheet, rect } = t;
  const stats = context.host.stats;
  if (!Array.isArray(values) || values.length !== rect.rows || !values.every((row) => Array.isArray(row) && row.length === rect.cols)) {
    fail(
      ErrorCodes.invalidArgument,
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${sheet.address(rect)} is ${rect.rows}×${rect.cols}).`,
    );
  }
  const textFormats = sheet.formats.some((f) => f.prop === "numberFormat" && (f.value === "@" || f.grid) && intersect(f.rect, rect));
  for (let i = 0; i < rect.rows; i++) {
    const row = values[i];
    for (let j = 0; j < rect.cols; j++) {
      const v = row[j];
      const r = rect.r0 + i;
      const c = rect.c0 + j;
      if (v === null || v === undefined) continue;
      if (typeof v === "number") {
        if (!Number.isFinite(v)) {
          stats.nonFiniteWrites++;
          continue;
        }
        sheet.set(r, c, v);
      } else if (typeof v === "boolean") sheet.set(r, c, v);
      else if (typeof v === "string" && asFormulas && v.startsWith("=")) sheet.set(r, c, checkFormula(v, r, c));
      else if (typeof v === "string")
        sheet.set(r, c, coerceText(v, textFormats && sheet.numberFormatAt(r, c) === "@", stats.formulaWrites));
      else fail(ErrorCodes.invalidArgument, `Unsupported cell value of type ${typeof v} at ${cellA1(r, c)}.`);
    }
  }
  exec.record.writes.push({ address: sheet.address(rect), cells: rect.rows * rect.cols, bytes: jsonBytes(values) });
  sheet.workbook.refreshTableHeaders(sheet, rect);
}

/** Excel refuses a formula it cannot parse; the fake checks what it can without parsing: quotes and parentheses. */
function checkFormula(formula: string, r: number, c: number): string {
  let depth = 0;
  let quoted = false;
  for (const ch of formula) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")" && --depth < 0) break;
  }
  if (quoted || depth !== 0 || formula.length < 2)
    fail(ErrorCodes.invalidArgument, `There's a problem with the formula ${formula} at ${cellA1(r, c)}.`);
  return formula;
}

function coerceText(text: string, isTextFormat: boolean, formulaWrites: string[]): CellValue {
  if (isTextFormat) return text;
  if (text.startsWith("'")) return text.slice(1);
  if (text.startsWith("=")) {
    formulaWrites.push(text);
    return text;
  }
  if (NUMERIC_TEXT.test(text)) return Number(text);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  const date = ISO_DATE_TEXT.exec(text);
  if (date) return (Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) - Date.UTC(1899, 11, 30)) / 86400000;
  return text;
}

export class RangeFormatProxy extends ClientObject<RangeRef> {
  constructor(context: FakeRequestContext, resolver: () => RangeRef) {
    super(context, "RangeFormat", resolver, { created: false });
  }

  protected override _scalars(): readonly string[] {
    return ["columnWidth", "horizontalAlignment"];
  }

  protected override _read(t: RangeRef, prop: string): unknown {
    return uniform(t, prop === "columnWidth" ? "columnWidth" : "horizontalAlignment") ?? (prop === "columnWidth" ? 48 : "General");
  }

  protected override _navigation(): Record<string, () => ClientObject<unknown>> {
    return { fill: () => this.fill, font: () => this.font };
  }

  get fill(): RangeFillProxy {
    return this._child("fill", () => new RangeFillProxy(this.context, () => this._target()));
  }

  get font(): RangeFontProxy {
    return this._child("font", () => new RangeFontProxy(this.context, () => this._target()));
  }

  get columnWidth(): number {
    return this._get("columnWidth");
  }

  set columnWidth(value: number) {
    this._set("columnWidth", value, (t) => t.sheet.formats.push({ rect: t.rect, prop: "columnWidth", value }));
  }

  get horizontalAlignment(): string {
    return this._get("horizontalAlignment");
  }

  set horizontalAlignment(value: string) {
    this._set("horizontalAlignment", value, (t) => t.sheet.formats.push({ rect: t.rect, prop: "horizontalAlignment", value }));
  }

  autofitColumns(): void {
    this._do("autofitColumns", [], (t) => t.sheet.formats.push({ rect: t.rect, prop: "autofit", value: true }), "1.2");
  }
}

function uniform(t: RangeRef, prop: "fill" | "fontColor" | "bold" | "columnWidth" | "horizontalAlignment"): unknown {
  let first: unknown = undefined;
  for (let r = t.rect.r0; r < t.rect.r0 + t.rect.rows; r++) {
    for (let c = t.rect.c0; c < t.rect.c0 + t.rect.cols; c++) {
      const v = t.sheet.formatAt(r, c, prop);
      if (r === t.rect.r0 && c === t.rect.c0) first = v;
      else if (v !== first) return null;
    }
  }
  return first;
}

export class RangeFillProxy extends ClientObject<RangeRef> {
  constructor(context: FakeRequestContext, resolver: () => RangeRef) {
    super(context, "RangeFill", resolver, { created: false });
  }

  protected override _scalars(): readonly string[] {
    return ["color"];
  }

  protected override _read(t: RangeRef): unknown {
    return uniform(t, "fill") ?? "#FFFFFF";
  }

  get color(): string {
    return this._get("color");
  }

  set color(value: string) {
    this._set("color", value, (t) => t.sheet.formats.push({ rect: t.rect, prop: "fill", value: checkColor(value) }));
  }

  clear(): void {
    this._do("clear", [], (t) => t.sheet.formats.push({ rect: t.rect, prop: "fill", value: undefined }));
  }
}

export class RangeFontProxy extends ClientObject<RangeRef> {
  constructor(context: FakeRequestContext, resolver: () => RangeRef) {
    super(context, "RangeFont", resolver, { created: false });
  }

  protected override _scalars(): readonly string[] {
    return ["color", "bold", "italic"];
  }

  protected override _read(t: RangeRef, prop: string): unknown {
    if (prop === "color") return uniform(t, "fontColor") ?? "#000000";
    return uniform(t, "bold") ?? false;
  }

  get color(): string {
    return this._get("color");
  }

  set color(value: string) {
    this._set("color", value, (t) => t.sheet.formats.push({ rect: t.rect, prop: "fontColor", value: checkColor(value) }));
  }

  get bold(): boolean {
    return this._get("bold");
  }

  set bold(value: boolean) {
    this._set("bold", value, (t) => t.sheet.formats.push({ rect: t.rect, prop: "bold", value }));
  }

  set italic(value: boolean) {
    this._set("italic", value, (t) => t.sheet.formats.push({ rect: t.rect, prop: "italic", value }));
  }
}

function checkColor(value: string): string {
  if (typeof value !== "string" || !/^#[0-9A-Fa-f]{6}$/.test(value))
    fail(ErrorCodes.invalidArgument, `The fake accepts colours as #RRGGBB (got '${value}').`);
  return value.toUpperCase();
}

/* ------------------------------------------------------------------------------------------------
 * Conditional formats
 * ---------------------------------------------------------------------------------------------- */

export class ConditionalFormatCollectionProxy extends CollectionObject<RangeRef, ConditionalFormatModel, ConditionalFormatProxy> {
  constructor(context: FakeRequestContext, resolver: () => RangeRef) {
    super(context, "ConditionalFormatCollection", resolver, { created: false });
  }

  protected _members(t: RangeRef): ConditionalFormatModel[] {
    return t.sheet.conditionalFormats.filter((cf) => overlaps(cf.rect, t.rect));
  }

  protected _wrap(): ConditionalFormatProxy {
    return new ConditionalFormatProxy(this.context, () => null, { created: false });
  }

  add(type: "ColorScale" | "Custom"): ConditionalFormatProxy {
    this.context.call("ConditionalFormatCollection.add", "1.6");
    return new ConditionalFormatProxy(
      this.context,
      () => {
        if (type !== "ColorScale" && type !== "Custom")
          fail(ErrorCodes.notImplemented, `The fake supports ColorScale and Custom conditional formats (got ${type}).`);
        const t = this._target();
        const model = t.sheet.workbook;
        // A new rule goes on top (priority 0) and pushes the others down, as in Excel.
        for (const cf of t.sheet.conditionalFormats) cf.priority++;
        const cf: ConditionalFormatModel = {
          id: model.nextConditionalFormatId++,
          sheet: t.sheet,
          rect: { ...t.rect },
          type,
          priority: 0,
          stopIfTrue: false,
        };
        t.sheet.conditionalFormats.push(cf);
        return cf;
      },
      { created: true, payload: [type] },
    );
  }

  clearAll(): void {
    this._do(
      "clearAll",
      [],
      (t) => {
        for (let i = t.sheet.conditionalFormats.length - 1; i >= 0; i--) {
          if (overlaps(t.sheet.conditionalFormats[i].rect, t.rect)) t.sheet.conditionalFormats.splice(i, 1);
        }
      },
      "1.6",
    );
  }
}

export class ConditionalFormatProxy extends ClientObject<ConditionalFormatModel> {
  constructor(context: FakeRequestContext, resolver: () => ConditionalFormatModel | null, origin: Origin) {
    super(context, "ConditionalFormat", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["id", "type", "priority", "stopIfTrue"];
  }

  protected override _read(t: ConditionalFormatModel, prop: string): unknown {
    return prop === "id" ? String(t.id) : t[prop as "type" | "priority" | "stopIfTrue"];
  }

  get type(): string {
    return this._get("type");
  }

  set priority(value: number) {
    this._set("priority", value, (t) => (t.priority = value));
  }

  set stopIfTrue(value: boolean) {
    this._set("stopIfTrue", value, (t) => (t.stopIfTrue = value));
  }

  get colorScale(): { criteria: ConditionalFormatModel["criteria"] } {
    return this._child("colorScale", () => new ColorScaleProxy(this.context, () => this._target()));
  }

  get custom(): CustomConditionalFormatProxy {
    return this._child("custom", () => new CustomConditionalFormatProxy(this.context, () => this._target()));
  }

  delete(): void {
    this._do("delete", [], (t) => t.sheet.conditionalFormats.splice(t.sheet.conditionalFormats.indexOf(t), 1));
  }
}

class ColorScaleProxy extends ClientObject<ConditionalFormatModel> {
  constructor(context: FakeRequestContext, resolver: () => ConditionalFormatModel) {
    super(context, "ColorScaleConditionalFormat", resolver, { created: false });
  }

  set criteria(value: ConditionalFormatModel["criteria"]) {
    this._set("criteria", value, (t) => {
      if (t.type !== "ColorScale") fail(ErrorCodes.invalidOperation, "colorScale on a conditional format that is not a colour scale.");
      const ok = (c: { type: string; color?: string } | undefined) =>
        !!c && typeof c.type === "string" && (c.color === undefined || /^#[0-9A-Fa-f]{6}$/.test(c.color));
      if (!value || !ok(value.minimum) || !ok(value.maximum) || (value.midpoint !== undefined && !ok(value.midpoint))) {
        fail(ErrorCodes.invalidArgument, "Colour-scale criteria need minimum and maximum with a type and #RRGGBB colours.");
      }
      t.criteria = JSON.parse(JSON.stringify(value));
    });
  }

  get criteria(): ConditionalFormatModel["criteria"] {
    return this._get("criteria");
  }
}

class CustomConditionalFormatProxy extends ClientObject<ConditionalFormatModel> {
  constructor(context: FakeRequestContext, resolver: () => ConditionalFormatModel) {
    super(context, "CustomConditionalFormat", resolver, { created: false });
  }

  private _custom(t: ConditionalFormatModel): ConditionalFormatModel {
    if (t.type !== "Custom") fail(ErrorCodes.invalidOperation, "custom on a conditional format that is not custom.");
    return t;
  }

  get rule(): { formula: string } {
    const custom = (t: ConditionalFormatModel) => this._custom(t);
    return this._child("rule", () => {
      const rule = new (class extends ClientObject<ConditionalFormatModel> {
        set formula(value: string) {
          this._set("formula", value, (t) => {
            if (typeof value !== "string" || !value.startsWith("="))
              fail(ErrorCodes.invalidArgument, `A rule formula starts with '=' (got '${value}').`);
            custom(t).formula = value;
          });
        }
        get formula(): string {
          return this._get("formula");
        }
      })(this.context, "ConditionalFormatRule", () => this._target(), { created: false });
      return rule;
    });
  }

  get format(): { fill: { color: string }; font: { color: string; bold: boolean } } {
    const custom = (t: ConditionalFormatModel) => this._custom(t);
    return this._child("format", () => {
      const fill = new (class extends ClientObject<ConditionalFormatModel> {
        set color(value: string) {
          this._set("color", value, (t) => (custom(t).fill = checkColor(value)));
        }
        get color(): string {
          return this._get("color");
        }
      })(this.context, "ConditionalRangeFill", () => this._target(), { created: false });
      const font = new (class extends ClientObject<ConditionalFormatModel> {
        set color(value: string) {
          this._set("color", value, (t) => (custom(t).fontColor = checkColor(value)));
        }
        get color(): string {
          return this._get("color");
        }
        set bold(value: boolean) {
          this._set("bold", value, (t) => (custom(t).bold = value));
        }
        get bold(): boolean {
          return this._get("bold");
        }
      })(this.context, "ConditionalRangeFont", () => this._target(), { created: false });
      const format = new (class extends ClientObject<ConditionalFormatModel> {
        get fill() {
          return fill;
        }
        get font() {
          return font;
        }
      })(this.context, "ConditionalRangeFormat", () => this._target(), { created: false });
      return format;
    });
  }
}

/* ------------------------------------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------------------------------- */

function tableAlive(t: TableModel): boolean {
  return t.sheet.workbook.tables.includes(t);
}

type TableScope = { sheet: SheetModel | null };

export class TableCollectionProxy extends CollectionObject<TableScope, TableModel, TableProxy> {
  /** `sheetOf` gives the worksheet for a sheet's collection, null for the workbook's. */
  constructor(context: FakeRequestContext, sheetOf: () => SheetModel | null) {
    super(context, "TableCollection", () => ({ sheet: sheetOf() }), { created: false });
  }

  protected _members(scope: TableScope): TableModel[] {
    const model = this.context.host.model;
    return scope.sheet ? model.tables.filter((t) => t.sheet === scope.sheet) : [...model.tables];
  }

  protected _wrap(): TableProxy {
    return new TableProxy(this.context, () => null, { created: false });
  }

  add(address: RangeProxy | string, hasHeaders: boolean): TableProxy {
    this.context.call("TableCollection.add");
    const model = this.context.host.model;
    return new TableProxy(
      this.context,
      () => {
        const scope = this._target().sheet;
        let sheet: SheetModel;
        let rect: Rect;
        if (typeof address === "string") {
          const parsed = parseAddress(address);
          const named = parsed.sheet === undefined ? null : model.sheetByName(parsed.sheet);
          sheet = scope ?? named ?? model.active ?? fail(ErrorCodes.invalidArgument, `No worksheet for ${address}.`);
          rect = parsed.rect;
        } else {
          const ref = address._target();
          sheet = ref.sheet;
          rect = ref.rect;
        }
        if (scope && scope !== sheet) fail(ErrorCodes.invalidArgument, "The range is not on this worksheet.");
        return model.addTable(sheet, rect, hasHeaders);
      },
      { created: true, payload: serializableArgs([address, hasHeaders]) },
    );
  }

  getItem(key: string): TableProxy {
    this.context.call("TableCollection.getItem");
    return new TableProxy(this.context, () => this._find(key) ?? fail(ErrorCodes.itemNotFound, `Table '${key}' not found.`), {
      created: true,
      payload: [key],
    });
  }

  getItemOrNullObject(key: string): TableProxy {
    this.context.call("TableCollection.getItemOrNullObject", "1.4");
    return new TableProxy(this.context, () => this._find(key) ?? null, { created: true, payload: [key] });
  }

  private _find(key: string): TableModel | undefined {
    const tables = this._members(this._target());
    return tables.find((t) => t.id === key) ?? tables.find((t) => t.name.toLowerCase() === key.toLowerCase());
  }
}

export class TableScopedCollectionProxy extends CollectionObject<TableModel[], TableModel, TableProxy> {
  constructor(context: FakeRequestContext, resolver: () => TableModel[], args: unknown[]) {
    super(context, "TableScopedCollection", resolver, { created: true, payload: args });
  }

  protected _members(tables: TableModel[]): TableModel[] {
    return tables.filter(tableAlive);
  }

  protected _wrap(): TableProxy {
    return new TableProxy(this.context, () => null, { created: false });
  }

  getFirst(): TableProxy {
    this.context.call("TableScopedCollection.getFirst", "1.9");
    return new TableProxy(this.context, () => this._members(this._target())[0] ?? fail(ErrorCodes.itemNotFound, "No table in the range."), {
      created: true,
    });
  }
}

export class TableProxy extends ClientObject<TableModel> {
  constructor(context: FakeRequestContext, resolver: () => TableModel | null, origin: Origin) {
    super(context, "Table", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["id", "name", "style", "showBandedRows", "showHeaders", "showTotals"];
  }

  protected override _read(t: TableModel, prop: string): unknown {
    switch (prop) {
      case "id":
        return t.id;
      case "name":
        return t.name;
      case "style":
        return t.style;
      case "showBandedRows":
        return t.showBandedRows;
      case "showHeaders":
        return true;
      default:
        return false;
    }
  }

  protected override _alive(t: TableModel): boolean {
    return tableAlive(t);
  }

  protected override _navigation(): Record<string, () => ClientObject<unknown>> {
    return { worksheet: () => this.worksheet, columns: () => this.columns };
  }

  get id(): string {
    return this._get("id");
  }

  get name(): string {
    return this._get("name");
  }

  set name(value: string) {
    this._set("name", value, (t) => {
      t.sheet.workbook.validateTableName(value, t);
      t.name = value;
    });
  }

  get style(): string {
    return this._get("style");
  }

  set style(value: string) {
    this._set("style", value, (t) => (t.style = value));
  }

  set showBandedRows(value: boolean) {
    this._set("showBandedRows", value, (t) => (t.showBandedRows = value));
  }

  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => new WorksheetProxy(this.context, () => this._target().sheet, { created: false }));
  }

  get columns(): TableColumnCollectionProxy {
    return this._child("columns", () => new TableColumnCollectionProxy(this.context, () => this._target()));
  }

  private _range(method: string, part: (t: TableModel) => Rect): RangeProxy {
    this.context.call(`Table.${method}`);
    return new RangeProxy(
      this.context,
      () => {
        const t = this._target();
        return { sheet: t.sheet, rect: part(t) };
      },
      { created: true },
    );
  }

  getRange(): RangeProxy {
    return this._range("getRange", (t) => ({ ...t.rect }));
  }

  getHeaderRowRange(): RangeProxy {
    return this._range("getHeaderRowRange", (t) => ({ ...t.rect, rows: 1 }));
  }

  getDataBodyRange(): RangeProxy {
    return this._range("getDataBodyRange", (t) => ({
      r0: t.rect.r0 + 1,
      c0: t.rect.c0,
      rows: Math.max(1, t.rect.rows - 1),
      cols: t.rect.cols,
    }));
  }

  delete(): void {
    this._do("delete", [], (t) => {
      const tables = t.sheet.workbook.tables;
      tables.splice(tables.indexOf(t), 1);
      for (let r = t.rect.r0; r < t.rect.r0 + t.rect.rows; r++)
        for (let c = t.rect.c0; c < t.rect.c0 + t.rect.cols; c++) t.sheet.set(r, c, undefined);
    });
  }
}

type ColumnRef = { table: TableModel; id: number };

export class TableColumnCollectionProxy extends CollectionObject<TableModel, ColumnRef, TableColumnProxy> {
  constructor(context: FakeRequestContext, resolver: () => TableModel) {
    super(context, "TableColumnCollection", resolver, { created: false });
  }

  protected _members(t: TableModel): ColumnRef[] {
    return t.columns.map((c) => ({ table: t, id: c.id }));
  }

  protected _wrap(): TableColumnProxy {
    return new TableColumnProxy(this.context, () => null, { created: false });
  }

  add(index?: number | null, values?: CellValue[][], name?: string): TableColumnProxy {
    this.context.call("TableColumnCollection.add", name === undefined ? undefined : "1.4");
    return new TableColumnProxy(
      this.context,
      () => {
        const t = this._target();
        if (index !== undefined && index !== null && index !== t.columns.length)
          fail(ErrorCodes.notImplemented, "The fake appends table columns at the end only.");
        return { table: t, id: t.sheet.workbook.addTableColumn(t, name, values).id };
      },
      { created: true, payload: [index ?? null, values ?? null, name ?? null] },
    );
  }

  getItemOrNullObject(key: string | number): TableColumnProxy {
    this.context.call("TableColumnCollection.getItemOrNullObject", "1.4");
    return new TableColumnProxy(this.context, () => this._find(key), { created: true, payload: [key] });
  }

  getItem(key: string | number): TableColumnProxy {
    this.context.call("TableColumnCollection.getItem");
    return new TableColumnProxy(this.context, () => this._find(key) ?? fail(ErrorCodes.itemNotFound, `Table column '${key}' not found.`), {
      created: true,
      payload: [key],
    });
  }

  private _find(key: string | number): ColumnRef | null {
    const t = this._target();
    const column =
      typeof key === "number"
        ? t.columns.find((c) => c.id === key)
        : t.columns.find((c) => c.name.toLowerCase() === key.toLowerCase() || String(c.id) === key);
    return column ? { table: t, id: column.id } : null;
  }
}

export class TableColumnProxy extends ClientObject<ColumnRef> {
  constructor(context: FakeRequestContext, resolver: () => ColumnRef | null, origin: Origin) {
    super(context, "TableColumn", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["id", "index", "name"];
  }

  protected override _alive(c: ColumnRef): boolean {
    return tableAlive(c.table) && c.table.columns.some((col) => col.id === c.id);
  }

  protected override _read(c: ColumnRef, prop: string): unknown {
    const index = c.table.columns.findIndex((col) => col.id === c.id);
    if (prop === "id") return c.id;
    if (prop === "index") return index;
    return c.table.columns[index].name;
  }

  get id(): number {
    return this._get("id");
  }

  get index(): number {
    return this._get("index");
  }

  get name(): string {
    return this._get("name");
  }

  delete(): void {
    this._do("delete", [], (c) => c.table.sheet.workbook.deleteTableColumn(c.table, c.id));
  }

  getDataBodyRange(): RangeProxy {
    this.context.call("TableColumn.getDataBodyRange");
    return new RangeProxy(
      this.context,
      () => {
        const c = this._target();
        const t = c.table;
        const index = t.columns.findIndex((col) => col.id === c.id);
        return { sheet: t.sheet, rect: { r0: t.rect.r0 + 1, c0: t.rect.c0 + index, rows: Math.max(1, t.rect.rows - 1), cols: 1 } };
      },
      { created: true },
    );
  }
}

/* ------------------------------------------------------------------------------------------------
 * Charts
 * ---------------------------------------------------------------------------------------------- */

/** The chart types the fake accepts; the 1.9 ones need that requirement set. */
const CHART_TYPES = new Set([
  "ColumnClustered",
  "ColumnStacked",
  "BarClustered",
  "Line",
  "LineMarkers",
  "Pie",
  "Doughnut",
  "Area",
  "XYScatter",
  "XYScatterLinesNoMarkers",
]);
const CHART_TYPES_1_9 = new Set(["Pareto", "Histogram", "Boxwhisker", "Waterfall", "Treemap", "Sunburst", "Funnel"]);

function checkChartType(context: FakeRequestContext, type: string): void {
  if (CHART_TYPES_1_9.has(type)) {
    if (!context.host.supports("1.9")) fail(ErrorCodes.invalidArgument, `Chart type ${type} needs ExcelApi 1.9.`);
  } else if (!CHART_TYPES.has(type)) fail(ErrorCodes.invalidArgument, `Unknown or unsupported chart type '${type}'.`);
}

export class ChartCollectionProxy extends CollectionObject<SheetModel, ChartModel, ChartProxy> {
  constructor(context: FakeRequestContext, resolver: () => SheetModel) {
    super(context, "ChartCollection", resolver, { created: false });
  }

  protected _members(sheet: SheetModel): ChartModel[] {
    return sheet.charts();
  }

  protected _wrap(): ChartProxy {
    return new ChartProxy(this.context, () => null, { created: false });
  }

  /**
   * Like Excel, infers series from the source: a leading column of text is the category axis and a
   * first row of text gives the series names. Only seriesBy "Columns" (or Auto on a tall range).
   */
  add(type: string, sourceData: RangeProxy, seriesBy: "Auto" | "Columns" | "Rows" = "Auto"): ChartProxy {
    this.context.call("ChartCollection.add");
    return new ChartProxy(
      this.context,
      () => {
        checkChartType(this.context, type);
        const sheet = this._target();
        const source = sourceData._target();
        const { rect } = source;
        if (seriesBy === "Rows" || (seriesBy === "Auto" && rect.cols > rect.rows))
          fail(ErrorCodes.notImplemented, "The fake builds charts with series by columns only.");
        const grid = source.sheet.read(rect);
        const isText = (v: CellValue) => typeof v === "string" && v !== "" && !Number.isFinite(Number(v));
        const hasHeader =
          rect.rows > 1 && grid[0].every((v, j) => j === 0 || isText(v)) && grid[0].slice(rect.cols > 1 ? 1 : 0).some(isText);
        const firstData = hasHeader ? 1 : 0;
        const hasCategories = rect.cols > 1 && grid.slice(firstData).every((row) => isText(row[0]) || row[0] === "");
        const chart = sheet.workbook.addChart(sheet, type);
        const dataRows = { r0: rect.r0 + firstData, rows: rect.rows - firstData };
        for (let j = hasCategories ? 1 : 0; j < rect.cols; j++) {
          chart.series.push({
            name: hasHeader ? String(grid[0][j]) : `Series${chart.series.length + 1}`,
            chartType: null,
            axisGroup: "Primary",
            values: { sheet: source.sheet, rect: { r0: dataRows.r0, c0: rect.c0 + j, rows: dataRows.rows, cols: 1 } },
            xValues: hasCategories ? { sheet: source.sheet, rect: { r0: dataRows.r0, c0: rect.c0, rows: dataRows.rows, cols: 1 } } : null,
          });
        }
        return chart;
      },
      { created: true, payload: [type, seriesBy] },
    );
  }
}

function chartAlive(c: ChartModel): boolean {
  return c.sheet.workbook.charts.includes(c);
}

export class ChartProxy extends ClientObject<ChartModel> {
  constructor(context: FakeRequestContext, resolver: () => ChartModel | null, origin: Origin) {
    super(context, "Chart", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["id", "name", "chartType"];
  }

  protected override _read(c: ChartModel, prop: string): unknown {
    return prop === "id" ? c.id : prop === "name" ? c.name : c.type;
  }

  protected override _alive(c: ChartModel): boolean {
    return chartAlive(c);
  }

  get name(): string {
    return this._get("name");
  }

  set name(value: string) {
    this._set("name", value, (c) => (c.name = value));
  }

  get chartType(): string {
    return this._get("chartType");
  }

  get title(): { text: string; visible: boolean } {
    const target = () => this._target();
    return this._child("title", () => {
      return new (class extends ClientObject<ChartModel> {
        set text(value: string) {
          this._set("text", value, (c) => (c.title = value));
        }
        get text(): string {
          return this._get("text");
        }
        set visible(value: boolean) {
          this._set("visible", value, (c) => {
            if (!value) c.title = "";
          });
        }
        get visible(): boolean {
          return this._get("visible");
        }
      })(this.context, "ChartTitle", target, { created: false });
    });
  }

  get legend(): { position: string; visible: boolean } {
    const target = () => this._target();
    return this._child("legend", () => {
      return new (class extends ClientObject<ChartModel> {
        set position(value: string) {
          this._set("position", value, (c) => (c.legend.position = value));
        }
        get position(): string {
          return this._get("position");
        }
        set visible(value: boolean) {
          this._set("visible", value, (c) => (c.legend.visible = value));
        }
        get visible(): boolean {
          return this._get("visible");
        }
      })(this.context, "ChartLegend", target, { created: false });
    });
  }

  get series(): ChartSeriesCollectionProxy {
    return this._child("series", () => new ChartSeriesCollectionProxy(this.context, () => this._target()));
  }

  get axes(): ChartAxesProxy {
    return this._child("axes", () => new ChartAxesProxy(this.context, () => this._target()));
  }

  setPosition(startCell: RangeProxy | string, endCell?: RangeProxy | string): void {
    this._do("setPosition", [startCell, endCell], (c) => {
      const cell = (x: RangeProxy | string) => {
        if (typeof x !== "string") return cellA1(x._target().rect.r0, x._target().rect.c0);
        const { rect } = parseAddress(x);
        return cellA1(rect.r0, rect.c0);
      };
      c.position = { start: cell(startCell), end: endCell === undefined ? undefined : cell(endCell) };
    });
  }

  delete(): void {
    this._do("delete", [], (c) => c.sheet.workbook.charts.splice(c.sheet.workbook.charts.indexOf(c), 1));
  }
}

type SeriesRef = { chart: ChartModel; series: SeriesModel };

export class ChartSeriesCollectionProxy extends CollectionObject<ChartModel, SeriesRef, ChartSeriesProxy> {
  constructor(context: FakeRequestContext, resolver: () => ChartModel) {
    super(context, "ChartSeriesCollection", resolver, { created: false });
  }

  protected _members(c: ChartModel): SeriesRef[] {
    return c.series.map((series) => ({ chart: c, series }));
  }

  protected _wrap(): ChartSeriesProxy {
    return new ChartSeriesProxy(this.context, () => null, { created: false });
  }

  getItemAt(index: number): ChartSeriesProxy {
    this.context.call("ChartSeriesCollection.getItemAt");
    return new ChartSeriesProxy(
      this.context,
      () => {
        const c = this._target();
        const series = c.series[index] ?? fail(ErrorCodes.itemNotFound, `Chart ${c.name} has no series ${index}.`);
        return { chart: c, series };
      },
      { created: true, payload: [index] },
    );
  }

  add(name?: string, index?: number): ChartSeriesProxy {
    this.context.call("ChartSeriesCollection.add", "1.7");
    return new ChartSeriesProxy(
      this.context,
      () => {
        const c = this._target();
        if (CHART_TYPES_1_9.has(c.type)) fail(ErrorCodes.invalidOperation, `Series cannot be added to a ${c.type} chart.`);
        const series: SeriesModel = {
          name: name ?? `Series${c.series.length + 1}`,
          chartType: null,
          axisGroup: "Primary",
          values: null,
          xValues: null,
        };
        c.series.splice(index ?? c.series.length, 0, series);
        return { chart: c, series };
      },
      { created: true, payload: [name ?? null, index ?? null] },
    );
  }
}

export class ChartSeriesProxy extends ClientObject<SeriesRef> {
  constructor(context: FakeRequestContext, resolver: () => SeriesRef | null, origin: Origin) {
    super(context, "ChartSeries", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["name", "chartType", "axisGroup"];
  }

  protected override _read(s: SeriesRef, prop: string): unknown {
    if (prop === "name") return s.series.name;
    if (prop === "chartType") return s.series.chartType ?? s.chart.type;
    return s.series.axisGroup;
  }

  protected override _alive(s: SeriesRef): boolean {
    return chartAlive(s.chart) && s.chart.series.includes(s.series);
  }

  get name(): string {
    return this._get("name");
  }

  set name(value: string) {
    this._set("name", value, (s) => (s.series.name = value));
  }

  get chartType(): string {
    return this._get("chartType");
  }

  set chartType(value: string) {
    this._set(
      "chartType",
      value,
      (s) => {
        checkChartType(this.context, value);
        if (CHART_TYPES_1_9.has(s.chart.type) || CHART_TYPES_1_9.has(value))
          fail(ErrorCodes.invalidOperation, `${s.chart.type} charts cannot be combined with other types.`);
        s.series.chartType = value;
      },
      "1.7",
    );
  }

  get axisGroup(): string {
    return this._get("axisGroup");
  }

  set axisGroup(value: "Primary" | "Secondary") {
    this._set(
      "axisGroup",
      value,
      (s) => {
        if (value !== "Primary" && value !== "Secondary") fail(ErrorCodes.invalidArgument, `Invalid axis group '${value}'.`);
        if (CHART_TYPES_1_9.has(s.chart.type))
          fail(ErrorCodes.invalidOperation, `${s.chart.type} charts have no secondary axis to assign.`);
        s.series.axisGroup = value;
      },
      "1.8",
    );
  }

  setValues(source: RangeProxy): void {
    this._do("setValues", [source], (s) => (s.series.values = { ...source._target() }), "1.7");
  }

  setXAxisValues(source: RangeProxy): void {
    this._do("setXAxisValues", [source], (s) => (s.series.xValues = { ...source._target() }), "1.7");
  }

  /** Marker fill of a scatter or line-with-markers series. */
  set markerBackgroundColor(value: string) {
    this._set(
      "markerBackgroundColor",
      value,
      (s) => {
        checkColor(value);
        s.series.markerColor = value;
      },
      "1.7",
    );
  }

  set markerForegroundColor(value: string) {
    this._set(
      "markerForegroundColor",
      value,
      (s) => {
        checkColor(value);
        s.series.markerBorderColor = value;
      },
      "1.7",
    );
  }

  /** format.fill.setSolidColor (column fill) and format.line.color (line colour). */
  get format(): { fill: { setSolidColor(color: string): void }; line: { color: string } } {
    const target = () => this._target();
    return this._child("format", () => {
      const context = this.context;
      return new (class extends ClientObject<SeriesRef> {
        get fill() {
          return this._child(
            "fill",
            () =>
              new (class extends ClientObject<SeriesRef> {
                setSolidColor(color: string): void {
                  this._do("setSolidColor", [color], (s) => {
                    checkColor(color);
                    s.series.fillColor = color;
                  });
                }
              })(context, "ChartFill", target, { created: false }),
          );
        }
        get line() {
          return this._child(
            "line",
            () =>
              new (class extends ClientObject<SeriesRef> {
                set color(value: string) {
                  this._set("color", value, (s) => {
                    checkColor(value);
                    s.series.lineColor = value;
                  });
                }
                get color(): string {
                  return this._get("color");
                }
              })(context, "ChartLineFormat", target, { created: false }),
          );
        }
      })(context, "ChartSeriesFormat", target, { created: false });
    });
  }
}

export class ChartAxesProxy extends ClientObject<ChartModel> {
  constructor(context: FakeRequestContext, resolver: () => ChartModel) {
    super(context, "ChartAxes", resolver, { created: false });
  }

  getItem(type: "Value" | "Category", group: "Primary" | "Secondary" = "Primary"): ChartAxisProxy {
    this.context.call("ChartAxes.getItem", "1.7");
    return new ChartAxisProxy(
      this.context,
      () => {
        const c = this._target();
        if (group === "Secondary" && !c.series.some((s) => s.axisGroup === "Secondary"))
          fail(ErrorCodes.itemNotFound, "The chart has no secondary axis.");
        let axis = c.axes.find((a) => a.type === type && a.group === group);
        if (!axis) c.axes.push((axis = { type, group }));
        return axis;
      },
      { created: true, payload: [type, group] },
    );
  }
}

export class ChartAxisProxy extends ClientObject<AxisModel> {
  constructor(context: FakeRequestContext, resolver: () => { type: string; group: string } | null, origin: Origin) {
    super(context, "ChartAxis", resolver, origin);
  }

  set numberFormat(value: string) {
    this._set("numberFormat", value, (a) => (a.numberFormat = value), "1.8");
  }

  set maximum(value: number) {
    this._set("maximum", value, (a) => (a.maximum = value));
  }

  set minimum(value: number) {
    this._set("minimum", value, (a) => (a.minimum = value));
  }

  set reversePlotOrder(value: boolean) {
    this._set("reversePlotOrder", value, (a) => (a.reversePlotOrder = value), "1.7");
  }

  set position(value: string) {
    this._set(
      "position",
      value,
      (a) => {
        if (!["Automatic", "Maximum", "Minimum", "Custom"].includes(value))
          fail(ErrorCodes.invalidArgument, `Invalid axis position '${value}'.`);
        a.position = value;
      },
      "1.8",
    );
  }
}

/* ------------------------------------------------------------------------------------------------
 * Worksheet-scoped names
 * ---------------------------------------------------------------------------------------------- */

type NameRef = { sheet: SheetModel; item: NamedRangeModel };

export class NamedItemCollectionProxy extends CollectionObject<SheetModel, NameRef, NamedItemProxy> {
  constructor(context: FakeRequestContext, resolver: () => SheetModel) {
    super(context, "NamedItemCollection", resolver, { created: false });
  }

  protected _members(sheet: SheetModel): NameRef[] {
    return sheet.names.map((item) => ({ sheet, item }));
  }

  protected _wrap(): NamedItemProxy {
    return new NamedItemProxy(this.context, () => null, { created: false });
  }

  /** Only a Range on the collection's own sheet as the reference (what the add-in uses). */
  add(name: string, reference: RangeProxy | string, comment = ""): NamedItemProxy {
    this.context.call("NamedItemCollection.add", "1.4");
    return new NamedItemProxy(
      this.context,
      () => {
        const sheet = this._target();
        if (typeof reference === "string") fail(ErrorCodes.notImplemented, "The fake adds names over a Range object only.");
        const range = reference._target();
        if (range.sheet !== sheet) fail(ErrorCodes.invalidArgument, `A name scoped to ${sheet.name} must refer to a range on it.`);
        return { sheet, item: sheet.addName(name, range.rect, comment) };
      },
      { created: true, payload: [name, typeof reference === "string" ? reference : "<object>", comment] },
    );
  }
}

export class NamedItemProxy extends ClientObject<NameRef> {
  constructor(context: FakeRequestContext, resolver: () => NameRef | null, origin: Origin) {
    super(context, "NamedItem", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["name", "formula", "comment"];
  }

  protected override _alive(n: NameRef): boolean {
    return !n.sheet.deleted && n.sheet.names.includes(n.item);
  }

  protected override _read(n: NameRef, prop: string): unknown {
    if (prop === "name") return n.item.name;
    if (prop === "comment") return n.item.comment;
    // Excel shows a name's reference absolute: =Sheet!$B$5:$B$8.
    return `=${quoteSheet(n.sheet.name)}!${rectA1(n.item.rect).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`;
  }

  get name(): string {
    return this._get("name");
  }

  get formula(): string {
    return this._get("formula");
  }

  get comment(): string {
    return this._get("comment");
  }
}

/* ------------------------------------------------------------------------------------------------
 * Settings
 * ---------------------------------------------------------------------------------------------- */

type SettingRef = { key: string };

export class SettingCollectionProxy extends CollectionObject<WorkbookModel, SettingRef, SettingProxy> {
  constructor(context: FakeRequestContext) {
    super(context, "SettingCollection", () => context.host.model, { created: false });
  }

  protected _members(model: WorkbookModel): SettingRef[] {
    return [...model.settings.keys()].map((key) => ({ key }));
  }

  protected _wrap(): SettingProxy {
    return new SettingProxy(this.context, () => null, { created: false });
  }

  add(key: string, value: unknown): SettingProxy {
    this.context.call("SettingCollection.add", "1.4");
    return new SettingProxy(
      this.context,
      () => {
        if (typeof key !== "string" || key === "") fail(ErrorCodes.invalidArgument, "A setting needs a key.");
        const json = JSON.stringify(value);
        if (json === undefined) fail(ErrorCodes.invalidArgument, `Setting '${key}' has no JSON value.`);
        this._target().settings.set(key, json);
        return { key };
      },
      { created: true, payload: [key, value] },
    );
  }

  getItem(key: string): SettingProxy {
    this.context.call("SettingCollection.getItem", "1.4");
    return new SettingProxy(
      this.context,
      () => (this._target().settings.has(key) ? { key } : fail(ErrorCodes.itemNotFound, `Setting '${key}' not found.`)),
      { created: true, payload: [key] },
    );
  }

  getItemOrNullObject(key: string): SettingProxy {
    this.context.call("SettingCollection.getItemOrNullObject", "1.4");
    return new SettingProxy(this.context, () => (this._target().settings.has(key) ? { key } : null), { created: true, payload: [key] });
  }
}

export class SettingProxy extends ClientObject<SettingRef> {
  constructor(context: FakeRequestContext, resolver: () => SettingRef | null, origin: Origin) {
    super(context, "Setting", resolver, origin);
  }

  protected override _scalars(): readonly string[] {
    return ["key", "value"];
  }

  protected override _alive(s: SettingRef): boolean {
    return this.context.host.model.settings.has(s.key);
  }

  protected override _read(s: SettingRef, prop: string): unknown {
    return prop === "key" ? s.key : JSON.parse(this.context.host.model.settings.get(s.key) as string);
  }

  get key(): string {
    return this._get("key");
  }

  get value(): any {
    return this._get("value");
  }

  set value(value: unknown) {
    this._set("value", value, (s) => this.context.host.model.settings.set(s.key, JSON.stringify(value)));
  }

  delete(): void {
    this._do("delete", [], (s) => this.context.host.model.settings.delete(s.key));
  }
}
