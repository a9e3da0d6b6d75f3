/** Readers for the CDNOW and donations fixtures (copied from the shared reference data). */
import { readFileSync } from "fs";
import { join } from "path";
import { dayFromYMD } from "../../../src/core/ingest/dates";

export const FIXTURES = join(__dirname, "fixtures");

/** CDNOW_sample.txt as transactions: master id, sample id, YYYYMMDD, CDs, dollars (one row per line). */
export function readCdnowTransactions(): { customer: string[]; day: Float64Array; amount: Float64Array } {
  const lines = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const customer: string[] = [];
  const day = new Float64Array(lines.length);
  const amount = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [master, , date, , dollars] = line.trim().split(/\s+/);
    customer.push(master);
    day[i] = dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
    amount[i] = Number(dollars);
  });
  return { customer, day, amount };
}

/** A CSV with a header row and numeric columns (quotes stripped), as columns by header name. */
export function readNumericCsv(name: string): Record<string, number[]> {
  const [header, ...rows] = readFileSync(join(FIXTURES, name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(",").map((c) => c.trim().replace(/^"|"$/g, "")));
  const out: Record<string, number[]> = {};
  header.forEach((h, j) => (out[h] = rows.map((r) => Number(r[j]))));
  return out;
}
