/** The pane on a sheet as exports give it: title lines above the header and a totals row below the data. */
import { harness, runRequest, runWith, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(() => {
  h?.restore();
  h = undefined;
});

// 6 sales, amounts 10..60 (sum 210); header on sheet row 4 below a title, a blank row and an export line.
const SHEET = [
  ["2024年销售明细", null, null],
  [null, null, null],
  ["导出时间: 2024-06-01", null, null],
  ["客户编号", "下单日期", "金额"],
  ["C1", 45296, 10],
  ["C2", 45297, 20],
  ["C1", 45323, 30],
  ["C3", 45325, 40],
  ["C2", 45352, 50],
  ["C4", 45360, 60],
  ["合计", null, 210],
];

describe("title rows and totals rows in the pane", () => {
  test("the preview starts at the header below the titles", async () => {
    h = harness();
    h.fake.addSheet("明细", SHEET);
    const preview = await h.api.previewSource({ kind: "used", sheetName: "明细" });
    expect(preview.header).toEqual(["客户编号", "下单日期", "金额"]);
    expect(preview.address).toBe("明细!A4:C11");
    expect(preview.mapping).toEqual({ customer: 0, date: 1, amount: 2 });
  });

  test("a run leaves the totals row out and reports it by its sheet row", async () => {
    h = harness();
    h.fake.addSheet("明细", SHEET);
    const report = await runWith(
      h.api,
      runRequest({
        source: { kind: "used", sheetName: "明细" },
        outputs: { tierColumns: false, customers: true, segmentSheets: false, summary: false, issues: true },
      }),
    );
    expect(report.customers).toBe(4);
    expect(report.rejected.first.map((r) => [r.row, r.reason])).toEqual([[11, "TOTALS_ROW"]]);
    expect(report.warnings.map((w) => w.message)).toContain("1 totals row left out (row 11).");
  });
});
