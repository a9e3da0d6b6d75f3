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
import { EXCEL_LIMITS } from "../src/core/excel-limits";
import { FIXTURES, readNumericCsv } from "./btyd/cdnow";
import { readWorkbook, runCli } from "./support/cli";
import { all, attr, cellsOf, openPackage, type Package } from "./support/xlsx-package";

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
const ARGS = ["--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--lang", "en"];

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
    expect(charts).toHaveLength(1);
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
      cache: all(s, /<c:val>.*?<c:numCache>(.*?)<\/c:numCache>/g)[0].match(/<c:v>([^<]*)<\/c:v>/g)!.map((v) => Number(v.slice(5, -6))),
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
