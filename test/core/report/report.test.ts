import { analyze } from "../../../src/core/segment/analyze";
import { ingest as ingestTable } from "../../../src/core/ingest/ingest";
import { buildReport, sheetName } from "../../../src/core/report/report";
import type { TableBlock, WorkbookSpec } from "../../../src/core/report/report-types";
import type { AnalysisResult, CustomerResult, GroupStat, RejectedRow, Transactions } from "../../../src/core/types";
import labels from "../../../src/core/report/labels.json";

/*
 * The fixture is METHODS.md Appendix A typed in by hand: A.1 transactions (as-of 2024-06-30), the
 * A.2 scores and W11 segments (x = FM) and the A.4 ABC classes and pyramid tiers. Two rejected rows
 * are interleaved in the source so alignment can be checked.
 */
const AS_OF = 45473; // 2024-06-30
const day = (iso: string) => Math.round((Date.parse(iso) - Date.UTC(1899, 11, 30)) / 86400000);

const A1: [string, string, string, number][] = [
  ["C01", "O1", "2024-01-05", 120],
  ["C01", "O2", "2024-03-09", 80],
  ["C01", "O3", "2024-06-20", 200],
  ["C01", "O4", "2024-06-28", 50],
  ["C02", "O5", "2024-06-25", 900],
  ["C03", "O6", "2023-08-01", 300],
  ["C03", "O7", "2023-10-02", 450],
  ["C03", "O8", "2023-12-15", 500],
  ["C04", "O9", "2024-05-30", 40],
  ["C04", "O10", "2024-06-15", 35],
  ["C04", "O11", "2024-06-29", 30],
  ["C05", "O12", "2023-07-01", 60],
  ["C06", "O13", "2024-02-01", 700],
  ["C06", "O14", "2024-04-01", 650],
  ["C06", "O15", "2024-06-01", 800],
  ["C06", "R1", "2024-06-10", -100],
  ["C07", "O16", "2024-06-30", 25],
  ["C08", "O17", "2023-09-09", 1500],
  ["C08", "O18", "2023-11-11", 1200],
  ["C09", "O19", "2024-01-20", 90],
  ["C09", "O20", "2024-04-20", 110],
  ["C10", "O21", "2024-03-03", 60],
  ["C10", "R2", "2024-03-20", -60],
];
// id, recency days, F raw, M, R, F, M, FM bin, W11, ABC, pyramid
const A2: [string, number, number, number, number, number, number, number, string, "A" | "B" | "C", "T1" | "T3" | "T4"][] = [
  ["C01", 2, 4, 450, 4, 5, 3, 4, "LOYAL", "B", "T4"],
  ["C02", 5, 1, 900, 4, 1, 4, 3, "POTENTIAL_LOYALIST", "A", "T4"],
  ["C03", 198, 3, 1250, 2, 4, 4, 4, "AT_RISK", "A", "T4"],
  ["C04", 1, 3, 105, 5, 4, 2, 3, "POTENTIAL_LOYALIST", "C", "T4"],
  ["C05", 365, 1, 60, 1, 1, 2, 2, "HIBERNATING", "C", "T4"],
  ["C06", 29, 3, 2050, 3, 4, 5, 5, "LOYAL", "A", "T3"],
  ["C07", 0, 1, 25, 5, 1, 1, 1, "NEW", "C", "T4"],
  ["C08", 232, 2, 2700, 1, 3, 5, 4, "AT_RISK", "A", "T1"],
  ["C09", 71, 2, 200, 3, 3, 3, 3, "NEED_ATTENTION", "B", "T4"],
  ["C10", 119, 1, 0, 2, 1, 1, 1, "HIBERNATING", "C", "T4"],
];
/** Source data rows (1-based below the header) that the ingest rejected. */
const REJECTED_AT = [3, 20];
const SOURCE_ROWS = A1.length + REJECTED_AT.length;

function groups(codes: string[], customers: CustomerResult[], key: (c: CustomerResult) => string): GroupStat[] {
  const total = customers.reduce((s, c) => s + Math.max(0, c.monetary), 0);
  return codes
    .map((code) => {
      const members = customers.filter((c) => key(c) === code);
      const mean = (f: (c: CustomerResult) => number) => members.reduce((s, c) => s + f(c), 0) / members.length;
      const value = members.reduce((s, c) => s + c.monetary, 0);
      return {
        code,
        customers: members.length,
        customerShare: members.length / customers.length,
        value,
        valueShare: value / total,
        meanRecencyDays: mean((c) => c.recencyDays!),
        meanFrequency: mean((c) => c.purchases),
        meanMonetary: mean((c) => c.monetary),
      };
    })
    .filter((g) => g.customers > 0);
}

function fixture(): { result: AnalysisResult; ingest: { header: string[]; rejected: RejectedRow[]; transactions: Transactions } } {
  const customers: CustomerResult[] = A2.map(([id, recency, n, m, r, f, mScore, , w11, abc, pyramid]) => {
    const rows = A1.filter((t) => t[0] === id);
    return {
      id,
      first: Math.min(...rows.filter((t) => t[3] > 0).map((t) => day(t[2]))),
      last: AS_OF - recency,
      orders: rows.length,
      purchases: n,
      monetary: m,
      grossProfit: NaN,
      recencyDays: recency,
      tenureDays: AS_OF - Math.min(...rows.map((t) => day(t[2]))),
      active: true,
      r,
      f,
      m: mScore,
      rfmCode: 100 * r + 10 * f + mScore,
      fm: (f + mScore) / 2,
      w11,
      w10: w11,
      cn8: "CN_GEN_WINBACK",
      segment: w11,
      abc,
      pyramid,
    };
  });
  const heatmap = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const row of A2) heatmap[row[4] - 1][row[7] - 1]++;
  const sourceRow = new Int32Array(A1.length);
  let sheetRow = 2;
  for (let k = 0; k < A1.length; k++) {
    while (REJECTED_AT.includes(sheetRow - 1)) sheetRow++;
    sourceRow[k] = sheetRow++;
  }
  const rejected: RejectedRow[] = REJECTED_AT.map((at) => ({
    row: at + 1,
    reason: "BAD_AMOUNT",
    message: `Amount "n/a" in row ${at + 1} is not a number`,
    values: ["C99", "O99", "2024-01-01", "n/a"],
  }));
  const result: AnalysisResult = {
    options: {
      decimals: 2,
      scheme: "W11",
      center: "MEAN",
      method: "QUANTILE",
      bins: 5,
      xAxis: "FM",
      abcMode: "VALUE",
      abcCuts: [0.8, 0.95],
      basis: "REVENUE",
      pyramidCuts: [0.01, 0.05, 0.2],
    },
    asOf: AS_OF,
    customers,
    rowCustomer: Int32Array.from(A1.map((t) => A2.findIndex((c) => c[0] === t[0]))),
    segments: groups(
      labels.W11.map((l) => l.code),
      customers,
      (c) => c.segment,
    ),
    abc: {
      classes: groups(["A", "B", "C"], customers, (c) => c.abc),
      total: 7740,
      top20Share: 4750 / 7740,
      peak: 1,
      bottom30Loss: 25 / 7740,
    },
    pyramid: groups(["T1", "T2", "T3", "T4"], customers, (c) => c.pyramid!),
    heatmap,
    cutPoints: { r: [1.8, 19.4, 90.2, 204.8], f: [1, 1.6, 2.4, 3], m: [53, 162, 630, 1410] },
    centers: { r: 102.2, f: 2.1, m: 774 },
    futureRows: 0,
    beforeWindowRows: 0,
    warnings: [],
  };
  const transactions: Transactions = {
    customer: A1.map((t) => t[0]),
    day: Float64Array.from(A1.map((t) => day(t[2]))),
    amount: Float64Array.from(A1.map((t) => t[3])),
    order: A1.map((t) => t[1]),
    sourceRow,
  };
  return { result, ingest: { header: ["Customer", "Order", "Date", "Amount"], rejected, transactions } };
}

const table = (spec: WorkbookSpec, sheetKey: string, blockKey: string): TableBlock => {
  const sheet = spec.sheets.find((s) => s.key === sheetKey);
  const block = sheet?.blocks.find((b) => b.key === blockKey);
  if (!block || block.kind !== "table") throw new Error(`no table ${sheetKey}/${blockKey}`);
  return block;
};
const color = (set: "W11" | "ABC" | "PYRAMID", code: string) =>
  (labels[set] as { code: string; color: string }[]).find((l) => l.code === code)!.color;

describe("buildReport", () => {
  const { result, ingest } = fixture();
  const zh = buildReport({ result, ingest, lang: "zh", sourceRows: SOURCE_ROWS });
  const en = buildReport({ result, ingest, lang: "en", sourceRows: SOURCE_ROWS });

  it("names the sheets in the chosen language, validly and uniquely", () => {
    expect(zh.sheets.map((s) => s.name)).toEqual([
      "客户",
      "忠诚客户",
      "潜在忠诚客户",
      "新客户",
      "需要关注客户",
      "流失风险客户",
      "休眠客户",
      "汇总",
      "问题行",
    ]);
    expect(en.sheets.map((s) => s.name)).toEqual([
      "Customers",
      "Loyal Customers",
      "Potential Loyalist",
      "New Customers",
      "Need Attention",
      "At Risk",
      "Hibernating",
      "Summary",
      "Issues",
    ]);
    for (const spec of [zh, en]) {
      const names = spec.sheets.map((s) => s.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      for (const s of spec.sheets) expect(s.name).toMatch(/^[^[\]:*?/\\]{1,31}$/);
    }
  });

  it("aligns the tier columns to the source rows, leaving rejected rows blank", () => {
    const rows = en.tierColumns.rows;
    expect(rows).toHaveLength(SOURCE_ROWS);
    expect(en.tierColumns.header).toEqual(["Segment", "R", "F", "M", "ABC class", "Pyramid tier"]);
    for (const at of REJECTED_AT) expect(rows[at - 1]).toEqual([null, null, null, null, null, null]);
    // Data rows 1–2 are C01's O1 and O2; row 3 is rejected; row 4 is C01's O3; the last row is C10's R2.
    expect(rows[0]).toEqual(["Loyal Customers", 4, 5, 3, "B (major customers)", "Small"]);
    expect(rows[3]).toEqual(rows[0]);
    expect(rows[SOURCE_ROWS - 1]).toEqual(["Hibernating", 2, 1, 1, "C (ordinary customers)", "Small"]);
    const c08 = A1.findIndex((t) => t[0] === "C08");
    expect(rows[ingest.transactions.sourceRow[c08] - 2]).toEqual(["At Risk", 1, 3, 5, "A (key customers)", "Top (VIP)"]);
    expect(zh.tierColumns.rows[0]).toEqual(["忠诚客户", 4, 5, 3, "B类客户(主要客户)", "小客户"]);
  });

  it("counts source rows from the header row when the header is not on row 1", () => {
    const shifted = { ...ingest, transactions: { ...ingest.transactions, sourceRow: ingest.transactions.sourceRow.map((r) => r + 2) } };
    const spec = buildReport({ result, ingest: shifted, lang: "en", sourceRows: SOURCE_ROWS, headerRow: 3 });
    expect(spec.tierColumns.rows).toEqual(en.tierColumns.rows);
  });

  it("lists every customer with the Appendix A figures, coloured by segment", () => {
    const customers = table(en, "customers", "customers");
    expect(customers.header).toHaveLength(14);
    expect(customers.rows).toHaveLength(10);
    const c01 = customers.rows[0];
    expect(c01).toEqual([
      "C01",
      day("2024-01-05"),
      day("2024-06-28"),
      4,
      2,
      4,
      450,
      4,
      5,
      3,
      453,
      "Loyal Customers",
      "B (major customers)",
      "Small",
    ]);
    const c06 = customers.rows[5];
    expect(c06.slice(0, 7)).toEqual(["C06", day("2024-02-01"), day("2024-06-01"), 4, 29, 3, 2050]);
    expect(customers.columnFormats?.[1]).toBe("yyyy-mm-dd");
    expect(customers.excelTable).toBe("CRM_Customers");
    const fills = customers.fillByColumn!;
    expect(customers.header[fills.col]).toBe("Segment");
    expect(fills.fills["Loyal Customers"]).toEqual({ fill: "#2E7D32", font: "#FFFFFF" });
    expect(fills.fills["Need Attention"]).toEqual({ fill: "#FBC02D", font: "#000000" });
  });

  it("writes one sheet per segment with customers, tab-coloured, highest monetary first", () => {
    const segmentSheets = en.sheets.filter((s) => s.role === "segment");
    expect(segmentSheets.map((s) => s.key)).toEqual([
      "segment:LOYAL",
      "segment:POTENTIAL_LOYALIST",
      "segment:NEW",
      "segment:NEED_ATTENTION",
      "segment:AT_RISK",
      "segment:HIBERNATING",
    ]);
    for (const s of segmentSheets) expect(s.tabColor).toBe(color("W11", s.key.slice("segment:".length)));
    const atRisk = table(en, "segment:AT_RISK", "customers").rows.map((r) => r[0]);
    expect(atRisk).toEqual(["C08", "C03"]);
    const hibernating = table(en, "segment:HIBERNATING", "customers").rows.map((r) => [r[0], r[6]]);
    expect(hibernating).toEqual([
      ["C05", 60],
      ["C10", 0],
    ]);
    const tableNames = en.sheets.flatMap((s) => s.blocks.flatMap((b) => (b.kind === "table" && b.excelTable ? [b.excelTable] : [])));
    expect(new Set(tableNames).size).toBe(tableNames.length);
  });

  it("summarises segments, the heat-map, ABC with Pareto figures, and the pyramid", () => {
    const segments = table(en, "summary", "segments");
    expect(segments.rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ["Loyal Customers", 2, 2500],
      ["Potential Loyalist", 2, 1005],
      ["New Customers", 1, 25],
      ["Need Attention", 1, 200],
      ["At Risk", 2, 3950],
      ["Hibernating", 2, 60],
    ]);
    expect(segments.fillByColumn?.fills["At Risk"].fill).toBe(color("W11", "AT_RISK"));

    const heat = table(en, "summary", "heatmap");
    expect(heat.header).toEqual(["R \\ FM", "1", "2", "3", "4", "5"]);
    expect(heat.rows.map((r) => r[0])).toEqual([5, 4, 3, 2, 1]);
    const cells = heat.rows.flatMap((r) => r.slice(1) as number[]);
    expect(cells.reduce((s, v) => s + v, 0)).toBe(result.customers.filter((c) => c.active).length);
    expect(heat.rows[0]).toEqual([5, 1, 0, 1, 0, 0]); // C07 (R5, FM1) and C04 (R5, FM3)
    expect(heat.colorScale?.fromCol).toBe(1);

    const abc = table(en, "summary", "abc");
    expect(abc.rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ["A (key customers)", 4, 6900],
      ["B (major customers)", 2, 650],
      ["C (ordinary customers)", 4, 190],
    ]);
    expect(abc.rows[2][5]).toBeCloseTo(1, 12);
    const pareto = table(en, "summary", "pareto");
    expect(pareto.rows[0][1]).toBeCloseTo(4750 / 7740, 12);

    const pyramid = table(en, "summary", "pyramid");
    expect(pyramid.rows.map((r) => [r[0], r[1]])).toEqual([
      ["Top (VIP)", 1],
      ["Medium / Ordinary", 1],
      ["Small", 8],
    ]);
    expect(pyramid.fillByColumn?.fills["Top (VIP)"].fill).toBe(color("PYRAMID", "T1"));

    // Each chart names the columns it draws by their headers; shares on one 0% axis, money and
    // counts in thousands; the pyramid's bars are its three tier rows (no no-purchase row here).
    const charts = en.sheets.find((s) => s.key === "summary")!.blocks.filter((b) => b.kind === "chart");
    const described = charts.map((c) => {
      if (c.kind !== "chart") throw new Error("not a chart");
      const source = table(en, "summary", c.source);
      return [c.type, c.source, source.header[c.categoryCol], c.valueCols.map((j) => source.header[j]), c.valueFormat, c.rows];
    });
    expect(described).toEqual([
      ["columns", "segments", "Segment", ["% customers", "% revenue"], "0%", undefined],
      ["pareto", "abc", "ABC class", ["Value", "Cumulative % value"], "#,##0", undefined],
      ["bars", "pyramid", "Pyramid tier", ["Customers"], "#,##0", 3],
    ]);
    expect(charts.map((c) => c.kind === "chart" && c.title)).toEqual([
      "Share of customers and of revenue by segment",
      "ABC Pareto chart",
      "Customers per pyramid tier",
    ]);
  });

  it("draws the pyramid chart over the tier rows only, not the no-purchase row below them", () => {
    // C1–C9 buy once each (100 … 900); C10 only returns goods: no valid purchase, no tier.
    const rows: (string | number)[][] = [["Customer", "Date", "Amount"]];
    for (let c = 1; c <= 9; c++) rows.push([`C${c}`, "2024-05-01", c * 100]);
    rows.push(["C10", "2024-05-02", -50]);
    const ingested = ingestTable(rows);
    const spec = buildReport({ result: analyze(ingested.transactions), ingest: ingested, lang: "en", sourceRows: rows.length - 1 });
    const pyramid = table(spec, "summary", "pyramid");
    expect(pyramid.rows.map((r) => r[0])).toEqual(["Top (VIP)", "Big / Major", "Medium / Ordinary", "Small", "No valid purchase"]);
    const chart = spec.sheets.find((s) => s.key === "summary")!.blocks.find((b) => b.kind === "chart" && b.key === "pyramidChart");
    expect(chart).toMatchObject({ type: "bars", source: "pyramid", rows: 4 });
  });

  it("keeps summary blocks from overlapping", () => {
    const summary = en.sheets.find((s) => s.key === "summary")!;
    const boxes = summary.blocks.map((b) =>
      b.kind === "table"
        ? {
            top: b.anchor.row - (b.title ? 1 : 0),
            bottom: b.anchor.row + b.rows.length,
            left: b.anchor.col,
            right: b.anchor.col + b.header.length - 1,
          }
        : { top: b.anchor.row, bottom: b.anchor.row + b.size.rows - 1, left: b.anchor.col, right: b.anchor.col + b.size.cols - 1 },
    );
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
        expect(overlap).toBe(false);
      }
  });

  it("lists the rejected rows with their raw values on the issues sheet, and omits it when there are none", () => {
    const issues = table(zh, "issues", "issues");
    expect(issues.header).toEqual(["行号", "原因", "说明", "Customer", "Order", "Date", "Amount"]);
    expect(issues.rows.map((r) => r[0])).toEqual([4, 21]);
    expect(issues.rows[0].slice(3)).toEqual(["C99", "O99", "2024-01-01", "n/a"]);
    const clean = buildReport({ result, ingest: { ...ingest, rejected: [] }, lang: "en", sourceRows: A1.length });
    expect(clean.sheets.some((s) => s.role === "issues")).toBe(false);
  });
});

describe("sheetName", () => {
  it("strips forbidden characters, keeps ≤ 31 characters and makes names unique", () => {
    const taken = new Set<string>();
    expect(sheetName("Can't Lose: Them [a/b]?", taken)).toBe("Can't Lose Them a b");
    expect(sheetName("'quoted'", taken)).toBe("quoted");
    const long = "x".repeat(40);
    expect(sheetName(long, taken)).toBe("x".repeat(31));
    expect(sheetName(long, taken)).toBe(`${"x".repeat(27)} (2)`);
    expect(sheetName("QUOTED", taken)).toBe("QUOTED (2)");
  });
});
