/**
 * The state behind the fake: sheets of cells, formats, tables, charts, conditional formats and
 * settings. Proxies (proxies.ts) change it only when a queued request runs at sync().
 */
import { ErrorCodes, fail } from "./errors";
import { contains, fullAddress, MAX_COLS, MAX_ROWS, overlaps, type Rect, rectA1 } from "./address";

export type CellValue = string | number | boolean;

export type FormatProp = "fill" | "fontColor" | "bold" | "italic" | "numberFormat" | "horizontalAlignment" | "columnWidth" | "autofit";

/** One format assignment over a rectangle; a later record wins; "clear" resets everything below it. */
export interface FormatRecord {
  rect: Rect;
  prop: FormatProp | "clear";
  value?: unknown;
  /** numberFormat given cell by cell rather than broadcast. */
  grid?: string[][];
}

export interface TableModel {
  id: string;
  name: string;
  sheet: SheetModel;
  /** Header row included. */
  rect: Rect;
  columns: { id: number; name: string }[];
  style: string;
  showBandedRows: boolean;
  nextColumnId: number;
}

export interface RangeRef {
  sheet: SheetModel;
  rect: Rect;
}

export interface SeriesModel {
  name: string;
  /** null = the chart's own type. */
  chartType: string | null;
  axisGroup: "Primary" | "Secondary";
  values: RangeRef | null;
  xValues: RangeRef | null;
  markerColor?: string;
  markerBorderColor?: string;
  fillColor?: string;
  lineColor?: string;
}

export interface AxisModel {
  type: string;
  group: string;
  numberFormat?: string;
  maximum?: number;
  minimum?: number;
  reversePlotOrder?: boolean;
  /** Where the other axis crosses this one. */
  position?: string;
}

export interface ChartModel {
  id: string;
  name: string;
  sheet: SheetModel;
  type: string;
  title: string;
  legend: { position: string; visible: boolean };
  series: SeriesModel[];
  axes: AxisModel[];
  position: { start: string; end?: string } | null;
}

export interface ConditionalFormatModel {
  id: number;
  sheet: SheetModel;
  rect: Rect;
  type: "ColorScale" | "Custom";
  priority: number;
  stopIfTrue: boolean;
  criteria?: {
    minimum: { type: string; color?: string; formula?: string | null };
    maximum: { type: string; color?: string; formula?: string | null };
    midpoint?: { type: string; color?: string; formula?: string | null };
  };
  formula?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
}

const FORBIDDEN_SHEET_CHARS = /[[\]:*?/\\]/;

/** A worksheet-scoped defined name over a rectangle of its sheet. */
export interface NamedRangeModel {
  name: string;
  rect: Rect;
  comment: string;
}

export class SheetModel {
  /** cells[r][c]; missing rows and cells are empty. */
  readonly cells: (CellValue | undefined)[][] = [];
  readonly formats: FormatRecord[] = [];
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  /** Worksheet-scoped names: they go when the sheet goes. */
  readonly names: NamedRangeModel[] = [];
  tabColor = "";
  freeze = { rows: 0, columns: 0 };
  deleted = false;

  constructor(
    readonly workbook: WorkbookModel,
    readonly id: string,
    public name: string,
  ) {}

  get(r: number, c: number): CellValue | undefined {
    return this.cells[r]?.[c];
  }

  isEmpty(r: number, c: number): boolean {
    const v = this.cells[r]?.[c];
    return v === undefined || v === "";
  }

  set(r: number, c: number, value: CellValue | undefined): void {
    if (value === undefined || value === "") {
      const row = this.cells[r];
      if (row) row[c] = undefined;
      return;
    }
    let row = this.cells[r];
    if (!row) row = this.cells[r] = [];
    row[c] = value;
  }

  /** Values of a rectangle as Excel returns them: "" for empty cells. */
  read(rect: Rect): CellValue[][] {
    const out: CellValue[][] = new Array(rect.rows);
    for (let i = 0; i < rect.rows; i++) {
      const src = this.cells[rect.r0 + i];
      const row: CellValue[] = new Array(rect.cols);
      for (let j = 0; j < rect.cols; j++) {
        const v = src?.[rect.c0 + j];
        row[j] = v === undefined ? "" : v;
      }
      out[i] = row;
    }
    return out;
  }

  /** Bounding box of non-empty cells (and, unless valuesOnly, formatted cells), within `within` if given. */
  usedRect(valuesOnly: boolean, within?: Rect): Rect | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    const rowStart = within ? within.r0 : 0;
    const rowEnd = within ? Math.min(within.r0 + within.rows, this.cells.length) : this.cells.length;
    const colStart = within ? within.c0 : 0;
    const colEnd = within ? within.c0 + within.cols : MAX_COLS;
    for (let r = rowStart; r < rowEnd; r++) {
      const row = this.cells[r];
      if (!row) continue;
      const last = Math.min(row.length, colEnd);
      for (let c = colStart; c < last; c++) {
        const v = row[c];
        if (v === undefined || v === "") continue;
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
    }
    if (!valuesOnly) {
      for (const f of this.formats) {
        if (f.prop === "clear" || f.prop === "autofit" || f.prop === "columnWidth") continue;
        const rect = within ? intersect(f.rect, within) : f.rect;
        if (!rect) continue;
        r0 = Math.min(r0, rect.r0);
        c0 = Math.min(c0, rect.c0);
        r1 = Math.max(r1, rect.r0 + rect.rows - 1);
        c1 = Math.max(c1, rect.c0 + rect.cols - 1);
      }
    }
    if (r1 < 0) return null;
    return { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  /** The current region (Ctrl+*) around the top-left cell of `rect`. */
  surroundingRegion(rect: Rect): Rect {
    let r0 = rect.r0;
    let r1 = rect.r0;
    let c0 = rect.c0;
    let c1 = rect.c0;
    const anyInRow = (r: number, from: number, to: number) => {
      if (r < 0 || r >= MAX_ROWS) return false;
      for (let c = Math.max(0, from); c <= Math.min(MAX_COLS - 1, to); c++) if (!this.isEmpty(r, c)) return true;
      return false;
    };
    const anyInCol = (c: number, from: number, to: number) => {
      if (c < 0 || c >= MAX_COLS) return false;
      for (let r = Math.max(0, from); r <= Math.min(MAX_ROWS - 1, to); r++) if (!this.isEmpty(r, c)) return true;
      return false;
    };
    for (let changed = true; changed;) {
      changed = false;
      while (anyInRow(r1 + 1, c0 - 1, c1 + 1)) {
        r1++;
        changed = true;
      }
      while (anyInRow(r0 - 1, c0 - 1, c1 + 1)) {
        r0--;
        changed = true;
      }
      while (anyInCol(c1 + 1, r0 - 1, r1 + 1)) {
        c1++;
        changed = true;
      }
      while (anyInCol(c0 - 1, r0 - 1, r1 + 1)) {
        c0--;
        changed = true;
      }
    }
    return { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  /** The format in force at a cell for `prop` (static formats only; see effectiveFill for rules). */
  formatAt(r: number, c: number, prop: FormatProp): unknown {
    for (let i = this.formats.length - 1; i >= 0; i--) {
      const f = this.formats[i];
      if (!contains(f.rect, r, c)) continue;
      if (f.prop === "clear") return undefined;
      if (f.prop !== prop) continue;
      return f.grid ? f.grid[r - f.rect.r0][c - f.rect.c0] : f.value;
    }
    return undefined;
  }

  numberFormatAt(r: number, c: number): string {
    return (this.formatAt(r, c, "numberFormat") as string | undefined) ?? "General";
  }

  /**
   * The fill a cell shows: the first custom conditional format (in priority order) whose rule holds,
   * else the static fill. Rules are evaluated for the shape `=$X2="text"` (a cell equals a text),
   * the only shape the add-in writes; anything else throws so a test notices.
   */
  effectiveFill(r: number, c: number): string | undefined {
    const rules = this.conditionalFormats
      .filter((cf) => cf.type === "Custom" && contains(cf.rect, r, c))
      .sort((a, b) => a.priority - b.priority);
    for (const cf of rules) {
      if (this.evaluateRule(cf, r) && cf.fill) return cf.fill;
    }
    return this.formatAt(r, c, "fill") as string | undefined;
  }

  evaluateRule(cf: ConditionalFormatModel, r: number): boolean {
    const m = /^=\$([A-Z]{1,3})(\$?)(\d+)="((?:[^"]|"")*)"$/.exec(cf.formula ?? "");
    if (!m) throw new Error(`Fake cannot evaluate conditional-format formula ${cf.formula}`);
    let col = 0;
    for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
    col -= 1;
    const refRow = Number(m[3]) - 1;
    const row = m[2] === "$" ? refRow : refRow + (r - cf.rect.r0);
    const text = m[4].replace(/""/g, '"');
    const v = this.get(row, col);
    return v !== undefined && String(v) === text;
  }

  address(rect: Rect): string {
    return fullAddress(this.name, rect);
  }

  /** Excel's rules for a defined name; unique (case-insensitive) within the sheet's scope. */
  addName(name: string, rect: Rect, comment: string): NamedRangeModel {
    if (
      typeof name !== "string" ||
      !/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name) ||
      name.length > 255 ||
      /^[A-Za-z]{1,3}\d+$/.test(name) ||
      /^[RrCc]$/.test(name) ||
      /^[Rr]\d*[Cc]\d*$/.test(name)
    ) {
      fail(ErrorCodes.invalidArgument, `Invalid name '${name}'.`);
    }
    if (this.names.some((n) => n.name.toLowerCase() === name.toLowerCase()))
      fail(ErrorCodes.itemAlreadyExists, `The name '${name}' already exists on ${this.name}.`);
    const item = { name, rect: { ...rect }, comment };
    this.names.push(item);
    return item;
  }

  tables(): TableModel[] {
    return this.workbook.tables.filter((t) => t.sheet === this);
  }

  charts(): ChartModel[] {
    return this.workbook.charts.filter((ch) => ch.sheet === this);
  }
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const r0 = Math.max(a.r0, b.r0);
  const c0 = Math.max(a.c0, b.c0);
  const r1 = Math.min(a.r0 + a.rows, b.r0 + b.rows);
  const c1 = Math.min(a.c0 + a.cols, b.c0 + b.cols);
  if (r1 <= r0 || c1 <= c0) return null;
  return { r0, c0, rows: r1 - r0, cols: c1 - c0 };
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly charts: ChartModel[] = [];
  readonly settings = new Map<string, string>();
  active: SheetModel | null = null;
  selection: RangeRef | null = null;
  private nextSheetId = 1;
  private nextTableId = 1;
  private nextChartId = 1;
  nextConditionalFormatId = 1;

  sheetByName(name: string): SheetModel | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key);
  }

  /** Worksheets.getItem accepts a name or an id. */
  sheetByKey(key: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === key) ?? this.sheetByName(key);
  }

  validateSheetName(name: string, except?: SheetModel): void {
    if (
      typeof name !== "string" ||
      name.length === 0 ||
      name.length > 31 ||
      FORBIDDEN_SHEET_CHARS.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'")
    ) {
      fail(ErrorCodes.invalidArgument, `Invalid worksheet name '${name}'.`);
    }
    if (name.toLowerCase() === "history") fail(ErrorCodes.invalidArgument, "'History' is a reserved worksheet name.");
    const clash = this.sheetByName(name);
    if (clash && clash !== except) fail(ErrorCodes.itemAlreadyExists, `A worksheet named '${name}' already exists.`);
  }

  addSheet(name?: string): SheetModel {
    let sheetName = name;
    if (sheetName === undefined) {
      let n = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${n}`)) n++;
      sheetName = `Sheet${n}`;
    }
    this.validateSheetName(sheetName);
    const sheet = new SheetModel(this, `{${String(this.nextSheetId++).padStart(8, "0")}-FAKE-SHEET}`, sheetName);
    this.sheets.push(sheet);
    if (!this.active) {
      this.active = sheet;
      this.selection = { sheet, rect: { r0: 0, c0: 0, rows: 1, cols: 1 } };
    }
    return sheet;
  }

  deleteSheet(sheet: SheetModel): void {
    if (this.sheets.length <= 1) fail(ErrorCodes.invalidOperation, "A workbook must contain at least one visible worksheet.");
    const index = this.sheets.indexOf(sheet);
    this.sheets.splice(index, 1);
    sheet.deleted = true;
    for (let i = this.tables.length - 1; i >= 0; i--) if (this.tables[i].sheet === sheet) this.tables.splice(i, 1);
    for (let i = this.charts.length - 1; i >= 0; i--) if (this.charts[i].sheet === sheet) this.charts.splice(i, 1);
    if (this.active === sheet) {
      this.active = this.sheets[Math.max(0, index - 1)];
      this.selection = { sheet: this.active, rect: { r0: 0, c0: 0, rows: 1, cols: 1 } };
    }
  }

  /** As Excel does, formulas that refer to the sheet by name follow the new name. */
  renameSheet(sheet: SheetModel, name: string): void {
    this.validateSheetName(name, sheet);
    const quoted = (n: string) => (/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(n) ? n : `'${n.replace(/'/g, "''")}'`);
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const plain = sheet.name.replace(/'/g, "''");
    const reference = new RegExp(`(^|[^\\p{L}\\p{N}_.'])(?:'${escape(plain)}'|${escape(sheet.name)})!`, "giu");
    for (const other of this.sheets) {
      for (const row of other.cells) {
        if (!row) continue;
        row.forEach((v, c) => {
          if (typeof v === "string" && v.startsWith("=")) row[c] = v.replace(reference, (_, before: string) => `${before}${quoted(name)}!`);
        });
      }
    }
    sheet.name = name;
  }

  moveSheet(sheet: SheetModel, position: number): void {
    const index = this.sheets.indexOf(sheet);
    this.sheets.splice(index, 1);
    this.sheets.splice(Math.max(0, Math.min(position, this.sheets.length)), 0, sheet);
  }

  tableByName(name: string): TableModel | undefined {
    const key = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === key);
  }

  validateTableName(name: string, except?: TableModel): void {
    // Excel: starts with a letter, "_" or "\"; letters, digits, "_" and "." after; not a cell reference.
    if (
      typeof name !== "string" ||
      !/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name) ||
      name.length > 255 ||
      /^[A-Za-z]{1,3}\d+$/.test(name) ||
      /^[RrCc]$/.test(name)
    ) {
      fail(ErrorCodes.invalidArgument, `Invalid table name '${name}'.`);
    }
    const clash = this.tableByName(name);
    if (clash && clash !== except) fail(ErrorCodes.itemAlreadyExists, `The name '${name}' is already in use.`);
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    if (!hasHeaders) fail(ErrorCodes.notImplemented, "The fake supports tables.add(address, true) only.");
    if (rect.rows < 1) fail(ErrorCodes.invalidArgument, "A table needs at least a header row.");
    for (const t of this.tables) {
      if (t.sheet === sheet && overlaps(t.rect, rect))
        fail(ErrorCodes.invalidOperation, `The range ${rectA1(rect)} overlaps table ${t.name}.`);
    }
    let n = this.nextTableId++;
    while (this.tableByName(`Table${n}`)) n = this.nextTableId++;
    const table: TableModel = {
      id: String(n),
      name: `Table${n}`,
      sheet,
      rect: { ...rect },
      columns: [],
      style: "TableStyleMedium2",
      showBandedRows: true,
      nextColumnId: 1,
    };
    const names: string[] = [];
    for (let j = 0; j < rect.cols; j++) {
      const raw = sheet.get(rect.r0, rect.c0 + j);
      const name = uniqueColumnName(raw === undefined || raw === "" ? `Column${j + 1}` : String(raw), names);
      names.push(name);
      table.columns.push({ id: table.nextColumnId++, name });
      sheet.set(rect.r0, rect.c0 + j, name);
    }
    this.tables.push(table);
    return table;
  }

  /** Appends a column at the right edge; the cells it takes must be empty (the fake refuses to shift user data). */
  addTableColumn(table: TableModel, name: string | undefined, values: CellValue[][] | undefined): { id: number; name: string } {
    const col = table.rect.c0 + table.rect.cols;
    if (col >= MAX_COLS) fail(ErrorCodes.invalidOperation, "No room for another table column.");
    const sheet = table.sheet;
    for (let r = table.rect.r0; r < table.rect.r0 + table.rect.rows; r++) {
      if (!sheet.isEmpty(r, col)) {
        fail(
          ErrorCodes.insertDeleteConflict,
          `Adding a column to ${table.name} would move the data in ${sheet.address({ r0: r, c0: col, rows: 1, cols: 1 })} (the fake treats shifting user cells as an error).`,
        );
      }
    }
    for (const t of this.tables) {
      if (t !== table && t.sheet === sheet && overlaps(t.rect, { r0: table.rect.r0, c0: col, rows: table.rect.rows, cols: 1 })) {
        fail(ErrorCodes.invalidOperation, `Adding a column to ${table.name} would overlap table ${t.name}.`);
      }
    }
    if (values && (values.length !== table.rect.rows || values.some((row) => row.length !== 1))) {
      fail(ErrorCodes.invalidArgument, `Column values must be ${table.rect.rows}×1 (header included).`);
    }
    const header = name ?? (values ? String(values[0][0]) : `Column${table.columns.length + 1}`);
    const unique = uniqueColumnName(
      header,
      table.columns.map((c) => c.name),
    );
    const column = { id: table.nextColumnId++, name: unique };
    table.columns.push(column);
    table.rect.cols++;
    sheet.set(table.rect.r0, col, unique);
    if (values) for (let i = 1; i < values.length; i++) sheet.set(table.rect.r0 + i, col, values[i][0]);
    return column;
  }

  /** Deletes a table column: its cells go and the cells right of it, in the table's rows, shift left. */
  deleteTableColumn(table: TableModel, columnId: number): void {
    const index = table.columns.findIndex((c) => c.id === columnId);
    if (index < 0) fail(ErrorCodes.itemNotFound, "The table column no longer exists.");
    if (table.columns.length === 1) fail(ErrorCodes.invalidOperation, "A table must keep at least one column.");
    const col = table.rect.c0 + index;
    for (let r = table.rect.r0; r < table.rect.r0 + table.rect.rows; r++) {
      const row = table.sheet.cells[r];
      if (row && row.length > col) row.splice(col, 1);
    }
    table.columns.splice(index, 1);
    table.rect.cols--;
  }

  /** Keeps table column names equal to the header cells after values were written over them. */
  refreshTableHeaders(sheet: SheetModel, rect: Rect): void {
    for (const t of this.tables) {
      if (t.sheet !== sheet || !overlaps(rect, { r0: t.rect.r0, c0: t.rect.c0, rows: 1, cols: t.rect.cols })) continue;
      const names: string[] = [];
      t.columns.forEach((column, j) => {
        const raw = sheet.get(t.rect.r0, t.rect.c0 + j);
        column.name = uniqueColumnName(raw === undefined || raw === "" ? `Column${j + 1}` : String(raw), names);
        names.push(column.name);
        sheet.set(t.rect.r0, t.rect.c0 + j, column.name);
      });
    }
  }

  addChart(sheet: SheetModel, type: string): ChartModel {
    const id = String(this.nextChartId++);
    const chart: ChartModel = {
      id,
      name: `Chart ${id}`,
      sheet,
      type,
      title: "",
      legend: { position: "Right", visible: true },
      series: [],
      axes: [],
      position: null,
    };
    this.charts.push(chart);
    return chart;
  }
}

function uniqueColumnName(name: string, taken: string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!lower.has(`${name}${n}`.toLowerCase())) return `${name}${n}`;
}
