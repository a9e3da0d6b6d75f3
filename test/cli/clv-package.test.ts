/**
 * The `clv` workbook read back as a package (unzip + XML): the customers sheet is an Excel table
 * named CRM_CLV_Customers over every customer row, and the tracking sheet has a line chart of the
 * cumulative repeat purchases, actual and predicted, whose references are the tracking table's
 * columns. Data: the CDNOW sample with its published weekly tracking (Fader, Hardie & Lee 2005).
 */
import type ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EXCEL_LIMITS } from "../../src/core/report/excel-limits";
import { FIXTURES, readNumericCsv } from "../core/btyd/cdnow";
import { readWorkbook, runCli } from "../support/cli";
import { all, attr, cellsOf, openPackage, type Package } from "../support/xlsx-package";

const DEFAULTS = { ...EXCEL_LIMITS };
afterEach(() => Object.assign(EXCEL_LIMITS, DEFAULTS));

const tmp = mkdtempSync(join(tmpdir(), "crm-clv-package-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** CDNOW_sample.txt (master id, sample id, YYYYMMDD, CDs, dollars) as customer, ISO date, amount. */
const CDNOW_CSV = join(tmp, "cdnow.csv");
writeFileSync(
  CDNOW_CSV,
  ["customer,date,amount"]
    .concat(
      readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
        .split("\n")
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f.length >= 5)
        .map((f) => `${Number(f[1])},${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)},${f[4]}`),
    )
    .join("\n") + "\n",
);
/** The published cumulative repeat transactions, weeks 1–78. */
const TRACKING = readNumericCsv("btyd_cdnowSummary_cu_tracking.csv")["cum_repeat_trans"];
/** The published calibration summary (x, x*) of the same customers, binned 0 … 6, 7+. */
const CBS = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
const BINS = Array.from({ length: 8 }, (_, k) =>
  CBS["x"].map((x, i) => ({ x, xStar: CBS["x.star"][i] })).filter(({ x }) => Math.min(x, 7) === k),
);
const ARGS = ["--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--lang", "en"];

/** The chart parts of a sheet's drawing, in the drawing's order, and the drawing. */
async function chartsOf(pkg: Package, sheet: string): Promise<{ charts: string[]; drawing: string }> {
  const drawings = (await pkg.rels(pkg.sheets.get(sheet)!)).filter((r) => r.type === "drawing");
  expect(drawings).toHaveLength(1);
  const parts = (await pkg.rels(drawings[0].target)).filter((r) => r.type === "chart");
  return { charts: await Promise.all(parts.map((c) => pkg.text(c.target))), drawing: await pkg.text(drawings[0].target) };
}

/** Each series of a chart: name, category and value references, and the cached values. */
function seriesOf(xml: string) {
  return all(xml, /<c:ser>(.*?)<\/c:ser>/g).map((s) => ({
    name: all(s, /<c:tx><c:strRef><c:f>(.*?)<\/c:f>/g)[0],
    cats: all(s, /<c:cat><c:(?:num|str)Ref><c:f>(.*?)<\/c:f>/g)[0],
    values: all(s, /<c:val><c:numRef><c:f>(.*?)<\/c:f>/g)[0],
    cache: [...all(s, /<c:val>.*?<c:numCache>(.*?)<\/c:numCache>/g)[0].matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v>/g)].reduce<
      (number | null)[]
    >((out, m) => {
      out[Number(m[1])] = Number(m[2]);
      return out;
    }, []),
  }));
}

async function tables(pkg: Package, sheet: string): Promise<string[]> {
  const parts = (await pkg.rels(pkg.sheets.get(sheet)!)).filter((r) => r.type === "table");
  return Promise.all(parts.map((t) => pkg.text(t.target)));
}

describe("clv workbook package", () => {
  let pkg: Package;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    const out = join(tmp, "clv.xlsx");
    const { code, err } = await runCli("clv", CDNOW_CSV, ...ARGS, "-o", out);
    expect({ code, err }).toMatchObject({ code: 0 });
    pkg = await openPackage(out);
    wb = await readWorkbook(out);
  });

  it("declares every part in [Content_Types].xml", async () => {
    const types = await pkg.text("[Content_Types].xml");
    for (const name of Object.keys(pkg.zip.files)) {
      if (name.endsWith(".rels") || name === "[Content_Types].xml" || pkg.zip.files[name].dir) continue;
      expect(types).toContain(`PartName="/${name}"`);
    }
  });

  it("makes the customers sheet an Excel table CRM_CLV_Customers: the header and the 2,357 CDNOW customers", async () => {
    const [xml, ...more] = await tables(pkg, "Customers");
    expect(more).toHaveLength(0);
    expect(attr(xml, "name")).toBe("CRM_CLV_Customers");
    const ws = wb.getWorksheet("Customers")!;
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    // 2,357 customers below the header in row 1, one column per header cell.
    const last = String.fromCharCode(64 + header.length);
    expect(attr(xml, "ref")).toBe(`A1:${last}2358`);
    expect(xml).toContain(`<autoFilter ref="A1:${last}2358"/>`);
    expect(all(xml, /<tableColumn id="\d+" name="([^"]*)"\/>/g)).toEqual(header);
    expect(header.slice(0, 2)).toEqual(["Customer", "x (repeat purchases)"]);
    expect(xml).toMatch(/<tableStyleInfo name="TableStyle\w+"/);
    // The other sheets have none.
    expect(await tables(pkg, "Parameters")).toHaveLength(0);
    expect(await tables(pkg, "Tracking")).toHaveLength(0);
  });

  it("draws the tracking chart: cumulative repeat purchases, actual and predicted, as lines over the tracking table", async () => {
    const tracking = pkg.sheets.get("Tracking")!;
    const drawings = (await pkg.rels(tracking)).filter((r) => r.type === "drawing");
    expect(drawings).toHaveLength(1);
    const charts = (await pkg.rels(drawings[0].target)).filter((r) => r.type === "chart");
    expect(charts).toHaveLength(2);
    const xml = await pkg.text(charts[0].target);
    expect(xml).toContain("<a:t>Cumulative repeat purchases: actual vs predicted</a:t>");
    expect(xml).not.toContain("<c:barChart>");
    const lines = all(xml, /<c:lineChart>(.*?)<\/c:lineChart>/g);
    expect(lines).toHaveLength(1);
    // One value axis, whole numbers with thousands separators.
    const axes = all(xml, /<c:valAx>(.*?)<\/c:valAx>/g);
    expect(axes).toHaveLength(1);
    expect(axes[0]).toContain('<c:numFmt formatCode="#,##0" sourceLinked="0"/>');
    const series = all(lines[0], /<c:ser>(.*?)<\/c:ser>/g).map((s) => ({
      name: all(s, /<c:tx><c:strRef><c:f>(.*?)<\/c:f>/g)[0],
      cats: all(s, /<c:cat><c:numRef><c:f>(.*?)<\/c:f>/g)[0],
      values: all(s, /<c:val><c:numRef><c:f>(.*?)<\/c:f>/g)[0],
      cache: all(s, /<c:val>.*?<c:numCache>(.*?)<\/c:numCache>/g)[0]
        .match(/<c:v>([^<]*)<\/c:v>/g)!
        .map((v) => Number(v.slice(5, -6))),
    }));
    expect(series.map((s) => cellsOf(wb, s.name))).toEqual([["Cumulative actual"], ["Cumulative predicted"]]);
    // Header in row 3, 78 weeks in rows 4–81: week numbers in A, cumulative counts in F and G.
    expect(series.map((s) => [s.cats, s.values])).toEqual([
      ["'Tracking'!$A$4:$A$81", "'Tracking'!$F$4:$F$81"],
      ["'Tracking'!$A$4:$A$81", "'Tracking'!$G$4:$G$81"],
    ]);
    expect(cellsOf(wb, series[0].cats)).toEqual(Array.from({ length: 78 }, (_, k) => k + 1));
    // The actual line is the published cumulative tracking, in the cells and in the chart's cache.
    expect(cellsOf(wb, series[0].values)).toEqual(TRACKING);
    expect(series[0].cache).toEqual(TRACKING);
    // The predicted line: the cells' values, ending within 5% of the published week 78.
    expect(series[1].cache).toEqual(cellsOf(wb, series[1].values));
    expect(Math.abs(series[1].cache[77] / TRACKING[77] - 1)).toBeLessThan(0.05);
    // Placed right of the table (column I = index 8), from the header row.
    const drawing = await pkg.text(drawings[0].target);
    expect(drawing).toContain("<xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>");
  });

  it("draws the weekly tracking chart below the cumulative one: the published weekly repeat purchases and the predicted", async () => {
    const { charts, drawing } = await chartsOf(pkg, "Tracking");
    const xml = charts[1];
    expect(xml).toContain("<a:t>Weekly repeat purchases: actual vs predicted</a:t>");
    expect(all(xml, /<c:lineChart>/g)).toHaveLength(1);
    expect(xml).not.toContain("<c:barChart>");
    const series = seriesOf(xml);
    expect(series.map((s) => cellsOf(wb, s.name))).toEqual([["Actual"], ["Predicted"]]);
    expect(series.map((s) => [s.cats, s.values])).toEqual([
      ["'Tracking'!$A$4:$A$81", "'Tracking'!$D$4:$D$81"],
      ["'Tracking'!$A$4:$A$81", "'Tracking'!$E$4:$E$81"],
    ]);
    // Weekly = the published cumulative series differenced.
    const weekly = TRACKING.map((v, k) => v - (k > 0 ? TRACKING[k - 1] : 0));
    expect(cellsOf(wb, series[0].values)).toEqual(weekly);
    expect(series[0].cache).toEqual(weekly);
    const predicted = cellsOf(wb, series[1].values) as number[];
    series[1].cache.forEach((v, k) => expect(v).toBeCloseTo(predicted[k], 9));
    // Below the cumulative chart (0-based rows 2–22), from 0-based row 23.
    expect(all(drawing, /<xdr:from><xdr:col>(\d+)<\/xdr:col><xdr:colOff>0<\/xdr:colOff><xdr:row>(\d+)<\/xdr:row>/g)).toEqual(["8", "8"]);
    expect(drawing).toContain("<xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>23</xdr:row>");
  });

  it("gives each customers sheet split over the row limit its own table", async () => {
    EXCEL_LIMITS.rows = 1000;
    // 2,357 customers → 999 + 999 + 359 below a header each.
    const out = join(tmp, "clv-split.xlsx");
    const { code } = await runCli("clv", CDNOW_CSV, ...ARGS, "-o", out);
    expect(code).toBe(0);
    const split = await openPackage(out);
    const found: [string, string][] = [];
    for (const sheet of ["Customers", "Customers (2)", "Customers (3)"]) {
      for (const xml of await tables(split, sheet)) found.push([attr(xml, "name")!, attr(xml, "ref")!.replace(/^A1:[A-Z]+/, "")]);
    }
    expect(found).toEqual([
      ["CRM_CLV_Customers", "1000"],
      ["CRM_CLV_Customers_2", "1000"],
      ["CRM_CLV_Customers_3", "360"],
    ]);
  });
});

describe("clv workbook: the Diagnostics sheet's charts and heat maps", () => {
  let pkg: Package;
  let wb: ExcelJS.Workbook;
  let charts: string[];
  let drawing: string;

  beforeAll(async () => {
    // Without --model auto: the sheet is written for every fit.
    const out = join(tmp, "clv-diag.xlsx");
    const { code, err } = await runCli("clv", CDNOW_CSV, ...ARGS, "--model", "bgnbd", "-o", out);
    expect({ code, err }).toMatchObject({ code: 0 });
    pkg = await openPackage(out);
    wb = await readWorkbook(out);
    ({ charts, drawing } = await chartsOf(pkg, "Diagnostics"));
  });

  it("writes the sheet after the tracking sheet with two charts side by side, right of the tables", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Parameters", "Customers", "Tracking", "Diagnostics"]);
    expect(charts).toHaveLength(2);
    // Columns F (index 5) and O (index 14), both from the top.
    expect(all(drawing, /<xdr:from><xdr:col>(\d+)<\/xdr:col><xdr:colOff>0<\/xdr:colOff><xdr:row>0<\/xdr:row>/g)).toEqual(["5", "14"]);
  });

  it("charts calibration repeat purchases as clustered columns: the published summary's customers by x, and the model's", () => {
    const xml = charts[0];
    expect(xml).toContain("<a:t>Calibration repeat purchases: actual vs model</a:t>");
    expect(xml).not.toContain("<c:lineChart>");
    const bars = all(xml, /<c:barChart>(.*?)<\/c:barChart>/g);
    expect(bars).toHaveLength(1);
    expect(bars[0]).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    const series = seriesOf(bars[0]);
    expect(series.map((s) => cellsOf(wb, s.name))).toEqual([["Actual"], ["Model"]]);
    // Title row 1, header row 2, bins 0 … 7+ in rows 3–10.
    expect(series.map((s) => [s.cats, s.values])).toEqual([
      ["'Diagnostics'!$A$3:$A$10", "'Diagnostics'!$B$3:$B$10"],
      ["'Diagnostics'!$A$3:$A$10", "'Diagnostics'!$C$3:$C$10"],
    ]);
    expect(cellsOf(wb, series[0].cats)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    // Counted from the published calibration summary (1,411 with x = 0, as FHL 2005 Figure 1).
    const counts = BINS.map((b) => b.length);
    expect(counts[0]).toBe(1411);
    expect(cellsOf(wb, series[0].values)).toEqual(counts);
    expect(series[0].cache).toEqual(counts);
    // The model's expected counts: every customer's probabilities sum to one, so the bins to 2,357;
    // and the fitted BG/NBD reproduces the zero class within 2 % (FHL 2005, Figure 1).
    const model = series[1].cache as number[];
    expect(model.reduce((a, b) => a + b, 0)).toBeCloseTo(2357, 6);
    expect(Math.abs(model[0] / 1411 - 1)).toBeLessThan(0.02);
  });

  it("charts holdout purchases by calibration frequency as two lines: the published summary's mean x* by x, and the predicted", () => {
    const xml = charts[1];
    expect(xml).toContain("<a:t>Holdout purchases by calibration frequency</a:t>");
    expect(xml).not.toContain("<c:barChart>");
    const lines = all(xml, /<c:lineChart>(.*?)<\/c:lineChart>/g);
    expect(lines).toHaveLength(1);
    const series = seriesOf(lines[0]);
    expect(series.map((s) => cellsOf(wb, s.name))).toEqual([["Actual"], ["Predicted"]]);
    // A blank row 11, title row 12, header row 13, bins in rows 14–21: means in C and D.
    expect(series.map((s) => [s.cats, s.values])).toEqual([
      ["'Diagnostics'!$A$14:$A$21", "'Diagnostics'!$C$14:$C$21"],
      ["'Diagnostics'!$A$14:$A$21", "'Diagnostics'!$D$14:$D$21"],
    ]);
    expect(cellsOf(wb, "'Diagnostics'!$B$14:$B$21")).toEqual(BINS.map((b) => b.length));
    const means = BINS.map((b) => b.reduce((s, c) => s + c.xStar, 0) / b.length);
    (cellsOf(wb, series[0].values) as number[]).forEach((v, k) => expect(v).toBeCloseTo(means[k], 9));
    (series[0].cache as number[]).forEach((v, k) => expect(v).toBeCloseTo(means[k], 9));
    // Predicted: the customers' mean conditional expectation, tracking the actual means within
    // 0.5 purchases in each of the bins 0 … 6 (FHL 2005, Figure 4).
    const predicted = series[1].cache as number[];
    expect(predicted).toEqual(cellsOf(wb, series[1].values));
    for (let k = 0; k < 7; k++) expect(Math.abs(predicted[k] - means[k])).toBeLessThan(0.5);
  });

  it("colours the P(alive) and expected-purchases matrices with a white-to-green colour scale", async () => {
    const sheet = await pkg.text(pkg.sheets.get("Diagnostics")!);
    const formats = [...sheet.matchAll(/<conditionalFormatting sqref="([^"]+)">(.*?)<\/conditionalFormatting>/g)];
    // x = 0 … the largest calibration x (at most 30) by 21 recencies (B … V).
    const top = Math.min(Math.max(...CBS["x"]), 30);
    // P(alive): blank row 22, title 23, header 24, rows 25 … 25 + top; then the same again below it.
    const alive = 25;
    const expected = alive + top + 1 + 3;
    expect(formats.map((m) => m[1])).toEqual([`B${alive}:V${alive + top}`, `B${expected}:V${expected + top}`]);
    for (const [, , rule] of formats) {
      expect(rule).toContain('<cfRule type="colorScale"');
      expect(rule).toContain('<cfvo type="min"/><cfvo type="max"/><color rgb="FFFFFFFF"/><color rgb="FF1B5E20"/>');
    }
    const ws = wb.getWorksheet("Diagnostics")!;
    expect(ws.getCell(`A${alive - 1}`).value).toBe("x \\ t_x");
    expect(ws.getCell(`A${alive}`).value).toBe(0);
    expect(ws.getCell(`A${alive + top}`).value).toBe(top);
    // P(alive) is a probability; x = 0 with t_x > 0 is no customer: blank.
    expect(ws.getCell(`B${alive}`).value).toBe(1);
    expect(ws.getCell(`C${alive}`).value).toBeNull();
    for (const col of ["B", "K", "V"]) {
      const p = ws.getCell(`${col}${alive + 1}`).value as number;
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });
});
