/**
 * One computation, two doors: the customers sheet the task pane writes equals, cell for cell, the
 * customer CSV the command line writes for the same sales (samples/sales.csv).
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main } from "../../src/cli/main";
import { parseCsv } from "../../src/cli/csv";
import { formatDay } from "../../src/core/ingest/dates";
import { labelText } from "../../src/core/report/labels";
import { readCsvOutput } from "../support/cli";
import { harness, runRequest, runWith, type Harness } from "./helpers";

const SAMPLE = join(__dirname, "..", "..", "samples", "sales.csv");

let h: Harness;
let dir: string;
afterEach(() => {
  h?.restore();
  rmSync(dir, { recursive: true, force: true });
});

test("the task pane's customers sheet equals the CLI's customer CSV for samples/sales.csv", async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-parity-"));
  const csvOut = join(dir, "customers.csv");
  let stderr = "";
  const status = await main(["segment", SAMPLE, "--csv", csvOut, "--lang", "zh"], { out: () => undefined, err: (t) => (stderr += t) });
  expect({ status, stderr }).toEqual({ status: 0, stderr: expect.stringContaining("wrote") });
  const cli = parseCsv(readCsvOutput(csvOut)).records;

  // The same file as Excel holds it after opening the CSV: text written through Range.values, so
  // numbers and ISO dates become numbers and date serials the way Excel converts them.
  h = harness();
  h.fake.addSheet("Sales");
  const records = parseCsv(readFileSync(SAMPLE, "utf8")).records;
  await h.fake.run(async (context) => {
    context.workbook.worksheets.getItem("Sales").getRangeByIndexes(0, 0, records.length, records[0].length).values = records;
    await context.sync();
  });
  expect(h.fake.cell("Sales", "B2")).toEqual(expect.any(Number));
  h.fake.select("Sales", "A1");
  await runWith(h.api, runRequest({ lang: "zh" }));
  const sheet = h.fake.read("客户");

  expect(sheet.length).toBe(cli.length);
  const num = (v: string) => (v === "" ? "" : Number(v));
  for (let i = 1; i < cli.length; i++) {
    const [id, first, last, orders, recency, frequency, monetary, r, f, m, rfm, , segment, abc, pyramid] = cli[i];
    const row = sheet[i];
    expect([row[0], row[1] === "" ? "" : formatDay(row[1] as number), row[2] === "" ? "" : formatDay(row[2] as number)]).toEqual([
      id,
      first,
      last,
    ]);
    expect(row.slice(3, 11)).toEqual([orders, recency, frequency, monetary, r, f, m, rfm].map(num));
    expect(row.slice(11)).toEqual([segment, labelText("ABC", abc, "zh"), pyramid === "" ? "" : labelText("PYRAMID", pyramid, "zh")]);
  }
});
