/** `crm-segments lifecycle | profit | matrix`: outputs, workbook layout and one-line refusals. */
import ExcelJS from "exceljs";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseCsv } from "../../src/cli/csv";
import { readCsvOutput, runCli } from "../support/cli";

let dir: string;
let input: string;

// An export as shops write it: a return, a returns-only customer, a blank line, a discount column
// with a blank, a cost-to-serve column.
const CSV = [
  "Customer,Date,Order,Amount,Cost,Discount,Freight",
  "A,2024-01-05,O1,100,60,10,5",
  "A,2024-06-20,O2,200,120,,7",
  "B,2023-03-01,O3,50,20,0,3",
  "C,2024-06-01,O4,300,200,30,20",
  "C,2024-06-10,R1,-100,-60,0,2",
  "",
  "D,2024-06-15,R2,-40,-20,0,1",
  "E,2024-06-30,O5,80,30,0,4",
].join("\n");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-cli-methods-"));
  input = join(dir, "sales.csv");
  writeFileSync(input, CSV);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function records(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readCsvOutput(path)).records;
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

test("profit: cascade from the discount, cost and cost-to-serve columns", async () => {
  const out = join(dir, "profit.csv");
  const r = await runCli("profit", input, "--discount", "Discount", "--cost-to-serve", "Freight", "--csv", out, "--lang", "en");
  expect(r.code).toBe(0);
  const rows = records(out);
  // A: NSV 300, discounts 10 (a blank is 0) → GSV 310; cost 180 → gross 120; freight 12 → net 108.
  expect(rows[0]).toMatchObject({
    customer_id: "A",
    gsv: "310",
    discounts: "10",
    nsv: "300",
    product_cost: "180",
    gross_profit: "120",
    cost_to_serve: "12",
    net_profit: "108",
  });
  // D returned only: NSV −40, never High on net sales value.
  expect(rows.find((x) => x.customer_id === "D")).toMatchObject({ nsv: "-40", net_profit: "-21" });
  // NSV 300, 50, 200, −40, 80 → median 80; freight 12, 3, 22, 1, 4 → median 4.
  expect(rows.map((x) => x.class_code)).toEqual(["PM_COSTENG", "PM_BUILD", "PM_COSTENG", "PM_BUILD", "PM_BUILD"]);
});

test("lifecycle --compare-to: workbook with class columns, a sheet per stage and the transition matrix", async () => {
  const out = join(dir, "lifecycle.xlsx");
  const r = await runCli("lifecycle", input, "--compare-to", "2024-03-31", "-o", out, "--lang", "en");
  expect(r.code).toBe(0);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(out);
  const names = book.worksheets.map((s) => s.name);
  expect(names.slice(0, 3)).toEqual(["sales", "Customers", "Summary"]);
  expect(names).toEqual(expect.arrayContaining(["Exploration", "Decline"]));
  const data = book.getWorksheet("sales")!;
  expect(data.getRow(1).getCell(8).value).toBe("Stage");
  const summary = book.getWorksheet("Summary")!;
  const texts: string[] = [];
  summary.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
  expect(texts.some((t) => t.startsWith("Stage transitions (rows: stage on 2024-03-31"))).toBe(true);
  expect(texts).toContain("Customers present at both dates");
});

test("matrix: a CSV of both measures and the class", async () => {
  const out = join(dir, "matrix.csv");
  const r = await runCli("matrix", input, "--x", "monetary", "--y", "frequency", "--csv", out, "--lang", "en");
  expect(r.code).toBe(0);
  const rows = records(out);
  // Monetary 300, 50, 200, 80 (D has no purchase: blank) → median 140; frequency 2, 1, 1, 1 → median 1.
  expect(rows.map((x) => [x.customer_id, x.class_code])).toEqual([
    ["A", "HH"],
    ["B", "LL"],
    ["C", "HL"],
    ["D", ""],
    ["E", "LL"],
  ]);
});

test("matrix --x-cut / --y-cut: a number or the mean instead of the medians", async () => {
  const out = join(dir, "matrix-cuts.csv");
  const r = await runCli(
    "matrix",
    input,
    "--x",
    "monetary",
    "--y",
    "frequency",
    "--x-cut",
    "60",
    "--y-cut",
    "mean",
    "--csv",
    out,
    "--lang",
    "en",
  );
  expect(r.code).toBe(0);
  // Monetary 300, 50, 200, 80 against 60: all but B high (E now too: the median 140 made it low);
  // frequency 2, 1, 1, 1 against the mean 1.25: only A high.
  expect(records(out).map((x) => [x.customer_id, x.class_code])).toEqual([
    ["A", "HH"],
    ["B", "LL"],
    ["C", "HL"],
    ["D", ""],
    ["E", "HL"],
  ]);
  const low = await runCli(
    "matrix",
    input,
    "--x",
    "monetary",
    "--y",
    "frequency",
    "--x-cut",
    "median",
    "--y-cut",
    "0.5",
    "--csv",
    out,
    "--lang",
    "en",
  );
  expect(low.code).toBe(0);
  // x at the median 140 (A, C high); every frequency is above 0.5.
  expect(records(out).map((x) => x.class_code)).toEqual(["HH", "LH", "HH", "", "LH"]);
});

test.each([
  [["matrix", "--x", "monetary", "--y", "frequency", "--x-cut", "middle"], /--x-cut must be median, mean or a number/],
  [["lifecycle", "--y-cut", "1"], /--y-cut applies to matrix/],
  [["profit", "--cost-to-serve", "orders"], /--cts-total/],
  [["profit", "--cts-total", "10"], /--cost-to-serve orders\|lines\|revenue/],
  [["profit", "--discount", "Customer"], /--discount Customer is the customer column/],
  [["profit", "--cost-to-serve", "Order"], /--cost-to-serve Order is the order column/],
  [["profit", "--discount", "Nope"], /Nope/],
  [["matrix", "--x", "monetary"], /--y MEASURE/],
  [["matrix", "--x", "monetary", "--y", "height"], /measure must be one of/],
  [["lifecycle", "--compare-to", "2024-06-30"], /before the as-of date/],
  [["lifecycle", "--x", "monetary"], /--x applies to matrix/],
  [["profit", "--scheme", "VALUE"], /PROFIT or SHAPIRO/],
])("refuses %j in one line with exit 2", async (args, message) => {
  const out = join(dir, "refused.csv");
  const r = await runCli(args[0], input, ...args.slice(1), "--csv", out);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err.trim().split("\n")).toHaveLength(1);
  expect(existsSync(out)).toBe(false);
});

test("never writes over the input", async () => {
  const r = await runCli("lifecycle", input, "--csv", input);
  expect(r.code).toBe(2);
  expect(readFileSync(input, "utf8")).toBe(CSV);
});

test("a discount cell that is not a number is named with its row", async () => {
  const bad = join(dir, "bad-discount.csv");
  writeFileSync(bad, CSV.replace("A,2024-06-20,O2,200,120,,7", "A,2024-06-20,O2,200,120,ten,7"));
  const r = await runCli("profit", bad, "--discount", "Discount", "--csv", join(dir, "bad.csv"));
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--discount Discount: row 3: .*ten/);
});
