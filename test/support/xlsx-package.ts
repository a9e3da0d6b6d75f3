/**
 * An .xlsx read back as a package (unzip + XML) for tests: its parts, sheets and relationships, and
 * the cells a chart's reference covers.
 */
import type ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync } from "fs";

export interface Package {
  zip: JSZip;
  text(part: string): Promise<string>;
  /** Sheet name → part path (xl/worksheets/sheetN.xml). */
  sheets: Map<string, string>;
  /** Targets of a part's relationships, as package paths. */
  rels(part: string): Promise<{ type: string; target: string }[]>;
}

export async function openPackage(path: string): Promise<Package> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const text = async (part: string) => {
    const file = zip.file(part);
    if (!file) throw new Error(`no part ${part} in the package`);
    return file.async("string");
  };
  const rels = async (part: string) => {
    const slash = part.lastIndexOf("/");
    const relPath = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
    if (!zip.file(relPath)) return [];
    const base = part.slice(0, slash).split("/");
    return [...(await text(relPath)).matchAll(/<Relationship Id="[^"]+" Type="[^"]*\/(\w+)" Target="([^"]+)"\/>/g)].map((m) => {
      const parts = [...base];
      for (const step of m[2].split("/")) {
        if (step === "..") parts.pop();
        else parts.push(step);
      }
      return { type: m[1], target: parts.join("/") };
    });
  };
  const book = await text("xl/workbook.xml");
  const bookRels = await rels("xl/workbook.xml");
  const byId = new Map(
    [...(await text("xl/_rels/workbook.xml.rels")).matchAll(/Id="(rId\d+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], `xl/${m[2]}`]),
  );
  const sheets = new Map(
    [...book.matchAll(/<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"\/>/g)].map((m) => [
      m[1].replace(/&apos;|&#39;/g, "'"),
      byId.get(m[2])!,
    ]),
  );
  expect(bookRels.filter((r) => r.type === "worksheet")).toHaveLength(sheets.size);
  return { zip, text, sheets, rels };
}

export const attr = (xml: string, name: string) => xml.match(new RegExp(`${name}="([^"]*)"`))?.[1];
export const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]);

/** The values of the cells a reference such as 'Summary'!$B$3:$B$13 covers, read with ExcelJS. */
export function cellsOf(wb: ExcelJS.Workbook, ref: string): unknown[] {
  const m = ref.match(/^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/);
  if (!m) throw new Error(`not a sheet range: ${ref}`);
  const ws = wb.getWorksheet(m[1].replace(/''/g, "'"))!;
  expect(m[4] ?? m[2]).toBe(m[2]); // one column
  const out: unknown[] = [];
  for (let r = Number(m[3]); r <= Number(m[5] ?? m[3]); r++) out.push(ws.getCell(`${m[2]}${r}`).value);
  return out;
}
