/**
 * A sheet laid out as it is written, one row after the other from the top (the `clv` workbook):
 * column widths are set before the first row, Excel tables and charts are added once their rows are
 * known (conditional formats likewise), and all of it is written when the sheet is committed.
 */
import type { ChartPart, ChartPlace } from "./charts";
import type { ConditionalFormat, SheetOptions, SheetWriter, Style, XlsxWriter } from "./package";
import type { TablePart } from "./tables";

export type RowValue = string | number | boolean | null;
/** One style for the row, or one per 0-based column. */
export type RowStyle = Style | ((col: number) => Style | undefined);

export class RowSheet {
  /** Column widths in characters (index 0 = column A); read when the first row is added. */
  columns: { width: number }[] = [];
  private writer: SheetWriter | undefined;
  private row = 0;
  private readonly tables: TablePart[] = [];
  private readonly charts: (ChartPart & ChartPlace)[] = [];
  private readonly formats: ConditionalFormat[] = [];

  constructor(
    private readonly book: XlsxWriter,
    readonly name: string,
    private readonly options: Omit<SheetOptions, "widths"> = {},
  ) {}

  /** 1-based number of the last row added (0 before the first). */
  get lastRow(): number {
    return this.row;
  }

  addRow(values: RowValue[], style?: RowStyle): void {
    const ws = this.started();
    ws.startRow(++this.row);
    values.forEach((v, c) => ws.cell(c + 1, v, typeof style === "function" ? style(c) : style));
  }

  addTable(table: TablePart): void {
    this.tables.push(table);
  }

  addChart(chart: ChartPart & ChartPlace): void {
    this.charts.push(chart);
  }

  addConditionalFormat(format: ConditionalFormat): void {
    this.formats.push(format);
  }

  /** Writes the sheet's conditional formats, tables and charts; the sheet is then finished. */
  commit(): void {
    this.started().close({ conditionalFormats: this.formats, tables: this.tables, charts: this.charts });
  }

  private started(): SheetWriter {
    return (this.writer ??= this.book.addSheet(this.name, { ...this.options, widths: this.columns.map((c) => c.width) }));
  }
}
