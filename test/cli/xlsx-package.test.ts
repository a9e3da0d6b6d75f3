/**
 * The segment workbook read back as a package (unzip + XML): each native chart with its type,
 * axes and series references, the references pointing at the summary cells that hold the data;
 * each Excel table with its name and range; sheets split over the row limit with a table each.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EXCEL_LIMITS } from "../../src/core/report/excel-limits";
import { readWorkbook, runCli } from "../support/cli";
import { all, attr, cellsOf, openPackage, type Package } from "../support/xlsx-package";

const DEFAULTS = { ...EXCEL_LIMITS };
afterEach(() => Object.assign(EXCEL_LIMITS, DEFAULTS));

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "crm-xlsx-package-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An export as real ones come: 12 customers with 1–5 orders over a year, a return, a $0 line, a
 * blank line and a duplicate-looking tie. Customer C12 buys nothing that counts (a return only).
 */
function salesCsv(name: string, customers = 12): string {
  const lines = ["Customer,Date,Amount"];
  for (let c = 1; c < customers; c++) {
    for (let k = 0; k <= c % 5; k++)
      lines.push(
        `C${String(c).padStart(2, "0")},2024-${String(1 + ((c + k * 3) % 12)).padStart(2, "0")}-1${k},${((c * 37 + k * 11) % 400) + 5}.50`,
      );
  }
  lines.push(`C${customers},2024-06-01,-20.00`, "C01,2024-06-02,0", "", "C02,2024-06-02,120.50");
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

describe("segment workbook package", () => {
  let pkg: Package;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    const out = join(dir, "small.xlsx");
    const { code, err } = await runCli("segment", salesCsv("small.csv"), "-o", out, "--lang", "en");
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

  it("draws the segments chart: shares of customers and of revenue as clustered columns on one 0% axis, over the summary's segment table", async () => {
    const summary = pkg.sheets.get("Summary")!;
    const drawings = (await pkg.rels(summary)).filter((r) => r.type === "drawing");
    expect(drawings).toHaveLength(1);
    expect(await pkg.text(summary)).toMatch(/<drawing r:id="rId\d+"\/>/);
    const charts = (await pkg.rels(drawings[0].target)).filter((r) => r.type === "chart");
    expect(charts).toHaveLength(3);
    const xml = await pkg.text(charts[0].target);
    expect(xml).toContain("<a:t>Share of customers and of revenue by segment</a:t>");
    const bars = all(xml, /<c:barChart>(.*?)<\/c:barChart>/g);
    expect(bars).toHaveLength(1); // both series in one group: side by side, never one over the other
    expect(bars[0]).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(xml).not.toContain("<c:lineChart>");
    // One value axis, on the left, in whole percent.
    const axes = all(xml, /<c:valAx>(.*?)<\/c:valAx>/g);
    expect(axes.map((a) => attr(a, "c:axPos val"))).toEqual(["l"]);
    expect(axes[0]).toContain('<c:numFmt formatCode="0%" sourceLinked="0"/>');
    const series = all(bars[0], /<c:ser>(.*?)<\/c:ser>/g).map((b) => ({
      name: all(b, /<c:tx><c:strRef><c:f>(.*?)<\/c:f>/g)[0],
      values: all(b, /<c:val><c:numRef><c:f>(.*?)<\/c:f>/g)[0],
      cats: all(b, /<c:cat><c:strRef><c:f>(.*?)<\/c:f>/g)[0],
      cache: all(b, /<c:val>.*?<c:numCache>(.*?)<\/c:numCache>/g)[0]
        .match(/<c:v>([^<]*)<\/c:v>/g)!
        .map((v) => Number(v.slice(5, -6))),
    }));
    expect(series).toHaveLength(2);
    const [customers, revenue] = series;
    // The table "Segments": title in A1, header in row 2, 11 segments (12 customers, one without
    // a counted purchase in a row of its own) at most below it; the references name its columns.
    expect(cellsOf(wb, customers.name)).toEqual(["% customers"]);
    expect(cellsOf(wb, revenue.name)).toEqual(["% revenue"]);
    const labels = cellsOf(wb, customers.cats) as string[];
    expect(customers.cats).toBe(revenue.cats);
    expect(customers.cats).toMatch(/^'Summary'!\$A\$3:\$A\$\d+$/);
    expect(labels).toContain("No valid purchase");
    expect(customers.values).toMatch(/^'Summary'!\$C\$3:\$C\$\d+$/);
    expect(revenue.values).toMatch(/^'Summary'!\$E\$3:\$E\$\d+$/);
    // Each of the 12 customers is one twelfth of the customers. Revenue shares are of the positive
    // revenue: the buying segments' add up to 1, and C12's return (-20.00) is a negative share.
    const customerShares = cellsOf(wb, customers.values) as number[];
    const revenueShares = cellsOf(wb, revenue.values) as (number | null)[];
    expect(customerShares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    customerShares.forEach((x) => expect((x * 12) % 1).toBeCloseTo(0, 9));
    expect(revenueShares.reduce<number>((s, x) => s + Math.max(0, x ?? 0), 0)).toBeCloseTo(1, 12);
    expect(revenueShares[labels.indexOf("No valid purchase")]).toBeLessThan(0);
    // The cache a reader draws from before recalculating holds the same numbers as the cells.
    expect(customers.cache).toEqual(customerShares);
    expect(revenue.cache).toEqual(revenueShares.filter((x) => x !== null));
  });

  it("draws the customer pyramid: horizontal bars of customers per tier, T1 on top, over the tier rows", async () => {
    const summary = pkg.sheets.get("Summary")!;
    const drawing = (await pkg.rels(summary)).find((r) => r.type === "drawing")!;
    const xml = await pkg.text((await pkg.rels(drawing.target))[2].target);
    expect(xml).toContain("<a:t>Customers per pyramid tier</a:t>");
    const bars = all(xml, /<c:barChart>(.*?)<\/c:barChart>/g);
    expect(bars).toHaveLength(1);
    expect(bars[0]).toContain('<c:barDir val="bar"/><c:grouping val="clustered"/>');
    // Categories run top-down (maxMin), the value axis (thousands) crosses at the bottom.
    const catAx = all(xml, /<c:catAx>(.*?)<\/c:catAx>/g);
    expect(catAx).toHaveLength(1);
    expect(catAx[0]).toContain('<c:orientation val="maxMin"/>');
    const valAx = all(xml, /<c:valAx>(.*?)<\/c:valAx>/g);
    expect(valAx).toHaveLength(1);
    expect(valAx[0]).toContain('<c:crosses val="max"/>');
    expect(valAx[0]).toContain('<c:numFmt formatCode="#,##0" sourceLinked="0"/>');
    const ref = (what: string) => all(bars[0], new RegExp(`<c:${what}><c:(?:str|num)Ref><c:f>(.*?)</c:f>`, "g"));
    expect(ref("val")).toHaveLength(1);
    expect(cellsOf(wb, all(bars[0], /<c:tx><c:strRef><c:f>(.*?)<\/c:f>/g)[0])).toEqual(["Customers"]);
    // The four tiers, not the no-purchase row below them (C12 only returned goods).
    expect(cellsOf(wb, ref("cat")[0])).toEqual(["Top (VIP)", "Big / Major", "Medium / Ordinary", "Small"]);
    const counts = cellsOf(wb, ref("val")[0]) as number[];
    expect(counts.reduce((s, n) => s + n, 0)).toBe(11);
    const [, top, bottom] = ref("val")[0].match(/^'Summary'!\$B\$(\d+):\$B\$(\d+)$/)!;
    expect(Number(bottom) - Number(top)).toBe(3);
  });

  it("draws the ABC Pareto: columns of value and the cumulative share as a line on a 0–100 % secondary axis", async () => {
    const summary = pkg.sheets.get("Summary")!;
    const drawing = (await pkg.rels(summary)).find((r) => r.type === "drawing")!;
    const xml = await pkg.text((await pkg.rels(drawing.target))[1].target);
    expect(xml).toContain("<a:t>ABC Pareto chart</a:t>");
    const bar = all(xml, /<c:barChart>(.*?)<\/c:barChart>/g);
    const line = all(xml, /<c:lineChart>(.*?)<\/c:lineChart>/g);
    expect([bar.length, line.length]).toEqual([1, 1]);
    const ref = (group: string, what: string) => all(group, new RegExp(`<c:${what}><c:(?:str|num)Ref><c:f>(.*?)</c:f>`, "g"))[0];
    expect(cellsOf(wb, all(bar[0], /<c:tx><c:strRef><c:f>(.*?)<\/c:f>/g)[0])).toEqual(["Value"]);
    expect(cellsOf(wb, all(line[0], /<c:tx><c:strRef><c:f>(.*?)<\/c:f>/g)[0])).toEqual(["Cumulative % value"]);
    const shares = cellsOf(wb, ref(line[0], "val")) as (number | null)[];
    // The cumulative share rises to 1 over the ranked classes.
    const ranked = shares.filter((s): s is number => typeof s === "number");
    expect(ranked[ranked.length - 1]).toBeCloseTo(1, 12);
    expect([...ranked].sort((a, b) => a - b)).toEqual(ranked);
    expect((cellsOf(wb, ref(bar[0], "cat")) as string[]).slice(0, 3)).toEqual([
      "A (key customers)",
      "B (major customers)",
      "C (ordinary customers)",
    ]);
    const secondary = all(xml, /<c:valAx>(.*?)<\/c:valAx>/g)[1];
    expect(secondary).toContain('<c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/></c:scaling>');
    expect(secondary).toContain('<c:numFmt formatCode="0%" sourceLinked="0"/>');
    // The value in money: whole units with thousands separators.
    expect(all(xml, /<c:valAx>(.*?)<\/c:valAx>/g)[0]).toContain('<c:numFmt formatCode="#,##0" sourceLinked="0"/>');
    expect(line[0]).toContain(`<c:axId val="${attr(secondary, "c:axId val")}"/>`);
  });

  it("makes the customers sheet and each segment sheet an Excel table with header filters, named as the add-in names them", async () => {
    const found: [string, string, string][] = [];
    for (const [sheet, part] of pkg.sheets) {
      const tables = (await pkg.rels(part)).filter((r) => r.type === "table");
      if (tables.length > 0) expect(await pkg.text(part)).toContain(`<tableParts count="${tables.length}">`);
      for (const t of tables) {
        const xml = await pkg.text(t.target);
        expect(xml).toContain(`<autoFilter ref="${attr(xml, "ref")}"/>`);
        expect(xml).toMatch(/<tableStyleInfo name="TableStyle\w+"/);
        found.push([sheet, attr(xml, "displayName")!, attr(xml, "ref")!]);
      }
    }
    // 12 customers below the header; each segment sheet's table spans its customers.
    expect(found[0]).toEqual(["Customers", "CRM_Customers", "A1:N13"]);
    const segments = found.slice(1);
    expect(segments.length).toBeGreaterThan(1);
    let total = 0;
    for (const [sheet, name, ref] of segments) {
      expect(name).toMatch(/^CRM_Seg_[A-Z_]+$/);
      const rows = Number(ref.match(/^A1:N(\d+)$/)![1]) - 1;
      expect(rows).toBe(wb.getWorksheet(sheet)!.rowCount - 1);
      total += rows;
    }
    expect(total).toBe(12);
    expect(new Set(found.map((f) => f[1].toLowerCase())).size).toBe(found.length);
    // The header cells are the table's column names.
    const header = (wb.getWorksheet("Customers")!.getRow(1).values as unknown[]).slice(1);
    const columns = all(
      await pkg.text((await pkg.rels(pkg.sheets.get("Customers")!)).find((r) => r.type === "table")!.target),
      /<tableColumn id="\d+" name="([^"]*)"\/>/g,
    );
    expect(columns).toEqual(header);
  });
});

it("gives each part of a customers sheet split over the row limit its own table", async () => {
  EXCEL_LIMITS.rows = 5; // 4 customers a sheet below the header: 12 → 3 sheets
  const out = join(dir, "split.xlsx");
  expect((await runCli("segment", salesCsv("split.csv"), "-o", out, "--lang", "en")).code).toBe(0);
  const pkg = await openPackage(out);
  const tables: [string, string, string][] = [];
  for (const [sheet, part] of pkg.sheets) {
    for (const t of (await pkg.rels(part)).filter((r) => r.type === "table")) {
      const xml = await pkg.text(t.target);
      tables.push([sheet, attr(xml, "name")!, attr(xml, "ref")!]);
    }
  }
  expect(tables.filter((t) => t[1].startsWith("CRM_Customers"))).toEqual([
    ["Customers", "CRM_Customers", "A1:N5"],
    ["Customers (2)", "CRM_Customers_2", "A1:N5"],
    ["Customers (3)", "CRM_Customers_3", "A1:N5"],
  ]);
});
