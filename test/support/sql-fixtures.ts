/**
 * Shared by the SQL equality tests: a sales CSV shaped like a real export (ties, returns, $0 and
 * returns-only customers, orders split over non-adjacent lines, blank order ids, half-cent
 * amounts), the core's customer table of a CSV, and the same table from rows an SQL engine gave.
 */
import { loadCsv } from "../../src/cli/input";
import { analyze } from "../../src/core/segment/analyze";
import { formatDay } from "../../src/core/ingest/dates";
import type { AnalyzeOptions } from "../../src/core/types";

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Header: customer,date,order,amount. Amounts from a small set of prices, so values tie often. */
export function messySalesCsv(customers: number, seed: number): string {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const prices = [10, 10, 25.5, 25.5, 40, 99.99, 1.005, 2.675, 0];
  const lines: string[] = ["customer,date,order,amount"];
  const pending: string[] = [];
  let orderNo = 0;
  const start = Date.UTC(2023, 0, 1);
  const date = (d: number) => new Date(start + d * 86400000).toISOString().slice(0, 10);
  for (let c = 0; c < customers; c++) {
    const id = `K${String(c).padStart(4, "0")}`;
    const kind = next();
    const orders = kind < 0.1 ? 0 : 1 + Math.floor(next() * next() * 8);
    if (orders === 0) {
      // $0 customer or returns-only customer.
      lines.push(`${id},${date(Math.floor(next() * 300))},R${++orderNo},${next() < 0.5 ? "0" : "-15.5"}`);
      continue;
    }
    for (let o = 0; o < orders; o++) {
      const day = Math.floor(next() * 365);
      const oid = next() < 0.1 ? "" : `S${++orderNo}`;
      const linesInOrder = oid === "" ? 1 : 1 + Math.floor(next() * 3);
      for (let l = 0; l < linesInOrder; l++) {
        // Some lines of an order arrive later in the file, after other customers' rows.
        const line = `${id},${date(day + (l > 0 && next() < 0.2 ? 1 : 0))},${oid},${pick(prices)}`;
        if (l > 0 && next() < 0.3) pending.push(line);
        else lines.push(line);
      }
      if (next() < 0.12) lines.push(`${id},${date(day + 3)},${oid === "" ? "" : `S${orderNo}`},-${pick(prices)}`);
      if (next() < 0.05) lines.push(`${id},${date(day + 5)},RT${++orderNo},-${pick(prices)}`);
    }
    if (pending.length > 5) lines.push(...pending.splice(0));
  }
  lines.push(...pending);
  return lines.join("\n") + "\n";
}

/** One customer's row as compared: the columns of `segment --csv`, money and dates as text. */
export interface CustomerRow {
  customer_id: string;
  first_purchase: string;
  last_purchase: string;
  orders: number;
  recency_days: number | null;
  frequency: number;
  monetary: string;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  rfm_code: number | null;
  segment_code: string;
  abc_class: string;
  pyramid_tier: string;
}

const money = (v: unknown) => (v === null || v === undefined ? "" : Number(v).toFixed(2));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The core's table of a CSV read as `segment` reads it, sorted by customer id. */
export function coreTable(
  csv: string,
  columns: { customer: string; date: string; amount: string; order?: string },
  options: Partial<AnalyzeOptions> = {},
): CustomerRow[] {
  const { ingested } = loadCsv({ input: "x.csv", columns }, Buffer.from(csv, "utf8"));
  const result = analyze(ingested.transactions, options);
  return result.customers
    .map((c) => ({
      customer_id: c.id,
      first_purchase: c.first === null ? "" : formatDay(c.first),
      last_purchase: c.last === null ? "" : formatDay(c.last),
      orders: c.orders,
      recency_days: c.recencyDays,
      frequency: c.purchases,
      monetary: money(c.monetary),
      r_score: c.r,
      f_score: c.f,
      m_score: c.m,
      rfm_code: c.rfmCode,
      segment_code: c.segment,
      // As the customers CSV writes them: no class without a counted purchase.
      abc_class: c.active ? c.abc : "NO_PURCHASE",
      pyramid_tier: c.pyramid ?? "NO_PURCHASE",
    }))
    .sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0));
}

/** Rows an engine returned for segmentSql (values as JSON-ish text or numbers). */
export function sqlTable(rows: Record<string, unknown>[]): CustomerRow[] {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return rows.map((r) => ({
    customer_id: text(r.customer_id),
    first_purchase: text(r.first_purchase),
    last_purchase: text(r.last_purchase),
    orders: Number(r.orders),
    recency_days: int(r.recency_days),
    frequency: Number(r.frequency),
    monetary: money(r.monetary),
    r_score: int(r.r_score),
    f_score: int(r.f_score),
    m_score: int(r.m_score),
    rfm_code: int(r.rfm_code),
    segment_code: text(r.segment_code),
    abc_class: text(r.abc_class),
    pyramid_tier: text(r.pyramid_tier),
  }));
}
