/** The --csv output: one line per customer, stable column names, codes plus label text. */
import { formatDay } from "../core/ingest/dates";
import { labelText } from "../core/report/labels";
import type { AnalysisResult, OutputLang } from "../core/types";
import { csvCell } from "./csv-write";

const NO_PURCHASE = "NO_PURCHASE";

export const CUSTOMER_CSV_COLUMNS = [
  "customer_id",
  "first_purchase",
  "last_purchase",
  "orders",
  "recency_days",
  "frequency",
  "monetary",
  "r_score",
  "f_score",
  "m_score",
  "rfm_code",
  "segment_code",
  "segment",
  "abc_class",
  "pyramid_tier",
] as const;

const STATUS = new Set(["NO_PURCHASE", "UNCLASSIFIED"]);

/** UTF-8 text, LF line ends, header first; blanks for what a customer without purchases lacks; cells safe to open (csvCell). */
export function customersCsv(result: AnalysisResult, lang: OutputLang): string {
  const labels = new Map<string, string>();
  const segmentText = (code: string) => {
    let text = labels.get(code);
    if (text === undefined) {
      text = labelText(STATUS.has(code) ? "STATUS" : result.options.scheme === "CN8" ? "CN8" : "W11", code, lang);
      labels.set(code, text);
    }
    return text;
  };
  const num = (v: number | null) => (v === null || !Number.isFinite(v) ? "" : String(v));
  // Few distinct days among many customers: format each once.
  const dayText = new Map<number, string>();
  const day = (v: number | null) => {
    if (v === null || !Number.isFinite(v)) return "";
    let text = dayText.get(v);
    if (text === undefined) dayText.set(v, (text = formatDay(v)));
    return text;
  };
  const lines: string[] = new Array(result.customers.length + 1);
  lines[0] = CUSTOMER_CSV_COLUMNS.join(",");
  for (let i = 0; i < result.customers.length; i++) {
    const c = result.customers[i];
    lines[i + 1] = [
      csvCell(c.id),
      day(c.first),
      day(c.last),
      c.orders,
      num(c.recencyDays),
      c.purchases,
      num(c.monetary),
      num(c.r),
      num(c.f),
      num(c.m),
      num(c.rfmCode),
      c.segment,
      csvCell(segmentText(c.segment)),
      // Without a counted purchase a customer has no class, as the workbook labels it in every class column.
      c.active ? c.abc : NO_PURCHASE,
      c.pyramid ?? NO_PURCHASE,
    ].join(",");
  }
  return lines.join("\n") + "\n";
}
