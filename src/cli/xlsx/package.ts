/**
 * Writes an .xlsx package directly: sheet XML is streamed row by row into the zip (ZipWriter), so a
 * million-row sheet never exists as cell objects; shared strings, styles, tables, charts and their
 * drawings, relationships and content types are written when the workbook is finished. Cell styles
 * are ExcelJS style objects, registered with ExcelJS's own styles part builder so a copied source
 * cell keeps its font, fill, border, alignment and number format.
 */
import type ExcelJS from "exceljs";
import { cellText, EXCEL_LIMITS } from "../../core/report/excel-limits";
import { chartXml, drawingXml, type ChartPart, type ChartPlace } from "./charts";
import { tableXml, type TablePart } from "./tables";
import { columnLetter, esc, NS_MAIN, NS_PKG_REL, NS_REL, textElement, XML_HEAD } from "./xml";
import { ZipWriter, type ZipEntryWriter } from "./zip";

/* eslint-disable @typescript-eslint/no-require-imports -- ExcelJS's styles part builder and theme are not exported */
const StylesXform = require("exceljs/lib/xlsx/xform/style/styles-xform") as new (init: boolean) => StylesBuilder;
const THEME_XML = require("exceljs/lib/xlsx/xml/theme1.js") as string;
/* eslint-enable @typescript-eslint/no-require-imports */

interface StylesBuilder {
  addStyleModel(style: Partial<ExcelJS.Style>, cellType: number): number;
  addDxfStyle(style: Partial<ExcelJS.Style>): number;
  readonly xml: string;
}

export type Style = Partial<ExcelJS.Style>;

/** A conditional format over `ref`: fill rows by an expression, or a two-colour scale. */
export type ConditionalFormat =
  | { ref: string; type: "expression"; formula: string; style: Style }
  | { ref: string; type: "colorScale"; minColor: string; maxColor: string };

export interface SheetOptions {
  /** ARGB, e.g. FF1B5E20. */
  tabColor?: string;
  freezeRows?: number;
  /** Column widths in characters, index 0 = column A. */
  widths?: (number | undefined)[];
  /**
   * Text cells written in the cell (inline) unless cell() asks for a shared string: for a sheet of
   * mostly distinct text (order numbers), where a shared-string table only costs memory and time.
   */
  inlineStrings?: boolean;
  /** Print on pages one sheet wide (the summary with its charts), landscape. */
  fitToWidth?: boolean;
}

/** What follows the rows of a sheet. */
export interface SheetExtras {
  conditionalFormats?: ConditionalFormat[];
  tables?: TablePart[];
  charts?: (ChartPart & ChartPlace)[];
}

/** A cell that was cut or blanked to fit a cell: reported by the caller (CellGuard). */
export type CutText = (sheet: string, row: number) => void;

const T = {
  worksheet: `${NS_REL}/worksheet`,
  styles: `${NS_REL}/styles`,
  sharedStrings: `${NS_REL}/sharedStrings`,
  theme: `${NS_REL}/theme`,
  drawing: `${NS_REL}/drawing`,
  chart: `${NS_REL}/chart`,
  table: `${NS_REL}/table`,
};
const CT = "application/vnd.openxmlformats-officedocument";
const VALUE_NUMBER = 2;
const VALUE_DATE = 4;
const MS_PER_DAY = 86_400_000;
/** Days from Excel's 1900 epoch (day 0 = 1899-12-30) to 1970-01-01. */
const EPOCH_1970 = 25_569;

function rels(list: { type: string; target: string }[]): string {
  return (
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">${list.map((r, k) => `<Relationship Id="rId${k + 1}" Type="${r.type}" Target="${r.target}"/>`).join("")}</Relationships>`
  );
}

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly styles = new StylesXform(true);
  private readonly styleIds = new WeakMap<object, number>();
  private readonly dateStyleIds = new WeakMap<object, number>();
  private readonly strings = new Map<string, number>();
  private stringRefs = 0;
  private readonly sheets: string[] = [];
  private readonly overrides: [string, string][] = [];
  private counts = { table: 0, chart: 0, drawing: 0 };
  private open: SheetWriter | undefined;

  constructor(
    path: string,
    private readonly onCut: CutText,
  ) {
    this.zip = new ZipWriter(path);
  }

  /** The cellXfs index of a style object (0: none); objects are remembered by identity. */
  style(style: Style | undefined, date = false): number {
    if (!style) return date ? this.style(DATE_STYLE) : 0;
    const ids = date ? this.dateStyleIds : this.styleIds;
    let id = ids.get(style);
    if (id === undefined) ids.set(style, (id = this.styles.addStyleModel(style, date ? VALUE_DATE : VALUE_NUMBER)));
    return id;
  }

  /** A new sheet, written row by row; the previous one must be closed. */
  addSheet(name: string, options: SheetOptions = {}): SheetWriter {
    if (this.open) throw new Error(`sheet ${name} started before ${this.open.name} was closed`);
    this.sheets.push(name);
    const index = this.sheets.length;
    const part = `xl/worksheets/sheet${index}.xml`;
    this.overrides.push([`/${part}`, `${CT}.spreadsheetml.worksheet+xml`]);
    const sheet = new SheetWriter(this, name, this.zip.entry(part), options, index === 1);
    this.open = sheet;
    return sheet;
  }

  /** @internal Index of a shared string. */
  sharedString(text: string): number {
    this.stringRefs++;
    let id = this.strings.get(text);
    if (id === undefined) this.strings.set(text, (id = this.strings.size));
    return id;
  }

  /** @internal Called when a sheet's rows end: writes its trailing elements and related parts. */
  closeSheet(sheet: SheetWriter, out: ZipEntryWriter, extras: SheetExtras): void {
    const index = this.sheets.length;
    const sheetRels: { type: string; target: string }[] = [];
    // Rules over the same range share one element, each with its own priority.
    let priority = 1;
    const formats = extras.conditionalFormats ?? [];
    for (let k = 0; k < formats.length;) {
      const ref = formats[k].ref;
      let rules = "";
      for (; k < formats.length && formats[k].ref === ref; k++) {
        const cf = formats[k];
        rules +=
          cf.type === "expression"
            ? `<cfRule type="expression" dxfId="${this.styles.addDxfStyle(cf.style)}" priority="${priority++}"><formula>${esc(cf.formula)}</formula></cfRule>`
            : `<cfRule type="colorScale" priority="${priority++}"><colorScale><cfvo type="min"/><cfvo type="max"/><color rgb="${cf.minColor}"/><color rgb="${cf.maxColor}"/></colorScale></cfRule>`;
      }
      out.write(`<conditionalFormatting sqref="${ref}">${rules}</conditionalFormatting>`);
    }
    out.write(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`);
    if (sheet.fitToWidth) out.write(`<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>`);
    const charts = extras.charts ?? [];
    if (charts.length > 0) {
      const drawing = ++this.counts.drawing;
      sheetRels.push({ type: T.drawing, target: `../drawings/drawing${drawing}.xml` });
      out.write(`<drawing r:id="rId${sheetRels.length}"/>`);
    }
    const tables = extras.tables ?? [];
    if (tables.length > 0) {
      const refs = tables.map((_, k) => `<tablePart r:id="rId${sheetRels.length + k + 1}"/>`).join("");
      out.write(`<tableParts count="${tables.length}">${refs}</tableParts>`);
    }
    out.write("</worksheet>");
    out.end();
    this.open = undefined;

    if (charts.length > 0) {
      const drawing = this.counts.drawing;
      const chartRels = charts.map((chart) => {
        const n = ++this.counts.chart;
        this.zip.add(`xl/charts/chart${n}.xml`, chartXml(chart));
        this.overrides.push([`/xl/charts/chart${n}.xml`, `${CT}.drawingml.chart+xml`]);
        return { type: T.chart, target: `../charts/chart${n}.xml` };
      });
      this.zip.add(`xl/drawings/drawing${drawing}.xml`, drawingXml(charts));
      this.zip.add(`xl/drawings/_rels/drawing${drawing}.xml.rels`, rels(chartRels));
      this.overrides.push([`/xl/drawings/drawing${drawing}.xml`, `${CT}.drawing+xml`]);
    }
    for (const table of tables) {
      const n = ++this.counts.table;
      this.zip.add(`xl/tables/table${n}.xml`, tableXml(table, n));
      this.overrides.push([`/xl/tables/table${n}.xml`, `${CT}.spreadsheetml.table+xml`]);
      sheetRels.push({ type: T.table, target: `../tables/table${n}.xml` });
    }
    if (sheetRels.length > 0) this.zip.add(`xl/worksheets/_rels/sheet${index}.xml.rels`, rels(sheetRels));
  }

  /** Writes the workbook-level parts and closes the file. */
  finish(): void {
    if (this.open) throw new Error(`sheet ${this.open.name} was not closed`);
    try {
      const strings = this.zip.entry("xl/sharedStrings.xml");
      strings.write(XML_HEAD + `<sst xmlns="${NS_MAIN}" count="${this.stringRefs}" uniqueCount="${this.strings.size}">`);
      for (const text of this.strings.keys()) strings.write(`<si>${textElement(text)}</si>`);
      strings.write("</sst>");
      strings.end();
      this.strings.clear();
      this.zip.add("xl/styles.xml", this.styles.xml);
      this.zip.add("xl/theme/theme1.xml", THEME_XML);
      const sheets = this.sheets.map((name, k) => `<sheet name="${esc(name)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join("");
      this.zip.add(
        "xl/workbook.xml",
        XML_HEAD +
          `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets}</sheets><calcPr calcId="171027"/></workbook>`,
      );
      this.zip.add(
        "xl/_rels/workbook.xml.rels",
        rels([
          ...this.sheets.map((_, k) => ({ type: T.worksheet, target: `worksheets/sheet${k + 1}.xml` })),
          { type: T.styles, target: "styles.xml" },
          { type: T.sharedStrings, target: "sharedStrings.xml" },
          { type: T.theme, target: "theme/theme1.xml" },
        ]),
      );
      this.zip.add("_rels/.rels", rels([{ type: `${NS_REL}/officeDocument`, target: "xl/workbook.xml" }]));
      const overrides: [string, string][] = [
        ["/xl/workbook.xml", `${CT}.spreadsheetml.sheet.main+xml`],
        ["/xl/styles.xml", `${CT}.spreadsheetml.styles+xml`],
        ["/xl/sharedStrings.xml", `${CT}.spreadsheetml.sharedStrings+xml`],
        ["/xl/theme/theme1.xml", `${CT}.theme+xml`],
        ...this.overrides,
      ];
      this.zip.add(
        "[Content_Types].xml",
        XML_HEAD +
          `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
          overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join("") +
          `</Types>`,
      );
      this.zip.close();
    } catch (error) {
      this.zip.abandon();
      throw error;
    }
  }

  /** Closes the file after a failure; the caller removes it. */
  abandon(): void {
    this.zip.abandon();
  }

  /** @internal */
  cut(sheet: string, row: number): void {
    this.onCut(sheet, row);
  }
}

const DATE_STYLE: Style = { numFmt: "yyyy-mm-dd" };

/** One sheet's XML, streamed: rows in ascending order, cells in ascending columns. */
export class SheetWriter {
  private row = 0;
  private parts: string[] = [];
  private readonly inline: boolean;
  /** @internal */
  readonly fitToWidth: boolean;

  constructor(
    private readonly book: XlsxWriter,
    readonly name: string,
    private readonly out: ZipEntryWriter,
    options: SheetOptions,
    selected: boolean,
  ) {
    this.inline = options.inlineStrings === true;
    let head = XML_HEAD + `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`;
    const tabColor = options.tabColor ? `<tabColor rgb="${options.tabColor}"/>` : "";
    const fit = options.fitToWidth ? `<pageSetUpPr fitToPage="1"/>` : "";
    if (tabColor || fit) head += `<sheetPr>${tabColor}${fit}</sheetPr>`;
    this.fitToWidth = options.fitToWidth === true;
    const tab = selected ? ' tabSelected="1"' : "";
    const freeze = options.freezeRows ?? 0;
    head +=
      freeze > 0
        ? `<sheetViews><sheetView${tab} workbookViewId="0"><pane ySplit="${freeze}" topLeftCell="A${freeze + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>`
        : `<sheetViews><sheetView${tab} workbookViewId="0"/></sheetViews>`;
    head += `<sheetFormatPr defaultRowHeight="15"/>`;
    const widths = options.widths ?? [];
    const cols = widths
      .map((w, c) => (w === undefined ? "" : `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`))
      .join("");
    if (cols) head += `<cols>${cols}</cols>`;
    this.out.write(head + "<sheetData>");
  }

  /** Starts 1-based row `r` (greater than the last one). */
  startRow(r: number, height?: number): void {
    if (r <= this.row) throw new Error(`sheet ${this.name}: row ${r} after row ${this.row}`);
    this.endRow();
    this.row = r;
    this.parts.push(height ? `<row r="${r}" ht="${height}" customHeight="1">` : `<row r="${r}">`);
  }

  /**
   * A cell of the current row (1-based column, ascending). `shared`: text goes to the shared-string
   * table even on an inlineStrings sheet (labels that repeat on every row).
   */
  cell(col: number, value: ExcelJS.CellValue | undefined, style?: Style, shared = false): void {
    if (value === null || value === undefined) {
      if (style) this.parts.push(`<c r="${columnLetter(col)}${this.row}" s="${this.book.style(style)}"/>`);
      return;
    }
    const at = `<c r="${columnLetter(col)}${this.row}"${style ? ` s="${this.book.style(style)}"` : ""}`;
    switch (typeof value) {
      case "string":
        // ExcelJS reads an empty inline string back as a blank: "" stays a shared string.
        if (this.inline && !shared && value !== "") this.parts.push(`${at} t="inlineStr"><is>${textElement(this.text(value))}</is></c>`);
        else this.parts.push(`${at} t="s"><v>${this.book.sharedString(this.text(value))}</v></c>`);
        return;
      case "number":
        if (Number.isFinite(value)) this.parts.push(`${at}><v>${value}</v></c>`);
        else if (style) this.parts.push(`${at}/>`);
        return;
      case "boolean":
        this.parts.push(`${at} t="b"><v>${value ? 1 : 0}</v></c>`);
        return;
    }
    if (value instanceof Date) {
      const serial = value.getTime() / MS_PER_DAY + EPOCH_1970;
      if (Number.isFinite(serial))
        this.parts.push(`<c r="${columnLetter(col)}${this.row}" s="${this.book.style(style, true)}"><v>${serial}</v></c>`);
      return;
    }
    this.parts.push(this.objectCell(at, value));
  }

  /** Ends the rows and writes what follows them; the sheet is then finished. */
  close(extras: SheetExtras = {}): void {
    this.endRow();
    this.out.write("</sheetData>");
    this.book.closeSheet(this, this.out, extras);
  }

  private endRow(): void {
    if (this.row === 0 || this.parts.length === 0) return;
    this.parts.push("</row>");
    this.out.write(this.parts.join(""));
    this.parts = [];
  }

  private text(value: string): string {
    if (value.length <= EXCEL_LIMITS.cellChars) return value;
    this.book.cut(this.name, this.row);
    return cellText(value);
  }

  /** Formulas (with their result), rich text, hyperlinks and errors as ExcelJS reads them. */
  private objectCell(at: string, value: Exclude<ExcelJS.CellValue, null | undefined | string | number | boolean | Date>): string {
    if ("error" in value) return `${at} t="e"><v>${esc(String(value.error))}</v></c>`;
    if ("richText" in value)
      return `${at} t="s"><v>${this.book.sharedString(this.text(value.richText.map((p) => p.text).join("")))}</v></c>`;
    if ("formula" in value || "sharedFormula" in value) {
      const formula = "formula" in value && value.formula ? `<f>${esc(value.formula)}</f>` : "";
      const result = value.result;
      if (typeof result === "number" && Number.isFinite(result)) return `${at}>${formula}<v>${result}</v></c>`;
      if (typeof result === "string") return `${at} t="str">${formula}<v>${esc(this.text(result))}</v></c>`;
      if (typeof result === "boolean") return `${at} t="b">${formula}<v>${result ? 1 : 0}</v></c>`;
      return `${at}>${formula}</c>`;
    }
    if ("text" in value && typeof value.text === "string") return `${at} t="s"><v>${this.book.sharedString(this.text(value.text))}</v></c>`;
    return `${at}/>`;
  }
}
